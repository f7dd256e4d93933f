// Schemas of the case map (GeoJSON points, clustered when dense) and of the units' current load.
import { Type } from 'typebox';
import { CaseStatusCode } from './cases.schemas.ts';

const DECIMAL = '-?\\d{1,3}(\\.\\d{1,15})?';

export const MapCaseQuery = Type.Object(
  {
    unitId: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 2_147_483_647,
        description:
          '只看该单位辖区内的事件（须在本人辖区内，否则 404） / Only cases within this unit (in your jurisdiction, else 404)',
      }),
    ),
    bbox: Type.Optional(
      Type.String({
        maxLength: 120,
        pattern: `^${DECIMAL}(,${DECIMAL}){3}$`,
        description:
          '可视范围：最小经度,最小纬度,最大经度,最大纬度（GCJ-02） / The visible box: minLng,minLat,maxLng,maxLat (GCJ-02)',
      }),
    ),
    zoom: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 22,
        description:
          '地图缩放级别（默认 12），决定聚合的阈值与格网大小 / The map zoom (default 12): when and how coarsely points cluster',
      }),
    ),
    status: Type.Optional(Type.String({ maxLength: 100, description: '状态，逗号分隔 / Comma-separated statuses' })),
    from: Type.Optional(
      Type.String({
        format: 'date-time',
        maxLength: 40,
        description: '登记时间不早于 / Registered at or after',
      }),
    ),
    to: Type.Optional(
      Type.String({ format: 'date-time', maxLength: 40, description: '登记时间早于 / Registered before' }),
    ),
  },
  { additionalProperties: false },
);

const Point = Type.Object({
  type: Type.Literal('Point'),
  coordinates: Type.Array(Type.Number(), {
    minItems: 2,
    maxItems: 2,
    description: '[经度, 纬度]（GCJ-02） / [lng, lat] (GCJ-02)',
  }),
});

export const CasePointProperties = Type.Object(
  {
    kind: Type.Literal('case'),
    id: Type.Integer(),
    number: Type.String(),
    title: Type.String(),
    status: CaseStatusCode,
    overdue: Type.Boolean({ description: '按考核规则已超期 / Overdue by the KPI rule' }),
  },
  { title: 'CaseMapPoint' },
);

export const CaseClusterProperties = Type.Object(
  {
    kind: Type.Literal('cluster'),
    count: Type.Integer({ minimum: 1, description: '格内事件数 / Cases in the cell' }),
    statuses: Type.Record(Type.String(), Type.Integer(), {
      description: '按状态计数 / Count per status',
    }),
  },
  { title: 'CaseMapCluster' },
);

export const CaseMapFeature = Type.Object(
  {
    type: Type.Literal('Feature'),
    geometry: Point,
    properties: Type.Union([CasePointProperties, CaseClusterProperties]),
  },
  { title: 'CaseMapFeature' },
);

export const CaseMap = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(CaseMapFeature),
    total: Type.Integer({ description: '范围内有坐标的事件总数 / Cases with a location in the box' }),
    clustered: Type.Boolean({
      description:
        '是否已按格网聚合（点数超过该缩放级别的阈值时） / Whether points were clustered (too many for the zoom)',
    }),
  },
  { title: 'CaseMap' },
);

export const UnitLoadQuery = Type.Object(
  {
    ids: Type.String({
      minLength: 1,
      maxLength: 1100,
      pattern: '^\\d{1,10}(,\\d{1,10}){0,99}$',
      description: '单位编号，逗号分隔，至多 100 个 / Unit ids, comma-separated, at most 100',
    }),
  },
  { additionalProperties: false },
);

export const UnitLoad = Type.Object(
  {
    unitId: Type.Integer(),
    name: Type.String(),
    open: Type.Integer({ description: '该单位牵头的未办结事件 / Open cases the unit leads' }),
    overdue: Type.Integer({ description: '其中按考核规则已超期 / Of those, overdue by the KPI rule' }),
  },
  { title: 'UnitLoad' },
);

export const UnitLoadList = Type.Object({ items: Type.Array(UnitLoad) }, { title: 'UnitLoadList' });

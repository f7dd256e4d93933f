import { ExportFormat } from '../../platform/http/xlsx.ts';
import { Type } from 'typebox';

export const UnitOut = Type.Object(
  {
    id: Type.Integer(),
    code: Type.String(),
    name: Type.String(),
    type: Type.String(),
    kind: Type.Union([Type.String(), Type.Null()]),
    level: Type.String(),
    parentId: Type.Union([Type.Integer(), Type.Null()]),
    path: Type.String(),
    childCount: Type.Optional(Type.Integer()),
    /** Closed (撤销): kept with its history and old cases, takes no new ones. */
    closedAt: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'Unit' },
);

export const UnitWithAncestors = Type.Intersect([UnitOut, Type.Object({ ancestors: Type.Array(UnitOut) })], {
  title: 'UnitWithAncestors',
});

export const UnitListQuery = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 64 })),
    q: Type.Optional(Type.String({ maxLength: 64 })),
    parentId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
    level: Type.Optional(
      Type.Union(['province', 'city', 'county', 'township', 'village', 'grid'].map((l) => Type.Literal(l))),
    ),
    type: Type.Optional(
      Type.Union(['region', 'centre', 'department', 'court', 'police', 'committee'].map((t) => Type.Literal(t))),
    ),
    within: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

export const LocateQuery = Type.Object(
  {
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    crs: Type.Optional(Type.Union([Type.Literal('gcj02'), Type.Literal('wgs84')])),
  },
  { additionalProperties: false },
);

export const GridGeometryQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

export const GridGeometryOut = Type.Object({
  unitId: Type.Integer(),
  code: Type.String(),
  coordinates: Type.Unknown(),
});

export const GeometryOut = Type.Object({
  unitId: Type.Integer(),
  crs: Type.Literal('gcj02'),
  type: Type.Literal('MultiPolygon'),
  coordinates: Type.Unknown(),
  bbox: Type.Array(Type.Number()),
});

export const BaseMapQuery = Type.Object(
  {
    unitId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  },
  { additionalProperties: false },
);

const MultiPolygonOut = Type.Object({ type: Type.Literal('MultiPolygon'), coordinates: Type.Unknown() });

export const BaseMapFeature = Type.Object(
  {
    type: Type.Literal('Feature'),
    properties: Type.Object({
      kind: Type.Union([Type.Literal('county'), Type.Literal('grid')]),
      id: Type.Integer(),
      name: Type.String(),
      /** Grids: the township (街道/乡镇) the grid lies in; null for the county. */
      townshipId: Type.Union([Type.Integer(), Type.Null()]),
      townshipName: Type.Union([Type.String(), Type.Null()]),
      /** Grids: a basic grid (one per village or community) rather than a dedicated one (a school). */
      basic: Type.Boolean(),
    }),
    geometry: MultiPolygonOut,
  },
  { title: 'BaseMapFeature' },
);

export const BaseMapOut = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    crs: Type.Literal('gcj02'),
    county: UnitOut,
    features: Type.Array(BaseMapFeature),
  },
  { title: 'BaseMap' },
);

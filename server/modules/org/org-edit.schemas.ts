// Request and response schemas of the tree editor (issue 18 §3).
import { Type } from 'typebox';
import { UnitOut } from './org.schemas.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Name = Type.String({ minLength: 1, maxLength: 60 });

/** A GeoJSON Polygon or MultiPolygon in GCJ-02; read and checked by the use case (polygon-checks.ts). */
export const GeoJsonPolygonIn = Type.Object(
  {
    type: Type.Union([Type.Literal('Polygon'), Type.Literal('MultiPolygon')]),
    coordinates: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 200 }),
  },
  { additionalProperties: false, title: 'GeoJsonPolygon' },
);

export const CreateUnitBody = Type.Object(
  {
    parentId: Id,
    kind: Type.Union([
      Type.Literal('village'),
      Type.Literal('grid'),
      Type.Literal('department'),
      Type.Literal('centre'),
      Type.Literal('committee'),
    ]),
    name: Name,
    /** Grid kind (basic or a dedicated domain), committee or department domain (common/org-units.ts). */
    domain: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    geometry: Type.Optional(GeoJsonPolygonIn),
  },
  { additionalProperties: false },
);

export const UpdateUnitBody = Type.Object(
  {
    name: Type.Optional(Name),
    parentId: Type.Optional(Id),
    closed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const SplitGridBody = Type.Object(
  {
    parts: Type.Array(Type.Object({ name: Name, geometry: GeoJsonPolygonIn }, { additionalProperties: false }), {
      minItems: 2,
      maxItems: 10,
    }),
  },
  { additionalProperties: false },
);

export const MergeGridsBody = Type.Object(
  {
    unitIds: Type.Array(Id, { minItems: 2, maxItems: 10 }),
    name: Name,
    geometry: Type.Optional(GeoJsonPolygonIn),
  },
  { additionalProperties: false },
);

export const SplitOut = Type.Object({ closed: UnitOut, created: Type.Array(UnitOut) }, { title: 'GridSplit' });
export const MergeOut = Type.Object({ closed: Type.Array(UnitOut), created: UnitOut }, { title: 'GridMerge' });

export const UnitHistoryOut = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        id: Type.Integer(),
        /** One of common/org-units.ts UNIT_CHANGES. */
        change: Type.String(),
        detail: Type.Record(Type.String(), Type.Unknown()),
        actorName: Type.Union([Type.String(), Type.Null()]),
        at: Type.String(),
      }),
    ),
  },
  { title: 'UnitHistory' },
);

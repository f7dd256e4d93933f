import { Type, type Static } from 'typebox';
import { ExportFormat } from '../../platform/http/xlsx.ts';
import type { GridTaskKind, VisitPlaceKind } from '../../../common/grid-tasks.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Lng = Type.Number({ minimum: -180, maximum: 180 });
const Crs = Type.Union([Type.Literal('gcj02'), Type.Literal('wgs84')]);
const MONTH = '^\\d{4}-(0[1-9]|1[0-2])$';
const PlaceKind = Type.Union([Type.Literal('household'), Type.Literal('enterprise')]);
const TaskKind = Type.Union([
  Type.Literal('visit'),
  Type.Literal('patrol'),
  Type.Literal('screening'),
  Type.Literal('publicity'),
  Type.Literal('info_collection'),
]);
const PatrolStatus = Type.Union([Type.Literal('open'), Type.Literal('finished')]);
const TaskStatus = Type.Union([Type.Literal('open'), Type.Literal('done')]);
const Flag = Type.Optional(
  Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')]),
);

export const StartPatrolBody = Type.Object(
  {
    /** The grid patrolled; default: the worker's one grid. */
    unitId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const TrackBody = Type.Object(
  {
    /** The points' coordinate system: a phone's GPS gives WGS84 (the default); stored as GCJ-02. */
    crs: Type.Optional(Crs),
    points: Type.Array(
      Type.Object(
        {
          lat: Lat,
          lng: Lng,
          at: Type.String({ format: 'date-time' }),
          /** Metres. */
          accuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);

export const TrackOut = Type.Object({
  patrolId: Type.Integer(),
  received: Type.Integer(),
  /** Points stored by this batch. */
  added: Type.Integer(),
  /** Points already stored (the same instant sent again) or repeated within the batch. */
  duplicates: Type.Integer(),
  pointCount: Type.Integer(),
  distanceM: Type.Number(),
});

export const VisitBody = Type.Object(
  {
    placeKind: PlaceKind,
    /** The household or enterprise: e.g. "幸福小区3号楼201" or "李记五金店". */
    place: Text(200),
    address: Type.Optional(Type.String({ maxLength: 200 })),
    /** Who was met. */
    met: Text(200),
    /** What the worker saw and did. */
    situation: Text(2000),
    /** A problem found, to follow up (may become a case). */
    finding: Type.Optional(Type.String({ maxLength: 2000 })),
    /** The base-data house visited: one of the patrolled grid's houses (households only). */
    houseId: Type.Optional(Id),
    /** Check-in point (default crs gcj02). */
    location: Type.Optional(
      Type.Object({ lat: Lat, lng: Lng, crs: Type.Optional(Crs) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);

export const VisitOut = Type.Object({
  id: Type.Integer(),
  patrolId: Type.Integer(),
  placeKind: PlaceKind,
  place: Type.String(),
  address: Nullable(Type.String()),
  met: Type.String(),
  situation: Type.String(),
  finding: Nullable(Type.String()),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  visitedAt: Type.String(),
  caseId: Nullable(Type.Integer()),
  caseNumber: Nullable(Type.String()),
  houseId: Nullable(Type.Integer()),
  photos: Type.Array(
    Type.Object({
      id: Type.Integer(),
      fileName: Type.String(),
      mediaType: Type.String(),
      size: Type.Integer(),
      /** GCJ-02, where it was taken, when known. */
      lng: Nullable(Type.Number()),
      lat: Nullable(Type.Number()),
      createdAt: Type.String(),
    }),
  ),
  abilities: Type.Object({ toCase: Type.Boolean(), addPhoto: Type.Boolean() }),
});

export const PatrolOut = Type.Object({
  id: Type.Integer(),
  workerId: Type.Integer(),
  workerName: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  status: PatrolStatus,
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  pointCount: Type.Integer(),
  distanceM: Type.Number(),
  visitCount: Type.Integer(),
});

export const PatrolDetailOut = Type.Object({
  ...PatrolOut.properties,
  /** GCJ-02, in time order. */
  track: Type.Array(
    Type.Object({ at: Type.String(), lng: Type.Number(), lat: Type.Number(), accuracy: Nullable(Type.Number()) }),
  ),
  visits: Type.Array(VisitOut),
  abilities: Type.Object({ work: Type.Boolean() }),
});

export const PatrolQuery = Type.Object(
  {
    /** 1: only the caller's own patrols (a worker always gets only theirs). */
    mine: Flag,
    withinUnitId: Type.Optional(Id),
    status: Type.Optional(PatrolStatus),
    /** Patrols started in this month (Beijing), YYYY-MM. */
    month: Type.Optional(Type.String({ pattern: MONTH })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

export const VisitParams = Type.Object({ id: Id, visitId: Id });
export const PhotoParams = Type.Object({ id: Id, visitId: Id, photoId: Id });

/** The multipart form of a photo upload (documented; the handler reads the stream). */
export const PHOTO_FORM = {
  properties: {
    file: { type: 'string', format: 'binary', description: '照片 / The photo (JPEG, PNG, WebP, GIF; ≤ 10 MB)' },
    lng: { type: 'string', description: 'WGS84 longitude where it was taken (with lat)' },
    lat: { type: 'string', description: 'WGS84 latitude where it was taken (with lng)' },
  },
} as const;

export const PatrolMapQuery = Type.Object(
  {
    /** The day (Beijing), YYYY-MM-DD; default today. */
    date: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' })),
    withinUnitId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const PatrolMapOut = Type.Object({
  date: Type.String(),
  /** More patrols started that day than the map draws (the newest are drawn). */
  truncated: Type.Boolean(),
  patrols: Type.Array(
    Type.Object({
      id: Type.Integer(),
      workerName: Type.String(),
      unitId: Type.Integer(),
      unitName: Type.String(),
      status: PatrolStatus,
      startedAt: Type.String(),
      distanceM: Type.Number(),
      /** GCJ-02 [lng, lat], in time order. */
      track: Type.Array(Type.Tuple([Type.Number(), Type.Number()])),
      visits: Type.Array(
        Type.Object({
          id: Type.Integer(),
          place: Type.String(),
          placeKind: PlaceKind,
          lng: Type.Number(),
          lat: Type.Number(),
          finding: Type.Boolean(),
        }),
      ),
    }),
  ),
});

export const ToCaseBody = Type.Object(
  {
    /** The case's category (e.g. DSP.NEIGHBOUR). */
    categoryCode: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Z][A-Z0-9_]*(\\.[A-Z0-9_]+)*$' }),
  },
  { additionalProperties: false },
);

export const ToCaseOut = Type.Object({
  visitId: Type.Integer(),
  caseId: Type.Integer(),
  caseNumber: Type.String(),
  /** False when the visit had already become this case (a second tap). */
  created: Type.Boolean(),
  /** The visit's photos attached to the new case, and those that could not be (add them on the case page). */
  photosCopied: Type.Integer(),
  photosFailed: Type.Integer(),
});

export const CoverageQuery = Type.Object(
  {
    withinUnitId: Type.Optional(Id),
    month: Type.Optional(Type.String({ pattern: MONTH })),
    /** One worker's rows (the workforce page's monthly figures). */
    workerId: Type.Optional(Id),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

export const CoverageOut = Type.Object({
  month: Type.String(),
  /** What a place is: distinct visited place names per worker (ADR 0024) until houses have ids. */
  basis: Type.Literal('distinct_places'),
  items: Type.Array(
    Type.Object({
      workerId: Type.Integer(),
      workerName: Type.String(),
      unitId: Type.Integer(),
      unitName: Type.String(),
      patrols: Type.Integer(),
      visits: Type.Integer(),
      places: Type.Integer(),
      /** Distinct base-data houses of the grid visited in the month (visits that named a house). */
      housesVisited: Type.Integer(),
      /** Houses of the grid in the base data. */
      gridHouses: Type.Integer(),
      /** housesVisited / gridHouses (0..1); null when the grid has no houses in the base data. */
      coverage: Nullable(Type.Number()),
    }),
  ),
});

export const GridTaskBody = Type.Object(
  {
    kind: TaskKind,
    title: Text(200),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    /** The grid. */
    unitId: Id,
    /** One of the grid's workers; default: any worker of the grid. */
    assigneeId: Type.Optional(Id),
    /** Or one of the grid's cadres (网格力量, no account: told by SMS); not with assigneeId. */
    cadreId: Type.Optional(Id),
    /** YYYY-MM-DD, today or later. */
    dueDate: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  },
  { additionalProperties: false },
);

export const GridTaskOut = Type.Object({
  id: Type.Integer(),
  kind: TaskKind,
  title: Type.String(),
  note: Nullable(Type.String()),
  unitId: Type.Integer(),
  unitName: Type.String(),
  assigneeId: Nullable(Type.Integer()),
  assigneeName: Nullable(Type.String()),
  cadreId: Nullable(Type.Integer()),
  /** The cadre's name and role (null for a reader who may not see the grid's cadres). */
  cadre: Nullable(Type.Object({ name: Type.String(), role: Type.String() })),
  dueDate: Type.String(),
  status: TaskStatus,
  overdue: Type.Boolean(),
  doneAt: Nullable(Type.String()),
  doneNote: Nullable(Type.String()),
  createdAt: Type.String(),
  abilities: Type.Object({ complete: Type.Boolean() }),
});

export const GridTaskQuery = Type.Object(
  {
    /** 1: the caller's own tasks (assigned to them, or to their grid with nobody named). */
    mine: Flag,
    withinUnitId: Type.Optional(Id),
    status: Type.Optional(TaskStatus),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

export const CompleteTaskBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

// The literal lists above must stay the common ones (common/grid-tasks.ts).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _kindsMatch: Same<Static<typeof TaskKind>, GridTaskKind> = true;
const _placesMatch: Same<Static<typeof PlaceKind>, VisitPlaceKind> = true;

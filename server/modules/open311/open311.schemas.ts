// Schemas of the GeoReport routes for the OpenAPI document (their JSON form; the `.xml` twin of
// each route answers the same data as XML). Responses list only these fields: nothing else of a
// case can leave by accident.
import { Type, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (maxLength: number, description: string) => Type.Optional(Type.String({ maxLength, description }));

export const Open311Errors = Type.Array(
  Type.Object({ code: Type.Integer(), description: Type.String() }, { additionalProperties: false }),
  { title: 'Open311Errors', description: 'GeoReport v2 error list: code is the HTTP status' },
);

export const open311ErrorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, Open311Errors]));

export const Discovery = Type.Object(
  {
    changeset: Type.String(),
    contact: Type.String(),
    key_service: Type.String(),
    endpoints: Type.Array(
      Type.Object({
        specification: Type.String(),
        url: Type.String(),
        changeset: Type.String(),
        type: Type.String(),
        formats: Type.Array(Type.String()),
      }),
    ),
  },
  { title: 'Open311Discovery' },
);

export const Service = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean(),
  type: Type.String(),
  keywords: Type.String(),
  group: Type.String(),
});

export const ServiceDefinition = Type.Object(
  {
    service_code: Type.String(),
    attributes: Type.Array(
      Type.Object({
        variable: Type.Boolean(),
        code: Type.String(),
        datatype: Type.String(),
        required: Type.Boolean(),
        datatype_description: Nullable(Type.String()),
        order: Type.Integer(),
        description: Type.String(),
        values: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
      }),
    ),
  },
  { title: 'Open311ServiceDefinition' },
);

export const CreatedRequests = Type.Array(
  Type.Object({
    service_request_id: Type.String(),
    service_notice: Nullable(Type.String()),
    account_id: Nullable(Type.String()),
  }),
  { title: 'Open311CreatedRequest' },
);

export const ServiceRequests = Type.Array(
  Type.Object({
    service_request_id: Type.String(),
    status: Type.String({ enum: ['open', 'closed'] }),
    status_notes: Nullable(Type.String()),
    service_name: Nullable(Type.String()),
    service_code: Type.String(),
    description: Nullable(Type.String()),
    agency_responsible: Nullable(Type.String()),
    service_notice: Nullable(Type.String()),
    requested_datetime: Type.String(),
    updated_datetime: Type.String(),
    expected_datetime: Nullable(Type.String()),
    address: Nullable(Type.String()),
    address_id: Nullable(Type.String()),
    zipcode: Nullable(Type.String()),
    lat: Nullable(Type.Number()),
    long: Nullable(Type.Number()),
    media_url: Nullable(Type.String()),
  }),
  { title: 'Open311ServiceRequests' },
);

export const RequestUpdates = Type.Array(
  Type.Object({
    update_id: Type.String(),
    service_request_id: Type.String(),
    status: Type.String(),
    updated_datetime: Type.String(),
    description: Type.String(),
    media_url: Nullable(Type.String()),
  }),
  { title: 'Open311RequestUpdates' },
);

const ApiKey = Text(512, 'API key of a service account with the open311 scope (or the X-Api-Key header)');
const Jurisdiction = Text(64, 'Accepted and ignored: this endpoint serves one jurisdiction');

export const PublicQuery = Type.Object({ jurisdiction_id: Jurisdiction });

export const RequestsQuery = Type.Object({
  api_key: ApiKey,
  jurisdiction_id: Jurisdiction,
  service_request_id: Text(2000, 'Comma-separated case numbers; the other filters are then ignored'),
  service_code: Text(1000, 'Comma-separated service codes'),
  start_date: Text(40, 'ISO 8601 with a time zone; default: end_date minus 90 days'),
  end_date: Text(40, 'ISO 8601 with a time zone; default: now (at most 90 days after start_date)'),
  status: Text(20, 'open, closed or open,closed'),
});

export const KeyQuery = Type.Object({ api_key: ApiKey, jurisdiction_id: Jurisdiction });

export const UpdatesQuery = Type.Object({
  api_key: ApiKey,
  jurisdiction_id: Jurisdiction,
  start_date: Text(40, 'ISO 8601 with a time zone; default: end_date minus 90 days'),
  end_date: Text(40, 'ISO 8601 with a time zone; default: now'),
});

export const ServiceCodeParams = Type.Object({
  service_code: Type.String({ maxLength: 80, description: 'The service code followed by .json or .xml' }),
});

export const RequestIdParams = Type.Object({
  service_request_id: Type.String({ maxLength: 80, description: 'The case number followed by .json or .xml' }),
});

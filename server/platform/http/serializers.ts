// Response serializers, one per distinct schema. Fastify compiles a fast-json-stringify serializer
// for every route and status code it declares; Concord declares its error bodies on every route
// (platform/http/schemas.ts), so most of those compilations are the same few schemas again, each
// with its own generated source, closures and ajv instance kept for good. Compiled once per
// distinct schema and shared, they cost less memory and start-up time; what each route sends is
// unchanged (the same compiler, the same schema, the same options as Fastify's default).
import { createHash } from 'node:crypto';
import fastJsonStringify from 'fast-json-stringify';

type Serializer = (data: unknown) => string;

export function sharedSerializerCompiler(): (route: { schema: unknown }) => Serializer {
  const compiled = new Map<string, Serializer>();
  return ({ schema }) => {
    // By content, not identity: routes build equal schemas from the same definitions.
    const key = createHash('sha256').update(JSON.stringify(schema)).digest('base64');
    let serializer = compiled.get(key);
    if (serializer === undefined) {
      serializer = fastJsonStringify(schema as Parameters<typeof fastJsonStringify>[0]);
      compiled.set(key, serializer);
    }
    return serializer;
  };
}

// Reads a GeoReport POST request — form-urlencoded or JSON, the same field names either way — into
// what Concord's intake takes. Pure: every refusal is a 400 naming the GeoReport field.
import type { CatalogueEntry } from './service-catalogue.ts';
import type { ServiceAttribute } from './service-attributes.ts';
import { badRequest, Open311Error } from './open311-http.ts';

/** A body as the form parser gives it (values as sent) or as JSON gives it (any JSON). */
export type RawFields = Map<string, string[]>;

const MAX_FIELDS = 200;
const ATTRIBUTE_KEY = /^attribute\[([^\][]{1,64})\](\[\])?$/;

function scalarText(key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  throw badRequest(key, 'must be text');
}

/** Flattens a parsed body into field → values. `attribute: {code: …}` reads as `attribute[code]`. */
export function fieldsOf(body: unknown): RawFields {
  const fields: RawFields = new Map();
  if (body === undefined || body === null || body === '') return fields;
  if (typeof body !== 'object' || Array.isArray(body))
    throw new Open311Error(400, 'The body must be a form or a JSON object');
  const add = (key: string, value: unknown) => {
    if (value === null || value === undefined) return;
    const values = Array.isArray(value) ? value.map((v) => scalarText(key, v)) : [scalarText(key, value)];
    fields.set(key, [...(fields.get(key) ?? []), ...values]);
    if (fields.size > MAX_FIELDS) throw new Open311Error(400, `More than ${MAX_FIELDS} fields`);
  };
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === 'attribute' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [code, answer] of Object.entries(value as Record<string, unknown>)) add(`attribute[${code}]`, answer);
    } else {
      add(key, value);
    }
  }
  return fields;
}

export function single(fields: RawFields, key: string, maxLength: number): string | undefined {
  const values = fields.get(key);
  if (values === undefined) return undefined;
  if (values.length > 1) throw badRequest(key, 'given more than once');
  const value = values[0]!.trim();
  if ([...value].length > maxLength) throw badRequest(key, `longer than ${maxLength} characters`);
  return value === '' ? undefined : value;
}

const DECIMAL = /^[+-]?(\d{1,3}(\.\d{1,15})?|\.\d{1,15})$/;

function coordinate(fields: RawFields, key: 'lat' | 'long', limit: number): number | undefined {
  const text = single(fields, key, 40);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!DECIMAL.test(text) || !Number.isFinite(value) || Math.abs(value) > limit) {
    throw badRequest(key, `must be a decimal degree between -${limit} and ${limit} (WGS84)`);
  }
  return value;
}

/** ISO 8601 date-time with a time zone (Z or ±hh:mm), as GeoReport's w3 format. */
const W3_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

export function parseDateTime(key: string, text: string): Date {
  const at = new Date(text);
  if (
    !W3_DATETIME.test(text) ||
    Number.isNaN(at.getTime()) ||
    at.getUTCFullYear() < 1900 ||
    at.getUTCFullYear() > 9999
  ) {
    throw badRequest(key, 'must be an ISO 8601 date-time with a time zone, e.g. 2026-12-03T09:00:00+08:00');
  }
  return at;
}

export type AttributeAnswers = Record<string, string | string[]>;

function answerOf(attribute: ServiceAttribute, key: string, values: string[]): string | string[] {
  const trimmed = values.map((v) => v.trim()).filter((v) => v !== '');
  const one = () => {
    if (trimmed.length > 1) throw badRequest(key, 'given more than once');
    return trimmed[0]!;
  };
  switch (attribute.datatype) {
    case 'string':
    case 'text': {
      const limit = attribute.datatype === 'string' ? 200 : 2000;
      const text = one();
      if ([...text].length > limit) throw badRequest(key, `longer than ${limit} characters`);
      return text;
    }
    case 'number': {
      const text = one();
      if (!/^[+-]?\d{1,12}(\.\d{1,6})?$/.test(text)) throw badRequest(key, 'must be a number');
      return text;
    }
    case 'datetime':
      return parseDateTime(key, one()).toISOString();
    case 'singlevaluelist': {
      const text = one();
      if (!attribute.values?.some((v) => v.key === text)) throw badRequest(key, 'not one of the listed values');
      return text;
    }
    case 'multivaluelist': {
      // Sent as attribute[code][]=a&attribute[code][]=b, or one comma-separated value.
      const keys = [
        ...new Set(
          trimmed
            .flatMap((v) => v.split(','))
            .map((v) => v.trim())
            .filter(Boolean),
        ),
      ];
      if (
        keys.length > (attribute.values?.length ?? 0) ||
        !keys.every((k) => attribute.values?.some((v) => v.key === k))
      ) {
        throw badRequest(key, 'not all of the listed values');
      }
      return keys;
    }
  }
}

/** The answers to the service's attributes, checked against its definition. */
export function readAttributes(fields: RawFields, entry: CatalogueEntry): AttributeAnswers {
  const given = new Map<string, string[]>();
  for (const [key, values] of fields) {
    if (!key.startsWith('attribute')) continue;
    const match = ATTRIBUTE_KEY.exec(key);
    if (!match) throw badRequest(key, 'not an attribute[code] field');
    given.set(match[1]!, [...(given.get(match[1]!) ?? []), ...values]);
  }
  const answers: AttributeAnswers = {};
  for (const [code, values] of given) {
    const attribute = entry.attributes.find((a) => a.code === code && a.variable);
    if (!attribute) throw badRequest(`attribute[${code}]`, `not an attribute of service ${entry.service.service_code}`);
    if (values.every((v) => v.trim() === '')) continue;
    answers[code] = answerOf(attribute, `attribute[${code}]`, values);
  }
  for (const attribute of entry.attributes) {
    if (attribute.variable && attribute.required && answers[attribute.code] === undefined) {
      throw badRequest(`attribute[${attribute.code}]`, 'required for this service');
    }
  }
  return answers;
}

/** The answers as lines of the case's description, in the names the definition gives them. */
export function describeAnswers(entry: CatalogueEntry, answers: AttributeAnswers): string {
  const lines: string[] = [];
  for (const attribute of entry.attributes) {
    const answer = answers[attribute.code];
    if (answer === undefined) continue;
    const names = [answer]
      .flat()
      .map((key) => attribute.values?.find((v) => v.key === key)?.name ?? key)
      .join('、');
    lines.push(`${attribute.description}：${names}`);
  }
  return lines.join('\n');
}

export interface Open311Report {
  serviceCode: string;
  location: { lng: number; lat: number } | undefined;
  address: string | undefined;
  description: string | undefined;
  reporterName: string | undefined;
  phone: string | undefined;
  mediaUrl: string | undefined;
}

function mediaUrlOf(fields: RawFields): string | undefined {
  const text = single(fields, 'media_url', 2000);
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badRequest('media_url', 'must be an http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw badRequest('media_url', 'must be an http or https URL');
  return url.href;
}

/** A name in the order its script writes it: 张 + 三 → 张三; Ann + Lee → Ann Lee. */
export function fullName(first: string | undefined, last: string | undefined): string | undefined {
  if (first === undefined && last === undefined) return undefined;
  const han = /\p{Script=Han}/u;
  if ((first && han.test(first)) || (last && han.test(last))) return `${last ?? ''}${first ?? ''}`;
  return [first, last].filter(Boolean).join(' ');
}

/** Everything but the service's attributes, which need its definition. */
export function readReport(fields: RawFields): Open311Report {
  const serviceCode = single(fields, 'service_code', 64);
  if (serviceCode === undefined) throw badRequest('service_code', 'required');
  const lat = coordinate(fields, 'lat', 90);
  const lng = coordinate(fields, 'long', 180);
  if ((lat === undefined) !== (lng === undefined)) throw badRequest('lat/long', 'give both, or neither');
  const address = single(fields, 'address_string', 200);
  if (lat === undefined && address === undefined) {
    throw badRequest(
      'lat/long',
      single(fields, 'address_id', 200) !== undefined
        ? 'address_id is not supported; give lat and long, or address_string'
        : 'a location is required: lat and long, or address_string',
    );
  }
  const description = single(fields, 'description', 4000);
  const first = single(fields, 'first_name', 32);
  const last = single(fields, 'last_name', 32);
  const phone = single(fields, 'phone', 20);
  // Accepted as GeoReport defines it, checked for size, and then forgotten: Concord keeps no
  // e-mail addresses (docs/open311.md).
  single(fields, 'email', 254);
  return {
    serviceCode,
    location: lat !== undefined && lng !== undefined ? { lat, lng } : undefined,
    address,
    description,
    reporterName: fullName(first, last),
    phone,
    mediaUrl: mediaUrlOf(fields),
  };
}

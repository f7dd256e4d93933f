// The kinds of field case actions take. Each carries its label ("中文 / English") as the schema's
// description, and `x-widget` where the web form needs more than the type to draw it (a unit
// picker, a case search); text must hold something besides spaces.
import { Type } from 'typebox';
import { RATINGS } from '../case-state.ts';

const MAX_ID = 2_147_483_647;

export type Widget = 'unit' | 'units' | 'case' | 'leader';

/** Free text; `rows` tells the form how tall a box to draw. */
export function text(description: string, maxLength: number) {
  return Type.String({ minLength: 1, maxLength, pattern: '\\S', description });
}

export function unitId(description: string) {
  return Type.Integer({ minimum: 1, maximum: MAX_ID, description, 'x-widget': 'unit' satisfies Widget });
}

export function unitIds(description: string, minItems: number) {
  return Type.Array(Type.Integer({ minimum: 1, maximum: MAX_ID }), {
    minItems,
    maxItems: 10,
    description,
    'x-widget': 'units' satisfies Widget,
  });
}

export function caseId(description: string) {
  return Type.Integer({ minimum: 1, maximum: MAX_ID, description, 'x-widget': 'case' satisfies Widget });
}

/** A leader's account (领导包案): the form offers the leaders over the case. */
export function leaderId(description: string) {
  return Type.Integer({ minimum: 1, maximum: MAX_ID, description, 'x-widget': 'leader' satisfies Widget });
}

export function rating(description: string) {
  return Type.Enum(RATINGS, { type: 'string', description });
}

export const note = () => Type.Optional(text('备注 / Note', 2000));

/** How the web form draws one field of an action, read from its schema. */
export interface FormField {
  name: string;
  /** "中文 / English", the schema's description. */
  label: string;
  required: boolean;
  kind: 'text' | 'unit' | 'units' | 'case' | 'leader' | 'integer' | 'boolean' | 'choice';
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  choices?: readonly string[];
}

function read(schema: object, key: string): unknown {
  return Object.getOwnPropertyDescriptor(schema, key)?.value;
}

function kindOf(schema: object): FormField['kind'] {
  const widget = read(schema, 'x-widget');
  if (widget === 'unit' || widget === 'units' || widget === 'case' || widget === 'leader') return widget;
  if (Array.isArray(read(schema, 'enum'))) return 'choice';
  const type = read(schema, 'type');
  if (type === 'integer') return 'integer';
  if (type === 'boolean') return 'boolean';
  return 'text';
}

/** The fields of an action's body besides `action` and `version`, in the spec's order. */
export function formFields(spec: { fields: object; request: { required?: readonly string[] } }): FormField[] {
  return Object.entries(spec.fields).map(([name, schema]: [string, object]) => {
    const numberOf = (key: string) => {
      const value = read(schema, key);
      return typeof value === 'number' ? { [key]: value } : {};
    };
    const choices = read(schema, 'enum');
    const description = read(schema, 'description');
    return {
      name,
      label: typeof description === 'string' ? description : name,
      required: spec.request.required?.includes(name) ?? false,
      kind: kindOf(schema),
      ...numberOf('maxLength'),
      ...numberOf('minimum'),
      ...numberOf('maximum'),
      ...(Array.isArray(choices) ? { choices: choices.filter((c): c is string => typeof c === 'string') } : {}),
    };
  });
}

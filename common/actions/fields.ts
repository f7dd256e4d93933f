// The kinds of field case actions take. Each carries its label ("中文 / English") as the schema's
// description, and `x-widget` where the web form needs more than the type to draw it (a unit
// picker, a case search); text must hold something besides spaces.
import { Type } from 'typebox';
import { RATINGS } from '../case-state.ts';

const MAX_ID = 2_147_483_647;

export type Widget = 'unit' | 'units' | 'case';

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

export function rating(description: string) {
  return Type.Enum(RATINGS, { type: 'string', description });
}

export const note = () => Type.Optional(text('备注 / Note', 2000));

// The web's action forms are drawn from the specs: check what the form reads for a few actions.
import { describe, expect, it } from 'vitest';
import { ACTION_SPECS, CASE_ACTIONS } from './index.ts';
import { formFields } from './fields.ts';
import { RATINGS } from '../case-state.ts';

describe('action form fields, read from the specs', () => {
  it('gives dispatch a required lead-unit picker, optional helpers and a note', () => {
    expect(formFields(ACTION_SPECS.dispatch)).toEqual([
      {
        name: 'leadUnitId',
        label: '主办单位 / Lead unit',
        required: true,
        kind: 'unit',
        minimum: 1,
        maximum: 2_147_483_647,
      },
      { name: 'assistUnitIds', label: '协办单位 / Assisting units', required: false, kind: 'units' },
      { name: 'note', label: '备注 / Note', required: false, kind: 'text', maxLength: 2000 },
    ]);
  });

  it('gives rate a required choice of the ratings and an optional comment', () => {
    const [rating, comment] = formFields(ACTION_SPECS.rate);
    expect(rating).toMatchObject({ name: 'rating', required: true, kind: 'choice', choices: [...RATINGS] });
    expect(comment).toMatchObject({ name: 'comment', required: false, kind: 'text' });
  });

  it('labels every field of every action in both languages and asks only what the body requires', () => {
    for (const action of CASE_ACTIONS) {
      const spec = ACTION_SPECS[action];
      const fields = formFields(spec);
      expect(fields.map((f) => f.name)).toEqual(Object.keys(spec.fields));
      for (const field of fields) expect(field.label, `${action}.${field.name}`).toMatch(/^[^/]+ \/ [^/]+$/);
      expect(
        fields
          .filter((f) => f.required)
          .map((f) => f.name)
          .sort(),
      ).toEqual(spec.request.required.filter((r) => r !== 'action' && r !== 'version').sort());
    }
    expect(formFields(ACTION_SPECS.request_extension)[0]).toMatchObject({ kind: 'integer', minimum: 1, maximum: 10 });
    expect(formFields(ACTION_SPECS.decide_extension)[0]).toMatchObject({ kind: 'boolean', required: true });
    expect(formFields(ACTION_SPECS.merge)[0]).toMatchObject({ kind: 'case', required: true });
    expect(formFields(ACTION_SPECS.accept)).toEqual([
      { name: 'note', label: '备注 / Note', required: false, kind: 'text', maxLength: 2000 },
    ]);
  });
});

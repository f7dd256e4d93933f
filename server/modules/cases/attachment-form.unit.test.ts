// The form fields of an upload besides the file (attachment-form.ts). Pure: no database.
import { describe, expect, it } from 'vitest';
import { readAttachmentForm } from './attachment-form.ts';

const fields = (entries: Record<string, string>) => Object.entries(entries).map(([name, value]) => ({ name, value }));
const problemFields = (result: ReturnType<typeof readAttachmentForm>) => result.problems.map((p) => p.field);

describe('the attachment form', () => {
  it('reads a stage and a WGS84 point, and nothing when nothing (or empty boxes) is sent', () => {
    expect(readAttachmentForm(fields({ stage: 'result', lng: '119.1', lat: '36.7' }))).toEqual({
      details: { stage: 'result', location: { lng: 119.1, lat: 36.7 } },
      problems: [],
    });
    expect(readAttachmentForm([])).toEqual({ details: {}, problems: [] });
    expect(readAttachmentForm(fields({ stage: '', lng: ' ', lat: '' }))).toEqual({ details: {}, problems: [] });
    expect(readAttachmentForm(fields({ lng: '-180', lat: '90' }))).toMatchObject({
      details: { location: { lng: -180, lat: 90 } },
    });
  });

  it('names each field it refuses', () => {
    expect(problemFields(readAttachmentForm(fields({ stage: 'during' })))).toEqual(['stage']);
    expect(problemFields(readAttachmentForm(fields({ lng: '119.1' })))).toEqual(['lat']);
    expect(problemFields(readAttachmentForm(fields({ lat: '36.7' })))).toEqual(['lng']);
    for (const lng of ['180.0001', '-181', 'NaN', 'Infinity', '1e2', '0x10', '119,1', '１１９']) {
      expect(problemFields(readAttachmentForm(fields({ lng, lat: '36.7' }))), lng).toEqual(['lng']);
    }
    expect(problemFields(readAttachmentForm(fields({ lng: '119.1', lat: '90.5' })))).toEqual(['lat']);
    expect(problemFields(readAttachmentForm(fields({ file: 'x', __proto__x: '1' })))).toEqual(['file', '__proto__x']);
    expect(
      problemFields(
        readAttachmentForm([
          { name: 'stage', value: 'report' },
          { name: 'stage', value: 'result' },
        ]),
      ),
    ).toEqual(['stage']);
    expect(problemFields(readAttachmentForm([{ name: 'lng', value: '119.1', truncated: true }]))).toEqual(['lng']);
  });
});

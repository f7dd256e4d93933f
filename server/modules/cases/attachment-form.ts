// The fields of an upload's form besides the file: `stage`, and `lng`,`lat` (WGS84, both or
// neither). Pure: text in, details or the problems of each field out. An empty field counts as
// not sent (a browser's form posts an empty box as "").
import { ATTACHMENT_STAGES, isAttachmentStage } from '../../../common/attachments.ts';
import type { AttachmentDetails } from './use-cases/attach-file.ts';

export interface FormField {
  name: string;
  value: string;
  /** The parser cut the value at its size limit. */
  truncated?: boolean;
}

export interface FieldProblem {
  field: string;
  message: string;
}

const KNOWN = ['stage', 'lng', 'lat'] as const;
const DECIMAL = /^[+-]?\d{1,3}(\.\d{1,15})?$/;

function coordinate(text: string, limit: number): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) && Math.abs(value) <= limit ? value : undefined;
}

export function readAttachmentForm(
  fields: FormField[],
): { details: AttachmentDetails; problems: [] } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const given = new Map<string, string>();
  for (const field of fields) {
    if (!(KNOWN as readonly string[]).includes(field.name)) {
      problems.push({ field: field.name, message: '未知字段 / Unknown field' });
    } else if (given.has(field.name)) {
      problems.push({ field: field.name, message: '重复 / Sent twice' });
    } else if (field.truncated) {
      problems.push({ field: field.name, message: '过长 / Too long' });
    } else if (field.value.trim() !== '') {
      given.set(field.name, field.value.trim());
    }
  }
  const details: AttachmentDetails = {};
  const stage = given.get('stage');
  if (stage !== undefined) {
    if (isAttachmentStage(stage)) details.stage = stage;
    else
      problems.push({
        field: 'stage',
        message: `须为 ${ATTACHMENT_STAGES.join('、')} 之一 / One of ${ATTACHMENT_STAGES.join(', ')}`,
      });
  }
  const lngText = given.get('lng');
  const latText = given.get('lat');
  if (lngText !== undefined || latText !== undefined) {
    const lng = lngText === undefined ? undefined : coordinate(lngText, 180);
    const lat = latText === undefined ? undefined : coordinate(latText, 90);
    if (lngText === undefined) problems.push({ field: 'lng', message: '须与 lat 同时提供 / Required with lat' });
    else if (lng === undefined)
      problems.push({ field: 'lng', message: '经度须在 -180 到 180 之间 / A longitude from -180 to 180' });
    if (latText === undefined) problems.push({ field: 'lat', message: '须与 lng 同时提供 / Required with lng' });
    else if (lat === undefined)
      problems.push({ field: 'lat', message: '纬度须在 -90 到 90 之间 / A latitude from -90 to 90' });
    if (lng !== undefined && lat !== undefined) details.location = { lng, lat };
  }
  return problems.length > 0 ? { problems } : { details, problems: [] };
}

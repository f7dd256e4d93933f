// The export for the city's credit platform (docs/credit-export.md): JSON Lines, one line per
// version of a record made in the period — a correction arrives as a later version of the same
// recordId, which replaces the earlier one. Identities go out as the platform may keep them: an
// enterprise by its 统一社会信用代码 (public by law), a person by a stable Concord id with the name and
// ID number masked — never a clear ID number (ADR 0034). No free text leaves (reasons may name people).
import type { AppContext } from '../../context.ts';
import { maskIdNumber } from '../../platform/crypto/personal-data.ts';
import { findUnitsByIds } from '../org/index.ts';
import { creditSubjects, subjectKey } from '../people/index.ts';
import { versionsMadeBetween } from './credit.repository.ts';

export const EXPORT_FORMAT = 'concord-credit/1';
export const EXPORT_MEDIA_TYPE = 'application/x-ndjson; charset=utf-8';
/** Lines in one export; a longer period is asked for in parts (the response says `truncated`). */
export const EXPORT_MAX_LINES = 50_000;
const BEIJING = '+08:00';

export const maskName = (name: string) => {
  const chars = [...name];
  return chars.length === 0 ? '' : chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
};

export interface CreditExportLine {
  format: typeof EXPORT_FORMAT;
  recordId: number;
  version: number;
  madeAt: string;
  subject: {
    type: 'natural_person' | 'legal_person';
    concordId: string;
    name: string;
    idNumberMasked: string | null;
    creditCode: string | null;
  };
  area: { code: string | null; name: string };
  rule: { code: string; name: string; direction: 'trust' | 'breach'; directionZh: '守信' | '失信' };
  score: number;
  validFrom: string;
  validUntil: string;
  status: 'in_force' | 'revoked';
  correction: boolean;
  source: { kind: string; id: number; ref: string | null };
}

/** The lines of the period [from, to] (Beijing days, inclusive) under the scope; `truncated` past the cap. */
export async function creditExportLines(
  ctx: AppContext,
  scopePaths: string[],
  from: string,
  to: string,
): Promise<{ lines: CreditExportLine[]; truncated: boolean }> {
  const start = new Date(`${from}T00:00:00${BEIJING}`).toISOString();
  const end = new Date(new Date(`${to}T00:00:00${BEIJING}`).getTime() + 86_400_000).toISOString();
  const rows = await versionsMadeBetween(ctx.db, scopePaths, start, end, EXPORT_MAX_LINES + 1);
  const page = rows.slice(0, EXPORT_MAX_LINES);
  const subjects = await creditSubjects(
    ctx.db,
    page.map((r) => ({ kind: r.record.subject_kind, id: r.record.subject_id })),
  );
  const units = new Map(
    (
      await findUnitsByIds(
        ctx.db,
        page.map((r) => r.record.subject_unit_id),
      )
    ).map((u) => [u.id, u]),
  );
  const lines = page.map((v): CreditExportLine => {
    const s = subjects.get(subjectKey(v.record.subject_kind, v.record.subject_id));
    const person = v.record.subject_kind === 'person';
    const unit = units.get(v.record.subject_unit_id);
    return {
      format: EXPORT_FORMAT,
      recordId: v.record_id,
      version: Number(v.version),
      madeAt: v.made_at,
      subject: {
        type: person ? 'natural_person' : 'legal_person',
        concordId: `${v.record.subject_kind}:${v.record.subject_id}`,
        name: person ? maskName(s?.name ?? '') : (s?.name ?? ''),
        idNumberMasked: person && s?.idNumberEnc ? maskIdNumber(ctx.cipher.decrypt(s.idNumberEnc)) : null,
        creditCode: person ? null : (s?.creditCode ?? null),
      },
      area: { code: unit?.code ?? null, name: unit?.name ?? '' },
      rule: {
        code: v.rule_code,
        name: v.rule_name,
        direction: v.direction,
        directionZh: v.direction === 'trust' ? '守信' : '失信',
      },
      score: Number(v.score),
      validFrom: v.valid_from,
      validUntil: v.valid_until,
      status: v.status,
      correction: v.objection_id !== null,
      source: { kind: v.record.source_kind, id: v.record.source_id, ref: v.record.source_ref },
    };
  });
  return { lines, truncated: rows.length > EXPORT_MAX_LINES };
}

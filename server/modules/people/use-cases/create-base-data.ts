// Registering one house, enterprise or person from the 基础数据 page's 新增 form (issue 18 §2), by
// the import's own rules (checkBaseDataRows: the same columns, lengths, values, natural keys, links
// and key-group powers), so a record typed in and a row of a sheet are checked alike. The form's
// fields are the sheet's cells; a fault answers 400 naming the field, in Chinese, and writes
// nothing. A record whose natural key is already registered is refused (409 BASE_DATA_DUPLICATE):
// the form creates, it never updates (the import and the edit dialog do that). History (source
// `edit`) and audit are written with the record, in one transaction.
import {
  ENTERPRISE_KIND_LABELS,
  ENTERPRISE_RELATION_LABELS,
  HOUSE_KIND_LABELS,
  HOUSE_RELATION_LABELS,
  KEY_GROUP_SPECS,
} from '../../../../common/base-data.ts';
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import type { OrgUnitRow } from '../../org/index.ts';
import { appendChanges } from '../base-data.repository.ts';
import type { ImportKind } from '../base-data.schemas.ts';
import { cleanText } from '../base-data-values.ts';
import { checkBaseDataRows } from './import-base-data.ts';

/** Which field holds each kind's natural key (for BASE_DATA_DUPLICATE's `details.field`). */
const KEY_FIELD: Record<ImportKind, string> = { houses: 'address', enterprises: 'creditCode', people: 'idNumber' };
const WHAT: Record<ImportKind, { zh: string; en: string }> = {
  houses: { zh: '该标准地址的房屋已登记', en: 'A house with this standard address is already registered' },
  enterprises: { zh: '该统一社会信用代码已登记', en: 'This credit code is already registered' },
  people: { zh: '该身份证号码的人员已登记', en: 'A person with this ID number is already registered' },
};

type Labels = Record<string, { zh: string } | undefined>;

/** The words a sheet's cell holds for the form's codes (住宅, not residential): the sheet's rules read those. */
function wordsFor(kind: ImportKind): Record<string, Labels> {
  return {
    kind: kind === 'houses' ? HOUSE_KIND_LABELS : ENTERPRISE_KIND_LABELS,
    houseRelation: HOUSE_RELATION_LABELS,
    enterpriseRelation: ENTERPRISE_RELATION_LABELS,
    keyGroups: KEY_GROUP_SPECS,
  };
}

/** The form's values as the sheet's cells: codes as their Chinese words, text cleaned as a cell is, empty left out. */
function cellsOf(kind: ImportKind, fields: Record<string, string | number | readonly string[] | null | undefined>) {
  const words = wordsFor(kind);
  const word = (key: string, code: string) => words[key]?.[code]?.zh ?? code;
  const cells: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === null || value === undefined) continue;
    const text = Array.isArray(value)
      ? (value as readonly string[]).map((code) => word(key, code)).join('、')
      : cleanText(word(key, String(value)));
    if (text !== '') cells[key] = text;
  }
  return cells;
}

export async function createBaseDataRecord(
  ctx: AppContext,
  actor: Actor,
  kind: ImportKind,
  unit: OrgUnitRow,
  fields: Record<string, string | number | readonly string[] | null | undefined>,
  clientIp: string | null,
): Promise<number> {
  // The unit is given by id and already authorised; the sheet's rules read it by its code.
  const cells = { ...cellsOf(kind, fields), unit: unit.code };
  const { faults, plans } = await checkBaseDataRows(ctx, actor, kind, [{ row: 1, cells }]);
  if (faults.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      '记录有误，未保存 / The record is invalid: nothing was saved',
      faults.map((f) => ({ field: f.key === 'unit' ? 'unitId' : f.key, message: `${f.column}：${f.reason}` })),
    );
  }
  const plan = plans[0];
  if (!plan) throw new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', []);
  if (plan.status !== 'create') {
    throw new AppError('BASE_DATA_DUPLICATE', `${WHAT[kind].zh} / ${WHAT[kind].en}`, { field: KEY_FIELD[kind] });
  }
  const now = ctx.clock.now();
  const at = now.toISOString();
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const done = (await plan.apply(trx, at))!;
      await appendChanges(
        trx,
        done.changes.map((c) => ({
          ...c,
          subject_type: done.type,
          subject_id: done.id,
          source: 'edit' as const,
          actor_user_id: actor.userId,
          at,
        })),
      );
      await ctx.audit.append(
        trx,
        {
          actor: auditActorOf(actor, 'base_data:edit'),
          action: 'base_data.create',
          subjectType: done.type,
          subjectId: done.id,
          outcome: 'success',
          clientIp,
          // Which fields were given, never their values (numbers are personal data).
          details: { unitId: unit.id, fields: Object.keys(cells).sort() },
        },
        now,
      );
      return done.id;
    });
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown };
    // Two forms registering the same key at once: the unique index answers for the second.
    if (e.code === '23505' || /UNIQUE constraint/.test(String(e.message))) {
      throw new AppError('BASE_DATA_DUPLICATE', `${WHAT[kind].zh} / ${WHAT[kind].en}`, { field: KEY_FIELD[kind] });
    }
    throw error;
  }
}

// Warnings as the API shows them: the sentence, the cases behind (id and number, for links), the
// unit's name, the assignee's name and the actions open to this reader.
import type { Db } from '../../context.ts';
import { userNames, type Actor } from '../auth/index.ts';
import { caseLabels } from '../cases/index.ts';
import { unitNames } from '../org/index.ts';
import { casesOfWarnings, warningHistory, type WarningRow } from './warnings.repository.ts';
import { allowedWarningActions } from './warnings.policy.ts';

export async function presentWarnings(db: Db, actor: Actor, rows: readonly WarningRow[]) {
  const ids = rows.map((r) => r.id);
  const cases = await casesOfWarnings(db, ids);
  const labels = await caseLabels(db, [...cases.values()].flat());
  const units = await unitNames(db, [...new Set(rows.map((r) => r.unit_id))]);
  const names = await userNames(
    db,
    rows.map((r) => r.assignee_user_id),
  );
  return rows.map((row) => {
    const caseIds = cases.get(row.id) ?? [];
    return {
      id: row.id,
      kind: row.kind,
      level: row.level,
      unitId: row.unit_id,
      unitName: units.get(row.unit_id) ?? '',
      title: row.title_zh,
      explanation: row.explanation_zh,
      titleText: { zh: row.title_zh, en: row.title_en },
      explanationText: { zh: row.explanation_zh, en: row.explanation_en },
      caseIds,
      cases: caseIds.flatMap((id) => {
        const label = labels.get(id);
        return label ? [{ id, number: label.number }] : [];
      }),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      status: row.status,
      raiseCount: row.raise_count,
      assignee:
        row.assignee_user_id !== null
          ? { id: row.assignee_user_id, name: names.get(row.assignee_user_id) ?? '' }
          : null,
      allowedActions: allowedWarningActions(actor, row),
    };
  });
}

export async function presentWarningDetail(db: Db, actor: Actor, row: WarningRow) {
  const [item] = await presentWarnings(db, actor, [row]);
  const events = await warningHistory(db, row.id);
  const names = await userNames(
    db,
    events.map((e) => e.actor_user_id),
  );
  return {
    ...item!,
    history: events.map((e) => ({
      id: e.id,
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      actor: e.actor_user_id !== null ? { id: e.actor_user_id, name: names.get(e.actor_user_id) ?? '' } : null,
      note: e.note,
      data: JSON.parse(e.data) as unknown,
      at: e.at,
    })),
  };
}

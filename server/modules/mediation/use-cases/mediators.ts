// 指定调解员: the lead and assisting mediators of a file, chosen among the committee's own.
import type { AppContext } from '../../../context.ts';
import { activeMembers, type Actor } from '../../auth/index.ts';
import { requireOpen, type LoadedFile } from '../mediation-file.ts';
import { fileChanged, inFile, invalid } from './file-command.ts';

async function requireMediators(ctx: AppContext, loaded: LoadedFile, ids: number[], field: string) {
  if (ids.length === 0) return;
  const found = await activeMembers(ctx.db, { unitId: loaded.committee.id, role: 'mediator', userIds: ids });
  const stranger = ids.find((id) => !found.has(id));
  if (stranger !== undefined)
    throw invalid(
      field,
      `用户 ${stranger} 不是本委员会的调解员 / User ${stranger} is not a mediator of this committee`,
    );
}

export async function assignMediators(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  input: { version: number; leadMediatorId?: number | undefined; assistMediatorIds?: number[] | undefined },
  clientIp: string | null,
): Promise<void> {
  requireOpen(loaded);
  if (input.version !== loaded.file.version) throw fileChanged(loaded.file.version);
  const lead = input.leadMediatorId ?? loaded.file.lead_mediator_id;
  const assist = [
    ...new Set(input.assistMediatorIds ?? (JSON.parse(loaded.file.assist_mediator_ids) as number[])),
  ].filter((id) => id !== lead);
  await requireMediators(ctx, loaded, lead !== null ? [lead] : [], 'leadMediatorId');
  await requireMediators(ctx, loaded, assist, 'assistMediatorIds');
  await inFile(ctx, actor, loaded, clientIp, async (trx) => {
    const updated = await trx
      .updateTable('mediation_file')
      .set({ lead_mediator_id: lead, assist_mediator_ids: JSON.stringify(assist) })
      .where('id', '=', loaded.file.id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw fileChanged();
    return { value: undefined, step: { action: 'mediation.mediators', details: { lead, assist } } };
  });
}

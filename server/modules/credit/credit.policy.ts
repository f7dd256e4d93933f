// Who sees credit records (ADR 0034): only the roles that decide on them (credit:read), over the
// subjects registered in their area. For everyone else the module does not exist: a role without
// the power gets 404 on every credit route (its denial still audited), and a record of a subject
// outside the area is 404 as elsewhere.
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { isWithin } from '../../platform/db/subtree.ts';
import { authorize, can, jurisdictionPaths, requireActor, type Actor } from '../auth/index.ts';
import type { Power } from '../../../common/powers.ts';
import { findObjection, findRecord, type ObjectionRow, type RecordRow } from './credit.repository.ts';

const NOT_FOUND = () => new AppError('NOT_FOUND', '信用记录不存在 / No such credit record');

/**
 * The actor if it holds `power`. A role that cannot even read credit records is told nothing exists
 * (404); a reader refused a deciding power gets the usual 403. Either denial is audited.
 */
export async function creditActor(ctx: AppContext, request: FastifyRequest, power: Power): Promise<Actor> {
  const actor = requireActor(request);
  if (!can(actor, 'credit:read')) {
    try {
      await authorize(ctx, request, power);
    } catch {
      throw NOT_FOUND();
    }
  }
  return authorize(ctx, request, power);
}

export const scopeOf = (actor: Actor, power: Power = 'credit:read') => jurisdictionPaths(actor, power);

export function reaches(actor: Actor, power: Power, subjectPath: string): boolean {
  return jurisdictionPaths(actor, power).some((root) => isWithin(subjectPath, root));
}

export async function loadRecord(ctx: AppContext, actor: Actor, id: number, power: Power): Promise<RecordRow> {
  const record = await findRecord(ctx.db, id);
  if (!record || !reaches(actor, 'credit:read', record.subject_path)) {
    throw record ? NOT_FOUND().denying('credit_record', id) : NOT_FOUND();
  }
  if (power !== 'credit:read' && !reaches(actor, power, record.subject_path))
    throw new AppError('FORBIDDEN', '无权执行此操作 / You may not do this').denying('credit_record', id);
  return record;
}

export async function loadObjection(
  ctx: AppContext,
  actor: Actor,
  id: number,
): Promise<{ objection: ObjectionRow; record: RecordRow }> {
  const objection = await findObjection(ctx.db, id);
  if (!objection) throw new AppError('NOT_FOUND', '异议不存在 / No such objection');
  const record = await loadRecord(ctx, actor, objection.record_id, 'credit:decide');
  return { objection, record };
}

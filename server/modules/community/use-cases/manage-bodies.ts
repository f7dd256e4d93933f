// 社区组织: staff of an area register the bodies serving it (业委会, 物业, 社会组织, 志愿服务队, 楼栋长)
// with a contact (the phone sealed at rest), edit them, link resident accounts that act for them, and
// reveal a contact's number with a stated reason (audited, never the number itself).
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import type { BodyKind, MemberRole } from '../../../../common/community.ts';
import { findResidentAccount, type BodyRow } from '../community.repository.ts';
import { unitToPlace } from './unit-check.ts';

const POWER = 'community:manage';

function normalisePhone(phone: string | null | undefined): string | null | undefined {
  if (phone === undefined || phone === null) return phone;
  const digits = phone.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  if (!/^(1[3-9]\d{9}|0\d{9,11})$/.test(digits)) {
    throw new AppError('VALIDATION_FAILED', '电话号码格式不正确 / Not a phone number', [
      { field: 'contactPhone', message: '手机号或带区号的座机 / A mobile or a landline with its area code' },
    ]);
  }
  return digits;
}

export interface BodyInput {
  kind: BodyKind;
  name: string;
  unitId: number;
  contactName?: string | undefined;
  contactPhone?: string | undefined;
  note?: string | undefined;
}

export async function createBody(ctx: AppContext, actor: Actor, input: BodyInput, clientIp: string | null) {
  const unit = await unitToPlace(ctx, actor, input.unitId, POWER, false);
  const phone = normalisePhone(input.contactPhone);
  const now = ctx.clock.now();
  const at = now.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('community_body')
      .values({
        kind: input.kind,
        name: input.name.trim(),
        unit_id: unit.id,
        unit_path: unit.path,
        contact_name: input.contactName?.trim() || null,
        contact_phone_enc: phone ? ctx.cipher.encrypt(phone) : null,
        note: input.note?.trim() || null,
        created_by: actor.userId,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, POWER),
        action: 'community_body.create',
        subjectType: 'community_body',
        subjectId: id,
        outcome: 'success',
        clientIp,
        details: { kind: input.kind, unitId: unit.id, hasPhone: phone !== null && phone !== undefined },
      },
      now,
    );
    return id;
  });
}

export interface BodyPatchInput {
  name?: string | undefined;
  contactName?: string | null | undefined;
  contactPhone?: string | null | undefined;
  note?: string | null | undefined;
  active?: boolean | undefined;
}

export async function updateBody(
  ctx: AppContext,
  actor: Actor,
  body: BodyRow,
  patch: BodyPatchInput,
  clientIp: string | null,
): Promise<void> {
  const phone = normalisePhone(patch.contactPhone);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('community_body')
      .set({
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.contactName !== undefined ? { contact_name: patch.contactName?.trim() || null } : {}),
        ...(phone !== undefined ? { contact_phone_enc: phone === null ? null : ctx.cipher.encrypt(phone) } : {}),
        ...(patch.note !== undefined ? { note: patch.note?.trim() || null } : {}),
        ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
        updated_at: now.toISOString(),
      })
      .where('id', '=', body.id)
      .execute();
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, POWER),
        action: 'community_body.update',
        subjectType: 'community_body',
        subjectId: body.id,
        outcome: 'success',
        clientIp,
        details: { fields: Object.keys(patch) },
      },
      now,
    );
  });
}

export async function addMember(
  ctx: AppContext,
  actor: Actor,
  body: BodyRow,
  input: { username?: string | undefined; phone?: string | undefined; role: MemberRole },
  clientIp: string | null,
): Promise<void> {
  const phone = input.phone === undefined ? undefined : normalisePhone(input.phone);
  const account = await findResidentAccount(ctx.db, {
    username: input.username?.trim(),
    phoneHash: phone ? ctx.cipher.blindIndex(phone) : undefined,
  });
  if (!account)
    throw new AppError('COMMUNITY_MEMBER_NOT_RESIDENT', undefined, { field: input.username ? 'username' : 'phone' });
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('community_body_member')
      .select('role')
      .where('body_id', '=', body.id)
      .where('user_id', '=', account.id)
      .executeTakeFirst();
    if (existing) {
      await trx
        .updateTable('community_body_member')
        .set({ role: input.role })
        .where('body_id', '=', body.id)
        .where('user_id', '=', account.id)
        .execute();
    } else {
      await trx
        .insertInto('community_body_member')
        .values({
          body_id: body.id,
          user_id: account.id,
          role: input.role,
          added_by: actor.userId,
          added_at: now.toISOString(),
        })
        .execute();
    }
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, POWER),
        action: 'community_body.member_add',
        subjectType: 'community_body',
        subjectId: body.id,
        outcome: 'success',
        clientIp,
        details: { userId: account.id, role: input.role },
      },
      now,
    );
  });
}

export async function removeMember(
  ctx: AppContext,
  actor: Actor,
  body: BodyRow,
  userId: number,
  clientIp: string | null,
): Promise<boolean> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('community_body_member')
      .where('body_id', '=', body.id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return false;
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, POWER),
        action: 'community_body.member_remove',
        subjectType: 'community_body',
        subjectId: body.id,
        outcome: 'success',
        clientIp,
        details: { userId },
      },
      now,
    );
    return true;
  });
}

export async function revealContactPhone(
  ctx: AppContext,
  actor: Actor,
  body: BodyRow,
  reason: string,
  clientIp: string | null,
): Promise<{ phone: string | null }> {
  const stated = reason.trim();
  if (stated.length < 2) {
    throw new AppError('VALIDATION_FAILED', '请说明查看事由 / State why you need the number', [
      { field: 'reason', message: '至少 2 个字 / At least 2 characters' },
    ]);
  }
  const now = ctx.clock.now();
  await ctx.db.transaction().execute((trx) =>
    ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, POWER),
        action: 'community_body.phone_reveal',
        subjectType: 'community_body',
        subjectId: body.id,
        outcome: 'success',
        clientIp,
        details: { reason: stated, hadPhone: body.contactPhoneEnc !== null },
      },
      now,
    ),
  );
  return { phone: body.contactPhoneEnc ? ctx.cipher.decrypt(body.contactPhoneEnc) : null };
}

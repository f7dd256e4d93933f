// Referrals as the API shows them: the person's name opened for those who see the referral, the
// phone always masked (a team member asks …/reveal, audited), the reason to both referrer and team,
// the team's assessment, contact note and follow-ups to the team only.
import type { AppContext } from '../../context.ts';
import { maskPhone } from '../../platform/crypto/personal-data.ts';
import { userNames, type Actor } from '../auth/index.ts';
import { findCaseBriefs } from '../cases/index.ts';
import { unitNames } from '../org/index.ts';
import { followUpsOf, type PsychReferralRow } from './psych.repository.ts';
import { referralAbilities } from './psych.policy.ts';

async function lookups(ctx: AppContext, rows: readonly PsychReferralRow[]) {
  const [users, units, cases] = await Promise.all([
    userNames(
      ctx.db,
      rows.flatMap((r) => [r.referrer_user_id, r.contacted_by, r.closed_by]),
    ),
    unitNames(
      ctx.db,
      rows.flatMap((r) => [r.team_unit_id, r.referrer_unit_id]),
    ),
    findCaseBriefs(
      ctx.db,
      rows.flatMap((r) => (r.case_id === null ? [] : [r.case_id])),
    ),
  ]);
  return { users, units, cases };
}

type Lookups = Awaited<ReturnType<typeof lookups>>;

function item(ctx: AppContext, actor: Actor, row: PsychReferralRow, l: Lookups) {
  const team = referralAbilities(actor, row).readCaseNotes;
  return {
    id: row.id,
    personName: ctx.cipher.decrypt(row.person_name_enc),
    phone: row.phone_enc ? maskPhone(ctx.cipher.decrypt(row.phone_enc)) : null,
    urgency: row.urgency,
    status: row.status,
    teamUnitId: row.team_unit_id,
    teamName: l.units.get(row.team_unit_id) ?? '',
    referrer: { id: row.referrer_user_id, name: l.users.get(row.referrer_user_id) ?? '' },
    referrerUnitName: l.units.get(row.referrer_unit_id) ?? '',
    caseId: row.case_id,
    caseNumber: row.case_id === null ? null : (l.cases.get(row.case_id)?.number ?? null),
    createdAt: row.created_at,
    contactedAt: row.contacted_at,
    overdueWarnedAt: row.overdue_warned_at,
    assessmentLevel: team ? row.assessment_level : null,
    closedAt: row.closed_at,
  };
}

export async function presentReferrals(ctx: AppContext, actor: Actor, rows: readonly PsychReferralRow[]) {
  const l = await lookups(ctx, rows);
  return rows.map((row) => item(ctx, actor, row, l));
}

export async function presentReferralDetail(ctx: AppContext, actor: Actor, row: PsychReferralRow) {
  const l = await lookups(ctx, [row]);
  const abilities = referralAbilities(actor, row);
  const open = (sealed: string | null) => (sealed === null ? null : ctx.cipher.decrypt(sealed));
  const person = (id: number | null) => (id === null ? null : { id, name: l.users.get(id) ?? '' });
  const followUps = abilities.readCaseNotes ? await followUpsOf(ctx.db, row.id) : [];
  const recorders = await userNames(
    ctx.db,
    followUps.map((f) => f.recorded_by),
  );
  return {
    ...item(ctx, actor, row, l),
    reason: ctx.cipher.decrypt(row.reason_enc),
    contactedBy: person(row.contacted_by),
    contactNote: abilities.readCaseNotes ? open(row.contact_note_enc) : null,
    closedBy: person(row.closed_by),
    closeNote: abilities.readCaseNotes ? open(row.close_note_enc) : null,
    followUps: followUps.map((f) => ({
      id: f.id,
      date: f.follow_up_on,
      note: ctx.cipher.decrypt(f.note_enc),
      assessmentLevel: f.assessment_level,
      recordedBy: { id: f.recorded_by, name: recorders.get(f.recorded_by) ?? '' },
      recordedAt: f.recorded_at,
    })),
    abilities,
  };
}

// Who sees and works a psychological referral, for every role in every place: only its referrer
// (while still a referrer) and the members of the team it was sent to — jurisdiction never helps.
// Pure: no database.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ROLES, type Role } from '../../../common/roles.ts';
import { holds } from '../../../common/powers.ts';
import type { Actor, ActorMembership } from '../auth/index.ts';
import { canReadReferral, isTeamMember, referralAbilities } from './psych.policy.ts';

const TEAM_UNIT = 50;
const COUNTY = '/1/7/70/';

function membership(role: Role, unitId: number, id: number): ActorMembership {
  return {
    id,
    unitId,
    unitName: `unit ${unitId}`,
    unitCode: `code${unitId}`,
    unitType: unitId === TEAM_UNIT ? 'department' : 'region',
    unitLevel: 'county',
    unitPath: unitId === TEAM_UNIT ? `${COUNTY}${TEAM_UNIT}/` : COUNTY,
    role,
    anchorPath: COUNTY,
  };
}

const actor = (userId: number, memberships: ActorMembership[]): Actor => ({
  userId,
  username: `u${userId}`,
  displayName: `U${userId}`,
  memberships,
  sessionId: 1,
  restriction: null,
  serviceAccount: null,
});

const referral = (status: 'referred' | 'contacted' | 'closed' = 'referred') => ({
  team_unit_id: TEAM_UNIT,
  referrer_user_id: 7,
  status,
});

describe('psychological referral policy', () => {
  it('lets no one over the county see it by jurisdiction, whatever the role', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.integer({ min: 8, max: 1000 }), (role, userId) => {
        // A member of the county itself (every role's widest jurisdiction here), not of the team.
        const outsider = actor(userId, [membership(role, 70, 1)]);
        expect(canReadReferral(outsider, referral())).toBe(false);
        expect(referralAbilities(outsider, referral())).toEqual({
          work: false,
          revealPhone: false,
          readCaseNotes: false,
        });
      }),
    );
  });

  it('shows it to its referrer only while the referrer still refers, and never lets them work it', () => {
    for (const role of ROLES) {
      const referrer = actor(7, [membership(role, 70, 1)]);
      expect(canReadReferral(referrer, referral()), role).toBe(holds(role, 'psych:refer'));
      expect(referralAbilities(referrer, referral()).work, role).toBe(false);
    }
  });

  it('lets the team’s members work it while open, by the membership in that very unit', () => {
    for (const role of ROLES) {
      const member = actor(9, [membership(role, TEAM_UNIT, 1)]);
      const handles = holds(role, 'psych:handle');
      expect(isTeamMember(member, referral()), role).toBe(handles);
      expect(referralAbilities(member, referral('contacted')), role).toEqual({
        work: handles,
        revealPhone: handles,
        readCaseNotes: handles,
      });
      expect(referralAbilities(member, referral('closed')).work, role).toBe(false);
    }
    // The same role in another team's unit does not reach it.
    expect(canReadReferral(actor(9, [membership('department', TEAM_UNIT + 1, 1)]), referral())).toBe(false);
  });
});

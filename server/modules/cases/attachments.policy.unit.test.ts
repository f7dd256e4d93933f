// Who sees which attachment of a case and which stage an upload gets (attachments.policy.ts), over
// every role and stage. Pure: no database.
import { describe, expect, it } from 'vitest';
import { ATTACHMENT_STAGES } from '../../../common/attachments.ts';
import { ROLES, type Role } from '../../../common/roles.ts';
import { holds } from '../../../common/powers.ts';
import type { Actor } from '../auth/index.ts';

type ActorMembership = Actor['memberships'][number];
import type { CaseAccessFacts } from './cases.policy.ts';
import { attachingMembership, mayViewAttachment, stageOfUpload, visibleStages } from './attachments.policy.ts';

const TOWNSHIP = '/1/7/70/701/';
const GRID = `${TOWNSHIP}7011/70111/`;
const LEAD_UNIT = 90;
const REPORTER = 5;

function membership(role: Role, anchorPath: string, unitId = 1): ActorMembership {
  return {
    id: unitId,
    unitId,
    unitName: `unit ${unitId}`,
    unitCode: `code${unitId}`,
    unitType: 'region',
    unitLevel: 'township',
    unitPath: anchorPath,
    role,
    anchorPath,
  };
}

function actor(userId: number, ...memberships: ActorMembership[]): Actor {
  return {
    userId,
    username: 'u',
    displayName: 'U',
    memberships,
    sessionId: 1,
    restriction: null,
    serviceAccount: null,
  };
}

const facts: CaseAccessFacts = {
  regionPath: GRID,
  centreRegionPath: TOWNSHIP,
  leadUnitId: LEAD_UNIT,
  reporterUserId: REPORTER,
  assignedUnitIds: [LEAD_UNIT],
  pendingWhistleUnitIds: [],
  serviceAccountId: null,
};

/** Each role placed where it sees the case: over the area, in the lead unit, or as its reporter. */
function seeing(role: Role): Actor {
  if (holds(role, 'case:own_reports')) return actor(REPORTER, membership(role, '/1/7/70/701/7011/', 3));
  if (holds(role, 'case:handle')) return actor(20, membership(role, TOWNSHIP, LEAD_UNIT));
  return actor(21, membership(role, TOWNSHIP));
}

describe('attachments a case shows', () => {
  it('shows staff every stage and the reporter only the report, after and result photos', () => {
    for (const role of ROLES) {
      for (const stage of ATTACHMENT_STAGES) {
        const shown = mayViewAttachment(seeing(role), facts, { stage });
        const expected = role === 'resident' ? ['report', 'after', 'result'].includes(stage) : true;
        expect(shown, `${role} ${stage}`).toBe(expected);
      }
    }
  });

  it('shows a staff member who reported the case themselves all of it', () => {
    const both = actor(REPORTER, membership('resident', '/1/7/70/701/7011/', 3), membership('operator', TOWNSHIP));
    expect(visibleStages(both, facts)).toBe('all');
  });
});

describe('the stage of an upload', () => {
  const intake = { createdByActor: true, status: 'registered' };
  const later = { createdByActor: true, status: 'in_progress' };

  it('files a reporter’s upload as the report and refuses any other stage', () => {
    const resident = attachingMembership(seeing('resident'), facts)!;
    expect(stageOfUpload(resident, undefined, later)).toEqual({ stage: 'report' });
    expect(stageOfUpload(resident, 'report', later)).toEqual({ stage: 'report' });
    for (const stage of ATTACHMENT_STAGES.filter((s) => s !== 'report')) {
      expect(stageOfUpload(resident, stage, later)).toHaveProperty('refused');
    }
  });

  it('lets staff choose, and files the creator’s photos at intake as the report, else other', () => {
    for (const role of ROLES.filter((r) => r !== 'resident' && holds(r, 'case:attach'))) {
      const m = attachingMembership(seeing(role), facts)!;
      expect(m, role).toBeDefined();
      for (const stage of ATTACHMENT_STAGES) expect(stageOfUpload(m, stage, later)).toEqual({ stage });
      expect(stageOfUpload(m, undefined, intake)).toEqual({ stage: 'report' });
      expect(stageOfUpload(m, undefined, later)).toEqual({ stage: 'other' });
      expect(stageOfUpload(m, undefined, { createdByActor: false, status: 'registered' })).toEqual({ stage: 'other' });
    }
  });

  it('gives no attaching membership to those who only oversee', () => {
    for (const role of ROLES.filter((r) => !holds(r, 'case:attach'))) {
      expect(attachingMembership(seeing(role), facts), role).toBeUndefined();
    }
  });
});

// Who may read, work and decide a stability risk assessment: the powers of common/powers.ts over
// the jurisdiction holding the assessed unit. Pure.
import { can, type Actor } from '../auth/index.ts';

export const mayReadAssessment = (actor: Actor, unitPath: string) => can(actor, 'stability:read', [unitPath]);
export const mayManageAssessment = (actor: Actor, unitPath: string) => can(actor, 'stability:manage', [unitPath]);
export const mayDecideAssessment = (actor: Actor, unitPath: string) => can(actor, 'stability:decide', [unitPath]);

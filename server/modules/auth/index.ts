// The auth module owns accounts, memberships and sessions, and the access policy every other
// module asks: who the actor is, and what it may do where.
export { authRoutes } from './auth.routes.ts';
export { userRoutes } from './users.routes.ts';
export { serviceAccountRoutes } from './service-accounts.routes.ts';
export { registerAuthHook, registerDenialAudit, authorize, requireActor, auditActorOf } from './auth.hook.ts';
export {
  can,
  coversWholeTree,
  anchorPathOf,
  actingMembership,
  jurisdictionPaths,
  rolesAllow,
  membershipHolds,
  SERVICE_ACCOUNT_ROLE,
  type Actor,
  type ActorMembership,
  type Action,
  type ServiceAccountIdentity,
} from './access.policy.ts';
export * from './use-cases/manage-users.ts';
export { login } from './use-cases/login.ts';
export { sessionStillValid } from './sessions.ts';
export {
  findUserByUsername,
  userNames,
  activeMembers,
  activeMemberIds,
  activeUsersWithRoles,
  findMemberships,
  activeMembersWithin,
  activeHoldersAt,
  residentAccountsByPhoneHash,
  usersWithPhone,
  findUserByPhoneHash,
} from './auth.repository.ts';
export { countHit, tryAgainIn, type RateScope, type WindowCount } from './rate-window.ts';
export { clientKey, retryAfterSecondsOf } from './login-throttle.ts';
export {
  authenticateApiKey,
  findServiceAccountBySystem,
  serviceAccountIdsWithin,
  hashApiKey,
  API_KEY_HEADER,
  API_KEY_PREFIX,
  type ApiKeyUse,
} from './service-accounts.ts';
export { serviceAccountWebhookChannel } from './service-account-webhook.ts';
export { smsChallengeMessage, accountPhone } from './sms-codes.ts';
export type { SmsChallengeTables } from './sms-challenge.table.ts';
export { findResidentHome, moveResidentHome, type ResidentHome } from './use-cases/resident-home.ts';

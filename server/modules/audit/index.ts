// The audit module exposes the audit log to administrators. The chain itself (append, verify)
// lives in platform/audit, since every module writes to it.
export { auditRoutes } from './audit.routes.ts';

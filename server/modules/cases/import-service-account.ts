// The service account of the sending system (auth's findServiceAccountBySystem): imported cases
// name it, so their status changes are delivered to its webhook.
import type { AppContext } from '../../context.ts';
import { findServiceAccountBySystem } from '../auth/index.ts';

export async function serviceAccountFor(ctx: AppContext, system: string): Promise<number | null> {
  const account = await findServiceAccountBySystem(ctx.db, system);
  // A revoked account no longer speaks for its system.
  return account && account.revokedAt === null ? account.id : null;
}

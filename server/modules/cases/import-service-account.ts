// The service account of the sending system (keys helper's findServiceAccountBySystem): imported
// cases name it, so their results flow back to it by webhook.
import type { AppContext } from '../../context.ts';

export function serviceAccountFor(_ctx: AppContext, _system: string): Promise<number | null> {
  // Until the keys module's findServiceAccountBySystem is merged: no account, cases stay the importer's.
  return Promise.resolve(null);
}

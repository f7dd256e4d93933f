/**
 * Runs `work` while holding `lockFile` (a file with the holder's pid; a dead holder's lock is taken
 * over), waiting up to `waitMs` for another holder, polling every `pollMs`.
 */
export function withLock<T>(
  lockFile: string,
  work: () => Promise<T>,
  options: { what: string; waitMs: number; pollMs: number },
): Promise<T>;

// Job leases on both databases: one holder at a time, kept by its holder, taken over once expired
// or released, and a job wrapped in its lease runs in one of two "processes" (holders) only.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { claimLease, releaseLeases, underLease } from './lease.ts';

describeEachDialect('job leases', (get) => {
  it('has one holder at a time until it expires or is released', async () => {
    const db = get().ctx.db;
    const now = Date.now();
    expect(await claimLease(db, 'sweeper', 'a', now + 60_000, now)).toBe(true);
    expect(await claimLease(db, 'sweeper', 'b', now + 60_000, now)).toBe(false);
    // Its holder renews it.
    expect(await claimLease(db, 'sweeper', 'a', now + 120_000, now)).toBe(true);
    // Expired: another takes it.
    expect(await claimLease(db, 'sweeper', 'b', now + 200_000, now + 120_000)).toBe(true);
    expect(await claimLease(db, 'sweeper', 'a', now + 200_000, now + 120_001)).toBe(false);
    await releaseLeases(db, 'b');
    expect(await claimLease(db, 'sweeper', 'a', now + 60_000, now)).toBe(true);
    // Leases of other jobs are their own.
    expect(await claimLease(db, 'notifier-x', 'b', now + 60_000, now)).toBe(true);
  });

  it('runs a leased job in one holder only, and the same holder keeps it for the next run', async () => {
    const db = get().ctx.db;
    let runs = 0;
    const job = async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    };
    const inA = underLease(db, 'warnings-scan', 60_000, job, 'holder-a');
    const inB = underLease(db, 'warnings-scan', 60_000, job, 'holder-b');
    const [a, b] = await Promise.all([inA(), inB()]);
    expect([a.ran, b.ran].filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
    const winner = a.ran ? inA : inB;
    const loser = a.ran ? inB : inA;
    expect((await loser()).ran).toBe(false);
    expect((await winner()).ran).toBe(true);
    expect(runs).toBe(2);
  });
});

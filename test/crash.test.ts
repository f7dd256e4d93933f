// The crash test in its short form for every run: 3 SIGKILLs under intake load on each database
// (`npm run test:crash` does 10 on an empty database). See test/crash/crash-run.ts.
import { describe, expect, inject, it } from 'vitest';
import { freshDatabase } from './support/harness.ts';
import { testDataKey } from './support/env.ts';
import { runCrashTest } from './crash/crash-run.ts';

// The two databases run side by side: most of the time is server start-ups.
describe.concurrent('SIGKILL under intake load', () => {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    it.skipIf(dialect === 'postgres' && inject('pgUnavailableReason') !== null)(
      `loses no acknowledged case, keeps the database intact and the audit chain whole [${dialect}]`,
      async () => {
        const database = await freshDatabase(dialect);
        const lines: string[] = [];
        const report = await runCrashTest(
          {
            dialect,
            env: { ...database.env, CONCORD_DATA_KEY: testDataKey },
            sqlitePath: dialect === 'sqlite' ? database.sqlitePath : undefined,
          },
          { kills: 3, clients: 4, killWindowMs: [0, 600], log: (line) => lines.push(line) },
        );
        expect(report.failures, lines.join('\n')).toEqual([]);
        expect(report.rounds).toHaveLength(3);
        expect(report.acknowledged).toBeGreaterThan(0);
      },
      120_000,
    );
  }
});

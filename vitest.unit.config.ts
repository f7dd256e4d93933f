// The fast lane, `npm run test:unit`: pure logic and policy tests only — no database, no browser,
// no server — so none of vitest.config.ts's global set-up (it builds the database templates).
// A test joins the lane by its name, `*.unit.test.ts`, or by living in common/, which is pure by
// rule (the web imports it). `npm test` runs these files too. A unit test that reaches for the
// database harness fails here at once: nothing provides its template.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['common/**/*.test.ts', 'server/**/*.unit.test.ts', 'test/**/*.unit.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});

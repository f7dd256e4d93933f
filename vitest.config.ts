import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'common/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // expect.poll waits for something a user would see appear (a page re-rendered after a request);
    // its 1 s default fails a browser test on a busy machine, not a broken page.
    expect: { poll: { timeout: 20_000 } },
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});

// The failover drill's options and report line, without a cluster (the drill itself needs root and
// pg_auto_failover: `npm run drill:failover`).
import { describe, expect, it } from 'vitest';
import { parseDrillArgs, reportLine, targetMisses, type DrillResult } from '../scripts/drill-failover-report.ts';

const passed: DrillResult = {
  recoveredSeconds: 12.34,
  lost: 0,
  acknowledged: 300,
  failedRequests: 120,
  failuresAfterRecovery: 0,
  primaryBefore: 'node1',
  primaryAfter: 'node2',
};

describe('drill:failover', () => {
  it('runs with its defaults: 8 clients, target 30 s, ports from 6000', () => {
    expect(parseDrillArgs([])).toEqual({
      clients: 8,
      before: 8,
      after: 10,
      giveUp: 90,
      targetSeconds: 30,
      basePort: 6000,
      keep: false,
    });
    expect(parseDrillArgs(['--clients', '16', '--target', '20', '--base-port', '7000', '--keep'])).toMatchObject({
      clients: 16,
      targetSeconds: 20,
      basePort: 7000,
      keep: true,
    });
  });

  it.each([
    [['--clients', '0'], /--clients/],
    [['--clients', '2.5'], /whole number/],
    [['--base-port', '80'], /--base-port/],
    [['--target', 'soon'], /--target/],
    [['--kill', 'monitor'], /Unknown option/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseDrillArgs(argv)).toThrow(message);
  });

  it('prints the recovery seconds and the lost count on one line, Chinese first', () => {
    expect(reportLine(passed)).toBe('恢复 / recovered in 12.3 s; 丢失 / acknowledged cases lost: 0');
    expect(reportLine({ recoveredSeconds: null, lost: 3 })).toBe(
      '恢复 / recovered: never; 丢失 / acknowledged cases lost: 3',
    );
  });

  it('passes only back within the target, with nothing lost, on the other node', () => {
    expect(targetMisses(passed, { targetSeconds: 30 })).toEqual([]);
    expect(targetMisses({ ...passed, recoveredSeconds: 31 }, { targetSeconds: 30 })).toEqual([
      'intake came back after 31.0 s, target 30 s',
    ]);
    expect(targetMisses({ ...passed, recoveredSeconds: null, lost: 2 }, { targetSeconds: 30 })).toEqual([
      'intake never came back',
      '2 acknowledged cases lost, target 0',
    ]);
    expect(targetMisses({ ...passed, primaryAfter: 'node1' }, { targetSeconds: 30 })).toEqual([
      'no failover: node1 is still the primary (restarted in place)',
    ]);
  });
});

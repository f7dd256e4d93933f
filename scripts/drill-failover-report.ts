// The failover drill's options, verdict and report line (scripts/drill-failover.ts), apart from the
// cluster so that a test can check them without one.
import { parseArgs } from 'node:util';

export interface DrillOptions {
  /** Concurrent intake clients. */
  clients: number;
  /** Seconds of load before the kill. */
  before: number;
  /** Seconds of load kept after intake is back (to see it stays back). */
  after: number;
  /** The drill gives up on recovery this long after the kill. */
  giveUp: number;
  /** Target: intake back within this many seconds. */
  targetSeconds: number;
  /** First port tried for the monitor and the two nodes (three free ports from here on). */
  basePort: number;
  /** Keep the temporary directory (logs, data folders) after the drill. */
  keep: boolean;
}

export const DRILL_USAGE =
  'npm run drill:failover [-- --clients 8] [--before 8] [--after 10] [--give-up 90] [--target 30] [--base-port 6000] [--keep]';

function positive(name: string, raw: string, max: number): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new Error(`--${name} must be a number above 0 and at most ${max}, got "${raw}"`);
  }
  return value;
}

export function parseDrillArgs(argv: string[]): DrillOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      clients: { type: 'string', default: '8' },
      before: { type: 'string', default: '8' },
      after: { type: 'string', default: '10' },
      'give-up': { type: 'string', default: '90' },
      target: { type: 'string', default: '30' },
      'base-port': { type: 'string', default: '6000' },
      keep: { type: 'boolean', default: false },
    },
  });
  const clients = positive('clients', values.clients, 256);
  if (!Number.isInteger(clients)) throw new Error(`--clients must be a whole number, got "${values.clients}"`);
  const basePort = positive('base-port', values['base-port'], 65_000);
  if (!Number.isInteger(basePort) || basePort < 1024) {
    throw new Error(`--base-port must be a whole number from 1024, got "${values['base-port']}"`);
  }
  return {
    clients,
    before: positive('before', values.before, 3600),
    after: positive('after', values.after, 3600),
    giveUp: positive('give-up', values['give-up'], 3600),
    targetSeconds: positive('target', values.target, 3600),
    basePort,
    keep: values.keep,
  };
}

export interface DrillResult {
  /** Seconds from the kill to the first new case (first sent after the kill) acknowledged; null: never. */
  recoveredSeconds: number | null;
  /** Acknowledged (201) cases missing from the new primary. */
  lost: number;
  acknowledged: number;
  /** Requests answered with an error or not at all (each was retried with its Idempotency-Key). */
  failedRequests: number;
  /** Failed requests sent after intake was back. */
  failuresAfterRecovery: number;
  primaryBefore: string;
  primaryAfter: string;
}

/** The line an operator reads, Chinese first. */
export function reportLine(result: Pick<DrillResult, 'recoveredSeconds' | 'lost'>): string {
  const recovered =
    result.recoveredSeconds === null
      ? '恢复 / recovered: never'
      : `恢复 / recovered in ${result.recoveredSeconds.toFixed(1)} s`;
  return `${recovered}; 丢失 / acknowledged cases lost: ${result.lost}`;
}

/** What missed the target, in words; empty when the drill passed. */
export function targetMisses(result: DrillResult, options: Pick<DrillOptions, 'targetSeconds'>): string[] {
  const misses: string[] = [];
  if (result.recoveredSeconds === null) misses.push('intake never came back');
  else if (result.recoveredSeconds > options.targetSeconds) {
    misses.push(`intake came back after ${result.recoveredSeconds.toFixed(1)} s, target ${options.targetSeconds} s`);
  }
  if (result.lost > 0) misses.push(`${result.lost} acknowledged cases lost, target 0`);
  if (result.primaryAfter === result.primaryBefore) {
    misses.push(`no failover: ${result.primaryBefore} is still the primary (restarted in place)`);
  }
  return misses;
}

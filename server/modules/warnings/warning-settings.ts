// The rules' thresholds as data (warning_setting, one row per rule): read by the rules at every
// raising, edited by an administrator of the whole tree through PUT /api/v1/warning-settings.
import type { Db, Trx } from '../../context.ts';
import type { WarningLevel } from '../../../common/warnings.ts';
import { keptRead } from '../../platform/db/kept-read.ts';

type Executor = Db | Trx;

/** The rules that read settings (screening_overdue belongs to the screening ledgers). */
export const RULE_KINDS = [
  'repeat_reporter',
  'repeat_location',
  'group_dispute',
  'escalation_words',
  'hot_spot',
  'agreement_breach',
] as const;

export type RuleKind = (typeof RULE_KINDS)[number];

export interface RuleSetting {
  kind: RuleKind;
  enabled: boolean;
  level: WarningLevel;
  /** Cases (or people, for group_dispute) at which the rule fires; for hot_spot the least count. */
  minCount: number | null;
  /** The window looked back over, in days (hot_spot: the recent window). */
  windowDays: number | null;
  /** repeat_location: how near counts as the same place. */
  radiusM: number | null;
  /** hot_spot: the baseline window before the recent one. */
  baselineDays: number | null;
  /** hot_spot: the Poisson upper-tail probability below which a count is "far above". */
  pValue: number | null;
  updatedAt: string | null;
}

export type Knob = 'minCount' | 'windowDays' | 'radiusM' | 'baselineDays' | 'pValue';

/** Which knobs each rule has: the others stay null and the editor shows them disabled. */
export const RULE_KNOBS: Record<RuleKind, readonly Knob[]> = {
  repeat_reporter: ['minCount', 'windowDays'],
  repeat_location: ['minCount', 'windowDays', 'radiusM'],
  group_dispute: ['minCount'],
  escalation_words: [],
  hot_spot: ['minCount', 'windowDays', 'baselineDays', 'pValue'],
  agreement_breach: [],
};

async function readSettings(db: Executor): Promise<ReadonlyMap<RuleKind, Readonly<RuleSetting>>> {
  const rows = await db.selectFrom('warning_setting').selectAll().execute();
  return new Map(
    rows
      .filter((r): r is typeof r & { kind: RuleKind } => (RULE_KINDS as readonly string[]).includes(r.kind))
      .map((r) => [
        r.kind,
        Object.freeze({
          kind: r.kind,
          enabled: r.enabled === 1,
          level: r.level,
          minCount: r.min_count,
          windowDays: r.window_days,
          radiusM: r.radius_m,
          baselineDays: r.baseline_days,
          pValue: r.p_value === null ? null : Number(r.p_value),
          updatedAt: r.updated_at,
        }),
      ]),
  );
}

/** Kept while no setting changes (kept-read.ts): intake's rules read them for every report. */
const keptSettings = keptRead(['warning_setting'], readSettings);

/**
 * Every rule's setting. Inside a transaction pass it as `within`; the application's database is
 * still given first, so the settings can be kept.
 */
export async function loadSettings(db: Executor, within?: Trx): Promise<ReadonlyMap<RuleKind, Readonly<RuleSetting>>> {
  return keptSettings(db, within);
}

export async function loadSetting(db: Executor, kind: RuleKind): Promise<RuleSetting | undefined> {
  return (await loadSettings(db)).get(kind);
}

export async function saveSetting(trx: Trx, setting: RuleSetting, by: number, at: string): Promise<void> {
  await trx
    .updateTable('warning_setting')
    .set({
      enabled: setting.enabled ? 1 : 0,
      level: setting.level,
      min_count: setting.minCount,
      window_days: setting.windowDays,
      radius_m: setting.radiusM,
      baseline_days: setting.baselineDays,
      p_value: setting.pValue,
      updated_at: at,
      updated_by: by,
    })
    .where('kind', '=', setting.kind)
    .execute();
}

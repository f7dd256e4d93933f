// Points and the civilisation bank (issue 19 §3) and the recognition board (§5): the earning rules,
// the holders' balances, the append-only ledger, the villages' rewards and redemptions, nominations.
import type { Generated } from 'kysely';

export interface PointRuleTable {
  code: string;
  name: string;
  /** Points per unit (one event; one hour for volunteer_hour). */
  points: number;
  /** At most this many points of the rule per holder and period; null: no cap. */
  cap: number | null;
  cap_period: string;
  active: number;
  sort: number;
  updated_by: number | null;
  updated_at: string;
}

/** One per holder (a resident account): changed only with its ledger entry, by guarded updates. */
export interface PointAccountTable {
  user_id: number;
  /** The holder's home (its resident membership's unit) when last credited: the leaderboard's village. */
  unit_id: number | null;
  unit_path: string | null;
  /** Never below zero (a check constraint too). */
  balance: number;
  /** Everything earned, spends not subtracted: what the leaderboard ranks by. */
  earned: number;
  updated_at: string;
}

/** The ledger: appended, never updated or deleted; a correction is a new entry. */
export interface PointEntryTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  rule_code: string | null;
  /** The source event (e.g. `case:12`); with rule_code and user_id unique: earned once. */
  source_key: string | null;
  /** The Beijing day/month/year the rule's cap counts this earning in. */
  cap_period_key: string | null;
  /** Signed: earnings positive, spends negative. */
  amount: number;
  balance_after: number;
  redemption_id: number | null;
  reason: string | null;
  created_by: number | null;
  created_at: string;
}

export interface PointRewardTable {
  id: Generated<number>;
  unit_id: number;
  unit_path: string;
  name: string;
  description: string | null;
  cost: number;
  stock: number;
  active: number;
  created_by: number;
  created_at: string;
  updated_at: string;
}

export interface PointRedemptionTable {
  id: Generated<number>;
  reward_id: number;
  user_id: number;
  /** The reward's unit path: whose counter hands it over. */
  unit_path: string;
  cost: number;
  /** What the resident shows at the counter: short, random, unique. */
  code: string;
  status: string;
  created_at: string;
  handed_over_by: number | null;
  handed_over_at: string | null;
}

export interface RecognitionTable {
  id: Generated<number>;
  unit_id: number;
  unit_path: string;
  nominee_name: string;
  /** The nominee's resident account when known (its points go there on approval). */
  nominee_user_id: number | null;
  deed: string;
  nominated_by: number;
  nominated_at: string;
  status: string;
  reviewed_by: number | null;
  reviewed_at: string | null;
  review_reason: string | null;
  points_credited: number | null;
}

export interface PointsTables {
  point_rule: PointRuleTable;
  point_account: PointAccountTable;
  point_entry: PointEntryTable;
  point_reward: PointRewardTable;
  point_redemption: PointRedemptionTable;
  recognition: RecognitionTable;
}

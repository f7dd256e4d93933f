import type { Generated } from 'kysely';

/**
 * Another system that calls Concord with an API key (issue 15): the 12345 platform, an Open311
 * client. Bound to one unit's jurisdiction; acts as its backing account `svc:<name>` (app_user,
 * disabled for sign-in) so that every record it makes names an account.
 */
export interface ServiceAccountTable {
  id: Generated<number>;
  name: string;
  /** The unit whose jurisdiction the key reaches (the anchor of its synthetic membership). */
  unit_id: number;
  /** JSON array of scopes (common/powers.ts SCOPES). */
  scopes: string;
  /** Unique short code of the external system (e.g. `12345-sd`), the `system` of its externalRefs. */
  system: string | null;
  /** SHA-256 (hex) of the key; the key itself is shown once and never stored. */
  key_hash: string;
  /** The key's first characters (`ck_XXXXXXXX`), to recognise it in lists. */
  key_prefix: string;
  /** Requests per minute before 429. */
  rate_per_minute: number;
  webhook_url: string | null;
  /** The webhook signing secret, sealed with the personal-data cipher; shown once in clear. */
  webhook_secret: string | null;
  /** The backing account (`svc:<name>`) named as creator and actor of what the key does. */
  user_id: number;
  created_by: number;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface ServiceAccountTables {
  service_account: ServiceAccountTable;
}

import type { ColumnType, Generated } from 'kysely';

/** A column an insert may leave out (null then). */
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  must_change_password: number;
  /** No longer written: failures are counted per client address in login_throttle (ADR 0010). */
  failed_login_count: number;
  /** No longer written: nobody can lock an account for everyone (ADR 0010). */
  locked_until: string | null;
  /** TOTP secret, encrypted with the personal-data key. */
  totp_secret: string | null;
  totp_enabled: number;
  /** The time step of the last one-time code accepted; a code is good once (RFC 6238 §5.2). */
  totp_last_step: number | null;
  disabled: number;
  created_at: string;
  updated_at: string;
  /** A resident account's phone (signed up by SMS code), sealed; null for staff. */
  phone_enc: Optional<string>;
  /** Blind index of `phone_enc`, unique: one account per phone. */
  phone_hash: Optional<string>;
}

export interface MembershipTable {
  id: Generated<number>;
  user_id: number;
  unit_id: number;
  role: string;
  created_at: string;
}

export interface UserSessionTable {
  id: Generated<number>;
  /** SHA-256 of the bearer token; the token itself is never stored. */
  token_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
  /** Set while the session may only change its password or enrol TOTP. */
  restriction: string | null;
  client_ip: string | null;
}

/** Failed attempts of one kind, on one account, from one client address (ADR 0010). */
export interface LoginThrottleTable {
  /** 'login' (subject: the username as typed, known or not) or 'password' (subject: the user id). */
  scope: string;
  subject: string;
  /** The client address: IPv4, or the /64 network of an IPv6 address. */
  client: string;
  failures: number;
  last_failure_at: string;
  /** No attempt from this client is looked at before this time. */
  blocked_until: string | null;
}

export interface AuthTables {
  app_user: AppUserTable;
  membership: MembershipTable;
  user_session: UserSessionTable;
  login_throttle: LoginThrottleTable;
}

import type { Generated } from 'kysely';

/** One sign-in code sent by SMS to a phone (issue 15): valid 5 minutes, 5 tries, good once. */
export interface SmsChallengeTable {
  id: Generated<number>;
  /** Blind index of the phone: how a phone's codes are found without decrypting them. */
  phone_hash: string;
  /** The phone, sealed with the personal-data key (the SMS channel needs it). */
  phone_enc: string;
  /** `<salt>$<HMAC>` of the code under the blind-index key: the code itself is never stored in clear. */
  code_hash: string;
  /** The code, sealed, only until the SMS channel has taken it (smsChallengeMessage), then null. */
  code_enc: string | null;
  expires_at: string;
  /** Wrong codes tried; the fifth kills the challenge. */
  attempts: number;
  /** Signed in with, superseded by a newer code, or killed: a consumed challenge is never good again. */
  consumed_at: string | null;
  created_at: string;
  /** The client address that asked (IPv4, or the /64 of IPv6), for the per-address limit and audits. */
  client: string | null;
}

export interface SmsChallengeTables {
  sms_challenge: SmsChallengeTable;
}

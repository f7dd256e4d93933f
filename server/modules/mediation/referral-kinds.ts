// Hand-off kinds: into mediation from a court, police station or petition office (诉调/警调/访调
// 对接), and out of it to the court (a failed mediation goes to litigation; an agreement goes for
// judicial confirmation).
import type { ReferralKind } from './mediation.table.ts';

export const INCOMING_KINDS = ['court', 'police', 'petition'] as const satisfies readonly ReferralKind[];
export const OUTGOING_KINDS = ['litigation', 'judicial_confirmation'] as const satisfies readonly ReferralKind[];

export const KIND_LABELS: Record<ReferralKind, string> = {
  court: '诉调对接',
  police: '警调对接',
  petition: '访调对接',
  litigation: '调解不成转诉讼',
  judicial_confirmation: '申请司法确认',
};

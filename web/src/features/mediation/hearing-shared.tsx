// What the hearing screens share: the API's hearing shapes, the names of participant kinds and
// statuses, and the unit that convenes (it signs the notice).
import { Tag } from 'antd';
import type { ParticipantKind } from '../../../../common/hearing-notice.ts';
import { holds } from '../../../../common/powers.ts';
import type { components } from '../../shared/api-schema.d.ts';
import type { Me } from '../../shared/api-types.ts';
import { useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';

export type Hearing = components['schemas']['Hearing'];
export type HearingDetail = components['schemas']['HearingDetail'];
export type HearingStatus = Hearing['status'];

export const PARTICIPANT_KIND_KEYS: Record<ParticipantKind, MessageKey> = {
  department: 'hearing.kind.department',
  lawyer: 'hearing.kind.lawyer',
  deputy: 'hearing.kind.deputy',
  resident: 'hearing.kind.resident',
  expert: 'hearing.kind.expert',
  party: 'hearing.kind.party',
  other: 'hearing.kind.other',
};

const STATUS: Record<HearingStatus, { key: MessageKey; colour: string }> = {
  scheduled: { key: 'hearing.status.scheduled', colour: 'blue' },
  held: { key: 'hearing.status.held', colour: 'green' },
  cancelled: { key: 'hearing.status.cancelled', colour: 'default' },
};

export function HearingStatusTag({ hearing }: { hearing: Pick<Hearing, 'status' | 'minutesDue'> }) {
  const { t } = useI18n();
  // Past its time (by the server's clock) and not yet recorded: the minutes are due.
  const due = hearing.minutesDue;
  const { key, colour } = STATUS[hearing.status];
  return (
    <Tag color={due ? 'orange' : colour} data-testid="hearing-status">
      {t(due ? 'hearing.status.due' : key)}
    </Tag>
  );
}

/** The unit the user convenes hearings for (the notice is signed in its name). */
export function convenerOf(me: Me | null): string {
  const membership = me?.memberships.find((m) => holds(m.role, 'hearing:manage'));
  return membership?.unitName ?? me?.user.displayName ?? '';
}

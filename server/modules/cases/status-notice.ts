// The sending system hears of its case (issue 15): every change of status of a case a service
// account sent (the 12345 platform's work orders, Open311 requests) is one `case.status_changed`
// message to that account, delivered to its webhook by the keys module's channel. The payload names
// the case by the sender's own reference; nothing personal.
import type { OutboxMessage } from '../../platform/outbox/outbox.ts';
import type { CaseRow } from './cases.repository.ts';

type Sent = Pick<CaseRow, 'id' | 'number' | 'status' | 'service_account_id' | 'external_system' | 'external_id'>;

/** The message for a change from `before.status` to `to`; none when the status stays or nobody sent it. */
export function statusChangedNotice(before: Sent, to: CaseRow['status'], action: string, at: string): OutboxMessage[] {
  if (before.service_account_id === null || before.status === to) return [];
  return [
    {
      topic: 'case.status_changed',
      recipientType: 'service_account',
      recipient: before.service_account_id,
      subjectType: 'case',
      subjectId: before.id,
      payload: {
        number: before.number,
        externalRef:
          before.external_system !== null && before.external_id !== null
            ? { system: before.external_system, id: before.external_id }
            : null,
        status: to,
        action,
        at,
      },
    },
  ];
}

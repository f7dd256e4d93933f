// An audit record's details as lines a person reads: each key's meaning beside its value in words
// (statuses, channels, roles and refusal codes by their labels, units and cases by the names the
// API resolved), never the JSON or the ids. Hashes and internal ids are left out.
import { Descriptions, Typography } from 'antd';
import type { ReactNode } from 'react';
import { refKey, refKindOf } from '../../../../common/audit-refs.ts';
import { errorText } from '../../../../common/errors.ts';
import { ROLE_LABELS, isRole } from '../../../../common/roles.ts';
import type { AuditEntry } from '../../shared/api-types.ts';
import type { Bilingual } from '../../shared/bilingual.ts';
import { formatDate, useI18n, type I18n } from '../../shared/i18n.tsx';
import {
  AGREEMENT_FORM_LABELS,
  CHANNEL_LABELS,
  DAY_KIND_LABELS,
  OUTCOME_LABELS,
  PERFORMANCE_LABELS,
  REFERRAL_KIND_LABELS,
  REFERRAL_RESULT_LABELS,
  SIGN_METHOD_LABELS,
  STATUS_LABELS,
} from '../../shared/labels.ts';
import { AUDIT_DETAIL_LABELS, AUDIT_DETAIL_VALUES, RETURN_CALL_OUTCOME_LABELS } from '../../shared/messages/desk.ts';

/** Keys that mean nothing to a reader: content hashes and internal row ids. */
const HIDDEN = new Set([
  'textHash',
  'documentHash',
  'sessionId',
  'seq',
  'agreementId',
  'partyId',
  'personIds',
  'attachmentId',
  'notified',
  'returnCallId',
  'lead',
  'assist',
]);

/** Coded values by key, from the console's label tables and the desk's own. */
const CODED: Record<string, readonly Record<string, Bilingual>[]> = {
  from: [STATUS_LABELS],
  to: [STATUS_LABELS],
  channel: [CHANNEL_LABELS],
  kind: [REFERRAL_KIND_LABELS, DAY_KIND_LABELS],
  outcome: [REFERRAL_RESULT_LABELS, OUTCOME_LABELS, RETURN_CALL_OUTCOME_LABELS],
  performance: [PERFORMANCE_LABELS],
  method: [SIGN_METHOD_LABELS],
  form: [AGREEMENT_FORM_LABELS],
  ...Object.fromEntries(Object.entries(AUDIT_DETAIL_VALUES).map(([key, table]) => [key, [table]])),
};

type Say = Pick<I18n, 't' | 'pick' | 'locale'>;

interface Context {
  entry: AuditEntry;
  categories: Map<string, string>;
  say: Say;
}

function coded(key: string, value: string, say: Say): string | undefined {
  for (const table of CODED[key] ?? []) {
    const label = table[value];
    if (label) return say.pick(label);
  }
  return undefined;
}

function refusal(code: unknown, say: Say): string {
  if (typeof code !== 'string') return '—';
  return errorText(code, say.locale === 'zh-CN' ? 'zh' : 'en') ?? code;
}

function request(method: unknown, route: unknown): ReactNode {
  return (
    <Typography.Text code>
      {[method, route].filter((part) => typeof part === 'string').join(' ') || '—'}
    </Typography.Text>
  );
}

/** One value in words. */
function valueOf(key: string, value: unknown, ctx: Context): ReactNode {
  const { say, entry } = ctx;
  if (value === null || value === undefined || value === '') return '—';
  const kind = refKindOf(key);
  if (kind !== null) {
    const ids = [value].flat().filter((id): id is number => typeof id === 'number');
    const names = ids.map((id) => entry.names[refKey(kind, id)] ?? say.t('desk.audit.unnamed'));
    return names.length > 0 ? names.join(say.t('desk.sep.list')) : '—';
  }
  if (typeof value === 'boolean') return value ? say.t('common.yes') : say.t('common.no');
  switch (key) {
    case 'categoryCode':
      return typeof value === 'string' ? (ctx.categories.get(value) ?? value) : '—';
    case 'role':
      if (typeof value !== 'string') return '—';
      return isRole(value) ? say.pick(ROLE_LABELS[value]) : value;
    case 'code':
      return refusal(value, say);
    case 'retryAfterSeconds':
      return typeof value === 'number' ? say.t('desk.audit.minutes', { n: Math.ceil(value / 60) }) : '—';
    case 'size':
      return typeof value === 'number' ? `${Math.ceil(value / 1024)} KB` : '—';
    case 'confirmationDeadline':
    case 'deadline':
      return typeof value === 'string' ? formatDate(value, say.locale) : '—';
    case 'signer':
      if (typeof value === 'string' && value.startsWith('party:')) return say.t('desk.audit.party');
      break;
    case 'memberships':
      if (Array.isArray(value)) {
        return value
          .map((m: unknown) => {
            if (typeof m !== 'object' || m === null) return '—';
            const { unitId, role } = m as { unitId?: unknown; role?: unknown };
            return say.t('desk.withNote', {
              text: valueOf('unitId', unitId, ctx) as string,
              note: valueOf('role', role, ctx) as string,
            });
          })
          .join(say.t('desk.sep.items'));
      }
      break;
    case 'externalRef':
      if (typeof value === 'object' && !Array.isArray(value)) {
        const { system, id } = value as { system?: unknown; id?: unknown };
        return [system, id].filter((part) => typeof part === 'string' || typeof part === 'number').join(' ');
      }
      break;
    case 'last':
      if (typeof value === 'object' && !Array.isArray(value)) {
        const last = value as { method?: unknown; route?: unknown; code?: unknown };
        return (
          <>
            {request(last.method, last.route)} {refusal(last.code, say)}
          </>
        );
      }
      break;
  }
  if (typeof value === 'string') return coded(key, value, say) ?? value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    return value
      .map((item) => (typeof item === 'string' ? (coded(key, item, say) ?? item) : String(item)))
      .join(say.t('desk.sep.list'));
  }
  if (typeof value === 'object') {
    return (
      <div>
        {Object.entries(value as Record<string, unknown>)
          .filter(([inner]) => !HIDDEN.has(inner))
          .map(([inner, innerValue]) => (
            <div key={inner}>
              {labelOf(inner, say)}
              {say.t('desk.sep.label')}
              {valueOf(inner, innerValue, ctx)}
            </div>
          ))}
      </div>
    );
  }
  return '—';
}

function labelOf(key: string, say: Say): string {
  return say.pick(AUDIT_DETAIL_LABELS[key] ?? AUDIT_DETAIL_LABELS.other!);
}

/** The lines of a record's details, in the order they were written. */
export function detailLines(entry: AuditEntry, categories: Map<string, string>, say: Say): [string, ReactNode][] {
  const details = entry.details;
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return [];
  const ctx: Context = { entry, categories, say };
  const record = details as Record<string, unknown>;
  return Object.entries(record)
    .filter(([key]) => !HIDDEN.has(key) && !(key === 'method' && 'route' in record))
    .map(([key, value]) => [
      labelOf(key, say),
      key === 'route' ? request(record.method, value) : valueOf(key, value, ctx),
    ]);
}

export function AuditDetails({ entry, categories }: { entry: AuditEntry; categories: Map<string, string> }) {
  const say = useI18n();
  const lines = detailLines(entry, categories, say);
  if (lines.length === 0) {
    return (
      <Typography.Text type="secondary" data-testid="audit-record">
        {say.t('desk.audit.noDetails')}
      </Typography.Text>
    );
  }
  return (
    <Descriptions column={1} size="small" data-testid="audit-record" styles={{ label: { whiteSpace: 'nowrap' } }}>
      {lines.map(([label, value], i) => (
        <Descriptions.Item key={i} label={label}>
          {value}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

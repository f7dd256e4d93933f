// One hand-off, as either end sees it: what was sent, by whom and when, the receipt and the
// returned result. The receiving end acts here: a committee receipts a referral by accepting its
// case; a court receipts an application for judicial confirmation, reads the agreement with its
// signatures (agreement-review.tsx) and records whether it confirms it.
import { Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../shared/api.ts';
import type { Referral } from '../../shared/api-types.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDate, useI18n } from '../../shared/i18n.tsx';
import { REFERRAL_KIND_LABELS, REFERRAL_STATUS_LABELS, labelOf } from '../../shared/labels.ts';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { AgreementReview } from './agreement-review.tsx';
import { useNarrow } from './narrow.ts';
import {
  INCOMING,
  REFERRAL_STATUS_COLOURS,
  ReferralSteps,
  ResultCard,
  useReferralCommands,
} from './referral-shared.tsx';

export default function ReferralPage() {
  const { t, pick, locale } = useI18n();
  const { id } = useParams();
  const referralId = Number(id);
  const narrow = useNarrow();
  const loaded = useLoad(
    () => api.GET('/api/v1/referrals/{id}', { params: { path: { id: referralId } } }),
    String(referralId),
  );
  const [changed, setChanged] = useState<Referral | null>(null);
  const commands = useReferralCommands(setChanged);
  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  const referral = changed ?? loaded.data;
  if (!referral) return <PageLoading />;
  const r = referral;
  const busy = commands.busy === r.id;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="referral-page">
      <Card>
        <Space size={8} wrap>
          <Tag color={REFERRAL_STATUS_COLOURS[r.status]} data-testid="referral-status">
            {pick(labelOf(REFERRAL_STATUS_LABELS, r.status))}
          </Tag>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="referral-kind">
            {pick(labelOf(REFERRAL_KIND_LABELS, r.kind))}
          </Typography.Title>
        </Space>
        <Descriptions column={1} size="small" style={{ marginTop: 16 }} layout={narrow ? 'vertical' : 'horizontal'}>
          <Descriptions.Item label={t('hearing.case')}>
            <span style={{ overflowWrap: 'anywhere' }}>
              <Link to={`/cases/${r.caseId}`} data-testid="referral-case-link">
                {r.caseNumber}
              </Link>{' '}
              {r.caseTitle}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('referral.fromTo')}>
            <span style={{ overflowWrap: 'anywhere' }}>
              {r.fromUnitName} → {r.toUnitName}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('referrals.externalRef')}>
            <span style={{ overflowWrap: 'anywhere' }}>{r.externalRef ?? '—'}</span>
          </Descriptions.Item>
          {r.deadline && (
            <Descriptions.Item label={t('referrals.deadline')}>
              {formatDate(r.deadline, locale)}
              {r.overdue && (
                <Tag color="red" style={{ marginLeft: 8 }}>
                  {t('cases.overdue')}
                </Tag>
              )}
            </Descriptions.Item>
          )}
          {r.note && (
            <Descriptions.Item label={t('referral.note')}>
              <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{r.note}</span>
            </Descriptions.Item>
          )}
        </Descriptions>
        <div style={{ marginTop: 16 }}>
          <ReferralSteps referral={r} vertical={narrow} />
        </div>
        <Space wrap style={{ marginTop: 8 }}>
          {commands.answerable(r) && r.status === 'sent' && (
            <Button
              type="primary"
              loading={busy}
              onClick={() => void commands.receipt(r)}
              data-testid="referral-receipt"
            >
              {t('referrals.receipt')}
            </Button>
          )}
          {commands.acceptable(r) && (
            <Button type="primary" loading={busy} onClick={() => void commands.accept(r)} data-testid="referral-accept">
              {t('referral.accept')}
            </Button>
          )}
        </Space>
        {commands.acceptable(r) && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('referral.acceptHint')}
          </Typography.Paragraph>
        )}
      </Card>
      {r.kind === 'judicial_confirmation' && <AgreementReview caseId={r.caseId} />}
      {(r.kind === 'litigation' || (INCOMING.includes(r.kind) && r.status !== 'sent')) && (
        <Link to={`/cases/${r.caseId}/mediation`} data-testid="referral-file-link">
          <Button>{t('referral.openFile')}</Button>
        </Link>
      )}
      {commands.answerable(r) && <ResultCard referral={r} onDone={setChanged} />}
    </Space>
  );
}

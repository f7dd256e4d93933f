// What a court reads before confirming a mediation agreement (司法确认): the parties, the
// agreement's facts and terms, and every signature with who signed, how and when, each checked
// against the text as it is now (…/agreement/verify): a text changed after signing is void.
// The court may also print the A4 agreement with the parties' numbers in clear (audited).
import { Alert, App, Button, Card, Descriptions, Empty, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, apiFile } from '../../shared/api.ts';
import type { MediationFile } from '../../shared/api-types.ts';
import { describeError, ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDate, formatDateTime, useI18n } from '../../shared/i18n.tsx';
import {
  AGREEMENT_FORM_LABELS,
  AGREEMENT_STATUS_LABELS,
  PARTY_KIND_LABELS,
  PARTY_ROLE_LABELS,
  SIGN_METHOD_LABELS,
  labelOf,
} from '../../shared/labels.ts';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { useNarrow } from './narrow.ts';

const signerKey = (s: { signer: string; partyId: number | null }) => `${s.signer}:${s.partyId ?? ''}`;

function Parties({ file }: { file: MediationFile }) {
  const { t, pick } = useI18n();
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      {file.parties.map((p) => (
        <div key={p.id} data-testid="review-party" style={{ overflowWrap: 'anywhere' }}>
          <Space size={6} wrap>
            <Tag color={p.role === 'applicant' ? 'blue' : p.role === 'respondent' ? 'purple' : 'default'}>
              {pick(labelOf(PARTY_ROLE_LABELS, p.role))}
            </Tag>
            <Typography.Text strong>{p.name}</Typography.Text>
            {p.kind === 'organisation' && <Tag>{pick(labelOf(PARTY_KIND_LABELS, p.kind))}</Tag>}
          </Space>
          <div>
            <Typography.Text type="secondary">
              {p.kind === 'organisation' ? t('mediation.creditCode') : t('mediation.idNumber')}
              {t('mediation.colon')}
            </Typography.Text>
            {p.idNumber ?? p.creditCode ?? '—'}
            {'　'}
            <Typography.Text type="secondary">
              {t('mediation.partyPhone')}
              {t('mediation.colon')}
            </Typography.Text>
            {p.phone ?? '—'}
          </div>
          {p.representative && (
            <div>
              <Typography.Text type="secondary">
                {t('mediation.representative')}
                {t('mediation.colon')}
              </Typography.Text>
              {p.representative}
            </div>
          )}
          {p.address && (
            <div>
              <Typography.Text type="secondary">
                {t('mediation.address')}
                {t('mediation.colon')}
              </Typography.Text>
              {p.address}
            </div>
          )}
        </div>
      ))}
    </Space>
  );
}

function Review({ file }: { file: MediationFile }) {
  const i18n = useI18n();
  const { t, pick, locale } = i18n;
  const { message } = App.useApp();
  const narrow = useNarrow();
  const [printing, setPrinting] = useState(false);
  const agreement = file.agreement;
  const verified = useLoad(
    () =>
      agreement
        ? api.GET('/api/v1/mediations/{id}/agreement/verify', { params: { path: { id: file.id } } })
        : Promise.resolve(null),
    `${file.id}:${file.version}`,
  );
  if (!agreement) {
    return (
      <Card title={t('referral.agreement')}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.noAgreement')} />
      </Card>
    );
  }
  const checks = new Map((verified.data?.signedHashes ?? []).map((s) => [signerKey(s), s]));
  // The window opens on the click (no pop-up blocker), then shows the page once it has arrived.
  const print = async () => {
    const target = window.open('', '_blank');
    if (!target) {
      void message.error(t('mediation.popupBlocked'));
      return;
    }
    setPrinting(true);
    try {
      const { blob } = await apiFile('/api/v1/mediations/{id}/agreement.html', { id: file.id });
      const url = URL.createObjectURL(new Blob([blob], { type: 'text/html;charset=utf-8' }));
      target.location.replace(url);
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (failure) {
      target.close();
      void message.error(describeError(failure, i18n));
    } finally {
      setPrinting(false);
    }
  };

  const layout = narrow ? 'vertical' : 'horizontal';
  return (
    <Card
      title={t('referral.agreement')}
      data-testid="agreement-review"
      extra={
        <Tag color={agreement.status === 'effective' ? 'green' : 'orange'} data-testid="review-agreement-status">
          {pick(labelOf(AGREEMENT_STATUS_LABELS, agreement.status))}
        </Tag>
      }
    >
      {verified.error ? (
        <ErrorAlert error={verified.error} onRetry={verified.reload} />
      ) : verified.data ? (
        <Alert
          type={verified.data.unchanged ? 'success' : 'error'}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="review-verification"
          message={verified.data.unchanged ? t('referral.textUnchanged') : t('referral.textAltered')}
          description={
            // A field, so the digest can be copied and compared with the one printed on the agreement.
            <Input.TextArea
              readOnly
              autoSize
              aria-label={t('referral.textHash')}
              value={verified.data.textHash}
              style={{ fontFamily: 'monospace', wordBreak: 'break-all', marginTop: 4 }}
              data-testid="review-hash"
            />
          }
        />
      ) : (
        <PageLoading />
      )}
      <Descriptions column={1} size="small" bordered={!narrow} layout={layout}>
        <Descriptions.Item label={t('mediation.number')}>{file.number}</Descriptions.Item>
        <Descriptions.Item label={t('mediation.committee')}>{file.committee.name}</Descriptions.Item>
        <Descriptions.Item label={t('mediation.agreementForm')}>
          {pick(labelOf(AGREEMENT_FORM_LABELS, agreement.form))}
        </Descriptions.Item>
        <Descriptions.Item label={t('mediation.parties')}>
          <Parties file={file} />
        </Descriptions.Item>
        <Descriptions.Item label={t('mediation.facts')}>
          <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{agreement.facts}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('mediation.issues')}>
          <span style={{ overflowWrap: 'anywhere' }}>{agreement.issues}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('mediation.responsibilities')}>
          <span style={{ overflowWrap: 'anywhere' }}>{agreement.responsibilities}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('mediation.terms')}>
          <ol style={{ margin: 0, paddingLeft: 20, overflowWrap: 'anywhere' }} data-testid="review-terms">
            {agreement.terms.map((term, i) => (
              <li key={i}>{term}</li>
            ))}
          </ol>
        </Descriptions.Item>
        <Descriptions.Item label={t('mediation.performance')}>
          {agreement.performanceManner} · {formatDate(agreement.performanceDeadline, locale)}
        </Descriptions.Item>
        <Descriptions.Item label={t('mediation.effectiveAt')}>
          {formatDateTime(agreement.effectiveAt, locale)}
        </Descriptions.Item>
        {agreement.confirmationDeadline && (
          <Descriptions.Item label={t('referral.confirmationBy')}>
            {formatDate(agreement.confirmationDeadline, locale)}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('mediation.signatures')}>
          {agreement.signatures.length === 0 ? (
            t('mediation.noSignatures')
          ) : (
            <Space direction="vertical" size={6} style={{ width: '100%' }}>
              {agreement.signatures.map((s) => {
                const check = checks.get(signerKey(s));
                return (
                  <div key={signerKey(s)} data-testid="review-signature" style={{ overflowWrap: 'anywhere' }}>
                    <Typography.Text strong>{s.name}</Typography.Text> · {pick(labelOf(SIGN_METHOD_LABELS, s.method))} ·{' '}
                    {formatDateTime(s.signedAt, locale)}{' '}
                    {check &&
                      (check.matches === null ? (
                        <Tag data-testid="signature-check">{t('referral.signatureUnbound')}</Tag>
                      ) : check.matches ? (
                        <Tag color="green" data-testid="signature-check">
                          {t('referral.signatureMatches')}
                        </Tag>
                      ) : (
                        <Tag color="red" data-testid="signature-check">
                          {t('referral.signatureDiffers')}
                        </Tag>
                      ))}
                  </div>
                );
              })}
            </Space>
          )}
        </Descriptions.Item>
      </Descriptions>
      {agreement.form === 'written' && (
        <Button style={{ marginTop: 16 }} loading={printing} onClick={() => void print()} data-testid="review-print">
          {t('mediation.printAgreement')}
        </Button>
      )}
    </Card>
  );
}

/** The agreement of the case a hand-off is about, as the receiving court reads it. */
export function AgreementReview({ caseId }: { caseId: number }) {
  const loaded = useLoad(
    () => api.GET('/api/v1/cases/{id}/mediation', { params: { path: { id: caseId } } }),
    String(caseId),
  );
  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (loaded.loading && !loaded.data) return <PageLoading />;
  const file = loaded.data;
  return file ? <Review file={file} /> : null;
}

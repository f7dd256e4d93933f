// 人民调解协议书: drafted and edited until someone signs it; each party's signature (or seal, or
// fingerprint), the mediator's signature and the committee's seal, with what is still missing;
// in effect once all are in (人民调解法 Art. 29), then the 30-day countdown to apply for judicial
// confirmation. The .docx and the printable A4 page come from the server with the numbers in clear.
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, ApiError, apiFile, saveBlob } from '../../shared/api.ts';
import { describeError } from '../../shared/error-alert.tsx';
import { formatDate, formatDateTime, useI18n } from '../../shared/i18n.tsx';
import {
  AGREEMENT_FORM_LABELS,
  AGREEMENT_STATUS_LABELS,
  PERFORMANCE_LABELS,
  SIGN_METHOD_LABELS,
  labelOf,
} from '../../shared/labels.ts';
import type { MediationFile, Party } from '../../shared/api-types.ts';
import { FileFormModal, useFileCommand, type FileContext } from './file-command.tsx';
import { dayOf, serverToday } from './file-dates.ts';
import { useNarrow } from './narrow.ts';

type Signer = { signer: 'party'; party: Party } | { signer: 'mediator' } | { signer: 'committee' };
type Method = 'signature' | 'fingerprint' | 'seal';

function signerOf(missing: string, parties: Party[]): Signer | null {
  if (missing === 'mediator' || missing === 'committee') return { signer: missing };
  const id = Number(/^party:(\d+)$/.exec(missing)?.[1]);
  const party = parties.find((p) => p.id === id);
  return party ? { signer: 'party', party } : null;
}

function missingOf(details: unknown): string[] | null {
  if (typeof details !== 'object' || details === null || !('missing' in details)) return null;
  const { missing } = details;
  return Array.isArray(missing) ? missing.filter((m): m is string => typeof m === 'string') : null;
}

/** Someone signed, or it is in effect: the terms and the parties are fixed. */
export function isSigned(file: MediationFile): boolean {
  return file.agreement !== null && (file.agreement.signatures.length > 0 || file.agreement.status === 'effective');
}

interface AgreementValues {
  form: 'written' | 'oral';
  facts: string;
  issues: string;
  responsibilities: string;
  terms: string[];
  performanceManner: string;
  performanceDeadline: Dayjs;
  copies: number;
}

function AgreementEditor({ context, onClose }: { context: FileContext; onClose: () => void }) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<AgreementValues>();
  const { file } = context;
  const a = file.agreement;
  const today = serverToday(file);
  const required = (n = 2) => [
    { required: true, whitespace: true, message: t('mediation.required') },
    { min: n, message: t('mediation.atLeast', { n }) },
  ];
  return (
    <FileFormModal<AgreementValues>
      context={context}
      form={form}
      title={a ? t('mediation.editAgreement') : t('mediation.draftAgreement')}
      testId="agreement-form"
      width={760}
      done="mediation.agreementSaved"
      okText={t('mediation.saveAgreement')}
      initialValues={
        a
          ? {
              form: a.form === 'oral' ? 'oral' : 'written',
              facts: a.facts,
              issues: a.issues,
              responsibilities: a.responsibilities,
              terms: a.terms,
              performanceManner: a.performanceManner,
              performanceDeadline: dayjs(a.performanceDeadline),
              copies: a.copies,
            }
          : { form: 'written', terms: [''], copies: Math.max(3, file.parties.length + 1) }
      }
      send={(v) =>
        api.PUT('/api/v1/mediations/{id}/agreement', {
          params: { path: { id: file.id } },
          body: {
            form: v.form,
            facts: v.facts.trim(),
            issues: v.issues.trim(),
            responsibilities: v.responsibilities.trim(),
            terms: v.terms.map((term) => term.trim()).filter(Boolean),
            performanceManner: v.performanceManner.trim(),
            performanceDeadline: dayOf(v.performanceDeadline),
            copies: v.copies,
          },
        })
      }
      onClose={onClose}
    >
      <Form.Item name="form" label={t('mediation.agreementForm')} extra={t('mediation.agreementFormHelp')}>
        <Radio.Group
          options={Object.entries(AGREEMENT_FORM_LABELS).map(([value, label]) => ({ value, label: pick(label) }))}
        />
      </Form.Item>
      <Form.Item name="facts" label={t('mediation.facts')} rules={required(5)}>
        <Input.TextArea rows={4} maxLength={10000} showCount data-testid="agreement-facts" />
      </Form.Item>
      <Form.Item name="issues" label={t('mediation.issues')} rules={required()}>
        <Input.TextArea rows={2} maxLength={5000} data-testid="agreement-issues" />
      </Form.Item>
      <Form.Item name="responsibilities" label={t('mediation.responsibilities')} rules={required()}>
        <Input.TextArea rows={2} maxLength={5000} data-testid="agreement-responsibilities" />
      </Form.Item>
      <Form.List
        name="terms"
        rules={[
          {
            validator: (_, terms: string[] | undefined) =>
              (terms ?? []).some((term) => term?.trim())
                ? Promise.resolve()
                : Promise.reject(new Error(t('mediation.termsRequired'))),
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <Form.Item label={t('mediation.terms')} required>
            {fields.map((field, index) => (
              <div key={field.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                <Typography.Text style={{ lineHeight: '32px' }}>{index + 1}.</Typography.Text>
                <Form.Item
                  name={field.name}
                  rules={[{ whitespace: true, message: t('mediation.required') }]}
                  style={{ flex: 1, marginBottom: 8 }}
                >
                  <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} data-testid="agreement-term" />
                </Form.Item>
                {fields.length > 1 && (
                  <Button onClick={() => remove(field.name)} data-testid="remove-term">
                    {t('mediation.remove')}
                  </Button>
                )}
              </div>
            ))}
            {fields.length < 30 && (
              <Button type="dashed" onClick={() => add('')} data-testid="add-term">
                {t('mediation.addTerm')}
              </Button>
            )}
            <Form.ErrorList errors={errors} />
          </Form.Item>
        )}
      </Form.List>
      <Form.Item name="performanceManner" label={t('mediation.performanceManner')} rules={required()}>
        <Input maxLength={2000} data-testid="agreement-manner" />
      </Form.Item>
      <Space size="large" wrap>
        <Form.Item
          name="performanceDeadline"
          label={t('mediation.performanceDeadline')}
          rules={[{ required: true, message: t('mediation.chooseDate') }]}
        >
          <DatePicker
            placeholder={t('mediation.chooseDate')}
            disabledDate={(d) => d.format('YYYY-MM-DD') < today}
            data-testid="agreement-deadline"
          />
        </Form.Item>
        <Form.Item name="copies" label={t('mediation.copies')} rules={[{ required: true }]}>
          <InputNumber min={2} max={10} precision={0} data-testid="agreement-copies" />
        </Form.Item>
      </Space>
    </FileFormModal>
  );
}

export function AgreementCard({ context, editable }: { context: FileContext; editable: boolean }) {
  const i18n = useI18n();
  const { t, pick, locale } = i18n;
  const { message } = App.useApp();
  const narrow = useNarrow();
  const { file } = context;
  const { busy, run } = useFileCommand(context);
  const [editing, setEditing] = useState(false);
  const [partySigning, setPartySigning] = useState<Party | null>(null);
  const [method, setMethod] = useState<Method>('signature');
  const [incomplete, setIncomplete] = useState<string[] | null>(null);
  const [fetching, setFetching] = useState<string | null>(null);
  const agreement = file.agreement;
  const work = file.abilities.work;
  const signed = isSigned(file);

  if (!agreement) {
    return (
      <Card title={t('mediation.agreement')}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.noAgreement')}>
          {editable && (
            <Button type="primary" onClick={() => setEditing(true)} data-testid="draft-agreement">
              {t('mediation.draftAgreement')}
            </Button>
          )}
        </Empty>
        {editing && <AgreementEditor context={context} onClose={() => setEditing(false)} />}
      </Card>
    );
  }

  const written = agreement.form === 'written';
  const draft = agreement.status === 'draft';
  const signerLabel = (s: Signer) =>
    s.signer === 'party'
      ? t('mediation.signParty', { name: s.party.name })
      : s.signer === 'mediator'
        ? t('mediation.signMediator')
        : t('mediation.sealCommittee');
  const missing = agreement.missingSignatures
    .map((m) => signerOf(m, file.parties))
    .filter((s): s is Signer => s !== null);
  const missingText = (keys: string[]) =>
    keys
      .map((k) => signerOf(k, file.parties))
      .filter((s): s is Signer => s !== null)
      .map(signerLabel)
      .join('、');

  const sign = (s: Signer, chosen?: Method) =>
    void run(
      `sign-${s.signer === 'party' ? s.party.id : s.signer}`,
      () =>
        api.POST('/api/v1/mediations/{id}/agreement/signatures', {
          params: { path: { id: file.id } },
          body: s.signer === 'party' ? { signer: 'party', partyId: s.party.id, method: chosen } : { signer: s.signer },
        }),
      { done: 'mediation.signed' },
    );
  const makeEffective = () => {
    setIncomplete(null);
    void run(
      'effective',
      () => api.POST('/api/v1/mediations/{id}/agreement/effective', { params: { path: { id: file.id } } }),
      {
        done: 'mediation.effectiveDone',
        onError: (failure) => {
          // `details.missing`: the signer keys still missing ("party:12", "mediator", "committee").
          const missingSigners =
            failure instanceof ApiError && failure.code === 'AGREEMENT_NOT_SIGNED' ? missingOf(failure.details) : null;
          if (missingSigners === null) return false;
          setIncomplete(missingSigners);
          context.onReload();
          return true;
        },
      },
    );
  };
  const download = async () => {
    setFetching('docx');
    try {
      const { blob, fileName } = await apiFile('/api/v1/mediations/{id}/agreement.docx', { id: file.id });
      saveBlob(blob, fileName ?? `${file.number}.docx`);
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    } finally {
      setFetching(null);
    }
  };
  // The window opens on the click (no pop-up blocker), then shows the page once it has arrived.
  const print = async () => {
    const target = window.open('', '_blank');
    if (!target) {
      void message.error(t('mediation.popupBlocked'));
      return;
    }
    setFetching('print');
    try {
      const { blob } = await apiFile('/api/v1/mediations/{id}/agreement.html', { id: file.id });
      const url = URL.createObjectURL(new Blob([blob], { type: 'text/html;charset=utf-8' }));
      target.location.replace(url);
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (failure) {
      target.close();
      void message.error(describeError(failure, i18n));
    } finally {
      setFetching(null);
    }
  };

  return (
    <Card
      title={t('mediation.agreement')}
      data-testid="agreement-card"
      extra={
        <Space size={4}>
          <Tag>{pick(labelOf(AGREEMENT_FORM_LABELS, agreement.form))}</Tag>
          <Tag color={draft ? 'orange' : 'green'} data-testid="agreement-status">
            {pick(labelOf(AGREEMENT_STATUS_LABELS, agreement.status))}
          </Tag>
        </Space>
      }
    >
      <Descriptions
        column={1}
        size="small"
        bordered
        layout={narrow ? 'vertical' : 'horizontal'}
        styles={{ label: { whiteSpace: 'nowrap' } }}
      >
        <Descriptions.Item label={t('mediation.facts')}>
          <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{agreement.facts}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('mediation.issues')}>{agreement.issues}</Descriptions.Item>
        <Descriptions.Item label={t('mediation.responsibilities')}>{agreement.responsibilities}</Descriptions.Item>
        <Descriptions.Item label={t('mediation.terms')}>
          <ol style={{ margin: 0, paddingLeft: 20, overflowWrap: 'anywhere' }} data-testid="agreement-terms">
            {agreement.terms.map((term, i) => (
              <li key={i}>{term}</li>
            ))}
          </ol>
        </Descriptions.Item>
        <Descriptions.Item label={t('mediation.performance')}>
          {agreement.performanceManner} · {formatDate(agreement.performanceDeadline, locale)}
        </Descriptions.Item>
        {written && <Descriptions.Item label={t('mediation.copies')}>{agreement.copies}</Descriptions.Item>}
        {!draft && (
          <Descriptions.Item label={t('mediation.effectiveAt')}>
            {formatDateTime(agreement.effectiveAt, locale)}
          </Descriptions.Item>
        )}
        {!draft && (
          <Descriptions.Item label={t('mediation.performanceState')}>
            <span data-testid="agreement-performance">{pick(labelOf(PERFORMANCE_LABELS, agreement.performance))}</span>
          </Descriptions.Item>
        )}
        {written && (
          <Descriptions.Item label={t('mediation.signatures')}>
            {agreement.signatures.length === 0
              ? t('mediation.noSignatures')
              : agreement.signatures.map((s, i) => (
                  <div key={i} data-testid="signature-entry">
                    {s.name} · {pick(labelOf(SIGN_METHOD_LABELS, s.method))} · {formatDateTime(s.signedAt, locale)}
                  </div>
                ))}
          </Descriptions.Item>
        )}
        {written && draft && (
          <Descriptions.Item label={t('mediation.missing')}>
            <span data-testid="agreement-missing">
              {missing.length === 0 ? t('mediation.noneMissing') : missing.map(signerLabel).join('、')}
            </span>
          </Descriptions.Item>
        )}
      </Descriptions>
      {incomplete !== null && incomplete.length > 0 && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setIncomplete(null)}
          style={{ marginTop: 16 }}
          data-testid="agreement-incomplete"
          message={t('mediation.incompleteTitle')}
          description={t('mediation.incompleteText', { who: missingText(incomplete) })}
        />
      )}
      {agreement.status === 'effective' && agreement.confirmationDaysLeft !== null && (
        <Card size="small" style={{ marginTop: 16, background: '#fffbe6' }} data-testid="confirmation-countdown">
          {agreement.confirmationDaysLeft >= 0 ? (
            <Statistic
              title={t('mediation.confirmationDeadline', {
                date: formatDate(agreement.confirmationDeadline, locale),
              })}
              value={agreement.confirmationDaysLeft}
              suffix={t('mediation.days')}
            />
          ) : (
            <Typography.Text type="secondary">
              {t('mediation.confirmationPassed', { date: formatDate(agreement.confirmationDeadline, locale) })}
            </Typography.Text>
          )}
        </Card>
      )}
      {editable && signed && (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 16 }}
          data-testid="agreement-locked"
          message={draft ? t('mediation.lockedSigned') : t('mediation.lockedEffective')}
        />
      )}
      <Space wrap style={{ marginTop: 16 }}>
        {editable && (
          <Button disabled={signed} onClick={() => setEditing(true)} data-testid="edit-agreement">
            {t('mediation.editAgreement')}
          </Button>
        )}
        {editable &&
          draft &&
          written &&
          missing.map((s) => (
            <Button
              key={s.signer === 'party' ? `party-${s.party.id}` : s.signer}
              loading={busy === `sign-${s.signer === 'party' ? s.party.id : s.signer}`}
              data-testid={`sign-${s.signer}`}
              data-party-name={s.signer === 'party' ? s.party.name : undefined}
              onClick={() => {
                if (s.signer === 'party') {
                  setMethod(s.party.kind === 'organisation' ? 'seal' : 'signature');
                  setPartySigning(s.party);
                } else {
                  sign(s);
                }
              }}
            >
              {t('mediation.record', { what: signerLabel(s) })}
            </Button>
          ))}
        {editable && draft && (
          <Button
            type="primary"
            disabled={written && missing.length > 0}
            loading={busy === 'effective'}
            data-testid="make-effective"
            onClick={makeEffective}
          >
            {t('mediation.makeEffective')}
          </Button>
        )}
        {work && written && (
          <Button loading={fetching === 'docx'} onClick={() => void download()} data-testid="download-docx">
            {t('mediation.downloadDocx')}
          </Button>
        )}
        {work && written && (
          <Button loading={fetching === 'print'} onClick={() => void print()} data-testid="print-agreement">
            {t('mediation.printAgreement')}
          </Button>
        )}
      </Space>
      {editable && draft && written && missing.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('mediation.effectiveHint')}
        </Typography.Paragraph>
      )}
      {editing && <AgreementEditor context={context} onClose={() => setEditing(false)} />}
      {partySigning && (
        <Modal
          open
          title={t('mediation.record', { what: t('mediation.signParty', { name: partySigning.name }) })}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          okButtonProps={{ 'data-testid': 'party-sign-submit' }}
          onCancel={() => setPartySigning(null)}
          onOk={() => {
            const party = partySigning;
            setPartySigning(null);
            sign({ signer: 'party', party }, method);
          }}
        >
          <Typography.Paragraph>{t('mediation.signHow')}</Typography.Paragraph>
          <Radio.Group
            value={method}
            onChange={(e) => setMethod(e.target.value as Method)}
            data-testid="sign-method"
            options={(['signature', 'seal', 'fingerprint'] as const).map((m) => ({
              value: m,
              label: pick(SIGN_METHOD_LABELS[m]!),
            }))}
          />
        </Modal>
      )}
    </Card>
  );
}

// What the hand-off screens share: each step of a hand-off (sent, receipted, answered) with who
// took it and when, the receiving end's commands — a court receipts and answers an application
// or a failed mediation; a committee receipts a referral by accepting its case, and answers it by
// concluding the mediation — and the dialog of the court's answer.
import { App, Button, Card, Form, Input, Modal, Steps, Typography, type FormInstance } from 'antd';
import { useState } from 'react';
import { useSession } from '../../app/session.tsx';
import { api, type Body } from '../../shared/api.ts';
import type { Referral } from '../../shared/api-types.ts';
import { describeError, ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { REFERRAL_RESULT_LABELS, labelOf } from '../../shared/labels.ts';
import { CodeSelect } from '../admin/code-select.tsx';

type ResultValues = Body<'/api/v1/referrals/{id}/result', 'post'>;
type ResultOutcome = ResultValues['outcome'];

export const REFERRAL_STATUS_COLOURS: Record<string, string> = { sent: 'gold', received: 'blue', returned: 'green' };

/** Answered by the court that receives them (the committee's own hand-offs are answered by resolving the case). */
export const ANSWERED_HERE: readonly Referral['kind'][] = ['litigation', 'judicial_confirmation'];
/** Into mediation: from a court, police station or petition office. */
export const INCOMING: readonly Referral['kind'][] = ['court', 'police', 'petition'];

/** What a court may answer, by what it was asked. */
export function outcomesFor(kind: Referral['kind']): ResultOutcome[] {
  return kind === 'judicial_confirmation'
    ? ['confirmed', 'rejected', 'withdrawn', 'other']
    : ['filed', 'judged', 'mediated', 'withdrawn', 'other'];
}

export function ReferralSteps({ referral, vertical }: { referral: Referral; vertical?: boolean }) {
  const { t, pick, locale } = useI18n();
  const r = referral;
  const who = (...parts: (string | null)[]) => parts.filter(Boolean).join(' · ');
  const current = r.status === 'sent' ? 1 : r.status === 'received' ? 2 : 3;
  return (
    <Steps
      size="small"
      direction={vertical ? 'vertical' : 'horizontal'}
      current={current}
      data-testid="referral-steps"
      items={[
        {
          title: t('referral.step.sent'),
          description: (
            <span data-testid="referral-step-sent">
              {who(r.fromUnitName, r.sentBy)}
              <br />
              {formatDateTime(r.sentAt, locale)}
            </span>
          ),
        },
        {
          title: t('referral.step.received'),
          description: (
            <span data-testid="referral-step-received">
              {r.receivedAt ? (
                <>
                  {who(r.toUnitName, r.receivedBy)}
                  <br />
                  {formatDateTime(r.receivedAt, locale)}
                </>
              ) : (
                t('referral.step.waitingReceipt', { unit: r.toUnitName })
              )}
            </span>
          ),
        },
        {
          title: t('referral.step.returned'),
          description: (
            <span data-testid="referral-step-returned">
              {r.returnedAt ? (
                <>
                  <Typography.Text strong>{pick(labelOf(REFERRAL_RESULT_LABELS, r.resultOutcome))}</Typography.Text>
                  {r.result ? `${t('mediation.colon')}${r.result}` : ''}
                  <br />
                  {who(r.returnedBy)} {formatDateTime(r.returnedAt, locale)}
                </>
              ) : (
                t('referral.step.waitingResult')
              )}
            </span>
          ),
        },
      ]}
    />
  );
}

/** What the user may do to a hand-off at its receiving end. */
export function useReferralCommands(onChanged: (next: Referral) => void) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const { me } = useSession();
  const [busy, setBusy] = useState<number | null>(null);
  const memberships = me?.memberships ?? [];
  const receiving = (r: Referral, roles: readonly string[]) =>
    memberships.some((m) => m.unitId === r.toUnitId && roles.includes(m.role));

  /** A court (or the unit standing for it) receipts and answers. */
  const answerable = (r: Referral) =>
    ANSWERED_HERE.includes(r.kind) && r.status !== 'returned' && receiving(r, ['department', 'mediator']);
  /** A committee's mediator receipts a referral into mediation by accepting its case. */
  const acceptable = (r: Referral) => INCOMING.includes(r.kind) && r.status === 'sent' && receiving(r, ['mediator']);

  const run = async (
    r: Referral,
    command: () => Promise<Referral>,
    done: 'referrals.receipted' | 'referral.accepted',
  ) => {
    setBusy(r.id);
    try {
      onChanged(await command());
      void message.success(t(done));
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    } finally {
      setBusy(null);
    }
  };
  const receipt = (r: Referral) =>
    run(r, () => api.POST('/api/v1/referrals/{id}/receipt', { params: { path: { id: r.id } } }), 'referrals.receipted');
  const accept = (r: Referral) =>
    run(
      r,
      async () => {
        const record = await api.GET('/api/v1/cases/{id}', { params: { path: { id: r.caseId } } });
        await api.POST('/api/v1/cases/{id}/actions', {
          params: { path: { id: r.caseId } },
          body: { action: 'accept', version: record.version },
        });
        return api.GET('/api/v1/referrals/{id}', { params: { path: { id: r.id } } });
      },
      'referral.accepted',
    );
  return { busy, answerable, acceptable, receipt, accept };
}

/** Sends the court's answer; the form's failure stays in the form. */
function useResult(referral: Referral, onDone: (next: Referral) => void) {
  const [form] = Form.useForm<ResultValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (values: ResultValues) => {
    setBusy(true);
    setError(null);
    try {
      onDone(
        await api.POST('/api/v1/referrals/{id}/result', {
          params: { path: { id: referral.id } },
          body: { outcome: values.outcome, result: values.result.trim() },
        }),
      );
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return { form, busy, error, submit };
}

function ResultFields({
  referral,
  form,
  onFinish,
}: {
  referral: Referral;
  form: FormInstance<ResultValues>;
  onFinish: (values: ResultValues) => void;
}) {
  const { t, pick } = useI18n();
  return (
    <Form form={form} layout="vertical" onFinish={onFinish}>
      <Form.Item
        name="outcome"
        label={t('referrals.result')}
        rules={[{ required: true, message: t('mediation.required') }]}
      >
        <CodeSelect
          codes={outcomesFor(referral.kind)}
          label={(o) => pick(labelOf(REFERRAL_RESULT_LABELS, o))}
          data-testid="referral-outcome"
        />
      </Form.Item>
      <Form.Item
        name="result"
        label={t('referrals.resultText')}
        extra={referral.kind === 'judicial_confirmation' ? t('referral.confirmationHelp') : undefined}
        rules={[{ required: true, whitespace: true, message: t('mediation.required') }]}
      >
        <Input.TextArea rows={4} maxLength={5000} data-testid="referral-result-text" />
      </Form.Item>
    </Form>
  );
}

export function ResultDialog({
  referral,
  onClose,
  onDone,
}: {
  referral: Referral;
  onClose: () => void;
  onDone: (next: Referral) => void;
}) {
  const { t } = useI18n();
  const { form, busy, error, submit } = useResult(referral, onDone);
  return (
    <Modal
      open
      title={t('referrals.answerTitle', { number: referral.caseNumber })}
      okText={t('mediation.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'referral-result-submit' }}
      destroyOnHidden
    >
      {error !== null && <ErrorAlert error={error} />}
      <ResultFields referral={referral} form={form} onFinish={(v) => void submit(v)} />
    </Modal>
  );
}

/** The answer as a card on the hand-off's own page (the court's 司法确认 view). */
export function ResultCard({ referral, onDone }: { referral: Referral; onDone: (next: Referral) => void }) {
  const { t } = useI18n();
  const { form, busy, error, submit } = useResult(referral, onDone);
  return (
    <Card
      title={referral.kind === 'judicial_confirmation' ? t('referral.recordConfirmation') : t('referrals.answer')}
      data-testid="referral-result-card"
    >
      {error !== null && <ErrorAlert error={error} />}
      <ResultFields referral={referral} form={form} onFinish={(v) => void submit(v)} />
      <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="referral-result-submit">
        {t('mediation.submit')}
      </Button>
    </Card>
  );
}

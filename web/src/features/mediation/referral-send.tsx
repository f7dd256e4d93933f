// 委派调解: a court, police station or petition office refers a dispute of its area to a
// mediation committee there, with its own reference (案号、警情号、信访件编号) and a deadline.
// The dispute arrives at the committee dispatched; its acceptance is the receipt and its
// conclusion returns the result to the sender.
import { DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '../../shared/api.ts';
import type { Referral, Unit, UnitWithAncestors } from '../../shared/api-types.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { CodeSelect } from '../admin/code-select.tsx';
import { useCategories } from '../cases/category-select.tsx';
import { UnitSearch } from '../org/unit-search.tsx';
import { allUnits } from '../org/units.ts';
import { dayOf } from './file-dates.ts';
import { useNarrow } from './narrow.ts';

/** A unit that may refer disputes into mediation: a court, a police station, a petition office. */
export function refersDisputes(unit: Pick<Unit, 'type' | 'kind'>): boolean {
  return unit.type === 'court' || unit.type === 'police' || (unit.type === 'department' && unit.kind === 'petition');
}

interface SendValues {
  toUnitId: number;
  externalRef: string;
  deadline?: Dayjs | null;
  deadlineText?: string;
  note?: string;
  categoryCode: string;
  description: string;
  placeId: number;
  address?: string;
  partyName?: string;
  partyPhone?: string;
}

export function ReferralSendDialog({
  sender,
  onClose,
  onSent,
}: {
  sender: UnitWithAncestors;
  onClose: () => void;
  onSent: (referral: Referral) => void;
}) {
  const { t } = useI18n();
  const narrow = useNarrow();
  const [form] = Form.useForm<SendValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [committees, setCommittees] = useState<Unit[] | null>(null);
  const { categories } = useCategories();
  // The sender's own region: a court or police station answers for the region that owns it.
  const region = sender.parentId;
  useEffect(() => {
    if (region === null) return;
    allUnits({ type: 'committee', within: region }).then(setCommittees, (failure: unknown) => {
      setCommittees([]);
      setError(failure);
    });
  }, [region]);
  const disputes = categories.filter((c) => c.kind === 'dispute' && c.ownerLevel !== null);

  const submit = async (v: SendValues) => {
    setBusy(true);
    setError(null);
    const deadline = narrow ? v.deadlineText || undefined : dayOf(v.deadline);
    try {
      const sent = await api.POST('/api/v1/referrals', {
        body: {
          fromUnitId: sender.id,
          toUnitId: v.toUnitId,
          externalRef: v.externalRef.trim(),
          ...(deadline ? { deadline } : {}),
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          case: {
            kind: 'dispute',
            categoryCode: v.categoryCode,
            description: v.description.trim(),
            unitId: v.placeId,
            ...(v.address?.trim() ? { address: v.address.trim() } : {}),
            ...(v.partyName?.trim()
              ? {
                  reporter: {
                    name: v.partyName.trim(),
                    ...(v.partyPhone?.trim() ? { phone: v.partyPhone.replace(/\s+/g, '') } : {}),
                  },
                }
              : {}),
          },
        },
      });
      onSent(sent);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const required = { required: true, whitespace: true, message: t('mediation.required') };
  return (
    <Modal
      open
      title={t('referral.send')}
      okText={t('referral.sendSubmit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'referral-send-submit' }}
      maskClosable={false}
      destroyOnHidden
      width={640}
    >
      <div data-testid="referral-send-form">
        <Typography.Paragraph type="secondary">{t('referral.sendHint', { unit: sender.name })}</Typography.Paragraph>
        {error !== null && <ErrorAlert error={error} />}
        <Form<SendValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} scrollToFirstError>
          <Form.Item
            name="toUnitId"
            label={t('referral.committee')}
            rules={[{ required: true, message: t('referral.committeeRequired') }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              loading={committees === null}
              options={(committees ?? []).map((u) => ({ value: u.id, label: u.name }))}
              placeholder={t('referral.committeePlaceholder')}
              data-testid="referral-committee"
            />
          </Form.Item>
          <Form.Item name="externalRef" label={t('referral.reference')} rules={[required]}>
            <Input maxLength={100} placeholder={t('referral.referencePlaceholder')} data-testid="referral-reference" />
          </Form.Item>
          {narrow ? (
            <Form.Item name="deadlineText" label={t('referral.resultBy')}>
              <Input type="date" data-testid="referral-deadline" />
            </Form.Item>
          ) : (
            <Form.Item name="deadline" label={t('referral.resultBy')}>
              <DatePicker placeholder={t('mediation.chooseDate')} data-testid="referral-deadline" />
            </Form.Item>
          )}
          <Form.Item
            name="categoryCode"
            label={t('cases.category')}
            rules={[{ required: true, message: t('intake.categoryRequired') }]}
          >
            <CodeSelect
              showSearch
              codes={disputes.map((c) => c.code)}
              label={(code) => disputes.find((c) => c.code === code)?.name ?? ''}
              loading={categories.length === 0}
              data-testid="referral-category"
            />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('referral.dispute')}
            rules={[{ ...required, min: 5, message: t('intake.descriptionRequired') }]}
          >
            <Input.TextArea rows={4} maxLength={5000} showCount data-testid="referral-description" />
          </Form.Item>
          <Form.Item
            name="placeId"
            label={t('referral.place')}
            extra={t('referral.placeHelp')}
            rules={[{ required: true, message: t('intake.unitRequired') }]}
          >
            <UnitSearch
              placeholder={t('intake.unitPlaceholder')}
              filter={{ type: 'region', ...(region !== null ? { within: region } : {}) }}
              testId="referral-place"
              style={{ width: '100%' }}
            />
          </Form.Item>
          <Form.Item name="address" label={t('case.address')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="partyName" label={t('referral.applicant')}>
            <Input maxLength={64} data-testid="referral-party-name" />
          </Form.Item>
          <Form.Item
            name="partyPhone"
            label={t('intake.reporterPhone')}
            rules={[{ pattern: /^[\d\s-]{7,20}$/, message: t('intake.phoneInvalid') }]}
          >
            <Input maxLength={20} inputMode="tel" />
          </Form.Item>
          <Form.Item name="note" label={t('mediation.noteOptional')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}

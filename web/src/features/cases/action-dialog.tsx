// The form each workflow action needs (DESIGN.md's action fields), sent with the loaded version.
// A 409 means someone else changed the case first: the page reloads it and says so.
import { App, Form, Input, InputNumber, Modal, Radio, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { CaseAction } from '../../../../common/workflow.ts';
import { RATINGS } from '../../../../common/workflow.ts';
import { api, ApiError, type Body } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { ACTION_LABELS, RATING_LABELS } from '../../shared/labels.ts';
import type { CaseDetail, Unit } from '../../shared/api-types.ts';
import { handlingUnits } from './unit-options.ts';

type Values = Record<string, unknown>;
type ActionBody = Body<'/api/v1/cases/{id}/actions', 'post'>;

/**
 * The one request body the client does not type: these fields follow REQUIRED_TEXT, OPTIONAL_NOTE
 * and the inputs below, not yet the action's spec in common/actions/, so the server's schema is
 * the check (a missing field is a 400 naming it). Goes when the form is derived from the spec.
 */
const untypedActionBody = (body: Values) => body as ActionBody;

/** Fields each action sends, besides `action` and `version`. */
const REQUIRED_TEXT: Partial<Record<CaseAction, 'reason' | 'result' | 'note'>> = {
  return: 'reason',
  escalate: 'reason',
  request_extension: 'reason',
  supervise: 'note',
  resolve: 'result',
  reopen: 'reason',
  cancel: 'reason',
};
const OPTIONAL_NOTE: readonly CaseAction[] = ['dispatch', 'whistle', 'report', 'decide_extension', 'close'];

function UnitSelect({
  regionId,
  multiple,
  value,
  onChange,
}: {
  regionId: number;
  multiple?: boolean;
  value?: number | number[];
  onChange?: (value: number | number[]) => void;
}) {
  const { t } = useI18n();
  const [units, setUnits] = useState<Unit[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    handlingUnits(regionId).then(setUnits, setError);
  }, [regionId]);
  if (error) return <ErrorAlert error={error} />;
  return (
    <Select
      showSearch
      mode={multiple ? 'multiple' : undefined}
      loading={units === null}
      value={value}
      onChange={onChange}
      optionFilterProp="label"
      placeholder={t('action.chooseUnit')}
      options={(units ?? []).map((u) => ({ value: u.id, label: u.name }))}
      data-testid={multiple ? 'unit-multi-select' : 'unit-select'}
    />
  );
}

function CaseSearchSelect({
  value,
  onChange,
  exclude,
}: {
  value?: number;
  onChange?: (v: number) => void;
  exclude: number;
}) {
  const { t } = useI18n();
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const search = (q: string) => {
    if (q.trim().length < 2) return;
    api.GET('/api/v1/cases', { params: { query: { q: q.trim(), limit: 10 } } }).then(
      (page) =>
        setOptions(
          page.items.filter((c) => c.id !== exclude).map((c) => ({ value: c.id, label: `${c.number} ${c.title}` })),
        ),
      () => setOptions([]),
    );
  };
  return (
    <Select
      showSearch
      filterOption={false}
      onSearch={search}
      value={value}
      onChange={onChange}
      options={options}
      placeholder={t('action.searchCase')}
    />
  );
}

export function ActionDialog({
  action,
  record,
  onClose,
  onDone,
  onConflict,
}: {
  action: CaseAction;
  record: CaseDetail;
  onClose: () => void;
  onDone: (updated: CaseDetail) => void;
  onConflict: () => void;
}) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const label = pick(ACTION_LABELS[action]);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    const body: Values = { action, version: record.version };
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
      body[k] = typeof v === 'string' ? v.trim() : v;
    }
    try {
      const updated = await api.POST('/api/v1/cases/{id}/actions', {
        params: { path: { id: record.id } },
        body: untypedActionBody(body),
      });
      void message.success(t('action.done', { action: label }));
      onDone(updated);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409) {
        void message.warning(t('action.conflict'));
        onConflict();
        return;
      }
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const textField = REQUIRED_TEXT[action];
  const initial: Values =
    action === 'dispatch' && record.suggestedLeadUnit ? { leadUnitId: record.suggestedLeadUnit.id } : {};
  return (
    <Modal
      open
      title={`${label} · ${record.number}`}
      okText={t('action.confirm', { action: label })}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'action-submit' }}
      destroyOnHidden
    >
      {error !== null && <ErrorAlert error={error} />}
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)}>
        {action === 'accept' && <Typography.Paragraph>{t('action.acceptHint')}</Typography.Paragraph>}
        {action === 'dispatch' && (
          <>
            {record.suggestedLeadUnit && (
              <Typography.Paragraph type="secondary">
                {t('action.suggested', { unit: record.suggestedLeadUnit.name })}
              </Typography.Paragraph>
            )}
            <Form.Item
              name="leadUnitId"
              label={t('action.leadUnit')}
              rules={[{ required: true, message: t('action.chooseUnit') }]}
            >
              <UnitSelect regionId={record.regionId} />
            </Form.Item>
            <Form.Item name="assistUnitIds" label={t('action.assistUnits')}>
              <UnitSelect regionId={record.regionId} multiple />
            </Form.Item>
          </>
        )}
        {action === 'whistle' && (
          <Form.Item
            name="unitIds"
            label={t('action.summonUnits')}
            rules={[{ required: true, message: t('action.chooseUnit') }]}
          >
            <UnitSelect regionId={record.regionId} multiple />
          </Form.Item>
        )}
        {action === 'request_extension' && (
          <Form.Item
            name="days"
            label={t('action.days')}
            rules={[{ required: true, message: t('action.daysRequired') }]}
          >
            <InputNumber min={1} max={10} precision={0} />
          </Form.Item>
        )}
        {action === 'decide_extension' && (
          <Form.Item
            name="approved"
            label={t('action.decision')}
            rules={[{ required: true, message: t('action.decisionRequired') }]}
          >
            <Radio.Group
              options={[
                { value: true, label: t('action.approve') },
                { value: false, label: t('action.refuse') },
              ]}
            />
          </Form.Item>
        )}
        {action === 'rate' && (
          <>
            <Form.Item
              name="rating"
              label={t('action.rating')}
              rules={[{ required: true, message: t('action.ratingRequired') }]}
            >
              <Radio.Group options={RATINGS.map((r) => ({ value: r, label: pick(RATING_LABELS[r]) }))} />
            </Form.Item>
            <Form.Item name="comment" label={t('action.comment')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </>
        )}
        {action === 'merge' && (
          <Form.Item
            name="intoCaseId"
            label={t('action.mergeInto')}
            rules={[{ required: true, message: t('action.searchCase') }]}
          >
            <CaseSearchSelect exclude={record.id} />
          </Form.Item>
        )}
        {textField && (
          <Form.Item
            name={textField}
            label={t(`action.field.${textField}`)}
            rules={[{ required: true, whitespace: true, message: t('action.textRequired') }]}
          >
            <Input.TextArea
              rows={4}
              maxLength={textField === 'result' ? 5000 : 2000}
              showCount
              data-testid={`field-${textField}`}
            />
          </Form.Item>
        )}
        {OPTIONAL_NOTE.includes(action) && (
          <Form.Item name="note" label={t('action.field.note')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

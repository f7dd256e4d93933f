// The form of each workflow action, drawn from the action's spec (common/actions/): one input per
// field of its body, required as the body requires. Sent with the loaded version; a 409 means
// someone else changed the case first: the page reloads it and says so.
import { App, Form, Input, InputNumber, Modal, Radio, Select, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { useEffect, useState } from 'react';
import { Value } from 'typebox/value';
import { ACTION_SPECS, type CaseAction } from '../../../../common/workflow.ts';
import { formFields, type FormField } from '../../../../common/actions/fields.ts';
import { api, ApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { SuggestionChips, useSuggestions } from '../suggestions/suggestion-chips.tsx';
import type { MessageKey } from '../../shared/messages.ts';
import { ACTION_LABELS, RATING_LABELS } from '../../shared/labels.ts';
import type { Bilingual } from '../../shared/bilingual.ts';
import type { CaseDetail, Unit } from '../../shared/api-types.ts';
import { handlingUnits, unitLoads, type UnitLoad } from './unit-options.ts';

type Values = Record<string, unknown>;

/** What a missing required field says, by the kind of input. */
const REQUIRED_MESSAGE: Record<FormField['kind'], MessageKey> = {
  text: 'action.textRequired',
  unit: 'action.chooseUnit',
  units: 'action.chooseUnit',
  case: 'action.searchCase',
  leader: 'leader.choose',
  integer: 'action.daysRequired',
  boolean: 'action.decisionRequired',
  choice: 'action.ratingRequired',
};

/** Labels of the coded values a choice field offers, by field name. */
const CHOICE_LABELS: Record<string, Record<string, Bilingual>> = { rating: RATING_LABELS };

/** A unit's load in words: 在办 12 件 · 超期 3 件. */
function LoadText({ load }: { load: UnitLoad | undefined }) {
  const { t } = useI18n();
  if (!load) return null;
  return (
    <Typography.Text type={load.overdue > 0 ? 'warning' : 'secondary'} style={{ fontSize: 12 }} data-testid="unit-load">
      {t('desk.dispatch.load', { open: load.open, overdue: load.overdue })}
    </Typography.Text>
  );
}

function UnitSelect({
  regionId,
  multiple,
  known,
  value,
  onChange,
}: {
  regionId: number;
  multiple?: boolean;
  /** A unit already named (the suggested lead), shown by name before the list arrives. */
  known?: { id: number; name: string } | null;
  value?: number | number[];
  onChange?: (value: number | number[]) => void;
}) {
  const { t } = useI18n();
  const [units, setUnits] = useState<Unit[] | null>(null);
  const [loads, setLoads] = useState<Map<number, UnitLoad>>(new Map());
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    handlingUnits(regionId).then(
      (list) => {
        if (!live) return;
        setUnits(list);
        // The load is a help, not a condition: without it the names still show.
        unitLoads(list.map((u) => u.id)).then(
          (found) => live && setLoads(found),
          () => undefined,
        );
      },
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, [regionId]);
  if (error) return <ErrorAlert error={error} />;
  const options = (units ?? (known ? [known] : [])).map((u) => ({ value: u.id, label: u.name }));
  const chosen = typeof value === 'number' ? loads.get(value) : undefined;
  return (
    <>
      <Select
        showSearch
        mode={multiple ? 'multiple' : undefined}
        loading={units === null}
        value={value}
        onChange={onChange}
        optionFilterProp="label"
        placeholder={t('action.chooseUnit')}
        options={options}
        // Never a bare id while the names load.
        labelRender={(shown) => shown.label ?? t('desk.dispatch.loadingUnit')}
        optionRender={(option) => (
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
            <span style={{ whiteSpace: 'normal' }}>{option.label}</span>
            <LoadText load={loads.get(Number(option.value))} />
          </div>
        )}
        data-testid={multiple ? 'unit-multi-select' : 'unit-select'}
      />
      {chosen && (
        <div style={{ marginTop: 4 }}>
          <LoadText load={chosen} />
        </div>
      )}
    </>
  );
}

/** 领导包案: the leaders of the regions the case lies in. */
function LeaderSelect({
  caseId,
  value,
  onChange,
}: {
  caseId: number;
  value?: number;
  onChange?: (value: number) => void;
}) {
  const { t } = useI18n();
  const loaded = useLoad(
    () => api.GET('/api/v1/cases/{id}/leader-candidates', { params: { path: { id: caseId } } }),
    String(caseId),
  );
  if (loaded.error) return <ErrorAlert error={loaded.error} />;
  return (
    <Select
      showSearch
      loading={loaded.loading}
      value={value}
      onChange={onChange}
      optionFilterProp="label"
      placeholder={t('leader.choose')}
      options={(loaded.data ?? []).map((l) => ({ value: l.userId, label: `${l.displayName}（${l.unitName}）` }))}
      data-testid="leader-select"
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
  const { t, pick, server } = useI18n();
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
    // The form holds what its inputs hold; the spec's own schema says whether that is this action's body.
    const request = ACTION_SPECS[action].request;
    if (!Value.Check(request, body)) {
      setBusy(false);
      setError(new ApiError(400, 'VALIDATION_FAILED', t('action.textRequired')));
      return;
    }
    try {
      const updated = await api.POST('/api/v1/cases/{id}/actions', {
        params: { path: { id: record.id } },
        body,
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

  const input = (field: FormField) => {
    switch (field.kind) {
      case 'unit':
      case 'units':
        return (
          <UnitSelect
            regionId={record.regionId}
            multiple={field.kind === 'units'}
            known={field.kind === 'unit' ? record.suggestedLeadUnit : null}
          />
        );
      case 'case':
        return <CaseSearchSelect exclude={record.id} />;
      case 'leader':
        return <LeaderSelect caseId={record.id} />;
      case 'integer':
        return <InputNumber min={field.minimum} max={field.maximum} precision={0} />;
      case 'boolean':
        // The one yes/no field is a decision on a request (decide_extension).
        return (
          <Radio.Group
            options={[
              { value: true, label: t('action.approve') },
              { value: false, label: t('action.refuse') },
            ]}
          />
        );
      case 'choice':
        return (
          <Radio.Group
            options={(field.choices ?? []).map((c) => {
              const text = CHOICE_LABELS[field.name]?.[c];
              return { value: c, label: text ? pick(text) : c };
            })}
          />
        );
      case 'text':
        return (
          <Input.TextArea
            rows={field.required ? 4 : 2}
            maxLength={field.maxLength}
            showCount={field.required}
            data-testid={`field-${field.name}`}
          />
        );
    }
  };
  const dispatching = action === 'dispatch';
  const suggestions = useSuggestions(dispatching ? `${record.title}\n${record.description}` : '', record.regionId);
  const chosenLead = Form.useWatch('leadUnitId', form) as number | undefined;
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
        {action === 'dispatch' && record.suggestedLeadUnit && (
          <Typography.Paragraph type="secondary">
            {t('action.suggested', { unit: record.suggestedLeadUnit.name })}
          </Typography.Paragraph>
        )}
        {formFields(ACTION_SPECS[action]).map((field) => (
          <Form.Item
            key={field.name}
            name={field.name}
            label={server(field.label)}
            rules={fieldRules(field, t(REQUIRED_MESSAGE[field.kind]))}
            extra={
              dispatching && field.name === 'leadUnitId' ? (
                <SuggestionChips
                  label={t('suggest.leadUnits')}
                  items={(suggestions?.leadUnits ?? []).map((u) => ({ ...u, value: u.unitId }))}
                  selected={chosenLead}
                  onPick={(unitId) => form.setFieldsValue({ leadUnitId: unitId })}
                  testId="suggested-lead-units"
                />
              ) : undefined
            }
          >
            {input(field)}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

function fieldRules(field: FormField, required: string): Rule[] {
  if (!field.required) return [];
  // `whitespace` only on text: async-validator reads a rule that names it as a string rule.
  return [
    field.kind === 'text'
      ? { required: true, whitespace: true, message: required }
      : { required: true, message: required },
  ];
}

// /warnings/settings: the rules' thresholds as a table an administrator edits — on/off, level, and
// for each rule only the thresholds it has (the others are greyed out); saved all at once.
import { App, Button, Card, InputNumber, Select, Switch, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import {
  WARNING_KIND_LABELS,
  WARNING_LEVELS,
  WARNING_LEVEL_LABELS,
  type WarningKind,
} from '../../../../common/warnings.ts';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert, describeError } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';

type Rule = Answer<'/api/v1/warning-settings'>['rules'][number];
type Knob = 'minCount' | 'windowDays' | 'radiusM' | 'baselineDays' | 'pValue';
const KNOBS: Knob[] = ['minCount', 'windowDays', 'radiusM', 'baselineDays', 'pValue'];

export default function WarningSettingsPage() {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const { message } = App.useApp();
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const load = () =>
    api.GET('/api/v1/warning-settings').then(
      (answer) => {
        setRules(answer.rules);
        setError(null);
      },
      (failure: unknown) => setError(failure),
    );
  useEffect(() => {
    void load();
  }, []);

  const change = (kind: string, patch: Partial<Rule>) =>
    setRules((before) => before?.map((r) => (r.kind === kind ? { ...r, ...patch } : r)) ?? null);

  const save = async () => {
    if (!rules) return;
    setSaving(true);
    try {
      const answer = await api.PUT('/api/v1/warning-settings', {
        body: {
          rules: rules.map((r) => ({
            kind: r.kind,
            enabled: r.enabled,
            level: r.level,
            ...Object.fromEntries(KNOBS.filter((k) => r.knobs.includes(k)).map((k) => [k, r[k]])),
          })),
        },
      });
      setRules(answer.rules);
      void message.success(t('warnings.settings.saved'));
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      title={t('warnings.settings.title')}
      extra={
        <Button
          type="primary"
          onClick={() => void save()}
          loading={saving}
          disabled={!rules}
          data-testid="warning-settings-save"
        >
          {t('warnings.settings.save')}
        </Button>
      }
    >
      {error !== null && <ErrorAlert error={error} onRetry={() => void load()} />}
      <Typography.Paragraph type="secondary">{t('warnings.settings.help')}</Typography.Paragraph>
      <Table<Rule>
        rowKey="kind"
        loading={rules === null && error === null}
        dataSource={rules ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          { title: t('warnings.kind'), dataIndex: 'kind', render: (k: WarningKind) => pick(WARNING_KIND_LABELS[k]) },
          {
            title: t('warnings.settings.enabled'),
            key: 'enabled',
            render: (_: unknown, r) => (
              <Switch
                checked={r.enabled}
                onChange={(enabled) => change(r.kind, { enabled })}
                data-testid={`rule-${r.kind}-enabled`}
              />
            ),
          },
          {
            title: t('warnings.level'),
            key: 'level',
            render: (_: unknown, r) => (
              <Select
                style={{ width: 100 }}
                value={r.level}
                onChange={(level) => change(r.kind, { level })}
                options={WARNING_LEVELS.map((l) => ({ value: l, label: pick(WARNING_LEVEL_LABELS[l]) }))}
              />
            ),
          },
          ...KNOBS.map((knob) => ({
            title: t(`warnings.settings.${knob}` as MessageKey),
            key: knob,
            render: (_: unknown, r: Rule) => (
              <InputNumber
                style={{ width: 100 }}
                disabled={!r.knobs.includes(knob)}
                value={r[knob] ?? undefined}
                min={knob === 'pValue' ? 0.000001 : 1}
                step={knob === 'pValue' ? 0.001 : 1}
                onChange={(value) => change(r.kind, { [knob]: value ?? null })}
                data-testid={`rule-${r.kind}-${knob}`}
              />
            ),
          })),
        ]}
      />
    </Card>
  );
}

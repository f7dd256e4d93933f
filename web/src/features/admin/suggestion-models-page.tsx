// 智能分派模型: the trained versions of the category and lead-unit suggester, newest first, with
// when each was trained, how many cases it learnt from, its k-fold macro-F1 and its status; and
// "retrain now", which asks for a run and follows it (pending → training → ready or failed).
import { Alert, App, Button, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';
import { useLoad } from '../../shared/use-load.ts';
import { ExportButton } from '../../shared/export-button.tsx';

type Run = Answer<'/api/v1/suggestions/models'>['items'][number];
type Target = Run['category'];

/** How often an unfinished run is asked after. */
const POLL_MS = 2000;

const STATUS: Record<Run['status'], { color: string; label: MessageKey }> = {
  pending: { color: 'default', label: 'suggest.models.status.pending' },
  training: { color: 'processing', label: 'suggest.models.status.training' },
  ready: { color: 'green', label: 'suggest.models.status.ready' },
  failed: { color: 'red', label: 'suggest.models.status.failed' },
};

const unfinished = (run: Run) => run.status === 'pending' || run.status === 'training';

function MacroF1({ target, testId }: { target: Target; testId: string }) {
  const { t } = useI18n();
  if (!target.evaluation) return <Typography.Text type="secondary">{t('suggest.models.notEvaluated')}</Typography.Text>;
  const { macroF1, folds, sampled } = target.evaluation;
  return (
    <Tooltip title={t('suggest.models.f1Help', { folds, sampled })}>
      <span data-testid={testId}>{macroF1.toFixed(3)}</span>
    </Tooltip>
  );
}

export default function SuggestionModelsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [asking, setAsking] = useState(false);
  const [askError, setAskError] = useState<unknown>(null);
  const list = useLoad(() => api.GET('/api/v1/suggestions/models').then((answer) => answer.items), 'suggestion-models');
  const runs = list.data ?? [];
  const running = runs.find(unfinished);
  const { reload } = list;

  // While a run is unfinished, its status is asked after until it is ready or failed.
  const runningVersion = running?.version;
  const runningStatus = running?.status;
  useEffect(() => {
    if (runningVersion === undefined || list.loading) return;
    const timer = setTimeout(reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [runningVersion, runningStatus, list.loading, list.data, reload]);

  const retrain = () => {
    setAsking(true);
    setAskError(null);
    api.POST('/api/v1/suggestions/models').then(
      (answer) => {
        setAsking(false);
        void message.info(
          t(answer.created ? 'suggest.models.requested' : 'suggest.models.alreadyRunning', {
            version: answer.run.version,
          }),
        );
        reload();
      },
      (failure: unknown) => {
        setAsking(false);
        setAskError(failure);
      },
    );
  };

  return (
    <div data-testid="suggestion-models-page">
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }} wrap align="start">
        <Alert type="info" showIcon message={t('suggest.models.intro')} style={{ maxWidth: 720 }} />
        <Button
          type="primary"
          loading={asking}
          disabled={running !== undefined}
          onClick={retrain}
          data-testid="suggestion-retrain"
        >
          {t('suggest.models.retrain')}
        </Button>
        <ExportButton url="/api/v1/suggestions/models" fallbackName="suggestion-models.xlsx" />
      </Space>
      {running ? (
        <Alert
          type="warning"
          showIcon
          icon={<Spin size="small" />}
          style={{ marginBottom: 16 }}
          data-testid="suggestion-progress"
          message={t(
            running.status === 'pending' ? 'suggest.models.progressPending' : 'suggest.models.progressTraining',
            {
              version: running.version,
            },
          )}
        />
      ) : null}
      {askError ? <ErrorAlert error={askError} /> : null}
      {list.error ? <ErrorAlert error={list.error} onRetry={reload} /> : null}
      <Table<Run>
        size="small"
        rowKey="version"
        scroll={{ x: 960 }}
        loading={list.loading && list.data === undefined}
        dataSource={runs}
        pagination={false}
        locale={{ emptyText: t('suggest.models.empty') }}
        data-testid="suggestion-models"
        onRow={(run) => ({ 'data-testid': `suggestion-model-${run.version}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('suggest.models.version'), dataIndex: 'version', width: 80, render: (v: number) => `v${v}` },
          {
            title: t('suggest.models.status'),
            dataIndex: 'status',
            width: 110,
            render: (status: Run['status'], run: Run) => {
              const tag = (
                <Tag color={STATUS[status].color} data-testid="suggestion-model-status">
                  {t(STATUS[status].label)}
                </Tag>
              );
              return run.error ? <Tooltip title={run.error}>{tag}</Tooltip> : tag;
            },
          },
          {
            title: t('suggest.models.trigger'),
            dataIndex: 'trigger',
            width: 100,
            render: (trigger: Run['trigger']) =>
              t(trigger === 'request' ? 'suggest.models.trigger.request' : 'suggest.models.trigger.schedule'),
          },
          {
            title: t('suggest.models.trainedAt'),
            dataIndex: 'trainedAt',
            width: 170,
            render: (at: string | null, run: Run) =>
              run.status === 'ready' && at ? (
                <span data-testid="suggestion-model-trained-at">{formatDateTime(at, locale)}</span>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
          {
            title: t('suggest.models.size'),
            key: 'size',
            width: 120,
            render: (_: unknown, run: Run) =>
              run.status === 'ready' ? (
                <span data-testid="suggestion-model-size">{run.category.examples.toLocaleString(locale)}</span>
              ) : (
                '—'
              ),
          },
          {
            title: t('suggest.models.categoryF1'),
            key: 'categoryF1',
            width: 130,
            render: (_: unknown, run: Run) =>
              run.status === 'ready' ? <MacroF1 target={run.category} testId="suggestion-model-category-f1" /> : '—',
          },
          {
            title: t('suggest.models.leadUnitF1'),
            key: 'leadUnitF1',
            width: 130,
            render: (_: unknown, run: Run) =>
              run.status === 'ready' ? <MacroF1 target={run.leadUnit} testId="suggestion-model-lead-unit-f1" /> : '—',
          },
          {
            title: t('suggest.models.duration'),
            dataIndex: 'durationMs',
            width: 100,
            render: (ms: number | null) =>
              ms === null ? '—' : t('suggest.models.seconds', { seconds: (ms / 1000).toFixed(1) }),
          },
          {
            title: t('suggest.models.error'),
            dataIndex: 'error',
            render: (error: string | null) => (error ? <Typography.Text type="danger">{error}</Typography.Text> : null),
          },
        ]}
      />
    </div>
  );
}

// 12345 工单导入: pick an .xlsx export, see the dry run's verdict on every row (POST
// /api/v1/cases/import?dryRun=true), confirm, wait while it runs, and get the result with links to
// the cases created; the template and the rejected rows download as .xlsx. On a phone the table
// scrolls sideways inside its card.
import { Alert, Button, Card, Flex, Space, Spin, Statistic, Switch, Table, Tag, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type HTMLAttributes } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError, multipart, saveBlob, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';
import { usePhone } from '../../shared/use-phone.ts';

type Report = Answer<'/api/v1/cases/import', 'post'>;
type ReportRow = Report['rows'][number];
type Status = ReportRow['status'];

const MAX_BYTES = 10 * 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const STATUS_TAGS: Record<Status, { label: MessageKey; color: string }> = {
  created: { label: 'import.count.created', color: 'green' },
  ready: { label: 'import.count.ready', color: 'blue' },
  already_imported: { label: 'import.count.already', color: 'default' },
  rejected: { label: 'import.count.rejected', color: 'red' },
};

type Phase =
  | { kind: 'pick' }
  | { kind: 'checking'; file: File }
  | { kind: 'preview'; file: File; report: Report }
  | { kind: 'running'; file: File; report: Report }
  | { kind: 'done'; file: File; report: Report };

function send(file: File, query: { dryRun?: boolean; format?: 'xlsx' }) {
  return api.POST('/api/v1/cases/import', {
    params: { query },
    body: { file },
    bodySerializer: multipart,
    ...(query.format === 'xlsx' ? { parseAs: 'blob' as const } : {}),
  });
}

/** The headers a refused sheet lacks (IMPORT_COLUMNS_MISSING), as the sheet must name them. */
function missingColumns(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'IMPORT_COLUMNS_MISSING') return null;
  const missing = (error.details as { missing?: unknown } | undefined)?.missing;
  return Array.isArray(missing) ? missing.filter((m) => typeof m === 'string').join(' / ') : null;
}

function Counts({ report }: { report: Report }) {
  const { t } = useI18n();
  const counts: [MessageKey, number, string][] = report.dryRun
    ? [
        ['import.count.ready', report.ready, '#1677ff'],
        ['import.count.already', report.alreadyImported, '#8c8c8c'],
        ['import.count.rejected', report.rejected, '#cf1322'],
      ]
    : [
        ['import.count.created', report.created, '#389e0d'],
        ['import.count.already', report.alreadyImported, '#8c8c8c'],
        ['import.count.rejected', report.rejected, '#cf1322'],
      ];
  return (
    <Flex gap={24} wrap="wrap" data-testid="import-counts">
      <Statistic title={t('import.total', { count: report.total })} value={report.total} />
      {counts.map(([label, value, color]) => (
        <Statistic key={label} title={t(label)} value={value} valueStyle={{ color }} />
      ))}
    </Flex>
  );
}

function RowsTable({ report }: { report: Report }) {
  const { t, server } = useI18n();
  const phone = usePhone();
  const [onlyRejected, setOnlyRejected] = useState(false);
  const rows = onlyRejected ? report.rows.filter((r) => r.status === 'rejected') : report.rows;
  const columns: ColumnsType<ReportRow> = [
    { title: t('import.col.row'), dataIndex: 'row', width: 64 },
    {
      title: t('import.col.status'),
      dataIndex: 'status',
      width: 110,
      render: (status: Status) => <Tag color={STATUS_TAGS[status].color}>{t(STATUS_TAGS[status].label)}</Tag>,
    },
    {
      title: t('import.col.externalId'),
      dataIndex: 'externalId',
      width: 160,
      render: (id: string | null) => id ?? '—',
    },
    {
      title: t('import.col.case'),
      key: 'case',
      width: 190,
      render: (_: unknown, row: ReportRow) =>
        row.caseId !== undefined ? <Link to={`/cases/${row.caseId}`}>{row.caseNumber}</Link> : null,
    },
    {
      title: t('import.col.reasons'),
      dataIndex: 'reasons',
      render: (reasons: string[]) =>
        reasons.length === 0 ? null : (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {reasons.map((reason, i) => (
              <li key={i}>{server(reason)}</li>
            ))}
          </ul>
        ),
    },
  ];
  return (
    <>
      <Space style={{ margin: '16px 0 8px' }}>
        <Switch checked={onlyRejected} onChange={setOnlyRejected} size="small" data-testid="import-only-rejected" />
        <span>{t('import.onlyRejected')}</span>
      </Space>
      <Table<ReportRow>
        data-testid="import-rows"
        rowKey="row"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true, simple: phone }}
        scroll={{ x: 720 }}
        onRow={(row) => ({ 'data-status': row.status }) as HTMLAttributes<HTMLElement>}
      />
    </>
  );
}

export default function ImportPage() {
  const { t } = useI18n();
  const [phase, setPhase] = useState<Phase>({ kind: 'pick' });
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [downloading, setDownloading] = useState(false);

  const check = async (file: File) => {
    setError(null);
    setProblem(null);
    if (!file.name.toLowerCase().endsWith('.xlsx')) return setProblem('import.notXlsx');
    if (file.size > MAX_BYTES) return setProblem('import.tooLarge');
    setPhase({ kind: 'checking', file });
    try {
      setPhase({ kind: 'preview', file, report: await send(file, { dryRun: true }) });
    } catch (failure) {
      setError(failure);
      setPhase({ kind: 'pick' });
    }
  };

  const confirm = async (file: File, preview: Report) => {
    setError(null);
    setPhase({ kind: 'running', file, report: preview });
    try {
      setPhase({ kind: 'done', file, report: await send(file, {}) });
    } catch (failure) {
      setError(failure);
      setPhase({ kind: 'preview', file, report: preview });
    }
  };

  const download = async (what: 'template' | File) => {
    setDownloading(true);
    try {
      if (what === 'template') {
        const blob: unknown = await api.GET('/api/v1/cases/import/template', { parseAs: 'blob' });
        saveBlob(new Blob([blob as Blob], { type: XLSX_TYPE }), 'import-template.xlsx');
      } else {
        const blob = (await send(what, { dryRun: true, format: 'xlsx' })) as unknown as Blob;
        saveBlob(new Blob([blob], { type: XLSX_TYPE }), what.name.replace(/\.xlsx$/i, '') + '-rejected.xlsx');
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setDownloading(false);
    }
  };

  const report = 'report' in phase ? phase.report : null;
  return (
    <Card
      title={t('import.title')}
      extra={
        <Button
          onClick={() => void download('template')}
          loading={downloading && phase.kind === 'pick'}
          data-testid="import-template"
        >
          {t('import.template')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('import.intro')}</Typography.Paragraph>
      {error ? <ErrorAlert error={error} /> : null}
      {missingColumns(error) ? (
        <Alert type="error" message={missingColumns(error)} style={{ marginBottom: 16 }} data-testid="import-missing" />
      ) : null}
      {problem ? <Alert type="error" showIcon message={t(problem)} style={{ marginBottom: 16 }} /> : null}

      {phase.kind === 'pick' ? (
        <Upload.Dragger
          accept=".xlsx"
          multiple={false}
          showUploadList={false}
          beforeUpload={(file) => {
            void check(file);
            return false;
          }}
          data-testid="import-upload"
        >
          <p style={{ fontSize: 16, margin: '8px 0' }}>{t('import.pick')}</p>
          <p style={{ color: 'rgba(0,0,0,0.45)', margin: 0 }}>{t('import.pickHint')}</p>
        </Upload.Dragger>
      ) : null}

      {phase.kind === 'checking' ? (
        <Spin tip={t('import.checking', { name: phase.file.name })}>{<div style={{ height: 80 }} />}</Spin>
      ) : null}

      {phase.kind === 'running' ? (
        <Spin tip={t('import.running', { count: phase.report.ready })} data-testid="import-running">
          <div style={{ height: 80 }} />
        </Spin>
      ) : null}

      {report && (phase.kind === 'preview' || phase.kind === 'done') ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t(phase.kind === 'done' ? 'import.result' : 'import.preview', { name: phase.file.name })}
          </Typography.Title>
          {phase.kind === 'done' ? (
            <Alert
              type={report.rejected > 0 ? 'warning' : 'success'}
              showIcon
              message={t('import.done', { created: report.created, rejected: report.rejected })}
              style={{ marginBottom: 16 }}
              data-testid="import-done"
            />
          ) : null}
          {!report.serviceAccount ? (
            <Alert
              type="info"
              showIcon
              message={t('import.noServiceAccount', { system: report.system })}
              style={{ marginBottom: 16 }}
            />
          ) : null}
          <Counts report={report} />
          <Flex gap={8} wrap="wrap" style={{ marginTop: 16 }}>
            {phase.kind === 'preview' ? (
              <Button
                type="primary"
                disabled={report.ready === 0}
                onClick={() => void confirm(phase.file, report)}
                data-testid="import-confirm"
              >
                {report.ready === 0 ? t('import.nothingToImport') : t('import.confirm', { count: report.ready })}
              </Button>
            ) : null}
            {report.rejected > 0 ? (
              <Button
                onClick={() => void download(phase.file)}
                loading={downloading}
                data-testid="import-download-rejected"
              >
                {t('import.downloadRejected')}
              </Button>
            ) : null}
            <Button onClick={() => setPhase({ kind: 'pick' })} data-testid="import-another">
              {t('import.another')}
            </Button>
          </Flex>
          <RowsTable report={report} />
        </>
      ) : null}
    </Card>
  );
}

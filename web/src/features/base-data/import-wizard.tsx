// The base-data import wizard: choose what to import (people, houses, enterprises), upload the
// .xlsx, see the dry run — every fault with its row, column and Chinese reason, nothing stored —
// and confirm only a sheet without faults, which the server then stores whole.
import { Alert, Button, Flex, Modal, Radio, Spin, Steps, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, multipart, saveBlob, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';

type Report = Answer<'/api/v1/base-data/import', 'post'>;
type Fault = Report['errors'][number];
export type ImportKind = Report['kind'];

const MAX_BYTES = 10 * 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const KIND_LABELS: Record<ImportKind, MessageKey> = {
  people: 'baseData.tab.people',
  houses: 'baseData.tab.houses',
  enterprises: 'baseData.tab.enterprises',
};

type Phase =
  | { kind: 'pick' }
  | { kind: 'checking'; file: File }
  | { kind: 'preview'; file: File; report: Report }
  | { kind: 'running'; file: File; report: Report }
  | { kind: 'done'; report: Report };

function send(kind: ImportKind, file: File, dryRun: boolean) {
  return api.POST('/api/v1/base-data/import', {
    params: { query: { kind, dryRun } },
    body: { file },
    bodySerializer: multipart,
  });
}

export function ImportWizard({
  initialKind,
  onClose,
  onImported,
}: {
  initialKind: ImportKind;
  onClose: () => void;
  onImported: () => void;
}) {
  const { t } = useI18n();
  const [kind, setKind] = useState<ImportKind>(initialKind);
  const [phase, setPhase] = useState<Phase>({ kind: 'pick' });
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<MessageKey | null>(null);

  const check = async (file: File) => {
    setError(null);
    setProblem(null);
    if (!file.name.toLowerCase().endsWith('.xlsx')) return setProblem('baseData.notXlsx');
    if (file.size > MAX_BYTES) return setProblem('baseData.tooLarge');
    setPhase({ kind: 'checking', file });
    try {
      setPhase({ kind: 'preview', file, report: await send(kind, file, true) });
    } catch (failure) {
      setError(failure);
      setPhase({ kind: 'pick' });
    }
  };

  const confirm = async (file: File, report: Report) => {
    setError(null);
    setPhase({ kind: 'running', file, report });
    try {
      setPhase({ kind: 'done', report: await send(kind, file, false) });
      onImported();
    } catch (failure) {
      setError(failure);
      setPhase({ kind: 'preview', file, report });
    }
  };

  const template = async () => {
    try {
      const blob: unknown = await api.GET('/api/v1/base-data/import/template', {
        params: { query: { kind } },
        parseAs: 'blob',
      });
      saveBlob(new Blob([blob as Blob], { type: XLSX_TYPE }), `${kind}-template.xlsx`);
    } catch (failure) {
      setError(failure);
    }
  };

  const step = phase.kind === 'done' ? 2 : phase.kind === 'preview' || phase.kind === 'running' ? 1 : 0;
  const report = 'report' in phase ? phase.report : null;
  const faultyRows = report ? new Set(report.errors.map((e) => e.row)).size : 0;

  return (
    <Modal open width={820} title={t('baseData.importTitle')} onCancel={onClose} footer={null} destroyOnHidden>
      <div data-testid="import-wizard">
        <Steps
          size="small"
          current={step}
          items={[
            { title: t('baseData.step.upload') },
            { title: t('baseData.step.preview') },
            { title: t('baseData.step.done') },
          ]}
          style={{ marginBottom: 16 }}
        />
        {error ? <ErrorAlert error={error} /> : null}
        {problem ? <Alert type="error" showIcon message={t(problem)} style={{ marginBottom: 16 }} /> : null}

        {phase.kind === 'pick' ? (
          <>
            <Typography.Paragraph type="secondary">{t('baseData.importIntro')}</Typography.Paragraph>
            <Flex gap={12} wrap="wrap" align="center" style={{ marginBottom: 12 }}>
              <span>{t('baseData.importKind')}</span>
              <Radio.Group
                value={kind}
                onChange={(e) => setKind(e.target.value as ImportKind)}
                data-testid="import-kind"
              >
                {(Object.keys(KIND_LABELS) as ImportKind[]).map((k) => (
                  <Radio.Button key={k} value={k} data-testid={`import-kind-${k}`}>
                    {t(KIND_LABELS[k])}
                  </Radio.Button>
                ))}
              </Radio.Group>
              <Button onClick={() => void template()} data-testid="import-template">
                {t('baseData.template')}
              </Button>
            </Flex>
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
              <p style={{ fontSize: 16, margin: '8px 0' }}>{t('baseData.pick')}</p>
            </Upload.Dragger>
          </>
        ) : null}

        {phase.kind === 'checking' || phase.kind === 'running' ? (
          <Spin tip={t('baseData.checking', { name: phase.file.name })}>
            <div style={{ height: 80 }} />
          </Spin>
        ) : null}

        {phase.kind === 'preview' && report ? (
          <>
            {report.errors.length > 0 ? (
              <Alert
                type="error"
                showIcon
                message={t('baseData.previewBad', { rows: faultyRows, count: report.errors.length })}
                style={{ marginBottom: 12 }}
                data-testid="import-preview-bad"
              />
            ) : (
              <Alert
                type="success"
                showIcon
                message={t('baseData.previewOk', {
                  total: report.total,
                  created: report.created,
                  updated: report.updated,
                  unchanged: report.unchanged,
                })}
                style={{ marginBottom: 12 }}
                data-testid="import-preview-ok"
              />
            )}
            {report.errors.length > 0 ? (
              <Table<Fault>
                data-testid="import-errors"
                rowKey={(f) => `${f.row}-${f.column}-${f.reason}`}
                size="small"
                dataSource={report.errors}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                scroll={{ x: 560 }}
                columns={[
                  { title: t('baseData.col.row'), dataIndex: 'row', width: 70 },
                  { title: t('baseData.col.column'), dataIndex: 'column', width: 130 },
                  { title: t('baseData.col.reason'), dataIndex: 'reason' },
                ]}
              />
            ) : null}
            <Flex gap={8} style={{ marginTop: 12 }}>
              <Button
                type="primary"
                disabled={report.errors.length > 0 || report.total === 0}
                onClick={() => void confirm(phase.file, report)}
                data-testid="import-confirm"
              >
                {t('baseData.confirmImport')}
              </Button>
              <Button onClick={() => setPhase({ kind: 'pick' })} data-testid="import-again">
                {t('baseData.reupload')}
              </Button>
            </Flex>
          </>
        ) : null}

        {phase.kind === 'done' ? (
          <>
            <Alert
              type="success"
              showIcon
              message={t('baseData.importDone', {
                created: phase.report.created,
                updated: phase.report.updated,
                unchanged: phase.report.unchanged,
              })}
              data-testid="import-done"
              style={{ marginBottom: 12 }}
            />
            <Flex gap={8}>
              <Button onClick={() => setPhase({ kind: 'pick' })}>{t('baseData.reupload')}</Button>
              <Button type="primary" onClick={onClose} data-testid="import-close">
                {t('baseData.close')}
              </Button>
            </Flex>
          </>
        ) : null}
      </div>
    </Modal>
  );
}

// The one export button of every staff table: downloads the list's own query with `format=xlsx`
// (every matching row, streamed by the server and audited there) through the generated client,
// spinning while a long export runs, and saves it under the server's Chinese file name.
import { Button, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { PathsWithMethod } from 'openapi-typescript-helpers';
import type { paths } from './api-schema.d.ts';
import { apiDownload, saveBlob } from './api.ts';
import { describeError } from './describe-error.ts';
import { useI18n } from './i18n.tsx';

export interface ExportButtonProps {
  /** The list's route, e.g. `/api/v1/cases`. */
  url: PathsWithMethod<paths, 'get'>;
  /** The list's current filters (paging is ignored by the server). */
  query?: Record<string, unknown>;
  /** The route's path parameters (`{id}`), when it has any. */
  path?: Record<string, unknown>;
  /** Used when the answer names no file. */
  fallbackName: string;
  /** `xlsx` (a list) or none: the route's own format (the monthly report). */
  format?: 'xlsx' | null;
  label?: string;
  runningLabel?: string;
  hint?: string;
  testId?: string;
}

export function ExportButton({
  url,
  query = {},
  path,
  fallbackName,
  format = 'xlsx',
  label,
  runningLabel,
  hint,
  testId = 'export-xlsx',
}: ExportButtonProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const download = async () => {
    setRunning(true);
    setOutcome(null);
    try {
      const { blob, fileName } = await apiDownload(url, format ? { ...query, format } : query, path);
      const name = fileName ?? fallbackName;
      saveBlob(blob, name);
      setOutcome({ ok: true, text: t('export.done', { name }) });
    } catch (failure) {
      setOutcome({ ok: false, text: describeError(failure, i18n) });
    } finally {
      setRunning(false);
    }
  };
  return (
    <Space wrap>
      <Tooltip title={hint ?? t('export.hint')}>
        <Button loading={running} onClick={() => void download()} data-testid={testId}>
          {running ? (runningLabel ?? t('export.running')) : (label ?? t('export.xlsx'))}
        </Button>
      </Tooltip>
      {outcome && (
        <Typography.Text type={outcome.ok ? 'secondary' : 'danger'} data-testid={`${testId}-outcome`}>
          {outcome.text}
        </Typography.Text>
      )}
    </Space>
  );
}

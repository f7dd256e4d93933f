// How a failure is shown: the server's message in the user's language (and the fields it names),
// never a status line, a JSON body or a stack.
import { Alert, Button } from 'antd';
import { ApiError } from './api.ts';
import { useI18n, type I18n } from './i18n.tsx';
import { lockoutText } from './lockout.ts';

export function describeError(error: unknown, i18n: Pick<I18n, 't' | 'server' | 'pick'>): string {
  if (error instanceof ApiError) {
    const lockout = lockoutText(error, i18n);
    if (lockout !== null) return lockout;
    // The catalogue's sentence for the code, then what the server said of this case when it says more
    // (e.g. 延期已达上限：最多延期 10 个工作日，已延期 8 天).
    const general = i18n.server(error.message);
    const particular = error.particular !== undefined ? i18n.server(error.particular) : undefined;
    const main = particular !== undefined && particular !== general ? `${general}：${particular}` : general;
    if (Array.isArray(error.details)) {
      const fields = error.details
        .map((d: unknown) =>
          typeof d === 'object' && d !== null && 'message' in d && typeof d.message === 'string'
            ? i18n.server(d.message)
            : null,
        )
        .filter((m): m is string => m !== null);
      if (fields.length > 0) return `${main}：${[...new Set(fields)].join('；')}`;
    }
    return main;
  }
  return i18n.t('error.unexpected');
}

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const i18n = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      data-testid="error-alert"
      message={describeError(error, i18n)}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {i18n.t('common.retry')}
          </Button>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}

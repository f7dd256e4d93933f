// How a failure is shown: the server's message in the user's language (and the fields it names),
// never a status line, a JSON body or a stack.
import { Alert, Button } from 'antd';
import { describeError } from './describe-error.ts';
import { useI18n } from './i18n.tsx';

export { describeError };

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

// A clear refusal in the user's language when a page is not for this account (the API would
// answer 403 anyway): never a raw error.
import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';

export function Refusal({ reason = 'refusal.page' }: { reason?: MessageKey }) {
  const { t } = useI18n();
  return (
    <div data-testid="refusal">
      <Result
        status="403"
        title={t('refusal.title')}
        subTitle={t(reason)}
        extra={
          <Link to="/">
            <Button type="primary">{t('notFound.home')}</Button>
          </Link>
        }
      />
    </div>
  );
}

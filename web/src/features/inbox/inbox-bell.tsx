// The bell in the console's header (desk and phone frames): the unread count, kept live by the
// inbox's event stream (GET /api/v1/inbox/stream through shared/event-stream.ts), opening /inbox.
// Shown to the roles that have an inbox (inbox:read); the stream stops on sign-out or unmount.
import { Badge, Button } from 'antd';
import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { holds } from '../../../../common/powers.ts';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import { followEventStream } from '../../shared/event-stream.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { setUnreadCount, useUnreadCount } from './unread-count.ts';

function BellIcon() {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        d="M12 3a6 6 0 0 0-6 6v3.5L4.5 16h15L18 12.5V9a6 6 0 0 0-6-6Z"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinejoin="round"
      />
      <path d="M10 19a2 2 0 0 0 4 0" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

export function InboxBell() {
  const { t } = useI18n();
  const { token, roles } = useSession();
  const navigate = useNavigate();
  const count = useUnreadCount();
  const hasInbox = roles.some((role) => holds(role, 'inbox:read'));

  useEffect(() => {
    if (token === null || !hasInbox) return;
    const stop = followEventStream(
      '/api/v1/inbox/stream',
      token,
      (event) => {
        if (event.event !== 'unread') return;
        try {
          const { unreadCount } = JSON.parse(event.data) as { unreadCount: number };
          if (Number.isInteger(unreadCount)) setUnreadCount(unreadCount);
        } catch {
          // A malformed event is skipped; the next one carries the count again.
        }
      },
      (reason) => {
        // The session ended: one API call lets the client's 401 handling sign the user out.
        if (reason === 'signed-out') void api.GET('/api/v1/inbox', { params: { query: { limit: 1 } } }).catch(() => {});
      },
    );
    return () => {
      stop();
      setUnreadCount(null);
    };
  }, [token, hasInbox]);

  if (!hasInbox) return null;
  const label = count ? t('inbox.bellUnread', { n: count }) : t('inbox.bell');
  return (
    <Badge count={count ?? 0} size="small" offset={[-4, 4]} data-testid="inbox-count">
      <Button
        type="text"
        aria-label={label}
        title={label}
        icon={<BellIcon />}
        onClick={() => navigate('/inbox')}
        data-testid="inbox-bell"
        data-unread={count ?? ''}
      />
    </Badge>
  );
}

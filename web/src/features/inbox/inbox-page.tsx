// /inbox: the user's notices, unread first and in bold; opening one marks it read and goes to its
// case (or hand-off); one button marks everything read. The list reloads when the header's live
// unread count says something arrived.
import { App, Badge, Button, Card, Empty, List, Space, Switch, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../shared/api.ts';
import type { InboxItem } from '../../shared/api-types.ts';
import { ErrorAlert, describeError } from '../../shared/error-alert.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import { setUnreadCount, useUnreadCount } from './unread-count.ts';

/** Where a notice leads: its case, or the hand-off it is about. */
export function linkOf(item: InboxItem): string | null {
  if (item.subjectId === null || !/^\d+$/.test(item.subjectId)) return null;
  if (item.subjectType === 'case') return `/cases/${item.subjectId}`;
  if (item.subjectType === 'referral') return `/referrals/${item.subjectId}`;
  if (item.subjectType === 'psych_referral') return `/psych-referrals/${item.subjectId}`;
  if (item.subjectType === 'meeting') return `/meetings/${item.subjectId}`;
  return null;
}

const PAGE = 30;

export default function InboxPage() {
  const i18n = useI18n();
  const { t, pick, locale } = i18n;
  const { message } = App.useApp();
  const navigate = useNavigate();
  const live = useUnreadCount();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [unread, setUnread] = useState(0);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const round = useRef(0);

  const load = async (cursor: string | null) => {
    const mine = ++round.current;
    try {
      const page = await api.GET('/api/v1/inbox', {
        params: { query: { limit: PAGE, ...(unreadOnly ? { unread: true } : {}), ...(cursor ? { cursor } : {}) } },
      });
      if (mine !== round.current) return;
      setItems((before) => (cursor && before ? [...before, ...page.items] : page.items));
      setUnread(page.unreadCount);
      setUnreadCount(page.unreadCount);
      setNextCursor(page.nextCursor);
      setError(null);
    } catch (failure) {
      if (mine === round.current) setError(failure);
    }
  };

  useEffect(() => {
    void load(null);
    // Reload from the top when the filter changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [unreadOnly]);

  // Something arrived (or was read in another tab): the live count differs from the list's.
  useEffect(() => {
    if (live !== null && items !== null && live !== unread) void load(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live]);

  const markRead = async (item: InboxItem) => {
    if (item.readAt !== null) return;
    const answer = await api.POST('/api/v1/inbox/{id}/read', { params: { path: { id: item.id } } });
    setItems((before) => before?.map((i) => (i.id === item.id ? answer.item : i)) ?? null);
    setUnread(answer.unreadCount);
    setUnreadCount(answer.unreadCount);
  };

  const open = async (item: InboxItem) => {
    try {
      await markRead(item);
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    }
    const to = linkOf(item);
    if (to) navigate(to);
  };

  const markAll = async () => {
    setBusy(true);
    try {
      const answer = await api.POST('/api/v1/inbox/read-all');
      setUnreadCount(answer.unreadCount);
      void message.success(t('inbox.allRead'));
      await load(null);
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    } finally {
      setBusy(false);
    }
  };

  if (items === null && error === null) return <PageLoading />;
  return (
    <Card
      title={
        <Space>
          {t('inbox.title')}
          {unread > 0 && <Badge count={unread} data-testid="inbox-page-unread" />}
        </Space>
      }
      extra={
        <Space wrap>
          <Space size={4}>
            <Switch size="small" checked={unreadOnly} onChange={setUnreadOnly} data-testid="inbox-unread-only" />
            <Typography.Text>{t('inbox.unreadOnly')}</Typography.Text>
          </Space>
          <Button onClick={() => void markAll()} loading={busy} disabled={unread === 0} data-testid="inbox-read-all">
            {t('inbox.markAllRead')}
          </Button>
        </Space>
      }
    >
      {error !== null && <ErrorAlert error={error} onRetry={() => void load(null)} />}
      <List
        dataSource={items ?? []}
        locale={{ emptyText: <Empty description={t('inbox.empty')} /> }}
        renderItem={(item) => {
          const isUnread = item.readAt === null;
          return (
            <List.Item
              data-testid="inbox-item"
              data-unread={isUnread ? 'true' : 'false'}
              actions={
                isUnread
                  ? [
                      <Button
                        key="read"
                        type="link"
                        size="small"
                        onClick={() => void markRead(item).catch((f: unknown) => message.error(describeError(f, i18n)))}
                        data-testid="inbox-mark-read"
                      >
                        {t('inbox.markRead')}
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                avatar={
                  <Badge
                    status={isUnread ? 'processing' : 'default'}
                    aria-label={isUnread ? t('inbox.unread') : undefined}
                  />
                }
                title={
                  <Typography.Link
                    onClick={() => void open(item)}
                    strong={isUnread}
                    style={{ overflowWrap: 'anywhere', fontWeight: isUnread ? 600 : 400 }}
                    data-testid="inbox-item-title"
                  >
                    {pick(item.title)}
                  </Typography.Link>
                }
                description={formatDateTime(item.createdAt, locale)}
              />
            </List.Item>
          );
        }}
      />
      {nextCursor !== null && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void load(nextCursor)}>{t('inbox.more')}</Button>
        </div>
      )}
    </Card>
  );
}

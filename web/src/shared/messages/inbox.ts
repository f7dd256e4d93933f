// Strings of the staff inbox (issue 15): the header's bell and the /inbox page, the 'inbox.' keys.
import type { Bilingual } from '../bilingual.ts';

export const INBOX_MESSAGES = {
  'inbox.bell': { zh: '通知', en: 'Notices' },
  'inbox.bellUnread': { zh: '通知，{n} 条未读', en: 'Notices, {n} unread' },
  'inbox.title': { zh: '我的通知', en: 'My notices' },
  'inbox.unreadOnly': { zh: '只看未读', en: 'Unread only' },
  'inbox.markRead': { zh: '标为已读', en: 'Mark read' },
  'inbox.markAllRead': { zh: '全部标为已读', en: 'Mark all read' },
  'inbox.unread': { zh: '未读', en: 'Unread' },
  'inbox.unreadCount': { zh: '{n} 条未读', en: '{n} unread' },
  'inbox.empty': { zh: '暂无通知', en: 'No notices' },
  'inbox.more': { zh: '加载更多', en: 'Load more' },
  'inbox.allRead': { zh: '已全部标为已读', en: 'All notices marked read' },
  'inbox.open': { zh: '查看', en: 'Open' },
} as const satisfies Record<string, Bilingual>;

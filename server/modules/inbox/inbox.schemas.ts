import { Type, type Static } from 'typebox';
import { INBOX_TOPICS } from './inbox-topics.ts';

export const InboxItem = Type.Object(
  {
    id: Type.Integer(),
    topic: Type.String({ description: `通知类别 / What happened: ${INBOX_TOPICS.join(', ')}` }),
    title: Type.Object(
      { zh: Type.String(), en: Type.String() },
      {
        description:
          '一句话说明（事件编号与类别，不含个人信息）/ The sentence (case number and category, no personal data)',
      },
    ),
    subjectType: Type.Union([Type.String(), Type.Null()], { description: 'case | referral' }),
    subjectId: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { title: 'InboxItem' },
);
export type InboxItemOut = Static<typeof InboxItem>;

export const InboxPage = Type.Object(
  {
    items: Type.Array(InboxItem),
    unreadCount: Type.Integer(),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'InboxPage' },
);

export const InboxQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean({ description: '只列未读 / Unread only' })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
  },
  { additionalProperties: false },
);

export const ReadAnswer = Type.Object({ item: InboxItem, unreadCount: Type.Integer() }, { title: 'InboxReadAnswer' });

export const ReadAllAnswer = Type.Object(
  { marked: Type.Integer(), unreadCount: Type.Integer() },
  { title: 'InboxReadAllAnswer' },
);

// The demo SMS outbox list (GET /api/v1/sms-outbox): the messages the local gateway kept, newest
// first, for the JSON list and, page after page, for its .xlsx export. The phone only masked.
import type { Db } from '../../context.ts';
import type { XlsxColumn } from '../../platform/http/xlsx.ts';
import { listMessages } from './sms.repository.ts';

/** Messages read per query while exporting. */
export const SMS_EXPORT_PAGE_SIZE = 1000;

/** Messages with an id below `before`, newest first, at most `limit`; `next` continues. */
export async function listOutbox(db: Db, before: number | undefined, limit: number) {
  const rows = await listMessages(db, limit + 1, before);
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      phoneMasked: r.phone_masked,
      template: r.template_code,
      text: r.text,
      status: r.status,
      createdAt: r.created_at,
    })),
    next: rows.length > limit ? page[page.length - 1]!.id : undefined,
  };
}

export type SmsOutboxListItem = Awaited<ReturnType<typeof listOutbox>>['items'][number];

const TEMPLATE_NAMES: Record<string, string> = {
  case_received: '事件受理',
  case_resolved: '事件办结（邀请评价）',
  hearing_scheduled: '听证通知',
  mediation_session_scheduled: '调解通知',
  red_card: '红牌提醒（工作人员）',
  yellow_card: '黄牌提醒（工作人员）',
  login_code: '登录验证码',
  meeting_scheduled: '会议通知',
  meeting_rescheduled: '会议变更通知',
  meeting_cancelled: '会议取消通知',
};

/** The sheet of the outbox: the page's columns; the phone as the list masks it. */
export const SMS_EXPORT_COLUMNS: readonly XlsxColumn<SmsOutboxListItem>[] = [
  { key: 'createdAt', header: '时间', width: 18, type: 'datetime' },
  { key: 'phoneMasked', header: '手机号', width: 16 },
  { key: 'template', header: '短信模板', width: 20, value: (m) => TEMPLATE_NAMES[m.template] ?? m.template },
  { key: 'text', header: '短信内容', width: 60 },
  { key: 'status', header: '状态', width: 16, value: (m) => (m.status === 'sent' ? '已发送' : '已退订，未发送') },
];

// 线下议事会: the offline meetings held about a topic (meetings whose subject is this consultation),
// with their time, place and state, and — for staff who convene meetings — a button that schedules
// one already tied to the topic (issue 19 §1: "an offline meeting linked to it").
import { Button, Card, List, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { MEETING_KIND_LABELS, MEETING_STATUS_LABELS } from '../../../../common/meetings.ts';
import { holds } from '../../../../common/powers.ts';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { ScheduleDialog, STATUS_COLOURS } from '../meetings/meetings-page.tsx';

export function LinkedMeetings({ topic }: { topic: { id: number; title: string; body: string } }) {
  const { t, pick, locale } = useI18n();
  const { roles } = useSession();
  const [scheduling, setScheduling] = useState(false);
  const mayRead = roles.some((r) => holds(r, 'meeting:read'));
  const mayManage = roles.some((r) => holds(r, 'meeting:manage'));
  const query = { subjectKind: 'consultation', subjectId: topic.id };
  const list = useLoad(
    () =>
      mayRead ? api.GET('/api/v1/meetings', { params: { query } }) : Promise.resolve({ items: [], truncated: false }),
    `${topic.id}:${mayRead}`,
  );
  if (!mayRead) return null;
  return (
    <Card
      title={t('consult.meetings')}
      size="small"
      data-testid="consult-meetings"
      extra={
        mayManage ? (
          <Button onClick={() => setScheduling(true)} data-testid="consult-meeting-schedule">
            {t('consult.meetingSchedule')}
          </Button>
        ) : null
      }
    >
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <List
        size="small"
        loading={list.loading}
        locale={{ emptyText: t('consult.meetingsNone') }}
        dataSource={list.data?.items ?? []}
        renderItem={(m) => (
          <List.Item data-testid="consult-meeting">
            <Space wrap>
              <Tag>{pick(MEETING_KIND_LABELS[m.kind])}</Tag>
              <Link to={`/meetings/${m.id}`}>{m.title}</Link>
              <span>
                {formatDateTime(m.scheduledAt, locale)} · {m.place}
              </span>
              <Tag color={STATUS_COLOURS[m.status]}>{pick(MEETING_STATUS_LABELS[m.status])}</Tag>
            </Space>
          </List.Item>
        )}
      />
      {scheduling ? (
        <ScheduleDialog
          onClose={() => setScheduling(false)}
          subject={{
            kind: 'consultation',
            id: topic.id,
            initial: {
              kind: 'consultation',
              title: t('consult.meetingTitle', { title: topic.title }).slice(0, 200),
              agenda: topic.body.slice(0, 4000),
            },
          }}
        />
      ) : null}
    </Card>
  );
}

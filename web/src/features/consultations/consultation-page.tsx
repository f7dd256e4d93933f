// 议题 (/consultations/:id): one topic for staff — its options and turnout (the result once voting has
// ended), the discussion with moderation (hide), the history and the lower levels' record of an
// escalated topic; for staff who run it: set options, close with a decision, escalate, record the
// follow-up. Works at 375 px.
import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Progress,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { LEVEL_LABELS, STATUS_LABELS } from '../../../../common/consultations.ts';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';
import { useLoad } from '../../shared/use-load.ts';
import { STATUS_COLOURS } from './consultations-page.tsx';
import { useOwnUnits } from './own-units.ts';
import { LinkedMeetings } from './linked-meetings.tsx';

type Topic = Answer<'/api/v1/consultations/{id}'>;
type Comment = Topic['comments'][number];
type Event = Topic['events'][number];
type Dialog = 'options' | 'decide' | 'escalate' | 'progress' | null;

function Options({ topic }: { topic: Pick<Topic, 'options' | 'voters' | 'resultVisible'> }) {
  const { t } = useI18n();
  const total = topic.options.reduce((n, o) => n + (o.votes ?? 0), 0);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="consult-options">
      <Typography.Text type="secondary">
        {t('consult.voters', { n: topic.voters })}
        {topic.resultVisible ? '' : ` · ${t('consult.resultHidden')}`}
      </Typography.Text>
      {topic.options.map((o) => (
        <div key={o.id}>
          <Space>
            <strong>{o.label}</strong>
            {o.votes !== null ? <span data-testid="consult-votes">{t('consult.votesN', { n: o.votes })}</span> : null}
          </Space>
          {o.votes !== null ? (
            <Progress percent={total ? Math.round((o.votes / total) * 100) : 0} size="small" />
          ) : null}
        </div>
      ))}
    </Space>
  );
}

function Comments({ comments, onHide }: { comments: Comment[]; onHide?: (c: Comment) => void }) {
  const { t, locale } = useI18n();
  if (comments.length === 0) return <Empty description={t('consult.noComments')} />;
  return (
    <List
      dataSource={comments}
      renderItem={(c) => (
        <List.Item
          data-testid="consult-comment"
          actions={
            onHide && !c.hidden
              ? [
                  <a key="hide" onClick={() => onHide(c)}>
                    {t('consult.hide')}
                  </a>,
                ]
              : []
          }
        >
          <Space direction="vertical" size={2} style={{ minWidth: 0 }}>
            <Space wrap size={4}>
              <strong>{c.authorName}</strong>
              <Typography.Text type="secondary">{formatDateTime(c.createdAt, locale)}</Typography.Text>
              {c.hidden ? (
                <Tag color="red">
                  {t(c.hiddenReason === 'reports' ? 'consult.hiddenByReports' : 'consult.hiddenByStaff')}
                </Tag>
              ) : null}
              {c.reportCount ? <Tag>{t('consult.reports', { n: c.reportCount })}</Tag> : null}
            </Space>
            <Typography.Paragraph style={{ margin: 0 }} type={c.hidden ? 'secondary' : undefined}>
              {c.body ?? t('consult.hidden')}
            </Typography.Paragraph>
          </Space>
        </List.Item>
      )}
    />
  );
}

function Events({ events }: { events: Event[] }) {
  const { t, locale } = useI18n();
  return (
    <List
      size="small"
      dataSource={events}
      renderItem={(e) => (
        <List.Item>
          <Space wrap size={4}>
            <strong>{t(`consult.event.${e.kind}` as MessageKey)}</strong>
            <Typography.Text type="secondary">{formatDateTime(e.at, locale)}</Typography.Text>
            {e.actorName ? <span>{e.actorName}</span> : null}
            {e.progress !== null ? <Tag>{e.progress}%</Tag> : null}
            {e.note ? <span>{e.note}</span> : null}
          </Space>
        </List.Item>
      )}
    />
  );
}

function ActionDialog({
  topic,
  which,
  onClose,
  onDone,
}: {
  topic: Topic;
  which: Exclude<Dialog, null>;
  onClose: () => void;
  onDone: (next: Topic) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Record<string, string | number>>();
  const submit = useSubmit();
  const units = useOwnUnits();
  const id = topic.id;
  const onFinish = (v: Record<string, string | number>) =>
    submit.run(async () => {
      const path = { params: { path: { id } } };
      const next =
        which === 'options'
          ? await api.POST('/api/v1/consultations/{id}/options', {
              ...path,
              body: {
                options: String(v.options)
                  .split('\n')
                  .map((o) => o.trim())
                  .filter((o) => o !== ''),
              },
            })
          : which === 'decide'
            ? await api.POST('/api/v1/consultations/{id}/decision', {
                ...path,
                body: {
                  decision: String(v.decision),
                  carriedOutByUnitId: Number(v.unitId),
                  dueDate: String(v.dueDate),
                },
              })
            : which === 'escalate'
              ? await api.POST('/api/v1/consultations/{id}/escalate', { ...path, body: { reason: String(v.reason) } })
              : await api.POST('/api/v1/consultations/{id}/progress', {
                  ...path,
                  body: { percent: Number(v.percent), note: String(v.note) },
                });
      onDone(next);
    });
  const required = [{ required: true, whitespace: true, message: t('consult.required') }];
  const titles = {
    options: t('consult.setOptions'),
    decide: t('consult.decide'),
    escalate: t('consult.escalate'),
    progress: t('consult.addProgress'),
  } as const;
  return (
    <FormDialog title={titles[which]} okTestId={`consult-${which}-ok`} form={form} submit={submit} onClose={onClose}>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void onFinish(v)}
        initialValues={{ percent: topic.progress }}
      >
        {which === 'options' ? (
          <Form.Item name="options" label={t('consult.options')} rules={required}>
            <Input.TextArea rows={4} />
          </Form.Item>
        ) : null}
        {which === 'decide' ? (
          <>
            <Form.Item name="decision" label={t('consult.decisionText')} rules={required}>
              <Input.TextArea rows={3} maxLength={4000} data-testid="consult-decision" />
            </Form.Item>
            <Form.Item
              name="unitId"
              label={t('consult.carriedOutBy')}
              rules={[{ required: true, message: t('consult.required') }]}
            >
              <Select options={units} showSearch optionFilterProp="label" data-testid="consult-carrier" />
            </Form.Item>
            <Form.Item
              name="dueDate"
              label={t('consult.due')}
              rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}
            >
              <Input placeholder="YYYY-MM-DD" maxLength={10} data-testid="consult-due" />
            </Form.Item>
          </>
        ) : null}
        {which === 'escalate' ? (
          <Form.Item name="reason" label={t('consult.escalateReason')} rules={required}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="consult-reason" />
          </Form.Item>
        ) : null}
        {which === 'progress' ? (
          <>
            <Form.Item
              name="percent"
              label={t('consult.percent')}
              rules={[{ required: true, message: t('consult.required') }]}
            >
              <InputNumber min={0} max={100} />
            </Form.Item>
            <Form.Item name="note" label={t('consult.note')} rules={required}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </>
        ) : null}
      </Form>
    </FormDialog>
  );
}

export default function ConsultationPage() {
  const { t, pick, locale } = useI18n();
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const loaded = useLoad(() => api.GET('/api/v1/consultations/{id}', { params: { path: { id } } }), String(id));
  const [fresh, setFresh] = useState<Topic | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const topic = fresh?.id === id ? fresh : loaded.data;
  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!topic) return <PageLoading />;
  const act = async (work: () => Promise<Topic>) => {
    setError(null);
    try {
      setFresh(await work());
    } catch (failure) {
      setError(failure);
    }
  };
  const hide = (c: Comment) =>
    void act(() =>
      api.POST('/api/v1/consultations/{id}/comments/{commentId}/hide', {
        params: { path: { id, commentId: c.id } },
        body: {},
      }),
    );
  const a = topic.abilities;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Link to="/consultations">{t('consult.back')}</Link>
      <Card
        title={
          <Space wrap>
            <Tag color={STATUS_COLOURS[topic.status]} data-testid="consult-status">
              {pick(STATUS_LABELS[topic.status])}
            </Tag>
            <span>{topic.title}</span>
          </Space>
        }
        extra={
          <Space wrap>
            {a.setOptions ? <Button onClick={() => setDialog('options')}>{t('consult.setOptions')}</Button> : null}
            {a.decide ? (
              <Button type="primary" onClick={() => setDialog('decide')} data-testid="consult-decide">
                {t('consult.decide')}
              </Button>
            ) : null}
            {a.escalate ? (
              <Button onClick={() => setDialog('escalate')} data-testid="consult-escalate">
                {t('consult.escalate')}
              </Button>
            ) : null}
            {a.progress ? <Button onClick={() => setDialog('progress')}>{t('consult.addProgress')}</Button> : null}
          </Space>
        }
      >
        {error ? <ErrorAlert error={error} /> : null}
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('consult.unit')}>
            {topic.unitName}
            {topic.buildingLabel ? ` · ${topic.buildingLabel}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('consult.level')}>{pick(LEVEL_LABELS[topic.level])}</Descriptions.Item>
          <Descriptions.Item label={t('consult.createdAt')}>
            {formatDateTime(topic.createdAt, locale)}
          </Descriptions.Item>
          {topic.status === 'gathering' ? (
            <Descriptions.Item label={t('consult.status')}>
              {t('consult.supporters', { n: topic.supporterCount, of: topic.supportersNeeded })}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{topic.body}</Typography.Paragraph>
        {topic.escalatedToId ? (
          <Link to={`/consultations/${topic.escalatedToId}`}>{t('consult.escalatedTo')}</Link>
        ) : null}
        {topic.escalatedFromId && topic.escalationReason ? (
          <Typography.Paragraph type="secondary">
            {t('consult.escalatedFrom')}: {topic.escalationReason}
          </Typography.Paragraph>
        ) : null}
        <Options topic={topic} />
      </Card>
      {topic.decision ? (
        <Card title={t('consult.decision')} size="small" data-testid="consult-decision-card">
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('consult.decisionText')}>{topic.decision.text}</Descriptions.Item>
            <Descriptions.Item label={t('consult.carriedOutBy')}>
              {topic.decision.carriedOutByUnitName}
            </Descriptions.Item>
            <Descriptions.Item label={t('consult.due')}>{topic.decision.dueDate}</Descriptions.Item>
            <Descriptions.Item label={t('consult.progress')}>
              <Progress percent={topic.progress} size="small" style={{ minWidth: 160 }} />
            </Descriptions.Item>
          </Descriptions>
        </Card>
      ) : null}
      <Card title={t('consult.discussion')} size="small">
        <Comments comments={topic.comments} onHide={a.moderate ? hide : undefined} />
        {topic.me.canComment ? (
          <Space.Compact style={{ width: '100%', marginTop: 8 }}>
            <Input
              value={comment}
              maxLength={2000}
              placeholder={t('consult.commentPlaceholder')}
              onChange={(e) => setComment(e.target.value)}
              data-testid="consult-comment-input"
            />
            <Button
              type="primary"
              disabled={comment.trim() === ''}
              onClick={() =>
                void act(async () => {
                  const next = await api.POST('/api/v1/consultations/{id}/comments', {
                    params: { path: { id } },
                    body: { body: comment },
                  });
                  setComment('');
                  return next;
                })
              }
            >
              {t('consult.send')}
            </Button>
          </Space.Compact>
        ) : null}
      </Card>
      <LinkedMeetings topic={topic} />
      <Card title={t('consult.history')} size="small">
        <Events events={topic.events} />
      </Card>
      {topic.record.length > 0 ? (
        <Card title={t('consult.record')} size="small" data-testid="consult-record">
          {topic.record.map((r) => (
            <Card
              key={r.id}
              type="inner"
              size="small"
              title={`${r.unitName} · ${pick(LEVEL_LABELS[r.level])}`}
              style={{ marginBottom: 8 }}
            >
              {r.escalationReason ? <Typography.Paragraph>{r.escalationReason}</Typography.Paragraph> : null}
              <Options topic={{ options: r.options, voters: r.voters, resultVisible: true }} />
              <Comments comments={r.comments} />
              <Events events={r.events} />
            </Card>
          ))}
        </Card>
      ) : null}
      {dialog ? (
        <ActionDialog
          topic={topic}
          which={dialog}
          onClose={() => setDialog(null)}
          onDone={(next) => {
            setDialog(null);
            void message.success(t('consult.saved'));
            if (next.id !== id) navigate(`/consultations/${next.id}`);
            else setFresh(next);
          }}
        />
      ) : null}
    </Space>
  );
}

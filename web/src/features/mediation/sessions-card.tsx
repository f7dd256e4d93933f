// 调解记录: each session with when and where it was held, who attended, what was said and agreed,
// and the next step; a mediator records one while the mediation is open.
import { Button, Card, Empty, Form, Input, Select, Space, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../shared/api.ts';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { FileFormModal, type FileContext } from './file-command.tsx';
import { DateTimeField } from './date-time-field.tsx';
import { defaultSessionTime } from './file-dates.ts';
import { SessionNoticeDialog } from './session-notice-dialog.tsx';

interface SessionValues {
  heldAt: Dayjs | null;
  place: string;
  attendees: string[];
  record: string;
  agreed?: string;
  nextStep?: string;
}

function SessionDialog({ context, onClose }: { context: FileContext; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<SessionValues>();
  const { file } = context;
  const mediators = [file.leadMediator?.name, ...file.assistMediators.map((m) => m.name)].filter((n): n is string =>
    Boolean(n),
  );
  const people = [...new Set([...file.parties.map((p) => p.name), ...mediators])];
  const lastPlace = file.sessions[file.sessions.length - 1]?.place;
  return (
    <FileFormModal<SessionValues>
      context={context}
      form={form}
      title={t('mediation.recordSession')}
      testId="session-form"
      width={640}
      done="mediation.sessionRecorded"
      initialValues={{
        heldAt: defaultSessionTime(file),
        place: lastPlace ?? t('mediation.defaultPlace', { committee: file.committee.name }),
        attendees: people,
      }}
      send={(v) =>
        api.POST('/api/v1/mediations/{id}/sessions', {
          params: { path: { id: file.id } },
          body: {
            heldAt: v.heldAt!.toISOString(),
            place: v.place.trim(),
            attendees: v.attendees.map((a) => a.trim()).filter(Boolean),
            record: v.record.trim(),
            ...(v.agreed?.trim() ? { agreed: v.agreed.trim() } : {}),
            ...(v.nextStep?.trim() ? { nextStep: v.nextStep.trim() } : {}),
          },
        })
      }
      onClose={onClose}
    >
      <Form.Item
        name="heldAt"
        label={t('mediation.heldAt')}
        rules={[{ required: true, message: t('mediation.chooseTime') }]}
      >
        <DateTimeField placeholder={t('mediation.chooseTime')} testId="session-held-at" />
      </Form.Item>
      <Form.Item
        name="place"
        label={t('mediation.place')}
        rules={[{ required: true, whitespace: true, message: t('mediation.required') }]}
      >
        <Input maxLength={200} data-testid="session-place" />
      </Form.Item>
      <Form.Item
        name="attendees"
        label={t('mediation.attendees')}
        extra={t('mediation.attendeesHelp')}
        rules={[{ required: true, type: 'array', min: 1, message: t('mediation.attendeesRequired') }]}
      >
        <Select
          mode="tags"
          tokenSeparators={[',', '，', '、']}
          options={people.map((p) => ({ value: p, label: p }))}
          data-testid="session-attendees"
        />
      </Form.Item>
      <Form.Item
        name="record"
        label={t('mediation.sessionRecord')}
        rules={[{ required: true, whitespace: true, min: 5, message: t('mediation.atLeast', { n: 5 }) }]}
      >
        <Input.TextArea rows={5} maxLength={20000} showCount data-testid="session-record" />
      </Form.Item>
      <Form.Item name="agreed" label={t('mediation.agreedOn')}>
        <Input.TextArea rows={2} maxLength={5000} data-testid="session-agreed" />
      </Form.Item>
      <Form.Item name="nextStep" label={t('mediation.nextStep')}>
        <Input.TextArea rows={2} maxLength={2000} data-testid="session-next-step" />
      </Form.Item>
    </FileFormModal>
  );
}

export function SessionsCard({ context, editable }: { context: FileContext; editable: boolean }) {
  const { t, locale } = useI18n();
  const [recording, setRecording] = useState(false);
  const [noticing, setNoticing] = useState(false);
  const { file } = context;
  return (
    <Card
      title={t('mediation.sessions')}
      extra={
        editable && (
          <Space wrap>
            <Button onClick={() => setNoticing(true)} data-testid="notify-session">
              {t('sms.sessionNotice.open')}
            </Button>
            <Button type="primary" onClick={() => setRecording(true)} data-testid="record-session">
              {t('mediation.recordSession')}
            </Button>
          </Space>
        )
      }
    >
      {file.sessions.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.noSessions')} />
      ) : (
        <Timeline
          items={file.sessions.map((s) => ({
            key: s.id,
            children: (
              <div data-testid="session-entry">
                <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
                  {t('mediation.sessionNo', { n: s.seq })} · {formatDateTime(s.heldAt, locale)} · {s.place}
                </Typography.Text>
                <div>
                  <Typography.Text type="secondary">
                    {t('mediation.attendees')}
                    {t('mediation.colon')}
                    {s.attendees.join('、')}
                  </Typography.Text>
                </div>
                <Typography.Paragraph style={{ margin: '4px 0', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {s.record}
                </Typography.Paragraph>
                {s.agreed && (
                  <div>
                    <Typography.Text type="secondary">
                      {t('mediation.agreed')}
                      {t('mediation.colon')}
                    </Typography.Text>
                    {s.agreed}
                  </div>
                )}
                {s.nextStep && (
                  <div>
                    <Typography.Text type="secondary">
                      {t('mediation.nextStep')}
                      {t('mediation.colon')}
                    </Typography.Text>
                    {s.nextStep}
                  </div>
                )}
              </div>
            ),
          }))}
        />
      )}
      {recording && <SessionDialog context={context} onClose={() => setRecording(false)} />}
      {noticing && <SessionNoticeDialog context={context} onClose={() => setNoticing(false)} />}
    </Card>
  );
}

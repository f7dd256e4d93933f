// 调解通知 (issue 15): the next session's time and place, sent by SMS to every party who gave a
// phone (POST /api/v1/mediations/{id}/session-notices); the step goes onto the case timeline.
import { Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { FileFormModal, type FileContext } from './file-command.tsx';
import { DateTimeField } from './date-time-field.tsx';

interface NoticeValues {
  scheduledAt: Dayjs | null;
  place: string;
}

export function SessionNoticeDialog({ context, onClose }: { context: FileContext; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<NoticeValues>();
  const { file } = context;
  const lastPlace = file.sessions[file.sessions.length - 1]?.place;
  return (
    <FileFormModal<NoticeValues>
      context={context}
      form={form}
      title={t('sms.sessionNotice.title')}
      testId="session-notice-form"
      done="sms.sessionNotice.sent"
      initialValues={{
        scheduledAt: null,
        place: lastPlace ?? t('mediation.defaultPlace', { committee: file.committee.name }),
      }}
      send={(v) =>
        api.POST('/api/v1/mediations/{id}/session-notices', {
          params: { path: { id: file.id } },
          body: { scheduledAt: v.scheduledAt!.toISOString(), place: v.place.trim() },
        })
      }
      onClose={onClose}
    >
      <Form.Item
        name="scheduledAt"
        label={t('sms.sessionNotice.when')}
        extra={t('sms.sessionNotice.help')}
        rules={[{ required: true, message: t('mediation.chooseTime') }]}
      >
        <DateTimeField placeholder={t('mediation.chooseTime')} testId="session-notice-at" />
      </Form.Item>
      <Form.Item
        name="place"
        label={t('mediation.place')}
        rules={[{ required: true, whitespace: true, message: t('mediation.required') }]}
      >
        <Input maxLength={200} data-testid="session-notice-place" />
      </Form.Item>
    </FileFormModal>
  );
}

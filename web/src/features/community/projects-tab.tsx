// 公益服务项目 tab of /community: the projects of the area with status, awardee, progress and the
// residents' rating; publish one (a township or village), award an applicant; .xlsx export.
import {
  App,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  List,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { AWARD_MODES, type AwardMode, type ProjectStatus } from '../../../../common/community.ts';
import { holds } from '../../../../common/powers.ts';
import { api } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { useSession } from '../../app/session.tsx';
import { useUnitOptions } from './unit-options.ts';

type Project = Awaited<ReturnType<typeof loadProjects>>['items'][number];
const loadProjects = () => api.GET('/api/v1/service-projects', { params: { query: {} } });
const STATUS_COLOR: Record<ProjectStatus, string> = { open: 'processing', awarded: 'gold', completed: 'green' };

interface ProjectValues {
  unitId: number;
  title: string;
  description: string;
  budgetYuan?: number;
  startsOn?: Dayjs;
  endsOn?: Dayjs;
  awardMode: AwardMode;
}

function PublishDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProjectValues>();
  const submit = useSubmit();
  const units = useUnitOptions('service_project:publish');
  const onFinish = (v: ProjectValues) =>
    submit.run(async () => {
      await api.POST('/api/v1/service-projects', {
        body: {
          unitId: v.unitId,
          title: v.title,
          description: v.description,
          awardMode: v.awardMode,
          ...(v.budgetYuan !== undefined && v.budgetYuan !== null ? { budgetYuan: v.budgetYuan } : {}),
          ...(v.startsOn ? { startsOn: v.startsOn.format('YYYY-MM-DD') } : {}),
          ...(v.endsOn ? { endsOn: v.endsOn.format('YYYY-MM-DD') } : {}),
        },
      });
      void message.success(t('community.project.published'));
      onDone();
    });
  return (
    <FormDialog
      title={t('community.project.publish')}
      okText={t('community.project.publishOk')}
      okTestId="project-publish-ok"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} initialValues={{ awardMode: 'select' }}>
        <Form.Item
          name="unitId"
          label={t('community.unit')}
          rules={[{ required: true, message: t('community.required') }]}
        >
          <Select options={units} showSearch optionFilterProp="label" data-testid="project-unit" />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('community.project.title')}
          rules={[{ required: true, whitespace: true, message: t('community.required') }]}
        >
          <Input maxLength={60} data-testid="project-title" />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('community.project.description')}
          rules={[{ required: true, whitespace: true, message: t('community.required') }]}
        >
          <Input.TextArea rows={3} maxLength={4000} data-testid="project-description" />
        </Form.Item>
        <Form.Item name="budgetYuan" label={t('community.project.budget')}>
          <InputNumber min={0} max={100_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="startsOn" label={t('community.project.startsOn')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="endsOn" label={t('community.project.endsOn')}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.Item name="awardMode" label={t('community.project.awardMode')}>
          <Select options={AWARD_MODES.map((m) => ({ value: m, label: t(`community.award.${m}`) }))} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

function ProjectDetail({ project, onChanged }: { project: Project; onChanged: () => void }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { message } = App.useApp();
  const detail = useLoad(
    () => api.GET('/api/v1/service-projects/{id}', { params: { path: { id: project.id } } }),
    `${project.id}-${project.status}`,
  );
  const [busy, setBusy] = useState(false);
  const award = async (applicationId: number) => {
    setBusy(true);
    try {
      await api.POST('/api/v1/service-projects/{id}/award', {
        params: { path: { id: project.id } },
        body: { applicationId },
      });
      void message.success(t('community.project.awarded'));
      onChanged();
    } catch (error) {
      void message.error(String((error as Error).message));
    } finally {
      setBusy(false);
    }
  };
  if (detail.error) return <ErrorAlert error={detail.error} onRetry={detail.reload} />;
  const d = detail.data;
  if (!d) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{d.description}</Typography.Paragraph>
      <Typography.Text strong>{t('community.project.applications')}</Typography.Text>
      <List
        size="small"
        dataSource={d.applications}
        renderItem={(a) => (
          <List.Item
            data-testid="project-application"
            extra={
              d.abilities.award ? (
                <Button size="small" loading={busy} onClick={() => void award(a.id)} data-testid="project-award">
                  {t('community.project.award')}
                </Button>
              ) : null
            }
          >
            {a.bodyName}
            {a.note ? ` · ${a.note}` : ''}
          </List.Item>
        )}
      />
      {d.progress.length > 0 && (
        <>
          <Typography.Text strong>{t('community.project.progressLog')}</Typography.Text>
          <List
            size="small"
            dataSource={d.progress}
            renderItem={(p) => (
              <List.Item>
                {formatDateTime(p.createdAt, locale)} · {p.percent}% · {p.note}
              </List.Item>
            )}
          />
        </>
      )}
    </Space>
  );
}

export function ProjectsTab() {
  const { t } = useI18n();
  const { roles } = useSession();
  const list = useLoad(loadProjects, 'projects');
  const [publishing, setPublishing] = useState(false);
  const mayPublish = roles.some((r) => holds(r, 'service_project:publish'));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {mayPublish && (
          <Button type="primary" onClick={() => setPublishing(true)} data-testid="project-publish">
            {t('community.project.publish')}
          </Button>
        )}
        <ExportButton url="/api/v1/service-projects" fallbackName="service-projects.xlsx" />
      </Space>
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <Table<Project>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: true }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{ expandedRowRender: (p) => <ProjectDetail project={p} onChanged={list.reload} /> }}
        columns={[
          {
            title: t('community.project.title'),
            dataIndex: 'title',
            render: (v: string) => <span data-testid="project-row-title">{v}</span>,
          },
          { title: t('community.unit'), dataIndex: 'unitName' },
          {
            title: t('community.project.status'),
            dataIndex: 'status',
            render: (s: ProjectStatus) => (
              <Tag color={STATUS_COLOR[s]} data-testid="project-row-status">
                {t(`community.status.${s}`)}
              </Tag>
            ),
          },
          {
            title: t('community.project.awardee'),
            dataIndex: 'awardedBodyName',
            render: (v: string | null) => v ?? '—',
          },
          {
            title: '%',
            dataIndex: 'progressPercent',
            render: (v: number) => <Progress percent={v} size="small" style={{ minWidth: 100 }} />,
          },
          {
            title: t('community.project.rate'),
            key: 'rating',
            render: (_, p) =>
              p.ratingAverage === null
                ? t('community.project.noRating')
                : t('community.project.rating', { average: p.ratingAverage, count: p.ratingCount }),
          },
        ]}
      />
      {publishing && (
        <PublishDialog onClose={() => setPublishing(false)} onDone={() => (setPublishing(false), list.reload())} />
      )}
    </Space>
  );
}

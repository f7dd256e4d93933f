// One person's record (/workforce/staff/:id): post, unit, qualifications and duty list; training
// records with each certificate's state (expired red, expiring within 30 days orange); evaluations;
// and the monthly figures, each number opening the cases it counts (the same filter on /cases).
import {
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import { useState } from 'react';
import { holds } from '../../../../common/powers.ts';
import { isRole } from '../../../../common/roles.ts';
import { useSession } from '../../app/session.tsx';
import { Link, useParams } from 'react-router-dom';
import {
  EVALUATION_GRADES,
  EVALUATION_GRADE_CODES,
  STAFF_POSTS,
  type EvaluationGrade,
} from '../../../../common/workforce.ts';
import { api, type Answer } from '../../shared/api.ts';
import { casesBehind, type KpiName } from '../../shared/case-links.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useSubmit } from '../../shared/form-dialog.tsx';
import { formatPercent, useI18n } from '../../shared/i18n.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { CertificateTag } from './certificate-tag.tsx';

type Staff = Answer<'/api/v1/workforce/staff/{id}'>;
type Training = Staff['trainings'][number];
type Evaluation = Staff['evaluations'][number];
type Month = Answer<'/api/v1/workforce/staff/{id}/performance'>['months'][number];
type CoverageRow = Answer<'/api/v1/patrols/coverage'>['items'][number];

interface TrainingForm {
  course: string;
  hours: number;
  /** YYYY-MM-DD from the browser's own date input (a phone's date picker). */
  completedOn: string;
  certificateNo?: string;
  expiresOn?: string;
}

function AddTraining({ staffId, onSaved }: { staffId: number; onSaved: (s: Staff) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<TrainingForm>();
  const submit = useSubmit();
  const required = [{ required: true, message: t('workforce.required') }];
  return (
    <Card
      size="small"
      type="inner"
      title={t('workforce.addTraining')}
      style={{ marginTop: 12 }}
      data-testid="training-form"
    >
      {submit.error ? <ErrorAlert error={submit.error} /> : null}
      <Form<TrainingForm>
        form={form}
        layout="vertical"
        onFinish={(values) =>
          void submit.run(async () => {
            const saved = await api.POST('/api/v1/workforce/staff/{id}/trainings', {
              params: { path: { id: staffId } },
              body: {
                course: values.course.trim(),
                hours: values.hours,
                completedOn: values.completedOn,
                certificateNo: values.certificateNo?.trim() || undefined,
                expiresOn: values.expiresOn || undefined,
              },
            });
            form.resetFields();
            void message.success(t('workforce.saved'));
            onSaved(saved);
          })
        }
      >
        <Space wrap align="start">
          <Form.Item
            name="course"
            label={t('workforce.course')}
            rules={[{ required: true, whitespace: true, message: t('workforce.required') }]}
          >
            <Input maxLength={100} style={{ width: 220 }} data-testid="training-course" />
          </Form.Item>
          <Form.Item name="hours" label={t('workforce.trainingHours')} rules={required}>
            <InputNumber min={0.5} max={1000} step={0.5} data-testid="training-hours" />
          </Form.Item>
          <Form.Item name="completedOn" label={t('workforce.completedOn')} rules={required}>
            <Input type="date" data-testid="training-date" />
          </Form.Item>
          <Form.Item name="certificateNo" label={t('workforce.certificateNo')}>
            <Input maxLength={64} data-testid="training-certificate" />
          </Form.Item>
          <Form.Item name="expiresOn" label={t('workforce.expiresOn')}>
            <Input type="date" data-testid="training-expiry" />
          </Form.Item>
        </Space>
        <Button type="primary" htmlType="submit" loading={submit.saving} data-testid="training-save">
          {t('workforce.addTraining')}
        </Button>
      </Form>
    </Card>
  );
}

function AddEvaluation({ staffId, onSaved }: { staffId: number; onSaved: (s: Staff) => void }) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<{ period: string; grade: EvaluationGrade; comment?: string }>();
  const submit = useSubmit();
  return (
    <Card size="small" type="inner" title={t('workforce.addEvaluation')} style={{ marginTop: 12 }}>
      {submit.error ? <ErrorAlert error={submit.error} /> : null}
      <Form
        form={form}
        layout="inline"
        onFinish={(values) =>
          void submit.run(async () => {
            const saved = await api.POST('/api/v1/workforce/staff/{id}/evaluations', {
              params: { path: { id: staffId } },
              body: { period: values.period.trim(), grade: values.grade, comment: values.comment?.trim() || undefined },
            });
            form.resetFields();
            void message.success(t('workforce.saved'));
            onSaved(saved);
          })
        }
      >
        <Form.Item name="period" rules={[{ required: true, whitespace: true, message: t('workforce.required') }]}>
          <Input placeholder={t('workforce.periodHint')} maxLength={7} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="grade" rules={[{ required: true, message: t('workforce.required') }]}>
          <Select
            placeholder={t('workforce.gradeLabel')}
            style={{ minWidth: 120 }}
            options={EVALUATION_GRADE_CODES.map((code) => ({ value: code, label: pick(EVALUATION_GRADES[code]) }))}
          />
        </Form.Item>
        <Form.Item name="comment">
          <Input placeholder={t('workforce.comment')} maxLength={1000} />
        </Form.Item>
        <Button htmlType="submit" loading={submit.saving}>
          {t('workforce.addEvaluation')}
        </Button>
      </Form>
    </Card>
  );
}

function Performance({ staff }: { staff: Staff }) {
  const { t } = useI18n();
  const [year, setYear] = useState<number | undefined>(undefined);
  const loaded = useLoad(
    () =>
      api.GET('/api/v1/workforce/staff/{id}/performance', {
        params: { path: { id: staff.id }, query: { year } },
      }),
    `${staff.id}:${year ?? ''}`,
  );
  const shown = loaded.data?.year;
  // Patrol coverage comes from the patrols module (above this one), month by month, for readers
  // who oversee patrols; others see the case figures only.
  const { me } = useSession();
  const oversees = (me?.memberships ?? []).some((m) => isRole(m.role) && holds(m.role, 'patrol:oversee'));
  const months = loaded.data?.months ?? [];
  const coverage = useLoad(
    async () => {
      if (!oversees) return new Map<string, CoverageRow[]>();
      const answers = await Promise.all(
        months.map((m) =>
          api.GET('/api/v1/patrols/coverage', { params: { query: { month: m.month, workerId: staff.userId } } }),
        ),
      );
      return new Map(months.map((m, i) => [m.month, answers[i]!.items]));
    },
    `${staff.userId}:${months.map((m) => m.month).join(',')}:${oversees}`,
  );
  const coverageOf = (m: Month) => {
    const rows = coverage.data?.get(m.month);
    if (!rows) return '—';
    const visited = rows.reduce((sum, r) => sum + r.housesVisited, 0);
    const houses = rows.reduce((sum, r) => sum + r.gridHouses, 0);
    return `${formatPercent(houses > 0 ? Math.min(1, visited / houses) : null)} (${visited}/${houses})`;
  };
  const link = (m: Month, kpi: KpiName, value: number) => (
    <Link to={casesBehind({ window: { from: m.from, to: m.to }, kpi, createdBy: staff.userId })}>{value}</Link>
  );
  const years = shown ? [shown - 2, shown - 1, shown] : [];
  return (
    <Card
      title={t('workforce.performance')}
      style={{ marginTop: 16 }}
      extra={
        <Select
          value={shown}
          onChange={setYear}
          style={{ width: 100 }}
          aria-label={t('workforce.year')}
          options={years.map((y) => ({ value: y, label: String(y) }))}
        />
      }
    >
      <Typography.Paragraph type="secondary">{t('workforce.performanceNote')}</Typography.Paragraph>
      {loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : null}
      <Table<Month>
        rowKey="month"
        size="small"
        loading={loaded.loading}
        dataSource={[...(loaded.data?.months ?? [])].reverse()}
        pagination={false}
        scroll={{ x: true }}
        data-testid="performance-table"
        columns={[
          { title: t('workforce.month'), dataIndex: 'month' },
          {
            title: t('workforce.found'),
            dataIndex: 'found',
            align: 'right',
            render: (v: number, m) => link(m, 'all', v),
          },
          {
            title: t('workforce.onTheSpot'),
            dataIndex: 'resolvedOnTheSpot',
            align: 'right',
            render: (v: number, m) => link(m, 'resolvedOnTheSpot', v),
          },
          {
            title: t('workforce.onTime'),
            dataIndex: 'onTimeRate',
            align: 'right',
            render: (v: number | null, m) => (
              <span>
                {formatPercent(v)} ({link(m, 'handledOnTime', m.handledOnTime)}/{link(m, 'handlingDue', m.handlingDue)})
              </span>
            ),
          },
          ...(oversees
            ? [
                {
                  title: t('workforce.coverage'),
                  key: 'coverage',
                  align: 'right' as const,
                  render: (_: unknown, m: Month) => <span data-testid="coverage-cell">{coverageOf(m)}</span>,
                },
              ]
            : []),
          {
            title: t('workforce.satisfaction'),
            dataIndex: 'satisfactionRate',
            align: 'right',
            render: (v: number | null, m) => (
              <span>
                {formatPercent(v)} ({link(m, 'satisfied', m.satisfied)}/{link(m, 'rated', m.rated)})
              </span>
            ),
          },
        ]}
      />
    </Card>
  );
}

export default function StaffPage() {
  const { id } = useParams();
  const { t, pick } = useI18n();
  const loaded = useLoad(
    () => api.GET('/api/v1/workforce/staff/{id}', { params: { path: { id: Number(id) } } }),
    id ?? '',
  );
  const [fresh, setFresh] = useState<Staff | null>(null);
  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  const staff = fresh && String(fresh.id) === id ? fresh : loaded.data;
  if (!staff) return <PageLoading />;
  return (
    <div data-testid="staff-record">
      <Link to="/workforce">{t('workforce.back')}</Link>
      <Typography.Title level={3} style={{ marginTop: 8 }}>
        {staff.name} <CertificateTag state={staff.certificate} />
      </Typography.Title>
      <Descriptions bordered size="small" column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label={t('workforce.post')}>{pick(STAFF_POSTS[staff.post])}</Descriptions.Item>
        <Descriptions.Item label={t('workforce.unit')}>{staff.unitName}</Descriptions.Item>
        <Descriptions.Item label={t('workforce.qualifications')}>{staff.qualifications ?? ''}</Descriptions.Item>
        <Descriptions.Item label={t('workforce.dutyList')}>
          {staff.duties.map((d) => (
            <Tag key={d}>{d}</Tag>
          ))}
        </Descriptions.Item>
      </Descriptions>

      <Card title={t('workforce.trainings')} style={{ marginTop: 16 }}>
        <Table<Training>
          rowKey="id"
          size="small"
          dataSource={staff.trainings}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: t('workforce.noTrainings') }}
          data-testid="training-table"
          columns={[
            { title: t('workforce.course'), dataIndex: 'course' },
            { title: t('workforce.trainingHours'), dataIndex: 'hours', align: 'right' },
            { title: t('workforce.completedOn'), dataIndex: 'completedOn' },
            { title: t('workforce.certificateNo'), dataIndex: 'certificateNo' },
            { title: t('workforce.expiresOn'), dataIndex: 'expiresOn' },
            {
              title: t('workforce.certificate'),
              dataIndex: 'certificate',
              render: (c: Training['certificate'], row) =>
                row.superseded && row.expiresOn !== null ? (
                  <Tag>{t('workforce.superseded')}</Tag>
                ) : (
                  <CertificateTag state={c} />
                ),
            },
          ]}
        />
        {staff.abilities.manage ? <AddTraining staffId={staff.id} onSaved={setFresh} /> : null}
      </Card>

      <Card title={t('workforce.evaluations')} style={{ marginTop: 16 }}>
        <Table<Evaluation>
          rowKey="id"
          size="small"
          dataSource={staff.evaluations}
          pagination={false}
          locale={{ emptyText: t('workforce.noEvaluations') }}
          columns={[
            { title: t('workforce.period'), dataIndex: 'period' },
            {
              title: t('workforce.gradeLabel'),
              dataIndex: 'grade',
              render: (g: EvaluationGrade) => pick(EVALUATION_GRADES[g]),
            },
            { title: t('workforce.comment'), dataIndex: 'comment' },
          ]}
        />
        {staff.abilities.manage ? <AddEvaluation staffId={staff.id} onSaved={setFresh} /> : null}
      </Card>

      <Performance staff={staff} />
    </div>
  );
}

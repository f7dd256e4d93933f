// 网格概况 (/grids/:id, issue 18, ADR 0030): one grid's boundary with its houses on the map (houses
// without a point listed under it), the people of each house, the key-group people the reader may
// see (the server leaves out the rest, counts included), its grid workers and its cadres with
// their roles; a township's staff assign a task to a cadre here (told by SMS). One column on a
// phone: the grid worker opens their own grid from the patrol page.
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Input,
  List,
  Row,
  Select,
  Space,
  Statistic,
  Tag,
  Typography,
  message,
} from 'antd';
import { useMemo } from 'react';
import { useParams } from 'react-router-dom';
import {
  HOUSE_KIND_LABELS,
  HOUSE_RELATION_LABELS,
  KEY_GROUP_SPECS,
  type KeyGroup,
} from '../../../../common/base-data.ts';
import { CADRE_ROLES } from '../../../../common/workforce.ts';
import { GRID_TASK_KINDS, GRID_TASK_KIND_NAMES, type GridTaskKind } from '../../../../common/grid-tasks.ts';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useSubmit } from '../../shared/form-dialog.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { LazyGridView } from '../map/lazy-map.tsx';

type Overview = Answer<'/api/v1/grids/{id}/overview'>;
type BaseData = NonNullable<Overview['baseData']>;

function GroupTags({ groups }: { groups?: KeyGroup[] | undefined }) {
  const { pick } = useI18n();
  if (!groups || groups.length === 0) return null;
  return (
    <>
      {groups.map((g) => (
        <Tag key={g} color={KEY_GROUP_SPECS[g].power === 'key_group:special' ? 'volcano' : 'gold'}>
          {pick(KEY_GROUP_SPECS[g])}
        </Tag>
      ))}
    </>
  );
}

function Houses({ data }: { data: BaseData }) {
  const { t, pick } = useI18n();
  return (
    <Card size="small" title={t('gridPage.houseList')} data-testid="grid-houses">
      <List
        size="small"
        dataSource={data.houses}
        locale={{ emptyText: t('gridPage.noHouses') }}
        pagination={data.houses.length > 20 ? { pageSize: 20, size: 'small' } : false}
        renderItem={(h) => (
          <List.Item data-testid="grid-house">
            <div style={{ width: '100%', minWidth: 0 }}>
              <Space wrap size={4}>
                <Typography.Text strong style={{ wordBreak: 'break-all' }}>
                  {h.address}
                </Typography.Text>
                <Tag>{pick(HOUSE_KIND_LABELS[h.kind])}</Tag>
              </Space>
              <div>
                {h.people.length === 0 ? (
                  <Typography.Text type="secondary">{t('gridPage.noResidents')}</Typography.Text>
                ) : (
                  h.people.map((p) => (
                    <Space key={p.id} size={4} wrap style={{ marginRight: 12 }}>
                      <span>{p.name}</span>
                      <Typography.Text type="secondary">{pick(HOUSE_RELATION_LABELS[p.relation])}</Typography.Text>
                      <GroupTags groups={p.keyGroups} />
                    </Space>
                  ))
                )}
              </div>
            </div>
          </List.Item>
        )}
      />
      {data.unhoused.length > 0 ? (
        <div style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{t('gridPage.unhoused')}</Typography.Text>
          <div>
            {data.unhoused.map((p) => (
              <Space key={p.id} size={4} style={{ marginRight: 12 }}>
                <span>{p.name}</span>
                <GroupTags groups={p.keyGroups} />
              </Space>
            ))}
          </div>
        </div>
      ) : null}
    </Card>
  );
}

function Cadres({ cadres }: { cadres: Overview['cadres'] }) {
  const { t, pick } = useI18n();
  return (
    <Card size="small" title={t('gridPage.cadres')} data-testid="grid-cadres">
      <List
        size="small"
        dataSource={cadres}
        locale={{ emptyText: t('gridPage.noCadres') }}
        renderItem={(c) => (
          <List.Item data-testid="grid-cadre">
            <Space wrap size={4}>
              <Typography.Text strong>{c.name}</Typography.Text>
              <Tag color="blue">{pick(CADRE_ROLES[c.role])}</Tag>
              {c.organisation ? <Typography.Text type="secondary">{c.organisation}</Typography.Text> : null}
              {c.phone ? <Typography.Text type="secondary">{c.phone}</Typography.Text> : null}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

interface TaskForm {
  cadreId: number;
  kind: GridTaskKind;
  title: string;
  dueDate: string;
}

/** A township's staff give one of the grid's cadres a standard task; the cadre is told by SMS. */
function CadreTask({ gridId, cadres }: { gridId: number; cadres: Overview['cadres'] }) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<TaskForm>();
  const submit = useSubmit();
  const required = [{ required: true, message: t('gridPage.required') }];
  return (
    <Card size="small" title={t('gridPage.assignTask')} data-testid="cadre-task">
      {submit.error ? <ErrorAlert error={submit.error} /> : null}
      <Form<TaskForm>
        form={form}
        layout="vertical"
        onFinish={(values) =>
          void submit.run(async () => {
            await api.POST('/api/v1/grid-tasks', {
              body: {
                unitId: gridId,
                cadreId: values.cadreId,
                kind: values.kind,
                title: values.title.trim(),
                dueDate: values.dueDate,
              },
            });
            form.resetFields();
            void message.success(t('gridPage.taskSent'));
          })
        }
      >
        <Form.Item name="cadreId" label={t('gridPage.taskCadre')} rules={required}>
          <Select
            data-testid="cadre-task-cadre"
            options={cadres.map((c) => ({
              value: c.id,
              label: `${c.name} · ${pick(CADRE_ROLES[c.role])}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="kind" label={t('gridPage.taskKind')} rules={required}>
          <Select options={GRID_TASK_KINDS.map((k) => ({ value: k, label: pick(GRID_TASK_KIND_NAMES[k]) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('gridPage.taskTitle')} rules={required}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="dueDate" label={t('gridPage.taskDue')} rules={required}>
          <Input type="date" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={submit.saving}>
          {t('gridPage.assignTask')}
        </Button>
      </Form>
    </Card>
  );
}

export default function GridPage() {
  const { id } = useParams();
  const gridId = Number(id);
  const { t } = useI18n();
  const loaded = useLoad(
    () => api.GET('/api/v1/grids/{id}/overview', { params: { path: { id: gridId } } }),
    String(gridId),
  );
  const page = loaded.data;
  const placed = useMemo(
    () =>
      (page?.baseData?.houses ?? []).flatMap((h) =>
        h.lng !== null && h.lat !== null ? [{ id: h.id, address: h.address, lng: h.lng, lat: h.lat }] : [],
      ),
    [page],
  );
  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!page) return <PageLoading />;
  const data = page.baseData;
  const unplaced = (data?.houses ?? []).filter((h) => h.lng === null || h.lat === null);

  return (
    <div data-testid="grid-page" style={{ maxWidth: 1200 }}>
      <Space wrap align="baseline" style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="grid-name">
          {page.name}
        </Typography.Title>
        {page.township ? <Typography.Text type="secondary">{page.township.name}</Typography.Text> : null}
        {page.closed ? <Tag>{t('gridPage.closed')}</Tag> : null}
      </Space>
      <Row gutter={[12, 12]}>
        <Col xs={8}>
          <Statistic title={t('gridPage.houses')} value={data?.counts.houses ?? '-'} />
        </Col>
        <Col xs={8}>
          <Statistic title={t('gridPage.people')} value={data?.counts.people ?? '-'} />
        </Col>
        <Col xs={8}>
          <Statistic title={t('gridPage.cadres')} value={page.cadres.length} />
        </Col>
      </Row>
      {data?.truncated ? (
        <Alert type="warning" showIcon message={t('gridPage.truncated')} style={{ marginTop: 8 }} />
      ) : null}
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={14}>
          <Space direction="vertical" style={{ width: '100%' }} size={12}>
            <Card size="small" title={t('gridPage.map')} extra={t('gridPage.placed', { count: placed.length })}>
              <LazyGridView gridId={page.id} houses={placed} height={320} />
              {unplaced.length > 0 ? (
                <div style={{ marginTop: 8 }} data-testid="grid-unplaced">
                  <Typography.Text type="secondary">
                    {t('gridPage.unplaced', { count: unplaced.length })}
                  </Typography.Text>
                  <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
                    {unplaced.map((h) => (
                      <li key={h.id} style={{ wordBreak: 'break-all' }}>
                        {h.address}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </Card>
            {data ? <Houses data={data} /> : <Alert type="info" showIcon message={t('gridPage.noBaseData')} />}
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Space direction="vertical" style={{ width: '100%' }} size={12}>
            <Cadres cadres={page.cadres} />
            <Card size="small" title={t('gridPage.workers')} data-testid="grid-workers">
              <List
                size="small"
                dataSource={page.workers}
                locale={{ emptyText: t('gridPage.noWorkers') }}
                renderItem={(w) => <List.Item>{w.name}</List.Item>}
              />
            </Card>
            {data && data.keyGroupPeople !== undefined && data.counts.keyGroups !== undefined ? (
              <Card size="small" title={t('gridPage.keyGroups')} data-testid="grid-key-groups">
                <List
                  size="small"
                  dataSource={data.keyGroupPeople}
                  locale={{ emptyText: t('gridPage.noKeyGroups') }}
                  renderItem={(p) => (
                    <List.Item>
                      <Space wrap size={4}>
                        <span>{p.name}</span>
                        <GroupTags groups={p.keyGroups} />
                      </Space>
                    </List.Item>
                  )}
                />
              </Card>
            ) : null}
            {page.abilities.assignTask && page.cadres.length > 0 ? (
              <CadreTask gridId={page.id} cadres={page.cadres} />
            ) : null}
          </Space>
        </Col>
      </Row>
    </div>
  );
}

// One case: facts, deadlines and cards, where it happened (the reported point on the map), the units on it,
// the timeline, its photos and files (the gallery), and a button for exactly each of the API's `allowedActions`.
import { Button, Card, Col, Descriptions, Row, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { holds } from '../../../../common/powers.ts';
import type { CaseAction } from '../../../../common/workflow.ts';
import { useSession } from '../../app/session.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import { api } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import {
  ACTION_LABELS,
  ASSIGNMENT_LABELS,
  CHANNEL_LABELS,
  KIND_LABELS,
  RATING_LABELS,
  STAGE_LABELS,
  eventLabel,
  labelOf,
} from '../../shared/labels.ts';
import type { CaseDetail, TimelineEntry } from '../../shared/api-types.ts';
import { useLoad } from '../../shared/use-load.ts';
import { MediationEntry } from '../mediation/mediation-entry.tsx';
import { RevealPhone } from '../calls/reveal-phone.tsx';
import { LazyPointView } from '../map/lazy-map.tsx';
import { PhotoGallery, uploadStageFor } from '../photos/photo-gallery.tsx';
import { CaseHearings } from '../mediation/case-hearings.tsx';
import { CaseWarnings } from '../warnings/case-warnings.tsx';
import { WhistleCadresButton } from '../grids/whistle-cadres.tsx';
import { CADRE_ROLES, type CadreRole } from '../../../../common/workforce.ts';
import { ActionDialog } from './action-dialog.tsx';
import { StatusTag, useCategoryNames } from './case-table.tsx';

const DANGER: readonly CaseAction[] = ['cancel', 'return'];

export function ActionButtons({
  record,
  onAction,
  size,
}: {
  record: CaseDetail;
  onAction: (action: CaseAction) => void;
  size?: 'middle' | 'large';
}) {
  const { pick, t } = useI18n();
  if (record.allowedActions.length === 0) {
    return <Typography.Text type="secondary">{t('case.noActions')}</Typography.Text>;
  }
  return (
    <Space wrap data-testid="case-actions">
      {record.allowedActions.map((action, i) => (
        <Button
          key={action}
          size={size}
          type={i === 0 ? 'primary' : 'default'}
          danger={DANGER.includes(action)}
          data-action={action}
          onClick={() => onAction(action)}
        >
          {pick(ACTION_LABELS[action])}
        </Button>
      ))}
    </Space>
  );
}

/** A step's details: an object whose keys depend on the step (reason, result, rating …). */
function dataOf(entry: TimelineEntry): Record<string, unknown> {
  const data = entry.data;
  return typeof data === 'object' && data !== null ? { ...data } : {};
}

function TimelineText({ entry }: { entry: TimelineEntry }) {
  const { t, pick, locale, server } = useI18n();
  const data = dataOf(entry);
  const text = ['reason', 'result', 'note', 'comment']
    .map((k) => data[k])
    .filter((v): v is string => typeof v === 'string');
  const rating = typeof data.rating === 'string' ? labelOf(RATING_LABELS, data.rating) : null;
  // 领导包案: who answers for the case from this step on.
  if (typeof data.leaderName === 'string') text.unshift(t('leader.timeline', { name: data.leaderName }));
  // 吹哨 with the grid's cadres (ADR 0030): names only for those who may see them (the server decides).
  if (Array.isArray(data.cadres)) {
    for (const cadre of data.cadres as { name?: unknown; role?: unknown }[]) {
      const role =
        typeof cadre.role === 'string' && cadre.role in CADRE_ROLES ? pick(CADRE_ROLES[cadre.role as CadreRole]) : '';
      text.push(
        typeof cadre.name === 'string'
          ? t('gridPage.timelineCadre', { name: cadre.name })
          : t('gridPage.timelineCadreRole', { role }),
      );
    }
  }
  // The sweeper signs its steps with a bilingual name ("系统 / System").
  const actor = entry.actor
    ? [entry.actor.unitName, entry.actor.name]
        .filter((part): part is string => Boolean(part))
        .map(server)
        .join(' · ')
    : '';
  return (
    <div data-testid="timeline-entry">
      <Typography.Text strong>
        {data.directAnswer ? t('knowledge.timeline.directAnswer') : pick(eventLabel(entry.action))}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
        {formatDateTime(entry.at, locale)}
        {actor ? ` · ${actor}` : ''}
      </Typography.Text>
      {rating && <Tag style={{ marginLeft: 8 }}>{pick(rating)}</Tag>}
      {text.map((line, i) => (
        <div key={i}>{line}</div>
      ))}
    </div>
  );
}

export default function CaseDetailPage() {
  const { id } = useParams();
  const i18n = useI18n();
  const { t, pick, locale } = i18n;
  const { roles } = useSession();
  const names = useCategoryNames();
  const loaded = useLoad(() => api.GET('/api/v1/cases/{id}', { params: { path: { id: Number(id) } } }), id ?? '');
  const [current, setCurrent] = useState<CaseDetail | null>(null);
  const [action, setAction] = useState<CaseAction | null>(null);
  const record =
    current && current.id === loaded.data?.id && current.version >= loaded.data.version ? current : loaded.data;

  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!record) return <PageLoading />;

  const mayReadMediation = roles.some((r) => ['admin', 'leader', 'dispatcher', 'mediator', 'evaluator'].includes(r));

  return (
    <Space
      direction="vertical"
      size="large"
      style={{ width: '100%' }}
      data-testid="case-detail"
      data-case-id={record.id}
    >
      <Card>
        <Row justify="space-between" align="middle" gutter={[16, 16]}>
          <Col>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {record.title}
            </Typography.Title>
            <Space style={{ marginTop: 8 }}>
              <Typography.Text copyable data-testid="case-number">
                {record.number}
              </Typography.Text>
              <Typography.Text
                type="secondary"
                style={{ fontSize: 12 }}
                copyable={{ text: record.trackingCode }}
                data-testid="case-tracking-code"
              >
                {t('intake.trackingCode')} {record.trackingCode}
              </Typography.Text>
              <StatusTag status={record.status} />
              {record.overdue && <Tag color="red">{t('cases.overdue')}</Tag>}
              {record.cards.yellow && <Tag color="gold">{t('case.yellowCard')}</Tag>}
              {record.cards.red && <Tag color="red">{t('case.redCard')}</Tag>}
              {record.cards.supervised && <Tag color="purple">{t('case.supervised')}</Tag>}
            </Space>
          </Col>
          <Col>
            <Space wrap>
              <ActionButtons record={record} onAction={setAction} />
              {record.grid &&
                roles.includes('dispatcher') &&
                record.assignments.some((a) => a.role === 'whistle' && a.active) && (
                  <WhistleCadresButton caseId={record.id} gridId={record.grid.id} onDone={loaded.reload} />
                )}
              {/* issue 18 §7: refer someone met through this case to the psychological service team. */}
              {roles.some((r) => holds(r, 'psych:refer')) && (
                <Link to={`/psych-referrals/new?caseId=${record.id}`} data-testid="case-psych-refer">
                  <Button>{t('psych.case.refer')}</Button>
                </Link>
              )}
            </Space>
          </Col>
        </Row>
      </Card>
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={14}>
          <Card title={t('case.facts')}>
            <Descriptions column={1} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t('cases.category')}>{names.get(record.categoryCode) ?? ''}</Descriptions.Item>
              <Descriptions.Item label={t('case.kind')}>{pick(labelOf(KIND_LABELS, record.kind))}</Descriptions.Item>
              <Descriptions.Item label={t('case.channel')}>
                {pick(labelOf(CHANNEL_LABELS, record.channel))}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.registeredAt')}>
                {formatDateTime(record.createdAt, locale)}
              </Descriptions.Item>
              {record.externalRef && (
                <Descriptions.Item label={t('intake.externalRef')}>
                  {record.externalRef.system} · {record.externalRef.id}
                </Descriptions.Item>
              )}
              {record.grid && (
                <Descriptions.Item label={t('gridPage.caseGrid')}>
                  <Link to={`/grids/${record.grid.id}`} data-testid="case-grid-link">
                    {record.grid.name}
                  </Link>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('case.address')}>{record.address ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('case.reporter')}>
                {[record.reporter.name, record.reporter.phone].filter(Boolean).join(' · ') || '—'}
                {record.reporter.phone && <RevealPhone caseId={record.id} />}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.stage')}>
                {record.deadlines.stage
                  ? `${pick(labelOf(STAGE_LABELS, record.deadlines.stage))} · ${formatDateTime(record.deadlines.current, locale)}`
                  : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.handleBy')}>
                {formatDateTime(record.deadlines.handle, locale)}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.description')}>
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                  {record.description}
                </Typography.Paragraph>
              </Descriptions.Item>
              {record.result && (
                <Descriptions.Item label={t('case.result')}>
                  <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="case-result">
                    {record.result}
                  </Typography.Paragraph>
                </Descriptions.Item>
              )}
              {record.rating && (
                <Descriptions.Item label={t('action.rating')}>{pick(RATING_LABELS[record.rating])}</Descriptions.Item>
              )}
            </Descriptions>
            {record.kind === 'dispute' && record.leadUnitId !== null && mayReadMediation && (
              <MediationEntry record={record} />
            )}
          </Card>
          {record.location && (
            <Card title={t('finish.case.point')} style={{ marginTop: 24 }} data-testid="case-point">
              <LazyPointView point={record.location} height={240} />
            </Card>
          )}
          <Card title={t('case.assignments')} style={{ marginTop: 24 }}>
            <Table
              rowKey={(row) => `${row.unitId}-${row.role}`}
              size="small"
              pagination={false}
              dataSource={record.assignments}
              locale={{ emptyText: t('case.noAssignments') }}
              columns={[
                { title: t('case.unit'), dataIndex: 'unitName' },
                {
                  title: t('case.role'),
                  dataIndex: 'role',
                  render: (role: string) => pick(labelOf(ASSIGNMENT_LABELS, role)),
                },
                {
                  title: t('case.active'),
                  dataIndex: 'active',
                  render: (active: boolean) => (active ? t('common.yes') : t('common.no')),
                },
                {
                  title: t('cases.deadline'),
                  dataIndex: 'deadline',
                  render: (value: string | null) => formatDateTime(value, locale),
                },
              ]}
            />
          </Card>
          <Card title={t('finish.case.photos')} style={{ marginTop: 24 }}>
            <PhotoGallery key={record.version} caseId={record.id} uploadStage={uploadStageFor(record.status, roles)} />
          </Card>
          <CaseHearings record={record} />
          <CaseWarnings caseId={record.id} />
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('case.timeline')}>
            <Timeline
              items={[...record.timeline].reverse().map((entry) => ({
                key: entry.seq,
                children: <TimelineText entry={entry} />,
              }))}
            />
          </Card>
        </Col>
      </Row>
      {action && (
        <ActionDialog
          action={action}
          record={record}
          onClose={() => setAction(null)}
          onDone={(updated) => {
            setCurrent(updated);
            setAction(null);
          }}
          onConflict={() => {
            setAction(null);
            setCurrent(null);
            loaded.reload();
          }}
        />
      )}
    </Space>
  );
}

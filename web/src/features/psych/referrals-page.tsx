// /psych-referrals: the referrals the user may see — the team's list for a member of the county's
// psychological service team, one's own referrals for a referrer — newest first, urgent ones and
// those warned of (超时未联系) marked; filtered by status, exported as .xlsx. Cards on a phone.
import { Button, Card, Empty, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  PSYCH_ASSESSMENT_LABELS,
  PSYCH_STATUSES,
  PSYCH_STATUS_LABELS,
  PSYCH_URGENCY_LABELS,
  type PsychStatus,
} from '../../../../common/psych.ts';
import { holds } from '../../../../common/powers.ts';
import { useSession } from '../../app/session.tsx';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { usePhone } from '../../shared/use-phone.ts';
import { ASSESSMENT_COLOURS, STATUS_COLOURS, URGENCY_COLOURS } from './psych-labels.ts';

type Item = Answer<'/api/v1/psych-referrals'>['items'][number];

const PAGE = 30;

function Tags({ item }: { item: Item }) {
  const { t, pick } = useI18n();
  return (
    <Space size={4} wrap>
      <Tag color={URGENCY_COLOURS[item.urgency]} data-testid="psych-urgency-tag">
        {pick(PSYCH_URGENCY_LABELS[item.urgency])}
      </Tag>
      <Tag color={STATUS_COLOURS[item.status]} data-testid="psych-status">
        {pick(PSYCH_STATUS_LABELS[item.status])}
      </Tag>
      {item.assessmentLevel && (
        <Tag color={ASSESSMENT_COLOURS[item.assessmentLevel]} data-testid="psych-assessment-tag">
          {pick(PSYCH_ASSESSMENT_LABELS[item.assessmentLevel])}
        </Tag>
      )}
      {item.overdueWarnedAt && item.status === 'referred' && (
        <Tag color="red" data-testid="psych-overdue">
          {t('psych.overdue')}
        </Tag>
      )}
    </Space>
  );
}

export default function ReferralsPage() {
  const { t, pick, locale } = useI18n();
  const { roles } = useSession();
  const mayRefer = roles.some((role) => holds(role, 'psych:refer'));
  const phone = usePhone();
  const [status, setStatus] = useState<PsychStatus | 'all'>('all');
  const [items, setItems] = useState<Item[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const round = useRef(0);

  const load = async (cursor: string | null) => {
    const mine = ++round.current;
    try {
      const page = await api.GET('/api/v1/psych-referrals', {
        params: {
          query: { limit: PAGE, ...(status !== 'all' ? { status } : {}), ...(cursor ? { cursor } : {}) },
        },
      });
      if (mine !== round.current) return;
      setItems((before) => (cursor && before ? [...before, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
      setError(null);
    } catch (failure) {
      if (mine === round.current) setError(failure);
    }
  };

  useEffect(() => {
    void load(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status]);

  return (
    <Card
      title={t('psych.list.title')}
      extra={
        mayRefer && (
          <Link to="/psych-referrals/new">
            <Button type="primary" data-testid="psych-new">
              {t('psych.list.new')}
            </Button>
          </Link>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('psych.list.hint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          style={{ minWidth: 140 }}
          value={status}
          onChange={setStatus}
          options={[
            { value: 'all', label: t('psych.list.allStatuses') },
            ...PSYCH_STATUSES.map((s) => ({ value: s, label: pick(PSYCH_STATUS_LABELS[s]) })),
          ]}
          data-testid="psych-status-filter"
        />
        <ExportButton
          url="/api/v1/psych-referrals"
          query={status !== 'all' ? { status } : {}}
          fallbackName="psych-referrals.xlsx"
        />
      </Space>
      {error !== null && <ErrorAlert error={error} onRetry={() => void load(null)} />}
      {phone ? (
        items === null && error === null ? (
          <Spin />
        ) : (items ?? []).length === 0 ? (
          <Empty description={t('psych.list.empty')} />
        ) : (
          (items ?? []).map((item) => (
            <Link key={item.id} to={`/psych-referrals/${item.id}`} data-testid="psych-row">
              <Card size="small" style={{ marginBottom: 8 }} styles={{ body: { padding: 12 } }}>
                <Space direction="vertical" size={4} style={{ width: '100%' }}>
                  <Typography.Text strong>{item.personName}</Typography.Text>
                  <Tags item={item} />
                  <Typography.Text type="secondary">
                    {item.referrer.name} · {formatDateTime(item.createdAt, locale)}
                  </Typography.Text>
                </Space>
              </Card>
            </Link>
          ))
        )
      ) : (
        <Table<Item>
          rowKey="id"
          loading={items === null && error === null}
          dataSource={items ?? []}
          pagination={false}
          scroll={{ x: 800 }}
          locale={{ emptyText: t('psych.list.empty') }}
          onRow={() => ({ 'data-testid': 'psych-row' }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('psych.field.person'),
              key: 'person',
              render: (_: unknown, item) => (
                <Link to={`/psych-referrals/${item.id}`} data-testid="psych-open">
                  {item.personName}
                </Link>
              ),
            },
            { title: t('psych.field.phone'), dataIndex: 'phone', width: 130, render: (v: string | null) => v ?? '—' },
            { title: t('psych.field.status'), key: 'tags', render: (_: unknown, item) => <Tags item={item} /> },
            {
              title: t('psych.field.referrer'),
              key: 'referrer',
              render: (_: unknown, item) => `${item.referrer.name}（${item.referrerUnitName}）`,
            },
            {
              title: t('psych.field.createdAt'),
              dataIndex: 'createdAt',
              width: 150,
              render: (value: string) => formatDateTime(value, locale),
            },
            {
              title: t('psych.field.contactedAt'),
              dataIndex: 'contactedAt',
              width: 150,
              render: (value: string | null) => formatDateTime(value, locale),
            },
          ]}
        />
      )}
      {nextCursor && (
        <Button style={{ marginTop: 16 }} onClick={() => void load(nextCursor)}>
          {t('common.loadMore')}
        </Button>
      )}
    </Card>
  );
}

// /warnings: the dispatcher's and leader's inbox of early warnings over their area — red first, each
// with its one-sentence reason and links to the cases behind it, filtered by kind, level and status,
// and a button for each action the API allows (acknowledge, assign, dismiss, close). On a phone (a
// leader reads it there) each warning is a card with its actions under it, not a wide table.
import { App, Button, Card, Empty, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  WARNING_ACTION_LABELS,
  WARNING_KINDS,
  WARNING_KIND_LABELS,
  WARNING_LEVELS,
  WARNING_LEVEL_LABELS,
  WARNING_STATUSES,
  WARNING_STATUS_LABELS,
  type WarningAction,
  type WarningKind,
  type WarningLevel,
  type WarningStatus,
} from '../../../../common/warnings.ts';
import { holds } from '../../../../common/powers.ts';
import { useSession } from '../../app/session.tsx';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert, describeError } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { usePhone } from '../../shared/use-phone.ts';
import { LEVEL_COLOURS } from './warning-labels.ts';
import { WarningActionDialog } from './warning-action-dialog.tsx';

type Item = Answer<'/api/v1/warnings'>['items'][number];
type StatusFilter = WarningStatus | 'active' | 'all';

const PAGE = 30;

export function WarningCases({ item }: { item: Pick<Item, 'cases'> }) {
  return (
    <Space size={4} wrap>
      {item.cases.map((c) => (
        <Link key={c.id} to={`/cases/${c.id}`} data-testid="warning-case-link">
          {c.number}
        </Link>
      ))}
    </Space>
  );
}

function WarningStatus({ item }: { item: Item }) {
  const { t, pick } = useI18n();
  return (
    <Space direction="vertical" size={0}>
      <span data-testid="warning-status">{pick(WARNING_STATUS_LABELS[item.status])}</span>
      {item.assignee && (
        <Typography.Text type="secondary">
          {t('warnings.assignee')}：{item.assignee.name}
        </Typography.Text>
      )}
      {item.raiseCount > 1 && (
        <Typography.Text type="secondary">{t('warnings.raisedTimes', { n: item.raiseCount })}</Typography.Text>
      )}
    </Space>
  );
}

function WarningActions({ item, onAct }: { item: Item; onAct: (action: WarningAction) => void }) {
  const { pick } = useI18n();
  return (
    <Space size={0} wrap>
      {item.allowedActions.map((action) => (
        <Button key={action} type="link" size="small" onClick={() => onAct(action)} data-testid={`warning-${action}`}>
          {pick(WARNING_ACTION_LABELS[action])}
        </Button>
      ))}
    </Space>
  );
}

/** One warning as a card, for a phone: level and kind, the reason, its cases, state and actions. */
function WarningCard({ item, onAct }: { item: Item; onAct: (action: WarningAction) => void }) {
  const { pick, locale } = useI18n();
  return (
    <Card
      size="small"
      data-testid="warning-row"
      data-level={item.level}
      styles={{ body: { padding: 12 } }}
      style={{ marginBottom: 8, borderLeft: `4px solid ${LEVEL_COLOURS[item.level]}` }}
    >
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        <Space size={4} wrap>
          <Tag color={LEVEL_COLOURS[item.level]} data-testid="warning-level">
            {pick(WARNING_LEVEL_LABELS[item.level])}
          </Tag>
          <Typography.Text type="secondary">{pick(WARNING_KIND_LABELS[item.kind])}</Typography.Text>
        </Space>
        <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
          {pick(item.titleText)}
        </Typography.Text>
        <Typography.Text type="secondary" data-testid="warning-explanation" style={{ overflowWrap: 'anywhere' }}>
          {pick(item.explanationText)}
        </Typography.Text>
        <WarningCases item={item} />
        <Typography.Text type="secondary">
          {item.unitName} · {formatDateTime(item.createdAt, locale)}
        </Typography.Text>
        <WarningStatus item={item} />
        <WarningActions item={item} onAct={onAct} />
      </Space>
    </Card>
  );
}

export default function WarningsPage() {
  const i18n = useI18n();
  const { t, pick, locale } = i18n;
  const { message } = App.useApp();
  const { roles } = useSession();
  const mayAct = roles.some((role) => holds(role, 'warning:act'));
  const phone = usePhone();
  const [kind, setKind] = useState<WarningKind | undefined>();
  const [level, setLevel] = useState<WarningLevel | undefined>();
  const [status, setStatus] = useState<StatusFilter>('active');
  const [items, setItems] = useState<Item[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [acting, setActing] = useState<{ id: number; action: WarningAction } | null>(null);
  const [scanning, setScanning] = useState(false);
  const round = useRef(0);

  const load = async (cursor: string | null) => {
    const mine = ++round.current;
    try {
      const page = await api.GET('/api/v1/warnings', {
        params: {
          query: {
            limit: PAGE,
            ...(kind ? { kind } : {}),
            ...(level ? { level } : {}),
            ...(status !== 'all' ? { status } : {}),
            ...(cursor ? { cursor } : {}),
          },
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
  }, [kind, level, status]);

  const scan = async () => {
    setScanning(true);
    try {
      const result = await api.POST('/api/v1/warnings/scan');
      void message.success(t('warnings.scanned', { hot: result.hotSpots, breach: result.breaches }));
      await load(null);
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    } finally {
      setScanning(false);
    }
  };

  return (
    <Card
      title={t('warnings.title')}
      extra={
        mayAct && (
          <Button onClick={() => void scan()} loading={scanning} data-testid="warnings-scan">
            {t('warnings.scan')}
          </Button>
        )
      }
    >
      <Space
        wrap
        style={{ marginBottom: 16, ...(phone ? { display: 'flex' } : {}) }}
        direction={phone ? 'vertical' : 'horizontal'}
      >
        <Select
          allowClear
          style={phone ? { width: '100%' } : { minWidth: 160 }}
          placeholder={t('warnings.allKinds')}
          value={kind}
          onChange={setKind}
          options={WARNING_KINDS.map((k) => ({ value: k, label: pick(WARNING_KIND_LABELS[k]) }))}
          data-testid="warnings-kind"
        />
        <Select
          allowClear
          style={phone ? { width: '100%' } : { minWidth: 120 }}
          placeholder={t('warnings.allLevels')}
          value={level}
          onChange={setLevel}
          options={WARNING_LEVELS.map((l) => ({ value: l, label: pick(WARNING_LEVEL_LABELS[l]) }))}
          data-testid="warnings-level"
        />
        <Select
          style={phone ? { width: '100%' } : { minWidth: 140 }}
          value={status}
          onChange={setStatus}
          options={[
            { value: 'active', label: t('warnings.activeOnly') },
            { value: 'all', label: t('warnings.allStatuses') },
            ...WARNING_STATUSES.map((s) => ({ value: s, label: pick(WARNING_STATUS_LABELS[s]) })),
          ]}
          data-testid="warnings-status"
        />
        <ExportButton
          url="/api/v1/warnings"
          query={{ kind, level, ...(status !== 'all' ? { status } : {}) }}
          fallbackName="warnings.xlsx"
        />
      </Space>
      {error !== null && <ErrorAlert error={error} onRetry={() => void load(null)} />}
      {phone ? (
        items === null && error === null ? (
          <Spin />
        ) : (items ?? []).length === 0 ? (
          <Empty description={t('warnings.empty')} />
        ) : (
          (items ?? []).map((item) => (
            <WarningCard key={item.id} item={item} onAct={(action) => setActing({ id: item.id, action })} />
          ))
        )
      ) : (
        <Table<Item>
          rowKey="id"
          loading={items === null && error === null}
          dataSource={items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('warnings.empty') }}
          onRow={(item) =>
            ({ 'data-testid': 'warning-row', 'data-level': item.level }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              title: t('warnings.level'),
              dataIndex: 'level',
              width: 80,
              render: (value: WarningLevel) => (
                <Tag color={LEVEL_COLOURS[value]} data-testid="warning-level">
                  {pick(WARNING_LEVEL_LABELS[value])}
                </Tag>
              ),
            },
            {
              title: t('warnings.kind'),
              dataIndex: 'kind',
              width: 130,
              render: (value: WarningKind) => pick(WARNING_KIND_LABELS[value]),
            },
            {
              title: t('warnings.title'),
              key: 'title',
              render: (_: unknown, item) => (
                <Space direction="vertical" size={2}>
                  <Typography.Text strong>{pick(item.titleText)}</Typography.Text>
                  <Typography.Text type="secondary" data-testid="warning-explanation">
                    {pick(item.explanationText)}
                  </Typography.Text>
                  <WarningCases item={item} />
                </Space>
              ),
            },
            { title: t('warnings.unit'), dataIndex: 'unitName', width: 140 },
            {
              title: t('warnings.status'),
              key: 'status',
              width: 130,
              render: (_: unknown, item) => <WarningStatus item={item} />,
            },
            {
              title: t('warnings.createdAt'),
              dataIndex: 'createdAt',
              width: 150,
              render: (value: string) => formatDateTime(value, locale),
            },
            {
              key: 'actions',
              width: 180,
              render: (_: unknown, item) => (
                <WarningActions item={item} onAct={(action) => setActing({ id: item.id, action })} />
              ),
            },
          ]}
        />
      )}
      {nextCursor && (
        <Button style={{ marginTop: 16 }} onClick={() => void load(nextCursor)}>
          {t('common.loadMore')}
        </Button>
      )}
      {acting && (
        <WarningActionDialog
          warningId={acting.id}
          action={acting.action}
          onClose={() => setActing(null)}
          onDone={() => {
            setActing(null);
            void message.success(t('warnings.done'));
            void load(null);
          }}
        />
      )}
    </Card>
  );
}

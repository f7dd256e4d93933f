// 文明积分银行 (/points): the village counter checks a resident's code and hands the reward over; the
// rewards and their stock; a holder's ledger (by the resident account's id) with adjustments and the
// .xlsx export; the leaderboard of a village (masked names, .xlsx); the earning rules (an
// administrator edits them). Each tab only for those whose role holds its power.
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Typography,
} from 'antd';
import { useState } from 'react';
import { CAP_PERIODS, CAP_PERIOD_LABELS } from '../../../../common/points.ts';
import { holds, type Power } from '../../../../common/powers.ts';
import { api, type Answer } from '../../shared/api.ts';
import { describeError } from '../../shared/describe-error.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { useSession } from '../../app/session.tsx';
import { useAreaUnits } from './area-units.ts';

type Rule = Answer<'/api/v1/points/rules'>['items'][number];
type Ledger = Answer<'/api/v1/points/ledger'>;

function Counter() {
  const i18n = useI18n();
  const { t } = i18n;
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const check = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      const r = await api.POST('/api/v1/points/redemptions/check', { body: { code: code.trim() } });
      setOutcome({ ok: true, text: t('points.checked', { reward: r.rewardName, cost: r.cost, holder: r.holderName }) });
      setCode('');
    } catch (error) {
      setOutcome({ ok: false, text: describeError(error, i18n) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space.Compact style={{ width: '100%', maxWidth: 420 }}>
        <Input
          value={code}
          onChange={(e) => setCode(e.target.value.toUpperCase())}
          placeholder={t('points.code')}
          maxLength={20}
          onPressEnter={() => void check()}
          data-testid="points-check-code"
        />
        <Button
          type="primary"
          loading={busy}
          disabled={code.trim().length < 4}
          onClick={() => void check()}
          data-testid="points-check"
        >
          {t('points.check')}
        </Button>
      </Space.Compact>
      {outcome && (
        <Typography.Text type={outcome.ok ? 'success' : 'danger'} data-testid="points-check-outcome">
          {outcome.text}
        </Typography.Text>
      )}
    </Space>
  );
}

function Rewards() {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const units = useAreaUnits('points:counter');
  const list = useLoad(() => api.GET('/api/v1/points/rewards'), 'rewards');
  const [form] = Form.useForm<{ unitId: number; name: string; cost: number; stock: number; description?: string }>();
  const fail = (error: unknown) => void message.error(describeError(error, i18n));
  const add = async (values: { unitId: number; name: string; cost: number; stock: number; description?: string }) => {
    try {
      await api.POST('/api/v1/points/rewards', { body: values });
      form.resetFields();
      list.reload();
    } catch (error) {
      fail(error);
    }
  };
  const patch = async (id: number, body: { stock?: number; active?: boolean }) => {
    try {
      await api.PATCH('/api/v1/points/rewards/{id}', { params: { path: { id } }, body });
      list.reload();
    } catch (error) {
      fail(error);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Form form={form} layout="inline" onFinish={(v) => void add(v)} style={{ rowGap: 8 }}>
        <Form.Item name="unitId" rules={[{ required: true }]}>
          <Select
            options={units}
            placeholder={t('points.reward.unit')}
            style={{ minWidth: 200 }}
            showSearch
            optionFilterProp="label"
          />
        </Form.Item>
        <Form.Item name="name" rules={[{ required: true, whitespace: true }]}>
          <Input placeholder={t('points.reward.name')} maxLength={60} />
        </Form.Item>
        <Form.Item name="cost" rules={[{ required: true }]}>
          <InputNumber min={1} max={100000} placeholder={t('points.reward.cost')} />
        </Form.Item>
        <Form.Item name="stock" rules={[{ required: true }]}>
          <InputNumber min={0} max={100000} placeholder={t('points.reward.stock')} />
        </Form.Item>
        <Button htmlType="submit" type="primary">
          {t('points.reward.add')}
        </Button>
      </Form>
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <Table
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('points.reward.name'), dataIndex: 'name' },
          { title: t('points.reward.unit'), dataIndex: 'unitName' },
          { title: t('points.reward.cost'), dataIndex: 'cost' },
          {
            title: t('points.reward.stock'),
            render: (_, r) => (
              <InputNumber
                min={0}
                max={100000}
                defaultValue={r.stock}
                disabled={!r.abilities.manage}
                onBlur={(e) => {
                  const stock = Number(e.target.value);
                  if (Number.isInteger(stock) && stock !== r.stock) void patch(r.id, { stock });
                }}
              />
            ),
          },
          {
            title: t('points.reward.active'),
            render: (_, r) => (
              <Switch
                checked={r.active}
                disabled={!r.abilities.manage}
                onChange={(active) => void patch(r.id, { active })}
              />
            ),
          },
        ]}
      />
    </Space>
  );
}

function LedgerLookup({ mayAdjust }: { mayAdjust: boolean }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { message } = App.useApp();
  const [userId, setUserId] = useState<number | null>(null);
  const [ledger, setLedger] = useState<Ledger | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [adjust] = Form.useForm<{ amount: number; reason: string }>();
  const load = async (id: number) => {
    setError(null);
    try {
      setLedger(await api.GET('/api/v1/points/ledger', { params: { query: { personId: id } } }));
    } catch (failure) {
      setLedger(null);
      setError(failure);
    }
  };
  const onAdjust = async (values: { amount: number; reason: string }) => {
    if (!ledger) return;
    try {
      const done = await api.POST('/api/v1/points/adjustments', { body: { userId: ledger.holder.userId, ...values } });
      void message.success(t('points.adjusted', { n: done.balance }));
      adjust.resetFields();
      await load(ledger.holder.userId);
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <InputNumber
          min={1}
          placeholder={t('points.holderId')}
          value={userId}
          onChange={(v) => setUserId(v)}
          data-testid="points-holder-id"
        />
        <Button type="primary" disabled={!userId} onClick={() => userId && void load(userId)}>
          {t('points.lookup')}
        </Button>
      </Space>
      {error ? <ErrorAlert error={error} /> : null}
      {ledger && (
        <>
          <Typography.Text strong data-testid="points-holder">
            {t('points.holder', {
              name: ledger.holder.displayName,
              unit: ledger.holder.unitName,
              balance: ledger.holder.balance,
              earned: ledger.holder.earned,
            })}
          </Typography.Text>
          <ExportButton
            url="/api/v1/points/ledger"
            query={{ personId: ledger.holder.userId }}
            fallbackName="points-ledger.xlsx"
          />
          {mayAdjust && ledger.abilities.adjust && (
            <Form form={adjust} layout="inline" onFinish={(v) => void onAdjust(v)} style={{ rowGap: 8 }}>
              <Form.Item name="amount" rules={[{ required: true }]}>
                <InputNumber min={-100000} max={100000} placeholder={t('points.adjustAmount')} style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name="reason" rules={[{ required: true, min: 2 }]}>
                <Input placeholder={t('points.adjustReason')} maxLength={200} />
              </Form.Item>
              <Button htmlType="submit">{t('points.adjust')}</Button>
            </Form>
          )}
          <Table
            rowKey="id"
            size="small"
            dataSource={ledger.items}
            pagination={{ pageSize: 50 }}
            scroll={{ x: true }}
            columns={[
              { title: t('points.entry.time'), render: (_, e) => formatDateTime(e.createdAt, locale) },
              { title: t('points.entry.label'), dataIndex: 'label' },
              { title: t('points.entry.amount'), render: (_, e) => (e.amount > 0 ? `+${e.amount}` : e.amount) },
              { title: t('points.entry.balance'), dataIndex: 'balanceAfter' },
            ]}
          />
        </>
      )}
    </Space>
  );
}

function Leaderboard() {
  const { t } = useI18n();
  const units = useAreaUnits('points:read');
  const [unitId, setUnitId] = useState<number | null>(null);
  const board = useLoad(
    async () => (unitId ? api.GET('/api/v1/points/leaderboard', { params: { query: { unitId, limit: 100 } } }) : null),
    String(unitId),
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          options={units}
          value={unitId}
          onChange={setUnitId}
          placeholder={t('points.unit')}
          style={{ minWidth: 220 }}
          showSearch
          optionFilterProp="label"
        />
        {unitId && (
          <ExportButton url="/api/v1/points/leaderboard" query={{ unitId }} fallbackName="points-leaderboard.xlsx" />
        )}
      </Space>
      {board.error ? <ErrorAlert error={board.error} onRetry={board.reload} /> : null}
      {board.data ? (
        <Table
          rowKey="rank"
          size="small"
          dataSource={board.data.items}
          pagination={false}
          columns={[
            { title: t('points.rank'), dataIndex: 'rank' },
            { title: t('points.resident'), dataIndex: 'name' },
            { title: t('points.earned'), dataIndex: 'earned' },
          ]}
        />
      ) : (
        <Empty />
      )}
    </Space>
  );
}

function Rules() {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const { message } = App.useApp();
  const rules = useLoad(() => api.GET('/api/v1/points/rules'), 'rules');
  const [edits, setEdits] = useState<Record<string, Rule>>({});
  if (rules.error) return <ErrorAlert error={rules.error} onRetry={rules.reload} />;
  if (!rules.data) return <PageLoading />;
  const manage = rules.data.abilities.manage;
  const rowOf = (r: Rule) => edits[r.code] ?? r;
  const edit = (r: Rule, patch: Partial<Rule>) => setEdits((all) => ({ ...all, [r.code]: { ...rowOf(r), ...patch } }));
  const save = async () => {
    try {
      await api.PUT('/api/v1/points/rules', { body: { rules: Object.values(edits) } });
      setEdits({});
      rules.reload();
      void message.success(t('points.saved'));
    } catch (error) {
      void message.error(describeError(error, i18n));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table
        rowKey="code"
        size="small"
        dataSource={rules.data.items}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('points.rule.name'), render: (_, r) => rowOf(r).name },
          {
            title: t('points.rule.points'),
            render: (_, r) => (
              <InputNumber
                min={0}
                max={10000}
                disabled={!manage}
                value={rowOf(r).points}
                onChange={(v) => edit(r, { points: v ?? 0 })}
              />
            ),
          },
          {
            title: t('points.rule.cap'),
            render: (_, r) => (
              <InputNumber
                min={0}
                max={1000000}
                disabled={!manage}
                value={rowOf(r).cap}
                onChange={(v) => edit(r, { cap: v ?? null })}
              />
            ),
          },
          {
            title: t('points.rule.capPeriod'),
            render: (_, r) => (
              <Select
                disabled={!manage}
                value={rowOf(r).capPeriod}
                onChange={(capPeriod) => edit(r, { capPeriod })}
                options={CAP_PERIODS.map((p) => ({ value: p, label: pick(CAP_PERIOD_LABELS[p]) }))}
                style={{ minWidth: 90 }}
              />
            ),
          },
          {
            title: t('points.rule.active'),
            render: (_, r) => (
              <Switch disabled={!manage} checked={rowOf(r).active} onChange={(active) => edit(r, { active })} />
            ),
          },
        ]}
      />
      {manage && (
        <Button type="primary" disabled={Object.keys(edits).length === 0} onClick={() => void save()}>
          {t('points.save')}
        </Button>
      )}
    </Space>
  );
}

export default function PointsPage() {
  const { t } = useI18n();
  const { roles } = useSession();
  const may = (power: Power) => roles.some((r) => holds(r, power));
  const items = [
    may('points:counter') && { key: 'counter', label: t('points.tab.counter'), children: <Counter /> },
    may('points:counter') && { key: 'rewards', label: t('points.tab.rewards'), children: <Rewards /> },
    may('points:read') && {
      key: 'ledger',
      label: t('points.tab.ledger'),
      children: <LedgerLookup mayAdjust={may('points:adjust')} />,
    },
    may('points:read') && { key: 'leaderboard', label: t('points.tab.leaderboard'), children: <Leaderboard /> },
    { key: 'rules', label: t('points.tab.rules'), children: <Rules /> },
  ].filter((x): x is { key: string; label: string; children: JSX.Element } => Boolean(x));
  return (
    <Card title={t('points.title')}>
      <Tabs items={items} />
    </Card>
  );
}

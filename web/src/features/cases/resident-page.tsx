// 群众端 (/m): a resident reports a problem, sees their own reports and rates the result, or
// follows a case by its number and the last four digits of the phone. Mobile first: one column,
// large controls, readable at 375 px.
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Radio,
  Result,
  Space,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { RATINGS, type Rating } from '../../../../common/workflow.ts';
import { useSession } from '../../app/session.tsx';
import { api, ApiError, multipart, type Answer } from '../../shared/api.ts';
import { describeError, ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { LanguageSwitch } from '../../shared/language-switch.tsx';
import { RATING_LABELS, eventLabel } from '../../shared/labels.ts';
import type { TrackedCase } from '../../shared/api-types.ts';
import { useLoad } from '../../shared/use-load.ts';
import { LoginForm } from '../auth/login-form.tsx';
import { StatusTag } from './case-table.tsx';
import { CategorySelect, useCategories } from './category-select.tsx';

const BIG = { size: 'large' as const };

/** One of the resident's own reports, as the resident API shows it (ResidentCaseDetail). */
type MyCase = Answer<'/api/v1/my/cases/{id}'>;

interface ReportValues {
  categoryCode: string;
  description: string;
  place: 'home' | 'here';
  address?: string;
  phone?: string;
}

function ReportForm({ onReported }: { onReported: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSession();
  const { categories, error: categoriesError } = useCategories();
  const [form] = Form.useForm<ReportValues>();
  const [point, setPoint] = useState<{ lng: number; lat: number } | null>(null);
  const [locating, setLocating] = useState(false);
  const [locateError, setLocateError] = useState<string | null>(null);
  const [photo, setPhoto] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ number: string; photoFailed: string | null } | null>(null);
  const place = Form.useWatch('place', form);

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setLocateError(t('resident.noGeolocation'));
      return;
    }
    setLocating(true);
    setLocateError(null);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setPoint({ lng: position.coords.longitude, lat: position.coords.latitude });
        setLocating(false);
      },
      () => {
        setLocateError(t('resident.locateFailed'));
        setLocating(false);
      },
      { timeout: 10_000 },
    );
  };

  const submit = async (values: ReportValues) => {
    setBusy(true);
    setError(null);
    const category = categories.find((c) => c.code === values.categoryCode);
    if (!category) {
      form.setFields([{ name: 'categoryCode', errors: [t('intake.categoryRequired')] }]);
      setBusy(false);
      return;
    }
    try {
      const created = await api.POST('/api/v1/cases', {
        body: {
          kind: category.kind,
          categoryCode: values.categoryCode,
          channel: 'web',
          description: values.description.trim(),
          ...(values.place === 'here' && point ? { location: { ...point, crs: 'wgs84' } } : {}),
          ...(values.address?.trim() ? { address: values.address.trim() } : {}),
          ...(values.phone?.trim()
            ? { reporter: { name: me?.user.displayName ?? '-', phone: values.phone.replace(/\s+/g, '') } }
            : {}),
        },
      });
      let photoFailed: string | null = null;
      if (photo) {
        try {
          await api.POST('/api/v1/cases/{id}/attachments', {
            params: { path: { id: created.id } },
            body: { file: photo },
            bodySerializer: multipart,
          });
        } catch (failure) {
          photoFailed = describeError(failure, i18n);
        }
      }
      setDone({ number: created.number, photoFailed });
      form.resetFields();
      setPhoto(null);
      setPoint(null);
      onReported();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <Result
        status="success"
        title={t('resident.reported')}
        subTitle={
          <span>
            {t('resident.yourNumber')} <strong data-testid="reported-number">{done.number}</strong>
            <br />
            {t('resident.trackHint')}
          </span>
        }
        extra={
          <>
            {done.photoFailed && (
              <Alert type="warning" showIcon message={`${t('resident.photoFailed')}${done.photoFailed}`} />
            )}
            <Button {...BIG} type="primary" block onClick={() => setDone(null)} style={{ marginTop: 16 }}>
              {t('resident.reportAnother')}
            </Button>
          </>
        }
      />
    );
  }
  return (
    <Form<ReportValues>
      form={form}
      layout="vertical"
      size="large"
      initialValues={{ place: 'home' }}
      onFinish={(v) => void submit(v)}
    >
      {categoriesError !== null && <ErrorAlert error={categoriesError} />}
      {error !== null && <ErrorAlert error={error} />}
      <Form.Item
        name="categoryCode"
        label={t('resident.what')}
        rules={[{ required: true, message: t('intake.categoryRequired') }]}
      >
        <CategorySelect categories={categories} size="large" />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('resident.describe')}
        rules={[{ required: true, whitespace: true, min: 5, message: t('intake.descriptionRequired') }]}
      >
        <Input.TextArea
          rows={4}
          maxLength={2000}
          placeholder={t('resident.describePlaceholder')}
          data-testid="report-description"
        />
      </Form.Item>
      <Form.Item name="place" label={t('resident.where')}>
        <Radio.Group style={{ width: '100%' }}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Radio value="home">{t('resident.myCommunity', { unit: me?.memberships[0]?.unitName ?? '' })}</Radio>
            <Radio value="here" onClick={() => point === null && locate()}>
              {t('resident.here')}
            </Radio>
          </Space>
        </Radio.Group>
      </Form.Item>
      {place === 'here' && (
        <div style={{ marginTop: -12, marginBottom: 16 }}>
          {locating && <Typography.Text type="secondary">{t('resident.locating')}</Typography.Text>}
          {point && <Typography.Text type="success">{t('resident.located')}</Typography.Text>}
          {locateError && <Alert type="warning" showIcon message={locateError} />}
        </div>
      )}
      <Form.Item name="address" label={t('case.address')}>
        <Input maxLength={200} placeholder={t('resident.addressPlaceholder')} />
      </Form.Item>
      <Form.Item
        name="phone"
        label={t('resident.phone')}
        extra={t('resident.phoneHelp')}
        rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('intake.phoneInvalid') }]}
      >
        <Input inputMode="tel" maxLength={11} data-testid="report-phone" />
      </Form.Item>
      <Form.Item label={t('resident.photo')}>
        <input
          type="file"
          accept="image/*"
          capture="environment"
          onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
          style={{ fontSize: 16 }}
          aria-label={t('resident.photo')}
        />
      </Form.Item>
      <Button
        {...BIG}
        type="primary"
        htmlType="submit"
        block
        loading={busy}
        disabled={place === 'here' && point === null}
        data-testid="report-submit"
      >
        {t('resident.submit')}
      </Button>
    </Form>
  );
}

function RatePanel({ record, onRated }: { record: MyCase; onRated: () => void }) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const { message } = App.useApp();
  const [busy, setBusy] = useState<Rating | null>(null);
  const rate = async (rating: Rating) => {
    setBusy(rating);
    try {
      await api.POST('/api/v1/cases/{id}/actions', {
        params: { path: { id: record.id } },
        body: { action: 'rate', version: record.version, rating },
      });
      void message.success(t('resident.thanks'));
    } catch (failure) {
      void message.error(
        failure instanceof ApiError && failure.status === 409 ? t('action.conflict') : describeError(failure, i18n),
      );
    } finally {
      setBusy(null);
      onRated();
    }
  };
  return (
    <div data-action="rate" style={{ marginTop: 12 }}>
      <Typography.Text strong>{t('resident.rateQuestion')}</Typography.Text>
      <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
        {RATINGS.map((rating) => (
          <Button
            key={rating}
            {...BIG}
            block
            loading={busy === rating}
            data-rating={rating}
            onClick={() => void rate(rating)}
          >
            {pick(RATING_LABELS[rating])}
          </Button>
        ))}
      </Space>
    </div>
  );
}

function MyCases({ round }: { round: number }) {
  const { t, pick, locale } = useI18n();
  const [bump, setBump] = useState(0);
  // Each of the resident's reports comes with the actions allowed now (a resolved case can be rated).
  const loaded = useLoad(
    async () => (await api.GET('/api/v1/my/cases', { params: { query: { limit: 20 } } })).items,
    `${round}-${bump}`,
  );
  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Card loading />;
  if (loaded.data.length === 0) return <Empty description={t('resident.noCases')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {loaded.data.map((c) => (
        <Card key={c.id} size="small" data-testid="my-case" data-case-number={c.number}>
          <Space direction="vertical" style={{ width: '100%' }} size={4}>
            <Space wrap>
              <StatusTag status={c.status} />
              <Typography.Text type="secondary">{c.number}</Typography.Text>
            </Space>
            <Typography.Text strong>{c.title}</Typography.Text>
            <Typography.Text type="secondary">{formatDateTime(c.createdAt, locale)}</Typography.Text>
            {c.result && (
              <Typography.Paragraph style={{ margin: 0 }}>
                {t('case.result')}：{c.result}
              </Typography.Paragraph>
            )}
            {c.rating && <Tag>{pick(RATING_LABELS[c.rating])}</Tag>}
            {c.allowedActions.includes('rate') && <RatePanel record={c} onRated={() => setBump((b) => b + 1)} />}
          </Space>
        </Card>
      ))}
    </Space>
  );
}

function TrackForm() {
  const { t, pick, locale } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [found, setFound] = useState<TrackedCase | null>(null);
  const submit = async (values: { number: string; phoneLast4: string }) => {
    setBusy(true);
    setError(null);
    setFound(null);
    try {
      setFound(
        await api.GET('/api/v1/track', {
          params: { query: { number: values.number.trim(), phoneLast4: values.phoneLast4.trim() } },
        }),
      );
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Form layout="vertical" size="large" onFinish={(v: { number: string; phoneLast4: string }) => void submit(v)}>
        <Form.Item
          name="number"
          label={t('cases.number')}
          rules={[{ required: true, message: t('resident.numberRequired') }]}
        >
          <Input data-testid="track-number" autoCapitalize="characters" />
        </Form.Item>
        <Form.Item
          name="phoneLast4"
          label={t('resident.last4')}
          rules={[{ required: true, pattern: /^\d{4}$/, message: t('resident.last4Required') }]}
        >
          <Input inputMode="numeric" maxLength={4} data-testid="track-last4" />
        </Form.Item>
        <Button {...BIG} type="primary" htmlType="submit" block loading={busy} data-testid="track-submit">
          {t('resident.track')}
        </Button>
      </Form>
      {error !== null && <ErrorAlert error={error} />}
      {found && (
        <Card size="small" data-testid="track-result">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <StatusTag status={found.status} />
              <Typography.Text>{found.categoryName}</Typography.Text>
            </Space>
            <Typography.Text strong>{found.title}</Typography.Text>
            <Timeline
              style={{ marginTop: 12 }}
              items={[...found.timeline].reverse().map((step, i) => ({
                key: i,
                children: (
                  <span>
                    {pick(eventLabel(step.action))}
                    {step.unitName ? ` · ${step.unitName}` : ''}
                    <br />
                    <Typography.Text type="secondary">{formatDateTime(step.at, locale)}</Typography.Text>
                  </span>
                ),
              }))}
            />
          </Space>
        </Card>
      )}
    </Space>
  );
}

export default function ResidentPage() {
  const { t } = useI18n();
  const { token, me, roles, endReason, signOut } = useSession();
  const [tab, setTab] = useState('report');
  const [round, setRound] = useState(0);
  const signedIn = token !== null && me !== null;
  const staff = signedIn && roles.some((r) => r !== 'resident');
  useEffect(() => {
    document.title = t('resident.title');
  }, [t]);

  const needSignIn = (
    <Space direction="vertical" style={{ width: '100%' }}>
      {endReason === 'expired' && (
        <Alert type="warning" showIcon message={t('login.expired')} data-testid="session-expired" />
      )}
      <Typography.Paragraph>{t('resident.signInFirst')}</Typography.Paragraph>
      <LoginForm large onSignedIn={() => setRound((r) => r + 1)} />
    </Space>
  );
  return (
    <div style={{ maxWidth: 560, margin: '0 auto', minHeight: '100vh', background: '#fff' }}>
      <div
        style={{
          background: '#c0392b',
          color: '#fff',
          padding: '14px 16px',
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
        }}
      >
        <span style={{ fontSize: 18, fontWeight: 600 }}>{t('resident.title')}</span>
        <Space size={4}>
          <LanguageSwitch size="small" light />
          {signedIn && (
            <Button size="small" onClick={() => void signOut()}>
              {t('app.signOut')}
            </Button>
          )}
        </Space>
      </div>
      <div style={{ padding: 16 }}>
        {staff && <Alert type="info" showIcon message={t('resident.staffNotice')} style={{ marginBottom: 16 }} />}
        <Tabs
          activeKey={tab}
          onChange={setTab}
          size="large"
          centered
          items={[
            {
              key: 'report',
              label: t('resident.tabReport'),
              children: signedIn ? (
                <ReportForm
                  onReported={() => {
                    setRound((r) => r + 1);
                  }}
                />
              ) : (
                needSignIn
              ),
            },
            { key: 'mine', label: t('resident.tabMine'), children: signedIn ? <MyCases round={round} /> : needSignIn },
            { key: 'track', label: t('resident.tabTrack'), children: <TrackForm /> },
          ]}
        />
      </div>
    </div>
  );
}

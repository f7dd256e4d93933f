// 上报 (/report): a grid worker reports a problem from a phone — the category, a large text area
// the keyboard's voice input fills, photos from the camera (shrunk before sending), and the place:
// where the first photo was taken (EXIF), moved on the map if need be, with the grid it falls in
// shown before submitting. The case is created once (Idempotency-Key), then the photos follow.
import { Alert, Button, Card, Form, Input, Result, Space, Typography } from 'antd';
import gcoord from 'gcoord';
import { useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { holds } from '../../../../common/powers.ts';
import { isRole } from '../../../../common/roles.ts';
import { useSession } from '../../app/session.tsx';
import { api, type Answer } from '../../shared/api.ts';
import type { UnitWithAncestors } from '../../shared/api-types.ts';
import { describeError, ErrorAlert } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { CategorySelect, useCategories } from '../cases/category-select.tsx';
import type { GpsPoint } from '../photos/exif-gps.ts';
import { PhotoPicker, releasePhotos, type PickedPhoto } from '../photos/photo-picker.tsx';
import { uploadPhotos } from '../photos/upload.ts';
import { PointPickerField } from '../map/lazy-map.tsx';

interface Point {
  lng: number;
  lat: number;
}

type Created = Answer<'/api/v1/cases', 'post'>;

interface Values {
  categoryCode: string;
  description: string;
  address?: string;
}

/** A camera's WGS84 position as the GCJ-02 point the map and the cases use. */
export function toGcj02(gps: GpsPoint): Point {
  const [lng, lat] = gcoord.transform([gps.lng, gps.lat], gcoord.WGS84, gcoord.GCJ02);
  return { lng, lat };
}

function newKey(): string {
  // crypto.randomUUID exists only on https or localhost; a county server is often plain http.
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export default function ReportPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const navigate = useNavigate();
  const { me, roles } = useSession();
  const { categories, error: categoriesError } = useCategories();
  const [form] = Form.useForm<Values>();
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [point, setPoint] = useState<Point | null>(null);
  // The point now, for the picker's callbacks that finish after a re-render (photos read one by one).
  const pointNow = useRef(point);
  pointNow.current = point;
  const [fromPhoto, setFromPhoto] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [sent, setSent] = useState(0);
  const [unsent, setUnsent] = useState<{ photos: PickedPhoto[]; error: unknown } | null>(null);
  const idempotencyKey = useRef(newKey());
  // The grid under the point, as the map found it: undefined while unknown, null in no grid.
  const [grid, setGrid] = useState<UnitWithAncestors | null | undefined>(undefined);

  // Reports made here are grid patrol reports (channel grid_patrol): the grid worker's.
  const mayReport = roles.includes('grid_worker');
  const photoPoint = useMemo(() => {
    const located = photos.find((photo) => photo.gps !== null);
    return located?.gps ? toGcj02(located.gps) : null;
  }, [photos]);
  const inArea =
    !grid ||
    [grid, ...grid.ancestors].some((unit) =>
      (me?.memberships ?? []).some((m) => m.unitId === unit.id && isRole(m.role) && holds(m.role, 'case:create')),
    );

  const changePhotos = (next: PickedPhoto[]) => {
    setPhotos(next);
    // The first photo that knows where it was taken offers that place, unless one is chosen already.
    const located = next.find((photo) => photo.gps !== null);
    if (pointNow.current === null && located?.gps) place(toGcj02(located.gps), true);
  };

  const place = (next: Point, byPhoto: boolean) => {
    pointNow.current = next;
    setPoint(next);
    setFromPhoto(byPhoto);
    setGrid(undefined);
  };

  const sendPhotos = async (caseId: number, list: PickedPhoto[]) => {
    setBusy(t('phone.photo.uploading', { done: 0, total: list.length }));
    const outcome = await uploadPhotos(caseId, list, 'report', (done, total) =>
      setBusy(t('phone.photo.uploading', { done, total })),
    );
    setSent((n) => n + outcome.sent.length);
    releasePhotos(outcome.sent);
    setUnsent(
      outcome.failed.length > 0
        ? { photos: outcome.failed.map((f) => f.photo), error: outcome.failed[0]!.error }
        : null,
    );
  };

  const submit = async (values: Values) => {
    const category = categories.find((c) => c.code === values.categoryCode);
    if (!category) {
      form.setFields([{ name: 'categoryCode', errors: [t('intake.categoryRequired')] }]);
      return;
    }
    setError(null);
    setBusy(t('phone.report.creating'));
    try {
      const answer = await api.POST('/api/v1/cases', {
        params: { header: { 'idempotency-key': idempotencyKey.current } },
        body: {
          kind: category.kind,
          categoryCode: category.code,
          channel: 'grid_patrol',
          description: values.description.trim(),
          ...(point ? { location: { lng: point.lng, lat: point.lat, crs: 'gcj02' as const } } : {}),
          ...(values.address?.trim() ? { address: values.address.trim() } : {}),
        },
      });
      setCreated(answer);
      setPhotos([]);
      await sendPhotos(answer.id, photos);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  const retry = async () => {
    if (!created || !unsent) return;
    try {
      await sendPhotos(created.id, unsent.photos);
    } finally {
      setBusy(null);
    }
  };

  const another = () => {
    if (unsent) releasePhotos(unsent.photos);
    form.resetFields();
    setCreated(null);
    setUnsent(null);
    setSent(0);
    setPoint(null);
    setFromPhoto(false);
    setGrid(undefined);
    idempotencyKey.current = newKey();
  };

  if (!mayReport) return <Result status="info" title={t('phone.report.notAllowed')} />;

  if (created) {
    return (
      <Card style={{ maxWidth: 640, margin: '0 auto' }} data-testid="report-done" data-case-id={created.id}>
        <Result
          status="success"
          title={t('phone.report.done')}
          subTitle={<span data-testid="report-number">{t('phone.report.number', { number: created.number })}</span>}
          style={{ padding: '16px 0' }}
        />
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {busy && <Typography.Text type="secondary">{busy}</Typography.Text>}
          {sent > 0 && (
            <Typography.Text data-testid="report-photos-sent">
              {t('phone.report.photosSent', { count: sent })}
            </Typography.Text>
          )}
          {unsent && (
            <Alert
              type="warning"
              showIcon
              data-testid="report-photos-failed"
              message={t('phone.photo.failed', {
                count: unsent.photos.length,
                reason: describeError(unsent.error, i18n),
              })}
              action={
                <Button size="small" onClick={() => void retry()} loading={busy !== null}>
                  {t('phone.photo.retry')}
                </Button>
              }
            />
          )}
          {created.status === 'registered' && (
            <Button
              size="large"
              type="primary"
              block
              disabled={busy !== null}
              onClick={() => navigate(`/solve/${created.id}`)}
              data-testid="report-solve"
            >
              {t('phone.report.solveNow')}
            </Button>
          )}
          <Link to={`/cases/${created.id}`}>
            <Button size="large" block disabled={busy !== null}>
              {t('phone.report.open')}
            </Button>
          </Link>
          <Button size="large" block onClick={another} disabled={busy !== null} data-testid="report-another">
            {t('phone.report.another')}
          </Button>
        </Space>
      </Card>
    );
  }

  return (
    <Card
      title={t('phone.report.title')}
      style={{ maxWidth: 640, margin: '0 auto' }}
      styles={{ body: { padding: 16 } }}
      data-testid="report-page"
    >
      {categoriesError !== null && <ErrorAlert error={categoriesError} />}
      {error !== null && <ErrorAlert error={error} />}
      <Form<Values> form={form} layout="vertical" onFinish={(values) => void submit(values)} disabled={busy !== null}>
        <Form.Item
          name="categoryCode"
          label={t('phone.report.category')}
          rules={[{ required: true, message: t('intake.categoryRequired') }]}
        >
          <CategorySelect categories={categories} size="large" />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('phone.report.description')}
          extra={t('phone.report.descriptionHint')}
          rules={[{ required: true, whitespace: true, min: 5, message: t('phone.report.descriptionRequired') }]}
        >
          <Input.TextArea
            size="large"
            autoSize={{ minRows: 5, maxRows: 14 }}
            maxLength={5000}
            lang="zh-CN"
            enterKeyHint="done"
            style={{ fontSize: 17 }}
            data-testid="report-description"
          />
        </Form.Item>
        <Form.Item label={t('phone.report.photos')}>
          <PhotoPicker value={photos} onChange={changePhotos} testId="report-photos" disabled={busy !== null} />
        </Form.Item>
        <Form.Item label={t('phone.report.location')}>
          <Space direction="vertical" size="small" style={{ width: '100%' }}>
            {fromPhoto && point !== null && (
              <Typography.Text type="secondary">{t('phone.report.gpsOffered')}</Typography.Text>
            )}
            {photoPoint && (point === null || point.lng !== photoPoint.lng || point.lat !== photoPoint.lat) && (
              <Button onClick={() => place(photoPoint, true)} data-testid="report-use-photo-location">
                {t('phone.report.useGps')}
              </Button>
            )}
            <PointPickerField value={point} onChange={(next) => place(next, false)} onLocate={setGrid} height={260} />
            {!point && <Typography.Text type="secondary">{t('phone.report.noPoint')}</Typography.Text>}
            {!inArea && (
              <Alert
                type="warning"
                showIcon
                message={t('phone.report.outsideArea')}
                data-testid="report-outside-area"
              />
            )}
          </Space>
        </Form.Item>
        <Form.Item name="address" label={t('phone.report.address')}>
          <Input size="large" maxLength={200} placeholder={t('phone.report.addressPlaceholder')} />
        </Form.Item>
        {busy && (
          <Typography.Paragraph type="secondary" data-testid="report-busy">
            {busy}
          </Typography.Paragraph>
        )}
        <Button
          type="primary"
          size="large"
          htmlType="submit"
          block
          loading={busy !== null}
          disabled={(point !== null && grid === null) || !inArea}
          data-testid="report-submit"
        >
          {t('phone.report.submit')}
        </Button>
      </Form>
    </Card>
  );
}

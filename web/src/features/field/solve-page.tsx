// 就地化解 (/solve/:id): a grid worker settles a problem where it is — photos before and after,
// what was done — and the case is resolved from 待分拨 (the `resolve` action a grid worker may take
// on a registered case of the grid, common/actions/resolve.ts). The photos go first, each kept
// once sent, so a retry after a failure neither loses nor repeats any; then the action, with the
// loaded version (409: someone changed the case; it is reloaded and the user decides again).
import { Alert, App, Button, Card, Form, Input, Result, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError } from '../../shared/api.ts';
import type { CaseDetail } from '../../shared/api-types.ts';
import { describeError, ErrorAlert } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { StatusTag } from '../cases/case-table.tsx';
import { PhotoGallery } from '../photos/photo-gallery.tsx';
import { PhotoPicker, releasePhotos, type PickedPhoto } from '../photos/photo-picker.tsx';
import { uploadPhotos, type PhotoStage } from '../photos/upload.ts';

interface Values {
  result: string;
}

export default function SolvePage() {
  const { id } = useParams();
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const loaded = useLoad(() => api.GET('/api/v1/cases/{id}', { params: { path: { id: Number(id) } } }), id ?? '');
  const [form] = Form.useForm<Values>();
  const [before, setBefore] = useState<PickedPhoto[]>([]);
  const [after, setAfter] = useState<PickedPhoto[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [uploadProblem, setUploadProblem] = useState<string | null>(null);
  const [solved, setSolved] = useState<CaseDetail | null>(null);

  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  const record = loaded.data;
  if (!record) return <PageLoading />;

  if (solved) {
    return (
      <Card style={{ maxWidth: 640, margin: '0 auto' }} data-testid="solve-done">
        <Result status="success" title={t('phone.solve.done')} subTitle={solved.number} style={{ padding: '16px 0' }} />
        {/* What the case holds now, and the result photos that may still follow (办理结果). */}
        <PhotoGallery caseId={solved.id} uploadStage="result" />
        <Space direction="vertical" style={{ width: '100%', marginTop: 16 }}>
          <Link to={`/cases/${solved.id}`}>
            <Button size="large" block>
              {t('phone.report.open')}
            </Button>
          </Link>
          <Link to="/">
            <Button size="large" block>
              {t('phone.solve.back')}
            </Button>
          </Link>
        </Space>
      </Card>
    );
  }

  const allowed = record.allowedActions.includes('resolve') && record.status === 'registered';

  /** Sends one stage's photos; those sent leave the list, the failures stay for another try. */
  const send = async (
    list: PickedPhoto[],
    stage: PhotoStage,
    keep: (rest: PickedPhoto[]) => void,
  ): Promise<boolean> => {
    if (list.length === 0) return true;
    const outcome = await uploadPhotos(record.id, list, stage, (done, total) =>
      setBusy(t('phone.photo.uploading', { done, total })),
    );
    releasePhotos(outcome.sent);
    keep(outcome.failed.map((f) => f.photo));
    if (outcome.failed.length > 0) {
      setUploadProblem(
        t('phone.photo.failed', {
          count: outcome.failed.length,
          reason: describeError(outcome.failed[0]!.error, i18n),
        }),
      );
      return false;
    }
    return true;
  };

  const submit = async (values: Values) => {
    setError(null);
    setUploadProblem(null);
    setBusy(t('phone.photo.uploading', { done: 0, total: before.length + after.length }));
    try {
      if (!(await send(before, 'before', setBefore))) return;
      if (!(await send(after, 'after', setAfter))) return;
      setBusy(t('phone.report.creating'));
      const updated = await api.POST('/api/v1/cases/{id}/actions', {
        params: { path: { id: record.id } },
        body: { action: 'resolve', version: record.version, result: values.result.trim() },
      });
      setSolved(updated);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409) {
        void message.warning(t('phone.solve.conflict'));
        loaded.reload();
      }
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card
      title={t('phone.solve.title')}
      style={{ maxWidth: 640, margin: '0 auto' }}
      styles={{ body: { padding: 16 } }}
      data-testid="solve-page"
      data-case-id={record.id}
    >
      <Space direction="vertical" size={4} style={{ width: '100%', marginBottom: 16 }}>
        <Space wrap size={8}>
          <Typography.Text strong>{record.number}</Typography.Text>
          <StatusTag status={record.status} />
        </Space>
        <Typography.Text style={{ overflowWrap: 'anywhere' }}>{record.title}</Typography.Text>
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, expandable: true }} style={{ margin: 0 }}>
          {record.description}
        </Typography.Paragraph>
      </Space>
      {!allowed ? (
        <Alert type="info" showIcon message={t('phone.solve.notAllowed')} data-testid="solve-not-allowed" />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('phone.solve.intro')}</Typography.Paragraph>
          {error !== null && <ErrorAlert error={error} />}
          {uploadProblem !== null && (
            <Alert type="warning" showIcon message={uploadProblem} data-testid="solve-upload-failed" />
          )}
          <Form<Values>
            form={form}
            layout="vertical"
            onFinish={(values) => void submit(values)}
            disabled={busy !== null}
          >
            <Form.Item label={t('phone.solve.before')}>
              <PhotoPicker value={before} onChange={setBefore} testId="solve-before" />
            </Form.Item>
            <Form.Item
              name="result"
              label={t('phone.solve.result')}
              extra={t('phone.report.descriptionHint')}
              rules={[{ required: true, whitespace: true, min: 5, message: t('phone.solve.resultRequired') }]}
            >
              <Input.TextArea
                size="large"
                autoSize={{ minRows: 4, maxRows: 12 }}
                maxLength={5000}
                showCount
                lang="zh-CN"
                style={{ fontSize: 17 }}
                data-testid="solve-result"
              />
            </Form.Item>
            <Form.Item label={t('phone.solve.after')}>
              <PhotoPicker value={after} onChange={setAfter} testId="solve-after" />
            </Form.Item>
            {busy && (
              <Typography.Paragraph type="secondary" data-testid="solve-busy">
                {busy}
              </Typography.Paragraph>
            )}
            <Button
              type="primary"
              size="large"
              htmlType="submit"
              block
              loading={busy !== null}
              data-testid="solve-submit"
            >
              {t('phone.solve.submit')}
            </Button>
          </Form>
        </>
      )}
    </Card>
  );
}

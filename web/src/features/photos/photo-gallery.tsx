// Every attachment of a case, grouped by the stage it documents (上报, 处置前, 处置后, 办理结果, 其他):
// photos as previews (tap to enlarge), other files as downloads; who added each, and whether it
// carries the place it was taken. With `uploadStage`, the user may add photos of that stage.
import { App, Button, Empty, Image, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ATTACHMENT_STAGES } from '../../../../common/attachments.ts';
import { holds } from '../../../../common/powers.ts';
import { ROLE_LABELS, type Role } from '../../../../common/roles.ts';
import { api, apiFile, saveBlob, type Answer } from '../../shared/api.ts';
import { describeError, ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';
import { useLoad } from '../../shared/use-load.ts';
import { PhotoPicker, releasePhotos, type PickedPhoto } from './photo-picker.tsx';
import { uploadPhotos, type PhotoStage } from './upload.ts';

type Listed = Answer<'/api/v1/cases/{id}/attachments'>['items'][number];

export const STAGE_MESSAGES: Record<PhotoStage, MessageKey> = {
  report: 'phone.stage.report',
  before: 'phone.stage.before',
  after: 'phone.stage.after',
  result: 'phone.stage.result',
  other: 'phone.stage.other',
};

/** A preview by its address (the session cookie opens it); by a fetch with the token when that fails. */
function Thumbnail({ caseId, item, alt }: { caseId: number; item: Listed; alt: string }) {
  const direct = `/api/v1/cases/${caseId}/attachments/${item.id}`;
  const [src, setSrc] = useState(direct);
  const fallBack = () => {
    if (src !== direct) return;
    apiFile('/api/v1/cases/{id}/attachments/{attachmentId}', { id: caseId, attachmentId: item.id }).then(
      (file) => setSrc(URL.createObjectURL(file.blob)),
      () => undefined,
    );
  };
  return (
    <Image
      src={src}
      alt={alt}
      width="100%"
      height={104}
      style={{ objectFit: 'cover', borderRadius: 6 }}
      onError={fallBack}
      data-testid="gallery-photo"
    />
  );
}

export function PhotoGallery({ caseId, uploadStage }: { caseId: number; uploadStage?: PhotoStage }) {
  const i18n = useI18n();
  const { t, pick, locale } = i18n;
  const { message } = App.useApp();
  const loaded = useLoad(
    () => api.GET('/api/v1/cases/{id}/attachments', { params: { path: { id: caseId } } }),
    String(caseId),
  );
  const [adding, setAdding] = useState<PickedPhoto[]>([]);
  const [sending, setSending] = useState(false);

  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  const items = loaded.data?.items ?? [];

  const download = async (item: Listed) => {
    try {
      const file = await apiFile('/api/v1/cases/{id}/attachments/{attachmentId}', {
        id: caseId,
        attachmentId: item.id,
      });
      saveBlob(file.blob, file.fileName ?? item.fileName);
    } catch (error) {
      void message.error(describeError(error, i18n));
    }
  };

  const send = async () => {
    if (!uploadStage) return;
    setSending(true);
    const outcome = await uploadPhotos(caseId, adding, uploadStage);
    setSending(false);
    releasePhotos(outcome.sent);
    setAdding(outcome.failed.map((f) => f.photo));
    if (outcome.failed.length > 0) {
      void message.error(
        t('phone.photo.failed', {
          count: outcome.failed.length,
          reason: describeError(outcome.failed[0]!.error, i18n),
        }),
      );
    } else {
      void message.success(t('phone.gallery.sent'));
    }
    loaded.reload();
  };

  const byline = (item: Listed) => {
    const { name, role } = item.uploadedBy;
    const roleName = role ? pick(ROLE_LABELS[role]) : '';
    const who = name ? (roleName ? t('phone.gallery.by', { name, role: roleName }) : name) : '';
    return [who, formatDateTime(item.createdAt, locale)].filter(Boolean).join(' · ');
  };

  return (
    <div data-testid="photo-gallery">
      {items.length === 0 && !loaded.loading && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('phone.gallery.empty')} />
      )}
      <Image.PreviewGroup>
        {ATTACHMENT_STAGES.map((stage) => {
          const group = items.filter((item) => item.stage === stage);
          if (group.length === 0) return null;
          const photos = group.filter((item) => item.mediaType.startsWith('image/'));
          const files = group.filter((item) => !item.mediaType.startsWith('image/'));
          return (
            <section key={stage} data-stage={stage} data-testid="gallery-stage" style={{ marginBottom: 12 }}>
              <Typography.Text strong>
                {t(STAGE_MESSAGES[stage])} ({group.length})
              </Typography.Text>
              <div
                style={{
                  display: 'grid',
                  gridTemplateColumns: 'repeat(auto-fill, minmax(96px, 1fr))',
                  gap: 8,
                  marginTop: 6,
                }}
              >
                {photos.map((item, i) => (
                  <figure key={item.id} style={{ margin: 0, minWidth: 0 }} data-attachment-id={item.id}>
                    <Thumbnail caseId={caseId} item={item} alt={`${t(STAGE_MESSAGES[stage])} ${i + 1}`} />
                    <figcaption style={{ fontSize: 12, color: '#8c8c8c', overflowWrap: 'anywhere' }}>
                      {byline(item)}
                      {item.location !== null && (
                        <Tag color="blue" style={{ marginLeft: 4, fontSize: 11 }}>
                          {t('phone.gallery.located')}
                        </Tag>
                      )}
                    </figcaption>
                  </figure>
                ))}
              </div>
              {files.length > 0 && (
                <Space direction="vertical" size={0} style={{ marginTop: 6, maxWidth: '100%' }}>
                  {files.map((item) => (
                    <Button
                      key={item.id}
                      type="link"
                      onClick={() => void download(item)}
                      style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
                    >
                      <span style={{ overflowWrap: 'anywhere' }}>
                        {item.fileName} ({Math.ceil(item.size / 1024)} KB)
                      </span>
                    </Button>
                  ))}
                </Space>
              )}
            </section>
          );
        })}
      </Image.PreviewGroup>
      {uploadStage && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
            {t('phone.gallery.add')} · {t(STAGE_MESSAGES[uploadStage])}
          </Typography.Text>
          <PhotoPicker value={adding} onChange={setAdding} testId="gallery-add" disabled={sending} />
          {adding.length > 0 && (
            <Button
              type="primary"
              size="large"
              block
              loading={sending}
              onClick={() => void send()}
              style={{ marginTop: 8 }}
              data-testid="gallery-send"
            >
              {t('phone.gallery.send', { count: adding.length })}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}

export default PhotoGallery;

/**
 * The stage a staff member's new photos on the case page document: the result once the case is
 * resolved or closed, else "other"; none for the roles that add nothing (leader, evaluator).
 */
export function uploadStageFor(status: string, roles: readonly Role[]): PhotoStage | undefined {
  if (!roles.some((role) => role !== 'resident' && holds(role, 'case:attach'))) return undefined;
  return status === 'resolved' || status === 'closed' ? 'result' : 'other';
}

// 听证公告 on a page of its own, outside the console's frame, to print or post: the heading
// centred, the body as written, the convening unit and the date at the right. The buttons do
// not print.
import { Button, Result, Space, Spin } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { draftHearingNotice } from '../../../../common/hearing-notice.ts';
import { api } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import type { HearingDetail } from './hearing-shared.tsx';

const PRINT_CSS = `
@media print {
  .notice-controls { display: none !important; }
  body { background: #fff !important; }
  .notice-sheet { box-shadow: none !important; margin: 0 !important; padding: 0 !important; }
}
@page { size: A4; margin: 25mm 20mm; }
`;

/** The notice as published, or (for hearings scheduled before notices were kept) drafted now. */
function noticeOf(hearing: HearingDetail): string {
  return (
    hearing.notice ??
    draftHearingNotice({
      title: hearing.title,
      scheduledAt: hearing.scheduledAt,
      place: hearing.place,
      host: hearing.host ?? '',
      agenda: hearing.agenda,
      participants: hearing.participants,
      caseNumber: hearing.caseNumber,
      caseTitle: hearing.caseTitle,
      convener: hearing.convenedBy?.name ?? '',
      issuedAt: hearing.createdAt,
    })
  );
}

export default function HearingNoticePage() {
  const { t } = useI18n();
  const { id } = useParams();
  const navigate = useNavigate();
  const hearingId = Number(id);
  const loaded = useLoad(
    () => api.GET('/api/v1/hearings/{id}', { params: { path: { id: hearingId } } }),
    String(hearingId),
  );
  const hearing = loaded.data;
  if (loaded.error) {
    return (
      <div style={{ padding: 16 }}>
        <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      </div>
    );
  }
  if (!hearing) {
    return (
      <div style={{ padding: 96, textAlign: 'center' }}>
        <Spin size="large" />
      </div>
    );
  }
  const lines = noticeOf(hearing).split('\n');
  const [heading, ...body] = lines;
  // The signature block: the last two non-empty lines (the unit and the date) when the body has them.
  const tail = body.length >= 3 && body[body.length - 3] === '' ? body.slice(-2) : [];
  const main = tail.length > 0 ? body.slice(0, -2) : body;
  return (
    <div style={{ background: '#f0f2f5', minHeight: '100vh', padding: '16px 0' }}>
      <style>{PRINT_CSS}</style>
      <Space className="notice-controls" wrap style={{ display: 'flex', justifyContent: 'center', marginBottom: 16 }}>
        <Button type="primary" onClick={() => window.print()} data-testid="notice-print">
          {t('hearing.print')}
        </Button>
        <Button onClick={() => navigate(`/hearings/${hearing.id}`)}>{t('hearing.backToHearing')}</Button>
      </Space>
      {hearing.status === 'cancelled' && (
        <Result className="notice-controls" status="warning" title={t('hearing.noticeCancelled')} />
      )}
      <article
        className="notice-sheet"
        data-testid="notice-sheet"
        style={{
          boxSizing: 'border-box',
          background: '#fff',
          maxWidth: '210mm',
          margin: '0 auto',
          padding: 'clamp(16px, 6vw, 25mm) clamp(16px, 5vw, 20mm)',
          boxShadow: '0 1px 4px rgba(0,0,0,0.15)',
          fontFamily: '"FangSong", "STFangsong", "仿宋", serif',
          fontSize: 16,
          lineHeight: 1.9,
          color: '#000',
          overflowWrap: 'anywhere',
        }}
      >
        <h1 style={{ textAlign: 'center', fontSize: 22, fontWeight: 700, margin: '0 0 24px' }}>{heading}</h1>
        {main.map((line, i) =>
          line === '' ? (
            <div key={i} style={{ height: 8 }} />
          ) : (
            <p key={i} style={{ textIndent: '2em', margin: 0, whiteSpace: 'pre-wrap' }}>
              {line}
            </p>
          ),
        )}
        {tail.length > 0 && (
          <div style={{ textAlign: 'right', marginTop: 32 }}>
            {tail.map((line, i) => (
              <div key={i}>{line}</div>
            ))}
          </div>
        )}
      </article>
    </div>
  );
}

// 我的事件: the resident's own reports, newest first. Each shows where it stands, the result and
// who gave it, the photos of the problem and of the result (the stages the API shows a reporter:
// report, after, result), the steps with the units' replies, and the rating — or the rating form
// once the case is resolved.
import { useState } from 'react';
import { api, type Answer } from '../../shared/api.ts';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { RATING_LABELS, eventLabel } from '../../shared/labels.ts';
import { useLoad } from '../../shared/use-load.ts';
import { RatePanel } from './rate-panel.tsx';
import { ErrorNotice, Notice, Spinner, StatusBadge } from './ui.tsx';

/** One of the resident's own reports, as the resident API shows it (ResidentCaseDetail). */
type MyCase = Answer<'/api/v1/my/cases/{id}'>;
type Attachment = MyCase['attachments'][number];

/** An attachment's image: the session cookie of the sign-in opens it, and the browser fetches it when it nears the screen. */
function Photo({ caseId, attachment, alt }: { caseId: number; attachment: Attachment; alt: string }) {
  return <img src={`/api/v1/cases/${caseId}/attachments/${attachment.id}`} alt={alt} loading="lazy" decoding="async" />;
}

function Photos({
  record,
  title,
  items,
  testId,
}: {
  record: MyCase;
  title: string;
  items: Attachment[];
  testId: string;
}) {
  const { t } = useI18n();
  const images = items.filter((a) => a.mediaType.startsWith('image/'));
  if (images.length === 0) return null;
  return (
    <div className="r-stack" style={{ gap: 6 }} data-testid={testId}>
      <span className="r-muted">{title}</span>
      <div className="r-photos">
        {images.map((a, i) => (
          <Photo key={a.id} caseId={record.id} attachment={a} alt={t('resident.photoN', { n: i + 1 })} />
        ))}
      </div>
    </div>
  );
}

function Steps({ record }: { record: MyCase }) {
  const { t, pick, locale } = useI18n();
  return (
    <details className="r-details" data-testid="case-steps">
      <summary>{t('resident.steps', { n: record.timeline.length })}</summary>
      <ol className="r-timeline">
        {[...record.timeline].reverse().map((step) => (
          <li key={step.seq} data-testid="case-step">
            <strong>{pick(eventLabel(step.action))}</strong>
            {step.unitName && <span> · {step.unitName}</span>}
            <br />
            <span className="r-muted">{formatDateTime(step.at, locale)}</span>
            {step.reply && <span className="r-reply">{step.reply}</span>}
          </li>
        ))}
      </ol>
    </details>
  );
}

function CaseCard({ record, onRated, onStale }: { record: MyCase; onRated: () => void; onStale: () => void }) {
  const { t, pick, locale } = useI18n();
  const resolveStep = [...record.timeline].reverse().find((e) => e.action === 'resolve');
  const rateStep = [...record.timeline].reverse().find((e) => e.action === 'rate');
  return (
    <article className="r-card r-stack" data-testid="my-case" data-case-number={record.number}>
      <div className="r-row">
        <StatusBadge status={record.status} />
        <span className="r-muted">{record.number}</span>
      </div>
      <h3>{record.title}</h3>
      <span className="r-muted">
        {t('resident.reportedAt')}
        {formatDateTime(record.createdAt, locale)}
      </span>
      {record.result && (
        <section className="r-result" data-testid="case-result">
          <strong>{t('case.result')}</strong>
          {resolveStep?.unitName && (
            <span className="r-muted" data-testid="case-result-unit">
              {' '}
              · {resolveStep.unitName}
            </span>
          )}
          <br />
          <span className="r-muted">{formatDateTime(record.resolvedAt, locale)}</span>
          <p>{record.result}</p>
        </section>
      )}
      <Photos
        record={record}
        title={t('resident.resultPhotos')}
        testId="result-photos"
        items={record.attachments.filter((a) => a.stage === 'result' || a.stage === 'after')}
      />
      <Photos
        record={record}
        title={t('resident.reportPhotos')}
        testId="report-photos"
        items={record.attachments.filter((a) => a.stage === 'report')}
      />
      {record.rating && (
        <div data-testid="case-rating">
          {t('resident.rateYours')}
          <strong>{pick(RATING_LABELS[record.rating])}</strong>
          {rateStep?.reply && <span className="r-reply">{rateStep.reply}</span>}
        </div>
      )}
      {record.allowedActions.includes('rate') && (
        <RatePanel caseId={record.id} version={record.version} onRated={onRated} onStale={onStale} />
      )}
      <Steps record={record} />
    </article>
  );
}

export function MyCases({ round }: { round: number }) {
  const { t } = useI18n();
  const [bump, setBump] = useState(0);
  const [thanked, setThanked] = useState(false);
  const loaded = useLoad(
    async () => (await api.GET('/api/v1/my/cases', { params: { query: { limit: 20 } } })).items,
    `${round}-${bump}`,
  );
  if (loaded.error) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Spinner />;
  if (loaded.data.length === 0) return <p className="r-muted">{t('resident.noCases')}</p>;
  return (
    <div className="r-stack">
      {thanked && (
        <Notice kind="success" testId="rate-thanks">
          {t('resident.thanks')}
        </Notice>
      )}
      {loaded.data.map((c) => (
        <CaseCard
          key={c.id}
          record={c}
          onRated={() => {
            setThanked(true);
            setBump((b) => b + 1);
          }}
          onStale={() => setBump((b) => b + 1)}
        />
      ))}
    </div>
  );
}

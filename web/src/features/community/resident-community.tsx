// 社区 (the residents' /m tab, issue 19 §6–§7): the notices of where I live; volunteer activities to
// sign up to, with my hours; the service projects of my area to rate once completed. An account acting
// for a social organisation also applies for and claims projects here and reports their progress
// (those accounts are residents' accounts: the console is not theirs, ADR 0035). Plain React over
// resident.css; works at 375 px.
import { useState } from 'react';
import { api } from '../../shared/api.ts';
import { describeError } from '../../shared/describe-error.ts';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { Button, ErrorNotice, Field, Notice, Spinner } from '../resident/ui.tsx';

type Project = Awaited<ReturnType<typeof loadProjects>>['items'][number];
type Activity = Awaited<ReturnType<typeof loadActivities>>['items'][number];
const loadProjects = () => api.GET('/api/v1/service-projects', { params: { query: {} } });
const loadActivities = () => api.GET('/api/v1/volunteer-activities', { params: { query: {} } });

function Notices() {
  const { t, locale } = useI18n();
  const list = useLoad(() => api.GET('/api/v1/notices/mine', { params: { query: {} } }), 'notices');
  if (list.error) return <ErrorNotice error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Spinner />;
  if (list.data.items.length === 0) return <p className="r-muted">{t('community.notice.none')}</p>;
  return (
    <div className="r-stack">
      {list.data.items.map((n) => (
        <article key={n.id} className="r-card" data-testid="m-notice" data-kind={n.kind}>
          <div className="r-row">
            <span className={`r-badge ${n.urgent ? 'r-status-registered' : 'r-status-closed'}`}>
              {t(`community.notice.kind.${n.kind}`)}
            </span>
            <span className="r-muted">
              {n.unitName} · {formatDateTime(n.publishedAt, locale)}
            </span>
          </div>
          <h3>{n.title}</h3>
          <p style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{n.body}</p>
        </article>
      ))}
    </div>
  );
}

/** A team lead's roster on the phone (ADR 0035: a lead is a resident account linked to its team):
 * each volunteer who signed up, and the hours to log for those not logged yet — once each. */
function LeadRoster({ activity }: { activity: Activity }) {
  const i18n = useI18n();
  const { t } = i18n;
  const roster = useLoad(
    () => api.GET('/api/v1/volunteer-activities/{id}', { params: { path: { id: activity.id }, query: {} } }),
    String(activity.id),
  );
  const [hours, setHours] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const log = async (userId: number) => {
    setBusy(userId);
    setFailure(null);
    try {
      await api.POST('/api/v1/volunteer-activities/{id}/hours', {
        params: { path: { id: activity.id } },
        body: { userId, hours: Number(hours[userId]) },
      });
      roster.reload();
    } catch (error) {
      setFailure(describeError(error, i18n));
    } finally {
      setBusy(null);
    }
  };
  if (roster.error) return <ErrorNotice error={roster.error} onRetry={roster.reload} />;
  if (!roster.data) return <Spinner />;
  return (
    <div className="r-stack" data-testid="m-lead-roster">
      {failure && <Notice kind="error">{failure}</Notice>}
      {roster.data.roster.map((v) => {
        const value = hours[v.userId] ?? '';
        const valid = /^\d{1,2}(\.\d)?$/.test(value) && Number(value) > 0 && Number(value) <= 24;
        return (
          <div key={v.userId} className="r-stack" style={{ gap: 4 }} data-testid="m-lead-volunteer">
            <strong>{v.displayName}</strong>
            {v.hours !== null ? (
              <span className="r-muted">{t('community.volunteer.loggedHours', { hours: v.hours })}</span>
            ) : (
              <>
                <Field label={t('community.volunteer.hours')} htmlFor={`va-${activity.id}-${v.userId}`}>
                  <input
                    id={`va-${activity.id}-${v.userId}`}
                    className="r-input"
                    inputMode="decimal"
                    value={value}
                    onChange={(e) => setHours((h) => ({ ...h, [v.userId]: e.target.value }))}
                    data-testid="m-lead-hours"
                  />
                </Field>
                <Button
                  block
                  busy={busy === v.userId}
                  disabled={!valid}
                  onClick={() => void log(v.userId)}
                  data-testid="m-lead-log"
                >
                  {t('community.volunteer.logHours')}
                </Button>
              </>
            )}
          </div>
        );
      })}
    </div>
  );
}

function Volunteering() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const list = useLoad(loadActivities, 'activities');
  const [busy, setBusy] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const signUp = async (a: Activity) => {
    setBusy(a.id);
    setFailure(null);
    try {
      await api.POST('/api/v1/volunteer-activities/{id}/signups', { params: { path: { id: a.id } } });
      list.reload();
    } catch (error) {
      setFailure(describeError(error, i18n));
    } finally {
      setBusy(null);
    }
  };
  if (list.error) return <ErrorNotice error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Spinner />;
  if (list.data.items.length === 0) return <p className="r-muted">{t('community.volunteer.none')}</p>;
  return (
    <div className="r-stack">
      {failure && <Notice kind="error">{failure}</Notice>}
      {list.data.items.map((a) => (
        <article key={a.id} className="r-card r-stack" data-testid="m-activity">
          <div>
            <h3>{a.title}</h3>
            <span className="r-muted">
              {a.teamName} · {formatDateTime(a.startsAt, locale)}
              {a.place ? ` · ${a.place}` : ''} · {t('community.volunteer.signups', { count: a.signupCount })}
            </span>
          </div>
          {a.mine ? (
            <strong data-testid="m-my-hours">
              {a.mine.hours === null
                ? t('community.volunteer.hoursPending')
                : t('community.volunteer.myHours', { hours: a.mine.hours })}
            </strong>
          ) : a.abilities.signUp ? (
            <Button block busy={busy === a.id} onClick={() => void signUp(a)} data-testid="m-sign-up">
              {t('community.volunteer.signUp')}
            </Button>
          ) : null}
          {a.abilities.logHours ? (
            <details className="r-details">
              <summary data-testid="m-lead-open">{t('community.volunteer.roster')}</summary>
              <LeadRoster activity={a} />
            </details>
          ) : null}
        </article>
      ))}
    </div>
  );
}

function RateProject({ project, onDone }: { project: Project; onDone: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const send = async () => {
    if (score === null) return;
    setBusy(true);
    setFailure(null);
    try {
      await api.POST('/api/v1/service-projects/{id}/ratings', {
        params: { path: { id: project.id } },
        body: { score, ...(comment.trim() ? { comment: comment.trim() } : {}) },
      });
      onDone();
    } catch (error) {
      setFailure(describeError(error, i18n));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="r-stack" data-testid="m-rate-project">
      {failure && <Notice kind="error">{failure}</Notice>}
      <strong id={`sp-rate-${project.id}`}>{t('community.project.rate')}</strong>
      <div className="r-choices" role="radiogroup" aria-labelledby={`sp-rate-${project.id}`}>
        {[1, 2, 3, 4, 5].map((s) => (
          <button
            key={s}
            type="button"
            role="radio"
            aria-checked={score === s}
            className="r-choice"
            data-score={s}
            onClick={() => setScore(s)}
          >
            {t('community.project.stars', { score: s })}
          </button>
        ))}
      </div>
      <Field label={t('community.project.rateComment')} htmlFor={`sp-comment-${project.id}`}>
        <textarea
          id={`sp-comment-${project.id}`}
          className="r-input"
          rows={2}
          maxLength={500}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          data-testid="m-rate-comment"
        />
      </Field>
      <Button
        variant="primary"
        block
        busy={busy}
        disabled={score === null}
        onClick={() => void send()}
        data-testid="m-rate-send"
      >
        {t('community.project.rateSend')}
      </Button>
    </div>
  );
}

function ReportProgress({ project, onDone }: { project: Project; onDone: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [percent, setPercent] = useState(String(Math.min(100, project.progressPercent + 10)));
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const send = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await api.POST('/api/v1/service-projects/{id}/progress', {
        params: { path: { id: project.id } },
        body: { percent: Number(percent), note: note.trim() },
      });
      onDone();
    } catch (error) {
      setFailure(describeError(error, i18n));
    } finally {
      setBusy(false);
    }
  };
  const valid = /^\d{1,3}$/.test(percent) && Number(percent) <= 100 && note.trim() !== '';
  return (
    <div className="r-stack" data-testid="m-progress-form">
      {failure && <Notice kind="error">{failure}</Notice>}
      <Field label={t('community.project.percent')} htmlFor={`sp-percent-${project.id}`}>
        <input
          id={`sp-percent-${project.id}`}
          className="r-input"
          inputMode="numeric"
          value={percent}
          onChange={(e) => setPercent(e.target.value)}
          data-testid="m-progress-percent"
        />
      </Field>
      <Field label={t('community.project.progressNote')} htmlFor={`sp-note-${project.id}`}>
        <textarea
          id={`sp-note-${project.id}`}
          className="r-input"
          rows={2}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          data-testid="m-progress-note"
        />
      </Field>
      <Button
        variant="primary"
        block
        busy={busy}
        disabled={!valid}
        onClick={() => void send()}
        data-testid="m-progress-send"
      >
        {t('community.project.reportProgress')}
      </Button>
    </div>
  );
}

function Projects() {
  const i18n = useI18n();
  const { t } = i18n;
  const list = useLoad(loadProjects, 'projects');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const apply = async (project: Project, bodyId: number) => {
    setBusy(true);
    setFailure(null);
    try {
      await api.POST('/api/v1/service-projects/{id}/applications', {
        params: { path: { id: project.id } },
        body: { bodyId },
      });
      list.reload();
    } catch (error) {
      setFailure(describeError(error, i18n));
    } finally {
      setBusy(false);
    }
  };
  if (list.error) return <ErrorNotice error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Spinner />;
  if (list.data.items.length === 0) return <p className="r-muted">{t('community.project.none')}</p>;
  return (
    <div className="r-stack">
      {failure && <Notice kind="error">{failure}</Notice>}
      {list.data.items.map((p) => (
        <article key={p.id} className="r-card r-stack" data-testid="m-project" data-status={p.status}>
          <div>
            <div className="r-row">
              <span className="r-badge" data-testid="m-project-status">
                {t(`community.status.${p.status}`)}
              </span>
              <span className="r-muted">{p.unitName}</span>
            </div>
            <h3>{p.title}</h3>
            <p style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{p.description}</p>
            {p.awardedBodyName && (
              <div className="r-muted" data-testid="m-project-awardee">
                {t('community.project.awardedTo', { name: p.awardedBodyName })} ·{' '}
                {t('community.project.progress', { percent: p.progressPercent })}
              </div>
            )}
            <div className="r-muted">
              {p.ratingAverage === null
                ? t('community.project.noRating')
                : t('community.project.rating', { average: p.ratingAverage, count: p.ratingCount })}
            </div>
          </div>
          {p.abilities.applyAs.map((b) => (
            <Button key={b.id} block busy={busy} onClick={() => void apply(p, b.id)} data-testid="m-project-apply">
              {t(p.awardMode === 'first_claim' ? 'community.project.claimAs' : 'community.project.applyAs', {
                name: b.name,
              })}
            </Button>
          ))}
          {p.abilities.progress && <ReportProgress project={p} onDone={list.reload} />}
          {p.myRating !== null && (
            <strong data-testid="m-my-rating">{t('community.project.myRating', { score: p.myRating })}</strong>
          )}
          {p.abilities.rate && <RateProject project={p} onDone={list.reload} />}
        </article>
      ))}
    </div>
  );
}

export function CommunityPanel() {
  const { t } = useI18n();
  return (
    <div className="r-stack" data-testid="m-community">
      <section className="r-stack">
        <h2 className="r-section-title">{t('community.m.notices')}</h2>
        <Notices />
      </section>
      <section className="r-stack">
        <h2 className="r-section-title">{t('community.m.projects')}</h2>
        <Projects />
      </section>
      <section className="r-stack">
        <h2 className="r-section-title">{t('community.m.volunteers')}</h2>
        <Volunteering />
      </section>
    </div>
  );
}

// 议事 (the residents' page /m, tab 'consult'): the topics of the resident's verified home area (its
// village or community and the levels above), newest first; in one: support a gathering topic, vote
// once (secret) on an open one, comment, report a comment, and the result after the close. Plain React
// over resident.css (no Ant Design on /m); works at 375 px.
import { useState } from 'react';
import { LEVEL_LABELS, STATUS_LABELS } from '../../../../common/consultations.ts';
import { api, type Answer } from '../../shared/api.ts';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { Button, ErrorNotice, Notice, Spinner } from '../resident/ui.tsx';

type Topic = Answer<'/api/v1/consultations/{id}'>;

function TopicView({ id, onBack }: { id: number; onBack: () => void }) {
  const { t, pick, locale } = useI18n();
  const loaded = useLoad(() => api.GET('/api/v1/consultations/{id}', { params: { path: { id } } }), String(id));
  const [fresh, setFresh] = useState<Topic | null>(null);
  const [choice, setChoice] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [reported, setReported] = useState<number[]>([]);
  const topic = fresh ?? loaded.data;
  if (loaded.error) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  if (!topic) return <Spinner />;
  const act = async (work: () => Promise<Topic>) => {
    setBusy(true);
    setError(null);
    try {
      setFresh(await work());
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const path = { params: { path: { id } } };
  return (
    <article className="r-card r-stack" data-testid="consult-topic">
      <Button small variant="light" onClick={onBack}>
        {t('consult.back')}
      </Button>
      <div className="r-row">
        <span className="r-badge" data-testid="consult-status">
          {pick(STATUS_LABELS[topic.status])}
        </span>
        <span className="r-muted">
          {topic.unitName} · {pick(LEVEL_LABELS[topic.level])}
          {topic.buildingLabel ? ` · ${topic.buildingLabel}` : ''}
        </span>
      </div>
      <h3>{topic.title}</h3>
      <p style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{topic.body}</p>
      {error ? <ErrorNotice error={error} /> : null}

      {topic.status === 'gathering' && (
        <div className="r-row" style={{ justifyContent: 'space-between' }}>
          <span>{t('consult.supporters', { n: topic.supporterCount, of: topic.supportersNeeded })}</span>
          {topic.me.canSupport ? (
            <Button
              variant="primary"
              busy={busy}
              onClick={() => void act(() => api.POST('/api/v1/consultations/{id}/supports', path))}
              data-testid="consult-support"
            >
              {t('consult.support')}
            </Button>
          ) : topic.me.supported ? (
            <span className="r-muted">{t('consult.supported')}</span>
          ) : null}
        </div>
      )}

      {topic.options.length > 0 && (
        <fieldset className="r-stack" style={{ border: 0, padding: 0, margin: 0 }} data-testid="consult-options">
          <span className="r-muted">
            {t('consult.voters', { n: topic.voters })}
            {topic.resultVisible ? '' : ` · ${t('consult.resultHidden')}`}
          </span>
          {topic.options.map((o) => (
            <label key={o.id} className="r-row" style={{ minHeight: 40 }}>
              {topic.me.canVote ? (
                <input
                  type="radio"
                  name={`consult-${topic.id}`}
                  checked={choice === o.id}
                  onChange={() => setChoice(o.id)}
                  data-testid="consult-option"
                />
              ) : null}
              <span>{o.label}</span>
              {o.votes !== null ? (
                <strong data-testid="consult-votes" style={{ marginLeft: 'auto' }}>
                  {t('consult.votesN', { n: o.votes })}
                </strong>
              ) : null}
            </label>
          ))}
          {topic.me.canVote ? (
            <>
              <span className="r-muted">{t('consult.secret')}</span>
              <Button
                variant="primary"
                block
                busy={busy}
                disabled={choice === null}
                onClick={() =>
                  void act(() => api.POST('/api/v1/consultations/{id}/votes', { ...path, body: { optionId: choice! } }))
                }
                data-testid="consult-vote"
              >
                {t('consult.vote')}
              </Button>
            </>
          ) : topic.me.voted ? (
            <Notice kind="success" testId="consult-voted">
              {t('consult.voted')}
            </Notice>
          ) : null}
        </fieldset>
      )}

      {topic.decision && (
        <div className="r-stack" data-testid="consult-decision">
          <strong>{t('consult.decision')}</strong>
          <span>{topic.decision.text}</span>
          <span className="r-muted">
            {t('consult.carriedOutBy')}: {topic.decision.carriedOutByUnitName} · {t('consult.due')}:{' '}
            {topic.decision.dueDate} · {t('consult.progress')}: {topic.progress}%
          </span>
        </div>
      )}

      <div className="r-stack">
        <strong>{t('consult.discussion')}</strong>
        {topic.comments.length === 0 ? <span className="r-muted">{t('consult.noComments')}</span> : null}
        {topic.comments.map((c) => (
          <div key={c.id} className="r-stack" style={{ gap: 2 }} data-testid="consult-comment">
            <span className="r-muted">
              {c.authorName} · {formatDateTime(c.createdAt, locale)}
            </span>
            <span className={c.hidden ? 'r-muted' : undefined}>{c.body ?? t('consult.hidden')}</span>
            {!c.mine && !c.hidden && (topic.status === 'open' || topic.status === 'gathering') ? (
              reported.includes(c.id) ? (
                <span className="r-muted">{t('consult.reported')}</span>
              ) : (
                <Button
                  small
                  variant="light"
                  onClick={() =>
                    void act(async () => {
                      const next = await api.POST('/api/v1/consultations/{id}/comments/{commentId}/reports', {
                        params: { path: { id, commentId: c.id } },
                      });
                      setReported((r) => [...r, c.id]);
                      return next;
                    })
                  }
                  data-testid="consult-report"
                >
                  {t('consult.report')}
                </Button>
              )
            ) : null}
          </div>
        ))}
        {topic.me.canComment ? (
          <>
            <textarea
              className="r-input"
              rows={2}
              maxLength={2000}
              value={comment}
              placeholder={t('consult.commentPlaceholder')}
              aria-label={t('consult.comment')}
              onChange={(e) => setComment(e.target.value)}
              data-testid="consult-comment-input"
            />
            <Button
              block
              busy={busy}
              disabled={comment.trim() === ''}
              onClick={() =>
                void act(async () => {
                  const next = await api.POST('/api/v1/consultations/{id}/comments', {
                    ...path,
                    body: { body: comment },
                  });
                  setComment('');
                  return next;
                })
              }
              data-testid="consult-comment-send"
            >
              {t('consult.send')}
            </Button>
          </>
        ) : null}
      </div>
    </article>
  );
}

export function ResidentConsult() {
  const { t, pick } = useI18n();
  const [openId, setOpenId] = useState<number | null>(null);
  const list = useLoad(() => api.GET('/api/v1/consultations', { params: { query: { limit: 50 } } }), String(openId));
  if (openId !== null) return <TopicView id={openId} onBack={() => setOpenId(null)} />;
  if (list.error) return <ErrorNotice error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Spinner />;
  if (list.data.homeVerified === false) {
    return (
      <Notice kind="info" testId="consult-unverified">
        {t('consult.unverified')}
      </Notice>
    );
  }
  return (
    <div className="r-stack" data-testid="consult-list">
      <strong>{t('consult.mine')}</strong>
      {list.data.items.length === 0 ? <span className="r-muted">{t('consult.none')}</span> : null}
      {list.data.items.map((item) => (
        <button
          key={item.id}
          type="button"
          className="r-card r-stack"
          style={{ textAlign: 'left', width: '100%', cursor: 'pointer' }}
          onClick={() => setOpenId(item.id)}
          data-testid="consult-item"
        >
          <span className="r-row">
            <span className="r-badge">{pick(STATUS_LABELS[item.status])}</span>
            <span className="r-muted">
              {item.unitName} · {pick(LEVEL_LABELS[item.level])}
            </span>
          </span>
          <strong>{item.title}</strong>
          {item.status === 'gathering' ? (
            <span className="r-muted">
              {t('consult.supporters', { n: item.supporterCount, of: item.supportersNeeded })}
            </span>
          ) : null}
        </button>
      ))}
    </div>
  );
}

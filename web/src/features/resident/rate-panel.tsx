// 评价: the resident picks a rating, may add a comment, then confirms what will be sent (a rating
// cannot be changed afterwards). A stale version (someone rated by phone meanwhile) says so.
import { useState } from 'react';
import { RATINGS, type Rating } from '../../../../common/case-state.ts';
import { api, ApiError } from '../../shared/api.ts';
import { describeError } from '../../shared/describe-error.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { RATING_LABELS } from '../../shared/labels.ts';
import { Button, Field, Notice } from './ui.tsx';

export function RatePanel({
  caseId,
  version,
  onRated,
  onStale,
}: {
  caseId: number;
  version: number;
  onRated: () => void;
  /** The case changed meanwhile: load it again. */
  onStale: () => void;
}) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const [rating, setRating] = useState<Rating | null>(null);
  const [comment, setComment] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const send = async () => {
    if (rating === null) return;
    setBusy(true);
    setFailure(null);
    try {
      await api.POST('/api/v1/cases/{id}/actions', {
        params: { path: { id: caseId } },
        body: { action: 'rate', version, rating, ...(comment.trim() ? { comment: comment.trim() } : {}) },
      });
      onRated();
    } catch (error) {
      setFailure(error instanceof ApiError && error.status === 409 ? t('action.conflict') : describeError(error, i18n));
      setConfirming(false);
      // Whatever happened, the case as it is now tells what may still be done.
      if (error instanceof ApiError && (error.status === 409 || error.status === 422)) onStale();
    } finally {
      setBusy(false);
    }
  };

  if (confirming && rating !== null) {
    return (
      <div className="r-confirm r-stack" data-action="rate" data-testid="rate-confirm-step">
        <strong>{t('resident.rateConfirmTitle')}</strong>
        <div>
          {t('resident.rateYours')}
          <strong data-testid="rate-confirm-rating">{pick(RATING_LABELS[rating])}</strong>
        </div>
        {comment.trim() && (
          <div>
            {t('resident.rateComment')}：<span className="r-reply">{comment.trim()}</span>
          </div>
        )}
        <span className="r-muted">
          {rating === 'unsatisfied' ? t('resident.rateUnsatisfiedNote') : t('resident.rateFinalNote')}
        </span>
        <Button variant="primary" block busy={busy} onClick={() => void send()} data-testid="rate-confirm">
          {t('resident.rateConfirm')}
        </Button>
        <Button block disabled={busy} onClick={() => setConfirming(false)} data-testid="rate-back">
          {t('resident.rateBack')}
        </Button>
      </div>
    );
  }
  return (
    <div className="r-stack" data-action="rate">
      {failure && <Notice kind="error">{failure}</Notice>}
      <strong id={`rate-q-${caseId}`}>{t('resident.rateQuestion')}</strong>
      <div className="r-choices" role="radiogroup" aria-labelledby={`rate-q-${caseId}`}>
        {RATINGS.map((r) => (
          <button
            key={r}
            type="button"
            role="radio"
            aria-checked={rating === r}
            className="r-choice"
            data-rating={r}
            onClick={() => setRating(r)}
          >
            {pick(RATING_LABELS[r])}
          </button>
        ))}
      </div>
      <Field label={t('resident.rateCommentOptional')} htmlFor={`rate-comment-${caseId}`}>
        <textarea
          id={`rate-comment-${caseId}`}
          className="r-input"
          rows={3}
          maxLength={2000}
          value={comment}
          placeholder={t('resident.rateCommentPlaceholder')}
          onChange={(e) => setComment(e.target.value)}
          data-testid="rate-comment"
        />
      </Field>
      <Button
        variant="primary"
        block
        disabled={rating === null}
        onClick={() => setConfirming(true)}
        data-testid="rate-next"
      >
        {t('resident.rateNext')}
      </Button>
    </div>
  );
}

// 进度查询: anyone follows a case without an account, by its tracking code (查询码, on the receipt
// and in the SMS, whose link opens /m#track=<code> and looks it up at once) or by its number and
// the last four digits of the phone given with it. The public answer says what happened and when,
// not who did it.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../shared/api.ts';
import type { TrackedCase } from '../../shared/api-types.ts';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { eventLabel } from '../../shared/labels.ts';
import { Button, ErrorNotice, Field, StatusBadge } from './ui.tsx';

type Query = { code: string } | { number: string; phoneLast4: string };

export function TrackForm({ initialCode = null }: { initialCode?: string | null }) {
  const { t, pick, locale } = useI18n();
  const [byCode, setByCode] = useState(true);
  const [code, setCode] = useState(initialCode ?? '');
  const [number, setNumber] = useState('');
  const [last4, setLast4] = useState('');
  const [invalid, setInvalid] = useState<{ code?: string; number?: string; last4?: string }>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [found, setFound] = useState<TrackedCase | null>(null);

  const lookUp = async (query: Query) => {
    setBusy(true);
    setError(null);
    setFound(null);
    try {
      setFound(await api.GET('/api/v1/track', { params: { query } }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  // Opened from the SMS's link: looked up once, without a tap.
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current || !initialCode) return;
    opened.current = true;
    void lookUp({ code: initialCode });
  }, [initialCode]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (byCode) {
      const wanted = code.replace(/[\s-]/g, '').toUpperCase();
      const problems = /^[0-9A-Z]{4,40}$/.test(wanted) ? {} : { code: t('resident.trackCodeRequired') };
      setInvalid(problems);
      if (Object.keys(problems).length === 0) await lookUp({ code: wanted });
      return;
    }
    const wanted = number.trim().toUpperCase();
    const problems = {
      ...(/^[0-9A-Z-]+$/.test(wanted) ? {} : { number: t('resident.numberRequired') }),
      ...(/^\d{4}$/.test(last4.trim()) ? {} : { last4: t('resident.last4Required') }),
    };
    setInvalid(problems);
    if (Object.keys(problems).length === 0) await lookUp({ number: wanted, phoneLast4: last4.trim() });
  };

  const switchTo = (codeMode: boolean) => {
    setByCode(codeMode);
    setInvalid({});
    setError(null);
  };

  return (
    <div className="r-stack">
      <div className="r-choices" style={{ gridTemplateColumns: '1fr 1fr' }} role="radiogroup">
        <button
          type="button"
          role="radio"
          className="r-choice"
          aria-checked={byCode}
          onClick={() => switchTo(true)}
          data-testid="track-by-code"
        >
          {t('resident.trackByCode')}
        </button>
        <button
          type="button"
          role="radio"
          className="r-choice"
          aria-checked={!byCode}
          onClick={() => switchTo(false)}
          data-testid="track-by-number"
        >
          {t('resident.trackByNumber')}
        </button>
      </div>
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="track-form">
        {byCode ? (
          <>
            <p className="r-muted">{t('resident.trackCodeIntro')}</p>
            <Field label={t('resident.trackCode')} htmlFor="r-track-code" error={invalid.code}>
              <input
                id="r-track-code"
                className="r-input r-code"
                autoCapitalize="characters"
                autoComplete="off"
                maxLength={40}
                value={code}
                onChange={(e) => setCode(e.target.value)}
                data-testid="track-code"
              />
            </Field>
          </>
        ) : (
          <>
            <p className="r-muted">{t('resident.trackIntro')}</p>
            <Field label={t('cases.number')} htmlFor="r-track-number" error={invalid.number}>
              <input
                id="r-track-number"
                className="r-input"
                autoCapitalize="characters"
                autoComplete="off"
                placeholder={t('resident.numberPlaceholder')}
                maxLength={40}
                value={number}
                onChange={(e) => setNumber(e.target.value)}
                data-testid="track-number"
              />
            </Field>
            <Field label={t('resident.last4')} htmlFor="r-track-last4" error={invalid.last4}>
              <input
                id="r-track-last4"
                className="r-input"
                inputMode="numeric"
                autoComplete="off"
                maxLength={4}
                value={last4}
                onChange={(e) => setLast4(e.target.value)}
                data-testid="track-last4"
              />
            </Field>
          </>
        )}
        <Button type="submit" variant="primary" block busy={busy} data-testid="track-submit">
          {t('resident.trackSubmit')}
        </Button>
      </form>
      {error !== null && <ErrorNotice error={error} />}
      {found && (
        <article className="r-card r-stack" data-testid="track-result" aria-live="polite">
          <div className="r-row">
            <StatusBadge status={found.status} />
            {found.categoryName !== found.title && <span>{found.categoryName}</span>}
          </div>
          <h3>{found.title}</h3>
          <span className="r-muted" data-testid="track-result-number">
            {found.number}
          </span>
          <ol className="r-timeline">
            {[...found.timeline].reverse().map((step, i) => (
              <li key={i} data-testid="track-step">
                <strong>{pick(eventLabel(step.action))}</strong>
                {step.unitName && <span> · {step.unitName}</span>}
                <br />
                <span className="r-muted">{formatDateTime(step.at, locale)}</span>
              </li>
            ))}
          </ol>
        </article>
      )}
    </div>
  );
}

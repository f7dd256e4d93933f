// The few controls the residents' page draws, in plain React over resident.css: buttons, fields,
// notices, the status badge. The console's Ant Design is not loaded on /m.
import type { ButtonHTMLAttributes, ReactNode } from 'react';
import type { CaseStatus } from '../../../../common/case-state.ts';
import { describeError } from '../../shared/describe-error.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { OTHER_LOCALE } from '../../shared/language-names.ts';
import { STATUS_LABELS } from '../../shared/labels.ts';

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'default' | 'light';
  small?: boolean;
  block?: boolean;
  busy?: boolean;
}

export function Button({ variant = 'default', small, block, busy, className, children, ...rest }: ButtonProps) {
  const classes = ['r-button', `r-button-${variant}`, small && 'r-button-small', block && 'r-button-block', className];
  return (
    <button
      type="button"
      {...rest}
      disabled={rest.disabled === true || busy === true}
      aria-busy={busy || undefined}
      className={classes.filter(Boolean).join(' ')}
    >
      {busy && <span aria-hidden="true">…</span>}
      {children}
    </button>
  );
}

export function Field({
  label,
  htmlFor,
  help,
  error,
  children,
}: {
  label: string;
  htmlFor?: string;
  help?: string;
  error?: string | null;
  children: ReactNode;
}) {
  return (
    <div className="r-field">
      <label className="r-label" htmlFor={htmlFor}>
        {label}
      </label>
      {children}
      {error ? (
        <span className="r-error-text" role="alert">
          {error}
        </span>
      ) : (
        help && <span className="r-help">{help}</span>
      )}
    </div>
  );
}

export function Notice({
  kind,
  children,
  testId,
}: {
  kind: 'error' | 'warning' | 'info' | 'success';
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className={`r-notice r-notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {children}
    </div>
  );
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const i18n = useI18n();
  return (
    <Notice kind="error" testId="error-alert">
      <div className="r-row" style={{ justifyContent: 'space-between' }}>
        <span>{describeError(error, i18n)}</span>
        {onRetry && (
          <Button small onClick={onRetry}>
            {i18n.t('common.retry')}
          </Button>
        )}
      </div>
    </Notice>
  );
}

export function StatusBadge({ status }: { status: CaseStatus }) {
  const { pick } = useI18n();
  return (
    <span className={`r-badge r-status-${status}`} data-testid="case-status">
      {pick(STATUS_LABELS[status])}
    </span>
  );
}

export function Spinner() {
  const { t } = useI18n();
  return <span className="r-spinner" role="progressbar" aria-label={t('resident.loading')} />;
}

/** Names the other language in that language, as language switches do ("English" / "中文"). */
export function LanguageButton() {
  const { locale, setLocale } = useI18n();
  return (
    <Button small variant="light" data-testid="language-switch" onClick={() => setLocale(OTHER_LOCALE[locale].locale)}>
      {OTHER_LOCALE[locale].name}
    </Button>
  );
}

// Signing in on /m: by a code sent by SMS first (a new number signs up), or with a username and
// password, then the one-time code when the API asks for it (OTP_REQUIRED).
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../shared/api.ts';
import { describeError } from '../../shared/describe-error.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { useResidentSession } from './resident-session.tsx';
import { SmsSignInForm } from './sms-sign-in-form.tsx';
import { Button, Field, Notice } from './ui.tsx';

/** The SMS form, or the password form a link away; `below`: what the page offers besides signing in. */
export function SignInForm({ below }: { below?: ReactNode }) {
  const { t } = useI18n();
  const { expired } = useResidentSession();
  const [withPassword, setWithPassword] = useState(false);
  return (
    <div>
      {expired && (
        <Notice kind="warning" testId="session-expired">
          {t('login.expired')}
        </Notice>
      )}
      {withPassword ? <PasswordSignInForm /> : <SmsSignInForm />}
      <button
        type="button"
        className="r-link"
        onClick={() => setWithPassword((on) => !on)}
        data-testid={withPassword ? 'use-sms' : 'use-password'}
      >
        {withPassword ? t('resident.useSms') : t('resident.usePassword')}
      </button>
      {below}
    </div>
  );
}

function PasswordSignInForm() {
  const i18n = useI18n();
  const { t } = i18n;
  const { signIn } = useResidentSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [needOtp, setNeedOtp] = useState(false);
  const [missing, setMissing] = useState<Set<string>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const empty = new Set<string>();
    if (username.trim() === '') empty.add('username');
    if (password === '') empty.add('password');
    if (needOtp && !/^\d{6}$/.test(otp)) empty.add('otp');
    setMissing(empty);
    if (empty.size > 0) return;
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password, needOtp ? otp : undefined);
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'OTP_REQUIRED') setNeedOtp(true);
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <p>{t('resident.signInFirst')}</p>
      {error !== null && <Notice kind="error">{describeError(error, i18n)}</Notice>}
      <Field
        label={t('login.username')}
        htmlFor="r-username"
        error={missing.has('username') ? t('login.usernameRequired') : null}
      >
        <input
          id="r-username"
          className="r-input"
          autoComplete="username"
          autoCapitalize="none"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          data-testid="login-username"
        />
      </Field>
      <Field
        label={t('login.password')}
        htmlFor="r-password"
        error={missing.has('password') ? t('login.passwordRequired') : null}
      >
        <input
          id="r-password"
          className="r-input"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          data-testid="login-password"
        />
      </Field>
      {needOtp && (
        <Field
          label={t('login.otp')}
          htmlFor="r-otp"
          help={t('login.otpHelp')}
          error={missing.has('otp') ? t('login.otpRequired') : null}
        >
          <input
            id="r-otp"
            className="r-input"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={otp}
            onChange={(e) => setOtp(e.target.value)}
            data-testid="login-otp"
          />
        </Field>
      )}
      <Button type="submit" variant="primary" block busy={busy} data-testid="login-submit">
        {t('login.submit')}
      </Button>
    </form>
  );
}

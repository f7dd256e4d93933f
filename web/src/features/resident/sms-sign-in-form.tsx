// 验证码登录: the mobile, 获取验证码 (then a countdown until another may be asked for), the six
// digits, 登录. A number without an account becomes a resident account on the server.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../shared/api.ts';
import { describeError } from '../../shared/describe-error.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { retryAfterSeconds } from '../../shared/lockout.ts';
import { useResidentSession } from './resident-session.tsx';
import { Button, Field, Notice } from './ui.tsx';

/** "138 1234 5678", "+86 13812345678" → 13812345678, or null. */
export function mobileOf(typed: string): string | null {
  let digits = typed.replace(/[\s-]/g, '');
  if (/^(\+86|0086|86)1\d{10}$/.test(digits)) digits = digits.slice(digits.length - 11);
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** Seconds until another code may be asked for, redrawn twice a second while counting. */
function useCountdown(): [number, (seconds: number) => void] {
  const [until, setUntil] = useState(0);
  const [, redraw] = useState(0);
  useEffect(() => {
    if (until <= Date.now()) return;
    const timer = window.setInterval(() => {
      redraw((n) => n + 1);
      if (Date.now() >= until) window.clearInterval(timer);
    }, 500);
    return () => window.clearInterval(timer);
  }, [until]);
  const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
  return [left, (seconds) => setUntil(Date.now() + seconds * 1000)];
}

export function SmsSignInForm() {
  const i18n = useI18n();
  const { t } = i18n;
  const { signInWithCode } = useResidentSession();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState(false);
  const [invalid, setInvalid] = useState<{ phone?: string; code?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [busy, setBusy] = useState(false);
  const [wait, startWait] = useCountdown();
  const codeInput = useRef<HTMLInputElement>(null);

  const sendCode = async () => {
    const mobile = mobileOf(phone);
    setInvalid(mobile ? {} : { phone: t('resident.mobileInvalid') });
    if (!mobile) return;
    setSending(true);
    setError(null);
    try {
      const answer = await api.POST('/api/v1/auth/sms-code', { body: { phone: mobile } });
      setSent(true);
      startWait(answer.resendAfterSeconds);
      codeInput.current?.focus();
    } catch (failure) {
      const seconds = retryAfterSeconds(failure);
      if (seconds !== null) startWait(seconds);
      setError(failure);
    } finally {
      setSending(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const mobile = mobileOf(phone);
    const problems = {
      ...(mobile ? {} : { phone: t('resident.mobileInvalid') }),
      ...(/^\d{6}$/.test(code.trim()) ? {} : { code: t('resident.codeRequired') }),
    };
    setInvalid(problems);
    if (!mobile || Object.keys(problems).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      await signInWithCode(mobile, code.trim());
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="sms-form">
      <p className="r-muted">{t('resident.smsIntro')}</p>
      {error !== null && (
        <Notice kind="error" testId="sms-error">
          {describeError(error, i18n)}
        </Notice>
      )}
      <Field label={t('resident.mobile')} htmlFor="r-sms-phone" error={invalid.phone}>
        <div className="r-code-row">
          <input
            id="r-sms-phone"
            className="r-input"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            maxLength={16}
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            data-testid="sms-phone"
          />
          <Button onClick={() => void sendCode()} busy={sending} disabled={wait > 0} data-testid="sms-send">
            {wait > 0 ? t('resident.resendIn', { n: wait }) : t('resident.getCode')}
          </Button>
        </div>
      </Field>
      <Field
        label={t('resident.code')}
        htmlFor="r-sms-code"
        help={sent ? t('resident.codeSent') : undefined}
        error={invalid.code}
      >
        <input
          id="r-sms-code"
          ref={codeInput}
          className="r-input"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
          data-testid="sms-code"
        />
      </Field>
      <Button type="submit" variant="primary" block busy={busy} data-testid="sms-submit">
        {t('login.submit')}
      </Button>
    </form>
  );
}

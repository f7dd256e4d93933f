// Username and password, then the one-time code when the API asks for it (OTP_REQUIRED).
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../shared/api.ts';
import { describeError } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { useSession } from '../../app/session.tsx';
import type { Me } from '../../shared/api-types.ts';

interface Values {
  username: string;
  password: string;
  otp?: string;
}

export function LoginForm({ onSignedIn, large }: { onSignedIn: (me: Me) => void; large?: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { signIn } = useSession();
  const [needOtp, setNeedOtp] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const size = large ? 'large' : 'middle';

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(values.username.trim(), values.password, needOtp ? values.otp : undefined));
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'OTP_REQUIRED') setNeedOtp(true);
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values> layout="vertical" size={size} onFinish={(values) => void submit(values)} requiredMark={false}>
      {error !== null && (
        <Alert type="error" showIcon message={describeError(error, i18n)} style={{ marginBottom: 16 }} />
      )}
      <Form.Item
        label={t('login.username')}
        name="username"
        rules={[{ required: true, message: t('login.usernameRequired') }]}
      >
        <Input autoComplete="username" autoFocus data-testid="login-username" />
      </Form.Item>
      <Form.Item
        label={t('login.password')}
        name="password"
        rules={[{ required: true, message: t('login.passwordRequired') }]}
      >
        <Input.Password autoComplete="current-password" data-testid="login-password" />
      </Form.Item>
      {needOtp && (
        <Form.Item
          label={t('login.otp')}
          name="otp"
          extra={t('login.otpHelp')}
          rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.otpRequired') }]}
        >
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} data-testid="login-otp" />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
        {t('login.submit')}
      </Button>
    </Form>
  );
}

import { Type } from 'typebox';

export const SmsCodeBody = Type.Object(
  { phone: Type.String({ minLength: 1, maxLength: 20, description: '中国大陆手机号 / A mainland mobile number' }) },
  { additionalProperties: false },
);

export const SmsCodeSent = Type.Object(
  {
    expiresInSeconds: Type.Integer({ description: 'How long the code is valid' }),
    resendAfterSeconds: Type.Integer({ description: 'When another code may be asked for' }),
  },
  { title: 'SmsCodeSent' },
);

export const SmsLoginBody = Type.Object(
  {
    phone: Type.String({ minLength: 1, maxLength: 20 }),
    code: Type.String({ pattern: '^[0-9]{6}$', description: 'The six digits sent by SMS' }),
  },
  { additionalProperties: false },
);

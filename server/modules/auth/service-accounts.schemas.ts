import { Type } from 'typebox';
import { SCOPES } from '../../../common/powers.ts';
import { SYSTEM_CODE_PATTERN } from './service-accounts.ts';

const ScopeSchema = Type.String({ enum: [...SCOPES] });
const WebhookUrl = Type.String({ minLength: 8, maxLength: 500, pattern: '^https?://' });

export const CreateServiceAccountBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64, description: '名称 / Name (the audit shows `svc:<name>`)' }),
    unitId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    scopes: Type.Array(ScopeSchema, { minItems: 1, maxItems: SCOPES.length, uniqueItems: true }),
    system: Type.Optional(
      Type.String({
        pattern: SYSTEM_CODE_PATTERN,
        description: "The external system's short code, e.g. `12345-sd` (its `externalRef.system`)",
      }),
    ),
    webhookUrl: Type.Optional(WebhookUrl),
    ratePerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  },
  { additionalProperties: false },
);

export const ServiceAccountOut = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    /** What audit records show for it. */
    username: Type.String(),
    unitId: Type.Integer(),
    unitName: Type.String(),
    scopes: Type.Array(ScopeSchema),
    system: Type.Union([Type.String(), Type.Null()]),
    keyPrefix: Type.String(),
    ratePerMinute: Type.Integer(),
    webhookUrl: Type.Union([Type.String(), Type.Null()]),
    createdBy: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    revokedAt: Type.Union([Type.String(), Type.Null()]),
    lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'ServiceAccount' },
);

export const CreatedServiceAccount = Type.Object(
  {
    id: Type.Integer(),
    /** Shown this once; Concord keeps only its SHA-256. */
    key: Type.String(),
    /** The webhook signing secret, shown this once (null without a webhook). */
    webhookSecret: Type.Union([Type.String(), Type.Null()]),
    account: ServiceAccountOut,
  },
  { title: 'CreatedServiceAccount' },
);

export const ServiceAccountList = Type.Object(
  { items: Type.Array(ServiceAccountOut) },
  { title: 'ServiceAccountList' },
);

export const UpdateWebhookBody = Type.Object(
  {
    webhookUrl: Type.Union([WebhookUrl, Type.Null()]),
    rotateSecret: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const UpdatedWebhook = Type.Object(
  {
    account: ServiceAccountOut,
    /** A new signing secret, shown this once; null when the old one stays. */
    webhookSecret: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'UpdatedServiceAccountWebhook' },
);

import { Type } from 'typebox';
import { ROLES } from '../../../common/roles.ts';
import { ExportFormat } from '../../platform/http/xlsx.ts';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    otp: Type.Optional(Type.String({ maxLength: 16 })),
  },
  { additionalProperties: false },
);

export const UserSummary = Type.Object(
  { id: Type.Integer(), username: Type.String(), displayName: Type.String() },
  { title: 'User' },
);

export const MembershipOut = Type.Object(
  {
    id: Type.Integer(),
    unitId: Type.Integer(),
    unitName: Type.String(),
    unitCode: Type.String(),
    // Checked against ROLES on every write (manage-users.ts); listed so the web knows the values.
    role: Type.String({ enum: [...ROLES] }),
  },
  { title: 'Membership' },
);

export const Restriction = Type.Union([Type.Literal('password_change'), Type.Literal('totp_enrollment'), Type.Null()]);

export const LoginResponse = Type.Object(
  { token: Type.String(), expiresAt: Type.String(), user: UserSummary, restriction: Restriction },
  { title: 'LoginAnswer' },
);

export const MeResponse = Type.Object(
  { user: UserSummary, memberships: Type.Array(MembershipOut), restriction: Restriction },
  { title: 'Me' },
);

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export const TotpSetupResponse = Type.Object({ secret: Type.String(), otpauthUri: Type.String() });
export const TotpConfirmBody = Type.Object(
  { otp: Type.String({ minLength: 1, maxLength: 16 }) },
  { additionalProperties: false },
);
export const Ok = Type.Object({ ok: Type.Boolean() });

export const UserOut = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    disabled: Type.Boolean(),
    mustChangePassword: Type.Boolean(),
    totpEnabled: Type.Boolean(),
    locked: Type.Boolean(),
    createdAt: Type.String(),
    memberships: Type.Array(MembershipOut),
  },
  { title: 'Account' },
);

export const MembershipBody = Type.Object(
  { unitId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), role: Type.String({ minLength: 1, maxLength: 32 }) },
  { additionalProperties: false },
);

export const CreateUserBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 32 }),
    displayName: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    memberships: Type.Optional(Type.Array(MembershipBody, { maxItems: 20 })),
  },
  { additionalProperties: false },
);

export const CreatedUser = Type.Object({ user: UserOut, temporaryPassword: Type.Union([Type.String(), Type.Null()]) });
export const TemporaryPassword = Type.Object({ temporaryPassword: Type.String() });

export const UserListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 64 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

export const MembershipParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  membershipId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});

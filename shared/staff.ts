// Staff accounts by invitation (docs/api.md, "Staff"). An owner never sets a
// colleague's password: the invitee sets their own, or proves the one their
// existing account already has, and only then joins the clinic.
import { z } from 'zod';
import { StaffRole } from './auth.ts';
import { Password } from './saas.ts';
import { Text } from './schemas.ts';

/** Invitation and reset links carry 32 random bytes, base64url. */
export const LinkToken = z
  .string()
  .min(40)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

export const InviteBody = z
  .object({
    email: z.email().max(254),
    name: Text(120, { min: 1 }),
    role: StaffRole,
  })
  .strict();
export type InviteBody = z.infer<typeof InviteBody>;

export const Invitation = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: StaffRole,
  invitedBy: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type Invitation = z.infer<typeof Invitation>;
export const InvitationList = z.object({ invitations: z.array(Invitation) });

export const RoleBody = z.object({ role: StaffRole }).strict();

/** "Forgot your password?": the address as sign-in compares it (trimmed, lower case). */
export const ResetRequestBody = z.object({ email: z.string().trim().toLowerCase().pipe(z.email().max(254)) }).strict();
export type ResetRequestBody = z.infer<typeof ResetRequestBody>;

export const TokenBody = z.object({ token: LinkToken }).strict();

/** What the invitee sees before accepting: whether to set a password or type the one they have. */
export const InvitationInfo = z.object({
  clinicName: z.string(),
  role: StaffRole,
  email: z.string(),
  name: z.string(),
  existingAccount: z.boolean(),
});
export type InvitationInfo = z.infer<typeof InvitationInfo>;

/**
 * A new account sets `password` (sign-up's minimum); an existing account
 * proves its current password in the same field, checked against the stored
 * hash, so the minimum does not apply to it.
 */
export const AcceptBody = z
  .object({
    token: LinkToken,
    password: z.string().min(1).max(200),
    name: z.string().trim().min(1).max(120).optional(),
  })
  .strict();

export const ResetBody = z.object({ token: LinkToken, password: Password }).strict();

export const PasswordChangeBody = z.object({ currentPassword: z.string().min(1).max(200), newPassword: Password }).strict();

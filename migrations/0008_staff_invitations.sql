-- Staff join a clinic by invitation, never by an owner typing their password:
-- an email that already has an account (possibly made by someone else, with a
-- password someone else chose) must not be attached to a clinic until the
-- account's holder proves the password. Tokens are kept as hashes, work once
-- and expire; a leaked table lets nobody in.
CREATE TABLE staff_invitations (
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  id uuid NOT NULL,
  token_hash bytea NOT NULL,
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'receptionist', 'doctor')),
  invited_by uuid NOT NULL REFERENCES users (id),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  accepted_by uuid REFERENCES users (id),
  cancelled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (clinic_id, id)
);
CREATE UNIQUE INDEX staff_invitations_token ON staff_invitations (token_hash);
-- One open invitation per address and clinic: inviting again replaces it.
CREATE INDEX staff_invitations_pending ON staff_invitations (clinic_id, lower(email)) WHERE accepted_at IS NULL AND cancelled_at IS NULL;

-- Password resets an owner started for a member of their clinic: the link goes
-- to the member's own address, so the owner never learns the new password.
CREATE TABLE password_resets (
  token_hash bytea PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  requested_by uuid NOT NULL REFERENCES users (id),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_resets_user ON password_resets (user_id);

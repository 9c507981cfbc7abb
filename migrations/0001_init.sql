-- DoctorQ schema 1: tenants, staff, devices, sessions, replicated documents.
-- Every clinic-scoped table leads with clinic_id (primary key or leading
-- index) so the schema can be distributed by clinic when one Postgres is not
-- enough.

CREATE TABLE clinics (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  time_zone text NOT NULL DEFAULT 'Africa/Tunis',
  -- Last document sequence number handed out in this clinic. Writers take
  -- this row's lock before assigning sequences, so sequence order is commit
  -- order and a puller can never skip a row that committed late.
  seq bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

CREATE TABLE memberships (
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  user_id uuid NOT NULL REFERENCES users (id),
  role text NOT NULL CHECK (role IN ('owner', 'receptionist', 'doctor')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (clinic_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE devices (
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('reception', 'display')),
  name text NOT NULL,
  -- Ticket series letter(s): each device numbers its own tickets, so two
  -- tablets offline at the same time never issue the same ticket.
  series text NOT NULL,
  -- HMAC key with which the device signs patient ticket links offline
  -- (capability tokens); revoking the device invalidates its links.
  capability_key text NOT NULL,
  enrolled_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz,
  revoked_at timestamptz,
  PRIMARY KEY (clinic_id, id),
  UNIQUE (clinic_id, series)
);

-- A session is one refresh-token family: rotated on every refresh, revocable.
CREATE TABLE sessions (
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id),
  device_id uuid,
  token_hash bytea NOT NULL,
  -- The hash before the last rotation. Presenting it again soon after the
  -- rotation is a retry whose response was lost (patchy networks); later it
  -- means the token was copied, and the whole session is revoked.
  previous_hash bytea,
  rotated_at timestamptz,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (clinic_id, id)
);
CREATE UNIQUE INDEX sessions_token ON sessions (token_hash);
CREATE INDEX sessions_previous ON sessions (previous_hash) WHERE previous_hash IS NOT NULL;
CREATE INDEX sessions_revoked ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;

-- Replicated documents of every collection. data is the document as the
-- devices see it, including _deleted.
CREATE TABLE docs (
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  collection text NOT NULL,
  id text NOT NULL,
  seq bigint NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (clinic_id, collection, id)
);
CREATE INDEX docs_pull ON docs (clinic_id, collection, seq);
CREATE INDEX docs_stream ON docs (clinic_id, seq);
-- The day's queue (patient and display snapshots, self check-in numbering).
CREATE INDEX docs_entries_day ON docs (clinic_id, (data ->> 'day')) WHERE collection = 'entries';

-- Who did what, when, from which device: every document a staff member
-- wrote (one row per document, written by dq_push) and every admin action.
-- Details name fields and status changes, never their personal values.
CREATE TABLE audit_log (
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_user uuid,
  actor_device uuid,
  action text NOT NULL,
  target text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (clinic_id, id)
);
CREATE INDEX audit_log_at ON audit_log (clinic_id, at DESC);

CREATE TABLE server_secrets (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A push in one statement, so one database round trip whatever its size:
-- take the clinic lock, compare each row with the master, write the ones
-- that match, number them, notify the fan-out, and return the conflicts.
-- p_notify false: the fan-out goes through Redis, announced by the server after commit.
-- p_actor / p_device: who pushed, for the audit log (null for the system).
CREATE FUNCTION dq_push(p_clinic uuid, p_collection text, p_rows jsonb, p_notify boolean DEFAULT true,
                        p_actor uuid DEFAULT NULL, p_device uuid DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  r jsonb;
  new_doc jsonb;
  assumed jsonb;
  cur jsonb;
  start_seq bigint;
  s bigint;
  written int := 0;
  conflicts jsonb := '[]'::jsonb;
BEGIN
  UPDATE clinics SET seq = seq WHERE id = p_clinic RETURNING seq INTO start_seq;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown clinic %', p_clinic USING ERRCODE = 'P0002';
  END IF;
  s := start_seq;
  FOR r IN SELECT value FROM jsonb_array_elements(p_rows) LOOP
    new_doc := r -> 'newDocumentState';
    assumed := r -> 'assumedMasterState';
    SELECT d.data INTO cur FROM docs d
      WHERE d.clinic_id = p_clinic AND d.collection = p_collection AND d.id = new_doc ->> 'id';
    IF cur = new_doc THEN
      -- Already applied (a retried push after a lost response): same state, no new sequence.
      CONTINUE;
    ELSIF cur IS NULL OR cur = assumed THEN
      s := s + 1;
      INSERT INTO docs (clinic_id, collection, id, seq, data)
        VALUES (p_clinic, p_collection, new_doc ->> 'id', s, new_doc)
        ON CONFLICT (clinic_id, collection, id)
        DO UPDATE SET seq = EXCLUDED.seq, data = EXCLUDED.data;
      INSERT INTO audit_log (clinic_id, actor_user, actor_device, action, target, details)
      VALUES (
        p_clinic, p_actor, p_device,
        p_collection || CASE WHEN cur IS NULL THEN '.create' WHEN (new_doc ->> '_deleted')::boolean THEN '.delete' ELSE '.update' END,
        new_doc ->> 'id',
        jsonb_build_object(
          'fields', (SELECT coalesce(jsonb_agg(n.key ORDER BY n.key), '[]'::jsonb) FROM jsonb_each(new_doc) n
                      WHERE n.key <> 'updatedAt' AND (cur IS NULL OR n.value IS DISTINCT FROM cur -> n.key)),
          'status', CASE WHEN cur ->> 'status' IS DISTINCT FROM new_doc ->> 'status'
                         THEN jsonb_build_array(cur ->> 'status', new_doc ->> 'status') END
        )
      );
    ELSE
      conflicts := conflicts || jsonb_build_array(cur);
    END IF;
  END LOOP;
  IF s > start_seq THEN
    UPDATE clinics SET seq = s WHERE id = p_clinic;
  END IF;
  IF s > start_seq AND p_notify THEN
    -- clinic:seq:commit-time-ms; the time lets instances measure fan-out lag.
    PERFORM pg_notify('dq_changes', p_clinic::text || ':' || s::text || ':' || floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint::text);
  END IF;
  RETURN jsonb_build_object('conflicts', conflicts, 'seq', s, 'written', s - start_seq);
END
$$;

-- DoctorQ schema 5: the service as a business. Plans and each clinic's
-- subscription, self-serve sign-up with email verification, one-time device
-- enrolment codes, operators (the service's own staff, never clinic members),
-- payments and payment-provider events, and usage computed from the data.

CREATE TABLE plans (
  id text PRIMARY KEY,
  name text NOT NULL,
  -- Tunisian dinars have 1,000 millimes.
  monthly_price_millimes integer NOT NULL CHECK (monthly_price_millimes >= 0),
  max_devices integer NOT NULL,
  max_doctors integer NOT NULL,
  -- Shown against usage, not enforced: refusing a patient at the desk is worse than a bill.
  max_monthly_visits integer NOT NULL,
  sms_per_month integer NOT NULL,
  sort integer NOT NULL DEFAULT 0
);
INSERT INTO plans (id, name, monthly_price_millimes, max_devices, max_doctors, max_monthly_visits, sms_per_month, sort) VALUES
  ('trial', 'Trial', 0, 2, 2, 600, 20, 0),
  ('essential', 'Essential', 50000, 3, 3, 2500, 200, 1),
  ('clinic', 'Clinic', 120000, 10, 10, 10000, 1000, 2);

-- Clinics that existed before plans keep working as paying Essential clinics.
ALTER TABLE clinics
  ADD COLUMN plan_id text NOT NULL DEFAULT 'essential' REFERENCES plans (id),
  ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('trial', 'active', 'past_due', 'suspended')),
  ADD COLUMN status_since timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN trial_ends_at timestamptz,
  ADD COLUMN paid_until timestamptz,
  ADD COLUMN opening_hours jsonb,
  ADD COLUMN setup_completed_at timestamptz;
CREATE INDEX clinics_status ON clinics (status);
CREATE INDEX clinics_name ON clinics (lower(name));

ALTER TABLE users ADD COLUMN email_verified_at timestamptz;
-- Accounts made before sign-up existed were made by an owner or the demo.
UPDATE users SET email_verified_at = created_at;

CREATE TABLE email_verifications (
  token_hash bytea PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX email_verifications_user ON email_verifications (user_id);

-- Mail waiting for a provider. None is configured yet: the server writes the
-- message here (and, in demo mode, prints the link), and a sender added later
-- drains it like the notification outbox.
CREATE TABLE mail_outbox (
  id uuid PRIMARY KEY,
  to_email text NOT NULL,
  kind text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);

-- One-time codes with which a tablet enrols without anyone typing a password
-- on it. Only the hash is kept; a code works once, for minutes.
CREATE TABLE enrolment_codes (
  code_hash bytea PRIMARY KEY,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  kind text NOT NULL CHECK (kind IN ('reception', 'display')),
  created_by uuid NOT NULL REFERENCES users (id),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  device_id uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enrolment_codes_clinic ON enrolment_codes (clinic_id, created_at);

CREATE TABLE operators (
  id uuid PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL,
  password_hash text NOT NULL,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX operators_email ON operators (lower(email));

-- One row per operator sign-in: signing out (or disabling the operator) ends
-- it at once, though its access token would still be unexpired.
CREATE TABLE operator_sessions (
  id uuid PRIMARY KEY,
  operator_id uuid NOT NULL REFERENCES operators (id),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX operator_sessions_expiry ON operator_sessions (expires_at);

-- Operator actions go to the clinic's own audit log: the owner sees them too.
ALTER TABLE audit_log ADD COLUMN actor_operator uuid REFERENCES operators (id);

CREATE TABLE payments (
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  id uuid NOT NULL,
  amount_millimes integer NOT NULL CHECK (amount_millimes > 0),
  months integer NOT NULL CHECK (months > 0),
  method text NOT NULL CHECK (method IN ('manual', 'provider')),
  provider text,
  reference text NOT NULL,
  recorded_by uuid REFERENCES operators (id),
  paid_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (clinic_id, id)
);
-- A clinic's own references (a transfer, a receipt number) never clash with another's.
CREATE UNIQUE INDEX payments_reference ON payments (clinic_id, coalesce(provider, 'manual'), reference);

-- Every provider event ever handled: a replayed or re-delivered event finds
-- its row and has no second effect.
CREATE TABLE billing_events (
  provider text NOT NULL,
  event_id text NOT NULL,
  type text NOT NULL,
  clinic_id uuid REFERENCES clinics (id),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, event_id)
);

-- Usage per clinic, computed from the data by the metering job: visits and
-- messages of the clinic's current month, devices, storage, last sync.
CREATE TABLE clinic_usage (
  clinic_id uuid PRIMARY KEY REFERENCES clinics (id),
  month text NOT NULL,
  visits integer NOT NULL,
  active_devices integer NOT NULL,
  doctors integer NOT NULL,
  sms integer NOT NULL,
  pushes integer NOT NULL,
  storage_bytes bigint NOT NULL,
  last_sync_at timestamptz,
  last_activity_at timestamptz,
  -- The clinic's document sequence when computed: unchanged clinics are skipped.
  seq bigint NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now()
);

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'doctorq_tenant') THEN
    -- The audit log names the operator behind an operator's action.
    GRANT SELECT (id, name) ON operators TO doctorq_tenant;
  END IF;
END
$$;

-- Active doctors of a clinic, for the plan limit.
CREATE FUNCTION dq_active_doctors(p_clinic uuid) RETURNS int
LANGUAGE sql STABLE AS $$
  SELECT count(*)::int FROM docs WHERE clinic_id = p_clinic AND collection = 'doctors'
     AND (data ->> 'active')::boolean AND NOT (data ->> '_deleted')::boolean
$$;

-- dq_push again, now refusing writes to a suspended clinic (SQLSTATE DQ001)
-- unless the caller is the system acting on it (retention erasure), and
-- refusing a push that activates doctors beyond the plan (DQ002), whoever
-- writes them (owner area or replication); renaming doctors after a
-- downgrade stays possible, since only an increase is refused.
DROP FUNCTION dq_push(uuid, text, jsonb, boolean, uuid, uuid);
CREATE FUNCTION dq_push(p_clinic uuid, p_collection text, p_rows jsonb, p_notify boolean DEFAULT true,
                        p_actor uuid DEFAULT NULL, p_device uuid DEFAULT NULL,
                        p_while_suspended boolean DEFAULT false)
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
  clinic_status text;
  doctors_before int;
  plan_name text;
  plan_max_doctors int;
BEGIN
  UPDATE clinics SET seq = seq WHERE id = p_clinic RETURNING seq, status INTO start_seq, clinic_status;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown clinic %', p_clinic USING ERRCODE = 'P0002';
  END IF;
  IF clinic_status = 'suspended' AND NOT p_while_suspended THEN
    RAISE EXCEPTION 'clinic % is suspended', p_clinic USING ERRCODE = 'DQ001';
  END IF;
  IF p_collection = 'doctors' THEN
    doctors_before := dq_active_doctors(p_clinic);
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
  IF p_collection = 'doctors' AND s > start_seq THEN
    SELECT p.name, p.max_doctors INTO plan_name, plan_max_doctors FROM clinics c JOIN plans p ON p.id = c.plan_id WHERE c.id = p_clinic;
    IF dq_active_doctors(p_clinic) > greatest(doctors_before, plan_max_doctors) THEN
      RAISE EXCEPTION 'the % plan allows % active doctors', plan_name, plan_max_doctors USING ERRCODE = 'DQ002';
    END IF;
  END IF;
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

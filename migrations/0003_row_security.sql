-- Row-level security, the second wall behind the explicit clinic filter in
-- every query. Queries run for one clinic (server/db/tenant.ts) switch to the
-- doctorq_tenant role with the clinic in `doctorq.clinic_id`; under it a
-- query that forgets its clinic filter still sees that clinic only. The
-- application's own role owns the tables and is not restricted (sign-in,
-- migrations and jobs look across clinics).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'doctorq_tenant') THEN
    CREATE ROLE doctorq_tenant NOLOGIN;
  END IF;
  EXECUTE format('GRANT doctorq_tenant TO %I', current_user);
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'cannot create or grant role doctorq_tenant: ask the database administrator to (see README)';
END
$$;

CREATE FUNCTION dq_current_clinic() RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('doctorq.clinic_id', true), '')::uuid $$;

ALTER TABLE clinics ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON clinics USING (id = dq_current_clinic());

ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON memberships USING (clinic_id = dq_current_clinic()) WITH CHECK (clinic_id = dq_current_clinic());
ALTER TABLE devices ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON devices USING (clinic_id = dq_current_clinic()) WITH CHECK (clinic_id = dq_current_clinic());
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON sessions USING (clinic_id = dq_current_clinic()) WITH CHECK (clinic_id = dq_current_clinic());
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON docs USING (clinic_id = dq_current_clinic()) WITH CHECK (clinic_id = dq_current_clinic());
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON audit_log USING (clinic_id = dq_current_clinic()) WITH CHECK (clinic_id = dq_current_clinic());
ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON outbox USING (clinic_id = dq_current_clinic()) WITH CHECK (clinic_id = dq_current_clinic());
ALTER TABLE push_subscriptions ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON push_subscriptions USING (clinic_id = dq_current_clinic()) WITH CHECK (clinic_id = dq_current_clinic());

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'doctorq_tenant') THEN
    GRANT USAGE ON SCHEMA public TO doctorq_tenant;
    GRANT SELECT ON clinics, memberships, devices, users TO doctorq_tenant;
    GRANT SELECT, INSERT, UPDATE ON docs, audit_log TO doctorq_tenant;
  END IF;
END
$$;

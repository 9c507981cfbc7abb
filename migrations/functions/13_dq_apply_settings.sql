-- Settings policy: the settings document is the one source of the clinic's
-- name and time zone. clinics.name / clinics.time_zone are a copy for
-- queries that join clinics (reports, usage, operator lists), kept equal by
-- this function inside the push that writes the document, whoever pushes it
-- (a tablet replicating, the owner area, sign-up).
-- plpgsql, not sql: Postgres before 18 plans an SQL function's body on every call.
CREATE OR REPLACE FUNCTION dq_apply_settings(p_clinic uuid, p_settings jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE clinics
     SET name = coalesce(p_settings ->> 'name', name), time_zone = coalesce(p_settings ->> 'timeZone', time_zone)
   WHERE id = p_clinic
     AND NOT coalesce((p_settings ->> '_deleted')::boolean, false)
     AND (name, time_zone) IS DISTINCT FROM (coalesce(p_settings ->> 'name', name), coalesce(p_settings ->> 'timeZone', time_zone));
END
$$;

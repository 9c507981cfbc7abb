-- Settings policy: the settings document is the one source of the clinic's
-- name, time zone and opening hours. clinics.name / time_zone / opening_hours
-- are a copy for queries that join clinics (reports, usage, operator lists,
-- the setup checklist), kept equal by this function inside the push that
-- writes the document, whoever pushes it (a tablet replicating, the owner
-- area, sign-up). Nothing writes those columns otherwise.
-- plpgsql, not sql: Postgres before 18 plans an SQL function's body on every call.
CREATE OR REPLACE FUNCTION dq_apply_settings(p_clinic uuid, p_settings jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  -- A JSON null (no hours set) is stored as SQL NULL; a document without the field leaves the copy alone.
  v_hours jsonb := CASE WHEN p_settings ? 'hours' THEN nullif(p_settings -> 'hours', 'null'::jsonb) END;
BEGIN
  UPDATE clinics
     SET name = coalesce(p_settings ->> 'name', name),
         time_zone = coalesce(p_settings ->> 'timeZone', time_zone),
         opening_hours = CASE WHEN p_settings ? 'hours' THEN v_hours ELSE opening_hours END
   WHERE id = p_clinic
     AND NOT coalesce((p_settings ->> '_deleted')::boolean, false)
     AND (name, time_zone, opening_hours) IS DISTINCT FROM
         (coalesce(p_settings ->> 'name', name), coalesce(p_settings ->> 'timeZone', time_zone),
          CASE WHEN p_settings ? 'hours' THEN v_hours ELSE opening_hours END);
END
$$;

-- DoctorQ schema 6: the settings document is the one source of a clinic's
-- name and time zone (dq_apply_settings, migrations/functions/, keeps
-- clinics.name / time_zone equal to it inside every push of it). Until now
-- only the owner area copied them, after its push: a settings document
-- replicated from a tablet left clinics behind. Bring every clinic in line.
UPDATE clinics c
   SET name = coalesce(d.data ->> 'name', c.name), time_zone = coalesce(d.data ->> 'timeZone', c.time_zone)
  FROM docs d
 WHERE d.clinic_id = c.id AND d.collection = 'settings' AND NOT coalesce((d.data ->> '_deleted')::boolean, false)
   AND (c.name, c.time_zone) IS DISTINCT FROM (coalesce(d.data ->> 'name', c.name), coalesce(d.data ->> 'timeZone', c.time_zone));

-- Audit policy: one audit_log row per document written, naming the fields
-- that changed and the status change, never their personal values.
-- p_cur: the server's copy before the write (NULL for a new document).
-- plpgsql, not sql: called once per written row, and Postgres before 18
-- plans an SQL function's body again on every call (plpgsql keeps its plan).
CREATE OR REPLACE FUNCTION dq_audit_write(p_clinic uuid, p_actor uuid, p_device uuid, p_collection text,
                                          p_cur jsonb, p_new jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_log (clinic_id, actor_user, actor_device, action, target, details)
  VALUES (
    p_clinic, p_actor, p_device,
    p_collection || CASE WHEN p_cur IS NULL THEN '.create' WHEN (p_new ->> '_deleted')::boolean THEN '.delete' ELSE '.update' END,
    p_new ->> 'id',
    jsonb_build_object(
      'fields', (SELECT coalesce(jsonb_agg(n.key ORDER BY n.key), '[]'::jsonb) FROM jsonb_each(p_new) n
                  WHERE n.key <> 'updatedAt' AND (p_cur IS NULL OR n.value IS DISTINCT FROM p_cur -> n.key)),
      'status', CASE WHEN p_cur ->> 'status' IS DISTINCT FROM p_new ->> 'status'
                     THEN jsonb_build_array(p_cur ->> 'status', p_new ->> 'status') END
    )
  );
END
$$;

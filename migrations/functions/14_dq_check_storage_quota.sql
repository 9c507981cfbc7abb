-- Storage policy: a write may not bring the clinic's document bytes
-- (clinics.doc_bytes, kept by dq_push) above its plan's max_storage_bytes
-- (SQLSTATE DQ003, answered 403 storage_quota). Only growth is refused: a
-- clinic over its quota (after a downgrade) can still shrink, erase and
-- delete. p_added: the bytes this push added (negative when it shrank).
CREATE OR REPLACE FUNCTION dq_check_storage_quota(p_clinic uuid, p_added bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  plan_name text;
  plan_max bigint;
  used bigint;
BEGIN
  IF p_added <= 0 THEN
    RETURN;
  END IF;
  SELECT p.name, p.max_storage_bytes, c.doc_bytes INTO plan_name, plan_max, used
    FROM clinics c JOIN plans p ON p.id = c.plan_id WHERE c.id = p_clinic;
  IF used > plan_max THEN
    RAISE EXCEPTION 'the % plan stores up to % MB of documents', plan_name, plan_max / 1000000 USING ERRCODE = 'DQ003';
  END IF;
END
$$;

-- Plan policy on doctors: a write may not bring the active doctors
-- (dq_doctor_active) above the plan's limit (SQLSTATE DQ002, answered 403
-- plan_limit), whoever writes them (owner area or replication). Only an
-- increase is refused: after a downgrade, renaming or deactivating doctors
-- stays possible. p_before: the count before the write, in the same lock.
CREATE OR REPLACE FUNCTION dq_check_doctor_limit(p_clinic uuid, p_before int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  plan_name text;
  plan_max_doctors int;
BEGIN
  SELECT p.name, p.max_doctors INTO plan_name, plan_max_doctors FROM clinics c JOIN plans p ON p.id = c.plan_id WHERE c.id = p_clinic;
  IF dq_active_doctors(p_clinic) > greatest(p_before, plan_max_doctors) THEN
    RAISE EXCEPTION 'the % plan allows % active doctors', plan_name, plan_max_doctors USING ERRCODE = 'DQ002';
  END IF;
END
$$;

-- Suspension policy of every document write: a suspended clinic keeps
-- reading, but its writes are refused (SQLSTATE DQ001, answered 403
-- clinic_suspended) unless the system itself acts on it (retention erasure).
CREATE OR REPLACE FUNCTION dq_refuse_if_suspended(p_clinic uuid, p_status text, p_while_suspended boolean) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_status = 'suspended' AND NOT p_while_suspended THEN
    RAISE EXCEPTION 'clinic % is suspended', p_clinic USING ERRCODE = 'DQ001';
  END IF;
END
$$;

-- Closing policy of every document write: a closed clinic (its owner closed
-- it, migrations/0012) takes no write at all, the system's included (SQLSTATE
-- DQ004, answered 403 clinic_account_closed): its patients' data was erased
-- at the close and nothing may bring it back; the purge after the grace
-- period deletes rows without writing documents.
CREATE OR REPLACE FUNCTION dq_refuse_if_closed(p_clinic uuid, p_closed_at timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_closed_at IS NOT NULL THEN
    RAISE EXCEPTION 'clinic % is closed', p_clinic USING ERRCODE = 'DQ004';
  END IF;
END
$$;

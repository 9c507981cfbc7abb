-- A push in one statement, so one database round trip whatever its size.
-- The mechanics only: take the clinic lock, compare each row with the
-- server's copy, write the ones that match, number them in commit order,
-- notify the fan-out, and return the conflicts. Each business rule is a
-- named policy function beside this file:
--   dq_refuse_if_suspended  a suspended clinic's writes are refused (DQ001)
--   dq_refuse_if_closed     a closed clinic's writes are refused, the system's too (DQ004)
--   dq_check_doctor_limit   active doctors within the plan (DQ002)
--   dq_audit_write          one audit row per document written
--   dq_apply_settings       the settings document updates clinics.name / time_zone
--   dq_check_storage_quota  the clinic's document bytes within the plan (DQ003)
-- p_notify false: the fan-out goes through Redis, announced by the server after commit.
-- p_actor / p_device: who pushed, for the audit log (null for the system).
-- p_while_suspended: the system's own duties (retention erasure) go on in a suspended clinic.
-- Called only by server/docs/ (the one write path).
CREATE OR REPLACE FUNCTION dq_push(p_clinic uuid, p_collection text, p_rows jsonb, p_notify boolean DEFAULT true,
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
  conflicts jsonb := '[]'::jsonb;
  clinic_status text;
  clinic_closed_at timestamptz;
  doctors_before int;
  -- Bytes of JSON text this push adds (clinics.doc_bytes, the storage quota).
  added bigint := 0;
BEGIN
  -- The clinic's row lock: sequence order is commit order. The lock an UPDATE of seq takes,
  -- without writing a row version for it (the push's one UPDATE of clinics comes after the writes).
  SELECT seq, status, closed_at INTO start_seq, clinic_status, clinic_closed_at FROM clinics WHERE id = p_clinic FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown clinic %', p_clinic USING ERRCODE = 'P0002';
  END IF;
  PERFORM dq_refuse_if_closed(p_clinic, clinic_closed_at);
  PERFORM dq_refuse_if_suspended(p_clinic, clinic_status, p_while_suspended);
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
      added := added + octet_length(new_doc::text) - coalesce(octet_length(cur::text), 0);
      PERFORM dq_audit_write(p_clinic, p_actor, p_device, p_collection, cur, new_doc);
      IF p_collection = 'settings' THEN
        PERFORM dq_apply_settings(p_clinic, new_doc);
      END IF;
    ELSE
      conflicts := conflicts || jsonb_build_array(cur);
    END IF;
  END LOOP;
  IF p_collection = 'doctors' AND s > start_seq THEN
    PERFORM dq_check_doctor_limit(p_clinic, doctors_before);
  END IF;
  IF s > start_seq THEN
    UPDATE clinics SET seq = s, doc_bytes = doc_bytes + added WHERE id = p_clinic;
    PERFORM dq_check_storage_quota(p_clinic, added);
  END IF;
  IF s > start_seq AND p_notify THEN
    -- clinic:seq:commit-time-ms; the time lets instances measure fan-out lag.
    PERFORM pg_notify('dq_changes', p_clinic::text || ':' || s::text || ':' || floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint::text);
  END IF;
  RETURN jsonb_build_object('conflicts', conflicts, 'seq', s, 'written', s - start_seq);
END
$$;

-- Storage quota (issue 14): a trial clinic stored 13.6 MB of names in 5 s.
-- Each plan bounds the bytes of a clinic's documents; clinics.doc_bytes is
-- that sum, kept exact by dq_push (the one write path) under the clinic lock,
-- so the quota costs no scan of the clinic's documents per push. Bytes are
-- the documents' JSON text, what a device sends, not their compressed storage.
ALTER TABLE plans ADD COLUMN max_storage_bytes bigint NOT NULL DEFAULT 200000000 CHECK (max_storage_bytes >= 0);
-- A visit is about 400 bytes: trial 600 visits a month for years, the others far beyond.
UPDATE plans SET max_storage_bytes = CASE id WHEN 'trial' THEN 20000000 WHEN 'essential' THEN 200000000 ELSE 1000000000 END;

ALTER TABLE clinics ADD COLUMN doc_bytes bigint NOT NULL DEFAULT 0;
UPDATE clinics c SET doc_bytes = coalesce((SELECT sum(octet_length(d.data::text)) FROM docs d WHERE d.clinic_id = c.id), 0);

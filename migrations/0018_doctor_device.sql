-- The doctor's own screen (issue 16): a third device kind, bound to the one
-- doctor whose queue it shows. Chosen when the device is enrolled (at sign-in
-- or on the enrolment code), so the code carries it too. Only a doctor
-- device has one, and a doctor device always has one.
ALTER TABLE devices DROP CONSTRAINT devices_kind_check;
ALTER TABLE devices ADD CONSTRAINT devices_kind_check CHECK (kind IN ('reception', 'display', 'doctor'));
ALTER TABLE devices ADD COLUMN doctor_id text;
ALTER TABLE devices ADD CONSTRAINT devices_doctor_bound CHECK ((kind = 'doctor') = (doctor_id IS NOT NULL));

ALTER TABLE enrolment_codes DROP CONSTRAINT enrolment_codes_kind_check;
ALTER TABLE enrolment_codes ADD CONSTRAINT enrolment_codes_kind_check CHECK (kind IN ('reception', 'display', 'doctor'));
ALTER TABLE enrolment_codes ADD COLUMN doctor_id text;
ALTER TABLE enrolment_codes ADD CONSTRAINT enrolment_codes_doctor_bound CHECK ((kind = 'doctor') = (doctor_id IS NOT NULL));

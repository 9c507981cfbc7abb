-- Closing a clinic (issue 19, docs/security.md "Closing a clinic and personal
-- data"). closed_at: the owner closed it; from then every sign-in, device,
-- sync and public page of it is refused and its patients' names and phones
-- are already erased. purge_after: when the grace period ends and the rest of
-- its data goes (server/owner/closed-purge.ts); purged_at: when it went. The
-- clinic row itself stays (name, dates, plan) with its payments: accounting.
ALTER TABLE clinics
  ADD COLUMN closed_at timestamptz,
  ADD COLUMN purge_after timestamptz,
  ADD COLUMN purged_at timestamptz,
  ADD CONSTRAINT clinics_purge_after_closed CHECK ((closed_at IS NULL) = (purge_after IS NULL));

-- What the purge job scans: closed clinics whose grace period has not been acted on.
CREATE INDEX clinics_purge_due ON clinics (purge_after) WHERE purged_at IS NULL AND purge_after IS NOT NULL;

-- The clinic's activity per day, counted at its close from its visits, with
-- no person in it (not personal data): what stays of the documents once they
-- are purged, for the clinic's own figures and the service's statistics.
CREATE TABLE closed_clinic_days (
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  day text NOT NULL,
  visits integer NOT NULL,
  seen integer NOT NULL,
  no_shows integer NOT NULL,
  cancelled integer NOT NULL,
  PRIMARY KEY (clinic_id, day)
);

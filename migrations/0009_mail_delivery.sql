-- DoctorQ schema 9: mail is sent. mail_outbox (0005) only held messages;
-- workers now drain it like the notification outbox: claim a due row with
-- FOR UPDATE SKIP LOCKED, send it over SMTP, record the outcome, retry with
-- backoff, and give up after a number of attempts.
ALTER TABLE mail_outbox
  ADD COLUMN status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  ADD COLUMN attempts int NOT NULL DEFAULT 0,
  ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN last_error text,
  -- The Message-ID every send of this row carries (derived from the id): a
  -- send repeated after a crash between the SMTP answer and the commit is
  -- the same message, which receiving servers and mail clients deduplicate.
  ADD COLUMN message_id text;

-- Rows queued before a sender existed: a verification link lives 48 hours,
-- so older ones would only deliver dead links.
UPDATE mail_outbox SET status = 'sent' WHERE sent_at IS NOT NULL;
UPDATE mail_outbox SET status = 'failed', last_error = 'expired before a mail sender was configured'
 WHERE sent_at IS NULL AND created_at < now() - interval '2 days';

-- What the workers scan: due pending mail, oldest first.
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'pending';

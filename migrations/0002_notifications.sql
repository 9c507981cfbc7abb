-- DoctorQ schema 2: patient notifications. Web Push subscriptions made from
-- the ticket page, and the outbox of messages (push and SMS) that workers on
-- any instance drain with FOR UPDATE SKIP LOCKED.

-- One subscription per visit: a ticket link unlocks one entry, and
-- subscribing again (new browser key, other language) replaces it.
CREATE TABLE push_subscriptions (
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  -- The entry may not have reached the server yet (a tablet signs ticket
  -- links offline), so no foreign key to docs.
  entry_id text NOT NULL,
  endpoint text NOT NULL,
  p256dh text NOT NULL,
  auth text NOT NULL,
  lang text NOT NULL CHECK (lang IN ('ar', 'fr', 'en')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (clinic_id, entry_id)
);
-- "Does this clinic have anyone subscribed today?" without reading old rows.
CREATE INDEX push_subscriptions_recent ON push_subscriptions (clinic_id, updated_at);

CREATE TABLE outbox (
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  -- Also the idempotency key of every send of this message.
  id uuid NOT NULL,
  entry_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('next', 'called')),
  channel text NOT NULL CHECK (channel IN ('push', 'sms')),
  -- The push subscription ({ endpoint, keys }) or { phone }; emptied once the
  -- message is sent or failed, so no phone number outlives its use here.
  target jsonb NOT NULL,
  -- The text shown to the patient: ticket, clinic name and room only.
  body text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  PRIMARY KEY (clinic_id, id),
  -- Several instances evaluating the same change, or one evaluating it
  -- again, insert with ON CONFLICT DO NOTHING: a message is enqueued once.
  UNIQUE (clinic_id, entry_id, kind, channel)
);
-- What the workers scan: due pending messages, oldest first.
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';

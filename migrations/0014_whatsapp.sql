-- WhatsApp beside push and SMS (issue 17): two more kinds of message
-- ("you joined", "cancelled"), the whatsapp channel, the provider's message
-- id (wamid) and the delivery and read receipts its webhook reports; and a
-- patient recalled after a no-show and called again is told again.
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('joined', 'next', 'called', 'cancelled'));
ALTER TABLE outbox DROP CONSTRAINT outbox_channel_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_channel_check CHECK (channel IN ('push', 'sms', 'whatsapp'));

-- Which occurrence of the news: for "called", the entry's calledAt (a
-- recall clears it and the next call sets a new one), 0 for the other
-- kinds. Part of the key, so each call is told once, and every call is told.
ALTER TABLE outbox ADD COLUMN occasion bigint NOT NULL DEFAULT 0;
ALTER TABLE outbox DROP CONSTRAINT outbox_clinic_id_entry_id_kind_channel_key;
ALTER TABLE outbox ADD CONSTRAINT outbox_message_once UNIQUE (clinic_id, entry_id, kind, occasion, channel);

-- The provider's id of the accepted message (WhatsApp's wamid), and the
-- furthest receipt it reported: sent < delivered < read, or failed.
ALTER TABLE outbox ADD COLUMN provider_id text;
ALTER TABLE outbox ADD COLUMN receipt text CHECK (receipt IN ('sent', 'delivered', 'read', 'failed'));
ALTER TABLE outbox ADD COLUMN delivered_at timestamptz;
ALTER TABLE outbox ADD COLUMN read_at timestamptz;
-- Receipts that do not carry our own id find their row by the wamid.
CREATE INDEX outbox_provider_id ON outbox (provider_id) WHERE provider_id IS NOT NULL;

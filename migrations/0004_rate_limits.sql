-- Rate-limit counters shared by every instance (fixed windows). Keys are a
-- limiter name and a client IP or clinic id; rows live one window.
CREATE TABLE rate_limits (
  key text PRIMARY KEY,
  hits integer NOT NULL,
  reset_at timestamptz NOT NULL
);
CREATE INDEX rate_limits_reset ON rate_limits (reset_at);

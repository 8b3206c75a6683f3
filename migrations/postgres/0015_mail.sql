-- Outgoing mail (broker::mail). A message is queued in the same transaction as what caused it
-- and a background job hands it over: `claimed_until` is the lease of the instance sending it,
-- so that several instances never send one message twice at once; a failed attempt waits until
-- `next_attempt_at`, and after the last one `failed_at` and `last_error` say why it was
-- given up. Times are unix seconds.
CREATE TABLE outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT,
    sent_at BIGINT,
    failed_at BIGINT,
    last_error TEXT
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

-- Password reset links: only the token's SHA-256 is kept; a link works once, before it expires.
CREATE TABLE password_resets (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_sha256 TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    CONSTRAINT password_resets_token_key UNIQUE (token_sha256)
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id);

-- Requests for a reset link, counted before the email is looked up, by address and by the email
-- typed (trimmed and lower-cased), so that the limits hold whether or not an account has it.
CREATE TABLE reset_attempts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX reset_attempts_email_idx ON reset_attempts (email, at);
CREATE INDEX reset_attempts_addr_idx ON reset_attempts (client_addr, at);

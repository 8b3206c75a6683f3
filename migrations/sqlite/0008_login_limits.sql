-- Log-in and sign-up attempts, counted before the password is checked or the account created so
-- that concurrent attempts cannot all pass a limit together. A log-in attempt counts as a failure
-- until its password proves right, when it is deleted; `checked` becomes 1 once it proved wrong.
-- `email` is the address as typed, trimmed and lower-cased, whether or not an account has it.
-- Times are unix seconds.
DROP TABLE login_failures;

CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    at BIGINT NOT NULL,
    checked BIGINT NOT NULL DEFAULT 0 CHECK (checked IN (0, 1))
);
CREATE INDEX login_attempts_email_idx ON login_attempts (email, at);
CREATE INDEX login_attempts_addr_idx ON login_attempts (client_addr, at);
CREATE INDEX login_attempts_at_idx ON login_attempts (at);

CREATE TABLE sign_up_attempts (
    id INTEGER PRIMARY KEY,
    client_addr TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX sign_up_attempts_addr_idx ON sign_up_attempts (client_addr, at);

-- Provisioning jobs live in the orders table: each in-flight order (requested, provisioning,
-- terminating) is a job that a server instance claims with a lease before it talks to the
-- provider, so that several instances against one database never advance the same order at once.
-- A lease is taken by one conditional UPDATE (free or expired lease, due poll): the instance whose
-- update changed the row owns it until `lease_until`. Times are unix seconds.
ALTER TABLE orders ADD COLUMN lease_owner TEXT;
ALTER TABLE orders ADD COLUMN lease_until BIGINT;
-- When the order is next due; NULL means now.
ALTER TABLE orders ADD COLUMN next_poll_at BIGINT;
-- The provider's last answer, for people: how far it went and what it is doing, or why it failed.
ALTER TABLE orders ADD COLUMN progress_percent BIGINT NOT NULL DEFAULT 0
    CHECK (progress_percent BETWEEN 0 AND 100);
ALTER TABLE orders ADD COLUMN description TEXT NOT NULL DEFAULT '';
-- Calls to the provider that got no answer in a row; it spaces out the next ones.
ALTER TABLE orders ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0 CHECK (attempts >= 0);
CREATE INDEX orders_due_idx ON orders (next_poll_at) WHERE state IN
    ('requested', 'provisioning', 'terminating');

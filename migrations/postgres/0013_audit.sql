-- The audit log (broker::audit): one hash-chained entry per privileged or state-changing action,
-- written in the action's transaction. Ids name users, organisations and providers without
-- foreign keys, so that nothing done to those rows can change or remove an entry.
CREATE TABLE audit_entries (
    seq BIGINT NOT NULL PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_user BIGINT,
    capacity TEXT NOT NULL,
    tenant_id BIGINT,
    provider_id BIGINT,
    address TEXT NOT NULL,
    agent TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_entries_actor_idx ON audit_entries (actor_user, seq);
CREATE INDEX audit_entries_tenant_idx ON audit_entries (tenant_id, seq);
CREATE INDEX audit_entries_provider_idx ON audit_entries (provider_id, seq);
CREATE INDEX audit_entries_action_idx ON audit_entries (action, seq);
CREATE INDEX audit_entries_at_idx ON audit_entries (at);

-- The last entry's number and hash, kept apart from the chain so that entries cut off its end
-- show; its one row is also the lock that appends the entries one at a time.
CREATE TABLE audit_head (
    id BIGINT NOT NULL PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Entries are never changed or removed. Someone with the database's own rights can still
-- drop these triggers, and the chain's hashes still show it.
CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();

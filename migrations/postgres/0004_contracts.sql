-- Quotes, contracts, signatures and the contract events' hash chains. Times are unix seconds and
-- money integer minor units, the same in both backends; no column holds a float.
CREATE TABLE quotes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    created_by BIGINT NOT NULL REFERENCES users (id),
    -- The blueprint's name, for people.
    blueprint TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX quotes_tenant_idx ON quotes (tenant_id, created_at);

-- The offer version each line froze, with every term a contract relies on: later versions of the
-- offer never change a quote.
CREATE TABLE quote_lines (
    quote_id BIGINT NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,
    position BIGINT NOT NULL CHECK (position >= 0),
    component TEXT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity >= 1),
    offer_id BIGINT NOT NULL REFERENCES offers (id),
    offer_external_id TEXT NOT NULL,
    offer_version BIGINT NOT NULL CHECK (offer_version >= 1),
    offer_name TEXT NOT NULL,
    unit TEXT NOT NULL,
    provider_id BIGINT NOT NULL REFERENCES providers (id),
    provider_slug TEXT NOT NULL,
    currency TEXT NOT NULL,
    unit_price_minor BIGINT NOT NULL CHECK (unit_price_minor >= 0),
    -- Basis points of a percent: 99.95 % is 9995.
    availability_bp BIGINT NOT NULL CHECK (availability_bp BETWEEN 0 AND 10000),
    country TEXT NOT NULL,
    jurisdiction TEXT NOT NULL,
    carbon_g_month BIGINT NOT NULL CHECK (carbon_g_month >= 0),
    PRIMARY KEY (quote_id, position),
    FOREIGN KEY (offer_id, offer_version) REFERENCES offer_versions (offer_id, version)
);

CREATE TABLE contracts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    quote_id BIGINT NOT NULL REFERENCES quotes (id),
    tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    status TEXT NOT NULL
        CHECK (status IN ('awaiting_signature', 'signed', 'active', 'terminated')),
    -- The canonical document (see `broker::contract`): the exact text shown and signed.
    canonical TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    prepared_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    -- The hash of the contract's last event, kept apart from the chain so that events cut off
    -- its end show.
    head_hash TEXT
);
CREATE INDEX contracts_tenant_idx ON contracts (tenant_id, created_at);
CREATE INDEX contracts_quote_idx ON contracts (quote_id);

CREATE TABLE signatures (
    contract_id BIGINT NOT NULL PRIMARY KEY REFERENCES contracts (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin')),
    signed_at BIGINT NOT NULL,
    address TEXT NOT NULL,
    user_agent TEXT NOT NULL,
    document_sha256 TEXT NOT NULL
);

-- Each contract's events form a hash chain (see `broker::ledger`). Rows are only ever inserted:
-- no statement of Comptoir updates or deletes them. The unique (contract_id, seq) means two
-- appends can never share a predecessor.
CREATE TABLE contract_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    contract_id BIGINT NOT NULL REFERENCES contracts (id),
    seq BIGINT NOT NULL CHECK (seq >= 1),
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    at BIGINT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    CONSTRAINT contract_events_seq_key UNIQUE (contract_id, seq)
);

-- One order per line of a signed contract, written with the signature: the line's resource at its
-- provider, where it stands and the provider's last operation. Its state changes as the provider
-- answers; what happened is also told by the contract's events.
CREATE TABLE orders (
    contract_id BIGINT NOT NULL REFERENCES contracts (id),
    -- The line's position in the contract, from 0.
    line BIGINT NOT NULL CHECK (line >= 0),
    instance_id TEXT NOT NULL,
    provider_id BIGINT NOT NULL REFERENCES providers (id),
    provider_slug TEXT NOT NULL,
    offer_external_id TEXT NOT NULL,
    offer_version BIGINT NOT NULL CHECK (offer_version >= 1),
    quantity BIGINT NOT NULL CHECK (quantity >= 1),
    state TEXT NOT NULL CHECK (state IN
        ('requested', 'provisioning', 'active', 'failed', 'terminating', 'terminated')),
    -- The provider's token for its last asynchronous operation, while one runs.
    operation TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (contract_id, line),
    CONSTRAINT orders_instance_key UNIQUE (instance_id)
);
CREATE INDEX orders_state_idx ON orders (state, updated_at);

-- The contract events are append-only in the database too: whoever changes or removes one must
-- first disable these triggers, and the chain's hashes still show it.
CREATE FUNCTION contract_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'contract events are append-only';
END;
$$;
CREATE TRIGGER contract_events_no_update BEFORE UPDATE ON contract_events
    FOR EACH ROW EXECUTE FUNCTION contract_events_append_only();
CREATE TRIGGER contract_events_no_delete BEFORE DELETE ON contract_events
    FOR EACH ROW EXECUTE FUNCTION contract_events_append_only();

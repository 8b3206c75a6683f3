-- Billing (see billing-v1.md): what each organisation is invoiced as, the commission the operator
-- keeps from each provider, the providers' API tokens and the usage and downtime they report,
-- the monthly invoices and credit notes with their numbering, and the double-entry ledger.
-- Money is integer minor units and times unix seconds, the same in both backends.

-- The meters of each offer version (the catalog format's `meters`, as JSON): usage billed on top
-- of the monthly price.
ALTER TABLE offer_versions ADD COLUMN meters TEXT NOT NULL DEFAULT '[]';

-- What an organisation is invoiced as; frozen on each invoice when it is finalized. An
-- organisation without a row is invoiced under its name in the operator's country.
CREATE TABLE billing_profiles (
    tenant_id BIGINT NOT NULL PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    legal_name TEXT NOT NULL,
    address TEXT NOT NULL,
    country TEXT NOT NULL,
    vat_id TEXT,
    updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at BIGINT NOT NULL
);

-- The operator's commission on a provider's sales, with its history: the rate in force at the
-- start of a month applies to the whole month. A provider without a row pays the default rate.
CREATE TABLE commission_rates (
    provider_id BIGINT NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
    effective_from BIGINT NOT NULL,
    commission_bp BIGINT NOT NULL CHECK (commission_bp BETWEEN 0 AND 10000),
    set_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (provider_id, effective_from)
);

-- Invoices and credit notes. A draft has no number and is recomputed while inputs arrive; a
-- finalized one never changes but for its status (paid, void) and what was paid against it.
-- `document` is its `comptoir.billing/v1` form (lines, VAT, split); `customer` the billing
-- profile frozen at finalization.
CREATE TABLE invoices (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    month TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    status TEXT NOT NULL CHECK (status IN ('draft', 'finalized', 'paid', 'void')),
    number TEXT,
    cancels BIGINT REFERENCES invoices (id),
    customer TEXT,
    document TEXT NOT NULL,
    -- The document's figures the operator's reports add up: net, VAT, commission and total.
    net_minor BIGINT NOT NULL,
    vat_minor BIGINT NOT NULL,
    commission_minor BIGINT NOT NULL,
    total_minor BIGINT NOT NULL,
    paid_minor BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    finalized_at BIGINT,
    -- Why a credit note cancels its invoice.
    reason TEXT,
    CONSTRAINT invoices_number_key UNIQUE (number),
    CONSTRAINT invoices_numbered CHECK ((status = 'draft') = (number IS NULL)),
    CONSTRAINT invoices_note_cancels CHECK ((kind = 'credit_note') = (cancels IS NOT NULL))
);
-- One invoice per organisation and month.
CREATE UNIQUE INDEX invoices_one_per_month ON invoices (tenant_id, month) WHERE kind = 'invoice';
CREATE INDEX invoices_month_idx ON invoices (month, status);

-- The last number of each year's series, taken inside the transaction that finalizes: a
-- finalization that fails takes none, and two at once wait on the row, so no number is skipped
-- or used twice.
CREATE TABLE invoice_series (
    year BIGINT NOT NULL PRIMARY KEY,
    last BIGINT NOT NULL CHECK (last >= 0)
);

-- Payments received against a finalized invoice, as the operator recorded them (a bank transfer
-- by default): each is posted to the ledger as `payment:ID`.
CREATE TABLE payments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id BIGINT NOT NULL REFERENCES invoices (id),
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    received_on TEXT NOT NULL,
    reference TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('transfer', 'card')),
    recorded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX payments_invoice_idx ON payments (invoice_id);

-- What the operator paid each provider of its shares, posted to the ledger as `payout:ID`.
CREATE TABLE payouts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider_id BIGINT NOT NULL REFERENCES providers (id),
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    reference TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX payouts_provider_idx ON payouts (provider_id);

-- A provider's API tokens, for reporting usage and downtime: only the SHA-256 of the token is
-- kept, so the token itself is shown once, when it is created.
CREATE TABLE provider_tokens (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider_id BIGINT NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_sha256 TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT,
    CONSTRAINT provider_tokens_hash_key UNIQUE (token_sha256)
);
CREATE INDEX provider_tokens_provider_idx ON provider_tokens (provider_id);

-- Usage a provider reported on one of its instances, by the record id it chose: the same id
-- with the same content again is a safe resend. `invoice_id` is the finalized invoice that
-- billed the record (on its usage line, or on a late usage line of a later invoice).
CREATE TABLE usage_records (
    provider_id BIGINT NOT NULL REFERENCES providers (id),
    record_id TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    contract_id BIGINT NOT NULL REFERENCES contracts (id),
    line BIGINT NOT NULL CHECK (line >= 0),
    meter TEXT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity >= 0),
    at BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    invoice_id BIGINT REFERENCES invoices (id),
    PRIMARY KEY (provider_id, record_id)
);
CREATE INDEX usage_records_line_idx ON usage_records (contract_id, line, at);

-- Downtime a provider reported on one of its instances: `[from_at, to_at)`.
CREATE TABLE downtime_records (
    provider_id BIGINT NOT NULL REFERENCES providers (id),
    record_id TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    contract_id BIGINT NOT NULL REFERENCES contracts (id),
    line BIGINT NOT NULL CHECK (line >= 0),
    from_at BIGINT NOT NULL,
    to_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    CHECK (to_at > from_at),
    PRIMARY KEY (provider_id, record_id)
);
CREATE INDEX downtime_records_line_idx ON downtime_records (contract_id, line, from_at);

-- The double-entry ledger (see `broker::ledger`): a transaction's key posts once, and its entries
-- balance. Rows are only ever inserted.
CREATE TABLE ledger_transactions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tx_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    at BIGINT NOT NULL,
    CONSTRAINT ledger_transactions_key UNIQUE (tx_key)
);
CREATE INDEX ledger_transactions_at_idx ON ledger_transactions (at);
CREATE TABLE ledger_entries (
    transaction_id BIGINT NOT NULL REFERENCES ledger_transactions (id),
    position BIGINT NOT NULL CHECK (position >= 0),
    account TEXT NOT NULL,
    debit_minor BIGINT NOT NULL CHECK (debit_minor >= 0),
    credit_minor BIGINT NOT NULL CHECK (credit_minor >= 0),
    CHECK ((debit_minor = 0) <> (credit_minor = 0)),
    PRIMARY KEY (transaction_id, position)
);
CREATE INDEX ledger_entries_account_idx ON ledger_entries (account);

-- The ledger is append-only in the database too.
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only';
END;
$$;
CREATE TRIGGER ledger_transactions_no_update BEFORE UPDATE ON ledger_transactions
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_transactions_no_delete BEFORE DELETE ON ledger_transactions
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

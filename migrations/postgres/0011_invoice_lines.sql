-- The lines and the providers' split of each invoice and credit note, beside its document, so
-- that a provider's revenue, a contract's billing, an organisation's spend and carbon by month
-- and the operator's filters add up in SQL.
-- They are written with the invoice (a draft's are replaced with it) and go with it.

CREATE TABLE invoice_lines (
    invoice_id BIGINT NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    position BIGINT NOT NULL CHECK (position >= 0),
    provider_id BIGINT NOT NULL REFERENCES providers (id),
    contract_id BIGINT NOT NULL REFERENCES contracts (id),
    line BIGINT NOT NULL CHECK (line >= 0),
    kind TEXT NOT NULL CHECK (kind IN ('recurring', 'usage', 'late_usage', 'sla_credit')),
    amount_minor BIGINT NOT NULL,
    -- What a recurring line ran: quantity × seconds billed (0 for the other kinds).
    unit_seconds BIGINT NOT NULL CHECK (unit_seconds >= 0),
    PRIMARY KEY (invoice_id, position)
);
CREATE INDEX invoice_lines_contract_idx ON invoice_lines (contract_id);
CREATE INDEX invoice_lines_provider_idx ON invoice_lines (provider_id, invoice_id);

CREATE TABLE invoice_splits (
    invoice_id BIGINT NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    provider_id BIGINT NOT NULL REFERENCES providers (id),
    net_minor BIGINT NOT NULL,
    commission_bp BIGINT NOT NULL CHECK (commission_bp BETWEEN 0 AND 10000),
    commission_minor BIGINT NOT NULL,
    share_minor BIGINT NOT NULL,
    PRIMARY KEY (invoice_id, provider_id)
);
CREATE INDEX invoice_splits_provider_idx ON invoice_splits (provider_id);

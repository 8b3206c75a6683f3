-- Card payments through the payment method's hosted checkout (Stripe Checkout when configured),
-- their refunds, and payouts by transfer into providers' own accounts (Stripe Connect).
-- A checkout is written, with its idempotency key, before the method is called: a call repeated
-- after a crash or a timeout carries the same key and never opens a second payment.

CREATE TABLE card_checkouts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id BIGINT NOT NULL REFERENCES invoices (id),
    attempt BIGINT NOT NULL CHECK (attempt >= 1),
    idempotency_key TEXT NOT NULL,
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    -- opening: written, the method not known to have answered; open: payable at `url`;
    -- paid: the method confirmed the payment, recorded as `payment_id`; expired: no longer
    -- payable (expired at the method, or replaced by a later attempt).
    status TEXT NOT NULL CHECK (status IN ('opening', 'open', 'paid', 'expired')),
    session TEXT,
    url TEXT,
    expires_at BIGINT,
    payment_id BIGINT REFERENCES payments (id),
    -- The method's charge, once a confirmation names it: the source of the providers' transfers.
    charge TEXT,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    -- When the reconciliation last asked the method about it.
    checked_at BIGINT NOT NULL,
    CONSTRAINT card_checkouts_attempt UNIQUE (invoice_id, attempt),
    CONSTRAINT card_checkouts_key UNIQUE (idempotency_key),
    CONSTRAINT card_checkouts_session UNIQUE (session),
    -- An open or paid checkout has its session; one that expired may never have had one.
    CONSTRAINT card_checkouts_opened CHECK (status IN ('opening', 'expired') OR session IS NOT NULL),
    CONSTRAINT card_checkouts_paid CHECK ((status = 'paid') = (payment_id IS NOT NULL))
);
CREATE INDEX card_checkouts_pending_idx ON card_checkouts (status, checked_at);

-- Refunds of card payments, asked by the operator. Written with the idempotency key before the
-- method is called, like checkouts. A refund counts against what its payment may still refund
-- unless it failed; it is posted to the ledger as `refund:ID` once the method says it succeeded.
CREATE TABLE refunds (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payment_id BIGINT NOT NULL REFERENCES payments (id),
    attempt BIGINT NOT NULL CHECK (attempt >= 1),
    idempotency_key TEXT NOT NULL,
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    reason TEXT NOT NULL,
    -- requested: written, the method not known to have answered; pending: the method took it;
    -- succeeded: the money went back; failed: it did not (`failure` says why).
    status TEXT NOT NULL CHECK (status IN ('requested', 'pending', 'succeeded', 'failed')),
    method_ref TEXT,
    failure TEXT,
    requested_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    requested_at BIGINT NOT NULL,
    settled_at BIGINT,
    checked_at BIGINT NOT NULL,
    CONSTRAINT refunds_attempt UNIQUE (payment_id, attempt),
    CONSTRAINT refunds_key UNIQUE (idempotency_key),
    CONSTRAINT refunds_method_ref UNIQUE (method_ref)
);
CREATE INDEX refunds_pending_idx ON refunds (status, checked_at);

-- A provider's account at the payment method, where its payouts are transferred. Written with
-- its idempotency key before the account is opened; `payouts_enabled` as the method last said.
CREATE TABLE provider_accounts (
    provider_id BIGINT NOT NULL PRIMARY KEY REFERENCES providers (id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    account TEXT,
    payouts_enabled BIGINT NOT NULL DEFAULT 0 CHECK (payouts_enabled IN (0, 1)),
    -- When the method said so: an older word delivered late changes nothing.
    state_at BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT provider_accounts_key UNIQUE (idempotency_key),
    CONSTRAINT provider_accounts_account UNIQUE (account)
);

-- Payouts by transfer into a provider's account, one per invoice share, each written with its
-- idempotency key before the call. A transfer made becomes a payout (`payout_id`, posted to the
-- ledger as `payout:ID`); a failed one leaves its amount due and says why.
CREATE TABLE payout_transfers (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider_id BIGINT NOT NULL REFERENCES providers (id),
    invoice_number TEXT NOT NULL,
    attempt BIGINT NOT NULL CHECK (attempt >= 1),
    idempotency_key TEXT NOT NULL,
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    status TEXT NOT NULL CHECK (status IN ('requested', 'made', 'failed')),
    transfer TEXT,
    failure TEXT,
    payout_id BIGINT REFERENCES payouts (id),
    requested_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    requested_at BIGINT NOT NULL,
    checked_at BIGINT NOT NULL,
    CONSTRAINT payout_transfers_attempt UNIQUE (provider_id, invoice_number, attempt),
    CONSTRAINT payout_transfers_key UNIQUE (idempotency_key),
    CONSTRAINT payout_transfers_transfer UNIQUE (transfer),
    CONSTRAINT payout_transfers_made CHECK ((status = 'made') = (payout_id IS NOT NULL))
);
CREATE INDEX payout_transfers_status_idx ON payout_transfers (status, checked_at);

-- The notifications of the payment method that were handled, by the method's event id, each
-- written in the same transaction as its effect: a repeated delivery finds its id and does
-- nothing.
CREATE TABLE payment_events (
    event_id TEXT NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL,
    received_at BIGINT NOT NULL
);

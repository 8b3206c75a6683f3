-- Providers and their versioned offers. Flags are BIGINT 0/1, times unix seconds and money integer
-- minor units, the same in both backends; no column holds a float.
CREATE TABLE providers (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL,
    legal_name TEXT NOT NULL,
    country TEXT NOT NULL,
    jurisdiction TEXT NOT NULL,
    website TEXT NOT NULL,
    description TEXT NOT NULL,
    support_contact TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'suspended')),
    decision_reason TEXT,
    applied_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    decided_at BIGINT,
    CONSTRAINT providers_slug_key UNIQUE (slug)
);
CREATE INDEX providers_status_idx ON providers (status);

CREATE TABLE provider_members (
    provider_id BIGINT NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'member')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (provider_id, user_id)
);
-- The primary key serves "members of a provider"; this one serves "providers of a user" and the
-- membership test that guards every offer query.
CREATE INDEX provider_members_user_idx ON provider_members (user_id, provider_id);

CREATE TABLE offers (
    id INTEGER PRIMARY KEY,
    provider_id BIGINT NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
    -- The offer's id in catalog documents, unique per provider.
    external_id TEXT NOT NULL,
    domain TEXT NOT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('draft', 'in_review', 'published', 'retired', 'rejected')),
    review_reason TEXT,
    -- Units still for sale; NULL means unlimited.
    capacity BIGINT CHECK (capacity IS NULL OR capacity >= 0),
    current_version BIGINT NOT NULL CHECK (current_version >= 1),
    -- Set by the first publication: an offer reviewed once republishes without a new review.
    published_once BIGINT NOT NULL DEFAULT 0 CHECK (published_once IN (0, 1)),
    created_at BIGINT NOT NULL,
    CONSTRAINT offers_provider_external_key UNIQUE (provider_id, external_id)
);
CREATE INDEX offers_status_domain_idx ON offers (status, domain);
CREATE INDEX offers_provider_idx ON offers (provider_id, status);

-- Every version an offer ever had: a signed contract keeps the version it was signed on, so rows
-- are added, never replaced, when a term changes.
CREATE TABLE offer_versions (
    offer_id BIGINT NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    version BIGINT NOT NULL CHECK (version >= 1),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    tagline TEXT NOT NULL,
    unit TEXT NOT NULL,
    country TEXT NOT NULL,
    jurisdiction TEXT NOT NULL,
    -- JSON object of attribute name to size, as in the catalog format.
    attributes TEXT NOT NULL,
    -- JSON array of certification names.
    certifications TEXT NOT NULL,
    -- Basis points of a percent: 99.95 % is 9995.
    availability_bp BIGINT NOT NULL CHECK (availability_bp BETWEEN 0 AND 10000),
    currency TEXT NOT NULL,
    monthly_price_minor BIGINT NOT NULL CHECK (monthly_price_minor >= 0),
    carbon_g_month BIGINT NOT NULL CHECK (carbon_g_month >= 0),
    effective_from BIGINT NOT NULL,
    PRIMARY KEY (offer_id, version)
);
-- Catalog searches join the current version (offer_id, version) and filter or sort on country and
-- price; carrying offer_id and version in the index lets that join be answered from the index.
CREATE INDEX offer_versions_country_price_idx
    ON offer_versions (country, monthly_price_minor, offer_id, version);
CREATE INDEX offer_versions_price_idx ON offer_versions (monthly_price_minor, offer_id, version);

-- A tenant's blueprint drafts. `document` is the canonical `comptoir.blueprint/v1` JSON, read
-- back through the format's checks; `name` repeats the blueprint's name for lists. Times are unix
-- seconds.
CREATE TABLE blueprints (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    document TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX blueprints_tenant_idx ON blueprints (tenant_id, updated_at);

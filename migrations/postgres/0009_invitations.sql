-- Invitations to join a team: a provider's now, a tenant's later, so exactly one of the two is
-- set. `email` is trimmed and lower-cased as `users.email` is: only the person signed in with
-- that address answers the invitation, and it need not have an account yet. Times are unix
-- seconds, the same in both backends.
CREATE TABLE invitations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider_id BIGINT REFERENCES providers (id) ON DELETE CASCADE,
    tenant_id BIGINT REFERENCES tenants (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    role TEXT NOT NULL,
    invited_by BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    invited_at BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'declined', 'revoked')),
    -- Who accepted, declined or revoked it, and when; empty while it is open.
    closed_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    closed_at BIGINT,
    CONSTRAINT invitations_one_team CHECK (
        (provider_id IS NOT NULL AND tenant_id IS NULL)
        OR (provider_id IS NULL AND tenant_id IS NOT NULL)
    ),
    CONSTRAINT invitations_role CHECK (
        (provider_id IS NULL OR role IN ('owner', 'member'))
        AND (tenant_id IS NULL OR role IN ('owner', 'admin', 'buyer', 'viewer'))
    ),
    CONSTRAINT invitations_closed CHECK (
        (status = 'open' AND closed_at IS NULL) OR (status <> 'open' AND closed_at IS NOT NULL)
    )
);
-- At most one open invitation per address and team; answered and revoked ones stay as history,
-- so the same address can be invited again.
CREATE UNIQUE INDEX invitations_open_provider_email
    ON invitations (provider_id, email) WHERE status = 'open';
CREATE UNIQUE INDEX invitations_open_tenant_email
    ON invitations (tenant_id, email) WHERE status = 'open';
-- What the signed-in person is invited to.
CREATE INDEX invitations_email_idx ON invitations (email, status);

-- Invitations to an organisation go by mail: the link carries a random token of which only the
-- SHA-256 is kept, valid until `expires_at` (a resend replaces both). Invitations to a provider's
-- team have neither: their invitee answers them once signed in.
ALTER TABLE invitations ADD COLUMN token_sha256 TEXT;
ALTER TABLE invitations ADD COLUMN expires_at BIGINT;
CREATE UNIQUE INDEX invitations_token_key ON invitations (token_sha256);

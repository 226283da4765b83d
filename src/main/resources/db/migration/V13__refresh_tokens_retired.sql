-- Rotated and revoked refresh tokens are deleted a short while after (TokenService.deleteRetired);
-- this finds them without reading the live ones. LEAST ignores nulls: null only for a live token.
CREATE INDEX refresh_tokens_retired_idx ON refresh_tokens (LEAST(rotated_at, revoked_at));

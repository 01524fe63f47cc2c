-- Single sign-on (OpenID Connect). An account is linked to the provider's user by the
-- issuer and the subject of its ID tokens, the one pair that identifies that user for good.
CREATE TABLE external_identities (
    issuer          VARCHAR(512)             NOT NULL,
    subject         VARCHAR(255)             NOT NULL,
    user_id         BIGINT                   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    last_sign_in_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (issuer, subject)
);

-- A sign-in under way: the state, nonce and PKCE verifier sent to the provider (the state is
-- used once), then, once the provider sent the user back, the user and the hash of the
-- one-time code the page exchanges for tokens. Rows live minutes; old ones are deleted.
CREATE TABLE oidc_sign_ins (
    state          VARCHAR(64)              PRIMARY KEY,
    nonce          VARCHAR(64)              NOT NULL,
    code_verifier  VARCHAR(128)             NOT NULL,
    app            VARCHAR(16)              NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    returned_at    TIMESTAMP WITH TIME ZONE,
    user_id        BIGINT REFERENCES users (id) ON DELETE CASCADE,
    handoff_hash   CHAR(64),
    exchanged_at   TIMESTAMP WITH TIME ZONE
);

CREATE INDEX ix_oidc_sign_ins_handoff ON oidc_sign_ins (handoff_hash);
CREATE INDEX ix_oidc_sign_ins_created ON oidc_sign_ins (created_at);

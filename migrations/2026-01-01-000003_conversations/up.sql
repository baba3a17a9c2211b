-- Assistant conversations (moved from MongoDB documents to tables).
CREATE TABLE conversations (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id        uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    owner_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title             text NOT NULL,
    is_public         boolean NOT NULL DEFAULT false,
    public_permission text CHECK (public_permission IN ('view', 'comment')),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    deleted_at        timestamptz
);
CREATE INDEX ix_conversations_owner ON conversations (account_id, owner_id) WHERE deleted_at IS NULL;
CREATE INDEX ix_conversations_public ON conversations (account_id) WHERE is_public AND deleted_at IS NULL;

CREATE TABLE conversation_shares (
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    permission      text CHECK (permission IN ('view', 'comment')),
    granted_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    granted_at      timestamptz NOT NULL DEFAULT now(),
    revoked_at      timestamptz,
    CONSTRAINT conversation_shares_conversation_user_key PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX ix_conversation_shares_user ON conversation_shares (user_id) WHERE revoked_at IS NULL;

CREATE TABLE conversation_team_shares (
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    team_id         uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    permission      text CHECK (permission IN ('view', 'comment')),
    granted_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    granted_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (conversation_id, team_id)
);
CREATE INDEX ix_conversation_team_shares_team ON conversation_team_shares (team_id);

CREATE TABLE messages (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    conversation_id   uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    client_message_id text,
    role              text NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
    content           text NOT NULL,
    sender_id         uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT messages_conversation_client_key UNIQUE (conversation_id, client_message_id)
);
CREATE INDEX ix_messages_conversation_created ON messages (conversation_id, created_at);

CREATE TABLE message_feedback (
    message_id   uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rating       text NOT NULL CHECK (rating IN ('positive', 'negative')),
    reason       text CHECK (char_length(reason) <= 200),
    comment      text CHECK (char_length(comment) <= 1000),
    submitted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, user_id)
);
CREATE INDEX ix_message_feedback_submitted ON message_feedback (submitted_at DESC);
CREATE INDEX ix_message_feedback_user ON message_feedback (user_id);

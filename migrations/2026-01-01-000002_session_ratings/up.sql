-- session_ratings as the analytics design document gives it (one CSAT per session).
CREATE TABLE session_ratings (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tree_id    uuid NOT NULL REFERENCES trees (id) ON DELETE CASCADE,
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    rating     integer NOT NULL CHECK (rating >= 1 AND rating <= 5),
    comment    varchar(500),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT session_ratings_session_id_key UNIQUE (session_id)
);
CREATE INDEX ix_session_ratings_tree_created ON session_ratings (tree_id, created_at);
CREATE INDEX ix_session_ratings_account_created ON session_ratings (account_id, created_at)
    INCLUDE (tree_id, rating);
CREATE INDEX ix_session_ratings_user ON session_ratings (user_id);
-- From the design document (kept for ResolutionFlow's own queries on completion time).
CREATE INDEX ix_sessions_account_completed ON sessions (account_id, completed_at);

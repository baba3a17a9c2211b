CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE nps_campaigns (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name       text NOT NULL CHECK (name = btrim(name) AND char_length(name) BETWEEN 1 AND 200),
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    stopped_by uuid REFERENCES users (id) ON DELETE SET NULL,
    stopped_at timestamptz,
    -- Closed ranges of one account may not intersect (touching counts). A scheduled campaign
    -- stopped before its start gets ends_at < starts_at and so blocks nothing.
    CONSTRAINT nps_campaigns_no_overlap EXCLUDE USING gist (
        account_id WITH =,
        tstzrange(starts_at, ends_at, '[]') WITH &&
    ) WHERE (ends_at >= starts_at)
);
CREATE INDEX ix_nps_campaigns_account_created ON nps_campaigns (account_id, created_at DESC);

CREATE TABLE nps_responses (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    campaign_id uuid REFERENCES nps_campaigns (id) ON DELETE CASCADE,
    score       integer NOT NULL CHECK (score BETWEEN 0 AND 10),
    comment     text CHECK (char_length(comment) <= 1000),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT nps_responses_campaign_user_key UNIQUE (campaign_id, user_id)
);
CREATE INDEX ix_nps_responses_account_created ON nps_responses (account_id, created_at DESC);

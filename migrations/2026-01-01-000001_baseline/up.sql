-- ResolutionFlow's existing tables, as they exist there, plus the columns marked (ours) in
-- spec/data-model.md. Lets the service run on an empty database.

CREATE TABLE accounts (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text NOT NULL,
    timezone   text NOT NULL DEFAULT 'UTC',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id     uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email          text NOT NULL CHECK (email = lower(btrim(email)) AND email <> ''),
    name           text NOT NULL,
    role           text NOT NULL CHECK (role IN ('super_admin', 'team_admin', 'engineer', 'viewer')),
    can_view_admin boolean NOT NULL DEFAULT false,
    is_active      boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_account_email_key UNIQUE (account_id, email)
);

CREATE TABLE teams (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_teams_account ON teams (account_id);

CREATE TABLE team_members (
    team_id uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX ix_team_members_user ON team_members (user_id);

CREATE TABLE trees (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    author_id  uuid REFERENCES users (id) ON DELETE SET NULL,
    name       text NOT NULL,
    tree_type  text NOT NULL DEFAULT 'troubleshooting'
               CHECK (tree_type IN ('troubleshooting', 'procedural', 'maintenance')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_trees_account ON trees (account_id);

CREATE TABLE step_library (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    title       text NOT NULL,
    helpful_yes integer NOT NULL DEFAULT 0 CHECK (helpful_yes >= 0),
    helpful_no  integer NOT NULL DEFAULT 0 CHECK (helpful_no >= 0),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_step_library_account ON step_library (account_id);

-- (ours) ResolutionFlow keeps nodes in JSON; this service needs them relational.
CREATE TABLE tree_nodes (
    tree_id  uuid NOT NULL REFERENCES trees (id) ON DELETE CASCADE,
    node_id  text NOT NULL,
    title    text NOT NULL,
    step_id  uuid REFERENCES step_library (id) ON DELETE SET NULL,
    position integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tree_id, node_id)
);
CREATE INDEX ix_tree_nodes_step ON tree_nodes (step_id);

CREATE TABLE sessions (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    tree_id      uuid NOT NULL REFERENCES trees (id) ON DELETE CASCADE,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    started_at   timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    outcome      text CHECK (outcome IN ('resolved', 'escalated', 'workaround', 'unresolved')),
    CONSTRAINT sessions_outcome_with_completion CHECK ((completed_at IS NULL) = (outcome IS NULL)),
    CONSTRAINT sessions_completed_after_start CHECK (completed_at IS NULL OR completed_at >= started_at)
);
-- Cohorts are by started_at; these serve raw reads (see spec/analytics.md, Speed).
CREATE INDEX ix_sessions_account_started ON sessions (account_id, started_at)
    INCLUDE (tree_id, user_id, completed_at, outcome);
CREATE INDEX ix_sessions_account_tree_started ON sessions (account_id, tree_id, started_at)
    INCLUDE (user_id, completed_at, outcome);
CREATE INDEX ix_sessions_account_user_started ON sessions (account_id, user_id, started_at)
    INCLUDE (tree_id, completed_at, outcome);
CREATE INDEX ix_sessions_tree ON sessions (tree_id);
CREATE INDEX ix_sessions_user ON sessions (user_id);

CREATE TABLE step_ratings (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    step_id     uuid NOT NULL REFERENCES step_library (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id  uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    tree_id     uuid REFERENCES trees (id) ON DELETE CASCADE,
    node_id     text,
    was_helpful boolean NOT NULL,
    rating      integer,
    review_text text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT step_ratings_step_user_session_key UNIQUE (step_id, user_id, session_id)
);
CREATE INDEX ix_step_ratings_step_helpful ON step_ratings (step_id, was_helpful);
CREATE INDEX ix_step_ratings_session ON step_ratings (session_id);
CREATE INDEX ix_step_ratings_tree_node ON step_ratings (tree_id, node_id, created_at);

-- helpful_yes / helpful_no always equal the count of rows, whichever program writes step_ratings
-- (cascading deletes of sessions and users included). The trigger runs in the writer's transaction
-- and the row lock on step_library serialises concurrent writers of one step.
CREATE FUNCTION step_ratings_counters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE step_library
           SET helpful_yes = helpful_yes - (OLD.was_helpful)::int,
               helpful_no  = helpful_no  - (NOT OLD.was_helpful)::int
         WHERE id = OLD.step_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE step_library
           SET helpful_yes = helpful_yes + (NEW.was_helpful)::int,
               helpful_no  = helpful_no  + (NOT NEW.was_helpful)::int
         WHERE id = NEW.step_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER step_ratings_counters
    AFTER INSERT OR DELETE OR UPDATE OF was_helpful, step_id ON step_ratings
    FOR EACH ROW EXECUTE FUNCTION step_ratings_counters();

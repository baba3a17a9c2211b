-- Daily rollups in each account's time zone, maintained by triggers in the writer's transaction,
-- so analytics read ~(days x flows) and ~(days x users) rows instead of every session, and stay
-- exact at every commit whichever program writes sessions, session_ratings or step_ratings.
--
-- Sessions count on the local day they started (the cohort rule of spec/analytics.md); CSAT on the
-- local day the rating was created; thumbs on the local day the thumb was first given, at the node
-- of the flow it was given at. Durations are kept in microseconds (exact integer arithmetic).
-- No foreign keys: rows of deleted accounts, flows or users are ignored by the readers and removed
-- by `insights rollup rebuild`.

CREATE TABLE rollup_flow_daily (
    account_id  uuid    NOT NULL,
    day         date    NOT NULL,
    tree_id     uuid    NOT NULL,
    sessions    integer NOT NULL DEFAULT 0,
    completed   integer NOT NULL DEFAULT 0,
    duration_us bigint  NOT NULL DEFAULT 0,
    resolved    integer NOT NULL DEFAULT 0,
    escalated   integer NOT NULL DEFAULT 0,
    workaround  integer NOT NULL DEFAULT 0,
    unresolved  integer NOT NULL DEFAULT 0,
    csat_1      integer NOT NULL DEFAULT 0,
    csat_2      integer NOT NULL DEFAULT 0,
    csat_3      integer NOT NULL DEFAULT 0,
    csat_4      integer NOT NULL DEFAULT 0,
    csat_5      integer NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, day, tree_id)
);
CREATE INDEX ix_rollup_flow_daily_tree ON rollup_flow_daily (account_id, tree_id, day);

CREATE TABLE rollup_user_daily (
    account_id  uuid    NOT NULL,
    day         date    NOT NULL,
    user_id     uuid    NOT NULL,
    sessions    integer NOT NULL DEFAULT 0,
    completed   integer NOT NULL DEFAULT 0,
    duration_us bigint  NOT NULL DEFAULT 0,
    resolved    integer NOT NULL DEFAULT 0,
    escalated   integer NOT NULL DEFAULT 0,
    workaround  integer NOT NULL DEFAULT 0,
    unresolved  integer NOT NULL DEFAULT 0,
    csat_1      integer NOT NULL DEFAULT 0,
    csat_2      integer NOT NULL DEFAULT 0,
    csat_3      integer NOT NULL DEFAULT 0,
    csat_4      integer NOT NULL DEFAULT 0,
    csat_5      integer NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, day, user_id)
);
CREATE INDEX ix_rollup_user_daily_user ON rollup_user_daily (account_id, user_id, day);

-- One user's figures per flow (the personal view's "my top flows", the team view scoped to an
-- engineer): read through the primary key for one user and a range of days.
CREATE TABLE rollup_user_flow_daily (
    account_id  uuid    NOT NULL,
    user_id     uuid    NOT NULL,
    day         date    NOT NULL,
    tree_id     uuid    NOT NULL,
    sessions    integer NOT NULL DEFAULT 0,
    completed   integer NOT NULL DEFAULT 0,
    duration_us bigint  NOT NULL DEFAULT 0,
    resolved    integer NOT NULL DEFAULT 0,
    escalated   integer NOT NULL DEFAULT 0,
    workaround  integer NOT NULL DEFAULT 0,
    unresolved  integer NOT NULL DEFAULT 0,
    csat_1      integer NOT NULL DEFAULT 0,
    csat_2      integer NOT NULL DEFAULT 0,
    csat_3      integer NOT NULL DEFAULT 0,
    csat_4      integer NOT NULL DEFAULT 0,
    csat_5      integer NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, user_id, day, tree_id)
);

CREATE TABLE rollup_node_daily (
    account_id uuid    NOT NULL,
    day        date    NOT NULL,
    tree_id    uuid    NOT NULL,
    node_id    text    NOT NULL,
    helpful_yes integer NOT NULL DEFAULT 0,
    helpful_no  integer NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, tree_id, node_id, day)
);

-- Raw reads of one user's ratings (personal view).
CREATE INDEX ix_session_ratings_account_user_created ON session_ratings (account_id, user_id, created_at)
    INCLUDE (tree_id, rating);

-- Adds a delta to one (account, day, flow) and one (account, day, user) rollup row.
CREATE FUNCTION rollup_session_add(acc uuid, d date, tree uuid, usr uuid, n integer, c integer, dur bigint,
                                   o_r integer, o_e integer, o_w integer, o_u integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rollup_flow_daily AS r
           (account_id, day, tree_id, sessions, completed, duration_us, resolved, escalated, workaround, unresolved)
    VALUES (acc, d, tree, n, c, dur, o_r, o_e, o_w, o_u)
    ON CONFLICT (account_id, day, tree_id) DO UPDATE SET
        sessions = r.sessions + EXCLUDED.sessions, completed = r.completed + EXCLUDED.completed,
        duration_us = r.duration_us + EXCLUDED.duration_us, resolved = r.resolved + EXCLUDED.resolved,
        escalated = r.escalated + EXCLUDED.escalated, workaround = r.workaround + EXCLUDED.workaround,
        unresolved = r.unresolved + EXCLUDED.unresolved;

    INSERT INTO rollup_user_daily AS r
           (account_id, day, user_id, sessions, completed, duration_us, resolved, escalated, workaround, unresolved)
    VALUES (acc, d, usr, n, c, dur, o_r, o_e, o_w, o_u)
    ON CONFLICT (account_id, day, user_id) DO UPDATE SET
        sessions = r.sessions + EXCLUDED.sessions, completed = r.completed + EXCLUDED.completed,
        duration_us = r.duration_us + EXCLUDED.duration_us, resolved = r.resolved + EXCLUDED.resolved,
        escalated = r.escalated + EXCLUDED.escalated, workaround = r.workaround + EXCLUDED.workaround,
        unresolved = r.unresolved + EXCLUDED.unresolved;

    INSERT INTO rollup_user_flow_daily AS r
           (account_id, user_id, day, tree_id, sessions, completed, duration_us, resolved, escalated, workaround, unresolved)
    VALUES (acc, usr, d, tree, n, c, dur, o_r, o_e, o_w, o_u)
    ON CONFLICT (account_id, user_id, day, tree_id) DO UPDATE SET
        sessions = r.sessions + EXCLUDED.sessions, completed = r.completed + EXCLUDED.completed,
        duration_us = r.duration_us + EXCLUDED.duration_us, resolved = r.resolved + EXCLUDED.resolved,
        escalated = r.escalated + EXCLUDED.escalated, workaround = r.workaround + EXCLUDED.workaround,
        unresolved = r.unresolved + EXCLUDED.unresolved;
END;
$$;

CREATE FUNCTION rollup_session_duration(s sessions) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN s.completed_at IS NULL THEN 0
                ELSE (extract(epoch FROM (s.completed_at - s.started_at)) * 1000000)::bigint END
$$;

-- One session's contribution (sign +1 or -1) to the flow and user rollups.
CREATE FUNCTION rollup_session_apply(s sessions, sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    tz text;
BEGIN
    SELECT timezone INTO tz FROM accounts WHERE id = s.account_id;
    IF tz IS NULL THEN
        RETURN; -- the account is being deleted
    END IF;
    PERFORM rollup_session_add(
        s.account_id, (s.started_at AT TIME ZONE tz)::date, s.tree_id, s.user_id, sign,
        sign * (s.completed_at IS NOT NULL)::integer, sign * rollup_session_duration(s),
        sign * (s.outcome IS NOT DISTINCT FROM 'resolved')::integer,
        sign * (s.outcome IS NOT DISTINCT FROM 'escalated')::integer,
        sign * (s.outcome IS NOT DISTINCT FROM 'workaround')::integer,
        sign * (s.outcome IS NOT DISTINCT FROM 'unresolved')::integer);
END;
$$;

CREATE FUNCTION rollup_sessions_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    tz text;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF (OLD.account_id, OLD.tree_id, OLD.user_id, OLD.started_at, OLD.completed_at, OLD.outcome)
           IS NOT DISTINCT FROM
           (NEW.account_id, NEW.tree_id, NEW.user_id, NEW.started_at, NEW.completed_at, NEW.outcome) THEN
            RETURN NULL;
        END IF;
        -- The common update (completion, a new outcome) keeps the session in the same rows: one
        -- upsert per rollup with the difference, instead of a removal and an addition.
        IF (OLD.account_id, OLD.tree_id, OLD.user_id, OLD.started_at)
           = (NEW.account_id, NEW.tree_id, NEW.user_id, NEW.started_at) THEN
            SELECT timezone INTO tz FROM accounts WHERE id = NEW.account_id;
            IF tz IS NULL THEN
                RETURN NULL;
            END IF;
            PERFORM rollup_session_add(
                NEW.account_id, (NEW.started_at AT TIME ZONE tz)::date, NEW.tree_id, NEW.user_id, 0,
                (NEW.completed_at IS NOT NULL)::integer - (OLD.completed_at IS NOT NULL)::integer,
                rollup_session_duration(NEW) - rollup_session_duration(OLD),
                (NEW.outcome IS NOT DISTINCT FROM 'resolved')::integer - (OLD.outcome IS NOT DISTINCT FROM 'resolved')::integer,
                (NEW.outcome IS NOT DISTINCT FROM 'escalated')::integer - (OLD.outcome IS NOT DISTINCT FROM 'escalated')::integer,
                (NEW.outcome IS NOT DISTINCT FROM 'workaround')::integer - (OLD.outcome IS NOT DISTINCT FROM 'workaround')::integer,
                (NEW.outcome IS NOT DISTINCT FROM 'unresolved')::integer - (OLD.outcome IS NOT DISTINCT FROM 'unresolved')::integer);
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM rollup_session_apply(OLD, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM rollup_session_apply(NEW, 1);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER rollup_sessions AFTER INSERT OR UPDATE OR DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION rollup_sessions_trigger();

-- One rating's contribution to the CSAT columns.
CREATE FUNCTION rollup_rating_apply(r session_ratings, sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    tz text;
    d  date;
    c1 integer := sign * (r.rating = 1)::integer;
    c2 integer := sign * (r.rating = 2)::integer;
    c3 integer := sign * (r.rating = 3)::integer;
    c4 integer := sign * (r.rating = 4)::integer;
    c5 integer := sign * (r.rating = 5)::integer;
BEGIN
    SELECT timezone INTO tz FROM accounts WHERE id = r.account_id;
    IF tz IS NULL THEN
        RETURN;
    END IF;
    d := (r.created_at AT TIME ZONE tz)::date;
    INSERT INTO rollup_flow_daily AS x (account_id, day, tree_id, csat_1, csat_2, csat_3, csat_4, csat_5)
    VALUES (r.account_id, d, r.tree_id, c1, c2, c3, c4, c5)
    ON CONFLICT (account_id, day, tree_id) DO UPDATE SET
        csat_1 = x.csat_1 + EXCLUDED.csat_1, csat_2 = x.csat_2 + EXCLUDED.csat_2, csat_3 = x.csat_3 + EXCLUDED.csat_3,
        csat_4 = x.csat_4 + EXCLUDED.csat_4, csat_5 = x.csat_5 + EXCLUDED.csat_5;
    INSERT INTO rollup_user_daily AS x (account_id, day, user_id, csat_1, csat_2, csat_3, csat_4, csat_5)
    VALUES (r.account_id, d, r.user_id, c1, c2, c3, c4, c5)
    ON CONFLICT (account_id, day, user_id) DO UPDATE SET
        csat_1 = x.csat_1 + EXCLUDED.csat_1, csat_2 = x.csat_2 + EXCLUDED.csat_2, csat_3 = x.csat_3 + EXCLUDED.csat_3,
        csat_4 = x.csat_4 + EXCLUDED.csat_4, csat_5 = x.csat_5 + EXCLUDED.csat_5;
    INSERT INTO rollup_user_flow_daily AS x (account_id, user_id, day, tree_id, csat_1, csat_2, csat_3, csat_4, csat_5)
    VALUES (r.account_id, r.user_id, d, r.tree_id, c1, c2, c3, c4, c5)
    ON CONFLICT (account_id, user_id, day, tree_id) DO UPDATE SET
        csat_1 = x.csat_1 + EXCLUDED.csat_1, csat_2 = x.csat_2 + EXCLUDED.csat_2, csat_3 = x.csat_3 + EXCLUDED.csat_3,
        csat_4 = x.csat_4 + EXCLUDED.csat_4, csat_5 = x.csat_5 + EXCLUDED.csat_5;
END;
$$;

CREATE FUNCTION rollup_ratings_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF (OLD.account_id, OLD.tree_id, OLD.user_id, OLD.rating, OLD.created_at)
           IS NOT DISTINCT FROM (NEW.account_id, NEW.tree_id, NEW.user_id, NEW.rating, NEW.created_at) THEN
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM rollup_rating_apply(OLD, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM rollup_rating_apply(NEW, 1);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER rollup_session_ratings AFTER INSERT OR UPDATE OR DELETE ON session_ratings
    FOR EACH ROW EXECUTE FUNCTION rollup_ratings_trigger();

-- One thumb's contribution at its flow node (thumbs without a recorded node are not per-node).
CREATE FUNCTION rollup_thumb_apply(t step_ratings, sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    acc uuid;
    tz  text;
BEGIN
    IF t.tree_id IS NULL OR t.node_id IS NULL THEN
        RETURN;
    END IF;
    SELECT a.id, a.timezone INTO acc, tz FROM trees tr JOIN accounts a ON a.id = tr.account_id WHERE tr.id = t.tree_id;
    IF tz IS NULL THEN
        RETURN; -- the flow or its account is being deleted
    END IF;
    INSERT INTO rollup_node_daily AS x (account_id, day, tree_id, node_id, helpful_yes, helpful_no)
    VALUES (acc, (t.created_at AT TIME ZONE tz)::date, t.tree_id, t.node_id,
            sign * t.was_helpful::integer, sign * (NOT t.was_helpful)::integer)
    ON CONFLICT (account_id, tree_id, node_id, day) DO UPDATE SET
        helpful_yes = x.helpful_yes + EXCLUDED.helpful_yes, helpful_no = x.helpful_no + EXCLUDED.helpful_no;
END;
$$;

CREATE FUNCTION rollup_thumbs_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF (OLD.tree_id, OLD.node_id, OLD.was_helpful, OLD.created_at)
           IS NOT DISTINCT FROM (NEW.tree_id, NEW.node_id, NEW.was_helpful, NEW.created_at) THEN
            RETURN NULL;
        END IF;
    END IF;
    -- A thumb moved between nodes touches two rollup rows: lock them in key order, so that two
    -- thumbs moving in opposite directions cannot deadlock.
    IF TG_OP = 'UPDATE' AND (NEW.tree_id, NEW.node_id, NEW.created_at) < (OLD.tree_id, OLD.node_id, OLD.created_at) THEN
        PERFORM rollup_thumb_apply(NEW, 1);
        PERFORM rollup_thumb_apply(OLD, -1);
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM rollup_thumb_apply(OLD, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM rollup_thumb_apply(NEW, 1);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER rollup_step_ratings AFTER INSERT OR UPDATE OR DELETE ON step_ratings
    FOR EACH ROW EXECUTE FUNCTION rollup_thumbs_trigger();

-- Rebuilds one account's rollups (or every account's, with NULL) from the raw rows. Used by
-- `insights rollup rebuild`, by a change of an account's time zone, and after bulk loads.
CREATE FUNCTION rollup_rebuild(acc uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM rollup_flow_daily WHERE acc IS NULL OR account_id = acc;
    DELETE FROM rollup_user_daily WHERE acc IS NULL OR account_id = acc;
    DELETE FROM rollup_user_flow_daily WHERE acc IS NULL OR account_id = acc;
    DELETE FROM rollup_node_daily WHERE acc IS NULL OR account_id = acc;

    CREATE TEMP TABLE rollup_src ON COMMIT DROP AS
    SELECT s.account_id, (s.started_at AT TIME ZONE a.timezone)::date AS day, s.tree_id, s.user_id,
           1 AS sessions, (s.completed_at IS NOT NULL)::integer AS completed,
           coalesce((extract(epoch FROM (s.completed_at - s.started_at)) * 1000000)::bigint, 0) AS duration_us,
           (s.outcome IS NOT DISTINCT FROM 'resolved')::integer AS resolved,
           (s.outcome IS NOT DISTINCT FROM 'escalated')::integer AS escalated,
           (s.outcome IS NOT DISTINCT FROM 'workaround')::integer AS workaround,
           (s.outcome IS NOT DISTINCT FROM 'unresolved')::integer AS unresolved,
           0 AS csat_1, 0 AS csat_2, 0 AS csat_3, 0 AS csat_4, 0 AS csat_5
      FROM sessions s JOIN accounts a ON a.id = s.account_id
     WHERE acc IS NULL OR s.account_id = acc
    UNION ALL
    SELECT r.account_id, (r.created_at AT TIME ZONE a.timezone)::date, r.tree_id, r.user_id,
           0, 0, 0, 0, 0, 0, 0,
           (r.rating = 1)::integer, (r.rating = 2)::integer, (r.rating = 3)::integer,
           (r.rating = 4)::integer, (r.rating = 5)::integer
      FROM session_ratings r JOIN accounts a ON a.id = r.account_id
     WHERE acc IS NULL OR r.account_id = acc;

    INSERT INTO rollup_flow_daily
    SELECT account_id, day, tree_id, sum(sessions), sum(completed), sum(duration_us), sum(resolved), sum(escalated),
           sum(workaround), sum(unresolved), sum(csat_1), sum(csat_2), sum(csat_3), sum(csat_4), sum(csat_5)
      FROM rollup_src GROUP BY account_id, day, tree_id;
    INSERT INTO rollup_user_daily
    SELECT account_id, day, user_id, sum(sessions), sum(completed), sum(duration_us), sum(resolved), sum(escalated),
           sum(workaround), sum(unresolved), sum(csat_1), sum(csat_2), sum(csat_3), sum(csat_4), sum(csat_5)
      FROM rollup_src GROUP BY account_id, day, user_id;
    INSERT INTO rollup_user_flow_daily
    SELECT account_id, user_id, day, tree_id, sum(sessions), sum(completed), sum(duration_us), sum(resolved),
           sum(escalated), sum(workaround), sum(unresolved), sum(csat_1), sum(csat_2), sum(csat_3), sum(csat_4), sum(csat_5)
      FROM rollup_src GROUP BY account_id, user_id, day, tree_id;
    DROP TABLE rollup_src;

    INSERT INTO rollup_node_daily
    SELECT tr.account_id, (t.created_at AT TIME ZONE a.timezone)::date, t.tree_id, t.node_id,
           count(*) FILTER (WHERE t.was_helpful), count(*) FILTER (WHERE NOT t.was_helpful)
      FROM step_ratings t JOIN trees tr ON tr.id = t.tree_id JOIN accounts a ON a.id = tr.account_id
     WHERE t.node_id IS NOT NULL AND (acc IS NULL OR tr.account_id = acc)
     GROUP BY 1, 2, 3, 4;
END;
$$;

-- A change of an account's time zone moves every local day: rebuild in the same transaction.
CREATE FUNCTION rollup_account_timezone_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rollup_rebuild(NEW.id);
    RETURN NULL;
END;
$$;

CREATE TRIGGER rollup_account_timezone AFTER UPDATE OF timezone ON accounts
    FOR EACH ROW WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone)
    EXECUTE FUNCTION rollup_account_timezone_trigger();

SELECT rollup_rebuild(NULL);

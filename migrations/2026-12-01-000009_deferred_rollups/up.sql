-- Deferred rollups (issue #17, the writes' budget): a session's or a rating's trigger no longer
-- updates the rollups in the writer's transaction. It appends one delta row to rollup_pending
-- (the instant that decides its local day, its flow and user, the changes to the twelve summed
-- columns), which costs about what the session's own row does. rollup_fold() moves the pending
-- deltas into the rollups of …_prefix_rollups and …_latest_prefix_rows in batches (one
-- rollup_add per account, local day, flow and user, however many writes it sums), deleting what
-- it applied in the same transaction. Every reader adds the deltas not folded yet, in the same
-- statement (one snapshot), so a figure is exact whether or not its writes were folded.
--
-- Locks: a writer holds (7000, account) shared until it commits, as before, so rollup_rebuild
-- (which takes it exclusively, recounts the raw rows and deletes the account's pending deltas) never
-- runs between a write and its delta. One folder at a time: rollup_fold() returns 0 when another
-- holds (7003, 0). It takes each account's lock shared before touching the account's deltas, in
-- account order, like a rebuild of every account; the entity locks of rollup_add then see no other
-- writer. The local day is computed when folding, in the account's zone then (a zone change
-- rebuilds the account, which deletes its deltas).
--
-- Thumbs (rollup_node_daily) stay synchronous.

CREATE TABLE rollup_pending (
    account_id  uuid        NOT NULL,
    at          timestamptz NOT NULL,
    tree_id     uuid        NOT NULL,
    user_id     uuid        NOT NULL,
    sessions    integer     NOT NULL,
    completed   integer     NOT NULL,
    duration_us bigint      NOT NULL,
    resolved    integer     NOT NULL,
    escalated   integer     NOT NULL,
    workaround  integer     NOT NULL,
    unresolved  integer     NOT NULL,
    csat_1      integer     NOT NULL,
    csat_2      integer     NOT NULL,
    csat_3      integer     NOT NULL,
    csat_4      integer     NOT NULL,
    csat_5      integer     NOT NULL
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
-- No index: the table holds the deltas of the last fraction of a second (the server folds every
-- 200 ms), and every index would be paid by every write.

CREATE FUNCTION rollup_sessions_trigger_deferred() RETURNS trigger LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF (OLD.account_id, OLD.tree_id, OLD.user_id, OLD.started_at, OLD.completed_at, OLD.outcome)
           IS NOT DISTINCT FROM
           (NEW.account_id, NEW.tree_id, NEW.user_id, NEW.started_at, NEW.completed_at, NEW.outcome) THEN
            RETURN NULL;
        END IF;
        -- The common update (completion, a new outcome) keeps the session in the same rows: one
        -- delta with the difference.
        IF (OLD.account_id, OLD.tree_id, OLD.user_id, OLD.started_at)
           = (NEW.account_id, NEW.tree_id, NEW.user_id, NEW.started_at) THEN
            PERFORM pg_advisory_xact_lock_shared(7000, uuid_hash(NEW.account_id));
            INSERT INTO rollup_pending VALUES (NEW.account_id, NEW.started_at, NEW.tree_id, NEW.user_id, 0,
                (NEW.completed_at IS NOT NULL)::integer - (OLD.completed_at IS NOT NULL)::integer,
                rollup_session_duration(NEW) - rollup_session_duration(OLD),
                (NEW.outcome IS NOT DISTINCT FROM 'resolved')::integer - (OLD.outcome IS NOT DISTINCT FROM 'resolved')::integer,
                (NEW.outcome IS NOT DISTINCT FROM 'escalated')::integer - (OLD.outcome IS NOT DISTINCT FROM 'escalated')::integer,
                (NEW.outcome IS NOT DISTINCT FROM 'workaround')::integer - (OLD.outcome IS NOT DISTINCT FROM 'workaround')::integer,
                (NEW.outcome IS NOT DISTINCT FROM 'unresolved')::integer - (OLD.outcome IS NOT DISTINCT FROM 'unresolved')::integer,
                0, 0, 0, 0, 0);
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM pg_advisory_xact_lock_shared(7000, uuid_hash(OLD.account_id));
        INSERT INTO rollup_pending VALUES (OLD.account_id, OLD.started_at, OLD.tree_id, OLD.user_id, -1, -1 * (OLD.completed_at IS NOT NULL)::integer, -1 * rollup_session_duration(OLD),
                -1 * (OLD.outcome IS NOT DISTINCT FROM 'resolved')::integer,
                -1 * (OLD.outcome IS NOT DISTINCT FROM 'escalated')::integer,
                -1 * (OLD.outcome IS NOT DISTINCT FROM 'workaround')::integer,
                -1 * (OLD.outcome IS NOT DISTINCT FROM 'unresolved')::integer,
                0, 0, 0, 0, 0);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM pg_advisory_xact_lock_shared(7000, uuid_hash(NEW.account_id));
        INSERT INTO rollup_pending VALUES (NEW.account_id, NEW.started_at, NEW.tree_id, NEW.user_id, 1, 1 * (NEW.completed_at IS NOT NULL)::integer, 1 * rollup_session_duration(NEW),
                1 * (NEW.outcome IS NOT DISTINCT FROM 'resolved')::integer,
                1 * (NEW.outcome IS NOT DISTINCT FROM 'escalated')::integer,
                1 * (NEW.outcome IS NOT DISTINCT FROM 'workaround')::integer,
                1 * (NEW.outcome IS NOT DISTINCT FROM 'unresolved')::integer,
                0, 0, 0, 0, 0);
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION rollup_ratings_trigger_deferred() RETURNS trigger LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF (OLD.account_id, OLD.tree_id, OLD.user_id, OLD.rating, OLD.created_at)
           IS NOT DISTINCT FROM (NEW.account_id, NEW.tree_id, NEW.user_id, NEW.rating, NEW.created_at) THEN
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM pg_advisory_xact_lock_shared(7000, uuid_hash(OLD.account_id));
        INSERT INTO rollup_pending VALUES (OLD.account_id, OLD.created_at, OLD.tree_id, OLD.user_id, 0, 0, 0, 0, 0, 0, 0,
                -1 * (OLD.rating = 1)::integer, -1 * (OLD.rating = 2)::integer, -1 * (OLD.rating = 3)::integer,
                -1 * (OLD.rating = 4)::integer, -1 * (OLD.rating = 5)::integer);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM pg_advisory_xact_lock_shared(7000, uuid_hash(NEW.account_id));
        INSERT INTO rollup_pending VALUES (NEW.account_id, NEW.created_at, NEW.tree_id, NEW.user_id, 0, 0, 0, 0, 0, 0, 0,
                1 * (NEW.rating = 1)::integer, 1 * (NEW.rating = 2)::integer, 1 * (NEW.rating = 3)::integer,
                1 * (NEW.rating = 4)::integer, 1 * (NEW.rating = 5)::integer);
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER rollup_sessions ON sessions;
CREATE TRIGGER rollup_sessions AFTER INSERT OR UPDATE OR DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION rollup_sessions_trigger_deferred();
DROP TRIGGER rollup_session_ratings ON session_ratings;
CREATE TRIGGER rollup_session_ratings AFTER INSERT OR UPDATE OR DELETE ON session_ratings
    FOR EACH ROW EXECUTE FUNCTION rollup_ratings_trigger_deferred();

-- One folded delta: an account's local day, flow and user with the sums of its pending rows.
CREATE TYPE rollup_delta AS (
    day date, tree_id uuid, user_id uuid,
    sessions integer, completed integer, duration_us bigint,
    resolved integer, escalated integer, workaround integer, unresolved integer,
    csat_1 integer, csat_2 integer, csat_3 integer, csat_4 integer, csat_5 integer
);

-- Folds every pending delta committed so far into the rollups; returns the number of deltas
-- applied (0 when another folder is at work).
CREATE FUNCTION rollup_fold() RETURNS bigint LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    acc uuid;
    tz text;
    batch rollup_delta[];
    g rollup_delta;
    n bigint := 0;
BEGIN
    IF NOT pg_try_advisory_xact_lock(7003, 0) THEN
        RETURN 0;
    END IF;
    FOR acc IN SELECT DISTINCT p.account_id FROM rollup_pending p ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock_shared(7000, uuid_hash(acc));
        SELECT timezone INTO tz FROM accounts WHERE id = acc;
        IF tz IS NULL THEN
            -- The account is gone, and with it what its deltas counted.
            DELETE FROM rollup_pending WHERE account_id = acc;
            CONTINUE;
        END IF;
        -- Taken and summed in one statement: a delta committed meanwhile stays for the next fold.
        WITH taken AS (DELETE FROM rollup_pending p WHERE p.account_id = acc RETURNING p.*)
        SELECT array_agg(ROW(t.day, t.tree_id, t.user_id, t.sessions, t.completed, t.duration_us, t.resolved,
                             t.escalated, t.workaround, t.unresolved, t.csat_1, t.csat_2, t.csat_3, t.csat_4,
                             t.csat_5)::rollup_delta ORDER BY t.tree_id, t.user_id, t.day)
          INTO batch
          FROM (SELECT (at AT TIME ZONE tz)::date AS day, tree_id, user_id,
                       sum(sessions)::integer AS sessions, sum(completed)::integer AS completed, sum(duration_us)::bigint AS duration_us, sum(resolved)::integer AS resolved, sum(escalated)::integer AS escalated, sum(workaround)::integer AS workaround, sum(unresolved)::integer AS unresolved, sum(csat_1)::integer AS csat_1, sum(csat_2)::integer AS csat_2, sum(csat_3)::integer AS csat_3, sum(csat_4)::integer AS csat_4, sum(csat_5)::integer AS csat_5
                  FROM taken GROUP BY 1, 2, 3) t;
        IF batch IS NULL THEN
            CONTINUE;
        END IF;
        FOREACH g IN ARRAY batch LOOP
            PERFORM rollup_add(acc, g.day, g.tree_id, g.user_id, g.sessions, g.completed, g.duration_us,
                               g.resolved, g.escalated, g.workaround, g.unresolved,
                               g.csat_1, g.csat_2, g.csat_3, g.csat_4, g.csat_5);
            n := n + 1;
        END LOOP;
    END LOOP;
    RETURN n;
END;
$$;

-- As in …_latest_prefix_rows, and the account's pending deltas go: the recount has them.
CREATE OR REPLACE FUNCTION rollup_rebuild(acc uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7000, uuid_hash(a.id))
       FROM (SELECT id FROM accounts WHERE acc IS NULL OR id = acc ORDER BY id) a;

    -- The recount below covers every committed write, folded or not (no writer of the account is
    -- in flight: each holds the lock shared until it commits).
    DELETE FROM rollup_pending WHERE acc IS NULL OR account_id = acc;
    DELETE FROM rollup_account_daily WHERE acc IS NULL OR account_id = acc;
    DELETE FROM rollup_flow_cum WHERE acc IS NULL OR account_id = acc;
    DELETE FROM rollup_user_cum WHERE acc IS NULL OR account_id = acc;
    DELETE FROM rollup_user_flow_cum WHERE acc IS NULL OR account_id = acc;
    DELETE FROM rollup_node_daily WHERE acc IS NULL OR account_id = acc;

    -- One row per (account, local day, flow, user).
    CREATE TEMP TABLE rollup_src ON COMMIT DROP AS
    SELECT account_id, day, tree_id, user_id, sum(sessions)::bigint AS sessions, sum(completed)::bigint AS completed, sum(duration_us)::bigint AS duration_us, sum(resolved)::bigint AS resolved, sum(escalated)::bigint AS escalated, sum(workaround)::bigint AS workaround, sum(unresolved)::bigint AS unresolved, sum(csat_1)::bigint AS csat_1, sum(csat_2)::bigint AS csat_2, sum(csat_3)::bigint AS csat_3, sum(csat_4)::bigint AS csat_4, sum(csat_5)::bigint AS csat_5
      FROM (
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
         WHERE acc IS NULL OR r.account_id = acc) src
     GROUP BY account_id, day, tree_id, user_id;

    INSERT INTO rollup_account_daily (account_id, day, sessions, completed, duration_us, resolved, escalated, workaround, unresolved, csat_1, csat_2, csat_3, csat_4, csat_5)
    SELECT account_id, day, sum(sessions), sum(completed), sum(duration_us), sum(resolved), sum(escalated), sum(workaround), sum(unresolved), sum(csat_1), sum(csat_2), sum(csat_3), sum(csat_4), sum(csat_5)
      FROM rollup_src GROUP BY account_id, day;
    INSERT INTO rollup_flow_cum (account_id, tree_id, day, sessions, completed, duration_us, resolved, escalated, workaround, unresolved, csat_1, csat_2, csat_3, csat_4, csat_5, is_latest)
    SELECT account_id, tree_id, day,
           sum(sum(sessions)) OVER w,
           sum(sum(completed)) OVER w,
           sum(sum(duration_us)) OVER w,
           sum(sum(resolved)) OVER w,
           sum(sum(escalated)) OVER w,
           sum(sum(workaround)) OVER w,
           sum(sum(unresolved)) OVER w,
           sum(sum(csat_1)) OVER w,
           sum(sum(csat_2)) OVER w,
           sum(sum(csat_3)) OVER w,
           sum(sum(csat_4)) OVER w,
           sum(sum(csat_5)) OVER w,
           lead(day) OVER w IS NULL
      FROM rollup_src GROUP BY account_id, tree_id, day
    WINDOW w AS (PARTITION BY account_id, tree_id ORDER BY day);
    INSERT INTO rollup_user_cum (account_id, user_id, day, sessions, completed, duration_us, resolved, escalated, workaround, unresolved, csat_1, csat_2, csat_3, csat_4, csat_5, is_latest)
    SELECT account_id, user_id, day,
           sum(sum(sessions)) OVER w,
           sum(sum(completed)) OVER w,
           sum(sum(duration_us)) OVER w,
           sum(sum(resolved)) OVER w,
           sum(sum(escalated)) OVER w,
           sum(sum(workaround)) OVER w,
           sum(sum(unresolved)) OVER w,
           sum(sum(csat_1)) OVER w,
           sum(sum(csat_2)) OVER w,
           sum(sum(csat_3)) OVER w,
           sum(sum(csat_4)) OVER w,
           sum(sum(csat_5)) OVER w,
           lead(day) OVER w IS NULL
      FROM rollup_src GROUP BY account_id, user_id, day
    WINDOW w AS (PARTITION BY account_id, user_id ORDER BY day);
    INSERT INTO rollup_user_flow_cum (account_id, user_id, tree_id, day, sessions, completed, duration_us, resolved, escalated, workaround, unresolved, csat_1, csat_2, csat_3, csat_4, csat_5, is_latest)
    SELECT account_id, user_id, tree_id, day,
           sum(sessions) OVER w,
           sum(completed) OVER w,
           sum(duration_us) OVER w,
           sum(resolved) OVER w,
           sum(escalated) OVER w,
           sum(workaround) OVER w,
           sum(unresolved) OVER w,
           sum(csat_1) OVER w,
           sum(csat_2) OVER w,
           sum(csat_3) OVER w,
           sum(csat_4) OVER w,
           sum(csat_5) OVER w,
           lead(day) OVER w IS NULL
      FROM rollup_src
    WINDOW w AS (PARTITION BY account_id, user_id, tree_id ORDER BY day);
    DROP TABLE rollup_src;

    INSERT INTO rollup_node_daily
    SELECT tr.account_id, (t.created_at AT TIME ZONE a.timezone)::date, t.tree_id, t.node_id,
           count(*) FILTER (WHERE t.was_helpful), count(*) FILTER (WHERE NOT t.was_helpful)
      FROM step_ratings t JOIN trees tr ON tr.id = t.tree_id JOIN accounts a ON a.id = tr.account_id
     WHERE t.node_id IS NOT NULL AND (acc IS NULL OR tr.account_id = acc)
     GROUP BY 1, 2, 3, 4;
END;
$$;

-- The latest prefix row of each entity is flagged (issue #17): a window that reaches an
-- entity's latest day (every window ending today) reads its upper rows of the whole account in one
-- range scan of a partial index, instead of one index probe per flow or user; only the rows before
-- the window remain probes. Writers keep the flag under the entity's lock: only a row created after
-- every other row of its entity takes it (once per entity and day), from the row that had it.

ALTER TABLE rollup_flow_cum ADD COLUMN is_latest boolean NOT NULL DEFAULT false;
ALTER TABLE rollup_user_cum ADD COLUMN is_latest boolean NOT NULL DEFAULT false;
ALTER TABLE rollup_user_flow_cum ADD COLUMN is_latest boolean NOT NULL DEFAULT false;

UPDATE rollup_flow_cum r SET is_latest = true
  FROM (SELECT account_id, tree_id, max(day) AS day FROM rollup_flow_cum GROUP BY 1, 2) m
 WHERE (r.account_id, r.tree_id, r.day) = (m.account_id, m.tree_id, m.day);
UPDATE rollup_user_cum r SET is_latest = true
  FROM (SELECT account_id, user_id, max(day) AS day FROM rollup_user_cum GROUP BY 1, 2) m
 WHERE (r.account_id, r.user_id, r.day) = (m.account_id, m.user_id, m.day);
UPDATE rollup_user_flow_cum r SET is_latest = true
  FROM (SELECT account_id, user_id, tree_id, max(day) AS day FROM rollup_user_flow_cum GROUP BY 1, 2, 3) m
 WHERE (r.account_id, r.user_id, r.tree_id, r.day) = (m.account_id, m.user_id, m.tree_id, m.day);

-- Keyed by day so that a window's upper rows are one range (the latest rows inside the window),
-- and the entities whose latest row lies after it (a window ending in the past) another.
CREATE INDEX ix_rollup_flow_cum_latest ON rollup_flow_cum (account_id, day) INCLUDE (tree_id) WHERE is_latest;
CREATE INDEX ix_rollup_user_cum_latest ON rollup_user_cum (account_id, day) INCLUDE (user_id) WHERE is_latest;
CREATE INDEX ix_rollup_user_flow_cum_latest ON rollup_user_flow_cum (account_id, user_id, day) INCLUDE (tree_id)
    WHERE is_latest;

-- As in …_prefix_rollups, and the row created after every other row of its entity takes the flag.
-- Its statements run on generic plans: each is an index lookup by the entity's key whatever the
-- values, and PL/pgSQL's default kept planning them anew on every write (a custom plan of
-- `day >= d` for today looks cheaper than the generic one), which cost about as much as running
-- them. The trigger functions that call it get the same setting (see the end of this file).
CREATE OR REPLACE FUNCTION rollup_add(acc uuid, d date, tree uuid, usr uuid, n integer, c integer, dur bigint,
                           o_r integer, o_e integer, o_w integer, o_u integer,
                           c1 integer, c2 integer, c3 integer, c4 integer, c5 integer)
RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    m date;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(7000, uuid_hash(acc));

    PERFORM pg_advisory_xact_lock(7001, uuid_hash(tree));
    -- The flow.
    WITH u AS (
        UPDATE rollup_flow_cum r
           SET sessions = r.sessions + n,
               completed = r.completed + c,
               duration_us = r.duration_us + dur,
               resolved = r.resolved + o_r,
               escalated = r.escalated + o_e,
               workaround = r.workaround + o_w,
               unresolved = r.unresolved + o_u,
               csat_1 = r.csat_1 + c1,
               csat_2 = r.csat_2 + c2,
               csat_3 = r.csat_3 + c3,
               csat_4 = r.csat_4 + c4,
               csat_5 = r.csat_5 + c5
         WHERE r.account_id = acc AND r.tree_id = tree AND r.day >= d
        RETURNING r.day)
    SELECT min(u.day) INTO m FROM u;
    IF m IS DISTINCT FROM d THEN
        IF m IS NULL THEN
            -- d is after every row of the entity: its row becomes the latest.
            UPDATE rollup_flow_cum SET is_latest = false
             WHERE account_id = acc AND tree_id = tree AND is_latest
               AND day = (SELECT max(p.day) FROM rollup_flow_cum p WHERE p.account_id = acc AND p.tree_id = tree AND p.day < d);
        END IF;
        INSERT INTO rollup_flow_cum (account_id, tree_id, day, sessions, completed, duration_us, resolved, escalated, workaround, unresolved, csat_1, csat_2, csat_3, csat_4, csat_5, is_latest)
        SELECT acc, tree, d, coalesce(p.sessions, 0) + n, coalesce(p.completed, 0) + c, coalesce(p.duration_us, 0) + dur, coalesce(p.resolved, 0) + o_r, coalesce(p.escalated, 0) + o_e, coalesce(p.workaround, 0) + o_w, coalesce(p.unresolved, 0) + o_u, coalesce(p.csat_1, 0) + c1, coalesce(p.csat_2, 0) + c2, coalesce(p.csat_3, 0) + c3, coalesce(p.csat_4, 0) + c4, coalesce(p.csat_5, 0) + c5, m IS NULL
          FROM (SELECT 1) one
          LEFT JOIN LATERAL (SELECT * FROM rollup_flow_cum p
                              WHERE p.account_id = acc AND p.tree_id = tree AND p.day < d
                              ORDER BY p.day DESC LIMIT 1) p ON true;
    END IF;

    PERFORM pg_advisory_xact_lock(7002, uuid_hash(usr));
    -- The user.
    WITH u AS (
        UPDATE rollup_user_cum r
           SET sessions = r.sessions + n,
               completed = r.completed + c,
               duration_us = r.duration_us + dur,
               resolved = r.resolved + o_r,
               escalated = r.escalated + o_e,
               workaround = r.workaround + o_w,
               unresolved = r.unresolved + o_u,
               csat_1 = r.csat_1 + c1,
               csat_2 = r.csat_2 + c2,
               csat_3 = r.csat_3 + c3,
               csat_4 = r.csat_4 + c4,
               csat_5 = r.csat_5 + c5
         WHERE r.account_id = acc AND r.user_id = usr AND r.day >= d
        RETURNING r.day)
    SELECT min(u.day) INTO m FROM u;
    IF m IS DISTINCT FROM d THEN
        IF m IS NULL THEN
            -- d is after every row of the entity: its row becomes the latest.
            UPDATE rollup_user_cum SET is_latest = false
             WHERE account_id = acc AND user_id = usr AND is_latest
               AND day = (SELECT max(p.day) FROM rollup_user_cum p WHERE p.account_id = acc AND p.user_id = usr AND p.day < d);
        END IF;
        INSERT INTO rollup_user_cum (account_id, user_id, day, sessions, completed, duration_us, resolved, escalated, workaround, unresolved, csat_1, csat_2, csat_3, csat_4, csat_5, is_latest)
        SELECT acc, usr, d, coalesce(p.sessions, 0) + n, coalesce(p.completed, 0) + c, coalesce(p.duration_us, 0) + dur, coalesce(p.resolved, 0) + o_r, coalesce(p.escalated, 0) + o_e, coalesce(p.workaround, 0) + o_w, coalesce(p.unresolved, 0) + o_u, coalesce(p.csat_1, 0) + c1, coalesce(p.csat_2, 0) + c2, coalesce(p.csat_3, 0) + c3, coalesce(p.csat_4, 0) + c4, coalesce(p.csat_5, 0) + c5, m IS NULL
          FROM (SELECT 1) one
          LEFT JOIN LATERAL (SELECT * FROM rollup_user_cum p
                              WHERE p.account_id = acc AND p.user_id = usr AND p.day < d
                              ORDER BY p.day DESC LIMIT 1) p ON true;
    END IF;

    -- The user on this flow (under the user's lock).
    WITH u AS (
        UPDATE rollup_user_flow_cum r
           SET sessions = r.sessions + n,
               completed = r.completed + c,
               duration_us = r.duration_us + dur,
               resolved = r.resolved + o_r,
               escalated = r.escalated + o_e,
               workaround = r.workaround + o_w,
               unresolved = r.unresolved + o_u,
               csat_1 = r.csat_1 + c1,
               csat_2 = r.csat_2 + c2,
               csat_3 = r.csat_3 + c3,
               csat_4 = r.csat_4 + c4,
               csat_5 = r.csat_5 + c5
         WHERE r.account_id = acc AND r.user_id = usr AND r.tree_id = tree AND r.day >= d
        RETURNING r.day)
    SELECT min(u.day) INTO m FROM u;
    IF m IS DISTINCT FROM d THEN
        IF m IS NULL THEN
            -- d is after every row of the entity: its row becomes the latest.
            UPDATE rollup_user_flow_cum SET is_latest = false
             WHERE account_id = acc AND user_id = usr AND tree_id = tree AND is_latest
               AND day = (SELECT max(p.day) FROM rollup_user_flow_cum p WHERE p.account_id = acc AND p.user_id = usr AND p.tree_id = tree AND p.day < d);
        END IF;
        INSERT INTO rollup_user_flow_cum (account_id, user_id, tree_id, day, sessions, completed, duration_us, resolved, escalated, workaround, unresolved, csat_1, csat_2, csat_3, csat_4, csat_5, is_latest)
        SELECT acc, usr, tree, d, coalesce(p.sessions, 0) + n, coalesce(p.completed, 0) + c, coalesce(p.duration_us, 0) + dur, coalesce(p.resolved, 0) + o_r, coalesce(p.escalated, 0) + o_e, coalesce(p.workaround, 0) + o_w, coalesce(p.unresolved, 0) + o_u, coalesce(p.csat_1, 0) + c1, coalesce(p.csat_2, 0) + c2, coalesce(p.csat_3, 0) + c3, coalesce(p.csat_4, 0) + c4, coalesce(p.csat_5, 0) + c5, m IS NULL
          FROM (SELECT 1) one
          LEFT JOIN LATERAL (SELECT * FROM rollup_user_flow_cum p
                              WHERE p.account_id = acc AND p.user_id = usr AND p.tree_id = tree AND p.day < d
                              ORDER BY p.day DESC LIMIT 1) p ON true;
    END IF;

    -- Last: the row of (account, d) is shared by every writer of the account on that day, so it
    -- is locked after the entity locks (a writer never waits for one of those while holding it).
    INSERT INTO rollup_account_daily AS x (account_id, day, sessions, completed, duration_us, resolved, escalated, workaround, unresolved, csat_1, csat_2, csat_3, csat_4, csat_5)
    VALUES (acc, d, n, c, dur, o_r, o_e, o_w, o_u, c1, c2, c3, c4, c5)
    ON CONFLICT (account_id, day) DO UPDATE SET
        sessions = x.sessions + EXCLUDED.sessions,
        completed = x.completed + EXCLUDED.completed,
        duration_us = x.duration_us + EXCLUDED.duration_us,
        resolved = x.resolved + EXCLUDED.resolved,
        escalated = x.escalated + EXCLUDED.escalated,
        workaround = x.workaround + EXCLUDED.workaround,
        unresolved = x.unresolved + EXCLUDED.unresolved,
        csat_1 = x.csat_1 + EXCLUDED.csat_1,
        csat_2 = x.csat_2 + EXCLUDED.csat_2,
        csat_3 = x.csat_3 + EXCLUDED.csat_3,
        csat_4 = x.csat_4 + EXCLUDED.csat_4,
        csat_5 = x.csat_5 + EXCLUDED.csat_5;
END;
$$;

-- As in …_prefix_rollups, and each entity's last row is flagged.
CREATE OR REPLACE FUNCTION rollup_rebuild(acc uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7000, uuid_hash(a.id))
       FROM (SELECT id FROM accounts WHERE acc IS NULL OR id = acc ORDER BY id) a;

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

-- The other statements of a session's or a rating's trigger: one row by key each.
ALTER FUNCTION rollup_sessions_trigger() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION rollup_session_apply(sessions, integer) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION rollup_ratings_trigger() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION rollup_rating_apply(session_ratings, integer) SET plan_cache_mode = force_generic_plan;

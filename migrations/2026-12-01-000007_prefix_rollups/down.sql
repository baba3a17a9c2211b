-- Back to the daily rollups of …_rollups (their tables, writers and rebuild), rebuilt from the raw rows.

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

CREATE OR REPLACE FUNCTION rollup_session_add(acc uuid, d date, tree uuid, usr uuid, n integer, c integer, dur bigint,
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

CREATE OR REPLACE FUNCTION rollup_rating_apply(r session_ratings, sign integer) RETURNS void LANGUAGE plpgsql AS $$
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

CREATE OR REPLACE FUNCTION rollup_rebuild(acc uuid) RETURNS void LANGUAGE plpgsql AS $$
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

DROP FUNCTION rollup_add(uuid, date, uuid, uuid, integer, integer, bigint, integer, integer, integer, integer,
                        integer, integer, integer, integer, integer);
DROP TABLE rollup_account_daily, rollup_flow_cum, rollup_user_cum, rollup_user_flow_cum;

SELECT rollup_rebuild(NULL);

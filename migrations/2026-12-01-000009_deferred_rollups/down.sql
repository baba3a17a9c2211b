-- Back to the synchronous triggers of …_latest_prefix_rows, after folding what is pending.

SELECT rollup_fold();
DROP TRIGGER rollup_sessions ON sessions;
CREATE TRIGGER rollup_sessions AFTER INSERT OR UPDATE OR DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION rollup_sessions_trigger();
DROP TRIGGER rollup_session_ratings ON session_ratings;
CREATE TRIGGER rollup_session_ratings AFTER INSERT OR UPDATE OR DELETE ON session_ratings
    FOR EACH ROW EXECUTE FUNCTION rollup_ratings_trigger();
DROP FUNCTION rollup_fold();
DROP TYPE rollup_delta;
DROP FUNCTION rollup_sessions_trigger_deferred();
DROP FUNCTION rollup_ratings_trigger_deferred();

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

DROP TABLE rollup_pending;

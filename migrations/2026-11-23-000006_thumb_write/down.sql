DROP FUNCTION thumb_upsert(uuid, uuid, uuid, uuid, uuid, text, boolean, timestamptz);

-- The definitions of 2026-01-01-000001_baseline and 2026-01-01-000005_rollups, as they were.
CREATE OR REPLACE FUNCTION step_ratings_counters() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE OR REPLACE FUNCTION rollup_thumbs_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
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

DROP FUNCTION rollup_thumb_add(step_ratings, integer, integer);

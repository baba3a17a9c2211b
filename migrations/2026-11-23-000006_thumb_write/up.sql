-- A thumb is written in one round trip, and a changed thumb moves its counters and its rollup row
-- in one statement each instead of two.

-- The counters of step_library: a vote changed on the same step is one UPDATE of the difference.
CREATE OR REPLACE FUNCTION step_ratings_counters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.step_id = NEW.step_id THEN
        IF OLD.was_helpful IS DISTINCT FROM NEW.was_helpful THEN
            UPDATE step_library
               SET helpful_yes = helpful_yes + (NEW.was_helpful)::int - (OLD.was_helpful)::int,
                   helpful_no  = helpful_no  + (NOT NEW.was_helpful)::int - (NOT OLD.was_helpful)::int
             WHERE id = NEW.step_id;
        END IF;
        RETURN NULL;
    END IF;
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

-- Adds (yes, no) to the node rollup row of thumb t (its flow, node and local day).
CREATE FUNCTION rollup_thumb_add(t step_ratings, yes integer, no integer) RETURNS void LANGUAGE plpgsql AS $$
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
    VALUES (acc, (t.created_at AT TIME ZONE tz)::date, t.tree_id, t.node_id, yes, no)
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
        -- Only the vote changed: one upsert of the difference on the same row.
        IF (OLD.tree_id, OLD.node_id, OLD.created_at) IS NOT DISTINCT FROM (NEW.tree_id, NEW.node_id, NEW.created_at) THEN
            PERFORM rollup_thumb_add(NEW, NEW.was_helpful::integer - OLD.was_helpful::integer,
                                          (NOT NEW.was_helpful)::integer - (NOT OLD.was_helpful)::integer);
            RETURN NULL;
        END IF;
    END IF;
    -- A thumb moved between nodes touches two rollup rows: lock them in key order, so that two
    -- thumbs moving in opposite directions cannot deadlock.
    IF TG_OP = 'UPDATE' AND (NEW.tree_id, NEW.node_id, NEW.created_at) < (OLD.tree_id, OLD.node_id, OLD.created_at) THEN
        PERFORM rollup_thumb_add(NEW, NEW.was_helpful::integer, (NOT NEW.was_helpful)::integer);
        PERFORM rollup_thumb_add(OLD, -(OLD.was_helpful::integer), -((NOT OLD.was_helpful)::integer));
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM rollup_thumb_add(OLD, -(OLD.was_helpful::integer), -((NOT OLD.was_helpful)::integer));
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM rollup_thumb_add(NEW, NEW.was_helpful::integer, (NOT NEW.was_helpful)::integer);
    END IF;
    RETURN NULL;
END;
$$;

DROP FUNCTION rollup_thumb_apply(step_ratings, integer);

-- Inserts or updates the thumb of (step, user, session) and returns whether it was inserted
-- (true), updated (false) or left as it was (null: same vote at the same node), with the step's
-- counters after the write. The triggers above run inside the INSERT; the SELECT after it sees
-- their change, and the step's row stays locked by this transaction until it commits, so the
-- counters are exactly those after this write. `xmax = 0` tells an inserted row from an updated
-- one, also under concurrent writers.
CREATE FUNCTION thumb_upsert(p_id uuid, p_step uuid, p_user uuid, p_session uuid, p_tree uuid, p_node text,
                             p_helpful boolean, p_at timestamptz,
                             OUT inserted boolean, OUT helpful_yes integer, OUT helpful_no integer)
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO step_ratings AS r (id, step_id, user_id, session_id, tree_id, node_id, was_helpful, created_at, updated_at)
    VALUES (p_id, p_step, p_user, p_session, p_tree, p_node, p_helpful, p_at, p_at)
    ON CONFLICT (step_id, user_id, session_id) DO UPDATE
       SET was_helpful = EXCLUDED.was_helpful,
           tree_id     = EXCLUDED.tree_id,
           node_id     = EXCLUDED.node_id,
           updated_at  = EXCLUDED.updated_at
     WHERE r.was_helpful IS DISTINCT FROM EXCLUDED.was_helpful
        OR r.node_id IS DISTINCT FROM EXCLUDED.node_id
        OR r.tree_id IS DISTINCT FROM EXCLUDED.tree_id
    RETURNING (r.xmax = 0) INTO inserted;
    SELECT l.helpful_yes, l.helpful_no INTO helpful_yes, helpful_no FROM step_library l WHERE l.id = p_step;
END;
$$;

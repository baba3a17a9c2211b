-- Every prefix row keyed by day, for the readers' rows "just before the window".
--
-- A window's totals per flow or user are its upper row minus the entity's latest row before the
-- window's first day. An entity active on the day before the window has that row on that very
-- day, so the rows of all such entities are one range scan of the account's (or the user's) rows
-- of that day, joined by hash, instead of one `LIMIT 1` probe per entity (3-4 buffers each: 800
-- for 200 flows). Only the entities without a row on that day are still probed. The partial
-- indexes of …_latest_prefix_rows stay: they give the upper rows.
--
-- Only the folder (…_deferred_rollups) and the rebuild write these tables, so the writers'
-- transactions do not pay for the new entries; updates of a row's sums leave the day unchanged
-- and stay heap-only when the page has room.
CREATE INDEX ix_rollup_flow_cum_day ON rollup_flow_cum (account_id, day);
CREATE INDEX ix_rollup_user_cum_day ON rollup_user_cum (account_id, day);
CREATE INDEX ix_rollup_user_flow_cum_day ON rollup_user_flow_cum (account_id, user_id, day);

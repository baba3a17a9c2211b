DROP INDEX ix_sessions_account_completed;
DROP TABLE session_ratings;

//! Flow feedback rules: sessions, step thumbs, session CSAT.

//! Conversation access levels.

//! Port of the conversations capability.

/// Storage of the conversations capability.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait ConversationRepo: Send + Sync {}

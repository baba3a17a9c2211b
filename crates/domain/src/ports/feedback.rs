//! Port of the feedback capability.

/// Storage of the feedback capability.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait FeedbackRepo: Send + Sync {}

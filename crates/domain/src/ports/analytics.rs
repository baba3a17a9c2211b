//! Port of the analytics capability.

/// Storage of the analytics capability.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait AnalyticsRepo: Send + Sync {}

//! Port of the nps capability.

/// Storage of the nps capability.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait NpsRepo: Send + Sync {}

//! Analytics periods.

//! End-to-end tests of the conversations capability.

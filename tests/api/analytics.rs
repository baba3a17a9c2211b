//! End-to-end tests of the analytics capability.

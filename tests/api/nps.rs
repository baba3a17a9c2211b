//! End-to-end tests of the nps capability.

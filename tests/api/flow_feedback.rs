//! End-to-end tests of the flow_feedback capability.

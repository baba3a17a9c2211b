//! Insights domain: the types and rules of flow feedback, analytics periods, NPS and conversation
//! access, and the ports (repository traits) the persistence crate implements.
//!
//! Pure: no IO, no diesel, no actix. Other Rust services link this crate to reuse the rules.

pub mod access;
pub mod actor;
pub mod catalog;
pub mod conversations;
pub mod error;
pub mod feedback;
pub mod nps;
pub mod page;
pub mod period;
pub mod ports;
pub mod text;
pub mod time;

pub use actor::{Actor, Role};
pub use error::{ConflictCode, Error, FieldError, Result};

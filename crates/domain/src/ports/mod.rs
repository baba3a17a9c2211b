//! Ports: the repository traits the persistence crate implements. Synchronous (diesel + r2d2 is
//! blocking; the api runs them on the blocking pool), `Send + Sync`, mockable with mockall
//! (feature `mocks`). Each method's `# Errors` names the variant the adapter must return; no
//! storage error type crosses a port.

mod analytics;
mod catalog;
mod conversations;
mod feedback;
mod nps;
mod users;

pub use analytics::*;
pub use catalog::*;
pub use conversations::*;
pub use feedback::*;
pub use nps::*;
pub use users::*;

//! Insights HTTP shell: actix-web handlers, authentication, the error table and the OpenAPI
//! document. Thin: parse, authorize, call the domain, serialize. No SQL here.

pub mod app;
pub mod auth;
pub mod dto;
pub mod error;
pub mod hygiene;
pub mod metrics;
pub mod openapi;
pub mod routes;
pub mod state;

pub use app::build_app;
pub use auth::{Authenticator, JwtKey};
pub use error::ApiError;
pub use state::{ApiSettings, AppState, Ports, Services};

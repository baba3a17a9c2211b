//! Routes of the analytics capability.

use actix_web::web;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi()]
pub struct Doc;

pub fn configure(_cfg: &mut web::ServiceConfig) {}

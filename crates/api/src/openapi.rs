//! The OpenAPI 3.1 document, generated from the handlers and DTOs of every capability.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(title = "Insights", description = "Feedback and analytics service of ResolutionFlow.", license(name = "Proprietary")),
    modifiers(&BearerAuth),
    components(schemas(crate::error::ErrorEnvelope, crate::error::ErrorBody, crate::error::ErrorDetail, crate::dto::Pagination)),
)]
struct Base;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
            );
        }
    }
}

/// The whole document.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = Base::openapi();
    doc.merge(routes::ops::Doc::openapi());
    doc.merge(routes::flow_feedback::Doc::openapi());
    doc.merge(routes::analytics::Doc::openapi());
    doc.merge(routes::conversations::Doc::openapi());
    doc.merge(routes::nps::Doc::openapi());
    doc
}

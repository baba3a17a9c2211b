//! The OpenAPI 3.1 document, generated from the handlers and DTOs of every capability, then
//! completed by [`complete`] with what holds for every operation (so that no handler can forget
//! it): the error statuses any operation can answer, and which response fields are always present.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(title = "Insights", description = "Feedback and analytics service of ResolutionFlow.", license(name = "Proprietary")),
    modifiers(&BearerAuth),
    components(schemas(
        crate::error::ErrorEnvelope,
        crate::error::ErrorBody,
        crate::error::ErrorDetail,
        crate::dto::Pagination,
        crate::dto::doc::Outcome,
        crate::dto::doc::MessageRole,
        crate::dto::doc::MessageRating,
        crate::dto::doc::RatingFilter,
        crate::dto::doc::Permission,
        crate::dto::doc::Scope,
        crate::dto::doc::Period,
    )),
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

/// Response fields that serde leaves out when they are `None` (`skip_serializing_if`): the only
/// ones a response may lack. Every other field of a response is always present (`Option` fields
/// as `null`), so it is listed as required.
const OMITTABLE: &[(&str, &str)] = &[
    ("ActiveSurveyDto", "campaign"),
    ("ActiveSurveyDto", "already_responded"),
    ("ActiveSurveyDto", "question"),
    ("ErrorBody", "details"),
    ("Status", "replica"),
];

/// The whole document.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = Base::openapi();
    doc.merge(routes::ops::Doc::openapi());
    doc.merge(routes::catalog::Doc::openapi());
    doc.merge(routes::flow_feedback::Doc::openapi());
    doc.merge(routes::analytics::Doc::openapi());
    doc.merge(routes::conversations::Doc::openapi());
    doc.merge(routes::nps::Doc::openapi());
    let Ok(mut value) = serde_json::to_value(&doc) else { return doc };
    complete(&mut value);
    serde_json::from_value(value).unwrap_or(doc)
}

/// Completes the generated document (as JSON):
/// - every `/api/v1` operation documents the errors any of them can give: 401 when it needs a
///   token, 400 when it takes parameters or a body (bad ids, duplicate query keys, bad JSON),
///   408 and 413 when it takes a body, 503 (database unavailable) and 500 — each with the error envelope;
/// - every field of a response schema is required unless `OMITTABLE` says otherwise (utoipa
///   leaves `Option` fields out of `required`, though serde always writes them, as `null`).
pub fn complete(doc: &mut Value) {
    let request_schemas = request_schemas(doc);
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            if !path.starts_with("/api/v1/") || path == "/api/v1/config" {
                continue;
            }
            let Some(item) = item.as_object_mut() else { continue };
            for op in item.values_mut().filter_map(Value::as_object_mut) {
                complete_operation(op);
            }
        }
    }
    if let Some(schemas) = doc.pointer_mut("/components/schemas").and_then(Value::as_object_mut) {
        for (name, schema) in schemas.iter_mut() {
            if !request_schemas.contains(name) {
                require_all(name, schema);
            }
        }
    }
}

fn complete_operation(op: &mut Map<String, Value>) {
    let secured = op.get("security").and_then(Value::as_array).is_some_and(|s| !s.is_empty());
    let has_params = op.get("parameters").and_then(Value::as_array).is_some_and(|p| !p.is_empty());
    let has_body = op.contains_key("requestBody");
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else { return };
    let mut add = |status: &str, description: &str| {
        let entry = responses.entry(status.to_owned()).or_insert_with(|| json!({ "description": description }));
        if let Some(r) = entry.as_object_mut() {
            r.entry("content").or_insert_with(
                || json!({ "application/json": { "schema": { "$ref": "#/components/schemas/ErrorEnvelope" } } }),
            );
        }
    };
    if secured {
        add("401", "UNAUTHORIZED: no valid bearer token");
    }
    if has_params || has_body {
        add("400", "INVALID_REQUEST");
    }
    if has_body {
        add("408", "INVALID_REQUEST: the body did not arrive within request_body_timeout_ms");
        add("413", "PAYLOAD_TOO_LARGE: the body is over the configured limit");
    }
    add("500", "INTERNAL");
    add("503", "DATABASE_UNAVAILABLE (with Retry-After)");
    // Every error response carries the envelope, even where a handler documented none.
    for (status, r) in responses.iter_mut() {
        if !status.starts_with('2')
            && let Some(r) = r.as_object_mut()
        {
            r.entry("content").or_insert_with(
                || json!({ "application/json": { "schema": { "$ref": "#/components/schemas/ErrorEnvelope" } } }),
            );
        }
    }
}

/// The names of the component schemas a request body refers to, directly or not.
fn request_schemas(doc: &Value) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut todo = vec![];
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for item in paths.values().filter_map(Value::as_object) {
            for op in item.values() {
                if let Some(body) = op.get("requestBody") {
                    collect_refs(body, &mut todo);
                }
            }
        }
    }
    while let Some(name) = todo.pop() {
        if found.insert(name.clone())
            && let Some(schema) = doc.pointer(&format!("/components/schemas/{name}"))
        {
            collect_refs(schema, &mut todo);
        }
    }
    found
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(name) =
                m.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                out.push(name.to_owned());
            }
            m.values().for_each(|x| collect_refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

fn require_all(name: &str, schema: &mut Value) {
    let Some(obj) = schema.as_object_mut() else { return };
    let Some(props) = obj.get("properties").and_then(Value::as_object) else { return };
    let mut required: Vec<Value> =
        props.keys().filter(|p| !OMITTABLE.contains(&(name, p.as_str()))).map(|p| Value::String(p.clone())).collect();
    required.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    obj.insert("required".into(), Value::Array(required));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_response_fields_are_required_and_nullable_and_request_fields_are_untouched() {
        let doc = serde_json::to_value(document()).unwrap();
        let session = &doc["components"]["schemas"]["SessionDto"];
        let required: Vec<&str> = session["required"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
        assert!(required.contains(&"completed_at") && required.contains(&"outcome"), "{required:?}");
        assert_eq!(session["properties"]["outcome"]["type"], json!(["string", "null"]));
        let survey = &doc["components"]["schemas"]["ActiveSurveyDto"]["required"];
        assert_eq!(survey, &json!(["active"]));
        let thumb = &doc["components"]["schemas"]["ThumbBody"]["required"];
        assert!(!thumb.as_array().unwrap().contains(&json!("node_id")));
    }

    #[test]
    fn every_reference_resolves() {
        let doc = serde_json::to_value(document()).unwrap();
        let mut refs = vec![];
        collect_refs(&doc, &mut refs);
        assert!(!refs.is_empty());
        for name in refs {
            assert!(doc.pointer(&format!("/components/schemas/{name}")).is_some(), "{name} is not a component");
        }
    }

    #[test]
    fn every_api_operation_documents_its_common_errors_with_the_envelope() {
        let doc = serde_json::to_value(document()).unwrap();
        for (path, item) in doc["paths"].as_object().unwrap() {
            if !path.starts_with("/api/v1/") || path == "/api/v1/config" {
                continue;
            }
            for (method, op) in item.as_object().unwrap() {
                let r = &op["responses"];
                for status in ["401", "500", "503"] {
                    assert!(r.get(status).is_some(), "{method} {path} lacks {status}");
                }
                if op.get("requestBody").is_some() {
                    assert!(r.get("413").is_some() && r.get("400").is_some(), "{method} {path}");
                    assert!(r.get("408").is_some(), "{method} {path}");
                }
                for (status, resp) in r.as_object().unwrap() {
                    if !status.starts_with('2') {
                        assert_eq!(
                            resp["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/ErrorEnvelope",
                            "{method} {path} {status}"
                        );
                    }
                }
            }
        }
    }
}

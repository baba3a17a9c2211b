//! Regressions of what schema-driven fuzzing (`make fuzz`) found: inputs that reached PostgreSQL
//! and came back as 500s, and inputs the OpenAPI document described differently from the server.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::{Value, json};

use crate::common::*;

#[actix_web::test]
async fn nul_characters_in_conversation_text_are_400_never_500() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let me = user(&mut c, acc, "engineer", "Ann");
    let app = ctx.app().await;
    let t = ctx.token(me);

    let (status, res) = send(&app, post("/api/v1/chat/conversations", &t, json!({"title": "a\u{0}b"}))).await;
    assert_eq!((status, code(&res)), (StatusCode::BAD_REQUEST, "INVALID_REQUEST"), "{res}");
    assert_eq!(res["error"]["details"][0], json!({"field": "title", "message": "must not contain NUL characters"}));

    let (status, conv) = send(&app, post("/api/v1/chat/conversations", &t, json!({"title": "VPN"}))).await;
    assert_eq!(status, StatusCode::CREATED, "{conv}");
    let id = conv["id"].as_str().unwrap().to_owned();
    let (status, res) =
        send(&app, patch(&format!("/api/v1/chat/conversations/{id}"), &t, json!({"title": "\u{0}"}))).await;
    assert_eq!((status, res["error"]["details"][0]["field"].clone()), (StatusCode::BAD_REQUEST, json!("title")));

    let messages = format!("/api/v1/chat/conversations/{id}/messages");
    for (body, field) in [
        (json!({"role": "user", "content": "a\u{0}b"}), "content"),
        (json!({"role": "user", "content": "ok", "message_id": "c\u{0}1"}), "message_id"),
    ] {
        let (status, res) = send(&app, post(&messages, &t, body)).await;
        assert_eq!((status, res["error"]["details"][0]["field"].clone()), (StatusCode::BAD_REQUEST, json!(field)));
    }
    let (status, msg) = send(&app, post(&messages, &t, json!({"role": "assistant", "content": "Try this"}))).await;
    assert_eq!(status, StatusCode::CREATED, "{msg}");
    let feedback = format!("/api/v1/chat/messages/{}/feedback", msg["id"].as_str().unwrap());
    for (body, field) in [
        (json!({"rating": "negative", "reason": "x\u{0}"}), "reason"),
        (json!({"rating": "negative", "comment": "\u{0}"}), "comment"),
    ] {
        let (status, res) = send(&app, put(&feedback, &t, body)).await;
        assert_eq!((status, res["error"]["details"][0]["field"].clone()), (StatusCode::BAD_REQUEST, json!(field)));
    }
    // nothing was written by the refused requests
    let (_, list) = send(&app, get(&messages, &t)).await;
    assert_eq!(list["pagination"]["total"], 1);
    let (_, conv) = send(&app, get(&format!("/api/v1/chat/conversations/{id}"), &t)).await;
    assert_eq!(conv["title"], "VPN");
}

#[actix_web::test]
async fn an_empty_campaign_id_on_the_nps_dashboard_means_every_response_as_documented() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let admin = user(&mut c, acc, "team_admin", "Ada");
    let app = ctx.app().await;
    let t = ctx.token(admin);
    let (status, all) = send(&app, get("/api/v1/admin/nps", &t)).await;
    assert_eq!(status, StatusCode::OK, "{all}");
    let (status, empty) = send(&app, get("/api/v1/admin/nps?campaign_id=", &t)).await;
    assert_eq!((status, &empty), (StatusCode::OK, &all));

    let (_, doc) = send(&app, TestRequest::get().uri("/openapi.json")).await;
    let params = doc["paths"]["/api/v1/admin/nps"]["get"]["parameters"].as_array().unwrap();
    let pattern = params.iter().find(|p| p["name"] == "campaign_id").unwrap()["schema"]["pattern"].as_str().unwrap();
    assert!(pattern.starts_with("^(") && pattern.ends_with(")?$"), "{pattern}");
}

#[actix_web::test]
async fn pages_past_the_end_and_past_u32_are_empty_pages_or_the_default_never_500() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let me = user(&mut c, acc, "team_admin", "Ada");
    let app = ctx.app().await;
    let t = ctx.token(me);
    let (status, res) = send(&app, get("/api/v1/chat/conversations?page=4294967295&limit=100", &t)).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(res["pagination"], json!({"page": 4294967295u64, "limit": 100, "total": 0, "total_pages": 0}));
    // not a u32: falls back to the default page
    let (status, res) = send(&app, get("/api/v1/admin/feedback?page=99999999999999999999&limit=-5", &t)).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(res["pagination"], json!({"page": 1, "limit": 1, "total": 0, "total_pages": 0}));
}

#[actix_web::test]
async fn every_response_field_the_server_always_writes_is_required_in_the_document() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let (_, doc) = send(&app, TestRequest::get().uri("/openapi.json")).await;
    let rating = &doc["components"]["schemas"]["RatingDto"];
    let required: Vec<&str> = rating["required"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(required.contains(&"comment"), "{required:?}");
    assert_eq!(rating["properties"]["comment"]["type"], json!(["string", "null"]));
    let op = &doc["paths"]["/api/v1/chat/messages/{id}/feedback"]["delete"]["responses"];
    for status in ["400", "401", "403", "404", "500", "503"] {
        assert_eq!(op[status]["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/ErrorEnvelope");
    }
}

//! Health, readiness, config, OpenAPI, docs, metrics and request ids.

use actix_web::test::TestRequest;

use crate::common::*;

#[actix_web::test]
async fn health_and_readiness_answer_ok_on_a_migrated_database() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let (status, body) = send(&app, TestRequest::get().uri("/healthz")).await;
    assert_eq!((status.as_u16(), body["status"].as_str()), (200, Some("ok")));
    let (status, body) = send(&app, TestRequest::get().uri("/readyz")).await;
    assert_eq!((status.as_u16(), body["status"].as_str()), (200, Some("ok")));
}

#[actix_web::test]
async fn readiness_is_503_when_migrations_are_pending() {
    let ctx = Ctx::new();
    insights_persistence::migrations::revert(ctx.db.url(), false).unwrap();
    let app = ctx.app().await;
    let (status, body) = send(&app, TestRequest::get().uri("/readyz")).await;
    assert_eq!(status, 503);
    assert_eq!(body["error"]["code"], "DATABASE_UNAVAILABLE");
}

#[actix_web::test]
async fn the_frontend_config_reports_the_flags_without_authentication() {
    let ctx = Ctx::with_settings(|s| {
        s.feedback_enabled = false;
        s.nps_enabled = true;
    });
    let app = ctx.app().await;
    let (status, body) = send(&app, TestRequest::get().uri("/api/v1/config")).await;
    assert_eq!(status, 200);
    assert_eq!(body, serde_json::json!({ "feedback_enabled": false, "nps_enabled": true }));
}

#[actix_web::test]
async fn the_openapi_document_and_the_explorer_are_served() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let (status, doc) = send(&app, TestRequest::get().uri("/openapi.json")).await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(doc["paths"]["/api/v1/config"]["get"].is_object());
    assert!(doc["components"]["schemas"]["ErrorEnvelope"].is_object());
    let res = actix_web::test::call_service(&app, TestRequest::get().uri("/docs/").to_request()).await;
    assert_eq!(res.status(), 200);
    let html = actix_web::test::read_body(res).await;
    assert!(String::from_utf8_lossy(&html).contains("swagger"), "offline explorer page");
}

#[actix_web::test]
async fn metrics_expose_requests_pool_and_business_counters() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    send(&app, TestRequest::get().uri("/readyz")).await;
    let res = actix_web::test::call_service(&app, TestRequest::get().uri("/metrics").to_request()).await;
    assert_eq!(res.status(), 200);
    let text = String::from_utf8(actix_web::test::read_body(res).await.to_vec()).unwrap();
    assert!(text.contains("insights_http_requests_total"), "{text}");
    assert!(text.contains("endpoint=\"/readyz\""), "{text}");
    assert!(text.contains("insights_db_pool_connections"), "{text}");
    assert!(text.contains("insights_csat_total"), "{text}");
}

#[actix_web::test]
async fn request_ids_are_echoed_or_generated() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let res = actix_web::test::call_service(
        &app,
        TestRequest::get().uri("/healthz").insert_header(("X-Request-Id", "abc-123")).to_request(),
    )
    .await;
    assert_eq!(res.headers().get("x-request-id").unwrap(), "abc-123");
    let res = actix_web::test::call_service(&app, TestRequest::get().uri("/healthz").to_request()).await;
    let generated = res.headers().get("x-request-id").unwrap().to_str().unwrap();
    assert!(uuid::Uuid::parse_str(generated).is_ok(), "{generated}");
}

#[actix_web::test]
async fn business_counters_move_with_the_writes_they_count() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let ann = user(&mut c, acc, "engineer", "Ann");
    let t = tree(&mut c, acc, "DNS");
    let s = session(&mut c, acc, t, ann, ts("2026-01-10T09:00:00Z"), Some((ts("2026-01-10T09:12:00Z"), "resolved")));
    let app = ctx.app().await;
    let (status, _) =
        send(&app, post(&format!("/api/v1/sessions/{s}/rate"), &ctx.token(ann), serde_json::json!({"rating": 5})))
            .await;
    assert_eq!(status, 201);
    let (status, _) = send(&app, post("/api/v1/nps", &ctx.token(ann), serde_json::json!({"score": 9}))).await;
    assert_eq!(status, 201);
    let res = actix_web::test::call_service(&app, TestRequest::get().uri("/metrics").to_request()).await;
    let text = String::from_utf8(actix_web::test::read_body(res).await.to_vec()).unwrap();
    assert!(text.lines().any(|l| l == "insights_csat_total 1"), "{text}");
    assert!(text.lines().any(|l| l == "insights_nps_responses_total 1"), "{text}");
}

//! Every error is the JSON envelope, including actix's own rejections.

use actix_web::test::TestRequest;

use crate::common::*;

#[actix_web::test]
async fn an_unknown_route_is_a_json_404() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let (status, body) = send(&app, TestRequest::get().uri("/api/v1/no-such-thing")).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "NOT_FOUND");
    let (status, body) = send(&app, TestRequest::get().uri("/nowhere")).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "NOT_FOUND");
}

#[actix_web::test]
async fn a_wrong_method_on_a_known_path_is_a_json_404() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let (status, body) = send(&app, TestRequest::delete().uri("/api/v1/config")).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "NOT_FOUND");
}

// ---- actix and body rejections, through the flow feedback endpoints ------------------------------

struct Fixture {
    token: String,
    rate_path: String,
    ratings_path: String,
}

fn fixture(ctx: &Ctx) -> Fixture {
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let me = user(&mut c, acc, "engineer", "Erin");
    let flow = tree(&mut c, acc, "Flow");
    let done =
        session(&mut c, acc, flow, me, ts("2026-02-01T09:00:00Z"), Some((ts("2026-02-01T09:10:00Z"), "resolved")));
    Fixture {
        token: ctx.token(me),
        rate_path: format!("/api/v1/sessions/{done}/rate"),
        ratings_path: format!("/api/v1/trees/{flow}/ratings"),
    }
}

#[actix_web::test]
async fn malformed_json_is_a_json_400() {
    let ctx = Ctx::new();
    let f = fixture(&ctx);
    let app = ctx.app().await;
    let (status, body) = send(&app, raw("POST", &f.rate_path, &f.token, "application/json", "{\"rating\": 4,")).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "INVALID_REQUEST");
}

#[actix_web::test]
async fn a_body_that_is_not_application_json_is_a_json_400() {
    let ctx = Ctx::new();
    let f = fixture(&ctx);
    let app = ctx.app().await;
    let (status, body) = send(&app, raw("POST", &f.rate_path, &f.token, "text/plain", "{\"rating\": 4}")).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "INVALID_REQUEST");
    assert_eq!(body["error"]["message"], "the body must be application/json");
}

#[actix_web::test]
async fn an_unknown_json_field_is_a_json_400() {
    let ctx = Ctx::new();
    let f = fixture(&ctx);
    let app = ctx.app().await;
    let (status, body) = send(&app, post(&f.rate_path, &f.token, serde_json::json!({ "rating": 4, "stars": 4 }))).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "INVALID_REQUEST");
}

#[actix_web::test]
async fn a_path_id_that_is_not_a_uuid_is_a_json_400() {
    let ctx = Ctx::new();
    let f = fixture(&ctx);
    let app = ctx.app().await;
    let (status, body) = send(&app, get("/api/v1/sessions/not-a-uuid", &f.token)).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "INVALID_REQUEST");
    assert_eq!(body["error"]["details"][0]["field"], "session_id");
}

#[actix_web::test]
async fn a_query_value_of_the_wrong_type_is_a_json_400() {
    let ctx = Ctx::new();
    let f = fixture(&ctx);
    let app = ctx.app().await;
    let (status, body) = send(&app, get(&format!("{}?min_rating=abc", f.ratings_path), &f.token)).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "INVALID_REQUEST");
    assert_eq!(body["error"]["details"][0]["field"], "min_rating");
}

#[actix_web::test]
async fn a_body_over_64_kib_is_a_json_413() {
    let ctx = Ctx::new();
    let f = fixture(&ctx);
    let app = ctx.app().await;
    let comment = "x".repeat(70 * 1024);
    let body = serde_json::to_vec(&serde_json::json!({ "rating": 4, "comment": comment })).unwrap();
    let (status, res) = send(&app, raw("POST", &f.rate_path, &f.token, "application/json", body)).await;
    assert_eq!(status, 413);
    assert_eq!(res["error"]["code"], "PAYLOAD_TOO_LARGE");

    // Just under the limit, the body is read and the comment refused on its own merits.
    let comment = "x".repeat(60 * 1024);
    let (status, res) =
        send(&app, post(&f.rate_path, &f.token, serde_json::json!({ "rating": 4, "comment": comment }))).await;
    assert_eq!(status, 400);
    assert_eq!(res["error"]["details"][0]["field"], "comment");
}

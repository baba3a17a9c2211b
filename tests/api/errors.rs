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

//! The web console's serving rules (spec "Serving"): client-side routes answer the index, hashed
//! assets are cached forever and the index never, compression, security headers, `/` →
//! `/console/`, the page shown when the binary has no web build; and the committed OpenAPI copy
//! the console's types are generated from equals the served document.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use actix_web::http::{StatusCode, header};
use actix_web::test::{self, TestRequest};
use actix_web::{App, web};
use insights_console::{Assets, ConsoleOptions};

use crate::common::{Ctx, send};

const INDEX: &str = "<!doctype html><html><head><script type=\"module\" src=\"/console/assets/index-Ab12Cd.js\"></script></head><body><div id=\"root\"></div></body></html>";
const SCRIPT: &str = "console.log('the console');";

struct FakeDist(HashMap<&'static str, Vec<u8>>);

impl Assets for FakeDist {
    fn get(&self, path: &str) -> Option<Cow<'static, [u8]>> {
        self.0.get(path).map(|b| Cow::Owned(b.clone()))
    }
}

fn built() -> Arc<dyn Assets> {
    let mut files = HashMap::new();
    files.insert("index.html", INDEX.as_bytes().to_vec());
    files.insert("assets/index-Ab12Cd.js", SCRIPT.repeat(200).into_bytes());
    files.insert("favicon.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec());
    Arc::new(FakeDist(files))
}

fn not_built() -> Arc<dyn Assets> {
    Arc::new(FakeDist(HashMap::new()))
}

async fn call(
    assets: Arc<dyn Assets>,
    options: ConsoleOptions,
    req: TestRequest,
) -> actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody> {
    let app = test::init_service(
        App::new()
            .configure(move |cfg: &mut web::ServiceConfig| insights_console::configure_with(cfg, assets, &options)),
    )
    .await;
    test::call_service(&app, req.to_request()).await
}

fn header_of<B>(res: &actix_web::dev::ServiceResponse<B>, name: header::HeaderName) -> String {
    res.headers().get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

#[actix_web::test]
async fn client_side_routes_answer_the_index_uncached() {
    for path in ["/console/", "/console/analytics", "/console/flows/0190a3b2-0000-7000-8000-000000000001?period=7d"] {
        let res = call(built(), ConsoleOptions::default(), TestRequest::get().uri(path)).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(header_of(&res, header::CONTENT_TYPE), "text/html", "{path}");
        assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-cache", "{path}");
        let body = test::read_body(res).await;
        assert_eq!(body, INDEX.as_bytes(), "{path}");
    }
}

#[actix_web::test]
async fn hashed_assets_are_cached_forever_and_a_missing_one_is_a_404() {
    let res = call(built(), ConsoleOptions::default(), TestRequest::get().uri("/console/assets/index-Ab12Cd.js")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header_of(&res, header::CACHE_CONTROL), "public, max-age=31536000, immutable");
    assert_eq!(header_of(&res, header::CONTENT_TYPE), "text/javascript");
    assert_eq!(test::read_body(res).await, SCRIPT.repeat(200).as_bytes());

    let res = call(built(), ConsoleOptions::default(), TestRequest::get().uri("/console/assets/index-Old999.js")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    let res = call(built(), ConsoleOptions::default(), TestRequest::get().uri("/console/favicon.svg")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header_of(&res, header::CONTENT_TYPE), "image/svg+xml");
    assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-cache");
}

#[actix_web::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    let req =
        TestRequest::get().uri("/console/assets/index-Ab12Cd.js").insert_header((header::ACCEPT_ENCODING, "gzip"));
    let res = call(built(), ConsoleOptions::default(), req).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header_of(&res, header::CONTENT_ENCODING), "gzip");
    let body = test::read_body(res).await;
    assert!(body.len() < SCRIPT.len() * 200 / 10, "gzip of a repeated script is small: {} bytes", body.len());
    assert_eq!(&body[..2], &[0x1f, 0x8b], "a gzip stream");

    let res = call(built(), ConsoleOptions::default(), TestRequest::get().uri("/console/assets/index-Ab12Cd.js")).await;
    assert_eq!(header_of(&res, header::CONTENT_ENCODING), "");
}

/// A build with precompressed copies of its script (`.gz`, `.br`, as `vite build` writes them):
/// their bytes are sent as they are, in an encoding the client accepts.
fn precompressed() -> Arc<dyn Assets> {
    let mut files = HashMap::new();
    files.insert("index.html", INDEX.as_bytes().to_vec());
    files.insert("assets/index-Ab12Cd.js", SCRIPT.repeat(200).into_bytes());
    files.insert("assets/index-Ab12Cd.js.gz", b"\x1f\x8bprecompressed gzip".to_vec());
    files.insert("assets/index-Ab12Cd.js.br", b"precompressed brotli".to_vec());
    Arc::new(FakeDist(files))
}

#[actix_web::test]
async fn precompressed_assets_are_sent_as_built_in_an_accepted_encoding() {
    let get = |accept: Option<&str>| {
        let req = TestRequest::get().uri("/console/assets/index-Ab12Cd.js");
        match accept {
            Some(a) => req.insert_header((header::ACCEPT_ENCODING, a.to_owned())),
            None => req,
        }
    };
    let cases: [(Option<&str>, &str, &[u8]); 5] = [
        (Some("gzip, deflate, br, zstd"), "br", b"precompressed brotli"),
        (Some("gzip, deflate"), "gzip", b"\x1f\x8bprecompressed gzip"),
        (Some("br;q=0, gzip"), "gzip", b"\x1f\x8bprecompressed gzip"),
        (Some("identity"), "", SCRIPT.as_bytes()),
        (None, "", SCRIPT.as_bytes()),
    ];
    for (accept, encoding, body_start) in cases {
        let res = call(precompressed(), ConsoleOptions::default(), get(accept)).await;
        assert_eq!(res.status(), StatusCode::OK, "{accept:?}");
        assert_eq!(header_of(&res, header::CONTENT_ENCODING), encoding, "{accept:?}");
        assert_eq!(header_of(&res, header::CONTENT_TYPE), "text/javascript", "{accept:?}");
        assert_eq!(header_of(&res, header::CACHE_CONTROL), "public, max-age=31536000, immutable", "{accept:?}");
        assert_eq!(header_of(&res, header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{accept:?}");
        if !encoding.is_empty() {
            assert_eq!(header_of(&res, header::VARY), "accept-encoding", "{accept:?}");
        }
        let body = test::read_body(res).await;
        if encoding.is_empty() {
            assert_eq!(body, SCRIPT.repeat(200).as_bytes(), "{accept:?}");
        } else {
            assert_eq!(body, body_start, "sent as built, not compressed again: {accept:?}");
        }
    }
}

#[actix_web::test]
async fn console_responses_carry_the_security_headers() {
    let res = call(built(), ConsoleOptions::default(), TestRequest::get().uri("/console/analytics")).await;
    assert_eq!(
        header_of(&res, header::CONTENT_SECURITY_POLICY),
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    assert_eq!(header_of(&res, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(header_of(&res, header::REFERRER_POLICY), "no-referrer");

    let framed = ConsoleOptions { frame_ancestors: "https://app.resolutionflow.example".into() };
    let res = call(built(), framed, TestRequest::get().uri("/console/assets/index-Ab12Cd.js")).await;
    assert!(
        header_of(&res, header::CONTENT_SECURITY_POLICY)
            .ends_with("frame-ancestors https://app.resolutionflow.example"),
        "{}",
        header_of(&res, header::CONTENT_SECURITY_POLICY)
    );
}

#[actix_web::test]
async fn without_a_web_build_the_console_says_how_to_build_it() {
    let res = call(not_built(), ConsoleOptions::default(), TestRequest::get().uri("/console/analytics")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header_of(&res, header::CONTENT_TYPE), "text/html; charset=utf-8");
    assert!(!header_of(&res, header::CONTENT_SECURITY_POLICY).is_empty());
    let body = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert_eq!(body, insights_console::NOT_BUILT_PAGE);
    assert!(body.contains("npm ci &amp;&amp; npm run build"), "{body}");
}

#[actix_web::test]
async fn the_root_and_the_bare_console_path_redirect_to_the_console() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    for path in ["/", "/console"] {
        let res = test::call_service(&app, TestRequest::get().uri(path).to_request()).await;
        assert_eq!(res.status(), StatusCode::FOUND, "{path}");
        assert_eq!(header_of(&res, header::LOCATION), "/console/", "{path}");
    }
    // The real app serves the console (the build or the how-to page) with its headers, and the
    // API beside it is untouched.
    let res = test::call_service(&app, TestRequest::get().uri("/console/analytics").to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header_of(&res, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    let (status, body) = send(&app, TestRequest::get().uri("/api/v1/config")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["feedback_enabled"], true);
}

/// The console's API types are generated from `web/openapi.json`: it must equal what the service
/// serves. `UPDATE_OPENAPI=1` rewrites it (then `npm run gen:api` in `web/` regenerates the types).
#[actix_web::test]
async fn the_committed_openapi_copy_equals_the_served_document() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let (status, served) = send(&app, TestRequest::get().uri("/openapi.json")).await;
    assert_eq!(status, StatusCode::OK);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/openapi.json");
    if std::env::var("UPDATE_OPENAPI").is_ok_and(|v| v == "1") {
        std::fs::write(path, serde_json::to_string_pretty(&served).unwrap() + "\n").unwrap();
    }
    // Generated clients key operations by id: two operations with one id lose one of them.
    let mut ids: Vec<&str> = served["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|p| p.as_object().unwrap().values())
        .filter_map(|op| op.get("operationId").and_then(|v| v.as_str()))
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "every operationId is unique");
    let committed: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(
        committed == served,
        "web/openapi.json is stale: run `UPDATE_OPENAPI=1 make test` (or the single test) then `npm run gen:api` in web/"
    );
}

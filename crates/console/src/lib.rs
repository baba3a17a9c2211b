#![doc = include_str!("../README.md")]

use std::borrow::Cow;
use std::sync::Arc;

use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{Compress, DefaultHeaders};
use actix_web::{HttpRequest, HttpResponse, web};

/// Where the console's files come from: the embedded build, or (in tests) any other source.
pub trait Assets: Send + Sync + 'static {
    /// The bytes of the file at `path` (relative to the build's root, e.g. `assets/index-x1.js`).
    fn get(&self, path: &str) -> Option<Cow<'static, [u8]>>;
}

/// The build in `web/dist/`, embedded at compile time (read from disk in debug builds).
#[derive(rust_embed::RustEmbed)]
#[folder = "$CARGO_MANIFEST_DIR/../../web/dist/"]
#[allow_missing = true]
struct Dist;

/// The embedded web build.
pub struct Embedded;

impl Assets for Embedded {
    fn get(&self, path: &str) -> Option<Cow<'static, [u8]>> {
        Dist::get(path).map(|f| f.data)
    }
}

/// How the console is served.
#[derive(Debug, Clone)]
pub struct ConsoleOptions {
    /// The CSP `frame-ancestors` sources: `'none'` (the default) forbids framing the console.
    pub frame_ancestors: String,
}

impl Default for ConsoleOptions {
    fn default() -> Self {
        ConsoleOptions { frame_ancestors: "'none'".into() }
    }
}

/// The page `/console/` answers when the binary was built without `web/dist`.
pub const NOT_BUILT_PAGE: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Insights console not built</title></head><body>\n\
<h1>The console is not built</h1>\n\
<p>This binary was compiled without the web console. Build it, then the binary:</p>\n\
<pre>cd web &amp;&amp; npm ci &amp;&amp; npm run build\ncd .. &amp;&amp; cargo build --release -p insights-server</pre>\n\
<p>(<code>make run</code> does both.) The API is served as usual under <code>/api/v1</code>.</p>\n\
</body></html>\n";

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_CACHE: &str = "no-cache";

/// The Content-Security-Policy of console responses: the service's own origin only, no inline
/// script, framing as `frame_ancestors` says.
#[must_use]
pub fn content_security_policy(frame_ancestors: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {frame_ancestors}"
    )
}

/// Registers `/` → `/console/` and the console under `/console` with the embedded build.
pub fn configure(cfg: &mut web::ServiceConfig) {
    configure_with(cfg, Arc::new(Embedded), &ConsoleOptions::default());
}

/// Registers `/` → `/console/` and the console under `/console`, serving `assets`.
pub fn configure_with(cfg: &mut web::ServiceConfig, assets: Arc<dyn Assets>, options: &ConsoleOptions) {
    let csp = content_security_policy(&options.frame_ancestors);
    let headers = DefaultHeaders::new()
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::REFERRER_POLICY, "no-referrer"))
        .add((header::CONTENT_SECURITY_POLICY, csp));
    cfg.route("/", web::get().to(to_console)).route("/console", web::get().to(to_console)).service(
        web::scope("/console")
            .app_data(web::Data::new(Served(assets)))
            .wrap(Compress::default())
            .wrap(headers)
            .route("/{path:.*}", web::get().to(serve)),
    );
}

struct Served(Arc<dyn Assets>);

async fn to_console() -> HttpResponse {
    HttpResponse::Found().insert_header((header::LOCATION, "/console/")).finish()
}

async fn serve(req: HttpRequest) -> HttpResponse {
    let Some(served) = req.app_data::<web::Data<Served>>() else {
        return HttpResponse::InternalServerError().finish();
    };
    let path = req.match_info().get("path").unwrap_or_default();
    let assets = &served.0;
    if !path.is_empty()
        && path != "index.html"
        && let Some(bytes) = assets.get(path)
    {
        let cache = if path.starts_with("assets/") { IMMUTABLE } else { NO_CACHE };
        if let Some((encoding, compressed)) = precompressed(&req, assets.as_ref(), path) {
            let mut res = file(path, compressed, cache);
            res.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
            res.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            return res;
        }
        return file(path, bytes, cache);
    }
    if path.starts_with("assets/") {
        return HttpResponse::NotFound()
            .insert_header((header::CACHE_CONTROL, NO_CACHE))
            .content_type("text/plain; charset=utf-8")
            .body("not found");
    }
    match assets.get("index.html") {
        Some(index) => file("index.html", index, NO_CACHE),
        None => HttpResponse::Ok()
            .insert_header((header::CACHE_CONTROL, NO_CACHE))
            .content_type("text/html; charset=utf-8")
            .body(NOT_BUILT_PAGE),
    }
}

/// The build's precompressed copy of `path` (`<path>.br`, else `<path>.gz`) in an encoding the
/// client accepts, with that encoding's name. `Compress` leaves a response that already has a
/// `Content-Encoding` alone; without a copy, it compresses the file on the fly as before.
fn precompressed(req: &HttpRequest, assets: &dyn Assets, path: &str) -> Option<(&'static str, Cow<'static, [u8]>)> {
    let accepted = req.headers().get(header::ACCEPT_ENCODING)?.to_str().ok()?;
    [("br", "br"), ("gzip", "gz")]
        .into_iter()
        .filter(|(encoding, _)| accepts(accepted, encoding))
        .find_map(|(encoding, ext)| assets.get(&format!("{path}.{ext}")).map(|b| (encoding, b)))
}

/// Whether an `Accept-Encoding` value accepts `encoding` (named, or `*`, with a q-value above 0).
fn accepts(header: &str, encoding: &str) -> bool {
    let mut named = None;
    let mut any = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .find_map(|v| v.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case(encoding) {
            named = Some(q > 0.0);
        } else if name == "*" {
            any = Some(q > 0.0);
        }
    }
    named.or(any).unwrap_or(false)
}

fn file(path: &str, bytes: Cow<'static, [u8]>, cache: &'static str) -> HttpResponse {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let mut res = HttpResponse::Ok();
    res.insert_header((header::CACHE_CONTROL, cache));
    if let Ok(v) = HeaderValue::from_str(mime.as_ref()) {
        res.insert_header((header::CONTENT_TYPE, v));
    }
    match bytes {
        Cow::Borrowed(b) => res.body(web::Bytes::from_static(b)),
        Cow::Owned(b) => res.body(b),
    }
}

#[cfg(test)]
mod tests {
    use super::accepts;

    #[test]
    fn accept_encoding_names_an_encoding_with_a_q_value_above_zero() {
        assert!(accepts("gzip, deflate", "gzip"));
        assert!(!accepts("gzip, deflate", "br"));
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("br;q=0.5, gzip;q=1.0", "br"));
        assert!(!accepts("br;q=0, gzip", "br"));
        assert!(!accepts("gzip; q=0", "gzip"));
        assert!(accepts("GZIP", "gzip"));
        assert!(accepts("*", "br"));
        assert!(!accepts("*;q=0", "gzip"));
        assert!(!accepts("*, gzip;q=0", "gzip"));
        assert!(!accepts("identity", "gzip"));
        assert!(!accepts("", "gzip"));
    }
}

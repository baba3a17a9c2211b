//! HTTP hygiene, in one middleware around everything else (operations.md, "Reliability targets"):
//!
//! - the method label stays bounded: a method outside GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS
//!   is renamed `OTHER` before routing and metrics see it (no route serves it: 404);
//! - `HEAD` is answered for every `GET` route: served as `GET`, with the same status and headers
//!   (`Content-Length` too) and no body;
//! - a request body must arrive within `request_body_timeout`: the payload is read through a
//!   deadline, and a request whose body did not arrive in time is answered 408 with the envelope
//!   (and the connection closed); handlers read their body before they take a connection, so a
//!   slow client holds none;
//! - every response carries `X-Content-Type-Options: nosniff`, every response to a request with
//!   credentials `Cache-Control: no-store`;
//! - a refused CORS request (actix-cors answers those itself, in plain text) is 403 with the
//!   envelope.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::{Payload, Service, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::{Method, header};
use actix_web::rt::time::{Sleep, sleep};
use actix_web::web::Bytes;
use actix_web::{HttpMessage, ResponseError, web};
use futures_util::Stream;

use crate::error::ApiError;
use crate::state::AppState;

/// The methods counted under their own name; any other is `OTHER`.
const STANDARD: [Method; 7] =
    [Method::GET, Method::HEAD, Method::POST, Method::PUT, Method::PATCH, Method::DELETE, Method::OPTIONS];

/// The method label of `method`: itself when standard, else `OTHER`.
pub fn bounded_method(method: &Method) -> Method {
    if STANDARD.contains(method) { method.clone() } else { Method::from_bytes(b"OTHER").unwrap_or(Method::GET) }
}

/// The middleware (see the module docs), for `App::wrap_fn`.
pub fn apply<S, B>(
    mut req: ServiceRequest,
    srv: &S,
) -> impl Future<Output = Result<ServiceResponse<BoxBody>, actix_web::Error>> + use<S, B>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
    S::Future: 'static,
    B: MessageBody + 'static,
{
    let head = req.method() == Method::HEAD;
    let method = if head { Method::GET } else { bounded_method(req.method()) };
    req.head_mut().method = method;
    let credentials = req.headers().contains_key(header::AUTHORIZATION);
    let cross_origin = req.headers().contains_key(header::ORIGIN);
    let limit = req.app_data::<web::Data<AppState>>().map(|s| s.settings.request_body_timeout);
    let timed_out = Rc::new(Cell::new(false));
    if let Some(limit) = limit {
        match req.take_payload() {
            Payload::None => {}
            payload => {
                let stream =
                    DeadlinePayload { inner: payload, sleep: Box::pin(sleep(limit)), timed_out: timed_out.clone() };
                let boxed: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> = Box::pin(stream);
                req.set_payload(Payload::from(boxed));
            }
        }
    }
    let fut = srv.call(req);
    async move {
        let res = fut.await?;
        let res = if timed_out.get() {
            let (req, _) = res.into_parts();
            ServiceResponse::new(req, ApiError::BodyTimeout.error_response())
        } else if cross_origin && is_plain_client_error(&res) {
            let (req, _) = res.into_parts();
            let refused = ApiError::Domain(insights_domain::Error::Forbidden(
                "this origin, method or header is not allowed for cross-origin requests".into(),
            ));
            ServiceResponse::new(req, refused.error_response())
        } else {
            crate::app::ensure_json_error(res)
        };
        let mut res = if head { res.map_body(|_, body| BoxBody::new(HeadBody(body.size()))) } else { res };
        let headers = res.headers_mut();
        headers.insert(header::X_CONTENT_TYPE_OPTIONS, header::HeaderValue::from_static("nosniff"));
        if credentials {
            headers.insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
        }
        Ok(res)
    }
}

/// A 4xx whose body is not JSON: only actix-cors answers so out here.
fn is_plain_client_error<B>(res: &ServiceResponse<B>) -> bool {
    res.status().is_client_error()
        && !res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"))
}

/// The request payload, failing once `sleep` fires before the end of the body.
struct DeadlinePayload {
    inner: Payload,
    sleep: Pin<Box<Sleep>>,
    timed_out: Rc<Cell<bool>>,
}

impl Stream for DeadlinePayload {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Poll::Ready(item) = Pin::new(&mut this.inner).poll_next(cx) {
            return Poll::Ready(item);
        }
        if this.sleep.as_mut().poll(cx).is_ready() {
            this.timed_out.set(true);
            return Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "request body timeout",
            )))));
        }
        Poll::Pending
    }
}

/// The body of a `HEAD` answer: the size of the `GET` body (so `Content-Length` is the same) and
/// no bytes (HTTP/1 never writes a body for `HEAD`; this keeps in-process answers empty too).
struct HeadBody(BodySize);

impl MessageBody for HeadBody {
    type Error = std::convert::Infallible;

    fn size(&self) -> BodySize {
        self.0
    }

    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Bytes, Self::Error>>> {
        Poll::Ready(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_standard_methods_keep_their_name() {
        for m in STANDARD {
            assert_eq!(bounded_method(&m), m);
        }
        for m in ["PROBE", "TRACE", "CONNECT", "PROPFIND", "get"] {
            assert_eq!(bounded_method(&Method::from_bytes(m.as_bytes()).unwrap()).as_str(), "OTHER", "{m}");
        }
    }
}

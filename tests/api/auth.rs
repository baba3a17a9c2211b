//! Authentication: every 401 case, and the actor loaded from the database.

use actix_web::test::TestRequest;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::json;

use crate::common::*;

fn claims(sub: &str, exp_offset: i64) -> serde_json::Value {
    json!({ "sub": sub, "exp": chrono::Utc::now().timestamp() + exp_offset })
}

fn hs256(claims: &serde_json::Value, secret: &[u8]) -> String {
    encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(secret)).unwrap()
}

fn b64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// A refusal as the API renders it: status, body, `WWW-Authenticate`, and the logged reason of an
/// `Unauthorized`.
type Refusal = (u16, serde_json::Value, Option<String>, Option<&'static str>);

/// Authenticates a request carrying `header` and renders the outcome as the API would.
async fn authenticate_with(ctx: &Ctx, header: Option<String>) -> Result<insights_domain::Actor, Refusal> {
    use actix_web::ResponseError;
    let mut req = TestRequest::get().uri("/api/v1/anything").app_data(ctx.state());
    if let Some(h) = header {
        req = req.insert_header(("Authorization", h));
    }
    match insights_api::auth::authenticate(&req.to_http_request()).await {
        Ok(actor) => Ok(actor),
        Err(e) => {
            let reason = match e {
                insights_api::ApiError::Unauthorized(reason) => Some(reason),
                _ => None,
            };
            let res = e.error_response();
            let status = res.status().as_u16();
            let www = res.headers().get("www-authenticate").map(|v| v.to_str().unwrap().to_owned());
            let body = actix_web::body::to_bytes(res.into_body()).await.unwrap();
            Err((status, serde_json::from_slice(&body).unwrap(), www, reason))
        }
    }
}

#[actix_web::test]
async fn every_invalid_credential_is_a_401_with_a_bearer_challenge() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let active = user(&mut c, acc, "engineer", "Ann");
    let inactive = user_full(&mut c, acc, "engineer", "Ina", false, false);
    let sub = active.to_string();

    let rsa_pem = include_bytes!("fixtures/rsa_private.pem");
    let rs256 =
        encode(&Header::new(Algorithm::RS256), &claims(&sub, 600), &EncodingKey::from_rsa_pem(rsa_pem).unwrap())
            .unwrap();
    let no_exp = hs256(&json!({ "sub": sub }), SECRET);
    let none_alg = {
        // {"alg":"none","typ":"JWT"} . claims . (no signature)
        format!("{}.{}.", b64url(br#"{"alg":"none","typ":"JWT"}"#), b64url(claims(&sub, 600).to_string().as_bytes()))
    };

    // (case, header, the reason logged: the client sees the same 401 for all)
    let cases: Vec<(&str, Option<String>, &str)> = vec![
        ("missing header", None, "missing token"),
        ("not bearer", Some(format!("Basic {}", ctx.token(active))), "malformed header"),
        ("empty bearer", Some("Bearer ".into()), "malformed header"),
        ("malformed token", Some("Bearer not.a.jwt".into()), "malformed token"),
        ("bad signature", Some(format!("Bearer {}", hs256(&claims(&sub, 600), b"another-secret"))), "bad signature"),
        ("expired", Some(format!("Bearer {}", hs256(&claims(&sub, -10), SECRET))), "expired token"),
        ("no exp", Some(format!("Bearer {no_exp}")), "malformed token"), // exp is a required field of the claims
        ("unknown user", Some(format!("Bearer {}", ctx.token(uuid::Uuid::now_v7()))), "unknown user"),
        ("inactive user", Some(format!("Bearer {}", ctx.token(inactive))), "inactive user"),
        ("other algorithm RS256", Some(format!("Bearer {rs256}")), "algorithm not allowed"),
        ("alg none", Some(format!("Bearer {none_alg}")), "malformed token"),
        ("sub not a uuid", Some(format!("Bearer {}", hs256(&claims("admin", 600), SECRET))), "sub is not a uuid"),
    ];
    for (name, header, expected_reason) in cases {
        let (status, body, www, reason) = authenticate_with(&ctx, header).await.expect_err(name);
        assert_eq!(status, 401, "{name}");
        assert_eq!(body["error"]["code"], "UNAUTHORIZED", "{name}");
        assert_eq!(www.as_deref(), Some("Bearer"), "{name}");
        assert_eq!(reason, Some(expected_reason), "{name}");
    }
}

#[actix_web::test]
async fn a_valid_token_of_an_active_user_passes_authentication() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let u = user_full(&mut c, acc, "viewer", "Ann", true, true);
    let actor = authenticate_with(&ctx, Some(format!("Bearer {}", ctx.token(u)))).await.unwrap();
    // Account, role and can_view_admin come from the database row.
    assert_eq!(actor.user_id, u);
    assert_eq!(actor.account_id, acc);
    assert_eq!(actor.role, insights_domain::Role::Viewer);
    assert!(actor.can_view_admin);
    // The scheme is case-insensitive.
    assert!(authenticate_with(&ctx, Some(format!("bearer {}", ctx.token(u)))).await.is_ok());
}

#[actix_web::test]
async fn rs256_keys_verify_rs256_tokens_and_refuse_hs256_ones_signed_with_the_public_key() {
    use insights_api::{Authenticator, JwtKey};
    let public = include_bytes!("fixtures/rsa_public.pem").to_vec();
    let auth = Authenticator::new(JwtKey::Rs256Pem(public.clone()), None, None).unwrap();
    let user = uuid::Uuid::now_v7();
    let good = encode(
        &Header::new(Algorithm::RS256),
        &claims(&user.to_string(), 600),
        &EncodingKey::from_rsa_pem(include_bytes!("fixtures/rsa_private.pem")).unwrap(),
    )
    .unwrap();
    assert_eq!(auth.verify(&good).unwrap(), user);
    // Algorithm confusion: an HS256 token whose secret is the public key's bytes.
    let confused = hs256(&claims(&user.to_string(), 600), &public);
    assert!(matches!(auth.verify(&confused), Err(insights_api::ApiError::Unauthorized("algorithm not allowed"))));
}

#[actix_web::test]
async fn issuer_and_audience_are_checked_when_configured() {
    use insights_api::{Authenticator, JwtKey};
    let auth = Authenticator::new(JwtKey::Hs256(SECRET.to_vec()), Some("rf".into()), Some("insights".into())).unwrap();
    let user = uuid::Uuid::now_v7();
    let exp = chrono::Utc::now().timestamp() + 600;
    let ok = hs256(&json!({"sub": user, "exp": exp, "iss": "rf", "aud": "insights"}), SECRET);
    let wrong_iss = hs256(&json!({"sub": user, "exp": exp, "iss": "evil", "aud": "insights"}), SECRET);
    let wrong_aud = hs256(&json!({"sub": user, "exp": exp, "iss": "rf", "aud": "other"}), SECRET);
    let missing = hs256(&json!({"sub": user, "exp": exp}), SECRET);
    assert_eq!(auth.verify(&ok).unwrap(), user);
    let reason = |token: &str| match auth.verify(token) {
        Err(insights_api::ApiError::Unauthorized(reason)) => reason,
        other => panic!("expected a refusal, got {other:?}"),
    };
    assert_eq!(reason(&wrong_iss), "wrong issuer");
    assert_eq!(reason(&wrong_aud), "wrong audience");
    assert_eq!(reason(&missing), "missing claim");
}

//! Bearer JWT authentication. The algorithm is pinned by config, `exp` is required, `iss`/`aud`
//! are checked when configured; the user is loaded from the database and must be active. Every
//! failure is the same 401 to the client; the reason is logged.

use actix_web::{HttpRequest, http::header, web};
use insights_domain::Actor;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::ApiError;
use crate::state::AppState;

/// The key tokens are verified with; the variant pins the algorithm.
#[derive(Clone)]
pub enum JwtKey {
    /// HS256 shared secret.
    Hs256(Vec<u8>),
    /// RS256 public key, PEM.
    Rs256Pem(Vec<u8>),
}

impl std::fmt::Debug for JwtKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JwtKey::Hs256(_) => f.write_str("Hs256(<secret>)"),
            JwtKey::Rs256Pem(_) => f.write_str("Rs256Pem(..)"),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub exp: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aud: Option<String>,
}

/// Verifies tokens (and, with an HS256 secret, mints development tokens).
#[derive(Clone)]
pub struct Authenticator {
    key: JwtKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: Option<String>,
    audience: Option<String>,
}

impl Authenticator {
    /// # Errors
    /// A message naming the problem when an RS256 key is not a valid PEM public key.
    pub fn new(key: JwtKey, issuer: Option<String>, audience: Option<String>) -> Result<Self, String> {
        let (decoding, alg) = match &key {
            JwtKey::Hs256(secret) => (DecodingKey::from_secret(secret), Algorithm::HS256),
            JwtKey::Rs256Pem(pem) => (
                DecodingKey::from_rsa_pem(pem)
                    .map_err(|e| format!("jwt_public_key_file: not an RSA public key in PEM: {e}"))?,
                Algorithm::RS256,
            ),
        };
        let mut validation = Validation::new(alg);
        let mut required = vec!["exp", "sub"];
        if issuer.is_some() {
            required.push("iss");
        }
        if audience.is_some() {
            required.push("aud");
        }
        validation.set_required_spec_claims(&required);
        validation.leeway = 0;
        // A token not yet valid is refused (`nbf` is optional, checked when present).
        validation.validate_nbf = true;
        match &issuer {
            Some(iss) => validation.set_issuer(&[iss]),
            None => validation.iss = None,
        }
        match &audience {
            Some(aud) => validation.set_audience(&[aud]),
            None => validation.validate_aud = false,
        }
        Ok(Authenticator { key, decoding, validation, issuer, audience })
    }

    /// The user id the token names.
    ///
    /// # Errors
    /// `Unauthorized` for a malformed, badly signed, expired or otherwise invalid token.
    pub fn verify(&self, token: &str) -> Result<Uuid, ApiError> {
        // `crit` names extensions the verifier must understand (RFC 7515 §4.1.11); this one
        // understands none, so such a token is refused.
        let header = jsonwebtoken::decode_header(token).map_err(|_| ApiError::Unauthorized("malformed token"))?;
        if header.crit.is_some() {
            return Err(ApiError::Unauthorized("crit header not understood"));
        }
        let data = decode::<Claims>(token, &self.decoding, &self.validation).map_err(|e| {
            use jsonwebtoken::errors::ErrorKind as K;
            ApiError::Unauthorized(match e.kind() {
                K::ExpiredSignature => "expired token",
                K::ImmatureSignature => "token not yet valid",
                K::InvalidSignature => "bad signature",
                K::InvalidAlgorithm => "algorithm not allowed",
                K::MissingRequiredClaim(_) => "missing claim",
                K::InvalidIssuer => "wrong issuer",
                K::InvalidAudience => "wrong audience",
                _ => "malformed token",
            })
        })?;
        Uuid::parse_str(&data.claims.sub).map_err(|_| ApiError::Unauthorized("sub is not a uuid"))
    }

    /// Mints a token for `user_id` valid for `ttl_secs` (development and tests; HS256 only).
    ///
    /// # Errors
    /// A message when the configured key is an RS256 public key, which cannot sign.
    pub fn mint(&self, user_id: Uuid, ttl_secs: u64) -> Result<String, String> {
        let JwtKey::Hs256(secret) = &self.key else {
            return Err("tokens can only be minted with an HS256 secret (jwt_secret)".into());
        };
        let now = chrono::Utc::now().timestamp().max(0) as u64;
        let claims = Claims {
            sub: user_id.to_string(),
            exp: now + ttl_secs,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(secret)).map_err(|e| e.to_string())
    }
}

/// The bearer token of the one `Authorization` header; two headers are refused rather than one
/// picked (a proxy and the service could read different ones).
fn bearer(req: &HttpRequest) -> Result<&str, ApiError> {
    let mut values = req.headers().get_all(header::AUTHORIZATION);
    let value = values.next().ok_or(ApiError::Unauthorized("missing token"))?;
    if values.next().is_some() {
        return Err(ApiError::Unauthorized("more than one Authorization header"));
    }
    let value = value.to_str().map_err(|_| ApiError::Unauthorized("malformed header"))?;
    let (scheme, token) = value.split_once(' ').ok_or(ApiError::Unauthorized("malformed header"))?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(ApiError::Unauthorized("malformed header"));
    }
    Ok(token.trim())
}

/// Authenticates the request: token, then the user row (must exist and be active).
///
/// # Errors
/// `Unauthorized` for every token or user problem; `Unavailable` when the database is down.
pub async fn authenticate(req: &HttpRequest) -> Result<Actor, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::Domain(insights_domain::Error::Internal("app state missing".into())))?
        .clone();
    let user_id = state.auth.verify(bearer(req)?)?;
    let users = state.ports.users.clone();
    let user = web::block(move || users.find_user_for_auth(user_id))
        .await
        .map_err(|e| ApiError::Domain(insights_domain::Error::Internal(e.to_string())))??;
    match user {
        Some(u) if u.is_active => Ok(Actor::from(&u)),
        Some(_) => Err(ApiError::Unauthorized("inactive user")),
        None => Err(ApiError::Unauthorized("unknown user")),
    }
}

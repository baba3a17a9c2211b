//! The domain's error contract. Every port and rule returns these; the api crate maps each case to
//! one (status, code) pair in one place.

/// One field's problem, for the `details` of a 400.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// A business rule that refuses the request (409).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictCode {
    AlreadyRated,
    SessionNotCompleted,
    SessionAlreadyCompleted,
    CampaignOverlap,
    CampaignNotActive,
    AlreadyResponded,
    CampaignAlreadyEnded,
    AmbiguousMessageId,
}

impl ConflictCode {
    pub const ALL: [ConflictCode; 8] = [
        ConflictCode::AlreadyRated,
        ConflictCode::SessionNotCompleted,
        ConflictCode::SessionAlreadyCompleted,
        ConflictCode::CampaignOverlap,
        ConflictCode::CampaignNotActive,
        ConflictCode::AlreadyResponded,
        ConflictCode::CampaignAlreadyEnded,
        ConflictCode::AmbiguousMessageId,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConflictCode::AlreadyRated => "ALREADY_RATED",
            ConflictCode::SessionNotCompleted => "SESSION_NOT_COMPLETED",
            ConflictCode::SessionAlreadyCompleted => "SESSION_ALREADY_COMPLETED",
            ConflictCode::CampaignOverlap => "CAMPAIGN_OVERLAP",
            ConflictCode::CampaignNotActive => "CAMPAIGN_NOT_ACTIVE",
            ConflictCode::AlreadyResponded => "ALREADY_RESPONDED",
            ConflictCode::CampaignAlreadyEnded => "CAMPAIGN_ALREADY_ENDED",
            ConflictCode::AmbiguousMessageId => "AMBIGUOUS_MESSAGE_ID",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Bad input (400).
    #[error("{message}")]
    Invalid { message: String, details: Vec<FieldError> },
    /// No such resource in the actor's account (404). The string names what was looked for.
    #[error("{0} not found")]
    NotFound(String),
    /// Authenticated but not allowed (403).
    #[error("{0}")]
    Forbidden(String),
    /// A business rule refuses the request (409).
    #[error("{message}")]
    Conflict { code: ConflictCode, message: String },
    /// The database cannot be reached or no connection was free in time (503).
    #[error("database unavailable")]
    Unavailable,
    /// Anything else (500). The text is for the log, never for the client.
    #[error("internal error: {0}")]
    Internal(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// A 400 about one field: the message is `"<field> <problem>"`.
    pub fn invalid(field: &str, problem: &str) -> Error {
        Error::Invalid {
            message: format!("{field} {problem}"),
            details: vec![FieldError { field: field.into(), message: problem.into() }],
        }
    }

    /// A 400 with no field detail.
    pub fn bad_request(message: impl Into<String>) -> Error {
        Error::Invalid { message: message.into(), details: vec![] }
    }

    pub fn conflict(code: ConflictCode, message: impl Into<String>) -> Error {
        Error::Conflict { code, message: message.into() }
    }

    pub fn not_found(what: &str) -> Error {
        Error::NotFound(what.into())
    }
}

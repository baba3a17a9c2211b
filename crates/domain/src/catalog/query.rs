//! The parsed filters of the catalog's lists: each built once, from raw query text, by one
//! fallible constructor whose error names the query parameter.

use uuid::Uuid;

use crate::page::PageRequest;
use crate::text::optional_text;
use crate::{Error, Result};

/// Longest search text, in characters after trimming.
pub const MAX_SEARCH_CHARS: usize = 200;

/// Parses a search parameter: trimmed, empty means no filter.
///
/// # Errors
/// `Invalid` naming `field` when it holds a NUL or more than [`MAX_SEARCH_CHARS`] characters.
pub fn search_text(field: &str, raw: Option<&str>) -> Result<Option<String>> {
    optional_text(field, raw, MAX_SEARCH_CHARS)
}

/// The kind of a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TreeType {
    Troubleshooting,
    Procedural,
    Maintenance,
}

impl TreeType {
    pub const ALL: [TreeType; 3] = [TreeType::Troubleshooting, TreeType::Procedural, TreeType::Maintenance];

    pub fn as_str(self) -> &'static str {
        match self {
            TreeType::Troubleshooting => "troubleshooting",
            TreeType::Procedural => "procedural",
            TreeType::Maintenance => "maintenance",
        }
    }

    /// The stored form; `None` for anything else.
    pub fn from_stored(s: &str) -> Option<TreeType> {
        TreeType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// # Errors
    /// `Invalid` naming `tree_type` unless it is one of the three.
    pub fn parse(s: &str) -> Result<TreeType> {
        TreeType::from_stored(s.trim())
            .ok_or_else(|| Error::invalid("tree_type", "must be one of troubleshooting, procedural, maintenance"))
    }
}

/// `GET /trees`: an optional name search, an optional type, a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeQuery {
    q: Option<String>,
    tree_type: Option<TreeType>,
    page: PageRequest,
}

impl TreeQuery {
    /// # Errors
    /// `Invalid` naming `q` or `tree_type`.
    pub fn new(q: Option<&str>, tree_type: Option<&str>, page: PageRequest) -> Result<TreeQuery> {
        let q = search_text("q", q)?;
        let tree_type = tree_type.map(TreeType::parse).transpose()?;
        Ok(TreeQuery { q, tree_type, page })
    }

    pub fn q(&self) -> Option<&str> {
        self.q.as_deref()
    }

    pub fn tree_type(&self) -> Option<TreeType> {
        self.tree_type
    }

    pub fn page(&self) -> PageRequest {
        self.page
    }
}

/// Which of the caller's sessions a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SessionStatus {
    InProgress,
    Completed,
    #[default]
    All,
}

impl SessionStatus {
    /// # Errors
    /// `Invalid` naming `status` unless it is `in_progress`, `completed` or `all`.
    pub fn parse(s: &str) -> Result<SessionStatus> {
        match s.trim() {
            "in_progress" => Ok(SessionStatus::InProgress),
            "completed" => Ok(SessionStatus::Completed),
            "all" => Ok(SessionStatus::All),
            _ => Err(Error::invalid("status", "must be one of in_progress, completed, all")),
        }
    }
}

/// `GET /sessions`: a status, an optional flow, a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionQuery {
    status: SessionStatus,
    tree_id: Option<Uuid>,
    page: PageRequest,
}

impl SessionQuery {
    /// # Errors
    /// `Invalid` naming `status` or `tree_id`.
    pub fn new(status: Option<&str>, tree_id: Option<&str>, page: PageRequest) -> Result<SessionQuery> {
        let status = status.map(SessionStatus::parse).transpose()?.unwrap_or_default();
        let tree_id = tree_id
            .map(|t| Uuid::parse_str(t.trim()).map_err(|_| Error::invalid("tree_id", "must be a UUID")))
            .transpose()?;
        Ok(SessionQuery { status, tree_id, page })
    }

    pub fn status(&self) -> SessionStatus {
        self.status
    }

    pub fn tree_id(&self) -> Option<Uuid> {
        self.tree_id
    }

    pub fn page(&self) -> PageRequest {
        self.page
    }
}

/// `GET /directory/users` and `/directory/teams`: an optional search, a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryQuery {
    q: Option<String>,
    page: PageRequest,
}

impl DirectoryQuery {
    /// # Errors
    /// `Invalid` naming `q`.
    pub fn new(q: Option<&str>, page: PageRequest) -> Result<DirectoryQuery> {
        Ok(DirectoryQuery { q: search_text("q", q)?, page })
    }

    pub fn q(&self) -> Option<&str> {
        self.q.as_deref()
    }

    pub fn page(&self) -> PageRequest {
        self.page
    }
}

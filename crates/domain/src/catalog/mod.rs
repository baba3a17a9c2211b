//! What the account holds, as the console browses it: the caller's profile and capabilities,
//! the flows (trees) with their nodes, the people and teams of the directory, and the caller's own
//! sessions. Read-only; every read is scoped to the actor's account.

mod profile;
mod query;
mod service;
#[cfg(test)]
mod tests;

pub use profile::{Account, Capabilities, Profile};
pub use query::{DirectoryQuery, MAX_SEARCH_CHARS, SessionQuery, SessionStatus, TreeQuery, TreeType, search_text};
pub use service::CatalogService;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::feedback::{Session, SessionRating};

/// A flow in the account's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeSummary {
    pub id: Uuid,
    pub name: String,
    pub tree_type: TreeType,
    pub node_count: i64,
    pub updated_at: DateTime<Utc>,
}

/// One node of a flow, in flow order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeNode {
    pub node_id: String,
    pub title: String,
    /// The library step the node shows; `None` for nodes that are not steps.
    pub step_id: Option<Uuid>,
    pub position: i32,
}

/// A flow with its nodes ordered by position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeDetail {
    pub id: Uuid,
    pub name: String,
    pub tree_type: TreeType,
    pub nodes: Vec<TreeNode>,
}

/// An active user of the account, as the share dialog suggests it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryUser {
    pub id: Uuid,
    pub name: String,
    pub email: String,
}

/// A team of the account with its number of members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryTeam {
    pub id: Uuid,
    pub name: String,
    pub member_count: i64,
}

/// One of the caller's sessions, with its flow's name and its CSAT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionListItem {
    pub session: Session,
    pub tree_name: String,
    pub rating: Option<SessionRating>,
}

//! The catalog's operations: the actor first, then an already-parsed query.

use std::sync::Arc;

use uuid::Uuid;

use super::{
    Capabilities, DirectoryQuery, DirectoryTeam, DirectoryUser, Profile, SessionListItem, SessionQuery, TreeDetail,
    TreeQuery, TreeSummary,
};
use crate::page::Page;
use crate::ports::CatalogRepo;
use crate::{Actor, Error, Result};

/// Reads of the account's profile, flows, directory and the caller's sessions.
#[derive(Clone)]
pub struct CatalogService {
    repo: Arc<dyn CatalogRepo>,
}

impl CatalogService {
    pub fn new(repo: Arc<dyn CatalogRepo>) -> CatalogService {
        CatalogService { repo }
    }

    /// The caller, its account and what its role allows.
    ///
    /// # Errors
    /// `NotFound` when the user left the account since it authenticated; `Unavailable`.
    pub fn me(&self, actor: &Actor) -> Result<Profile> {
        let (user, account) = self.repo.profile(actor)?.ok_or_else(|| Error::NotFound("user".into()))?;
        Ok(Profile { user, account, can: Capabilities::of(actor) })
    }

    /// The account's flows, by name (case-insensitive) then id.
    ///
    /// # Errors
    /// `Unavailable`.
    pub fn trees(&self, actor: &Actor, query: &TreeQuery) -> Result<Page<TreeSummary>> {
        self.repo.list_trees(actor, query)
    }

    /// One flow of the account with its nodes by position.
    ///
    /// # Errors
    /// `NotFound` when the account has no such flow; `Unavailable`.
    pub fn tree(&self, actor: &Actor, tree_id: Uuid) -> Result<TreeDetail> {
        self.repo.find_tree(actor, tree_id)?.ok_or_else(|| Error::NotFound("tree".into()))
    }

    /// The caller's own sessions, newest first.
    ///
    /// # Errors
    /// `Unavailable`.
    pub fn my_sessions(&self, actor: &Actor, query: &SessionQuery) -> Result<Page<SessionListItem>> {
        self.repo.list_own_sessions(actor, query)
    }

    /// The account's active users matching `q` (name or email), by name then id.
    ///
    /// # Errors
    /// `Unavailable`.
    pub fn users(&self, actor: &Actor, query: &DirectoryQuery) -> Result<Page<DirectoryUser>> {
        self.repo.list_users(actor, query)
    }

    /// The account's teams matching `q` (name), by name then id.
    ///
    /// # Errors
    /// `Unavailable`.
    pub fn teams(&self, actor: &Actor, query: &DirectoryQuery) -> Result<Page<DirectoryTeam>> {
        self.repo.list_teams(actor, query)
    }
}

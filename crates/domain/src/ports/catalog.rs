use uuid::Uuid;

use crate::Actor;
use crate::Result;
use crate::actor::User;
use crate::catalog::{
    Account, DirectoryQuery, DirectoryTeam, DirectoryUser, SessionListItem, SessionQuery, TreeDetail, TreeQuery,
    TreeSummary,
};
use crate::page::Page;

/// Read-only views of the actor's account for the console. Every method is scoped to
/// `actor.account_id`.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait CatalogRepo: Send + Sync {
    /// The actor's user row and its account; `None` when the user is gone.
    ///
    /// # Errors
    /// `Unavailable`.
    fn profile(&self, actor: &Actor) -> Result<Option<(User, Account)>>;

    /// The account's flows filtered by `query` (name contains `q`, case-insensitive; type), ordered
    /// by lower-cased name then id, one page, with the total.
    ///
    /// # Errors
    /// `Unavailable`.
    fn list_trees(&self, actor: &Actor, query: &TreeQuery) -> Result<Page<TreeSummary>>;

    /// A flow of the account with its nodes ordered by position then node id.
    ///
    /// # Errors
    /// `Unavailable`.
    fn find_tree(&self, actor: &Actor, tree_id: Uuid) -> Result<Option<TreeDetail>>;

    /// The actor's own sessions (`user_id = actor.user_id`) filtered by status
    /// ([`crate::catalog::SessionStatus`]) and flow, newest `started_at` first then id descending, one page.
    ///
    /// # Errors
    /// `Unavailable`.
    fn list_own_sessions(&self, actor: &Actor, query: &SessionQuery) -> Result<Page<SessionListItem>>;

    /// Active users of the account whose name or email contains `q` (case-insensitive), by
    /// lower-cased name then id.
    ///
    /// # Errors
    /// `Unavailable`.
    fn list_users(&self, actor: &Actor, query: &DirectoryQuery) -> Result<Page<DirectoryUser>>;

    /// Teams of the account whose name contains `q` (case-insensitive), with their member counts,
    /// by lower-cased name then id.
    ///
    /// # Errors
    /// `Unavailable`.
    fn list_teams(&self, actor: &Actor, query: &DirectoryQuery) -> Result<Page<DirectoryTeam>>;
}

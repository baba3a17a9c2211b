//! Who a conversation is shared with, and the commands that change it.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::UserRef;
use crate::access::Permission;
use crate::{Error, Result};

/// An active share with a user, as stored (`None`: legacy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedUser {
    pub user: UserRef,
    pub permission: Option<Permission>,
    pub granted_at: DateTime<Utc>,
}

/// A share with a team, as stored (`None`: legacy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedTeam {
    pub team_id: Uuid,
    pub name: String,
    pub permission: Option<Permission>,
}

/// The sharing state of a conversation, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sharing {
    pub is_public: bool,
    pub public_permission: Option<Permission>,
    pub users: Vec<SharedUser>,
    pub teams: Vec<SharedTeam>,
}

/// A user share as shown (legacy nulls shown as `comment`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserShareView {
    pub user: UserRef,
    pub permission: Permission,
    pub granted_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamShareView {
    pub team_id: Uuid,
    pub name: String,
    pub permission: Permission,
}

/// The sharing state as shown: legacy nulls as `comment`, a missing public permission as the
/// configured default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharingView {
    pub is_public: bool,
    pub public_permission: Permission,
    pub users: Vec<UserShareView>,
    pub teams: Vec<TeamShareView>,
}

impl SharingView {
    pub fn from_stored(s: Sharing, public_default: Permission) -> SharingView {
        SharingView {
            is_public: s.is_public,
            public_permission: s.public_permission.unwrap_or(public_default),
            users: s
                .users
                .into_iter()
                .map(|u| UserShareView {
                    user: u.user,
                    permission: Permission::or_legacy(u.permission),
                    granted_at: u.granted_at,
                })
                .collect(),
            teams: s
                .teams
                .into_iter()
                .map(|t| TeamShareView {
                    team_id: t.team_id,
                    name: t.name,
                    permission: Permission::or_legacy(t.permission),
                })
                .collect(),
        }
    }
}

/// `POST .../share`: emails (trimmed, lowercased, deduplicated), team ids (deduplicated), the
/// permission of those shares (required when there are any) and the public switch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    pub(super) emails: Vec<String>,
    pub(super) team_ids: Vec<Uuid>,
    pub(super) permission: Option<Permission>,
    pub(super) is_public: Option<bool>,
    pub(super) public_permission: Option<Permission>,
}

fn permission_field(field: &str, raw: Option<&str>) -> Result<Option<Permission>> {
    raw.map(|p| Permission::parse(p.trim()).ok_or_else(|| Error::invalid(field, "must be view or comment"))).transpose()
}

fn normalize_email(raw: &str) -> Result<String> {
    let email = raw.trim().to_lowercase();
    if is_plausible_email(&email) {
        Ok(email)
    } else {
        Err(Error::invalid("user_emails", &format!("{raw:?} is not an email")))
    }
}

impl Share {
    /// # Errors
    /// `Invalid`: nothing to share, a permission missing or unknown, a bad email or team id.
    pub fn new(
        user_emails: &[String],
        team_ids: &[String],
        permission: Option<&str>,
        is_public: Option<bool>,
        public_permission: Option<&str>,
    ) -> Result<Share> {
        if user_emails.is_empty() && team_ids.is_empty() && is_public.is_none() {
            return Err(Error::bad_request("give at least one of user_emails, team_ids or is_public"));
        }
        if (!user_emails.is_empty() || !team_ids.is_empty()) && permission.is_none() {
            return Err(Error::invalid("permission", "is required when sharing with users or teams"));
        }
        let permission = permission_field("permission", permission)?;
        let public_permission = permission_field("public_permission", public_permission)?;
        let mut emails: Vec<String> = Vec::with_capacity(user_emails.len());
        for raw in user_emails {
            let e = normalize_email(raw)?;
            if !emails.contains(&e) {
                emails.push(e);
            }
        }
        let mut teams: Vec<Uuid> = Vec::with_capacity(team_ids.len());
        for raw in team_ids {
            let id = Uuid::parse_str(raw.trim())
                .map_err(|_| Error::invalid("team_ids", &format!("{raw:?} is not a UUID")))?;
            if !teams.contains(&id) {
                teams.push(id);
            }
        }
        Ok(Share { emails, team_ids: teams, permission, is_public, public_permission })
    }
}

/// Everything one share request writes, in one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareWrite {
    pub conversation_id: Uuid,
    pub granted_by: Uuid,
    pub now: DateTime<Utc>,
    pub user_ids: Vec<Uuid>,
    pub team_ids: Vec<Uuid>,
    /// The permission of the user and team shares (set whenever there are any).
    pub permission: Option<Permission>,
    pub is_public: Option<bool>,
    pub public_permission: Option<Permission>,
}

/// Who a permission change names, as the client gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareTo {
    /// Trimmed, lowercased, plausible.
    Email(String),
    Team(Uuid),
    Public,
}

/// `PATCH .../share`: the new permission and exactly one target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateShare {
    pub(super) permission: Permission,
    pub(super) target: ShareTo,
}

impl UpdateShare {
    /// Checks the permission, then that there is exactly one target, then the email.
    ///
    /// # Errors
    /// `Invalid` naming the bad field, or a 400 without details for zero or several targets.
    pub fn new(
        permission: Option<&str>,
        email: Option<&str>,
        team_id: Option<&str>,
        public: Option<bool>,
    ) -> Result<UpdateShare> {
        let permission =
            permission_field("permission", permission)?.ok_or_else(|| Error::invalid("permission", "is required"))?;
        let mut targets = vec![];
        if let Some(e) = email {
            targets.push(ShareTo::Email(e.trim().to_lowercase()));
        }
        if let Some(t) = team_id {
            targets.push(ShareTo::Team(
                Uuid::parse_str(t.trim()).map_err(|_| Error::invalid("team_id", "must be a UUID"))?,
            ));
        }
        match public {
            Some(true) => targets.push(ShareTo::Public),
            Some(false) => return Err(Error::invalid("public", "must be true when given")),
            None => {}
        }
        let target = match targets.len() {
            0 => return Err(Error::bad_request("give one target: email, team_id or public")),
            1 => targets.remove(0),
            _ => return Err(Error::bad_request("give only one target: email, team_id or public")),
        };
        if let ShareTo::Email(e) = &target
            && !is_plausible_email(e)
        {
            return Err(Error::invalid("email", "must be an email"));
        }
        Ok(UpdateShare { permission, target })
    }
}

/// What a permission change applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareTarget {
    User(Uuid),
    Team(Uuid),
    Public,
}

/// A plausible email: one `@`, something on both sides, a dot in the domain, no spaces and no
/// control characters (NUL among them: PostgreSQL's text cannot hold it).
pub fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

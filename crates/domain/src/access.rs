//! Conversation access levels: one pure function of (conversation, actor, grants, configured public
//! default), so other services can link this crate and decide access exactly as this one does.

use uuid::Uuid;

use crate::{Actor, Error, Result};

/// What a share lets its holder do: `view` ("Can view") or `comment` ("Can edit").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Permission {
    View,
    Comment,
}

impl Permission {
    pub const ALL: [Permission; 2] = [Permission::View, Permission::Comment];

    pub fn as_str(self) -> &'static str {
        match self {
            Permission::View => "view",
            Permission::Comment => "comment",
        }
    }

    /// Parses the stored and wire form (`view` / `comment`, exactly); `None` for anything else.
    pub fn parse(s: &str) -> Option<Permission> {
        Permission::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// A recorded permission, where a missing one (a legacy share) means full access (`comment`).
    pub fn or_legacy(stored: Option<Permission>) -> Permission {
        stored.unwrap_or(Permission::Comment)
    }
}

/// How the actor reaches a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccessLevel {
    Owner,
    /// Granted `comment`: read and write.
    Shared,
    /// Granted `view` only: read.
    SharedReadonly,
    /// An admin viewer with no grant: read only, may not rate.
    AdminAudit,
}

impl AccessLevel {
    pub const ALL: [AccessLevel; 4] =
        [AccessLevel::Owner, AccessLevel::Shared, AccessLevel::SharedReadonly, AccessLevel::AdminAudit];

    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::Owner => "owner",
            AccessLevel::Shared => "shared",
            AccessLevel::SharedReadonly => "shared_readonly",
            AccessLevel::AdminAudit => "admin_audit",
        }
    }

    /// Every level may read the conversation and its messages.
    pub fn can_read(self) -> bool {
        true
    }

    /// May add messages: `owner` and `shared`.
    pub fn can_post(self) -> bool {
        matches!(self, AccessLevel::Owner | AccessLevel::Shared)
    }

    /// May rate messages: everyone but `admin_audit`.
    pub fn can_rate(self) -> bool {
        !matches!(self, AccessLevel::AdminAudit)
    }

    /// May share, change permissions, rename and delete: `owner` only.
    pub fn can_manage(self) -> bool {
        matches!(self, AccessLevel::Owner)
    }
}

/// The facts of a conversation that access depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConversationFacts {
    pub account_id: Uuid,
    pub owner_id: Uuid,
    pub deleted: bool,
    pub is_public: bool,
    /// `None` on a public conversation means the configured default.
    pub public_permission: Option<Permission>,
}

/// A direct share of the conversation with the actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DirectShare {
    /// `None`: a legacy share (counts as `comment`).
    pub permission: Option<Permission>,
    pub revoked: bool,
}

/// The shares that may apply to the actor on one conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grants {
    /// The actor's own share, if any (revoked ones included: they grant nothing).
    pub direct: Option<DirectShare>,
    /// One entry per share to a team the actor belongs to (`None`: legacy, counts as `comment`).
    pub teams: Vec<Option<Permission>>,
}

/// The access rule of the spec (`conversations.md`, Access levels), in its order:
/// missing, soft-deleted or of another account → `NotFound`; owner → `Owner`; otherwise the most
/// permissive of the grants that apply (direct share not revoked, team shares, the public flag with
/// `public_default` when no public permission is recorded; legacy nulls count as `comment`);
/// no grant and an admin viewer → `AdminAudit`.
///
/// # Errors
/// `NotFound("conversation")` for a missing, deleted or foreign conversation (admins too);
/// `Forbidden` when nothing grants access.
pub fn access_level(
    conversation: Option<&ConversationFacts>,
    actor: &Actor,
    grants: &Grants,
    public_default: Permission,
) -> Result<AccessLevel> {
    let c = match conversation {
        Some(c) if !c.deleted && c.account_id == actor.account_id => c,
        _ => return Err(Error::not_found("conversation")),
    };
    if c.owner_id == actor.user_id {
        return Ok(AccessLevel::Owner);
    }
    let direct = grants.direct.filter(|d| !d.revoked).map(|d| Permission::or_legacy(d.permission));
    let teams = grants.teams.iter().map(|p| Permission::or_legacy(*p));
    let public = c.is_public.then(|| c.public_permission.unwrap_or(public_default));
    match direct.into_iter().chain(teams).chain(public).max() {
        Some(Permission::Comment) => Ok(AccessLevel::Shared),
        Some(Permission::View) => Ok(AccessLevel::SharedReadonly),
        None if actor.is_admin_viewer() => Ok(AccessLevel::AdminAudit),
        None => Err(Error::Forbidden("you have no access to this conversation".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;

    const ACCOUNT: Uuid = Uuid::from_u128(1);
    const OWNER: Uuid = Uuid::from_u128(2);
    const ME: Uuid = Uuid::from_u128(3);

    fn actor(role: Role, can_view_admin: bool) -> Actor {
        Actor { user_id: ME, account_id: ACCOUNT, role, can_view_admin }
    }

    fn facts(is_public: bool, public_permission: Option<Permission>) -> ConversationFacts {
        ConversationFacts { account_id: ACCOUNT, owner_id: OWNER, deleted: false, is_public, public_permission }
    }

    #[derive(Debug, Clone, Copy)]
    enum Direct {
        None,
        View,
        Comment,
        Legacy,
        Revoked,
    }

    #[derive(Debug, Clone, Copy)]
    enum Team {
        None,
        View,
        Comment,
        Legacy,
    }

    #[derive(Debug, Clone, Copy)]
    enum Public {
        Off,
        View,
        Comment,
        NullDefaultView,
        NullDefaultComment,
    }

    /// The expected best grant of a combination, worked out by hand per case (not by the rule).
    fn expected_grant(d: Direct, t: Team, p: Public) -> Option<Permission> {
        use Permission::{Comment, View};
        let d = match d {
            Direct::None | Direct::Revoked => None,
            Direct::View => Some(View),
            Direct::Comment | Direct::Legacy => Some(Comment),
        };
        let t = match t {
            Team::None => None,
            Team::View => Some(View),
            Team::Comment | Team::Legacy => Some(Comment),
        };
        let p = match p {
            Public::Off => None,
            Public::View | Public::NullDefaultView => Some(View),
            Public::Comment | Public::NullDefaultComment => Some(Comment),
        };
        if [d, t, p].contains(&Some(Comment)) {
            Some(Comment)
        } else if [d, t, p].contains(&Some(View)) {
            Some(View)
        } else {
            None
        }
    }

    fn setup(d: Direct, t: Team, p: Public) -> (ConversationFacts, Grants, Permission) {
        let direct = match d {
            Direct::None => None,
            Direct::View => Some(DirectShare { permission: Some(Permission::View), revoked: false }),
            Direct::Comment => Some(DirectShare { permission: Some(Permission::Comment), revoked: false }),
            Direct::Legacy => Some(DirectShare { permission: None, revoked: false }),
            Direct::Revoked => Some(DirectShare { permission: Some(Permission::Comment), revoked: true }),
        };
        let teams = match t {
            Team::None => vec![],
            Team::View => vec![Some(Permission::View)],
            Team::Comment => vec![Some(Permission::Comment)],
            Team::Legacy => vec![None],
        };
        let (f, default) = match p {
            Public::Off => (facts(false, Some(Permission::Comment)), Permission::Comment),
            Public::View => (facts(true, Some(Permission::View)), Permission::Comment),
            Public::Comment => (facts(true, Some(Permission::Comment)), Permission::View),
            Public::NullDefaultView => (facts(true, None), Permission::View),
            Public::NullDefaultComment => (facts(true, None), Permission::Comment),
        };
        (f, Grants { direct, teams }, default)
    }

    #[test]
    fn every_combination_of_grants_gives_the_most_permissive_level() {
        let directs = [Direct::None, Direct::View, Direct::Comment, Direct::Legacy, Direct::Revoked];
        let teams = [Team::None, Team::View, Team::Comment, Team::Legacy];
        let publics = [Public::Off, Public::View, Public::Comment, Public::NullDefaultView, Public::NullDefaultComment];
        let mut cases = 0;
        for d in directs {
            for t in teams {
                for p in publics {
                    for admin_viewer in [false, true] {
                        let (f, g, default) = setup(d, t, p);
                        let a = actor(Role::Engineer, admin_viewer);
                        let expected = match (expected_grant(d, t, p), admin_viewer) {
                            (Some(Permission::Comment), _) => Ok(AccessLevel::Shared),
                            (Some(Permission::View), _) => Ok(AccessLevel::SharedReadonly),
                            (None, true) => Ok(AccessLevel::AdminAudit),
                            (None, false) => Err(Error::Forbidden("you have no access to this conversation".into())),
                        };
                        assert_eq!(
                            access_level(Some(&f), &a, &g, default),
                            expected,
                            "{d:?} {t:?} {p:?} {admin_viewer}"
                        );
                        cases += 1;
                    }
                }
            }
        }
        assert_eq!(cases, 200);
    }

    #[test]
    fn a_directly_shared_editor_on_a_public_read_only_conversation_stays_shared() {
        let g = Grants {
            direct: Some(DirectShare { permission: Some(Permission::Comment), revoked: false }),
            teams: vec![],
        };
        let f = facts(true, Some(Permission::View));
        assert_eq!(
            access_level(Some(&f), &actor(Role::Engineer, false), &g, Permission::Comment),
            Ok(AccessLevel::Shared)
        );
    }

    #[test]
    fn the_order_of_team_grants_does_not_matter() {
        let f = facts(false, None);
        let a = actor(Role::Viewer, false);
        for teams in [vec![Some(Permission::View), None], vec![None, Some(Permission::View)]] {
            let g = Grants { direct: None, teams };
            assert_eq!(access_level(Some(&f), &a, &g, Permission::View), Ok(AccessLevel::Shared));
        }
        let g = Grants { direct: None, teams: vec![Some(Permission::View), Some(Permission::View)] };
        assert_eq!(access_level(Some(&f), &a, &g, Permission::View), Ok(AccessLevel::SharedReadonly));
    }

    #[test]
    fn a_revoked_legacy_share_grants_nothing() {
        let g = Grants { direct: Some(DirectShare { permission: None, revoked: true }), teams: vec![] };
        assert_eq!(
            access_level(Some(&facts(false, None)), &actor(Role::Engineer, false), &g, Permission::Comment),
            Err(Error::Forbidden("you have no access to this conversation".into()))
        );
    }

    #[test]
    fn owners_are_owners_whatever_the_grants() {
        let f = facts(true, Some(Permission::View));
        let a = Actor { user_id: OWNER, ..actor(Role::Viewer, false) };
        let g =
            Grants { direct: Some(DirectShare { permission: Some(Permission::View), revoked: false }), teams: vec![] };
        assert_eq!(access_level(Some(&f), &a, &g, Permission::View), Ok(AccessLevel::Owner));
    }

    #[test]
    fn admins_without_a_grant_audit_and_admins_with_one_use_it() {
        let f = facts(false, None);
        for role in [Role::SuperAdmin, Role::TeamAdmin] {
            assert_eq!(
                access_level(Some(&f), &actor(role, false), &Grants::default(), Permission::Comment),
                Ok(AccessLevel::AdminAudit)
            );
            let g = Grants { direct: None, teams: vec![Some(Permission::View)] };
            assert_eq!(
                access_level(Some(&f), &actor(role, false), &g, Permission::Comment),
                Ok(AccessLevel::SharedReadonly)
            );
        }
    }

    #[test]
    fn missing_deleted_and_foreign_conversations_are_not_found_even_for_admins_and_owners() {
        let admin = actor(Role::SuperAdmin, true);
        let everything = Grants {
            direct: Some(DirectShare { permission: Some(Permission::Comment), revoked: false }),
            teams: vec![None],
        };
        let nf = Err(Error::not_found("conversation"));
        assert_eq!(access_level(None, &admin, &everything, Permission::Comment), nf);
        let deleted = ConversationFacts { deleted: true, ..facts(true, None) };
        assert_eq!(access_level(Some(&deleted), &admin, &everything, Permission::Comment), nf);
        let own_deleted = ConversationFacts { owner_id: ME, ..deleted };
        assert_eq!(access_level(Some(&own_deleted), &admin, &everything, Permission::Comment), nf);
        let foreign = ConversationFacts { account_id: Uuid::from_u128(99), ..facts(true, None) };
        assert_eq!(access_level(Some(&foreign), &admin, &everything, Permission::Comment), nf);
    }

    #[test]
    fn capabilities_follow_the_table_of_the_spec() {
        let table = [
            (AccessLevel::Owner, true, true, true),
            (AccessLevel::Shared, true, true, false),
            (AccessLevel::SharedReadonly, false, true, false),
            (AccessLevel::AdminAudit, false, false, false),
        ];
        for (level, post, rate, manage) in table {
            assert!(level.can_read());
            assert_eq!((level.can_post(), level.can_rate(), level.can_manage()), (post, rate, manage), "{level:?}");
        }
    }

    #[test]
    fn permissions_and_levels_round_trip_their_wire_form() {
        for p in Permission::ALL {
            assert_eq!(Permission::parse(p.as_str()), Some(p));
        }
        assert_eq!(Permission::parse("edit"), None);
        assert_eq!(Permission::parse("View"), None);
        assert_eq!(AccessLevel::ALL.map(AccessLevel::as_str), ["owner", "shared", "shared_readonly", "admin_audit"]);
    }
}

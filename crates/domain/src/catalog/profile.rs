//! Who the caller is and what its role allows.

use uuid::Uuid;

use crate::Actor;
use crate::actor::User;

/// The caller's account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: Uuid,
    pub name: String,
    /// IANA name.
    pub timezone: String,
}

/// What the actor's role allows, from the same rules the operations enforce
/// ([`Actor::is_admin`], [`Actor::is_admin_viewer`]); feature flags are not part of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// Team analytics (`GET /analytics/team`): admins.
    pub team_analytics: bool,
    /// The admin feedback inbox: admin viewers.
    pub admin_inbox: bool,
    /// NPS analytics and the campaign list: admin viewers.
    pub nps_read: bool,
    /// Creating and stopping NPS campaigns: admins.
    pub nps_manage: bool,
    /// Reading any conversation of the account read-only: admin viewers.
    pub audit: bool,
}

impl Capabilities {
    pub fn of(actor: &Actor) -> Capabilities {
        let admin = actor.is_admin();
        let viewer = actor.is_admin_viewer();
        Capabilities { team_analytics: admin, admin_inbox: viewer, nps_read: viewer, nps_manage: admin, audit: viewer }
    }
}

/// `GET /me`: the user, its account and its capabilities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub user: User,
    pub account: Account,
    pub can: Capabilities,
}

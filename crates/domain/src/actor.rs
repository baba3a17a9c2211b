//! Who is acting: the authenticated user with the account and role loaded from the database.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// ResolutionFlow's ranks: `super_admin` > `team_admin` > `engineer` > `viewer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    SuperAdmin,
    TeamAdmin,
    Engineer,
    Viewer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::SuperAdmin, Role::TeamAdmin, Role::Engineer, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::SuperAdmin => "super_admin",
            Role::TeamAdmin => "team_admin",
            Role::Engineer => "engineer",
            Role::Viewer => "viewer",
        }
    }

    /// Parses the stored form; `None` for anything else.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A user as the service knows it (loaded from `users`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: Uuid,
    pub account_id: Uuid,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub can_view_admin: bool,
    pub is_active: bool,
}

/// Every request acts as an actor; every read and write is scoped to its account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Uuid,
    pub account_id: Uuid,
    pub role: Role,
    pub can_view_admin: bool,
}

impl Actor {
    /// `team_admin` or `super_admin`.
    pub fn is_admin(&self) -> bool {
        matches!(self.role, Role::SuperAdmin | Role::TeamAdmin)
    }

    /// An admin, or a user with `can_view_admin`.
    pub fn is_admin_viewer(&self) -> bool {
        self.is_admin() || self.can_view_admin
    }

    /// # Errors
    /// `Forbidden` unless the actor is an admin.
    pub fn require_admin(&self) -> crate::Result<()> {
        if self.is_admin() { Ok(()) } else { Err(crate::Error::Forbidden("admin role required".into())) }
    }

    /// # Errors
    /// `Forbidden` unless the actor is an admin viewer.
    pub fn require_admin_viewer(&self) -> crate::Result<()> {
        if self.is_admin_viewer() {
            Ok(())
        } else {
            Err(crate::Error::Forbidden("admin viewer access required".into()))
        }
    }
}

impl From<&User> for Actor {
    fn from(u: &User) -> Self {
        Actor { user_id: u.id, account_id: u.account_id, role: u.role, can_view_admin: u.can_view_admin }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, can_view_admin: bool) -> Actor {
        Actor { user_id: Uuid::nil(), account_id: Uuid::nil(), role, can_view_admin }
    }

    #[test]
    fn admins_are_team_and_super_admins_only() {
        assert!(actor(Role::SuperAdmin, false).is_admin());
        assert!(actor(Role::TeamAdmin, false).is_admin());
        assert!(!actor(Role::Engineer, true).is_admin());
        assert!(!actor(Role::Viewer, false).is_admin());
    }

    #[test]
    fn admin_viewers_are_admins_or_flagged_users() {
        assert!(actor(Role::TeamAdmin, false).is_admin_viewer());
        assert!(actor(Role::Viewer, true).is_admin_viewer());
        assert!(!actor(Role::Engineer, false).is_admin_viewer());
        assert_eq!(
            actor(Role::Engineer, false).require_admin_viewer(),
            Err(crate::Error::Forbidden("admin viewer access required".into()))
        );
    }

    #[test]
    fn roles_round_trip_their_stored_form() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("owner"), None);
    }
}

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use uuid::Uuid;

use super::*;
use crate::actor::{Role, User};
use crate::page::{Page, PageRequest};
use crate::ports::MockCatalogRepo;
use crate::{Actor, Error};

fn actor(role: Role, can_view_admin: bool) -> Actor {
    Actor { user_id: Uuid::from_u128(1), account_id: Uuid::from_u128(9), role, can_view_admin }
}

#[test]
fn capabilities_follow_the_role_rules_whatever_the_flags() {
    let all = Capabilities { team_analytics: true, admin_inbox: true, nps_read: true, nps_manage: true, audit: true };
    assert_eq!(Capabilities::of(&actor(Role::SuperAdmin, false)), all);
    assert_eq!(Capabilities::of(&actor(Role::TeamAdmin, false)), all);
    let viewer_only =
        Capabilities { team_analytics: false, admin_inbox: true, nps_read: true, nps_manage: false, audit: true };
    assert_eq!(Capabilities::of(&actor(Role::Engineer, true)), viewer_only);
    assert_eq!(Capabilities::of(&actor(Role::Viewer, true)), viewer_only);
    let none =
        Capabilities { team_analytics: false, admin_inbox: false, nps_read: false, nps_manage: false, audit: false };
    assert_eq!(Capabilities::of(&actor(Role::Engineer, false)), none);
    assert_eq!(Capabilities::of(&actor(Role::Viewer, false)), none);
}

#[test]
fn capabilities_agree_with_the_checks_the_operations_make() {
    for role in Role::ALL {
        for flag in [false, true] {
            let a = actor(role, flag);
            let can = Capabilities::of(&a);
            assert_eq!(can.team_analytics, a.require_admin().is_ok());
            assert_eq!(can.nps_manage, a.require_admin().is_ok());
            assert_eq!(can.admin_inbox, a.require_admin_viewer().is_ok());
            assert_eq!(can.audit, a.require_admin_viewer().is_ok());
        }
    }
}

#[test]
fn me_joins_the_user_its_account_and_its_capabilities() {
    let a = actor(Role::Engineer, false);
    let user = User {
        id: a.user_id,
        account_id: a.account_id,
        email: "e@x.example".into(),
        name: "E".into(),
        role: Role::Engineer,
        can_view_admin: false,
        is_active: true,
    };
    let account = Account { id: a.account_id, name: "Acme".into(), timezone: "Europe/Paris".into() };
    let mut repo = MockCatalogRepo::new();
    let (u, acc) = (user.clone(), account.clone());
    repo.expect_profile().withf(move |x| *x == a).returning(move |_| Ok(Some((u.clone(), acc.clone()))));
    let p = CatalogService::new(Arc::new(repo)).me(&a).unwrap();
    assert_eq!(p, Profile { user, account, can: Capabilities::of(&a) });
}

#[test]
fn me_of_a_vanished_user_and_an_unknown_tree_are_not_found() {
    let a = actor(Role::Viewer, false);
    let mut repo = MockCatalogRepo::new();
    repo.expect_profile().returning(|_| Ok(None));
    repo.expect_find_tree().returning(|_, _| Ok(None));
    let svc = CatalogService::new(Arc::new(repo));
    assert_eq!(svc.me(&a), Err(Error::NotFound("user".into())));
    assert_eq!(svc.tree(&a, Uuid::from_u128(5)), Err(Error::NotFound("tree".into())));
}

#[test]
fn tree_queries_parse_their_search_and_type() {
    let page = PageRequest::default();
    let q = TreeQuery::new(Some("  VPN "), Some("procedural"), page).unwrap();
    assert_eq!((q.q(), q.tree_type()), (Some("VPN"), Some(TreeType::Procedural)));
    let blank = TreeQuery::new(Some("   "), None, page).unwrap();
    assert_eq!((blank.q(), blank.tree_type()), (None, None));
    assert_eq!(
        TreeQuery::new(None, Some("flowchart"), page),
        Err(Error::invalid("tree_type", "must be one of troubleshooting, procedural, maintenance"))
    );
    assert_eq!(TreeQuery::new(Some("a\0"), None, page), Err(Error::invalid("q", "must not contain NUL characters")));
    assert_eq!(
        TreeQuery::new(Some(&"x".repeat(201)), None, page),
        Err(Error::invalid("q", "must be at most 200 characters"))
    );
    for t in TreeType::ALL {
        assert_eq!(TreeType::parse(t.as_str()), Ok(t));
    }
}

#[test]
fn session_queries_default_to_all_and_refuse_unknown_values() {
    let page = PageRequest::default();
    let q = SessionQuery::new(None, None, page).unwrap();
    assert_eq!((q.status(), q.tree_id()), (SessionStatus::All, None));
    let tree = Uuid::from_u128(77);
    let q = SessionQuery::new(Some("in_progress"), Some(&tree.to_string()), page).unwrap();
    assert_eq!((q.status(), q.tree_id()), (SessionStatus::InProgress, Some(tree)));
    assert_eq!(SessionQuery::new(Some("completed"), None, page).unwrap().status(), SessionStatus::Completed);
    assert_eq!(
        SessionQuery::new(Some("done"), None, page),
        Err(Error::invalid("status", "must be one of in_progress, completed, all"))
    );
    assert_eq!(SessionQuery::new(None, Some("nope"), page), Err(Error::invalid("tree_id", "must be a UUID")));
}

#[test]
fn lists_pass_the_actor_and_the_parsed_query_to_the_port() {
    let a = actor(Role::Engineer, false);
    let query = TreeQuery::new(Some("dns"), None, PageRequest { page: 2, limit: 10 }).unwrap();
    let item = TreeSummary {
        id: Uuid::from_u128(3),
        name: "DNS".into(),
        tree_type: TreeType::Troubleshooting,
        node_count: 4,
        updated_at: Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap(),
    };
    let mut repo = MockCatalogRepo::new();
    let (expected, it) = (query.clone(), item.clone());
    repo.expect_list_trees()
        .withf(move |x, q| *x == a && *q == expected)
        .returning(move |_, q| Ok(Page::new(vec![it.clone()], q.page(), 11)));
    let page = CatalogService::new(Arc::new(repo)).trees(&a, &query).unwrap();
    assert_eq!((page.items, page.page, page.limit, page.total), (vec![item], 2, 10, 11));
}

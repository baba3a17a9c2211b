//! Rules of the flow feedback service against mocks of the port.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::page::{Page, PageRequest};
use crate::ports::MockFeedbackRepo;
use crate::{Actor, Role};
use mockall::predicate::eq;

const ACC: Uuid = Uuid::from_u128(0xA);
const ME: Uuid = Uuid::from_u128(0x1);
const OTHER: Uuid = Uuid::from_u128(0x2);
const TREE: Uuid = Uuid::from_u128(0x7);
const STEP: Uuid = Uuid::from_u128(0x5);
const SID: Uuid = Uuid::from_u128(0x99);

// Each request as the api runs it: the command is parsed first, then the service is called.

fn svc(repo: MockFeedbackRepo) -> FeedbackService {
    FeedbackService::new(std::sync::Arc::new(repo))
}

fn start_session(repo: MockFeedbackRepo, actor: &Actor, tree_id: Uuid, now: DateTime<Utc>) -> Result<Session> {
    svc(repo).start_session(actor, tree_id, now)
}

fn complete_session(
    repo: MockFeedbackRepo,
    actor: &Actor,
    session_id: Uuid,
    outcome: &str,
    now: DateTime<Utc>,
) -> Result<Session> {
    svc(repo).complete_session(actor, session_id, CompleteSession::new(outcome)?, now)
}

fn session_detail(repo: MockFeedbackRepo, actor: &Actor, session_id: Uuid) -> Result<SessionDetail> {
    svc(repo).session_detail(actor, session_id)
}

fn rate_step(
    repo: MockFeedbackRepo,
    actor: &Actor,
    step_id: Uuid,
    cmd: Result<RecordThumb>,
    now: DateTime<Utc>,
) -> Result<ThumbResult> {
    svc(repo).record_thumb(actor, step_id, cmd?, now)
}

fn remove_thumb(repo: MockFeedbackRepo, actor: &Actor, step_id: Uuid, session_id: Uuid) -> Result<()> {
    svc(repo).remove_thumb(actor, step_id, session_id)
}

fn rate_session(
    repo: MockFeedbackRepo,
    actor: &Actor,
    session_id: Uuid,
    cmd: Result<RateSession>,
    now: DateTime<Utc>,
) -> Result<SessionRating> {
    svc(repo).rate_session(actor, session_id, cmd?, now)
}

fn session_rating(repo: MockFeedbackRepo, actor: &Actor, session_id: Uuid) -> Result<SessionRating> {
    svc(repo).session_rating(actor, session_id)
}

fn tree_ratings(
    repo: MockFeedbackRepo,
    actor: &Actor,
    tree_id: Uuid,
    filter: RatingFilter,
    page: PageRequest,
) -> Result<Page<TreeRatingItem>> {
    svc(repo).tree_ratings(actor, tree_id, filter, page)
}

fn actor(user_id: Uuid, role: Role) -> Actor {
    Actor { user_id, account_id: ACC, role, can_view_admin: false }
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn session(user_id: Uuid, completed: bool) -> Session {
    Session {
        id: SID,
        account_id: ACC,
        tree_id: TREE,
        user_id,
        started_at: t("2026-02-01T09:00:00Z"),
        completed_at: completed.then(|| t("2026-02-01T09:20:00Z")),
        outcome: completed.then_some(Outcome::Resolved),
    }
}

fn stored_rating(rating: i32, comment: Option<&str>) -> SessionRating {
    SessionRating {
        id: Uuid::from_u128(0x77),
        session_id: SID,
        tree_id: TREE,
        user_id: ME,
        rating,
        comment: comment.map(str::to_owned),
        created_at: t("2026-02-01T10:00:00Z"),
    }
}

fn with_session(repo: &mut MockFeedbackRepo, s: Option<Session>) {
    repo.expect_find_session().with(eq(ACC), eq(SID)).return_once(move |_, _| Ok(s));
}

// ---- sessions -----------------------------------------------------------------------------

#[test]
fn a_session_starts_for_the_actor_in_its_account() {
    let mut repo = MockFeedbackRepo::new();
    repo.expect_tree_exists().with(eq(ACC), eq(TREE)).return_once(|_, _| Ok(true));
    repo.expect_insert_session()
        .withf(|n| {
            n.account_id == ACC && n.tree_id == TREE && n.user_id == ME && n.started_at == t("2026-02-01T09:00:00Z")
        })
        .return_once(|n| {
            Ok(Session {
                id: n.id,
                account_id: n.account_id,
                tree_id: n.tree_id,
                user_id: n.user_id,
                started_at: n.started_at,
                completed_at: None,
                outcome: None,
            })
        });
    let s = start_session(repo, &actor(ME, Role::Viewer), TREE, t("2026-02-01T09:00:00Z")).unwrap();
    assert_eq!((s.tree_id, s.user_id, s.completed_at, s.outcome), (TREE, ME, None, None));
}

#[test]
fn a_session_of_an_unknown_flow_is_not_found() {
    let mut repo = MockFeedbackRepo::new();
    repo.expect_tree_exists().return_once(|_, _| Ok(false));
    assert_eq!(start_session(repo, &actor(ME, Role::Engineer), TREE, Utc::now()), Err(Error::NotFound("flow".into())));
}

#[test]
fn completing_checks_outcome_then_existence_then_owner_then_state() {
    let now = t("2026-02-01T09:30:00Z");
    let repo = MockFeedbackRepo::new();
    assert_eq!(
        complete_session(repo, &actor(ME, Role::Engineer), SID, "fixed", now),
        Err(Error::invalid("outcome", "must be one of resolved, escalated, workaround, unresolved"))
    );

    let mut repo = MockFeedbackRepo::new();
    with_session(&mut repo, None);
    assert_eq!(
        complete_session(repo, &actor(ME, Role::Engineer), SID, "resolved", now),
        Err(Error::NotFound("session".into()))
    );

    let mut repo = MockFeedbackRepo::new();
    with_session(&mut repo, Some(session(OTHER, false)));
    assert!(matches!(
        complete_session(repo, &actor(ME, Role::SuperAdmin), SID, "resolved", now),
        Err(Error::Forbidden(_))
    ));

    let mut repo = MockFeedbackRepo::new();
    with_session(&mut repo, Some(session(ME, true)));
    assert!(matches!(
        complete_session(repo, &actor(ME, Role::Engineer), SID, "resolved", now),
        Err(Error::Conflict { code: ConflictCode::SessionAlreadyCompleted, .. })
    ));
}

#[test]
fn completing_writes_the_outcome_and_a_lost_race_is_already_completed() {
    let now = t("2026-02-01T09:30:00Z");
    let mut repo = MockFeedbackRepo::new();
    with_session(&mut repo, Some(session(ME, false)));
    repo.expect_complete_session().with(eq(ACC), eq(SID), eq(Outcome::Escalated), eq(now)).return_once(
        move |_, _, o, at| Ok(Some(Session { completed_at: Some(at), outcome: Some(o), ..session(ME, false) })),
    );
    let s = complete_session(repo, &actor(ME, Role::Engineer), SID, "escalated", now).unwrap();
    assert_eq!((s.completed_at, s.outcome), (Some(now), Some(Outcome::Escalated)));

    let mut repo = MockFeedbackRepo::new();
    with_session(&mut repo, Some(session(ME, false)));
    repo.expect_complete_session().return_once(|_, _, _, _| Ok(None));
    assert!(matches!(
        complete_session(repo, &actor(ME, Role::Engineer), SID, "resolved", now),
        Err(Error::Conflict { code: ConflictCode::SessionAlreadyCompleted, .. })
    ));
}

#[test]
fn a_session_is_shown_to_its_user_and_admins_only_with_rating_and_thumbs() {
    let thumbs = vec![StepThumb {
        step_id: STEP,
        node_id: Some("n2".into()),
        was_helpful: true,
        updated_at: t("2026-02-01T09:10:00Z"),
    }];
    for (who, role) in [(ME, Role::Viewer), (OTHER, Role::TeamAdmin), (OTHER, Role::SuperAdmin)] {
        let mut repo = MockFeedbackRepo::new();
        with_session(&mut repo, Some(session(ME, true)));
        repo.expect_find_session_rating().return_once(|_, _| Ok(Some(stored_rating(4, None))));
        let th = thumbs.clone();
        repo.expect_session_thumbs().with(eq(SID), eq(ME)).return_once(move |_, _| Ok(th));
        let d = session_detail(repo, &actor(who, role), SID).unwrap();
        assert_eq!(d.rating.map(|r| r.rating), Some(4));
        assert_eq!(d.step_feedback, thumbs);
    }
    let mut repo = MockFeedbackRepo::new();
    with_session(&mut repo, Some(session(ME, true)));
    let admin_viewer = Actor { can_view_admin: true, ..actor(OTHER, Role::Engineer) };
    assert!(matches!(session_detail(repo, &admin_viewer, SID), Err(Error::Forbidden(_))));
}

// ---- thumbs -------------------------------------------------------------------------------

fn thumb(node: Option<&str>, helpful: bool) -> Result<RecordThumb> {
    RecordThumb::new(SID, helpful, node)
}

fn with_target(repo: &mut MockFeedbackRepo, step_exists: bool, session: Option<Session>, nodes: &[&str]) {
    let target = ThumbTarget { step_exists, session, nodes: nodes.iter().map(|n| (*n).to_owned()).collect() };
    repo.expect_thumb_target().with(eq(ACC), eq(STEP), eq(SID)).return_once(move |_, _, _| Ok(target));
}

fn thumb_repo(owner: Uuid, nodes: &[&str]) -> MockFeedbackRepo {
    let mut repo = MockFeedbackRepo::new();
    with_target(&mut repo, true, Some(session(owner, false)), nodes);
    repo
}

#[test]
fn a_first_thumb_resolves_the_only_node_and_reports_counters() {
    let now = t("2026-02-01T09:05:00Z");
    let mut repo = thumb_repo(ME, &["n3"]);
    repo.expect_upsert_thumb()
        .with(eq(ThumbWrite {
            step_id: STEP,
            user_id: ME,
            session_id: SID,
            tree_id: TREE,
            node_id: "n3".into(),
            was_helpful: false,
            at: now,
        }))
        .return_once(|_| Ok(ThumbWritten { status: ThumbStatus::Created, helpful_yes: 7, helpful_no: 3 }));
    let r = rate_step(repo, &actor(ME, Role::Viewer), STEP, thumb(None, false), now).unwrap();
    assert_eq!(
        r,
        ThumbResult {
            status: ThumbStatus::Created,
            step_id: STEP,
            session_id: SID,
            node_id: "n3".into(),
            was_helpful: false,
            helpful_yes: 7,
            helpful_no: 3
        }
    );
}

#[test]
fn the_write_status_passes_through_for_same_and_changed_thumbs() {
    for status in [ThumbStatus::Updated, ThumbStatus::Unchanged] {
        let mut repo = thumb_repo(ME, &["n1", "n4"]);
        repo.expect_upsert_thumb()
            .withf(|w| w.node_id == "n4")
            .return_once(move |_| Ok(ThumbWritten { status, helpful_yes: 1, helpful_no: 0 }));
        let r = rate_step(repo, &actor(ME, Role::Engineer), STEP, thumb(Some("n4"), true), Utc::now()).unwrap();
        assert_eq!((r.status, r.helpful_yes, r.helpful_no), (status, 1, 0));
    }
}

#[test]
fn a_step_used_at_several_nodes_needs_a_node_id() {
    let repo = thumb_repo(ME, &["n1", "n4"]);
    assert_eq!(
        rate_step(repo, &actor(ME, Role::Engineer), STEP, thumb(None, true), Utc::now()),
        Err(Error::invalid("node_id", "is required: the flow uses this step at more than one node"))
    );
}

#[test]
fn a_node_that_does_not_reference_the_step_or_a_flow_without_it_is_not_found() {
    let repo = thumb_repo(ME, &["n1"]);
    assert_eq!(
        rate_step(repo, &actor(ME, Role::Engineer), STEP, thumb(Some("n2"), true), Utc::now()),
        Err(Error::NotFound("node".into()))
    );
    let repo = thumb_repo(ME, &[]);
    assert_eq!(
        rate_step(repo, &actor(ME, Role::Engineer), STEP, thumb(None, true), Utc::now()),
        Err(Error::NotFound("node".into()))
    );
    let repo = thumb_repo(ME, &[]);
    assert_eq!(
        rate_step(repo, &actor(ME, Role::Engineer), STEP, thumb(Some("n1"), true), Utc::now()),
        Err(Error::NotFound("node".into()))
    );
}

#[test]
fn thumbs_on_someone_elses_session_are_forbidden_even_for_admins() {
    let mut repo = MockFeedbackRepo::new();
    with_target(&mut repo, true, Some(session(OTHER, true)), &["n1"]);
    assert!(matches!(
        rate_step(repo, &actor(ME, Role::SuperAdmin), STEP, thumb(None, true), Utc::now()),
        Err(Error::Forbidden(_))
    ));
}

#[test]
fn thumbs_need_a_step_and_a_session_of_the_account_and_a_non_blank_node() {
    let repo = MockFeedbackRepo::new();
    assert_eq!(
        rate_step(repo, &actor(ME, Role::Engineer), STEP, thumb(Some("  "), true), Utc::now()),
        Err(Error::invalid("node_id", "must not be empty"))
    );
    // A missing step is told first, even when the session is missing too.
    let mut repo = MockFeedbackRepo::new();
    with_target(&mut repo, false, None, &[]);
    assert_eq!(
        rate_step(repo, &actor(ME, Role::Engineer), STEP, thumb(None, true), Utc::now()),
        Err(Error::NotFound("step".into()))
    );
    let mut repo = MockFeedbackRepo::new();
    with_target(&mut repo, true, None, &[]);
    assert_eq!(
        rate_step(repo, &actor(ME, Role::Engineer), STEP, thumb(None, true), Utc::now()),
        Err(Error::NotFound("session".into()))
    );
}

#[test]
fn removing_a_thumb_checks_step_session_owner_and_presence() {
    let mut repo = MockFeedbackRepo::new();
    with_target(&mut repo, true, Some(session(ME, false)), &["n1"]);
    repo.expect_delete_thumb().with(eq(STEP), eq(ME), eq(SID)).return_once(|_, _, _| Ok(true));
    assert_eq!(remove_thumb(repo, &actor(ME, Role::Viewer), STEP, SID), Ok(()));

    let mut repo = MockFeedbackRepo::new();
    with_target(&mut repo, true, Some(session(ME, false)), &[]);
    repo.expect_delete_thumb().return_once(|_, _, _| Ok(false));
    assert_eq!(remove_thumb(repo, &actor(ME, Role::Viewer), STEP, SID), Err(Error::NotFound("thumb".into())));

    let mut repo = MockFeedbackRepo::new();
    with_target(&mut repo, true, Some(session(OTHER, false)), &["n1"]);
    assert!(matches!(remove_thumb(repo, &actor(ME, Role::TeamAdmin), STEP, SID), Err(Error::Forbidden(_))));

    let mut repo = MockFeedbackRepo::new();
    with_target(&mut repo, false, Some(session(ME, false)), &[]);
    assert_eq!(remove_thumb(repo, &actor(ME, Role::Viewer), STEP, SID), Err(Error::NotFound("step".into())));
}

// ---- CSAT ---------------------------------------------------------------------------------

fn rate(rating: i64, comment: Option<&str>) -> Result<RateSession> {
    RateSession::new(rating, comment)
}

#[test]
fn csat_is_a_whole_number_from_one_to_five() {
    assert_eq!(Csat::new("rating", 1).map(Csat::get), Ok(1));
    assert_eq!(Csat::new("rating", 5).map(Csat::get), Ok(5));
    for bad in [0, 6, -1, 256 + 4] {
        assert_eq!(Csat::new("rating", bad), Err(Error::invalid("rating", "must be a whole number from 1 to 5")));
    }
}

#[test]
fn a_rating_is_stored_with_a_trimmed_comment_and_the_sessions_flow() {
    let now = t("2026-02-01T10:00:00Z");
    let mut repo = MockFeedbackRepo::new();
    with_session(&mut repo, Some(session(ME, true)));
    repo.expect_insert_session_rating()
        .withf(move |n| {
            n.session_id == SID
                && n.tree_id == TREE
                && n.user_id == ME
                && n.account_id == ACC
                && n.rating.get() == 4
                && n.comment.as_deref() == Some("Clear steps")
                && n.created_at == now
        })
        .return_once(|_| Ok(stored_rating(4, Some("Clear steps"))));
    let r = rate_session(repo, &actor(ME, Role::Viewer), SID, rate(4, Some("  Clear steps \n")), now).unwrap();
    assert_eq!((r.rating, r.comment.as_deref()), (4, Some("Clear steps")));
}

#[test]
fn a_blank_comment_is_stored_as_none() {
    let mut repo = MockFeedbackRepo::new();
    with_session(&mut repo, Some(session(ME, true)));
    repo.expect_insert_session_rating().withf(|n| n.comment.is_none()).return_once(|_| Ok(stored_rating(2, None)));
    assert!(rate_session(repo, &actor(ME, Role::Engineer), SID, rate(2, Some("   ")), Utc::now()).is_ok());
}

#[test]
fn rating_validation_comes_before_any_lookup() {
    let repo = MockFeedbackRepo::new();
    assert_eq!(
        rate_session(repo, &actor(ME, Role::Engineer), SID, rate(6, None), Utc::now()),
        Err(Error::invalid("rating", "must be a whole number from 1 to 5"))
    );
    let long = "é".repeat(501);
    let repo = MockFeedbackRepo::new();
    assert_eq!(
        rate_session(repo, &actor(ME, Role::Engineer), SID, rate(3, Some(&long)), Utc::now()),
        Err(Error::invalid("comment", "must be at most 500 characters"))
    );
}

#[test]
fn a_comment_with_a_nul_character_is_refused() {
    let repo = MockFeedbackRepo::new();
    assert_eq!(
        rate_session(repo, &actor(ME, Role::Engineer), SID, rate(3, Some("ok\0")), Utc::now()),
        Err(Error::invalid("comment", "must not contain NUL characters"))
    );
}

#[test]
fn exactly_500_characters_after_trimming_are_accepted() {
    let mut repo = MockFeedbackRepo::new();
    with_session(&mut repo, Some(session(ME, true)));
    repo.expect_insert_session_rating()
        .withf(|n| n.comment.as_ref().map(|c| c.chars().count()) == Some(500))
        .return_once(|_| Ok(stored_rating(3, None)));
    let c = format!("  {}  ", "ü".repeat(500));
    assert!(rate_session(repo, &actor(ME, Role::Engineer), SID, rate(3, Some(&c)), Utc::now()).is_ok());
}

#[test]
fn rating_refuses_unknown_foreign_and_unfinished_sessions() {
    let mut repo = MockFeedbackRepo::new();
    with_session(&mut repo, None);
    assert_eq!(
        rate_session(repo, &actor(ME, Role::Engineer), SID, rate(4, None), Utc::now()),
        Err(Error::NotFound("session".into()))
    );

    let mut repo = MockFeedbackRepo::new();
    with_session(&mut repo, Some(session(OTHER, true)));
    assert!(matches!(
        rate_session(repo, &actor(ME, Role::SuperAdmin), SID, rate(4, None), Utc::now()),
        Err(Error::Forbidden(_))
    ));

    let mut repo = MockFeedbackRepo::new();
    with_session(&mut repo, Some(session(ME, false)));
    assert!(matches!(
        rate_session(repo, &actor(ME, Role::Engineer), SID, rate(4, None), Utc::now()),
        Err(Error::Conflict { code: ConflictCode::SessionNotCompleted, .. })
    ));
}

#[test]
fn a_second_rating_is_refused_by_the_stores_unique_key_with_no_read_first() {
    let mut repo = MockFeedbackRepo::new();
    with_session(&mut repo, Some(session(ME, true)));
    repo.expect_insert_session_rating().return_once(|_| Err(already_rated()));
    assert!(matches!(
        rate_session(repo, &actor(ME, Role::Engineer), SID, rate(4, None), Utc::now()),
        Err(Error::Conflict { code: ConflictCode::AlreadyRated, .. })
    ));
}

#[test]
fn the_rating_of_a_session_is_for_its_user_or_admins_and_404_when_none() {
    let mut repo = MockFeedbackRepo::new();
    with_session(&mut repo, Some(session(ME, true)));
    repo.expect_find_session_rating().return_once(|_, _| Ok(Some(stored_rating(3, None))));
    assert_eq!(session_rating(repo, &actor(OTHER, Role::TeamAdmin), SID).map(|r| r.rating), Ok(3));

    let mut repo = MockFeedbackRepo::new();
    with_session(&mut repo, Some(session(ME, true)));
    repo.expect_find_session_rating().return_once(|_, _| Ok(None));
    assert_eq!(session_rating(repo, &actor(ME, Role::Viewer), SID), Err(Error::NotFound("rating".into())));

    let mut repo = MockFeedbackRepo::new();
    with_session(&mut repo, Some(session(ME, true)));
    assert!(matches!(session_rating(repo, &actor(OTHER, Role::Engineer), SID), Err(Error::Forbidden(_))));
}

// ---- ratings of a flow --------------------------------------------------------------------

#[test]
fn rating_filters_parse_bounds_and_the_comment_flag() {
    assert_eq!(RatingFilter::parse(None, None, None), Ok(RatingFilter::default()));
    let f = RatingFilter::parse(Some("2"), Some(" 4 "), Some("true")).unwrap();
    assert_eq!((f.min_rating.map(Csat::get), f.max_rating.map(Csat::get), f.with_comment), (Some(2), Some(4), true));
    assert_eq!(RatingFilter::parse(None, None, Some("false")), Ok(RatingFilter::default()));
    assert_eq!(
        RatingFilter::parse(Some("abc"), None, None),
        Err(Error::invalid("min_rating", "must be a whole number from 1 to 5"))
    );
    assert_eq!(
        RatingFilter::parse(None, Some("6"), None),
        Err(Error::invalid("max_rating", "must be a whole number from 1 to 5"))
    );
    assert_eq!(
        RatingFilter::parse(Some("4"), Some("2"), None),
        Err(Error::invalid("min_rating", "must not be greater than max_rating"))
    );
    assert_eq!(
        RatingFilter::parse(None, None, Some("yes")),
        Err(Error::invalid("with_comment", "must be true or false"))
    );
}

#[test]
fn the_ratings_of_a_flow_need_the_flow_in_the_account() {
    let mut repo = MockFeedbackRepo::new();
    repo.expect_tree_exists().return_once(|_, _| Ok(false));
    assert_eq!(
        tree_ratings(repo, &actor(ME, Role::Viewer), TREE, RatingFilter::default(), PageRequest::default()),
        Err(Error::NotFound("flow".into()))
    );

    let mut repo = MockFeedbackRepo::new();
    repo.expect_tree_exists().return_once(|_, _| Ok(true));
    let filter = RatingFilter::parse(Some("4"), None, Some("true")).unwrap();
    let req = PageRequest { page: 2, limit: 10 };
    repo.expect_list_tree_ratings()
        .with(eq(ACC), eq(TREE), eq(filter), eq(req))
        .return_once(move |_, _, _, r| Ok(Page::new(vec![], r, 11)));
    let p = tree_ratings(repo, &actor(ME, Role::Viewer), TREE, filter, req).unwrap();
    assert_eq!((p.page, p.limit, p.total, p.total_pages()), (2, 10, 11, 2));
}

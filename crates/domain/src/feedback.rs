//! Flow feedback rules: sessions (a minimal lifecycle), step thumbs, session CSAT and the ratings
//! of a flow. Functions over the [`FeedbackRepo`] port; the actor comes first and scopes every
//! read and write to its account.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::page::{Page, PageRequest};
use crate::ports::FeedbackRepo;
use crate::text::optional_text;
use crate::{Actor, ConflictCode, Error, Result};

/// Longest CSAT comment, in characters after trimming.
pub const MAX_COMMENT_CHARS: usize = 500;

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Resolved,
    Escalated,
    Workaround,
    Unresolved,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [Outcome::Resolved, Outcome::Escalated, Outcome::Workaround, Outcome::Unresolved];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::Escalated => "escalated",
            Outcome::Workaround => "workaround",
            Outcome::Unresolved => "unresolved",
        }
    }

    /// The stored form; `None` for anything else.
    pub fn from_stored(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// Parses a request's outcome.
    ///
    /// # Errors
    /// `Invalid` naming `outcome` unless it is one of the four.
    pub fn parse(s: &str) -> Result<Outcome> {
        Outcome::from_stored(s)
            .ok_or_else(|| Error::invalid("outcome", "must be one of resolved, escalated, workaround, unresolved"))
    }
}

/// A session CSAT score: a whole number from 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Csat(u8);

impl Csat {
    /// # Errors
    /// `Invalid` naming `field` unless `value` is in 1..=5.
    pub fn new(field: &str, value: i64) -> Result<Csat> {
        match u8::try_from(value) {
            Ok(v @ 1..=5) => Ok(Csat(v)),
            _ => Err(Error::invalid(field, "must be a whole number from 1 to 5")),
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// A session as this service sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: Uuid,
    pub account_id: Uuid,
    pub tree_id: Uuid,
    pub user_id: Uuid,
    pub started_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub outcome: Option<Outcome>,
}

impl Session {
    pub fn is_completed(&self) -> bool {
        self.completed_at.is_some()
    }
}

/// A session to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub id: Uuid,
    pub account_id: Uuid,
    pub tree_id: Uuid,
    pub user_id: Uuid,
    pub started_at: DateTime<Utc>,
}

/// One thumb of a session, as `GET /sessions/{id}` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepThumb {
    pub step_id: Uuid,
    /// `None` for rows written by ResolutionFlow before nodes were recorded.
    pub node_id: Option<String>,
    pub was_helpful: bool,
    pub updated_at: DateTime<Utc>,
}

/// The CSAT of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRating {
    pub id: Uuid,
    pub session_id: Uuid,
    pub tree_id: Uuid,
    pub user_id: Uuid,
    pub rating: i32,
    pub comment: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A CSAT to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSessionRating {
    pub id: Uuid,
    pub session_id: Uuid,
    pub tree_id: Uuid,
    pub user_id: Uuid,
    pub account_id: Uuid,
    pub rating: Csat,
    pub comment: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// The session with its CSAT and its user's thumbs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionDetail {
    pub session: Session,
    pub rating: Option<SessionRating>,
    pub step_feedback: Vec<StepThumb>,
}

/// What a thumb on a step in a session is checked against, read at once: whether the step is a
/// library step of the account, the session (of the account), and the nodes of the session's
/// flow that reference the step, in position order (empty when there is no session).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThumbTarget {
    pub step_exists: bool,
    pub session: Option<Session>,
    pub nodes: Vec<String>,
}

/// A thumb to write (the node is already resolved against the session's flow).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThumbWrite {
    pub step_id: Uuid,
    pub user_id: Uuid,
    pub session_id: Uuid,
    pub tree_id: Uuid,
    pub node_id: String,
    pub was_helpful: bool,
    pub at: DateTime<Utc>,
}

/// What a thumb write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThumbStatus {
    /// First thumb of (step, user, session): 201.
    Created,
    /// Another value or another node: 200, the thumb changed.
    Updated,
    /// Same value at the same node: 200, nothing changed.
    Unchanged,
}

/// The write's status and the step's counters after it (read in the write's transaction).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThumbWritten {
    pub status: ThumbStatus,
    pub helpful_yes: i32,
    pub helpful_no: i32,
}

/// A thumb request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThumbInput {
    pub session_id: Uuid,
    pub was_helpful: bool,
    pub node_id: Option<String>,
}

/// The answer to a thumb request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThumbResult {
    pub status: ThumbStatus,
    pub step_id: Uuid,
    pub session_id: Uuid,
    pub node_id: String,
    pub was_helpful: bool,
    pub helpful_yes: i32,
    pub helpful_no: i32,
}

/// A CSAT request (`rating` already known to be a whole JSON number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateInput {
    pub rating: i64,
    pub comment: Option<String>,
}

/// Filters of the ratings of a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RatingFilter {
    pub min_rating: Option<Csat>,
    pub max_rating: Option<Csat>,
    /// Only ratings with a comment.
    pub with_comment: bool,
}

impl RatingFilter {
    /// Parses the raw query values: `min_rating`/`max_rating` integers 1..=5 (min not above max),
    /// `with_comment` `true` or `false` (`false` is the same as absent).
    ///
    /// # Errors
    /// `Invalid` naming the offending parameter.
    pub fn parse(min: Option<&str>, max: Option<&str>, with_comment: Option<&str>) -> Result<RatingFilter> {
        fn score(field: &str, raw: Option<&str>) -> Result<Option<Csat>> {
            raw.map(|r| {
                let v: i64 =
                    r.trim().parse().map_err(|_| Error::invalid(field, "must be a whole number from 1 to 5"))?;
                Csat::new(field, v)
            })
            .transpose()
        }
        let min_rating = score("min_rating", min)?;
        let max_rating = score("max_rating", max)?;
        if let (Some(lo), Some(hi)) = (min_rating, max_rating)
            && lo > hi
        {
            return Err(Error::invalid("min_rating", "must not be greater than max_rating"));
        }
        let with_comment = match with_comment.map(str::trim) {
            None | Some("false") => false,
            Some("true") => true,
            Some(_) => return Err(Error::invalid("with_comment", "must be true or false")),
        };
        Ok(RatingFilter { min_rating, max_rating, with_comment })
    }
}

/// One rating in the list of a flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeRatingItem {
    pub id: Uuid,
    pub session_id: Uuid,
    pub rating: i32,
    pub comment: Option<String>,
    pub user_id: Uuid,
    pub user_name: String,
    pub created_at: DateTime<Utc>,
}

fn session_of_account(repo: &dyn FeedbackRepo, actor: &Actor, session_id: Uuid) -> Result<Session> {
    repo.find_session(actor.account_id, session_id)?.ok_or_else(|| Error::not_found("session"))
}

fn require_own(actor: &Actor, session: &Session) -> Result<()> {
    if session.user_id == actor.user_id {
        Ok(())
    } else {
        Err(Error::Forbidden("only the session's user may do this".into()))
    }
}

fn require_own_or_admin(actor: &Actor, session: &Session) -> Result<()> {
    if session.user_id == actor.user_id || actor.is_admin() {
        Ok(())
    } else {
        Err(Error::Forbidden("only the session's user or an admin may read this".into()))
    }
}

/// Starts a session of flow `tree_id` for the actor (any role).
///
/// # Errors
/// `NotFound("flow")` when the flow is not in the actor's account; `Unavailable`.
pub fn start_session(repo: &dyn FeedbackRepo, actor: &Actor, tree_id: Uuid, now: DateTime<Utc>) -> Result<Session> {
    if !repo.tree_exists(actor.account_id, tree_id)? {
        return Err(Error::not_found("flow"));
    }
    repo.insert_session(NewSession {
        id: Uuid::now_v7(),
        account_id: actor.account_id,
        tree_id,
        user_id: actor.user_id,
        started_at: now,
    })
}

/// Completes the actor's own session with `outcome` (admins get 403 on others' sessions too).
///
/// # Errors
/// `Invalid` for an unknown outcome; `NotFound("session")`; `Forbidden` when not the actor's;
/// `Conflict(SessionAlreadyCompleted)`, also when another completion wins a race; `Unavailable`.
pub fn complete_session(
    repo: &dyn FeedbackRepo,
    actor: &Actor,
    session_id: Uuid,
    outcome: &str,
    now: DateTime<Utc>,
) -> Result<Session> {
    let outcome = Outcome::parse(outcome)?;
    let session = session_of_account(repo, actor, session_id)?;
    require_own(actor, &session)?;
    let already = || Error::conflict(ConflictCode::SessionAlreadyCompleted, "the session is already completed");
    if session.is_completed() {
        return Err(already());
    }
    repo.complete_session(actor.account_id, session_id, outcome, now)?.ok_or_else(already)
}

/// The session with its CSAT and its user's thumbs, for the session's user or an admin.
///
/// # Errors
/// `NotFound("session")`; `Forbidden` for anyone else; `Unavailable`.
pub fn session_detail(repo: &dyn FeedbackRepo, actor: &Actor, session_id: Uuid) -> Result<SessionDetail> {
    let session = session_of_account(repo, actor, session_id)?;
    require_own_or_admin(actor, &session)?;
    let rating = repo.find_session_rating(actor.account_id, session_id)?;
    let step_feedback = repo.session_thumbs(session_id, session.user_id)?;
    Ok(SessionDetail { session, rating, step_feedback })
}

/// The actor's own session and the nodes of its flow that reference the step, checked in this
/// order: the step, the session, its owner.
fn thumb_target(
    repo: &dyn FeedbackRepo,
    actor: &Actor,
    step_id: Uuid,
    session_id: Uuid,
) -> Result<(Session, Vec<String>)> {
    let target = repo.thumb_target(actor.account_id, step_id, session_id)?;
    if !target.step_exists {
        return Err(Error::not_found("step"));
    }
    let session = target.session.ok_or_else(|| Error::not_found("session"))?;
    require_own(actor, &session)?;
    Ok((session, target.nodes))
}

/// Records the actor's thumb on step `step_id` in one of its sessions. The node is the session's
/// flow's node that references the step; `node_id` must name it when there are several.
///
/// # Errors
/// `Invalid` when `node_id` is blank, or missing while the flow references the step at more than
/// one node; `NotFound("step")`, `NotFound("session")`, `NotFound("node")` (the flow does not
/// reference the step, or the named node is not one that does); `Forbidden` when the session is
/// not the actor's; `Unavailable`.
pub fn rate_step(
    repo: &dyn FeedbackRepo,
    actor: &Actor,
    step_id: Uuid,
    input: ThumbInput,
    now: DateTime<Utc>,
) -> Result<ThumbResult> {
    let wanted = match input.node_id.as_deref().map(str::trim) {
        Some("") => return Err(Error::invalid("node_id", "must not be empty")),
        other => other.map(str::to_owned),
    };
    let (session, nodes) = thumb_target(repo, actor, step_id, input.session_id)?;
    let node_id = match (wanted, nodes.as_slice()) {
        (_, []) => return Err(Error::not_found("node")),
        (Some(w), _) if nodes.contains(&w) => w,
        (Some(_), _) => return Err(Error::not_found("node")),
        (None, [only]) => only.clone(),
        (None, _) => {
            return Err(Error::invalid("node_id", "is required: the flow uses this step at more than one node"));
        }
    };
    let written = repo.upsert_thumb(ThumbWrite {
        step_id,
        user_id: actor.user_id,
        session_id: session.id,
        tree_id: session.tree_id,
        node_id: node_id.clone(),
        was_helpful: input.was_helpful,
        at: now,
    })?;
    Ok(ThumbResult {
        status: written.status,
        step_id,
        session_id: session.id,
        node_id,
        was_helpful: input.was_helpful,
        helpful_yes: written.helpful_yes,
        helpful_no: written.helpful_no,
    })
}

/// Removes the actor's thumb on step `step_id` in one of its sessions.
///
/// # Errors
/// `NotFound("step")`, `NotFound("session")`, `NotFound("thumb")` when there was none;
/// `Forbidden` when the session is not the actor's; `Unavailable`.
pub fn remove_thumb(repo: &dyn FeedbackRepo, actor: &Actor, step_id: Uuid, session_id: Uuid) -> Result<()> {
    thumb_target(repo, actor, step_id, session_id)?;
    if repo.delete_thumb(step_id, actor.user_id, session_id)? { Ok(()) } else { Err(Error::not_found("thumb")) }
}

/// Stores the CSAT of the actor's completed session, once.
///
/// # Errors
/// `Invalid` for a rating outside 1..=5 or a comment over 500 characters (after trimming);
/// `NotFound("session")`; `Forbidden` when not the actor's; `Conflict(SessionNotCompleted)`;
/// `Conflict(AlreadyRated)`, also when another rating wins a race; `Unavailable`.
pub fn rate_session(
    repo: &dyn FeedbackRepo,
    actor: &Actor,
    session_id: Uuid,
    input: RateInput,
    now: DateTime<Utc>,
) -> Result<SessionRating> {
    let rating = Csat::new("rating", input.rating)?;
    if input.comment.as_deref().is_some_and(|c| c.contains('\0')) {
        // PostgreSQL text cannot hold NUL: refuse it rather than fail on the insert.
        return Err(Error::invalid("comment", "must not contain NUL characters"));
    }
    let comment = optional_text("comment", input.comment.as_deref(), MAX_COMMENT_CHARS)?;
    let session = session_of_account(repo, actor, session_id)?;
    require_own(actor, &session)?;
    if !session.is_completed() {
        return Err(Error::conflict(ConflictCode::SessionNotCompleted, "the session is not completed yet"));
    }
    // A second rating is refused by the store's unique key (`AlreadyRated`), so no read first.
    repo.insert_session_rating(NewSessionRating {
        id: Uuid::now_v7(),
        session_id,
        tree_id: session.tree_id,
        user_id: session.user_id,
        account_id: actor.account_id,
        rating,
        comment,
        created_at: now,
    })
}

/// The conflict of a second CSAT for one session.
pub fn already_rated() -> Error {
    Error::conflict(ConflictCode::AlreadyRated, "the session is already rated")
}

/// The CSAT of a session, for the session's user or an admin.
///
/// # Errors
/// `NotFound("session")`; `Forbidden`; `NotFound("rating")` when the session has none; `Unavailable`.
pub fn session_rating(repo: &dyn FeedbackRepo, actor: &Actor, session_id: Uuid) -> Result<SessionRating> {
    let session = session_of_account(repo, actor, session_id)?;
    require_own_or_admin(actor, &session)?;
    repo.find_session_rating(actor.account_id, session_id)?.ok_or_else(|| Error::not_found("rating"))
}

/// The CSAT ratings of a flow of the actor's account (any role), newest first.
///
/// # Errors
/// `NotFound("flow")`; `Unavailable`.
pub fn tree_ratings(
    repo: &dyn FeedbackRepo,
    actor: &Actor,
    tree_id: Uuid,
    filter: RatingFilter,
    page: PageRequest,
) -> Result<Page<TreeRatingItem>> {
    if !repo.tree_exists(actor.account_id, tree_id)? {
        return Err(Error::not_found("flow"));
    }
    repo.list_tree_ratings(actor.account_id, tree_id, filter, page)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::Role;
    use crate::ports::MockFeedbackRepo;
    use mockall::predicate::eq;

    const ACC: Uuid = Uuid::from_u128(0xA);
    const ME: Uuid = Uuid::from_u128(0x1);
    const OTHER: Uuid = Uuid::from_u128(0x2);
    const TREE: Uuid = Uuid::from_u128(0x7);
    const STEP: Uuid = Uuid::from_u128(0x5);
    const SID: Uuid = Uuid::from_u128(0x99);

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
        let s = start_session(&repo, &actor(ME, Role::Viewer), TREE, t("2026-02-01T09:00:00Z")).unwrap();
        assert_eq!((s.tree_id, s.user_id, s.completed_at, s.outcome), (TREE, ME, None, None));
    }

    #[test]
    fn a_session_of_an_unknown_flow_is_not_found() {
        let mut repo = MockFeedbackRepo::new();
        repo.expect_tree_exists().return_once(|_, _| Ok(false));
        assert_eq!(
            start_session(&repo, &actor(ME, Role::Engineer), TREE, Utc::now()),
            Err(Error::NotFound("flow".into()))
        );
    }

    #[test]
    fn completing_checks_outcome_then_existence_then_owner_then_state() {
        let now = t("2026-02-01T09:30:00Z");
        let repo = MockFeedbackRepo::new();
        assert_eq!(
            complete_session(&repo, &actor(ME, Role::Engineer), SID, "fixed", now),
            Err(Error::invalid("outcome", "must be one of resolved, escalated, workaround, unresolved"))
        );

        let mut repo = MockFeedbackRepo::new();
        with_session(&mut repo, None);
        assert_eq!(
            complete_session(&repo, &actor(ME, Role::Engineer), SID, "resolved", now),
            Err(Error::NotFound("session".into()))
        );

        let mut repo = MockFeedbackRepo::new();
        with_session(&mut repo, Some(session(OTHER, false)));
        assert!(matches!(
            complete_session(&repo, &actor(ME, Role::SuperAdmin), SID, "resolved", now),
            Err(Error::Forbidden(_))
        ));

        let mut repo = MockFeedbackRepo::new();
        with_session(&mut repo, Some(session(ME, true)));
        assert!(matches!(
            complete_session(&repo, &actor(ME, Role::Engineer), SID, "resolved", now),
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
        let s = complete_session(&repo, &actor(ME, Role::Engineer), SID, "escalated", now).unwrap();
        assert_eq!((s.completed_at, s.outcome), (Some(now), Some(Outcome::Escalated)));

        let mut repo = MockFeedbackRepo::new();
        with_session(&mut repo, Some(session(ME, false)));
        repo.expect_complete_session().return_once(|_, _, _, _| Ok(None));
        assert!(matches!(
            complete_session(&repo, &actor(ME, Role::Engineer), SID, "resolved", now),
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
            let d = session_detail(&repo, &actor(who, role), SID).unwrap();
            assert_eq!(d.rating.map(|r| r.rating), Some(4));
            assert_eq!(d.step_feedback, thumbs);
        }
        let mut repo = MockFeedbackRepo::new();
        with_session(&mut repo, Some(session(ME, true)));
        let admin_viewer = Actor { can_view_admin: true, ..actor(OTHER, Role::Engineer) };
        assert!(matches!(session_detail(&repo, &admin_viewer, SID), Err(Error::Forbidden(_))));
    }

    // ---- thumbs -------------------------------------------------------------------------------

    fn thumb(node: Option<&str>, helpful: bool) -> ThumbInput {
        ThumbInput { session_id: SID, was_helpful: helpful, node_id: node.map(str::to_owned) }
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
        let r = rate_step(&repo, &actor(ME, Role::Viewer), STEP, thumb(None, false), now).unwrap();
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
            let r = rate_step(&repo, &actor(ME, Role::Engineer), STEP, thumb(Some("n4"), true), Utc::now()).unwrap();
            assert_eq!((r.status, r.helpful_yes, r.helpful_no), (status, 1, 0));
        }
    }

    #[test]
    fn a_step_used_at_several_nodes_needs_a_node_id() {
        let repo = thumb_repo(ME, &["n1", "n4"]);
        assert_eq!(
            rate_step(&repo, &actor(ME, Role::Engineer), STEP, thumb(None, true), Utc::now()),
            Err(Error::invalid("node_id", "is required: the flow uses this step at more than one node"))
        );
    }

    #[test]
    fn a_node_that_does_not_reference_the_step_or_a_flow_without_it_is_not_found() {
        let repo = thumb_repo(ME, &["n1"]);
        assert_eq!(
            rate_step(&repo, &actor(ME, Role::Engineer), STEP, thumb(Some("n2"), true), Utc::now()),
            Err(Error::NotFound("node".into()))
        );
        let repo = thumb_repo(ME, &[]);
        assert_eq!(
            rate_step(&repo, &actor(ME, Role::Engineer), STEP, thumb(None, true), Utc::now()),
            Err(Error::NotFound("node".into()))
        );
        let repo = thumb_repo(ME, &[]);
        assert_eq!(
            rate_step(&repo, &actor(ME, Role::Engineer), STEP, thumb(Some("n1"), true), Utc::now()),
            Err(Error::NotFound("node".into()))
        );
    }

    #[test]
    fn thumbs_on_someone_elses_session_are_forbidden_even_for_admins() {
        let mut repo = MockFeedbackRepo::new();
        with_target(&mut repo, true, Some(session(OTHER, true)), &["n1"]);
        assert!(matches!(
            rate_step(&repo, &actor(ME, Role::SuperAdmin), STEP, thumb(None, true), Utc::now()),
            Err(Error::Forbidden(_))
        ));
    }

    #[test]
    fn thumbs_need_a_step_and_a_session_of_the_account_and_a_non_blank_node() {
        let repo = MockFeedbackRepo::new();
        assert_eq!(
            rate_step(&repo, &actor(ME, Role::Engineer), STEP, thumb(Some("  "), true), Utc::now()),
            Err(Error::invalid("node_id", "must not be empty"))
        );
        // A missing step is told first, even when the session is missing too.
        let mut repo = MockFeedbackRepo::new();
        with_target(&mut repo, false, None, &[]);
        assert_eq!(
            rate_step(&repo, &actor(ME, Role::Engineer), STEP, thumb(None, true), Utc::now()),
            Err(Error::NotFound("step".into()))
        );
        let mut repo = MockFeedbackRepo::new();
        with_target(&mut repo, true, None, &[]);
        assert_eq!(
            rate_step(&repo, &actor(ME, Role::Engineer), STEP, thumb(None, true), Utc::now()),
            Err(Error::NotFound("session".into()))
        );
    }

    #[test]
    fn removing_a_thumb_checks_step_session_owner_and_presence() {
        let mut repo = MockFeedbackRepo::new();
        with_target(&mut repo, true, Some(session(ME, false)), &["n1"]);
        repo.expect_delete_thumb().with(eq(STEP), eq(ME), eq(SID)).return_once(|_, _, _| Ok(true));
        assert_eq!(remove_thumb(&repo, &actor(ME, Role::Viewer), STEP, SID), Ok(()));

        let mut repo = MockFeedbackRepo::new();
        with_target(&mut repo, true, Some(session(ME, false)), &[]);
        repo.expect_delete_thumb().return_once(|_, _, _| Ok(false));
        assert_eq!(remove_thumb(&repo, &actor(ME, Role::Viewer), STEP, SID), Err(Error::NotFound("thumb".into())));

        let mut repo = MockFeedbackRepo::new();
        with_target(&mut repo, true, Some(session(OTHER, false)), &["n1"]);
        assert!(matches!(remove_thumb(&repo, &actor(ME, Role::TeamAdmin), STEP, SID), Err(Error::Forbidden(_))));

        let mut repo = MockFeedbackRepo::new();
        with_target(&mut repo, false, Some(session(ME, false)), &[]);
        assert_eq!(remove_thumb(&repo, &actor(ME, Role::Viewer), STEP, SID), Err(Error::NotFound("step".into())));
    }

    // ---- CSAT ---------------------------------------------------------------------------------

    fn rate(rating: i64, comment: Option<&str>) -> RateInput {
        RateInput { rating, comment: comment.map(str::to_owned) }
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
        let r = rate_session(&repo, &actor(ME, Role::Viewer), SID, rate(4, Some("  Clear steps \n")), now).unwrap();
        assert_eq!((r.rating, r.comment.as_deref()), (4, Some("Clear steps")));
    }

    #[test]
    fn a_blank_comment_is_stored_as_none() {
        let mut repo = MockFeedbackRepo::new();
        with_session(&mut repo, Some(session(ME, true)));
        repo.expect_insert_session_rating().withf(|n| n.comment.is_none()).return_once(|_| Ok(stored_rating(2, None)));
        assert!(rate_session(&repo, &actor(ME, Role::Engineer), SID, rate(2, Some("   ")), Utc::now()).is_ok());
    }

    #[test]
    fn rating_validation_comes_before_any_lookup() {
        let repo = MockFeedbackRepo::new();
        assert_eq!(
            rate_session(&repo, &actor(ME, Role::Engineer), SID, rate(6, None), Utc::now()),
            Err(Error::invalid("rating", "must be a whole number from 1 to 5"))
        );
        let long = "é".repeat(501);
        assert_eq!(
            rate_session(&repo, &actor(ME, Role::Engineer), SID, rate(3, Some(&long)), Utc::now()),
            Err(Error::invalid("comment", "must be at most 500 characters"))
        );
    }

    #[test]
    fn a_comment_with_a_nul_character_is_refused() {
        let repo = MockFeedbackRepo::new();
        assert_eq!(
            rate_session(&repo, &actor(ME, Role::Engineer), SID, rate(3, Some("ok\0")), Utc::now()),
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
        assert!(rate_session(&repo, &actor(ME, Role::Engineer), SID, rate(3, Some(&c)), Utc::now()).is_ok());
    }

    #[test]
    fn rating_refuses_unknown_foreign_and_unfinished_sessions() {
        let mut repo = MockFeedbackRepo::new();
        with_session(&mut repo, None);
        assert_eq!(
            rate_session(&repo, &actor(ME, Role::Engineer), SID, rate(4, None), Utc::now()),
            Err(Error::NotFound("session".into()))
        );

        let mut repo = MockFeedbackRepo::new();
        with_session(&mut repo, Some(session(OTHER, true)));
        assert!(matches!(
            rate_session(&repo, &actor(ME, Role::SuperAdmin), SID, rate(4, None), Utc::now()),
            Err(Error::Forbidden(_))
        ));

        let mut repo = MockFeedbackRepo::new();
        with_session(&mut repo, Some(session(ME, false)));
        assert!(matches!(
            rate_session(&repo, &actor(ME, Role::Engineer), SID, rate(4, None), Utc::now()),
            Err(Error::Conflict { code: ConflictCode::SessionNotCompleted, .. })
        ));
    }

    #[test]
    fn a_second_rating_is_refused_by_the_stores_unique_key_with_no_read_first() {
        let mut repo = MockFeedbackRepo::new();
        with_session(&mut repo, Some(session(ME, true)));
        repo.expect_insert_session_rating().return_once(|_| Err(already_rated()));
        assert!(matches!(
            rate_session(&repo, &actor(ME, Role::Engineer), SID, rate(4, None), Utc::now()),
            Err(Error::Conflict { code: ConflictCode::AlreadyRated, .. })
        ));
    }

    #[test]
    fn the_rating_of_a_session_is_for_its_user_or_admins_and_404_when_none() {
        let mut repo = MockFeedbackRepo::new();
        with_session(&mut repo, Some(session(ME, true)));
        repo.expect_find_session_rating().return_once(|_, _| Ok(Some(stored_rating(3, None))));
        assert_eq!(session_rating(&repo, &actor(OTHER, Role::TeamAdmin), SID).map(|r| r.rating), Ok(3));

        let mut repo = MockFeedbackRepo::new();
        with_session(&mut repo, Some(session(ME, true)));
        repo.expect_find_session_rating().return_once(|_, _| Ok(None));
        assert_eq!(session_rating(&repo, &actor(ME, Role::Viewer), SID), Err(Error::NotFound("rating".into())));

        let mut repo = MockFeedbackRepo::new();
        with_session(&mut repo, Some(session(ME, true)));
        assert!(matches!(session_rating(&repo, &actor(OTHER, Role::Engineer), SID), Err(Error::Forbidden(_))));
    }

    // ---- ratings of a flow --------------------------------------------------------------------

    #[test]
    fn rating_filters_parse_bounds_and_the_comment_flag() {
        assert_eq!(RatingFilter::parse(None, None, None), Ok(RatingFilter::default()));
        let f = RatingFilter::parse(Some("2"), Some(" 4 "), Some("true")).unwrap();
        assert_eq!(
            (f.min_rating.map(Csat::get), f.max_rating.map(Csat::get), f.with_comment),
            (Some(2), Some(4), true)
        );
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
            tree_ratings(&repo, &actor(ME, Role::Viewer), TREE, RatingFilter::default(), PageRequest::default()),
            Err(Error::NotFound("flow".into()))
        );

        let mut repo = MockFeedbackRepo::new();
        repo.expect_tree_exists().return_once(|_, _| Ok(true));
        let filter = RatingFilter::parse(Some("4"), None, Some("true")).unwrap();
        let req = PageRequest { page: 2, limit: 10 };
        repo.expect_list_tree_ratings()
            .with(eq(ACC), eq(TREE), eq(filter), eq(req))
            .return_once(move |_, _, _, r| Ok(Page::new(vec![], r, 11)));
        let p = tree_ratings(&repo, &actor(ME, Role::Viewer), TREE, filter, req).unwrap();
        assert_eq!((p.page, p.limit, p.total, p.total_pages()), (2, 10, 11, 2));
    }
}

//! The flow feedback service: the rules of sessions, thumbs and CSAT over the port.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{
    CompleteSession, NewSession, NewSessionRating, RateSession, RatingFilter, RecordThumb, Session, SessionDetail,
    SessionRating, ThumbResult, ThumbWrite, TreeRatingItem,
};
use crate::page::{Page, PageRequest};
use crate::ports::FeedbackRepo;
use crate::{Actor, ConflictCode, Error, Result};

/// Sessions, thumbs and CSAT of the actor's account.
#[derive(Clone)]
pub struct FeedbackService {
    repo: Arc<dyn FeedbackRepo>,
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

impl FeedbackService {
    pub fn new(repo: Arc<dyn FeedbackRepo>) -> FeedbackService {
        FeedbackService { repo }
    }

    fn session_of_account(&self, actor: &Actor, session_id: Uuid) -> Result<Session> {
        self.repo.find_session(actor.account_id, session_id)?.ok_or_else(|| Error::not_found("session"))
    }

    /// Starts a session of flow `tree_id` for the actor (any role).
    ///
    /// # Errors
    /// `NotFound("flow")` when the flow is not in the actor's account; `Unavailable`.
    pub fn start_session(&self, actor: &Actor, tree_id: Uuid, now: DateTime<Utc>) -> Result<Session> {
        if !self.repo.tree_exists(actor.account_id, tree_id)? {
            return Err(Error::not_found("flow"));
        }
        self.repo.insert_session(NewSession {
            id: Uuid::now_v7(),
            account_id: actor.account_id,
            tree_id,
            user_id: actor.user_id,
            started_at: now,
        })
    }

    /// Completes the actor's own session (admins get 403 on others' sessions too).
    ///
    /// # Errors
    /// `NotFound("session")`; `Forbidden` when not the actor's; `Conflict(SessionAlreadyCompleted)`,
    /// also when another completion wins a race; `Unavailable`.
    pub fn complete_session(
        &self,
        actor: &Actor,
        session_id: Uuid,
        cmd: CompleteSession,
        now: DateTime<Utc>,
    ) -> Result<Session> {
        let session = self.session_of_account(actor, session_id)?;
        require_own(actor, &session)?;
        let already = || Error::conflict(ConflictCode::SessionAlreadyCompleted, "the session is already completed");
        if session.is_completed() {
            return Err(already());
        }
        self.repo.complete_session(actor.account_id, session_id, cmd.outcome(), now)?.ok_or_else(already)
    }

    /// The session with its CSAT and its user's thumbs, for the session's user or an admin.
    ///
    /// # Errors
    /// `NotFound("session")`; `Forbidden` for anyone else; `Unavailable`.
    pub fn session_detail(&self, actor: &Actor, session_id: Uuid) -> Result<SessionDetail> {
        let session = self.session_of_account(actor, session_id)?;
        require_own_or_admin(actor, &session)?;
        let rating = self.repo.find_session_rating(actor.account_id, session_id)?;
        let step_feedback = self.repo.session_thumbs(session_id, session.user_id)?;
        Ok(SessionDetail { session, rating, step_feedback })
    }

    /// The actor's own session and the nodes of its flow that reference the step, checked in this
    /// order: the step, the session, its owner.
    fn thumb_target(&self, actor: &Actor, step_id: Uuid, session_id: Uuid) -> Result<(Session, Vec<String>)> {
        let target = self.repo.thumb_target(actor.account_id, step_id, session_id)?;
        if !target.step_exists {
            return Err(Error::not_found("step"));
        }
        let session = target.session.ok_or_else(|| Error::not_found("session"))?;
        require_own(actor, &session)?;
        Ok((session, target.nodes))
    }

    /// Records the actor's thumb on step `step_id` in one of its sessions. The node is the
    /// session's flow's node that references the step; the command's node must name it when
    /// there are several.
    ///
    /// # Errors
    /// `Invalid` when the node is missing while the flow references the step at more than one
    /// node; `NotFound("step")`, `NotFound("session")`, `NotFound("node")` (the flow does not
    /// reference the step, or the named node is not one that does); `Forbidden` when the session
    /// is not the actor's; `Unavailable`.
    pub fn record_thumb(
        &self,
        actor: &Actor,
        step_id: Uuid,
        cmd: RecordThumb,
        now: DateTime<Utc>,
    ) -> Result<ThumbResult> {
        let (session, nodes) = self.thumb_target(actor, step_id, cmd.session_id())?;
        let node_id = match (cmd.node_id(), nodes.as_slice()) {
            (_, []) => return Err(Error::not_found("node")),
            (Some(w), _) if nodes.iter().any(|n| n == w) => w.to_owned(),
            (Some(_), _) => return Err(Error::not_found("node")),
            (None, [only]) => only.clone(),
            (None, _) => {
                return Err(Error::invalid("node_id", "is required: the flow uses this step at more than one node"));
            }
        };
        let written = self.repo.upsert_thumb(ThumbWrite {
            step_id,
            user_id: actor.user_id,
            session_id: session.id,
            tree_id: session.tree_id,
            node_id: node_id.clone(),
            was_helpful: cmd.was_helpful(),
            at: now,
        })?;
        Ok(ThumbResult {
            status: written.status,
            step_id,
            session_id: session.id,
            node_id,
            was_helpful: cmd.was_helpful(),
            helpful_yes: written.helpful_yes,
            helpful_no: written.helpful_no,
        })
    }

    /// Removes the actor's thumb on step `step_id` in one of its sessions.
    ///
    /// # Errors
    /// `NotFound("step")`, `NotFound("session")`, `NotFound("thumb")` when there was none;
    /// `Forbidden` when the session is not the actor's; `Unavailable`.
    pub fn remove_thumb(&self, actor: &Actor, step_id: Uuid, session_id: Uuid) -> Result<()> {
        self.thumb_target(actor, step_id, session_id)?;
        if self.repo.delete_thumb(step_id, actor.user_id, session_id)? {
            Ok(())
        } else {
            Err(Error::not_found("thumb"))
        }
    }

    /// Stores the CSAT of the actor's completed session, once.
    ///
    /// # Errors
    /// `NotFound("session")`; `Forbidden` when not the actor's; `Conflict(SessionNotCompleted)`;
    /// `Conflict(AlreadyRated)`, also when another rating wins a race; `Unavailable`.
    pub fn rate_session(
        &self,
        actor: &Actor,
        session_id: Uuid,
        cmd: RateSession,
        now: DateTime<Utc>,
    ) -> Result<SessionRating> {
        let session = self.session_of_account(actor, session_id)?;
        require_own(actor, &session)?;
        if !session.is_completed() {
            return Err(Error::conflict(ConflictCode::SessionNotCompleted, "the session is not completed yet"));
        }
        // A second rating is refused by the store's unique key (`AlreadyRated`), so no read first.
        self.repo.insert_session_rating(NewSessionRating {
            id: Uuid::now_v7(),
            session_id,
            tree_id: session.tree_id,
            user_id: session.user_id,
            account_id: actor.account_id,
            rating: cmd.rating(),
            comment: cmd.comment().map(str::to_owned),
            created_at: now,
        })
    }

    /// The CSAT of a session, for the session's user or an admin.
    ///
    /// # Errors
    /// `NotFound("session")`; `Forbidden`; `NotFound("rating")` when the session has none;
    /// `Unavailable`.
    pub fn session_rating(&self, actor: &Actor, session_id: Uuid) -> Result<SessionRating> {
        let session = self.session_of_account(actor, session_id)?;
        require_own_or_admin(actor, &session)?;
        self.repo.find_session_rating(actor.account_id, session_id)?.ok_or_else(|| Error::not_found("rating"))
    }

    /// The CSAT ratings of a flow of the actor's account (any role), newest first.
    ///
    /// # Errors
    /// `NotFound("flow")`; `Unavailable`.
    pub fn tree_ratings(
        &self,
        actor: &Actor,
        tree_id: Uuid,
        filter: RatingFilter,
        page: PageRequest,
    ) -> Result<Page<TreeRatingItem>> {
        if !self.repo.tree_exists(actor.account_id, tree_id)? {
            return Err(Error::not_found("flow"));
        }
        self.repo.list_tree_ratings(actor.account_id, tree_id, filter, page)
    }
}

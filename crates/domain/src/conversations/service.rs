//! The conversation service: conversations and messages, message feedback, sharing and the
//! admin inbox over the port, with the configured permission of public conversations.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::*;
use crate::access::{AccessLevel, Grants, Permission, access_level};
use crate::page::{Page, PageRequest};
use crate::ports::{AccountDirectory, ConversationRepo};
use crate::{Actor, ConflictCode, Error, Result, text, time};

/// Conversations of the actor's account.
#[derive(Clone)]
pub struct ConversationService {
    repo: Arc<dyn ConversationRepo>,
    accounts: Arc<dyn AccountDirectory>,
    /// The permission of a public conversation with none recorded.
    public_default: Permission,
}

impl ConversationService {
    pub fn new(
        repo: Arc<dyn ConversationRepo>,
        accounts: Arc<dyn AccountDirectory>,
        public_default: Permission,
    ) -> ConversationService {
        ConversationService { repo, accounts, public_default }
    }

    fn view(&self, ctx: AccessContext, level: AccessLevel) -> ConversationView {
        let public_permission = ctx.conversation.public_permission.unwrap_or(self.public_default);
        ConversationView { conversation: ctx.conversation, public_permission, access_level: level }
    }

    /// Loads the conversation and decides the actor's level.
    fn open(&self, actor: &Actor, conversation_id: Uuid) -> Result<(AccessContext, AccessLevel)> {
        let Some(ctx) = self.repo.access_context(actor.account_id, actor.user_id, conversation_id)? else {
            return Err(Error::not_found("conversation"));
        };
        let level = access_level(Some(&ctx.conversation.facts()), actor, &ctx.grants, self.public_default)?;
        Ok((ctx, level))
    }

    fn open_as_owner(&self, actor: &Actor, conversation_id: Uuid, what: &str) -> Result<AccessContext> {
        let (ctx, level) = self.open(actor, conversation_id)?;
        if !level.can_manage() {
            return Err(Error::Forbidden(format!("only the owner may {what}")));
        }
        Ok(ctx)
    }

    /// `POST /chat/conversations`: a new conversation owned by the actor.
    ///
    /// # Errors
    /// The port's errors.
    pub fn create_conversation(&self, actor: &Actor, title: Title, now: DateTime<Utc>) -> Result<ConversationView> {
        let title = title.into_string();
        let c = self.repo.create_conversation(&NewConversation {
            id: Uuid::now_v7(),
            account_id: actor.account_id,
            owner_id: actor.user_id,
            title,
            now,
        })?;
        let ctx = AccessContext { conversation: c, grants: Grants::default() };
        Ok(self.view(ctx, AccessLevel::Owner))
    }

    /// `GET /chat/conversations/{id}`.
    ///
    /// # Errors
    /// `NotFound` / `Forbidden` by the access rule; the port's errors.
    pub fn get_conversation(&self, actor: &Actor, conversation_id: Uuid) -> Result<ConversationView> {
        let (ctx, level) = self.open(actor, conversation_id)?;
        Ok(self.view(ctx, level))
    }

    /// `GET /chat/conversations`: the conversations the actor owns or is granted (never the ones
    /// they could only audit).
    ///
    /// # Errors
    /// The port's errors.
    pub fn list_conversations(
        &self,
        actor: &Actor,
        scope: ListScope,
        page: PageRequest,
    ) -> Result<Page<ConversationView>> {
        let found = self.repo.list_conversations(actor.account_id, actor.user_id, scope, page)?;
        let mut items = Vec::with_capacity(found.items.len());
        for ctx in found.items {
            match access_level(Some(&ctx.conversation.facts()), actor, &ctx.grants, self.public_default) {
                Ok(level @ (AccessLevel::Owner | AccessLevel::Shared | AccessLevel::SharedReadonly)) => {
                    items.push(self.view(ctx, level));
                }
                // The repository selects granted conversations only; a row that the rule does not
                // open (or opens for audit only) is not listed.
                Ok(AccessLevel::AdminAudit) | Err(_) => {}
            }
        }
        Ok(Page { items, page: found.page, limit: found.limit, total: found.total })
    }

    /// `PATCH /chat/conversations/{id}`: owner only.
    ///
    /// # Errors
    /// `NotFound`/`Forbidden`; the port's errors.
    pub fn rename_conversation(
        &self,
        actor: &Actor,
        conversation_id: Uuid,
        title: Title,
        now: DateTime<Utc>,
    ) -> Result<ConversationView> {
        let title = title.into_string();
        let ctx = self.open_as_owner(actor, conversation_id, "rename this conversation")?;
        let c = self.repo.rename_conversation(actor.account_id, conversation_id, &title, now)?;
        Ok(self.view(AccessContext { conversation: c, grants: ctx.grants }, AccessLevel::Owner))
    }

    /// `DELETE /chat/conversations/{id}`: soft delete, owner only.
    ///
    /// # Errors
    /// `NotFound`/`Forbidden`; the port's errors.
    pub fn delete_conversation(&self, actor: &Actor, conversation_id: Uuid, now: DateTime<Utc>) -> Result<()> {
        self.open_as_owner(actor, conversation_id, "delete this conversation")?;
        self.repo.delete_conversation(actor.account_id, conversation_id, now)
    }

    /// `GET /chat/conversations/{id}/messages`: oldest first, each with the actor's own feedback.
    ///
    /// # Errors
    /// `NotFound`/`Forbidden`; the port's errors.
    pub fn list_messages(&self, actor: &Actor, conversation_id: Uuid, page: PageRequest) -> Result<Page<Message>> {
        self.open(actor, conversation_id)?;
        self.repo.list_messages(conversation_id, actor.user_id, page)
    }

    /// `POST /chat/conversations/{id}/messages`: adds a message, or updates the one with the same
    /// client id in this conversation. Returns the message and whether it was created.
    ///
    /// # Errors
    /// `NotFound`/`Forbidden`; `Forbidden` "Read-only access:
    /// cannot add messages" for levels that may not post; the port's errors.
    pub fn post_message(
        &self,
        actor: &Actor,
        conversation_id: Uuid,
        cmd: PostMessage,
        now: DateTime<Utc>,
    ) -> Result<(Message, bool)> {
        let PostMessage { role, content, client_message_id } = cmd;
        let (_, level) = self.open(actor, conversation_id)?;
        if !level.can_post() {
            return Err(Error::Forbidden(READ_ONLY.into()));
        }
        let sender_id = (role == MessageRole::User).then_some(actor.user_id);
        let new = NewMessage { id: Uuid::now_v7(), conversation_id, client_message_id, role, content, sender_id, now };
        self.repo.upsert_message(&new, actor.user_id)
    }

    /// Finds the message `key` names among the conversations the actor may rate in: the message
    /// with that UUID, else the one message with that client id. Client ids are unique per
    /// conversation only: when several conversations the actor may rate in hold one, the key is
    /// ambiguous and nothing is picked.
    fn rateable_message(&self, actor: &Actor, key: &str) -> Result<Uuid> {
        let key = key.trim();
        if key.is_empty() {
            return Err(Error::invalid("id", "must be a message id"));
        }
        text::no_nul("id", key)?;
        let candidates = self.repo.find_messages(actor.account_id, actor.user_id, key)?;
        if candidates.is_empty() {
            return Err(Error::not_found("message"));
        }
        let by_id = Uuid::parse_str(key).ok().and_then(|id| candidates.iter().find(|c| c.message_id == id));
        let named: Vec<&MessageCandidate> = match by_id {
            Some(c) => vec![c],
            None => candidates.iter().collect(),
        };
        let mut rateable = Vec::new();
        let mut refusal = None;
        for c in named {
            match access_level(Some(&c.context.conversation.facts()), actor, &c.context.grants, self.public_default) {
                Ok(level) if level.can_rate() => rateable.push(c.message_id),
                Ok(_) => refusal = Some(Error::Forbidden("admin audit access cannot rate messages".into())),
                Err(e @ Error::Forbidden(_)) => refusal = refusal.or(Some(e)),
                Err(_) => {}
            }
        }
        match rateable.as_slice() {
            [one] => Ok(*one),
            [] => Err(refusal.unwrap_or_else(|| Error::not_found("message"))),
            _ => Err(Error::conflict(
                ConflictCode::AmbiguousMessageId,
                "this message_id names messages in several conversations; use the message's UUID",
            )),
        }
    }

    /// `PUT /chat/messages/{id}/feedback`: stores (or replaces) the actor's feedback on the message.
    ///
    /// # Errors
    /// `Invalid` for a blank key; `NotFound("message")`; `Forbidden` when the actor's level may
    /// not rate; the port's errors.
    pub fn put_feedback(
        &self,
        actor: &Actor,
        key: &str,
        cmd: RateMessage,
        now: DateTime<Utc>,
    ) -> Result<MessageFeedback> {
        let RateMessage { rating, reason, comment } = cmd;
        let message_id = self.rateable_message(actor, key)?;
        self.repo.put_feedback(&NewFeedback { message_id, user_id: actor.user_id, rating, reason, comment, now })
    }

    /// `DELETE /chat/messages/{id}/feedback`: removes the actor's own feedback.
    ///
    /// # Errors
    /// `NotFound("message")`, `NotFound("feedback")` when the actor had none; `Forbidden` as for
    /// rating; the port's errors.
    pub fn delete_feedback(&self, actor: &Actor, key: &str) -> Result<()> {
        let message_id = self.rateable_message(actor, key)?;
        if self.repo.delete_feedback(message_id, actor.user_id)? { Ok(()) } else { Err(Error::not_found("feedback")) }
    }

    /// `GET /chat/conversations/{id}/share`: owner only.
    ///
    /// # Errors
    /// `NotFound`/`Forbidden`; the port's errors.
    pub fn get_sharing(&self, actor: &Actor, conversation_id: Uuid) -> Result<SharingView> {
        self.open_as_owner(actor, conversation_id, "see the sharing of this conversation")?;
        Ok(SharingView::from_stored(self.repo.sharing(conversation_id)?, self.public_default))
    }

    /// `POST /chat/conversations/{id}/share`, checks in the spec's order: the request (400), owner
    /// (403), not oneself (400), every user and team known (404 naming the first unknown; nothing is
    /// written), then every share written in one transaction.
    ///
    /// # Errors
    /// As above; the port's errors.
    pub fn share(&self, actor: &Actor, conversation_id: Uuid, req: Share, now: DateTime<Utc>) -> Result<SharingView> {
        self.open_as_owner(actor, conversation_id, "share this conversation")?;
        let users = if req.emails.is_empty() {
            vec![]
        } else {
            self.repo.find_users_by_email(actor.account_id, &req.emails)?
        };
        if users.iter().any(|(_, id)| *id == actor.user_id) {
            return Err(Error::invalid("user_emails", "cannot share a conversation with yourself"));
        }
        let mut user_ids = Vec::with_capacity(req.emails.len());
        for email in &req.emails {
            match users.iter().find(|(e, _)| e == email) {
                Some((_, id)) => user_ids.push(*id),
                None => return Err(Error::NotFound(format!("user {email}"))),
            }
        }
        let teams =
            if req.team_ids.is_empty() { vec![] } else { self.repo.find_teams(actor.account_id, &req.team_ids)? };
        if let Some(missing) = req.team_ids.iter().find(|t| !teams.contains(t)) {
            return Err(Error::NotFound(format!("team {missing}")));
        }
        self.repo.apply_shares(&ShareWrite {
            conversation_id,
            granted_by: actor.user_id,
            now,
            user_ids,
            team_ids: req.team_ids,
            permission: req.permission,
            is_public: req.is_public,
            public_permission: req.public_permission,
        })?;
        Ok(SharingView::from_stored(self.repo.sharing(conversation_id)?, self.public_default))
    }

    /// `PATCH /chat/conversations/{id}/share`: the permission (400), a target (400), owner (403), the
    /// target currently shared with (404); a legacy share gets a record.
    ///
    /// # Errors
    /// As above; the port's errors.
    pub fn update_share(&self, actor: &Actor, conversation_id: Uuid, cmd: UpdateShare) -> Result<SharingView> {
        let UpdateShare { permission, target } = cmd;
        self.open_as_owner(actor, conversation_id, "change the sharing of this conversation")?;
        let (target, what) = match target {
            ShareTo::Email(e) => match self.repo.find_user_by_email(actor.account_id, &e)? {
                Some(id) => (ShareTarget::User(id), format!("share with {e}")),
                None => return Err(Error::NotFound(format!("share with {e}"))),
            },
            ShareTo::Team(t) => (ShareTarget::Team(t), format!("share with team {t}")),
            ShareTo::Public => (ShareTarget::Public, "public share".to_owned()),
        };
        if !self.repo.set_share_permission(conversation_id, &target, permission)? {
            return Err(Error::NotFound(what));
        }
        Ok(SharingView::from_stored(self.repo.sharing(conversation_id)?, self.public_default))
    }

    /// `DELETE /chat/conversations/{id}/share/users/{user_id}`: revokes the user's share.
    ///
    /// # Errors
    /// `NotFound`/`Forbidden`; `NotFound("share")` when not shared with; the port's errors.
    pub fn unshare_user(&self, actor: &Actor, conversation_id: Uuid, user_id: Uuid, now: DateTime<Utc>) -> Result<()> {
        self.open_as_owner(actor, conversation_id, "change the sharing of this conversation")?;
        if self.repo.revoke_user_share(conversation_id, user_id, now)? {
            Ok(())
        } else {
            Err(Error::not_found("share"))
        }
    }

    /// `DELETE /chat/conversations/{id}/share/teams/{team_id}`: removes the team's share.
    ///
    /// # Errors
    /// `NotFound`/`Forbidden`; `NotFound("share")` when not shared with; the port's errors.
    pub fn unshare_team(&self, actor: &Actor, conversation_id: Uuid, team_id: Uuid) -> Result<()> {
        self.open_as_owner(actor, conversation_id, "change the sharing of this conversation")?;
        if self.repo.revoke_team_share(conversation_id, team_id)? { Ok(()) } else { Err(Error::not_found("share")) }
    }

    /// `GET /admin/feedback` (after the feature flag): admin viewers only; every message feedback of
    /// the account, newest first, filtered.
    ///
    /// # Errors
    /// `Forbidden` for other users; the port's errors.
    pub fn feedback_inbox(&self, actor: &Actor, query: InboxQuery, page: PageRequest) -> Result<Page<InboxItem>> {
        actor.require_admin_viewer()?;
        let InboxQuery { rating, from, to, user_id, conversation_id } = query;
        let (from, to) = if from.is_some() || to.is_some() {
            let tz = self
                .accounts
                .account_timezone(actor.account_id)?
                .and_then(|n| time::parse_tz(&n))
                .unwrap_or(chrono_tz::UTC);
            time::range_in(from, to, tz)
        } else {
            (None, None)
        };
        let filter = InboxFilter { rating, from, to, user_id, conversation_id };
        Ok(self.repo.feedback_inbox(actor.account_id, &filter, page)?.map(|row| InboxItem {
            content_snippet: content_snippet(&row.content),
            chat_link: chat_link(row.conversation_id),
            row,
        }))
    }
}

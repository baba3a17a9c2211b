//! Conversation rules: conversations and messages, message feedback, sharing and the admin
//! feedback inbox, as functions over the [`ConversationRepo`] port. Access is decided by
//! [`crate::access::access_level`] only.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::access::{AccessLevel, ConversationFacts, Grants, Permission, access_level};
use crate::page::{Page, PageRequest};
use crate::ports::ConversationRepo;
use crate::{Actor, ConflictCode, Error, Result, text, time};

/// Longest conversation title, in characters (after trimming).
pub const TITLE_MAX: usize = 200;
/// Longest client message id, in characters (after trimming).
pub const CLIENT_MESSAGE_ID_MAX: usize = 200;
/// Longest feedback reason.
pub const REASON_MAX: usize = 200;
/// Longest feedback comment.
pub const COMMENT_MAX: usize = 1000;
/// Characters of content an inbox snippet keeps before `...`.
pub const SNIPPET_CHARS: usize = 200;

const READ_ONLY: &str = "Read-only access: cannot add messages";

// ---- types ----------------------------------------------------------------------------------

/// A conversation row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    pub id: Uuid,
    pub account_id: Uuid,
    pub owner_id: Uuid,
    pub title: String,
    pub is_public: bool,
    pub public_permission: Option<Permission>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

impl Conversation {
    pub fn facts(&self) -> ConversationFacts {
        ConversationFacts {
            account_id: self.account_id,
            owner_id: self.owner_id,
            deleted: self.deleted_at.is_some(),
            is_public: self.is_public,
            public_permission: self.public_permission,
        }
    }
}

/// A conversation and the grants that apply to one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessContext {
    pub conversation: Conversation,
    pub grants: Grants,
}

/// A conversation as the actor sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationView {
    pub conversation: Conversation,
    /// The recorded public permission, or the configured default when none is recorded.
    pub public_permission: Permission,
    pub access_level: AccessLevel,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConversation {
    pub id: Uuid,
    pub account_id: Uuid,
    pub owner_id: Uuid,
    pub title: String,
    pub now: DateTime<Utc>,
}

/// Which conversations a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListScope {
    /// Owned, shared directly, shared with my teams, public.
    All,
    /// The same without my own.
    Shared,
}

impl ListScope {
    /// `all` (default when absent) or `shared`.
    ///
    /// # Errors
    /// `Invalid` naming `scope` for anything else.
    pub fn parse(raw: Option<&str>) -> Result<ListScope> {
        match raw.map(str::trim) {
            None | Some("all") => Ok(ListScope::All),
            Some("shared") => Ok(ListScope::Shared),
            Some(_) => Err(Error::invalid("scope", "must be all or shared")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageRole {
    User,
    Assistant,
    System,
}

impl MessageRole {
    pub const ALL: [MessageRole; 3] = [MessageRole::User, MessageRole::Assistant, MessageRole::System];

    pub fn as_str(self) -> &'static str {
        match self {
            MessageRole::User => "user",
            MessageRole::Assistant => "assistant",
            MessageRole::System => "system",
        }
    }

    pub fn parse(s: &str) -> Option<MessageRole> {
        MessageRole::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rating {
    Positive,
    Negative,
}

impl Rating {
    pub const ALL: [Rating; 2] = [Rating::Positive, Rating::Negative];

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Positive => "positive",
            Rating::Negative => "negative",
        }
    }

    pub fn parse(s: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Who submitted something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRef {
    pub user_id: Uuid,
    pub email: String,
    pub name: String,
}

/// One user's feedback on one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageFeedback {
    pub message_id: Uuid,
    pub rating: Rating,
    pub reason: Option<String>,
    pub comment: Option<String>,
    pub submitted_by: UserRef,
    pub submitted_at: DateTime<Utc>,
}

/// A message, with the viewer's own feedback on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub client_message_id: Option<String>,
    pub role: MessageRole,
    pub content: String,
    pub sender_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub feedback: Option<MessageFeedback>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    /// Used only when the message is new.
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub client_message_id: Option<String>,
    pub role: MessageRole,
    pub content: String,
    pub sender_id: Option<Uuid>,
    pub now: DateTime<Utc>,
}

/// A posted message as the client sent it (fields optional so that missing ones give a 400).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageInput {
    pub role: Option<String>,
    pub content: Option<String>,
    pub message_id: Option<String>,
}

/// A message matched by id or client id, with its conversation's access context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageCandidate {
    pub message_id: Uuid,
    pub context: AccessContext,
}

/// Feedback as the client sent it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedbackInput {
    pub rating: Option<String>,
    pub reason: Option<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFeedback {
    pub message_id: Uuid,
    pub user_id: Uuid,
    pub rating: Rating,
    pub reason: Option<String>,
    pub comment: Option<String>,
    pub now: DateTime<Utc>,
}

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

/// `POST .../share` as the client sent it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShareInput {
    pub user_emails: Option<Vec<String>>,
    pub team_ids: Option<Vec<String>>,
    pub permission: Option<String>,
    pub is_public: Option<bool>,
    pub public_permission: Option<String>,
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

/// `PATCH .../share` as the client sent it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShareUpdateInput {
    pub permission: Option<String>,
    pub email: Option<String>,
    pub team_id: Option<String>,
    pub public: Option<bool>,
}

/// What a permission change applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareTarget {
    User(Uuid),
    Team(Uuid),
    Public,
}

/// Filters of the admin inbox as the client sent them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboxQuery {
    pub rating: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub user_id: Option<String>,
    pub conversation_id: Option<String>,
}

/// Parsed inbox filters; `[from, to)` in UTC.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboxFilter {
    pub rating: Option<Rating>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub user_id: Option<Uuid>,
    pub conversation_id: Option<Uuid>,
}

/// One feedback of the inbox as stored, with its message's whole content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxRow {
    pub message_id: Uuid,
    pub client_message_id: Option<String>,
    pub conversation_id: Uuid,
    /// `None` when the conversation is soft-deleted.
    pub conversation_title: Option<String>,
    pub content: String,
    pub role: MessageRole,
    pub rating: Rating,
    pub reason: Option<String>,
    pub comment: Option<String>,
    pub submitted_by: UserRef,
    pub submitted_at: DateTime<Utc>,
}

/// One feedback of the inbox as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxItem {
    pub row: InboxRow,
    pub content_snippet: String,
    pub chat_link: String,
}

// ---- rules ----------------------------------------------------------------------------------

/// The first 200 characters of `content`, followed by `...` only when it is longer.
pub fn content_snippet(content: &str) -> String {
    match content.char_indices().nth(SNIPPET_CHARS) {
        None => content.to_owned(),
        Some((cut, _)) => format!("{}...", &content[..cut]),
    }
}

/// The link the inbox gives to a conversation.
pub fn chat_link(conversation_id: Uuid) -> String {
    format!("/chat/{conversation_id}")
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

fn view(ctx: AccessContext, level: AccessLevel, public_default: Permission) -> ConversationView {
    let public_permission = ctx.conversation.public_permission.unwrap_or(public_default);
    ConversationView { conversation: ctx.conversation, public_permission, access_level: level }
}

/// Loads the conversation and decides the actor's level.
fn open(
    repo: &dyn ConversationRepo,
    actor: &Actor,
    conversation_id: Uuid,
    public_default: Permission,
) -> Result<(AccessContext, AccessLevel)> {
    let Some(ctx) = repo.access_context(actor.account_id, actor.user_id, conversation_id)? else {
        return Err(Error::not_found("conversation"));
    };
    let level = access_level(Some(&ctx.conversation.facts()), actor, &ctx.grants, public_default)?;
    Ok((ctx, level))
}

fn open_as_owner(
    repo: &dyn ConversationRepo,
    actor: &Actor,
    conversation_id: Uuid,
    public_default: Permission,
    what: &str,
) -> Result<AccessContext> {
    let (ctx, level) = open(repo, actor, conversation_id, public_default)?;
    if !level.can_manage() {
        return Err(Error::Forbidden(format!("only the owner may {what}")));
    }
    Ok(ctx)
}

fn title(raw: &str) -> Result<String> {
    text::required_text("title", raw, TITLE_MAX)
}

/// `POST /chat/conversations`: a new conversation owned by the actor.
///
/// # Errors
/// `Invalid` for a blank or too long title; the port's errors.
pub fn create_conversation(
    repo: &dyn ConversationRepo,
    actor: &Actor,
    raw_title: Option<&str>,
    public_default: Permission,
    now: DateTime<Utc>,
) -> Result<ConversationView> {
    let title = title(raw_title.ok_or_else(|| Error::invalid("title", "is required"))?)?;
    let c = repo.create_conversation(&NewConversation {
        id: Uuid::now_v7(),
        account_id: actor.account_id,
        owner_id: actor.user_id,
        title,
        now,
    })?;
    let ctx = AccessContext { conversation: c, grants: Grants::default() };
    Ok(view(ctx, AccessLevel::Owner, public_default))
}

/// `GET /chat/conversations/{id}`.
///
/// # Errors
/// `NotFound` / `Forbidden` by the access rule; the port's errors.
pub fn get_conversation(
    repo: &dyn ConversationRepo,
    actor: &Actor,
    conversation_id: Uuid,
    public_default: Permission,
) -> Result<ConversationView> {
    let (ctx, level) = open(repo, actor, conversation_id, public_default)?;
    Ok(view(ctx, level, public_default))
}

/// `GET /chat/conversations`: the conversations the actor owns or is granted (never the ones
/// they could only audit).
///
/// # Errors
/// `Invalid` for an unknown scope; the port's errors.
pub fn list_conversations(
    repo: &dyn ConversationRepo,
    actor: &Actor,
    scope: Option<&str>,
    page: PageRequest,
    public_default: Permission,
) -> Result<Page<ConversationView>> {
    let scope = ListScope::parse(scope)?;
    let found = repo.list_conversations(actor.account_id, actor.user_id, scope, page)?;
    let mut items = Vec::with_capacity(found.items.len());
    for ctx in found.items {
        match access_level(Some(&ctx.conversation.facts()), actor, &ctx.grants, public_default) {
            Ok(level @ (AccessLevel::Owner | AccessLevel::Shared | AccessLevel::SharedReadonly)) => {
                items.push(view(ctx, level, public_default));
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
/// `Invalid` title (checked first); `NotFound`/`Forbidden`; the port's errors.
pub fn rename_conversation(
    repo: &dyn ConversationRepo,
    actor: &Actor,
    conversation_id: Uuid,
    raw_title: Option<&str>,
    public_default: Permission,
    now: DateTime<Utc>,
) -> Result<ConversationView> {
    let title = title(raw_title.ok_or_else(|| Error::invalid("title", "is required"))?)?;
    let ctx = open_as_owner(repo, actor, conversation_id, public_default, "rename this conversation")?;
    let c = repo.rename_conversation(actor.account_id, conversation_id, &title, now)?;
    Ok(view(AccessContext { conversation: c, grants: ctx.grants }, AccessLevel::Owner, public_default))
}

/// `DELETE /chat/conversations/{id}`: soft delete, owner only.
///
/// # Errors
/// `NotFound`/`Forbidden`; the port's errors.
pub fn delete_conversation(
    repo: &dyn ConversationRepo,
    actor: &Actor,
    conversation_id: Uuid,
    public_default: Permission,
    now: DateTime<Utc>,
) -> Result<()> {
    open_as_owner(repo, actor, conversation_id, public_default, "delete this conversation")?;
    repo.delete_conversation(actor.account_id, conversation_id, now)
}

/// `GET /chat/conversations/{id}/messages`: oldest first, each with the actor's own feedback.
///
/// # Errors
/// `NotFound`/`Forbidden`; the port's errors.
pub fn list_messages(
    repo: &dyn ConversationRepo,
    actor: &Actor,
    conversation_id: Uuid,
    page: PageRequest,
    public_default: Permission,
) -> Result<Page<Message>> {
    open(repo, actor, conversation_id, public_default)?;
    repo.list_messages(conversation_id, actor.user_id, page)
}

/// Validates a posted message (before any access check).
///
/// # Errors
/// `Invalid` naming the missing or bad field.
pub fn parse_message(input: &MessageInput) -> Result<(MessageRole, String, Option<String>)> {
    let role = input.role.as_deref().ok_or_else(|| Error::invalid("role", "is required"))?;
    let role =
        MessageRole::parse(role.trim()).ok_or_else(|| Error::invalid("role", "must be user, assistant or system"))?;
    let content = input.content.as_deref().ok_or_else(|| Error::invalid("content", "is required"))?;
    text::no_nul("content", content)?;
    if content.trim().is_empty() {
        return Err(Error::invalid("content", "must not be empty"));
    }
    let client_id = text::optional_text("message_id", input.message_id.as_deref(), CLIENT_MESSAGE_ID_MAX)?;
    Ok((role, content.to_owned(), client_id))
}

/// `POST /chat/conversations/{id}/messages`: adds a message, or updates the one with the same
/// client id in this conversation. Returns the message and whether it was created.
///
/// # Errors
/// `Invalid` (checked before access); `NotFound`/`Forbidden`; `Forbidden` "Read-only access:
/// cannot add messages" for levels that may not post; the port's errors.
pub fn post_message(
    repo: &dyn ConversationRepo,
    actor: &Actor,
    conversation_id: Uuid,
    input: &MessageInput,
    public_default: Permission,
    now: DateTime<Utc>,
) -> Result<(Message, bool)> {
    let (role, content, client_message_id) = parse_message(input)?;
    let (_, level) = open(repo, actor, conversation_id, public_default)?;
    if !level.can_post() {
        return Err(Error::Forbidden(READ_ONLY.into()));
    }
    let sender_id = (role == MessageRole::User).then_some(actor.user_id);
    let new = NewMessage { id: Uuid::now_v7(), conversation_id, client_message_id, role, content, sender_id, now };
    repo.upsert_message(&new, actor.user_id)
}

/// Finds the message `key` names among the conversations the actor may rate in: the message with
/// that UUID, else the one message with that client id. Client ids are unique per conversation
/// only: when several conversations the actor may rate in hold one, the key is ambiguous and
/// nothing is picked.
fn rateable_message(repo: &dyn ConversationRepo, actor: &Actor, key: &str, public_default: Permission) -> Result<Uuid> {
    let key = key.trim();
    if key.is_empty() {
        return Err(Error::invalid("id", "must be a message id"));
    }
    text::no_nul("id", key)?;
    let candidates = repo.find_messages(actor.account_id, actor.user_id, key)?;
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
        match access_level(Some(&c.context.conversation.facts()), actor, &c.context.grants, public_default) {
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

/// Validates feedback input.
///
/// # Errors
/// `Invalid` naming `rating`, `reason` or `comment`.
pub fn parse_feedback(input: &FeedbackInput) -> Result<(Rating, Option<String>, Option<String>)> {
    let rating = input.rating.as_deref().ok_or_else(|| Error::invalid("rating", "is required"))?;
    let rating =
        Rating::parse(rating.trim()).ok_or_else(|| Error::invalid("rating", "must be positive or negative"))?;
    let reason = text::optional_text("reason", input.reason.as_deref(), REASON_MAX)?;
    let comment = text::optional_text("comment", input.comment.as_deref(), COMMENT_MAX)?;
    Ok((rating, reason, comment))
}

/// `PUT /chat/messages/{id}/feedback`: stores (or replaces) the actor's feedback on the message.
///
/// # Errors
/// `Invalid` input (checked first); `NotFound("message")`; `Forbidden` when the actor's level may
/// not rate; the port's errors.
pub fn put_feedback(
    repo: &dyn ConversationRepo,
    actor: &Actor,
    key: &str,
    input: &FeedbackInput,
    public_default: Permission,
    now: DateTime<Utc>,
) -> Result<MessageFeedback> {
    let (rating, reason, comment) = parse_feedback(input)?;
    let message_id = rateable_message(repo, actor, key, public_default)?;
    repo.put_feedback(&NewFeedback { message_id, user_id: actor.user_id, rating, reason, comment, now })
}

/// `DELETE /chat/messages/{id}/feedback`: removes the actor's own feedback.
///
/// # Errors
/// `NotFound("message")`, `NotFound("feedback")` when the actor had none; `Forbidden` as for
/// rating; the port's errors.
pub fn delete_feedback(
    repo: &dyn ConversationRepo,
    actor: &Actor,
    key: &str,
    public_default: Permission,
) -> Result<()> {
    let message_id = rateable_message(repo, actor, key, public_default)?;
    if repo.delete_feedback(message_id, actor.user_id)? { Ok(()) } else { Err(Error::not_found("feedback")) }
}

/// `GET /chat/conversations/{id}/share`: owner only.
///
/// # Errors
/// `NotFound`/`Forbidden`; the port's errors.
pub fn get_sharing(
    repo: &dyn ConversationRepo,
    actor: &Actor,
    conversation_id: Uuid,
    public_default: Permission,
) -> Result<SharingView> {
    open_as_owner(repo, actor, conversation_id, public_default, "see the sharing of this conversation")?;
    Ok(SharingView::from_stored(repo.sharing(conversation_id)?, public_default))
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

struct ShareRequest {
    emails: Vec<String>,
    team_ids: Vec<Uuid>,
    permission: Option<Permission>,
    is_public: Option<bool>,
    public_permission: Option<Permission>,
}

fn parse_share(input: &ShareInput) -> Result<ShareRequest> {
    let emails_in = input.user_emails.as_deref().unwrap_or_default();
    let teams_in = input.team_ids.as_deref().unwrap_or_default();
    if emails_in.is_empty() && teams_in.is_empty() && input.is_public.is_none() {
        return Err(Error::bad_request("give at least one of user_emails, team_ids or is_public"));
    }
    if (!emails_in.is_empty() || !teams_in.is_empty()) && input.permission.is_none() {
        return Err(Error::invalid("permission", "is required when sharing with users or teams"));
    }
    let permission = permission_field("permission", input.permission.as_deref())?;
    let public_permission = permission_field("public_permission", input.public_permission.as_deref())?;
    let mut emails: Vec<String> = Vec::with_capacity(emails_in.len());
    for raw in emails_in {
        let e = normalize_email(raw)?;
        if !emails.contains(&e) {
            emails.push(e);
        }
    }
    let mut team_ids: Vec<Uuid> = Vec::with_capacity(teams_in.len());
    for raw in teams_in {
        let id =
            Uuid::parse_str(raw.trim()).map_err(|_| Error::invalid("team_ids", &format!("{raw:?} is not a UUID")))?;
        if !team_ids.contains(&id) {
            team_ids.push(id);
        }
    }
    Ok(ShareRequest { emails, team_ids, permission, is_public: input.is_public, public_permission })
}

/// `POST /chat/conversations/{id}/share`, checks in the spec's order: the request (400), owner
/// (403), not oneself (400), every user and team known (404 naming the first unknown; nothing is
/// written), then every share written in one transaction.
///
/// # Errors
/// As above; the port's errors.
pub fn share(
    repo: &dyn ConversationRepo,
    actor: &Actor,
    conversation_id: Uuid,
    input: &ShareInput,
    public_default: Permission,
    now: DateTime<Utc>,
) -> Result<SharingView> {
    let req = parse_share(input)?;
    open_as_owner(repo, actor, conversation_id, public_default, "share this conversation")?;
    let users = if req.emails.is_empty() { vec![] } else { repo.find_users_by_email(actor.account_id, &req.emails)? };
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
    let teams = if req.team_ids.is_empty() { vec![] } else { repo.find_teams(actor.account_id, &req.team_ids)? };
    if let Some(missing) = req.team_ids.iter().find(|t| !teams.contains(t)) {
        return Err(Error::NotFound(format!("team {missing}")));
    }
    repo.apply_shares(&ShareWrite {
        conversation_id,
        granted_by: actor.user_id,
        now,
        user_ids,
        team_ids: req.team_ids,
        permission: req.permission,
        is_public: req.is_public,
        public_permission: req.public_permission,
    })?;
    Ok(SharingView::from_stored(repo.sharing(conversation_id)?, public_default))
}

enum RawTarget {
    Email(String),
    Team(Uuid),
    Public,
}

/// `PATCH /chat/conversations/{id}/share`: the permission (400), a target (400), owner (403), the
/// target currently shared with (404); a legacy share gets a record.
///
/// # Errors
/// As above; the port's errors.
pub fn update_share(
    repo: &dyn ConversationRepo,
    actor: &Actor,
    conversation_id: Uuid,
    input: &ShareUpdateInput,
    public_default: Permission,
) -> Result<SharingView> {
    let permission = permission_field("permission", input.permission.as_deref())?
        .ok_or_else(|| Error::invalid("permission", "is required"))?;
    let mut targets = vec![];
    if let Some(e) = &input.email {
        targets.push(RawTarget::Email(e.trim().to_lowercase()));
    }
    if let Some(t) = &input.team_id {
        targets
            .push(RawTarget::Team(Uuid::parse_str(t.trim()).map_err(|_| Error::invalid("team_id", "must be a UUID"))?));
    }
    match input.public {
        Some(true) => targets.push(RawTarget::Public),
        Some(false) => return Err(Error::invalid("public", "must be true when given")),
        None => {}
    }
    let target = match targets.len() {
        0 => return Err(Error::bad_request("give one target: email, team_id or public")),
        1 => targets.remove(0),
        _ => return Err(Error::bad_request("give only one target: email, team_id or public")),
    };
    if let RawTarget::Email(e) = &target
        && !is_plausible_email(e)
    {
        return Err(Error::invalid("email", "must be an email"));
    }
    open_as_owner(repo, actor, conversation_id, public_default, "change the sharing of this conversation")?;
    let (target, what) = match target {
        RawTarget::Email(e) => match repo.find_user_by_email(actor.account_id, &e)? {
            Some(id) => (ShareTarget::User(id), format!("share with {e}")),
            None => return Err(Error::NotFound(format!("share with {e}"))),
        },
        RawTarget::Team(t) => (ShareTarget::Team(t), format!("share with team {t}")),
        RawTarget::Public => (ShareTarget::Public, "public share".to_owned()),
    };
    if !repo.set_share_permission(conversation_id, &target, permission)? {
        return Err(Error::NotFound(what));
    }
    Ok(SharingView::from_stored(repo.sharing(conversation_id)?, public_default))
}

/// `DELETE /chat/conversations/{id}/share/users/{user_id}`: revokes the user's share.
///
/// # Errors
/// `NotFound`/`Forbidden`; `NotFound("share")` when not shared with; the port's errors.
pub fn unshare_user(
    repo: &dyn ConversationRepo,
    actor: &Actor,
    conversation_id: Uuid,
    user_id: Uuid,
    public_default: Permission,
    now: DateTime<Utc>,
) -> Result<()> {
    open_as_owner(repo, actor, conversation_id, public_default, "change the sharing of this conversation")?;
    if repo.revoke_user_share(conversation_id, user_id, now)? { Ok(()) } else { Err(Error::not_found("share")) }
}

/// `DELETE /chat/conversations/{id}/share/teams/{team_id}`: removes the team's share.
///
/// # Errors
/// `NotFound`/`Forbidden`; `NotFound("share")` when not shared with; the port's errors.
pub fn unshare_team(
    repo: &dyn ConversationRepo,
    actor: &Actor,
    conversation_id: Uuid,
    team_id: Uuid,
    public_default: Permission,
) -> Result<()> {
    open_as_owner(repo, actor, conversation_id, public_default, "change the sharing of this conversation")?;
    if repo.revoke_team_share(conversation_id, team_id)? { Ok(()) } else { Err(Error::not_found("share")) }
}

fn uuid_filter(field: &str, raw: Option<&str>) -> Result<Option<Uuid>> {
    raw.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Uuid::parse_str(s).map_err(|_| Error::invalid(field, "must be a UUID")))
        .transpose()
}

/// `GET /admin/feedback` (after the feature flag): admin viewers only; every message feedback of
/// the account, newest first, filtered.
///
/// # Errors
/// `Forbidden` for other users; `Invalid` for a bad filter; the port's errors.
pub fn feedback_inbox(
    repo: &dyn ConversationRepo,
    actor: &Actor,
    query: &InboxQuery,
    page: PageRequest,
) -> Result<Page<InboxItem>> {
    actor.require_admin_viewer()?;
    let rating = match query.rating.as_deref().map(str::trim) {
        None | Some("all") => None,
        Some(r) => Some(Rating::parse(r).ok_or_else(|| Error::invalid("rating", "must be positive, negative or all"))?),
    };
    let user_id = uuid_filter("user_id", query.user_id.as_deref())?;
    let conversation_id = uuid_filter("conversation_id", query.conversation_id.as_deref())?;
    let (from, to) = if query.from.is_some() || query.to.is_some() {
        let tz = time::parse_tz(&repo.account_timezone(actor.account_id)?).unwrap_or(chrono_tz::UTC);
        time::filter_range(query.from.as_deref(), query.to.as_deref(), tz)?
    } else {
        (None, None)
    };
    let filter = InboxFilter { rating, from, to, user_id, conversation_id };
    Ok(repo.feedback_inbox(actor.account_id, &filter, page)?.map(|row| InboxItem {
        content_snippet: content_snippet(&row.content),
        chat_link: chat_link(row.conversation_id),
        row,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;
    use crate::access::DirectShare;
    use crate::ports::MockConversationRepo;

    const ACCOUNT: Uuid = Uuid::from_u128(0xa);
    const OWNER: Uuid = Uuid::from_u128(0x1);
    const OTHER: Uuid = Uuid::from_u128(0x2);
    const CONV: Uuid = Uuid::from_u128(0xc);
    const MSG: Uuid = Uuid::from_u128(0x3);
    const TEAM: Uuid = Uuid::from_u128(0x7);
    const D: Permission = Permission::Comment;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-02-01T09:30:00Z").unwrap().with_timezone(&Utc)
    }

    fn actor(user_id: Uuid, role: Role, can_view_admin: bool) -> Actor {
        Actor { user_id, account_id: ACCOUNT, role, can_view_admin }
    }

    fn owner() -> Actor {
        actor(OWNER, Role::Engineer, false)
    }

    fn conversation() -> Conversation {
        Conversation {
            id: CONV,
            account_id: ACCOUNT,
            owner_id: OWNER,
            title: "VPN drops".into(),
            is_public: false,
            public_permission: None,
            created_at: now(),
            updated_at: now(),
            deleted_at: None,
        }
    }

    fn ctx_with(direct: Option<Permission>) -> AccessContext {
        AccessContext {
            conversation: conversation(),
            grants: Grants {
                direct: direct.map(|p| DirectShare { permission: Some(p), revoked: false }),
                teams: vec![],
            },
        }
    }

    fn repo_with(ctx: Option<AccessContext>) -> MockConversationRepo {
        let mut repo = MockConversationRepo::new();
        repo.expect_access_context().returning(move |_, _, _| Ok(ctx.clone()));
        repo
    }

    fn message(role: MessageRole, sender_id: Option<Uuid>) -> Message {
        Message {
            id: MSG,
            conversation_id: CONV,
            client_message_id: Some("c-1".into()),
            role,
            content: "hello".into(),
            sender_id,
            created_at: now(),
            updated_at: now(),
            feedback: None,
        }
    }

    #[test]
    fn snippets_keep_200_characters_and_add_dots_only_when_longer() {
        let exactly = "a".repeat(200);
        assert_eq!(content_snippet(&exactly), exactly);
        let long = "b".repeat(300);
        let s = content_snippet(&long);
        assert_eq!(s.chars().count(), 203);
        assert_eq!(s, format!("{}...", "b".repeat(200)));
        let accents = "é".repeat(201);
        assert_eq!(content_snippet(&accents), format!("{}...", "é".repeat(200)));
        assert_eq!(content_snippet("short"), "short");
        assert_eq!(chat_link(CONV), format!("/chat/{CONV}"));
    }

    #[test]
    fn a_new_conversation_has_a_trimmed_title_and_belongs_to_its_creator() {
        let mut repo = MockConversationRepo::new();
        repo.expect_create_conversation()
            .withf(|n| n.title == "VPN drops" && n.owner_id == OWNER && n.account_id == ACCOUNT)
            .returning(|_| Ok(conversation()));
        let v = create_conversation(&repo, &owner(), Some("  VPN drops "), D, now()).unwrap();
        assert_eq!(v.access_level, AccessLevel::Owner);
        assert_eq!(v.public_permission, Permission::Comment);
    }

    #[test]
    fn a_blank_missing_or_long_title_is_refused() {
        let repo = MockConversationRepo::new();
        assert_eq!(
            create_conversation(&repo, &owner(), Some("  "), D, now()),
            Err(Error::invalid("title", "must not be empty"))
        );
        assert_eq!(create_conversation(&repo, &owner(), None, D, now()), Err(Error::invalid("title", "is required")));
        assert_eq!(
            create_conversation(&repo, &owner(), Some(&"x".repeat(201)), D, now()),
            Err(Error::invalid("title", "must be at most 200 characters"))
        );
    }

    #[test]
    fn reading_a_missing_conversation_is_not_found_and_an_ungranted_one_forbidden() {
        let repo = repo_with(None);
        assert_eq!(get_conversation(&repo, &owner(), CONV, D), Err(Error::not_found("conversation")));
        let repo = repo_with(Some(ctx_with(None)));
        assert!(matches!(
            get_conversation(&repo, &actor(OTHER, Role::Engineer, false), CONV, D),
            Err(Error::Forbidden(_))
        ));
        let v = get_conversation(&repo, &actor(OTHER, Role::TeamAdmin, false), CONV, D).unwrap();
        assert_eq!(v.access_level, AccessLevel::AdminAudit);
    }

    #[test]
    fn an_unknown_scope_is_refused_before_any_read() {
        let repo = MockConversationRepo::new();
        assert_eq!(
            list_conversations(&repo, &owner(), Some("mine"), PageRequest::default(), D),
            Err(Error::invalid("scope", "must be all or shared"))
        );
    }

    #[test]
    fn the_list_gives_each_conversation_its_level() {
        let mut repo = MockConversationRepo::new();
        repo.expect_list_conversations()
            .withf(|a, u, s, _| *a == ACCOUNT && *u == OTHER && *s == ListScope::Shared)
            .returning(|_, _, _, p| {
                Ok(Page::new(vec![ctx_with(Some(Permission::View)), ctx_with(Some(Permission::Comment))], p, 2))
            });
        let page =
            list_conversations(&repo, &actor(OTHER, Role::Engineer, false), Some("shared"), PageRequest::default(), D)
                .unwrap();
        let levels: Vec<_> = page.items.iter().map(|v| v.access_level).collect();
        assert_eq!(levels, vec![AccessLevel::SharedReadonly, AccessLevel::Shared]);
        assert_eq!(page.total, 2);
    }

    #[test]
    fn only_the_owner_renames_and_deletes() {
        let repo = repo_with(Some(ctx_with(Some(Permission::Comment))));
        let editor = actor(OTHER, Role::SuperAdmin, false);
        assert_eq!(
            rename_conversation(&repo, &editor, CONV, Some("New"), D, now()),
            Err(Error::Forbidden("only the owner may rename this conversation".into()))
        );
        assert_eq!(
            delete_conversation(&repo, &editor, CONV, D, now()),
            Err(Error::Forbidden("only the owner may delete this conversation".into()))
        );
        let mut repo = repo_with(Some(ctx_with(None)));
        repo.expect_rename_conversation()
            .withf(|_, _, t, _| t == "New")
            .returning(|_, _, t, _| Ok(Conversation { title: t.into(), ..conversation() }));
        repo.expect_delete_conversation().times(1).returning(|_, _, _| Ok(()));
        assert_eq!(
            rename_conversation(&repo, &owner(), CONV, Some(" New "), D, now()).unwrap().conversation.title,
            "New"
        );
        assert_eq!(delete_conversation(&repo, &owner(), CONV, D, now()), Ok(()));
    }

    #[test]
    fn a_message_without_role_or_content_is_refused_before_access() {
        let repo = MockConversationRepo::new();
        let a = owner();
        let no_role = MessageInput { content: Some("hi".into()), ..Default::default() };
        assert_eq!(post_message(&repo, &a, CONV, &no_role, D, now()), Err(Error::invalid("role", "is required")));
        let no_content = MessageInput { role: Some("user".into()), ..Default::default() };
        assert_eq!(post_message(&repo, &a, CONV, &no_content, D, now()), Err(Error::invalid("content", "is required")));
        let bad_role = MessageInput { role: Some("bot".into()), content: Some("x".into()), ..Default::default() };
        assert_eq!(
            post_message(&repo, &a, CONV, &bad_role, D, now()),
            Err(Error::invalid("role", "must be user, assistant or system"))
        );
    }

    #[test]
    fn read_only_levels_cannot_post() {
        let input = MessageInput { role: Some("user".into()), content: Some("hi".into()), message_id: None };
        let repo = repo_with(Some(ctx_with(Some(Permission::View))));
        let err = Err(Error::Forbidden("Read-only access: cannot add messages".into()));
        assert_eq!(post_message(&repo, &actor(OTHER, Role::Engineer, false), CONV, &input, D, now()), err);
        let repo = repo_with(Some(ctx_with(None)));
        assert_eq!(post_message(&repo, &actor(OTHER, Role::TeamAdmin, false), CONV, &input, D, now()), err);
    }

    #[test]
    fn user_messages_carry_their_sender_and_the_client_id_is_trimmed() {
        let mut repo = repo_with(Some(ctx_with(Some(Permission::Comment))));
        repo.expect_upsert_message()
            .withf(|n, v| {
                n.sender_id == Some(OTHER)
                    && n.client_message_id.as_deref() == Some("c-1")
                    && n.role == MessageRole::User
                    && *v == OTHER
            })
            .returning(|_, _| Ok((message(MessageRole::User, Some(OTHER)), true)));
        let input =
            MessageInput { role: Some("user".into()), content: Some("hello".into()), message_id: Some(" c-1 ".into()) };
        let (m, created) = post_message(&repo, &actor(OTHER, Role::Viewer, false), CONV, &input, D, now()).unwrap();
        assert!(created);
        assert_eq!(m.sender_id, Some(OTHER));

        let mut repo = repo_with(Some(ctx_with(None)));
        repo.expect_upsert_message()
            .withf(|n, _| n.sender_id.is_none() && n.client_message_id.is_none())
            .returning(|_, _| Ok((message(MessageRole::Assistant, None), false)));
        let input = MessageInput {
            role: Some("assistant".into()),
            content: Some("answer".into()),
            message_id: Some("".into()),
        };
        assert!(!post_message(&repo, &owner(), CONV, &input, D, now()).unwrap().1);
    }

    #[test]
    fn nul_characters_in_titles_messages_and_feedback_are_refused_before_any_io() {
        let repo = MockConversationRepo::new();
        let a = owner();
        let nul = |field: &str| Err(Error::invalid(field, "must not contain NUL characters"));
        let content = MessageInput { role: Some("user".into()), content: Some("a\0b".into()), message_id: None };
        assert_eq!(post_message(&repo, &a, CONV, &content, D, now()).map(|_| ()), nul("content"));
        let client_id =
            MessageInput { role: Some("user".into()), content: Some("ab".into()), message_id: Some("c\0".into()) };
        assert_eq!(post_message(&repo, &a, CONV, &client_id, D, now()).map(|_| ()), nul("message_id"));
        let reason = FeedbackInput { rating: Some("positive".into()), reason: Some("\0".into()), comment: None };
        assert_eq!(parse_feedback(&reason).map(|_| ()), nul("reason"));
        let comment = FeedbackInput { rating: Some("positive".into()), reason: None, comment: Some("x\0".into()) };
        assert_eq!(parse_feedback(&comment).map(|_| ()), nul("comment"));
        assert_eq!(title("a\0b").map(|_| ()), nul("title"));
    }

    #[test]
    fn feedback_text_is_trimmed_empty_is_null_and_too_long_is_refused() {
        let ok = FeedbackInput {
            rating: Some("negative".into()),
            reason: Some("  wrong  ".into()),
            comment: Some("   ".into()),
        };
        assert_eq!(parse_feedback(&ok), Ok((Rating::Negative, Some("wrong".into()), None)));
        let long_reason =
            FeedbackInput { rating: Some("positive".into()), reason: Some("r".repeat(201)), comment: None };
        assert_eq!(parse_feedback(&long_reason), Err(Error::invalid("reason", "must be at most 200 characters")));
        let long_comment =
            FeedbackInput { rating: Some("positive".into()), reason: None, comment: Some("c".repeat(1001)) };
        assert_eq!(parse_feedback(&long_comment), Err(Error::invalid("comment", "must be at most 1000 characters")));
        let fits = FeedbackInput {
            rating: Some("positive".into()),
            reason: Some("r".repeat(200)),
            comment: Some("c".repeat(1000)),
        };
        assert!(parse_feedback(&fits).is_ok());
        let bad = FeedbackInput { rating: Some("meh".into()), ..Default::default() };
        assert_eq!(parse_feedback(&bad), Err(Error::invalid("rating", "must be positive or negative")));
    }

    fn candidate(id: Uuid, direct: Option<Permission>) -> MessageCandidate {
        MessageCandidate { message_id: id, context: ctx_with(direct) }
    }

    fn feedback(by: Uuid) -> MessageFeedback {
        MessageFeedback {
            message_id: MSG,
            rating: Rating::Positive,
            reason: None,
            comment: None,
            submitted_by: UserRef { user_id: by, email: "a@b.c".into(), name: "A".into() },
            submitted_at: now(),
        }
    }

    #[test]
    fn feedback_goes_to_the_first_message_the_actor_may_rate() {
        let other_msg = Uuid::from_u128(0x99);
        let mut repo = MockConversationRepo::new();
        repo.expect_find_messages()
            .withf(|a, u, k| *a == ACCOUNT && *u == OTHER && k == "c-1")
            .returning(move |_, _, _| Ok(vec![candidate(other_msg, None), candidate(MSG, Some(Permission::View))]));
        repo.expect_put_feedback()
            .withf(|n| n.message_id == MSG && n.user_id == OTHER && n.rating == Rating::Positive)
            .returning(|_| Ok(feedback(OTHER)));
        let input = FeedbackInput { rating: Some("positive".into()), ..Default::default() };
        let out = put_feedback(&repo, &actor(OTHER, Role::Viewer, false), " c-1 ", &input, D, now()).unwrap();
        assert_eq!(out.submitted_by.user_id, OTHER);
    }

    #[test]
    fn auditors_cannot_rate_and_unknown_messages_are_not_found() {
        let mut repo = MockConversationRepo::new();
        repo.expect_find_messages().returning(|_, _, _| Ok(vec![candidate(MSG, None)]));
        let input = FeedbackInput { rating: Some("positive".into()), ..Default::default() };
        assert_eq!(
            put_feedback(&repo, &actor(OTHER, Role::Engineer, true), "x", &input, D, now()),
            Err(Error::Forbidden("admin audit access cannot rate messages".into()))
        );
        assert_eq!(
            put_feedback(&repo, &actor(OTHER, Role::Engineer, false), "x", &input, D, now()),
            Err(Error::Forbidden("you have no access to this conversation".into()))
        );
        let mut repo = MockConversationRepo::new();
        repo.expect_find_messages().returning(|_, _, _| Ok(vec![]));
        assert_eq!(put_feedback(&repo, &owner(), "x", &input, D, now()), Err(Error::not_found("message")));
        assert_eq!(delete_feedback(&repo, &owner(), "x", D), Err(Error::not_found("message")));
    }

    #[test]
    fn a_client_id_in_two_rateable_conversations_is_ambiguous_and_the_uuid_is_not() {
        let other_msg = Uuid::from_u128(0x99);
        let mut repo = MockConversationRepo::new();
        repo.expect_find_messages().returning(move |_, _, k| {
            Ok(if k == "c-1" {
                vec![candidate(MSG, Some(Permission::View)), candidate(other_msg, Some(Permission::Comment))]
            } else {
                vec![candidate(other_msg, Some(Permission::Comment))]
            })
        });
        repo.expect_put_feedback().withf(move |n| n.message_id == other_msg).returning(|_| Ok(feedback(OTHER)));
        let input = FeedbackInput { rating: Some("positive".into()), ..Default::default() };
        let viewer = actor(OTHER, Role::Viewer, false);
        let ambiguous = Error::conflict(
            ConflictCode::AmbiguousMessageId,
            "this message_id names messages in several conversations; use the message's UUID",
        );
        assert_eq!(put_feedback(&repo, &viewer, "c-1", &input, D, now()), Err(ambiguous.clone()));
        assert_eq!(delete_feedback(&repo, &viewer, "c-1", D), Err(ambiguous));
        assert!(put_feedback(&repo, &viewer, &other_msg.to_string(), &input, D, now()).is_ok());
        assert_eq!(
            put_feedback(&repo, &viewer, "c\0-1", &input, D, now()),
            Err(Error::invalid("id", "must not contain NUL characters"))
        );
    }

    #[test]
    fn deleting_feedback_one_never_gave_is_not_found() {
        let mut repo = MockConversationRepo::new();
        repo.expect_find_messages().returning(|_, _, _| Ok(vec![candidate(MSG, None)]));
        repo.expect_delete_feedback().withf(|m, u| *m == MSG && *u == OWNER).returning(|_, _| Ok(false));
        assert_eq!(delete_feedback(&repo, &owner(), &MSG.to_string(), D), Err(Error::not_found("feedback")));
    }

    fn share_input(emails: &[&str], teams: &[&str], permission: Option<&str>) -> ShareInput {
        ShareInput {
            user_emails: Some(emails.iter().map(|s| s.to_string()).collect()),
            team_ids: Some(teams.iter().map(|s| s.to_string()).collect()),
            permission: permission.map(Into::into),
            is_public: None,
            public_permission: None,
        }
    }

    #[test]
    fn share_requests_are_validated_in_the_order_of_the_spec() {
        let repo = MockConversationRepo::new();
        let a = owner();
        assert_eq!(
            share(&repo, &a, CONV, &share_input(&[], &[], Some("view")), D, now()),
            Err(Error::bad_request("give at least one of user_emails, team_ids or is_public"))
        );
        assert_eq!(
            share(&repo, &a, CONV, &share_input(&["bad"], &[], None), D, now()),
            Err(Error::invalid("permission", "is required when sharing with users or teams"))
        );
        assert_eq!(
            share(&repo, &a, CONV, &share_input(&["bad"], &[], Some("edit")), D, now()),
            Err(Error::invalid("permission", "must be view or comment"))
        );
        assert_eq!(
            share(&repo, &a, CONV, &share_input(&["bad"], &[], Some("view")), D, now()),
            Err(Error::invalid("user_emails", "\"bad\" is not an email"))
        );
        assert_eq!(
            share(&repo, &a, CONV, &share_input(&[], &["nope"], Some("view")), D, now()),
            Err(Error::invalid("team_ids", "\"nope\" is not a UUID"))
        );
        let public_bad =
            ShareInput { is_public: Some(true), public_permission: Some("all".into()), ..Default::default() };
        assert_eq!(
            share(&repo, &a, CONV, &public_bad, D, now()),
            Err(Error::invalid("public_permission", "must be view or comment"))
        );
    }

    #[test]
    fn only_the_owner_shares_and_never_with_themselves() {
        let repo = repo_with(Some(ctx_with(Some(Permission::Comment))));
        assert_eq!(
            share(
                &repo,
                &actor(OTHER, Role::SuperAdmin, false),
                CONV,
                &share_input(&["x@y.z"], &[], Some("view")),
                D,
                now()
            ),
            Err(Error::Forbidden("only the owner may share this conversation".into()))
        );
        let mut repo = repo_with(Some(ctx_with(None)));
        repo.expect_find_users_by_email().returning(|_, _| Ok(vec![("me@y.z".into(), OWNER)]));
        assert_eq!(
            share(&repo, &owner(), CONV, &share_input(&[" ME@y.z "], &[], Some("view")), D, now()),
            Err(Error::invalid("user_emails", "cannot share a conversation with yourself"))
        );
    }

    #[test]
    fn an_unknown_team_is_named_and_nothing_is_written() {
        let mut repo = repo_with(Some(ctx_with(None)));
        repo.expect_find_users_by_email()
            .withf(|_, e| e == ["ann@y.z".to_owned()])
            .returning(|_, _| Ok(vec![("ann@y.z".into(), OTHER)]));
        repo.expect_find_teams().returning(|_, _| Ok(vec![TEAM]));
        repo.expect_apply_shares().never();
        let missing = Uuid::from_u128(0x8);
        let input = share_input(&["Ann@y.z", " ann@Y.z"], &[&TEAM.to_string(), &missing.to_string()], Some("comment"));
        assert_eq!(share(&repo, &owner(), CONV, &input, D, now()), Err(Error::NotFound(format!("team {missing}"))));
    }

    #[test]
    fn an_unknown_email_is_named_before_teams_are_looked_up() {
        let mut repo = repo_with(Some(ctx_with(None)));
        repo.expect_find_users_by_email().returning(|_, _| Ok(vec![("ann@y.z".into(), OTHER)]));
        repo.expect_find_teams().never();
        repo.expect_apply_shares().never();
        let input = share_input(&["ann@y.z", "bob@y.z"], &[&TEAM.to_string()], Some("view"));
        assert_eq!(share(&repo, &owner(), CONV, &input, D, now()), Err(Error::NotFound("user bob@y.z".into())));
    }

    #[test]
    fn a_valid_share_writes_everything_at_once_and_shows_legacy_nulls_as_comment() {
        let mut repo = repo_with(Some(ctx_with(None)));
        repo.expect_find_users_by_email().returning(|_, _| Ok(vec![("ann@y.z".into(), OTHER)]));
        repo.expect_find_teams().returning(|_, _| Ok(vec![TEAM]));
        repo.expect_apply_shares()
            .withf(|w| {
                w.user_ids == vec![OTHER]
                    && w.team_ids == vec![TEAM]
                    && w.permission == Some(Permission::View)
                    && w.is_public == Some(true)
                    && w.public_permission.is_none()
                    && w.granted_by == OWNER
            })
            .times(1)
            .returning(|_| Ok(()));
        repo.expect_sharing().returning(|_| {
            Ok(Sharing {
                is_public: true,
                public_permission: None,
                users: vec![SharedUser {
                    user: UserRef { user_id: OTHER, email: "ann@y.z".into(), name: "Ann".into() },
                    permission: None,
                    granted_at: now(),
                }],
                teams: vec![SharedTeam { team_id: TEAM, name: "Tier 1".into(), permission: None }],
            })
        });
        let input =
            ShareInput { is_public: Some(true), ..share_input(&["ann@y.z"], &[&TEAM.to_string()], Some("view")) };
        let v = share(&repo, &owner(), CONV, &input, Permission::View, now()).unwrap();
        assert_eq!(v.public_permission, Permission::View);
        assert_eq!(v.users[0].permission, Permission::Comment);
        assert_eq!(v.teams[0].permission, Permission::Comment);
    }

    #[test]
    fn a_permission_change_checks_permission_then_target_then_owner_then_the_share() {
        let repo = MockConversationRepo::new();
        let a = owner();
        let no_perm = ShareUpdateInput { email: Some("x".into()), ..Default::default() };
        assert_eq!(update_share(&repo, &a, CONV, &no_perm, D), Err(Error::invalid("permission", "is required")));
        let no_target = ShareUpdateInput { permission: Some("view".into()), ..Default::default() };
        assert_eq!(
            update_share(&repo, &a, CONV, &no_target, D),
            Err(Error::bad_request("give one target: email, team_id or public"))
        );
        let repo = repo_with(Some(ctx_with(Some(Permission::Comment))));
        let by_team =
            ShareUpdateInput { permission: Some("view".into()), team_id: Some(TEAM.to_string()), ..Default::default() };
        assert_eq!(
            update_share(&repo, &actor(OTHER, Role::Engineer, false), CONV, &by_team, D),
            Err(Error::Forbidden("only the owner may change the sharing of this conversation".into()))
        );
        let mut repo = repo_with(Some(ctx_with(None)));
        repo.expect_set_share_permission().returning(|_, _, _| Ok(false));
        assert_eq!(update_share(&repo, &a, CONV, &by_team, D), Err(Error::NotFound(format!("share with team {TEAM}"))));
    }

    #[test]
    fn revoking_what_is_not_shared_is_not_found() {
        let mut repo = repo_with(Some(ctx_with(None)));
        repo.expect_revoke_user_share().returning(|_, _, _| Ok(false));
        repo.expect_revoke_team_share().returning(|_, _| Ok(true));
        assert_eq!(unshare_user(&repo, &owner(), CONV, OTHER, D, now()), Err(Error::not_found("share")));
        assert_eq!(unshare_team(&repo, &owner(), CONV, TEAM, D), Ok(()));
    }

    #[test]
    fn the_inbox_is_for_admin_viewers_and_refuses_bad_filters() {
        let repo = MockConversationRepo::new();
        let q = InboxQuery::default();
        assert_eq!(
            feedback_inbox(&repo, &actor(OTHER, Role::Engineer, false), &q, PageRequest::default()),
            Err(Error::Forbidden("admin viewer access required".into()))
        );
        let admin = actor(OTHER, Role::Viewer, true);
        let bad = InboxQuery { rating: Some("neutral".into()), ..Default::default() };
        assert_eq!(
            feedback_inbox(&repo, &admin, &bad, PageRequest::default()),
            Err(Error::invalid("rating", "must be positive, negative or all"))
        );
        let bad = InboxQuery { conversation_id: Some("42".into()), ..Default::default() };
        assert_eq!(
            feedback_inbox(&repo, &admin, &bad, PageRequest::default()),
            Err(Error::invalid("conversation_id", "must be a UUID"))
        );
    }

    #[test]
    fn inbox_dates_use_the_account_time_zone_and_items_get_snippets_and_links() {
        let mut repo = MockConversationRepo::new();
        repo.expect_account_timezone().returning(|_| Ok("Europe/Paris".into()));
        let from = DateTime::parse_from_rfc3339("2026-01-09T23:00:00Z").unwrap().with_timezone(&Utc);
        let to = DateTime::parse_from_rfc3339("2026-01-10T23:00:00Z").unwrap().with_timezone(&Utc);
        repo.expect_feedback_inbox()
            .withf(move |a, f, _| {
                *a == ACCOUNT
                    && f.rating == Some(Rating::Negative)
                    && f.from == Some(from)
                    && f.to == Some(to)
                    && f.user_id == Some(OTHER)
            })
            .returning(|_, _, p| {
                Ok(Page::new(
                    vec![InboxRow {
                        message_id: MSG,
                        client_message_id: None,
                        conversation_id: CONV,
                        conversation_title: None,
                        content: "z".repeat(300),
                        role: MessageRole::Assistant,
                        rating: Rating::Negative,
                        reason: None,
                        comment: None,
                        submitted_by: UserRef { user_id: OTHER, email: "a@b.c".into(), name: "A".into() },
                        submitted_at: now(),
                    }],
                    p,
                    1,
                ))
            });
        let q = InboxQuery {
            rating: Some("negative".into()),
            from: Some("2026-01-10".into()),
            to: Some("2026-01-10".into()),
            user_id: Some(OTHER.to_string()),
            conversation_id: None,
        };
        let page = feedback_inbox(&repo, &actor(OWNER, Role::TeamAdmin, false), &q, PageRequest::default()).unwrap();
        assert_eq!(page.items[0].content_snippet.chars().count(), 203);
        assert_eq!(page.items[0].chat_link, format!("/chat/{CONV}"));
    }

    #[test]
    fn emails_must_look_like_emails() {
        for ok in ["a@b.co", "first.last@sub.example.test"] {
            assert!(is_plausible_email(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "@b.co",
            "a@",
            "a@b",
            "a@@b.co",
            "a b@c.de",
            "a@.co",
            "a@b.",
            "a\0b@c.de",
            "a@c.de\0",
            "a\u{7}@c.de",
        ] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
    }
}

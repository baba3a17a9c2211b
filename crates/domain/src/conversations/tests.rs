//! Rules of the conversation service against mocks of the port.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::*;
use crate::access::{AccessLevel, DirectShare, Grants, Permission};
use crate::page::{Page, PageRequest};
use crate::ports::{AccountDirectory, MockAccountDirectory, MockConversationRepo};
use crate::{Actor, ConflictCode, Role};

// ---- each request as the api runs it: the command parsed first, then the service called ------

/// A request as the client sent it (the api's DTOs), for the tests.
#[derive(Debug, Clone, Default)]
struct MessageInput {
    role: Option<String>,
    content: Option<String>,
    message_id: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct FeedbackInput {
    rating: Option<String>,
    reason: Option<String>,
    comment: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct ShareInput {
    user_emails: Option<Vec<String>>,
    team_ids: Option<Vec<String>>,
    permission: Option<String>,
    is_public: Option<bool>,
    public_permission: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct ShareUpdateInput {
    permission: Option<String>,
    email: Option<String>,
    team_id: Option<String>,
    public: Option<bool>,
}

#[derive(Debug, Clone, Default)]
struct InboxQuery {
    rating: Option<String>,
    from: Option<String>,
    to: Option<String>,
    user_id: Option<String>,
    conversation_id: Option<String>,
}

fn title(raw: &str) -> Result<String> {
    Title::new(Some(raw)).map(Title::into_string)
}

/// A directory where every account has the zone `name` (`None`: no such account).
fn zone(name: Option<&'static str>) -> std::sync::Arc<dyn AccountDirectory> {
    let mut d = MockAccountDirectory::new();
    d.expect_account_timezone().returning(move |_| Ok(name.map(str::to_owned)));
    std::sync::Arc::new(d)
}

/// The mocked port, shared by the services a test builds (one per configured default).
struct Repo(Arc<MockConversationRepo>, Arc<dyn AccountDirectory>);

fn svc(repo: MockConversationRepo) -> Repo {
    Repo(Arc::new(repo), zone(Some("UTC")))
}

/// The port, in an account whose stored zone is `tz`.
fn svc_in(tz: &'static str, repo: MockConversationRepo) -> Repo {
    Repo(Arc::new(repo), zone(Some(tz)))
}

fn service(repo: &Repo, public_default: Permission) -> ConversationService {
    ConversationService::new(repo.0.clone(), repo.1.clone(), public_default)
}

fn create_conversation(
    repo: &Repo,
    actor: &Actor,
    title: Option<&str>,
    public_default: Permission,
    now: DateTime<Utc>,
) -> Result<ConversationView> {
    service(repo, public_default).create_conversation(actor, Title::new(title)?, now)
}

fn get_conversation(repo: &Repo, actor: &Actor, id: Uuid, public_default: Permission) -> Result<ConversationView> {
    service(repo, public_default).get_conversation(actor, id)
}

fn list_conversations(
    repo: &Repo,
    actor: &Actor,
    scope: Option<&str>,
    page: PageRequest,
    public_default: Permission,
) -> Result<Page<ConversationView>> {
    service(repo, public_default).list_conversations(actor, ListScope::parse(scope)?, page)
}

fn rename_conversation(
    repo: &Repo,
    actor: &Actor,
    id: Uuid,
    title: Option<&str>,
    public_default: Permission,
    now: DateTime<Utc>,
) -> Result<ConversationView> {
    service(repo, public_default).rename_conversation(actor, id, Title::new(title)?, now)
}

fn delete_conversation(
    repo: &Repo,
    actor: &Actor,
    id: Uuid,
    public_default: Permission,
    now: DateTime<Utc>,
) -> Result<()> {
    service(repo, public_default).delete_conversation(actor, id, now)
}

fn post_message(
    repo: &Repo,
    actor: &Actor,
    id: Uuid,
    input: &MessageInput,
    public_default: Permission,
    now: DateTime<Utc>,
) -> Result<(Message, bool)> {
    let cmd = PostMessage::new(input.role.as_deref(), input.content.as_deref(), input.message_id.as_deref())?;
    service(repo, public_default).post_message(actor, id, cmd, now)
}

fn parse_feedback(input: &FeedbackInput) -> Result<(Rating, Option<String>, Option<String>)> {
    let RateMessage { rating, reason, comment } =
        RateMessage::new(input.rating.as_deref(), input.reason.as_deref(), input.comment.as_deref())?;
    Ok((rating, reason, comment))
}

fn put_feedback(
    repo: &Repo,
    actor: &Actor,
    key: &str,
    input: &FeedbackInput,
    public_default: Permission,
    now: DateTime<Utc>,
) -> Result<MessageFeedback> {
    let cmd = RateMessage::new(input.rating.as_deref(), input.reason.as_deref(), input.comment.as_deref())?;
    service(repo, public_default).put_feedback(actor, key, cmd, now)
}

fn delete_feedback(repo: &Repo, actor: &Actor, key: &str, public_default: Permission) -> Result<()> {
    service(repo, public_default).delete_feedback(actor, key)
}

fn share(
    repo: &Repo,
    actor: &Actor,
    id: Uuid,
    input: &ShareInput,
    public_default: Permission,
    now: DateTime<Utc>,
) -> Result<SharingView> {
    let cmd = Share::new(
        input.user_emails.as_deref().unwrap_or_default(),
        input.team_ids.as_deref().unwrap_or_default(),
        input.permission.as_deref(),
        input.is_public,
        input.public_permission.as_deref(),
    )?;
    service(repo, public_default).share(actor, id, cmd, now)
}

fn update_share(
    repo: &Repo,
    actor: &Actor,
    id: Uuid,
    input: &ShareUpdateInput,
    public_default: Permission,
) -> Result<SharingView> {
    let cmd =
        UpdateShare::new(input.permission.as_deref(), input.email.as_deref(), input.team_id.as_deref(), input.public)?;
    service(repo, public_default).update_share(actor, id, cmd)
}

fn unshare_user(
    repo: &Repo,
    actor: &Actor,
    id: Uuid,
    user_id: Uuid,
    public_default: Permission,
    now: DateTime<Utc>,
) -> Result<()> {
    service(repo, public_default).unshare_user(actor, id, user_id, now)
}

fn unshare_team(repo: &Repo, actor: &Actor, id: Uuid, team_id: Uuid, public_default: Permission) -> Result<()> {
    service(repo, public_default).unshare_team(actor, id, team_id)
}

/// The spec orders the role before the filters: the api checks it first, the service again.
fn feedback_inbox(repo: &Repo, actor: &Actor, q: &InboxQuery, page: PageRequest) -> Result<Page<InboxItem>> {
    actor.require_admin_viewer()?;
    let cmd = super::InboxQuery::new(
        q.rating.as_deref(),
        q.from.as_deref(),
        q.to.as_deref(),
        q.user_id.as_deref(),
        q.conversation_id.as_deref(),
    )?;
    service(repo, Permission::Comment).feedback_inbox(actor, cmd, page)
}

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
        grants: Grants { direct: direct.map(|p| DirectShare { permission: Some(p), revoked: false }), teams: vec![] },
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
    let repo = svc(repo);
    let v = create_conversation(&repo, &owner(), Some("  VPN drops "), D, now()).unwrap();
    assert_eq!(v.access_level, AccessLevel::Owner);
    assert_eq!(v.public_permission, Permission::Comment);
}

#[test]
fn a_blank_missing_or_long_title_is_refused() {
    let repo = MockConversationRepo::new();
    let repo = svc(repo);
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
    let repo = svc(repo);
    assert_eq!(get_conversation(&repo, &owner(), CONV, D), Err(Error::not_found("conversation")));
    let repo = repo_with(Some(ctx_with(None)));
    let repo = svc(repo);
    assert!(matches!(get_conversation(&repo, &actor(OTHER, Role::Engineer, false), CONV, D), Err(Error::Forbidden(_))));
    let v = get_conversation(&repo, &actor(OTHER, Role::TeamAdmin, false), CONV, D).unwrap();
    assert_eq!(v.access_level, AccessLevel::AdminAudit);
}

#[test]
fn an_unknown_scope_is_refused_before_any_read() {
    let repo = MockConversationRepo::new();
    let repo = svc(repo);
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
    let repo = svc(repo);
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
    let repo = svc(repo);
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
    let repo = svc(repo);
    assert_eq!(rename_conversation(&repo, &owner(), CONV, Some(" New "), D, now()).unwrap().conversation.title, "New");
    assert_eq!(delete_conversation(&repo, &owner(), CONV, D, now()), Ok(()));
}

#[test]
fn a_message_without_role_or_content_is_refused_before_access() {
    let repo = MockConversationRepo::new();
    let a = owner();
    let no_role = MessageInput { content: Some("hi".into()), ..Default::default() };
    let repo = svc(repo);
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
    let repo = svc(repo);
    assert_eq!(post_message(&repo, &actor(OTHER, Role::Engineer, false), CONV, &input, D, now()), err);
    let repo = repo_with(Some(ctx_with(None)));
    let repo = svc(repo);
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
    let repo = svc(repo);
    let (m, created) = post_message(&repo, &actor(OTHER, Role::Viewer, false), CONV, &input, D, now()).unwrap();
    assert!(created);
    assert_eq!(m.sender_id, Some(OTHER));

    let mut repo = repo_with(Some(ctx_with(None)));
    repo.expect_upsert_message()
        .withf(|n, _| n.sender_id.is_none() && n.client_message_id.is_none())
        .returning(|_, _| Ok((message(MessageRole::Assistant, None), false)));
    let input =
        MessageInput { role: Some("assistant".into()), content: Some("answer".into()), message_id: Some("".into()) };
    let repo = svc(repo);
    assert!(!post_message(&repo, &owner(), CONV, &input, D, now()).unwrap().1);
}

#[test]
fn nul_characters_in_titles_messages_and_feedback_are_refused_before_any_io() {
    let repo = MockConversationRepo::new();
    let a = owner();
    let nul = |field: &str| Err(Error::invalid(field, "must not contain NUL characters"));
    let content = MessageInput { role: Some("user".into()), content: Some("a\0b".into()), message_id: None };
    let repo = svc(repo);
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
    let long_reason = FeedbackInput { rating: Some("positive".into()), reason: Some("r".repeat(201)), comment: None };
    assert_eq!(parse_feedback(&long_reason), Err(Error::invalid("reason", "must be at most 200 characters")));
    let long_comment = FeedbackInput { rating: Some("positive".into()), reason: None, comment: Some("c".repeat(1001)) };
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
    let repo = svc(repo);
    let out = put_feedback(&repo, &actor(OTHER, Role::Viewer, false), " c-1 ", &input, D, now()).unwrap();
    assert_eq!(out.submitted_by.user_id, OTHER);
}

#[test]
fn auditors_cannot_rate_and_unknown_messages_are_not_found() {
    let mut repo = MockConversationRepo::new();
    repo.expect_find_messages().returning(|_, _, _| Ok(vec![candidate(MSG, None)]));
    let input = FeedbackInput { rating: Some("positive".into()), ..Default::default() };
    let repo = svc(repo);
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
    let repo = svc(repo);
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
    let repo = svc(repo);
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
    let repo = svc(repo);
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
    let repo = svc(repo);
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
    let public_bad = ShareInput { is_public: Some(true), public_permission: Some("all".into()), ..Default::default() };
    assert_eq!(
        share(&repo, &a, CONV, &public_bad, D, now()),
        Err(Error::invalid("public_permission", "must be view or comment"))
    );
}

#[test]
fn only_the_owner_shares_and_never_with_themselves() {
    let repo = repo_with(Some(ctx_with(Some(Permission::Comment))));
    let repo = svc(repo);
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
    let repo = svc(repo);
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
    let repo = svc(repo);
    assert_eq!(share(&repo, &owner(), CONV, &input, D, now()), Err(Error::NotFound(format!("team {missing}"))));
}

#[test]
fn an_unknown_email_is_named_before_teams_are_looked_up() {
    let mut repo = repo_with(Some(ctx_with(None)));
    repo.expect_find_users_by_email().returning(|_, _| Ok(vec![("ann@y.z".into(), OTHER)]));
    repo.expect_find_teams().never();
    repo.expect_apply_shares().never();
    let input = share_input(&["ann@y.z", "bob@y.z"], &[&TEAM.to_string()], Some("view"));
    let repo = svc(repo);
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
    let input = ShareInput { is_public: Some(true), ..share_input(&["ann@y.z"], &[&TEAM.to_string()], Some("view")) };
    let repo = svc(repo);
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
    let repo = svc(repo);
    assert_eq!(update_share(&repo, &a, CONV, &no_perm, D), Err(Error::invalid("permission", "is required")));
    let no_target = ShareUpdateInput { permission: Some("view".into()), ..Default::default() };
    assert_eq!(
        update_share(&repo, &a, CONV, &no_target, D),
        Err(Error::bad_request("give one target: email, team_id or public"))
    );
    let repo = repo_with(Some(ctx_with(Some(Permission::Comment))));
    let by_team =
        ShareUpdateInput { permission: Some("view".into()), team_id: Some(TEAM.to_string()), ..Default::default() };
    let repo = svc(repo);
    assert_eq!(
        update_share(&repo, &actor(OTHER, Role::Engineer, false), CONV, &by_team, D),
        Err(Error::Forbidden("only the owner may change the sharing of this conversation".into()))
    );
    let mut repo = repo_with(Some(ctx_with(None)));
    repo.expect_set_share_permission().returning(|_, _, _| Ok(false));
    let repo = svc(repo);
    assert_eq!(update_share(&repo, &a, CONV, &by_team, D), Err(Error::NotFound(format!("share with team {TEAM}"))));
}

#[test]
fn revoking_what_is_not_shared_is_not_found() {
    let mut repo = repo_with(Some(ctx_with(None)));
    repo.expect_revoke_user_share().returning(|_, _, _| Ok(false));
    repo.expect_revoke_team_share().returning(|_, _| Ok(true));
    let repo = svc(repo);
    assert_eq!(unshare_user(&repo, &owner(), CONV, OTHER, D, now()), Err(Error::not_found("share")));
    assert_eq!(unshare_team(&repo, &owner(), CONV, TEAM, D), Ok(()));
}

#[test]
fn the_inbox_is_for_admin_viewers_and_refuses_bad_filters() {
    let repo = MockConversationRepo::new();
    let q = InboxQuery::default();
    let repo = svc(repo);
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
    let repo = svc_in("Europe/Paris", repo);
    let page = feedback_inbox(&repo, &actor(OWNER, Role::TeamAdmin, false), &q, PageRequest::default()).unwrap();
    assert_eq!(page.items[0].content_snippet.chars().count(), 203);
    assert_eq!(page.items[0].chat_link, format!("/chat/{CONV}"));
}

#[test]
fn emails_must_look_like_emails() {
    for ok in ["a@b.co", "first.last@sub.example.test"] {
        assert!(is_plausible_email(ok), "{ok}");
    }
    for bad in
        ["", "a", "@b.co", "a@", "a@b", "a@@b.co", "a b@c.de", "a@.co", "a@b.", "a\0b@c.de", "a@c.de\0", "a\u{7}@c.de"]
    {
        assert!(!is_plausible_email(bad), "{bad}");
    }
}

//! End-to-end tests of the conversations capability.

use std::cell::Cell;

use actix_web::http::StatusCode;
use diesel::RunQueryDsl;
use diesel::connection::{Instrumentation, InstrumentationEvent};
use diesel::pg::PgConnection;
use diesel::sql_types::{Nullable, Text, Timestamptz, Uuid as SqlUuid};
use insights_domain::conversations::{InboxFilter, Rating};
use insights_domain::page::PageRequest;
use insights_domain::ports::ConversationRepo;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::*;

// ---- fixtures -------------------------------------------------------------------------------

fn conv(c: &mut PgConnection, acc: Uuid, owner: Uuid, title: &str) -> Uuid {
    let id = Uuid::now_v7();
    diesel::sql_query("INSERT INTO conversations (id, account_id, owner_id, title) VALUES ($1, $2, $3, $4)")
        .bind::<SqlUuid, _>(id)
        .bind::<SqlUuid, _>(acc)
        .bind::<SqlUuid, _>(owner)
        .bind::<Text, _>(title)
        .execute(c)
        .unwrap();
    id
}

fn share_user(c: &mut PgConnection, conv: Uuid, user: Uuid, permission: Option<&str>) {
    diesel::sql_query("INSERT INTO conversation_shares (conversation_id, user_id, permission) VALUES ($1, $2, $3)")
        .bind::<SqlUuid, _>(conv)
        .bind::<SqlUuid, _>(user)
        .bind::<Nullable<Text>, _>(permission)
        .execute(c)
        .unwrap();
}

fn share_team(c: &mut PgConnection, conv: Uuid, team: Uuid, permission: Option<&str>) {
    diesel::sql_query(
        "INSERT INTO conversation_team_shares (conversation_id, team_id, permission) VALUES ($1, $2, $3)",
    )
    .bind::<SqlUuid, _>(conv)
    .bind::<SqlUuid, _>(team)
    .bind::<Nullable<Text>, _>(permission)
    .execute(c)
    .unwrap();
}

fn set_public(c: &mut PgConnection, conv: Uuid, permission: Option<&str>) {
    diesel::sql_query("UPDATE conversations SET is_public = true, public_permission = $2 WHERE id = $1")
        .bind::<SqlUuid, _>(conv)
        .bind::<Nullable<Text>, _>(permission)
        .execute(c)
        .unwrap();
}

fn msg(c: &mut PgConnection, conv: Uuid, role: &str, content: &str, client_id: Option<&str>, at: Time) -> Uuid {
    let id = Uuid::now_v7();
    diesel::sql_query(
        "INSERT INTO messages (id, conversation_id, client_message_id, role, content, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<SqlUuid, _>(conv)
    .bind::<Nullable<Text>, _>(client_id)
    .bind::<Text, _>(role)
    .bind::<Text, _>(content)
    .bind::<Timestamptz, _>(at)
    .execute(c)
    .unwrap();
    id
}

fn fb(c: &mut PgConnection, message: Uuid, user: Uuid, rating: &str, at: Time) {
    diesel::sql_query(
        "INSERT INTO message_feedback (message_id, user_id, rating, submitted_at) VALUES ($1, $2, $3, $4)",
    )
    .bind::<SqlUuid, _>(message)
    .bind::<SqlUuid, _>(user)
    .bind::<Text, _>(rating)
    .bind::<Timestamptz, _>(at)
    .execute(c)
    .unwrap();
}

fn one_text(c: &mut PgConnection, sql: &str) -> Option<String> {
    #[derive(diesel::QueryableByName)]
    struct T {
        #[diesel(sql_type = Nullable<Text>)]
        t: Option<String>,
    }
    diesel::sql_query(sql).get_result::<T>(c).unwrap().t
}

const CONVS: &str = "/api/v1/chat/conversations";

/// An account with an owner, an editor (comment share), a reader (view share), an admin with no
/// grant, and an engineer with no grant; one conversation with one message.
struct World {
    acc: Uuid,
    owner: Uuid,
    editor: Uuid,
    reader: Uuid,
    admin: Uuid,
    stranger: Uuid,
    conv: Uuid,
    message: Uuid,
}

fn world(c: &mut PgConnection) -> World {
    let acc = account(c, "Acme");
    let owner = user(c, acc, "engineer", "Olga Owner");
    let editor = user(c, acc, "viewer", "Ed Editor");
    let reader = user(c, acc, "engineer", "Rita Reader");
    let admin = user(c, acc, "team_admin", "Adam Admin");
    let stranger = user(c, acc, "engineer", "Sam Stranger");
    let conv = conv(c, acc, owner, "DNS trouble");
    share_user(c, conv, editor, Some("comment"));
    share_user(c, conv, reader, Some("view"));
    let message = msg(c, conv, "assistant", "Flush the cache.", Some("m-1"), ts("2026-01-05T10:00:00Z"));
    World { acc, owner, editor, reader, admin, stranger, conv, message }
}

// ---- access levels --------------------------------------------------------------------------

#[actix_web::test]
async fn each_access_level_may_do_exactly_what_the_spec_table_allows() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let w = world(&mut c);
    let path = format!("{CONVS}/{}", w.conv);
    let table = [
        (w.owner, "owner", StatusCode::CREATED, StatusCode::OK, StatusCode::OK),
        (w.editor, "shared", StatusCode::CREATED, StatusCode::OK, StatusCode::FORBIDDEN),
        (w.reader, "shared_readonly", StatusCode::FORBIDDEN, StatusCode::OK, StatusCode::FORBIDDEN),
        (w.admin, "admin_audit", StatusCode::FORBIDDEN, StatusCode::FORBIDDEN, StatusCode::FORBIDDEN),
    ];
    for (who, level, may_post, rate, manage) in table {
        let t = ctx.token(who);
        let (s, body) = send(&app, get(&path, &t)).await;
        assert_eq!((s, body["access_level"].as_str()), (StatusCode::OK, Some(level)), "{level}");
        let (s, body) = send(&app, get(&format!("{path}/messages"), &t)).await;
        assert_eq!(s, StatusCode::OK, "{level}");
        assert_eq!(body["items"][0]["message_id"], "m-1");

        let (s, body) =
            send(&app, post(&format!("{path}/messages"), &t, json!({"role": "user", "content": "hi"}))).await;
        assert_eq!(s, may_post, "{level} post");
        if may_post == StatusCode::FORBIDDEN {
            assert_eq!(body["error"]["message"], "Read-only access: cannot add messages");
        }
        let (s, _) = send(
            &app,
            put(&format!("/api/v1/chat/messages/{}/feedback", w.message), &t, json!({"rating": "positive"})),
        )
        .await;
        assert_eq!(s, rate, "{level} rate");
        let (s, _) = send(&app, get(&format!("{path}/share"), &t)).await;
        assert_eq!(s, manage, "{level} share");
        let (s, _) = send(&app, patch(&path, &t, json!({"title": "Renamed"}))).await;
        assert_eq!(s, manage, "{level} rename");
        let (s, _) = send(&app, post(&format!("{path}/share"), &t, json!({"is_public": false}))).await;
        assert_eq!(s, manage, "{level} share post");
    }
    for who in [w.editor, w.reader, w.admin] {
        let (s, _) = send(&app, delete(&path, &ctx.token(who))).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
    let (s, body) = send(&app, get(&path, &ctx.token(w.stranger))).await;
    assert_eq!((s, code(&body)), (StatusCode::FORBIDDEN, "FORBIDDEN"));
    let (s, body) = send(&app, delete(&path, &ctx.token(w.owner))).await;
    assert_eq!((s, body), (StatusCode::NO_CONTENT, Value::Null));
    let (s, _) = send(&app, get(&path, &ctx.token(w.owner))).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = send(&app, get(&path, &ctx.token(w.admin))).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn the_most_permissive_grant_wins_whatever_its_source() {
    let ctx = Ctx::with_settings(|s| s.public_share_default_permission = insights_domain::access::Permission::View);
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let owner = user(&mut c, acc, "engineer", "Owner");
    let me = user(&mut c, acc, "engineer", "Me");
    let team_a = team(&mut c, acc, "A", &[me]);
    let level = |conv: Uuid| {
        let t = ctx.token(me);
        let app = &app;
        async move {
            let (s, body) = send(app, get(&format!("{CONVS}/{conv}"), &t)).await;
            assert_eq!(s, StatusCode::OK);
            body["access_level"].as_str().unwrap().to_owned()
        }
    };
    // A directly shared editor on a public read-only conversation stays `shared`.
    let c1 = conv(&mut c, acc, owner, "public view + direct comment");
    set_public(&mut c, c1, Some("view"));
    share_user(&mut c, c1, me, Some("comment"));
    assert_eq!(level(c1).await, "shared");
    // A legacy direct share counts as comment.
    let c2 = conv(&mut c, acc, owner, "legacy");
    share_user(&mut c, c2, me, None);
    assert_eq!(level(c2).await, "shared");
    // A team share of view only.
    let c3 = conv(&mut c, acc, owner, "team view");
    share_team(&mut c, c3, team_a, Some("view"));
    assert_eq!(level(c3).await, "shared_readonly");
    // Public with no permission uses the configured default (view here).
    let c4 = conv(&mut c, acc, owner, "public default");
    set_public(&mut c, c4, None);
    assert_eq!(level(c4).await, "shared_readonly");
    // Direct view + legacy team share → comment.
    let c5 = conv(&mut c, acc, owner, "view + legacy team");
    share_user(&mut c, c5, me, Some("view"));
    share_team(&mut c, c5, team_a, None);
    assert_eq!(level(c5).await, "shared");
    // A revoked comment share grants nothing.
    let c6 = conv(&mut c, acc, owner, "revoked");
    share_user(&mut c, c6, me, Some("comment"));
    exec(&mut c, &format!("UPDATE conversation_shares SET revoked_at = now() WHERE conversation_id = '{c6}'"));
    let (s, _) = send(&app, get(&format!("{CONVS}/{c6}"), &ctx.token(me))).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn a_public_conversation_without_a_recorded_permission_is_editable_by_default() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let owner = user(&mut c, acc, "engineer", "Owner");
    let me = user(&mut c, acc, "viewer", "Me");
    let id = conv(&mut c, acc, owner, "public");
    set_public(&mut c, id, None);
    let (s, body) = send(&app, get(&format!("{CONVS}/{id}"), &ctx.token(me))).await;
    assert_eq!(
        (s, body["access_level"].as_str(), body["public_permission"].as_str()),
        (StatusCode::OK, Some("shared"), Some("comment"))
    );
}

#[actix_web::test]
async fn a_malformed_id_is_refused_and_a_missing_one_is_not_found() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let w = world(&mut c);
    let t = ctx.token(w.owner);
    let (s, body) = send(&app, get(&format!("{CONVS}/not-a-uuid"), &t)).await;
    assert_eq!((s, code(&body)), (StatusCode::BAD_REQUEST, "INVALID_REQUEST"));
    let (s, body) = send(&app, get(&format!("{CONVS}/{}", Uuid::now_v7()), &t)).await;
    assert_eq!((s, code(&body)), (StatusCode::NOT_FOUND, "NOT_FOUND"));
}

// ---- conversations and messages -------------------------------------------------------------

#[actix_web::test]
async fn creating_renaming_and_validating_titles() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let me = user(&mut c, acc, "viewer", "Me");
    let t = ctx.token(me);
    let (s, body) = send(&app, post(CONVS, &t, json!({"title": "  Printer  "}))).await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(
        (body["title"].as_str(), body["access_level"].as_str(), body["owner_id"].as_str()),
        (Some("Printer"), Some("owner"), Some(me.to_string().as_str()))
    );
    assert_eq!(body["is_public"], false);
    let id = body["id"].as_str().unwrap().to_owned();
    let (s, _) = send(&app, post(CONVS, &t, json!({"title": " "}))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = send(&app, post(CONVS, &t, json!({}))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = send(&app, post(CONVS, &t, json!({"title": "x", "colour": "red"}))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, body) = send(&app, patch(&format!("{CONVS}/{id}"), &t, json!({"title": "Printer offline"}))).await;
    assert_eq!((s, body["title"].as_str()), (StatusCode::OK, Some("Printer offline")));
}

#[actix_web::test]
async fn listing_shows_owned_shared_team_and_public_conversations_and_scope_shared_drops_my_own() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let me = user_full(&mut c, acc, "team_admin", "Me", true, true);
    let other = user(&mut c, acc, "engineer", "Other");
    let my_team = team(&mut c, acc, "Mine", &[me]);
    let not_my_team = team(&mut c, acc, "Theirs", &[other]);
    let mine = conv(&mut c, acc, me, "mine");
    let direct = conv(&mut c, acc, other, "direct");
    share_user(&mut c, direct, me, Some("view"));
    let via_team = conv(&mut c, acc, other, "team");
    share_team(&mut c, via_team, my_team, Some("comment"));
    let public = conv(&mut c, acc, other, "public");
    set_public(&mut c, public, Some("view"));
    let revoked = conv(&mut c, acc, other, "revoked");
    share_user(&mut c, revoked, me, Some("comment"));
    exec(&mut c, &format!("UPDATE conversation_shares SET revoked_at = now() WHERE conversation_id = '{revoked}'"));
    let other_team = conv(&mut c, acc, other, "other team");
    share_team(&mut c, other_team, not_my_team, Some("comment"));
    let _auditable = conv(&mut c, acc, other, "audit only");
    let deleted = conv(&mut c, acc, me, "deleted");
    exec(&mut c, &format!("UPDATE conversations SET deleted_at = now() WHERE id = '{deleted}'"));
    let foreign_acc = account(&mut c, "Other Co");
    let foreign_owner = user(&mut c, foreign_acc, "engineer", "F");
    let foreign = conv(&mut c, foreign_acc, foreign_owner, "foreign");
    set_public(&mut c, foreign, Some("comment"));
    for (i, id) in [mine, direct, via_team, public].iter().enumerate() {
        exec(
            &mut c,
            &format!("UPDATE conversations SET updated_at = '2026-01-0{}T00:00:00Z' WHERE id = '{id}'", i + 1),
        );
    }
    let t = ctx.token(me);

    let (s, body) = send(&app, get(CONVS, &t)).await;
    assert_eq!(s, StatusCode::OK);
    let titles: Vec<&str> = body["items"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap()).collect();
    assert_eq!(titles, vec!["public", "team", "direct", "mine"]);
    let levels: Vec<&str> =
        body["items"].as_array().unwrap().iter().map(|i| i["access_level"].as_str().unwrap()).collect();
    assert_eq!(levels, vec!["shared_readonly", "shared", "shared_readonly", "owner"]);
    assert_eq!(body["pagination"], json!({"page": 1, "limit": 50, "total": 4, "total_pages": 1}));

    let (s, body) = send(&app, get(&format!("{CONVS}?scope=shared&limit=2"), &t)).await;
    assert_eq!(s, StatusCode::OK);
    let titles: Vec<&str> = body["items"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap()).collect();
    assert_eq!(titles, vec!["public", "team"]);
    assert_eq!(body["pagination"], json!({"page": 1, "limit": 2, "total": 3, "total_pages": 2}));

    let (s, body) = send(&app, get(&format!("{CONVS}?scope=everything"), &t)).await;
    assert_eq!((s, code(&body)), (StatusCode::BAD_REQUEST, "INVALID_REQUEST"));
}

#[actix_web::test]
async fn role_and_content_are_required_before_access_is_checked() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let w = world(&mut c);
    let path = format!("{CONVS}/{}/messages", w.conv);
    let t = ctx.token(w.stranger);
    for body in [
        json!({"content": "x"}),
        json!({"role": "user"}),
        json!({"role": "robot", "content": "x"}),
        json!({"role": "user", "content": "  "}),
    ] {
        let (s, _) = send(&app, post(&path, &t, body.clone())).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");
    }
    let (s, _) = send(&app, post(&format!("{CONVS}/{}/messages", Uuid::now_v7()), &t, json!({"role": "user"}))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = send(&app, post(&path, &t, json!({"role": "user", "content": "x"}))).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn a_repeated_client_message_id_updates_the_message_with_200() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let w = world(&mut c);
    let path = format!("{CONVS}/{}/messages", w.conv);
    let t = ctx.token(w.editor);
    let (s, first) =
        send(&app, post(&path, &t, json!({"role": "user", "content": "draft", "message_id": "c-9"}))).await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(
        (first["message_id"].as_str(), first["role"].as_str(), first["sender_id"].as_str()),
        (Some("c-9"), Some("user"), Some(w.editor.to_string().as_str()))
    );
    assert_eq!(first["feedback"], Value::Null);
    let (s, second) =
        send(&app, post(&path, &t, json!({"role": "user", "content": "final", "message_id": "c-9"}))).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(second["id"], first["id"]);
    assert_eq!(second["content"], "final");
    assert_eq!(second["created_at"], first["created_at"]);
    // The same client id in another conversation is another message.
    let other = conv(&mut c, w.acc, w.editor, "mine");
    let (s, third) = send(
        &app,
        post(&format!("{CONVS}/{other}/messages"), &t, json!({"role": "user", "content": "x", "message_id": "c-9"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_ne!(third["id"], first["id"]);
    // An assistant message has no sender; messages are listed oldest first.
    let (s, a) = send(&app, post(&path, &t, json!({"role": "assistant", "content": "answer"}))).await;
    assert_eq!((s, &a["sender_id"], &a["message_id"]), (StatusCode::CREATED, &Value::Null, &Value::Null));
    let (_, list) = send(&app, get(&path, &t)).await;
    let contents: Vec<&str> =
        list["items"].as_array().unwrap().iter().map(|m| m["content"].as_str().unwrap()).collect();
    assert_eq!(contents, vec!["Flush the cache.", "final", "answer"]);
    assert_eq!(list["pagination"]["total"], 3);
    assert_eq!(count(&mut c, &format!("SELECT count(*) AS n FROM messages WHERE conversation_id = '{}'", w.conv)), 3);
}

#[test]
fn concurrent_posts_with_one_client_id_store_one_message() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let store = ctx.db.store();
    let actor = insights_domain::Actor {
        user_id: w.owner,
        account_id: w.acc,
        role: insights_domain::Role::Engineer,
        can_view_admin: false,
    };
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let store = store.clone();
            std::thread::spawn(move || {
                let input = insights_domain::conversations::PostMessage::new(
                    Some("user"),
                    Some(&format!("v{i}")),
                    Some("race"),
                )
                .unwrap();
                insights_domain::conversations::ConversationService::new(
                    std::sync::Arc::new(store.clone()),
                    std::sync::Arc::new(store),
                    insights_domain::access::Permission::Comment,
                )
                .post_message(&actor, w.conv, input, chrono::Utc::now())
                .unwrap()
                .1
            })
        })
        .collect();
    let created: Vec<bool> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(created.iter().filter(|c| **c).count(), 1);
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM messages WHERE client_message_id = 'race'"), 1);
}

// ---- message feedback -----------------------------------------------------------------------

#[actix_web::test]
async fn feedback_replaces_the_callers_own_and_never_another_users() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let w = world(&mut c);
    let by_uuid = format!("/api/v1/chat/messages/{}/feedback", w.message);
    let by_client = "/api/v1/chat/messages/m-1/feedback";
    let (s, mine) = send(
        &app,
        put(by_client, &ctx.token(w.reader), json!({"rating": "negative", "reason": "  Wrong  ", "comment": "   "})),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(mine["message_id"], w.message.to_string());
    assert_eq!(
        (mine["rating"].as_str(), mine["reason"].as_str(), &mine["comment"]),
        (Some("negative"), Some("Wrong"), &Value::Null)
    );
    assert_eq!(mine["submitted_by"]["user_id"], w.reader.to_string());
    assert_eq!(mine["submitted_by"]["name"], "Rita Reader");
    assert_eq!(mine["submitted_by"]["email"], email_of(&mut c, w.reader));

    let (s, _) =
        send(&app, put(&by_uuid, &ctx.token(w.editor), json!({"rating": "positive", "comment": "Great"}))).await;
    assert_eq!(s, StatusCode::OK);
    let (s, again) = send(&app, put(&by_uuid, &ctx.token(w.reader), json!({"rating": "positive"}))).await;
    assert_eq!((s, again["rating"].as_str(), &again["reason"]), (StatusCode::OK, Some("positive"), &Value::Null));
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM message_feedback"), 2);
    assert_eq!(
        one_text(&mut c, &format!("SELECT comment AS t FROM message_feedback WHERE user_id = '{}'", w.editor)),
        Some("Great".into())
    );
    // Each sees their own feedback in the message list.
    let (_, list) = send(&app, get(&format!("{CONVS}/{}/messages", w.conv), &ctx.token(w.editor))).await;
    assert_eq!(list["items"][0]["feedback"]["comment"], "Great");
    let (_, list) = send(&app, get(&format!("{CONVS}/{}/messages", w.conv), &ctx.token(w.owner))).await;
    assert_eq!(list["items"][0]["feedback"], Value::Null);

    // Validation.
    for body in [
        json!({"rating": "meh"}),
        json!({}),
        json!({"rating": "positive", "reason": "r".repeat(201)}),
        json!({"rating": "positive", "comment": "c".repeat(1001)}),
    ] {
        let (s, _) = send(&app, put(&by_uuid, &ctx.token(w.reader), body)).await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
    }
    let (s, _) = send(
        &app,
        put(
            &by_uuid,
            &ctx.token(w.reader),
            json!({"rating": "positive", "reason": "r".repeat(200), "comment": "c".repeat(1000)}),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::OK);

    // Delete own: 204, then 404; the other user's remains.
    let (s, _) = send(&app, delete(by_client, &ctx.token(w.reader))).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, body) = send(&app, delete(by_client, &ctx.token(w.reader))).await;
    assert_eq!((s, code(&body)), (StatusCode::NOT_FOUND, "NOT_FOUND"));
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM message_feedback"), 1);
    // Unknown messages and auditors.
    let (s, _) =
        send(&app, put("/api/v1/chat/messages/nope/feedback", &ctx.token(w.owner), json!({"rating": "positive"})))
            .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = send(&app, put(&by_uuid, &ctx.token(w.stranger), json!({"rating": "positive"}))).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn a_client_id_used_in_two_conversations_rates_the_one_the_caller_can_access() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let w = world(&mut c);
    let elsewhere = conv(&mut c, w.acc, w.stranger, "stranger's");
    msg(&mut c, elsewhere, "assistant", "other", Some("m-1"), ts("2026-01-01T00:00:00Z"));
    let (s, body) =
        send(&app, put("/api/v1/chat/messages/m-1/feedback", &ctx.token(w.reader), json!({"rating": "positive"})))
            .await;
    assert_eq!((s, body["message_id"].as_str()), (StatusCode::OK, Some(w.message.to_string().as_str())));
    let (s, body) =
        send(&app, put("/api/v1/chat/messages/m-1/feedback", &ctx.token(w.stranger), json!({"rating": "positive"})))
            .await;
    assert_eq!(s, StatusCode::OK);
    assert_ne!(body["message_id"].as_str(), Some(w.message.to_string().as_str()));
}

// ---- sharing --------------------------------------------------------------------------------

#[actix_web::test]
async fn the_share_view_lists_active_shares_with_legacy_nulls_as_comment() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let w = world(&mut c);
    let legacy = user(&mut c, w.acc, "engineer", "Leo Legacy");
    share_user(&mut c, w.conv, legacy, None);
    let gone = user(&mut c, w.acc, "engineer", "Gus Gone");
    share_user(&mut c, w.conv, gone, Some("view"));
    exec(&mut c, &format!("UPDATE conversation_shares SET revoked_at = now() WHERE user_id = '{gone}'"));
    let tier = team(&mut c, w.acc, "Tier 1", &[]);
    share_team(&mut c, w.conv, tier, None);
    let (s, body) = send(&app, get(&format!("{CONVS}/{}/share", w.conv), &ctx.token(w.owner))).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!((body["is_public"].as_bool(), body["public_permission"].as_str()), (Some(false), Some("comment")));
    let users: Vec<(&str, &str)> = body["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["name"].as_str().unwrap(), u["permission"].as_str().unwrap()))
        .collect();
    assert_eq!(users, vec![("Ed Editor", "comment"), ("Leo Legacy", "comment"), ("Rita Reader", "view")]);
    assert!(body["users"][0]["granted_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(body["teams"], json!([{"team_id": tier.to_string(), "name": "Tier 1", "permission": "comment"}]));
}

#[actix_web::test]
async fn share_requests_are_validated_in_the_order_of_the_spec() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let w = world(&mut c);
    let path = format!("{CONVS}/{}/share", w.conv);
    let owner = ctx.token(w.owner);
    let other_email = email_of(&mut c, w.stranger);
    let cases = [
        (json!({}), StatusCode::BAD_REQUEST),
        (json!({"user_emails": [], "team_ids": [], "permission": "view"}), StatusCode::BAD_REQUEST),
        (json!({"user_emails": ["bad"]}), StatusCode::BAD_REQUEST),
        (json!({"user_emails": [other_email], "permission": "edit"}), StatusCode::BAD_REQUEST),
        (json!({"is_public": true, "public_permission": "edit"}), StatusCode::BAD_REQUEST),
        (json!({"user_emails": ["not-an-email"], "permission": "view"}), StatusCode::BAD_REQUEST),
        (json!({"team_ids": ["42"], "permission": "view"}), StatusCode::BAD_REQUEST),
        (json!({"user_emails": [email_of(&mut c, w.owner)], "permission": "view"}), StatusCode::BAD_REQUEST),
        (json!({"user_emails": ["nobody@example.test"], "permission": "view"}), StatusCode::NOT_FOUND),
    ];
    for (body, status) in cases {
        let (s, _) = send(&app, post(&path, &owner, body.clone())).await;
        assert_eq!(s, status, "{body}");
    }
    // Validation comes before the owner check; the owner check before the unknown-user check.
    let (s, _) = send(&app, post(&path, &ctx.token(w.admin), json!({"user_emails": ["bad"]}))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = send(
        &app,
        post(&path, &ctx.token(w.admin), json!({"user_emails": ["nobody@example.test"], "permission": "view"})),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, body) =
        send(&app, post(&path, &owner, json!({"user_emails": ["nobody@example.test"], "permission": "view"}))).await;
    assert_eq!(body["error"]["message"], "user nobody@example.test not found");
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn sharing_with_users_and_one_unknown_team_writes_nothing() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let w = world(&mut c);
    let known = team(&mut c, w.acc, "Known", &[]);
    let unknown = Uuid::now_v7();
    let stranger_email = email_of(&mut c, w.stranger);
    let admin_email = email_of(&mut c, w.admin);
    let before = count(&mut c, "SELECT count(*) AS n FROM conversation_shares");
    let (s, body) = send(
        &app,
        post(
            &format!("{CONVS}/{}/share", w.conv),
            &ctx.token(w.owner),
            json!({"user_emails": [stranger_email, admin_email], "team_ids": [known, unknown], "permission": "comment", "is_public": true}),
        ),
    )
    .await;
    assert_eq!((s, code(&body)), (StatusCode::NOT_FOUND, "NOT_FOUND"));
    assert_eq!(body["error"]["message"], format!("team {unknown} not found"));
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM conversation_shares"), before);
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM conversation_team_shares"), 0);
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM conversations WHERE is_public"), 0);
}

#[actix_web::test]
async fn resharing_matches_emails_loosely_updates_and_reactivates_without_duplicates() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let w = world(&mut c);
    let path = format!("{CONVS}/{}/share", w.conv);
    let owner = ctx.token(w.owner);
    let email = email_of(&mut c, w.stranger);
    let loose = format!("  {}  ", email.to_uppercase());
    let tier = team(&mut c, w.acc, "Tier", &[]);
    let (s, body) = send(&app, post(&path, &owner, json!({"user_emails": [loose], "team_ids": [tier], "permission": "view", "is_public": true, "public_permission": "view"}))).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!((body["is_public"].as_bool(), body["public_permission"].as_str()), (Some(true), Some("view")));
    assert_eq!(body["users"].as_array().unwrap().len(), 3);
    assert_eq!(body["teams"][0]["permission"], "view");
    let (s, body) =
        send(&app, post(&path, &owner, json!({"user_emails": [email], "team_ids": [tier], "permission": "comment"})))
            .await;
    assert_eq!(s, StatusCode::OK);
    let sam = body["users"].as_array().unwrap().iter().find(|u| u["name"] == "Sam Stranger").unwrap().clone();
    assert_eq!(sam["permission"], "comment");
    assert_eq!(body["teams"][0]["permission"], "comment");
    // Revoke, then share again: the same row comes back active.
    let (s, _) = send(&app, delete(&format!("{path}/users/{}", w.stranger), &owner)).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = send(&app, get(&format!("{CONVS}/{}", w.conv), &ctx.token(w.stranger))).await;
    assert_eq!(s, StatusCode::OK, "public view still applies");
    let (s, body) =
        send(&app, post(&path, &owner, json!({"user_emails": [email], "permission": "view", "is_public": false})))
            .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(body["is_public"], false);
    assert_eq!(
        count(
            &mut c,
            &format!(
                "SELECT count(*) AS n FROM conversation_shares WHERE user_id = '{}' AND revoked_at IS NULL",
                w.stranger
            )
        ),
        1
    );
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM conversation_team_shares"), 1);
    let (_, body) = send(&app, get(&format!("{CONVS}/{}", w.conv), &ctx.token(w.stranger))).await;
    assert_eq!(body["access_level"], "shared_readonly");
}

#[actix_web::test]
async fn permission_changes_are_checked_in_order_and_give_legacy_shares_a_record() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let w = world(&mut c);
    let legacy = user(&mut c, w.acc, "engineer", "Leo Legacy");
    share_user(&mut c, w.conv, legacy, None);
    let tier = team(&mut c, w.acc, "Tier", &[]);
    let path = format!("{CONVS}/{}/share", w.conv);
    let owner = ctx.token(w.owner);
    let legacy_email = email_of(&mut c, legacy);
    // Permission first (even before a target), then a target, then the owner.
    let (s, body) = send(&app, patch(&path, &ctx.token(w.admin), json!({"email": legacy_email}))).await;
    assert_eq!((s, &body["error"]["details"][0]["field"]), (StatusCode::BAD_REQUEST, &json!("permission")));
    let (s, body) = send(&app, patch(&path, &ctx.token(w.admin), json!({"permission": "view"}))).await;
    assert_eq!((s, code(&body)), (StatusCode::BAD_REQUEST, "INVALID_REQUEST"));
    let (s, _) =
        send(&app, patch(&path, &ctx.token(w.admin), json!({"permission": "view", "email": legacy_email}))).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Not currently shared: 404.
    let stranger_email = email_of(&mut c, w.stranger);
    for body in [
        json!({"permission": "view", "email": stranger_email}),
        json!({"permission": "view", "team_id": tier}),
        json!({"permission": "view", "public": true}),
    ] {
        let (s, _) = send(&app, patch(&path, &owner, body.clone())).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{body}");
    }
    let (s, body) =
        send(&app, patch(&path, &owner, json!({"permission": "view", "email": legacy_email.to_uppercase()}))).await;
    assert_eq!(s, StatusCode::OK);
    let leo = body["users"].as_array().unwrap().iter().find(|u| u["name"] == "Leo Legacy").unwrap().clone();
    assert_eq!(leo["permission"], "view");
    assert_eq!(
        one_text(&mut c, &format!("SELECT permission AS t FROM conversation_shares WHERE user_id = '{legacy}'")),
        Some("view".into())
    );
    set_public(&mut c, w.conv, None);
    let (s, body) = send(&app, patch(&path, &owner, json!({"permission": "view", "public": true}))).await;
    assert_eq!((s, body["public_permission"].as_str()), (StatusCode::OK, Some("view")));
    share_team(&mut c, w.conv, tier, None);
    let (s, body) = send(&app, patch(&path, &owner, json!({"permission": "view", "team_id": tier}))).await;
    assert_eq!((s, body["teams"][0]["permission"].as_str()), (StatusCode::OK, Some("view")));
}

#[actix_web::test]
async fn revoking_a_share_that_does_not_exist_is_not_found_and_only_owners_revoke() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let w = world(&mut c);
    let tier = team(&mut c, w.acc, "Tier", &[]);
    share_team(&mut c, w.conv, tier, Some("view"));
    let path = format!("{CONVS}/{}/share", w.conv);
    let (s, _) = send(&app, delete(&format!("{path}/users/{}", w.reader), &ctx.token(w.admin))).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = send(&app, delete(&format!("{path}/teams/{tier}"), &ctx.token(w.editor))).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let owner = ctx.token(w.owner);
    let (s, _) = send(&app, delete(&format!("{path}/users/not-a-uuid"), &owner)).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = send(&app, delete(&format!("{path}/users/{}", w.reader), &owner)).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = send(&app, delete(&format!("{path}/users/{}", w.reader), &owner)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = send(&app, delete(&format!("{path}/teams/{tier}"), &owner)).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = send(&app, delete(&format!("{path}/teams/{tier}"), &owner)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = send(&app, get(&format!("{CONVS}/{}", w.conv), &ctx.token(w.reader))).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

// ---- admin inbox ----------------------------------------------------------------------------

#[actix_web::test]
async fn the_inbox_is_hidden_by_the_flag_before_authentication() {
    let ctx = Ctx::with_settings(|s| s.feedback_enabled = false);
    let app = ctx.app().await;
    let (s, body) = send(&app, actix_web::test::TestRequest::get().uri("/api/v1/admin/feedback")).await;
    assert_eq!((s, code(&body)), (StatusCode::NOT_FOUND, "FEEDBACK_DISABLED"));
    // Saving feedback does not depend on the flag.
    let mut c = ctx.conn();
    let w = world(&mut c);
    let (s, _) =
        send(&app, put("/api/v1/chat/messages/m-1/feedback", &ctx.token(w.owner), json!({"rating": "positive"}))).await;
    assert_eq!(s, StatusCode::OK);
}

#[actix_web::test]
async fn the_inbox_is_for_admin_viewers_only() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let w = world(&mut c);
    let auditor = user_full(&mut c, w.acc, "viewer", "Audrey", true, true);
    let (s, _) = send(&app, actix_web::test::TestRequest::get().uri("/api/v1/admin/feedback")).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, body) = send(&app, get("/api/v1/admin/feedback", &ctx.token(w.stranger))).await;
    assert_eq!((s, code(&body)), (StatusCode::FORBIDDEN, "FORBIDDEN"));
    let (s, _) = send(&app, get("/api/v1/admin/feedback?rating=bogus", &ctx.token(w.stranger))).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "role before validation");
    for who in [w.admin, auditor] {
        let (s, _) = send(&app, get("/api/v1/admin/feedback", &ctx.token(who))).await;
        assert_eq!(s, StatusCode::OK);
    }
}

#[actix_web::test]
async fn the_inbox_lists_filters_and_snippets_feedback_newest_first() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let acc = account_tz(&mut c, "Acme", "America/New_York");
    let admin = user(&mut c, acc, "super_admin", "Admin");
    let ann = user(&mut c, acc, "engineer", "Ann");
    let bob = user(&mut c, acc, "engineer", "Bob");
    let c1 = conv(&mut c, acc, ann, "Live one");
    let c2 = conv(&mut c, acc, bob, "Deleted one");
    let long = msg(&mut c, c1, "assistant", &"x".repeat(300), Some("long"), ts("2026-01-01T00:00:00Z"));
    let exact = msg(&mut c, c1, "assistant", &"y".repeat(200), None, ts("2026-01-01T00:01:00Z"));
    let gone = msg(&mut c, c2, "user", "short", Some("g"), ts("2026-01-01T00:02:00Z"));
    fb(&mut c, long, ann, "negative", ts("2026-01-10T04:30:00Z")); // Jan 9 in New York
    fb(&mut c, exact, ann, "positive", ts("2026-01-10T12:00:00Z")); // Jan 10
    fb(&mut c, gone, bob, "negative", ts("2026-01-11T12:00:00Z")); // Jan 11
    exec(
        &mut c,
        &format!("UPDATE message_feedback SET reason = 'Wrong', comment = 'Bad idea' WHERE message_id = '{long}'"),
    );
    exec(&mut c, &format!("UPDATE conversations SET deleted_at = now() WHERE id = '{c2}'"));
    let other_acc = account(&mut c, "Other");
    let other = user(&mut c, other_acc, "engineer", "O");
    let oc = conv(&mut c, other_acc, other, "theirs");
    let om = msg(&mut c, oc, "assistant", "z", None, ts("2026-01-01T00:00:00Z"));
    fb(&mut c, om, other, "positive", ts("2026-01-12T00:00:00Z"));
    let t = ctx.token(admin);

    let (s, body) = send(&app, get("/api/v1/admin/feedback", &t)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(body["pagination"], json!({"page": 1, "limit": 50, "total": 3, "total_pages": 1}));
    let items = body["items"].as_array().unwrap();
    assert_eq!(items[0]["message_id"], gone.to_string());
    assert_eq!(items[0]["conversation_title"], Value::Null);
    assert_eq!(items[0]["chat_link"], format!("/chat/{c2}"));
    assert_eq!(items[0]["client_message_id"], "g");
    assert_eq!(items[0]["role"], "user");
    assert_eq!(items[1]["content_snippet"].as_str().unwrap().chars().count(), 200);
    assert_eq!(items[1]["conversation_title"], "Live one");
    assert_eq!(items[1]["client_message_id"], Value::Null);
    let snippet = items[2]["content_snippet"].as_str().unwrap();
    assert_eq!((snippet.chars().count(), snippet.ends_with("...")), (203, true));
    assert_eq!((items[2]["reason"].as_str(), items[2]["comment"].as_str()), (Some("Wrong"), Some("Bad idea")));
    assert_eq!(
        items[2]["submitted_by"],
        json!({"user_id": ann.to_string(), "email": email_of(&mut c, ann), "name": "Ann"})
    );
    assert_eq!(items[2]["submitted_at"], "2026-01-10T04:30:00.000Z");

    let ids = |body: &Value| -> Vec<String> {
        body["items"].as_array().unwrap().iter().map(|i| i["message_id"].as_str().unwrap().to_owned()).collect()
    };
    let (_, body) = send(&app, get("/api/v1/admin/feedback?rating=negative", &t)).await;
    assert_eq!(ids(&body), vec![gone.to_string(), long.to_string()]);
    let (_, body) = send(&app, get("/api/v1/admin/feedback?rating=all", &t)).await;
    assert_eq!(body["pagination"]["total"], 3);
    let (_, body) = send(&app, get(&format!("/api/v1/admin/feedback?user_id={bob}"), &t)).await;
    assert_eq!(ids(&body), vec![gone.to_string()]);
    let (_, body) = send(&app, get(&format!("/api/v1/admin/feedback?conversation_id={c1}"), &t)).await;
    assert_eq!(ids(&body), vec![exact.to_string(), long.to_string()]);
    // Bare dates are whole days in the account's zone (New York), `to` inclusive.
    let (_, body) = send(&app, get("/api/v1/admin/feedback?from=2026-01-10&to=2026-01-10", &t)).await;
    assert_eq!(ids(&body), vec![exact.to_string()]);
    let (_, body) = send(&app, get("/api/v1/admin/feedback?to=2026-01-09", &t)).await;
    assert_eq!(ids(&body), vec![long.to_string()]);
    let (_, body) =
        send(&app, get("/api/v1/admin/feedback?from=2026-01-10T12:00:00Z&to=2026-01-11T12:00:00%2B00:00", &t)).await;
    assert_eq!(ids(&body), vec![gone.to_string(), exact.to_string()]);
    for bad in ["rating=meh", "user_id=42", "conversation_id=x", "from=yesterday", "to=2026-13-01"] {
        let (s, body) = send(&app, get(&format!("/api/v1/admin/feedback?{bad}"), &t)).await;
        assert_eq!((s, code(&body)), (StatusCode::BAD_REQUEST, "INVALID_REQUEST"), "{bad}");
    }
    let (_, body) = send(&app, get("/api/v1/admin/feedback?limit=1&page=2", &t)).await;
    assert_eq!(ids(&body), vec![exact.to_string()]);
    assert_eq!(body["pagination"], json!({"page": 2, "limit": 1, "total": 3, "total_pages": 3}));
}

thread_local! {
    static QUERIES: Cell<usize> = const { Cell::new(0) };
}

struct QueryCounter;

impl Instrumentation for QueryCounter {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if matches!(event, InstrumentationEvent::StartQuery { .. }) {
            QUERIES.with(|q| q.set(q.get() + 1));
        }
    }
}

fn queries_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    QUERIES.with(|q| q.set(0));
    let out = f();
    (out, QUERIES.with(Cell::get))
}

#[test]
fn an_inbox_page_takes_the_same_number_of_queries_for_1_and_for_30_items() {
    diesel::connection::set_default_instrumentation(|| Some(Box::new(QueryCounter))).unwrap();
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let mut people = vec![];
    for i in 0..30 {
        people.push(user(&mut c, acc, "engineer", &format!("U{i}")));
    }
    for (i, p) in people.iter().enumerate() {
        let id = conv(&mut c, acc, *p, &format!("C{i}"));
        let m = msg(&mut c, id, "assistant", "answer", None, ts("2026-01-01T00:00:00Z"));
        fb(&mut c, m, *p, "positive", ts("2026-01-02T00:00:00Z") + chrono::Duration::minutes(i as i64));
    }
    let store = ctx.db.store();
    let filter = InboxFilter::default();
    let (one, n1) = queries_of(|| store.feedback_inbox(acc, &filter, PageRequest { page: 1, limit: 1 }).unwrap());
    let (thirty, n30) = queries_of(|| store.feedback_inbox(acc, &filter, PageRequest { page: 1, limit: 30 }).unwrap());
    assert_eq!((one.items.len(), thirty.items.len()), (1, 30));
    let names: std::collections::HashSet<_> = thirty.items.iter().map(|i| i.conversation_title.clone()).collect();
    assert_eq!(names.len(), 30);
    assert!(n1 > 0, "the counter sees the repository's queries");
    assert_eq!(n1, n30);
    let negative = InboxFilter { rating: Some(Rating::Negative), ..InboxFilter::default() };
    let (none, n0) = queries_of(|| store.feedback_inbox(acc, &negative, PageRequest::default()).unwrap());
    assert_eq!((none.items.len(), n0), (0, n1));
}

// ---- tenancy --------------------------------------------------------------------------------

#[actix_web::test]
async fn every_endpoint_answers_404_for_another_accounts_conversation() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let w = world(&mut c);
    set_public(&mut c, w.conv, Some("comment"));
    let tier = team(&mut c, w.acc, "Tier", &[]);
    share_team(&mut c, w.conv, tier, Some("view"));
    let elsewhere = account(&mut c, "Elsewhere");
    let intruder = user_full(&mut c, elsewhere, "super_admin", "Intruder", true, true);
    let t = ctx.token(intruder);
    let base = format!("{CONVS}/{}", w.conv);
    let requests = vec![
        get(&base, &t),
        patch(&base, &t, json!({"title": "mine now"})),
        delete(&base, &t),
        get(&format!("{base}/messages"), &t),
        post(&format!("{base}/messages"), &t, json!({"role": "user", "content": "hi"})),
        get(&format!("{base}/share"), &t),
        post(&format!("{base}/share"), &t, json!({"is_public": false})),
        patch(&format!("{base}/share"), &t, json!({"permission": "view", "public": true})),
        delete(&format!("{base}/share/users/{}", w.reader), &t),
        delete(&format!("{base}/share/teams/{tier}"), &t),
        put(&format!("/api/v1/chat/messages/{}/feedback", w.message), &t, json!({"rating": "negative"})),
        put("/api/v1/chat/messages/m-1/feedback", &t, json!({"rating": "negative"})),
        delete(&format!("/api/v1/chat/messages/{}/feedback", w.message), &t),
    ];
    for r in requests {
        let (s, body) = send(&app, r).await;
        assert_eq!((s, code(&body)), (StatusCode::NOT_FOUND, "NOT_FOUND"));
    }
    let (_, body) = send(&app, get(CONVS, &t)).await;
    assert_eq!(body["pagination"]["total"], 0);
    fb(&mut c, w.message, w.reader, "positive", ts("2026-01-06T00:00:00Z"));
    let (s, body) = send(&app, get(&format!("/api/v1/admin/feedback?conversation_id={}", w.conv), &t)).await;
    assert_eq!((s, body["pagination"]["total"].as_i64()), (StatusCode::OK, Some(0)));
    // Nothing changed.
    assert_eq!(
        one_text(&mut c, &format!("SELECT title AS t FROM conversations WHERE id = '{}'", w.conv)),
        Some("DNS trouble".into())
    );
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM messages"), 1);
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM conversation_shares WHERE revoked_at IS NULL"), 2);
}

// ---- demo data ------------------------------------------------------------------------------

#[test]
fn the_demo_conversations_are_seeded_once() {
    let ctx = Ctx::new();
    let store = ctx.db.store();
    store.seed_demo().unwrap();
    store.seed_demo().unwrap();
    let mut c = ctx.conn();
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM conversations"), 5);
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM messages"), 20);
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM message_feedback"), 8);
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM conversation_shares WHERE permission IS NULL"), 1);
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM conversation_team_shares"), 1);
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM conversations WHERE is_public"), 1);
}

#[actix_web::test]
async fn the_openapi_document_lists_every_conversations_endpoint() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let (s, doc) = send(&app, actix_web::test::TestRequest::get().uri("/openapi.json")).await;
    assert_eq!(s, StatusCode::OK);
    let expected = [
        ("/api/v1/chat/conversations", &["get", "post"][..]),
        ("/api/v1/chat/conversations/{id}", &["get", "patch", "delete"][..]),
        ("/api/v1/chat/conversations/{id}/messages", &["get", "post"][..]),
        ("/api/v1/chat/conversations/{id}/share", &["get", "post", "patch"][..]),
        ("/api/v1/chat/conversations/{id}/share/users/{user_id}", &["delete"][..]),
        ("/api/v1/chat/conversations/{id}/share/teams/{team_id}", &["delete"][..]),
        ("/api/v1/chat/messages/{id}/feedback", &["put", "delete"][..]),
        ("/api/v1/admin/feedback", &["get"][..]),
    ];
    for (path, methods) in expected {
        for m in methods {
            assert!(doc["paths"][path][m].is_object(), "{m} {path}");
        }
    }
    for schema in ["ConversationDto", "MessageDto", "FeedbackDto", "SharingDto", "InboxItemDto", "ShareBody"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
}

// ---- the list filter and the access rule --------------------------------------------------------

/// The SQL filter that lists conversations (`LISTED` in the adapter) repeats the access rule for
/// speed; over generated owners, direct shares (active, revoked, legacy), team shares, public
/// switches and deletions, it selects exactly the conversations `access_level` lists (owned or
/// granted, never audit-only), in both scopes, with the right total.
#[test]
fn the_sql_list_filter_selects_exactly_what_the_access_rule_lists() {
    use insights_domain::access::{AccessLevel, Permission, access_level};
    use insights_domain::conversations::ListScope;
    use insights_domain::page::PageRequest;
    use insights_domain::ports::ConversationRepo;
    use insights_domain::{Actor, Role};

    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let store = ctx.db.store();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % n
    };
    let perms = [None, Some("view"), Some("comment")];
    let roles = [
        ("engineer", Role::Engineer),
        ("viewer", Role::Viewer),
        ("team_admin", Role::TeamAdmin),
        ("super_admin", Role::SuperAdmin),
    ];
    for (round, (role_text, role)) in roles.into_iter().enumerate() {
        let acc = account(&mut c, &format!("Acme {round}"));
        let me = user(&mut c, acc, role_text, "Me");
        let other = user(&mut c, acc, "engineer", "Other");
        let mine = team(&mut c, acc, "Mine", &[me]);
        let theirs = team(&mut c, acc, "Theirs", &[other]);
        let mut ids = vec![];
        for i in 0..30 {
            let owner = if next(4) == 0 { me } else { other };
            let id = conv(&mut c, acc, owner, &format!("c{i}"));
            match next(4) {
                0 => {}
                1 => share_user(&mut c, id, me, perms[next(3) as usize]),
                2 => {
                    share_user(&mut c, id, me, perms[next(3) as usize]);
                    exec(
                        &mut c,
                        &format!("UPDATE conversation_shares SET revoked_at = now() WHERE conversation_id = '{id}'"),
                    );
                }
                _ => share_user(&mut c, id, other, perms[next(3) as usize]),
            }
            match next(3) {
                0 => {}
                1 => share_team(&mut c, id, mine, perms[next(3) as usize]),
                _ => share_team(&mut c, id, theirs, perms[next(3) as usize]),
            }
            if next(3) == 0 {
                set_public(&mut c, id, perms[next(3) as usize]);
            }
            if next(6) == 0 {
                exec(&mut c, &format!("UPDATE conversations SET deleted_at = now() WHERE id = '{id}'"));
            }
            ids.push(id);
        }
        let actor = Actor { user_id: me, account_id: acc, role, can_view_admin: next(2) == 0 };
        for scope in [ListScope::All, ListScope::Shared] {
            let mut expected: Vec<Uuid> = ids
                .iter()
                .copied()
                .filter(|id| {
                    let Some(ctx) = store.access_context(acc, me, *id).unwrap() else { return false };
                    let level = access_level(Some(&ctx.conversation.facts()), &actor, &ctx.grants, Permission::Comment);
                    matches!(
                        (scope, level),
                        (ListScope::All, Ok(AccessLevel::Owner))
                            | (_, Ok(AccessLevel::Shared | AccessLevel::SharedReadonly))
                    )
                })
                .collect();
            let page = store.list_conversations(acc, me, scope, PageRequest { page: 1, limit: 100 }).unwrap();
            let mut listed: Vec<Uuid> = page.items.iter().map(|ctx| ctx.conversation.id).collect();
            expected.sort_unstable();
            listed.sort_unstable();
            assert_eq!(listed, expected, "{role_text} {scope:?}");
            assert_eq!(page.total, expected.len() as i64, "{role_text} {scope:?}");
            // The generated grants give both listed and unlisted conversations.
            assert!(!expected.is_empty() && expected.len() < ids.len(), "{role_text} {scope:?}: {}", expected.len());
        }
    }
}

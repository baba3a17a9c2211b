//! PostgreSQL adapter of the conversations port. Every query is scoped to the account (directly,
//! or through a conversation the domain has already opened in the actor's account).

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use insights_domain::access::Permission;
use insights_domain::conversations::{
    AccessContext, Conversation, InboxFilter, InboxRow, ListScope, Message, MessageCandidate, MessageFeedback,
    NewConversation, NewFeedback, NewMessage, Rating, ShareTarget, ShareWrite, SharedTeam, SharedUser, Sharing,
    UserRef,
};
use insights_domain::page::{Page, PageRequest};
use insights_domain::ports::ConversationRepo;
use insights_domain::{Error, Result};
use uuid::Uuid;

use crate::PgStore;
use crate::error::db;
use crate::sql::{Count, IdRow, planned, sql};

mod rows;

use rows::*;

// ---- SQL ------------------------------------------------------------------------------------

const CONV_COLS: &str = "c.id, c.account_id, c.owner_id, c.title, c.is_public, c.public_permission, c.created_at, \
     c.updated_at, c.deleted_at";

/// A conversation `c` with the grants of user `$2`. `$1` is the account.
const CONV_WITH_GRANTS: &str = "c.id, c.account_id, c.owner_id, c.title, c.is_public, c.public_permission, \
     c.created_at, c.updated_at, c.deleted_at, \
     (s.user_id IS NOT NULL) AS has_direct, s.permission AS direct_permission, \
     (s.revoked_at IS NOT NULL) AS direct_revoked, \
     COALESCE((SELECT array_agg(ts.permission) FROM conversation_team_shares ts \
               JOIN team_members tm ON tm.team_id = ts.team_id \
               WHERE ts.conversation_id = c.id AND tm.user_id = $2), '{}'::text[]) AS team_permissions \
     FROM conversations c \
     LEFT JOIN conversation_shares s ON s.conversation_id = c.id AND s.user_id = $2";

/// Live conversations of account `$1` that user `$2` owns or is granted; `$3`: without own ones.
/// It restates `insights_domain::access::access_level` (owned, shared or readonly; never audit-only)
/// so that the page and its total are counted in SQL; a property test over generated grants
/// (`the_sql_list_filter_selects_exactly_what_the_access_rule_lists`) ties the two together.
const LISTED: &str = "c.account_id = $1 AND c.deleted_at IS NULL AND NOT ($3 AND c.owner_id = $2) \
     AND (c.owner_id = $2 OR c.is_public \
          OR EXISTS (SELECT 1 FROM conversation_shares ds \
                     WHERE ds.conversation_id = c.id AND ds.user_id = $2 AND ds.revoked_at IS NULL) \
          OR EXISTS (SELECT 1 FROM conversation_team_shares ts JOIN team_members tm ON tm.team_id = ts.team_id \
                     WHERE ts.conversation_id = c.id AND tm.user_id = $2))";

const MESSAGE_COLS: &str = "m.id, m.conversation_id, m.client_message_id, m.role, m.content, m.sender_id, \
     m.created_at, m.updated_at, f.rating AS f_rating, f.reason AS f_reason, f.comment AS f_comment, \
     f.submitted_at AS f_submitted_at, u.id AS f_user_id, u.email AS f_email, u.name AS f_name \
     FROM messages m \
     LEFT JOIN message_feedback f ON f.message_id = m.id AND f.user_id = $2 \
     LEFT JOIN users u ON u.id = f.user_id";

/// The inbox: feedback of account `$1`, filtered by `$2` rating, `[$3, $4)`, `$5` user, `$6`
/// conversation (each null for no filter).
const INBOX_FROM: &str = "FROM message_feedback f \
     JOIN messages m ON m.id = f.message_id \
     JOIN conversations c ON c.id = m.conversation_id \
     JOIN users u ON u.id = f.user_id \
     WHERE c.account_id = $1 \
       AND ($2::text IS NULL OR f.rating = $2) \
       AND ($3::timestamptz IS NULL OR f.submitted_at >= $3) \
       AND ($4::timestamptz IS NULL OR f.submitted_at < $4) \
       AND ($5::uuid IS NULL OR f.user_id = $5) \
       AND ($6::uuid IS NULL OR m.conversation_id = $6)";

fn load_message(c: &mut PgConnection, id: Uuid, viewer_id: Uuid) -> QueryResult<MessageRow> {
    sql(format!("SELECT {MESSAGE_COLS} WHERE m.id = $1"))
        .bind::<SqlUuid, _>(id)
        .bind::<SqlUuid, _>(viewer_id)
        .get_result(c)
}

/// The inbox page on one connection: exactly two queries (the count, and the page with its
/// titles and submitters joined in), whatever the page size.
fn inbox_on(
    c: &mut PgConnection,
    account_id: Uuid,
    filter: &InboxFilter,
    page: PageRequest,
) -> QueryResult<(Vec<InboxDbRow>, i64)> {
    let rating = filter.rating.map(Rating::as_str);
    let total = planned(format!("SELECT count(*) AS n {INBOX_FROM}"))
        .bind::<SqlUuid, _>(account_id)
        .bind::<Nullable<Text>, _>(rating)
        .bind::<Nullable<Timestamptz>, _>(filter.from)
        .bind::<Nullable<Timestamptz>, _>(filter.to)
        .bind::<Nullable<SqlUuid>, _>(filter.user_id)
        .bind::<Nullable<SqlUuid>, _>(filter.conversation_id)
        .get_result::<Count>(c)?
        .n;
    let rows: Vec<InboxDbRow> = planned(format!(
        "SELECT m.id AS message_id, m.client_message_id, m.conversation_id, \
                CASE WHEN c.deleted_at IS NULL THEN c.title END AS conversation_title, \
                m.content, m.role, f.rating, f.reason, f.comment, f.submitted_at, \
                u.id AS user_id, u.email, u.name \
         {INBOX_FROM} \
         ORDER BY f.submitted_at DESC, f.message_id, f.user_id LIMIT $7 OFFSET $8"
    ))
    .bind::<SqlUuid, _>(account_id)
    .bind::<Nullable<Text>, _>(rating)
    .bind::<Nullable<Timestamptz>, _>(filter.from)
    .bind::<Nullable<Timestamptz>, _>(filter.to)
    .bind::<Nullable<SqlUuid>, _>(filter.user_id)
    .bind::<Nullable<SqlUuid>, _>(filter.conversation_id)
    .bind::<BigInt, _>(i64::from(page.limit))
    .bind::<BigInt, _>(page.offset())
    .load(c)?;
    Ok((rows, total))
}

impl InboxDbRow {
    fn into_domain(self) -> Result<InboxRow> {
        let r = self;
        Ok(InboxRow {
            message_id: r.message_id,
            client_message_id: r.client_message_id,
            conversation_id: r.conversation_id,
            conversation_title: r.conversation_title,
            content: r.content,
            role: role(&r.role)?,
            rating: rating(&r.feedback.rating)?,
            reason: r.feedback.reason,
            comment: r.feedback.comment,
            submitted_by: UserRef { user_id: r.feedback.user_id, email: r.feedback.email, name: r.feedback.name },
            submitted_at: r.feedback.submitted_at,
        })
    }
}

fn feedback_of(r: FeedbackRow) -> Result<MessageFeedback> {
    Ok(MessageFeedback {
        message_id: r.message_id,
        rating: rating(&r.rating)?,
        reason: r.reason,
        comment: r.comment,
        submitted_by: UserRef { user_id: r.user_id, email: r.email, name: r.name },
        submitted_at: r.submitted_at,
    })
}

impl ConversationRepo for PgStore {
    #[tracing::instrument(skip_all)]
    fn create_conversation(&self, new: &NewConversation) -> Result<Conversation> {
        let mut conn = self.conn()?;
        sql(format!(
            "INSERT INTO conversations AS c (id, account_id, owner_id, title, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING {CONV_COLS}"
        ))
        .bind::<SqlUuid, _>(new.id)
        .bind::<SqlUuid, _>(new.account_id)
        .bind::<SqlUuid, _>(new.owner_id)
        .bind::<Text, _>(&new.title)
        .bind::<Timestamptz, _>(new.now)
        .get_result::<ConvBase>(&mut conn)
        .map_err(db)?
        .into_domain()
    }

    #[tracing::instrument(skip(self))]
    fn access_context(&self, account_id: Uuid, user_id: Uuid, conversation_id: Uuid) -> Result<Option<AccessContext>> {
        let mut conn = self.conn()?;
        sql(format!("SELECT {CONV_WITH_GRANTS} WHERE c.account_id = $1 AND c.id = $3"))
            .bind::<SqlUuid, _>(account_id)
            .bind::<SqlUuid, _>(user_id)
            .bind::<SqlUuid, _>(conversation_id)
            .get_result::<ConvRow>(&mut conn)
            .optional()
            .map_err(db)?
            .map(ConvRow::into_domain)
            .transpose()
    }

    #[tracing::instrument(skip(self))]
    fn list_conversations(
        &self,
        account_id: Uuid,
        user_id: Uuid,
        scope: ListScope,
        page: PageRequest,
    ) -> Result<Page<AccessContext>> {
        let mut conn = self.planning_conn()?;
        let shared_only = scope == ListScope::Shared;
        let total = planned(format!("SELECT count(*) AS n FROM conversations c WHERE {LISTED}"))
            .bind::<SqlUuid, _>(account_id)
            .bind::<SqlUuid, _>(user_id)
            .bind::<Bool, _>(shared_only)
            .get_result::<Count>(&mut conn)
            .map_err(db)?
            .n;
        let rows: Vec<ConvRow> = planned(format!(
            "SELECT {CONV_WITH_GRANTS} WHERE {LISTED} ORDER BY c.updated_at DESC, c.id DESC LIMIT $4 OFFSET $5"
        ))
        .bind::<SqlUuid, _>(account_id)
        .bind::<SqlUuid, _>(user_id)
        .bind::<Bool, _>(shared_only)
        .bind::<BigInt, _>(i64::from(page.limit))
        .bind::<BigInt, _>(page.offset())
        .load(&mut conn)
        .map_err(db)?;
        let items = rows.into_iter().map(ConvRow::into_domain).collect::<Result<Vec<_>>>()?;
        Ok(Page::new(items, page, total))
    }

    #[tracing::instrument(skip(self, title))]
    fn rename_conversation(
        &self,
        account_id: Uuid,
        conversation_id: Uuid,
        title: &str,
        now: DateTime<Utc>,
    ) -> Result<Conversation> {
        let mut conn = self.conn()?;
        sql(format!(
            "UPDATE conversations c SET title = $3, updated_at = $4 \
             WHERE c.account_id = $1 AND c.id = $2 AND c.deleted_at IS NULL RETURNING {CONV_COLS}"
        ))
        .bind::<SqlUuid, _>(account_id)
        .bind::<SqlUuid, _>(conversation_id)
        .bind::<Text, _>(title)
        .bind::<Timestamptz, _>(now)
        .get_result::<ConvBase>(&mut conn)
        .optional()
        .map_err(db)?
        .ok_or_else(|| Error::not_found("conversation"))?
        .into_domain()
    }

    #[tracing::instrument(skip(self))]
    fn delete_conversation(&self, account_id: Uuid, conversation_id: Uuid, now: DateTime<Utc>) -> Result<()> {
        let mut conn = self.conn()?;
        let n =
            sql("UPDATE conversations SET deleted_at = $3 WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL")
                .bind::<SqlUuid, _>(account_id)
                .bind::<SqlUuid, _>(conversation_id)
                .bind::<Timestamptz, _>(now)
                .execute(&mut conn)
                .map_err(db)?;
        if n == 0 { Err(Error::not_found("conversation")) } else { Ok(()) }
    }

    #[tracing::instrument(skip(self))]
    fn list_messages(&self, conversation_id: Uuid, viewer_id: Uuid, page: PageRequest) -> Result<Page<Message>> {
        let mut conn = self.conn()?;
        let total = sql("SELECT count(*) AS n FROM messages WHERE conversation_id = $1")
            .bind::<SqlUuid, _>(conversation_id)
            .get_result::<Count>(&mut conn)
            .map_err(db)?
            .n;
        let rows: Vec<MessageRow> = sql(format!(
            "SELECT {MESSAGE_COLS} WHERE m.conversation_id = $1 ORDER BY m.created_at, m.id LIMIT $3 OFFSET $4"
        ))
        .bind::<SqlUuid, _>(conversation_id)
        .bind::<SqlUuid, _>(viewer_id)
        .bind::<BigInt, _>(i64::from(page.limit))
        .bind::<BigInt, _>(page.offset())
        .load(&mut conn)
        .map_err(db)?;
        let items = rows.into_iter().map(MessageRow::into_domain).collect::<Result<Vec<_>>>()?;
        Ok(Page::new(items, page, total))
    }

    #[tracing::instrument(skip_all)]
    fn upsert_message(&self, new: &NewMessage, viewer_id: Uuid) -> Result<(Message, bool)> {
        let mut conn = self.conn()?;
        let (row, created) = conn
            .transaction(|c| {
                let up: UpsertedRow =
                    sql("INSERT INTO messages (id, conversation_id, client_message_id, role, content, sender_id, \
                                           created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
                     ON CONFLICT (conversation_id, client_message_id) DO UPDATE \
                        SET role = EXCLUDED.role, content = EXCLUDED.content, updated_at = EXCLUDED.updated_at \
                     RETURNING id, (xmax = 0) AS created")
                    .bind::<SqlUuid, _>(new.id)
                    .bind::<SqlUuid, _>(new.conversation_id)
                    .bind::<Nullable<Text>, _>(new.client_message_id.as_deref())
                    .bind::<Text, _>(new.role.as_str())
                    .bind::<Text, _>(&new.content)
                    .bind::<Nullable<SqlUuid>, _>(new.sender_id)
                    .bind::<Timestamptz, _>(new.now)
                    .get_result(c)?;
                sql("UPDATE conversations SET updated_at = GREATEST(updated_at, $2) WHERE id = $1")
                    .bind::<SqlUuid, _>(new.conversation_id)
                    .bind::<Timestamptz, _>(new.now)
                    .execute(c)?;
                let row = load_message(c, up.id, viewer_id)?;
                Ok::<_, diesel::result::Error>((row, up.created))
            })
            .map_err(db)?;
        Ok((row.into_domain()?, created))
    }

    #[tracing::instrument(skip(self, key))]
    fn find_messages(&self, account_id: Uuid, user_id: Uuid, key: &str) -> Result<Vec<MessageCandidate>> {
        let mut conn = self.conn()?;
        let as_id = Uuid::parse_str(key).ok();
        let rows: Vec<CandidateRow> = sql(format!(
            "SELECT m.id AS message_id, {CONV_WITH_GRANTS} \
             JOIN messages m ON m.conversation_id = c.id \
             WHERE c.account_id = $1 AND c.deleted_at IS NULL \
               AND (m.id = $3 OR m.client_message_id = $4) \
             ORDER BY COALESCE(m.id = $3, false) DESC, m.created_at, m.id"
        ))
        .bind::<SqlUuid, _>(account_id)
        .bind::<SqlUuid, _>(user_id)
        .bind::<Nullable<SqlUuid>, _>(as_id)
        .bind::<Text, _>(key)
        .load(&mut conn)
        .map_err(db)?;
        rows.into_iter()
            .map(|r| Ok(MessageCandidate { message_id: r.message_id, context: r.conv.into_domain()? }))
            .collect()
    }

    #[tracing::instrument(skip_all)]
    fn put_feedback(&self, new: &NewFeedback) -> Result<MessageFeedback> {
        let mut conn = self.conn()?;
        let row: FeedbackRow = sql("WITH up AS ( \
                INSERT INTO message_feedback (message_id, user_id, rating, reason, comment, submitted_at) \
                VALUES ($1, $2, $3, $4, $5, $6) \
                ON CONFLICT (message_id, user_id) DO UPDATE \
                   SET rating = EXCLUDED.rating, reason = EXCLUDED.reason, comment = EXCLUDED.comment, \
                       submitted_at = EXCLUDED.submitted_at \
                RETURNING message_id, user_id, rating, reason, comment, submitted_at) \
             SELECT up.message_id, up.rating, up.reason, up.comment, up.submitted_at, \
                    u.id AS user_id, u.email, u.name \
             FROM up JOIN users u ON u.id = up.user_id")
        .bind::<SqlUuid, _>(new.message_id)
        .bind::<SqlUuid, _>(new.user_id)
        .bind::<Text, _>(new.rating.as_str())
        .bind::<Nullable<Text>, _>(new.reason.as_deref())
        .bind::<Nullable<Text>, _>(new.comment.as_deref())
        .bind::<Timestamptz, _>(new.now)
        .get_result(&mut conn)
        .map_err(db)?;
        feedback_of(row)
    }

    #[tracing::instrument(skip(self))]
    fn delete_feedback(&self, message_id: Uuid, user_id: Uuid) -> Result<bool> {
        let mut conn = self.conn()?;
        let n = sql("DELETE FROM message_feedback WHERE message_id = $1 AND user_id = $2")
            .bind::<SqlUuid, _>(message_id)
            .bind::<SqlUuid, _>(user_id)
            .execute(&mut conn)
            .map_err(db)?;
        Ok(n > 0)
    }

    #[tracing::instrument(skip(self))]
    fn sharing(&self, conversation_id: Uuid) -> Result<Sharing> {
        let mut conn = self.conn()?;
        let public: PublicRow = sql("SELECT is_public, public_permission FROM conversations WHERE id = $1")
            .bind::<SqlUuid, _>(conversation_id)
            .get_result(&mut conn)
            .optional()
            .map_err(db)?
            .ok_or_else(|| Error::not_found("conversation"))?;
        let users: Vec<SharedUserRow> = sql("SELECT u.id AS user_id, u.email, u.name, s.permission, s.granted_at \
             FROM conversation_shares s JOIN users u ON u.id = s.user_id \
             WHERE s.conversation_id = $1 AND s.revoked_at IS NULL ORDER BY u.name, u.id")
        .bind::<SqlUuid, _>(conversation_id)
        .load(&mut conn)
        .map_err(db)?;
        let teams: Vec<SharedTeamRow> = sql("SELECT t.id AS team_id, t.name, ts.permission \
             FROM conversation_team_shares ts JOIN teams t ON t.id = ts.team_id \
             WHERE ts.conversation_id = $1 ORDER BY t.name, t.id")
        .bind::<SqlUuid, _>(conversation_id)
        .load(&mut conn)
        .map_err(db)?;
        Ok(Sharing {
            is_public: public.is_public,
            public_permission: permission(public.public_permission)?,
            users: users
                .into_iter()
                .map(|u| {
                    Ok(SharedUser {
                        user: UserRef { user_id: u.user_id, email: u.email, name: u.name },
                        permission: permission(u.permission)?,
                        granted_at: u.granted_at,
                    })
                })
                .collect::<Result<Vec<_>>>()?,
            teams: teams
                .into_iter()
                .map(|t| Ok(SharedTeam { team_id: t.team_id, name: t.name, permission: permission(t.permission)? }))
                .collect::<Result<Vec<_>>>()?,
        })
    }

    #[tracing::instrument(skip_all)]
    fn find_users_by_email(&self, account_id: Uuid, emails: &[String]) -> Result<Vec<(String, Uuid)>> {
        let mut conn = self.conn()?;
        let rows: Vec<EmailIdRow> = sql("SELECT lower(btrim(email)) AS email, id FROM users \
             WHERE account_id = $1 AND is_active AND lower(btrim(email)) = ANY($2)")
        .bind::<SqlUuid, _>(account_id)
        .bind::<Array<Text>, _>(emails)
        .load(&mut conn)
        .map_err(db)?;
        Ok(rows.into_iter().map(|r| (r.email, r.id)).collect())
    }

    #[tracing::instrument(skip(self))]
    fn find_teams(&self, account_id: Uuid, team_ids: &[Uuid]) -> Result<Vec<Uuid>> {
        let mut conn = self.conn()?;
        let rows: Vec<IdRow> = sql("SELECT id FROM teams WHERE account_id = $1 AND id = ANY($2)")
            .bind::<SqlUuid, _>(account_id)
            .bind::<Array<SqlUuid>, _>(team_ids)
            .load(&mut conn)
            .map_err(db)?;
        Ok(rows.into_iter().map(|r| r.id).collect())
    }

    #[tracing::instrument(skip_all)]
    fn apply_shares(&self, w: &ShareWrite) -> Result<()> {
        let mut conn = self.conn()?;
        let perm = w.permission.map(Permission::as_str);
        conn.transaction(|c| {
            if !w.user_ids.is_empty() {
                sql(
                    "INSERT INTO conversation_shares (conversation_id, user_id, permission, granted_by, granted_at) \
                     SELECT $1, u, $3, $4, $5 FROM unnest($2::uuid[]) AS u \
                     ON CONFLICT (conversation_id, user_id) DO UPDATE \
                        SET permission = EXCLUDED.permission, \
                            granted_by = CASE WHEN conversation_shares.revoked_at IS NULL \
                                              THEN conversation_shares.granted_by ELSE EXCLUDED.granted_by END, \
                            granted_at = CASE WHEN conversation_shares.revoked_at IS NULL \
                                              THEN conversation_shares.granted_at ELSE EXCLUDED.granted_at END, \
                            revoked_at = NULL",
                )
                .bind::<SqlUuid, _>(w.conversation_id)
                .bind::<Array<SqlUuid>, _>(&w.user_ids)
                .bind::<Nullable<Text>, _>(perm)
                .bind::<SqlUuid, _>(w.granted_by)
                .bind::<Timestamptz, _>(w.now)
                .execute(c)?;
            }
            if !w.team_ids.is_empty() {
                sql(
                    "INSERT INTO conversation_team_shares (conversation_id, team_id, permission, granted_by, granted_at) \
                     SELECT $1, t, $3, $4, $5 FROM unnest($2::uuid[]) AS t \
                     ON CONFLICT (conversation_id, team_id) DO UPDATE SET permission = EXCLUDED.permission",
                )
                .bind::<SqlUuid, _>(w.conversation_id)
                .bind::<Array<SqlUuid>, _>(&w.team_ids)
                .bind::<Nullable<Text>, _>(perm)
                .bind::<SqlUuid, _>(w.granted_by)
                .bind::<Timestamptz, _>(w.now)
                .execute(c)?;
            }
            if w.is_public.is_some() || w.public_permission.is_some() {
                sql(
                    "UPDATE conversations SET is_public = COALESCE($2, is_public), \
                            public_permission = COALESCE($3, public_permission), updated_at = $4 WHERE id = $1",
                )
                .bind::<SqlUuid, _>(w.conversation_id)
                .bind::<Nullable<Bool>, _>(w.is_public)
                .bind::<Nullable<Text>, _>(w.public_permission.map(Permission::as_str))
                .bind::<Timestamptz, _>(w.now)
                .execute(c)?;
            }
            Ok::<_, diesel::result::Error>(())
        })
        .map_err(db)
    }

    #[tracing::instrument(skip(self))]
    fn set_share_permission(
        &self,
        conversation_id: Uuid,
        target: &ShareTarget,
        permission: Permission,
    ) -> Result<bool> {
        let mut conn = self.conn()?;
        let n = match target {
            ShareTarget::User(u) => sql("UPDATE conversation_shares SET permission = $3 \
                 WHERE conversation_id = $1 AND user_id = $2 AND revoked_at IS NULL")
            .bind::<SqlUuid, _>(conversation_id)
            .bind::<SqlUuid, _>(*u)
            .bind::<Text, _>(permission.as_str())
            .execute(&mut conn),
            ShareTarget::Team(t) => {
                sql("UPDATE conversation_team_shares SET permission = $3 WHERE conversation_id = $1 AND team_id = $2")
                    .bind::<SqlUuid, _>(conversation_id)
                    .bind::<SqlUuid, _>(*t)
                    .bind::<Text, _>(permission.as_str())
                    .execute(&mut conn)
            }
            ShareTarget::Public => sql("UPDATE conversations SET public_permission = $2 WHERE id = $1 AND is_public")
                .bind::<SqlUuid, _>(conversation_id)
                .bind::<Text, _>(permission.as_str())
                .execute(&mut conn),
        }
        .map_err(db)?;
        Ok(n > 0)
    }

    #[tracing::instrument(skip(self, email))]
    fn find_user_by_email(&self, account_id: Uuid, email: &str) -> Result<Option<Uuid>> {
        Ok(self.find_users_by_email(account_id, &[email.trim().to_lowercase()])?.into_iter().next().map(|(_, id)| id))
    }

    #[tracing::instrument(skip(self))]
    fn revoke_user_share(&self, conversation_id: Uuid, user_id: Uuid, now: DateTime<Utc>) -> Result<bool> {
        let mut conn = self.conn()?;
        let n = sql("UPDATE conversation_shares SET revoked_at = $3 \
             WHERE conversation_id = $1 AND user_id = $2 AND revoked_at IS NULL")
        .bind::<SqlUuid, _>(conversation_id)
        .bind::<SqlUuid, _>(user_id)
        .bind::<Timestamptz, _>(now)
        .execute(&mut conn)
        .map_err(db)?;
        Ok(n > 0)
    }

    #[tracing::instrument(skip(self))]
    fn revoke_team_share(&self, conversation_id: Uuid, team_id: Uuid) -> Result<bool> {
        let mut conn = self.conn()?;
        let n = sql("DELETE FROM conversation_team_shares WHERE conversation_id = $1 AND team_id = $2")
            .bind::<SqlUuid, _>(conversation_id)
            .bind::<SqlUuid, _>(team_id)
            .execute(&mut conn)
            .map_err(db)?;
        Ok(n > 0)
    }

    #[tracing::instrument(skip(self))]
    fn feedback_inbox(&self, account_id: Uuid, filter: &InboxFilter, page: PageRequest) -> Result<Page<InboxRow>> {
        let mut conn = self.planning_conn()?;
        let (rows, total) = inbox_on(&mut conn, account_id, filter, page).map_err(db)?;
        let items = rows.into_iter().map(InboxDbRow::into_domain).collect::<Result<Vec<_>>>()?;
        Ok(Page::new(items, page, total))
    }
}

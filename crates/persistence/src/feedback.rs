//! PostgreSQL adapter of the feedback port: sessions, step thumbs (the counters of
//! `step_library` are moved by the `step_ratings_counters` trigger in the writer's transaction),
//! session CSAT and the ratings of a flow.

use chrono::{DateTime, Utc};
use diesel::dsl::{count_star, exists, select};
use diesel::prelude::*;
use diesel::result::DatabaseErrorKind;
use diesel::sql_types::{Array, Bool, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use insights_domain::feedback::{
    NewSession, NewSessionRating, Outcome, RatingFilter, Session, SessionRating, StepThumb, ThumbStatus, ThumbTarget,
    ThumbWrite, ThumbWritten, TreeRatingItem, already_rated,
};
use insights_domain::page::{Page, PageRequest};
use insights_domain::ports::FeedbackRepo;
use insights_domain::{Error, Result};
use uuid::Uuid;

use crate::PgStore;
use crate::error::{db, violated_constraint};
use crate::schema::{session_ratings, sessions, step_ratings, trees, users};
use crate::sql::sql;

#[derive(Queryable, QueryableByName, Selectable)]
#[diesel(table_name = sessions)]
pub(crate) struct SessionRow {
    id: Uuid,
    account_id: Uuid,
    tree_id: Uuid,
    user_id: Uuid,
    started_at: DateTime<Utc>,
    completed_at: Option<DateTime<Utc>>,
    outcome: Option<String>,
}

impl TryFrom<SessionRow> for Session {
    type Error = Error;
    fn try_from(r: SessionRow) -> Result<Session> {
        let outcome = r
            .outcome
            .map(|o| Outcome::from_stored(&o).ok_or_else(|| Error::Internal(format!("unknown outcome {o}"))))
            .transpose()?;
        Ok(Session {
            id: r.id,
            account_id: r.account_id,
            tree_id: r.tree_id,
            user_id: r.user_id,
            started_at: r.started_at,
            completed_at: r.completed_at,
            outcome,
        })
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = session_ratings)]
struct RatingRow {
    id: Uuid,
    session_id: Uuid,
    tree_id: Uuid,
    user_id: Uuid,
    rating: i32,
    comment: Option<String>,
    created_at: DateTime<Utc>,
}

impl From<RatingRow> for SessionRating {
    fn from(r: RatingRow) -> Self {
        SessionRating {
            id: r.id,
            session_id: r.session_id,
            tree_id: r.tree_id,
            user_id: r.user_id,
            rating: r.rating,
            comment: r.comment,
            created_at: r.created_at,
        }
    }
}

/// id, session_id, rating, comment, user_id, user name, created_at.
type TreeRatingRow = (Uuid, Uuid, i32, Option<String>, Uuid, String, DateTime<Utc>);

/// The answer of `thumb_upsert` (migrations/…_thumb_write).
#[derive(QueryableByName)]
struct Upserted {
    /// `None`: the same vote at the same node was already there.
    #[diesel(sql_type = Nullable<Bool>)]
    inserted: Option<bool>,
    #[diesel(sql_type = Integer)]
    helpful_yes: i32,
    #[diesel(sql_type = Integer)]
    helpful_no: i32,
}

/// One row of the thumb-target read: the step check, the session's columns (all null without a
/// session) and the nodes of its flow that reference the step.
#[derive(QueryableByName)]
struct TargetRow {
    #[diesel(sql_type = Bool)]
    step_exists: bool,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    id: Option<Uuid>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    account_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    tree_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    user_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    started_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    completed_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Text>)]
    outcome: Option<String>,
    #[diesel(sql_type = Array<Text>)]
    nodes: Vec<String>,
}

impl TryFrom<TargetRow> for ThumbTarget {
    type Error = Error;
    fn try_from(r: TargetRow) -> Result<ThumbTarget> {
        let session = match (r.id, r.account_id, r.tree_id, r.user_id, r.started_at) {
            (Some(id), Some(account_id), Some(tree_id), Some(user_id), Some(started_at)) => Some(
                SessionRow {
                    id,
                    account_id,
                    tree_id,
                    user_id,
                    started_at,
                    completed_at: r.completed_at,
                    outcome: r.outcome,
                }
                .try_into()?,
            ),
            _ => None,
        };
        Ok(ThumbTarget { step_exists: r.step_exists, session, nodes: r.nodes })
    }
}

impl FeedbackRepo for PgStore {
    #[tracing::instrument(skip(self))]
    fn tree_exists(&self, account_id: Uuid, tree_id: Uuid) -> Result<bool> {
        let mut conn = self.conn()?;
        select(exists(trees::table.filter(trees::id.eq(tree_id)).filter(trees::account_id.eq(account_id))))
            .get_result(&mut conn)
            .map_err(db)
    }

    #[tracing::instrument(skip(self))]
    fn insert_session(&self, new: NewSession) -> Result<Session> {
        let mut conn = self.conn()?;
        let row: SessionRow = diesel::insert_into(sessions::table)
            .values((
                sessions::id.eq(new.id),
                sessions::account_id.eq(new.account_id),
                sessions::tree_id.eq(new.tree_id),
                sessions::user_id.eq(new.user_id),
                sessions::started_at.eq(new.started_at),
            ))
            .returning(SessionRow::as_returning())
            .get_result(&mut conn)
            .map_err(|e| match violated_constraint(&e, DatabaseErrorKind::ForeignKeyViolation) {
                Some(_) => Error::not_found("flow"),
                None => db(e),
            })?;
        row.try_into()
    }

    #[tracing::instrument(skip(self))]
    fn find_session(&self, account_id: Uuid, session_id: Uuid) -> Result<Option<Session>> {
        let mut conn = self.conn()?;
        sessions::table
            .filter(sessions::id.eq(session_id))
            .filter(sessions::account_id.eq(account_id))
            .select(SessionRow::as_select())
            .first(&mut conn)
            .optional()
            .map_err(db)?
            .map(Session::try_from)
            .transpose()
    }

    #[tracing::instrument(skip(self))]
    fn complete_session(
        &self,
        account_id: Uuid,
        session_id: Uuid,
        outcome: Outcome,
        at: DateTime<Utc>,
    ) -> Result<Option<Session>> {
        let mut conn = self.conn()?;
        sql("UPDATE sessions SET completed_at = GREATEST($3, started_at), outcome = $4
              WHERE id = $1 AND account_id = $2 AND completed_at IS NULL
             RETURNING id, account_id, tree_id, user_id, started_at, completed_at, outcome")
        .bind::<SqlUuid, _>(session_id)
        .bind::<SqlUuid, _>(account_id)
        .bind::<Timestamptz, _>(at)
        .bind::<Text, _>(outcome.as_str())
        .get_result::<SessionRow>(&mut conn)
        .optional()
        .map_err(db)?
        .map(Session::try_from)
        .transpose()
    }

    #[tracing::instrument(skip(self))]
    fn session_thumbs(&self, session_id: Uuid, user_id: Uuid) -> Result<Vec<StepThumb>> {
        let mut conn = self.conn()?;
        let rows: Vec<(Uuid, Option<String>, bool, DateTime<Utc>)> = step_ratings::table
            .filter(step_ratings::session_id.eq(session_id))
            .filter(step_ratings::user_id.eq(user_id))
            .order((step_ratings::created_at.asc(), step_ratings::step_id.asc()))
            .select((step_ratings::step_id, step_ratings::node_id, step_ratings::was_helpful, step_ratings::updated_at))
            .load(&mut conn)
            .map_err(db)?;
        Ok(rows
            .into_iter()
            .map(|(step_id, node_id, was_helpful, updated_at)| StepThumb { step_id, node_id, was_helpful, updated_at })
            .collect())
    }

    #[tracing::instrument(skip(self))]
    fn thumb_target(&self, account_id: Uuid, step_id: Uuid, session_id: Uuid) -> Result<ThumbTarget> {
        let mut conn = self.conn()?;
        let row: TargetRow =
            sql("SELECT EXISTS (SELECT 1 FROM step_library WHERE id = $2 AND account_id = $1) AS step_exists,
                    s.id, s.account_id, s.tree_id, s.user_id, s.started_at, s.completed_at, s.outcome,
                    ARRAY(SELECT n.node_id FROM tree_nodes n WHERE n.tree_id = s.tree_id AND n.step_id = $2
                           ORDER BY n.position, n.node_id) AS nodes
               FROM (SELECT 1) AS one
               LEFT JOIN sessions s ON s.id = $3 AND s.account_id = $1")
            .bind::<SqlUuid, _>(account_id)
            .bind::<SqlUuid, _>(step_id)
            .bind::<SqlUuid, _>(session_id)
            .get_result(&mut conn)
            .map_err(db)?;
        row.try_into()
    }

    #[tracing::instrument(skip(self))]
    fn upsert_thumb(&self, w: ThumbWrite) -> Result<ThumbWritten> {
        let mut conn = self.conn()?;
        // One statement, in its own transaction: see `thumb_upsert` in migrations/…_thumb_write.
        let r: Upserted =
            sql("SELECT inserted, helpful_yes, helpful_no FROM thumb_upsert($1, $2, $3, $4, $5, $6, $7, $8)")
                .bind::<SqlUuid, _>(Uuid::now_v7())
                .bind::<SqlUuid, _>(w.step_id)
                .bind::<SqlUuid, _>(w.user_id)
                .bind::<SqlUuid, _>(w.session_id)
                .bind::<SqlUuid, _>(w.tree_id)
                .bind::<Text, _>(&w.node_id)
                .bind::<Bool, _>(w.was_helpful)
                .bind::<Timestamptz, _>(w.at)
                .get_result(&mut conn)
                .map_err(|e| match violated_constraint(&e, DatabaseErrorKind::ForeignKeyViolation) {
                    // The step or the session vanished between the checks and the write.
                    Some(_) => Error::not_found("session"),
                    None => db(e),
                })?;
        let status = match r.inserted {
            Some(true) => ThumbStatus::Created,
            Some(false) => ThumbStatus::Updated,
            None => ThumbStatus::Unchanged,
        };
        Ok(ThumbWritten { status, helpful_yes: r.helpful_yes, helpful_no: r.helpful_no })
    }

    #[tracing::instrument(skip(self))]
    fn delete_thumb(&self, step_id: Uuid, user_id: Uuid, session_id: Uuid) -> Result<bool> {
        let mut conn = self.conn()?;
        let n = diesel::delete(
            step_ratings::table
                .filter(step_ratings::step_id.eq(step_id))
                .filter(step_ratings::user_id.eq(user_id))
                .filter(step_ratings::session_id.eq(session_id)),
        )
        .execute(&mut conn)
        .map_err(db)?;
        Ok(n > 0)
    }

    #[tracing::instrument(skip(self))]
    fn find_session_rating(&self, account_id: Uuid, session_id: Uuid) -> Result<Option<SessionRating>> {
        let mut conn = self.conn()?;
        Ok(session_ratings::table
            .filter(session_ratings::session_id.eq(session_id))
            .filter(session_ratings::account_id.eq(account_id))
            .select(RatingRow::as_select())
            .first(&mut conn)
            .optional()
            .map_err(db)?
            .map(SessionRating::from))
    }

    #[tracing::instrument(skip_all, fields(session_id = %new.session_id))]
    fn insert_session_rating(&self, new: NewSessionRating) -> Result<SessionRating> {
        let mut conn = self.conn()?;
        let row: RatingRow = diesel::insert_into(session_ratings::table)
            .values((
                session_ratings::id.eq(new.id),
                session_ratings::session_id.eq(new.session_id),
                session_ratings::user_id.eq(new.user_id),
                session_ratings::tree_id.eq(new.tree_id),
                session_ratings::account_id.eq(new.account_id),
                session_ratings::rating.eq(i32::from(new.rating.get())),
                session_ratings::comment.eq(new.comment.as_deref()),
                session_ratings::created_at.eq(new.created_at),
            ))
            .returning(RatingRow::as_returning())
            .get_result(&mut conn)
            .map_err(|e| {
                if violated_constraint(&e, DatabaseErrorKind::UniqueViolation).as_deref()
                    == Some("session_ratings_session_id_key")
                {
                    already_rated()
                } else if violated_constraint(&e, DatabaseErrorKind::ForeignKeyViolation).is_some() {
                    Error::not_found("session")
                } else {
                    db(e)
                }
            })?;
        Ok(row.into())
    }

    #[tracing::instrument(skip(self))]
    fn list_tree_ratings(
        &self,
        account_id: Uuid,
        tree_id: Uuid,
        filter: RatingFilter,
        page: PageRequest,
    ) -> Result<Page<TreeRatingItem>> {
        let mut conn = self.conn()?;
        let base = || {
            let mut q = session_ratings::table
                .inner_join(users::table.on(users::id.eq(session_ratings::user_id)))
                .filter(session_ratings::account_id.eq(account_id))
                .filter(session_ratings::tree_id.eq(tree_id))
                .into_boxed();
            if let Some(min) = filter.min_rating {
                q = q.filter(session_ratings::rating.ge(i32::from(min.get())));
            }
            if let Some(max) = filter.max_rating {
                q = q.filter(session_ratings::rating.le(i32::from(max.get())));
            }
            if filter.with_comment {
                q = q.filter(
                    session_ratings::comment
                        .is_not_null()
                        .and(diesel::dsl::sql::<Bool>("btrim(session_ratings.comment) <> ''")),
                );
            }
            q
        };
        let total: i64 = base().select(count_star()).get_result(&mut conn).map_err(db)?;
        let rows: Vec<TreeRatingRow> = base()
            .order((session_ratings::created_at.desc(), session_ratings::id.desc()))
            .limit(i64::from(page.limit))
            .offset(page.offset())
            .select((
                session_ratings::id,
                session_ratings::session_id,
                session_ratings::rating,
                session_ratings::comment,
                session_ratings::user_id,
                users::name,
                session_ratings::created_at,
            ))
            .load(&mut conn)
            .map_err(db)?;
        let items = rows
            .into_iter()
            .map(|(id, session_id, rating, comment, user_id, user_name, created_at)| TreeRatingItem {
                id,
                session_id,
                rating,
                comment,
                user_id,
                user_name,
                created_at,
            })
            .collect();
        Ok(Page::new(items, page, total))
    }
}

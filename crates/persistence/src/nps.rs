//! PostgreSQL adapter of the nps port. The overlap rule is the exclusion constraint
//! `nps_campaigns_no_overlap`; one response per user per campaign is the unique constraint
//! `nps_responses_campaign_user_key`; both are mapped to the domain's conflicts here. Counting
//! (categories, per-day aggregates in the account's zone) happens in SQL.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::result::DatabaseErrorKind;
use diesel::sql_types::{BigInt, Date, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use insights_domain::nps::{
    Campaign, CampaignStats, DayHistogram, NewCampaign, NewResponse, NpsResponse, NpsScore, RecentResponse,
    ScoreHistogram, already_responded_error, not_active_error, overlap_error,
};
use insights_domain::page::{Page, PageRequest};
use insights_domain::ports::NpsRepo;
use insights_domain::{ConflictCode, Error, Result};
use uuid::Uuid;

use crate::PgStore;
use crate::error::{db, violated_constraint};
use crate::pool::PgConn;
use crate::schema::{nps_campaigns, nps_responses, users};
use crate::sql::{planned, sql};

const OVERLAP_CONSTRAINT: &str = "nps_campaigns_no_overlap";
const RESPONSE_KEY: &str = "nps_responses_campaign_user_key";

#[derive(Queryable, QueryableByName, Selectable)]
#[diesel(table_name = nps_campaigns, check_for_backend(Pg))]
struct CampaignRow {
    id: Uuid,
    account_id: Uuid,
    name: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    created_by: Option<Uuid>,
    created_at: DateTime<Utc>,
    stopped_by: Option<Uuid>,
    stopped_at: Option<DateTime<Utc>>,
}

impl From<CampaignRow> for Campaign {
    fn from(r: CampaignRow) -> Campaign {
        Campaign {
            id: r.id,
            account_id: r.account_id,
            name: r.name,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            created_by: r.created_by,
            created_at: r.created_at,
            stopped_by: r.stopped_by,
            stopped_at: r.stopped_at,
        }
    }
}

#[derive(QueryableByName)]
struct CampaignStatsRow {
    #[diesel(embed)]
    campaign: CampaignRow,
    #[diesel(sql_type = BigInt)]
    response_count: i64,
    #[diesel(sql_type = BigInt)]
    active_respondents: i64,
}

impl From<CampaignStatsRow> for CampaignStats {
    fn from(r: CampaignStatsRow) -> CampaignStats {
        CampaignStats {
            campaign: r.campaign.into(),
            response_count: r.response_count,
            active_respondents: r.active_respondents,
        }
    }
}

/// Campaigns of the account `$1` with their response counts (the unique index on
/// `(campaign_id, user_id)` serves the lateral count).
const CAMPAIGN_STATS_SQL: &str = "SELECT c.id, c.account_id, c.name, c.starts_at, c.ends_at, c.created_by, \
     c.created_at, c.stopped_by, c.stopped_at, r.response_count, r.active_respondents \
     FROM nps_campaigns c \
     CROSS JOIN LATERAL ( \
        SELECT count(*) AS response_count, count(*) FILTER (WHERE u.is_active) AS active_respondents \
        FROM nps_responses x JOIN users u ON u.id = x.user_id WHERE x.campaign_id = c.id \
     ) r \
     WHERE c.account_id = $1";

#[derive(Queryable, Selectable, QueryableByName)]
#[diesel(table_name = nps_responses, check_for_backend(Pg))]
struct ResponseRow {
    id: Uuid,
    account_id: Uuid,
    user_id: Uuid,
    campaign_id: Option<Uuid>,
    score: i32,
    comment: Option<String>,
    created_at: DateTime<Utc>,
}

fn stored_score(score: i32) -> Result<u8> {
    u8::try_from(score).map_err(|_| Error::Internal(format!("stored NPS score {score} out of range")))
}

impl TryFrom<ResponseRow> for NpsResponse {
    type Error = Error;
    fn try_from(r: ResponseRow) -> Result<NpsResponse> {
        Ok(NpsResponse {
            id: r.id,
            account_id: r.account_id,
            user_id: r.user_id,
            campaign_id: r.campaign_id,
            score: stored_score(r.score)?,
            comment: r.comment,
            created_at: r.created_at,
        })
    }
}

#[derive(QueryableByName)]
struct ScoreRow {
    #[diesel(sql_type = Integer)]
    score: i32,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct DayScoreRow {
    #[diesel(sql_type = Date)]
    day: NaiveDate,
    #[diesel(sql_type = Integer)]
    score: i32,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn nps_score(score: i32) -> Result<NpsScore> {
    NpsScore::new(i64::from(score)).map_err(|_| Error::Internal(format!("stored NPS score {score} out of range")))
}

fn find_overlapping_in(
    conn: &mut PgConn,
    account: Uuid,
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
) -> Result<Option<Campaign>> {
    nps_campaigns::table
        .filter(nps_campaigns::account_id.eq(account))
        // the same predicate as the constraint's WHERE: a campaign cancelled before its start
        // (ends_at < starts_at) blocks nothing
        .filter(nps_campaigns::ends_at.ge(nps_campaigns::starts_at))
        .filter(nps_campaigns::starts_at.le(ends))
        .filter(nps_campaigns::ends_at.ge(starts))
        .order(nps_campaigns::starts_at.asc())
        .select(CampaignRow::as_select())
        .first(conn)
        .optional()
        .map(|r| r.map(Campaign::from))
        .map_err(db)
}

impl NpsRepo for PgStore {
    #[tracing::instrument(skip(self))]
    fn find_campaign(&self, account_id: Uuid, id: Uuid) -> Result<Option<CampaignStats>> {
        let mut conn = self.conn()?;
        sql(format!("{CAMPAIGN_STATS_SQL} AND c.id = $2"))
            .bind::<SqlUuid, _>(account_id)
            .bind::<SqlUuid, _>(id)
            .get_result::<CampaignStatsRow>(&mut conn)
            .optional()
            .map(|r| r.map(CampaignStats::from))
            .map_err(db)
    }

    #[tracing::instrument(skip(self))]
    fn find_overlapping(
        &self,
        account_id: Uuid,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
    ) -> Result<Option<Campaign>> {
        let mut conn = self.conn()?;
        find_overlapping_in(&mut conn, account_id, starts_at, ends_at)
    }

    #[tracing::instrument(skip(self, campaign))]
    fn insert_campaign(
        &self,
        account_id: Uuid,
        created_by: Uuid,
        campaign: &NewCampaign,
        now: DateTime<Utc>,
    ) -> Result<Campaign> {
        let mut conn = self.conn()?;
        let inserted = diesel::insert_into(nps_campaigns::table)
            .values((
                nps_campaigns::id.eq(Uuid::now_v7()),
                nps_campaigns::account_id.eq(account_id),
                nps_campaigns::name.eq(campaign.name()),
                nps_campaigns::starts_at.eq(campaign.starts_at()),
                nps_campaigns::ends_at.eq(campaign.ends_at()),
                nps_campaigns::created_by.eq(Some(created_by)),
                nps_campaigns::created_at.eq(now),
            ))
            .returning(CampaignRow::as_returning())
            .get_result(&mut conn);
        match inserted {
            Ok(row) => Ok(row.into()),
            Err(e)
                if violated_constraint(&e, DatabaseErrorKind::ExclusionViolation).as_deref()
                    == Some(OVERLAP_CONSTRAINT) =>
            {
                // The campaign that won the race is committed by now (the constraint waited for it).
                match find_overlapping_in(&mut conn, account_id, campaign.starts_at(), campaign.ends_at())? {
                    Some(other) => Err(overlap_error(&other.name)),
                    None => Err(Error::conflict(
                        ConflictCode::CampaignOverlap,
                        "The requested date range overlaps with another campaign",
                    )),
                }
            }
            Err(e) => Err(db(e)),
        }
    }

    #[tracing::instrument(skip(self))]
    fn list_campaigns(&self, account_id: Uuid, page: PageRequest) -> Result<Page<CampaignStats>> {
        let mut conn = self.planning_conn()?;
        let total: i64 = nps_campaigns::table
            .filter(nps_campaigns::account_id.eq(account_id))
            .count()
            .get_result(&mut conn)
            .map_err(db)?;
        let rows = planned(format!("{CAMPAIGN_STATS_SQL} ORDER BY c.created_at DESC, c.id DESC LIMIT $2 OFFSET $3"))
            .bind::<SqlUuid, _>(account_id)
            .bind::<BigInt, _>(i64::from(page.limit))
            .bind::<BigInt, _>(page.offset())
            .load::<CampaignStatsRow>(&mut conn)
            .map_err(db)?;
        Ok(Page::new(rows.into_iter().map(CampaignStats::from).collect(), page, total))
    }

    #[tracing::instrument(skip(self))]
    fn all_campaigns(&self, account_id: Uuid) -> Result<Vec<CampaignStats>> {
        let mut conn = self.planning_conn()?;
        planned(format!("{CAMPAIGN_STATS_SQL} ORDER BY c.created_at DESC, c.id DESC"))
            .bind::<SqlUuid, _>(account_id)
            .load::<CampaignStatsRow>(&mut conn)
            .map(|rows| rows.into_iter().map(CampaignStats::from).collect())
            .map_err(db)
    }

    #[tracing::instrument(skip(self))]
    fn stop_campaign(
        &self,
        account_id: Uuid,
        id: Uuid,
        stopped_by: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Option<Campaign>> {
        let mut conn = self.conn()?;
        // Conditional: of two concurrent stops the second finds `stopped_at` set and updates nothing.
        diesel::update(
            nps_campaigns::table
                .filter(nps_campaigns::id.eq(id))
                .filter(nps_campaigns::account_id.eq(account_id))
                .filter(nps_campaigns::stopped_at.is_null())
                .filter(nps_campaigns::ends_at.ge(now)),
        )
        .set((
            nps_campaigns::ends_at.eq(now),
            nps_campaigns::stopped_by.eq(Some(stopped_by)),
            nps_campaigns::stopped_at.eq(Some(now)),
        ))
        .returning(CampaignRow::as_returning())
        .get_result(&mut conn)
        .optional()
        .map(|r| r.map(Campaign::from))
        .map_err(db)
    }

    #[tracing::instrument(skip(self))]
    fn active_campaign(&self, account_id: Uuid, now: DateTime<Utc>) -> Result<Option<Campaign>> {
        let mut conn = self.conn()?;
        nps_campaigns::table
            .filter(nps_campaigns::account_id.eq(account_id))
            .filter(nps_campaigns::stopped_at.is_null())
            .filter(nps_campaigns::starts_at.le(now))
            .filter(nps_campaigns::ends_at.ge(now))
            .order(nps_campaigns::starts_at.desc())
            .select(CampaignRow::as_select())
            .first(&mut conn)
            .optional()
            .map(|r| r.map(Campaign::from))
            .map_err(db)
    }

    #[tracing::instrument(skip(self))]
    fn has_responded(&self, campaign_id: Uuid, user_id: Uuid) -> Result<bool> {
        let mut conn = self.conn()?;
        diesel::select(diesel::dsl::exists(
            nps_responses::table
                .filter(nps_responses::campaign_id.eq(campaign_id))
                .filter(nps_responses::user_id.eq(user_id)),
        ))
        .get_result(&mut conn)
        .map_err(db)
    }

    #[tracing::instrument(skip(self, response))]
    fn insert_response(
        &self,
        account_id: Uuid,
        user_id: Uuid,
        response: &NewResponse,
        now: DateTime<Utc>,
    ) -> Result<NpsResponse> {
        let mut conn = self.conn()?;
        let id = Uuid::now_v7();
        let score = i32::from(response.score().value());
        let inserted = match response.campaign_id() {
            None => diesel::insert_into(nps_responses::table)
                .values((
                    nps_responses::id.eq(id),
                    nps_responses::account_id.eq(account_id),
                    nps_responses::user_id.eq(user_id),
                    nps_responses::score.eq(score),
                    nps_responses::comment.eq(response.comment()),
                    nps_responses::created_at.eq(now),
                ))
                .returning(ResponseRow::as_returning())
                .get_results::<ResponseRow>(&mut conn),
            // Attached: stored only while the campaign is active at `now` (a stop that commits
            // first wins).
            Some(campaign_id) => {
                sql("INSERT INTO nps_responses (id, account_id, user_id, campaign_id, score, comment, created_at) \
                 SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS ( \
                    SELECT 1 FROM nps_campaigns c WHERE c.id = $4 AND c.account_id = $2 \
                    AND c.stopped_at IS NULL AND c.starts_at <= $7 AND c.ends_at >= $7) \
                 RETURNING id, account_id, user_id, campaign_id, score, comment, created_at")
                .bind::<SqlUuid, _>(id)
                .bind::<SqlUuid, _>(account_id)
                .bind::<SqlUuid, _>(user_id)
                .bind::<SqlUuid, _>(campaign_id)
                .bind::<Integer, _>(score)
                .bind::<Nullable<Text>, _>(response.comment())
                .bind::<Timestamptz, _>(now)
                .load::<ResponseRow>(&mut conn)
            }
        };
        match inserted {
            Ok(rows) => rows.into_iter().next().map(NpsResponse::try_from).unwrap_or_else(|| Err(not_active_error())),
            Err(e) if violated_constraint(&e, DatabaseErrorKind::UniqueViolation).as_deref() == Some(RESPONSE_KEY) => {
                Err(already_responded_error())
            }
            Err(e) => Err(db(e)),
        }
    }

    #[tracing::instrument(skip(self))]
    fn active_user_count(&self, account_id: Uuid) -> Result<i64> {
        let mut conn = self.conn()?;
        users::table
            .filter(users::account_id.eq(account_id))
            .filter(users::is_active.eq(true))
            .count()
            .get_result(&mut conn)
            .map_err(db)
    }

    #[tracing::instrument(skip(self))]
    fn score_histogram(&self, account_id: Uuid, campaign_id: Option<Uuid>) -> Result<ScoreHistogram> {
        let mut conn = self.planning_conn()?;
        let mut q = planned("SELECT score, count(*) AS n FROM nps_responses WHERE account_id = $1")
            .bind::<SqlUuid, _>(account_id);
        if let Some(c) = campaign_id {
            q = q.push(" AND campaign_id = $2").bind::<SqlUuid, _>(c);
        }
        let rows: Vec<ScoreRow> = q.push(" GROUP BY score").load(&mut conn).map_err(db)?;
        let mut h = ScoreHistogram::default();
        for r in rows {
            h.add(nps_score(r.score)?, r.n);
        }
        Ok(h)
    }

    #[tracing::instrument(skip(self))]
    fn daily_histograms(
        &self,
        account_id: Uuid,
        campaign_id: Option<Uuid>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        tz: &str,
    ) -> Result<Vec<DayHistogram>> {
        let mut conn = self.planning_conn()?;
        let mut q = planned(
            "SELECT (created_at AT TIME ZONE $1)::date AS day, score, count(*) AS n \
             FROM nps_responses WHERE account_id = $2 AND created_at >= $3 AND created_at < $4",
        )
        .bind::<Text, _>(tz.to_owned())
        .bind::<SqlUuid, _>(account_id)
        .bind::<Timestamptz, _>(from)
        .bind::<Timestamptz, _>(to);
        if let Some(c) = campaign_id {
            q = q.push(" AND campaign_id = $5").bind::<SqlUuid, _>(c);
        }
        let rows: Vec<DayScoreRow> = q.push(" GROUP BY 1, 2 ORDER BY 1").load(&mut conn).map_err(db)?;
        let mut days: Vec<DayHistogram> = vec![];
        for r in rows {
            let score = nps_score(r.score)?;
            match days.last_mut() {
                Some(d) if d.date == r.day => d.scores.add(score, r.n),
                _ => {
                    let mut scores = ScoreHistogram::default();
                    scores.add(score, r.n);
                    days.push(DayHistogram { date: r.day, scores });
                }
            }
        }
        Ok(days)
    }

    #[tracing::instrument(skip(self))]
    fn recent_responses(&self, account_id: Uuid, campaign_id: Option<Uuid>, limit: i64) -> Result<Vec<RecentResponse>> {
        let mut conn = self.conn()?;
        let mut q =
            nps_responses::table.inner_join(users::table).filter(nps_responses::account_id.eq(account_id)).into_boxed();
        if let Some(c) = campaign_id {
            q = q.filter(nps_responses::campaign_id.eq(c));
        }
        let rows: Vec<(ResponseRow, String, String)> = q
            .order((nps_responses::created_at.desc(), nps_responses::id.desc()))
            .limit(limit)
            .select((ResponseRow::as_select(), users::name, users::email))
            .load(&mut conn)
            .map_err(db)?;
        rows.into_iter()
            .map(|(r, user_name, user_email)| {
                Ok(RecentResponse {
                    id: r.id,
                    user_id: r.user_id,
                    user_name,
                    user_email,
                    score: stored_score(r.score)?,
                    comment: r.comment,
                    campaign_id: r.campaign_id,
                    created_at: r.created_at,
                })
            })
            .collect()
    }
}

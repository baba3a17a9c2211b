//! Demo data of the nps capability: a past campaign (ended 40 days ago) answered by every demo
//! user, an active one (started 10 days ago, ends in 20 days) answered by most of them, and a few
//! unattached responses. Written only when the demo account has no campaign yet (idempotent);
//! ids and scores are fixed.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::Error;
use diesel::sql_types::{Integer, Nullable, Text, Uuid as SqlUuid};
use uuid::Uuid;

use super::base::{DEMO_ACCOUNT_ID, DEMO_USERS};
use crate::sql::Count;

fn campaign_id(i: usize) -> Uuid {
    Uuid::from_u128(0x0190f000_0000_7000_8000_000000005000 + i as u128)
}

fn response_id(i: usize) -> Uuid {
    Uuid::from_u128(0x0190f000_0000_7000_8000_000000006000 + i as u128)
}

/// (name, starts `n` days before today (UTC midnight), ends `m` days before today).
const CAMPAIGNS: [(&str, i32, i32); 2] = [("Summer Pulse", 70, 40), ("Autumn Pulse", 10, -20)];

/// Past campaign: one answer per demo user, in order.
const PAST_SCORES: [i32; 10] = [9, 7, 3, 10, 8, 9, 5, 10, 9, 6];
/// Active campaign: answers of the first eight demo users (two have not answered yet).
const ACTIVE_SCORES: [i32; 8] = [10, 9, 9, 8, 7, 10, 6, 9];

const COMMENTS: [Option<&str>; 5] =
    [Some("Saves me a lot of time on repeat tickets."), None, Some("Search could be faster."), None, None];

pub(super) fn seed(c: &mut PgConnection) -> Result<(), Error> {
    let existing = diesel::sql_query("SELECT count(*) AS n FROM nps_campaigns WHERE account_id = $1")
        .bind::<SqlUuid, _>(DEMO_ACCOUNT_ID)
        .get_result::<Count>(c)?;
    if existing.n > 0 {
        return Ok(());
    }
    let admin = DEMO_USERS[1].id;
    for (i, (name, start_days, end_days)) in CAMPAIGNS.iter().enumerate() {
        diesel::sql_query(
            "INSERT INTO nps_campaigns (id, account_id, name, starts_at, ends_at, created_by, created_at)
             VALUES ($1, $2, $3, date_trunc('day', now()) - make_interval(days => $4),
                     date_trunc('day', now()) - make_interval(days => $5), $6,
                     date_trunc('day', now()) - make_interval(days => $4 + 3))
             ON CONFLICT DO NOTHING",
        )
        .bind::<SqlUuid, _>(campaign_id(i))
        .bind::<SqlUuid, _>(DEMO_ACCOUNT_ID)
        .bind::<Text, _>(*name)
        .bind::<Integer, _>(*start_days)
        .bind::<Integer, _>(*end_days)
        .bind::<SqlUuid, _>(admin)
        .execute(c)?;
    }
    let mut n = 0;
    let mut respond =
        |c: &mut PgConnection, campaign: Option<Uuid>, user: Uuid, score: i32, days_ago: i32, hour: i32| {
            let comment = COMMENTS[n % COMMENTS.len()];
            let id = response_id(n);
            n += 1;
            diesel::sql_query(
                "INSERT INTO nps_responses (id, account_id, user_id, campaign_id, score, comment, created_at)
             VALUES ($1, $2, $3, $4, $5, $6,
                     date_trunc('day', now()) - make_interval(days => $7) + make_interval(hours => $8))
             ON CONFLICT DO NOTHING",
            )
            .bind::<SqlUuid, _>(id)
            .bind::<SqlUuid, _>(DEMO_ACCOUNT_ID)
            .bind::<SqlUuid, _>(user)
            .bind::<Nullable<SqlUuid>, _>(campaign)
            .bind::<Integer, _>(score)
            .bind::<Nullable<Text>, _>(comment)
            .bind::<Integer, _>(days_ago)
            .bind::<Integer, _>(hour)
            .execute(c)
        };
    for (i, score) in PAST_SCORES.iter().enumerate() {
        respond(c, Some(campaign_id(0)), DEMO_USERS[i].id, *score, 68 - 2 * i as i32, 9 + i as i32)?;
    }
    for (i, score) in ACTIVE_SCORES.iter().enumerate() {
        respond(c, Some(campaign_id(1)), DEMO_USERS[i].id, *score, 9 - i as i32, 10 + i as i32)?;
    }
    for (i, (user, score, days_ago)) in [(2usize, 8, 25), (5, 4, 18), (9, 10, 3)].iter().enumerate() {
        respond(c, None, DEMO_USERS[*user].id, *score, *days_ago, 15 + i as i32)?;
    }
    Ok(())
}

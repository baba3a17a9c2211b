//! Migrations run up, down and up again on an empty database, and every table is there.

use diesel::RunQueryDsl;
use insights_persistence::migrations;
use insights_persistence::testing::TestDb;

use crate::common::count;

fn tables(db: &TestDb) -> i64 {
    count(
        &mut db.conn(),
        "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
    )
}

const EXPECTED_TABLES: i64 = 23;

#[test]
fn migrations_go_up_down_and_up_again() {
    let db = TestDb::empty();
    let first = migrations::run_pending(db.url()).unwrap();
    assert!(!first.is_empty());
    assert_eq!(tables(&db), EXPECTED_TABLES);
    assert!(migrations::run_pending(db.url()).unwrap().is_empty(), "nothing pending the second time");

    let reverted = migrations::revert(db.url(), true).unwrap();
    assert_eq!(reverted.len(), first.len());
    assert_eq!(tables(&db), 0);

    let again = migrations::run_pending(db.url()).unwrap();
    assert_eq!(again, first);
    assert_eq!(tables(&db), EXPECTED_TABLES);
    let (applied, pending) = migrations::status(db.url()).unwrap();
    assert_eq!(applied.len(), first.len());
    assert!(pending.is_empty());
}

#[test]
fn concurrent_starts_apply_each_migration_once() {
    let db = TestDb::empty();
    let url = db.url().to_owned();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || migrations::run_pending(&url).unwrap().len())
        })
        .collect();
    let applied: Vec<usize> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    // The advisory lock serialises them: one runner applies everything, the others find nothing.
    assert_eq!(applied.iter().filter(|n| **n > 0).count(), 1, "{applied:?}");
    assert_eq!(tables(&db), EXPECTED_TABLES);
}

#[test]
fn constraints_of_the_data_model_hold() {
    let db = TestDb::new();
    let mut c = db.conn();
    let sql = |c: &mut diesel::PgConnection, q: &str| diesel::sql_query(q).execute(c);
    // The name of the constraint a refused statement violated (a typo in the SQL is refused too,
    // with no constraint name).
    let refused_by = |c: &mut diesel::PgConnection, q: &str| match diesel::sql_query(q).execute(c) {
        Err(diesel::result::Error::DatabaseError(_, info)) => info.constraint_name().map(str::to_owned),
        other => panic!("expected a constraint violation, got {other:?}"),
    };
    sql(&mut c, "INSERT INTO accounts (id, name) VALUES ('00000000-0000-0000-0000-0000000000a1', 'A')").unwrap();
    // Emails are stored trimmed and lowercased; roles are checked.
    assert_eq!(
        refused_by(
            &mut c,
            "INSERT INTO users (account_id, email, name, role) VALUES ('00000000-0000-0000-0000-0000000000a1', 'Ann@X.test', 'Ann', 'engineer')"
        ),
        Some("users_email_check".into())
    );
    assert_eq!(
        refused_by(
            &mut c,
            "INSERT INTO users (account_id, email, name, role) VALUES ('00000000-0000-0000-0000-0000000000a1', 'ann@x.test', 'Ann', 'owner')"
        ),
        Some("users_role_check".into())
    );
    sql(&mut c, "INSERT INTO users (id, account_id, email, name, role) VALUES ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-0000000000a1', 'ann@x.test', 'Ann', 'engineer')").unwrap();
    assert_eq!(
        refused_by(
            &mut c,
            "INSERT INTO users (account_id, email, name, role) VALUES ('00000000-0000-0000-0000-0000000000a1', 'ann@x.test', 'Ann 2', 'viewer')"
        ),
        Some("users_account_email_key".into()),
        "email unique per account"
    );
    sql(&mut c, "INSERT INTO trees (id, account_id, name) VALUES ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000a1', 'T')").unwrap();
    // An outcome only together with completed_at.
    assert_eq!(
        refused_by(
            &mut c,
            "INSERT INTO sessions (account_id, tree_id, user_id, outcome) VALUES ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000b1', 'resolved')"
        ),
        Some("sessions_outcome_with_completion".into())
    );
    assert_eq!(
        refused_by(
            &mut c,
            "INSERT INTO sessions (account_id, tree_id, user_id, completed_at, outcome) VALUES ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000b1', now(), 'fixed')"
        ),
        Some("sessions_outcome_check".into())
    );
    // NPS: closed ranges may not intersect, touching included; a cancelled one blocks nothing.
    sql(&mut c, "INSERT INTO nps_campaigns (account_id, name, starts_at, ends_at) VALUES ('00000000-0000-0000-0000-0000000000a1', 'Q1', '2026-01-01T00:00Z', '2026-01-31T10:00Z')").unwrap();
    assert_eq!(
        refused_by(
            &mut c,
            "INSERT INTO nps_campaigns (account_id, name, starts_at, ends_at) VALUES ('00000000-0000-0000-0000-0000000000a1', 'Q1b', '2026-01-31T10:00Z', '2026-02-28T00:00Z')"
        ),
        Some("nps_campaigns_no_overlap".into())
    );
    sql(&mut c, "INSERT INTO nps_campaigns (account_id, name, starts_at, ends_at) VALUES ('00000000-0000-0000-0000-0000000000a1', 'cancelled', '2026-03-10T00:00Z', '2026-03-01T00:00Z')").unwrap();
    sql(&mut c, "INSERT INTO nps_campaigns (account_id, name, starts_at, ends_at) VALUES ('00000000-0000-0000-0000-0000000000a1', 'Q1c', '2026-03-01T00:00Z', '2026-03-31T00:00Z')").unwrap();
    assert_eq!(
        refused_by(
            &mut c,
            "INSERT INTO nps_responses (account_id, user_id, score) VALUES ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000b1', 11)"
        ),
        Some("nps_responses_score_check".into())
    );
}

//! The server's rollup folder (crates/server/src/folder.rs), in the real binary: the deltas that
//! writers leave in `rollup_pending` are folded into the rollups, and the table the readers scan
//! is vacuumed back to nothing instead of keeping the pages of every deleted delta until
//! autovacuum comes by.

use std::time::Duration;

use serde_json::Value;

use crate::common::{Ctx, account, count, exec, tree, user};
use crate::process::{Server, agent, call, wait_for};

fn pages(c: &mut diesel::pg::PgConnection) -> i64 {
    count(c, "SELECT pg_relation_size('rollup_pending') / 8192 AS n")
}

#[test]
fn the_server_folds_what_writers_left_pending_and_vacuums_the_table_back_to_empty() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    // Only the folder can shrink the table here.
    exec(&mut c, "ALTER TABLE rollup_pending SET (autovacuum_enabled = false)");
    let acc = account(&mut c, "Acme");
    let admin = user(&mut c, acc, "super_admin", "Ada");
    let engineer = user(&mut c, acc, "engineer", "Eve");
    let flow = tree(&mut c, acc, "Printers");
    // A burst of 6,000 completed sessions over the last four days, one delta row each.
    exec(
        &mut c,
        &format!(
            "INSERT INTO sessions (id, account_id, tree_id, user_id, started_at, completed_at, outcome)
             SELECT gen_random_uuid(), '{acc}', '{flow}', '{engineer}', now() - make_interval(mins => g),
                    now() - make_interval(mins => g) + interval '4 minutes', 'resolved'
               FROM generate_series(1, 6000) g"
        ),
    );
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM rollup_pending"), 6000);
    let burst = pages(&mut c);
    assert!(burst >= 40, "the burst fills {burst} pages");

    let server = Server::start(ctx.db.url(), &[]);
    wait_for("the folder to fold the burst and vacuum its table", Duration::from_secs(20), || {
        (count(&mut c, "SELECT count(*) AS n FROM rollup_pending") == 0 && pages(&mut c) == 0).then_some(())
    });
    assert_eq!(
        count(&mut c, &format!("SELECT sessions AS n FROM rollup_flow_cum WHERE tree_id = '{flow}' AND is_latest")),
        6000
    );
    let a = call(&agent(), &server, "GET", "/api/v1/analytics/team?period=7d", Some(&ctx.token(admin)), None).unwrap();
    assert_eq!(a.status, 200, "{a:?}");
    let summary: &Value = &a.body["summary"];
    assert_eq!((summary["total_sessions"].as_i64(), summary["completed_sessions"].as_i64()), (Some(6000), Some(6000)));
    assert_eq!(summary["avg_duration_minutes"].as_f64(), Some(4.0));
}

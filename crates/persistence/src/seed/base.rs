//! The demo account's people, flows and sessions.

use crate::sql::Count;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::Error;
use uuid::{Uuid, uuid};

pub const DEMO_ACCOUNT_ID: Uuid = uuid!("0190f000-0000-7000-8000-000000000001");

/// A demo user: fixed id, role, email and whether it may view admin pages.
#[derive(Debug, Clone, Copy)]
pub struct DemoUser {
    pub id: Uuid,
    pub label: &'static str,
    pub role: &'static str,
    pub email: &'static str,
    pub name: &'static str,
    pub can_view_admin: bool,
}

const fn u(n: u128) -> Uuid {
    Uuid::from_u128(0x0190f000_0000_7000_8000_000000001000 + n)
}

pub const DEMO_USERS: [DemoUser; 10] = [
    DemoUser {
        id: u(1),
        label: "super_admin",
        role: "super_admin",
        email: "owner@demo.example",
        name: "Olivia Owner",
        can_view_admin: false,
    },
    DemoUser {
        id: u(2),
        label: "team_admin",
        role: "team_admin",
        email: "admin@demo.example",
        name: "Adam Admin",
        can_view_admin: false,
    },
    DemoUser {
        id: u(3),
        label: "engineer",
        role: "engineer",
        email: "engineer@demo.example",
        name: "Erin Engineer",
        can_view_admin: false,
    },
    DemoUser {
        id: u(4),
        label: "viewer",
        role: "viewer",
        email: "viewer@demo.example",
        name: "Victor Viewer",
        can_view_admin: false,
    },
    DemoUser {
        id: u(5),
        label: "admin_viewer",
        role: "engineer",
        email: "auditor@demo.example",
        name: "Audrey Auditor",
        can_view_admin: true,
    },
    DemoUser {
        id: u(6),
        label: "engineer2",
        role: "engineer",
        email: "jane@demo.example",
        name: "Jane Smith",
        can_view_admin: false,
    },
    DemoUser {
        id: u(7),
        label: "engineer3",
        role: "engineer",
        email: "john@demo.example",
        name: "John Park",
        can_view_admin: false,
    },
    DemoUser {
        id: u(8),
        label: "engineer4",
        role: "engineer",
        email: "maria@demo.example",
        name: "Maria Garcia",
        can_view_admin: false,
    },
    DemoUser {
        id: u(9),
        label: "engineer5",
        role: "engineer",
        email: "sam@demo.example",
        name: "Sam Lee",
        can_view_admin: false,
    },
    DemoUser {
        id: u(10),
        label: "engineer6",
        role: "engineer",
        email: "priya@demo.example",
        name: "Priya Patel",
        can_view_admin: false,
    },
];

const FLOWS: [(&str, &str); 6] = [
    ("DNS Resolution", "troubleshooting"),
    ("Outlook Won't Connect", "troubleshooting"),
    ("VPN Drops", "troubleshooting"),
    ("New Hire Onboarding", "procedural"),
    ("Printer Offline", "troubleshooting"),
    ("Monthly Patch Window", "maintenance"),
];

const STEPS: [&str; 12] = [
    "Check network cable and link lights",
    "Run ipconfig /all",
    "Flush the DNS cache",
    "Ping the default gateway",
    "Restart the affected service",
    "Check the event log",
    "Verify the user's licence",
    "Recreate the mail profile",
    "Reinstall the client",
    "Check firewall rules",
    "Escalate to tier 2",
    "Confirm with the user",
];

pub(crate) fn flow_id(i: usize) -> Uuid {
    Uuid::from_u128(0x0190f000_0000_7000_8000_000000002000 + i as u128)
}

pub(crate) fn step_id(i: usize) -> Uuid {
    Uuid::from_u128(0x0190f000_0000_7000_8000_000000003000 + i as u128)
}

fn team_id(i: usize) -> Uuid {
    Uuid::from_u128(0x0190f000_0000_7000_8000_000000004000 + i as u128)
}

pub(super) fn seed(c: &mut PgConnection) -> Result<(), Error> {
    diesel::sql_query(
        "INSERT INTO accounts (id, name, timezone) VALUES ($1, 'Demo MSP', 'America/New_York')
         ON CONFLICT (id) DO NOTHING",
    )
    .bind::<diesel::sql_types::Uuid, _>(DEMO_ACCOUNT_ID)
    .execute(c)?;
    for du in DEMO_USERS {
        diesel::sql_query(
            "INSERT INTO users (id, account_id, email, name, role, can_view_admin)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
        )
        .bind::<diesel::sql_types::Uuid, _>(du.id)
        .bind::<diesel::sql_types::Uuid, _>(DEMO_ACCOUNT_ID)
        .bind::<diesel::sql_types::Text, _>(du.email)
        .bind::<diesel::sql_types::Text, _>(du.name)
        .bind::<diesel::sql_types::Text, _>(du.role)
        .bind::<diesel::sql_types::Bool, _>(du.can_view_admin)
        .execute(c)?;
    }
    for (i, name) in ["Tier 1", "Tier 2"].iter().enumerate() {
        diesel::sql_query("INSERT INTO teams (id, account_id, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING")
            .bind::<diesel::sql_types::Uuid, _>(team_id(i))
            .bind::<diesel::sql_types::Uuid, _>(DEMO_ACCOUNT_ID)
            .bind::<diesel::sql_types::Text, _>(*name)
            .execute(c)?;
    }
    // Tier 1: the engineers 3, 6, 7; Tier 2: 8, 9, 10 and the admin.
    for (team, users) in [(0usize, [2usize, 5, 6, 6]), (1, [7, 8, 9, 1])] {
        for ui in users {
            diesel::sql_query("INSERT INTO team_members (team_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind::<diesel::sql_types::Uuid, _>(team_id(team))
                .bind::<diesel::sql_types::Uuid, _>(DEMO_USERS[ui].id)
                .execute(c)?;
        }
    }
    for (i, title) in STEPS.iter().enumerate() {
        diesel::sql_query(
            "INSERT INTO step_library (id, account_id, title) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
        )
        .bind::<diesel::sql_types::Uuid, _>(step_id(i))
        .bind::<diesel::sql_types::Uuid, _>(DEMO_ACCOUNT_ID)
        .bind::<diesel::sql_types::Text, _>(*title)
        .execute(c)?;
    }
    for (i, (name, kind)) in FLOWS.iter().enumerate() {
        diesel::sql_query(
            "INSERT INTO trees (id, account_id, author_id, name, tree_type) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind::<diesel::sql_types::Uuid, _>(flow_id(i))
        .bind::<diesel::sql_types::Uuid, _>(DEMO_ACCOUNT_ID)
        .bind::<diesel::sql_types::Uuid, _>(DEMO_USERS[1].id)
        .bind::<diesel::sql_types::Text, _>(*name)
        .bind::<diesel::sql_types::Text, _>(*kind)
        .execute(c)?;
        // Five nodes a flow; each references a library step (shared across flows), the last a
        // closing node with no step.
        for n in 0..6usize {
            let step = if n < 5 { Some(step_id((i * 2 + n) % STEPS.len())) } else { None };
            let title = match step {
                Some(_) => STEPS[(i * 2 + n) % STEPS.len()].to_owned(),
                None => "Done".to_owned(),
            };
            diesel::sql_query(
                "INSERT INTO tree_nodes (tree_id, node_id, title, step_id, position) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT DO NOTHING",
            )
            .bind::<diesel::sql_types::Uuid, _>(flow_id(i))
            .bind::<diesel::sql_types::Text, _>(format!("n{}", n + 1))
            .bind::<diesel::sql_types::Text, _>(title)
            .bind::<diesel::sql_types::Nullable<diesel::sql_types::Uuid>, _>(step)
            .bind::<diesel::sql_types::Integer, _>(n as i32)
            .execute(c)?;
        }
    }
    // Sessions: ~4,000 over the last 120 days, weekday-heavy, by the engineers (and the admins now
    // and then), with a realistic outcome mix and durations of 3-45 minutes; ~4 % still open.
    // Deterministic: setseed, and only when the account has no sessions yet.
    if count_sessions(c)? == 0 {
        diesel::sql_query("SELECT setseed(0.42)").execute(c)?;
        diesel::sql_query(
            "WITH people AS (SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE account_id = $1),
                  flows AS (SELECT array_agg(id ORDER BY id) AS ids FROM trees WHERE account_id = $1),
                  raw AS (
                    SELECT date_trunc('day', now()) - make_interval(days => d)
                             + make_interval(mins => (7 * 60 + floor(random() * 11 * 60))::int) AS started,
                           random() AS r_user, random() AS r_flow, random() AS r_out, random() AS r_dur
                      FROM generate_series(0, 119) AS d,
                           LATERAL generate_series(1, CASE WHEN extract(isodow FROM now() - make_interval(days => d)) > 5
                                                           THEN 8 ELSE 40 END) AS k)
             INSERT INTO sessions (account_id, tree_id, user_id, started_at, completed_at, outcome)
             SELECT $1,
                    f.ids[1 + floor(power(r_flow, 1.6) * array_length(f.ids, 1))::int],
                    p.ids[1 + floor(r_user * array_length(p.ids, 1))::int],
                    started,
                    CASE WHEN r_out < 0.96 AND started + make_interval(mins => (3 + floor(r_dur * 42))::int) < now()
                         THEN started + make_interval(mins => (3 + floor(r_dur * 42))::int) END,
                    CASE WHEN r_out < 0.96 AND started + make_interval(mins => (3 + floor(r_dur * 42))::int) < now()
                         THEN CASE WHEN r_out < 0.62 THEN 'resolved' WHEN r_out < 0.78 THEN 'escalated'
                                   WHEN r_out < 0.90 THEN 'workaround' ELSE 'unresolved' END END
               FROM raw, people p, flows f
              WHERE started < now()
              -- Oldest first: each session then lands on its flow's and user's latest prefix row
              -- (newest first, every insert would move all the rows of the days after it).
              ORDER BY started",
        )
        .bind::<diesel::sql_types::Uuid, _>(DEMO_ACCOUNT_ID)
        .execute(c)?;
    }
    Ok(())
}

pub(super) fn count_sessions(c: &mut PgConnection) -> Result<i64, Error> {
    diesel::sql_query("SELECT count(*) AS n FROM sessions WHERE account_id = $1")
        .bind::<diesel::sql_types::Uuid, _>(DEMO_ACCOUNT_ID)
        .get_result::<Count>(c)
        .map(|r| r.n)
}

//! Demo data of the conversations capability: conversations of demo users with messages, direct
//! shares (`view`, `comment` and a legacy null), a team share, a public conversation, a private
//! one only auditors can open, a soft-deleted one, and message feedback. Fixed ids and
//! `ON CONFLICT DO NOTHING`: running it again changes nothing.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::Error;
use diesel::sql_types::{Bool, Integer, Nullable, Text, Uuid as SqlUuid};
use uuid::Uuid;

use super::base::{DEMO_ACCOUNT_ID, DEMO_USERS};

fn conversation_id(i: usize) -> Uuid {
    Uuid::from_u128(0x0190f000_0000_7000_8000_000000005000 + i as u128)
}

fn message_id(conversation: usize, n: usize) -> Uuid {
    Uuid::from_u128(0x0190f000_0000_7000_8000_000000006000 + (conversation * 16 + n) as u128)
}

fn team_id(i: usize) -> Uuid {
    Uuid::from_u128(0x0190f000_0000_7000_8000_000000004000 + i as u128)
}

fn user(i: usize) -> Uuid {
    DEMO_USERS[i].id
}

/// (owner index in DEMO_USERS, title, is_public, public_permission, deleted, days ago)
type DemoConversation = (usize, &'static str, bool, Option<&'static str>, bool, i32);

const CONVERSATIONS: [DemoConversation; 5] = [
    (2, "DNS cache keeps coming back", false, None, false, 2),
    (5, "Outlook profile rebuild", false, None, false, 5),
    (7, "Printer queue stuck after patching", true, Some("view"), false, 9),
    (8, "VPN split tunnelling question", false, None, false, 14),
    (2, "Old draft about licences", false, None, true, 30),
];

const EXCHANGES: [[(&str, &str); 4]; 5] = [
    [
        ("user", "Clients keep resolving the old IP after we moved the file server. What should I check?"),
        (
            "assistant",
            "Flush the DNS cache on the client (ipconfig /flushdns), then check the TTL of the record on the DNS server; a long TTL keeps stale answers cached for hours.",
        ),
        ("user", "Flushing fixed one laptop, but it came back the next morning."),
        (
            "assistant",
            "Then something re-registers the old address: look for a static entry in the hosts file or a second A record for the same name left over from the migration.",
        ),
    ],
    [
        ("user", "Outlook says it cannot connect for one user only."),
        (
            "assistant",
            "Recreate the mail profile from Control Panel > Mail > Show Profiles, and set the new profile as the default.",
        ),
        ("user", "Done, still disconnected."),
        (
            "assistant",
            "Check the user's licence in the admin centre: an unlicensed mailbox refuses the connection with the same message.",
        ),
    ],
    [
        ("user", "After last night's patch window the print queue on PRN-02 is stuck."),
        (
            "assistant",
            "Restart the Print Spooler service and clear C:\\Windows\\System32\\spool\\PRINTERS before starting it again.",
        ),
        ("user", "Spooler restarted, jobs still pile up."),
        (
            "assistant",
            "Roll back the driver to the previous version: some patches replace type-4 drivers and break queues until the vendor driver is reinstalled.",
        ),
    ],
    [
        ("user", "Should the VPN send all traffic through the tunnel?"),
        (
            "assistant",
            "Split tunnelling keeps internet traffic local and sends only corporate ranges through the VPN; it cuts load but needs the endpoint protection to cover local traffic.",
        ),
        ("user", "Which ranges do we include?"),
        (
            "assistant",
            "Your internal subnets and the SaaS ranges that require your egress IP; everything else can go direct.",
        ),
    ],
    [
        ("user", "Which licence does a shared mailbox need?"),
        ("assistant", "None below 50 GB, unless you enable archiving or litigation hold."),
        ("user", "Thanks."),
        ("assistant", "You're welcome."),
    ],
];

/// (conversation, message, rater index, rating, reason, comment, hours ago)
type DemoFeedback = (usize, usize, usize, &'static str, Option<&'static str>, Option<&'static str>, i32);

const FEEDBACK: [DemoFeedback; 8] = [
    (0, 1, 2, "positive", None, Some("Flushing worked right away."), 40),
    (0, 3, 2, "negative", Some("Not specific enough"), Some("It was a DHCP reservation, not the hosts file."), 30),
    (0, 3, 6, "positive", Some("Pointed at the right place"), None, 28),
    (
        1,
        1,
        5,
        "negative",
        Some("Did not solve the problem"),
        Some("The profile was fine; the licence was the issue."),
        100,
    ),
    (1, 3, 5, "positive", None, None, 99),
    (2, 3, 7, "positive", Some("Accurate"), Some("Rolling back the driver fixed PRN-02."), 200),
    (3, 1, 8, "negative", Some("Too vague"), None, 320),
    (4, 1, 2, "positive", None, Some("Good to know."), 700),
];

pub(super) fn seed(c: &mut PgConnection) -> Result<(), Error> {
    for (i, (owner, title, public, public_perm, deleted, days)) in CONVERSATIONS.iter().enumerate() {
        diesel::sql_query(
            "INSERT INTO conversations (id, account_id, owner_id, title, is_public, public_permission, created_at, \
                                        updated_at, deleted_at) \
             VALUES ($1, $2, $3, $4, $5, $6, now() - make_interval(days => $7), \
                     now() - make_interval(days => $7) + interval '20 minutes', \
                     CASE WHEN $8 THEN now() - make_interval(days => $7 - 1) END) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind::<SqlUuid, _>(conversation_id(i))
        .bind::<SqlUuid, _>(DEMO_ACCOUNT_ID)
        .bind::<SqlUuid, _>(user(*owner))
        .bind::<Text, _>(*title)
        .bind::<Bool, _>(*public)
        .bind::<Nullable<Text>, _>(*public_perm)
        .bind::<Integer, _>(*days)
        .bind::<Bool, _>(*deleted)
        .execute(c)?;
        for (n, (role, content)) in EXCHANGES[i].iter().enumerate() {
            diesel::sql_query(
                "INSERT INTO messages (id, conversation_id, client_message_id, role, content, sender_id, created_at, \
                                       updated_at) \
                 VALUES ($1, $2, $3, $4, $5, CASE WHEN $4 = 'user' THEN $6 END, \
                         now() - make_interval(days => $7) + make_interval(mins => $8), \
                         now() - make_interval(days => $7) + make_interval(mins => $8)) \
                 ON CONFLICT DO NOTHING",
            )
            .bind::<SqlUuid, _>(message_id(i, n))
            .bind::<SqlUuid, _>(conversation_id(i))
            .bind::<Text, _>(format!("demo-{i}-{n}"))
            .bind::<Text, _>(*role)
            .bind::<Text, _>(*content)
            .bind::<SqlUuid, _>(user(*owner))
            .bind::<Integer, _>(*days)
            .bind::<Integer, _>(n as i32 * 3)
            .execute(c)?;
        }
    }
    // Direct shares of the first conversation: Jane can view, John can edit, Maria holds a legacy
    // share (no permission recorded: full access). A revoked share of Priya shows revocation.
    for (user_index, permission, revoked) in
        [(5, Some("view"), false), (6, Some("comment"), false), (7, None, false), (9, Some("view"), true)]
    {
        diesel::sql_query(
            "INSERT INTO conversation_shares (conversation_id, user_id, permission, granted_by, granted_at, revoked_at) \
             VALUES ($1, $2, $3, $4, now() - interval '1 day', CASE WHEN $5 THEN now() - interval '2 hours' END) \
             ON CONFLICT DO NOTHING",
        )
        .bind::<SqlUuid, _>(conversation_id(0))
        .bind::<SqlUuid, _>(user(user_index))
        .bind::<Nullable<Text>, _>(permission)
        .bind::<SqlUuid, _>(user(2))
        .bind::<Bool, _>(revoked)
        .execute(c)?;
    }
    // Jane's Outlook conversation is shared with Tier 2 (can edit).
    diesel::sql_query(
        "INSERT INTO conversation_team_shares (conversation_id, team_id, permission, granted_by) \
         VALUES ($1, $2, 'comment', $3) ON CONFLICT DO NOTHING",
    )
    .bind::<SqlUuid, _>(conversation_id(1))
    .bind::<SqlUuid, _>(team_id(1))
    .bind::<SqlUuid, _>(user(5))
    .execute(c)?;
    for (conv, msg, rater, rating, reason, comment, hours) in FEEDBACK {
        diesel::sql_query(
            "INSERT INTO message_feedback (message_id, user_id, rating, reason, comment, submitted_at) \
             VALUES ($1, $2, $3, $4, $5, now() - make_interval(hours => $6)) ON CONFLICT DO NOTHING",
        )
        .bind::<SqlUuid, _>(message_id(conv, msg))
        .bind::<SqlUuid, _>(user(rater))
        .bind::<Text, _>(rating)
        .bind::<Nullable<Text>, _>(reason)
        .bind::<Nullable<Text>, _>(comment)
        .bind::<Integer, _>(hours)
        .execute(c)?;
    }
    Ok(())
}

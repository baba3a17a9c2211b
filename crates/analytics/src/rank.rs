//! Leaderboards: top 10 by sessions descending, then name ascending (case-insensitive), then id.

use insights_domain::ports::GroupTotals;

pub const TOP: usize = 10;

/// The groups with at least one session, ranked, at most `TOP`.
pub fn top(mut groups: Vec<GroupTotals>) -> Vec<GroupTotals> {
    groups.retain(|g| g.totals.sessions > 0);
    groups.sort_by(|a, b| {
        b.totals
            .sessions
            .cmp(&a.totals.sessions)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
            .then_with(|| a.id.cmp(&b.id))
    });
    groups.truncate(TOP);
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use insights_domain::ports::Totals;
    use uuid::Uuid;

    fn g(id: u128, name: &str, sessions: i64) -> GroupTotals {
        GroupTotals { id: Uuid::from_u128(id), name: name.into(), totals: Totals { sessions, ..Totals::default() } }
    }

    #[test]
    fn ties_break_by_name_case_insensitively_then_by_id() {
        let ranked = top(vec![g(1, "beta", 5), g(2, "Alpha", 5), g(3, "zeta", 9), g(5, "alpha", 5), g(4, "alpha", 5)]);
        let order: Vec<u128> = ranked.iter().map(|g| g.id.as_u128()).collect();
        // "Alpha"/"alpha"/"alpha" compare equal ignoring case, so ids 2, 4, 5 in id order.
        assert_eq!(order, vec![3, 2, 4, 5, 1]);
    }

    #[test]
    fn at_most_ten_and_never_empty_groups() {
        let mut groups: Vec<GroupTotals> = (0..12).map(|i| g(i, &format!("f{i:02}"), 12 - i as i64)).collect();
        groups.push(g(99, "no sessions", 0));
        let ranked = top(groups);
        assert_eq!(ranked.len(), 10);
        assert_eq!(ranked[0].name, "f00");
        assert_eq!(ranked[9].name, "f09");
    }
}

use chrono::{DateTime, NaiveDate, Utc};
use mockall::predicate::eq;
use uuid::Uuid;

use super::*;
use crate::page::{Page, PageRequest};
use crate::ports::{AccountDirectory, MockAccountDirectory, MockNpsRepo};
use crate::{Actor, Role};

// Each request as the api runs it: the role check the spec orders first, the command parsed,
// then the service called (which checks the role again).

fn svc(repo: MockNpsRepo) -> NpsService {
    NpsService::new(std::sync::Arc::new(repo), zone(Some("UTC")))
}

/// A directory where every account has the zone `name` (`None`: no such account).
fn zone(name: Option<&'static str>) -> std::sync::Arc<dyn AccountDirectory> {
    let mut d = MockAccountDirectory::new();
    d.expect_account_timezone().returning(move |_| Ok(name.map(str::to_owned)));
    std::sync::Arc::new(d)
}

fn create_campaign(
    repo: MockNpsRepo,
    actor: &Actor,
    input: &CampaignInput,
    now: DateTime<Utc>,
) -> Result<CampaignView> {
    actor.require_admin()?;
    svc(repo).create_campaign(actor, validate_campaign(input)?, now)
}

fn list_campaigns(
    repo: MockNpsRepo,
    actor: &Actor,
    page: PageRequest,
    now: DateTime<Utc>,
) -> Result<Page<CampaignView>> {
    svc(repo).list_campaigns(actor, page, now)
}

fn stop_campaign(repo: MockNpsRepo, actor: &Actor, id: Uuid, now: DateTime<Utc>) -> Result<CampaignView> {
    svc(repo).stop_campaign(actor, id, now)
}

fn active_survey(repo: MockNpsRepo, actor: &Actor, now: DateTime<Utc>) -> Result<Option<ActiveSurvey>> {
    svc(repo).active_survey(actor, now)
}

fn submit_response(
    repo: MockNpsRepo,
    actor: &Actor,
    new: Result<NewResponse>,
    now: DateTime<Utc>,
) -> Result<NpsResponse> {
    svc(repo).submit_response(actor, new?, now)
}

fn dashboard(repo: MockNpsRepo, actor: &Actor, campaign_id: Option<Uuid>, now: DateTime<Utc>) -> Result<Dashboard> {
    svc(repo).dashboard(actor, campaign_id, now)
}

/// The dashboard of an account whose stored zone is `tz`.
fn dashboard_in(
    tz: &'static str,
    repo: MockNpsRepo,
    actor: &Actor,
    campaign_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Dashboard> {
    NpsService::new(std::sync::Arc::new(repo), zone(Some(tz))).dashboard(actor, campaign_id, now)
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const ACCOUNT: Uuid = Uuid::from_u128(0xa);
const ADMIN: Uuid = Uuid::from_u128(0x1);
const CAMPAIGN: Uuid = Uuid::from_u128(0xc);

fn actor(role: Role, can_view_admin: bool) -> Actor {
    Actor { user_id: ADMIN, account_id: ACCOUNT, role, can_view_admin }
}

fn admin() -> Actor {
    actor(Role::TeamAdmin, false)
}

fn campaign(name: &str, starts: &str, ends: &str) -> Campaign {
    Campaign {
        id: CAMPAIGN,
        account_id: ACCOUNT,
        name: name.into(),
        starts_at: utc(starts),
        ends_at: utc(ends),
        created_by: Some(ADMIN),
        created_at: utc("2026-01-01T00:00:00Z"),
        stopped_by: None,
        stopped_at: None,
    }
}

fn stats(c: Campaign, responses: i64) -> CampaignStats {
    CampaignStats { campaign: c, response_count: responses, active_respondents: responses }
}

fn summary_of(scores: &[u8]) -> NpsSummary {
    summarize(ScoreCounts::from_scores(scores))
}

fn pcts(s: &NpsSummary) -> (Option<i64>, Option<i64>, Option<i64>) {
    (s.promoter_pct, s.passive_pct, s.detractor_pct)
}

// ---- the spec's numbered cases -------------------------------------------------------------------

#[test]
fn ten_nine_seven_three_scores_25_with_2_1_1_and_50_25_25() {
    let s = summary_of(&[10, 9, 7, 3]);
    assert_eq!(s.nps_score, Some(25));
    assert_eq!(s.counts, ScoreCounts { promoters: 2, passives: 1, detractors: 1 });
    assert_eq!(s.total, 4);
    assert_eq!(pcts(&s), (Some(50), Some(25), Some(25)));
    assert_eq!(s.confidence, Some(Confidence { low: -56, high: 100 }));
}

#[test]
fn ten_tens_score_100() {
    let s = summary_of(&[10; 10]);
    assert_eq!(s.nps_score, Some(100));
    assert_eq!(pcts(&s), (Some(100), Some(0), Some(0)));
    assert_eq!(s.confidence, Some(Confidence { low: 100, high: 100 }));
}

#[test]
fn ten_zeros_score_minus_100() {
    let s = summary_of(&[0; 10]);
    assert_eq!(s.nps_score, Some(-100));
    assert_eq!(pcts(&s), (Some(0), Some(0), Some(100)));
    assert_eq!(s.confidence, Some(Confidence { low: -100, high: -100 }));
}

#[test]
fn only_passives_score_0_with_passive_pct_100() {
    let s = summary_of(&[7, 8]);
    assert_eq!(s.nps_score, Some(0));
    assert_eq!(pcts(&s), (Some(0), Some(100), Some(0)));
    assert_eq!(s.confidence, Some(Confidence { low: 0, high: 0 }));
}

#[test]
fn nine_nine_zero_scores_33_with_67_0_33() {
    let s = summary_of(&[9, 9, 0]);
    assert_eq!(s.nps_score, Some(33));
    assert_eq!(pcts(&s), (Some(67), Some(0), Some(33)));
    assert_eq!(s.confidence, Some(Confidence { low: -73, high: 100 }));
}

#[test]
fn a_half_point_score_rounds_up_to_13_with_50_13_38() {
    let s = summary_of(&[0, 0, 0, 9, 9, 9, 9, 7]);
    assert_eq!(s.nps_score, Some(13));
    assert_eq!(pcts(&s), (Some(50), Some(13), Some(38)));
    assert_eq!(s.confidence, Some(Confidence { low: -52, high: 77 }));
}

#[test]
fn a_negative_half_point_score_rounds_toward_plus_infinity_to_minus_12_with_38_13_50() {
    let s = summary_of(&[0, 0, 0, 0, 9, 9, 9, 7]);
    assert_eq!(s.nps_score, Some(-12));
    assert_eq!(pcts(&s), (Some(38), Some(13), Some(50)));
    assert_eq!(s.confidence, Some(Confidence { low: -77, high: 52 }));
}

#[test]
fn a_day_with_nine_seven_three_has_count_3_avg_6_3_and_nps_0() {
    let p = TrendPoint::from_aggregate(&DayAggregate::from_scores(date("2026-03-01"), &[9, 7, 3]));
    assert_eq!(p, TrendPoint { date: date("2026-03-01"), count: 3, avg_score: Some(6.3), nps: Some(0) });
}

#[test]
fn a_day_with_ten_nine_has_avg_9_5_and_nps_100() {
    let p = TrendPoint::from_aggregate(&DayAggregate::from_scores(date("2026-03-01"), &[10, 9]));
    assert_eq!(p, TrendPoint { date: date("2026-03-01"), count: 2, avg_score: Some(9.5), nps: Some(100) });
}

// ---- more math -----------------------------------------------------------------------------------

#[test]
fn rounding_is_half_toward_plus_infinity() {
    assert_eq!(round_ratio_half_up(125, 10), 13);
    assert_eq!(round_ratio_half_up(-125, 10), -12);
    assert_eq!(round_ratio_half_up(-126, 10), -13);
    assert_eq!(round_ratio_half_up(-124, 10), -12);
    assert_eq!(round_ratio_half_up(0, 7), 0);
    assert_eq!(round_half_up(12.5), 13);
    assert_eq!(round_half_up(-12.5), -12);
    assert_eq!(round_half_up(-12.6), -13);
}

#[test]
fn no_responses_give_zero_counts_and_null_figures() {
    let s = summary_of(&[]);
    assert_eq!(s.total, 0);
    assert_eq!(s.counts, ScoreCounts::default());
    assert_eq!((s.nps_score, s.confidence), (None, None));
    assert_eq!(pcts(&s), (None, None, None));
}

#[test]
fn one_response_has_a_score_but_no_interval() {
    let s = summary_of(&[9]);
    assert_eq!(s.nps_score, Some(100));
    assert_eq!(s.confidence, None);
}

#[test]
fn the_interval_is_clamped_to_plus_minus_100() {
    assert_eq!(summary_of(&[9, 0]).confidence, Some(Confidence { low: -100, high: 100 }));
    assert_eq!(summary_of(&[9, 7, 3]).confidence, Some(Confidence { low: -92, high: 92 }));
}

#[test]
fn percentages_are_rounded_independently_and_may_sum_to_101() {
    // 1/3 each: 33.33 → 33; 2/3: 66.67 → 67
    let s = summary_of(&[9, 7, 0]);
    assert_eq!(pcts(&s), (Some(33), Some(33), Some(33)));
    // 1/8 = 12.5 → 13, 3/8 = 37.5 → 38, 4/8 = 50: sum 101
    let s = summary_of(&[9, 7, 7, 7, 0, 0, 0, 0]);
    assert_eq!(pcts(&s), (Some(13), Some(38), Some(50)));
}

#[test]
fn scores_are_whole_numbers_from_0_to_10_with_their_categories() {
    assert_eq!(NpsScore::new(0).map(NpsScore::category), Ok(Category::Detractor));
    assert_eq!(NpsScore::new(6).map(NpsScore::category), Ok(Category::Detractor));
    assert_eq!(NpsScore::new(7).map(NpsScore::category), Ok(Category::Passive));
    assert_eq!(NpsScore::new(8).map(NpsScore::category), Ok(Category::Passive));
    assert_eq!(NpsScore::new(9).map(NpsScore::category), Ok(Category::Promoter));
    assert_eq!(NpsScore::new(10).map(NpsScore::category), Ok(Category::Promoter));
    for bad in [-1, 11, 255, 256] {
        assert_eq!(NpsScore::new(bad), Err(Error::invalid("score", "must be a whole number from 0 to 10")));
    }
}

#[test]
fn ratios_round_half_away_from_zero_at_their_decimals() {
    assert_eq!(ratio_decimals(19, 3, 1), Some(6.3));
    assert_eq!(ratio_decimals(19, 2, 1), Some(9.5));
    assert_eq!(ratio_decimals(1, 16, 1), Some(0.1)); // 0.0625
    assert_eq!(ratio_decimals(1, 3, 3), Some(0.333));
    assert_eq!(ratio_decimals(2, 3, 3), Some(0.667));
    assert_eq!(ratio_decimals(1, 2000, 3), Some(0.001)); // 0.0005
    assert_eq!(ratio_decimals(-1, 2000, 3), Some(-0.001));
    assert_eq!(ratio_decimals(5, 0, 3), None);
}

#[test]
fn the_trend_has_30_buckets_oldest_first_ending_today() {
    let today = date("2026-03-10");
    let days = [
        DayAggregate::from_scores(date("2026-03-10"), &[10, 9]),
        DayAggregate::from_scores(date("2026-02-09"), &[9, 7, 3]),
        DayAggregate::from_scores(date("2026-02-08"), &[0]), // outside the window
    ];
    let t = trend(&days, today);
    assert_eq!(t.len(), 30);
    assert_eq!(t[0], TrendPoint { date: date("2026-02-09"), count: 3, avg_score: Some(6.3), nps: Some(0) });
    assert_eq!(t[1], TrendPoint { date: date("2026-02-10"), count: 0, avg_score: None, nps: None });
    assert_eq!(t[29], TrendPoint { date: today, count: 2, avg_score: Some(9.5), nps: Some(100) });
    assert_eq!(t.iter().map(|p| p.count).sum::<i64>(), 5);
}

// ---- status and overlap --------------------------------------------------------------------------

#[test]
fn status_is_scheduled_then_active_inclusive_then_ended() {
    let c = campaign("Q1", "2026-01-10T10:00:00Z", "2026-01-20T10:00:00Z");
    assert_eq!(c.status(utc("2026-01-10T09:59:59.999Z")), CampaignStatus::Scheduled);
    assert_eq!(c.status(utc("2026-01-10T10:00:00Z")), CampaignStatus::Active);
    assert_eq!(c.status(utc("2026-01-15T00:00:00Z")), CampaignStatus::Active);
    assert_eq!(c.status(utc("2026-01-20T10:00:00Z")), CampaignStatus::Active);
    assert_eq!(c.status(utc("2026-01-20T10:00:00.001Z")), CampaignStatus::Ended);
}

#[test]
fn a_stopped_campaign_is_ended_even_before_its_end() {
    let mut c = campaign("Q1", "2026-01-10T00:00:00Z", "2026-01-20T00:00:00Z");
    c.ends_at = utc("2026-01-12T00:00:00Z");
    c.stopped_at = Some(utc("2026-01-12T00:00:00Z"));
    c.stopped_by = Some(ADMIN);
    assert_eq!(c.status(utc("2026-01-11T00:00:00Z")), CampaignStatus::Ended);
    assert_eq!(c.status(utc("2026-01-12T00:00:00Z")), CampaignStatus::Ended);
    assert_eq!(c.status(utc("2026-01-05T00:00:00Z")), CampaignStatus::Ended);
}

#[test]
fn closed_ranges_overlap_when_they_intersect_or_touch() {
    let c = campaign("Q1", "2026-01-10T10:00:00Z", "2026-01-20T10:00:00Z");
    assert!(c.overlaps(utc("2026-01-20T10:00:00Z"), utc("2026-01-25T00:00:00Z")));
    assert!(c.overlaps(utc("2026-01-01T00:00:00Z"), utc("2026-01-10T10:00:00Z")));
    assert!(c.overlaps(utc("2026-01-12T00:00:00Z"), utc("2026-01-13T00:00:00Z")));
    assert!(c.overlaps(utc("2026-01-01T00:00:00Z"), utc("2026-02-01T00:00:00Z")));
    assert!(!c.overlaps(utc("2026-01-20T10:00:00.001Z"), utc("2026-01-25T00:00:00Z")));
    assert!(!c.overlaps(utc("2026-01-01T00:00:00Z"), utc("2026-01-10T09:59:59.999Z")));
}

#[test]
fn a_campaign_stopped_early_still_blocks_its_shortened_range() {
    let mut c = campaign("Q1", "2026-01-10T00:00:00Z", "2026-01-20T00:00:00Z");
    c.ends_at = utc("2026-01-12T00:00:00Z");
    c.stopped_at = Some(c.ends_at);
    assert!(c.blocks());
    assert!(c.overlaps(utc("2026-01-11T00:00:00Z"), utc("2026-01-11T12:00:00Z")));
    assert!(!c.overlaps(utc("2026-01-12T00:00:00.001Z"), utc("2026-01-19T00:00:00Z")));
}

#[test]
fn a_scheduled_campaign_stopped_before_it_started_blocks_nothing() {
    let mut c = campaign("Later", "2026-02-01T00:00:00Z", "2026-02-10T00:00:00Z");
    c.ends_at = utc("2026-01-15T00:00:00Z");
    c.stopped_at = Some(c.ends_at);
    assert!(!c.blocks());
    assert!(!c.overlaps(utc("2026-01-01T00:00:00Z"), utc("2026-03-01T00:00:00Z")));
}

#[test]
fn ended_campaigns_still_take_part_in_the_overlap_rule() {
    let c = campaign("Old", "2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z");
    assert_eq!(c.status(utc("2026-01-01T00:00:00Z")), CampaignStatus::Ended);
    assert!(c.overlaps(utc("2025-01-15T00:00:00Z"), utc("2026-01-01T00:00:00Z")));
}

#[test]
fn the_response_rate_is_active_respondents_over_active_users_with_3_decimals() {
    let now = utc("2026-01-15T00:00:00Z");
    let c = campaign("Q1", "2026-01-10T00:00:00Z", "2026-01-20T00:00:00Z");
    let v = CampaignView::new(CampaignStats { campaign: c.clone(), response_count: 3, active_respondents: 2 }, 3, now);
    assert_eq!((v.status, v.response_count, v.response_rate), (CampaignStatus::Active, 3, Some(0.667)));
    let v = CampaignView::new(stats(c, 0), 0, now);
    assert_eq!(v.response_rate, None);
}

// ---- validation ----------------------------------------------------------------------------------

/// A create request as the api decodes it (`None`: missing, null or not a string).
#[derive(Debug, Default)]
struct CampaignInput {
    name: Option<String>,
    starts_at: Option<String>,
    ends_at: Option<String>,
}

fn input(name: Option<&str>, starts: Option<&str>, ends: Option<&str>) -> CampaignInput {
    CampaignInput { name: name.map(Into::into), starts_at: starts.map(Into::into), ends_at: ends.map(Into::into) }
}

fn validate_campaign(i: &CampaignInput) -> Result<NewCampaign> {
    NewCampaign::new(i.name.as_deref(), i.starts_at.as_deref(), i.ends_at.as_deref())
}

#[test]
fn campaign_fields_are_checked_in_the_spec_order() {
    let cases = [
        (input(None, None, None), Error::invalid("name", "must be a string")),
        (input(Some("  "), Some("x"), None), Error::invalid("name", "must not be empty")),
        (input(Some(&"n".repeat(201)), None, None), Error::invalid("name", "must be at most 200 characters")),
        (input(Some("Q\u{0}1"), None, None), Error::invalid("name", "must not contain NUL characters")),
        (input(Some("Q1"), Some("bad"), None), Error::invalid("ends_at", "is required")),
        (input(Some("Q1"), None, Some("bad")), Error::invalid("starts_at", "is required")),
        (input(Some("Q1"), Some("bad"), Some("2026-01-01")), Error::invalid("starts_at", DATE_PROBLEM)),
        (input(Some("Q1"), Some("2026-01-01"), Some("2026-02-30")), Error::invalid("ends_at", DATE_PROBLEM)),
        (
            input(Some("Q1"), Some("2026-01-02"), Some("2026-01-01")),
            Error::invalid("ends_at", "must be after starts_at"),
        ),
        (
            input(Some("Q1"), Some("2026-01-01T10:00:00Z"), Some("2026-01-01T11:00:00+01:00")),
            Error::invalid("ends_at", "must be after starts_at"),
        ),
    ];
    for (i, expected) in cases {
        assert_eq!(validate_campaign(&i), Err(expected), "{i:?}");
    }
}

#[test]
fn a_valid_campaign_is_trimmed_and_dates_accept_offsets_and_bare_dates() {
    let v = validate_campaign(&input(Some("  Q1 NPS "), Some("2026-01-01"), Some("2026-01-31T12:00:00+02:00")));
    assert_eq!(
        v,
        Ok(NewCampaign {
            name: "Q1 NPS".into(),
            starts_at: utc("2026-01-01T00:00:00Z"),
            ends_at: utc("2026-01-31T10:00:00Z")
        })
    );
    assert!(validate_campaign(&input(Some(&"é".repeat(200)), Some("2026-01-01"), Some("2026-01-02"))).is_ok());
}

// ---- services over the port ----------------------------------------------------------------------

#[test]
fn creating_a_campaign_stores_it_and_shows_it_with_no_responses() {
    let now = utc("2026-01-05T00:00:00Z");
    let mut repo = MockNpsRepo::new();
    repo.expect_find_overlapping()
        .with(eq(ACCOUNT), eq(utc("2026-01-10T00:00:00Z")), eq(utc("2026-01-20T00:00:00Z")))
        .returning(|_, _, _| Ok(None));
    repo.expect_insert_campaign()
        .withf(move |acc, by, new, t| {
            *acc == ACCOUNT
                && *by == ADMIN
                && new.name == "Q1"
                && new.starts_at == utc("2026-01-10T00:00:00Z")
                && *t == now
        })
        .returning(|_, _, _, t| {
            let mut c = campaign("Q1", "2026-01-10T00:00:00Z", "2026-01-20T00:00:00Z");
            c.created_at = t;
            Ok(c)
        });
    repo.expect_active_user_count().with(eq(ACCOUNT)).returning(|_| Ok(4));
    let v = create_campaign(repo, &admin(), &input(Some(" Q1 "), Some("2026-01-10"), Some("2026-01-20")), now).unwrap();
    assert_eq!((v.status, v.response_count, v.response_rate), (CampaignStatus::Scheduled, 0, Some(0.0)));
    assert_eq!(v.campaign.created_at, now);
}

#[test]
fn an_overlapping_campaign_is_refused_naming_the_other_one() {
    let mut repo = MockNpsRepo::new();
    repo.expect_find_overlapping()
        .returning(|_, _, _| Ok(Some(campaign("Q1 NPS", "2026-01-01T00:00:00Z", "2026-01-10T00:00:00Z"))));
    repo.expect_insert_campaign().never();
    let err = create_campaign(
        repo,
        &admin(),
        &input(Some("Q2"), Some("2026-01-10"), Some("2026-01-20")),
        utc("2026-01-01T00:00:00Z"),
    )
    .unwrap_err();
    assert_eq!(
        err,
        Error::conflict(ConflictCode::CampaignOverlap, "Campaign \"Q1 NPS\" overlaps with the requested date range")
    );
}

#[test]
fn an_overlap_found_by_the_storage_under_a_race_is_passed_on() {
    let mut repo = MockNpsRepo::new();
    repo.expect_find_overlapping().returning(|_, _, _| Ok(None));
    repo.expect_insert_campaign().returning(|_, _, _, _| Err(overlap_error("Racer")));
    let err = create_campaign(repo, &admin(), &input(Some("Q2"), Some("2026-01-10"), Some("2026-01-20")), Utc::now())
        .unwrap_err();
    assert_eq!(err, overlap_error("Racer"));
}

#[test]
fn only_admins_create_and_stop_campaigns_and_role_comes_before_validation() {
    // Mocks with no expectation: any storage call fails the test.
    for a in [actor(Role::Engineer, true), actor(Role::Viewer, false), actor(Role::Engineer, false)] {
        assert!(matches!(
            create_campaign(MockNpsRepo::new(), &a, &CampaignInput::default(), Utc::now()),
            Err(Error::Forbidden(_))
        ));
        assert!(matches!(stop_campaign(MockNpsRepo::new(), &a, CAMPAIGN, Utc::now()), Err(Error::Forbidden(_))));
    }
    let sa = actor(Role::SuperAdmin, false);
    assert_eq!(
        create_campaign(MockNpsRepo::new(), &sa, &CampaignInput::default(), Utc::now()),
        Err(Error::invalid("name", "must be a string"))
    );
    // The service refuses a non-admin even with a valid command.
    let valid = validate_campaign(&input(Some("Q1"), Some("2026-01-10"), Some("2026-01-20"))).unwrap();
    let eng = actor(Role::Engineer, true);
    assert!(matches!(svc(MockNpsRepo::new()).create_campaign(&eng, valid, Utc::now()), Err(Error::Forbidden(_))));
}

#[test]
fn admin_viewers_list_campaigns_and_see_the_dashboard_but_engineers_do_not() {
    let eng = actor(Role::Engineer, false);
    assert!(matches!(
        list_campaigns(MockNpsRepo::new(), &eng, PageRequest::default(), Utc::now()),
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(dashboard(MockNpsRepo::new(), &eng, None, Utc::now()), Err(Error::Forbidden(_))));

    let now = utc("2026-01-15T00:00:00Z");
    let mut repo = MockNpsRepo::new();
    repo.expect_list_campaigns().with(eq(ACCOUNT), eq(PageRequest { page: 2, limit: 1 })).returning(|_, p| {
        Ok(Page::new(vec![stats(campaign("Q1", "2026-01-10T00:00:00Z", "2026-01-20T00:00:00Z"), 1)], p, 2))
    });
    repo.expect_active_user_count().returning(|_| Ok(3));
    let page = list_campaigns(repo, &actor(Role::Engineer, true), PageRequest { page: 2, limit: 1 }, now).unwrap();
    assert_eq!((page.total, page.total_pages(), page.items.len()), (2, 2, 1));
    assert_eq!((page.items[0].status, page.items[0].response_rate), (CampaignStatus::Active, Some(0.333)));
}

#[test]
fn stopping_an_active_campaign_ends_it_now() {
    let now = utc("2026-01-15T00:00:00Z");
    let mut repo = MockNpsRepo::new();
    repo.expect_find_campaign()
        .with(eq(ACCOUNT), eq(CAMPAIGN))
        .returning(|_, _| Ok(Some(stats(campaign("Q1", "2026-01-10T00:00:00Z", "2026-01-20T00:00:00Z"), 2))));
    repo.expect_stop_campaign().with(eq(ACCOUNT), eq(CAMPAIGN), eq(ADMIN), eq(now)).returning(|_, _, by, t| {
        let mut c = campaign("Q1", "2026-01-10T00:00:00Z", "2026-01-20T00:00:00Z");
        (c.ends_at, c.stopped_at, c.stopped_by) = (t, Some(t), Some(by));
        Ok(Some(c))
    });
    repo.expect_active_user_count().returning(|_| Ok(4));
    let v = stop_campaign(repo, &admin(), CAMPAIGN, now).unwrap();
    assert_eq!((v.status, v.response_count, v.response_rate), (CampaignStatus::Ended, 2, Some(0.5)));
    assert_eq!((v.campaign.ends_at, v.campaign.stopped_at, v.campaign.stopped_by), (now, Some(now), Some(ADMIN)));
}

#[test]
fn stopping_an_unknown_campaign_is_not_found() {
    let mut repo = MockNpsRepo::new();
    repo.expect_find_campaign().returning(|_, _| Ok(None));
    assert_eq!(stop_campaign(repo, &admin(), CAMPAIGN, Utc::now()), Err(Error::not_found("campaign")));
}

#[test]
fn stopping_an_ended_or_stopped_campaign_is_refused() {
    let mut repo = MockNpsRepo::new();
    repo.expect_find_campaign()
        .returning(|_, _| Ok(Some(stats(campaign("Q1", "2026-01-10T00:00:00Z", "2026-01-20T00:00:00Z"), 0))));
    repo.expect_stop_campaign().never();
    assert_eq!(stop_campaign(repo, &admin(), CAMPAIGN, utc("2026-01-21T00:00:00Z")), Err(already_ended_error()));

    let mut repo = MockNpsRepo::new();
    repo.expect_find_campaign().returning(|_, _| {
        let mut c = campaign("Q1", "2026-01-10T00:00:00Z", "2026-01-20T00:00:00Z");
        (c.ends_at, c.stopped_at) = (utc("2026-01-12T00:00:00Z"), Some(utc("2026-01-12T00:00:00Z")));
        Ok(Some(stats(c, 0)))
    });
    assert_eq!(stop_campaign(repo, &admin(), CAMPAIGN, utc("2026-01-11T00:00:00Z")), Err(already_ended_error()));
}

#[test]
fn a_stop_that_loses_a_race_is_refused_as_already_ended() {
    let mut repo = MockNpsRepo::new();
    repo.expect_find_campaign()
        .returning(|_, _| Ok(Some(stats(campaign("Q1", "2026-01-10T00:00:00Z", "2026-01-20T00:00:00Z"), 0))));
    repo.expect_stop_campaign().returning(|_, _, _, _| Ok(None));
    assert_eq!(stop_campaign(repo, &admin(), CAMPAIGN, utc("2026-01-15T00:00:00Z")), Err(already_ended_error()));
}

#[test]
fn the_active_survey_says_whether_the_actor_answered() {
    let now = utc("2026-01-15T00:00:00Z");
    let mut repo = MockNpsRepo::new();
    repo.expect_active_campaign()
        .with(eq(ACCOUNT), eq(now))
        .returning(|_, _| Ok(Some(campaign("Q1", "2026-01-10T00:00:00Z", "2026-01-20T00:00:00Z"))));
    repo.expect_has_responded().with(eq(CAMPAIGN), eq(ADMIN)).returning(|_, _| Ok(true));
    let s = active_survey(repo, &admin(), now).unwrap().unwrap();
    assert!(s.already_responded);
    assert_eq!(s.campaign.name, "Q1");

    let mut repo = MockNpsRepo::new();
    repo.expect_active_campaign().returning(|_, _| Ok(None));
    repo.expect_has_responded().never();
    assert_eq!(active_survey(repo, &actor(Role::Viewer, false), now), Ok(None));
}

fn response_input(score: i64, comment: Option<&str>, campaign_id: Option<Uuid>) -> Result<NewResponse> {
    NewResponse::new(NpsScore::new(score).unwrap(), comment, campaign_id)
}

fn stored(user: Uuid, new: &NewResponse, t: DateTime<Utc>) -> NpsResponse {
    NpsResponse {
        id: Uuid::from_u128(0xe0),
        account_id: ACCOUNT,
        user_id: user,
        campaign_id: new.campaign_id,
        score: new.score.value(),
        comment: new.comment.clone(),
        created_at: t,
    }
}

#[test]
fn an_unattached_response_is_stored_with_a_trimmed_comment() {
    let now = utc("2026-01-15T00:00:00Z");
    let mut repo = MockNpsRepo::new();
    repo.expect_find_campaign().never();
    repo.expect_insert_response()
        .withf(|acc, user, new, _| {
            *acc == ACCOUNT && *user == ADMIN && new.comment.as_deref() == Some("great") && new.campaign_id.is_none()
        })
        .returning(|_, u, new, t| Ok(stored(u, new, t)));
    let r = submit_response(repo, &admin(), response_input(9, Some("  great "), None), now).unwrap();
    assert_eq!((r.score, r.comment.as_deref(), r.created_at), (9, Some("great"), now));

    let mut repo = MockNpsRepo::new();
    repo.expect_insert_response()
        .withf(|_, _, new, _| new.comment.is_none())
        .returning(|_, u, new, t| Ok(stored(u, new, t)));
    assert_eq!(submit_response(repo, &admin(), response_input(0, Some("   "), None), now).unwrap().comment, None);
}

#[test]
fn a_comment_over_1000_characters_is_refused_before_the_campaign_is_looked_up() {
    let mut repo = MockNpsRepo::new();
    repo.expect_find_campaign().never();
    repo.expect_insert_response().never();
    let long = "x".repeat(1001);
    assert_eq!(
        submit_response(repo, &admin(), response_input(5, Some(&long), Some(CAMPAIGN)), Utc::now()),
        Err(Error::invalid("comment", "must be at most 1000 characters"))
    );
}

#[test]
fn a_comment_with_a_nul_character_is_refused() {
    let mut repo = MockNpsRepo::new();
    repo.expect_insert_response().never();
    assert_eq!(
        submit_response(repo, &admin(), response_input(5, Some("a\u{0}b"), None), Utc::now()),
        Err(Error::invalid("comment", "must not contain NUL characters"))
    );
}

#[test]
fn a_response_to_an_active_campaign_is_stored_once() {
    let now = utc("2026-01-15T00:00:00Z");
    let mut repo = MockNpsRepo::new();
    repo.expect_find_campaign()
        .with(eq(ACCOUNT), eq(CAMPAIGN))
        .returning(|_, _| Ok(Some(stats(campaign("Q1", "2026-01-10T00:00:00Z", "2026-01-20T00:00:00Z"), 0))));
    repo.expect_has_responded().with(eq(CAMPAIGN), eq(ADMIN)).returning(|_, _| Ok(false));
    repo.expect_insert_response().returning(|_, u, new, t| Ok(stored(u, new, t)));
    let r = submit_response(repo, &admin(), response_input(10, None, Some(CAMPAIGN)), now).unwrap();
    assert_eq!(r.campaign_id, Some(CAMPAIGN));

    let mut repo = MockNpsRepo::new();
    repo.expect_find_campaign()
        .returning(|_, _| Ok(Some(stats(campaign("Q1", "2026-01-10T00:00:00Z", "2026-01-20T00:00:00Z"), 1))));
    repo.expect_has_responded().returning(|_, _| Ok(true));
    repo.expect_insert_response().never();
    assert_eq!(
        submit_response(repo, &admin(), response_input(10, None, Some(CAMPAIGN)), now),
        Err(already_responded_error())
    );
}

#[test]
fn a_response_to_an_unknown_scheduled_or_ended_campaign_is_refused() {
    let mut repo = MockNpsRepo::new();
    repo.expect_find_campaign().returning(|_, _| Ok(None));
    assert_eq!(
        submit_response(repo, &admin(), response_input(10, None, Some(CAMPAIGN)), Utc::now()),
        Err(Error::not_found("campaign"))
    );
    for now in [utc("2026-01-09T00:00:00Z"), utc("2026-01-21T00:00:00Z")] {
        let mut repo = MockNpsRepo::new();
        repo.expect_find_campaign()
            .returning(|_, _| Ok(Some(stats(campaign("Q1", "2026-01-10T00:00:00Z", "2026-01-20T00:00:00Z"), 0))));
        repo.expect_insert_response().never();
        assert_eq!(
            submit_response(repo, &admin(), response_input(10, None, Some(CAMPAIGN)), now),
            Err(not_active_error())
        );
    }
}

#[test]
fn the_dashboard_combines_counts_trend_in_the_account_zone_recent_and_every_campaign() {
    // 2026-03-10T03:00Z is still March 9 in New York (UTC-4 after the DST change of March 8).
    let now = utc("2026-03-10T03:00:00Z");
    let mut repo = MockNpsRepo::new();
    repo.expect_find_campaign()
        .with(eq(ACCOUNT), eq(CAMPAIGN))
        .returning(|_, _| Ok(Some(stats(campaign("Q1", "2026-03-01T00:00:00Z", "2026-03-20T00:00:00Z"), 8))));
    repo.expect_score_histogram()
        .with(eq(ACCOUNT), eq(Some(CAMPAIGN)))
        .returning(|_, _| Ok(ScoreHistogram::from_scores(&[0, 0, 0, 9, 9, 9, 9, 7])));
    // window: Feb 8 (EST, 05:00Z) to the end of March 9 (EDT, 04:00Z on March 10)
    repo.expect_daily_histograms()
        .with(
            eq(ACCOUNT),
            eq(Some(CAMPAIGN)),
            eq(utc("2026-02-08T05:00:00Z")),
            eq(utc("2026-03-10T04:00:00Z")),
            eq("America/New_York"),
        )
        .returning(|_, _, _, _, _| {
            Ok(vec![DayHistogram { date: date("2026-03-09"), scores: ScoreHistogram::from_scores(&[9, 7, 3]) }])
        });
    repo.expect_recent_responses().with(eq(ACCOUNT), eq(Some(CAMPAIGN)), eq(20)).returning(|_, _, _| Ok(vec![]));
    repo.expect_active_user_count().returning(|_| Ok(16));
    repo.expect_all_campaigns()
        .returning(|_| Ok(vec![stats(campaign("Q1", "2026-03-01T00:00:00Z", "2026-03-20T00:00:00Z"), 8)]));
    let d = dashboard_in("America/New_York", repo, &actor(Role::Viewer, true), Some(CAMPAIGN), now).unwrap();
    assert_eq!(d.summary.nps_score, Some(13));
    assert_eq!(pcts(&d.summary), (Some(50), Some(13), Some(38)));
    assert_eq!(d.trend.len(), 30);
    assert_eq!(d.trend[0].date, date("2026-02-08"));
    assert_eq!(d.trend[29], TrendPoint { date: date("2026-03-09"), count: 3, avg_score: Some(6.3), nps: Some(0) });
    assert_eq!(d.campaigns.len(), 1);
    assert_eq!((d.campaigns[0].status, d.campaigns[0].response_rate), (CampaignStatus::Active, Some(0.5)));
}

#[test]
fn the_dashboard_of_a_campaign_of_another_account_is_not_found() {
    let mut repo = MockNpsRepo::new();
    repo.expect_find_campaign().returning(|_, _| Ok(None));
    repo.expect_score_histogram().never();
    assert_eq!(dashboard(repo, &admin(), Some(CAMPAIGN), Utc::now()), Err(Error::not_found("campaign")));
}

#[test]
fn the_dashboard_over_nothing_has_null_figures_and_an_unknown_zone_falls_back_to_utc() {
    let now = utc("2026-03-10T03:00:00Z");
    let mut repo = MockNpsRepo::new();
    repo.expect_score_histogram().with(eq(ACCOUNT), eq(None)).returning(|_, _| Ok(ScoreHistogram::default()));
    repo.expect_daily_histograms()
        .with(eq(ACCOUNT), eq(None), eq(utc("2026-02-09T00:00:00Z")), eq(utc("2026-03-11T00:00:00Z")), eq("UTC"))
        .returning(|_, _, _, _, _| Ok(vec![]));
    repo.expect_recent_responses().returning(|_, _, _| Ok(vec![]));
    repo.expect_active_user_count().returning(|_| Ok(0));
    repo.expect_all_campaigns().returning(|_| Ok(vec![]));
    let d = dashboard_in("Mars/Olympus", repo, &admin(), None, now).unwrap();
    assert_eq!(d.summary, summarize(ScoreCounts::default()));
    assert_eq!(d.trend.last().map(|p| p.date), Some(date("2026-03-10")));
    assert!(d.trend.iter().all(|p| p.count == 0 && p.avg_score.is_none() && p.nps.is_none()));
}

#[test]
fn a_histogram_is_classified_by_the_score_categories() {
    let all: Vec<u8> = (0..=10).collect();
    let h = ScoreHistogram::from_scores(&all);
    assert_eq!(h.counts(), ScoreCounts { promoters: 2, passives: 2, detractors: 7 });
    assert_eq!((h.total(), h.score_sum()), (11, 55));
    let mut h = ScoreHistogram::default();
    h.add(NpsScore::new(9).unwrap(), 4);
    h.add(NpsScore::new(6).unwrap(), 3);
    assert_eq!(
        DayAggregate::from_histogram(date("2026-03-01"), &h),
        DayAggregate { date: date("2026-03-01"), count: 7, score_sum: 54, promoters: 4, detractors: 3 }
    );
}

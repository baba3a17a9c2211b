//! Rates, averages and their rounding: exact integer arithmetic, half away from zero; `None` over
//! nothing (never 0, never NaN).

/// `num / den` rounded to `decimals` places, half away from zero, computed exactly.
pub fn ratio(num: i64, den: i64, decimals: u32) -> Option<f64> {
    if den == 0 {
        return None;
    }
    let scale = 10_i128.pow(decimals);
    let (n, d) = (i128::from(num) * scale, i128::from(den));
    let negative = (n < 0) != (d < 0);
    let (n, d) = (n.abs(), d.abs());
    let q = (2 * n + d) / (2 * d);
    let q = if negative { -q } else { q };
    Some(q as f64 / scale as f64)
}

/// A rate in 0..=1, 3 decimals.
pub fn rate(part: i64, whole: i64) -> Option<f64> {
    ratio(part, whole, 3)
}

/// A mean of whole scores, 1 decimal.
pub fn mean1(sum: i64, count: i64) -> Option<f64> {
    ratio(sum, count, 1)
}

/// The mean duration in minutes, 1 decimal, from a sum in microseconds.
pub fn minutes(duration_us: i64, completed: i64) -> Option<f64> {
    ratio(duration_us, completed.checked_mul(60_000_000)?, 1)
}

/// The lower bound of the 95 % Wilson score interval of `yes` out of `yes + no`, 3 decimals.
pub fn wilson_lower(yes: i64, no: i64) -> Option<f64> {
    let n = (yes + no) as f64;
    if yes + no == 0 {
        return None;
    }
    let z = 1.959_963_984_540_054_f64;
    let p = yes as f64 / n;
    let z2 = z * z;
    let centre = p + z2 / (2.0 * n);
    let margin = z * ((p * (1.0 - p) + z2 / (4.0 * n)) / n).sqrt();
    let low = ((centre - margin) / (1.0 + z2 / n)).max(0.0);
    Some((low * 1000.0).round() / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_round_half_away_from_zero_exactly() {
        assert_eq!(rate(198, 247), Some(0.802)); // 0.80161…
        assert_eq!(rate(1, 8), Some(0.125));
        assert_eq!(rate(1, 2000), Some(0.001)); // 0.0005 → 0.001, not 0.0 as f64 rounding gives
        assert_eq!(rate(0, 5), Some(0.0));
        assert_eq!(rate(0, 0), None);
        assert_eq!(ratio(-1, 8, 2), Some(-0.13));
    }

    #[test]
    fn averages_and_minutes_have_one_decimal() {
        assert_eq!(mean1(4 + 5 + 4, 3), Some(4.3));
        assert_eq!(mean1(9, 2), Some(4.5));
        assert_eq!(mean1(0, 0), None);
        // 12 min 15 s and 12 min 45 s → 12.5 min.
        assert_eq!(minutes((735 + 765) * 1_000_000, 2), Some(12.5));
        assert_eq!(minutes(90_000_000, 1), Some(1.5));
        assert_eq!(minutes(0, 0), None);
    }

    #[test]
    fn wilson_lower_bound_discounts_small_samples() {
        assert_eq!(wilson_lower(0, 0), None);
        assert_eq!(wilson_lower(1, 0), Some(0.207));
        assert_eq!(wilson_lower(18, 2), Some(0.699));
        assert_eq!(wilson_lower(90, 10), Some(0.826));
        assert_eq!(wilson_lower(0, 10), Some(0.0));
    }
}

//! Value-axis ticks: "nice" steps (1, 2, 5 × 10ⁿ) computed exactly in
//! [`Decimal`], and their compact labels (`1亿`, `1.5万`; `100M`, `1.5K`).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use super::text::is_zh;

/// Ticks of a value axis through zero: from zero up, and down when there are
/// negative values.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ticks {
    /// `…, -step, 0, step, 2·step, …` in ascending order, the first one at or
    /// below the data minimum and the last one at or above the data maximum
    /// (unless that would overflow a [`Decimal`]).
    pub(crate) values: Vec<Decimal>,
    /// The top of the axis for geometry: the last tick or the data maximum,
    /// whichever is larger; 0 when every value is below zero.
    pub(crate) top: f64,
    /// The bottom of the axis: the first tick or the data minimum, whichever
    /// is smaller; 0 when no value is below zero. `top - bottom` is finite
    /// and > 0.
    pub(crate) bottom: f64,
}

impl Ticks {
    /// The length of the axis in data units: finite, > 0.
    pub(crate) fn span(&self) -> f64 {
        self.top - self.bottom
    }
}

/// Nice ticks from 0 to at least `max`, about `target` intervals (1–10).
/// A `max` of zero or less gives the single tick 0 on an axis of height 1.
#[cfg(test)]
pub(crate) fn nice_ticks(max: Decimal, target: usize) -> Ticks {
    nice_range(Decimal::ZERO, max, target)
}

/// Nice ticks through zero covering `min` and `max`: about `target`
/// intervals (1–10) over the whole range, one step for both sides.
pub(crate) fn nice_range(min: Decimal, max: Decimal, target: usize) -> Ticks {
    let (low, high) = (min.min(Decimal::ZERO), max.max(Decimal::ZERO));
    let finite = |d: Decimal| d.to_f64().filter(|f| f.is_finite()).unwrap_or(0.0);
    if low == high {
        return Ticks {
            values: vec![Decimal::ZERO],
            top: 1.0,
            bottom: 0.0,
        };
    }
    let (low_f, high_f) = (finite(low), finite(high));
    // The range may overflow a Decimal (MIN to MAX): then one side's length.
    let span = high.checked_sub(low).unwrap_or(high.max(-low));
    let Some(step) = nice_step(span, target.clamp(1, 10)) else {
        return Ticks {
            values: vec![Decimal::ZERO],
            top: high_f.max(if low_f < 0.0 { 0.0 } else { 1.0 }),
            bottom: low_f,
        };
    };
    let mut values = vec![Decimal::ZERO];
    // At most target + 1 steps reach either end; the bound only guards the loop.
    for (end, sign) in [(high, Decimal::ONE), (low, Decimal::NEGATIVE_ONE)] {
        let mut k = Decimal::ZERO;
        for _ in 0..12 {
            if end.is_zero() {
                break;
            }
            k += sign;
            let Some(tick) = step.checked_mul(k) else { break };
            values.push(tick);
            if tick.abs() >= end.abs() {
                break;
            }
        }
    }
    values.sort_unstable();
    let first = values.first().map_or(0.0, |t| finite(*t));
    let last = values.last().map_or(0.0, |t| finite(*t));
    Ticks {
        values,
        top: last.max(high_f),
        bottom: first.min(low_f),
    }
}

/// 10^e as a decimal, for -28 ≤ e ≤ 28.
fn pow10(e: i32) -> Option<Decimal> {
    if e >= 0 {
        let e = u32::try_from(e).ok().filter(|e| *e <= 28)?;
        Decimal::try_from_i128_with_scale(10i128.pow(e), 0).ok()
    } else {
        Decimal::try_new(1, e.unsigned_abs()).ok()
    }
}

/// The 1, 2, 5 × 10ⁿ step whose number of intervals up to `max` is closest to
/// `target` (on a tie, fewer intervals, then the smaller step: the lower top).
fn nice_step(max: Decimal, target: usize) -> Option<Decimal> {
    let raw = max.checked_div(Decimal::from(target))?;
    let raw = raw.max(Decimal::new(1, 28));
    let guess = raw.to_f64().map_or(0.0, |f| f.log10().floor());
    let e = if guess.is_finite() {
        guess.clamp(-28.0, 28.0) as i32
    } else {
        0
    };
    let target = Decimal::from(target);
    let mut best: Option<(Decimal, Decimal, Decimal)> = None;
    for e in e - 1..=e + 1 {
        let Some(p) = pow10(e) else { continue };
        for m in [1i64, 2, 5] {
            let Some(step) = p.checked_mul(Decimal::from(m)) else {
                continue;
            };
            let Some(intervals) = max.checked_div(step).map(|q| q.ceil()) else {
                continue;
            };
            let key = ((intervals - target).abs(), intervals, step);
            if best.is_none_or(|b| key < b) {
                best = Some(key);
            }
        }
    }
    best.map(|(_, _, step)| step)
}

/// A tick value, compact, in the chart's language.
///
/// Chinese: 万 from 10⁴, 亿 from 10⁸, 万亿 from 10¹², no digit grouping
/// (`5000`, `1万`, `1.5万`, `3亿`). English: K, M, B, T from 10³, 10⁶, 10⁹,
/// 10¹² (`500`, `1.5K`, `100M`, `2B`). Scaled amounts are rounded to at most
/// 4 decimals; trailing zeros are removed.
pub(crate) fn format_tick(v: Decimal, lang: &str) -> String {
    if v.is_zero() {
        return "0".to_string();
    }
    let zh = is_zh(lang);
    let levels: &[(i32, &str)] = if zh {
        &[(12, "万亿"), (8, "亿"), (4, "万")]
    } else {
        &[(12, "T"), (9, "B"), (6, "M"), (3, "K")]
    };
    let sign = if v.is_sign_negative() { "-" } else { "" };
    let a = v.abs();
    for (e, word) in levels {
        let Some(p) = pow10(*e) else { continue };
        if a >= p {
            let Some(m) = a.checked_div(p) else { continue };
            let m = m
                .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
                .normalize();
            return format!("{sign}{}{word}", plain(m, zh));
        }
    }
    format!("{sign}{}", plain(a.normalize(), zh))
}

/// A non-negative decimal as digits; English groups thousands with commas.
fn plain(d: Decimal, zh: bool) -> String {
    let s = d.to_string();
    if zh {
        return s;
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn labels(max: &str, target: usize, lang: &str) -> Vec<String> {
        nice_ticks(d(max), target)
            .values
            .iter()
            .map(|t| format_tick(*t, lang))
            .collect()
    }

    #[test]
    fn aid_funds_in_yi_and_millions() {
        assert_eq!(labels("321860000", 4, "zh"), ["0", "1亿", "2亿", "3亿", "4亿"]);
        assert_eq!(labels("321860000", 4, "en"), ["0", "100M", "200M", "300M", "400M"]);
        assert_eq!(labels("321860000", 3, "zh-Hans"), ["0", "2亿", "4亿"]);
        assert_eq!(labels("862000000", 4, "zh"), ["0", "2亿", "4亿", "6亿", "8亿", "10亿"]);
        assert_eq!(labels("862000000", 2, "en"), ["0", "500M", "1B"]);
    }

    #[test]
    fn wan_and_thousands() {
        assert_eq!(labels("14000", 3, "zh"), ["0", "5000", "1万", "1.5万"]);
        assert_eq!(labels("14000", 3, "en"), ["0", "5K", "10K", "15K"]);
        assert_eq!(labels("16010", 4, "zh"), ["0", "5000", "1万", "1.5万", "2万"]);
        assert_eq!(labels("1400", 3, "en"), ["0", "500", "1K", "1.5K"]);
        assert_eq!(labels("1400", 3, "zh"), ["0", "500", "1000", "1500"]);
    }

    #[test]
    fn billions_and_trillions() {
        assert_eq!(labels("3530000000", 4, "en"), ["0", "1B", "2B", "3B", "4B"]);
        assert_eq!(labels("3530000000", 4, "zh"), ["0", "10亿", "20亿", "30亿", "40亿"]);
        assert_eq!(
            labels("35300000000", 4, "zh"),
            ["0", "100亿", "200亿", "300亿", "400亿"]
        );
        assert_eq!(format_tick(d("1500000000000"), "zh"), "1.5万亿");
        assert_eq!(format_tick(d("1500000000000"), "en"), "1.5T");
        assert_eq!(format_tick(d("2000000000000000"), "en"), "2,000T");
        assert_eq!(format_tick(d("50000000"), "zh"), "5000万");
    }

    #[test]
    fn small_and_fractional() {
        assert_eq!(labels("7", 4, "en"), ["0", "2", "4", "6", "8"]);
        assert_eq!(labels("1", 4, "zh"), ["0", "0.2", "0.4", "0.6", "0.8", "1"]);
        assert_eq!(labels("1", 2, "zh"), ["0", "0.5", "1"]);
        assert_eq!(labels("0.34", 4, "en"), ["0", "0.1", "0.2", "0.3", "0.4"]);
        assert_eq!(labels("12.5", 4, "en"), ["0", "5", "10", "15"]);
        assert_eq!(format_tick(d("-2000"), "en"), "-2K");
        assert_eq!(format_tick(d("0.000"), "en"), "0");
    }

    #[test]
    fn exact_powers_of_ten() {
        assert_eq!(labels("100", 4, "en"), ["0", "20", "40", "60", "80", "100"]);
        assert_eq!(labels("100", 2, "en"), ["0", "50", "100"]);
        assert_eq!(labels("100", 1, "en"), ["0", "100"]);
        assert_eq!(labels("1000", 5, "en"), ["0", "200", "400", "600", "800", "1K"]);
        assert_eq!(labels("10", 1, "en"), ["0", "10"]);
    }

    #[test]
    fn degenerate_ranges_do_not_panic() {
        assert_eq!(nice_ticks(Decimal::ZERO, 4).values, [Decimal::ZERO]);
        assert_eq!(nice_ticks(d("-5"), 4).top, 1.0);
        let t = nice_range(Decimal::MIN, Decimal::MAX, 4);
        assert!(t.span().is_finite() && t.span() > 0.0);
        let t = nice_range(Decimal::MIN, Decimal::ZERO, 4);
        assert!(t.bottom <= -7.9e28 && t.top == 0.0);
        let t = nice_ticks(Decimal::MAX, 4);
        assert!(t.top.is_finite() && t.top >= 7.9e28);
        assert!(!t.values.is_empty());
        let t = nice_ticks(Decimal::new(1, 28), 4);
        assert!(t.top > 0.0);
        let t = nice_ticks(d("1"), 0);
        assert_eq!(t.values.len(), 2);
        assert_eq!(format_tick(Decimal::MAX, "zh").chars().last(), Some('亿'));
        assert_eq!(format_tick(Decimal::MIN, "en").chars().next(), Some('-'));
    }

    #[test]
    fn negative_values_extend_the_axis_below_zero() {
        let t = nice_range(d("-5"), d("10"), 4);
        assert_eq!(t.values, [d("-5"), d("0"), d("5"), d("10")]);
        assert_eq!((t.bottom, t.top), (-5.0, 10.0));
        let t = nice_range(d("-320"), d("0"), 4);
        assert_eq!(t.values, [d("-400"), d("-300"), d("-200"), d("-100"), d("0")]);
        assert_eq!((t.bottom, t.top), (-400.0, 0.0));
        let t = nice_range(d("-1"), d("-1"), 2);
        assert_eq!(t.top, 0.0);
        assert!(t.bottom <= -1.0);
        assert_eq!(nice_range(d("3"), d("7"), 4), nice_ticks(d("7"), 4));
    }

    #[test]
    fn ticks_cover_the_maximum() {
        for (max, target) in [("3.2186", 4), ("99999", 5), ("1", 1), ("123456789.123", 6)] {
            let t = nice_ticks(d(max), target);
            assert!(*t.values.last().unwrap() >= d(max), "{max}");
            assert!(t.values.len() <= 2 * target + 2, "{max}: {:?}", t.values);
        }
    }
}

//! Bilingual rendering of figures, driven by one table of base units.
//!
//! # Chinese (`zh`, and any `zh-…` tag)
//!
//! A figure is shown exactly as written: the number text, then the unit text,
//! with no space (`3.2186亿元`). A computed total is shown with 万亿 (≥ 10^12),
//! 亿 (≥ 10^8) or 万, rounded to at most 4 decimals with trailing zeros removed
//! (`4.1256亿元`, `13.8万吨`). 万 is used from 10^4 for money (元) and from 10^5
//! for everything else, so head counts such as `10990人` stay plain. Below those
//! thresholds, and for `%`, the exact value is shown (`9990人`). No digit
//! grouping in Chinese.
//!
//! # English (`en`, and every language other than Chinese)
//!
//! A figure is shown from its normalised value (value × magnitude):
//!
//! - Money (元): `CNY` then the amount. From 1,000,000 it is scaled to million,
//!   billion (≥ 10^9) or trillion (≥ 10^12) and rounded to at most 2 decimals,
//!   half away from zero, trailing zeros removed: `CNY 321.86 million`,
//!   `CNY 3.53 billion`. The scaled amount is at least 1, so 2 decimals always
//!   keep at least 3 significant digits, and since only exact digits are
//!   trimmed, never more precision than the source had is shown. A rounding that
//!   reaches the next scale moves to it (999,999,999 → `CNY 1 billion`). Below a
//!   million the exact amount is shown with thousands separators: `CNY 850,000`.
//! - Other units: the exact value with thousands separators below 10,000,000
//!   (`138,000 tonnes`, `1,234.5 tonnes`), scaled as money above
//!   (`12.5 million people`). The noun is singular for exactly 1 (`1 case`).
//!   Counts in 个 have no noun: the label says what is counted.
//! - 亩 adds hectares (1 mu = 1/15 ha exactly), rounded to 3 significant digits
//!   but never inside the integer part: `5,490 mu (366 ha)`, `12 mu (0.8 ha)`,
//!   `700 mu (46.7 ha)`.
//! - `%` is never scaled: `12.5%`. 平方米 and 立方米 are `m²` and `m³`.
//! - A declared base unit (from `data/indicators.yaml`) not in the table is
//!   rendered as a count whose noun is the Chinese base unit: `50,000 棵`.
//!
//! An unknown unit is shown as written in both languages, the number grouped
//! in English: `12千米`, `12,000 千米`. A figure whose normalised value does not
//! fit an exact decimal is rendered like an unknown unit.

use rust_decimal::{Decimal, RoundingStrategy};

use super::number::FigureNumber;
use super::unit::parse_unit;

/// How a base unit is rendered in English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EnStyle {
    /// The number, then the noun (singular for exactly 1); no noun when empty.
    Count,
    /// The currency code, then the amount, with money scaling rules.
    Currency {
        /// ISO 4217 code, e.g. `CNY`.
        code: &'static str,
    },
    /// The number immediately followed by `%`; takes no magnitude, never scaled.
    Percent,
    /// A count of an area unit, followed by its size in hectares in parentheses.
    Area {
        /// How many of the unit make one hectare (15 for 亩).
        per_hectare: u32,
    },
}

/// One row of the base-unit table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BaseUnit {
    /// The unit in Chinese, its canonical spelling.
    pub(crate) zh: &'static str,
    /// Other accepted spellings (e.g. full-width `％`).
    pub(crate) aliases: &'static [&'static str],
    /// English noun for exactly one.
    pub(crate) en_singular: &'static str,
    /// English noun otherwise; also the English axis label (except for money).
    pub(crate) en_plural: &'static str,
    /// English rendering style.
    pub(crate) style: EnStyle,
}

impl BaseUnit {
    /// Whether a magnitude prefix may precede this unit (all but `%`).
    pub(crate) fn takes_magnitude(&self) -> bool {
        !matches!(self.style, EnStyle::Percent)
    }

    /// The table row of a base unit in canonical spelling.
    pub(crate) fn find(base: &str) -> Option<&'static BaseUnit> {
        BASE_UNITS.iter().find(|row| row.zh == base)
    }
}

const fn count(zh: &'static str, en_singular: &'static str, en_plural: &'static str) -> BaseUnit {
    BaseUnit {
        zh,
        aliases: &[],
        en_singular,
        en_plural,
        style: EnStyle::Count,
    }
}

/// The built-in base units of the content contract.
pub(crate) const BASE_UNITS: &[BaseUnit] = &[
    BaseUnit {
        zh: "元",
        aliases: &[],
        en_singular: "yuan",
        en_plural: "yuan",
        style: EnStyle::Currency { code: "CNY" },
    },
    count("人", "person", "people"),
    count("人次", "person-time", "person-times"),
    count("名", "person", "people"),
    count("个", "", ""),
    count("项", "item", "items"),
    count("所", "institution", "institutions"),
    count("家", "company", "companies"),
    count("吨", "tonne", "tonnes"),
    BaseUnit {
        zh: "亩",
        aliases: &[],
        en_singular: "mu",
        en_plural: "mu",
        style: EnStyle::Area { per_hectare: 15 },
    },
    count("例", "case", "cases"),
    count("批次", "batch", "batches"),
    count("场次", "session", "sessions"),
    count("台", "unit", "units"),
    count("辆", "vehicle", "vehicles"),
    count("次", "time", "times"),
    count("对", "pair", "pairs"),
    count("立方米", "m³", "m³"),
    count("平方米", "m²", "m²"),
    BaseUnit {
        zh: "%",
        aliases: &["％"],
        en_singular: "%",
        en_plural: "%",
        style: EnStyle::Percent,
    },
];

/// A scale step: used from 10^`from`, dividing by 10^`exp`, named `word`.
struct Level {
    from: u32,
    exp: u32,
    word: &'static str,
}

const fn level(from: u32, exp: u32, word: &'static str) -> Level {
    Level { from, exp, word }
}

/// Largest first.
const EN_MONEY: &[Level] = &[
    level(12, 12, "trillion"),
    level(9, 9, "billion"),
    level(6, 6, "million"),
];
const EN_COUNT: &[Level] = &[
    level(12, 12, "trillion"),
    level(9, 9, "billion"),
    level(7, 6, "million"),
];
const ZH_MONEY: &[Level] = &[level(12, 12, "万亿"), level(8, 8, "亿"), level(4, 4, "万")];
const ZH_COUNT: &[Level] = &[level(12, 12, "万亿"), level(8, 8, "亿"), level(5, 4, "万")];

/// Decimals kept after scaling.
const EN_DECIMALS: u32 = 2;
const ZH_DECIMALS: u32 = 4;

/// A figure as written, in `lang`'s convention.
///
/// `"zh"` (or a `zh-…` tag) shows the number text and unit text as written;
/// every other language is rendered in English from the normalised value. A
/// `None` or blank unit renders the bare number. `extra` are base units declared
/// in `data/indicators.yaml`. See the module documentation for the rules.
pub fn format_figure(lang: &str, number: &FigureNumber, unit_text: Option<&str>, extra: &[&str]) -> String {
    let unit_text = unit_text.map(str::trim).filter(|u| !u.is_empty());
    if is_zh(lang) {
        return format!("{}{}", number.text, unit_text.unwrap_or(""));
    }
    let Some(unit_text) = unit_text else {
        return en_scaled(number.value, EN_COUNT);
    };
    let parsed = parse_unit(unit_text, extra).and_then(|unit| unit.normalise(number).ok().map(|v| (v, unit.base)));
    match parsed {
        Some((normalised, base)) => en_quantity(normalised, &base),
        None => format!("{} {}", format_plain_number("en", number.value), unit_text),
    }
}

/// A computed total (a sum of figures, in the base unit `base`).
///
/// Chinese uses 万/亿/万亿 (`4.1256亿元`, `13.8万吨`, `9990人`); English follows
/// the rules of single figures (`CNY 412.56 million`).
pub fn format_total(lang: &str, normalised: Decimal, base: &str) -> String {
    let base = base.trim();
    if !is_zh(lang) {
        return en_quantity(normalised, base);
    }
    let levels = match BaseUnit::find(base).map(|row| row.style) {
        Some(EnStyle::Percent) => &[][..],
        Some(EnStyle::Currency { .. }) => ZH_MONEY,
        _ => ZH_COUNT,
    };
    let (amount, word) = scale(normalised, levels, ZH_DECIMALS);
    format!("{amount}{}{base}", word.unwrap_or(""))
}

/// A bare number, exact, trailing zeros removed: `10,990` in English, `10990`
/// in Chinese. For chart axes and tables.
pub(crate) fn format_plain_number(lang: &str, n: Decimal) -> String {
    let n = tidy(n);
    if is_zh(lang) {
        n.to_string()
    } else {
        group_thousands(n)
    }
}

/// The name of a base unit for a chart axis: the Chinese unit in Chinese; in
/// English the currency code, the plural noun or the symbol (`CNY`, `people`,
/// `mu`, `m²`, `%`). 个 has no English label (empty). An unknown base is
/// returned as given.
pub(crate) fn base_unit_label(lang: &str, base: &str) -> String {
    let base = base.trim();
    if is_zh(lang) {
        return base.to_string();
    }
    match BaseUnit::find(base) {
        Some(BaseUnit {
            style: EnStyle::Currency { code },
            ..
        }) => (*code).to_string(),
        Some(row) => row.en_plural.to_string(),
        None => base.to_string(),
    }
}

/// Chinese: `zh`, `zh-Hans`, `zh_CN`…, in any case.
fn is_zh(lang: &str) -> bool {
    let mut parts = lang.trim().split(['-', '_']);
    parts.next().is_some_and(|primary| primary.eq_ignore_ascii_case("zh"))
}

/// A normalised value in `base`, in English.
fn en_quantity(v: Decimal, base: &str) -> String {
    let Some(row) = BaseUnit::find(base) else {
        let amount = en_scaled(v, EN_COUNT);
        return if base.is_empty() {
            amount
        } else {
            format!("{amount} {base}")
        };
    };
    match row.style {
        EnStyle::Currency { code } => format!("{code} {}", en_scaled(v, EN_MONEY)),
        EnStyle::Percent => format!("{}%", group_thousands(tidy(v))),
        EnStyle::Count => en_count(v, row),
        EnStyle::Area { per_hectare } => {
            let hectares = v
                .checked_div(Decimal::from(per_hectare))
                .map(three_significant)
                .unwrap_or_default();
            format!("{} ({} ha)", en_count(v, row), en_scaled(hectares, EN_COUNT))
        }
    }
}

/// `10,990 people`, `1 case`, `15` (no noun).
fn en_count(v: Decimal, row: &BaseUnit) -> String {
    let amount = en_scaled(v, EN_COUNT);
    let noun = if v == Decimal::ONE {
        row.en_singular
    } else {
        row.en_plural
    };
    if noun.is_empty() {
        amount
    } else {
        format!("{amount} {noun}")
    }
}

/// `138,000`, `12.5 million`.
fn en_scaled(v: Decimal, levels: &[Level]) -> String {
    match scale(v, levels, EN_DECIMALS) {
        (amount, Some(word)) => format!("{} {word}", group_thousands(amount)),
        (amount, None) => group_thousands(amount),
    }
}

/// Scales `v` to the largest level it reaches, rounded to `decimals`; the exact
/// value when it reaches none. A rounding that reaches the next level up moves
/// to that level.
fn scale(v: Decimal, levels: &[Level], decimals: u32) -> (Decimal, Option<&'static str>) {
    let size = v.abs();
    let Some(mut i) = levels.iter().position(|l| size >= pow10(l.from)) else {
        return (tidy(v), None);
    };
    while let Some(level) = levels.get(i) {
        let amount = tidy(
            v.checked_div(pow10(level.exp))
                .unwrap_or(v)
                .round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero),
        );
        let up = i.checked_sub(1).and_then(|j| levels.get(j));
        match up {
            Some(up) if amount.abs() >= pow10(up.from.saturating_sub(level.exp)) => i -= 1,
            _ => return (amount, Some(level.word)),
        }
    }
    (tidy(v), None)
}

/// Rounded to 3 significant digits, but never inside the integer part.
fn three_significant(x: Decimal) -> Decimal {
    let size = x.abs();
    if size.is_zero() {
        return Decimal::ZERO;
    }
    let decimals = if size >= Decimal::ONE {
        let integer_digits = u32::try_from(size.trunc().to_string().len()).unwrap_or(u32::MAX);
        3u32.saturating_sub(integer_digits)
    } else {
        // Leading zeros after the point, plus one, then two more digits.
        let mut shifted = size;
        let mut k = 0u32;
        while shifted < Decimal::ONE && k < 30 {
            shifted *= Decimal::TEN;
            k += 1;
        }
        k + 2
    };
    tidy(x.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero))
}

fn pow10(exp: u32) -> Decimal {
    10u64.checked_pow(exp).map_or(Decimal::MAX, Decimal::from)
}

/// Trailing zeros removed, `-0` made `0`.
fn tidy(v: Decimal) -> Decimal {
    v.normalize()
}

/// `-1234567.89` → `-1,234,567.89`.
fn group_thousands(v: Decimal) -> String {
    let text = v.to_string();
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (integer, fraction) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let mut out = String::with_capacity(text.len() + integer.len() / 3);
    out.push_str(sign);
    let len = integer.len();
    for (i, c) in integer.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).expect("test literal")
    }

    /// `"3.2186 亿元"` → the figure in `lang`.
    fn figure(lang: &str, written: &str) -> String {
        figure_with(lang, written, &[])
    }

    fn figure_with(lang: &str, written: &str, extra: &[&str]) -> String {
        let (number, unit) = match written.split_once(' ') {
            Some((n, u)) => (n, Some(u)),
            None => (written, None),
        };
        let number = FigureNumber::parse(number).expect("test number");
        format_figure(lang, &number, unit, extra)
    }

    fn check(rows: &[(&str, &str, &str)]) {
        for (written, zh, en) in rows {
            assert_eq!(figure("zh", written), *zh, "zh of {written}");
            assert_eq!(figure("en", written), *en, "en of {written}");
        }
    }

    #[test]
    fn contract_table() {
        check(&[
            ("3.2186 亿元", "3.2186亿元", "CNY 321.86 million"),
            ("907 万元", "907万元", "CNY 9.07 million"),
            ("35.3 亿元", "35.3亿元", "CNY 3.53 billion"),
            ("13.8 万吨", "13.8万吨", "138,000 tonnes"),
            ("5490 亩", "5490亩", "5,490 mu (366 ha)"),
            ("10990 人", "10990人", "10,990 people"),
            ("180 人次", "180人次", "180 person-times"),
            ("830 例", "830例", "830 cases"),
        ]);
    }

    #[test]
    fn every_base_unit_in_both_languages() {
        let rows = [
            ("85 万元", "85万元", "CNY 850,000"),
            ("43 人", "43人", "43 people"),
            ("1.2 万人次", "1.2万人次", "12,000 person-times"),
            ("43 名", "43名", "43 people"),
            ("15 个", "15个", "15"),
            ("2 例", "2例", "2 cases"),
            ("43 项", "43项", "43 items"),
            ("12 所", "12所", "12 institutions"),
            ("8 家", "8家", "8 companies"),
            ("1234.5 吨", "1234.5吨", "1,234.5 tonnes"),
            ("12 亩", "12亩", "12 mu (0.8 ha)"),
            ("3 批次", "3批次", "3 batches"),
            ("20 场次", "20场次", "20 sessions"),
            ("1300 台", "1300台", "1,300 units"),
            ("50 辆", "50辆", "50 vehicles"),
            ("6 次", "6次", "6 times"),
            ("35 对", "35对", "35 pairs"),
            ("3000 立方米", "3000立方米", "3,000 m³"),
            ("2.5 万平方米", "2.5万平方米", "25,000 m²"),
            ("12.5 %", "12.5%", "12.5%"),
        ];
        check(&rows);
        for row in BASE_UNITS {
            assert!(
                rows.iter().any(|(w, _, _)| w
                    .split_once(' ')
                    .and_then(|(_, u)| parse_unit(u, &[]))
                    .is_some_and(|u| u.base == row.zh)),
                "no test row for {}",
                row.zh
            );
        }
    }

    #[test]
    fn singular_for_exactly_one() {
        check(&[
            ("1 人", "1人", "1 person"),
            ("1 名", "1名", "1 person"),
            ("1 例", "1例", "1 case"),
            ("1 项", "1项", "1 item"),
            ("1 家", "1家", "1 company"),
            ("1 吨", "1吨", "1 tonne"),
            ("1 批次", "1批次", "1 batch"),
            ("1 次", "1次", "1 time"),
            ("1.0 人次", "1.0人次", "1 person-time"),
            ("1 亩", "1亩", "1 mu (0.0667 ha)"),
            ("1 立方米", "1立方米", "1 m³"),
            ("0.0001 万人", "0.0001万人", "1 person"),
            ("2 人", "2人", "2 people"),
            ("0.5 吨", "0.5吨", "0.5 tonnes"),
            ("0 例", "0例", "0 cases"),
            ("1 个", "1个", "1"),
        ]);
    }

    #[test]
    fn money_scaling_and_precision() {
        check(&[
            ("1.5 万亿元", "1.5万亿元", "CNY 1.5 trillion"),
            ("12.5 亿元", "12.5亿元", "CNY 1.25 billion"),
            ("100 万元", "100万元", "CNY 1 million"),
            ("99.99 万元", "99.99万元", "CNY 999,900"),
            ("850000 元", "850000元", "CNY 850,000"),
            ("12.5 元", "12.5元", "CNY 12.5"),
            ("3.21864 亿元", "3.21864亿元", "CNY 321.86 million"),
            ("100.5 万元", "100.5万元", "CNY 1.01 million"),
            ("1234567 元", "1234567元", "CNY 1.23 million"),
            ("999999999 元", "999999999元", "CNY 1 billion"),
            ("9.999999 亿元", "9.999999亿元", "CNY 1 billion"),
            ("2 百万元", "2百万元", "CNY 2 million"),
            ("500 千元", "500千元", "CNY 500,000"),
            ("-3.5 万元", "-3.5万元", "CNY -35,000"),
            ("12000 万亿元", "12000万亿元", "CNY 12,000 trillion"),
        ]);
    }

    #[test]
    fn counts_scale_from_ten_million() {
        check(&[
            ("999.9999 万人", "999.9999万人", "9,999,999 people"),
            ("1250 万人", "1250万人", "12.5 million people"),
            ("3.2 亿人次", "3.2亿人次", "320 million person-times"),
            ("12 亿吨", "12亿吨", "1.2 billion tonnes"),
            ("2 亿亩", "2亿亩", "200 million mu (13.33 million ha)"),
            ("1.8 万亩", "1.8万亩", "18,000 mu (1,200 ha)"),
            ("700 亩", "700亩", "700 mu (46.7 ha)"),
            ("0.05 亩", "0.05亩", "0.05 mu (0.00333 ha)"),
            ("0.123456 吨", "0.123456吨", "0.123456 tonnes"),
        ]);
    }

    #[test]
    fn unknown_units_show_as_written() {
        check(&[
            ("12 千米", "12千米", "12 千米"),
            ("12000 千米", "12000千米", "12,000 千米"),
            ("1.2 千万元", "1.2千万元", "1.2 千万元"),
            ("5 万%", "5万%", "5 万%"),
        ]);
        let n = FigureNumber::parse("12").expect("number");
        assert_eq!(format_figure("en", &n, Some("  公里 "), &[]), "12 公里");
        assert_eq!(format_figure("zh", &n, Some("  公里 "), &[]), "12公里");
    }

    #[test]
    fn no_unit_and_blank_unit() {
        let n = FigureNumber::parse("12500000").expect("number");
        assert_eq!(format_figure("zh", &n, None, &[]), "12500000");
        assert_eq!(format_figure("en", &n, None, &[]), "12.5 million");
        assert_eq!(format_figure("en", &n, Some(" "), &[]), "12.5 million");
        let n = FigureNumber::parse("10990").expect("number");
        assert_eq!(format_figure("en", &n, None, &[]), "10,990");
    }

    #[test]
    fn declared_base_units() {
        assert_eq!(figure_with("zh", "5 万棵", &["棵"]), "5万棵");
        assert_eq!(figure_with("en", "5 万棵", &["棵"]), "50,000 棵");
        assert_eq!(figure_with("en", "5 万棵", &[]), "5 万棵");
    }

    #[test]
    fn out_of_range_normalisation_falls_back_to_as_written() {
        let written = "79228162514264337593543950335 万亿元";
        assert_eq!(figure("en", written), "79,228,162,514,264,337,593,543,950,335 万亿元");
        assert_eq!(figure("zh", written), "79228162514264337593543950335万亿元");
    }

    #[test]
    fn language_tags() {
        assert_eq!(figure("zh-Hans", "3.2186 亿元"), "3.2186亿元");
        assert_eq!(figure("ZH_cn", "3.2186 亿元"), "3.2186亿元");
        assert_eq!(figure("fr", "3.2186 亿元"), "CNY 321.86 million");
        assert_eq!(figure("", "3.2186 亿元"), "CNY 321.86 million");
        assert_eq!(figure("zhx", "3.2186 亿元"), "CNY 321.86 million");
    }

    #[test]
    fn totals_in_chinese() {
        let total = |v: &str, base: &str| format_total("zh", dec(v), base);
        assert_eq!(total("412560000", "元"), "4.1256亿元");
        assert_eq!(total("123456789", "元"), "1.2346亿元");
        assert_eq!(total("99999999.99", "元"), "1亿元");
        assert_eq!(total("1500000000000", "元"), "1.5万亿元");
        assert_eq!(total("85000", "元"), "8.5万元");
        assert_eq!(total("10000", "元"), "1万元");
        assert_eq!(total("9990", "元"), "9990元");
        assert_eq!(total("138000", "吨"), "13.8万吨");
        assert_eq!(total("9990", "人"), "9990人");
        assert_eq!(total("10990", "人"), "10990人");
        assert_eq!(total("99999", "人"), "99999人");
        assert_eq!(total("100000", "人"), "10万人");
        assert_eq!(total("125000", "人次"), "12.5万人次");
        assert_eq!(total("18000", "亩"), "18000亩");
        assert_eq!(total("5490.50", "亩"), "5490.5亩");
        assert_eq!(total("320000000", "人次"), "3.2亿人次");
        assert_eq!(total("12.5", "%"), "12.5%");
        assert_eq!(total("150000", "棵"), "15万棵");
        assert_eq!(total("150000", ""), "15万");
        assert_eq!(total("-85000", "元"), "-8.5万元");
        assert_eq!(total("0", "元"), "0元");
    }

    #[test]
    fn totals_in_english() {
        let total = |v: &str, base: &str| format_total("en", dec(v), base);
        assert_eq!(total("412560000", "元"), "CNY 412.56 million");
        assert_eq!(total("138000", "吨"), "138,000 tonnes");
        assert_eq!(total("9990", "人"), "9,990 people");
        assert_eq!(total("1", "人"), "1 person");
        assert_eq!(total("5490", "亩"), "5,490 mu (366 ha)");
        assert_eq!(total("12.5", "%"), "12.5%");
        assert_eq!(total("150000", "棵"), "150,000 棵");
        assert_eq!(total("150000", ""), "150,000");
        assert_eq!(total("12500000", " 人 "), "12.5 million people");
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(format_plain_number("en", dec("10990")), "10,990");
        assert_eq!(format_plain_number("zh", dec("10990")), "10990");
        assert_eq!(format_plain_number("en", dec("1234567.891")), "1,234,567.891");
        assert_eq!(format_plain_number("en", dec("-1234")), "-1,234");
        assert_eq!(format_plain_number("en", dec("-123")), "-123");
        assert_eq!(format_plain_number("en", dec("123456")), "123,456");
        assert_eq!(format_plain_number("en", dec("12.50")), "12.5");
        assert_eq!(format_plain_number("en", dec("-0.00")), "0");
        assert_eq!(format_plain_number("zh", dec("1234567.10")), "1234567.1");
    }

    #[test]
    fn axis_labels() {
        let rows = [
            ("元", "CNY"),
            ("人", "people"),
            ("人次", "person-times"),
            ("名", "people"),
            ("个", ""),
            ("项", "items"),
            ("所", "institutions"),
            ("家", "companies"),
            ("吨", "tonnes"),
            ("亩", "mu"),
            ("例", "cases"),
            ("批次", "batches"),
            ("场次", "sessions"),
            ("台", "units"),
            ("辆", "vehicles"),
            ("次", "times"),
            ("对", "pairs"),
            ("立方米", "m³"),
            ("平方米", "m²"),
            ("%", "%"),
            ("棵", "棵"),
        ];
        for (base, en) in rows {
            assert_eq!(base_unit_label("en", base), en, "{base}");
            assert_eq!(base_unit_label("zh", base), base, "{base}");
        }
        assert_eq!(rows.len(), BASE_UNITS.len() + 1);
    }

    #[test]
    fn three_significant_digits() {
        for (x, rounded) in [
            ("366", "366"),
            ("46.6666", "46.7"),
            ("0.8", "0.8"),
            ("0.066666", "0.0667"),
            ("82304.47", "82304"),
            ("999.6", "1000"),
            ("-46.6666", "-46.7"),
            ("0", "0"),
            ("0.0000000000000000000000000001", "0.0000000000000000000000000001"),
        ] {
            assert_eq!(three_significant(dec(x)), dec(rounded), "{x}");
        }
    }

    fn any_decimal() -> impl Strategy<Value = Decimal> {
        (any::<i128>(), 0u32..=28).prop_filter_map("fits 96 bits", |(m, s)| {
            Decimal::try_from_i128_with_scale(m >> 31, s).ok()
        })
    }

    proptest! {
        #[test]
        fn format_figure_never_panics(
            number in any::<String>(),
            unit in proptest::option::of(any::<String>()),
            lang in "(zh|en|fr|zh-Hans|)",
        ) {
            if let Ok(n) = FigureNumber::parse(&number) {
                let _ = format_figure(&lang, &n, unit.as_deref(), &["棵"]);
            }
        }

        #[test]
        fn format_figure_never_panics_on_extreme_values(
            value in any_decimal(),
            unit in "(万亿|亿|百万|万|千)?(元|人|人次|个|亩|%|吨|平方米|棵|千米)",
            lang in "(zh|en)",
        ) {
            let n = FigureNumber { text: value.to_string(), value };
            let out = format_figure(&lang, &n, Some(&unit), &["棵"]);
            if lang == "zh" {
                prop_assert_eq!(out, format!("{value}{unit}"));
            }
        }

        #[test]
        fn totals_never_panic(value in any_decimal(), base in any::<String>(), lang in "(zh|en)") {
            let _ = format_total(&lang, value, &base);
            for row in BASE_UNITS {
                let _ = format_total(&lang, value, row.zh);
            }
        }

        #[test]
        fn grouping_only_adds_commas(value in any_decimal()) {
            let en = format_plain_number("en", value);
            let zh = format_plain_number("zh", value);
            prop_assert_eq!(en.replace(',', ""), zh.clone());
            prop_assert_eq!(dec(&zh), value);
        }

        #[test]
        fn small_counts_are_exact_in_english(m in 0i64..10_000_000, s in 0u32..=4) {
            let value = Decimal::new(m, s);
            let out = format_total("en", value, "吨");
            let number = out.trim_end_matches(" tonnes").trim_end_matches(" tonne");
            prop_assert_eq!(dec(&number.replace(',', "")), value);
        }
    }
}

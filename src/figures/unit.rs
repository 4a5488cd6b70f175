//! Figure units: a magnitude prefix followed by a base unit.
//!
//! `亿元` is 亿 (10^8) + 元; `万人次` is 万 + 人次; `%` is a base unit that takes
//! no magnitude. The base units are those of [`BASE_UNITS`] plus any declared in
//! `data/indicators.yaml` (the `extra` argument). A text matches the longest base
//! unit that leaves a valid magnitude prefix in front of it, so `人次` is the
//! base unit 人次, never 人 + 次. Anything else is an unknown unit: the caller
//! shows it as written and warns.

use std::fmt;

use rust_decimal::Decimal;

use super::format::BASE_UNITS;
use super::number::{FigureNumber, NumberError};

/// A magnitude prefix: its text and its power of ten.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Magnitude {
    /// The power of ten, e.g. 8 for 亿.
    pub(crate) exponent: u32,
    /// The prefix as written, e.g. `亿`; empty for no prefix.
    pub(crate) prefix: &'static str,
}

impl Magnitude {
    /// No prefix: 10^0.
    pub(crate) const NONE: Magnitude = Magnitude {
        exponent: 0,
        prefix: "",
    };

    /// The magnitude written exactly as `prefix` (`""` is [`Magnitude::NONE`]).
    pub(crate) fn from_prefix(prefix: &str) -> Option<Magnitude> {
        if prefix.is_empty() {
            return Some(Magnitude::NONE);
        }
        MAGNITUDES.iter().copied().find(|m| m.prefix == prefix)
    }
}

/// The magnitude prefixes of the content contract, longest first.
pub(crate) const MAGNITUDES: &[Magnitude] = &[
    Magnitude {
        exponent: 12,
        prefix: "万亿",
    },
    Magnitude {
        exponent: 6,
        prefix: "百万",
    },
    Magnitude {
        exponent: 8,
        prefix: "亿",
    },
    Magnitude {
        exponent: 4,
        prefix: "万",
    },
    Magnitude {
        exponent: 3,
        prefix: "千",
    },
];

/// A parsed unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The unit as written (trimmed), e.g. `亿元`.
    pub written: String,
    /// Its magnitude prefix.
    pub(crate) magnitude: Magnitude,
    /// Its base unit in canonical spelling, e.g. `元` (`％` is spelt `%`).
    pub base: String,
}

impl Unit {
    /// The figure's value in the base unit: value × 10^magnitude, exactly.
    pub fn normalise(&self, n: &FigureNumber) -> Result<Decimal, NumberError> {
        n.scaled(self.magnitude.exponent)
    }
}

impl fmt::Display for Unit {
    /// The unit as written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

/// Whether `base` is one of the built-in base units (in canonical spelling).
pub(crate) fn is_builtin_base(base: &str) -> bool {
    BASE_UNITS.iter().any(|row| row.zh == base)
}

/// Parses a unit text; `None` for an unknown unit.
///
/// `extra` are further base units (from `data/indicators.yaml`); they take any
/// magnitude. Surrounding whitespace, and whitespace between the prefix and the
/// base unit, are ignored.
pub fn parse_unit(text: &str, extra: &[&str]) -> Option<Unit> {
    let written = text.trim();
    if written.is_empty() {
        return None;
    }
    let builtin = BASE_UNITS.iter().flat_map(|row| {
        let takes_magnitude = row.takes_magnitude();
        std::iter::once(row.zh)
            .chain(row.aliases.iter().copied())
            .map(move |spelling| (spelling, row.zh, takes_magnitude))
    });
    let declared = extra
        .iter()
        .map(|e| e.trim())
        .filter(|e| !e.is_empty() && !is_builtin_base(e))
        .map(|e| (e, e, true));

    // (length of the matched base spelling, canonical base, magnitude)
    let mut best: Option<(usize, &str, Magnitude)> = None;
    for (spelling, canonical, takes_magnitude) in builtin.chain(declared) {
        let Some(prefix) = written.strip_suffix(spelling) else {
            continue;
        };
        let prefix = prefix.trim_end();
        if !prefix.is_empty() && !takes_magnitude {
            continue;
        }
        let Some(magnitude) = Magnitude::from_prefix(prefix) else {
            continue;
        };
        if best.is_none_or(|(len, _, _)| spelling.len() > len) {
            best = Some((spelling.len(), canonical, magnitude));
        }
    }
    best.map(|(_, base, magnitude)| Unit {
        written: written.to_string(),
        magnitude,
        base: base.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unit(text: &str) -> Unit {
        parse_unit(text, &[]).unwrap_or_else(|| panic!("{text} should parse"))
    }

    fn parts(text: &str) -> (u32, &'static str, String) {
        let u = unit(text);
        (u.magnitude.exponent, u.magnitude.prefix, u.base)
    }

    #[test]
    fn each_magnitude_prefix() {
        assert_eq!(parts("元"), (0, "", "元".to_string()));
        assert_eq!(parts("千元"), (3, "千", "元".to_string()));
        assert_eq!(parts("万元"), (4, "万", "元".to_string()));
        assert_eq!(parts("百万元"), (6, "百万", "元".to_string()));
        assert_eq!(parts("亿元"), (8, "亿", "元".to_string()));
        assert_eq!(parts("万亿元"), (12, "万亿", "元".to_string()));
        assert_eq!(parts("万吨"), (4, "万", "吨".to_string()));
        assert_eq!(parts("千人"), (3, "千", "人".to_string()));
    }

    #[test]
    fn every_base_unit_parses_bare_and_scaled() {
        for row in BASE_UNITS {
            assert_eq!(parts(row.zh), (0, "", row.zh.to_string()), "{}", row.zh);
            let scaled = format!("万{}", row.zh);
            if row.takes_magnitude() {
                assert_eq!(parts(&scaled), (4, "万", row.zh.to_string()), "{scaled}");
            } else {
                assert_eq!(parse_unit(&scaled, &[]), None, "{scaled}");
            }
        }
    }

    #[test]
    fn longest_base_unit_wins() {
        assert_eq!(parts("人次"), (0, "", "人次".to_string()));
        assert_eq!(parts("万人次"), (4, "万", "人次".to_string()));
        assert_eq!(parts("批次"), (0, "", "批次".to_string()));
        assert_eq!(parts("万场次"), (4, "万", "场次".to_string()));
        assert_eq!(parts("次"), (0, "", "次".to_string()));
        assert_eq!(parts("万平方米"), (4, "万", "平方米".to_string()));
    }

    #[test]
    fn unknown_units() {
        for text in [
            "千米",
            "公里",
            "千万元",
            "百元",
            "万万元",
            "亿亿元",
            "%%",
            "万%",
            "亿％",
            "人人",
            "",
            "  ",
        ] {
            assert_eq!(parse_unit(text, &[]), None, "{text:?}");
        }
    }

    #[test]
    fn percent_and_its_full_width_spelling() {
        assert_eq!(parts("%"), (0, "", "%".to_string()));
        let u = unit("％");
        assert_eq!((u.base.as_str(), u.written.as_str()), ("%", "％"));
    }

    #[test]
    fn whitespace_is_trimmed() {
        let u = unit("  亿元 ");
        assert_eq!(u.written, "亿元");
        assert_eq!(u.to_string(), "亿元");
        assert_eq!(parts("亿 元"), (8, "亿", "元".to_string()));
    }

    #[test]
    fn extra_base_units() {
        let u = parse_unit("万棵", &["棵", " ", ""]).expect("declared unit");
        assert_eq!((u.magnitude.exponent, u.base.as_str()), (4, "棵"));
        assert_eq!(parse_unit("万棵", &[]), None);
        // 美元 is not 美 + 元: the declared base leaves a valid prefix, 元 does not.
        let u = parse_unit("万美元", &["美元"]).expect("declared unit");
        assert_eq!((u.magnitude.exponent, u.base.as_str()), (4, "美元"));
        // Where both fit, the longer base unit wins.
        let u = parse_unit("亿元", &["亿元"]).expect("declared unit");
        assert_eq!((u.magnitude.exponent, u.base.as_str()), (0, "亿元"));
        // Re-declaring a built-in does not lift its rules.
        assert_eq!(parse_unit("万%", &["%"]), None);
        assert_eq!(parse_unit("千米", &["米"]).map(|u| u.base), Some("米".into()));
    }

    #[test]
    fn normalise_is_exact() {
        let n = FigureNumber::parse("3.2186").expect("number");
        assert_eq!(unit("亿元").normalise(&n), Ok(Decimal::from(321_860_000u64)));
        let n = FigureNumber::parse("13.8").expect("number");
        assert_eq!(unit("万吨").normalise(&n), Ok(Decimal::from(138_000u64)));
        let n = FigureNumber::parse("1.23456789").expect("number");
        assert_eq!(
            unit("万人次").normalise(&n),
            Ok(Decimal::from_str_exact("12345.6789").expect("literal"))
        );
        let n = FigureNumber::parse("12.5").expect("number");
        assert_eq!(
            unit("%").normalise(&n),
            Ok(Decimal::from_str_exact("12.5").expect("literal"))
        );
    }

    #[test]
    fn normalise_overflow_is_an_error() {
        let n = FigureNumber::parse("79228162514264337593543950335").expect("number");
        assert!(matches!(unit("万亿元").normalise(&n), Err(NumberError::OutOfRange(_))));
        assert!(unit("元").normalise(&n).is_ok());
    }

    /// `m / 10^s` written out as a decimal text, without going through `Decimal`.
    fn decimal_text(m: i64, s: u32) -> String {
        let digits = m.unsigned_abs().to_string();
        let sign = if m < 0 { "-" } else { "" };
        let s = s as usize;
        if s == 0 {
            return format!("{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = s + 1);
        let (int, frac) = padded.split_at(padded.len() - s);
        format!("{sign}{int}.{frac}")
    }

    proptest! {
        #[test]
        fn parse_unit_never_panics(text in any::<String>(), extra in proptest::collection::vec(any::<String>(), 0..4)) {
            let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
            let _ = parse_unit(&text, &extra);
        }

        #[test]
        fn parse_unit_never_panics_on_unit_like_text(text in "[ 万亿千百元人次吨%％米平方场批]{0,8}") {
            if let Some(u) = parse_unit(&text, &["米"]) {
                prop_assert_eq!(u.written.as_str(), text.trim());
            }
        }

        #[test]
        fn normalisation_is_exact(
            m in -999_999_999_999_999i64..=999_999_999_999_999i64,
            s in 0u32..=12,
            mag in 0usize..=MAGNITUDES.len(),
        ) {
            let text = decimal_text(m, s);
            let n = FigureNumber::parse(&text).expect("decimal text");
            let magnitude = MAGNITUDES.get(mag).copied().unwrap_or(Magnitude::NONE);
            let written = format!("{}元", magnitude.prefix);
            let u = parse_unit(&written, &[]).expect("unit");
            prop_assert_eq!(u.magnitude, magnitude);
            let expected = Decimal::from_i128_with_scale(
                i128::from(m) * 10i128.pow(magnitude.exponent),
                s,
            );
            prop_assert_eq!(u.normalise(&n), Ok(expected));
            prop_assert_eq!(
                crate::figures::format::format_figure("zh", &n, Some(&written), &[]),
                format!("{text}{written}")
            );
        }
    }
}

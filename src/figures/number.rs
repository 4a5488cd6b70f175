//! Exact figure values.
//!
//! A figure's `value` is a YAML number. It is kept twice: as the text the
//! author wrote (the Chinese rendering shows it unchanged) and as an exact
//! [`Decimal`] (all arithmetic — magnitudes, totals, English scaling — is
//! decimal, never binary floating point).
//!
//! Accepted texts are the YAML 1.2 decimal forms without an exponent: an
//! optional sign, digits with an optional fraction (`12`, `3.2186`, `.5`,
//! `5.`). Rejected: exponent notation (`0.1e3` would reach readers as written:
//! the error says how to write the number out), empty text, `NaN`/`.nan`,
//! infinities, digit separators (`1_000`, `1,000`), hexadecimal and octal
//! forms, and anything else.
//! A value that cannot be held exactly in a [`Decimal`] (more than 28 decimal
//! places, or larger than about 7.9 × 10^28) is an error, never silently
//! rounded.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

/// Why a text is not a usable figure value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// The text is empty or only whitespace.
    #[error("a figure value is empty")]
    Empty,
    /// The text is not a decimal number.
    #[error("`{0}` is not a number")]
    Invalid(String),
    /// NaN or an infinity.
    #[error("`{0}` is not a finite number")]
    NotFinite(String),
    /// Exponent notation (`0.1e3`), with the number written out when it
    /// can be.
    #[error("`{text}` is in exponent notation, which readers would see as written; {}", match plain {
        Some(p) => format!("write `{p}`"),
        None => "write the number out in digits".to_string(),
    })]
    Exponent {
        /// The number as written.
        text: String,
        /// The same number in plain digits; none when it does not fit an exact
        /// decimal.
        plain: Option<String>,
    },
    /// The value (possibly after applying a magnitude) does not fit an exact decimal.
    #[error("`{0}` is too large or too precise to be computed exactly")]
    OutOfRange(String),
}

/// A figure's value as written, with its exact decimal value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureNumber {
    /// The number as written (trimmed), e.g. `3.2186`.
    pub text: String,
    /// The exact value, with trailing fractional zeros removed.
    pub value: Decimal,
}

/// Largest scale (and largest power of ten) a [`Decimal`] holds.
const MAX_DIGITS: i64 = 28;

impl FigureNumber {
    /// Parses a YAML-number text (see the module documentation).
    pub fn parse(text: &str) -> Result<FigureNumber, NumberError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(NumberError::Empty);
        }
        let value = parse_decimal(text);
        if has_exponent(text) {
            return match value {
                Ok(v) => Err(NumberError::Exponent {
                    text: text.to_string(),
                    plain: Some(v.normalize().to_string()),
                }),
                Err(NumberError::OutOfRange(_)) => Err(NumberError::Exponent {
                    text: text.to_string(),
                    plain: None,
                }),
                Err(e) => Err(e),
            };
        }
        let value = value?;
        Ok(FigureNumber {
            text: text.to_string(),
            value,
        })
    }

    /// A figure from a binary float, as a YAML loader gives it.
    ///
    /// The text is Rust's shortest round-trip rendering (`format!("{f}")`), so
    /// `3.2186` stays exactly `3.2186`; the float itself is never used in
    /// arithmetic. `-0.0` is written `0`.
    #[cfg(test)]
    pub(crate) fn from_f64(f: f64) -> Result<FigureNumber, NumberError> {
        if !f.is_finite() {
            return Err(NumberError::NotFinite(format!("{f}")));
        }
        if f == 0.0 {
            return Ok(FigureNumber::from_u64(0));
        }
        FigureNumber::parse(&format!("{f}"))
    }

    /// A figure from a signed integer.
    #[cfg(test)]
    pub(crate) fn from_i64(n: i64) -> FigureNumber {
        FigureNumber {
            text: n.to_string(),
            value: Decimal::from(n),
        }
    }

    /// A figure from an unsigned integer.
    #[cfg(test)]
    pub(crate) fn from_u64(n: u64) -> FigureNumber {
        FigureNumber {
            text: n.to_string(),
            value: Decimal::from(n),
        }
    }

    /// The value times 10^`exponent`, computed exactly; an error when the
    /// result does not fit a [`Decimal`].
    pub(crate) fn scaled(&self, exponent: u32) -> Result<Decimal, NumberError> {
        let out_of_range = || NumberError::OutOfRange(self.text.clone());
        let mantissa = self.value.mantissa();
        let scale = self.value.scale();
        let result = if scale >= exponent {
            Decimal::try_from_i128_with_scale(mantissa, scale - exponent)
        } else {
            let factor = 10i128.checked_pow(exponent - scale).ok_or_else(out_of_range)?;
            let product = mantissa.checked_mul(factor).ok_or_else(out_of_range)?;
            Decimal::try_from_i128_with_scale(product, 0)
        };
        result.map_err(|_| out_of_range())
    }
}

impl FromStr for FigureNumber {
    type Err = NumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FigureNumber::parse(s)
    }
}

impl fmt::Display for FigureNumber {
    /// The number as written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Whether a number-like `text` has an exponent (`1e4`, `-2.5E+3`).
pub(crate) fn has_exponent(text: &str) -> bool {
    let t = text.trim().trim_start_matches(['+', '-']);
    match t.find(['e', 'E']) {
        Some(i) => {
            let (mantissa, exp) = (&t[..i], t[i + 1..].trim_start_matches(['+', '-']));
            mantissa.bytes().any(|b| b.is_ascii_digit())
                && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && !exp.is_empty()
                && exp.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// Parses trimmed, non-empty `text` exactly (exponents included: the
/// caller decides whether to accept them).
fn parse_decimal(text: &str) -> Result<Decimal, NumberError> {
    let invalid = || NumberError::Invalid(text.to_string());
    let out_of_range = || NumberError::OutOfRange(text.to_string());

    let bytes = text.as_bytes();
    let (negative, mut i) = match bytes.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    let unsigned = text.get(i..).unwrap_or("").to_ascii_lowercase();
    if matches!(unsigned.as_str(), "nan" | ".nan" | "inf" | ".inf" | "infinity") {
        return Err(NumberError::NotFinite(text.to_string()));
    }

    // Significant digits (leading zeros dropped) and the count of fraction digits.
    let mut digits: Vec<u8> = Vec::new();
    let mut any_digit = false;
    let mut fraction_digits: i64 = 0;
    let mut in_fraction = false;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'0'..=b'9' => {
                any_digit = true;
                if !(digits.is_empty() && b == b'0') {
                    digits.push(b - b'0');
                }
                if in_fraction {
                    fraction_digits = fraction_digits.saturating_add(1);
                }
            }
            b'.' if !in_fraction => in_fraction = true,
            _ => break,
        }
        i += 1;
    }
    if !any_digit {
        return Err(invalid());
    }

    let mut exponent: i64 = 0;
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        let exponent_negative = match bytes.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        while let Some(&b) = bytes.get(i) {
            if !b.is_ascii_digit() {
                break;
            }
            exponent = exponent.saturating_mul(10).saturating_add(i64::from(b - b'0'));
            i += 1;
        }
        if i == start {
            return Err(invalid());
        }
        if exponent_negative {
            exponent = -exponent;
        }
    }
    if i != bytes.len() {
        return Err(invalid());
    }

    // value = digits × 10^power, with trailing zeros moved into the power.
    let mut power = exponent.saturating_sub(fraction_digits);
    while digits.last() == Some(&0) {
        digits.pop();
        power = power.saturating_add(1);
    }
    if digits.is_empty() {
        return Ok(Decimal::ZERO);
    }
    let mut mantissa: i128 = 0;
    for d in digits {
        mantissa = mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add(i128::from(d)))
            .ok_or_else(out_of_range)?;
    }
    if negative {
        mantissa = -mantissa;
    }
    let result = if power >= 0 {
        if power > MAX_DIGITS {
            return Err(out_of_range());
        }
        let factor = 10i128
            .checked_pow(u32::try_from(power).map_err(|_| out_of_range())?)
            .ok_or_else(out_of_range)?;
        let product = mantissa.checked_mul(factor).ok_or_else(out_of_range)?;
        Decimal::try_from_i128_with_scale(product, 0)
    } else {
        let scale = power.checked_neg().ok_or_else(out_of_range)?;
        if scale > MAX_DIGITS {
            return Err(out_of_range());
        }
        let scale = u32::try_from(scale).map_err(|_| out_of_range())?;
        Decimal::try_from_i128_with_scale(mantissa, scale)
    };
    result.map_err(|_| out_of_range())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).expect("test literal")
    }

    #[test]
    fn parses_yaml_number_forms() {
        let cases = [
            ("3.2186", "3.2186"),
            ("-12", "-12"),
            ("+5", "5"),
            (".5", "0.5"),
            ("5.", "5"),
            ("0", "0"),
            ("-0", "0"),
            ("007", "7"),
            ("3.20", "3.2"),
            ("  907 ", "907"),
            ("0.0000000000000000000000000001", "0.0000000000000000000000000001"),
            ("1000000000000000000000000000", "1000000000000000000000000000"),
        ];
        for (text, value) in cases {
            let n = FigureNumber::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(n.value, dec(value), "{text}");
            assert_eq!(n.text, text.trim(), "{text}");
        }
    }

    #[test]
    fn exponent_notation_is_refused_with_the_number_written_out() {
        for (text, plain) in [
            ("0.1e3", Some("100")),
            ("1.0e+2", Some("100")),
            ("1e4", Some("10000")),
            ("3.5E+2", Some("350")),
            ("-1.25e-1", Some("-0.125")),
            ("0e99999999999999999999999", Some("0")),
            ("1e400", None),
            ("1e-400", None),
        ] {
            let want = NumberError::Exponent {
                text: text.to_string(),
                plain: plain.map(str::to_string),
            };
            assert_eq!(FigureNumber::parse(text), Err(want), "{text}");
        }
        assert!(FigureNumber::parse("1e400")
            .expect_err("exponent")
            .to_string()
            .contains("write the number out"));
        // The exact arithmetic under it still reads exponents.
        assert_eq!(parse_decimal("3.5E+2"), Ok(dec("350")));
        assert_eq!(parse_decimal("1.25e-1"), Ok(dec("0.125")));
        assert!(!has_exponent("1e") && !has_exponent("e5") && !has_exponent("abc"));
    }

    #[test]
    fn keeps_the_text_as_written() {
        let n: FigureNumber = "3.20".parse().expect("number");
        assert_eq!(n.to_string(), "3.20");
        assert_eq!(n.value, dec("3.2"));
    }

    #[test]
    fn rejects_non_numbers() {
        assert_eq!(FigureNumber::parse(""), Err(NumberError::Empty));
        assert_eq!(FigureNumber::parse("   "), Err(NumberError::Empty));
        for text in ["NaN", ".nan", "inf", "-.inf", "+.INF", "Infinity"] {
            assert!(
                matches!(FigureNumber::parse(text), Err(NumberError::NotFinite(_))),
                "{text}"
            );
        }
        for text in [
            "1_000", "1,000", "abc", "1.2.3", "e5", "1e", "1e+", "0x1F", "0o17", ".", "-", "+", "--1", "1 2", "12万",
            "３", "1.5.e3",
        ] {
            assert!(
                matches!(FigureNumber::parse(text), Err(NumberError::Invalid(_))),
                "{text}"
            );
        }
    }

    #[test]
    fn rejects_values_that_are_not_exact() {
        for text in [
            "0.00000000000000000000000000001",
            "123456789012345678901234567890123",
            "79228162514264337593543950336",
        ] {
            assert!(
                matches!(FigureNumber::parse(text), Err(NumberError::OutOfRange(_))),
                "{text}"
            );
        }
        assert!(FigureNumber::parse("79228162514264337593543950335").is_ok());
        for text in ["1e400", "1e-40", "1e99999999999999999999999"] {
            assert!(matches!(parse_decimal(text), Err(NumberError::OutOfRange(_))), "{text}");
        }
    }

    #[test]
    fn from_f64_uses_the_shortest_text() {
        let n = FigureNumber::from_f64(3.2186).expect("finite");
        assert_eq!(n.text, "3.2186");
        assert_eq!(n.value, dec("3.2186"));
        assert_eq!(FigureNumber::from_f64(0.1).expect("finite").value, dec("0.1"));
        assert_eq!(FigureNumber::from_f64(12.0).expect("finite").text, "12");
        assert_eq!(FigureNumber::from_f64(-0.0).expect("finite").text, "0");
        assert_eq!(FigureNumber::from_f64(1e-7).expect("finite").value, dec("0.0000001"));
        assert!(matches!(
            FigureNumber::from_f64(f64::NAN),
            Err(NumberError::NotFinite(_))
        ));
        assert!(matches!(
            FigureNumber::from_f64(f64::NEG_INFINITY),
            Err(NumberError::NotFinite(_))
        ));
        assert!(matches!(FigureNumber::from_f64(1e300), Err(NumberError::OutOfRange(_))));
    }

    #[test]
    fn from_integers() {
        let n = FigureNumber::from_i64(i64::MIN);
        assert_eq!(n.text, "-9223372036854775808");
        assert_eq!(n.value, Decimal::from(i64::MIN));
        let n = FigureNumber::from_u64(u64::MAX);
        assert_eq!(n.text, "18446744073709551615");
        assert_eq!(n.value, Decimal::from(u64::MAX));
    }

    #[test]
    fn scaled_is_exact_and_checked() {
        let n = FigureNumber::parse("3.2186").expect("number");
        assert_eq!(n.scaled(8), Ok(dec("321860000")));
        assert_eq!(n.scaled(0), Ok(dec("3.2186")));
        assert_eq!(n.scaled(2), Ok(dec("321.86")));
        let big = FigureNumber::parse("79228162514264337593543950335").expect("number");
        assert!(matches!(big.scaled(4), Err(NumberError::OutOfRange(_))));
        let u = FigureNumber::from_u64(u64::MAX);
        assert!(u.scaled(12).is_err());
        assert!(u.scaled(9).is_ok());
    }

    proptest! {
        #[test]
        fn parse_never_panics(text in any::<String>()) {
            let _ = FigureNumber::parse(&text);
        }

        #[test]
        fn parse_never_panics_on_number_like_text(
            text in "[ +-]?[0-9]{0,40}(\\.[0-9]{0,40})?([eE][+-]?[0-9]{0,25})?"
        ) {
            if let Ok(n) = FigureNumber::parse(&text) {
                for exp in [0, 3, 4, 6, 8, 12, 40] {
                    let _ = n.scaled(exp);
                }
            }
        }

        #[test]
        fn from_f64_round_trips(f in any::<f64>()) {
            match FigureNumber::from_f64(f) {
                Ok(n) => {
                    let back: f64 = n.value.to_string().parse().expect("decimal text");
                    prop_assert_eq!(back, f);
                    prop_assert_eq!(n.text.parse::<f64>().ok(), Some(f));
                }
                Err(NumberError::NotFinite(_)) => prop_assert!(!f.is_finite()),
                Err(NumberError::OutOfRange(_)) => {
                    prop_assert!(f.abs() > 1e28 || f.abs() < 1e-6);
                }
                Err(e) => prop_assert!(false, "unexpected {e}"),
            }
        }

        #[test]
        fn integer_texts_parse_exactly(m in any::<i64>()) {
            let n = FigureNumber::parse(&m.to_string()).expect("integer");
            prop_assert_eq!(n.value, Decimal::from(m));
            prop_assert_eq!(n, FigureNumber::from_i64(m));
        }
    }
}

//! Checks of what the user typed: slugs and dates.

use chrono::NaiveDate;

use super::error::ScaffoldError;
use crate::model::slug::is_valid_slug;

/// A slug must match `^[a-z0-9][a-z0-9-]*$`.
pub(crate) fn check_slug(slug: &str) -> Result<(), ScaffoldError> {
    if is_valid_slug(slug) {
        return Ok(());
    }
    let suggestion = crate::model::slug::slug_from_stem(slug);
    let reason = if suggestion.is_empty() || suggestion == slug {
        "must match ^[a-z0-9][a-z0-9-]*$ (lower-case letters, digits and hyphens)".to_string()
    } else {
        format!("must match ^[a-z0-9][a-z0-9-]*$ (lower-case letters, digits and hyphens), such as `{suggestion}`")
    };
    Err(ScaffoldError::InvalidSlug {
        slug: slug.to_string(),
        reason,
    })
}

/// A date written exactly as `YYYY-MM-DD`, and a real one.
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, ScaffoldError> {
    let bad = || ScaffoldError::InvalidDate { date: text.to_string() };
    let b = text.as_bytes();
    let shape_ok = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shape_ok {
        return Err(bad());
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(check_slug("alar-talent-2022").is_ok());
        for bad in ["", "-a", "Alar", "a_b", "a/b", "..", "台州"] {
            assert!(
                matches!(check_slug(bad), Err(ScaffoldError::InvalidSlug { .. })),
                "{bad}"
            );
        }
        let msg = check_slug("Alar Talent").expect_err("invalid").to_string();
        assert!(msg.contains("such as `alar-talent`"), "{msg}");
    }

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2024-02-29").expect("leap day"),
            NaiveDate::from_ymd_opt(2024, 2, 29).expect("date")
        );
        for bad in [
            "2023-02-29",
            "2024-5-1",
            "2024/05/01",
            "20240501",
            "2024-05-01T08:00",
            "",
            "２０２４-05-01",
        ] {
            assert!(
                matches!(parse_date(bad), Err(ScaffoldError::InvalidDate { .. })),
                "{bad}"
            );
        }
    }
}

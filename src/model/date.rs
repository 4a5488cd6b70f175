//! Dates of stories: `YYYY-MM-DD` (midnight in the site's timezone),
//! `YYYY-MM-DD HH:MM[:SS]` (in the site's timezone), or RFC 3339.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// A moment with the offset it is shown in (the site's timezone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub DateTime<FixedOffset>);

impl Date {
    /// Parses a front-matter date; `None` when it is none of the accepted forms.
    pub fn parse(text: &str, tz: Tz) -> Option<Date> {
        let text = text.trim();
        if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
            return Some(Date(dt.with_timezone(&tz).fixed_offset()));
        }
        let naive = if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            d.and_time(NaiveTime::MIN)
        } else {
            [
                "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%d %H:%M",
                "%Y-%m-%dT%H:%M:%S",
                "%Y-%m-%dT%H:%M",
            ]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())?
        };
        let local = tz.from_local_datetime(&naive).earliest()?;
        Some(Date(local.fixed_offset()))
    }

    pub fn year(&self) -> i32 {
        self.0.year()
    }
    /// `2022-04-15`
    pub fn ymd(&self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }
    /// RFC 3339, as feeds and `<time datetime>` want it.
    pub fn rfc3339(&self) -> String {
        self.0.to_rfc3339()
    }
    /// The date as people read it in `lang`: `2022年4月15日`, `15 April 2022`.
    pub fn display(&self, lang: &str) -> String {
        let d = self.0;
        match lang {
            "zh" | "ja" => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
            _ => d.format("%-d %B %Y").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_dates_are_midnight_in_site_timezone() {
        let d = Date::parse("2022-04-15", chrono_tz::Asia::Shanghai).expect("date");
        assert_eq!(d.rfc3339(), "2022-04-15T00:00:00+08:00");
        assert_eq!(d.display("zh"), "2022年4月15日");
        assert_eq!(d.display("en"), "15 April 2022");
    }

    #[test]
    fn rfc3339_is_shown_in_site_timezone() {
        let d = Date::parse("2022-04-14T20:00:00Z", chrono_tz::Asia::Shanghai).expect("date");
        assert_eq!(d.ymd(), "2022-04-15");
    }

    #[test]
    fn bad_dates_are_rejected() {
        for bad in ["2022-13-01", "15/04/2022", "", "2022-02-30"] {
            assert!(Date::parse(bad, chrono_tz::Asia::Shanghai).is_none(), "{bad}");
        }
    }
}

//! Dates of stories: `YYYY-MM-DD` (midnight in the site's timezone),
//! `YYYY-MM-DD HH:MM[:SS]` (in the site's timezone), or RFC 3339.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone};
use chrono_tz::Tz;

/// A moment with the offset it is shown in (the site's timezone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Date(pub DateTime<FixedOffset>);

/// The moment a local date and time of `tz` names: the earlier one when the
/// clocks went back over it, and when they went forward over it (a DST gap:
/// midnight does not exist in America/Sao_Paulo on 2018-11-04) the moment
/// the clocks showed it with the offset before the gap, which is the first
/// moment after the gap for a time at its start (01:00 -02:00 there).
fn local_to_instant(naive: &NaiveDateTime, tz: Tz) -> Option<DateTime<Tz>> {
    if let Some(t) = tz.from_local_datetime(naive).earliest() {
        return Some(t);
    }
    let shifted = || {
        let before = naive.checked_sub_signed(TimeDelta::days(1))?;
        let offset = tz.from_local_datetime(&before).earliest()?.offset().fix();
        let utc = naive.checked_sub_signed(TimeDelta::seconds(i64::from(offset.local_minus_utc())))?;
        Some(tz.from_utc_datetime(&utc))
    };
    shifted().or_else(|| {
        let later = naive.checked_add_signed(TimeDelta::hours(1))?;
        tz.from_local_datetime(&later).earliest()
    })
}

impl Date {
    /// Parses a front-matter date; `None` when it is none of the accepted forms.
    pub(crate) fn parse(text: &str, tz: Tz) -> Option<Date> {
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
        Some(Date(local_to_instant(&naive, tz)?.fixed_offset()))
    }

    pub(crate) fn year(&self) -> i32 {
        self.0.year()
    }
    /// `2022-04-15`
    pub(crate) fn ymd(&self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }
    /// RFC 3339, as feeds and `<time datetime>` want it.
    pub(crate) fn rfc3339(&self) -> String {
        self.0.to_rfc3339()
    }
    /// The date as people read it in `lang`: `2022年4月15日`, `15 April 2022`.
    pub(crate) fn display(&self, lang: &str) -> String {
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
    fn a_date_whose_midnight_falls_in_a_dst_gap_is_the_first_moment_after_it() {
        // Brazil's clocks went from 00:00 to 01:00 on 2018-11-04.
        let tz = chrono_tz::America::Sao_Paulo;
        let d = Date::parse("2018-11-04", tz).expect("a valid date");
        assert_eq!(d.rfc3339(), "2018-11-04T01:00:00-02:00");
        assert_eq!(d.ymd(), "2018-11-04");
        let later = Date::parse("2018-11-04 00:30", tz).expect("a time in the gap");
        assert_eq!(later.rfc3339(), "2018-11-04T01:30:00-02:00");
        // Either side of the gap, nothing changes.
        assert_eq!(
            Date::parse("2018-11-03", tz).expect("date").rfc3339(),
            "2018-11-03T00:00:00-03:00"
        );
        assert_eq!(
            Date::parse("2018-11-05", tz).expect("date").rfc3339(),
            "2018-11-05T00:00:00-02:00"
        );
        // When the clocks go back, the earlier of the two moments.
        let back = Date::parse("2019-02-16 23:30", tz).expect("an ambiguous time");
        assert_eq!(back.rfc3339(), "2019-02-16T23:30:00-02:00");
    }

    #[test]
    fn bad_dates_are_rejected() {
        for bad in ["2022-13-01", "15/04/2022", "", "2022-02-30"] {
            assert!(Date::parse(bad, chrono_tz::Asia::Shanghai).is_none(), "{bad}");
        }
    }
}

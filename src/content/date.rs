//! Dates as real blogs write them, resolved to a zoned date-time.
//!
//! Accepted (DESIGN §3): RFC 3339 (`2026-11-28T14:05:00-06:00`, `Z`), `YYYY-MM-DD`,
//! `YYYY-MM-DD HH:MM[:SS]`, a space or `T` between date and time, offsets with or without a
//! colon (`-0800`, `+05:30`), Jekyll's `2017-02-26 00:30:56 -0800`, and fractional seconds.
//! A value without an offset is a civil time in the site's time zone; a date alone is
//! midnight there, so it shows as the same calendar day whatever the machine's `TZ`.

use jiff::ZonedDateTime as Zoned;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};

/// Parses a front matter date. Errors say what was expected.
pub fn parse(text: &str, tz: &TimeZone) -> Result<Zoned, String> {
    let s = text.trim();
    if s.is_empty() {
        return Err("the date is empty".to_string());
    }
    let (date_part, rest) = split_date(s)?;
    let date: Date = date_part.parse().map_err(|_| calendar_problem(date_part))?;
    let rest = rest.trim_start_matches(['T', 't', ' ']);
    if rest.is_empty() {
        return date
            .to_zoned_datetime(tz.clone())
            .map_err(|_| out_of_range(s));
    }
    let (time_part, offset_part) = split_offset(rest);
    let time = parse_time(time_part)?;
    let civil = DateTime::from_parts(date, time);
    match offset_part.trim() {
        "" => civil
            .to_zoned_datetime(tz.clone())
            .map_err(|_| out_of_range(s)),
        off => {
            let offset = parse_offset(off)?;
            civil
                .to_zoned_datetime(TimeZone::fixed(offset))
                .map_err(|_| out_of_range(s))
        }
    }
}

/// Like [`parse`], but forgiving a malformed time after a valid calendar date.
///
/// Real posts carry typos such as `2024-05-10T1925:00-0600`; the generator that first
/// built them may have read them somehow, and the post must still build. Such a value
/// gives midnight of its calendar day in `tz`, and the second item says why, for the caller
/// to report as a warning. A value without a valid `YYYY-MM-DD` start is still an error.
pub fn parse_recovering(text: &str, tz: &TimeZone) -> Result<(Zoned, Option<String>), String> {
    let why = match parse(text, tz) {
        Ok(z) => return Ok((z, None)),
        Err(why) => why,
    };
    let s = text.trim();
    let (Some(day), Some(rest)) = (s.get(..10), s.get(10..)) else {
        return Err(why);
    };
    if !rest.starts_with(['T', 't', ' ']) {
        return Err(why);
    }
    let Ok(date) = day.parse::<Date>() else {
        return Err(why);
    };
    let zoned = date
        .to_zoned_datetime(tz.clone())
        .map_err(|_| out_of_range(s))?;
    Ok((
        zoned,
        Some(format!(
            "{why}; the time was left out and {date} (midnight) used"
        )),
    ))
}

/// The latest date gloss accepts: the time library holds instants up to
/// 9999-12-30T22:00:00Z, so the last full day in every time zone is the 30th.
pub const LATEST: &str = "9999-12-30";

/// Why a date that parsed cannot be placed in time, in the author's terms (jiff's own
/// message names its internal parameter: "'Unix timestamp seconds' is not in the
/// required range").
fn out_of_range(s: &str) -> String {
    format!("{s:?} is out of the range of dates gloss accepts: 0000-01-01 to {LATEST}")
}

/// Reads a `YYYY-MM-DD` prefix of a file name or URL path segment list, e.g.
/// `2017-02-26-slug.md` → (2017-02-26, `slug.md`) or `2023/08/24/slug` → (2023-08-24, `slug`).
pub fn date_prefix(name: &str) -> Option<(Date, &str)> {
    let bytes = name.as_bytes();
    if bytes.len() < 10 {
        return None;
    }
    let sep = bytes[4];
    if !(sep == b'-' || sep == b'/') || bytes[7] != sep {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| bytes[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return None;
    }
    let year: i16 = name[0..4].parse().ok()?;
    let month: i8 = name[5..7].parse().ok()?;
    let day: i8 = name[8..10].parse().ok()?;
    let date = Date::new(year, month, day).ok()?;
    let rest = name[10..].trim_start_matches(['-', '_', '/']);
    Some((date, rest))
}

/// Finds a date in a URL path given in front matter: a `YYYY/MM/DD` or `YYYY-MM-DD`
/// run starting any segment, as blogs write (`2023/08/24/slug`,
/// `inside-rust/2019/12/03/slug`). The first one wins.
pub fn date_in_path(path: &str) -> Option<Date> {
    let path = path.trim_matches('/');
    std::iter::once(0)
        .chain(path.match_indices('/').map(|(i, _)| i + 1))
        .find_map(|start| date_prefix(&path[start..]).map(|(d, _)| d))
}

/// Why a `YYYY-MM-DD` that jiff refused is not a date, in the author's terms
/// ("February 2024 has 29 days").
fn calendar_problem(s: &str) -> String {
    let numbers: Vec<Option<i16>> = s
        .split('-')
        .map(|p| {
            p.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect();
    let [Some(year), Some(month), Some(day)] = numbers[..] else {
        return format!("{s:?} is not a date: write YYYY-MM-DD");
    };
    let Ok(month) = i8::try_from(month) else {
        return format!("{s:?} is not a calendar date: there is no month {month}");
    };
    match Date::new(year, month, 1) {
        Err(_) => format!("{s:?} is not a calendar date: there is no month {month}"),
        Ok(first) => {
            let days = first.days_in_month();
            if day < 1 || day > i16::from(days) {
                format!(
                    "{s:?} is not a calendar date: {} has {days} days",
                    first.strftime("%B %Y")
                )
            } else {
                format!("{s:?} is not a date: write YYYY-MM-DD")
            }
        }
    }
}

fn split_date(s: &str) -> Result<(&str, &str), String> {
    let end = s.find(['T', 't', ' ']).unwrap_or(s.len());
    let (d, r) = s.split_at(end);
    if d.len() != 10 {
        return Err(format!(
            "{s:?} is not a date: write YYYY-MM-DD, optionally followed by a time"
        ));
    }
    Ok((d, r))
}

fn split_offset(s: &str) -> (&str, &str) {
    if let Some(i) = s.find(['Z', 'z']) {
        return (&s[..i], &s[i..]);
    }
    // The offset sign comes after the time's digits (`00:30:56 -0800`, `14:05:00-06:00`).
    match s.find(['+', '-']) {
        Some(i) => (s[..i].trim_end(), &s[i..]),
        None => (s.trim_end(), ""),
    }
}

fn parse_time(s: &str) -> Result<Time, String> {
    let bad = || format!("{s:?} is not a time: write HH:MM or HH:MM:SS");
    let mut parts = s.split(':');
    let hour: i8 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let minute: i8 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let (second, nanos) = match parts.next() {
        None => (0, 0),
        Some(sec) => {
            let (whole, frac) = sec.split_once(['.', ',']).unwrap_or((sec, ""));
            let whole: i8 = whole.parse().map_err(|_| bad())?;
            let frac = if frac.is_empty() {
                0
            } else {
                let digits: String = frac.chars().take(9).collect();
                let padded = format!("{digits:0<9}");
                padded.parse::<i32>().map_err(|_| bad())?
            };
            (whole, frac)
        }
    };
    if parts.next().is_some() {
        return Err(bad());
    }
    Time::new(hour, minute, second, nanos).map_err(|e| format!("{s:?} is not a time ({e})"))
}

fn parse_offset(s: &str) -> Result<Offset, String> {
    if s.eq_ignore_ascii_case("z") {
        return Ok(Offset::UTC);
    }
    let bad = || format!("{s:?} is not a UTC offset: write Z, +HH:MM or -HHMM");
    let (sign, digits) = match s.as_bytes().first() {
        Some(b'+') => (1, &s[1..]),
        Some(b'-') => (-1, &s[1..]),
        _ => return Err(bad()),
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 && digits.len() != 2 {
        return Err(bad());
    }
    let hours: i32 = digits[..2].parse().map_err(|_| bad())?;
    let minutes: i32 = if digits.len() == 4 {
        digits[2..].parse().map_err(|_| bad())?
    } else {
        0
    };
    if hours > 23 || minutes > 59 {
        return Err(bad());
    }
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> String {
        parse(s, &TimeZone::UTC)
            .map(|z| z.timestamp().to_string())
            .unwrap_or_else(|e| e)
    }

    #[test]
    fn forms_real_blogs_write() {
        assert_eq!(utc("2026-11-28T14:05:00-06:00"), "2026-11-28T20:05:00Z");
        assert_eq!(utc("2026-11-28"), "2026-11-28T00:00:00Z");
        assert_eq!(utc("2026-11-28 14:05"), "2026-11-28T14:05:00Z");
        assert_eq!(utc("2017-02-26 00:30:56 -0800"), "2017-02-26T08:30:56Z");
        assert_eq!(utc("2017-02-26T00:30:56.5Z"), "2017-02-26T00:30:56.5Z");
        assert_eq!(utc("2020-01-02T03:04:05+0530"), "2020-01-01T21:34:05Z");
    }

    #[test]
    fn site_timezone_applies_without_offset() {
        let tz = TimeZone::get("America/Chicago").unwrap();
        let z = parse("2026-11-28", &tz).unwrap();
        assert_eq!(z.date().to_string(), "2026-11-28");
        assert_eq!(z.offset().seconds(), -6 * 3600);
    }

    #[test]
    fn impossible_dates_say_why() {
        let why = |s: &str| parse(s, &TimeZone::UTC).unwrap_err();
        assert_eq!(
            why("2024-02-30"),
            "\"2024-02-30\" is not a calendar date: February 2024 has 29 days"
        );
        assert_eq!(
            why("2023-02-29"),
            "\"2023-02-29\" is not a calendar date: February 2023 has 28 days"
        );
        assert_eq!(
            why("2024-13-01"),
            "\"2024-13-01\" is not a calendar date: there is no month 13"
        );
        assert_eq!(
            why("2024-04-00"),
            "\"2024-04-00\" is not a calendar date: April 2024 has 30 days"
        );
        assert_eq!(
            why("2024/04/01"),
            "\"2024/04/01\" is not a date: write YYYY-MM-DD"
        );
    }

    #[test]
    fn impossible_and_malformed_dates_are_errors() {
        assert!(parse("2024-02-30", &TimeZone::UTC).is_err());
        assert!(parse("2024-02-03T1925:00", &TimeZone::UTC).is_err());
        assert!(parse("yesterday", &TimeZone::UTC).is_err());
        assert!(parse("2024-02-03 25:00", &TimeZone::UTC).is_err());
    }

    #[test]
    fn malformed_time_after_valid_day_is_recovered() {
        // Regression: `2024-05-10T1925:00-0600` (a real post's typo) failed the build.
        let (z, why) = parse_recovering("2024-05-10T1925:00-0600", &TimeZone::UTC).unwrap();
        assert_eq!(z.date().to_string(), "2024-05-10");
        assert!(why.unwrap().contains("1925:00"));
        let (z, why) = parse_recovering("2024-05-10T19:25:00-0600", &TimeZone::UTC).unwrap();
        assert_eq!(z.timestamp().to_string(), "2024-05-11T01:25:00Z");
        assert!(why.is_none());
        assert!(parse_recovering("2024-02-30T10:00", &TimeZone::UTC).is_err());
        assert!(parse_recovering("2024-05-10x", &TimeZone::UTC).is_err());
        assert!(parse_recovering("someday", &TimeZone::UTC).is_err());
    }

    #[test]
    fn dates_inside_paths_are_found() {
        // Regression: `path = "inside-rust/2019/12/03/slug"` (Zola) gave no date.
        let d = |p: &str| date_in_path(p).map(|d| d.to_string());
        assert_eq!(
            d("inside-rust/2019/12/03/governance-wg-meeting").as_deref(),
            Some("2019-12-03")
        );
        assert_eq!(d("/2023/08/24/Rust-1.72.0/").as_deref(), Some("2023-08-24"));
        assert_eq!(d("notes/2025-02-11-robin/").as_deref(), Some("2025-02-11"));
        assert_eq!(d("releases/1.24.1"), None);
        assert_eq!(d("posts/2019/slug"), None);
    }

    #[test]
    fn date_prefixes() {
        let (d, rest) = date_prefix("2017-02-26-slug.md").unwrap();
        assert_eq!((d.to_string().as_str(), rest), ("2017-02-26", "slug.md"));
        let (d, rest) = date_prefix("2023/08/24/slug").unwrap();
        assert_eq!((d.to_string().as_str(), rest), ("2023-08-24", "slug"));
        assert!(date_prefix("2017-13-26-x").is_none());
        assert!(date_prefix("about.md").is_none());
    }
}

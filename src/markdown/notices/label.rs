//! The labels that open update notices (`**Update 2020-06-18:**`, `*Edit (2025-04-02):*`,
//! an alert titled `Update as of 2025-12-08`) and the dates written in them.
//!
//! Takes the label's plain text and returns what it says, or `None` for look-alikes
//! ("Update the config…", "Update from 1.80"). Pure: no events, no HTML.

use jiff::ZonedDateTime as Zoned;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;

/// Words that open a notice, lower case.
const KEYWORDS: &[&str] = &[
    "update",
    "updated",
    "edit",
    "edited",
    "correction",
    "corrected",
    "addendum",
];

/// A date written in a notice, and whether it gave a time of day.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NoticeDate {
    /// The moment (midnight in the site's time zone for a date alone).
    pub at: Zoned,
    /// Whether a time of day was written.
    pub has_time: bool,
}

impl NoticeDate {
    /// For `datetime=""`: `2026-11-28T17:40:00-06:00`, or `2026-11-28` for a date alone.
    pub(crate) fn machine(&self) -> String {
        if self.has_time {
            self.at.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
        } else {
            self.at.strftime("%Y-%m-%d").to_string()
        }
    }

    /// For people, in `language`: `Nov 28, 2026, 5:40 PM`, or `Nov 28, 2026`.
    pub(crate) fn display(&self, language: &crate::i18n::Language) -> String {
        use crate::i18n::DateStyle;
        let style = if self.has_time {
            DateStyle::DateTime
        } else {
            DateStyle::Medium
        };
        language.date(&self.at, style)
    }
}

/// How strictly to read a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// An emphasised label opening a paragraph: it must end (a colon inside or right after
    /// it, a full stop or dash, `- ` after it) or carry a date, so "**Update** the config" is not one.
    Paragraph,
    /// An alert's title: the whole title is the label.
    Title,
}

/// What a label says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Label {
    /// The opening word, capitalised (`Update`, `Edit`, `Correction`…).
    pub keyword: String,
    /// The counter written after the keyword (`#2`, `2`, `Again`), as written.
    pub counter: Option<String>,
    /// The date it gives.
    pub date: Option<NoticeDate>,
    /// Byte offset in the label's text where the note itself begins, when the label runs
    /// on into the note (`*Updated on 2024-01-05: fixed the link.*`).
    pub note_start: Option<usize>,
    /// What the label wrote as its date when that is no date gloss can read
    /// (`2024-02-30`, `Apr 22` without a year): the label is a notice all the same,
    /// undated, and the caller warns.
    pub unreadable_date: Option<String>,
}

impl Label {
    /// The label as shown: its keyword and counter (`Update #2`, `Update Again`,
    /// `Correction`); the date is shown apart.
    pub(crate) fn name(&self) -> String {
        match &self.counter {
            Some(counter) => format!("{} {counter}", self.keyword),
            None => self.keyword.clone(),
        }
    }
}

/// What the part of a label between its keyword and its end says.
#[derive(Debug, Clone, PartialEq)]
enum Head {
    /// A date, or nothing (`None`), where the date ends when the note runs on after it
    /// (`on 2024-01-05 to add the numbers`), and the counter before it (`#2`).
    Date(Option<NoticeDate>, Option<usize>, Option<String>),
    /// Something written as a date that is none (`2024-02-30`).
    Unreadable(String),
}

/// Reads `label` (the emphasised text); `after` is the text right after the emphasis.
pub(crate) fn parse(label: &str, after: &str, form: Form, tz: &TimeZone) -> Option<Label> {
    let lead = label.len() - label.trim_start().len();
    let word_end = label[lead..]
        .find(|c: char| !c.is_alphabetic())
        .map_or(label.len(), |i| lead + i);
    let word = &label[lead..word_end];
    if !KEYWORDS.contains(&word.to_lowercase().as_str()) {
        return None;
    }
    let keyword = capitalise(word);
    let rest = &label[word_end..];
    // A colon ends the label, unless it sits inside a time (`17:40`).
    let colon = rest
        .char_indices()
        .find(|&(i, c)| c == ':' && !rest[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
        .map(|(i, _)| i);
    let head = colon.map_or(rest, |i| &rest[..i]);
    let (date, date_end, counter, unreadable_date) = match date_in_head(head, tz)? {
        Head::Date(date, end, counter) => (date, end, counter, None),
        Head::Unreadable(written) => (None, None, None, Some(written)),
    };
    let mut note_start = match colon {
        Some(i) => Some(word_end + i + 1),
        None => date_end.map(|e| word_end + e),
    };
    if let Some(s) = note_start
        && label[s..].trim().is_empty()
    {
        note_start = None;
    }
    if form == Form::Paragraph {
        let after = after.trim_start();
        let ended = colon.is_some()
            || date.is_some()
            || unreadable_date.is_some()
            || rest.trim_end().ends_with(['.', '—', '–'])
            || after.starts_with([':', '—', '–', '.'])
            || after.starts_with("- ");
        if !ended {
            return None;
        }
    }
    Some(Label {
        keyword,
        counter,
        date,
        note_start,
        unreadable_date,
    })
}

/// Reads the part between the keyword and the colon: nothing, a date with optional `on`
/// / `as of`, commas, dashes and brackets around it, or a counter before either
/// (`#2`, `2`, `Again`). When only a prefix of the head is the date (`on 2024-01-05 to
/// add numbers`, `August 3, 2022 with a chart`), the date's end comes with it. `None`
/// when the head is something else ("from 1.80", "the config").
fn date_in_head(head: &str, tz: &TimeZone) -> Option<Head> {
    let trimmed = head.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | '(' | '[' | '-' | '—' | '–' | '·')
    });
    let skipped = head.len() - trimmed.len();
    let core = trimmed.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ')' | ']' | '.' | '—' | '–')
    });
    if core.is_empty() {
        return Some(Head::Date(None, None, None));
    }
    // Words that may lead up to the date: `on`, `as of`, `evening of`, `the morning of`.
    let mut body = core;
    while let Some((word, rest)) = body.split_once(char::is_whitespace) {
        if !PRELUDE.contains(&word.to_lowercase().as_str()) {
            break;
        }
        body = rest.trim_start();
    }
    let body_at = skipped + (core.len() - body.len());
    if let Some(d) = parse_date(body, tz) {
        return Some(Head::Date(Some(d), None, None));
    }
    // `Updated on 2024-01-05 to add the numbers`: the longest run of words that is a date.
    let words: Vec<(usize, &str)> = word_spans(body);
    for n in (1..words.len()).rev() {
        let end = words[n - 1].0 + words[n - 1].1.len();
        let candidate = body[..end].trim_end_matches([',', '.', ')']);
        if let Some(d) = parse_date(candidate, tz) {
            return Some(Head::Date(Some(d), Some(body_at + end), None));
        }
    }
    // `Update #2`, `Update 2 (2024-01-05)`, `Update Again`: a counter, then the rest.
    if let Some(after) = after_counter(trimmed) {
        let at = head.len() - after.len();
        let counter = trimmed[..trimmed.len() - after.len()].to_string();
        return match date_in_head(after, tz)? {
            Head::Date(d, end, _) => Some(Head::Date(d, end.map(|e| at + e), Some(counter))),
            unreadable => Some(unreadable),
        };
    }
    looks_like_date(body).then(|| Head::Unreadable(body.to_string()))
}

/// The rest of a label's head after a counter at its start (`#2`, `2`, `again`, any case),
/// when it has one.
fn after_counter(head: &str) -> Option<&str> {
    let end = head
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '.'))
        .unwrap_or(head.len());
    let word = &head[..end];
    let number = word.strip_prefix('#').unwrap_or(word);
    let counter = word.eq_ignore_ascii_case("again")
        || (!number.is_empty() && number.len() <= 2 && number.bytes().all(|b| b.is_ascii_digit()));
    counter.then(|| &head[end..])
}

/// Whether a label's head is written as a date, read or not: it names a month, or holds a
/// number with two `-` or `/` in it (`2024-02-30`, `31/02/2024`). "from 1.80" is not.
fn looks_like_date(head: &str) -> bool {
    head.split(|c: char| c.is_whitespace() || c == ',')
        .any(|word| {
            month(word).is_some()
                || (word.starts_with(|c: char| c.is_ascii_digit())
                    && (word.matches('-').count() == 2 || word.matches('/').count() == 2))
        })
}

/// Words that may come between the keyword and the date, lower case.
const PRELUDE: &[&str] = &[
    "on",
    "as",
    "of",
    "at",
    "the",
    "morning",
    "afternoon",
    "evening",
    "night",
    "late",
    "early",
];

fn word_spans(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(st)) => {
                out.push((st, &s[st..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out
}

fn capitalise(word: &str) -> String {
    let lower = word.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month(word: &str) -> Option<i8> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    let w = if w == "sept" { "sep".to_string() } else { w };
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)))
        .and_then(|i| i8::try_from(i + 1).ok())
}

fn day(word: &str) -> Option<i8> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.len() > 2 {
        return None;
    }
    digits.parse().ok()
}

/// Reads a date as notices write them: ISO (`2026-11-28`, `2026-11-28 17:40`, RFC 3339),
/// `2023/08/12`, `August 12, 2023`, `Aug. 12 2023`, `12 August 2023`, each with an
/// optional time (`17:40`, `17:34:38`, `5:40 PM`, `5pm`) after it or before it
/// (`9:45am, March 11, 2025`), and a month alone (`Jan 2017`, read as its first day); a
/// zone name after them (`UTC` is honoured; other names are read as the site's time
/// zone). `None` for anything else.
pub(crate) fn parse_date(text: &str, tz: &TimeZone) -> Option<NoticeDate> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(at) = crate::content::date::parse(text, tz) {
        return Some(NoticeDate {
            has_time: text.len() > 10,
            at,
        });
    }
    let cleaned = text.replace(',', " ");
    let mut words: Vec<&str> = cleaned
        .split_whitespace()
        .filter(|w| !w.eq_ignore_ascii_case("at"))
        .collect();
    let mut zone = tz.clone();
    if let Some(last) = words.last()
        && last.len() >= 2
        && last.len() <= 5
        && last.chars().all(|c| c.is_ascii_uppercase())
        && month(last).is_none()
        && !matches!(*last, "AM" | "PM")
    {
        if matches!(*last, "UTC" | "GMT" | "Z") {
            zone = TimeZone::UTC;
        }
        words.pop();
    }
    let (date, time) = match civil_date(&words) {
        Some((date, used)) => (date, time_of_day(&words[used..])?),
        // The time first: `9:45am, March 11, 2025`.
        None => (1..=2.min(words.len())).find_map(|k| {
            let time = time_of_day(&words[..k])??;
            match civil_date(&words[k..])? {
                (date, used) if k + used == words.len() => Some((date, Some(time))),
                _ => None,
            }
        })?,
    };
    let civil = DateTime::from_parts(date, time.unwrap_or(Time::midnight()));
    let at = civil.to_zoned_datetime(zone).ok()?;
    Some(NoticeDate {
        at,
        has_time: time.is_some(),
    })
}

/// The date at the start of `words` and how many words it took.
fn civil_date(words: &[&str]) -> Option<(Date, usize)> {
    let year = |w: &str| -> Option<i16> {
        (w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()))
            .then(|| w.parse().ok())
            .flatten()
    };
    // After a month and day, a year may have two digits (`11 Apr 22`), read as POSIX's
    // `%y` reads it: 69 to 99 are 1969 to 1999, 00 to 68 are 2000 to 2068.
    let short_year = |w: &str| -> Option<i16> {
        if w.len() != 2 || !w.chars().all(|c| c.is_ascii_digit()) {
            return year(w);
        }
        let yy: i16 = w.parse().ok()?;
        Some(if yy >= 69 { 1900 + yy } else { 2000 + yy })
    };
    let first = words.first()?;
    if let Some((y, m, d)) = slashed(first) {
        return Date::new(y, m, d).ok().map(|d| (d, 1));
    }
    // `2025-03-11` followed by a time written the way ISO does not (`09:45am`).
    if first.len() == 10
        && let Ok(d) = first.parse::<Date>()
    {
        return Some((d, 1));
    }
    let at = |i: usize| words.get(i).copied().unwrap_or("");
    if let (Some(m), Some(d), Some(y)) = (month(at(0)), day(at(1)), short_year(at(2))) {
        return Date::new(y, m, d).ok().map(|d| (d, 3));
    }
    if let (Some(d), Some(m), Some(y)) = (day(at(0)), month(at(1)), short_year(at(2))) {
        return Date::new(y, m, d).ok().map(|d| (d, 3));
    }
    // A month alone (`Jan 2017`): its first day, when nothing follows.
    if words.len() == 2
        && let (Some(m), Some(y)) = (month(at(0)), year(at(1)))
    {
        return Date::new(y, m, 1).ok().map(|d| (d, 2));
    }
    None
}

fn slashed(word: &str) -> Option<(i16, i8, i8)> {
    let mut parts = word.split('/');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
}

/// `17:40`, `17:34:38`, `5:40 PM`, `5:40pm`, `09:45am`, `5pm`, `5 p.m.`; `Some(None)` for no words at all.
fn time_of_day(words: &[&str]) -> Option<Option<Time>> {
    if words.is_empty() {
        return Some(None);
    }
    let joined: String = words.concat().to_lowercase().replace('.', "");
    let (clock, meridiem) = if let Some(c) = joined.strip_suffix("am") {
        (c, Some(false))
    } else if let Some(c) = joined.strip_suffix("pm") {
        (c, Some(true))
    } else {
        (joined.as_str(), None)
    };
    let (h, m) = clock.split_once(':').unwrap_or((clock, "00"));
    let (m, s) = m.split_once(':').unwrap_or((m, "00"));
    if h.is_empty() || h.len() > 2 || m.len() != 2 || s.len() != 2 {
        return None;
    }
    let mut hour: i8 = h.parse().ok()?;
    let minute: i8 = m.parse().ok()?;
    let second: i8 = s.parse().ok()?;
    match meridiem {
        Some(pm) => {
            if !(1..=12).contains(&hour) {
                return None;
            }
            hour = hour % 12 + if pm { 12 } else { 0 };
        }
        // A bare number is not a time ("Update 5"): a 24-hour time needs its colon.
        None if !clock.contains(':') => return None,
        None => {}
    }
    Time::new(hour, minute, second, 0).ok().map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(label: &str, after: &str) -> Option<(String, Option<String>, Option<String>)> {
        parse(label, after, Form::Paragraph, &TimeZone::UTC).map(|l| {
            (
                l.name(),
                l.date.map(|d| d.machine()),
                l.note_start.map(|s| label[s..].trim().to_string()),
            )
        })
    }

    fn t(s: &str) -> (String, Option<String>, Option<String>) {
        (s.to_string(), None, None)
    }

    #[test]
    fn labels_people_write() {
        assert_eq!(p("Update:", " text"), Some(t("Update")));
        assert_eq!(p("Correction:", " x"), Some(t("Correction")));
        assert_eq!(p("Edit:", " x"), Some(t("Edit")));
        assert_eq!(
            p("Update 2020-06-18:", " x").and_then(|l| l.1),
            Some("2020-06-18".into())
        );
        assert_eq!(
            p("Update, August 12, 2023:", " x").and_then(|l| l.1),
            Some("2023-08-12".into())
        );
        assert_eq!(
            p("Edit (2025-04-02):", " x").and_then(|l| l.1),
            Some("2025-04-02".into())
        );
        assert_eq!(
            p("Update 2026-11-28 17:40:", " x").and_then(|l| l.1),
            Some("2026-11-28T17:40:00+00:00".into())
        );
        assert_eq!(p("Update", ": x"), Some(t("Update")));
        assert_eq!(p("UPDATE.", " x"), Some(t("Update")));
    }

    #[test]
    fn labels_that_run_on_into_the_note() {
        assert_eq!(
            p("Updated on March 3, 2024: fixed the link.", ""),
            Some((
                "Updated".into(),
                Some("2024-03-03".into()),
                Some("fixed the link.".into())
            ))
        );
        assert_eq!(
            p("Updated on 2024-01-05 to add the numbers.", ""),
            Some((
                "Updated".into(),
                Some("2024-01-05".into()),
                Some("to add the numbers.".into())
            ))
        );
        assert_eq!(
            p("Updated on Nov 28, 2026 at 5:40 PM", " x").and_then(|l| l.1),
            Some("2026-11-28T17:40:00+00:00".into())
        );
    }

    #[test]
    fn label_forms_real_blogs_write() {
        let date = |label: &str, after: &str| p(label, after).and_then(|l| l.1);
        assert_eq!(
            date("Edit, 2025-03-11 09:45am:", " x"),
            Some("2025-03-11T09:45:00+00:00".into())
        );
        assert_eq!(
            date("Update, evening of 2021/08/27:", " x"),
            Some("2021-08-27".into())
        );
        assert_eq!(
            date("Updated September 24th, 2025 17:34:38 UTC", " - Socket"),
            Some("2025-09-24T17:34:38+00:00".into())
        );
        assert_eq!(
            date("Edit (Jan 2017):", " I re-discovered"),
            Some("2017-01-01".into())
        );
        assert_eq!(
            p("Edit (Jan 2017): I re-discovered the post.", ""),
            Some((
                "Edit".into(),
                Some("2017-01-01".into()),
                Some("I re-discovered the post.".into())
            ))
        );
        assert_eq!(
            date("Update (9:45am, March 11, 2025):", " x"),
            Some("2025-03-11T09:45:00+00:00".into())
        );
        assert_eq!(date("Update", " - the config"), None);
        assert_eq!(p("Update", " - the config"), Some(t("Update")));
    }

    #[test]
    fn two_digit_years_counters_and_dates_followed_by_words() {
        let date = |label: &str, after: &str| p(label, after).and_then(|l| l.1);
        assert_eq!(date("Update 11 Apr 22:", " x"), Some("2022-04-11".into()));
        assert_eq!(date("Update Apr 11, 99:", " x"), Some("1999-04-11".into()));
        assert_eq!(
            p("Updated August 3, 2022 with a chart.", ""),
            Some((
                "Updated".into(),
                Some("2022-08-03".into()),
                Some("with a chart.".into())
            ))
        );
        assert_eq!(p("Update Again", ": x"), Some(t("Update Again")));
        assert_eq!(
            p("Update #2: the second one.", ""),
            Some(("Update #2".into(), None, Some("the second one.".into())))
        );
        assert_eq!(
            p("Update 2 (2023-05-06):", " x"),
            Some(("Update 2".into(), Some("2023-05-06".into()), None))
        );
        assert_eq!(
            date("Update 2 (2023-05-06):", " x"),
            Some("2023-05-06".into())
        );
        // A month alone still needs four digits: `Jan 17` is no year.
        assert_eq!(date("Update Jan 17:", " x"), None);
    }

    #[test]
    fn dates_that_cannot_be_read_are_reported_not_dropped() {
        let unreadable = |label: &str| {
            parse(label, " x", Form::Paragraph, &TimeZone::UTC).map(|l| (l.date, l.unreadable_date))
        };
        assert_eq!(
            unreadable("Update 2024-02-30:"),
            Some((None, Some("2024-02-30".into())))
        );
        assert_eq!(
            unreadable("Update Apr 22:"),
            Some((None, Some("Apr 22".into())))
        );
        assert_eq!(
            unreadable("Edit (31/02/2024)"),
            Some((None, Some("31/02/2024".into())))
        );
        assert_eq!(
            unreadable("Update 2024-02-03:"),
            Some((parse_date("2024-02-03", &TimeZone::UTC), None))
        );
        assert_eq!(unreadable("Update from 1.80"), None);
    }

    #[test]
    fn look_alikes_are_not_labels() {
        assert_eq!(p("Update", " the config first"), None);
        assert_eq!(p("Update from 1.80", ""), None);
        assert_eq!(p("Updates", ": x"), None);
        assert_eq!(p("Updating:", " x"), None);
        assert_eq!(p("Update the config:", " x"), None);
        assert_eq!(p("Note:", " x"), None);
        assert_eq!(p("Update from 1.80", ": x"), None);
        assert_eq!(p("Update the evening", ": x"), None);
        assert_eq!(p("Update 9:45am", " x"), None);
        assert_eq!(p("Update 5 things", " in the config"), None);
        assert_eq!(p("Update again and again", " x"), None);
    }

    #[test]
    fn titles_need_no_colon() {
        let l = parse("Update as of 2025-12-08", "", Form::Title, &TimeZone::UTC).unwrap();
        assert_eq!(l.date.unwrap().machine(), "2025-12-08");
        assert!(parse("Update", "", Form::Title, &TimeZone::UTC).is_some());
        assert!(parse("Heads up", "", Form::Title, &TimeZone::UTC).is_none());
    }

    #[test]
    fn dates_in_many_forms() {
        let d = |s: &str| parse_date(s, &TimeZone::UTC).map(|d| d.machine());
        assert_eq!(
            d("2026-11-28T17:40:00-06:00"),
            Some("2026-11-28T17:40:00-06:00".into())
        );
        assert_eq!(d("2023/08/12"), Some("2023-08-12".into()));
        assert_eq!(d("Aug. 12 2023"), Some("2023-08-12".into()));
        assert_eq!(d("12 August 2023"), Some("2023-08-12".into()));
        assert_eq!(d("March 3rd, 2024"), Some("2024-03-03".into()));
        assert_eq!(
            d("Sept 3, 2024 5pm"),
            Some("2024-09-03T17:00:00+00:00".into())
        );
        assert_eq!(
            d("Sep 3, 2024 12:15 a.m. UTC"),
            Some("2024-09-03T00:15:00+00:00".into())
        );
        assert_eq!(
            d("Mar. 4 2026 4:30 PM"),
            Some("2026-03-04T16:30:00+00:00".into())
        );
        assert_eq!(d("4 March 2026"), Some("2026-03-04".into()));
        assert_eq!(d("2026/03/04"), Some("2026-03-04".into()));
        assert_eq!(d("1.80"), None);
        assert_eq!(d("February 30, 2024"), None);
        assert_eq!(d("the config"), None);
        assert_eq!(d("May 5 2024 soon"), None);
    }

    #[test]
    fn dates_display_for_people() {
        let d = parse_date("2026-11-28T17:40:00-06:00", &TimeZone::UTC).unwrap();
        assert_eq!(
            d.display(&crate::i18n::Language::default()),
            "Nov 28, 2026, 5:40\u{202f}PM"
        );
        let d = parse_date("2026-11-28", &TimeZone::UTC).unwrap();
        assert_eq!(d.display(&crate::i18n::Language::default()), "Nov 28, 2026");
    }
}

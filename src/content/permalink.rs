//! Permalink patterns: the `[permalinks]` table of `gloss.toml` and a page's front matter
//! `permalink: /:year/:title/`.
//!
//! A pattern is text with `:token`s (`/:year/:month/:day/:slug/`), or one of Jekyll's
//! preset names (`date`, `pretty`, `ordinal`, `weekdate`, `none`). [`Pattern::parse`]
//! reads one once (an unknown token is an error, with its byte offset in the pattern);
//! [`Pattern::expand`] fills it in for one page from its [`Facts`]. The tokens mean what
//! they mean in the engine that named them, so a pattern copied from a Jekyll or Hugo
//! config gives the URLs that engine gave:
//!
//! - Jekyll (`jekyll/drops/url_drop.rb`): `:title` is the page's `slug`, else its file
//!   name without the date, with case kept; `:slug` the same lowercased; `:name` the file
//!   name with its date; `:categories` the front matter categories lowercased and joined
//!   with `/`; `:output_ext` is `.html`; the date tokens as `strftime` writes them.
//! - Hugo (`resources/page/permalinks.go`): `:section` is the top-level section,
//!   `:sections` every level, `:filename`/`:contentbasename` the file name (a bundle's
//!   folder name), `:slugorfilename` the `slug` else that; `:monthname` and
//!   `:weekdayname` lowercased, as Hugo's paths are; a few Go layouts (`:2006`, `:01`).
//!   Hugo's `:title` is the *title* made a slug: gloss calls that `:slugified_title`,
//!   since `:title` is Jekyll's.
//!
//! The expanded path is tidied as Jekyll does: doubled `/` squeezed, `.` and `..`
//! segments dropped. It ends in `/` (a folder with `index.html`) unless its last segment
//! ends in `.html` or `.htm`, which is then the file written. Nothing here reads files.

use jiff::ZonedDateTime as Zoned;

use super::slug;

/// A parsed permalink pattern. Equal patterns were written alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The pattern as written (a preset name as written, not expanded).
    pub text: String,
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Token(Token),
}

/// Every token a pattern may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Year,
    ShortYear,
    Month,
    IMonth,
    ShortMonth,
    LongMonth,
    MonthName,
    Day,
    IDay,
    ShortDay,
    LongDay,
    WeekdayName,
    Weekday,
    WDay,
    WYear,
    Week,
    YDay,
    YearDay,
    Hour,
    Minute,
    Second,
    Slug,
    Title,
    SlugifiedTitle,
    Name,
    Filename,
    SlugOrFilename,
    Section,
    Sections,
    Categories,
    SlugifiedCategories,
    OutputExt,
}

/// The tokens by name, as Jekyll and Hugo write them.
const TOKENS: &[(&str, Token)] = &[
    ("year", Token::Year),
    ("short_year", Token::ShortYear),
    ("month", Token::Month),
    ("i_month", Token::IMonth),
    ("short_month", Token::ShortMonth),
    ("long_month", Token::LongMonth),
    ("monthname", Token::MonthName),
    ("day", Token::Day),
    ("i_day", Token::IDay),
    ("short_day", Token::ShortDay),
    ("long_day", Token::LongDay),
    ("weekdayname", Token::WeekdayName),
    ("weekday", Token::Weekday),
    ("w_day", Token::WDay),
    ("w_year", Token::WYear),
    ("week", Token::Week),
    ("y_day", Token::YDay),
    ("yearday", Token::YearDay),
    ("hour", Token::Hour),
    ("minute", Token::Minute),
    ("second", Token::Second),
    ("slug", Token::Slug),
    ("title", Token::Title),
    ("slugified_title", Token::SlugifiedTitle),
    ("name", Token::Name),
    ("filename", Token::Filename),
    ("contentbasename", Token::Filename),
    ("slugorfilename", Token::SlugOrFilename),
    ("slugorcontentbasename", Token::SlugOrFilename),
    ("section", Token::Section),
    ("collection", Token::Section),
    ("sections", Token::Sections),
    ("categories", Token::Categories),
    ("slugified_categories", Token::SlugifiedCategories),
    ("output_ext", Token::OutputExt),
    // Go time layouts Hugo accepts as tokens (`:2006/:01/:02`).
    ("2006", Token::Year),
    ("06", Token::ShortYear),
    ("01", Token::Month),
    ("02", Token::Day),
    ("Jan", Token::ShortMonth),
    ("January", Token::LongMonth),
    ("Mon", Token::ShortDay),
    ("Monday", Token::LongDay),
];

/// Jekyll's permalink styles (`jekyll/configuration.rb`, `STYLE_TO_PERMALINK`).
const PRESETS: &[(&str, &str)] = &[
    ("date", "/:categories/:year/:month/:day/:title:output_ext"),
    ("pretty", "/:categories/:year/:month/:day/:title/"),
    ("ordinal", "/:categories/:year/:y_day/:title:output_ext"),
    (
        "weekdate",
        "/:categories/:year/W:week/:short_day/:title:output_ext",
    ),
    ("none", "/:categories/:title:output_ext"),
];

/// Why a pattern could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// Byte offset in the pattern of the `:` that starts the bad token.
    pub offset: usize,
    /// What is wrong, in a phrase (`unknown token `:foo``).
    pub message: String,
}

/// What a page gives its pattern. Text fields are as the page has them; [`Pattern::expand`]
/// makes them URL-safe.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// Publication date, `None` when the page has none.
    pub date: Option<&'a Zoned>,
    /// The page's slug (`:slug`): its front matter `slug` cleaned, else its file name's.
    pub slug: &'a str,
    /// Front matter `slug` as written, if any.
    pub explicit_slug: Option<&'a str>,
    /// The file name without extension and without its date prefix (a bundle's folder
    /// name); a dated variant when the page was renamed to keep its URL apart.
    pub base_name: &'a str,
    /// The file name without extension, date prefix included (a bundle's folder name).
    pub name: &'a str,
    /// The page's title, plain text.
    pub title: &'a str,
    /// The page's section, a folder path under `content/` (`posts/rust`).
    pub section: &'a str,
    /// Front matter categories, as written.
    pub categories: &'a [String],
}

/// Expanding needs the page's date and the page has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NeedsDate;

impl Pattern {
    /// Reads `text`: a preset name or a pattern of text and `:token`s. A `:` not followed
    /// by a letter, a digit or `_` is text.
    ///
    /// Errors: an unknown token, or Hugo's `:sections[…]` slices, which gloss does not
    /// read.
    pub fn parse(text: &str) -> Result<Pattern, PatternError> {
        let trimmed = text.trim();
        let source = PRESETS
            .iter()
            .find(|(name, _)| *name == trimmed)
            .map_or(trimmed, |(_, pattern)| *pattern);
        // Offsets in errors are in `text` as written (presets never have errors).
        let lead = text.len() - text.trim_start().len();
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = source;
        let mut at = 0;
        while let Some(i) = rest.find(':') {
            literal.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            let mut len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            if len == 0 {
                literal.push(':');
                rest = after;
                at += i + 1;
                continue;
            }
            let offset = lead + at + i;
            let mut token = lookup(&after[..len]);
            // Jekyll reads `:title_` as `:title` and a literal `_` (`:year_:month`).
            if token.is_none() && after[..len].ends_with('_') {
                token = lookup(&after[..len - 1]);
                len -= usize::from(token.is_some());
            }
            let name = &after[..len];
            let Some(token) = token else {
                return Err(PatternError {
                    offset,
                    message: format!("unknown token `:{name}`"),
                });
            };
            if after[len..].starts_with('[') {
                return Err(PatternError {
                    offset,
                    message: format!("`:{name}[…]` (a slice of the sections) is not supported"),
                });
            }
            if !literal.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut literal)));
            }
            parts.push(Part::Token(token));
            rest = &after[len..];
            at += i + 1 + len;
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        Ok(Pattern {
            text: trimmed.to_string(),
            parts,
        })
    }

    /// Whether the pattern holds a date token (so that two posts of one name and
    /// different dates get different URLs).
    pub fn has_date(&self) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p, Part::Token(t) if t.needs_date()))
    }

    /// The site path of the page `facts` describes: starts with `/`, ends with `/` unless
    /// its last segment names an `.html` or `.htm` file.
    ///
    /// Errors: the pattern has a date token and the page has no date.
    pub fn expand(&self, facts: &Facts<'_>) -> Result<String, NeedsDate> {
        let mut out = String::from("/");
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Token(t) => out.push_str(&t.value(facts)?),
            }
        }
        Ok(tidy(&out))
    }
}

/// The token named `name`.
fn lookup(name: &str) -> Option<Token> {
    TOKENS.iter().find(|(k, _)| *k == name).map(|(_, t)| *t)
}

impl Token {
    fn needs_date(self) -> bool {
        use Token::*;
        matches!(
            self,
            Year | ShortYear
                | Month
                | IMonth
                | ShortMonth
                | LongMonth
                | MonthName
                | Day
                | IDay
                | ShortDay
                | LongDay
                | WeekdayName
                | Weekday
                | WDay
                | WYear
                | Week
                | YDay
                | YearDay
                | Hour
                | Minute
                | Second
        )
    }

    fn value(self, f: &Facts<'_>) -> Result<String, NeedsDate> {
        use Token::*;
        if self.needs_date() {
            let d = f.date.ok_or(NeedsDate)?;
            return Ok(match self {
                Year => d.strftime("%Y").to_string(),
                ShortYear => d.strftime("%y").to_string(),
                Month => d.strftime("%m").to_string(),
                IMonth => d.month().to_string(),
                ShortMonth => d.strftime("%b").to_string(),
                LongMonth => d.strftime("%B").to_string(),
                MonthName => d.strftime("%B").to_string().to_lowercase(),
                Day => d.strftime("%d").to_string(),
                IDay => d.day().to_string(),
                ShortDay => d.strftime("%a").to_string(),
                LongDay => d.strftime("%A").to_string(),
                WeekdayName => d.strftime("%A").to_string().to_lowercase(),
                // Go's time.Weekday: Sunday is 0.
                Weekday => d.weekday().to_sunday_zero_offset().to_string(),
                WDay => d.weekday().to_monday_one_offset().to_string(),
                WYear => d.strftime("%G").to_string(),
                Week => d.strftime("%V").to_string(),
                YDay => d.strftime("%j").to_string(),
                YearDay => d.day_of_year().to_string(),
                Hour => d.strftime("%H").to_string(),
                Minute => d.strftime("%M").to_string(),
                _ => d.strftime("%S").to_string(),
            });
        }
        let value = match self {
            Slug => f.slug.to_string(),
            Title => jekyll_pretty(f.explicit_slug.unwrap_or(f.base_name)),
            SlugifiedTitle => slug::slugify(f.title),
            Name => slug::slugify(f.name),
            Filename => slug::slugify(f.name),
            SlugOrFilename => match f.explicit_slug {
                Some(s) => slug::slugify(s),
                None => slug::slugify(f.name),
            },
            Section => top_section(f.section),
            Sections => f
                .section
                .split('/')
                .filter(|s| !s.is_empty())
                .map(slug::slugify)
                .collect::<Vec<_>>()
                .join("/"),
            Categories => joined_categories(f.categories, str::to_lowercase),
            SlugifiedCategories => joined_categories(f.categories, slug::slugify),
            OutputExt => ".html".to_string(),
            _ => String::new(),
        };
        Ok(value)
    }
}

/// The top-level section's URL segment (`posts/rust` → `posts`).
fn top_section(section: &str) -> String {
    match section.split('/').find(|s| !s.is_empty()) {
        Some(s) => slug::slugify(s),
        None => String::new(),
    }
}

/// Categories made by `each`, without repeats, joined with `/` (Jekyll's `:categories`).
fn joined_categories(categories: &[String], each: impl Fn(&str) -> String) -> String {
    let mut seen: Vec<String> = Vec::new();
    for c in categories {
        let c = each(c.trim());
        if !c.is_empty() && !seen.contains(&c) {
            seen.push(c);
        }
    }
    seen.join("/")
}

/// Jekyll's `slugify(…, mode: "pretty", cased: true)`: every run of characters other
/// than letters, digits and `._~!$&'()+,;=@` becomes one `-`; case is kept; `-` at
/// either end is dropped.
pub fn jekyll_pretty(text: &str) -> String {
    let keep = |c: char| c.is_alphanumeric() || "._~!$&'()+,;=@".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in slug::nfc(text).chars() {
        if keep(c) {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// A path made of expanded tokens, tidied: one leading `/`, no empty, `.` or `..`
/// segments, no character a URL path cannot hold as it is; a trailing `/` unless the
/// last segment names an `.html` or `.htm` file.
fn tidy(path: &str) -> String {
    let segments = super::safe_segments(path);
    let Some(last) = segments.last() else {
        return "/".to_string();
    };
    let file = last.ends_with(".html") || last.ends_with(".htm");
    let mut out = format!("/{}", segments.join("/"));
    if !file {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Zoned {
        text.parse::<jiff::civil::DateTime>()
            .unwrap()
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .unwrap()
    }

    fn facts<'a>(d: Option<&'a Zoned>, categories: &'a [String]) -> Facts<'a> {
        Facts {
            date: d,
            slug: "reading-notes",
            explicit_slug: None,
            base_name: "Reading-Notes",
            name: "2017-02-26-Reading-Notes",
            title: "Reading notes: February",
            section: "posts/notes",
            categories,
        }
    }

    fn expand(pattern: &str, f: &Facts<'_>) -> String {
        Pattern::parse(pattern).unwrap().expand(f).unwrap()
    }

    #[test]
    fn jekyll_presets_give_jekylls_urls() {
        let d = date("2017-02-26T00:30:56");
        let cats = vec!["Rust".to_string(), "Web".to_string(), "rust".to_string()];
        let f = facts(Some(&d), &cats);
        assert_eq!(
            expand("date", &f),
            "/rust/web/2017/02/26/Reading-Notes.html"
        );
        assert_eq!(expand("pretty", &f), "/rust/web/2017/02/26/Reading-Notes/");
        assert_eq!(
            expand("ordinal", &f),
            "/rust/web/2017/057/Reading-Notes.html"
        );
        assert_eq!(
            expand("weekdate", &f),
            "/rust/web/2017/W08/Sun/Reading-Notes.html"
        );
        assert_eq!(expand("none", &f), "/rust/web/Reading-Notes.html");
        let none = facts(Some(&d), &[]);
        assert_eq!(expand("date", &none), "/2017/02/26/Reading-Notes.html");
    }

    #[test]
    fn jekyll_date_tokens() {
        let d = date("2021-03-04T05:06:07");
        let f = facts(Some(&d), &[]);
        assert_eq!(
            expand(
                "/:short_year/:i_month/:i_day/:y_day/:hour:minute:second/",
                &f
            ),
            "/21/3/4/063/050607/"
        );
        assert_eq!(
            expand(
                "/:short_month-:long_month/:short_day-:long_day/:w_year-:week-:w_day/",
                &f
            ),
            "/Mar-March/Thu-Thursday/2021-09-4/"
        );
        assert_eq!(expand("/:name/", &f), "/2017-02-26-reading-notes/");
        assert_eq!(expand("/:title_:year/", &f), "/Reading-Notes_2021/");
    }

    #[test]
    fn hugo_tokens() {
        let d = date("2021-03-04T05:06:07");
        let f = facts(Some(&d), &[]);
        assert_eq!(
            expand("/:year/:month/:title/", &f),
            "/2021/03/Reading-Notes/"
        );
        assert_eq!(
            expand("/:section/:slugified_title/", &f),
            "/posts/reading-notes-february/"
        );
        assert_eq!(
            expand("/:sections/:filename/", &f),
            "/posts/notes/2017-02-26-reading-notes/"
        );
        assert_eq!(
            expand("/:monthname/:weekdayname/:weekday/:yearday/", &f),
            "/march/thursday/4/63/"
        );
        assert_eq!(
            expand("/:2006/:01/:02/:slugorfilename/", &f),
            "/2021/03/04/2017-02-26-reading-notes/"
        );
        let explicit = Facts {
            explicit_slug: Some("My Slug"),
            ..f
        };
        assert_eq!(expand("/:slugorcontentbasename/", &explicit), "/my-slug/");
        assert_eq!(expand("/:title/", &explicit), "/My-Slug/");
    }

    #[test]
    fn html_endings_are_files_and_others_folders() {
        let d = date("2017-02-26T00:00:00");
        let f = facts(Some(&d), &[]);
        assert_eq!(expand("/:year/:slug.html", &f), "/2017/reading-notes.html");
        assert_eq!(expand("/:year/:slug", &f), "/2017/reading-notes/");
        assert_eq!(expand(":year//:slug/", &f), "/2017/reading-notes/");
        assert_eq!(expand("/blog/:slug.htm", &f), "/blog/reading-notes.htm");
    }

    #[test]
    fn categories_cannot_leave_the_site_or_end_the_path() {
        let d = date("2017-02-26T00:00:00");
        let cats = vec!["..".to_string(), "a?b".to_string(), "C#".to_string()];
        let f = facts(Some(&d), &cats);
        assert_eq!(expand("/:categories/:slug/", &f), "/a-b/c-/reading-notes/");
        assert_eq!(
            expand("/:slugified_categories/:slug/", &f),
            "/untitled/a-b/c-sharp/reading-notes/"
        );
    }

    #[test]
    fn a_date_token_needs_a_date() {
        let f = facts(None, &[]);
        let p = Pattern::parse("/:year/:slug/").unwrap();
        assert!(p.has_date());
        assert_eq!(p.expand(&f), Err(NeedsDate));
        assert!(!Pattern::parse("/:section/:slug/").unwrap().has_date());
        assert_eq!(expand("/:section/:slug/", &f), "/posts/reading-notes/");
    }

    #[test]
    fn unknown_tokens_are_errors_at_their_offset() {
        let e = Pattern::parse("/:year/:titel/").unwrap_err();
        assert_eq!(e.offset, 7);
        assert_eq!(e.message, "unknown token `:titel`");
        let e = Pattern::parse("  /:sections[1:]/:slug/").unwrap_err();
        assert_eq!(e.offset, 3);
        assert!(e.message.contains("not supported"), "{}", e.message);
        // A `:` that starts no token is text.
        let d = date("2017-02-26T00:00:00");
        assert_eq!(
            expand("/a:/:slug/", &facts(Some(&d), &[])),
            "/a:/reading-notes/"
        );
    }

    #[test]
    fn jekyll_pretty_slugs_keep_case_and_url_safe_punctuation() {
        assert_eq!(jekyll_pretty("My Post: (Part 2)!"), "My-Post-(Part-2)!");
        assert_eq!(jekyll_pretty("  C'est l'été  "), "C'est-l'été");
    }
}

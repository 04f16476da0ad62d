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
//!   `:sections` every level and `:sections[1:]`, `[last]`, `[0]`, `[:2]` slices of
//!   them (lenient, as Hugo's `toSliceFunc`), `:sectionslug`/`:sectionslugs` the
//!   sections' own `slug` else their title, `:filename`/`:contentbasename` the file name
//!   (a bundle's folder name), `:slugorfilename` the `slug` else that; `:monthname` and
//!   `:weekdayname` lowercased, as Hugo's paths are; a few Go layouts (`:2006`, `:01`).
//!   Hugo's `:title` is the *title* made a URL segment by Hugo's `urlize`: gloss calls
//!   that `:slugified_title`, since `:title` is Jekyll's; Hugo's `:slug` (the `slug`,
//!   else that) is gloss's `:slugortitle`, since `:slug` is Jekyll's (the `slug`, else
//!   the file name).
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
    SlugOrTitle,
    Section,
    SectionSlug,
    Sections,
    SectionsCut(Cut),
    SectionSlugs,
    SectionSlugsCut(Cut),
    Categories,
    SlugifiedCategories,
    OutputExt,
}

/// Hugo's slice of the sections (`:sections[1:]`, `:sections[last]`, `:sections[0]`),
/// as `toSliceFunc` in Hugo's `resources/page/permalinks.go` reads it: lenient, an
/// index past the end gives nothing rather than an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// Not a slice Hugo reads (`[]`, `[x`): nothing.
    Nothing,
    /// `[i]`: one level.
    One(Index),
    /// `[low:high]`, either side may be empty.
    Range(Index, Index),
}

/// One side of a [`Cut`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Index {
    /// Empty: the start (low side) or the end (high side).
    Open,
    /// `last`: the last level.
    Last,
    /// A number (a negative one is 0, as in Hugo).
    At(usize),
}

impl Cut {
    /// Reads `[…]` (brackets included) as Hugo does: trimmed, lowercased.
    fn parse(text: &str) -> Cut {
        let text = text.trim().to_lowercase();
        let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) else {
            return Cut::Nothing;
        };
        if inner.is_empty() {
            return Cut::Nothing;
        }
        let index = |s: &str| match s.trim() {
            "" => Index::Open,
            "last" => Index::Last,
            // Go's Atoi gives 0 for what is not a number.
            n => Index::At(
                n.parse::<i64>()
                    .map_or(0, |n| usize::try_from(n).unwrap_or(0)),
            ),
        };
        let mut parts = inner.split(':');
        let low = index(parts.next().unwrap_or(""));
        match parts.next() {
            None => Cut::One(low),
            Some(high) => Cut::Range(low, index(high)),
        }
    }

    /// The levels of `levels` the slice keeps.
    fn apply(self, levels: &[String]) -> &[String] {
        let len = levels.len();
        if len == 0 {
            return &[];
        }
        // Hugo: a low index past the end gives nothing; a high one is the end.
        let low = |i: Index| match i {
            Index::Open => Some(0),
            Index::Last => Some(len - 1),
            Index::At(n) => (n < len).then_some(n),
        };
        let high = |i: Index| match i {
            Index::Open => len,
            Index::Last => len - 1,
            Index::At(n) => n.min(len),
        };
        match self {
            Cut::Nothing => &[],
            Cut::One(i) => match low(i) {
                Some(n) => &levels[n..=n],
                None => &[],
            },
            Cut::Range(a, b) => match low(a) {
                Some(a) if a <= high(b) => &levels[a..high(b)],
                _ => &[],
            },
        }
    }
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
    ("slugortitle", Token::SlugOrTitle),
    ("name", Token::Name),
    ("filename", Token::Filename),
    ("contentbasename", Token::Filename),
    ("slugorfilename", Token::SlugOrFilename),
    ("slugorcontentbasename", Token::SlugOrFilename),
    ("section", Token::Section),
    ("collection", Token::Section),
    ("sections", Token::Sections),
    ("sectionslug", Token::SectionSlug),
    ("sectionslugs", Token::SectionSlugs),
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
    /// Each level of the section's slug, top first, as Hugo's `:sectionslugs` has them:
    /// the section's front matter `slug`, else its title, made a URL segment. `None`
    /// before the sections are read: each level's folder name made a slug.
    pub section_slugs: Option<&'a [String]>,
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
    /// Errors: an unknown token, or a slice (`[1:]`) after a token other than
    /// `:sections` and `:sectionslugs`.
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
            // Hugo's slices of the sections: `:sections[1:]`, `:sectionslugs[last]`.
            // As Hugo's `:\w+(\[.+?\])?`: brackets holding something (`[]` is text).
            let mut token = token;
            let close = after[len..]
                .starts_with('[')
                .then(|| after[len..].find(']'))
                .flatten()
                .filter(|&i| i > 1)
                .map(|i| len + i + 1);
            if let Some(end) = close {
                let cut = match token {
                    Token::Sections => Token::SectionsCut(Cut::parse(&after[len..end])),
                    Token::SectionSlugs => Token::SectionSlugsCut(Cut::parse(&after[len..end])),
                    _ => {
                        return Err(PatternError {
                            offset,
                            message: format!(
                                "`:{name}[…]`: only :sections and :sectionslugs take a slice"
                            ),
                        });
                    }
                };
                token = cut;
                len = end;
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

    /// Whether the pattern holds `:sectionslug` or `:sectionslugs`, which need the
    /// sections' slugs, known only once every section is read.
    pub fn has_section_slugs(&self) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p, Part::Token(t) if t.needs_section_slugs()))
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
    /// Whether the token needs the sections' slugs ([`Facts::section_slugs`]).
    fn needs_section_slugs(self) -> bool {
        matches!(
            self,
            Token::SectionSlug | Token::SectionSlugs | Token::SectionSlugsCut(_)
        )
    }

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
            SlugifiedTitle => hugo_urlize(f.title),
            SlugOrTitle => hugo_urlize(f.explicit_slug.unwrap_or(f.title)),
            Name => slug::slugify(f.name),
            Filename => slug::slugify(f.name),
            SlugOrFilename => match f.explicit_slug {
                Some(s) => slug::slugify(s),
                None => slug::slugify(f.name),
            },
            Section => top_section(f.section),
            Sections => folder_levels(f.section).join("/"),
            SectionsCut(cut) => cut.apply(&folder_levels(f.section)).join("/"),
            SectionSlug => section_slugs(f).into_iter().next().unwrap_or_default(),
            SectionSlugs => section_slugs(f).join("/"),
            SectionSlugsCut(cut) => cut.apply(&section_slugs(f)).join("/"),
            Categories => joined_categories(f.categories, str::to_lowercase),
            SlugifiedCategories => joined_categories(f.categories, slug::slugify),
            OutputExt => ".html".to_string(),
            _ => String::new(),
        };
        Ok(value)
    }
}

/// Each level of a section's folder path made a slug (`posts/Rust` → `posts`, `rust`).
fn folder_levels(section: &str) -> Vec<String> {
    section
        .split('/')
        .filter(|s| !s.is_empty())
        .map(slug::slugify)
        .collect()
}

/// Each level's slug ([`Facts::section_slugs`]), else each folder name made a slug.
fn section_slugs(f: &Facts<'_>) -> Vec<String> {
    match f.section_slugs {
        Some(levels) => levels.to_vec(),
        None => folder_levels(f.section),
    }
}

/// Hugo's `urlize` (`helpers/url.go`, `common/paths/path.go` `Sanitize`), with Hugo's
/// defaults (paths lowercased, accents kept): letters, digits, marks and `._~+-@#/\`
/// are kept, a run of spaces before a kept character becomes one `-` (none at the
/// start, none doubling a `-`), anything else is dropped. `What's new? (2)` →
/// `whats-new-2`. Hugo then percent-encodes what is not ASCII; gloss keeps site paths
/// as written, as browsers show them.
pub fn hugo_urlize(text: &str) -> String {
    let allowed = |c: char| {
        c.is_alphanumeric() || matches!(c, '.' | '/' | '\\' | '_' | '#' | '+' | '~' | '-' | '@')
    };
    let mut out = String::with_capacity(text.len());
    let mut hyphen_next = false;
    let mut was_hyphen = false;
    for c in text.chars() {
        if c != ' ' && allowed(c) {
            was_hyphen = c == '-';
            if hyphen_next && !was_hyphen {
                out.push('-');
            }
            hyphen_next = false;
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !was_hyphen && c.is_whitespace() {
            hyphen_next = true;
        }
    }
    out
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
            section_slugs: None,
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
    fn hugos_slug_falls_back_to_the_title_and_its_title_is_urlized() {
        let f = facts(None, &[]);
        assert_eq!(expand("/:slugortitle/", &f), "/reading-notes-february/");
        let explicit = Facts {
            explicit_slug: Some("Notes, Feb"),
            ..f
        };
        assert_eq!(expand("/:slugortitle/", &explicit), "/notes-feb/");
        // Hugo's urlize drops punctuation rather than making it a `-`.
        assert_eq!(hugo_urlize("What's new? (2)"), "whats-new-2");
        assert_eq!(hugo_urlize("  C++ & Rust_1.0  "), "c++-rust_1.0");
        // A space beside a `-` adds none; hyphens written are kept, as in Hugo.
        assert_eq!(hugo_urlize("Ça - marche"), "ça-marche");
        assert_eq!(hugo_urlize("Ça -- marche"), "ça--marche");
    }

    #[test]
    fn hugo_section_slices_and_section_slugs() {
        let f = Facts {
            section: "docs/guide/Advanced",
            ..facts(None, &[])
        };
        let cases = [
            ("/:sections/", "/docs/guide/advanced/"),
            ("/:sections[1:]/", "/guide/advanced/"),
            ("/:sections[:1]/", "/docs/"),
            ("/:sections[last]/", "/advanced/"),
            ("/:sections[0]/", "/docs/"),
            ("/:sections[1:last]/", "/guide/"),
            // Past the end: nothing, as in Hugo.
            ("/:sections[7]/x/", "/x/"),
            ("/:sections[1:9]/", "/guide/advanced/"),
            // `[]` holds nothing: text after the token, as in Hugo.
            ("/:sections[]/x/", "/docs/guide/advanced[]/x/"),
            ("/:sectionslug/", "/docs/"),
            ("/:sectionslugs/", "/docs/guide/advanced/"),
        ];
        for (pattern, url) in cases {
            assert_eq!(expand(pattern, &f), url, "{pattern}");
        }
        let levels = [
            "manual".to_string(),
            "how-to".to_string(),
            "deep".to_string(),
        ];
        let known = Facts {
            section_slugs: Some(&levels),
            ..f
        };
        assert_eq!(
            expand("/:sectionslug/:slug/", &known),
            "/manual/reading-notes/"
        );
        assert_eq!(expand("/:sectionslugs[1:]/", &known), "/how-to/deep/");
        assert!(
            Pattern::parse("/:sectionslugs/")
                .unwrap()
                .has_section_slugs()
        );
        assert!(
            !Pattern::parse("/:sections[1:]/")
                .unwrap()
                .has_section_slugs()
        );
        let e = Pattern::parse("/:slug[1]/").unwrap_err();
        assert!(
            e.message.contains("only :sections and :sectionslugs"),
            "{}",
            e.message
        );
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
        let e = Pattern::parse("  /:title[1:]/:slug/").unwrap_err();
        assert_eq!(e.offset, 3);
        assert!(e.message.contains("take a slice"), "{}", e.message);
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

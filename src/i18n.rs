//! Languages: the words and dates gloss writes, in the site's language (`language` in
//! gloss.toml).
//!
//! A [`Language`] holds the strings of one language, merged from three layers: English
//! (`themes/default/i18n/en.toml`, every key), the shipped file of the language
//! (`themes/default/i18n/LANG.toml`, embedded in the binary) and the site's own
//! `i18n/LANG.toml`, each replacing keys of the one before. Dates are formatted by ICU4X
//! (`icu_datetime`) from CLDR's data compiled into the binary, in the Gregorian calendar
//! (posts are grouped by its months), with the language's month and day names, order
//! and digits; plural forms (`1 post`, `2 posts`) are chosen by CLDR's plural rules
//! (`icu_plurals`); the writing direction (`dir="rtl"`) comes from CLDR's likely scripts
//! (`icu_locale`). The formatters are made once per language, on first use, and shared by
//! every page of a build.
//!
//! Reads the site's file when the config is loaded; unknown keys there are warnings
//! ([`Language::warnings`]), an unknown language is an error listing the shipped ones.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use icu_calendar::Date;
use icu_calendar::cal::Gregorian;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{E, M, YM, YMD, YMDE, YMDT};
use icu_datetime::input::{DateTime, Time};
use icu_datetime::options::TimePrecision;
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};

use crate::diagnostic::{Diagnostic, line_column};
use crate::theme::I18N;

/// The language gloss writes when gloss.toml names none.
pub const DEFAULT: &str = "en";

/// The codes of the shipped languages, in the order of `crate::theme::I18N`.
pub fn shipped() -> impl Iterator<Item = &'static str> {
    I18N.iter().map(|(code, _)| *code)
}

/// The languages a site's pages name besides the site's own (front matter `language`),
/// each made once per build, with the site's `i18n/` strings laid over it, and shared by
/// every page that names it. Made empty with the config; filled as pages are read.
#[derive(Debug, Default)]
pub struct Languages {
    /// The site root, whose `i18n/` holds the site's strings files.
    root: PathBuf,
    /// Loaded languages by the tag as written and by their tidied tag (`pt_BR`, `pt-BR`).
    loaded: Mutex<HashMap<String, Arc<Language>>>,
    /// Whether any is loaded: while none is, templates need not look up `lang`.
    any: std::sync::atomic::AtomicBool,
}

/// A cache of what the site root gives: equal when the roots are.
impl PartialEq for Languages {
    fn eq(&self, other: &Self) -> bool {
        self.root == other.root
    }
}

impl Eq for Languages {}

impl Languages {
    /// No language loaded yet, for the site at `root`.
    pub fn new(root: &Path) -> Self {
        Languages {
            root: root.to_path_buf(),
            loaded: Mutex::new(HashMap::new()),
            any: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// The language of `tag` (a BCP 47 tag, `_` allowed), loaded once.
    ///
    /// Errors: as [`Language::load`].
    pub fn get(&self, tag: &str) -> Result<Result<Arc<Language>, LanguageError>, Diagnostic> {
        if let Some(found) = self.loaded(tag) {
            return Ok(Ok(found));
        }
        let language = match Language::load(&self.root, tag)? {
            Ok(l) => Arc::new(l),
            Err(e) => return Ok(Err(e)),
        };
        let mut loaded = self
            .loaded
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Another thread may have loaded it meanwhile: keep one.
        let kept = Arc::clone(loaded.entry(language.tag().to_string()).or_insert(language));
        loaded.insert(tag.to_string(), Arc::clone(&kept));
        self.any.store(true, std::sync::atomic::Ordering::Release);
        Ok(Ok(kept))
    }

    /// Whether no page named a language other than the site's so far.
    pub fn is_empty(&self) -> bool {
        !self.any.load(std::sync::atomic::Ordering::Acquire)
    }

    /// A language [`Languages::get`] loaded before, by its tag as written or tidied.
    pub fn loaded(&self, tag: &str) -> Option<Arc<Language>> {
        let loaded = self
            .loaded
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        loaded.get(tag).cloned()
    }
}

/// What templates speak while rendering: the site's language, or the page's when the
/// page names another (the context's `lang`, set for such a page).
#[derive(Debug, Clone)]
pub struct Speaking {
    /// The site's language.
    pub site: Arc<Language>,
    /// The other languages the site's pages named.
    pub others: Arc<Languages>,
}

impl Speaking {
    /// The site's language and those its pages name, from `config`.
    pub fn new(config: &crate::config::Config) -> Self {
        Speaking {
            site: Arc::clone(&config.i18n),
            others: Arc::clone(&config.languages),
        }
    }

    /// The language a template speaks: the site's, or, when pages name others, that of
    /// the tag `lang()` gives (the context's `lang`) if it is one of them. `lang` is only
    /// called then, which spares a site in one language a lookup per string.
    ///
    /// Errors: those of `lang`.
    pub fn speaking<E>(
        &self,
        lang: impl FnOnce() -> Result<Option<String>, E>,
    ) -> Result<Arc<Language>, E> {
        if self.others.is_empty() {
            return Ok(Arc::clone(&self.site));
        }
        Ok(self.of(lang()?.as_deref()))
    }

    /// The language of the tag `lang` if it is one a page named, else the site's.
    pub fn of(&self, lang: Option<&str>) -> Arc<Language> {
        match lang {
            Some(tag) if tag != self.site.tag() => self
                .others
                .loaded(tag)
                .unwrap_or_else(|| Arc::clone(&self.site)),
            _ => Arc::clone(&self.site),
        }
    }
}

/// The message and help for a language tag gloss cannot use (`written` as given).
pub fn unusable(written: &str, why: &LanguageError) -> (String, String) {
    let mut codes: Vec<&str> = shipped().collect();
    codes.sort_unstable();
    let message = match why {
        LanguageError::NotATag => format!("language {written:?} is not a language tag"),
        LanguageError::NotShipped => {
            format!("unknown language {written:?}: gloss has no strings for it")
        }
    };
    let help = format!(
        "the languages gloss ships are {}; a tag may add a region (\"pt-BR\"), and i18n/LANG.toml overrides any string",
        codes.join(", ")
    );
    (message, help)
}

/// One text of a strings file: plain, or one per CLDR plural category.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Text {
    Plain(String),
    /// By category name (`one`, `other`…); `other` is always there in a shipped file.
    Plural(BTreeMap<String, String>),
}

/// What a date is shown as (see [`Language::format_date`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// `Nov 28, 2026` / `28.11.2026`: the default everywhere gloss shows a date.
    Medium,
    /// `November 28, 2026` / `28. November 2026`.
    Long,
    /// With the day of the week: `Saturday, November 28, 2026`.
    Full,
    /// Date and time to the minute: `Nov 28, 2026, 5:40 PM`.
    DateTime,
    /// The month alone, as a heading: `November` / `November`.
    Month,
    /// Month and year: `November 2026` / `November 2026`.
    MonthYear,
}

impl DateStyle {
    /// The style named `name` in templates (`medium`, `long`, `full`, `datetime`,
    /// `month`, `month_year`).
    pub fn named(name: &str) -> Option<DateStyle> {
        Some(match name {
            "medium" => DateStyle::Medium,
            "long" => DateStyle::Long,
            "full" => DateStyle::Full,
            "datetime" => DateStyle::DateTime,
            "month" => DateStyle::Month,
            "month_year" => DateStyle::MonthYear,
            _ => return None,
        })
    }

    /// The names [`DateStyle::named`] knows, for messages.
    pub const NAMES: &'static str = "medium, long, full, datetime, month, month_year";
}

/// A name a date has in the language: what strftime's `%B`, `%b`, `%A` and `%a` write
/// in English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateName {
    /// The month's name: `November`, `novembre`, `November` (`%B`).
    Month,
    /// The month's short name: `Nov`, `nov.`, `Nov.` (`%b`).
    MonthShort,
    /// The day of the week: `Saturday`, `samedi`, `Samstag` (`%A`).
    Weekday,
    /// The day of the week, short: `Sat`, `sam.`, `Sa.` (`%a`).
    WeekdayShort,
}

/// ICU4X's formatters for one language, made together on first use.
struct Formatters {
    medium: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    long: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    full: FixedCalendarDateTimeFormatter<Gregorian, YMDE>,
    date_time: FixedCalendarDateTimeFormatter<Gregorian, YMDT>,
    month: FixedCalendarDateTimeFormatter<Gregorian, M>,
    month_short: FixedCalendarDateTimeFormatter<Gregorian, M>,
    weekday: FixedCalendarDateTimeFormatter<Gregorian, E>,
    weekday_short: FixedCalendarDateTimeFormatter<Gregorian, E>,
    month_year: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    plurals: PluralRules,
}

impl Formatters {
    /// The formatters for `locale`. CLDR's data for every language is compiled in, and
    /// ICU4X falls back to the language's parent (`de-CH` → `de`), so this cannot fail
    /// for a shipped language; a failure falls back to English.
    fn new(locale: &Locale) -> Formatters {
        Formatters::try_new(locale)
            .or_else(|| Formatters::try_new(&Locale::UNKNOWN))
            .expect("CLDR's root data is compiled in")
    }

    fn try_new(locale: &Locale) -> Option<Formatters> {
        let prefs = || locale.clone().into();
        Some(Formatters {
            medium: FixedCalendarDateTimeFormatter::try_new(prefs(), YMD::medium()).ok()?,
            long: FixedCalendarDateTimeFormatter::try_new(prefs(), YMD::long()).ok()?,
            full: FixedCalendarDateTimeFormatter::try_new(prefs(), YMDE::long()).ok()?,
            date_time: FixedCalendarDateTimeFormatter::try_new(
                prefs(),
                YMDT::medium().with_time_precision(TimePrecision::Minute),
            )
            .ok()?,
            month: FixedCalendarDateTimeFormatter::try_new(prefs(), M::long()).ok()?,
            month_short: FixedCalendarDateTimeFormatter::try_new(prefs(), M::medium()).ok()?,
            weekday: FixedCalendarDateTimeFormatter::try_new(prefs(), E::long()).ok()?,
            weekday_short: FixedCalendarDateTimeFormatter::try_new(prefs(), E::medium()).ok()?,
            month_year: FixedCalendarDateTimeFormatter::try_new(prefs(), YM::long()).ok()?,
            plurals: PluralRules::try_new_cardinal(locale.clone().into()).ok()?,
        })
    }
}

/// The strings and date formats of the site's language.
pub struct Language {
    /// The BCP 47 tag as gloss.toml gives it, tidied (`de`, `pt-BR`): `<html lang>`.
    tag: String,
    /// The shipped language it uses (`pt` for `pt-BR`).
    code: &'static str,
    locale: Locale,
    rtl: bool,
    strings: BTreeMap<String, Text>,
    /// Problems with the site's strings file that do not stop the build.
    warnings: Vec<Diagnostic>,
    formatters: OnceLock<Formatters>,
}

impl std::fmt::Debug for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Language")
            .field("tag", &self.tag)
            .field("code", &self.code)
            .field("rtl", &self.rtl)
            .finish_non_exhaustive()
    }
}

/// Two languages are equal when they write the same: same tag, same strings.
impl PartialEq for Language {
    fn eq(&self, other: &Self) -> bool {
        self.tag == other.tag && self.strings == other.strings
    }
}

impl Eq for Language {}

impl Default for Language {
    fn default() -> Self {
        Language::shipped(DEFAULT).expect("English is shipped")
    }
}

/// Why a language tag cannot be used, for the config's error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LanguageError {
    /// Not a BCP 47 tag at all.
    NotATag,
    /// A tag of a language gloss ships no strings for.
    NotShipped,
}

impl Language {
    /// A shipped language without a site's strings: `tag` is a BCP 47 tag (`de`,
    /// `pt-BR`, `en_GB` with the underscore some engines write).
    ///
    /// Errors: `tag` is not a BCP 47 tag, or its language is not shipped.
    pub fn shipped(tag: &str) -> Result<Language, LanguageError> {
        let tidy = tag.trim().replace('_', "-");
        let locale = Locale::try_from_str(&tidy).map_err(|_| LanguageError::NotATag)?;
        let primary = locale.id.language.as_str().to_string();
        let code = shipped()
            .find(|c| *c == primary)
            .ok_or(LanguageError::NotShipped)?;
        let mut strings = parse_shipped(DEFAULT);
        if code != DEFAULT {
            strings.extend(parse_shipped(code));
        }
        let rtl = icu_locale::LocaleDirectionality::new_common().is_right_to_left(&locale.id);
        Ok(Language {
            tag: locale.to_string(),
            code,
            locale,
            rtl,
            strings,
            warnings: Vec::new(),
            formatters: OnceLock::new(),
        })
    }

    /// The language `tag` with the site's strings from `root/i18n/`: `CODE.toml` (the
    /// shipped language's code, `pt`), then `TAG.toml` when the tag says more (`pt-BR`).
    ///
    /// Errors: as [`Language::shipped`]; a site file that cannot be read or is not
    /// TOML (located). Unknown keys, plural categories the language does not have and
    /// values that are not text are warnings, kept in [`Language::warnings`].
    pub fn load(root: &Path, tag: &str) -> Result<Result<Language, LanguageError>, Diagnostic> {
        let mut language = match Language::shipped(tag) {
            Ok(l) => l,
            Err(e) => return Ok(Err(e)),
        };
        let mut names = vec![language.code.to_string()];
        if language.tag != language.code {
            names.push(language.tag.clone());
        }
        for name in names {
            let rel = format!("i18n/{name}.toml");
            let text = match std::fs::read_to_string(root.join(&rel)) {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => {
                    return Err(Diagnostic::error(
                        &rel,
                        format!("cannot read this strings file: {e}"),
                    ));
                }
            };
            language.apply_site_file(&rel, &text)?;
        }
        Ok(Ok(language))
    }

    /// Lays the site's strings file `rel` (its text) over the strings.
    fn apply_site_file(&mut self, rel: &str, text: &str) -> Result<(), Diagnostic> {
        let table: toml::Spanned<toml::Table> = toml::from_str(text).map_err(|e| {
            let mut d = Diagnostic::error(
                rel,
                format!("invalid strings file: {}", e.message().trim_end()),
            )
            .with_help("write one `key = \"text\"` line per string; see docs/configuration.md");
            if let Some(span) = e.span() {
                let (line, column) = line_column(text, span.start);
                d = d.at(line, column);
            }
            d
        })?;
        let categories = self.categories();
        let table = table.into_inner();
        for (key, value) in table {
            let place = |d: Diagnostic| match find_key(text, &key) {
                Some(offset) => {
                    let (line, column) = line_column(text, offset);
                    d.at(line, column)
                }
                None => d,
            };
            if !self.strings.contains_key(&key) {
                let near = self.nearest_key(&key);
                let help = match near {
                    Some(k) => format!(
                        "did you mean `{k}`? The keys are those of the default theme's i18n/en.toml (docs/configuration.md)"
                    ),
                    None => "the keys are those of the default theme's i18n/en.toml (docs/configuration.md)".to_string(),
                };
                self.warnings.push(
                    place(Diagnostic::warning(
                        rel,
                        format!("unknown string key `{key}`: it is not used"),
                    ))
                    .with_help(help),
                );
                continue;
            }
            match value {
                toml::Value::String(s) => {
                    self.strings.insert(key, Text::Plain(s));
                }
                toml::Value::Table(forms) => {
                    let mut by = BTreeMap::new();
                    for (category, v) in forms {
                        let Some(s) = v.as_str() else {
                            self.warnings.push(place(Diagnostic::warning(
                                rel,
                                format!("`{key}.{category}` is not text: it is not used"),
                            )));
                            continue;
                        };
                        if !categories.contains(&category.as_str()) {
                            self.warnings.push(
                                place(Diagnostic::warning(
                                    rel,
                                    format!(
                                        "`{key}.{category}`: {} has no plural form `{category}`, so it is not used",
                                        self.tag
                                    ),
                                ))
                                .with_help(format!(
                                    "its forms are {}",
                                    categories.join(", ")
                                )),
                            );
                            continue;
                        }
                        by.insert(category, s.to_string());
                    }
                    // Forms not given keep the shipped text's.
                    if let Some(Text::Plural(old)) = self.strings.get(&key) {
                        for (c, s) in old {
                            by.entry(c.clone()).or_insert_with(|| s.clone());
                        }
                    }
                    if let Some(Text::Plain(old)) = self.strings.get(&key) {
                        by.entry("other".to_string()).or_insert_with(|| old.clone());
                    }
                    self.strings.insert(key, Text::Plural(by));
                }
                _ => self.warnings.push(
                    place(Diagnostic::warning(
                        rel,
                        format!("`{key}` is not text: it is not used"),
                    ))
                    .with_help("write it in quotes: key = \"text\""),
                ),
            }
        }
        Ok(())
    }

    /// The key nearest to `key` by edit distance, if it is near.
    fn nearest_key(&self, key: &str) -> Option<&str> {
        self.strings
            .keys()
            .map(|k| (strsim::levenshtein(k, key), k))
            .filter(|(d, _)| *d <= 3)
            .min()
            .map(|(_, k)| k.as_str())
    }

    /// The CLDR plural categories of the language (`one`, `other`…).
    fn categories(&self) -> Vec<&'static str> {
        let rules = &self.formatters().plurals;
        rules.categories().map(category_name).collect()
    }

    /// The tag for `<html lang>` and `xml:lang` (`de`, `pt-BR`).
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The shipped language used (`pt` for `pt-BR`).
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// Whether the language is written right to left (`dir="rtl"`).
    pub fn is_rtl(&self) -> bool {
        self.rtl
    }

    /// `rtl` or `ltr`.
    pub fn dir(&self) -> &'static str {
        if self.rtl { "rtl" } else { "ltr" }
    }

    /// Warnings about the site's strings file.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Whether `key` is a string key.
    pub fn has(&self, key: &str) -> bool {
        self.strings.contains_key(key)
    }

    /// The text of `key` (a plural key's `other` form); the key itself when unknown.
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        match self.strings.get(key) {
            Some(Text::Plain(s)) => s,
            Some(Text::Plural(by)) => by.get("other").map_or(key, String::as_str),
            None => key,
        }
    }

    /// The text of `key` for the count `n`: the form of its plural category, else
    /// `other`.
    pub fn plural<'a>(&'a self, key: &'a str, n: u64) -> &'a str {
        match self.strings.get(key) {
            Some(Text::Plural(by)) => {
                let category = category_name(self.formatters().plurals.category_for(n));
                by.get(category)
                    .or_else(|| by.get("other"))
                    .map_or(key, String::as_str)
            }
            _ => self.text(key),
        }
    }

    /// `key`'s text (for the count `n` when given) with each `{name}` replaced by its
    /// value from `args`; a `{name}` without a value stays as written.
    pub fn format(&self, key: &str, n: Option<u64>, args: &[(&str, &str)]) -> String {
        let text = match n {
            Some(n) => self.plural(key, n),
            None => self.text(key),
        };
        fill(text, |name| {
            if name == "n"
                && let Some(n) = n
            {
                return Some(n.to_string());
            }
            args.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_string())
        })
    }

    fn formatters(&self) -> &Formatters {
        self.formatters
            .get_or_init(|| Formatters::new(&self.locale))
    }

    /// A date (and time, for [`DateStyle::DateTime`]) as people of the language write
    /// it, in the Gregorian calendar: the civil date and time as given (already in the
    /// site's time zone).
    pub fn format_date(&self, at: jiff::civil::DateTime, style: DateStyle) -> String {
        let f = self.formatters();
        let date = Date::try_new_gregorian(
            i32::from(at.year()),
            at.month().unsigned_abs(),
            at.day().unsigned_abs(),
        );
        // jiff's dates are all within ICU's range (years -9999 to 9999).
        let Ok(date) = date else {
            return at.date().to_string();
        };
        match style {
            DateStyle::Medium => f.medium.format(&date).to_string(),
            DateStyle::Long => f.long.format(&date).to_string(),
            DateStyle::Full => f.full.format(&date).to_string(),
            DateStyle::Month => f.month.format(&date).to_string(),
            DateStyle::MonthYear => f.month_year.format(&date).to_string(),
            DateStyle::DateTime => {
                let Ok(time) = Time::try_new(
                    at.hour().unsigned_abs(),
                    at.minute().unsigned_abs(),
                    at.second().unsigned_abs(),
                    0,
                ) else {
                    return f.medium.format(&date).to_string();
                };
                f.date_time.format(&DateTime { date, time }).to_string()
            }
        }
    }

    /// One of the names of a date ([`DateName`]: its month's or its weekday's) in the
    /// language, from CLDR, in the Gregorian calendar.
    pub fn date_name(&self, at: jiff::civil::Date, name: DateName) -> String {
        let f = self.formatters();
        let date = Date::try_new_gregorian(
            i32::from(at.year()),
            at.month().unsigned_abs(),
            at.day().unsigned_abs(),
        );
        // jiff's dates are all within ICU's range (years -9999 to 9999).
        let Ok(date) = date else {
            return at.to_string();
        };
        match name {
            DateName::Month => f.month.format(&date).to_string(),
            DateName::MonthShort => f.month_short.format(&date).to_string(),
            DateName::Weekday => f.weekday.format(&date).to_string(),
            DateName::WeekdayShort => f.weekday_short.format(&date).to_string(),
        }
    }

    /// [`Language::format_date`] of a moment in its own time zone.
    pub fn date(&self, at: &jiff::ZonedDateTime, style: DateStyle) -> String {
        self.format_date(at.datetime(), style)
    }

    /// The shipped strings files' keys that a file lacks or has beyond English's, for
    /// the test that every shipped language is complete: (code, missing, extra).
    #[doc(hidden)]
    pub fn shipped_gaps() -> Vec<(&'static str, Vec<String>, Vec<String>)> {
        let english = parse_shipped(DEFAULT);
        shipped()
            .map(|code| {
                let own = parse_shipped(code);
                let missing = english
                    .keys()
                    .filter(|k| !own.contains_key(*k))
                    .cloned()
                    .collect();
                let extra = own
                    .keys()
                    .filter(|k| !english.contains_key(*k))
                    .cloned()
                    .collect();
                (code, missing, extra)
            })
            .collect()
    }
}

/// CLDR's name of a plural category.
fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The strings of a shipped language's file. The files are part of gloss, checked by
/// tests: a file that does not parse is a bug, answered with no strings.
fn parse_shipped(code: &str) -> BTreeMap<String, Text> {
    let Some((_, text)) = I18N.iter().find(|(c, _)| *c == code) else {
        return BTreeMap::new();
    };
    let Ok(table) = toml::from_str::<toml::Table>(text) else {
        return BTreeMap::new();
    };
    table
        .into_iter()
        .filter_map(|(k, v)| {
            let text = match v {
                toml::Value::String(s) => Text::Plain(s),
                toml::Value::Table(forms) => Text::Plural(
                    forms
                        .into_iter()
                        .filter_map(|(c, v)| Some((c, v.as_str()?.to_string())))
                        .collect(),
                ),
                _ => return None,
            };
            Some((k, text))
        })
        .collect()
}

/// `text` with each `{name}` replaced by `value(name)`; unknown names stay as written.
pub fn fill(text: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if after[..close]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
            {
                let name = &after[..close];
                match value(name) {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Byte offset of `key =` at the start of a line (for locating warnings).
fn find_key(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let bare = trimmed.trim_start_matches('"');
        if let Some(rest) = bare.strip_prefix(key)
            && rest
                .trim_start_matches('"')
                .trim_start()
                .starts_with(['=', '.'])
        {
            return Some(offset + (line.len() - trimmed.len()));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> jiff::civil::DateTime {
        s.parse().unwrap()
    }

    #[test]
    fn every_shipped_language_has_every_key_and_no_other() {
        for (code, missing, extra) in Language::shipped_gaps() {
            assert!(missing.is_empty(), "{code}.toml lacks {missing:?}");
            assert!(extra.is_empty(), "{code}.toml has unknown keys {extra:?}");
        }
    }

    #[test]
    fn every_shipped_file_parses_and_gives_other_forms() {
        for (code, text) in I18N {
            let table: toml::Table = toml::from_str(text).unwrap_or_else(|e| panic!("{code}: {e}"));
            for (k, v) in table {
                match v {
                    toml::Value::String(_) => {}
                    toml::Value::Table(t) => {
                        assert!(t.contains_key("other"), "{code}: {k} has no `other`");
                    }
                    other => panic!("{code}: {k} is {other:?}"),
                }
            }
        }
    }

    #[test]
    fn english_dates_keep_their_form() {
        let en = Language::default();
        let d = date("2026-11-28T17:40:00");
        assert_eq!(en.format_date(d, DateStyle::Medium), "Nov 28, 2026");
        assert_eq!(en.format_date(d, DateStyle::Long), "November 28, 2026");
        assert_eq!(en.format_date(d, DateStyle::Month), "November");
        assert_eq!(en.format_date(d, DateStyle::MonthYear), "November 2026");
        assert_eq!(
            en.format_date(d, DateStyle::Full),
            "Saturday, November 28, 2026"
        );
    }

    #[test]
    fn german_and_japanese_dates_come_from_cldr() {
        let d = date("2026-03-05T09:07:00");
        let de = Language::shipped("de").unwrap();
        assert_eq!(de.format_date(d, DateStyle::Long), "5. März 2026");
        assert_eq!(de.format_date(d, DateStyle::Month), "März");
        assert_eq!(
            de.format_date(d, DateStyle::Full),
            "Donnerstag, 5. März 2026"
        );
        let ja = Language::shipped("ja").unwrap();
        assert_eq!(ja.format_date(d, DateStyle::Long), "2026年3月5日");
    }

    #[test]
    fn tags_are_tidied_and_unknown_languages_refused() {
        let l = Language::shipped("pt_BR").unwrap();
        assert_eq!((l.tag(), l.code()), ("pt-BR", "pt"));
        assert_eq!(
            Language::shipped("xx").unwrap_err(),
            LanguageError::NotShipped
        );
        assert_eq!(
            Language::shipped("not a tag").unwrap_err(),
            LanguageError::NotATag
        );
    }

    #[test]
    fn arabic_is_right_to_left_and_german_is_not() {
        assert!(Language::shipped("ar").unwrap().is_rtl());
        assert!(!Language::shipped("de").unwrap().is_rtl());
    }

    #[test]
    fn plural_forms_follow_cldr_rules() {
        let en = Language::default();
        assert_eq!(en.format("posts", Some(1), &[]), "1 post");
        assert_eq!(en.format("posts", Some(2), &[]), "2 posts");
        assert_eq!(en.format("posts", Some(0), &[]), "0 posts");
        let fr = Language::shipped("fr").unwrap();
        // French counts 0 as singular.
        assert_eq!(fr.plural("posts", 0), fr.plural("posts", 1));
    }

    #[test]
    fn fill_replaces_known_names_and_keeps_others() {
        let v = |n: &str| (n == "a").then(|| "X".to_string());
        assert_eq!(fill("{a} {b} {", v), "X {b} {");
        assert_eq!(fill("{ a }", v), "{ a }");
    }

    #[test]
    fn site_file_overrides_and_warns_about_unknown_keys() {
        let mut l = Language::shipped("de").unwrap();
        l.apply_site_file(
            "i18n/de.toml",
            "contents = \"Inhalt\"\ncontnets = \"x\"\nposts = { one = \"ein Beitrag\" }\n",
        )
        .unwrap();
        assert_eq!(l.text("contents"), "Inhalt");
        assert_eq!(l.plural("posts", 1), "ein Beitrag");
        assert_eq!(l.warnings().len(), 1);
        let w = &l.warnings()[0];
        assert_eq!(w.line, Some(2));
        assert!(w.message.contains("contnets"), "{}", w.message);
        assert!(w.help.as_deref().unwrap().contains("`contents`"));
    }
}

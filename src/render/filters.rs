//! Filters gloss adds to tera's built-ins (documented with their types in
//! `docs/templates.md`): `date`, `markdown`, `slugify`, `striptags`, `truncate_words`
//! and `absolute_url`, beside tera-contrib's `urlencode`, `urlencode_strict` and
//! `json_encode`.
//!
//! Each takes what the site's config says (base URL, time zone, Markdown options) from
//! a [`Settings`] made once per build. An argument a filter does not take is an error
//! (tera locates it at the template's file and line), so a misspelt `fromat=` is not
//! silently ignored.

use std::sync::Arc;

use jiff::tz::TimeZone;
use tera::{Kwargs, State, TeraResult, Value};

use crate::config::Config;
use crate::markdown;

/// What the filters need of the site's config.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// Absolute base URL, ending in `/`.
    base_url: String,
    /// The base URL's path, starting and ending in `/`.
    base_path: String,
    /// The site's time zone: dates without an offset are read in it.
    timezone: TimeZone,
    /// How the site renders Markdown (no images, no shortcodes).
    markdown: markdown::Options,
    /// The site's language, and the pages' own: month names and the default date style.
    language: crate::i18n::Speaking,
}

impl Settings {
    /// The settings `config` gives.
    pub(crate) fn new(config: &Config) -> Arc<Settings> {
        Arc::new(Settings {
            base_url: config.base_url.to_string(),
            base_path: config.base_path().to_string(),
            timezone: config.timezone.clone(),
            markdown: crate::site::markdown_options(config),
            language: crate::i18n::Speaking::new(config),
        })
    }
}

impl Settings {
    /// The site's time zone.
    pub(crate) fn timezone(&self) -> &TimeZone {
        &self.timezone
    }

    /// The output path of a URL of the site (`/blog/css/a.css`, `css/a.css` →
    /// `css/a.css`), without its query or fragment.
    pub(crate) fn output_path(&self, url: &str) -> String {
        let url = url.split(['?', '#']).next().unwrap_or(url);
        let url = match url.strip_prefix(self.base_path.as_str()) {
            Some(rest) if self.base_path != "/" => rest,
            _ => url,
        };
        url.trim_start_matches('/').to_string()
    }
}

/// Errors unless every argument given is one of `allowed`: tera does not check names.
pub(crate) fn check_args(what: &str, kwargs: &Kwargs, allowed: &[&str]) -> TeraResult<()> {
    for (key, _) in kwargs.iter() {
        let name = key.as_str().unwrap_or_default();
        if !allowed.contains(&name) {
            let takes = match allowed {
                [] => "it takes no arguments".to_string(),
                _ => format!(
                    "it takes {}",
                    allowed
                        .iter()
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            return Err(tera::Error::message(format!(
                "{what}: unknown argument `{name}` ({takes})"
            )));
        }
    }
    Ok(())
}

/// Registers the filters on `tera`.
pub(crate) fn register(tera: &mut tera::Tera, settings: &Arc<Settings>) {
    tera.register_filter("urlencode", tera_contrib::urlencode::urlencode);
    tera.register_filter(
        "urlencode_strict",
        tera_contrib::urlencode::urlencode_strict,
    );
    tera.register_filter("json_encode", tera_contrib::json::json_encode);
    let s = Arc::clone(settings);
    tera.register_filter("date", move |v: &Value, kw: Kwargs, state: &State| {
        let language = s.language.speaking(|| super::spoken(state))?;
        date(&s, &language, v, &kw)
    });
    let s = Arc::clone(settings);
    tera.register_filter("markdown", move |v: &str, kw: Kwargs, _: &State| {
        markdown(&s, v, &kw)
    });
    tera.register_filter("slugify", |v: &str, kw: Kwargs, _: &State| {
        check_args("slugify", &kw, &[])?;
        Ok::<_, tera::Error>(crate::content::slug::slugify(v))
    });
    tera.register_filter("striptags", |v: &str, kw: Kwargs, _: &State| {
        check_args("striptags", &kw, &[])?;
        Ok::<_, tera::Error>(striptags(v))
    });
    tera.register_filter("truncate_words", truncate_words_filter);
    let s = Arc::clone(settings);
    tera.register_filter("absolute_url", move |v: &str, kw: Kwargs, _: &State| {
        check_args("absolute_url", &kw, &[])?;
        Ok::<_, tera::Error>(absolute_url(&s, v))
    });
}

/// `date(format, timezone, style)`: a date (RFC 3339 or any form front matter takes;
/// an integer is seconds since 1970 UTC) formatted with strftime (jiff's), `%B` (the
/// month's name) in the language being rendered (the page's, else the site's); or, without `format`, in one of the language's
/// styles (`style`, default `medium`: `Nov 28, 2026`). The date keeps its own offset
/// unless `timezone` names an IANA zone; one without an offset is in the site's time
/// zone.
fn date(
    settings: &Settings,
    language: &crate::i18n::Language,
    value: &Value,
    kwargs: &Kwargs,
) -> TeraResult<String> {
    check_args("date", kwargs, &["format", "timezone", "style"])?;
    let zoned = if let Some(seconds) = value.as_i64() {
        jiff::Timestamp::from_second(seconds)
            .map_err(|e| tera::Error::message(format!("date: {seconds} is not a moment: {e}")))?
            .to_zoned_datetime(settings.timezone.clone())
    } else if let Some(text) = value.as_str() {
        crate::content::date::parse(text, &settings.timezone)
            .map_err(|why| tera::Error::message(format!("date: {text:?}: {why}")))?
    } else {
        return Err(tera::Error::message(format!(
            "date: takes a date (a string such as \"2026-11-28T14:05:00-06:00\", or seconds since 1970), not a {}",
            value.name()
        )));
    };
    let zoned = match kwargs.get::<&str>("timezone")? {
        Some(name) => {
            let tz = TimeZone::get(name).map_err(|e| {
                tera::Error::message(format!(
                    "date: unknown time zone {name:?} (use an IANA name such as \"Europe/Paris\"): {e}"
                ))
            })?;
            zoned.with_time_zone(tz)
        }
        None => zoned,
    };
    let style = match kwargs.get::<&str>("style")? {
        Some(name) => Some(crate::i18n::DateStyle::named(name).ok_or_else(|| {
            tera::Error::message(format!(
                "date: unknown style {name:?} (the styles are {})",
                crate::i18n::DateStyle::NAMES
            ))
        })?),
        None => None,
    };
    let Some(format) = kwargs.get::<&str>("format")? else {
        let style = style.unwrap_or(crate::i18n::DateStyle::Medium);
        return Ok(language.date(&zoned, style));
    };
    if style.is_some() {
        return Err(tera::Error::message(
            "date: give `format` or `style`, not both",
        ));
    }
    let format = localised(format, |name| language.date_name(zoned.date(), name));
    jiff::fmt::strtime::format(&*format, &zoned)
        .map_err(|e| tera::Error::message(format!("date: cannot format with {format:?}: {e}")))
}

/// `format` with each `%B`, `%b` (and its synonym `%h`), `%A` and `%a` replaced by the
/// month's or weekday's name in the site's language (`name` gives it); `%%` and the
/// other directives stay for strftime. Flags and widths (`%^B`, `%-d`) are left to
/// strftime too: a name directive with a flag is not localised.
fn localised<'f>(
    format: &'f str,
    name: impl Fn(crate::i18n::DateName) -> String,
) -> std::borrow::Cow<'f, str> {
    use crate::i18n::DateName;
    if !["%B", "%b", "%h", "%A", "%a"]
        .iter()
        .any(|d| format.contains(d))
    {
        return std::borrow::Cow::Borrowed(format);
    }
    let mut out = String::with_capacity(format.len() + 16);
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let which = match chars.next() {
            Some('B') => Some(DateName::Month),
            Some('b' | 'h') => Some(DateName::MonthShort),
            Some('A') => Some(DateName::Weekday),
            Some('a') => Some(DateName::WeekdayShort),
            Some(next) => {
                out.push('%');
                out.push(next);
                None
            }
            None => {
                out.push('%');
                None
            }
        };
        if let Some(which) = which {
            out.push_str(&name(which).replace('%', "%%"));
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `markdown(inline=false)`: the text rendered as the site renders Markdown, as HTML
/// (marked safe); `inline=true` leaves out the paragraph around a one-paragraph text.
fn markdown(settings: &Settings, text: &str, kwargs: &Kwargs) -> TeraResult<Value> {
    check_args("markdown", kwargs, &["inline"])?;
    let html = if kwargs.get::<bool>("inline")?.unwrap_or(false) {
        markdown::render_inline(text, &settings.markdown)
    } else {
        markdown::render(text, &settings.markdown).page_html()
    };
    Ok(Value::safe_string(&html))
}

/// The text of an HTML fragment: tags and comments left out, entities decoded, the
/// content of `<script>` and `<style>` dropped. The result is text (escaped again where
/// it is inserted).
pub(crate) fn striptags(html: &str) -> String {
    let fragment = scraper::Html::parse_fragment(html);
    let mut out = String::with_capacity(html.len());
    for node in fragment.root_element().descendants() {
        if let scraper::Node::Text(text) = node.value() {
            let hidden = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "script" | "style" | "template"))
            });
            if !hidden {
                out.push_str(text);
            }
        }
    }
    out
}

fn truncate_words_filter(text: &str, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    check_args("truncate_words", &kwargs, &["count", "end"])?;
    let count: usize = kwargs.get("count")?.unwrap_or(25);
    let end: &str = kwargs.get("end")?.unwrap_or("…");
    Ok(truncate_words(text, count, end))
}

/// The first `count` words of `text` (words are separated by whitespace, kept as
/// written between them) and `end` after them, or `text` whole when it has no more.
pub(crate) fn truncate_words(text: &str, count: usize, end: &str) -> String {
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if in_word && words == count {
                let rest = &text[i..];
                if rest.trim().is_empty() {
                    return text.to_string();
                }
                return format!("{}{end}", &text[..i]);
            }
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
            if count == 0 {
                return end.to_string();
            }
        }
    }
    text.to_string()
}

/// `url` absolute against the base URL: a root-relative URL that already holds the base
/// URL's path (`page.url`) keeps it, any other path is taken inside the site, and an
/// absolute URL (`https:`, `mailto:`, `//host`) stays as it is.
pub(crate) fn absolute_url(settings: &Settings, url: &str) -> String {
    let has_scheme = url.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if has_scheme || url.starts_with("//") {
        return url.to_string();
    }
    if url.starts_with(&settings.base_path) && settings.base_path != "/" {
        let origin = settings
            .base_url
            .strip_suffix(&settings.base_path)
            .unwrap_or(&settings.base_url);
        return format!("{origin}{url}");
    }
    format!("{}{}", settings.base_url, url.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(base: &str) -> Settings {
        let mut config = Config::default_for("/site");
        config.replace_base_url(base).unwrap();
        Arc::unwrap_or_clone(Settings::new(&config))
    }

    #[test]
    fn month_and_weekday_names_are_localised() {
        use crate::i18n::DateName;
        let name = |n: DateName| {
            match n {
                DateName::Month => "mars",
                DateName::MonthShort => "mars.",
                DateName::Weekday => "lundi",
                DateName::WeekdayShort => "lun.",
            }
            .to_string()
        };
        assert_eq!(localised("%-d %B %Y", name), "%-d mars %Y");
        assert_eq!(localised("100%% %B", name), "100%% mars");
        assert_eq!(localised("%a %-d %b %Y", name), "lun. %-d mars. %Y");
        assert_eq!(localised("%A, %h", name), "lundi, mars.");
        assert_eq!(localised("%%A %Y %", name), "%%A %Y %");
        assert_eq!(localised("%d", name), "%d");
        assert_eq!(localised("%B", |_| "50%".to_string()), "50%%");
    }

    #[test]
    fn truncate_words_keeps_the_spacing_between_the_words_it_keeps() {
        assert_eq!(
            truncate_words("one  two\nthree four", 3, "…"),
            "one  two\nthree…"
        );
        assert_eq!(truncate_words("one two", 2, "…"), "one two");
        assert_eq!(truncate_words("one two  ", 2, "…"), "one two  ");
        assert_eq!(truncate_words("  one two", 1, " [more]"), "  one [more]");
        assert_eq!(truncate_words("one", 0, "…"), "…");
        assert_eq!(truncate_words("", 3, "…"), "");
    }

    #[test]
    fn striptags_keeps_text_and_decodes_entities() {
        assert_eq!(
            striptags("<p>Fish &amp; <em>chips</em><!-- no --></p><script>x()</script>"),
            "Fish & chips"
        );
        assert_eq!(striptags("a < b"), "a < b");
    }

    #[test]
    fn absolute_url_respects_the_sub_path() {
        let s = settings("https://example.org/blog/");
        assert_eq!(
            absolute_url(&s, "/blog/posts/a/"),
            "https://example.org/blog/posts/a/"
        );
        assert_eq!(
            absolute_url(&s, "css/a.css"),
            "https://example.org/blog/css/a.css"
        );
        assert_eq!(
            absolute_url(&s, "/css/a.css"),
            "https://example.org/blog/css/a.css"
        );
        assert_eq!(absolute_url(&s, "https://x.example/"), "https://x.example/");
        assert_eq!(absolute_url(&s, "mailto:a@b.example"), "mailto:a@b.example");
        let root = settings("https://example.org/");
        assert_eq!(
            absolute_url(&root, "/posts/a/"),
            "https://example.org/posts/a/"
        );
    }
}

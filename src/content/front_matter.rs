//! Front matter: YAML between `---` lines or TOML between `+++` lines (DESIGN §3).
//!
//! Both are read into one JSON-like map first, then [`FrontMatter::from_map`] picks the
//! keys gloss knows, with their aliases (`lastmod`, `summary`, `categories`, `author`,
//! `taxonomies.tags`). Unknown keys go to `extra` and are reported as warnings once per key
//! by the caller. YAML is read with yaml-rust2, which accepts the tab-on-a-blank-line blocks
//! real blogs have and leaves dates as strings; TOML datetimes become strings too.

use jiff::ZonedDateTime as Zoned;
use jiff::tz::TimeZone;
use serde_json::{Map, Value};

use super::date;
use crate::diagnostic::{Diagnostic, line_column};

/// Which syntax a file's front matter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `---` … `---`
    Yaml,
    /// `+++` … `+++`
    Toml,
}

/// A file split into its front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The syntax, `None` when the file has no front matter.
    pub format: Option<Format>,
    /// The front matter text between the fences (empty without front matter).
    pub front: &'a str,
    /// 1-based line of the first front matter line.
    pub front_line: usize,
    /// The Markdown body.
    pub body: &'a str,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
}

/// Splits `text` (a whole file, BOM already removed) at its front matter fences.
///
/// Errors: an opening fence without a closing one, located at the opening fence.
pub fn split(text: &str) -> Result<Split<'_>, Diagnostic> {
    let fence = if text.starts_with("---") {
        "---"
    } else if text.starts_with("+++") {
        "+++"
    } else {
        return Ok(Split {
            format: None,
            front: "",
            front_line: 1,
            body: text,
            body_line: 1,
        });
    };
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != fence {
        // `----` or `--- text`: a thematic break or text, not a fence.
        return Ok(Split {
            format: None,
            front: "",
            front_line: 1,
            body: text,
            body_line: 1,
        });
    }
    let format = if fence == "---" {
        Format::Yaml
    } else {
        Format::Toml
    };
    let mut offset = first_end;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let this = &text[offset..end];
        let closes =
            this.trim_end() == fence || (format == Format::Yaml && this.trim_end() == "...");
        if closes {
            return Ok(Split {
                format: Some(format),
                front: &text[first_end..offset],
                front_line: 2,
                body: &text[end..],
                body_line: line + 1,
            });
        }
        offset = end;
        line += 1;
    }
    Err(Diagnostic::error(
        "",
        format!("the front matter opened with `{fence}` on line 1 is never closed"),
    )
    .at(1, 1)
    .with_help(format!(
        "add a line holding only `{fence}` after the last front matter key"
    )))
}

/// The keys of Pelican's Markdown header that gloss reads (lowercase).
const PELICAN_KEYS: &[&str] = &[
    "title", "date", "modified", "tags", "category", "slug", "author", "authors", "summary",
    "status", "lang", "save_as", "url", "template",
];

/// A Pelican post's header: `Key: value` lines at the top of a file without fences,
/// ended by the first blank line (`Title: …`, `Date: …`, `Tags: a, b`, `Category: …`,
/// `Status: draft`). Read only when its first line is one of Pelican's keys and every
/// line is `Key: value` (or an indented continuation), so prose that opens with
/// `Note: …` stays prose. Returns the header as a front matter map (keys lowercased,
/// `Tags` and `Authors` split at commas, `Category` a category, `Modified` as
/// `updated`, `Status: draft` as `draft: true`), the body after the blank line and the
/// body's 1-based first line.
pub fn pelican_header(text: &str) -> Option<(Map<String, Value>, &str, usize)> {
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut offset = 0;
    let mut line_no = 1;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let line = text[offset..end].trim_end();
        offset = end;
        line_no += 1;
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            let (_, value) = entries.last_mut()?;
            value.push(' ');
            value.push_str(line.trim());
            continue;
        }
        let (key, value) = line.split_once(':')?;
        let key = key.trim().to_lowercase();
        let plain = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
        if !plain || (entries.is_empty() && !PELICAN_KEYS.contains(&key.as_str())) {
            return None;
        }
        entries.push((key, value.trim().to_string()));
    }
    if entries.is_empty() {
        return None;
    }
    let split_commas = |v: &str| {
        Value::Array(
            v.split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| Value::String(t.to_string()))
                .collect(),
        )
    };
    let mut map = Map::new();
    for (key, value) in entries {
        let (key, value) = match key.as_str() {
            "tags" | "authors" => (key, split_commas(&value)),
            "category" => ("categories".to_string(), split_commas(&value)),
            "modified" => ("updated".to_string(), Value::String(value)),
            "status" if value.eq_ignore_ascii_case("draft") => {
                ("draft".to_string(), Value::Bool(true))
            }
            _ => (key, Value::String(value)),
        };
        map.insert(key, value);
    }
    Some((map, &text[offset..], line_no))
}

/// The 1-based (line, column) of `key` (lowercase) in a Pelican header, whatever the
/// case it is written in.
pub fn locate_pelican_key(text: &str, key: &str) -> Option<(usize, usize)> {
    let key = match key {
        "categories" => "category",
        "updated" => "modified",
        "draft" => "status",
        k => k,
    };
    text.lines()
        .take_while(|l| !l.trim().is_empty())
        .position(|l| {
            l.split_once(':')
                .is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case(key))
        })
        .map(|i| (i + 1, 1))
}

/// Parses front matter text into a map. Errors are located in the front matter text
/// (line 1 = first line after the opening fence); the caller relocates them.
pub fn parse_map(format: Format, text: &str) -> Result<Map<String, Value>, Diagnostic> {
    match format {
        Format::Yaml => parse_yaml(text),
        Format::Toml => parse_toml(text),
    }
}

/// How deeply lists and maps may nest in front matter. Real front matter nests two or
/// three levels; the limit keeps a hostile file from exhausting the stack of the code that
/// walks the values (YAML and TOML readers, conversions, drops all recurse per level).
pub const MAX_DEPTH: usize = 32;

/// How many values front matter may expand to. YAML aliases (`*a`) repeat a value, so a
/// few lines can stand for billions of values ("billion laughs"); real front matter has
/// dozens.
pub const MAX_VALUES: usize = 100_000;

/// How many `key:<tab>value` lines are mended before giving up (see [`parse_yaml`]).
const MAX_TAB_FIXES: usize = 64;

/// Reads YAML front matter. A tab right after `key:` is read as a space, as Jekyll's and
/// Hugo's YAML readers do (yaml-rust2 rejects it); every other error is located.
fn parse_yaml(text: &str) -> Result<Map<String, Value>, Diagnostic> {
    let mut mended: Option<String> = None;
    for _ in 0..MAX_TAB_FIXES {
        let current = mended.as_deref().unwrap_or(text);
        match load_yaml(current) {
            Err(YamlFailure::TabAfterColon(line)) => {
                match tab_after_colon_to_space(current, line) {
                    Some(fixed) => mended = Some(fixed),
                    None => return Err(tab_after_colon(current, line)),
                }
            }
            Err(YamlFailure::Located(d)) => return Err(d),
            Ok(map) => return Ok(map),
        }
    }
    Err(tab_after_colon(mended.as_deref().unwrap_or(text), 1))
}

/// A whole YAML document (a data file) as a value, whatever its shape at the top (a map,
/// a list, a scalar; empty gives null), with front matter's guards on depth and aliases.
/// Errors are located in `text` and speak of front matter; the caller renames them.
pub(crate) fn yaml_document(text: &str) -> Result<Value, Diagnostic> {
    let located = |f: YamlFailure| match f {
        YamlFailure::Located(d) => d,
        YamlFailure::TabAfterColon(line) => tab_after_colon(text, line),
    };
    check_yaml_shape(text).map_err(located)?;
    let docs =
        yaml_rust2::YamlLoader::load_from_str(text).map_err(|e| located(yaml_error(text, e)))?;
    Ok(docs.into_iter().next().map_or(Value::Null, yaml_to_json))
}

enum YamlFailure {
    /// A tab follows a `:` on this 1-based line.
    TabAfterColon(usize),
    Located(Diagnostic),
}

fn load_yaml(text: &str) -> Result<Map<String, Value>, YamlFailure> {
    use yaml_rust2::{Yaml, YamlLoader};
    // The shape first, with the event parser (no recursion): yaml-rust2's loader and
    // everything after it recurse once per level, and aliases expand while loading.
    check_yaml_shape(text)?;
    let docs = YamlLoader::load_from_str(text).map_err(|e| yaml_error(text, e))?;
    match docs.into_iter().next() {
        None | Some(Yaml::Null) => Ok(Map::new()),
        Some(Yaml::Hash(h)) => {
            let mut map = Map::new();
            for (k, v) in h {
                map.insert(yaml_key(&k), yaml_to_json(v));
            }
            Ok(map)
        }
        Some(_) => Err(YamlFailure::Located(
            Diagnostic::error(
                "",
                "the YAML front matter is not a map of `key: value` lines",
            )
            .at(1, 1)
            .with_help("write one `key: value` per line, e.g. title: \"My post\""),
        )),
    }
}

/// Checks nesting depth and alias expansion before the tree is built.
fn check_yaml_shape(text: &str) -> Result<(), YamlFailure> {
    use yaml_rust2::parser::{Event, Parser};
    let mut parser = Parser::new_from_str(text);
    // Open lists and maps: (anchor id, values inside so far, counting itself).
    let mut open: Vec<(usize, usize)> = Vec::new();
    // Values each anchor stands for.
    let mut anchors: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    loop {
        let (event, mark) = parser.next_token().map_err(|e| yaml_error(text, e))?;
        let at = |d: Diagnostic| YamlFailure::Located(d.at(mark.line().max(1), mark.col() + 1));
        let size = match event {
            Event::StreamEnd => return Ok(()),
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                open.push((anchor, 1));
                if open.len() > MAX_DEPTH {
                    return Err(at(Diagnostic::error(
                        "",
                        format!(
                            "the front matter nests lists or maps more than {MAX_DEPTH} levels deep"
                        ),
                    )
                    .with_help(
                        "flatten the front matter: gloss reads a few levels of lists and maps",
                    )));
                }
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some((anchor, n)) = open.pop() else {
                    continue;
                };
                if anchor > 0 {
                    anchors.insert(anchor, n);
                }
                n
            }
            Event::Scalar(_, _, anchor, _) => {
                if anchor > 0 {
                    anchors.insert(anchor, 1);
                }
                1
            }
            Event::Alias(anchor) => anchors.get(&anchor).copied().unwrap_or(1),
            _ => continue,
        };
        if let Some(parent) = open.last_mut() {
            parent.1 = parent.1.saturating_add(size);
            if parent.1 > MAX_VALUES {
                return Err(at(Diagnostic::error(
                    "",
                    format!("the front matter stands for more than {MAX_VALUES} values (YAML aliases repeat values)"),
                )
                .with_help("write the values out instead of repeating them with `&anchor` and `*alias`")));
            }
        }
    }
}

/// Turns a yaml-rust2 error into gloss's words where it is a known trap.
fn yaml_error(text: &str, e: yaml_rust2::ScanError) -> YamlFailure {
    let m = e.marker();
    let (mut line, mut column) = (m.line().max(1), m.col() + 1);
    let info = e.info();
    if info == "':' must be followed by a valid YAML whitespace" {
        return YamlFailure::TabAfterColon(line);
    }
    if let Some(d) = unclosed_quote(text, line, column, info).or_else(|| unclosed_flow(text, &e)) {
        return YamlFailure::Located(d);
    }
    let d = if info.starts_with("tabs disallowed") {
        Diagnostic::error(
            "",
            "invalid YAML front matter: a tab indents this line, and YAML indents with spaces only",
        )
        .with_help("replace the tabs at the start of this line with spaces")
    } else if let Some(key) = info.strip_suffix(": duplicated key in mapping") {
        let key = key
            .strip_prefix("String(\"")
            .and_then(|k| k.strip_suffix("\")"))
            .unwrap_or(key);
        // yaml-rust2 points past the second value: point at the second key instead.
        if let Some((l, c)) = key_at_or_before(text, key, line) {
            (line, column) = (l, c);
        }
        Diagnostic::error(
            "",
            format!("invalid YAML front matter: the key `{key}` is given twice in one map"),
        )
        .with_help(format!("keep one of the two `{key}` lines"))
    } else {
        Diagnostic::error("", format!("invalid YAML front matter: {info}"))
            .with_help("check the indentation and quoting of this line; values holding `: ` or starting with `[`, `{`, `*`, `&` need quotes")
    };
    YamlFailure::Located(d.at(line, column))
}

/// An unclosed quote, located at the quote: yaml-rust2 points there (its start mark) but
/// speaks of a "quoted scalar" meeting the end of the stream, or of indentation when a
/// line at the left margin (the next key) comes first. `line` and `column` are its 1-based
/// mark.
fn unclosed_quote(text: &str, line: usize, column: usize, info: &str) -> Option<Diagnostic> {
    let at_end = info.starts_with("while scanning a quoted scalar, found unexpected");
    if !at_end && info != "invalid indentation in quoted scalar" {
        return None;
    }
    let quote = text
        .split('\n')
        .nth(line - 1)?
        .chars()
        .nth(column - 1)
        .filter(|q| matches!(q, '"' | '\''))?;
    // Without the end in sight, the quote may close on a later line at the margin.
    let where_ = if at_end { "" } else { " on its line" };
    Some(
        Diagnostic::error(
            "",
            format!("invalid YAML front matter: the quote {quote} opened here is not closed{where_}"),
        )
        .at(line, column)
        .with_help(format!(
            "end the value with {quote} on the same line, e.g. title: {quote}My post{quote}, or write it without quotes"
        )),
    )
}

/// A flow list (`[`) or map (`{`) still open where YAML failed, located at its opening
/// bracket. yaml-rust2 notices the missing `]` only at the next key or the end of the
/// front matter (so the author was pointed at the closing `---`). Only when the failure
/// is on a line indented no deeper than the bracket's own, or at the end: inside a list
/// that goes on over indented lines, the error is another one.
fn unclosed_flow(text: &str, e: &yaml_rust2::ScanError) -> Option<Diagnostic> {
    use yaml_rust2::scanner::{Scanner, TokenType};
    let failed = e.marker();
    let mut open: Vec<(char, yaml_rust2::scanner::Marker)> = Vec::new();
    let mut scanner = Scanner::new(text.chars());
    while let Ok(Some(token)) = scanner.next_token() {
        if token.0.index() >= failed.index() {
            break;
        }
        match token.1 {
            TokenType::FlowSequenceStart => open.push(('[', token.0)),
            TokenType::FlowMappingStart => open.push(('{', token.0)),
            TokenType::FlowSequenceEnd | TokenType::FlowMappingEnd => {
                open.pop();
            }
            _ => {}
        }
    }
    let (bracket, start) = open.pop()?;
    let indent = |line: usize| {
        text.split('\n')
            .nth(line.max(1) - 1)
            .map(|l| l.len() - l.trim_start_matches(' ').len())
    };
    let later = failed.line() > start.line();
    let shallower = indent(failed.line()).is_none_or(|i| Some(i) <= indent(start.line()))
        || text.chars().skip(failed.index()).all(char::is_whitespace);
    if !later || !shallower {
        return None;
    }
    let (what, close, example) = match bracket {
        '[' => ("list", ']', "tags: [one, two]"),
        _ => ("map", '}', "author: {name: Ada, url: https://example.org}"),
    };
    Some(
        Diagnostic::error(
            "",
            format!(
                "invalid YAML front matter: the {what} opened with `{bracket}` here is not closed: `{close}` is missing"
            ),
        )
        .at(start.line().max(1), start.col() + 1)
        .with_help(format!(
            "end the {what} with `{close}` after its last item, e.g. {example}; a value that starts with `{bracket}` as text needs quotes"
        )),
    )
}

/// The 1-based (line, column) of the last `key:` on or before 1-based `line`.
fn key_at_or_before(text: &str, key: &str, line: usize) -> Option<(usize, usize)> {
    text.split('\n')
        .take(line)
        .enumerate()
        .filter_map(|(i, l)| {
            let rest = l.trim_start().strip_prefix(key)?;
            rest.trim_start().starts_with(':').then(|| {
                (
                    i + 1,
                    l.chars().count() - l.trim_start().chars().count() + 1,
                )
            })
        })
        .last()
}

/// `text` with the tab after the first `:` of 1-based `line` made a space.
fn tab_after_colon_to_space(text: &str, line: usize) -> Option<String> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let this = text.get(start..)?.split('\n').next()?;
    let at = start + this.find(":\t")? + 1;
    let mut fixed = text.to_string();
    fixed.replace_range(at..=at, " ");
    Some(fixed)
}

fn tab_after_colon(text: &str, line: usize) -> Diagnostic {
    let column = text
        .split('\n')
        .nth(line - 1)
        .and_then(|l| l.find(":\t").map(|i| l[..i].chars().count() + 2))
        .unwrap_or(1);
    Diagnostic::error(
        "",
        "invalid YAML front matter: a tab follows a `:` where YAML wants a space",
    )
    .at(line, column)
    .with_help("put a space after the colon")
}

/// `s` with the characters XML cannot hold (C0 controls but tab, newline and carriage
/// return; U+FFFE, U+FFFF) replaced by U+FFFD. Escapes such as YAML's `"\a"` or TOML's
/// `"\u0007"` put them in values that end up in feeds and the sitemap.
pub fn without_controls(s: String) -> String {
    if may_hold_forbidden(&s) && s.chars().any(is_forbidden_char) {
        s.chars()
            .map(|c| if is_forbidden_char(c) { '\u{FFFD}' } else { c })
            .collect()
    } else {
        s
    }
}

/// Whether `s` holds a character [`is_forbidden_char`] refuses: a control byte, or
/// U+FFFE or U+FFFF (bytes EF BF BE, EF BF BF). Runs over every rendered page, so it
/// flags each 64-byte block with a branch-free test (a byte below 0x20 other than tab,
/// newline and carriage return, or the byte 0xEF), which the compiler turns into vector
/// instructions, and looks closer only at flagged blocks (U+FE0E, EF B8 8E, follows every
/// footnote's back-reference arrow).
pub fn may_hold_forbidden(s: &str) -> bool {
    let bytes = s.as_bytes();
    let bad = |i: usize| match bytes[i] {
        b'\t' | b'\n' | b'\r' => false,
        b if b < b' ' => true,
        0xEF => bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)),
        _ => false,
    };
    const BLOCK: usize = 64;
    for (n, block) in bytes.chunks(BLOCK).enumerate() {
        let flagged = block.iter().fold(false, |any, &b| {
            let control = (b < b' ') & (b != b'\t') & (b != b'\n') & (b != b'\r');
            any | control | (b == 0xEF)
        });
        if flagged && (n * BLOCK..n * BLOCK + block.len()).any(bad) {
            return true;
        }
    }
    false
}

/// Whether XML 1.0 forbids `c` (so it must not reach a feed or the sitemap).
pub fn is_forbidden_char(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
}

fn yaml_key(k: &yaml_rust2::Yaml) -> String {
    use yaml_rust2::Yaml;
    match k {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        _ => String::new(),
    }
}

fn yaml_to_json(y: yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match y {
        Yaml::Real(s) => s
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::String(s), Value::Number),
        Yaml::Integer(i) => Value::from(i),
        Yaml::String(s) => Value::String(without_controls(s)),
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Array(a) => Value::Array(a.into_iter().map(yaml_to_json).collect()),
        Yaml::Hash(h) => Value::Object(
            h.into_iter()
                .map(|(k, v)| (yaml_key(&k), yaml_to_json(v)))
                .collect(),
        ),
        Yaml::Alias(_) | Yaml::Null | Yaml::BadValue => Value::Null,
    }
}

fn parse_toml(text: &str) -> Result<Map<String, Value>, Diagnostic> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let span = e.span();
        let mut message = e.message().trim_end().to_string();
        let help = if message.starts_with("duplicate key") {
            // Name the key: the error's span covers it.
            if let Some(key) = span.clone().and_then(|s| text.get(s)) {
                message = format!("the key `{}` is given twice", key.trim());
            }
            "each key may be given once: remove or rename one of them"
        } else if message.contains("recurse") {
            "flatten the front matter: gloss reads a few levels of arrays and tables"
        } else if message.starts_with("invalid date") || message.starts_with("invalid time") {
            "write a real date and time: date = 2024-05-01 or date = 2024-05-01T09:30:00+02:00"
        } else {
            "TOML strings need quotes: title = \"My post\""
        };
        let mut d = Diagnostic::error("", format!("invalid TOML front matter: {message}"));
        if let Some(span) = span {
            let (line, column) = line_column(text, span.start);
            d = d.at(line, column);
        }
        d.with_help(help)
    })?;
    Ok(table
        .into_iter()
        .map(|(k, v)| (k, toml_to_json(v)))
        .collect())
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(without_controls(s)),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// One front matter `updates:` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateEntry {
    /// When the update was made.
    pub date: Zoned,
    /// What changed (Markdown, inline).
    pub note: String,
    /// A minor update (a typo fixed): listed in the history, but moves neither
    /// `updated` nor the feeds.
    pub minor: bool,
}

/// The keys gloss knows, resolved. Every field has a neutral default.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    /// `title` (HTML and Markdown in it are kept as written; newlines folded).
    pub title: Option<String>,
    /// `date`.
    pub date: Option<Zoned>,
    /// Hugo's `publishDate`: not published before it (it gives the date too when there
    /// is no `date`).
    pub publish_date: Option<Zoned>,
    /// `updated`, alias `lastmod`.
    pub updated: Option<Zoned>,
    /// `draft`.
    pub draft: bool,
    /// Eleventy's `eleventyExcludeFromCollections: true`: the page is built at its URL
    /// but left out of every list (home, sections, archives, tags, feeds, neighbours,
    /// `/quotes/`, `/updates/`) and of the sitemap, as Eleventy left it out of its
    /// collections. The value is also kept in `extra`.
    pub unlisted: bool,
    /// `slug`.
    pub slug: Option<String>,
    /// `path`: an explicit URL path, as Zola's `path`, Hugo's `url` or a literal Jekyll
    /// or Eleventy `permalink`.
    pub path: Option<String>,
    /// A Jekyll `permalink` with `:token`s (`/:year/:title/`), expanded for this page as a
    /// `[permalinks]` pattern is (see [`super::permalink`]).
    pub permalink: Option<String>,
    /// Jekyll's `categories` (and `category`), as written: `:categories` in a permalink
    /// pattern. They are tags as well.
    pub categories: Vec<String>,
    /// `description`, alias `summary`; else Jekyll's `excerpt`.
    pub description: Option<String>,
    /// `tags`, plus `categories` (list or space-separated string) and `taxonomies.tags`;
    /// [`FrontMatter::resolve_taxonomies`] leaves the categories out when `categories`
    /// is a taxonomy of its own.
    pub tags: Vec<String>,
    /// `tags` and `taxonomies.tags` alone, without the categories.
    pub own_tags: Vec<String>,
    /// The tables of Zola's `[taxonomies]` other than `tags`, as (taxonomy, terms), in
    /// the order written.
    pub taxonomies: Vec<(String, Vec<String>)>,
    /// `series`: the series the post is a part of (text, or a list as Hugo writes it).
    pub series: Vec<String>,
    /// `series_order`: the post's place in its series (1 = the first part); without it
    /// the parts go by date.
    pub series_order: Option<i64>,
    /// The terms of each taxonomy the config lists, in its order (set by
    /// [`FrontMatter::resolve_taxonomies`]; empty before).
    pub terms: Vec<Vec<String>>,
    /// Taxonomies the front matter uses that the config does not list (`[taxonomies]`
    /// tables, `series`), each once, with the 1-based line of the key when known.
    pub unconfigured: Vec<(String, Option<usize>)>,
    /// `authors`, alias `author`.
    pub authors: Vec<String>,
    /// `link`: the source a link post points at.
    pub link: Option<String>,
    /// `image`: the post's sharing image (`og:image`), a URL or a path as in the body;
    /// written as a table (`{path, alt, width, height}`, `src` or `url` for `path`), it
    /// also gives the fields below.
    pub image: Option<String>,
    /// The sharing image's alt text (`image.alt`).
    pub image_alt: Option<String>,
    /// The sharing image's size in pixels (`image.width`, `image.height`), when both are
    /// given.
    pub image_size: Option<(u32, u32)>,
    /// `aliases`: old paths that redirect here.
    pub aliases: Vec<String>,
    /// `template`: the template file to render this page with.
    pub template: Option<String>,
    /// `language`, alias `lang` (Jekyll themes' and Pelican's key): the BCP 47 tag of the
    /// language the page is written in, when not the site's.
    pub language: Option<String>,
    /// `search: false` leaves the page out of the search index.
    pub search: Option<bool>,
    /// `outputs` (Hugo's word): the formats of the outputs of a section or page besides
    /// its HTML, in the order written, lower case, each once (`["json"]` for `outputs =
    /// ["html", "json"]`; `html` is always written, so it is not kept here).
    pub outputs: Vec<String>,
    /// `updates`: dated notes not shown inline.
    pub updates: Vec<UpdateEntry>,
    /// Section keys: `sort_by` (`date`, `title`, `weight`; default `date`).
    pub sort_by: Option<String>,
    /// Section keys: `paginate_by` overrides the site's.
    pub paginate_by: Option<usize>,
    /// `weight`, for sorting by weight.
    pub weight: Option<i64>,
    /// `extra`, plus every unknown key.
    pub extra: Map<String, Value>,
    /// Unknown top-level keys found (moved into `extra`), for the once-per-key warning,
    /// each with its 1-based line when found ([`FrontMatter::from_map`] gives lines in the
    /// front matter text; `content::load` moves them to lines of the file).
    pub unknown_keys: Vec<(String, Option<usize>)>,
}

/// Keys that other generators write and gloss accepts without a warning, though it
/// does not use them (their values are kept in `extra`).
const QUIET_KEYS: &[&str] = &[
    "layout",
    "comments",
    "published",
    "type",
    "toc",
    "weight",
    // Hugo: an end of publication, kept in `extra` for templates.
    "expiryDate",
];

/// The keys gloss reads, its own names first, then the other names it reads them
/// from: the candidates of "did you mean" for an unknown key (a test checks each is
/// read, not taken for unknown).
pub const KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "draft",
    "slug",
    "path",
    "permalink",
    "description",
    "tags",
    "categories",
    "series",
    "series_order",
    "authors",
    "link",
    "image",
    "aliases",
    "template",
    "language",
    "search",
    "outputs",
    "updates",
    "weight",
    "toc",
    "extra",
    "sort_by",
    "paginate_by",
    "summary",
    "author",
    "category",
    "taxonomies",
    "url",
    "lang",
    "lastmod",
    "last_modified_at",
    "publishDate",
    "redirect_from",
    "excerpt",
    "eleventyExcludeFromCollections",
];

/// Keys that give a post's date when nothing else does (`date`, Hugo's `publishDate`,
/// a file name's date): some blog exports write only these. Using one is a warning.
const FALLBACK_DATES: &[&str] = &["published_at", "created_at"];

impl FrontMatter {
    /// Resolves a parsed map. `locate(key)` gives the 1-based (line, column) of a key in the
    /// file, so that type errors point at the key. Dates without an offset are in `tz`.
    pub fn from_map(
        map: Map<String, Value>,
        tz: &TimeZone,
        locate: &dyn Fn(&str) -> Option<(usize, usize)>,
    ) -> (FrontMatter, Vec<Diagnostic>) {
        let mut reader = Reader {
            fm: FrontMatter::default(),
            problems: Vec::new(),
            recovered: Vec::new(),
            fallback_dates: Vec::new(),
            warnings: Vec::new(),
            excerpt: None,
            tz,
            locate,
        };
        for (key, value) in map {
            reader.key(key, value);
        }
        reader.finish()
    }
}

impl FrontMatter {
    /// Sorts the terms into the taxonomies gloss.toml lists (`names`, in its order) as
    /// [`FrontMatter::terms`]: `tags` the tags (with Jekyll's `categories` and Zola's
    /// `[taxonomies] categories`, unless `categories` is listed: then those are its
    /// terms and the tags keep their own), `series` the `series`, and any other name its
    /// `[taxonomies]` table or Hugo's top-level list of that name (which is then no
    /// unknown key). A `[taxonomies]` table, a `series` or `tags` for a taxonomy not
    /// listed goes to [`FrontMatter::unconfigured`], with its key's line from `line_of`.
    pub fn resolve_taxonomies(
        &mut self,
        names: &[String],
        line_of: &dyn Fn(&str) -> Option<usize>,
    ) {
        let listed = |name: &str| names.iter().any(|n| n == name);
        let table = |fm: &FrontMatter, name: &str| -> Vec<String> {
            fm.taxonomies
                .iter()
                .filter(|(t, _)| t == name)
                .flat_map(|(_, terms)| terms.iter().cloned())
                .collect()
        };
        if listed("categories") {
            self.tags.clone_from(&self.own_tags);
        }
        let mut terms = Vec::with_capacity(names.len());
        for name in names {
            let mut these = Vec::new();
            match name.as_str() {
                "tags" => these.clone_from(&self.tags),
                "categories" => {
                    push_unique(&mut these, self.categories.clone());
                    push_unique(&mut these, table(self, name));
                }
                "series" => {
                    push_unique(&mut these, self.series.clone());
                    push_unique(&mut these, table(self, name));
                }
                _ => {
                    push_unique(&mut these, table(self, name));
                    if let Some(top) = self.extra.get(name.as_str()) {
                        let top = match top {
                            Value::String(s) => Some(vec![s.trim().to_string()]),
                            other => list(other),
                        };
                        if let Some(top) = top {
                            push_unique(&mut these, top);
                            self.unknown_keys.retain(|(k, _)| k != name);
                        }
                    }
                }
            }
            terms.push(these);
        }
        self.terms = terms;
        let mut unconfigured: Vec<(String, Option<usize>)> = Vec::new();
        let used = self
            .taxonomies
            .iter()
            .filter(|(t, terms)| t != "categories" && !terms.is_empty())
            .map(|(t, _)| (t.as_str(), "taxonomies"))
            .chain((!self.series.is_empty()).then_some(("series", "series")))
            .chain((!self.own_tags.is_empty()).then_some(("tags", "tags")));
        for (name, key) in used {
            if !listed(name) && !unconfigured.iter().any(|(n, _)| n == name) {
                // A table's entry is `name = […]` under `[taxonomies]` in TOML, indented
                // under `taxonomies:` in YAML (found at the table's key).
                let line = line_of(name).or_else(|| line_of(key));
                unconfigured.push((name.to_string(), line));
            }
        }
        self.unconfigured = unconfigured;
    }
}

/// Reads the keys of one front matter into a [`FrontMatter`], one at a time, collecting
/// what is wrong with them.
struct Reader<'a> {
    fm: FrontMatter,
    /// Errors, in the order the keys come.
    problems: Vec<Diagnostic>,
    /// Values gloss could read only in part (a malformed time): (key, message, help),
    /// reported as warnings after the errors.
    recovered: Vec<(String, String, &'static str)>,
    /// Dates read from `publishDate`, `published_at` or `created_at`, with their key,
    /// used when there is no `date`.
    fallback_dates: Vec<(String, Zoned)>,
    /// Warnings about values read in another shape than gloss's, after the errors.
    warnings: Vec<Diagnostic>,
    /// Jekyll's `excerpt`, the description when there is no `description` or `summary`.
    excerpt: Option<String>,
    tz: &'a TimeZone,
    locate: &'a dyn Fn(&str) -> Option<(usize, usize)>,
}

impl Reader<'_> {
    /// Reads one key: into its field, or into `extra` (with a warning for keys no
    /// generator is known to write).
    fn key(&mut self, key: String, value: Value) {
        match key.as_str() {
            "title" => {
                if let Some(t) = self.text(&key, &value, "text", "write title: \"My post\"") {
                    self.fm.title = Some(fold_lines(&t));
                }
            }
            "date" | "updated" | "lastmod" | "last_modified_at" | "publishDate" => {
                self.date(&key, value);
            }
            k if FALLBACK_DATES.contains(&k) => {
                self.date(&key, value.clone());
                self.fm.extra.insert(key, value);
            }
            "eleventyExcludeFromCollections" => {
                self.fm.unlisted = matches!(&value, Value::Bool(true))
                    || matches!(&value, Value::String(s) if s == "true");
                self.fm.extra.insert(key, value);
            }
            "draft" => match value {
                Value::Bool(b) => self.fm.draft = b,
                Value::String(ref s) if s == "true" || s == "false" => {
                    self.fm.draft = s == "true";
                }
                _ => self.error(
                    &key,
                    format!("`draft` must be true or false, not {}", kind(&value)),
                    "write draft: true",
                ),
            },
            "search" => match value {
                Value::Bool(b) => self.fm.search = Some(b),
                Value::String(ref s) if s == "true" || s == "false" => {
                    self.fm.search = Some(s == "true");
                }
                _ => self.error(
                    &key,
                    format!("`search` must be true or false, not {}", kind(&value)),
                    "write search: false to leave the page out of the search index",
                ),
            },
            "published" => {
                if value == Value::Bool(false) {
                    self.fm.draft = true;
                }
                self.fm.extra.insert(key, value);
            }
            "slug" => {
                if let Some(s) = self.text(&key, &value, "text", "write slug: my-post") {
                    self.fm.slug = Some(s);
                }
            }
            "path" | "url" => {
                if let Some(p) = self.text(&key, &value, "text", "write path: 2023/08/24/my-post") {
                    self.fm.path = Some(p);
                }
            }
            // Eleventy's and Jekyll's `permalink`: a literal path is the page's path; a
            // Jekyll pattern (`/:year/:title/`) is expanded for the page; an Eleventy
            // template (`{{ page.fileSlug }}`) or `false` means nothing to gloss, so the
            // page keeps its own path. The value stays in `extra` either way.
            "permalink" => {
                if let Some(p) = value.as_str() {
                    if let Some(literal) = literal_permalink(p) {
                        if self.fm.path.is_none() {
                            self.fm.path = Some(literal);
                        }
                    } else if is_token_pattern(p) {
                        self.fm.permalink = Some(p.trim().to_string());
                    }
                }
                self.fm.extra.insert(key, value);
            }
            // Jekyll's `excerpt`: the summary lists show, when there is no description.
            "excerpt" => {
                if let Some(s) = text(&value).or_else(|| joined(&value)) {
                    self.excerpt = Some(fold_lines(&s));
                }
                self.fm.extra.insert(key, value);
            }
            "description" | "summary" => {
                if !value.is_null()
                    && let Some(s) =
                        self.text(&key, &value, "text", "write description: \"One sentence.\"")
                {
                    self.fm.description = Some(fold_lines(&s));
                }
            }
            "tags" | "categories" | "category" => {
                if let Some(items) =
                    self.list(&key, &value, "a list or text", "write tags: [one, two]")
                {
                    if key == "tags" {
                        push_unique(&mut self.fm.own_tags, items.clone());
                    } else {
                        push_unique(&mut self.fm.categories, items.clone());
                    }
                    push_unique(&mut self.fm.tags, items);
                }
            }
            "taxonomies" => {
                if let Value::Object(tables) = &value {
                    for (name, terms) in tables {
                        let Some(terms) = list(terms) else { continue };
                        if name == "tags" {
                            push_unique(&mut self.fm.own_tags, terms.clone());
                        } else {
                            let mut unique = Vec::new();
                            push_unique(&mut unique, terms.clone());
                            self.fm.taxonomies.push((name.clone(), unique));
                        }
                        if name == "tags" || name == "categories" {
                            push_unique(&mut self.fm.tags, terms);
                        }
                    }
                }
                self.fm.extra.insert(key, value);
            }
            // Hugo writes `series: [Name]`, others `series: Name`; both stay in `extra` for
            // templates written for them.
            "series" => {
                if let Some(names) = self.list_or_text(&key, &value, "write series: \"My series\"")
                {
                    push_unique(&mut self.fm.series, names);
                }
                self.fm.extra.insert(key, value);
            }
            "series_order" => match value.as_i64() {
                Some(n) => self.fm.series_order = Some(n),
                None => self.error(
                    &key,
                    format!(
                        "`series_order` must be a whole number, not {}",
                        kind(&value)
                    ),
                    "write series_order: 2 for the second part",
                ),
            },
            "authors" | "author" => self.authors(&key, &value),
            // Other generators also write `image` as a table ({path, alt}): kept in
            // `extra` for their templates, without a warning.
            "image" => match text(&value) {
                Some(s) if !s.trim().is_empty() => self.fm.image = Some(s.trim().to_string()),
                _ => {
                    if let Value::Object(table) = &value {
                        let field = |k: &str| {
                            table
                                .get(k)
                                .and_then(text)
                                .map(|s| s.trim().to_string())
                                .filter(|s| !s.is_empty())
                        };
                        let pixels = |k: &str| field(k).and_then(|s| s.parse::<u32>().ok());
                        if let Some(src) = ["path", "src", "url"].into_iter().find_map(field) {
                            self.fm.image = Some(src);
                            self.fm.image_alt = field("alt");
                            self.fm.image_size = pixels("width").zip(pixels("height"));
                        }
                    }
                    self.fm.extra.insert(key, value);
                }
            },
            "link" => {
                let help = "write link: https://example.org/article";
                if let Some(l) = self.text(&key, &value, "a URL", help) {
                    self.fm.link = Some(l);
                }
            }
            "aliases" | "redirect_from" => {
                if let Some(items) = self.list(
                    &key,
                    &value,
                    "a list of paths",
                    "write aliases: [/old/path/]",
                ) {
                    push_unique(&mut self.fm.aliases, items);
                }
            }
            "language" | "lang" => {
                let help = "write language: de (a language tag)";
                if let Some(t) = self.text(&key, &value, "a language tag", help) {
                    self.fm.language = Some(t.trim().to_string());
                }
            }
            "template" => {
                let help = "write template: page.html";
                if let Some(t) = self.text(&key, &value, "a file name", help) {
                    self.fm.template = Some(t);
                }
            }
            "outputs" => {
                let help = "write outputs: [html, json]";
                if let Some(items) = self.list(&key, &value, "a list of format names", help) {
                    for item in items {
                        let format = item.trim().to_ascii_lowercase();
                        if format == "html" {
                            continue;
                        }
                        if format.is_empty() || !format.chars().all(|c| c.is_ascii_alphanumeric()) {
                            self.error(
                                &key,
                                format!("the output format {item:?} is not a file extension"),
                                "write each format as the extension of its file, such as json or xml",
                            );
                            continue;
                        }
                        if !self.fm.outputs.contains(&format) {
                            self.fm.outputs.push(format);
                        }
                    }
                }
            }
            "updates" => self.updates(&key, value),
            "sort_by" => self.fm.sort_by = text(&value),
            "paginate_by" => match value.as_u64() {
                Some(n) => self.fm.paginate_by = Some(n as usize),
                None => self.error(
                    &key,
                    format!("`paginate_by` must be a whole number, not {}", kind(&value)),
                    "write paginate_by: 10",
                ),
            },
            "weight" => {
                self.fm.weight = value.as_i64();
                self.fm.extra.insert(key, value);
            }
            "extra" => {
                if let Value::Object(m) = value {
                    self.fm.extra.extend(m);
                }
            }
            _ => {
                if !QUIET_KEYS.contains(&key.as_str()) {
                    let line = (self.locate)(&key).map(|(line, _)| line);
                    self.fm.unknown_keys.push((key.clone(), line));
                }
                self.fm.extra.insert(key, value);
            }
        }
    }

    /// `date`, `updated` or `lastmod`: a date, or for `updated` a list of dates (the
    /// latest is the date the post was last updated). Null is no date.
    fn date(&mut self, key: &str, value: Value) {
        if value.is_null() {
            return;
        }
        let value = match (key, value) {
            ("updated" | "lastmod" | "last_modified_at", Value::Array(items))
                if !items.is_empty() =>
            {
                latest_date(&items, self.tz).unwrap_or(Value::Array(items))
            }
            (_, value) => value,
        };
        let Some(s) = text(&value) else {
            self.error(
                key,
                format!("`{key}` must be a date, not {}", kind(&value)),
                "write YYYY-MM-DD or an RFC 3339 date-time",
            );
            return;
        };
        match date::parse_recovering(&s, self.tz) {
            Ok((z, why)) => {
                if let Some(why) = why {
                    self.recovered.push((
                        key.to_string(),
                        format!("`{key}` is only partly readable: {why}"),
                        DATE_HELP,
                    ));
                }
                match key {
                    "date" => self.fm.date = Some(z),
                    "updated" | "lastmod" | "last_modified_at" => self.fm.updated = Some(z),
                    _ => self.fallback_dates.push((key.to_string(), z)),
                }
            }
            Err(why) => self.error(key, format!("invalid `{key}`: {why}"), DATE_HELP),
        }
    }

    /// `authors` or `author`: a name, a list of names, or a table with a `name`.
    fn authors(&mut self, key: &str, value: &Value) {
        match list(value) {
            Some(items) => push_unique(&mut self.fm.authors, items),
            None => match value.get("name").and_then(text) {
                Some(name) => push_unique(&mut self.fm.authors, vec![name]),
                None => self.error(
                    key,
                    format!(
                        "`{key}` must be a name or a list of names, not {}",
                        kind(value)
                    ),
                    "write authors: [Jane Doe]",
                ),
            },
        }
    }

    /// `updates`: a list of dated notes; each bad one is an error of its own.
    fn updates(&mut self, key: &str, value: Value) {
        match value {
            Value::Array(items) => {
                for item in items {
                    match update_entry(&item, self.tz) {
                        Ok((u, why)) => {
                            if let Some(why) = why {
                                self.recovered.push((
                                    key.to_string(),
                                    format!("a date in `updates` is only partly readable: {why}"),
                                    DATE_HELP,
                                ));
                            }
                            self.fm.updates.push(u);
                        }
                        Err(why) => self.error(key, why, UPDATES_HELP),
                    }
                }
            }
            Value::Null => {}
            _ => self.error(
                key,
                format!("`updates` must be a list, not {}", kind(&value)),
                UPDATES_HELP,
            ),
        }
    }

    /// The value as text, or an error "`key` must be WHAT, not …" and `None`. A list of
    /// texts (`description: [One sentence.]`, as WordPress exports write) is its items
    /// joined with spaces, with a warning.
    fn text(&mut self, key: &str, value: &Value, what: &str, help: &str) -> Option<String> {
        if let Some(s) = joined(value) {
            let mut d = Diagnostic::warning(
                "",
                format!("`{key}` is a list; its items were joined into one text"),
            )
            .with_help(help.to_string());
            if let Some((l, c)) = (self.locate)(key) {
                d = d.at(l, c);
            }
            self.warnings.push(d);
            return Some(s);
        }
        let s = text(value);
        if s.is_none() {
            self.error(
                key,
                format!("`{key}` must be {what}, not {}", kind(value)),
                help,
            );
        }
        s
    }

    /// The value as a list of texts, or an error "`key` must be WHAT, not …" and `None`.
    fn list(&mut self, key: &str, value: &Value, what: &str, help: &str) -> Option<Vec<String>> {
        let items = list(value);
        if items.is_none() {
            self.error(
                key,
                format!("`{key}` must be {what}, not {}", kind(value)),
                help,
            );
        }
        items
    }

    /// The value as a list of names: a list's items, or one text as one name (a series
    /// name holds spaces); otherwise an error "`key` must be a name or a list of names".
    fn list_or_text(&mut self, key: &str, value: &Value, help: &str) -> Option<Vec<String>> {
        let items = match value {
            Value::Array(_) | Value::Null => list(value),
            _ => text(value).map(|s| vec![s.trim().to_string()]),
        };
        let items = items.map(|i| i.into_iter().filter(|s| !s.is_empty()).collect());
        if items.is_none() {
            self.error(
                key,
                format!(
                    "`{key}` must be a name or a list of names, not {}",
                    kind(value)
                ),
                help,
            );
        }
        items
    }

    /// Records an error at `key`.
    fn error(&mut self, key: &str, message: String, help: &str) {
        let mut d = Diagnostic::error("", message).with_help(help.to_string());
        if let Some((l, c)) = (self.locate)(key) {
            d = d.at(l, c);
        }
        self.problems.push(d);
    }

    /// The front matter, and its errors followed by its warnings.
    fn finish(mut self) -> (FrontMatter, Vec<Diagnostic>) {
        if self.fm.description.is_none() {
            self.fm.description = self.excerpt.take();
        }
        self.fm.publish_date = self
            .fallback_dates
            .iter()
            .find(|(k, _)| k == "publishDate")
            .map(|(_, d)| d.clone());
        if self.fm.date.is_none() {
            // Hugo's `publishDate` first, then the exports' keys in the order above.
            let fallback = std::mem::take(&mut self.fallback_dates);
            let best = fallback
                .iter()
                .position(|(k, _)| k == "publishDate")
                .or_else(|| {
                    FALLBACK_DATES
                        .iter()
                        .find_map(|want| fallback.iter().position(|(k, _)| k == want))
                });
            if let Some(i) = best {
                let (key, date) = fallback[i].clone();
                if key != "publishDate" {
                    let mut d = Diagnostic::warning(
                        "",
                        format!("`{key}` gives this post's date, as it has no `date`"),
                    )
                    .with_help("write date: YYYY-MM-DD to say so, and this warning goes");
                    if let Some((l, c)) = (self.locate)(&key) {
                        d = d.at(l, c);
                    }
                    self.warnings.push(d);
                }
                self.fm.date = Some(date);
            }
        }
        self.problems.append(&mut self.warnings);
        for (key, msg, help) in std::mem::take(&mut self.recovered) {
            let mut d = Diagnostic::warning("", msg).with_help(help);
            if let Some((l, c)) = (self.locate)(&key) {
                d = d.at(l, c);
            }
            self.problems.push(d);
        }
        (self.fm, self.problems)
    }
}

/// A `permalink` value usable as a path: no template syntax or `:placeholder`;
/// a trailing `index.html` is dropped (`/notes/a/index.html` → `/notes/a/`).
fn literal_permalink(p: &str) -> Option<String> {
    let p = p.trim();
    let pattern = p.contains("{{") || p.contains("{%") || has_token(p);
    if p.is_empty() || pattern {
        return None;
    }
    Some(p.strip_suffix("index.html").unwrap_or(p).to_string())
}

/// A `permalink` that is a Jekyll pattern: `:token`s and no template syntax.
fn is_token_pattern(p: &str) -> bool {
    !p.contains("{{") && !p.contains("{%") && has_token(p)
}

/// Whether `p` holds a `:token` (a `:` before a letter or `_`, as Jekyll reads them).
fn has_token(p: &str) -> bool {
    p.match_indices(':').any(|(i, _)| {
        p[i + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
    })
}

const DATE_HELP: &str = "write YYYY-MM-DD, YYYY-MM-DD HH:MM, or an RFC 3339 date-time such as 2026-11-28T14:05:00-06:00";

const UPDATES_HELP: &str = "write updates: [{date: 2026-11-28, note: \"What changed\"}]";

/// One `updates` entry: `{date, note, minor}`, or Eleventy blogs' `{at, changes}`.
/// Returns the entry and, when its date could be read only in part, why.
/// The latest of a list of dates, as text; `None` when an item is not a readable date
/// (the caller then reports the list as a wrong type).
fn latest_date(items: &[Value], tz: &TimeZone) -> Option<Value> {
    let mut latest: Option<(jiff::Timestamp, String)> = None;
    for item in items {
        let s = text(item)?;
        let z = date::parse(&s, tz).ok()?;
        if latest.as_ref().is_none_or(|(t, _)| z.timestamp() > *t) {
            latest = Some((z.timestamp(), s));
        }
    }
    latest.map(|(_, s)| Value::String(s))
}

fn update_entry(item: &Value, tz: &TimeZone) -> Result<(UpdateEntry, Option<String>), String> {
    let field = |names: &[&str]| names.iter().find_map(|n| item.get(*n).and_then(text));
    let date = field(&["date", "at"]).ok_or("each entry of `updates` needs a `date` (or `at`)")?;
    let (date, why) = date::parse_recovering(&date, tz)
        .map_err(|why| format!("invalid date in `updates`: {why}"))?;
    let note = field(&["note", "changes"])
        .map(|n| n.trim().to_string())
        .unwrap_or_default();
    let minor = item.get("minor").and_then(Value::as_bool).unwrap_or(false);
    Ok((UpdateEntry { date, note, minor }, why))
}

/// A list of texts as one text, its items joined with spaces; `None` for anything else
/// (an empty list, a list holding maps or lists).
fn joined(v: &Value) -> Option<String> {
    let Value::Array(items) = v else { return None };
    let texts: Option<Vec<String>> = items.iter().map(text).collect();
    let texts = texts?;
    if texts.is_empty() {
        return None;
    }
    Some(fold_lines(&texts.join(" ")))
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn list(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Array(a) => Some(
            a.iter()
                .filter_map(text)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        ),
        Value::String(s) => Some(s.split_whitespace().map(str::to_string).collect()),
        Value::Null => Some(Vec::new()),
        _ => None,
    }
}

/// Adds the terms not there yet. A term is compared by its slug, after Unicode NFC and
/// with runs of whitespace as one space, so `Rust`, `rust` and ` Rust ` are one term
/// (shown as first written), not two links to one tag page.
fn push_unique(into: &mut Vec<String>, items: Vec<String>) {
    for item in items {
        let item = super::slug::nfc(&fold_lines(&item)).into_owned();
        let slug = super::slug::term_slug(&item);
        if !into.iter().any(|t| super::slug::term_slug(t) == slug) {
            into.push(item);
        }
    }
}

fn fold_lines(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

/// Finds the 1-based (line, column) of top-level `key` in front matter `text`
/// (`key:` for YAML, `key =` for TOML), for pointing diagnostics at it.
pub fn locate_key(text: &str, key: &str) -> Option<(usize, usize)> {
    for (i, line) in text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix(key) {
            let rest = rest.trim_start();
            if rest.starts_with(':') || rest.starts_with('=') {
                return Some((i + 1, 1));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn may_hold_forbidden_finds_every_forbidden_character_wherever_it_is() {
        let exact = |s: &str| s.chars().any(is_forbidden_char);
        for len in 0..20 {
            for at in 0..len {
                for c in [
                    '\u{0}', '\u{7}', '\u{1F}', '\u{FFFE}', '\u{FFFF}', '\u{FFFD}', '\u{FE0E}',
                    '\u{F000}',
                ] {
                    let mut s: String = "ab\tc\nd\re é’↩x".chars().cycle().take(len).collect();
                    let byte = s.char_indices().nth(at).map_or(s.len(), |(i, _)| i);
                    s.insert(byte, c);
                    assert_eq!(may_hold_forbidden(&s), exact(&s), "{s:?}");
                }
            }
        }
        assert!(may_hold_forbidden("a\u{FFFF}"));
        assert!(!may_hold_forbidden("<a>↩\u{FE0E}</a>\n"));
    }

    fn fm(format: Format, text: &str) -> (FrontMatter, Vec<Diagnostic>) {
        let map = parse_map(format, text).unwrap();
        FrontMatter::from_map(map, &TimeZone::UTC, &|k| locate_key(text, k))
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn an_impossible_toml_date_gets_help_about_dates_not_quotes() {
        let err = parse_map(Format::Toml, "title = \"A\"\ndate = 2026-13-01\n").unwrap_err();
        assert!(
            err.message.contains("month between 01 and 12"),
            "{}",
            err.message
        );
        let help = err.help.as_deref().unwrap_or_default();
        assert!(help.contains("real date"), "{help}");
        let err = parse_map(Format::Toml, "title = My post\n").unwrap_err();
        assert!(err.help.as_deref().unwrap_or_default().contains("quotes"));
    }

    #[test]
    fn categories_are_tags_unless_they_are_a_taxonomy_of_their_own() {
        let text = "tags: [rust]\ncategories: [Notes, rust]\n";
        let (mut f, _) = fm(Format::Yaml, text);
        f.resolve_taxonomies(&names(&["tags"]), &|_| None);
        assert_eq!(f.terms, vec![names(&["rust", "Notes"])]);
        let (mut f, _) = fm(Format::Yaml, text);
        f.resolve_taxonomies(&names(&["tags", "categories"]), &|_| None);
        assert_eq!(f.terms, vec![names(&["rust"]), names(&["Notes", "rust"])]);
        assert_eq!(f.tags, names(&["rust"]));
        assert!(f.unconfigured.is_empty());
    }

    #[test]
    fn series_zola_tables_and_hugo_lists_resolve_by_the_config() {
        let (mut f, p) = fm(
            Format::Toml,
            "series = \"Building a boat\"\nseries_order = 2\ngenres = [\"Jazz\"]\n[taxonomies]\ntags = [\"a\"]\nmoods = [\"calm\"]\n",
        );
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(f.series_order, Some(2));
        f.resolve_taxonomies(&names(&["tags", "series", "genres"]), &|k| {
            (k == "taxonomies").then_some(4)
        });
        assert_eq!(
            f.terms,
            vec![names(&["a"]), names(&["Building a boat"]), names(&["Jazz"])]
        );
        // `genres` is a taxonomy here, not an unknown key; `moods` is not configured.
        assert!(f.unknown_keys.iter().all(|(k, _)| k != "genres"));
        assert_eq!(f.unconfigured, vec![("moods".to_string(), Some(4))]);
        let (_, p) = fm(Format::Yaml, "series_order: second\nseries: {a: b}\n");
        let messages: Vec<_> = p.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`series_order` must be a whole number, not text",
                "`series` must be a name or a list of names, not a map"
            ]
        );
    }

    #[test]
    fn pelican_headers_are_read_and_prose_is_not() {
        let (map, body, line) = pelican_header(
            "Title: A\nDate: 2019-03-04\nTags: a, b c\nCategory: Notes\nStatus: draft\nSummary: One\n  more line.\n\nBody.\n",
        )
        .unwrap();
        assert_eq!((body, line), ("Body.\n", 9));
        assert_eq!(map["title"], "A");
        assert_eq!(map["tags"], serde_json::json!(["a", "b c"]));
        assert_eq!(map["categories"], serde_json::json!(["Notes"]));
        assert_eq!(map["draft"], true);
        assert_eq!(map["summary"], "One more line.");
        let (front, problems) = FrontMatter::from_map(map, &TimeZone::UTC, &|_| None);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(front.tags, ["a", "b c", "Notes"]);
        assert!(front.draft);
        for prose in [
            "Note: this is prose.\n\nMore.\n",
            "Title: A\nsome prose without a colon\n",
            "# Title: A\n",
            "",
        ] {
            assert!(pelican_header(prose).is_none(), "{prose:?}");
        }
        assert_eq!(
            locate_pelican_key("Title: A\nCategory: B\n\nx: y\n", "categories"),
            Some((2, 1))
        );
    }

    #[test]
    fn text_fields_given_as_lists_are_joined_with_a_warning() {
        let (f, problems) = fm(
            Format::Yaml,
            "title: [Part one, part two]\ndescription:\n  - One.\n",
        );
        assert_eq!(f.title.as_deref(), Some("Part one part two"));
        assert_eq!(f.description.as_deref(), Some("One."));
        let found: Vec<_> = problems
            .iter()
            .map(|d| (d.severity, d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    crate::diagnostic::Severity::Warning,
                    Some(1),
                    "`title` is a list; its items were joined into one text"
                ),
                (
                    crate::diagnostic::Severity::Warning,
                    Some(2),
                    "`description` is a list; its items were joined into one text"
                ),
            ]
        );
        // A list of maps is still a wrong type.
        let (_, problems) = fm(Format::Yaml, "title:\n  - a: b\n");
        assert_eq!(problems[0].severity, crate::diagnostic::Severity::Error);
    }

    #[test]
    fn other_engines_dates_and_keys() {
        let (f, problems) = fm(
            Format::Yaml,
            "publishDate: 2019-02-03\ncreated_at: 2018-01-01\nlast_modified_at: 2020-05-06\nseries: [a]\nexpiryDate: 2030-01-01\neleventyExcludeFromCollections: true\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(f.date.unwrap().date().to_string(), "2019-02-03");
        assert_eq!(f.updated.unwrap().date().to_string(), "2020-05-06");
        assert!(f.unknown_keys.is_empty());
        assert_eq!(f.extra["series"], serde_json::json!(["a"]));
        assert_eq!(f.extra["expiryDate"], "2030-01-01");
        assert!(
            f.unlisted,
            "eleventyExcludeFromCollections: true leaves it out of lists"
        );
        let (f, problems) = fm(Format::Yaml, "date: 2019-02-03\npublished_at: 2017-01-01\n");
        assert_eq!(f.date.unwrap().date().to_string(), "2019-02-03");
        assert!(problems.is_empty(), "{problems:?}");
        let (f, problems) = fm(Format::Yaml, "created_at: 2017-01-01\n");
        assert_eq!(f.date.unwrap().date().to_string(), "2017-01-01");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.starts_with("`created_at` gives"));
    }

    #[test]
    fn split_yaml_and_toml() {
        let s = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(
            (s.format, s.front, s.body, s.body_line),
            (Some(Format::Yaml), "title: A\n", "Body\n", 4)
        );
        let s = split("+++\ntitle = \"A\"\n+++\n\nBody").unwrap();
        assert_eq!(
            (s.format, s.body, s.body_line),
            (Some(Format::Toml), "\nBody", 4)
        );
        let s = split("No front matter").unwrap();
        assert_eq!(s.format, None);
    }

    #[test]
    fn unterminated_is_an_error() {
        let e = split("---\ntitle: A\nBody\n").unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn yaml_tab_on_blank_line_is_accepted() {
        let (f, p) = fm(Format::Yaml, "title: A\n\t\ntags: [x]\n");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(f.tags, vec!["x"]);
    }

    #[test]
    fn a_tab_used_for_yaml_indentation_says_so() {
        let e = parse_map(Format::Yaml, "title: A\ntags:\n\t- a\n").unwrap_err();
        assert_eq!(
            e.help.as_deref(),
            Some("replace the tabs at the start of this line with spaces"),
            "{e:?}"
        );
    }

    #[test]
    fn aliases_are_read() {
        let (f, p) = fm(
            Format::Yaml,
            "title: A\nlastmod: 2020-01-02\nsummary: S\ncategories: a b\nauthor: Jane\nredirect_from: [/old/]\n",
        );
        assert!(p.is_empty());
        assert_eq!(f.updated.unwrap().date().to_string(), "2020-01-02");
        assert_eq!(f.description.as_deref(), Some("S"));
        assert_eq!(f.tags, vec!["a", "b"]);
        assert_eq!(f.authors, vec!["Jane"]);
        assert_eq!(f.aliases, vec!["/old/"]);
    }

    #[test]
    fn zola_taxonomies_and_toml_datetimes() {
        let (f, p) = fm(
            Format::Toml,
            "title = \"A\"\ndate = 2020-01-02T03:04:05Z\n[taxonomies]\ntags = [\"rust\"]\n",
        );
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(f.tags, vec!["rust"]);
        assert_eq!(
            f.date.unwrap().timestamp().to_string(),
            "2020-01-02T03:04:05Z"
        );
    }

    #[test]
    fn wrong_types_are_located() {
        let (_, p) = fm(Format::Yaml, "title: {a: b}\ntags: 3\n");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].line, Some(1));
        assert_eq!(p[1].line, Some(2));
    }

    #[test]
    fn invalid_yaml_is_located() {
        let e = parse_map(Format::Yaml, "title: A\ntags: [a, b\n").unwrap_err();
        assert!(e.line.is_some());
    }

    /// (line, column, message, help) of the YAML error in `text`.
    fn yaml_failure(text: &str) -> (usize, usize, String, String) {
        let e = parse_map(Format::Yaml, text).unwrap_err();
        (
            e.line.unwrap_or(0),
            e.column.unwrap_or(0),
            e.message,
            e.help.unwrap_or_default(),
        )
    }

    #[test]
    fn an_unclosed_flow_list_or_map_is_located_at_its_bracket() {
        let list = "invalid YAML front matter: the list opened with `[` here is not closed: `]` is missing";
        // Before the next key, at the end of the front matter, nested, indented.
        for (text, line, column) in [
            ("title: A\ntags: [a, b\ndate: 2026-01-01\n", 2, 7),
            ("title: A\ntags: [a, b\n", 2, 7),
            ("title: A\ntags: [a, [b, c]\nx: 1\n", 2, 7),
            ("extra:\n  tags: [a, b\n  x: 1\n", 2, 9),
        ] {
            let (l, c, message, help) = yaml_failure(text);
            assert_eq!((l, c, message.as_str()), (line, column, list), "{text:?}");
            assert!(help.contains("end the list with `]`"), "{help}");
        }
        let (l, c, message, _) = yaml_failure("title: A\nauthor: {name: Ada\n");
        assert_eq!((l, c), (2, 9));
        assert!(message.contains("the map opened with `{` here is not closed: `}` is missing"));
        // A list over indented lines is YAML; an error inside it is another one.
        assert!(parse_map(Format::Yaml, "tags: [a,\n  b]\ntitle: A\n").is_ok());
        let (.., message, _) = yaml_failure("tags: [a,\n  b: c: d]\n");
        assert!(!message.contains("not closed"), "{message}");
    }

    #[test]
    fn an_unclosed_quote_says_so_at_the_quote() {
        for (text, line, column, quote) in [
            ("title: \"abc\n", 1, 8, '"'),
            ("date: 2026-01-01\ntitle: 'it''s\n", 2, 8, '\''),
            ("title: A\ntags: [a, \"b]\n", 2, 11, '"'),
        ] {
            let (l, c, message, help) = yaml_failure(text);
            assert_eq!(
                (l, c, message),
                (
                    line,
                    column,
                    format!(
                        "invalid YAML front matter: the quote {quote} opened here is not closed"
                    )
                ),
                "{text:?}"
            );
            assert!(
                help.starts_with(&format!("end the value with {quote}")),
                "{help}"
            );
        }
        let (l, c, message, _) = yaml_failure("title: \"abc\ndate: 2026-01-01\n");
        assert_eq!(
            (l, c, message.as_str()),
            (
                1,
                8,
                "invalid YAML front matter: the quote \" opened here is not closed on its line"
            )
        );
        // Closed on a later line at the margin: it may be closed, but not on its line.
        let (l, c, message, _) = yaml_failure("title: \"a\nb\"\n");
        assert_eq!((l, c), (1, 8));
        assert!(
            message.ends_with("opened here is not closed on its line"),
            "{message}"
        );
        // Over indented lines it is YAML.
        assert!(parse_map(Format::Yaml, "title: \"a\n b\"\n").is_ok());
    }

    #[test]
    fn duplicate_yaml_keys_are_errors() {
        assert!(parse_map(Format::Yaml, "title: A\ntitle: B\n").is_err());
    }

    #[test]
    fn duplicate_keys_are_named_and_located() {
        let e = parse_map(Format::Yaml, "title: A\ndate: 2024-01-01\ntitle: B\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(3), Some(1)));
        assert!(
            e.message.contains("the key `title` is given twice"),
            "{}",
            e.message
        );
        let e = parse_map(Format::Yaml, "extra:\n  a: 1\n  a: 2\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(3), Some(3)));
        let e = parse_map(Format::Toml, "title = \"A\"\ntitle = \"B\"\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(
            e.message.contains("the key `title` is given twice"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_tab_after_a_colon_reads_as_a_space() {
        let (f, p) = fm(
            Format::Yaml,
            "title:\tTabbed\ndate:\t2024-01-01\ntags:\t[a]\n",
        );
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(f.title.as_deref(), Some("Tabbed"));
        assert_eq!(f.tags, vec!["a"]);
        // Inside a value, a tab is text.
        let (f, _) = fm(Format::Yaml, "link: \"a:\tb\"\n");
        assert_eq!(f.link.as_deref(), Some("a:\tb"));
        // A tab that indents is an error, located.
        let e = parse_map(Format::Yaml, "tags:\n\t- a\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(2)));
        assert!(
            e.message.contains("a tab indents this line"),
            "{}",
            e.message
        );
    }

    #[test]
    fn deep_nesting_is_refused_before_anything_recurses() {
        // 10,000 levels: the YAML loader, the conversion and the drop all recurse per level.
        let mut deep = String::from("x:\n");
        for i in 1..10_000 {
            deep.push_str(&" ".repeat(i));
            deep.push_str("a:\n");
        }
        let e = parse_map(Format::Yaml, &deep).unwrap_err();
        assert!(e.message.contains("more than 32 levels"), "{}", e.message);
        let flow = format!("x: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse_map(Format::Yaml, &flow).is_err());
        let toml = format!("x = {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse_map(Format::Toml, &toml).is_err());
        // 32 levels are fine.
        let ok = format!("x: {}1{}\n", "[".repeat(31), "]".repeat(31));
        assert!(parse_map(Format::Yaml, &ok).is_ok());
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let e = parse_map(Format::Yaml, &text).unwrap_err();
        assert!(
            e.message.contains("more than 100000 values"),
            "{}",
            e.message
        );
        // A few aliases are fine.
        let (f, p) = fm(Format::Yaml, "tags: &t [a, b]\ncategories: *t\n");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(f.tags, vec!["a", "b"]);
    }

    #[test]
    fn control_characters_in_values_are_replaced() {
        let (f, _) = fm(Format::Yaml, "title: \"Bell \\a here\"\n");
        assert_eq!(f.title.as_deref(), Some("Bell \u{FFFD} here"));
        let (f, _) = fm(Format::Toml, "title = \"Bell \\u0007 here\"\n");
        assert_eq!(f.title.as_deref(), Some("Bell \u{FFFD} here"));
    }

    #[test]
    fn every_key_offered_as_did_you_mean_is_read() {
        for key in KEYS {
            let (f, _) = fm(Format::Yaml, &format!("{key}: x\n"));
            assert!(f.unknown_keys.is_empty(), "{key} is taken for unknown");
        }
    }

    #[test]
    fn unknown_keys_go_to_extra() {
        let (f, _) = fm(Format::Yaml, "title: A\nmood: happy\n");
        assert_eq!(f.unknown_keys, vec![("mood".to_string(), Some(2))]);
        assert_eq!(f.extra["mood"], "happy");
    }

    #[test]
    fn eleventy_updates_with_at_and_changes_are_read() {
        // Regression: Eleventy blogs write `updates: [{at, changes}]`; every such post
        // failed with "each entry of `updates` needs a `date`".
        let (f, p) = fm(
            Format::Yaml,
            "updates:\n  - at: 2021-12-31T21:05:00-0700\n    changes: >\n      Fixed a *typo*.\n  - date: 2022-01-01\n    note: Added a table.\n    minor: true\n",
        );
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(f.updates.len(), 2);
        assert_eq!(
            f.updates[0].date.timestamp().to_string(),
            "2022-01-01T04:05:00Z"
        );
        assert_eq!(f.updates[0].note, "Fixed a *typo*.");
        assert!(!f.updates[0].minor);
        assert_eq!(f.updates[1].note, "Added a table.");
        assert!(f.updates[1].minor);
    }

    #[test]
    fn update_without_any_date_is_an_error() {
        let (_, p) = fm(Format::Yaml, "title: A\nupdates:\n  - note: What?\n");
        assert_eq!(p.len(), 1);
        assert!(p[0].is_error());
        assert_eq!(p[0].line, Some(2));
    }

    #[test]
    fn malformed_date_time_is_a_warning_not_a_failed_build() {
        // Regression: `date: 2024-05-10T1925:00-0600` in a real post failed the build.
        let (f, p) = fm(Format::Yaml, "title: A\ndate: 2024-05-10T1925:00-0600\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(!p[0].is_error());
        assert_eq!(p[0].line, Some(2));
        assert!(p[0].message.contains("1925:00"), "{}", p[0].message);
        assert_eq!(f.date.unwrap().date().to_string(), "2024-05-10");
        // A value that is not a date at all is still an error.
        let (f, p) = fm(Format::Yaml, "date: next tuesday\n");
        assert!(f.date.is_none());
        assert!(p[0].is_error());
    }

    #[test]
    fn literal_permalinks_are_paths_and_patterns_are_not() {
        let (f, p) = fm(Format::Yaml, "permalink: /notes/robin/index.html\n");
        assert!(p.is_empty());
        assert_eq!(f.path.as_deref(), Some("/notes/robin/"));
        for pattern in [
            "permalink: \"/notes/{{page.fileSlug | slug}}/index.html\"\n",
            "permalink: /:year/:title/\n",
            "permalink: false\n",
        ] {
            let (f, p) = fm(Format::Yaml, pattern);
            assert!(p.is_empty(), "{p:?}");
            assert_eq!(f.path, None, "{pattern}");
            assert!(f.extra.contains_key("permalink"));
        }
        let (f, _) = fm(Format::Yaml, "permalink: /:year/:title/\n");
        assert_eq!(f.permalink.as_deref(), Some("/:year/:title/"));
        let (f, _) = fm(Format::Yaml, "url: /about-me/\n");
        assert_eq!(f.path.as_deref(), Some("/about-me/"));
    }

    #[test]
    fn updated_given_as_a_list_takes_the_latest_date() {
        let (f, p) = fm(
            Format::Yaml,
            "title: A\nupdated: [2024-03-04, 2024-05-06, 2024-01-02]\n",
        );
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(
            f.updated.map(|u| u.date().to_string()),
            Some("2024-05-06".to_string())
        );
        let (_, p) = fm(Format::Yaml, "title: A\nupdated: [2024-03-04, soon]\n");
        assert_eq!(p.len(), 1, "{p:?}");
    }

    #[test]
    fn multi_line_titles_are_folded() {
        let (f, _) = fm(Format::Yaml, "title: >\n  One\n  two\n");
        assert_eq!(f.title.as_deref(), Some("One two"));
    }
}

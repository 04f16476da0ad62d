//! Pass 0: shortcodes, expanded before the other passes read the body.
//!
//! A shortcode is a call written in the body that a template or gloss itself answers
//! with HTML or Markdown (docs/shortcodes.md): the site's and the theme's
//! `templates/shortcodes/NAME.html` (or `.md`), and the built-ins of `builtin`. The
//! call forms are Zola's, Hugo's and Jekyll's (`parse`).
//!
//! **Why before the Markdown is read, not over the parsed events.** Shortcodes are
//! written where Markdown syntax would not let an event stand: `[a]({{< ref "b.md" >}})`
//! and `[a]({% post_url 2010-07-21-b %})` put a call with spaces in a link destination,
//! which CommonMark does not parse as a link at all; a body of a block call can hold
//! blank lines, so its events are split over paragraphs that may start before the call
//! and end after it; and a `.md` shortcode (and `highlight`, `tweet`, `mastodon`) gives
//! Markdown that must be parsed with the text around it. So, as Hugo, Jekyll and Zola
//! do, calls are expanded in the source and the result is parsed. Unlike them, the calls
//! are found with the parse of the body as written in hand, so nothing inside a code span
//! or code block is ever taken for a call:
//!
//! 1. `expand` finds the tags outside code (`scan`), reads each (`parse`), pairs
//!    openers with closers, and answers each call of a known shortcode: Markdown and URLs
//!    go into the source in place of the call; HTML is put aside and a placeholder goes in
//!    (an HTML comment alone on its line where the call stands alone on its line, so the
//!    HTML is a block and is not wrapped in `<p>`; private-use characters inline).
//! 2. `events` parses the rewritten source, puts each HTML answer in place of its
//!    placeholder (a raw HTML event, as if the author had written it), and gives every
//!    event the byte range of the source *as written*, so every later pass reports lines
//!    and columns in the author's file.
//! 3. `run` (the pass after `links`) puts the source's text in place of what Markdown
//!    read inside the tags gloss does not know: Hugo's `{{<youtube id>}}` looks like an
//!    HTML tag to a CommonMark parser and a browser would swallow it, and smart
//!    punctuation would curl the quotes of `{{< name "arg" >}}`. Those tags are warned
//!    about with their position and shown exactly as the author wrote them. An escaped
//!    call (`{{</* name */>}}`) goes into the source with its punctuation
//!    backslash-escaped, so it is parsed as the text it shows.
//!
//! A body without `{` costs one search for it; a body whose tags are all unknown is
//! parsed once, as before. Templates are not run here: the site hands in a
//! [`Shortcodes`] (in [`super::Options::shortcodes`]) that runs them.

pub(crate) mod builtin;
pub(crate) mod parse;
pub(crate) mod scan;

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Parser, Tag as MdTag};

use super::{Options, Spanned};
use crate::diagnostic::{Diagnostic, LineIndex};
pub use parse::{Arg, Args};
use parse::{Form, Tag};
use scan::Kind;

/// What a shortcode template gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// HTML (`NAME.html`), put in the page as it is.
    Html,
    /// Markdown (`NAME.md`), read with the text around it.
    Markdown,
}

/// One call of a shortcode, as its template sees it: each named argument by its name,
/// `positional` (the Hugo and Jekyll forms' unnamed arguments, a list), `body` (the text
/// between the opening and closing tags, when the call has one) and `nth` (1 for the
/// page's first call of this shortcode, 2 for the second…).
#[derive(Debug)]
pub struct Call<'a> {
    /// The shortcode's name.
    pub name: &'a str,
    /// Its arguments.
    pub args: &'a Args,
    /// The body, as written.
    pub body: Option<&'a str>,
    /// 1-based count of this shortcode's calls in the body, this one included.
    pub nth: usize,
}

impl serde::Serialize for Call<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in &self.args.named {
            if !matches!(key.as_str(), "body" | "nth" | "positional") {
                map.serialize_entry(key, value)?;
            }
        }
        map.serialize_entry("positional", &self.args.positional)?;
        if let Some(body) = self.body {
            map.serialize_entry("body", body)?;
        }
        map.serialize_entry("nth", &self.nth)?;
        map.end()
    }
}

/// What the site gives the Markdown stage to answer shortcodes: its templates (run by
/// the `render` stage) and its pages' URLs (for `ref`, `relref`, `post_url`, `link`, and
/// `@/` links).
pub trait Shortcodes: std::fmt::Debug + Send + Sync {
    /// The kind of output of the template `templates/shortcodes/NAME.html` or `.md`, if
    /// the site or its theme has one.
    fn template(&self, name: &str) -> Option<Output>;

    /// Runs the template for `call`.
    ///
    /// Errors: what went wrong, naming the template file and line.
    fn render(&self, call: &Call) -> Result<String, String>;

    /// The URL path (`/posts/b/`) of the page whose source is `key`: a path under
    /// `content/` without its extension (`posts/2010-07-21-b`, `posts/trip` for
    /// `posts/trip/index.md`), or a file name without its extension
    /// (`2010-07-21-b`).
    fn page_url(&self, key: &str) -> Option<String>;

    /// The URL path (`/posts/b/`) of the page or section whose file is exactly `path`
    /// under `content/` (`posts/b.md`, `posts/trip/index.md`, `posts/_index.md`), for
    /// internal links (`@/posts/b.md`, see `crate::markdown::internal`).
    fn content_url(&self, path: &str) -> Option<String>;
}

/// Opens an inline placeholder (and, after `<!--`, a block one); reserved in the source.
pub(crate) const START: char = '\u{E005}';
/// Closes an inline placeholder; reserved in the source.
pub(crate) const END: char = '\u{E006}';

/// The body with its shortcodes expanded.
#[derive(Debug)]
pub(crate) struct Expanded {
    /// The rewritten source.
    text: String,
    /// Each replacement: its range in `text`, and the range of the call in the source.
    spans: Vec<(Range<usize>, Range<usize>)>,
    /// The HTML answers, by placeholder number.
    html: Vec<String>,
}

impl Expanded {
    /// The range in the source of `range` in the rewritten text: text left as it was
    /// maps to itself, shifted; an answer maps to its call.
    fn range(&self, range: Range<usize>) -> Range<usize> {
        let start = {
            let i = self.spans.partition_point(|(n, _)| n.end <= range.start);
            match self.spans.get(i) {
                Some((n, o)) if n.start <= range.start => o.start,
                _ => self.shifted(range.start),
            }
        };
        let end = {
            let i = self.spans.partition_point(|(n, _)| n.end < range.end);
            match self.spans.get(i) {
                Some((n, o)) if n.start < range.end => o.end,
                _ => self.shifted(range.end),
            }
        };
        start..end.max(start)
    }

    /// `offset`, outside any answer, moved by the replacements before it.
    fn shifted(&self, offset: usize) -> usize {
        let i = self.spans.partition_point(|(n, _)| n.end <= offset);
        match i.checked_sub(1).and_then(|i| self.spans.get(i)) {
            Some((n, o)) => o.end + (offset - n.end),
            None => offset,
        }
    }
}

/// What [`expand`] found.
#[derive(Debug, Default)]
pub(crate) struct Found {
    /// The rewritten body, when a shortcode was expanded.
    pub(crate) expanded: Option<Expanded>,
    /// Source ranges of the tags left as written (unknown or failed calls), to show
    /// exactly as written (see [`run`]).
    pub(crate) as_text: Vec<Range<usize>>,
    /// Unknown tags (warnings), and calls that failed (errors).
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// A call found in the body, with the source range it covers (body and closer too).
struct Planned<'s> {
    range: Range<usize>,
    name: &'s str,
    form: Form,
    args: &'s str,
    body: Option<Range<usize>>,
    /// The indices of the tags inside its body.
    inner: Range<usize>,
}

/// What [`Tags::plan`] finds among some of the tags.
enum Item<'s> {
    /// A call of a known shortcode.
    Call(Planned<'s>),
    /// An escaped tag: its range, and the text shown in its place.
    Shown(Range<usize>, String),
}

/// How a known shortcode is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Template(Output),
    Builtin,
}

fn answer(shortcodes: &dyn Shortcodes, name: &str) -> Option<Answer> {
    let name = builtin::canonical(name);
    match shortcodes.template(name) {
        Some(out) => Some(Answer::Template(out)),
        None => builtin::is_builtin(name).then_some(Answer::Builtin),
    }
}

/// The body's tags, read, with what expanding them needs.
struct Tags<'s, 'o> {
    src: &'s str,
    found: Vec<(Range<usize>, Kind)>,
    read: Vec<Tag<'s>>,
    lines: LineIndex<'s>,
    options: &'o Options,
    /// Calls of each shortcode so far, for `nth`.
    nth: HashMap<&'s str, usize>,
}

/// Finds the shortcodes of `src` outside code (`events` are its parse) and expands the
/// known ones (see the module docs).
pub(crate) fn expand(src: &str, events: &[Spanned], options: &Options) -> Found {
    let mut found = Found::default();
    if !src.contains('{') {
        return found;
    }
    let code: Vec<Range<usize>> = events
        .iter()
        .filter(|(e, _)| matches!(e, Event::Start(MdTag::CodeBlock(_)) | Event::Code(_)))
        .map(|(_, r)| r.clone())
        .collect();
    let tags = scan::find(src, &code);
    if tags.is_empty() {
        return found;
    }
    let read: Vec<Tag> = tags
        .iter()
        .map(|(r, k)| parse::tag(&src[r.clone()], *k))
        .collect();
    let mut all = Tags {
        src,
        read,
        lines: LineIndex::new(src),
        options,
        nth: HashMap::new(),
        found: tags,
    };
    let items = all.plan(0..all.found.len(), &mut found);
    let mut html: Vec<String> = Vec::new();
    let mut replacements: Vec<(Range<usize>, String)> = Vec::new();
    for item in items {
        let call = match item {
            Item::Shown(range, shown) => {
                let shown = if in_raw_html(events, &range) {
                    shown
                } else {
                    literal(&shown)
                };
                replacements.push((range, shown));
                continue;
            }
            Item::Call(call) => call,
        };
        let block = block_position(src, &call.range);
        match all.answer(&call, block, &mut found) {
            Some(Answered::Markdown(text)) => {
                let text = requote(&text, container(src, &call.range));
                replacements.push((call.range, text));
            }
            Some(Answered::Html(out)) => {
                let n = html.len();
                html.push(out);
                let placeholder = if block {
                    format!("<!--{START}{n}-->")
                } else {
                    format!("{START}{n}{END}")
                };
                replacements.push((call.range, placeholder));
            }
            None => {}
        }
    }
    if replacements.is_empty() {
        return found;
    }
    replacements.sort_by_key(|(r, _)| r.start);
    let mut text = String::with_capacity(src.len() + 64);
    let mut spans = Vec::with_capacity(replacements.len());
    let mut at = 0;
    for (range, with) in replacements {
        text.push_str(&src[at..range.start]);
        let start = text.len();
        text.push_str(&with);
        spans.push((start..text.len(), range.clone()));
        at = range.end;
    }
    text.push_str(&src[at..]);
    found.expanded = Some(Expanded { text, spans, html });
    found
}

impl<'s> Tags<'s, '_> {
    /// The calls and escapes among the tags `indices` (a call's body is one item with
    /// its call); unknown tags and unclosed bodies are reported in `found` and left as
    /// text.
    fn plan(&self, indices: Range<usize>, found: &mut Found) -> Vec<Item<'s>> {
        let (src, tags, read) = (self.src, &self.found, &self.read);
        let known = |name: &str| {
            self.options
                .shortcodes
                .as_deref()
                .and_then(|s| answer(s, name))
        };
        let mut items = Vec::new();
        let mut i = indices.start;
        while i < indices.end {
            let (range, kind) = (tags[i].0.clone(), tags[i].1);
            match &read[i] {
                Tag::Escaped(shown) => items.push(Item::Shown(range, shown.clone())),
                Tag::Open {
                    name,
                    form,
                    args,
                    self_closed,
                } if known(name).is_some() => {
                    let body_needed = *form == Form::ZolaBlock || builtin::needs_body(name);
                    let closer = if *self_closed || *form == Form::ZolaInline {
                        None
                    } else {
                        closer(read, i, name, *form).filter(|j| *j < indices.end)
                    };
                    match closer {
                        Some(j) => {
                            items.push(Item::Call(Planned {
                                range: range.start..tags[j].0.end,
                                name,
                                form: *form,
                                args,
                                body: Some(range.end..tags[j].0.start),
                                inner: i + 1..j,
                            }));
                            i = j + 1;
                            continue;
                        }
                        None if body_needed => {
                            let (line, column) = self.lines.line_column(range.start);
                            let close = match form {
                                Form::ZolaBlock => "{% end %}".to_string(),
                                Form::Hugo => format!("{{{{< /{name} >}}}}"),
                                _ => format!("{{% end{name} %}}"),
                            };
                            found.diagnostics.push(
                                Diagnostic::error(
                                    "",
                                    format!("shortcode `{name}` is opened here but never closed"),
                                )
                                .at(line, column)
                                .with_help(format!("close its body with `{close}`")),
                            );
                            found.as_text.push(range);
                        }
                        None => items.push(Item::Call(Planned {
                            range,
                            name,
                            form: *form,
                            args,
                            body: None,
                            inner: i + 1..i + 1,
                        })),
                    }
                }
                other => {
                    let zola = matches!(
                        other,
                        Tag::Open {
                            form: Form::ZolaInline | Form::ZolaBlock,
                            ..
                        }
                    );
                    warn_unknown(
                        src,
                        &range,
                        kind,
                        zola && self.options.shortcodes.is_some(),
                        &self.lines,
                        found,
                    );
                    found.as_text.push(range);
                }
            }
            i += 1;
        }
        items
    }

    /// Answers `call` (standing alone on its line(s) if `block`), its body's calls
    /// first; `None` when it failed, reported in `found` and left as text.
    fn answer(&mut self, call: &Planned<'s>, block: bool, found: &mut Found) -> Option<Answered> {
        let count = self.nth.entry(builtin::canonical(call.name)).or_insert(0);
        *count += 1;
        let nth = *count;
        let body = call.body.clone().map(|r| self.body(call, r, found));
        match answer_call(call, body.as_deref(), nth, block, self.options) {
            Ok(answered) => Some(answered),
            Err(Failure {
                message,
                help,
                warning,
            }) => {
                let (line, column) = self.lines.line_column(call.range.start);
                let mut d = match warning {
                    true => Diagnostic::warning("", message),
                    false => Diagnostic::error("", message),
                }
                .at(line, column);
                if let Some(help) = help {
                    d = d.with_help(help);
                }
                found.diagnostics.push(d);
                found.as_text.push(call.range.clone());
                None
            }
        }
    }

    /// The body of `call` (source range `range`) as its template gets it: the calls
    /// inside it answered (not in `raw` and `highlight`, whose bodies are taken as
    /// written), the block quote markers and list indentation of the lines it spans
    /// taken off, without the line breaks after the opening tag and before the closing
    /// one.
    fn body(&mut self, call: &Planned<'s>, range: Range<usize>, found: &mut Found) -> String {
        let verbatim = matches!(builtin::canonical(call.name), "raw" | "highlight");
        let items = match verbatim || call.inner.is_empty() {
            true => Vec::new(),
            false => self.plan(call.inner.clone(), found),
        };
        let container = container(self.src, &call.range);
        let mut text = String::with_capacity(range.len());
        let mut at = range.start;
        for item in items {
            let (inner, with) = match item {
                Item::Shown(r, shown) => (r, Some(shown)),
                Item::Call(inner) => {
                    let block = block_position(self.src, &inner.range);
                    let with = match self.answer(&inner, block, found) {
                        Some(Answered::Markdown(t) | Answered::Html(t)) => Some(t),
                        None => None,
                    };
                    (inner.range, with)
                }
            };
            unquote(&self.src[at..inner.start], container, &mut text);
            match with {
                Some(with) => text.push_str(&with),
                None => unquote(&self.src[inner.clone()], container, &mut text),
            }
            at = inner.end;
        }
        unquote(&self.src[at..range.end], container, &mut text);
        trim_body(&text).to_string()
    }
}

/// The containers the line of the call at `range` starts in: its block quote markers
/// and list item marker (`> `, `- `, `> 1. `), or empty at the start of a line. Each
/// line of the call's body that follows starts with them again (a marker for a quote,
/// as many spaces for a list item).
fn container<'s>(src: &'s str, range: &Range<usize>) -> &'s str {
    let line_start = src[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let before = &src[line_start..range.start];
    let quotes = before.len() - before.trim_start_matches([' ', '\t', '>']).len();
    let rest = &before[quotes..];
    let marker = rest.trim_end_matches([' ', '\t']);
    let list_marker = matches!(marker, "-" | "*" | "+")
        || marker
            .strip_suffix(['.', ')'])
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    match list_marker {
        true => before,
        false => &before[..quotes],
    }
}

/// Appends `text` to `out` with `container` (see [`container`]) taken off the start of
/// each line after its first: one `>` per quote marker (with the spaces before it and
/// one after it), as many spaces as a list marker is wide. A line without the markers
/// (a lazy continuation line) is kept as it is from where they stop.
fn unquote(text: &str, container: &str, out: &mut String) {
    if container.is_empty() {
        out.push_str(text);
        return;
    }
    let mut lines = text.split_inclusive('\n');
    if let Some(first) = lines.next() {
        out.push_str(first);
    }
    for line in lines {
        out.push_str(strip_container(line, container));
    }
}

/// `line` without the containers of `container`.
fn strip_container<'l>(line: &'l str, container: &str) -> &'l str {
    let mut rest = line;
    for (k, part) in container.split('>').enumerate() {
        if k > 0 {
            let spaces = rest.len() - rest.trim_start_matches(' ').len();
            match rest[spaces.min(3)..].strip_prefix('>') {
                Some(after) if spaces <= 3 => rest = after,
                _ => return rest,
            }
        }
        let width = part.chars().count();
        let spaces = rest.bytes().take(width).take_while(|b| *b == b' ').count();
        rest = &rest[spaces..];
    }
    rest
}

/// `text` (a Markdown answer) with the containers of its call (see [`container`])
/// repeated at the start of each line after its first, so that an answer of several
/// lines stays inside the block quote or list item its call is in.
fn requote(text: &str, container: &str) -> String {
    if container.is_empty() || !text.contains('\n') {
        return text.to_string();
    }
    // A list marker continues as spaces of its width; quote markers as themselves.
    let again: String = container
        .chars()
        .map(|c| if c == '>' || c == '\t' { c } else { ' ' })
        .collect();
    let mut out = String::with_capacity(text.len() + 16);
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
            out.push_str(match line.is_empty() {
                true => again.trim_end(),
                false => &again,
            });
        }
        out.push_str(line);
    }
    out
}

/// The index of the tag closing the opener at `i`, if any: `{% end %}` for Zola's
/// form, `{{< /name >}}` for Hugo's, `{% endname %}` for Jekyll's; openers of the same
/// kind in between nest.
fn closer(read: &[Tag], i: usize, name: &str, form: Form) -> Option<usize> {
    let mut depth = 0usize;
    for (j, tag) in read.iter().enumerate().skip(i + 1) {
        match tag {
            Tag::Open {
                name: n,
                form: f,
                self_closed: false,
                ..
            } if *f == form && (form == Form::ZolaBlock || *n == name) && name != "raw" => {
                depth += 1;
            }
            Tag::Close { name: n, form: f }
                if *f == form && (form == Form::ZolaBlock || *n == name) =>
            {
                if depth == 0 {
                    return Some(j);
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    None
}

/// Whether the call stands alone on its line(s): nothing but spaces, block quote
/// markers or a list item's marker before it, nothing but spaces after it.
fn block_position(src: &str, range: &Range<usize>) -> bool {
    let line_start = src[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let before = src[line_start..range.start].trim_matches([' ', '\t', '>']);
    let line_end = src[range.end..]
        .find('\n')
        .map_or(src.len(), |i| range.end + i);
    let list_marker = matches!(before, "-" | "*" | "+")
        || before
            .strip_suffix(['.', ')'])
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    (before.is_empty() || list_marker) && src[range.end..line_end].trim().is_empty()
}

/// A call's answer.
enum Answered {
    Markdown(String),
    Html(String),
}

/// Why a call was not answered: the diagnostic's message and help, and whether it is
/// only a warning (the call is then left as text, as an unknown one is).
pub(crate) struct Failure {
    pub(crate) message: String,
    pub(crate) help: Option<String>,
    pub(crate) warning: bool,
}

impl From<(String, Option<String>)> for Failure {
    fn from((message, help): (String, Option<String>)) -> Self {
        Failure {
            message,
            help,
            warning: false,
        }
    }
}

/// Runs one call.
fn answer_call(
    call: &Planned,
    body: Option<&str>,
    nth: usize,
    block: bool,
    options: &Options,
) -> Result<Answered, Failure> {
    let Some(shortcodes) = options.shortcodes.as_deref() else {
        return Err((format!("shortcode `{}` is not known", call.name), None).into());
    };
    let name = builtin::canonical(call.name);
    let mut args = parse::args(call.args, call.form).map_err(|why| {
        (
            format!(
                "cannot read the arguments of shortcode `{}`: {why}",
                call.name
            ),
            Some(builtin::usage(name)),
        )
    })?;
    builtin::bind(name, &mut args).map_err(|missing| {
        Failure::from((
            format!("shortcode `{}` needs the argument `{missing}`", call.name),
            Some(builtin::usage(name)),
        ))
    })?;
    match answer(shortcodes, name) {
        Some(Answer::Template(output)) => {
            let rendered = shortcodes
                .render(&Call {
                    name,
                    args: &args,
                    body,
                    nth,
                })
                .map_err(|why| {
                    Failure::from((
                        format!("shortcode `{}` failed: {why}", call.name),
                        Some("see docs/shortcodes.md for the variables a shortcode template receives".to_string()),
                    ))
                })?;
            Ok(match output {
                // A template file's last line break would end the paragraph around an
                // inline call.
                Output::Markdown if block => Answered::Markdown(rendered.trim_end().to_string()),
                Output::Markdown => Answered::Markdown(rendered.trim().to_string()),
                Output::Html if block => Answered::Html(format!("{}\n", rendered.trim_end())),
                Output::Html => Answered::Html(rendered.trim().to_string()),
            })
        }
        _ => builtin::answer(name, &args, body, block, shortcodes).map(Answered::Markdown),
    }
}

/// A body without the line break right after its opening tag and the one right before
/// its closing tag.
fn trim_body(body: &str) -> &str {
    let body = body
        .strip_prefix("\r\n")
        .or_else(|| body.strip_prefix('\n'))
        .unwrap_or(body);
    let body = body.trim_end_matches([' ', '\t']);
    body.strip_suffix("\r\n")
        .or_else(|| body.strip_suffix('\n'))
        .unwrap_or(body)
}

/// Warns about a tag gloss does not run.
fn warn_unknown(
    src: &str,
    range: &Range<usize>,
    kind: Kind,
    zola_call: bool,
    lines: &LineIndex,
    found: &mut Found,
) {
    let (line, column) = lines.line_column(range.start);
    let text = src[range.clone()]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let shown = scan::shorten(&text, 60);
    let (message, help) = match kind {
        _ if zola_call => (
            format!("unknown shortcode `{shown}`; it is left as text"),
            "add the template templates/shortcodes/NAME.html, or fix the name (docs/shortcodes.md lists the built-ins)",
        ),
        Kind::Hugo => (
            format!("Hugo shortcode `{shown}` is not supported; it is left as text"),
            "replace it with Markdown or HTML, or put it in backticks to show it as code",
        ),
        Kind::Tag => (
            format!(
                "template tag `{shown}` (Jekyll, Eleventy or Zola) is not supported; it is left as text"
            ),
            "replace it with Markdown or HTML, or put it in backticks to show it as code",
        ),
        Kind::Output => (
            format!(
                "template output tag `{shown}` (Jekyll, Eleventy, Hugo or Zola) is not supported; it is left as text"
            ),
            "replace it with Markdown or HTML, or put it in backticks to show it as code",
        ),
    };
    found.diagnostics.push(
        Diagnostic::warning("", message)
            .at(line, column)
            .with_help(help),
    );
}

/// Whether `range` of the source lies in raw HTML (`events` are the source's parse),
/// where Markdown escapes are not read.
fn in_raw_html(events: &[Spanned], range: &Range<usize>) -> bool {
    events.iter().any(|(e, r)| {
        matches!(
            e,
            Event::Start(MdTag::HtmlBlock) | Event::Html(_) | Event::InlineHtml(_)
        ) && r.start <= range.start
            && range.end <= r.end
    })
}

/// `shown` (an escaped call as it is shown) with its ASCII punctuation backslash-escaped,
/// so that the parse gives it as text, as written: no HTML, emphasis, entity or smart
/// punctuation. `>` is left as it is: in a call written over several lines of a block
/// quote, it is the quote's marker (and, in text, nothing else).
fn literal(shown: &str) -> String {
    let mut out = String::with_capacity(shown.len() * 2);
    for c in shown.chars() {
        if c.is_ascii_punctuation() && c != '>' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Parses the expanded body, puts each HTML answer in place of its placeholder, and
/// gives each event its range in the source as written.
pub(crate) fn events<'a>(expanded: &'a Expanded, options: &Options) -> Vec<Spanned<'a>> {
    let mut out: Vec<Spanned<'a>> = Vec::new();
    let html = |n: Option<usize>| n.and_then(|n| expanded.html.get(n));
    for (event, range) in
        Parser::new_ext(&expanded.text, super::cmark_options(options)).into_offset_iter()
    {
        let range = expanded.range(range);
        match event {
            Event::Html(h) | Event::InlineHtml(h) if block_placeholder(&h).is_some() => {
                let answer = html(block_placeholder(&h)).cloned().unwrap_or_default();
                out.push((Event::Html(CowStr::from(answer)), range));
            }
            Event::Text(t) if t.contains(START) => {
                let mut rest: &str = &t;
                while let Some(at) = rest.find(START) {
                    if at > 0 {
                        out.push((
                            Event::Text(CowStr::from(rest[..at].to_string())),
                            range.clone(),
                        ));
                    }
                    let after = &rest[at + START.len_utf8()..];
                    let end = after.find(END).unwrap_or(after.len());
                    let answer = html(after[..end].parse().ok()).cloned().unwrap_or_default();
                    out.push((Event::InlineHtml(CowStr::from(answer)), range.clone()));
                    rest = after.get(end + END.len_utf8()..).unwrap_or("");
                }
                if !rest.is_empty() {
                    out.push((Event::Text(CowStr::from(rest.to_string())), range));
                }
            }
            Event::Start(MdTag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.contains(START) => {
                let dest_url = CowStr::from(inline_text(&dest_url, &expanded.html));
                out.push((
                    Event::Start(MdTag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }),
                    range,
                ));
            }
            Event::Start(MdTag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.contains(START) => {
                let dest_url = CowStr::from(inline_text(&dest_url, &expanded.html));
                out.push((
                    Event::Start(MdTag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }),
                    range,
                ));
            }
            other => out.push((other, range)),
        }
    }
    out
}

/// The number of a block placeholder, `<!--␅N-->`.
fn block_placeholder(html: &str) -> Option<usize> {
    let rest = html
        .trim_start()
        .strip_prefix("<!--")?
        .strip_prefix(START)?;
    rest[..rest.find("-->")?].parse().ok()
}

/// `text` with each inline placeholder replaced by its answer, trimmed (a URL).
fn inline_text(text: &str, html: &[String]) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(START) {
        out.push_str(&rest[..at]);
        let after = &rest[at + START.len_utf8()..];
        let end = after.find(END).unwrap_or(after.len());
        if let Some(answer) = after[..end].parse::<usize>().ok().and_then(|n| html.get(n)) {
            out.push_str(answer.trim());
        }
        rest = after.get(end + END.len_utf8()..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Shows the tags left as text (`as_text`, source ranges of `src`) exactly as written:
/// the events inside each are replaced by the source's text, so that no smart
/// punctuation, emphasis, escape, entity or raw HTML is read inside it (Hugo's
/// `{{<youtube id>}}` looks like an HTML tag to a CommonMark parser, and a browser would
/// swallow it). Line breaks inside a tag stay breaks, so the markers of a block quote it
/// is written in are not shown. A tag that Markdown read as part of something larger (an
/// emphasis opened inside it and closed after it) keeps that; its text and raw HTML are
/// still shown as written.
pub(crate) fn run<'a>(
    events: Vec<Spanned<'a>>,
    src: &str,
    as_text: &[Range<usize>],
) -> Vec<Spanned<'a>> {
    if as_text.is_empty() {
        return events;
    }
    let mut tags: Vec<Range<usize>> = as_text
        .iter()
        .filter(|r| !r.is_empty() && r.end <= src.len())
        .cloned()
        .collect();
    tags.sort_by_key(|r| r.start);
    tags.dedup_by(|b, a| b.start < a.end); // nested or overlapping: the outer one
    let events = split_at_tags(events, src, &tags);
    let overlaps = |r: &Range<usize>, t: &Range<usize>| r.start < t.end && t.start < r.end;
    let inside = |r: &Range<usize>, t: &Range<usize>| t.start <= r.start && r.end <= t.end;
    // The tag each event lies in, if any, and whether each tag is read whole.
    let mut tag_of: Vec<Option<usize>> = vec![None; events.len()];
    let mut whole = vec![true; tags.len()];
    for (i, (_, r)) in events.iter().enumerate() {
        let from = tags.partition_point(|t| t.end <= r.start);
        for (k, t) in tags.iter().enumerate().skip(from) {
            if t.start >= r.end.max(r.start + 1) {
                break;
            }
            if inside(r, t) {
                tag_of[i] = Some(k);
            } else if overlaps(r, t) && !inside(t, r) {
                whole[k] = false;
            }
        }
    }
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    // The tag whose text was written last, and the source offset it was written to.
    let mut written: Option<(usize, usize)> = None;
    for (i, (event, range)) in events.iter().enumerate() {
        let Some(k) = tag_of[i] else {
            out.push((event.clone(), range.clone()));
            continue;
        };
        let tag = &tags[k];
        if !whole[k] {
            let e = match event {
                Event::Text(_) => Event::Text(CowStr::from(src[range.clone()].to_string())),
                Event::InlineHtml(h) | Event::Html(h) => Event::Text(h.clone()),
                e => e.clone(),
            };
            out.push((e, range.clone()));
            continue;
        }
        if matches!(event, Event::SoftBreak | Event::HardBreak) {
            out.push((event.clone(), range.clone()));
            written = Some((k, range.end));
            continue;
        }
        // The first event of the tag, or the first after a line break in it: the text
        // of the source up to the next break in the tag, or its end.
        let start = match written {
            Some((w, _)) if w == k && !after_break(&out) => continue,
            Some((w, at)) if w == k => range.start.max(at),
            _ => tag.start,
        };
        let end = events[i..]
            .iter()
            .zip(&tag_of[i..])
            .take_while(|(_, t)| **t == Some(k))
            .find(|((e, _), _)| matches!(e, Event::SoftBreak | Event::HardBreak))
            .map_or(tag.end, |((_, r), _)| r.start);
        let text = src.get(start..end).unwrap_or_default().to_string();
        out.push((Event::Text(CowStr::from(text)), start..end));
        written = Some((k, end));
    }
    out
}

/// Whether the last event written is a line break.
fn after_break(out: &[Spanned]) -> bool {
    matches!(out.last(), Some((Event::SoftBreak | Event::HardBreak, _)))
}

/// `events` with each text event that runs into or out of one of `tags` (sorted, apart)
/// cut where the tag starts and ends; only text that is its source as written (no smart
/// punctuation, escape or entity) is cut, since only its offsets are known.
fn split_at_tags<'a>(
    events: Vec<Spanned<'a>>,
    src: &str,
    tags: &[Range<usize>],
) -> Vec<Spanned<'a>> {
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len() + 2 * tags.len());
    for (event, range) in events {
        let as_written = match &event {
            Event::Text(t) => src.get(range.clone()) == Some(&**t),
            _ => false,
        };
        let from = tags.partition_point(|t| t.end <= range.start);
        let cuts: Vec<usize> = tags[from..]
            .iter()
            .take_while(|t| t.start < range.end)
            .flat_map(|t| [t.start, t.end])
            .filter(|at| range.start < *at && *at < range.end)
            .collect();
        if !as_written || cuts.is_empty() {
            out.push((event, range));
            continue;
        }
        let mut at = range.start;
        for cut in cuts.into_iter().chain([range.end]) {
            out.push((Event::Text(CowStr::from(src[at..cut].to_string())), at..cut));
            at = cut;
        }
    }
    out
}

#[cfg(test)]
mod tests {

    use std::sync::Arc;

    use super::{Call, Output, Shortcodes};
    use crate::markdown::{Options, render};

    /// Shortcodes without tera: `box` (HTML) shows its arguments and body, `em` (Markdown)
    /// emphasises `text`; one page, `posts/b`, is at `/posts/b/`.
    #[derive(Debug)]
    struct Fake;

    impl Shortcodes for Fake {
        fn template(&self, name: &str) -> Option<Output> {
            match name {
                "box" => Some(Output::Html),
                "em" => Some(Output::Markdown),
                _ => None,
            }
        }

        fn render(&self, call: &Call) -> Result<String, String> {
            match call.name {
                "box" => Ok(format!(
                    "<div class=\"box\" data-nth=\"{}\">{}</div>",
                    call.nth,
                    call.body.unwrap_or("")
                )),
                _ => Ok(format!("*{}*", call.args.text("text").ok_or("no text")?)),
            }
        }

        fn page_url(&self, key: &str) -> Option<String> {
            matches!(key, "posts/b" | "b").then(|| "/posts/b/".to_string())
        }

        fn content_url(&self, path: &str) -> Option<String> {
            (path == "posts/b.md").then(|| "/posts/b/".to_string())
        }
    }

    fn with_shortcodes() -> Options {
        Options {
            shortcodes: Some(Arc::new(Fake)),
            ..Options::default()
        }
    }

    #[test]
    fn a_call_alone_on_its_line_is_a_block_and_one_in_text_is_inline() {
        let r = render(
            "Before.\n{{ box() }}\nAfter {{ box() }} and {{ em(text=\"it\") }}.\n",
            &with_shortcodes(),
        );
        assert_eq!(
            r.page_html(),
            "<p>Before.</p>\n<div class=\"box\" data-nth=\"1\"></div>\n<p>After <div class=\"box\" data-nth=\"2\"></div> and <em>it</em>.</p>\n"
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(r.shortcodes);
    }

    #[test]
    fn a_body_spans_paragraphs_and_later_lines_stay_the_author_s() {
        let r = render(
            "{% box() %}\none\n\ntwo\n{% end %}\n\nText[^x].\n",
            &with_shortcodes(),
        );
        assert_eq!(
            r.page_html().lines().next(),
            Some("<div class=\"box\" data-nth=\"1\">one")
        );
        let lines: Vec<_> = r.diagnostics.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(lines, [(Some(7), Some(5))]);
    }

    #[test]
    fn calls_in_a_body_are_answered_before_it_and_counted_in_order() {
        let r = render(
            "{% box() %}\nA {{ em(text=\"x\") }} and {{ box() }}, {{/* box() */}}.\n{% end %}\n",
            &with_shortcodes(),
        );
        assert_eq!(
            r.page_html(),
            "<div class=\"box\" data-nth=\"1\">A *x* and <div class=\"box\" data-nth=\"2\"></div>, {{ box() }}.</div>\n"
        );
    }

    #[test]
    fn a_body_in_a_list_item_or_nested_quotes_loses_its_containers() {
        let r = render(
            "- {% box() %}\n  one\n    two\n  {% end %}\n\n> > {% box() %}\n> >one\n> > two\nlazy\n> > {% end %}\n",
            &with_shortcodes(),
        );
        let html = r.page_html();
        assert!(
            html.contains("<div class=\"box\" data-nth=\"1\">one\n  two</div>"),
            "{html}"
        );
        assert!(
            html.contains("<div class=\"box\" data-nth=\"2\">one\ntwo\nlazy</div>"),
            "{html}"
        );
    }

    #[test]
    fn a_markdown_answer_of_several_lines_stays_in_its_quote_and_list() {
        assert_eq!(super::requote("a\n\nb", "> "), "a\n>\n> b");
        assert_eq!(super::requote("a\nb", "> 1. "), "a\n>    b");
        assert_eq!(super::requote("a\nb", ""), "a\nb");
    }

    #[test]
    fn links_to_pages_in_link_destinations() {
        let r = render(
            "[a]({{< ref \"posts/b.md#top\" >}}) [b]({% post_url b %}) [c]({% link _posts/b.md %})\n",
            &with_shortcodes(),
        );
        let urls: Vec<_> = r.links.iter().map(|l| (l.url.as_str(), l.column)).collect();
        assert_eq!(
            urls,
            [("/posts/b/#top", 1), ("/posts/b/", 35), ("/posts/b/", 57)]
        );
    }

    #[test]
    fn without_shortcodes_every_call_is_text() {
        let r = render("{{< youtube abc >}}\n", &Options::default());
        assert_eq!(r.page_html(), "<p>{{&lt; youtube abc &gt;}}</p>\n");
        assert!(!r.shortcodes);
    }

    #[test]
    fn hugo_shortcode_without_space_stays_text() {
        let r = render("Watch {{<youtube abc>}} now.\n", &Options::default());
        assert_eq!(r.page_html(), "<p>Watch {{&lt;youtube abc&gt;}} now.</p>\n");
    }

    #[test]
    fn real_inline_html_is_kept() {
        let r = render("A <b>bold</b> {{< x >}} word.\n", &Options::default());
        assert!(r.page_html().contains("<b>bold</b>"), "{}", r.page_html());
    }

    /// Each diagnostic's line, column and message.
    fn positions(r: &crate::markdown::Rendered) -> Vec<(usize, usize, &str)> {
        r.diagnostics
            .iter()
            .map(|d| {
                (
                    d.line.unwrap_or(0),
                    d.column.unwrap_or(0),
                    d.message.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn shortcodes_in_text_are_reported_with_their_position() {
        let src = "Hello {{< youtube abc >}} there.\n\n\
                   {{% param eventUrl %}}\n\n\
                   {% note %}\nA note.\n{% endnote %}\n\n\
                   {{<youtube coPrhP_7lVU>}}\n";
        let r = render(src, &Options::default());
        let found = positions(&r);
        assert_eq!(
            found,
            [
                (
                    1,
                    7,
                    "Hugo shortcode `{{< youtube abc >}}` is not supported; it is left as text"
                ),
                (
                    3,
                    1,
                    "Hugo shortcode `{{% param eventUrl %}}` is not supported; it is left as text"
                ),
                (
                    5,
                    1,
                    "template tag `{% note %}` (Jekyll, Eleventy or Zola) is not supported; it is left as text"
                ),
                (
                    7,
                    1,
                    "template tag `{% endnote %}` (Jekyll, Eleventy or Zola) is not supported; it is left as text"
                ),
                (
                    9,
                    1,
                    "Hugo shortcode `{{<youtube coPrhP_7lVU>}}` is not supported; it is left as text"
                ),
            ]
        );
        // Left as written.
        assert!(
            r.page_html()
                .contains("Hello {{&lt; youtube abc &gt;}} there.")
        );
    }

    #[test]
    fn output_tags_are_reported_outside_code() {
        let src = "Posted {{ \"12 Dec 2014\" | timePosted }}.\n\n\
                   {{Figure src=\"a.png\" caption=\"A <b>map</b>\"}}\n\n\
                   `{{ page.title }}` and {{}} and { {x} }\n\n\
                   ```\n{{ in.code }}\n```\n\n    {{ indented.code }}\n";
        let r = render(src, &Options::default());
        let found = positions(&r);
        assert_eq!(
            found,
            [
                (
                    1,
                    8,
                    "template output tag `{{ \"12 Dec 2014\" | timePosted }}` (Jekyll, Eleventy, Hugo or Zola) is not supported; it is left as text"
                ),
                (
                    3,
                    1,
                    "template output tag `{{Figure src=\"a.png\" caption=\"A <b>map</b>\"}}` (Jekyll, Eleventy, Hugo or Zola) is not supported; it is left as text"
                ),
            ]
        );
        // Left as the author wrote it: the HTML inside the tag is text.
        let doc = scraper::Html::parse_fragment(&r.page_html());
        let p = scraper::Selector::parse("p").unwrap();
        let texts: Vec<String> = doc.select(&p).map(|e| e.text().collect()).collect();
        assert_eq!(texts[0], "Posted {{ \"12 Dec 2014\" | timePosted }}.");
        assert_eq!(
            texts[1],
            "{{Figure src=\"a.png\" caption=\"A <b>map</b>\"}}"
        );
    }

    /// The paragraphs' text of `src` rendered with the `Fake` shortcodes.
    fn paragraphs(src: &str) -> Vec<String> {
        let options = Options {
            shortcodes: Some(Arc::new(Fake)),
            ..Options::default()
        };
        let html = render(src, &options).page_html();
        let doc = scraper::Html::parse_fragment(&html);
        let p = scraper::Selector::parse("p").unwrap();
        doc.select(&p).map(|e| e.text().collect()).collect()
    }

    /// A tag left as text is shown as written: smart punctuation, emphasis, escapes and
    /// entities are not applied inside it (the writer copies it or searches for it), and
    /// are applied around it. The same with a call expanded in the same body, whose
    /// answer moves the text after it.
    #[test]
    fn tags_left_as_text_are_shown_exactly_as_written() {
        let tags = [
            r#"{{< unknownthing "arg" 'b' >}}"#,
            r#"{{% param "a -- b --- c..." %}}"#,
            r#"{{< quote "_draft_" "*x*" `c` \"e\" &amp; >}}"#,
            r#"{% thing "a" 'b' %}"#,
            r#"{{ nowhere(a="b", c='d') }}"#,
            r#"{{ "12 Dec 2014" | timePosted }}"#,
        ];
        for tag in tags {
            let src = format!("\"Before\" {tag} \"after\".\n");
            assert_eq!(
                paragraphs(&src),
                [format!("“Before” {tag} “after”.")],
                "{tag}"
            );
            let src = format!("{{{{ em(text=\"a\") }}}} \"Before\" {tag} \"after\".\n");
            assert_eq!(
                paragraphs(&src),
                [format!("a “Before” {tag} “after”.")],
                "{tag}"
            );
        }
    }

    /// A tag over two lines of a block quote keeps its line break, not the quote's
    /// marker; one that Markdown read as part of a larger emphasis keeps the emphasis
    /// and still shows its quotes as written.
    #[test]
    fn tags_left_as_text_over_lines_and_across_emphasis() {
        assert_eq!(
            paragraphs("> \"a\" {{< thing\n> \"b\" >}} \"c\"\n"),
            ["“a” {{< thing\n\"b\" >}} “c”"]
        );
        let options = Options {
            shortcodes: Some(Arc::new(Fake)),
            ..Options::default()
        };
        let html = render("A {{< thing \"a\" *b >}} c* d.\n", &options).page_html();
        assert_eq!(
            html, "<p>A {{&lt; thing \"a\" <em>b &gt;}} c</em> d.</p>\n",
            "{html}"
        );
    }

    /// An escaped call is shown as the call, with straight quotes too.
    #[test]
    fn an_escaped_call_is_shown_with_straight_quotes() {
        let src = "Write {{</* youtube \"x\" */>}} or {{/* box(a='b') */}}: \"yes\".\n";
        assert_eq!(
            paragraphs(src),
            ["Write {{< youtube \"x\" >}} or {{ box(a='b') }}: “yes”."]
        );
    }

    #[test]
    fn shortcodes_over_several_lines_and_in_link_targets() {
        let src = "{{% figure\n  src=\"a.gif\"\n%}}\n\n[x]: <{{% param url %}}?q>\n";
        let r = render(src, &Options::default());
        let lines: Vec<_> = r.diagnostics.iter().map(|d| d.line).collect();
        assert_eq!(lines, [Some(1), Some(5)]);
        assert!(
            r.diagnostics[0]
                .message
                .contains("`{{% figure src=\"a.gif\" %}}`")
        );
    }

    #[test]
    fn shortcodes_inside_code_are_not_reported() {
        let src = "Use `{{< x >}}` or `{% y %}`.\n\n```yaml\nrun: ${{ a }} {% b %}\n```\n\n    {{< c >}}\n\n\
                   ~~~\n{{% d %}}\n~~~\n";
        let r = render(src, &Options::default());
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    }

    #[test]
    fn braces_that_are_not_shortcodes_are_quiet() {
        let src = "A set {a, b}, a map {{a}} and 50{%} of it.\n\n{% never closed\n\nand %}\n";
        let r = render(src, &Options::default());
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    }
}

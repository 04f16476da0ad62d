//! Pass 4: footnotes (DESIGN §4, "Footnotes").
//!
//! Takes the event stream and returns it with
//!
//! - definitions (`[^label]: …`, wherever written: top level, in quotes, lists) taken out;
//! - references numbered by first reference: `<sup class="footnote-ref"
//!   id="fnref-N[-K]"><a href="#fn-N" role="doc-noteref">N</a></sup>`, the first one
//!   followed by the note as a sidenote (`<span class="sidenote" hidden>`, phrasing
//!   content, see [`sidenote`]) wrapped in [`SIDENOTE_START`] … [`SIDENOTE_END`];
//! - the end list appended: `<section class="footnotes" role="doc-endnotes">` with one
//!   back-reference `↩` per reference (`↩ a`, `↩ b` when referenced more than once).
//!
//! Sidenotes carry `hidden`: a page read without CSS (reader modes, text browsers) shows
//! the end list only, rather than each note twice with the first breaking its sentence;
//! the default theme unhides them beside the text on wide screens, where it hides the end
//! list. Pages and feeds showing several posts drop sidenotes (see [`super::resolve_marks`])
//! and with them the `footnotes-in-margin` class, so the end list shows there. No sidenote
//! is made where a `span` cannot go (headings, links, table cells); such notes keep their
//! entry in the end list on every screen.
//!
//! An undefined reference stays as written; it and unused definitions are warnings.
//! Unused definitions and second definitions of a label are dropped, and with them every
//! heading inside them; a page whose notes are all unused gets no end list. [`Plan`] tells
//! the heading pass, which runs first, what this pass will drop and which ids it will
//! write, so that headings keep clear of both.

pub(crate) mod sidenote;

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::plain::{self, raw, raw_inline};
use super::{
    Footnote, ID_MARK, Rendered, SIDENOTE_END, SIDENOTE_START, Spanned, URL_END, URL_START,
};
use crate::diagnostic::Diagnostic;

/// One definition as written.
struct Definition<'a> {
    label: String,
    /// Its content, without any definition written inside it.
    events: Vec<Spanned<'a>>,
    /// The keys of the references in `events`, in order.
    refs: Vec<String>,
    line: usize,
}

/// The key labels are matched by: case and inner whitespace do not matter (as in GFM).
fn key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Numbers footnotes by first reference and writes references, sidenotes and the end list.
/// With `options.search` on, sidenotes are marked for Pagefind to skip
/// (`data-pagefind-ignore`): they repeat the notes of the end list, which is indexed.
pub(crate) fn run<'a>(
    events: Vec<Spanned<'a>>,
    src: &str,
    options: &super::Options,
    out: &mut Rendered,
) -> Vec<Spanned<'a>> {
    let (language, search) = (options.language.as_ref(), options.search);
    let (events, definitions) = take_definitions(events, src, out);
    warn_undefined(&events, src, out);
    if definitions.is_empty() {
        return events;
    }

    let (numbers, order) = number(
        events.iter().filter_map(|(e, _)| match e {
            Event::FootnoteReference(label) => Some(key(label)),
            _ => None,
        }),
        |k| definitions.get(k).map(|d| d.refs.as_slice()),
    );
    let number_of = |label: &str| numbers.get(&key(label)).copied();

    for (k, d) in &definitions {
        if !numbers.contains_key(k) {
            out.diagnostics.push(
                Diagnostic::warning(
                    "",
                    format!("footnote [^{}] is defined but never referenced", d.label),
                )
                .at(d.line, 1)
                .with_help(format!(
                    "reference it with [^{}] in the text, or remove the definition",
                    d.label
                )),
            );
        }
    }
    // No note is used: the definitions are gone, and no end list is written for none.
    if order.is_empty() {
        return events;
    }

    // References and sidenotes.
    let mut counts: Vec<usize> = vec![0; order.len()];
    let mut cited_at: Vec<Vec<usize>> = vec![Vec::new(); order.len()];
    let mut with_sidenote: Vec<bool> = vec![false; order.len()];
    let mut no_span_here = 0usize;
    let mut result: Vec<Spanned<'a>> = Vec::with_capacity(events.len() + 4 * order.len() + 8);
    for (event, range) in events {
        match &event {
            Event::Start(
                Tag::Heading { .. } | Tag::Link { .. } | Tag::Image { .. } | Tag::TableCell,
            ) => no_span_here += 1,
            Event::End(TagEnd::Heading(_) | TagEnd::Link | TagEnd::Image | TagEnd::TableCell) => {
                no_span_here = no_span_here.saturating_sub(1);
            }
            _ => {}
        }
        let Event::FootnoteReference(label) = &event else {
            result.push((event, range));
            continue;
        };
        let Some(n) = number_of(label) else {
            result.push((Event::Text(CowStr::from(format!("[^{label}]"))), range));
            continue;
        };
        counts[n - 1] += 1;
        cited_at[n - 1].push(range.start);
        let k = counts[n - 1];
        let id = ref_id(n, k);
        result.push((
            raw_inline(format!(
                "<sup class=\"footnote-ref\" id=\"{ID_MARK}{id}\"><a href=\"{URL_START}#{ID_MARK}fn-{n}{URL_END}\" role=\"doc-noteref\">{n}</a></sup>"
            )),
            range.clone(),
        ));
        if k == 1 && no_span_here == 0 {
            with_sidenote[n - 1] = true;
            let note = &definitions[&order[n - 1]].events;
            result.push((
                raw_inline(format!(
                    "{SIDENOTE_START}<span class=\"sidenote\" hidden{}><span class=\"sidenote-number\">{n}</span> {}</span>{SIDENOTE_END}",
                    if search { " data-pagefind-ignore" } else { "" },
                    sidenote::html(note, &number_of, &options.base_path, &out.figures)
                )),
                range,
            ));
        }
    }

    // The end list.
    let all_in_margin = with_sidenote.iter().all(|s| *s);
    let at = src.len()..src.len();
    result.push((
        raw(format!(
            "<section class=\"footnotes{}\" role=\"doc-endnotes\" aria-label=\"{title}\">\n<h2 class=\"footnotes-title\">{title}</h2>\n<ol>\n",
            if all_in_margin {
                format!("{SIDENOTE_START} footnotes-in-margin{SIDENOTE_END}")
            } else {
                String::new()
            },
            title = crate::html::escape(language.text("footnotes"))
        )),
        at.clone(),
    ));
    for (i, k) in order.iter().enumerate() {
        let n = i + 1;
        let d = &definitions[k];
        let note = note_events(&d.events, &number_of);
        let class = if with_sidenote[i] {
            format!(" class=\"{SIDENOTE_START}has-sidenote{SIDENOTE_END}\"")
        } else {
            String::new()
        };
        result.push((
            raw(format!(
                "<li id=\"{ID_MARK}fn-{n}\" value=\"{n}\"{class}>\n"
            )),
            at.clone(),
        ));
        let backrefs = backrefs(n, counts[i], language);
        match note.split_last() {
            Some(((Event::End(TagEnd::Paragraph), r), body)) => {
                result.extend(body.iter().cloned());
                result.push((raw_inline(format!(" {backrefs}")), r.clone()));
                result.push((Event::End(TagEnd::Paragraph), r.clone()));
            }
            _ => {
                result.extend(note.iter().cloned());
                result.push((
                    raw(format!("<p class=\"footnote-backrefs\">{backrefs}</p>\n")),
                    at.clone(),
                ));
            }
        }
        result.push((raw("</li>\n"), at.clone()));
        let marked = plain::html(&note, &options.base_path);
        out.footnotes.push(Footnote {
            number: n,
            label: d.label.clone(),
            id: format!("fn-{n}"),
            references: counts[i],
            html: plain::on_page(&marked),
            marked_html: marked,
            line: d.line,
            cited_at: std::mem::take(&mut cited_at[i]),
            cites: d.refs.iter().filter_map(|r| number_of(r)).collect(),
        });
    }
    result.push((raw("</ol>\n</section>\n"), at));
    result
}

/// Numbers the notes: by first reference in the text (`text_refs`, the keys of the
/// references outside definitions, in order), then by the references inside the notes so
/// numbered. `refs_in` gives the keys referenced inside the note kept for a key, `None`
/// when the key has no definition (such references are not notes). Returns each used
/// key's number and the keys in number order; keys never reached are unused.
fn number<'r>(
    text_refs: impl Iterator<Item = String>,
    refs_in: impl Fn(&str) -> Option<&'r [String]>,
) -> (BTreeMap<String, usize>, Vec<String>) {
    fn assign(k: &str, numbers: &mut BTreeMap<String, usize>, order: &mut Vec<String>) {
        if !numbers.contains_key(k) {
            order.push(k.to_string());
            numbers.insert(k.to_string(), order.len());
        }
    }
    let mut numbers: BTreeMap<String, usize> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for k in text_refs.filter(|k| refs_in(k).is_some()) {
        assign(&k, &mut numbers, &mut order);
    }
    let mut n = 0;
    while n < order.len() {
        let inside = refs_in(&order[n]).unwrap_or_default();
        for k in inside.iter().filter(|k| refs_in(k).is_some()) {
            assign(k, &mut numbers, &mut order);
        }
        n += 1;
    }
    (numbers, order)
}

/// What [`run`] will do to a stream, worked out without changing it: which definitions it
/// drops (unused ones, and every definition of a label after the first) and which ids it
/// writes (`fn-N`, `fnref-N`, `fnref-N-K`).
///
/// The heading pass runs before this one and asks it, so that a heading never takes an id
/// this pass writes, and a heading inside a dropped definition is not counted as a target
/// for `#fragment` links (it will not be on the page).
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Index ranges in the stream of the events the pass drops with their definitions,
    /// in stream order, without overlaps (a definition inside a dropped one may be kept).
    dropped: Vec<Range<usize>>,
    /// References in the text to each note, by number (index 0 is note 1).
    references: Vec<usize>,
}

/// A definition met in [`Plan::new`]'s walk.
struct Planned {
    key: String,
    /// Whether it is the first definition of its label (the one kept if used).
    first: bool,
    /// The keys of the references directly inside it.
    refs: Vec<String>,
    /// Where its own events lie (its start and end included, nested definitions not).
    segments: Vec<Range<usize>>,
    /// Where its current segment started.
    from: usize,
}

impl Plan {
    /// Plans the pass over `events`, the stream as it will reach it.
    pub(crate) fn new(events: &[Spanned]) -> Plan {
        if !events
            .iter()
            .any(|(e, _)| matches!(e, Event::Start(Tag::FootnoteDefinition(_))))
        {
            return Plan::default();
        }
        // The same walk as `take_definitions`.
        let mut seen: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        let mut open: Vec<Planned> = Vec::new();
        let mut done: Vec<Planned> = Vec::new();
        let mut text_refs = Vec::new();
        for (i, (event, _)) in events.iter().enumerate() {
            match event {
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    if let Some(outer) = open.last_mut() {
                        outer.segments.push(outer.from..i);
                    }
                    let k = key(label);
                    open.push(Planned {
                        first: seen.insert(k.clone()),
                        key: k,
                        refs: Vec::new(),
                        segments: Vec::new(),
                        from: i,
                    });
                }
                Event::End(TagEnd::FootnoteDefinition) if !open.is_empty() => {
                    if let Some(mut d) = open.pop() {
                        d.segments.push(d.from..i + 1);
                        done.push(d);
                    }
                    if let Some(outer) = open.last_mut() {
                        outer.from = i + 1;
                    }
                }
                Event::FootnoteReference(label) => match open.last_mut() {
                    Some(d) => d.refs.push(key(label)),
                    None => text_refs.push(key(label)),
                },
                _ => {}
            }
        }
        while let Some(mut d) = open.pop() {
            d.segments.push(d.from..events.len());
            done.push(d);
        }
        let kept: BTreeMap<&str, &[String]> = done
            .iter()
            .filter(|d| d.first)
            .map(|d| (d.key.as_str(), d.refs.as_slice()))
            .collect();
        let (numbers, order) = number(text_refs.iter().cloned(), |k| kept.get(k).copied());
        let mut references = vec![0; order.len()];
        for k in &text_refs {
            if let Some(n) = numbers.get(k) {
                references[n - 1] += 1;
            }
        }
        let mut dropped: Vec<Range<usize>> = done
            .iter()
            .filter(|d| !d.first || !numbers.contains_key(&d.key))
            .flat_map(|d| d.segments.iter().filter(|r| !r.is_empty()).cloned())
            .collect();
        dropped.sort_by_key(|r| r.start);
        Plan {
            dropped,
            references,
        }
    }

    /// Whether the event at `index` of the stream is inside a definition the pass drops.
    pub(crate) fn drops(&self, index: usize) -> bool {
        let after = self.dropped.partition_point(|r| r.start <= index);
        after > 0 && self.dropped[after - 1].contains(&index)
    }

    /// What the pass writes with the id `id`, for a message (`footnote 2`, `reference b
    /// to footnote 2`), or `None` when it writes no element with that id.
    pub(crate) fn writes(&self, id: &str) -> Option<String> {
        // Only the ids as written: `fn-01` is not `fn-1`.
        let number = |s: &str| s.parse::<usize>().ok().filter(|n| n.to_string() == s);
        let count = |n: usize| n.checked_sub(1).and_then(|i| self.references.get(i));
        if let Some(n) = id.strip_prefix("fn-").and_then(number) {
            return count(n).map(|_| format!("footnote {n}"));
        }
        let rest = id.strip_prefix("fnref-")?;
        let (n, k) = match rest.split_once('-') {
            Some((n, k)) => (number(n)?, number(k).filter(|k| *k >= 2)?),
            None => (number(rest)?, 1),
        };
        let references = *count(n)?;
        if k > references {
            return None;
        }
        Some(if references == 1 {
            format!("the reference to footnote {n}")
        } else {
            format!("reference {} to footnote {n}", letter(k))
        })
    }
}

/// `fnref-N` for a note's first reference, `fnref-N-K` for the K-th.
fn ref_id(n: usize, k: usize) -> String {
    if k == 1 {
        format!("fnref-{n}")
    } else {
        format!("fnref-{n}-{k}")
    }
}

/// The letter of the K-th reference: a, b, … z, aa, ab, …
fn letter(k: usize) -> String {
    let mut k = k;
    let mut s = Vec::new();
    while k > 0 {
        let d = (k - 1) % 26;
        s.push(char::from(b'a' + u8::try_from(d).unwrap_or(0)));
        k = (k - 1) / 26;
    }
    s.iter().rev().collect()
}

/// The back-references of note `n` referenced `count` times: `↩` or `↩ a ↩ b …`, labelled
/// in `language`. (U+FE0E keeps ↩ a text glyph where systems would draw it as an emoji.)
pub(crate) fn backrefs(n: usize, count: usize, language: &crate::i18n::Language) -> String {
    let one = |k: usize, text: &str, label: &str| {
        format!(
            "<a href=\"{URL_START}#{ID_MARK}{}{URL_END}\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"{}\">{text}</a>",
            ref_id(n, k),
            crate::html::escape(&language.format("back_to_reference", None, &[("label", label)]))
        )
    };
    match count {
        0 => String::new(),
        1 => one(1, "↩\u{FE0E}", &n.to_string()),
        _ => (1..=count)
            .map(|k| {
                let l = letter(k);
                let label = language.format(
                    "reference_of_note",
                    None,
                    &[("letter", &l), ("note", &n.to_string())],
                );
                one(k, &format!("↩\u{FE0E} {l}"), &label)
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// A note's events for the end list: references to other notes as plain links (no ids:
/// the text's references own those).
fn note_events<'a>(
    events: &[Spanned<'a>],
    number_of: &dyn Fn(&str) -> Option<usize>,
) -> Vec<Spanned<'a>> {
    events
        .iter()
        .map(|(e, r)| match e {
            Event::FootnoteReference(label) => match number_of(label) {
                Some(n) => (
                    raw_inline(format!(
                        "<sup class=\"footnote-ref\"><a href=\"{URL_START}#{ID_MARK}fn-{n}{URL_END}\" role=\"doc-noteref\">{n}</a></sup>"
                    )),
                    r.clone(),
                ),
                None => (Event::Text(CowStr::from(format!("[^{label}]"))), r.clone()),
            },
            _ => (e.clone(), r.clone()),
        })
        .collect()
}

/// Takes the definitions out of the stream, keyed by label (the first of duplicates).
///
/// A definition written inside another (`[^a]: > [^b]: …`) is taken out of it and is a
/// note of its own: left in, it would be written with pulldown-cmark's own markup and an
/// id made from its label.
fn take_definitions<'a>(
    events: Vec<Spanned<'a>>,
    src: &str,
    out: &mut Rendered,
) -> (Vec<Spanned<'a>>, BTreeMap<String, Definition<'a>>) {
    let mut definitions: BTreeMap<String, Definition<'a>> = BTreeMap::new();
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Start(Tag::FootnoteDefinition(_))))
    {
        return (events, definitions);
    }
    let mut rest = Vec::with_capacity(events.len());
    // One index for all definitions: a post can hold thousands of notes.
    let lines = crate::diagnostic::LineIndex::new(src);
    // The definitions open around the current event, innermost last; `None` for a second
    // definition of a label, which is dropped.
    let mut open: Vec<(Option<Definition<'a>>, String)> = Vec::new();
    let mut first_lines: BTreeMap<String, usize> = BTreeMap::new();
    for (event, range) in events {
        match &event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let line = lines.line_column(range.start).0;
                let k = key(label);
                if let Some(first) = first_lines.get(&k) {
                    out.diagnostics.push(
                        Diagnostic::warning(
                            "",
                            format!(
                                "footnote [^{label}] is defined twice; the definition at line {first} is used"
                            ),
                        )
                        .at(line, 1)
                        .with_help("give one of them another label"),
                    );
                    open.push((None, k));
                } else {
                    first_lines.insert(k.clone(), line);
                    let definition = Definition {
                        label: label.to_string(),
                        events: Vec::new(),
                        refs: Vec::new(),
                        line,
                    };
                    open.push((Some(definition), k));
                }
            }
            Event::End(TagEnd::FootnoteDefinition) if !open.is_empty() => {
                if let Some((Some(definition), k)) = open.pop() {
                    definitions.insert(k, definition);
                }
            }
            _ => match open.last_mut() {
                Some((Some(definition), _)) => {
                    if let Event::FootnoteReference(label) = &event {
                        definition.refs.push(key(label));
                    }
                    definition.events.push((event, range));
                }
                Some((None, _)) => {}
                None => rest.push((event, range)),
            },
        }
    }
    // pulldown-cmark closes every definition; were one left open, it still counts.
    for (definition, k) in open.into_iter().rev() {
        if let Some(definition) = definition {
            definitions.insert(k, definition);
        }
    }
    (rest, definitions)
}

/// pulldown-cmark leaves a reference without a definition as text (`[^x]`): warn about
/// each, outside code.
fn warn_undefined(events: &[Spanned], src: &str, out: &mut Rendered) {
    let mut in_code = 0usize;
    for (e, range) in events {
        match e {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(t) if in_code == 0 && t.contains("[^") => {
                let written = src.get(range.clone()).unwrap_or_default();
                let mut from = 0;
                while let Some(open) = t[from..].find("[^").map(|o| from + o) {
                    let Some(close) = t[open..].find(']').map(|c| open + c) else {
                        break;
                    };
                    let label = &t[open + 2..close];
                    from = close + 1;
                    if label.is_empty() || label.contains(char::is_whitespace) {
                        continue;
                    }
                    let needle = format!("[^{label}]");
                    let offset = range.start + written.find(&needle).unwrap_or(0);
                    let (line, column) = crate::diagnostic::line_column(src, offset);
                    out.diagnostics.push(
                        Diagnostic::warning(
                            "",
                            format!("footnote reference [^{label}] has no definition"),
                        )
                        .at(line, column)
                        .with_help(format!(
                            "add a line `[^{label}]: the note` below the paragraph, or remove the reference"
                        )),
                    );
                }
            }
            _ => {}
        }
    }
}

/// The summary (`summary`, the HTML before `<!-- more -->`, at byte `more_at` of the
/// body) with the notes it cites appended as its own end list: the notes referenced
/// before `more_at`, and the notes those reference in turn, each with back-references to
/// the references the summary shows. Read from where each reference was written
/// ([`Footnote::cited_at`], [`Footnote::cites`]), not from the HTML.
pub(crate) fn complete_summary(
    summary: &str,
    footnotes: &[Footnote],
    more_at: usize,
    language: &crate::i18n::Language,
) -> String {
    let shown = |f: &Footnote| f.cited_at.iter().filter(|&&at| at < more_at).count();
    let mut used: Vec<&Footnote> = footnotes.iter().filter(|f| shown(f) > 0).collect();
    let mut i = 0;
    while i < used.len() {
        for &n in &used[i].cites.clone() {
            if let Some(f) = footnotes.iter().find(|f| f.number == n)
                && !used.iter().any(|u| u.number == n)
            {
                used.push(f);
            }
        }
        i += 1;
    }
    if used.is_empty() {
        return summary.to_string();
    }
    used.sort_by_key(|f| f.number);
    let mut out = summary.to_string();
    let title = crate::html::escape(language.text("footnotes"));
    out.push_str(&format!(
        "<section class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"{title}\">\n<h2 class=\"footnotes-title\">{title}</h2>\n<ol>\n",
    ));
    for f in used {
        let shown = shown(f);
        let back = backrefs(f.number, shown, language);
        let html = match f.marked_html.trim_end().strip_suffix("</p>") {
            Some(body) if shown > 0 => format!("{body} {back}</p>\n"),
            _ if shown > 0 => format!(
                "{}<p class=\"footnote-backrefs\">{back}</p>\n",
                f.marked_html
            ),
            _ => f.marked_html.clone(),
        };
        out.push_str(&format!(
            "<li id=\"{ID_MARK}{}\" value=\"{}\">\n{html}</li>\n",
            f.id, f.number
        ));
    }
    out.push_str("</ol>\n</section>\n");
    out
}

#[cfg(test)]
mod tests {
    use crate::markdown::{Options, render};

    #[test]
    fn numbered_by_first_reference_with_sidenotes() {
        let r = render(
            "Second[^b] then first[^a] and again[^b].\n\n[^a]: Note A.\n[^b]: Note B.\n",
            &Options::default(),
        );
        insta::assert_snapshot!(r.page_html());
        let labels: Vec<(&str, usize)> = r
            .footnotes
            .iter()
            .map(|f| (f.label.as_str(), f.references))
            .collect();
        assert_eq!(labels, [("b", 2), ("a", 1)]);
    }

    #[test]
    fn multi_paragraph_note_and_code() {
        insta::assert_snapshot!(
            render(
                "Text.[^long]\n\n[^long]: First paragraph.\n\n    Second paragraph.\n\n        code\n",
                &Options::default()
            )
            .page_html()
        );
    }

    #[test]
    fn notes_in_quotes_lists_tables_and_headings() {
        let r = render(
            "It says:\n\n> Quoted[^q] words.\n\n- item[^l]\n\n| a |\n|---|\n| cell[^t] |\n\n## Heading[^h]\n\n[^q]: In a quote.\n[^l]: In a list.\n[^t]: In a table.\n[^h]: In a heading.\n",
            &Options::default(),
        );
        let html = r.page_html();
        assert_eq!(r.footnotes.len(), 4);
        // Table cells and headings cannot hold the sidenote's span.
        assert_eq!(html.matches("class=\"sidenote\"").count(), 2);
        assert!(!html.contains("footnotes-in-margin"));
        insta::assert_snapshot!(html);
    }

    #[test]
    fn with_search_on_sidenotes_are_left_out_of_the_index_and_the_end_list_is_not() {
        let src = "Text.[^1]\n\n[^1]: A note.\n";
        let doc = |search: bool| {
            let options = Options {
                search,
                ..Options::default()
            };
            scraper::Html::parse_fragment(&render(src, &options).page_html())
        };
        let ignored = |doc: &scraper::Html, css: &str| {
            let sel = scraper::Selector::parse(css).unwrap();
            let el = doc.select(&sel).next().expect(css);
            el.value().attr("data-pagefind-ignore").is_some()
        };
        let on = doc(true);
        assert!(ignored(&on, ".sidenote"));
        assert!(!ignored(&on, ".footnotes"));
        assert!(!ignored(&doc(false), ".sidenote"));
    }

    #[test]
    fn embedded_html_has_the_end_list_only() {
        let r = render("A[^1].\n\n[^1]: N.\n", &Options::default());
        let e = r.embedded_html("post-");
        assert!(!e.contains("sidenote"));
        assert!(!e.contains("in-margin"));
        assert!(e.contains("id=\"post-fn-1\""));
        assert!(e.contains("href=\"#post-fnref-1\""));
    }

    #[test]
    fn warnings_for_undefined_and_unused() {
        let r = render(
            "Text [^missing] and [^ok].\n\n[^ok]: Fine.\n\n[^spare]: Never used.\n",
            &Options::default(),
        );
        let found: Vec<(Option<usize>, Option<usize>, &str)> = r
            .diagnostics
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    Some(1),
                    Some(6),
                    "footnote reference [^missing] has no definition"
                ),
                (
                    Some(5),
                    Some(1),
                    "footnote [^spare] is defined but never referenced"
                ),
            ]
        );
        assert!(r.page_html().contains("[^missing]"));
    }

    #[test]
    fn summary_gets_its_notes() {
        let r = render(
            "Intro[^a].\n\n<!-- more -->\n\nRest[^b].\n\n[^a]: Note A.\n[^b]: Note B.\n",
            &Options::default(),
        );
        let s = r
            .embedded_summary("p-", &"https://example.org/posts/a/".parse().unwrap())
            .unwrap_or_default();
        assert!(s.contains("href=\"#p-fn-1\""));
        assert!(s.contains("<li id=\"p-fn-1\""));
        assert!(s.contains("href=\"#p-fnref-1\""));
        assert!(!s.contains("fn-2"));
    }

    /// A note's root-relative link gets the base URL's path in the summary's copy of the
    /// note, as in the end list on the post's page.
    #[test]
    fn a_summarys_note_keeps_the_base_path_of_its_root_relative_links() {
        let options = Options {
            base_path: "/blog/".to_string(),
            ..Options::default()
        };
        let r = render(
            "Intro[^a].\n\n<!-- more -->\n\nRest.\n\n[^a]: See [b](/posts/b/).\n",
            &options,
        );
        let s = r
            .embedded_summary("p-", &"https://example.org/blog/posts/a/".parse().unwrap())
            .unwrap_or_default();
        let doc = scraper::Html::parse_fragment(&s);
        let selector =
            scraper::Selector::parse("li[id='p-fn-1'] a:not(.footnote-backref)").unwrap();
        let hrefs: Vec<&str> = doc
            .select(&selector)
            .filter_map(|a| a.attr("href"))
            .collect();
        assert_eq!(hrefs, ["/blog/posts/b/"], "{s}");
        assert!(r.page_html().contains("href=\"/blog/posts/b/\""));
    }

    /// A sidenote's root-relative link gets the base URL's path, as the end list's does.
    #[test]
    fn a_sidenotes_root_relative_link_keeps_the_base_path() {
        let options = Options {
            base_path: "/blog/".to_string(),
            ..Options::default()
        };
        let r = render("Intro[^a].\n\n[^a]: See [b](/posts/b/).\n", &options);
        let doc = scraper::Html::parse_fragment(&r.page_html());
        let hrefs = |selector: &str| -> Vec<String> {
            let selector = scraper::Selector::parse(selector).unwrap();
            doc.select(&selector)
                .filter_map(|a| a.attr("href").map(str::to_string))
                .collect()
        };
        assert_eq!(hrefs(".sidenote a"), ["/blog/posts/b/"]);
        assert_eq!(
            hrefs(".footnotes li a:not(.footnote-backref)"),
            ["/blog/posts/b/"]
        );
    }

    /// The sidenote carries what the end list's entry carries, whatever the note's shape:
    /// a titled image alone in the note (a figure in the end list), an image without a
    /// title, an image with words around it, a link with a title.
    #[test]
    fn a_sidenote_carries_the_notes_images_and_links() {
        let shapes = [
            ("![Alt](pic.png \"A title\")", "A title"),
            ("![Alt](pic.png)", ""),
            ("See ![Alt](pic.png \"A title\") here.", "See"),
            ("[A link](https://example.org/ \"Link title\")", "A link"),
        ];
        for (note, words) in shapes {
            let r = render(&format!("Text.[^1]\n\n[^1]: {note}\n"), &Options::default());
            let html = r.page_html();
            let doc = scraper::Html::parse_fragment(&html);
            let one = |css: &str| -> Vec<(String, String)> {
                let selector = scraper::Selector::parse(css).unwrap();
                doc.select(&selector)
                    .map(|e| {
                        let attrs = ["src", "alt", "title", "href"]
                            .iter()
                            .filter_map(|a| e.value().attr(a).map(|v| format!("{a}={v}")))
                            .collect::<Vec<_>>()
                            .join(" ");
                        (attrs, e.text().collect::<String>())
                    })
                    .collect()
            };
            let in_list =
                one("section.footnotes li img, section.footnotes li a:not(.footnote-backref)");
            let in_margin = one(".sidenote img, .sidenote a");
            assert!(!in_list.is_empty(), "{note}: {html}");
            assert_eq!(in_margin, in_list, "{note}: {html}");
            let text = |css: &str| -> String {
                let selector = scraper::Selector::parse(css).unwrap();
                doc.select(&selector)
                    .flat_map(|e| e.text())
                    .collect::<String>()
            };
            assert!(text(".sidenote").contains(words), "{note}: {html}");
            assert!(
                text("section.footnotes li").contains(words),
                "{note}: {html}"
            );
        }
    }

    /// A titled image alone in a note is a figure in the end list and, in the sidenote,
    /// the same image and caption as phrasing content (a `figure` cannot go in a `span`).
    #[test]
    fn a_figure_in_a_note_is_phrasing_in_the_sidenote() {
        let r = render(
            "Text.[^1]\n\n[^1]: ![Alt](pic.png \"A <title>\")\n",
            &Options::default(),
        );
        let html = r.page_html();
        let doc = scraper::Html::parse_fragment(&html);
        let count = |css: &str| doc.select(&scraper::Selector::parse(css).unwrap()).count();
        assert_eq!(
            count("section.footnotes li figure.image > img[alt='Alt']"),
            1,
            "{html}"
        );
        assert_eq!(count(".sidenote figure, .sidenote figcaption"), 0, "{html}");
        assert_eq!(
            count(".sidenote > .sidenote-figure > img[src='pic.png'][alt='Alt']"),
            1,
            "{html}"
        );
        let caption = scraper::Selector::parse(".sidenote-figure > .sidenote-caption").unwrap();
        let captions: Vec<String> = doc.select(&caption).map(|c| c.text().collect()).collect();
        assert_eq!(captions, ["A <title>"], "{html}");
    }

    #[test]
    fn summary_carries_notes_its_notes_reference() {
        let r = render(
            "Intro[^a].\n\n<!-- more -->\n\nRest[^b].\n\n[^a]: See also[^b].\n[^b]: Note B.\n",
            &Options::default(),
        );
        let s = r
            .embedded_summary("p-", &"https://example.org/posts/a/".parse().unwrap())
            .unwrap_or_default();
        assert!(s.contains("<li id=\"p-fn-1\""));
        assert!(s.contains("<li id=\"p-fn-2\""));
        // Note 2's reference is outside the summary: no back-reference to it there.
        assert!(!s.contains("href=\"#p-fnref-2\""));
        assert!(!r.footnotes[0].html.contains('\u{E000}'));
    }

    #[test]
    fn no_end_list_when_no_note_is_used() {
        let r = render("Text.\n\n[^a]: Never used.\n", &Options::default());
        let doc = scraper::Html::parse_fragment(&r.page_html());
        let any = scraper::Selector::parse("section, ol, li, h2").unwrap();
        assert_eq!(doc.select(&any).count(), 0, "{}", r.page_html());
        assert!(r.footnotes.is_empty());
        assert_eq!(r.diagnostics.len(), 1);
    }

    #[test]
    fn headings_of_dropped_definitions_are_not_link_targets() {
        // An unused note, and the second definition of a label: both dropped.
        let r = render(
            "See [one](#inner) and [two](#again), used[^b].\n\n[^a]: # Inner {#inner}\n\n[^b]: Kept.\n\n[^b]: ## Again {#again}\n",
            &Options::default(),
        );
        assert!(r.headings.is_empty(), "{:?}", r.headings);
        // The links are the author's own, to ids gloss does not write: never prefixed.
        let html = r.embedded_html("p-");
        let doc = scraper::Html::parse_fragment(&html);
        let links = scraper::Selector::parse("p > a:not(.footnote-backref)").unwrap();
        let hrefs: Vec<_> = doc
            .select(&links)
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert_eq!(hrefs, ["#inner", "#again"]);
        let headings = scraper::Selector::parse("h1, h2").unwrap();
        assert_eq!(doc.select(&headings).count(), 1, "{html}");
    }

    #[test]
    fn headings_of_used_definitions_are_link_targets() {
        let r = render(
            "See [it](#inner), used[^a].\n\n[^a]: # Inner {#inner}\n",
            &Options::default(),
        );
        assert_eq!(r.headings.len(), 1);
        let html = r.embedded_html("p-");
        let doc = scraper::Html::parse_fragment(&html);
        let link = scraper::Selector::parse("p > a").unwrap();
        let target = scraper::Selector::parse("li h1").unwrap();
        let href = doc
            .select(&link)
            .next()
            .and_then(|a| a.value().attr("href"));
        let id = doc
            .select(&target)
            .next()
            .and_then(|h| h.value().attr("id"));
        assert_eq!(href, Some("#p-inner"));
        assert_eq!(id, Some("p-inner"));
    }

    #[test]
    fn a_definition_inside_another_is_a_note_of_its_own() {
        let r = render(
            "Outer[^b], inner[^c].\n\n[^b]: Before.\n\n    > [^c]: Inner.\n",
            &Options::default(),
        );
        let html = r.page_html();
        let doc = scraper::Html::parse_fragment(&html);
        let notes = scraper::Selector::parse("section.footnotes > ol > li").unwrap();
        let found: Vec<(Option<&str>, String)> = doc
            .select(&notes)
            .map(|li| (li.value().attr("id"), li.text().collect::<String>()))
            .collect();
        assert_eq!(found.len(), 2, "{html}");
        assert_eq!(found[0].0, Some("fn-1"));
        assert!(found[0].1.contains("Before.") && !found[0].1.contains("Inner."));
        assert_eq!(found[1].0, Some("fn-2"));
        assert!(found[1].1.contains("Inner."));
        // pulldown-cmark's own markup for definitions never reaches the page.
        let own = scraper::Selector::parse(".footnote-definition").unwrap();
        assert_eq!(doc.select(&own).count(), 0, "{html}");
    }

    #[test]
    fn the_plan_knows_the_ids_the_pass_writes() {
        let src = "A[^x] b[^x] c[^y].\n\n[^x]: X[^z].\n[^y]: Y.\n[^z]: Z.\n[^u]: # U\n";
        let events: Vec<crate::markdown::Spanned> = pulldown_cmark::Parser::new_ext(
            src,
            crate::markdown::cmark_options(&Options::default()),
        )
        .into_offset_iter()
        .collect();
        let plan = super::Plan::new(&events);
        let writes = |id: &str| plan.writes(id);
        assert_eq!(writes("fn-1").as_deref(), Some("footnote 1"));
        // Note 3 is referenced from note 1 only: it has an entry but no reference id.
        assert_eq!(writes("fn-3").as_deref(), Some("footnote 3"));
        assert_eq!(writes("fnref-3"), None);
        assert_eq!(writes("fn-4"), None);
        assert_eq!(writes("fn-0"), None);
        assert_eq!(writes("fn-01"), None);
        assert_eq!(
            writes("fnref-1").as_deref(),
            Some("reference a to footnote 1")
        );
        assert_eq!(
            writes("fnref-1-2").as_deref(),
            Some("reference b to footnote 1")
        );
        assert_eq!(writes("fnref-1-3"), None);
        assert_eq!(writes("fnref-1-1"), None);
        assert_eq!(
            writes("fnref-2").as_deref(),
            Some("the reference to footnote 2")
        );
        // Only the events of the unused note [^u] are dropped.
        let dropped: Vec<usize> = (0..events.len()).filter(|i| plan.drops(*i)).collect();
        let u = events
            .iter()
            .position(|(e, _)| matches!(e, pulldown_cmark::Event::Start(pulldown_cmark::Tag::FootnoteDefinition(l)) if l.as_ref() == "u"))
            .unwrap();
        assert_eq!(dropped, (u..events.len()).collect::<Vec<_>>());
    }

    #[test]
    fn letters_past_z() {
        assert_eq!(super::letter(1), "a");
        assert_eq!(super::letter(26), "z");
        assert_eq!(super::letter(27), "aa");
    }
}

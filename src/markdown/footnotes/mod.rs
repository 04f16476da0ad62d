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

pub mod sidenote;

use std::collections::BTreeMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::plain::{self, raw, raw_inline};
use super::{Footnote, ID_MARK, Rendered, SIDENOTE_END, SIDENOTE_START, Spanned};
use crate::diagnostic::Diagnostic;

/// One definition as written.
struct Definition<'a> {
    label: String,
    events: Vec<Spanned<'a>>,
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
pub fn run<'a>(events: Vec<Spanned<'a>>, src: &str, out: &mut Rendered) -> Vec<Spanned<'a>> {
    let (events, definitions) = take_definitions(events, src, out);
    warn_undefined(&events, src, out);
    if definitions.is_empty() {
        return events;
    }

    // Number by first reference in the text, then by references inside notes.
    let mut numbers: BTreeMap<String, usize> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for (e, _) in &events {
        if let Event::FootnoteReference(label) = e
            && definitions.contains_key(&key(label))
        {
            assign(&key(label), &mut numbers, &mut order);
        }
    }
    let mut n = 0;
    while n < order.len() {
        let refs: Vec<String> = definitions[&order[n]]
            .events
            .iter()
            .filter_map(|(e, _)| match e {
                Event::FootnoteReference(l) if definitions.contains_key(&key(l)) => Some(key(l)),
                _ => None,
            })
            .collect();
        for r in refs {
            assign(&r, &mut numbers, &mut order);
        }
        n += 1;
    }
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

    // References and sidenotes.
    let mut counts: Vec<usize> = vec![0; order.len()];
    let mut with_sidenote: Vec<bool> = vec![false; order.len()];
    let mut no_span_here = 0usize;
    let mut result: Vec<Spanned<'a>> = Vec::with_capacity(events.len() + 4 * order.len() + 8);
    for (event, range) in events {
        match &event {
            Event::Start(Tag::Heading { .. } | Tag::Link { .. } | Tag::Image { .. })
            | Event::Start(Tag::TableCell) => no_span_here += 1,
            Event::End(TagEnd::Heading(_) | TagEnd::Link | TagEnd::Image | TagEnd::TableCell) => {
                no_span_here = no_span_here.saturating_sub(1)
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
        let k = counts[n - 1];
        let id = ref_id(n, k);
        result.push((
            raw_inline(format!(
                "<sup class=\"footnote-ref\" id=\"{ID_MARK}{id}\"><a href=\"#{ID_MARK}fn-{n}\" role=\"doc-noteref\">{n}</a></sup>"
            )),
            range.clone(),
        ));
        if k == 1 && no_span_here == 0 {
            with_sidenote[n - 1] = true;
            let note = &definitions[&order[n - 1]].events;
            result.push((
                raw_inline(format!(
                    "{SIDENOTE_START}<span class=\"sidenote\" hidden><span class=\"sidenote-number\">{n}</span> {}</span>{SIDENOTE_END}",
                    sidenote::html(note, &number_of)
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
            "<section class=\"footnotes{}\" role=\"doc-endnotes\" aria-label=\"Notes\">\n<h2 class=\"footnotes-title\">Notes</h2>\n<ol>\n",
            if all_in_margin {
                format!("{SIDENOTE_START} footnotes-in-margin{SIDENOTE_END}")
            } else {
                String::new()
            }
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
        let backrefs = backrefs(n, counts[i]);
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
        out.footnotes.push(Footnote {
            number: n,
            label: d.label.clone(),
            id: format!("fn-{n}"),
            references: counts[i],
            html: super::resolve_marks(&plain::html(&note), "", true),
            marked_html: plain::html(&note),
            line: d.line,
        });
    }
    result.push((raw("</ol>\n</section>\n"), at));
    result
}

/// The number of the note keyed `k`, given the next one when it has none yet.
fn assign(k: &str, numbers: &mut BTreeMap<String, usize>, order: &mut Vec<String>) -> usize {
    *numbers.entry(k.to_string()).or_insert_with(|| {
        order.push(k.to_string());
        order.len()
    })
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

/// The back-references of note `n` referenced `count` times: `↩` or `↩ a ↩ b …`.
/// (U+FE0E keeps ↩ a text glyph where systems would draw it as an emoji.)
pub fn backrefs(n: usize, count: usize) -> String {
    let one = |k: usize, text: &str, label: &str| {
        format!(
            "<a href=\"#{ID_MARK}{}\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"Back to reference {label}\">{text}</a>",
            ref_id(n, k)
        )
    };
    match count {
        0 => String::new(),
        1 => one(1, "↩\u{FE0E}", &n.to_string()),
        _ => (1..=count)
            .map(|k| {
                let l = letter(k);
                one(k, &format!("↩\u{FE0E} {l}"), &format!("{n}{l}"))
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
                        "<sup class=\"footnote-ref\"><a href=\"#{ID_MARK}fn-{n}\" role=\"doc-noteref\">{n}</a></sup>"
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
#[allow(clippy::type_complexity)]
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
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::FootnoteDefinition(label)) = &events[i].0 {
            let end = plain::block_end(&events, i);
            let line = lines.line_column(events[i].1.start).0;
            let inner = events[i + 1..end.saturating_sub(1).max(i + 1)].to_vec();
            let k = key(label);
            if let Some(first) = definitions.get(&k) {
                out.diagnostics.push(
                    Diagnostic::warning(
                        "",
                        format!(
                            "footnote [^{label}] is defined twice; the definition at line {} is used",
                            first.line
                        ),
                    )
                    .at(line, 1)
                    .with_help("give one of them another label"),
                );
            } else {
                definitions.insert(
                    k,
                    Definition {
                        label: label.to_string(),
                        events: inner,
                        line,
                    },
                );
            }
            i = end;
            continue;
        }
        rest.push(events[i].clone());
        i += 1;
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

/// Adds to a summary (the HTML before `<!-- more -->`) the end list of the notes it
/// references, so every `#fn-N` link in it has its target wherever it is shown.
pub fn complete_summary(summary: &str, footnotes: &[Footnote]) -> String {
    let refers = |html: &str, f: &Footnote| html.contains(&format!("href=\"#{ID_MARK}{}\"", f.id));
    // The notes the summary references, and the notes those reference in turn.
    let mut used: Vec<&Footnote> = footnotes.iter().filter(|f| refers(summary, f)).collect();
    let mut i = 0;
    while i < used.len() {
        let from = used[i].marked_html.clone();
        for f in footnotes {
            if refers(&from, f) && !used.iter().any(|u| u.number == f.number) {
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
    out.push_str(
        "<section class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"Notes\">\n<h2 class=\"footnotes-title\">Notes</h2>\n<ol>\n",
    );
    for f in used {
        let shown = (1..=f.references)
            .filter(|k| summary.contains(&format!("id=\"{ID_MARK}{}\"", ref_id(f.number, *k))))
            .count();
        let back = backrefs(f.number, shown);
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
        let s = r.embedded_summary("p-").unwrap_or_default();
        assert!(s.contains("href=\"#p-fn-1\""));
        assert!(s.contains("<li id=\"p-fn-1\""));
        assert!(s.contains("href=\"#p-fnref-1\""));
        assert!(!s.contains("fn-2"));
    }

    #[test]
    fn summary_carries_notes_its_notes_reference() {
        let r = render(
            "Intro[^a].\n\n<!-- more -->\n\nRest[^b].\n\n[^a]: See also[^b].\n[^b]: Note B.\n",
            &Options::default(),
        );
        let s = r.embedded_summary("p-").unwrap_or_default();
        assert!(s.contains("<li id=\"p-fn-1\""));
        assert!(s.contains("<li id=\"p-fn-2\""));
        // Note 2's reference is outside the summary: no back-reference to it there.
        assert!(!s.contains("href=\"#p-fnref-2\""));
        assert!(!r.footnotes[0].html.contains('\u{E000}'));
    }

    #[test]
    fn letters_past_z() {
        assert_eq!(super::letter(1), "a");
        assert_eq!(super::letter(26), "z");
        assert_eq!(super::letter(27), "aa");
    }
}

//! Helpers the commentary passes share: plain text of events, matching ends, escaping.
//!
//! Takes slices of the event stream and returns values; it never rewrites the stream
//! itself (that is each pass's job), so a pass stays readable on its own.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::Spanned;

/// Merges adjacent text events into one, keeping the union of their source ranges.
///
/// pulldown-cmark splits text at characters that might have started markup (`[`, `!`,
/// smart quotes), so `[!UPDATE]` arrives as three events; merged, a pass sees words whole.
pub(crate) fn merge_text(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    pulldown_cmark::utils::TextMergeWithOffset::new(events.into_iter()).collect()
}

/// The index just past the `End` that closes the `Start` at `start`; the stream's length
/// when it is unbalanced (pulldown-cmark never gives such a stream).
pub(crate) fn block_end(events: &[Spanned], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        if depth == 0 {
            return i + 1;
        }
    }
    events.len()
}

/// Plain text of events: text and code as written, breaks as spaces, blocks separated by
/// a newline. Footnote references and definitions, HTML and images' URLs are left out.
pub(crate) fn text<'e, 'a: 'e>(events: impl IntoIterator<Item = &'e Spanned<'a>>) -> String {
    let mut out = String::new();
    let mut in_definition = 0usize;
    for (event, _) in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => in_definition += 1,
            Event::End(TagEnd::FootnoteDefinition) => {
                in_definition = in_definition.saturating_sub(1);
            }
            _ if in_definition > 0 => {}
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                out.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(end) if is_block_end(end) && !out.ends_with('\n') && !out.is_empty() => {
                out.push('\n');
            }
            _ => {}
        }
    }
    while out.ends_with('\n') {
        out.pop();
    }
    out
}

/// Whether an end tag closes a block (a paragraph, heading, item, quote, cell…).
pub(crate) fn is_block_end(end: &TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// HTML of events, without footnote references (a copy rendered apart from the page,
/// e.g. a quote on `/quotes/`, has no footnotes to point at), with URL marks (see
/// [`super::urls`]) and root-relative targets prefixed with `base_path`, the base URL's
/// path, as on the page: resolve the marks with [`super::resolve_marks`] (the post's
/// page), [`super::resolve_apart`] (another page) or [`super::resolve_for_feed`].
pub(crate) fn html(events: &[Spanned], base_path: &str) -> String {
    let mut out = String::new();
    let mut in_definition = 0usize;
    let kept = events.iter().filter_map(|(event, range)| match event {
        Event::Start(Tag::FootnoteDefinition(_)) => {
            in_definition += 1;
            None
        }
        Event::End(TagEnd::FootnoteDefinition) => {
            in_definition = in_definition.saturating_sub(1);
            None
        }
        _ if in_definition > 0 => None,
        Event::FootnoteReference(_) => None,
        e => Some((e.clone(), range.clone())),
    });
    let written =
        super::urls::write_links(kept.collect(), &super::urls::LinkContext::apart(base_path));
    pulldown_cmark::html::push_html(&mut out, written.into_iter().map(|(e, _)| e));
    out
}

/// [`html`] as the post's page shows it: the marks resolved, URLs as written.
pub(crate) fn on_page(marked: &str) -> String {
    super::resolve_marks(marked, "", true)
}

/// A raw HTML event (block level).
pub(crate) fn raw(html: impl Into<String>) -> Event<'static> {
    Event::Html(CowStr::from(html.into()))
}

/// A raw HTML event inside a paragraph.
pub(crate) fn raw_inline(html: impl Into<String>) -> Event<'static> {
    Event::InlineHtml(CowStr::from(html.into()))
}

/// Whether raw HTML starts with a `<!-- more -->` comment (an HTML block may hold more
/// after it on its line: `<!-- more --> word`). Inside the block quotes that the passes
/// turn into raw HTML wrappers (quotes, notices, alerts) the summary writer could no
/// longer tell it is nested, so those passes drop it ([`without_more_comment`]): a
/// summary never ends inside one.
pub(crate) fn is_more_comment(html: &str) -> bool {
    html.trim_start()
        .strip_prefix("<!--")
        .and_then(|r| r.find("-->").map(|end| &r[..end]))
        .is_some_and(|inner| inner.trim().eq_ignore_ascii_case("more"))
}

/// `event` (raw HTML starting with `<!-- more -->`) without the comment (and any more
/// right after it): what followed on its line, as the same kind of event, or nothing.
pub(crate) fn without_more_comment<'a>(event: &Event<'a>) -> Option<Event<'a>> {
    let (Event::Html(h) | Event::InlineHtml(h)) = event else {
        return Some(event.clone());
    };
    // `<!-- more --> <!-- more -->`: every one at the start goes.
    let mut rest: &str = h;
    while is_more_comment(rest) {
        let after = rest.trim_start().strip_prefix("<!--")?;
        rest = &after[after.find("-->")? + 3..];
    }
    if rest.trim().is_empty() {
        return None;
    }
    let rest = CowStr::from(rest.to_string());
    Some(match event {
        Event::InlineHtml(_) => Event::InlineHtml(rest),
        _ => Event::Html(rest),
    })
}

/// The 1-based line of a byte offset.
pub(crate) fn line_of(src: &str, offset: usize) -> usize {
    crate::diagnostic::line_column(src, offset).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn events(src: &str) -> Vec<Spanned<'_>> {
        merge_text(
            Parser::new_ext(src, Options::ENABLE_FOOTNOTES)
                .into_offset_iter()
                .collect(),
        )
    }

    #[test]
    fn merges_split_text() {
        let e = events("[!UPDATE] now");
        assert!(matches!(&e[1].0, Event::Text(t) if &**t == "[!UPDATE] now"));
        assert_eq!(e[1].1, 0..13);
    }

    #[test]
    fn text_skips_notes_and_separates_blocks() {
        let e = events("One *two*[^a]\nthree.\n\n- four\n\n[^a]: note\n");
        assert_eq!(text(&e), "One two three.\nfour");
    }

    #[test]
    fn block_end_matches_nesting() {
        let e = events("> a\n> > b\n\nc\n");
        let end = block_end(&e, 0);
        assert!(matches!(e[end - 1].0, Event::End(TagEnd::BlockQuote(_))));
        assert!(matches!(e[end].0, Event::Start(Tag::Paragraph)));
    }
}

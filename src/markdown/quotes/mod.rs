//! Pass 2: quoted passages (DESIGN §4, "Quoted passages").
//!
//! Takes the event stream (after the notices pass, so alerts and update notices are no
//! longer block quotes) and returns it with every top-level block quote wrapped as
//!
//! ```html
//! <figure class="quote [repeat]" id="quote-N">
//!   <figcaption class="lead-in">X has more at <a href="URL">Y</a>:</figcaption>
//!   <blockquote cite="URL">…</blockquote>
//!   <footer class="quote-meta"><cite class="attribution">Name</cite> permalink, source link, repeat link</footer>
//! </figure>
//! ```
//!
//! The lead-in is the paragraph right before the quote when it ends with `:`, or the
//! last paragraph of an update notice right before it (it stays in the notice, and the
//! figure has no caption); the source is its last link (Markdown or a raw `<a href>`). A last paragraph starting with `—`,
//! `―`, `--` or `-Name` is the attribution, and so is the last line of the last paragraph
//! after a line break when it starts so (unless the lines before it are a dialogue).
//! A quote whose text is inside an earlier quote is a repeat ([`repeat`]): it links back,
//! and the words (inline code with them) are `<mark>`ed in the earlier one. Web sources get a text-fragment link
//! ([`fragment`]). Quotes are recorded in [`Rendered::quotes`] with the word counts.
//!
//! With search on, the post's own page also gets, after each figure, an empty end for
//! Pagefind (`<div id="quote-N-end" data-pagefind-title="…">`, see
//! [`super::search_end`]) titled with the last heading before it.
//!
//! The quote's content stays events (later passes give its footnotes and code their
//! treatment); only the wrappers become HTML. Nested block quotes are left as they are.

pub(crate) mod fragment;
pub(crate) mod repeat;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag};

use self::repeat::Normalized;
use super::plain::{self, raw, raw_inline};
use super::{
    ID_MARK, Options, Quote, Rendered, Source, Spanned, URL_END, URL_START, count_words,
    heading_text, search_end, search_title,
};

/// A quote found in the stream, by event indices.
struct Found {
    /// The whole block quote, `Start` to `End`.
    block: Range<usize>,
    /// The lead-in paragraph before it, `Start` to `End`.
    lead_in: Option<Range<usize>>,
    /// Whether the lead-in is the last paragraph of an update notice: it stays in the
    /// notice, and the quote only learns its words and source.
    lead_in_in_notice: bool,
    /// The attribution inside it.
    attribution: Option<Attribution>,
}

/// Where a quote's attribution is, by event indices: a last paragraph of its own
/// (`> — Name` after a blank `>` line), or the last line of the last paragraph
/// (`> —[Name](url)` right after a line break).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Attribution {
    /// The events taken out of the quote: the whole paragraph, or the line break and
    /// the line after it.
    cut: Range<usize>,
    /// The attribution's inline events, its dash still in front.
    inline: Range<usize>,
}

impl Found {
    fn content(&self) -> Range<usize> {
        self.block.start + 1..self.block.end - 1
    }

    /// The events of the quote's content that the attribution takes out.
    fn cut(&self) -> Option<Range<usize>> {
        self.attribution.as_ref().map(|a| a.cut.clone())
    }

    /// The quote's own events: its content without the attribution.
    fn own_events<'a>(&self, events: &[Spanned<'a>]) -> Vec<Spanned<'a>> {
        let cut = self.cut();
        self.content()
            .filter(|i| !cut.as_ref().is_some_and(|a| a.contains(i)))
            .map(|i| events[i].clone())
            .collect()
    }
}

/// Wraps top-level block quotes as `figure.quote` and records them.
pub(crate) fn run<'a>(
    events: Vec<Spanned<'a>>,
    src: &str,
    options: &Options,
    out: &mut Rendered,
) -> Vec<Spanned<'a>> {
    let blocks = top_level_blocks(&events, 0..events.len());
    let mut found: Vec<Found> = Vec::new();
    for (b, block) in blocks.iter().enumerate() {
        if !matches!(events[block.start].0, Event::Start(Tag::BlockQuote(None))) {
            continue;
        }
        let lead_in = b
            .checked_sub(1)
            .map(|p| blocks[p].clone())
            .filter(|p| is_lead_in(&events[p.clone()]));
        let notice_lead_in = match lead_in {
            Some(_) => None,
            None => lead_in_in_notice(&events, &blocks[..b], &out.notice_wrappers),
        };
        let content = block.start + 1..block.end - 1;
        // A line holding only `>` quotes nothing: it is not a numbered passage.
        if events[content.clone()].iter().all(|(e, _)| is_blank(e)) {
            continue;
        }
        found.push(Found {
            block: block.clone(),
            lead_in_in_notice: notice_lead_in.is_some(),
            lead_in: lead_in.or(notice_lead_in),
            attribution: attribution(&events, content, src),
        });
    }
    // The author's own words, for the description: every block but quotes and lead-ins.
    let not_own: BTreeSet<usize> = found
        .iter()
        .flat_map(|f| [Some(f.block.start), f.lead_in.as_ref().map(|l| l.start)])
        .flatten()
        .collect();
    super::voice::record(
        &events,
        &blocks,
        |b| not_own.contains(&blocks[b].start),
        out,
    );
    if found.is_empty() {
        out.own_words = count_words(&plain::text(&events));
        return events;
    }

    // Repeats: the first earlier quote holding a quote's whole text. A lone quote has
    // nothing to repeat, so its text is not normalised.
    let normalized: Vec<Normalized> = if found.len() > 1 {
        found
            .iter()
            .map(|f| Normalized::new(&events, f.content(), f.cut()))
            .collect()
    } else {
        Vec::new()
    };
    let mut repeat_of: Vec<Option<usize>> = vec![None; found.len()];
    let mut marks: BTreeMap<usize, Vec<Range<usize>>> = BTreeMap::new();
    for later in 1..found.len() {
        for earlier in 0..later {
            if let Some(hit) = normalized[earlier].find(&normalized[later]) {
                repeat_of[later] = Some(earlier);
                for (event, bytes) in normalized[earlier].marks(&events, hit) {
                    repeat::add_mark(marks.entry(event).or_default(), bytes);
                }
                break;
            }
        }
    }

    // Records.
    for (k, f) in found.iter().enumerate() {
        let own = f.own_events(&events);
        let text = plain::text(&own);
        let lead_in_events = f
            .lead_in
            .as_ref()
            .map(|l| events[l.start + 1..l.end - 1].to_vec());
        let blocks: Vec<&str> = text.split('\n').collect();
        let written_source = lead_in_events.as_deref().and_then(last_link);
        // A text fragment for a source written as a web address only: one of the site's
        // own pages, written relative, is no outside original to land in.
        let fragment_url = written_source
            .as_ref()
            .and_then(|s| fragment::url(&s.url, &blocks));
        let source = written_source.map(|s| absolute_source(s, options));
        let number = k + 1;
        // Each part written once with URL marks (for `/quotes/`), and resolved for the
        // post's page.
        let marked = |events: &[Spanned]| plain::html(events, &options.base_path);
        let marked_lead_in = lead_in_events.as_deref().map(marked);
        let marked_attribution = f
            .attribution
            .as_ref()
            .map(|a| marked(&attribution_inline(&events[a.inline.clone()])));
        let marked_html = marked(&own);
        out.quotes.push(Quote {
            number,
            id: format!("quote-{number}"),
            lead_in: marked_lead_in.as_deref().map(plain::on_page),
            marked_lead_in,
            lead_in_text: lead_in_events
                .as_deref()
                .map(|e| plain::text(e).trim().to_string()),
            fragment_url,
            source,
            attribution: marked_attribution.as_deref().map(plain::on_page),
            marked_attribution,
            attribution_text: f.attribution.as_ref().map(|a| {
                plain::text(&attribution_inline(&events[a.inline.clone()]))
                    .trim()
                    .to_string()
            }),
            repeat_of: repeat_of[k].map(|e| e + 1),
            words: count_words(&text),
            html: plain::on_page(&marked_html),
            marked_html,
            text,
        });
    }
    out.quoted_words = out.quotes.iter().map(|q| q.words).sum();
    // The quotes' contents are disjoint and in order: the text outside them is read
    // between them, without copying events.
    let mut outside: Vec<&Spanned> = Vec::with_capacity(events.len());
    let mut from = 0;
    for f in &found {
        let content = f.content();
        outside.extend(&events[from..content.start.max(from)]);
        from = from.max(content.end);
    }
    outside.extend(&events[from.min(events.len())..]);
    out.own_words = count_words(&plain::text(outside));

    // Rewrite.
    let lead_ins: BTreeSet<usize> = found
        .iter()
        .filter(|f| !f.lead_in_in_notice)
        .filter_map(|f| f.lead_in.as_ref().map(|l| l.start))
        .collect();
    let mut quote_at: BTreeMap<usize, usize> = BTreeMap::new();
    for (k, f) in found.iter().enumerate() {
        quote_at.insert(f.block.start, k);
    }
    let mut result: Vec<Spanned<'a>> = Vec::with_capacity(events.len() + 11 * found.len());
    // The text of the last heading so far: where search files the words after a quote.
    let mut section: Option<String> = None;
    for block in &blocks {
        if lead_ins.contains(&block.start) {
            continue;
        }
        match quote_at.get(&block.start) {
            Some(&k) => {
                write_quote(
                    &events,
                    &found[k],
                    &out.quotes[k],
                    options,
                    &marks,
                    &mut result,
                );
                let end = search_end(options, &out.quotes[k].id, section.as_deref());
                if !end.is_empty() {
                    let at = events[found[k].block.end - 1].1.clone();
                    result.push((raw(end), at));
                }
            }
            None => {
                if let Some(text) = heading_text(&events[block.clone()]) {
                    section = Some(text);
                }
                result.extend(events[block.clone()].iter().cloned());
            }
        }
    }
    result
}

/// The top-level blocks within `range`, as event ranges (a lone event is a block of one).
/// Whether an event shows nothing: an empty paragraph's tags, a break, blank text.
fn is_blank(event: &Event) -> bool {
    match event {
        Event::Start(Tag::Paragraph) | Event::End(pulldown_cmark::TagEnd::Paragraph) => true,
        Event::SoftBreak | Event::HardBreak => true,
        Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => t.trim().is_empty(),
        _ => false,
    }
}

fn top_level_blocks(events: &[Spanned], range: Range<usize>) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut i = range.start;
    while i < range.end {
        let end = match events[i].0 {
            Event::Start(_) => plain::block_end(events, i).min(range.end),
            _ => i + 1,
        };
        blocks.push(i..end);
        i = end;
    }
    blocks
}

/// A paragraph ending with `:` (footnote references after the colon aside).
fn is_lead_in(block: &[Spanned]) -> bool {
    matches!(block.first(), Some((Event::Start(Tag::Paragraph), _)))
        && plain::text(block).trim_end().ends_with(':')
}

/// The lead-in a quote finds in the update notice right before it: the notice's last
/// paragraph, when it ends with `:` (`**Update 2026-03-04:** The clerk now writes:`).
/// `before` are the top-level blocks before the quote; a notice is its opening wrapper,
/// its note's blocks and its closing wrapper, the wrappers carrying one of
/// `notice_wrappers` as their source range (see the notices pass).
fn lead_in_in_notice(
    events: &[Spanned],
    before: &[Range<usize>],
    notice_wrappers: &[Range<usize>],
) -> Option<Range<usize>> {
    let [.., note, close] = before else {
        return None;
    };
    let (Event::Html(_), wrapper) = &events[close.start] else {
        return None;
    };
    let closes_notice = close.len() == 1 && notice_wrappers.contains(wrapper);
    let in_notice = wrapper.contains(&events[note.start].1.start);
    (closes_notice && in_notice && is_lead_in(&events[note.clone()])).then(|| note.clone())
}

/// The quote's attribution among its blocks in `content`, when the quote has more than
/// it: the last block (after any footnote definitions) when it is a paragraph opening
/// with a dash ([`opens_with_dash`]), else the last line of that paragraph when it opens
/// with one after a line break. A line that continues a dialogue (an earlier line of the
/// paragraph opens with a dash too) is text, not an attribution.
fn attribution(events: &[Spanned], content: Range<usize>, src: &str) -> Option<Attribution> {
    let children: Vec<Range<usize>> = top_level_blocks(events, content)
        .into_iter()
        .filter(|b| !matches!(events[b.start].0, Event::Start(Tag::FootnoteDefinition(_))))
        .collect();
    let last = children.last()?;
    if !matches!(events[last.start].0, Event::Start(Tag::Paragraph)) {
        return None;
    }
    let inline = last.start + 1..last.end - 1;
    if children.len() >= 2 && opens_with_dash(events, inline.start, src) {
        return Some(Attribution {
            cut: last.clone(),
            inline,
        });
    }
    // The lines of the last paragraph, by the breaks between them.
    let breaks: Vec<usize> = inline
        .clone()
        .filter(|&i| matches!(events[i].0, Event::SoftBreak | Event::HardBreak))
        .collect();
    let &last_break = breaks.last()?;
    let dialogue = std::iter::once(inline.start)
        .chain(breaks[..breaks.len() - 1].iter().map(|b| b + 1))
        .any(|line| opens_with_dash(events, line, src));
    if dialogue || !opens_with_dash(events, last_break + 1, src) {
        return None;
    }
    Some(Attribution {
        cut: last_break..inline.end,
        inline: last_break + 1..inline.end,
    })
}

/// Whether the line starting at event `at` opens with an attribution's dash: `—`, `―`,
/// `--` (or the en dash smart punctuation made of it), or a hyphen right before a name
/// or a link (`-Paul Graham`, `-[Ann](url)`; `- Name` would have made a list).
fn opens_with_dash(events: &[Spanned], at: usize, src: &str) -> bool {
    let Some((Event::Text(t), range)) = events.get(at) else {
        return false;
    };
    let written = src.get(range.clone()).unwrap_or_default();
    let hyphen_before = match t.strip_prefix('-').map(|rest| rest.chars().next()) {
        Some(Some(c)) => c.is_alphabetic(),
        Some(None) => matches!(
            events.get(at + 1),
            Some((Event::Start(Tag::Link { .. }), _))
        ),
        None => false,
    };
    t.starts_with(['—', '―'])
        || t.starts_with("--")
        || (t.starts_with('–') && written.starts_with("--"))
        || hyphen_before
}

/// The attribution's inline events without the dash in front.
fn attribution_inline<'a>(inline: &[Spanned<'a>]) -> Vec<Spanned<'a>> {
    let mut inner: Vec<Spanned<'a>> = inline.to_vec();
    if let Some((Event::Text(t), r)) = inner.first() {
        let rest = t
            .trim_start_matches(['—', '―', '–', '-'])
            .trim_start()
            .to_string();
        let r = r.clone();
        if rest.is_empty() {
            inner.remove(0);
        } else {
            inner[0] = (Event::Text(CowStr::from(rest)), r);
        }
    }
    inner
}

/// The last link of a lead-in, as the quote's source: a Markdown link, or a raw
/// `<a href="…">…</a>` the author wrote in HTML.
fn last_link(lead_in: &[Spanned]) -> Option<Source> {
    let (start, url) = lead_in
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, (e, _))| match e {
            Event::Start(Tag::Link { dest_url, .. }) => Some((i, dest_url.to_string())),
            Event::InlineHtml(h) => super::urls::anchor_href(h).map(|url| (i, url)),
            _ => None,
        })?;
    let end = match &lead_in[start].0 {
        Event::Start(_) => plain::block_end(lead_in, start).saturating_sub(1),
        // The raw anchor's text runs to its `</a>`.
        _ => lead_in[start + 1..]
            .iter()
            .position(|(e, _)| matches!(e, Event::InlineHtml(h) if is_anchor_end(h)))
            .map_or(lead_in.len(), |p| start + 1 + p),
    };
    Some(Source {
        name: plain::text(&lead_in[start + 1..end.max(start + 1)]),
        url,
    })
}

/// `source` with its URL made absolute against the post's permalink (kept as written
/// when the permalink is unknown), so that the `cite` attribute and the source's links
/// on other pages (`/quotes/`, related posts, JSON-LD) lead where the lead-in's link does.
fn absolute_source(source: Source, options: &Options) -> Source {
    match super::urls::absolute_target(&source.url, &options.base_path, &options.permalink) {
        Some(url) => Source { url, ..source },
        None => source,
    }
}

/// Whether raw inline HTML is the end tag `</a>`.
fn is_anchor_end(html: &str) -> bool {
    let tag = html.trim();
    tag.len() >= 4
        && tag.as_bytes()[..3].eq_ignore_ascii_case(b"</a")
        && tag[3..].trim_start() == ">"
}

/// Writes one quote's figure.
fn write_quote<'a>(
    events: &[Spanned<'a>],
    f: &Found,
    q: &Quote,
    options: &Options,
    marks: &BTreeMap<usize, Vec<Range<usize>>>,
    result: &mut Vec<Spanned<'a>>,
) {
    let at = events[f.block.start].1.clone();
    let class = if q.repeat_of.is_some() {
        "quote repeat"
    } else {
        "quote"
    };
    // A search result's title for the passage: where it is quoted from.
    let title = match &q.source {
        Some(s) => options
            .language
            .format("quoted_from", None, &[("source", &s.name)]),
        None => options
            .language
            .format("quoted_passage_n", Some(q.number as u64), &[]),
    };
    result.push((
        raw(format!(
            "<figure class=\"{class}\" id=\"{ID_MARK}{}\"{}>\n",
            q.id,
            search_title(options, &title)
        )),
        at.clone(),
    ));
    if let Some(l) = f.lead_in.as_ref().filter(|_| !f.lead_in_in_notice) {
        result.push((raw("<figcaption class=\"lead-in\">"), at.clone()));
        result.extend(events[l.start + 1..l.end - 1].iter().cloned());
        result.push((raw("</figcaption>\n"), at.clone()));
    }
    let cite = q
        .source
        .as_ref()
        .map(|s| format!(" cite=\"{}\"", crate::html::escape(&s.url)))
        .unwrap_or_default();
    result.push((raw(format!("<blockquote{cite}>\n")), at.clone()));
    // Whether the last `<mark>` was left open across a line break, to run on.
    let mut open = false;
    let cut = f.cut();
    for i in f.content() {
        if cut.as_ref().is_some_and(|c| c.contains(&i)) {
            continue;
        }
        match (&events[i], marks.get(&i)) {
            ((Event::Html(h) | Event::InlineHtml(h), at), _) if plain::is_more_comment(h) => {
                if let Some(rest) = plain::without_more_comment(&events[i].0) {
                    result.push((rest, at.clone()));
                }
            }
            ((Event::SoftBreak | Event::HardBreak, _), _)
                if mark_runs_across(events, marks, i)
                    && matches!(result.last(), Some((Event::InlineHtml(h), _)) if h.as_ref() == "</mark>") =>
            {
                result.pop();
                result.push(events[i].clone());
                open = true;
            }
            ((Event::Code(_), at), Some(_)) => {
                // Marked whole, in the mark of the text before it when that runs up to it.
                if !open && !close_mark_reopened(result) {
                    result.push((raw_inline("<mark>"), at.clone()));
                }
                result.push(events[i].clone());
                result.push((raw_inline("</mark>"), at.clone()));
                open = false;
            }
            ((Event::Text(t), r), Some(ranges)) => {
                // The mark of a marked code right before runs on into this text.
                let after_code = i
                    .checked_sub(1)
                    .is_some_and(|p| matches!(events[p].0, Event::Code(_)));
                let runs_on = open
                    || (after_code
                        && ranges.first().is_some_and(|r| r.start == 0)
                        && close_mark_reopened(result));
                write_marked(t, r, ranges, runs_on, result);
                open = false;
            }
            (e, _) => result.push(e.clone()),
        }
    }
    result.push((raw("</blockquote>\n"), at.clone()));
    result.push((raw("<footer class=\"quote-meta\">"), at.clone()));
    if let Some(a) = &f.attribution {
        result.push((raw_inline("<cite class=\"attribution\">"), at.clone()));
        result.extend(attribution_inline(&events[a.inline.clone()]));
        result.push((raw_inline("</cite> "), at.clone()));
    }
    let language = &options.language;
    let mut links = format!(
        "<span class=\"quote-links\"><a class=\"quote-permalink\" href=\"{URL_START}#{ID_MARK}{id}{URL_END}\" title=\"{title}\">{text}</a>",
        id = q.id,
        title = crate::html::escape(language.text("link_to_passage")),
        text = crate::html::escape_text(&language.format("quote_n", Some(q.number as u64), &[])),
    );
    // The source at a glance; for a web source the link lands on the passage itself.
    if let Some(s) = &q.source {
        let (href, arrow, title) = match &q.fragment_url {
            Some(f) => (f.as_str(), " ↗", "open_passage_in_original"),
            None => (s.url.as_str(), "", "open_source"),
        };
        links.push_str(&format!(
            " <a class=\"quote-source\" href=\"{}\" title=\"{}\">{}{arrow}</a>",
            super::urls::marked(&crate::html::escape(href)),
            crate::html::escape(language.text(title)),
            crate::html::escape_text(&language.format("source_link", None, &[("source", &s.name)]))
        ));
    }
    if let Some(n) = q.repeat_of {
        links.push_str(&format!(
            " <a class=\"quote-repeat-of\" href=\"{URL_START}#{ID_MARK}quote-{n}{URL_END}\">{}</a>",
            crate::html::escape_text(&language.format("repeated_from_quote", Some(n as u64), &[]))
        ));
    }
    links.push_str("</span></footer>\n</figure>\n");
    result.push((raw_inline(links), at));
}

/// Takes back the `</mark>` the rewrite just wrote, if it did, so that the mark runs on
/// into what comes next; whether it did.
fn close_mark_reopened(result: &mut Vec<Spanned>) -> bool {
    let closed =
        matches!(result.last(), Some((Event::InlineHtml(h), _)) if h.as_ref() == "</mark>");
    if closed {
        result.pop();
    }
    closed
}

/// Whether the line break at `i` sits inside a mark: the text before it is marked to its
/// end and the text after it from its start. The break's own whitespace is then marked
/// too, so the highlight has no gap at the source's line end.
fn mark_runs_across(
    events: &[Spanned],
    marks: &BTreeMap<usize, Vec<Range<usize>>>,
    i: usize,
) -> bool {
    let Some(before) = i.checked_sub(1) else {
        return false;
    };
    let ends = match (events.get(before), marks.get(&before)) {
        (Some((Event::Text(t), _)), Some(m)) => m.last().is_some_and(|r| r.end == t.len()),
        (Some((Event::Code(_), _)), Some(_)) => true,
        _ => false,
    };
    let starts = match (events.get(i + 1), marks.get(&(i + 1))) {
        (Some((Event::Text(_), _)), Some(m)) => m.first().is_some_and(|r| r.start == 0),
        (Some((Event::Code(_), _)), Some(_)) => true,
        _ => false,
    };
    ends && starts
}

/// A text event with `<mark>`s around `ranges` (byte ranges, sorted, disjoint). A match
/// never starts or ends with a space, so spaces inside one stay marked and the highlight
/// runs on without gaps across inline markup. `open`: a mark is already open (carried
/// across a line break), so a range at the very start continues it.
fn write_marked<'a>(
    text: &CowStr<'a>,
    at: &Range<usize>,
    ranges: &[Range<usize>],
    open: bool,
    result: &mut Vec<Spanned<'a>>,
) {
    let mut pos = 0;
    let piece = |s: &str| (Event::Text(CowStr::from(s.to_string())), at.clone());
    for r in ranges {
        if r.start < pos || r.end > text.len() || r.start >= r.end {
            continue;
        }
        if r.start > pos {
            result.push(piece(&text[pos..r.start]));
        }
        if !(open && r.start == 0) {
            result.push((raw_inline("<mark>"), at.clone()));
        }
        result.push(piece(&text[r.clone()]));
        result.push((raw_inline("</mark>"), at.clone()));
        pos = r.end;
    }
    if pos < text.len() {
        result.push(piece(&text[pos..]));
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::{Options, render};

    fn html(src: &str) -> String {
        render(src, &Options::default()).page_html()
    }

    #[test]
    fn a_line_holding_only_a_quote_marker_is_not_a_passage() {
        for src in [">\n", "Text.\n\n>\n\nMore.\n", ">\n>\n", "> \n"] {
            let r = render(src, &Options::default());
            assert!(r.quotes.is_empty(), "{src:?}: {:?}", r.quotes);
            assert!(!r.page_html().contains("quote-1"), "{src:?}");
        }
        // The next real quote is the first.
        let r = render(">\n\nSaid:\n\n> Words.\n", &Options::default());
        assert_eq!(r.quotes.len(), 1);
        assert!(r.page_html().contains("quote-1"));
    }

    #[test]
    fn lead_in_source_and_attribution() {
        let r = render(
            "Ann Author has more at [The Ledger](https://ledger.example/2026/story):\n\n> The bridge opens in May. It will carry four lanes of traffic and a bike path.\n>\n> — Mayor Jo\n",
            &Options::default(),
        );
        insta::assert_snapshot!(r.page_html());
        let q = &r.quotes[0];
        assert_eq!(
            q.source.as_ref().map(|s| s.name.as_str()),
            Some("The Ledger")
        );
        assert_eq!(q.attribution.as_deref(), Some("Mayor Jo"));
        assert_eq!(
            q.text,
            "The bridge opens in May. It will carry four lanes of traffic and a bike path."
        );
        assert_eq!(q.words, 16);
        assert_eq!(r.quoted_words, 16);
        // The lead-in is the author's; the attribution is neither theirs nor quoted.
        assert_eq!(r.own_words, 7);
    }

    #[test]
    fn repeat_marks_the_earlier_quote() {
        insta::assert_snapshot!(html(
            "First:\n\n> We signed a deal to use *all of the* power at the plant. More follows.\n\nAgain:\n\n> we signed a deal to use all of the power at the plant.\n"
        ));
    }

    #[test]
    fn repeat_mark_runs_across_a_soft_break() {
        let out = html(
            "First:\n\n> We signed a deal to use all of\n> the power at the plant. More follows.\n\nAgain:\n\n> we signed a deal to use all of the power at the plant.\n",
        );
        let doc = scraper::Html::parse_fragment(&out);
        let mark = scraper::Selector::parse("figure:first-of-type mark").unwrap();
        let marks: Vec<String> = doc
            .select(&mark)
            .map(|m| m.text().collect::<String>())
            .collect();
        assert_eq!(
            marks,
            ["We signed a deal to use all of\nthe power at the plant."],
            "{out}"
        );
    }

    #[test]
    fn quotes_at_start_and_end_without_lead_in() {
        insta::assert_snapshot!(html(
            "> Opening words of someone else.\n\nMy own view, not a lead-in.\n\n> Closing words -- of someone else.\n>\n> -- Someone\n"
        ));
    }

    #[test]
    fn nested_quote_lists_and_code_stay_inside() {
        insta::assert_snapshot!(html(
            "It says:\n\n> Steps:\n>\n> 1. one\n> 2. two\n>\n> > An inner quote.\n>\n> ```\n> code here\n> ```\n"
        ));
    }

    #[test]
    fn whole_paragraph_of_commentary_as_lead_in() {
        let r = render(
            "I read the report twice, and the part that matters most is not in the summary, where [the agency](https://agency.example/) buried it; it is on page forty, where they admit:\n\n> The numbers were estimates.\n",
            &Options::default(),
        );
        let q = &r.quotes[0];
        assert!(
            q.lead_in
                .as_deref()
                .is_some_and(|l| l.starts_with("I read the report twice"))
        );
        assert_eq!(
            q.source.as_ref().map(|s| s.url.as_str()),
            Some("https://agency.example/")
        );
        insta::assert_snapshot!(r.page_html());
    }

    #[test]
    fn alerts_and_notices_are_not_quotes() {
        let r = render(
            "> [!TIP]\n> Not a quote.\n\n> [!UPDATE] 2026-01-02\n> Not one either.\n",
            &Options::default(),
        );
        assert!(r.quotes.is_empty());
        assert!(!r.page_html().contains("<figure"));
    }
}

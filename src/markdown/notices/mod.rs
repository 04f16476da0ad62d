//! Pass 1: update notices and alerts (DESIGN §4, "Update notices and history").
//!
//! Takes the whole event stream and returns it with
//!
//! - `> [!UPDATE] DATE` block quotes, top-level paragraphs that open with an emphasised
//!   label (`**Update:**`, `*Edit (2025-04-02):*`, see [`label`]) and alerts titled as
//!   updates (`> [!NOTE] Update as of 2025-12-08`) rewritten as
//!   `<aside class="update" id="update-N">` with a label line and `<time datetime>`;
//! - GitHub's five alerts (`> [!NOTE]` … `> [!CAUTION]`, optionally with a title after the
//!   marker) rewritten as `<div class="alert alert-KIND" role="note">` callouts.
//!
//! Only the wrappers and label lines become HTML: the notes' content stays events, so the
//! passes after this one still see its links and footnotes. A notice is written as its
//! opening wrapper (`<aside …>` and the label line), the note's blocks, and its closing
//! `</aside>`, both wrappers carrying the source range recorded in
//! [`Rendered::notice_wrappers`]: the quotes pass reads a note that ends with `:` right
//! before a quote as the quote's lead-in. Each notice is recorded in
//! [`Rendered::notices`]. With search on, a notice not followed by a block quote is
//! followed on the post's own page by an empty end for Pagefind
//! (`<div id="update-N-end" …>`, see [`super::search_end`]). Adjacent text events are merged first, so this and every later
//! pass sees words whole. Plain block quotes are left alone: they are the quotes pass's.

pub(crate) mod label;

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use self::label::{Form, Label, NoticeDate};
use super::plain::{self, raw};
use super::{
    ID_MARK, Notice, Options, Rendered, ScheduledNotices, Spanned, heading_text, search_end,
    search_title,
};
use crate::diagnostic::Diagnostic;

/// An alert's kind: GitHub's five.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

impl Kind {
    fn from_word(word: &str) -> Option<Kind> {
        Some(match word.to_ascii_lowercase().as_str() {
            "note" => Kind::Note,
            "tip" => Kind::Tip,
            "important" => Kind::Important,
            "warning" => Kind::Warning,
            "caution" => Kind::Caution,
            _ => return None,
        })
    }

    fn from_cmark(kind: BlockQuoteKind) -> Kind {
        match kind {
            BlockQuoteKind::Note => Kind::Note,
            BlockQuoteKind::Tip => Kind::Tip,
            BlockQuoteKind::Important => Kind::Important,
            BlockQuoteKind::Warning => Kind::Warning,
            BlockQuoteKind::Caution => Kind::Caution,
        }
    }

    /// Its class name, as GitHub writes it (`note`).
    fn class(self) -> &'static str {
        match self {
            Kind::Note => "note",
            Kind::Tip => "tip",
            Kind::Important => "important",
            Kind::Warning => "warning",
            Kind::Caution => "caution",
        }
    }

    /// The key of its title in the site's language (`alert_note`: "Note").
    fn key(self) -> &'static str {
        match self {
            Kind::Note => "alert_note",
            Kind::Tip => "alert_tip",
            Kind::Important => "alert_important",
            Kind::Warning => "alert_warning",
            Kind::Caution => "alert_caution",
        }
    }
}

/// What a `[!WORD]` marker on a block quote's first line asks for.
enum Marker {
    Update,
    Alert(Kind),
}

/// Finds notices and alerts, rewrites them, and records the notices.
pub(crate) fn run<'a>(
    events: Vec<Spanned<'a>>,
    src: &str,
    options: &Options,
    out: &mut Rendered,
) -> Vec<Spanned<'a>> {
    let events = split_stacked_labels(plain::merge_text(events), options);
    let mut result: Vec<Spanned<'a>> = Vec::with_capacity(events.len() + 8);
    // For each open block quote: what its end becomes (`None`: left as it is), and the
    // id of the notice it is.
    let mut closers: Vec<Option<(&'static str, Option<String>)>> = Vec::new();
    // The text of the last heading so far: where search files the words after a notice.
    let mut section: Option<String> = None;
    // After a notice: the end search needs (see `search_end`), unless a block quote
    // follows (a passage, or a notice, has an anchor of its own; and the quotes pass
    // reads a note ending with `:` as that passage's lead-in only right before it).
    let end_of =
        |id: &str, section: &Option<String>, next: Option<&Spanned>, range: &Range<usize>| {
            let end = match next {
                Some((Event::Start(Tag::BlockQuote(_)), _)) => String::new(),
                _ => search_end(options, id, section.as_deref()),
            };
            (!end.is_empty()).then(|| (raw(end), range.clone()))
        };
    let mut depth = 0usize;
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                depth += 1;
                out.asides.push(range.clone());
                result.push((
                    raw(alert_open(Kind::from_cmark(*kind), options)),
                    range.clone(),
                ));
                result.push((raw("</p>\n"), range.clone()));
                closers.push(Some(("</div>\n", None)));
                i += 1;
            }
            Event::Start(Tag::BlockQuote(None)) => {
                match block_quote_marker(&events, i, depth == 0, src, options, out) {
                    Some(Rewrite::Open(head, closer, next)) => {
                        depth += 1;
                        out.asides.push(range.clone());
                        result.extend(head);
                        let notice = (closer == NOTICE_END)
                            .then(|| out.notices.last().map(|n| n.id.clone()))
                            .flatten();
                        closers.push(Some((closer, notice)));
                        i = next;
                    }
                    // A notice held back: the whole block quote is left out.
                    Some(Rewrite::Skip(next)) => i = next,
                    None => {
                        depth += 1;
                        result.push(events[i].clone());
                        closers.push(None);
                        i += 1;
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                depth = depth.saturating_sub(1);
                match closers.pop().flatten() {
                    Some((html, notice)) => {
                        result.push((raw(html), range.clone()));
                        if let Some(id) = notice {
                            result.extend(end_of(&id, &section, events.get(i + 1), range));
                        }
                    }
                    None => result.push(events[i].clone()),
                }
                i += 1;
            }
            Event::Start(Tag::Paragraph) if depth == 0 => {
                match paragraph_notice(&events, i, src, options, out) {
                    Some((rewritten, next)) => {
                        out.asides.push(range.clone());
                        // Empty for a notice held back.
                        let shown = !rewritten.is_empty();
                        result.extend(rewritten);
                        if shown && let Some(n) = out.notices.last() {
                            result.extend(end_of(&n.id, &section, events.get(next), range));
                        }
                        i = next;
                    }
                    None => {
                        depth += 1;
                        result.push(events[i].clone());
                        i += 1;
                    }
                }
            }
            Event::Start(tag) => {
                if depth == 0 && matches!(tag, Tag::Heading { .. }) {
                    let end = plain::block_end(&events, i);
                    section = heading_text(&events[i..end]);
                }
                depth += 1;
                result.push(events[i].clone());
                i += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                result.push(events[i].clone());
                i += 1;
            }
            Event::Html(h) | Event::InlineHtml(h)
                if closers.iter().any(Option::is_some) && plain::is_more_comment(h) =>
            {
                if let Some(rest) = plain::without_more_comment(&events[i].0) {
                    result.push((rest, events[i].1.clone()));
                }
                i += 1;
            }
            _ => {
                result.push(events[i].clone());
                i += 1;
            }
        }
    }
    result
}

/// `<div class="alert alert-note" role="note"><p class="alert-title"><span
/// class="alert-kind">Note</span>` (the title in the site's language) — left open for an
/// optional title.
fn alert_open(kind: Kind, options: &Options) -> String {
    format!(
        "<div class=\"alert alert-{}\" role=\"note\">\n<p class=\"alert-title\"><span class=\"alert-kind\">{}</span>",
        kind.class(),
        crate::html::escape_text(options.language.text(kind.key()))
    )
}

/// What a block quote with a marker becomes.
enum Rewrite<'a> {
    /// The events that open its rewrite, the HTML that closes it, and where its body
    /// goes on.
    Open(Vec<Spanned<'a>>, &'static str, usize),
    /// Nothing: a notice held back. Its events end before this index.
    Skip(usize),
}

/// A block quote (at `start`) whose first line is `[!UPDATE] …` or `[!KIND] title`, and
/// what it becomes. `top` says whether it is a top-level block (only those can be update
/// notices).
fn block_quote_marker<'a>(
    events: &[Spanned<'a>],
    start: usize,
    top: bool,
    src: &str,
    options: &Options,
    out: &mut Rendered,
) -> Option<Rewrite<'a>> {
    let (Event::Start(Tag::Paragraph), para_range) = events.get(start + 1)? else {
        return None;
    };
    let (Event::Text(first), first_range) = events.get(start + 2)? else {
        return None;
    };
    let trimmed = first.trim_start();
    let inner = trimmed.strip_prefix("[!")?;
    let close = inner.find(']')?;
    let word = &inner[..close];
    let marker = if word.eq_ignore_ascii_case("update") {
        Marker::Update
    } else {
        Marker::Alert(Kind::from_word(word)?)
    };
    let rest_of_text = inner[close + 1..].trim_start().to_string();
    // The first line: up to the first line break, or the whole paragraph.
    let mut line_end = start + 3;
    while let Some((e, _)) = events.get(line_end) {
        if matches!(
            e,
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph)
        ) {
            break;
        }
        line_end += 1;
    }
    let mut title: Vec<Spanned<'a>> = Vec::new();
    if !rest_of_text.is_empty() {
        title.push((Event::Text(CowStr::from(rest_of_text)), first_range.clone()));
    }
    title.extend(events[start + 3..line_end].iter().cloned());
    if !balanced(&title) {
        return None;
    }
    let paragraph_goes_on = !matches!(
        events.get(line_end),
        Some((Event::End(TagEnd::Paragraph), _))
    );
    let body_start = line_end + 1;
    let quote_end = plain::block_end(events, start);
    // The note's own events, for the record (a paragraph cut at its first line reopens).
    let mut body: Vec<Spanned<'a>> = Vec::new();
    if paragraph_goes_on {
        body.push((Event::Start(Tag::Paragraph), para_range.clone()));
    }
    body.extend(
        events[body_start..quote_end.saturating_sub(1).max(body_start)]
            .iter()
            .cloned(),
    );
    let mut head: Vec<Spanned<'a>> = Vec::new();
    let range = events[start].1.clone();
    let line = plain::line_of(src, first_range.start);
    let title_text = plain::text(&title);
    let notice_label = match marker {
        Marker::Update if top => {
            let date = if title_text.trim().is_empty() {
                None
            } else {
                let d = label::parse_date(title_text.trim(), &options.timezone);
                if d.is_none() {
                    out.diagnostics.push(
                        Diagnostic::warning("", format!("cannot read the date {:?} of this update notice; it is shown without a date", title_text.trim()))
                            .at(line, 1)
                            .with_help("write `> [!UPDATE] 2026-11-28` or `> [!UPDATE] 2026-11-28 17:40`"),
                    );
                }
                d
            };
            Some(Label {
                keyword: options.language.text("alert_update").to_string(),
                counter: None,
                date,
                note_start: None,
                unreadable_date: None,
            })
        }
        Marker::Alert(_) if top => {
            let l = label::parse(&title_text, "", Form::Title, &options.timezone);
            if let Some(written) = l.as_ref().and_then(|l| l.unreadable_date.as_deref()) {
                warn_unreadable_label_date(written, line, out);
            }
            l
        }
        _ => None,
    };
    let closer = match (notice_label, marker) {
        (Some(l), _) => {
            let Some(scheduled) = due(&l, options, out) else {
                return Some(Rewrite::Skip(led_in_quote_end(events, quote_end, &body)));
            };
            let notice = record(
                l,
                scheduled,
                &body,
                &options.base_path,
                line,
                range.clone(),
                out,
            );
            head.push((raw(aside_open(notice, options)), range));
            NOTICE_END
        }
        (None, Marker::Alert(kind)) => {
            head.push((raw(alert_open(kind, options)), range.clone()));
            if !title.is_empty() {
                head.push((raw(" "), range.clone()));
                head.extend(title);
            }
            head.push((raw("</p>\n"), range));
            "</div>\n"
        }
        // `[!UPDATE]` inside another block: not a notice; left as written.
        (None, Marker::Update) => return None,
    };
    if paragraph_goes_on {
        head.push((Event::Start(Tag::Paragraph), para_range.clone()));
    }
    Some(Rewrite::Open(head, closer, body_start))
}

/// Where a notice held back ends: at `end`, its own end, or when its note ends with `:`
/// right before a quote (the quote's lead-in, see the quotes pass), after that quote,
/// which belongs to the update.
fn led_in_quote_end(events: &[Spanned], end: usize, note: &[Spanned]) -> usize {
    let leads_in = plain::text(note).trim_end().ends_with(':');
    match events.get(end) {
        Some((Event::Start(Tag::BlockQuote(None)), _)) if leads_in => plain::block_end(events, end),
        _ => end,
    }
}

/// Whether the notice labelled `l` is shown (`Some`), and if so whether it is marked
/// scheduled; `None` when it is held back, its date kept in `out`. See
/// [`ScheduledNotices`].
fn due(l: &Label, options: &Options, out: &mut Rendered) -> Option<bool> {
    let Some(at) = l.date.as_ref().map(|d| &d.at) else {
        return Some(false);
    };
    let after = |now: &jiff::Timestamp| at.timestamp() > *now;
    match &options.scheduled_notices {
        ScheduledNotices::Shown => Some(false),
        ScheduledNotices::Held(now) if after(now) => {
            out.scheduled_notices.push(at.clone());
            None
        }
        ScheduledNotices::Marked(now) if after(now) => {
            out.scheduled_notices.push(at.clone());
            Some(true)
        }
        _ => Some(false),
    }
}

/// Splits each top-level paragraph that opens with a notice label at every line that
/// opens with a label too (`**Update 2022-01-01:** …` / `**Update 2022-01-05:** …` on
/// consecutive lines), so that each line is a notice of its own. The line break becomes
/// the paragraphs' end and start; the new paragraph starts where its label does, so the
/// notice's line is the label's.
fn split_stacked_labels<'a>(events: Vec<Spanned<'a>>, options: &Options) -> Vec<Spanned<'a>> {
    let mut breaks: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Start(Tag::Paragraph) if depth == 0 => {
                let end = plain::block_end(&events, i);
                if opens_with_label(&events, i + 1, options) {
                    let mut nest = 0usize;
                    for j in i + 1..end.saturating_sub(1) {
                        match &events[j].0 {
                            Event::Start(_) => nest += 1,
                            Event::End(_) => nest = nest.saturating_sub(1),
                            Event::SoftBreak | Event::HardBreak
                                if nest == 0 && opens_with_label(&events, j + 1, options) =>
                            {
                                breaks.push(j);
                            }
                            _ => {}
                        }
                    }
                }
                i = end;
            }
            Event::Start(_) => {
                depth += 1;
                i += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    if breaks.is_empty() {
        return events;
    }
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len() + breaks.len());
    let mut next = breaks.iter().peekable();
    let mut events = events.into_iter().enumerate().peekable();
    while let Some((i, (event, range))) = events.next() {
        if next.peek() == Some(&&i) {
            next.next();
            let label_at = events.peek().map_or(range.clone(), |(_, (_, r))| r.clone());
            out.push((Event::End(TagEnd::Paragraph), range));
            out.push((Event::Start(Tag::Paragraph), label_at));
        } else {
            out.push((event, range));
        }
    }
    out
}

/// Whether the event at `at` opens an emphasised notice label (`**Update:**`).
fn opens_with_label(events: &[Spanned], at: usize, options: &Options) -> bool {
    if !matches!(
        events.get(at),
        Some((Event::Start(Tag::Strong | Tag::Emphasis), _))
    ) {
        return false;
    }
    let label_end = plain::block_end(events, at);
    let label_text = plain::text(&events[at + 1..label_end.saturating_sub(1).max(at + 1)]);
    let after = match events.get(label_end) {
        Some((Event::Text(t), _)) => t.as_ref(),
        _ => "",
    };
    label::parse(&label_text, after, Form::Paragraph, &options.timezone).is_some()
}

/// A top-level paragraph (at `start`) opening with an emphasised notice label: its
/// rewrite and the index after it.
fn paragraph_notice<'a>(
    events: &[Spanned<'a>],
    start: usize,
    src: &str,
    options: &Options,
    out: &mut Rendered,
) -> Option<(Vec<Spanned<'a>>, usize)> {
    let (emphasis, emphasis_range) = events.get(start + 1)?;
    let emphasis_end = match emphasis {
        Event::Start(Tag::Strong) => TagEnd::Strong,
        Event::Start(Tag::Emphasis) => TagEnd::Emphasis,
        _ => return None,
    };
    let label_end = plain::block_end(events, start + 1);
    let para_end = plain::block_end(events, start);
    let inner = &events[start + 2..label_end - 1];
    let label_text = plain::text(inner);
    let after = match events.get(label_end) {
        Some((Event::Text(t), _)) => t.as_ref(),
        _ => "",
    };
    let l = label::parse(&label_text, after, Form::Paragraph, &options.timezone)?;
    let mut note: Vec<Spanned<'a>> = vec![(Event::Start(Tag::Paragraph), events[start].1.clone())];
    if let Some(at) = l.note_start {
        let tail = split_at_text_offset(inner, at);
        if !tail.is_empty() {
            note.push((emphasis.clone(), emphasis_range.clone()));
            note.extend(tail);
            note.push((Event::End(emphasis_end), emphasis_range.clone()));
        }
    }
    let mut rest = events[label_end..para_end - 1].to_vec();
    if let Some((Event::Text(t), r)) = rest.first() {
        let strip: &[char] = if l.note_start.is_none() && !label_text.trim_end().ends_with(':') {
            &[':', '—', '–', '.', ' ']
        } else {
            &[' ']
        };
        let mut stripped = t.trim_start_matches(strip).trim_start();
        // `**Updated September 24th, 2025** - Socket…`: a hyphen closes the label too.
        if strip.len() > 1
            && let Some(s) = stripped.strip_prefix("- ")
        {
            stripped = s.trim_start();
        }
        let stripped = stripped.to_string();
        let r = r.clone();
        if stripped.is_empty() {
            rest.remove(0);
        } else {
            rest[0] = (Event::Text(CowStr::from(stripped)), r);
        }
    }
    note.extend(rest);
    note.push((Event::End(TagEnd::Paragraph), events[start].1.clone()));
    let line = plain::line_of(src, events[start].1.start);
    if let Some(written) = &l.unreadable_date {
        warn_unreadable_label_date(written, line, out);
    }
    let Some(scheduled) = due(&l, options, out) else {
        return Some((Vec::new(), led_in_quote_end(events, para_end, &note)));
    };
    let has_note = note.len() > 2;
    let body = if has_note { note.clone() } else { Vec::new() };
    let range = events[start].1.clone();
    let notice = record(
        l,
        scheduled,
        &body,
        &options.base_path,
        line,
        range.clone(),
        out,
    );
    let mut rewritten = vec![(raw(aside_open(notice, options)), range.clone())];
    if has_note {
        rewritten.extend(note);
    }
    rewritten.push((raw(NOTICE_END), range));
    Some((rewritten, para_end))
}

/// Warns that a notice's label names a date gloss cannot read (`**Update 2024-02-30:**`):
/// the notice stays, undated, and the writer learns where.
fn warn_unreadable_label_date(written: &str, line: usize, out: &mut Rendered) {
    out.diagnostics.push(
        Diagnostic::warning(
            "",
            format!(
                "cannot read the date {written:?} in this update notice's label; it is shown without a date"
            ),
        )
        .at(line, 1)
        .with_help("write the date as `2026-11-28`, `November 28, 2026` or `28 Nov 2026`"),
    );
}

/// The events of `inner` from plain-text offset `at` on (see [`plain::text`]).
fn split_at_text_offset<'a>(inner: &[Spanned<'a>], at: usize) -> Vec<Spanned<'a>> {
    let mut offset = 0usize;
    for (i, (event, range)) in inner.iter().enumerate() {
        let len = match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => t.len(),
            Event::SoftBreak | Event::HardBreak => 1,
            _ => 0,
        };
        if offset + len > at {
            let mut tail = Vec::new();
            if let Event::Text(t) = event {
                let piece = t[at - offset..].trim_start();
                if !piece.is_empty() {
                    tail.push((Event::Text(CowStr::from(piece.to_string())), range.clone()));
                }
            } else {
                tail.push((event.clone(), range.clone()));
            }
            tail.extend(inner[i + 1..].iter().cloned());
            return tail;
        }
        offset += len;
    }
    Vec::new()
}

/// Records a notice and returns it; `at` is the source range its wrappers carry,
/// `base_path` the base URL's path (for the notice's root-relative links).
fn record<'o>(
    l: Label,
    scheduled: bool,
    body: &[Spanned],
    base_path: &str,
    line: usize,
    at: Range<usize>,
    out: &'o mut Rendered,
) -> &'o Notice {
    out.notice_wrappers.push(at);
    let number = out.notices.len() + 1;
    let marked_html = plain::html(body, base_path);
    out.notices.push(Notice {
        number,
        id: format!("update-{number}"),
        has_time: l.date.as_ref().is_some_and(|d| d.has_time),
        label: l.name(),
        date: l.date.map(|d| d.at),
        scheduled,
        html: plain::on_page(&marked_html),
        marked_html,
        text: plain::text(body),
        line,
    });
    &out.notices[number - 1]
}

/// The name of a notice's `aside` landmark: its label and date ("Update, Mar 4, 2026"), or
/// its label and number when undated ("Update 2"), so that several notices on one page are
/// told apart in a screen reader's list of landmarks.
fn landmark_name(n: &Notice, options: &Options) -> String {
    match &n.date {
        Some(at) => {
            let d = NoticeDate {
                at: at.clone(),
                has_time: n.has_time,
            };
            format!("{}, {}", n.label, d.display(&options.language))
        }
        // A label with its own counter (`Update #2`) is told apart already.
        None if n.label.contains(' ') => n.label.clone(),
        None => format!("{} {}", n.label, n.id.trim_start_matches("update-")),
    }
}

/// The end of a notice's `aside`.
const NOTICE_END: &str = "</aside>\n";

/// `<aside class="update" id="update-N"><p class="update-label">…</p>` (left open).
fn aside_open(n: &Notice, options: &Options) -> String {
    let mut title = n.label.clone();
    let time = n
        .date
        .as_ref()
        .map(|at| {
            let d = NoticeDate {
                at: at.clone(),
                has_time: n.has_time,
            };
            let shown = d.display(&options.language);
            // A search result's title: the label and the date ("Update, Nov 28, 2026").
            title = format!("{}, {shown}", n.label);
            format!(
                " <time datetime=\"{}\">{}</time>",
                d.machine(),
                crate::html::escape_text(&shown)
            )
        })
        .unwrap_or_default();
    // Shown ahead of its date (`--future`): marked as a scheduled post is.
    let (class, mark) = match n.scheduled {
        true => (
            " scheduled",
            format!(
                " <span class=\"scheduled\">{}</span>",
                crate::html::escape_text(options.language.text("scheduled"))
            ),
        ),
        false => ("", String::new()),
    };
    format!(
        "<aside class=\"update{class}\" id=\"{ID_MARK}{}\"{} aria-label=\"{}\">\n<p class=\"update-label\"><strong>{}</strong>{time}{mark}</p>\n",
        n.id,
        search_title(options, &title),
        crate::html::escape(&landmark_name(n, options)),
        crate::html::escape_text(&n.label)
    )
}

/// Whether every start in `events` has its end.
fn balanced(events: &[Spanned]) -> bool {
    let mut depth = 0i32;
    for (e, _) in events {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

#[cfg(test)]
mod tests {
    use crate::markdown::{Options, render};

    fn html(src: &str) -> String {
        render(src, &Options::default()).page_html()
    }

    #[test]
    fn update_block_quote() {
        let r = render(
            "Text.\n\n> [!UPDATE] 2026-11-28T17:40:00-06:00\n> The plant is *back* on.\n>\n> Second paragraph.\n",
            &Options::default(),
        );
        insta::assert_snapshot!(r.page_html());
        let n = &r.notices[0];
        assert_eq!((n.number, n.id.as_str(), n.line), (1, "update-1", 3));
        assert_eq!(n.text, "The plant is back on.\nSecond paragraph.");
        assert_eq!(
            n.html,
            "<p>The plant is <em>back</em> on.</p>\n<p>Second paragraph.</p>\n"
        );
        assert!(n.has_time);
    }

    /// A body with a past notice, a future one leading in to a quote, a future
    /// `[!UPDATE]` and an undated one, rendered as of 2030-01-01 with `scheduled`.
    fn as_of_2030(scheduled: fn(jiff::Timestamp) -> ScheduledNotices) -> crate::markdown::Rendered {
        let now: jiff::Timestamp = "2030-01-01T00:00:00Z".parse().expect("a moment");
        render(
            "Text.\n\n**Update 2029-12-31:** Past.\n\n**Update 2030-01-02:** Future, quoting:\n\n\
             > The quote.\n\n> [!UPDATE] 2031-05-06\n> Later.\n\n**Update:** Undated.\n\nEnd.\n",
            &Options {
                scheduled_notices: scheduled(now),
                ..Options::default()
            },
        )
    }

    use crate::markdown::ScheduledNotices;

    #[test]
    fn notices_dated_after_the_build_are_held_back_with_the_quote_they_lead_in_to() {
        let r = as_of_2030(ScheduledNotices::Held);
        let texts: Vec<&str> = r.notices.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(texts, ["Past.", "Undated."]);
        let ids: Vec<&str> = r.notices.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["update-1", "update-2"]);
        let held: Vec<String> = r
            .scheduled_notices
            .iter()
            .map(|d| d.strftime("%F").to_string())
            .collect();
        assert_eq!(held, ["2030-01-02", "2031-05-06"]);
        let html = r.page_html();
        for gone in ["Future", "The quote", "Later"] {
            assert!(!html.contains(gone), "{gone}: {html}");
        }
        assert!(html.contains("<p>End.</p>"), "{html}");
        assert!(r.quotes.is_empty());
    }

    #[test]
    fn with_future_they_are_shown_marked_scheduled() {
        let r = as_of_2030(ScheduledNotices::Marked);
        let marked: Vec<(&str, bool)> = r
            .notices
            .iter()
            .map(|n| (n.text.as_str(), n.scheduled))
            .collect();
        assert_eq!(
            marked,
            [
                ("Past.", false),
                ("Future, quoting:", true),
                ("Later.", true),
                ("Undated.", false)
            ]
        );
        let html = r.page_html();
        assert_eq!(
            html.matches("<aside class=\"update scheduled\"").count(),
            2,
            "{html}"
        );
        assert_eq!(r.quotes.len(), 1);
        assert_eq!(r.scheduled_notices.len(), 2);
        // Without a moment to compare with, every notice is shown unmarked.
        let shown = render("**Update 2099-01-01:** Far.\n", &Options::default());
        assert!(!shown.notices[0].scheduled && shown.scheduled_notices.is_empty());
    }

    #[test]
    fn update_marker_alone_and_undated() {
        insta::assert_snapshot!(html("> [!update]\n>\n> Fixed a name.\n"));
    }

    #[test]
    fn unreadable_update_date_warns() {
        let r = render("> [!UPDATE] soon-ish\n> Text.\n", &Options::default());
        assert_eq!(r.notices.len(), 1);
        assert!(r.notices[0].date.is_none());
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].line, Some(1));
    }

    #[test]
    fn paragraph_labels() {
        insta::assert_snapshot!(html(
            "**Update:** They replied.\n\n**Update 2020-06-18:** A date.\n\n**Update, August 12, 2023:** Long date.\n\n*Updated on March 3, 2024: fixed the [link](https://example.org/).*\n\n_Edit:_ Typo.\n\n*Edit (2025-04-02):* Another.\n\n**Correction:** The name.\n\n**Update**: colon after.\n"
        ));
    }

    #[test]
    fn label_forms_real_blogs_write_are_notices() {
        let src = "*Edit, 2025-03-11 09:45am:* A hypothesis.\n\n\
            **Update, evening of 2021/08/27:** a couple of bits.\n\n\
            **Updated September 24th, 2025 17:34:38 UTC** - Socket has also published.\n\n\
            _Edit (Jan 2017): I re-discovered [a post](https://example.org/) on this._\n\n\
            _Edit (Feb 2017):_ Label only.\n\n\
            **Update (9:45am, March 11, 2025):** Ported.\n";
        let r = render(src, &Options::default());
        let got: Vec<(String, Option<String>, String)> = r
            .notices
            .iter()
            .map(|n| {
                (
                    n.label.clone(),
                    n.date
                        .as_ref()
                        .map(|d| d.strftime("%Y-%m-%dT%H:%M:%S").to_string()),
                    n.text.clone(),
                )
            })
            .collect();
        let want = [
            ("Edit", "2025-03-11T09:45:00", "A hypothesis."),
            ("Update", "2021-08-27T00:00:00", "a couple of bits."),
            (
                "Updated",
                "2025-09-24T17:34:38",
                "Socket has also published.",
            ),
            (
                "Edit",
                "2017-01-01T00:00:00",
                "I re-discovered a post on this.",
            ),
            ("Edit", "2017-02-01T00:00:00", "Label only."),
            ("Update", "2025-03-11T09:45:00", "Ported."),
        ];
        let want: Vec<(String, Option<String>, String)> = want
            .iter()
            .map(|(l, d, t)| (l.to_string(), Some(d.to_string()), t.to_string()))
            .collect();
        assert_eq!(got, want);
        let doc = scraper::Html::parse_fragment(&r.page_html());
        let asides = scraper::Selector::parse("aside.update").unwrap();
        assert_eq!(doc.select(&asides).count(), 6);
        let links =
            scraper::Selector::parse("aside.update a[href='https://example.org/']").unwrap();
        assert_eq!(doc.select(&links).count(), 1);
    }

    #[test]
    fn look_alikes_stay_paragraphs() {
        let src = "Update the config first.\n\n*Update from [1.80](https://example.org/)*\n\nAs I said, **Update:** mid-sentence.\n\n**Update** the config.\n\n- **Update:** in a list\n\n> **Update:** inside a quoted passage\n";
        let r = render(src, &Options::default());
        assert!(r.notices.is_empty(), "{:?}", r.notices);
        assert!(!r.page_html().contains("<aside"));
    }

    #[test]
    fn alerts_with_and_without_titles() {
        insta::assert_snapshot!(html(
            "> [!NOTE]\n> Plain note.\n\n> [!TIP] A *better* way\n> Use it.\n\n> [!WARNING] Careful\n\n> [!CAUTION]\n> Hot.\n\n> [!IMPORTANT]\n> Read.\n"
        ));
    }

    #[test]
    fn more_inside_a_notice_or_alert_is_not_a_split() {
        let r = render(
            "> [!NOTE]\n> <!-- more -->\n\n> [!UPDATE] 2026-01-02\n> <!-- more -->\n",
            &Options::default(),
        );
        assert_eq!(r.summary, None);
    }

    #[test]
    fn alert_titled_as_update_is_a_notice() {
        let r = render(
            "> [!NOTE] Update as of 2025-12-08\n> The numbers changed.\n",
            &Options::default(),
        );
        assert_eq!(r.notices.len(), 1);
        assert_eq!(r.notices[0].text, "The numbers changed.");
        insta::assert_snapshot!(r.page_html());
    }
}

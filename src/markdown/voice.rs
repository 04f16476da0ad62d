//! The author's voice: a post's description in its author's own words, as plain text.
//!
//! A commentary post mixes the author's sentences with passages quoted from others. A
//! description cut from the post's text as a whole would run a lead-in ("…said in a press
//! release:") straight into the press release, and a list, a feed reader or a search
//! engine would show the press release as the author's words. So the description is:
//!
//! 1. the author's own prose — paragraphs and lists outside quoted passages — before
//!    `<!-- more -->` when the post has that line, else in the whole post; lead-ins
//!    (they end with `:` and announce a quote), update notices and alerts (asides),
//!    headings, code, tables, images, raw HTML and footnotes are left out;
//! 2. when that is empty (a post that is all quotes), the first quoted passage marked as
//!    one, with its source: `“We are delighted…” — Techcrunch`;
//!
//! cut at a word before [`DESCRIPTION_CHARS`] characters, with `…` when cut. The quotes
//! pass, which knows the quotes and their lead-ins, calls [`record`] with the events as
//! it finds them; [`description`] finishes the text once the `<!-- more -->` split is
//! known. Sites use it for lists, `<meta name="description">`, Open Graph and feeds,
//! unless the front matter gives a `description`.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{Quote, Rendered, Spanned};

/// The longest description, in characters (search engines show about 155–160).
pub(crate) const DESCRIPTION_CHARS: usize = 160;

/// Records the author's own text of each top-level block in `blocks` (ranges of
/// `events`) for which `skip` (given the block's index) is false: quotes and lead-ins
/// are skipped by the caller, asides ([`Rendered::asides`]) here. Stops once there is
/// more than a description's worth.
pub(crate) fn record(
    events: &[Spanned],
    blocks: &[Range<usize>],
    skip: impl Fn(usize) -> bool,
    out: &mut Rendered,
) {
    let mut chars = 0;
    for (b, block) in blocks.iter().enumerate() {
        if chars > DESCRIPTION_CHARS || skip(b) {
            continue;
        }
        let (first, range) = &events[block.start];
        let prose = matches!(
            first,
            Event::Start(Tag::Paragraph | Tag::List(_) | Tag::DefinitionList)
        );
        if !prose || out.asides.iter().any(|a| a.contains(&range.start)) {
            continue;
        }
        let text = prose_text(&events[block.clone()]);
        if !text.is_empty() {
            chars += text.chars().count() + 1;
            out.author_text.push((range.start, text));
        }
    }
}

/// The plain text of a block of prose, whitespace collapsed: text and inline code, with
/// images, code blocks, headings, tables, footnotes and raw HTML left out.
fn prose_text(events: &[Spanned]) -> String {
    let mut out = String::new();
    let mut skipping = 0usize;
    for (event, _) in events {
        match event {
            Event::Start(
                Tag::Image { .. }
                | Tag::CodeBlock(_)
                | Tag::Heading { .. }
                | Tag::Table(_)
                | Tag::FootnoteDefinition(_)
                | Tag::HtmlBlock
                | Tag::BlockQuote(_),
            ) => skipping += 1,
            Event::End(
                TagEnd::Image
                | TagEnd::CodeBlock
                | TagEnd::Heading(_)
                | TagEnd::Table
                | TagEnd::FootnoteDefinition
                | TagEnd::HtmlBlock
                | TagEnd::BlockQuote(_),
            ) => skipping = skipping.saturating_sub(1),
            _ if skipping > 0 => {}
            Event::Text(t) | Event::Code(t) => out.push_str(t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(end) if super::plain::is_block_end(end) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The description (see the module docs) from what [`record`] kept and the quotes, for a
/// body whose `<!-- more -->` comment is at byte `more_at`, if it has one.
pub(crate) fn description(rendered: &Rendered, more_at: Option<usize>) -> String {
    let before = |at: usize| more_at.is_none_or(|more| at < more);
    let own: Vec<&str> = rendered
        .author_text
        .iter()
        .filter(|(at, _)| before(*at))
        .map(|(_, text)| text.as_str())
        .collect();
    if !own.is_empty() {
        return first_words(&own.join(" "), DESCRIPTION_CHARS);
    }
    rendered.quotes.first().map(quoted).unwrap_or_default()
}

/// A quote as a description: its first words in quotation marks, then its source.
fn quoted(q: &Quote) -> String {
    let text = q.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let by = q
        .source
        .as_ref()
        .map(|s| s.name.trim().to_string())
        .filter(|n| !n.is_empty())
        .or_else(|| q.attribution_text.clone().filter(|a| !a.is_empty()));
    let by = by.map(|name| format!(" — {name}")).unwrap_or_default();
    // Room for the text inside the marks, the source after them.
    let room = DESCRIPTION_CHARS
        .saturating_sub(by.chars().count() + 2)
        .max(20);
    format!("“{}”{by}", first_words(&text, room))
}

/// The first words of `text` that fit in `max` characters, with `…` when cut.
pub(crate) fn first_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        let len = out.chars().count() + word.chars().count() + 1;
        if len > max.saturating_sub(1) {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        // One very long word: cut it.
        out = text.chars().take(max.saturating_sub(1)).collect();
    }
    let trimmed = out.trim_end_matches([',', ';', ':', '.', '—', '–', '-']);
    format!("{trimmed}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{Options, render};

    fn description_of(src: &str) -> String {
        render(src, &Options::default()).description
    }

    #[test]
    fn first_words_cut_at_a_word() {
        assert_eq!(first_words("one two three", 40), "one two three");
        assert_eq!(first_words("one two, three four", 12), "one two…");
        assert_eq!(first_words("abcdefghij", 5), "abcd…");
    }

    #[test]
    fn the_author_s_words_only() {
        let d = description_of(
            "The company said in a [press release](https://example.com/pr):\n\n> We have signed a deal.\n\nMy commentary follows.\n",
        );
        assert_eq!(d, "My commentary follows.");
    }

    #[test]
    fn no_permalink_hash_no_notes_no_headings_no_code() {
        let d = description_of(
            "# Title\n\nOne[^1] `two`.\n\n```\ncode\n```\n\n> Quoted.\n\n- three ![alt](i.png)\n\n<div>raw</div>\n\n[^1]: Note.\n",
        );
        assert_eq!(d, "One two. three");
    }

    #[test]
    fn asides_are_left_out() {
        let d = description_of(
            "**Update:** fixed a name.\n\n> [!NOTE]\n> An alert.\n\n> [!UPDATE] 2026-01-02\n> Later.\n\nThe post.\n",
        );
        assert_eq!(d, "The post.");
    }

    #[test]
    fn before_more_only() {
        assert_eq!(description_of("One.\n\n<!-- more -->\n\nTwo.\n"), "One.");
        assert_eq!(description_of("One.\n\nTwo.\n"), "One. Two.");
    }

    #[test]
    fn a_post_of_quotes_gives_its_first_quote_marked_as_one() {
        let d = description_of(
            "[Techcrunch](https://techcrunch.com/a) reports:\n\n> The deal is signed.\n",
        );
        assert_eq!(d, "“The deal is signed.” — Techcrunch");
        let d = description_of("> The deal is signed.\n>\n> — A. Person\n");
        assert_eq!(d, "“The deal is signed.” — A. Person");
    }

    #[test]
    fn cut_at_a_word() {
        let long = "word ".repeat(100);
        let d = description_of(&long);
        assert!(d.chars().count() <= DESCRIPTION_CHARS, "{d}");
        assert!(d.ends_with('…'));
    }
}

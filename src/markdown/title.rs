//! Titles: a front matter `title` as inline HTML and as plain text.
//!
//! Real blogs write Markdown and HTML in titles (``Changes to `u128` layout``,
//! `Where <abbr>DRY</abbr> Applies`, `Review: <cite>A Book</cite>`), sometimes malformed
//! (`<abbr>AI<abbr>`, never closed). Takes the title as written and returns either the
//! plain text (for `<title>`, feeds, lists) or inline HTML safe to put inside a heading
//! or a link: only phrasing elements are kept, every element is closed, links become
//! their text (a title is often a link itself, and links do not nest). Pure: no file
//! system, no site. A title is never read as a block (`# x`, `1. x`, `> x` stay text).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Inline HTML elements a title may keep; every other tag is dropped (its text stays).
const PHRASING: &[&str] = &[
    "abbr", "b", "bdi", "bdo", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q",
    "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
];

/// The title as plain text: Markdown and HTML markup removed, entities decoded,
/// whitespace folded. `Where <abbr>DRY</abbr> Applies` → `Where DRY Applies`.
pub(crate) fn text(title: &str) -> String {
    let mut out = String::new();
    for event in events(title) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The title as inline HTML for a heading: Markdown rendered, allowed HTML kept and
/// balanced, links reduced to their text, everything else escaped.
pub(crate) fn html(title: &str) -> String {
    let mut out = String::new();
    let mut open: Vec<String> = Vec::new();
    for event in events(title) {
        match event {
            Event::Text(t) => crate::html::push_text(&mut out, &t),
            Event::Code(t) => {
                out.push_str("<code>");
                crate::html::push_text(&mut out, &t);
                out.push_str("</code>");
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::Start(Tag::Emphasis) => out.push_str("<em>"),
            Event::End(TagEnd::Emphasis) => out.push_str("</em>"),
            Event::Start(Tag::Strong) => out.push_str("<strong>"),
            Event::End(TagEnd::Strong) => out.push_str("</strong>"),
            Event::Start(Tag::Strikethrough) => out.push_str("<del>"),
            Event::End(TagEnd::Strikethrough) => out.push_str("</del>"),
            Event::InlineHtml(tag) | Event::Html(tag) => push_tag(&mut out, &mut open, &tag),
            _ => {}
        }
    }
    while let Some(name) = open.pop() {
        out.push_str(&format!("</{name}>"));
    }
    out
}

/// Parses the title as the inside of one paragraph.
fn events(title: &str) -> Vec<Event<'_>> {
    let folded = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let source = escape_block_start(&folded);
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION;
    let mut events: Vec<Event<'static>> = Parser::new_ext(&source, options)
        .filter(|e| {
            !matches!(
                e,
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
            )
        })
        .map(Event::into_static)
        .collect();
    // Drop the guard `escape_block_start` put before a leading tag.
    if source.starts_with(GUARD)
        && let Some(Event::Text(t)) = events.first()
        && t.starts_with(GUARD_CHAR)
    {
        let rest = t[GUARD_CHAR.len_utf8()..].to_string();
        if rest.is_empty() {
            events.remove(0);
        } else {
            events[0] = Event::Text(rest.into());
        }
    }
    events
}

/// Written before a title that starts with a tag, so that `<div>…` or `<script>…` is
/// inline HTML (kept or dropped by [`push_tag`]) and not an HTML block taken whole.
const GUARD: &str = "&#8203;";
const GUARD_CHAR: char = '\u{200B}';

/// Escapes what would make a one-line title a block (a heading, list, quote, break).
fn escape_block_start(title: &str) -> String {
    let first = title.chars().next();
    let digits = title.chars().take_while(char::is_ascii_digit).count();
    let after_digits = title[digits..].chars().next();
    if first == Some('<') {
        format!("{GUARD}{title}")
    } else if matches!(
        first,
        Some('#' | '>' | '-' | '+' | '*' | '=' | '_' | '|' | '`' | '~')
    ) {
        format!("\\{title}")
    } else if digits > 0 && matches!(after_digits, Some('.' | ')')) {
        format!("{}\\{}", &title[..digits], &title[digits..])
    } else {
        title.to_string()
    }
}

/// Keeps a phrasing tag (balancing it against `open`) and drops any other.
fn push_tag(out: &mut String, open: &mut Vec<String>, tag: &str) {
    let tag = tag.trim();
    let Some(inner) = tag.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else {
        return;
    };
    let closing = inner.starts_with('/');
    let name: String = inner
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    if !PHRASING.contains(&name.as_str()) {
        return;
    }
    if closing {
        // Close down to the matching element; a stray closer is dropped.
        if let Some(i) = open.iter().rposition(|n| *n == name) {
            while open.len() > i {
                if let Some(n) = open.pop() {
                    out.push_str(&format!("</{n}>"));
                }
            }
        }
    } else if inner.ends_with('/') {
        // `<span/>` and the like carry nothing in a title.
    } else {
        out.push('<');
        out.push_str(inner);
        out.push('>');
        open.push(name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_titles_pass_through() {
        assert_eq!(text("Announcing Rust 1.72.0"), "Announcing Rust 1.72.0");
        assert_eq!(html("Fish & Chips"), "Fish &amp; Chips");
    }

    #[test]
    fn markdown_in_titles() {
        let t = "Changes to `u128`/`i128` layout in 1.77 and 1.78";
        assert_eq!(text(t), "Changes to u128/i128 layout in 1.77 and 1.78");
        assert_eq!(
            html(t),
            "Changes to <code>u128</code>/<code>i128</code> layout in 1.77 and 1.78"
        );
        assert_eq!(html("What if we *could*?"), "What if we <em>could</em>?");
    }

    #[test]
    fn html_in_titles() {
        let t = "Where <abbr>DRY</abbr> Applies";
        assert_eq!(text(t), "Where DRY Applies");
        assert_eq!(html(t), t);
        assert_eq!(
            html("Quoting Jane on <cite>Poetry</cite> Magazine"),
            "Quoting Jane on <cite>Poetry</cite> Magazine"
        );
    }

    #[test]
    fn unclosed_html_in_title_is_balanced() {
        // Regression: a real title ends `<abbr title='artificial intelligence'>AI<abbr>`.
        let t = "Software Engineering and <abbr title='artificial intelligence'>AI<abbr>";
        assert_eq!(text(t), "Software Engineering and AI");
        assert_eq!(
            html(t),
            "Software Engineering and <abbr title='artificial intelligence'>AI<abbr></abbr></abbr>"
        );
        assert_eq!(html("a</em> b"), "a b");
    }

    #[test]
    fn unsafe_tags_and_links_are_dropped() {
        assert_eq!(html("<script>x</script> <b>y</b>"), "x <b>y</b>");
        assert_eq!(html("See [this](https://example.org)"), "See this");
        assert_eq!(text("See [this](https://example.org)"), "See this");
    }

    #[test]
    fn titles_never_become_blocks() {
        assert_eq!(html("# Not a heading"), "# Not a heading");
        assert_eq!(html("1. Not a list"), "1. Not a list");
        assert_eq!(text("> Not a quote"), "> Not a quote");
        assert_eq!(text("- dash"), "- dash");
    }

    #[test]
    fn multi_line_titles_are_one_line() {
        assert_eq!(text("One\n  two\n"), "One two");
        assert_eq!(
            html("<abbr title=\"x\">OPML</abbr> Files\nas…"),
            "<abbr title=\"x\">OPML</abbr> Files as…"
        );
    }
}

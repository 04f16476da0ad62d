//! Pass 0: shortcodes of other generators stay text.
//!
//! Hugo's `{{<youtube id>}}` (no space after `{{<`) looks like an HTML tag to a CommonMark
//! parser, so a browser would swallow it. This pass turns raw HTML events that lie inside a
//! shortcode or template tag back into text, so the page shows what the author wrote.
//! (The warning about each shortcode comes from the `links` pass.) Code is never touched.

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use super::Spanned;

/// Rewrites raw HTML inside shortcodes as text.
pub(crate) fn run<'a>(mut events: Vec<Spanned<'a>>, src: &str) -> Vec<Spanned<'a>> {
    if !src.contains('{') {
        return events;
    }
    let code: Vec<Range<usize>> = events
        .iter()
        .filter(|(e, _)| matches!(e, Event::Start(Tag::CodeBlock(_)) | Event::Code(_)))
        .map(|(_, r)| r.clone())
        .collect();
    let found = super::links::shortcodes(src, &code);
    if found.is_empty() {
        return events;
    }
    for (event, range) in &mut events {
        let inside = found
            .iter()
            .any(|(s, _)| s.start <= range.start && range.end <= s.end);
        if inside && let Event::InlineHtml(html) | Event::Html(html) = event {
            *event = Event::Text(html.clone());
        }
    }
    events
}

#[cfg(test)]
mod tests {
    use crate::markdown::{Options, render};

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
}

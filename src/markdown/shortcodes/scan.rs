//! Finding template tags in a body: Hugo's `{{< >}}` and `{{% %}}`, `{% %}` (Jekyll's
//! Liquid, Eleventy's Nunjucks, Zola) and the output tags `{{ … }}` they all share,
//! outside code spans and code blocks. What each tag is, is [`super::parse`]'s business.

use std::ops::Range;

/// The longest tag looked for, in bytes (an opener without a closer this close is text).
const MAX_SHORTCODE: usize = 2000;

/// Which kind of foreign template syntax was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `{{< … >}}` or `{{% … %}}`.
    Hugo,
    /// `{{ … }}`: an output tag of Liquid, Nunjucks, Go templates or Tera
    /// (`{{ "12 Dec 2014" | timePosted }}`, `{{ page.title }}`).
    Output,
    /// `{% … %}`.
    Tag,
}

/// The byte ranges of shortcodes and template tags in `src` that start outside `code`.
/// A closer must come before a blank line (the end of the paragraph).
pub(crate) fn find(src: &str, code: &[Range<usize>]) -> Vec<(Range<usize>, Kind)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = src[from..].find('{') {
        let start = from + offset;
        let rest = &src[start..];
        let (kind, opener, closer) = if rest.starts_with("{{<") {
            (Kind::Hugo, 3, ">}}")
        } else if rest.starts_with("{{%") {
            (Kind::Hugo, 3, "%}}")
        } else if rest.starts_with("{%") {
            (Kind::Tag, 2, "%}")
        } else if rest.starts_with("{{") {
            (Kind::Output, 2, "}}")
        } else {
            from = start + 1;
            continue;
        };
        if code.iter().any(|r| r.contains(&start)) {
            from = start + 1;
            continue;
        }
        let window = &rest[..floor_char_boundary(rest, MAX_SHORTCODE)];
        let window = match window.find("\n\n").or_else(|| window.find("\n\r\n")) {
            Some(blank) => &window[..blank],
            None => window,
        };
        match window.get(opener..).and_then(|w| w.find(closer)) {
            // `{{}}` holds no expression, and `{{a}}` reads as a set of a set: text.
            Some(end) if kind == Kind::Output && !output_tag(&rest[opener..opener + end]) => {
                from = start + 1;
            }
            Some(end) => {
                let end = start + opener + end + closer.len();
                found.push((start..end, kind));
                from = end;
            }
            None => from = start + 1,
        }
    }
    found
}

/// Whether `inner`, the text between `{{` and `}}`, reads as a template expression: it
/// holds one and has spaces, a filter `|`, quotes or a call's `(` (`{{ page.title }}`,
/// `{{Figure src="a.png"}}`, `{{ "12 Dec 2014" | timePosted }}`); a bare word (`{{a}}`,
/// a set of a set in prose) does not.
fn output_tag(inner: &str) -> bool {
    !inner.trim().is_empty()
        && inner.contains(|c: char| c.is_whitespace() || matches!(c, '|' | '"' | '\'' | '('))
}

/// The largest char boundary in `s` not above `max`.
fn floor_char_boundary(s: &str, max: usize) -> usize {
    if max >= s.len() {
        return s.len();
    }
    (0..=max)
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0)
}

/// `text` cut to `max` characters, with `…` when cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max - 1).collect();
    s.push('…');
    s
}

//! Pass 5: links, images and shortcodes found in the body.
//!
//! Takes the body as written: its source and the events pulldown-cmark parsed from it,
//! before the other passes rewrote them (they may fold text into HTML or show a footnote
//! twice, as sidenote and in the end list), and returns what it finds in [`Found`], which
//! [`Found::add_to`] moves into [`Rendered`]:
//!
//! - every link and image target, with its 1-based line and column in the body, in
//!   [`Rendered::links`] (what `gloss check` verifies). Reference links are recorded where
//!   they are used, with the target of their definition; email autolinks as `mailto:`.
//!   Links in raw HTML are not seen.
//! - a warning for each shortcode or template tag of another generator — Hugo's `{{< >}}`
//!   and `{{% %}}`, `{% %}` (Jekyll's Liquid, Eleventy's Nunjucks, Zola) and the output
//!   tags `{{ … }}` all of them share — found
//!   outside code spans and code blocks. gloss does not run them; they stay in the page as
//!   the author wrote them.
//!
//! This pass only reads: it never changes the HTML.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag};

use super::{Link, Rendered, Spanned};
use crate::diagnostic::{Diagnostic, LineIndex};

/// The longest shortcode looked for, in bytes (an opener without a closer this close is text).
const MAX_SHORTCODE: usize = 2000;

/// What this pass found in one body.
#[derive(Debug, Default)]
pub(crate) struct Found {
    links: Vec<Link>,
    diagnostics: Vec<Diagnostic>,
}

impl Found {
    /// Appends the links and the warnings to `out`.
    pub(crate) fn add_to(self, out: &mut Rendered) {
        out.links.extend(self.links);
        out.diagnostics.extend(self.diagnostics);
    }
}

/// Records link and image targets with their lines and warns about shortcodes, reading
/// `events`: those pulldown-cmark parsed from `src` with [`super::cmark_options`], before
/// any pass changed them (the renderer's own parse, shared rather than parsed again).
pub(crate) fn scan(events: &[Spanned], src: &str) -> Found {
    let mut out = Found::default();
    let lines = LineIndex::new(src);
    let mut code: Vec<Range<usize>> = Vec::new();
    for (event, range) in events {
        let (url, image, link_type) = match event {
            Event::Start(Tag::Link {
                dest_url,
                link_type,
                ..
            }) => (dest_url, false, *link_type),
            Event::Start(Tag::Image {
                dest_url,
                link_type,
                ..
            }) => (dest_url, true, *link_type),
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => {
                code.push(range.clone());
                continue;
            }
            _ => continue,
        };
        let url = if link_type == LinkType::Email {
            format!("mailto:{url}")
        } else {
            url.to_string()
        };
        let (line, column) = lines.line_column(range.start);
        out.links.push(Link {
            url,
            image,
            line,
            column,
        });
    }
    for (range, kind) in shortcodes(src, &code) {
        let (line, column) = lines.line_column(range.start);
        let text = src[range].split_whitespace().collect::<Vec<_>>().join(" ");
        let shown = shorten(&text, 60);
        let message = match kind {
            Kind::Hugo => format!("Hugo shortcode `{shown}` is not supported; it is left as text"),
            Kind::Tag => format!(
                "template tag `{shown}` (Jekyll, Eleventy or Zola) is not supported; it is left as text"
            ),
            Kind::Output => format!(
                "template output tag `{shown}` (Jekyll, Eleventy, Hugo or Zola) is not supported; it is left as text"
            ),
        };
        out.diagnostics
            .push(Diagnostic::warning("", message).at(line, column).with_help(
                "replace it with Markdown or HTML, or put it in backticks to show it as code",
            ));
    }
    out
}

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
pub(crate) fn shortcodes(src: &str, code: &[Range<usize>]) -> Vec<(Range<usize>, Kind)> {
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
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max - 1).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use crate::markdown::{Link, Options, render};

    fn link(url: &str, image: bool, line: usize, column: usize) -> Link {
        Link {
            url: url.to_string(),
            image,
            line,
            column,
        }
    }

    #[test]
    fn links_and_images_with_positions() {
        let src = "Intro [one](https://a.example/) and ![pic](img.png \"t\").\n\n\
                   - see <https://b.example/> or <me@c.example>\n\
                   - ünï [ref][r] and [#](#local)\n\n\
                   [r]: /posts/other/\n";
        let r = render(src, &Options::default());
        assert_eq!(
            r.links,
            vec![
                link("https://a.example/", false, 1, 7),
                link("img.png", true, 1, 37),
                link("https://b.example/", false, 3, 7),
                link("mailto:me@c.example", false, 3, 31),
                link("/posts/other/", false, 4, 7),
                link("#local", false, 4, 20),
            ]
        );
    }

    #[test]
    fn links_in_quotes_footnotes_and_tables_are_found_once() {
        let src = "Text[^n].\n\n> [q](/q/)\n\n| a |\n|---|\n| [t](/t/) |\n\n[^n]: [f](/f/)\n";
        let r = render(src, &Options::default());
        let urls: Vec<_> = r.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, ["/q/", "/t/", "/f/"]);
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
        assert_eq!(texts[0], "Posted {{ “12 Dec 2014” | timePosted }}.");
        assert_eq!(texts[1], "{{Figure src=“a.png” caption=“A <b>map</b>”}}");
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

//! Pass 1: links and images found in the body.
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
//!
//! This pass only reads: it never changes the HTML.

use pulldown_cmark::{Event, LinkType, Tag};

use super::{Link, Rendered, Spanned};
use crate::diagnostic::LineIndex;

/// What this pass found in one body.
#[derive(Debug, Default)]
pub(crate) struct Found {
    links: Vec<Link>,
}

impl Found {
    /// Appends the links to `out`.
    pub(crate) fn add_to(self, out: &mut Rendered) {
        out.links.extend(self.links);
    }
}

/// Records link and image targets with their lines, reading `events`: those
/// pulldown-cmark parsed from `src` with [`super::cmark_options`] (shortcodes expanded,
/// ranges in `src`), before any other pass changed them.
pub(crate) fn scan(events: &[Spanned], src: &str) -> Found {
    let mut out = Found::default();
    let lines = LineIndex::new(src);
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
    out
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
}

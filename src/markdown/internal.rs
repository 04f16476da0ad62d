//! Pass 0b: internal links, `[text](@/posts/a.md#part)`, resolved to the URL of the page
//! or section whose file under `content/` the path names, the `#fragment` kept.
//!
//! Zola's form (getzola.org/documentation/content/linking/): a link that names the
//! source file rather than the URL, so it survives a change of `slug`, `path` or
//! `[permalinks]`. The templates' `get_page` and `get_url` take the same paths. The
//! site answers through [`Shortcodes::content_url`], as it answers `ref` and `post_url`
//! shortcodes; without a site (`Options::shortcodes` is `None`) links are left as
//! written. A path that names no file is a warning at the link's line and column, and
//! the link is left as written (so `gloss check` reports it too), as a `ref` to a missing
//! page is: a blog whose old posts link to posts it no longer has still builds.
//!
//! Runs after shortcodes are expanded and before [`super::links`] records the targets,
//! so that `gloss check` verifies the URL written, not the `@/` path.

use pulldown_cmark::{CowStr, Event, Tag};

use super::Spanned;
use super::shortcodes::Shortcodes;
use crate::diagnostic::{Diagnostic, LineIndex};

/// The prefix of an internal link's target.
pub(crate) const PREFIX: &str = "@/";

/// What this pass did to one body.
#[derive(Debug, Default)]
pub(crate) struct Resolved {
    /// Whether the body has an `@/` link, resolved or not: the rendering then depends on
    /// which pages the site has and their URLs, not on the body alone.
    pub met: bool,
    /// A warning for each `@/` link that names no page, located in the body.
    pub diagnostics: Vec<Diagnostic>,
}

/// Rewrites the target of each link starting with `@/` to the URL path of the page it
/// names (see the module header). `src` is the body the event ranges point into.
pub(crate) fn run<'a>(
    events: Vec<Spanned<'a>>,
    src: &str,
    site: Option<&dyn Shortcodes>,
) -> (Vec<Spanned<'a>>, Resolved) {
    let mut done = Resolved::default();
    let Some(site) = site else {
        return (events, done);
    };
    if !src.contains(PREFIX) {
        return (events, done);
    }
    let lines = LineIndex::new(src);
    let events = events
        .into_iter()
        .map(|(event, range)| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with(PREFIX) => {
                done.met = true;
                let dest_url = match resolve(&dest_url, site) {
                    Some(url) => CowStr::from(url),
                    None => {
                        let (line, column) = lines.line_column(range.start);
                        done.diagnostics.push(
                            Diagnostic::warning(
                                "",
                                format!(
                                    "internal link `{dest_url}` names no page or section of this site; it is left as written"
                                ),
                            )
                            .at(line, column)
                            .with_help(
                                "write the path of a page's file under content/ after `@/`, as `@/posts/a.md` or `@/posts/trip/index.md` (a section: `@/posts/_index.md`), or link to its URL",
                            ),
                        );
                        dest_url
                    }
                };
                (
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }),
                    range,
                )
            }
            e => (e, range),
        })
        .collect();
    (events, done)
}

/// The URL path (`/posts/a/#part`) of the internal link `target` (`@/posts/a.md#part`).
fn resolve(target: &str, site: &dyn Shortcodes) -> Option<String> {
    let target = target.strip_prefix(PREFIX)?;
    let (path, fragment) = match target.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (target, None),
    };
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let url = site.content_url(&path)?;
    Some(match fragment {
        Some(f) => format!("{url}#{f}"),
        None => url,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::markdown::shortcodes::{Call, Output, Shortcodes};
    use crate::markdown::{Options, render};

    /// Two files: `blog/a.md` at `/blog/a/`, and the section `blog/_index.md` at `/blog/`.
    #[derive(Debug)]
    struct Site;

    impl Shortcodes for Site {
        fn template(&self, _: &str) -> Option<Output> {
            None
        }
        fn render(&self, _: &Call) -> Result<String, String> {
            Err("none".into())
        }
        fn page_url(&self, _: &str) -> Option<String> {
            None
        }
        fn content_url(&self, path: &str) -> Option<String> {
            match path {
                "blog/a.md" => Some("/blog/a/".into()),
                "blog/_index.md" => Some("/blog/".into()),
                _ => None,
            }
        }
    }

    fn options(base_path: &str) -> Options {
        Options {
            shortcodes: Some(Arc::new(Site)),
            base_path: base_path.into(),
            ..Options::default()
        }
    }

    #[test]
    fn paths_become_urls_with_their_fragment_and_the_base_path() {
        let r = render(
            "See [a](@/blog/a.md#part-two) and [all][s].\n\n[s]: @/blog/_index.md\n",
            &options("/sub/"),
        );
        assert_eq!(
            r.page_html(),
            "<p>See <a href=\"/sub/blog/a/#part-two\">a</a> and <a href=\"/sub/blog/\">all</a>.</p>\n"
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(r.internal_links);
        let urls: Vec<&str> = r.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, ["/blog/a/#part-two", "/blog/"]);
    }

    #[test]
    fn a_path_naming_no_file_is_a_warning_at_its_place_and_left_as_written() {
        let r = render("Text.\n\nA [gone](@/blog/gone.md) link.\n", &options("/"));
        assert_eq!(
            r.page_html(),
            "<p>Text.</p>\n<p>A <a href=\"@/blog/gone.md\">gone</a> link.</p>\n"
        );
        assert_eq!(r.diagnostics.len(), 1);
        let d = &r.diagnostics[0];
        assert_eq!((d.line, d.column), (Some(3), Some(3)));
        assert!(
            d.message.contains("`@/blog/gone.md` names no page"),
            "{}",
            d.message
        );
        // A page added later answers it: the rendering depends on the site.
        assert!(r.internal_links);
    }

    #[test]
    fn without_a_site_and_in_code_nothing_changes() {
        let r = render("[a](@/blog/a.md)\n", &Options::default());
        assert_eq!(r.page_html(), "<p><a href=\"@/blog/a.md\">a</a></p>\n");
        assert!(r.diagnostics.is_empty());
        let r = render("`[a](@/blog/gone.md)`\n", &options("/"));
        assert!(r.diagnostics.is_empty());
    }
}

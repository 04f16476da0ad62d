//! A footnote as a sidenote: the note's content rewritten as phrasing content, so that it
//! can stand inside the paragraph that references it and stay valid HTML.
//!
//! Takes the note's events and returns HTML: paragraphs, list items, quotes and code
//! blocks become `span`s and `code` that the theme shows as blocks. Ids are left out (the
//! end list holds the note's real ids), and raw HTML blocks are dropped, since they may
//! hold `div`s; a figure the images pass wrote (a titled image alone in its paragraph)
//! becomes `<span class="sidenote-figure">` holding the image and
//! `<span class="sidenote-caption">` with its title. Links are written with URL marks, root-relative targets with the base
//! URL's path, as in the end list (see [`crate::markdown::urls`]).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::markdown::Spanned;
use crate::markdown::images::Figure;
use crate::markdown::urls::{LinkContext, write_links};

/// The sidenote's inner HTML for the note `events`; `number_of` gives the number of a
/// note referenced from inside this one, `base_path` is the base URL's path (`/blog/`),
/// `figures` the figures the images pass wrote in the body.
pub(crate) fn html(
    events: &[Spanned],
    number_of: &dyn Fn(&str) -> Option<usize>,
    base_path: &str,
    figures: &[Figure],
) -> String {
    let mut mapped: Vec<Spanned> = Vec::with_capacity(events.len());
    let mut in_code = false;
    for (event, range) in events {
        let open = |s: &str| Event::InlineHtml(CowStr::from(s.to_string()));
        let e = match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => open("<span class=\"sidenote-p\">"),
                Tag::Heading { .. } => open("<strong class=\"sidenote-p\">"),
                Tag::BlockQuote(_) => open("<span class=\"sidenote-quote\">"),
                Tag::List(_) => open("<span class=\"sidenote-list\">"),
                Tag::Item => open("<span class=\"sidenote-li\">"),
                Tag::CodeBlock(_) => {
                    in_code = true;
                    open("<code class=\"sidenote-code\">")
                }
                Tag::Table(_) | Tag::TableHead | Tag::TableRow => {
                    open("<span class=\"sidenote-row\">")
                }
                Tag::TableCell => open("<span class=\"sidenote-cell\">"),
                Tag::HtmlBlock | Tag::FootnoteDefinition(_) | Tag::MetadataBlock(_) => continue,
                Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                    open("<span class=\"sidenote-p\">")
                }
                _ => event.clone(),
            },
            Event::End(end) => match end {
                TagEnd::Heading(_) => open("</strong>"),
                TagEnd::CodeBlock => {
                    in_code = false;
                    open("</code>")
                }
                TagEnd::Paragraph
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::TableCell
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition => open("</span>"),
                TagEnd::HtmlBlock | TagEnd::FootnoteDefinition | TagEnd::MetadataBlock(_) => {
                    continue;
                }
                _ => event.clone(),
            },
            Event::Text(t) if in_code => open(&crate::html::escape_text(t)),
            Event::Html(_) => match figures.iter().find(|f| f.at == *range) {
                Some(f) => open(&format!(
                    "<span class=\"sidenote-figure\">{}<span class=\"sidenote-caption\">{}</span></span>",
                    f.image, f.caption
                )),
                None => continue,
            },
            Event::Rule => continue,
            Event::FootnoteReference(label) => match number_of(label) {
                Some(n) => open(&format!("<sup>{n}</sup>")),
                None => Event::Text(CowStr::from(format!("[^{label}]"))),
            },
            _ => event.clone(),
        };
        mapped.push((e, range.clone()));
    }
    // Shown on the post's own page only, whose ids have no prefix: no id marks.
    let written = write_links(mapped, &LinkContext::apart(base_path));
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, written.into_iter().map(|(e, _)| e));
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn sidenote(src: &str) -> String {
        let events: Vec<Spanned> = Parser::new_ext(src, Options::ENABLE_TABLES)
            .into_offset_iter()
            .collect();
        html(&events, &|_| Some(7), "/", &[])
    }

    #[test]
    fn blocks_become_phrasing() {
        insta::assert_snapshot!(sidenote(
            "First *para*.\n\nSecond.\n\n- a\n- b\n\n```\nx < y\n```\n\n> q\n\n## Head {#id}\n\n<div>raw</div>\n"
        ));
    }

    #[test]
    fn no_block_elements_remain() {
        let h = sidenote("A\n\n1. b\n\n| t |\n|---|\n| c |\n\n<div>x</div>\n\n---\n");
        for tag in [
            "<p", "<div", "<ol", "<ul", "<li", "<table", "<pre", "<hr", "<h2",
        ] {
            assert!(!h.contains(tag), "{tag} in {h}");
        }
    }
}

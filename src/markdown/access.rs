//! Pass 8: what keyboard and screen reader users need from blocks the HTML writer would
//! write bare (WCAG 2.2: 1.3.1, 2.1.1, 4.1.2).
//!
//! - A code block can be wider than the page and scrolls sideways: it gets `tabindex="0"`
//!   so the keyboard can reach and scroll it (`<pre tabindex="0"><code …>`). Highlighted
//!   blocks get the same from the highlight pass.
//! - A table is wrapped in `<div class="table-scroll" tabindex="0">`, which scrolls on
//!   narrow screens, so the table itself keeps its table semantics.
//! - A task list's checkbox is named `done` or `not done` (`aria-label`), since nothing
//!   labels it: the item's text follows it but is not its `<label>`.
//!
//! The pass touches nothing else and cannot fail.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::Spanned;
use crate::html::{escape, escape_text};

/// Rewrites code blocks, tables and task list markers as described in the module header.
pub(crate) fn run<'a>(
    events: Vec<Spanned<'a>>,
    language: &crate::i18n::Language,
) -> Vec<Spanned<'a>> {
    // The task list markers' labels, in the site's language, made once per page.
    let done = format!(
        "<input type=\"checkbox\" disabled checked aria-label=\"{}\"> ",
        escape(language.text("task_done"))
    );
    let not_done = format!(
        "<input type=\"checkbox\" disabled aria-label=\"{}\"> ",
        escape(language.text("task_not_done"))
    );
    let mut result = Vec::with_capacity(events.len());
    let mut in_code = false;
    for (event, range) in events {
        let html = |s: String| Event::Html(CowStr::from(s));
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                let class = match &kind {
                    CodeBlockKind::Fenced(info) => info
                        .split_whitespace()
                        .next()
                        .map(|lang| format!(" class=\"language-{}\"", escape(lang)))
                        .unwrap_or_default(),
                    CodeBlockKind::Indented => String::new(),
                };
                html(format!("<pre tabindex=\"0\"><code{class}>"))
            }
            Event::Text(text) if in_code => html(escape_text(&text)),
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                html("</code></pre>\n".to_string())
            }
            Event::Start(Tag::Table(_)) => {
                result.push((
                    html("<div class=\"table-scroll\" tabindex=\"0\">\n".to_string()),
                    range.clone(),
                ));
                event
            }
            Event::End(TagEnd::Table) => {
                result.push((event, range.clone()));
                html("</div>\n".to_string())
            }
            Event::TaskListMarker(checked) => Event::InlineHtml(CowStr::from(if checked {
                done.clone()
            } else {
                not_done.clone()
            })),
            other => other,
        };
        result.push((event, range));
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn html(src: &str) -> String {
        let events: Vec<Spanned> = Parser::new_ext(
            src,
            Options::ENABLE_GFM | Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS,
        )
        .into_offset_iter()
        .collect();
        let mut out = String::new();
        pulldown_cmark::html::push_html(
            &mut out,
            run(events, &crate::i18n::Language::default())
                .into_iter()
                .map(|(e, _)| e),
        );
        out
    }

    #[test]
    fn code_blocks_can_be_reached_with_the_keyboard() {
        assert_eq!(
            html("```sh x\na < b\n```\n\n    indented\n"),
            "<pre tabindex=\"0\"><code class=\"language-sh\">a &lt; b\n</code></pre>\n\
             <pre tabindex=\"0\"><code>indented\n</code></pre>\n"
        );
    }

    #[test]
    fn tables_scroll_inside_a_focusable_box() {
        let out = html("| a | b |\n|:-|-:|\n| 1 | 2 |\n");
        assert!(
            out.starts_with("<div class=\"table-scroll\" tabindex=\"0\">\n<table>"),
            "{out}"
        );
        assert!(out.ends_with("</table>\n</div>\n"), "{out}");
        // The writer still aligns the cells.
        assert!(
            out.contains("<td style=\"text-align: right\">2</td>"),
            "{out}"
        );
    }

    #[test]
    fn task_list_checkboxes_are_named() {
        let out = html("- [x] read\n- [ ] write\n");
        assert!(
            out.contains("<input type=\"checkbox\" disabled checked aria-label=\"done\"> read"),
            "{out}"
        );
        assert!(
            out.contains("<input type=\"checkbox\" disabled aria-label=\"not done\"> write"),
            "{out}"
        );
    }
}

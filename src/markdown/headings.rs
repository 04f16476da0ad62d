//! Pass 3: heading ids.
//!
//! Takes the event stream and gives every heading an id: the author's `{#custom-id}` when
//! there is one, otherwise one made from the heading's plain text by the site's
//! [`HeadingIds`] rule (GitHub's by default, [`github_id`]; or Zola's, [`slugify`]). Ids are
//! unique on the page: a repeated id gets `-1`, `-2`, … (`intro`, `intro-1`), as GitHub and
//! Hugo number them, and every custom id is reserved before any id is made, so a later
//! `{#intro}` keeps its id and an earlier heading "Intro" becomes `intro-1`. So are the
//! ids written in the page's raw HTML (`## <span id="preload">Preload</span>` gives the
//! heading `preload-1`): two elements with one id break in-page links. Slugs that look like the ids other passes generate
//! (`quote-1`, `update-2`, `fn-3`, `fnref-3`) get an `h-` in front so they never collide.
//!
//! The ids the other passes write are reserved too (and the default theme's `main`, see
//! [`THEME_IDS`]), and a heading always yields to them:
//! update notices and quoted passages have permalinks that must not change because a
//! writer added a heading. A custom `{#update-1}` on a page with an update notice becomes
//! `update-1-1`, with a warning; a custom id of that shape that nothing else writes is
//! kept. Footnote ids are known from [`footnotes::Plan`] (that pass runs later); headings
//! inside the footnote definitions it will drop are left as they are and not recorded, so
//! no link is taken to point at them.
//!
//! Ids are written with [`ID_MARK`] in front (`id="\u{E000}intro"`) so that pages showing
//! several posts can prefix them; each heading ends with a small self-link
//! (`<a class="anchor" href="#…" aria-hidden="true" tabindex="-1">#</a>`, hidden from
//! screen readers, which reach headings on their own). The headings are recorded in
//! [`Rendered::headings`] (ids without any prefix).
//!
//! This pass must not touch anything but headings, and never drops or reorders events.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::footnotes;
use super::{
    Heading, HeadingIds, ID_MARK, Options, PAGE_ONLY_END, PAGE_ONLY_START, Rendered, Spanned,
};
use crate::content::slug::slugify;
use crate::diagnostic::{Diagnostic, line_column};

/// Ids the default theme writes on every page around the post: `<main id="main">`, the
/// target of its "skip to content" link. A heading "Main" becomes `main-1`.
const THEME_IDS: [&str; 1] = ["main"];

/// Prefixes of the ids the other passes generate (`quote-N`, `update-N`, `fn-N`, `fnref-N…`).
const GENERATED_PREFIXES: [&str; 4] = ["quote-", "update-", "fn-", "fnref-"];

/// Gives every heading a unique id, adds its self-link and records the headings.
///
/// `src` is the body the events came from (for the lines of duplicate-id warnings);
/// `style` is the rule for ids made from heading text.
pub(crate) fn run<'a>(
    events: Vec<Spanned<'a>>,
    src: &str,
    options: &Options,
    out: &mut Rendered,
) -> Vec<Spanned<'a>> {
    let style = options.heading_ids;
    let generated = Generated {
        notices: out
            .notices
            .iter()
            .map(|n| (n.id.clone(), n.number))
            .collect(),
        quotes: out
            .quotes
            .iter()
            .map(|q| (q.id.clone(), q.number))
            .collect(),
        footnotes: footnotes::Plan::new(&events),
    };
    // Custom ids are reserved first, so a slug never takes an id the author chose, and so
    // are the ids of the author's raw HTML.
    let mut reserved: HashSet<String> = events
        .iter()
        .enumerate()
        .filter_map(|(i, (e, _))| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) if !generated.footnotes.drops(i) => {
                Some(id.to_string())
            }
            _ => None,
        })
        .collect();
    reserved.extend(raw_html_ids(&events));
    let mut taken: HashSet<String> = HashSet::new();
    // The last number given to each base (`intro` → 3 after `intro-3`), so that the
    // n-th repeat of a slug does not try 1…n again: 2,000 empty headings were quadratic.
    let mut numbered: HashMap<String, usize> = HashMap::new();
    let free = |id: &str, taken: &HashSet<String>| {
        !taken.contains(id) && !reserved.contains(id) && generated.owner(id).is_none()
    };

    let mut result = Vec::with_capacity(events.len() + 8);
    let mut iter = events.into_iter().enumerate();
    while let Some((index, (event, range))) = iter.next() {
        // The footnotes pass drops this definition, headings and all: not a target.
        if generated.footnotes.drops(index) {
            result.push((event, range));
            continue;
        }
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = event
        else {
            result.push((event, range));
            continue;
        };
        // The heading's inner events, up to its end.
        let mut inner = Vec::new();
        let mut end = None;
        for (_, (e, r)) in iter.by_ref() {
            if matches!(e, Event::End(TagEnd::Heading(_))) {
                end = Some((e, r));
                break;
            }
            inner.push((e, r));
        }
        let text = plain_text(&inner);
        let id = match id {
            Some(custom) => {
                let custom = custom.to_string();
                if let Some(owner) = generated.owner(&custom) {
                    let (line, column) = line_column(src, range.start);
                    let unique = unique(&custom, &mut numbered, |id| free(id, &taken));
                    out.diagnostics.push(
                        Diagnostic::warning(
                            "",
                            format!(
                                "heading id `{custom}` belongs to {owner}; this heading becomes `{unique}`"
                            ),
                        )
                        .at(line, column)
                        .with_help(
                            "choose another `{#id}`: update notices, quoted passages and footnotes keep `update-N`, `quote-N`, `fn-N` and `fnref-N`",
                        ),
                    );
                    unique
                } else if taken.contains(&custom) {
                    let (line, column) = line_column(src, range.start);
                    let unique = unique(&custom, &mut numbered, |id| free(id, &taken));
                    out.diagnostics.push(
                        Diagnostic::warning(
                            "",
                            format!(
                                "heading id `{custom}` is used twice; this one becomes `{unique}`"
                            ),
                        )
                        .at(line, column)
                        .with_help("give each heading its own `{#id}`"),
                    );
                    unique
                } else {
                    custom
                }
            }
            None => {
                let mut slug = match style {
                    HeadingIds::Github => github_id(&text),
                    HeadingIds::Zola => slugify(&text),
                };
                if looks_generated(&slug) {
                    slug.insert_str(0, "h-");
                }
                unique(&slug, &mut numbered, |id| free(id, &taken))
            }
        };
        taken.insert(id.clone());
        out.headings.push(Heading {
            level: level as u8,
            id: id.clone(),
            text,
        });

        let marked = format!("{ID_MARK}{id}");
        // Page-only: lists and feeds show the heading without its self-link. Search
        // leaves its `#` out of the heading's text (a result titled "Code #").
        let anchor = format!(
            "{PAGE_ONLY_START} <a class=\"anchor\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\"{}>#</a>{PAGE_ONLY_END}",
            crate::html::escape(&marked),
            if options.search {
                " data-pagefind-ignore"
            } else {
                ""
            }
        );
        let end_range = end
            .as_ref()
            .map_or(range.end..range.end, |(_, r)| r.clone());
        result.push((
            Event::Start(Tag::Heading {
                level,
                id: Some(CowStr::from(marked)),
                classes,
                attrs,
            }),
            range,
        ));
        result.extend(inner);
        result.push((Event::InlineHtml(CowStr::from(anchor)), end_range.clone()));
        result.push(end.unwrap_or((Event::End(TagEnd::Heading(level)), end_range)));
    }
    result
}

/// The heading's text as plain text: text and code, line breaks as spaces, no markup
/// and no footnote references.
pub(crate) fn plain_text(inner: &[Spanned]) -> String {
    let mut text = String::new();
    for (e, _) in inner {
        match e {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// GitHub's heading id for `text` (the rule Hugo's `github` autoid type, kramdown and
/// markdown-it-anchor follow on the common cases): in Unicode Normalization Form C,
/// trimmed, lowercased; letters, digits and `_` kept; each `-` and each space one `-`;
/// every other character dropped. Never empty: text with none of those gives
/// `untitled`, as [`slugify`] does.
pub(crate) fn github_id(text: &str) -> String {
    let text = crate::content::slug::nfc(text);
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c == '-' || c == ' ' {
            out.push('-');
        } else if c == '_' || c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    if out.is_empty() {
        "untitled".to_string()
    } else {
        out
    }
}

/// The `id` attributes written in the page's raw HTML (block and inline), outside
/// footnote definitions or not, and the `name`s of its `<a name="…">` anchors (the old
/// way to write a link target, which browsers still follow for `#fragment`s): a heading
/// must not take any of them.
///
/// Each raw HTML event is read on its own with lol_html (an HTML block arrives whole, its
/// lines joined by [`super::urls::mark_raw_html`]; an inline event is one tag), so an
/// element left open in one place (`<textarea>`, `<style>`) cannot hide the ids written
/// after it. Only events that mention `id` or `name` are read.
fn raw_html_ids(events: &[Spanned]) -> Vec<String> {
    let ids = std::cell::RefCell::new(Vec::new());
    for (e, _) in events {
        let (Event::Html(h) | Event::InlineHtml(h)) = e else {
            continue;
        };
        if !mentions_id_or_name(h.as_bytes()) {
            continue;
        }
        // One handler for both: each selector costs a compile per event.
        let targets = lol_html::element!("[id], a[name]", |el| {
            let ids = &mut ids.borrow_mut();
            if let Some(id) = el.get_attribute("id") {
                ids.push(super::urls::unescape(&id).into_owned());
            }
            if el.tag_name().eq_ignore_ascii_case("a")
                && let Some(name) = el.get_attribute("name")
            {
                ids.push(super::urls::unescape(&name).into_owned());
            }
            Ok(())
        });
        let settings = lol_html::Settings::new().append_element_content_handler(targets);
        let mut rewriter = lol_html::HtmlRewriter::new(settings, |_: &[u8]| {});
        // The rewriter fails only on limits a post's HTML cannot reach (memory); the ids
        // found until then are kept.
        if rewriter.write(h.as_bytes()).is_ok() {
            let _ = rewriter.end();
        }
    }
    ids.into_inner()
}

/// Whether raw HTML mentions `id` or `name`, in any case: one pass over its bytes.
fn mentions_id_or_name(bytes: &[u8]) -> bool {
    // `| 0x20` lower-cases a letter, and maps no other byte to `i`, `d` or `n`.
    bytes
        .windows(2)
        .enumerate()
        .any(|(i, w)| match w[0] | 0x20 {
            b'i' => w[1] | 0x20 == b'd',
            b'n' => bytes
                .get(i..i + 4)
                .is_some_and(|n| n.eq_ignore_ascii_case(b"name")),
            _ => false,
        })
}

/// The ids the passes before and after this one write, by what writes them.
struct Generated {
    /// `update-N` → N.
    notices: HashMap<String, usize>,
    /// `quote-N` → N.
    quotes: HashMap<String, usize>,
    /// `fn-N`, `fnref-N`, `fnref-N-K`.
    footnotes: footnotes::Plan,
}

impl Generated {
    /// What writes the id `id` (`update notice 2`), if anything does.
    fn owner(&self, id: &str) -> Option<String> {
        if THEME_IDS.contains(&id) {
            return Some("the theme (the page's main content)".to_string());
        }
        if let Some(n) = self.notices.get(id) {
            return Some(format!("update notice {n}"));
        }
        if let Some(n) = self.quotes.get(id) {
            return Some(format!("quoted passage {n}"));
        }
        self.footnotes.writes(id)
    }
}

/// `base` if free, else the first free `base-1`, `base-2`, ….
/// `base` if free, else `base-N` with the first free N. Ids only ever get taken, so the
/// numbers below the last one given for `base` (kept in `numbered`) are still not free:
/// the search goes on from there, the same result without trying them again.
fn unique(
    base: &str,
    numbered: &mut HashMap<String, usize>,
    free: impl Fn(&str) -> bool,
) -> String {
    if free(base) {
        return base.to_string();
    }
    let n = numbered.entry(base.to_string()).or_insert(0);
    loop {
        *n += 1;
        let id = format!("{base}-{n}");
        if free(&id) {
            return id;
        }
    }
}

/// Whether `slug` has the shape of an id another pass generates (`quote-3`, `fnref-2-1`).
fn looks_generated(slug: &str) -> bool {
    GENERATED_PREFIXES.iter().any(|prefix| {
        slug.strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    })
}

#[cfg(test)]
mod tests {
    use crate::markdown::{HeadingIds, Options, render};

    /// Options with Zola's heading ids, the rule most tests below were written for.
    fn zola() -> Options {
        Options {
            heading_ids: HeadingIds::Zola,
            ..Options::default()
        }
    }

    fn github_ids(src: &str) -> Vec<String> {
        render(src, &Options::default())
            .headings
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    #[test]
    fn github_rule_drops_punctuation_and_keeps_each_space() {
        assert_eq!(
            github_ids(
                "# What's new\n\n## cypress.json\n\n## A -- B\n\n## C++ and C#\n\n## snake_case `code`\n\n## Ünïcode Überschrift\n\n## 日本語の見出し\n"
            ),
            [
                "whats-new",
                "cypressjson",
                // Smart punctuation turned `--` into an en dash before the id was made.
                "a--b",
                "c-and-c",
                "snake_case-code",
                "ünïcode-überschrift",
                "日本語の見出し",
            ]
        );
    }

    #[test]
    fn github_rule_numbers_repeats_as_github_does() {
        assert_eq!(
            github_ids("# Intro\n\n## Intro\n\n# !!!\n"),
            ["intro", "intro-1", "untitled"]
        );
    }

    #[test]
    fn zola_rule_is_kept_on_request() {
        assert_eq!(
            ids("# What's new\n\n## cypress.json\n"),
            ["what-s-new", "cypress-json"]
        );
    }

    #[test]
    fn ids_in_raw_html_are_never_duplicated() {
        for options in [Options::default(), zola()] {
            let r = render(
                "## <span id=\"preload\">Preload</span>\n\n<div id=\"setup\"></div>\n\n## Setup\n\n## Other\n",
                &options,
            );
            let html = r.page_html();
            assert_eq!(
                all_ids(&html),
                ["preload-1", "preload", "setup", "setup-1", "other"]
            );
        }
    }

    #[test]
    fn an_element_left_open_does_not_hide_the_ids_after_it() {
        let r = render(
            "Before <textarea> never closed.\n\n<div id=\"setup\">x</div>\n\nA <a ID='plan'>plan</a>.\n\n# Setup\n\n# Plan\n",
            &zola(),
        );
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["setup-1", "plan-1"]);
    }

    #[test]
    fn anchor_names_in_raw_html_are_reserved_like_ids() {
        for options in [Options::default(), zola()] {
            let r = render(
                "<a name=\"setup\"></a>\n## Setup\n\nSee <A NAME='plan'>the plan</a>.\n\n## Plan\n\n<span name=\"other\"></span>\n\n## Other\n",
                &options,
            );
            let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
            // A `name` is a link target on `<a>` alone.
            assert_eq!(ids, ["setup-1", "plan-1", "other"]);
        }
    }

    #[test]
    fn only_html_mentioning_an_id_or_a_name_is_read() {
        for yes in ["<a ID=x>", "<a Name='x'>", "id", "<p NAME>"] {
            assert!(super::mentions_id_or_name(yes.as_bytes()), "{yes}");
        }
        for no in ["<a href=x>", "</figure>", "na", "i", "<b>nam</b>", ""] {
            assert!(!super::mentions_id_or_name(no.as_bytes()), "{no}");
        }
    }

    #[test]
    fn raw_html_ids_inside_code_are_not_reserved() {
        let r = render("`<span id=\"a\">`\n\n# A\n", &Options::default());
        assert_eq!(r.headings[0].id, "a");
    }

    fn ids(src: &str) -> Vec<String> {
        render(src, &zola())
            .headings
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    #[test]
    fn thousands_of_repeated_headings_are_numbered_in_order() {
        // Found by fuzzing: the n-th repeat tried every number below n again, so 2,000
        // empty headings took a second. The numbering stays what it was.
        let src = format!("# fn-1\n\n# a\n\n# a-2 {{#a-2}}\n{}", "#\n".repeat(5000));
        let r = render(&src, &Options::default());
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids[..3], ["h-fn-1", "a", "a-2"]);
        assert_eq!(ids.len(), 5003);
        let unique: std::collections::HashSet<&&str> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len());
        let again = render(&src, &Options::default());
        assert_eq!(again.headings.len(), 5003);
        // `a` repeated: `a-1`, then `a-3` (`a-2` is the author's).
        let r = render("# a\n\n# a-2 {#a-2}\n\n# a\n\n# a\n", &Options::default());
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-2", "a-1", "a-3"]);
    }

    #[test]
    fn slugs_from_plain_text() {
        let r = render(
            "# Hello, *brave* `new` world!\n\n## Ünïcode Überschrift\n",
            &Options::default(),
        );
        assert_eq!(r.headings[0].id, "hello-brave-new-world");
        assert_eq!(r.headings[0].text, "Hello, brave new world!");
        assert_eq!(r.headings[0].level, 1);
        assert_eq!(r.headings[1].id, "ünïcode-überschrift");
        assert_eq!(r.headings[1].level, 2);
    }

    #[test]
    fn duplicates_are_numbered() {
        assert_eq!(
            ids("# Intro\n\n## Intro\n\n### Intro\n"),
            ["intro", "intro-1", "intro-2"]
        );
    }

    #[test]
    fn numbering_skips_slugs_already_taken() {
        // "Intro 1" takes `intro-1` first, so the second "Intro" gets `intro-2`.
        assert_eq!(
            ids("# Intro 1\n\n# Intro\n\n# Intro\n"),
            ["intro-1", "intro", "intro-2"]
        );
    }

    #[test]
    fn custom_ids_are_honoured_and_reserved() {
        assert_eq!(
            ids("# Intro\n\n# Later {#intro}\n\n# Other {#my-id}\n"),
            ["intro-1", "intro", "my-id"]
        );
    }

    #[test]
    fn duplicate_custom_ids_warn_and_stay_unique() {
        let r = render("# A {#x}\n\ntext\n\n# B {#x}\n", &Options::default());
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["x", "x-1"]);
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].line, Some(5));
        assert!(r.diagnostics[0].message.contains("`x`"));
    }

    #[test]
    fn generated_id_shapes_are_avoided() {
        assert_eq!(
            ids("# Quote 1\n\n# Update 2\n\n# Fn 3\n\n# Quotes\n"),
            ["h-quote-1", "h-update-2", "h-fn-3", "quotes"]
        );
    }

    #[test]
    fn headings_yield_to_the_theme_ids() {
        assert_eq!(
            ids("# Main

# Main
"),
            ["main-1", "main-2"]
        );
        let r = render(
            "# Body {#main}
",
            &Options::default(),
        );
        assert_eq!(r.headings[0].id, "main-1");
        assert_eq!(r.diagnostics.len(), 1);
        assert!(
            r.diagnostics[0].message.contains("belongs to the theme"),
            "{}",
            r.diagnostics[0].message
        );
    }

    #[test]
    fn footnote_references_are_not_heading_text() {
        let r = render("# Title[^1]\n\n[^1]: note\n", &Options::default());
        assert_eq!(r.headings[0].text, "Title");
        assert_eq!(r.headings[0].id, "title");
    }

    #[test]
    fn ids_carry_the_mark_and_a_self_link() {
        let r = render("## Setext and ATX\n\nOther\n-----\n", &Options::default());
        assert_eq!(
            r.page_html(),
            "<h2 id=\"setext-and-atx\">Setext and ATX <a class=\"anchor\" href=\"#setext-and-atx\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n\
             <h2 id=\"other\">Other <a class=\"anchor\" href=\"#other\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n"
        );
        // Lists and feeds get the heading with its prefixed id, without the self-link.
        assert_eq!(
            r.embedded_html("post-"),
            "<h2 id=\"post-setext-and-atx\">Setext and ATX</h2>\n<h2 id=\"post-other\">Other</h2>\n"
        );
    }

    #[test]
    fn classes_and_attributes_are_kept() {
        let r = render("# Title {#t .wide data-x=y}\n", &Options::default());
        assert!(
            r.page_html()
                .starts_with("<h1 id=\"t\" class=\"wide\" data-x=\"y\">Title <a")
        );
    }

    /// Every `id` in `html`, in document order.
    fn all_ids(html: &str) -> Vec<String> {
        let doc = scraper::Html::parse_fragment(html);
        let any = scraper::Selector::parse("[id]").unwrap();
        doc.select(&any)
            .filter_map(|e| e.value().attr("id").map(str::to_string))
            .collect()
    }

    /// The `id` of the first element `selector` picks in `html`.
    fn id_of(html: &str, selector: &str) -> Option<String> {
        let doc = scraper::Html::parse_fragment(html);
        let selector = scraper::Selector::parse(selector).unwrap();
        doc.select(&selector)
            .next()
            .and_then(|e| e.value().attr("id").map(str::to_string))
    }

    #[test]
    fn custom_ids_yield_to_update_notice_ids() {
        let r = render(
            "# Changes {#update-1}\n\n> [!UPDATE] 2024-01-01\n> Fixed.\n",
            &Options::default(),
        );
        let html = r.page_html();
        // The notice keeps its permalink; the heading takes the next free id.
        assert_eq!(id_of(&html, "aside.update").as_deref(), Some("update-1"));
        assert_eq!(id_of(&html, "h1").as_deref(), Some("update-1-1"));
        assert_eq!(all_ids(&html), ["update-1-1", "update-1"]);
        assert_eq!(r.headings[0].id, "update-1-1");
        let found: Vec<_> = r
            .diagnostics
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [(
                Some(1),
                Some(1),
                "heading id `update-1` belongs to update notice 1; this heading becomes `update-1-1`"
            )]
        );
    }

    #[test]
    fn custom_ids_yield_to_quote_ids() {
        let r = render("Lead-in:\n\n> ## Inside {#quote-1}\n", &Options::default());
        let html = r.page_html();
        assert_eq!(id_of(&html, "figure").as_deref(), Some("quote-1"));
        assert_eq!(id_of(&html, "h2").as_deref(), Some("quote-1-1"));
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].line, Some(3));
        assert!(r.diagnostics[0].message.contains("quoted passage 1"));
    }

    #[test]
    fn custom_ids_yield_to_footnote_ids() {
        let r = render(
            "# A {#fn-1}\n\n# B {#fnref-1}\n\n# C {#fnref-1-2}\n\nOne[^a] two[^a].\n\n[^a]: Note.\n",
            &Options::default(),
        );
        let html = r.page_html();
        let ids = all_ids(&html);
        assert_eq!(
            ids,
            [
                "fn-1-1",
                "fnref-1-1",
                "fnref-1-2-1",
                "fnref-1",
                "fnref-1-2",
                "fn-1"
            ]
        );
        assert_eq!(r.diagnostics.len(), 3);
    }

    #[test]
    fn ids_shaped_like_generated_ones_are_kept_when_nothing_generates_them() {
        let r = render(
            "# A {#quote-2}\n\n# B {#update-1}\n\n# C {#fn-2}\n\n> q\n\nA[^a].\n\n[^a]: N.\n",
            &Options::default(),
        );
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["quote-2", "update-1", "fn-2"]);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    }

    #[test]
    fn numbered_slugs_skip_generated_ids() {
        // The second "Update" would be `update-1`, the notice's id.
        let r = render(
            "# Update\n\n# Update\n\n**Update 2024-01-01:** fixed.\n",
            &Options::default(),
        );
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["update", "update-2"]);
        assert_eq!(all_ids(&r.page_html()), ["update", "update-2", "update-1"]);
    }

    #[test]
    fn symbol_only_headings_still_get_an_id() {
        assert_eq!(ids("# !!!\n\n# ?\n"), ["untitled", "untitled-1"]);
    }
}

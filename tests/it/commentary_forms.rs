//! The commentary model on the forms real blogs write (DESIGN §4): attributions on a
//! quote's last line, update labels with two-digit years or counters, several notices in
//! one paragraph, notices that lead in to a quote, raw HTML links as sources; and heading
//! ids beside ids written in raw HTML. Each test builds a one-post site in a temporary
//! folder and reads the parsed HTML.

use gloss::config::Config;
use gloss::site::{self, BuildOptions, Built};
use scraper::{ElementRef, Html, Selector};

/// A built one-post site: `body` is the post's Markdown after its front matter.
struct Post {
    _dir: tempfile::TempDir,
    built: Built,
}

impl Post {
    fn build(body: &str) -> Post {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("content/posts/a.md");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            &path,
            format!("---\ntitle: A\ndate: 2020-01-01\n---\n\n{body}"),
        )
        .unwrap();
        let config = Config::load(dir.path()).unwrap();
        let built = site::build(&config, &BuildOptions::default())
            .unwrap_or_else(|d| panic!("build failed: {d:#?}"));
        Post { _dir: dir, built }
    }

    /// The post's page, parsed.
    fn page(&self) -> Html {
        let bytes = self.built.output.read("posts/a/index.html").unwrap();
        Html::parse_document(std::str::from_utf8(&bytes).unwrap())
    }

    /// The output file `path`, parsed.
    fn html(&self, path: &str) -> Html {
        let bytes = self.built.output.read(path).unwrap();
        Html::parse_document(std::str::from_utf8(&bytes).unwrap())
    }

    /// What the Markdown stage learned of the post.
    fn rendered(&self) -> &gloss::markdown::Rendered {
        &self.built.rendered[0].rendered
    }

    fn warnings(&self) -> Vec<String> {
        self.built
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect()
    }
}

/// The post's body is line 6 on: the front matter and the blank line take five.
const FIRST_LINE: usize = 6;

fn all<'a>(doc: &'a Html, s: &str) -> Vec<ElementRef<'a>> {
    doc.select(&Selector::parse(s).unwrap()).collect()
}

fn texts(doc: &Html, s: &str) -> Vec<String> {
    all(doc, s)
        .into_iter()
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

// ── Attributions ────────────────────────────────────────────────────────────────────

#[test]
fn attribution_on_the_last_line_after_a_line_break() {
    let post = Post::build(
        "Carl wrote:\n\n> The cosmos is all that is.\n> —[Cosmos](https://lit.example/cosmos)\n\n\
         Another:\n\n> Science is a way of thinking.\n> &mdash; Carl Sagan (1980)\n\n\
         And a hard break:\n\n> Somewhere, something incredible is waiting.\\\n> -- C. S.\n",
    );
    let doc = post.page();
    assert_eq!(
        texts(&doc, "figure.quote > footer cite.attribution"),
        ["Cosmos", "Carl Sagan (1980)", "C. S."]
    );
    assert_eq!(
        texts(&doc, "figure.quote blockquote"),
        [
            "The cosmos is all that is.",
            "Science is a way of thinking.",
            "Somewhere, something incredible is waiting."
        ]
    );
    let links = all(&doc, "#quote-1 cite.attribution a");
    assert_eq!(links.len(), 1);
    assert_eq!(
        links[0].value().attr("href"),
        Some("https://lit.example/cosmos")
    );
}

#[test]
fn attribution_as_a_last_paragraph_with_a_hyphen() {
    let post = Post::build(
        "Graham on startups:\n\n> A startup is a company designed to grow fast.\n>\n> -Paul Graham\n",
    );
    let doc = post.page();
    assert_eq!(texts(&doc, "#quote-1 cite.attribution"), ["Paul Graham"]);
    assert_eq!(
        texts(&doc, "#quote-1 blockquote"),
        ["A startup is a company designed to grow fast."]
    );
}

#[test]
fn dialogue_dashes_stay_text() {
    let post = Post::build(
        "A scene:\n\n> He said — and I quote — nothing at all.\n> — and then he left.\n> The door shut.\n\n\
         Dialogue:\n\n> — Where are you going?\n> — Home.\n\n\
         A number:\n\n> The low was\n> -5 degrees.\n",
    );
    let doc = post.page();
    assert!(all(&doc, "cite.attribution").is_empty());
    assert_eq!(
        texts(&doc, "figure.quote blockquote"),
        [
            "He said — and I quote — nothing at all. — and then he left. The door shut.",
            "— Where are you going? — Home.",
            "The low was -5 degrees."
        ]
    );
}

// ── Sources and repeats ─────────────────────────────────────────────────────────────

#[test]
fn a_raw_html_link_in_the_lead_in_is_the_source() {
    let post = Post::build(
        "As [Ann](https://ann.example/) told <A HREF=\"https://ledger.example/story?a=1&amp;b=2\">the <em>Ledger</em></A>:\n\n\
         > The bridge opens in May.\n",
    );
    let doc = post.page();
    let quote = all(&doc, "#quote-1 blockquote");
    assert_eq!(
        quote[0].value().attr("cite"),
        Some("https://ledger.example/story?a=1&b=2")
    );
    assert_eq!(
        texts(&doc, "#quote-1 a.quote-source"),
        ["Source: the Ledger ↗"]
    );
    let source = post.rendered().quotes[0].source.clone().unwrap();
    assert_eq!(
        (source.name.as_str(), source.url.as_str()),
        ("the Ledger", "https://ledger.example/story?a=1&b=2")
    );
}

#[test]
fn the_mark_on_a_repeated_passage_covers_inline_code() {
    let post = Post::build(
        "The manual:\n\n> Call `start()` to run the engine, then `stop()`\n> `now` when done.\n\n\
         Again:\n\n> call `start()` to run the engine\n\n\
         And:\n\n> then `stop()` `now` when done\n",
    );
    let doc = post.page();
    let marks = all(&doc, "#quote-1 mark");
    let marked: Vec<String> = marks.iter().map(|m| m.text().collect()).collect();
    assert_eq!(
        marked,
        [
            "Call start() to run the engine",
            "then stop()\nnow when done"
        ]
    );
    assert_eq!(all(&doc, "#quote-1 mark code").len(), 3);
}

// ── Update notices ──────────────────────────────────────────────────────────────────

/// Each notice's label and `datetime` (empty when undated), in order.
fn notices(doc: &Html) -> Vec<(String, String)> {
    all(doc, "aside.update p.update-label")
        .into_iter()
        .map(|p| {
            let label = p.select(&Selector::parse("strong").unwrap()).next();
            let time = p.select(&Selector::parse("time").unwrap()).next();
            (
                label.map(|l| l.text().collect()).unwrap_or_default(),
                time.and_then(|t| t.value().attr("datetime"))
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

#[test]
fn update_labels_real_blogs_write() {
    let post = Post::build(
        "Text.\n\n\
         _Updated August 3, 2022 with a chart of the results._\n\n\
         **Update 11 Apr 22:** The two-digit year.\n\n\
         **Update Again**: And again.\n\n\
         **Update #2: the second one.**\n\n\
         **Update 2 (2023-05-06):** Numbered and dated.\n",
    );
    let doc = post.page();
    // The label as written, but for its date: its counter stays.
    let want = [
        ("Updated", "2022-08-03"),
        ("Update", "2022-04-11"),
        ("Update Again", ""),
        ("Update #2", ""),
        ("Update 2", "2023-05-06"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(l, d)| (l.to_string(), d.to_string()))
        .collect();
    assert_eq!(notices(&doc), want);
    assert_eq!(
        texts(&doc, "aside.update > p:not(.update-label)"),
        [
            "with a chart of the results.",
            "The two-digit year.",
            "And again.",
            "the second one.",
            "Numbered and dated."
        ]
    );
    // The update history and /updates/ show the same labels.
    let history = texts(&post.page(), "section.update-history li");
    for label in [
        "Update Again: And again.",
        "Update #2: the second one.",
        "Update 2: Numbered and dated.",
    ] {
        assert!(
            history.iter().any(|h| h.contains(label)),
            "{label}: {history:?}"
        );
    }
    let updates = post.html("updates/index.html");
    let listed = texts(&updates, "main li");
    for label in ["Update Again", "Update #2", "Update 2"] {
        assert!(
            listed.iter().any(|l| l.contains(label)),
            "{label}: {listed:?}"
        );
    }
    assert!(post.warnings().is_empty(), "{:#?}", post.warnings());
}

#[test]
fn several_dated_update_lines_in_one_paragraph_are_one_notice_each() {
    let post = Post::build(
        "Text.\n\n\
         **Update 2022-01-01:** The council replied.\n\
         **Update 2022-01-05:** The mayor replied.\\\n\
         *Edit (2022-01-09):* Fixed a name.\n",
    );
    let doc = post.page();
    assert_eq!(
        notices(&doc),
        [
            ("Update".to_string(), "2022-01-01".to_string()),
            ("Update".to_string(), "2022-01-05".to_string()),
            ("Edit".to_string(), "2022-01-09".to_string()),
        ]
    );
    assert_eq!(
        texts(&doc, "section.update-history li"),
        [
            "Jan 1, 2022 — Update: The council replied.",
            "Jan 5, 2022 — Update: The mayor replied.",
            "Jan 9, 2022 — Edit: Fixed a name."
        ]
    );
    // Lines of the body, which starts with the blank line after the front matter.
    let lines: Vec<usize> = post.rendered().notices.iter().map(|n| n.line).collect();
    assert_eq!(lines, [4, 5, 6]);
}

#[test]
fn a_label_whose_date_cannot_be_read_is_an_undated_notice_with_a_warning() {
    let post = Post::build(
        "Text.\n\n**Update 2024-02-30:** The numbers changed.\n\n**Update Apr 22:** No year.\n",
    );
    let doc = post.page();
    assert_eq!(
        notices(&doc),
        [
            ("Update".to_string(), String::new()),
            ("Update".to_string(), String::new()),
        ]
    );
    assert_eq!(
        texts(&doc, "section.update-history li"),
        [
            "Undated — Update: The numbers changed.",
            "Undated — Update: No year."
        ]
    );
    let warnings = post.warnings();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        warnings[0].starts_with(&format!("content/posts/a.md:{}:", FIRST_LINE + 2)),
        "{warnings:#?}"
    );
    assert!(warnings[0].contains("\"2024-02-30\""), "{warnings:#?}");
    assert!(
        warnings[1].starts_with(&format!("content/posts/a.md:{}:", FIRST_LINE + 4)),
        "{warnings:#?}"
    );
}

#[test]
fn update_look_alikes_stay_text() {
    let post = Post::build(
        "**Update 5 things** in your config.\n\n**Update from 1.80**\n\n**Update the docs:** first.\n\n\
         Said **Update 2022-01-01:** in the middle.\n",
    );
    assert!(all(&post.page(), "aside.update").is_empty());
    assert!(post.warnings().is_empty(), "{:#?}", post.warnings());
}

#[test]
fn a_notice_ending_in_a_colon_is_the_next_quote_s_lead_in_as_well() {
    let post = Post::build(
        "Text.\n\n\
         **Update 2022-02-01:** The agency now says, on [its site](https://agency.example/news):\n\n\
         > The numbers were estimates.\n\n\
         > [!UPDATE] 2022-03-01\n> Then [Ann](https://ann.example/) wrote:\n\n\
         > We checked them again.\n\n\
         **Update:** No colon here.\n\n\
         > Not led in.\n",
    );
    let doc = post.page();
    // Still notices, in the history, with their notes.
    assert_eq!(all(&doc, "aside.update").len(), 3);
    assert_eq!(
        texts(&doc, "aside.update > p:not(.update-label)"),
        [
            "The agency now says, on its site:",
            "Then Ann wrote:",
            "No colon here."
        ]
    );
    assert_eq!(all(&doc, "section.update-history li").len(), 3);
    // The quotes learn their lead-in and source, without a second copy of the words.
    assert!(all(&doc, "figcaption.lead-in").is_empty());
    let cites: Vec<Option<&str>> = all(&doc, "figure.quote blockquote")
        .iter()
        .map(|b| b.value().attr("cite"))
        .collect();
    assert_eq!(
        cites,
        [
            Some("https://agency.example/news"),
            Some("https://ann.example/"),
            None
        ]
    );
    assert_eq!(
        texts(&doc, "a.quote-source"),
        ["Source: its site ↗", "Source: Ann ↗"]
    );
    let lead_ins: Vec<Option<String>> = post
        .rendered()
        .quotes
        .iter()
        .map(|q| q.lead_in_text.clone())
        .collect();
    assert_eq!(
        lead_ins,
        [
            Some("The agency now says, on its site:".to_string()),
            Some("Then Ann wrote:".to_string()),
            None
        ]
    );
}

// ── Heading ids ─────────────────────────────────────────────────────────────────────

#[test]
fn heading_ids_never_repeat_an_id_of_the_author_s_raw_html() {
    let post = Post::build(
        "## <span id=\"preload\">Preload</span>\n\nText with <a id=\"setup\">an anchor</a>.\n\n\
         ## Preload\n\n## Setup\n\n<div id=\"notes\">\n\n## Notes\n\n</div>\n\n\
         <p id=\"faq\">Questions.</p>\n\n## FAQ\n",
    );
    let doc = post.page();
    let ids: Vec<String> = all(&doc, "article h2[id]")
        .iter()
        .filter_map(|h| h.value().attr("id").map(str::to_string))
        .collect();
    assert_eq!(
        ids,
        ["preload-1", "preload-2", "setup-1", "notes-1", "faq-1"]
    );
    let mut every: Vec<&str> = all(&doc, "[id]")
        .iter()
        .filter_map(|e| e.value().attr("id"))
        .collect();
    let count = every.len();
    every.sort_unstable();
    every.dedup();
    assert_eq!(every.len(), count, "an id is used twice: {every:?}");
}

#[test]
fn heading_ids_never_take_the_name_of_an_old_style_anchor() {
    let post = Post::build(
        "<a name=\"history\"></a>\n\n## History\n\nSee <a NAME='budget'>the budget</a>.\n\n\
         ## Budget\n\n## Other\n",
    );
    let doc = post.page();
    let ids: Vec<String> = all(&doc, "article h2[id]")
        .iter()
        .filter_map(|h| h.value().attr("id").map(str::to_string))
        .collect();
    assert_eq!(ids, ["history-1", "budget-1", "other"]);
    // `#history` still reaches the author's anchor, and only it.
    let names: Vec<&str> = all(&doc, "a[name]")
        .iter()
        .filter_map(|a| a.value().attr("name"))
        .collect();
    assert_eq!(names, ["history", "budget"]);
}

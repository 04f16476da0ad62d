//! Property tests: the Markdown stage and the front matter reader on generated input.
//!
//! For any Markdown, the Markdown stage does not panic, writes well-formed HTML, gives
//! every id on the page once, and every `#fragment` link it generates has its target (on
//! the post's own page and on a page that shows several posts). For any front matter,
//! reading it does not panic. Bounded for CI: a fixed number of small cases per property
//! (`PROPTEST_CASES` raises it for a longer local run); a failing case is shrunk for at
//! most ten seconds and its seed kept in `tests/properties.regressions`, so it is run
//! first from then on.

use std::collections::BTreeSet;

use gloss::content::front_matter::{self, Format, FrontMatter};
use gloss::markdown::{self, ID_MARK, Options, Rendered};
use jiff::tz::TimeZone;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed};

/// Cases per property: small enough for a debug build in CI (a few seconds each). The
/// seed is fixed, so that CI runs the same cases every time; `PROPTEST_RNG_SEED=random`
/// (or a number) and `PROPTEST_CASES=20000` explore further.
fn config(cases: u32) -> Config {
    let seed = if std::env::var_os("PROPTEST_RNG_SEED").is_some() {
        Config::default().rng_seed
    } else {
        RngSeed::Fixed(0x0067_6c6f_7373)
    };
    Config {
        rng_seed: seed,
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(cases),
        max_shrink_time: 10_000,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..Config::default()
    }
}

/// Pieces of Markdown that reach every pass: blocks, inlines, footnotes with awkward
/// labels, alerts and update notices, custom heading ids that clash with generated ones,
/// fragment links to generated ids, tables, code, entities, and marks gloss uses itself.
const PIECES: &[&str] = &[
    "# ",
    "## ",
    "### ",
    "> ",
    "> > ",
    "- ",
    "1. ",
    "* ",
    "+ ",
    "- [ ] ",
    "- [x] ",
    "\n",
    "\n",
    "\n\n",
    "\n\n",
    "    ",
    "  ",
    "\t",
    "```\n",
    "```rust\n",
    "```nosuchlang\n",
    "~~~\n",
    "**",
    "*",
    "_",
    "__",
    "`",
    "``",
    "~~",
    "[",
    "]",
    "(",
    ")",
    "\\",
    "[^a]",
    "[^a]: ",
    "[^b]",
    "[^b]: ",
    "[^\"q\"]",
    "[^\"q\"]: ",
    "[^a b]",
    "[^a b]: ",
    "[^日本]",
    "[^日本]: ",
    "[^notes]",
    "[^notes]: ",
    "[^fn-1]",
    "[^fn-1]: ",
    "> [!NOTE]\n",
    "> [!WARNING] Title\n",
    "> [!UPDATE] 2024-01-01\n",
    "> [!UPDATE]\n",
    "**Update:** ",
    "**Update 2020-06-18:** ",
    "*Updated on March 3, 2024:* ",
    "_Edit:_ ",
    "**Correction:** ",
    " {#custom}",
    " {#fn-1}",
    " {#quote-1}",
    " {#update-1}",
    " {#fnref-1}",
    "# Update\n",
    " {#notes}",
    " {#h-x}",
    "|a|b|\n|-|-|\n|c|d|\n",
    "<!-- more -->\n",
    "---\n",
    "***\n",
    "&amp;",
    "&#7;",
    "&#0;",
    "&copy;",
    "—",
    "-- ",
    "Lead-in with [a source](https://example.org/a):\n\n",
    "[link](https://example.org/p?q=1#frag)",
    "[self](#fn-1)",
    "[self](#quote-1)",
    "[self](#update-1)",
    "[self](#notes)",
    "[self](#custom)",
    "[self](#nowhere)",
    "![img](a.png \"t\")",
    "<https://example.org/auto>",
    "{{< shortcode >}}",
    "{% tag %}",
    "word ",
    "Word ",
    "Notes ",
    "fn-1 ",
    "quote-1 ",
    "日本語 ",
    "שלום ",
    "🎉 ",
    "\u{E000}",
    "\u{E001}",
    "\u{E002}",
    "a",
    "1",
    ". ",
    ": ",
    "\"",
    "'",
];

fn markdown_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|p| p.concat())
}

/// Checks that every element is closed in order, with an explicit stack (no raw HTML is
/// generated, so every tag is the Markdown stage's own).
fn balanced(html: &str) -> Result<(), String> {
    const VOID: &[&str] = &["br", "hr", "img", "input", "wbr", "col", "source"];
    let mut open: Vec<&str> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            let end = after.find("-->").ok_or("an unclosed comment")?;
            rest = &after[end + 3..];
            continue;
        }
        let end = rest.find('>').ok_or("an unclosed tag")?;
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(top) if top == name.trim() => {}
                Some(top) => return Err(format!("</{name}> closes <{top}>")),
                None => return Err(format!("</{name}> closes nothing")),
            }
            continue;
        }
        let name = tag.split([' ', '/', '\n']).next().unwrap_or_default();
        if !(tag.ends_with('/') || VOID.contains(&name)) {
            open.push(name);
        }
    }
    match open.last() {
        None => Ok(()),
        Some(top) => Err(format!("<{top}> is never closed")),
    }
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Every id in `html` once; every `#fragment` link that `generated` says gloss wrote has
/// its target.
fn ids_and_fragments(html: &str, generated: &BTreeSet<String>) -> Result<(), String> {
    let doc = scraper::Html::parse_fragment(html);
    let mut ids = BTreeSet::new();
    for element in doc
        .root_element()
        .descendants()
        .filter_map(|n| n.value().as_element())
    {
        if let Some(id) = element.attr("id")
            && !ids.insert(id.to_string())
        {
            return Err(format!("id {id:?} is used twice"));
        }
    }
    for fragment in generated {
        if !ids.contains(fragment) {
            return Err(format!("#{fragment} has no target"));
        }
    }
    Ok(())
}

/// The fragments of the links gloss generated (written with the id mark), resolved with
/// `prefix` and percent-decoded, as a browser matches them.
fn generated_fragments(
    rendered: &Rendered,
    prefix: &str,
    keep_sidenotes: bool,
) -> BTreeSet<String> {
    let html = markdown::resolve_marks(
        &rendered
            .html
            .replace(&format!("href=\"#{ID_MARK}"), "href=\"#\u{F8FF}"),
        prefix,
        keep_sidenotes,
    );
    html.split("href=\"#\u{F8FF}")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|f| percent_decode(&format!("{prefix}{f}")))
        .collect()
}

fn check_markdown(src: &str) -> Result<(), TestCaseError> {
    let rendered = markdown::render(src, &Options::default());
    let page = rendered.page_html();
    balanced(&page).map_err(|e| TestCaseError::fail(format!("{e}\n{page}")))?;
    ids_and_fragments(&page, &generated_fragments(&rendered, "", true))
        .map_err(|e| TestCaseError::fail(format!("on the post's page: {e}\n{page}")))?;
    let embedded = rendered.embedded_html("post-");
    balanced(&embedded).map_err(|e| TestCaseError::fail(format!("{e}\n{embedded}")))?;
    ids_and_fragments(&embedded, &generated_fragments(&rendered, "post-", false))
        .map_err(|e| TestCaseError::fail(format!("embedded: {e}\n{embedded}")))?;
    Ok(())
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn markdown_soup_renders_well_formed_with_unique_ids_and_resolved_fragments(
        src in markdown_soup()
    ) {
        check_markdown(&src)?;
    }

    #[test]
    fn any_text_renders_without_panicking(src in any::<String>()) {
        let rendered = markdown::render(&src, &Options::default());
        let _ = rendered.page_html();
        let _ = rendered.embedded_summary("p-", &"https://example.org/posts/a/".parse().unwrap());
    }

    #[test]
    fn front_matter_never_panics(text in front_matter_soup(), toml in any::<bool>()) {
        read_front_matter(&text, toml);
    }

    #[test]
    fn any_bytes_as_a_file_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(text) = gloss::content::decode(&bytes) {
            let (text, _) = gloss::content::replace_controls(text);
            if let Ok(split) = front_matter::split(&text)
                && let Some(format) = split.format
            {
                read_front_matter(split.front, format == Format::Toml);
            }
        }
    }

    #[test]
    fn dates_never_panic(text in date_soup()) {
        let _ = gloss::content::date::parse(&text, &TimeZone::UTC);
        let _ = gloss::content::date::parse_recovering(&text, &TimeZone::UTC);
        let _ = gloss::content::date::date_prefix(&text);
        let _ = gloss::content::date::date_in_path(&text);
    }
}

/// A page's site path: one to three slugs of any text, as sections and pages get them.
fn page_path() -> impl Strategy<Value = String> {
    prop::collection::vec(".{0,8}", 1..4).prop_map(|parts| {
        let slugs: Vec<String> = parts
            .iter()
            .map(|p| gloss::content::slug::slugify(p))
            .collect();
        format!("/{}/", slugs.join("/"))
    })
}

/// An id inside a post: a heading's slug or one gloss generates (`quote-3`).
fn post_id() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,12}".prop_map(|t| gloss::content::slug::slugify(&t)),
        (
            prop_oneof![Just("quote"), Just("update"), Just("fn"), Just("fnref")],
            1..30u32
        )
            .prop_map(|(kind, n)| format!("{kind}-{n}")),
    ]
}

proptest! {
    #![proptest_config(config(4096))]

    /// Two posts on one list page never give one id (`review` and `review-2024` did).
    #[test]
    fn prefixed_ids_of_two_posts_never_meet(
        a in page_path(), b in page_path(), x in post_id(), y in post_id()
    ) {
        prop_assume!(a != b);
        let (pa, pb) = (gloss::site::path_id_prefix(&a), gloss::site::path_id_prefix(&b));
        prop_assert_ne!(format!("{pa}{x}"), format!("{pb}{y}"));
    }
}

/// Inline pieces, each balanced by itself, many holding `<!-- more -->` inside emphasis,
/// a link or inline HTML, at several depths.
const SUMMARY_PIECES: &[&str] = &[
    "word ",
    "*em* ",
    "<span>a <!-- more --> b</span> ",
    "<b><i>a <!-- more --> b</i></b> ",
    "*a <!-- more --> b* ",
    "**a _b <!-- more --> c_ d** ",
    "[a <!-- more --> b](/x) ",
    "<span class=\"x\">a *b <!-- more --> c* d</span> ",
    "*a <span>b <!-- more --> c</span> d* ",
    "<!-- more --> ",
    "a<br>b ",
    "<img src=\"x.png\"> ",
    "\n",
    "\n\n",
    "\n\n> ",
    "\n\n- ",
    "\n\n## ",
];

proptest! {
    #![proptest_config(config(1024))]

    /// A summary cut anywhere (inside emphasis, a link, inline HTML) closes what is open.
    #[test]
    fn summaries_cut_inside_inline_elements_are_well_formed(
        pieces in prop::collection::vec(prop::sample::select(SUMMARY_PIECES), 0..40)
    ) {
        let src = pieces.concat();
        let rendered = markdown::render(&src, &Options::default());
        let page = rendered.page_html();
        balanced(&page).map_err(|e| TestCaseError::fail(format!("{e}\n{src:?}\n{page}")))?;
        if let Some(summary) = rendered.embedded_summary("p/", &"https://example.org/posts/a/".parse().unwrap()) {
            balanced(&summary)
                .map_err(|e| TestCaseError::fail(format!("summary: {e}\n{src:?}\n{summary}")))?;
        }
    }

    /// Decomposed and composed text give one slug (macOS writes file names decomposed).
    #[test]
    fn nfd_and_nfc_give_one_slug(text in "\\PC{0,16}") {
        let nfd: String = icu_normalizer::DecomposingNormalizerBorrowed::new_nfd()
            .normalize(&text)
            .into_owned();
        let nfc = gloss::content::slug::nfc(&text).into_owned();
        prop_assert_eq!(gloss::content::slug::slugify(&nfd), gloss::content::slug::slugify(&nfc));
        prop_assert_eq!(gloss::content::slug::term_slug(&nfd), gloss::content::slug::term_slug(&nfc));
    }

    /// Two different tags without letters or digits never share a page.
    #[test]
    fn symbol_only_tags_never_share_a_slug(a in "[!-/:-@~]{1,4}", b in "[!-/:-@~]{1,4}") {
        prop_assume!(a != b);
        prop_assert_ne!(gloss::content::slug::term_slug(&a), gloss::content::slug::term_slug(&b));
    }
}

// Cases the properties found, each kept as a test of its own.

#[test]
fn a_custom_heading_id_equal_to_an_update_notice_id() {
    check_markdown("#  {#update-1}\n> [!UPDATE] 2024-01-01\n").unwrap();
    check_markdown("> [!UPDATE] 2024-01-01\n> [!NOTE]\n#  {#update-1}\n").unwrap();
}

#[test]
fn a_custom_heading_id_equal_to_a_quote_id() {
    check_markdown("> #  {#quote-1}\n").unwrap();
}

#[test]
fn a_link_to_a_heading_inside_an_unused_footnote() {
    check_markdown("# [self](#fn-1)\n\n[^b]: #  {#fn-1}\n").unwrap();
    check_markdown("[self](#custom)\n\n[^日本]: #  {#custom}\n").unwrap();
}

#[test]
fn a_custom_heading_id_equal_to_a_footnote_id() {
    check_markdown("#  {#fn-1}\n\nA[^a] b[^a].\n\n[^a]: N.\n").unwrap();
    check_markdown("#  {#fnref-1}\n\n##  {#fnref-1-2}\n\nA[^a] b[^a].\n\n[^a]: N.\n").unwrap();
}

#[test]
fn a_repeated_heading_numbered_into_a_notice_id() {
    check_markdown("# Update\n\n# Update\n\n> [!UPDATE] 2024-01-01\n").unwrap();
}

#[test]
fn a_footnote_definition_inside_another() {
    check_markdown("[^b]: > [^fn-1]: \n[^b]").unwrap();
}

#[test]
fn only_unused_footnotes() {
    check_markdown("[self](#fn-1) [h](#h)\n\n[^a]: N.\n[^b]: # H {#h}\n").unwrap();
}

#[test]
fn footnote_labels_with_quotes_spaces_and_unicode() {
    check_markdown(
        "A[^\"q\"] b[^a b] c[^日本] d[^\"q\"].\n\n[^\"q\"]: Q.\n[^a b]: S.\n[^日本]: U.\n",
    )
    .unwrap();
}

fn read_front_matter(text: &str, toml: bool) {
    let format = if toml { Format::Toml } else { Format::Yaml };
    if let Ok(map) = front_matter::parse_map(format, text) {
        let _ = FrontMatter::from_map(map, &TimeZone::UTC, &|k| front_matter::locate_key(text, k));
    }
}

/// YAML- and TOML-shaped lines: the keys gloss reads, with values of every type, nested
/// lists and maps, anchors and aliases, tabs, quotes and dates good and bad.
fn front_matter_soup() -> impl Strategy<Value = String> {
    const KEYS: &[&str] = &[
        "title",
        "date",
        "updated",
        "lastmod",
        "draft",
        "slug",
        "path",
        "permalink",
        "url",
        "description",
        "summary",
        "tags",
        "categories",
        "taxonomies",
        "authors",
        "author",
        "link",
        "aliases",
        "redirect_from",
        "template",
        "updates",
        "extra",
        "sort_by",
        "paginate_by",
        "weight",
        "published",
        "mood",
        "a",
        "",
    ];
    const VALUES: &[&str] = &[
        "",
        " x",
        " \"quoted: text\"",
        " 'single'",
        " [a, b]",
        " [[a], [b, [c]]]",
        " {a: 1}",
        " 3",
        " -1",
        " 1.5",
        " true",
        " false",
        " null",
        " ~",
        " 2024-02-30",
        " 2024-05-10T1925:00-0600",
        " 2017-02-26 00:30:56 -0800",
        " 2024-01-01T00:00:00Z",
        " &a [x]",
        " *a",
        " *nowhere",
        " >\n  folded\n  text",
        " |\n  literal",
        " \"\\a\\u0007\"",
        " [{date: 2024-01-01, note: n, minor: true}]",
        " [{at: 2024-01-01, changes: c}]",
        "\t\tx",
        ":",
        " ../../x",
        " {tags: [a]}",
        " [",
        " ]",
        " \"unclosed",
        " = \"toml\"",
        " = [1, 2]",
        " = 2024-01-01",
        " = { a = 1 }",
    ];
    prop::collection::vec(
        (
            prop::sample::select(&["", "", "  ", "\t", "- ", "[", "[[", "# "][..]),
            prop::sample::select(KEYS),
            prop::sample::select(&[":", ":", " =", " = ", "", "::"][..]),
            prop::sample::select(VALUES),
            prop::sample::select(&["\n", "\n", "\r\n", "]\n", "\n\n"][..]),
        )
            .prop_map(|(i, k, s, v, e)| format!("{i}{k}{s}{v}{e}")),
        0..16,
    )
    .prop_map(|lines| lines.concat())
}

fn date_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(
            &[
                "2024", "-", "02", "30", "13", "00", "T", " ", "19", ":", "25", "Z", "+", "0600",
                "-06:00", ".", "5", "/", "9999", "0000", "99", "x",
            ][..],
        ),
        0..14,
    )
    .prop_map(|p| p.concat())
}

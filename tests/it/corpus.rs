//! Real posts from Zola, Jekyll, Eleventy and Hugo blogs build unchanged (DESIGN §3).
//!
//! `tests/fixtures/corpus/real-posts/` (130 posts and 17 Eleventy folder data files,
//! copied byte for byte; see its README for sources and licences) is copied into a
//! site's `content/posts/` and built in memory. The checks: the build succeeds, every
//! post has its page, titles, dates and slugs come out as their authors meant, shortcodes
//! and template tags are left as text, and `.11tydata.json` files are copied as files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use gloss::config::Config;
use gloss::content::Drafts;
use gloss::diagnostic::{Diagnostic, Severity};
use gloss::output::OutputFile;
use gloss::site::{self, BuildOptions, Built};
use scraper::{ElementRef, Html, Selector};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

/// One `manifest.json` entry of a file that is in the fixture.
struct Entry {
    /// Path under `real-posts/`.
    rel: String,
    kind: String,
    bytes: u64,
}

fn manifest() -> Vec<Entry> {
    let text = std::fs::read_to_string(fixture_dir().join("manifest.json")).unwrap();
    let items: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    items
        .iter()
        .filter_map(|item| {
            let rel = item["file"].as_str()?.strip_prefix("real-posts/")?;
            Some(Entry {
                rel: rel.to_string(),
                kind: item["kind"].as_str()?.to_string(),
                bytes: item["bytes"].as_u64()?,
            })
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Builds a site whose `content/posts/` holds the whole corpus. The output stays in
/// memory; the site folder is removed once built (copied files are checked by path).
fn build(drafts: Drafts) -> Result<Built, Vec<Diagnostic>> {
    let site = tempfile::tempdir().unwrap();
    copy_dir(
        &fixture_dir().join("real-posts"),
        &site.path().join("content/posts"),
    );
    let config = Config::load(site.path()).unwrap();
    site::build(
        &config,
        &BuildOptions {
            drafts,
            ..BuildOptions::default()
        },
    )
}

/// The corpus built with drafts, shared by the tests (one build, not one per test).
fn corpus() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| match build(Drafts::Include) {
        Ok(built) => built,
        Err(diags) => {
            let errors: Vec<String> = diags
                .iter()
                .filter(|d| d.is_error())
                .map(ToString::to_string)
                .collect();
            panic!("the corpus did not build:\n{}", errors.join("\n"))
        }
    })
}

/// The site path of the page built from `content/posts/REL`.
fn path_of(rel: &str) -> String {
    let source = PathBuf::from("content/posts").join(rel);
    corpus()
        .rendered
        .iter()
        .find(|rp| rp.page.source == source)
        .map(|rp| rp.page.path.clone())
        .unwrap_or_else(|| panic!("no page was built from {rel}"))
}

/// The parsed HTML of the page built from `content/posts/REL`.
fn page(rel: &str) -> Html {
    let out = site::output_path(&path_of(rel));
    let bytes = corpus()
        .output
        .read(&out)
        .unwrap_or_else(|| panic!("{rel}: no {out} in the output"));
    Html::parse_document(std::str::from_utf8(&bytes).unwrap())
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap();
    html.select(&selector).collect()
}

fn one<'a>(html: &'a Html, css: &str) -> ElementRef<'a> {
    let found = select(html, css);
    assert_eq!(
        found.len(),
        1,
        "expected one `{css}`, found {}",
        found.len()
    );
    found[0]
}

fn text(e: ElementRef) -> String {
    e.text().collect::<String>()
}

fn title_tag(html: &Html) -> String {
    text(one(html, "head > title"))
}

fn h1(html: &Html) -> ElementRef<'_> {
    one(html, "article.h-entry h1.p-name")
}

/// The `datetime` of the page's publication date, empty when it shows none.
fn published(rel: &str) -> String {
    let html = page(rel);
    select(&html, "article.h-entry time.dt-published")
        .first()
        .and_then(|t| t.attr("datetime"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn fixture_files_are_unchanged() {
    let entries = manifest();
    assert_eq!(entries.iter().filter(|e| e.kind == "post").count(), 130);
    assert_eq!(
        entries
            .iter()
            .filter(|e| e.kind == "directory-data")
            .count(),
        17
    );
    for e in &entries {
        let path = fixture_dir().join("real-posts").join(&e.rel);
        let len = std::fs::metadata(&path)
            .unwrap_or_else(|err| panic!("{}: {err}", path.display()))
            .len();
        assert_eq!(len, e.bytes, "{} was changed", e.rel);
    }
}

#[test]
fn every_post_builds_into_its_own_page() {
    let built = corpus();
    let posts: Vec<Entry> = manifest()
        .into_iter()
        .filter(|e| e.kind == "post")
        .collect();
    assert_eq!(built.pages, posts.len());
    let mut paths = BTreeMap::new();
    for post in &posts {
        let path = path_of(&post.rel);
        if let Some(other) = paths.insert(path.clone(), post.rel.clone()) {
            panic!("{} and {other} share {path}", post.rel);
        }
        let html = page(&post.rel);
        let heading = text(h1(&html));
        assert!(!heading.trim().is_empty(), "{}: empty title", post.rel);
        select(&html, "article.h-entry .e-content")
            .first()
            .unwrap_or_else(|| panic!("{}: no e-content", post.rel));
    }
}

#[test]
fn drafts_are_left_out_by_default() {
    let built = build(Drafts::Exclude).unwrap_or_else(|diags| {
        panic!(
            "{:?}",
            diags.iter().map(ToString::to_string).collect::<Vec<_>>()
        )
    });
    let drafts = [
        "chriskrycho/journal/content-test.md",
        "chriskrycho/journal/2023/Whither Gradual Typing.md",
        "chriskrycho/essays/Feeds are Not Fit for Gardening.md",
    ];
    assert_eq!(built.pages, 130 - drafts.len());
    for draft in drafts {
        let source = PathBuf::from("content/posts").join(draft);
        assert!(
            built.rendered.iter().all(|rp| rp.page.source != source),
            "{draft} is a draft"
        );
        assert!(
            !built.output.contains(&site::output_path(&path_of(draft))),
            "{draft} was written"
        );
    }
}

#[test]
fn titles_holding_html_come_out_as_markup_and_plain_text() {
    let html = page("chriskrycho/journal/2023/Where DRY Applies.md");
    let heading = h1(&html);
    assert_eq!(text(heading), "Where DRY Applies");
    let abbr = select(&html, "article.h-entry h1.p-name abbr");
    assert_eq!(abbr.len(), 1);
    assert_eq!(text(abbr[0]), "DRY");
    assert!(title_tag(&html).starts_with("Where DRY Applies"));

    let html = page("chriskrycho/notes/2025/03/Quoting Jane Scharl on Poetry.md");
    // A link post: the title links to its source, followed by an aria-hidden arrow.
    assert_eq!(
        text(one(&html, "article.h-entry h1.p-name a.u-bookmark-of")),
        "Quoting Jane Scharl on Poetry Magazine"
    );
    let cite = one(&html, "article.h-entry h1.p-name cite");
    assert_eq!(text(cite), "Poetry");

    let html = page("chriskrycho/journal/2022/OPML Files as Annotated Bibliographies.md");
    let abbr = one(&html, "article.h-entry h1.p-name abbr");
    assert_eq!(
        abbr.attr("title"),
        Some("outline processor markup language")
    );
    assert_eq!(text(h1(&html)), "OPML Files as… Annotated Bibliographies?");
}

#[test]
fn title_with_unclosed_html_stays_inside_its_heading() {
    // The title ends `<abbr title='artificial intelligence'>AI<abbr>`: never closed.
    let html = page("chriskrycho/notes/2025/01/Two Quotes on Software Engineering.md");
    let heading = h1(&html);
    assert_eq!(
        text(heading),
        "Two Quotes and a Question on Software Engineering and AI"
    );
    assert!(
        title_tag(&html).starts_with("Two Quotes and a Question on Software Engineering and AI"),
        "{}",
        title_tag(&html)
    );
    // The date after the heading is not swallowed by an open <abbr>.
    let time = one(&html, "article.h-entry time.dt-published");
    assert!(
        time.ancestors()
            .all(|a| a.value().as_element().map(scraper::node::Element::name) != Some("abbr"))
    );
}

#[test]
fn titles_holding_markdown_or_several_lines() {
    let html = page("rust-blog/i128-layout-update.md");
    let codes: Vec<String> = select(&html, "article.h-entry h1.p-name code")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(codes, ["u128", "i128"]);
    assert!(title_tag(&html).starts_with("Changes to u128/i128 layout in 1.77 and 1.78"));

    // YAML plain scalar over two lines.
    let html = page("opentelemetry/2025/calling-new-contributors.md");
    assert_eq!(
        text(h1(&html)),
        "Calling New Contributors - Help Us Improve the OpenTelemetry Onboarding Experience"
    );
    // Folded block scalar (`title: >`).
    let html = page("chriskrycho/journal/2022/Dorico Tip – solo parts in string sections.md");
    assert_eq!(text(h1(&html)), "Dorico Tip: Solo Parts in String Sections");
    // TOML, non-ASCII.
    let html = page("rust-blog/inside-rust/leadership-council-update@9.md");
    assert_eq!(text(h1(&html)), "Leadership Council update — December 2025");
}

#[test]
fn dates_match_their_front_matter() {
    // Jekyll: `2015-06-26 15:32:06 -0800`.
    assert_eq!(
        published(
            "manishearth/2015-06-26-adventures-in-systems-programming-c-plus-plus-local-statics.markdown"
        ),
        "2015-06-26T15:32:06-08:00"
    );
    // Date only (Hugo): midnight in the site's time zone (UTC by default).
    assert_eq!(
        published("opentelemetry/2024/profiling.md"),
        "2024-03-19T00:00:00+00:00"
    );
    // Eleventy: offset without a colon.
    assert_eq!(
        published("chriskrycho/essays/jj init.md"),
        "2024-02-02T11:30:00-07:00"
    );
    // No seconds.
    assert_eq!(
        published("chriskrycho/journal/2022/Dorico Tip – solo parts in string sections.md"),
        "2022-11-06T09:40:00-07:00"
    );
    // A tab and spaces after the value.
    assert_eq!(
        published("chriskrycho/journal/2023/Where DRY Applies.md"),
        "2023-11-02T17:01:00-06:00"
    );
    // Zola: no `date`, the date is in `path`, at the start or after a segment.
    assert_eq!(
        published("rust-blog/Rust-1.72.0.md"),
        "2023-08-24T00:00:00+00:00"
    );
    assert_eq!(
        published("rust-blog/inside-rust/governance-wg-meeting@0.md"),
        "2019-12-03T00:00:00+00:00"
    );
}

#[test]
fn every_published_post_has_a_date() {
    for post in manifest().iter().filter(|e| e.kind == "post") {
        // Drafts whose front matter has no date yet.
        if UNDATED_DRAFTS.contains(&post.rel.as_str()) {
            assert_eq!(published(&post.rel), "", "{}", post.rel);
            continue;
        }
        assert!(
            !published(&post.rel).is_empty(),
            "{} has no publication date",
            post.rel
        );
    }
}

const UNDATED_DRAFTS: [&str; 2] = [
    "chriskrycho/journal/2023/Whither Gradual Typing.md",
    "chriskrycho/essays/Feeds are Not Fit for Gardening.md",
];

#[test]
fn malformed_date_is_a_located_warning_and_the_day_is_kept() {
    // `date: 2024-05-10T1925:00-0600`: the time is a typo.
    let rel = "chriskrycho/journal/2024/Progressively Enhanced Talks.md";
    assert!(published(rel).starts_with("2024-05-10T00:00:00"));
    let warning = corpus()
        .warnings
        .iter()
        .find(|d| d.path.ends_with(rel))
        .expect("a warning about the date");
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!(warning.line, Some(4));
    assert!(warning.message.contains("1925:00"), "{}", warning.message);
}

#[test]
fn update_lists_in_eleventy_form_are_read() {
    let rp = corpus()
        .rendered
        .iter()
        .find(|rp| {
            rp.page
                .source
                .ends_with("chriskrycho/journal/2021/Color Schemes.md")
        })
        .unwrap();
    let updates = &rp.page.front.updates;
    assert_eq!(updates.len(), 2);
    assert_eq!(
        updates[0].date.timestamp().to_string(),
        "2022-01-01T04:05:00Z"
    );
    assert!(updates[1].note.starts_with("Fixed an error in the table"));
}

#[test]
fn slugs_from_awkward_file_names() {
    let cases = [
        (
            "chriskrycho/journal/2021/What if PageRank Was a Mistake?.md",
            "/posts/chriskrycho/journal/2021/what-if-pagerank-was-a-mistake/",
        ),
        (
            "chriskrycho/journal/2022/Dorico Tip – solo parts in string sections.md",
            "/posts/chriskrycho/journal/2022/dorico-tip-solo-parts-in-string-sections/",
        ),
        (
            "chriskrycho/library/What Can a Body Do/How do you make a charismatic thing?.md",
            "/posts/chriskrycho/library/what-can-a-body-do/how-do-you-make-a-charismatic-thing/",
        ),
        (
            "manishearth/2015-05-17-the-problem-with-shared-mutability.markdown",
            "/posts/manishearth/the-problem-with-shared-mutability/",
        ),
        (
            "opentelemetry/2023/opamp-status/index.md",
            "/posts/opentelemetry/2023/opamp-status/",
        ),
        // Zola's `path` is from the site root.
        (
            "rust-blog/inside-rust/leadership-council-update@9.md",
            "/inside-rust/2025/12/10/leadership-council-update/",
        ),
    ];
    for (rel, path) in cases {
        assert_eq!(path_of(rel), path, "{rel}");
    }
}

#[test]
fn shortcodes_and_template_tags_are_left_as_text() {
    // Hugo shortcodes.
    let html = page("opentelemetry/2025/kubecon-eu.md");
    let body = text(one(&html, "article.h-entry .e-content"));
    assert!(body.contains("{{< comment >}}"), "{body}");
    assert!(body.contains("{{< /comment >}}"), "{body}");

    // Eleventy paired shortcode.
    let html = page("chriskrycho/notes/2025/06/Platform Reality.md");
    let body = text(one(&html, "article.h-entry .e-content"));
    assert!(body.contains("{% quote source=source %}"), "{body}");
    assert!(body.contains("{% endquote %}"), "{body}");

    // `{{closure}}` in a code block is code, kept as written.
    let html = page("rust-blog/Rust-1.47.md");
    let code: String = select(&html, "article.h-entry .e-content pre")
        .into_iter()
        .map(text)
        .collect();
    assert!(
        code.contains("std::panicking::default_hook::{{closure}}"),
        "{code}"
    );
}

#[test]
fn built_in_shortcode_that_looks_like_an_html_tag_is_run() {
    // Hugo shortcode without a space after `{{<`: the built-in `youtube`, not an
    // HTML element.
    let html = page("opentelemetry/2023/humans-of-otel.md");
    let frames = select(&html, "article.h-entry .e-content .embed.video iframe");
    assert_eq!(frames.len(), 1);
    assert_eq!(
        frames[0].value().attr("src"),
        Some("https://www.youtube-nocookie.com/embed/coPrhP_7lVU")
    );
    assert!(select(&html, "youtube").is_empty());
    let body = text(one(&html, "article.h-entry .e-content"));
    assert!(!body.contains("{{<youtube"), "{body}");
}

#[test]
fn shortcodes_are_reported_with_file_and_line() {
    let warned = |rel: &str, line: usize| {
        corpus().warnings.iter().any(|d| {
            d.severity == Severity::Warning && d.path.ends_with(rel) && d.line == Some(line)
        })
    };
    assert!(warned("opentelemetry/2025/kubecon-eu.md", 183));
    // A built-in is run, not warned about.
    assert!(!warned("opentelemetry/2023/humans-of-otel.md", 44));
    assert!(warned("chriskrycho/notes/2025/06/Platform Reality.md", 23));
    // Not inside code.
    assert!(!warned("rust-blog/Rust-1.47.md", 125));
}

#[test]
fn eleventy_folder_data_is_copied_as_files_not_pages() {
    let built = corpus();
    let data: Vec<Entry> = manifest()
        .into_iter()
        .filter(|e| e.kind == "directory-data")
        .collect();
    assert_eq!(data.len(), 17);
    for e in data {
        let out = format!("posts/{}", e.rel);
        match built.output.get(&out) {
            Some(OutputFile::Copy(src)) => assert!(src.ends_with(&e.rel), "{}", src.display()),
            other => panic!("{out}: expected a copied file, found {other:?}"),
        }
        assert!(
            built
                .rendered
                .iter()
                .all(|rp| !rp.page.source.ends_with(&e.rel)),
            "{} became a page",
            e.rel
        );
    }
}

#[test]
fn unknown_keys_are_warned_once_each_even_with_colons() {
    let count = |key: &str| {
        corpus()
            .warnings
            .iter()
            .filter(|d| {
                d.message
                    .contains(&format!("unknown front matter key `{key}`"))
            })
            .count()
    };
    // `cSpell:ignore:` appears in many opentelemetry posts.
    assert_eq!(count("cSpell:ignore"), 1);
    // The warning names the file and the key's line.
    let warning = corpus()
        .warnings
        .iter()
        .find(|d| d.message.contains("`linkTitle`"))
        .unwrap();
    let source = std::fs::read_to_string(
        fixture_dir()
            .join("real-posts")
            .join(warning.path.strip_prefix("content/posts").unwrap()),
    )
    .unwrap();
    let line = warning.line.expect("a line") - 1;
    assert!(
        source.lines().nth(line).unwrap().starts_with("linkTitle:"),
        "{warning}"
    );
    assert_eq!(count("subtitle"), 1);
    // Keys gloss reads are not unknown.
    assert_eq!(count("updates"), 0);
    assert_eq!(count("categories"), 0);
}

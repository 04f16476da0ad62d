//! The demo blog in the repository's own `content/` builds, and keeps showing every
//! feature gloss supports (DESIGN §1: "a demo blog of original posts that show every
//! feature").

use std::path::Path;

use gloss::config::Config;
use gloss::content::{self, Content, Drafts};
use gloss::site::{self, BuildOptions, Built};
use scraper::{Html, Selector};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn build(drafts: Drafts) -> Built {
    let config = Config::load(root()).unwrap();
    site::build(
        &config,
        &BuildOptions {
            drafts,
            ..BuildOptions::default()
        },
    )
    .unwrap_or_else(|diags| {
        panic!(
            "the demo did not build:\n{}",
            diags
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

fn load() -> Content {
    let config = Config::load(root()).unwrap();
    let (content, diags) = content::load(&config, Drafts::Include);
    assert!(!diags.has_errors());
    content
}

fn html(built: &Built, path: &str) -> Html {
    let bytes = built
        .output
        .read(path)
        .unwrap_or_else(|| panic!("no {path}"));
    Html::parse_document(std::str::from_utf8(&bytes).unwrap())
}

/// The trimmed text of each element `s` selects.
fn text(doc: &Html, s: &str) -> Vec<String> {
    let selector = Selector::parse(s).unwrap();
    doc.select(&selector)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// The attribute `name` of each element `s` selects that has it.
fn attr(doc: &Html, s: &str, name: &str) -> Vec<String> {
    let selector = Selector::parse(s).unwrap();
    doc.select(&selector)
        .filter_map(|e| e.attr(name).map(str::to_string))
        .collect()
}

fn published(built: &Built, path: &str) -> String {
    let page = html(built, path);
    let selector = Selector::parse("article.h-entry time.dt-published").unwrap();
    page.select(&selector)
        .next()
        .and_then(|t| t.attr("datetime"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn demo_builds_without_warnings() {
    let built = build(Drafts::Exclude);
    let warnings: Vec<String> = built.warnings.iter().map(ToString::to_string).collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
    // Eight posts and the about page; the draft is left out.
    assert_eq!(built.pages, 9);
    assert!(!built.output.contains("posts/parking-minimums/index.html"));
    assert!(built.output.contains("about/index.html"));
    assert_eq!(build(Drafts::Include).pages, 10);
    // Search, with the words the about page suggests trying, in quoted passages.
    assert!(built.output.contains("search/index.html"));
    assert!(built.output.contains("pagefind/pagefind-entry.json"));
    let about = built.output.read("about/index.html").unwrap();
    assert!(String::from_utf8_lossy(&about).contains("try <em>armoured</em> or <em>flour</em>"));
}

#[test]
fn demo_bundle_aliases_and_file_name_date() {
    let built = build(Drafts::Exclude);
    assert!(
        built
            .output
            .contains("posts/northline-redesign/northline-map.png")
    );
    for alias in [
        "2026/11/northline/index.html",
        "posts/northline-draft-plan/index.html",
        "posts/late-fines/index.html",
    ] {
        assert!(built.output.contains(alias), "{alias}");
    }
    // No `date` in its front matter: the file name gives it, in the site's time zone.
    assert_eq!(
        published(&built, "posts/ferry-goes-cashless/index.html"),
        "2026-09-03T00:00:00-05:00"
    );
    assert_eq!(
        published(&built, "posts/tessera-3/index.html"),
        "2026-09-29T10:05:00-05:00"
    );
}

/// The demo files its posts in categories apart from their tags, and three of them are
/// a series, so the theme checks (axe-core, the Nu Html Checker) see a term page, a
/// series page and a part of a series.
#[test]
fn demo_has_categories_and_a_series() {
    let built = build(Drafts::Exclude);
    let series = html(&built, "series/getting-around-harlow/index.html");
    assert_eq!(
        text(&series, "ol.series-parts .post-item-title a").len(),
        3,
        "three parts"
    );
    let part = html(&built, "posts/northline-redesign/index.html");
    assert_eq!(
        text(&part, "nav.series .series-position"),
        ["Part 2 of 3 in the series Getting around Harlow"]
    );
    let category = html(&built, "categories/transport/index.html");
    assert_eq!(text(&category, ".post-item-title a").len(), 2);
    assert!(built.output.contains("categories/index.html"));
}

/// One demo post is written in Spanish on the English blog: its page speaks Spanish,
/// and the home page marks its title as Spanish.
#[test]
fn demo_has_a_post_in_another_language() {
    let built = build(Drafts::Exclude);
    let post = html(&built, "posts/ferry-sin-efectivo/index.html");
    assert_eq!(attr(&post, "html", "lang"), ["es"]);
    assert_eq!(text(&post, ".skip-link"), ["Saltar al contenido"]);
    assert_eq!(
        text(&post, "article.h-entry time.dt-published"),
        ["5 sept 2026"]
    );
    assert_eq!(text(&post, ".update-label strong"), ["Actualización"]);
    let home = html(&built, "page/2/index.html");
    assert_eq!(attr(&home, "html", "lang"), ["en"]);
    assert_eq!(attr(&home, ".post-item-title[lang]", "lang"), ["es"]);
    // An English post's links to it (the next post, related posts) say so too.
    let english = html(&built, "posts/ferry-goes-cashless/index.html");
    assert_eq!(
        attr(&english, ".post-nav-higher span[lang]", "lang"),
        ["es"]
    );
    assert!(attr(&english, ".related a[lang]", "lang").contains(&"es".to_string()));
}

/// The demo's images are sized, resized and captioned, and every post has a sharing
/// image (its own, or a generated card).
#[test]
fn demo_images_are_sized_resized_and_shared() {
    let built = build(Drafts::Exclude);
    let page = html(&built, "posts/northline-redesign/index.html");
    let sel = |s: &str| Selector::parse(s).unwrap();
    let caption: Vec<String> = page
        .select(&sel("figure.image > figcaption"))
        .map(|c| c.text().collect())
        .collect();
    assert_eq!(
        caption,
        ["Buses an hour on weekdays, today and in the draft"]
    );
    for img in page.select(&sel("article img")) {
        assert!(img.attr("width").is_some() && img.attr("height").is_some());
        for candidate in img.attr("srcset").unwrap_or_default().split(", ") {
            let url = candidate.split(' ').next().unwrap_or_default();
            if !url.is_empty() {
                assert!(built.output.contains(url.trim_start_matches('/')), "{url}");
            }
        }
    }
    let chart = page
        .select(&sel("figure.image img"))
        .next()
        .expect("the chart");
    assert_eq!(
        (chart.attr("width"), chart.attr("height")),
        (Some("1600"), Some("900"))
    );
    assert!(chart.attr("srcset").unwrap().contains(" 480w"));
    let og = Selector::parse("meta[property=\"og:image\"]").unwrap();
    let shared = |path: &str| {
        html(&built, path)
            .select(&og)
            .next()
            .and_then(|m| m.attr("content"))
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        shared("posts/northline-redesign/index.html"),
        "https://marginalia.example/posts/northline-redesign/northline-map.png"
    );
    let card = shared("posts/tessera-3/index.html");
    assert!(card.contains("/processed_images/card-tessera-3."), "{card}");
    assert!(
        built
            .output
            .contains(card.trim_start_matches("https://marginalia.example/"))
    );
}

/// The demo's sources use every feature; a post rewritten without one fails here.
#[test]
fn demo_sources_show_every_feature() {
    let content = load();
    let bodies: String = content
        .pages
        .iter()
        .map(|p| p.body.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let body_has = [
        ("a passage with a dash attribution", "\n>\n> — "),
        (
            "an update notice with a date",
            "> [!UPDATE] 2026-11-20 09:15",
        ),
        ("an undated bold update", "**Update:**"),
        ("a dated bold update", "**Update 2026-10-02:**"),
        ("a note", "> [!NOTE]"),
        ("a tip", "> [!TIP]"),
        ("an important alert", "> [!IMPORTANT]"),
        ("a titled warning", "> [!WARNING] Breaking change"),
        ("a caution", "> [!CAUTION]"),
        ("Rust code", "```rust"),
        ("TOML code", "```toml"),
        ("TypeScript code", "```typescript"),
        ("a table", "|---"),
        ("a task list", "- [ ] "),
        ("a done task", "- [x] "),
        ("strikethrough", "~~"),
        ("a custom heading id", "{#frequencies}"),
        ("a summary break", "<!-- more -->"),
        ("a footnote inside a quote", "Harlow River[^earliest]"),
        (
            "a multi-paragraph footnote",
            "\n\n    The draft plan budgets",
        ),
        ("an image", "](northline-map.png)"),
        ("a titled image (a figure)", "](northline-frequency.png \""),
    ];
    for (what, needle) in body_has {
        assert!(bodies.contains(needle), "the demo lost {what} ({needle:?})");
    }
    let elm = content
        .pages
        .iter()
        .find(|p| p.slug == "elm-street-weekends")
        .unwrap();
    assert_eq!(
        elm.body.matches("[^vote]").count(),
        3,
        "a note referenced twice"
    );
    let repeated = "> The pilot will be evaluated by the Department of Public Works";
    assert!(elm.body.contains(repeated));

    let front = |slug: &str| {
        &content
            .pages
            .iter()
            .find(|p| p.slug == slug)
            .unwrap_or_else(|| panic!("no page {slug}"))
            .front
    };
    assert!(front("library-fines").link.is_some(), "a link post");
    assert!(!front("northline-redesign").aliases.is_empty());
    let updates = &front("northline-redesign").updates;
    assert!(updates.iter().any(|u| u.minor) && updates.iter().any(|u| !u.minor));
    assert!(front("parking-minimums").draft);
    assert!(
        content
            .pages
            .iter()
            .all(|p| p.front.tags.is_empty() == (p.section.is_empty()))
    );

    let source_starts = |name: &str, fence: &str| {
        let page = content
            .pages
            .iter()
            .find(|p| p.source.ends_with(name))
            .unwrap_or_else(|| panic!("no {name}"));
        std::fs::read_to_string(root().join(&page.source))
            .unwrap()
            .starts_with(fence)
    };
    assert!(source_starts("tessera-3.md", "+++\n"), "TOML front matter");
    assert!(
        source_starts("elm-street-weekends.md", "---\n"),
        "YAML front matter"
    );
    assert!(source_starts("2026-09-03-ferry-goes-cashless.md", "---\n"));
    assert!(
        source_starts("northline-redesign/index.md", "---\n"),
        "a bundle"
    );
    assert!(content.sections.contains_key("posts"));
    assert!(content.sections[""].source.is_some(), "content/_index.md");
    assert!(
        content.sections["posts"].source.is_some(),
        "posts/_index.md"
    );
}

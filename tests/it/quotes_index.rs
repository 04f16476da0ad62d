//! `/quotes/` at scale: past `[quotes] one_page_max` passages it is an index of sources,
//! and each source quoted more than once across posts gets paginated pages of its own.

use crate::common::{Site, attrs, empty_site, sel, texts};

/// A post quoting `passages` (each `(lead-in, passage)`), dated `date`.
fn post(site: &Site, slug: &str, date: &str, passages: &[(&str, &str)]) {
    let mut body = format!("---\ntitle: Post {slug}\ndate: {date}\n---\nOur take.\n\n");
    for (lead, passage) in passages {
        body.push_str(&format!("{lead}\n\n> {passage}\n\n"));
    }
    site.write(&format!("content/posts/{slug}.md"), body);
}

const WIRE: &str = "The [Wire](https://wire.example/2026/05/deal?ref=rss) reported:";

fn four_posts(config: &str) -> Site {
    let site = empty_site();
    site.write("gloss.toml", format!("title = \"Q\"\n{config}"));
    post(
        &site,
        "a",
        "2026-01-01",
        &[(WIRE, "First passage from the wire, long enough.")],
    );
    post(
        &site,
        "b",
        "2026-02-01",
        &[
            (WIRE, "Second passage from the wire, long enough."),
            (
                "Someone else said:",
                "A passage from nowhere in particular.",
            ),
        ],
    );
    post(
        &site,
        "c",
        "2026-03-01",
        &[(WIRE, "Third passage from the wire, long enough.")],
    );
    post(
        &site,
        "d",
        "2026-04-01",
        &[(
            "The [Gazette](https://gazette.example/once) wrote:",
            "Only once from the gazette.",
        )],
    );
    site
}

#[test]
fn a_small_site_shows_every_passage_on_quotes() {
    let site = four_posts("");
    site.build();
    let doc = site.html("quotes/index.html");
    assert_eq!(doc.select(&sel("figure.quote")).count(), 5);
    assert_eq!(doc.select(&sel(".source-index")).count(), 0);
    assert!(
        !site
            .public()
            .join("quotes/wire-example-2026-05-deal")
            .exists()
    );
}

#[test]
fn past_the_limit_quotes_is_an_index_and_sources_get_paginated_pages() {
    let site = four_posts("[quotes]\none_page_max = 4\npaginate_by = 2\n");
    site.build();
    let index = site.html("quotes/index.html");
    assert_eq!(index.select(&sel("figure.quote")).count(), 0);
    // Newest source first: the gazette (April), then the wire (newest in March), then
    // the unlinked lead-in of post b.
    assert_eq!(
        texts(&index, ".source-index li > a"),
        ["Gazette", "Wire", "Someone else said"]
    );
    assert_eq!(
        attrs(&index, ".source-index li > a", "href"),
        [
            "/posts/d/#quote-1",
            "/quotes/wire-example-2026-05-deal/",
            "/posts/b/#quote-2",
        ]
    );
    let counts = texts(&index, ".source-index .source-count");
    assert_eq!(counts[1], "3 passages, newest Mar 1, 2026");
    assert_eq!(counts[0], "1 passage, Apr 1, 2026");

    // The index pages through its sources too.
    let site = four_posts("[quotes]\none_page_max = 4\npaginate_by = 2\nindex_paginate_by = 2\n");
    site.build();
    let index = site.html("quotes/index.html");
    assert_eq!(texts(&index, ".source-index li > a"), ["Gazette", "Wire"]);
    assert_eq!(attrs(&index, "a[rel=next]", "href"), ["/quotes/page/2/"]);
    let index2 = site.html("quotes/page/2/index.html");
    assert_eq!(
        texts(&index2, ".source-index li > a"),
        ["Someone else said"]
    );

    let first = site.html("quotes/wire-example-2026-05-deal/index.html");
    assert_eq!(
        texts(&first, "figure.quote blockquote"),
        [
            "Third passage from the wire, long enough.",
            "Second passage from the wire, long enough."
        ]
    );
    assert_eq!(
        attrs(&first, "a[rel=next]", "href"),
        ["/quotes/wire-example-2026-05-deal/page/2/"]
    );
    // Each passage links to its permalink in its post, as on the one-page `/quotes/`.
    assert_eq!(
        attrs(&first, "a.quote-in-post", "href"),
        ["/posts/c/#quote-1", "/posts/b/#quote-1"]
    );
    let second = site.html("quotes/wire-example-2026-05-deal/page/2/index.html");
    assert_eq!(
        texts(&second, "figure.quote blockquote"),
        ["First passage from the wire, long enough."]
    );
    // Only sources quoted twice or more, across posts, get pages.
    let pages: Vec<String> = std::fs::read_dir(site.public().join("quotes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.html")
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(pages, ["page", "wire-example-2026-05-deal"]);
}

#[test]
fn source_slugs_are_given_oldest_first_and_long_ones_are_cut_with_a_hash() {
    let site = empty_site();
    site.write("gloss.toml", "title = \"Q\"\n[quotes]\none_page_max = 0\n");
    let long = format!("https://long.example/{}", "word-".repeat(30));
    let lead = |url: &str| format!("The [Source]({url}) said:");
    let (x_y, x_slash_y, long_lead) = (
        lead("https://same.example/x-y"),
        lead("https://same.example/x/y"),
        lead(&long),
    );
    // Two addresses with one slug: the older source keeps the plain slug.
    post(
        &site,
        "new",
        "2026-03-01",
        &[(&x_y, "New one."), (&x_y, "New two.")],
    );
    post(
        &site,
        "old",
        "2026-01-01",
        &[(&x_slash_y, "Old one."), (&x_slash_y, "Old two.")],
    );
    post(
        &site,
        "long",
        "2026-02-01",
        &[(&long_lead, "Long one."), (&long_lead, "Long two.")],
    );
    site.build();
    let old = site.html("quotes/same-example-x-y/index.html");
    assert_eq!(
        texts(&old, "figure.quote blockquote"),
        ["Old one.", "Old two."]
    );
    let new = site.html("quotes/same-example-x-y-2/index.html");
    assert_eq!(
        texts(&new, "figure.quote blockquote"),
        ["New one.", "New two."]
    );
    let index = site.html("quotes/index.html");
    let long_url = attrs(&index, ".source-index li > a", "href")
        .into_iter()
        .find(|h| h.starts_with("/quotes/long"))
        .unwrap();
    let slug = long_url
        .trim_start_matches("/quotes/")
        .trim_end_matches('/');
    assert!(slug.chars().count() <= 60, "{slug}");
    let (words, hash) = slug.rsplit_once('-').unwrap();
    assert!(words.starts_with("long-example-word-word"), "{slug}");
    assert!(
        hash.len() == 8 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "{slug}"
    );
    assert!(
        site.public()
            .join(format!("quotes/{slug}/index.html"))
            .exists()
    );
}

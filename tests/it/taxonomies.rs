//! Taxonomies and series: `taxonomies` in gloss.toml gives each taxonomy an index, term
//! pages paginated like sections and a feed per term; Jekyll's categories, Zola's
//! `[taxonomies]` tables and Hugo's top-level lists are read; posts sharing a `series`
//! are its parts, in order. Bad input: a taxonomy used but not configured, two parts
//! claiming one place.

use crate::common::{Site, attrs, empty_site, texts};

fn post(site: &Site, path: &str, front: &str, body: &str) {
    site.write(
        &format!("content/{path}"),
        format!("---\n{front}\n---\n{body}\n"),
    );
}

/// A site with tags, categories and series configured.
fn filed() -> Site {
    let site = empty_site();
    site.write(
        "gloss.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\npaginate_by = 2\ntaxonomies = [\"tags\", \"categories\", \"series\"]\n",
    );
    post(
        &site,
        "posts/a.md",
        "title: Alpha\ndate: 2026-01-01\ntags: [rust]\ncategories: [Notes]",
        "First.",
    );
    post(
        &site,
        "posts/b.md",
        "title: Beta\ndate: 2026-02-01\ntags: [rust]\ncategories: [Notes, Essays]",
        "Second.",
    );
    post(
        &site,
        "posts/c.md",
        "title: Gamma\ndate: 2026-03-01\ncategories: [notes]",
        "Third.",
    );
    site
}

fn feed_titles(site: &Site, file: &str) -> Vec<String> {
    let feed = feed_rs::parser::parse(site.read(file).as_bytes()).unwrap();
    feed.entries
        .into_iter()
        .map(|e| e.title.map(|t| t.content).unwrap_or_default())
        .collect()
}

#[test]
fn a_configured_taxonomy_has_an_index_paginated_term_pages_and_a_feed_per_term() {
    let site = filed();
    site.build();
    let index = site.html("categories/index.html");
    assert_eq!(texts(&index, "h1"), ["Categories"]);
    assert_eq!(
        attrs(&index, "ul.terms a", "href"),
        ["/categories/essays/", "/categories/notes/"]
    );
    assert_eq!(texts(&index, "ul.terms .count"), ["1", "3"]);
    // Three posts, two to a page: newest first, paged on like a section.
    let first = site.html("categories/notes/index.html");
    // Named as first written, newest post first.
    assert_eq!(texts(&first, "h1"), ["Categories: notes"]);
    assert_eq!(texts(&first, ".post-item-title a"), ["Gamma", "Beta"]);
    assert_eq!(
        attrs(&first, "a.pagination-next", "href"),
        ["/categories/notes/page/2/"]
    );
    let second = site.html("categories/notes/page/2/index.html");
    assert_eq!(texts(&second, ".post-item-title a"), ["Alpha"]);
    assert_eq!(
        attrs(&second, "a.pagination-previous", "href"),
        ["/categories/notes/"]
    );
    assert_eq!(
        feed_titles(&site, "categories/notes/atom.xml"),
        ["Gamma", "Beta", "Alpha"]
    );
    assert_eq!(
        attrs(&first, "link[type='application/atom+xml']", "href")[1],
        "https://example.org/categories/notes/atom.xml"
    );
    // Tags page on the same way.
    let rust = site.html("tags/rust/index.html");
    assert_eq!(texts(&rust, "h1"), ["Tagged “rust”"]);
    assert_eq!(texts(&rust, ".post-item-title a"), ["Beta", "Alpha"]);
    // The navigation names each taxonomy with terms.
    let home = site.html("index.html");
    let nav = texts(&home, "nav.site-nav a");
    assert!(nav.contains(&"Categories".to_string()), "{nav:?}");
    assert!(!nav.contains(&"Series".to_string()), "{nav:?}");
}

#[test]
fn jekyll_categories_are_their_own_taxonomy_when_configured_and_tags_otherwise() {
    let site = filed();
    site.build();
    // Configured: no tag page for a category, and the post shows it apart from its tags.
    assert!(!site.public().join("tags/notes").exists());
    let beta = site.html("posts/b/index.html");
    assert_eq!(texts(&beta, "ul.tags a"), ["rust"]);
    assert_eq!(
        attrs(&beta, "p.filed a", "href"),
        ["/categories/notes/", "/categories/essays/"]
    );
    // Not configured: merged into the tags, as before, and no /categories/.
    site.write("gloss.toml", "title = \"T\"\n");
    site.build();
    assert!(!site.public().join("categories").exists());
    let beta = site.html("posts/b/index.html");
    assert_eq!(texts(&beta, "ul.tags a"), ["rust", "Notes", "Essays"]);
    assert_eq!(
        texts(&site.html("tags/notes/index.html"), ".post-item-title a"),
        ["Gamma", "Beta", "Alpha"]
    );
}

#[test]
fn zola_taxonomies_tables_and_hugo_top_level_lists_are_read() {
    let site = empty_site();
    site.write(
        "gloss.toml",
        "title = \"T\"\ntaxonomies = [\"tags\", \"categories\", \"genres\"]\n",
    );
    site.write(
        "content/posts/zola.md",
        "+++\ntitle = \"Zola\"\ndate = 2026-01-01\n[taxonomies]\ntags = [\"rust\"]\ncategories = [\"Notes\"]\ngenres = [\"Jazz\"]\n+++\nBody.\n",
    );
    post(
        &site,
        "posts/hugo.md",
        "title: Hugo\ndate: 2026-02-01\ngenres: [Jazz, Blues]",
        "Body.",
    );
    let stderr = site.build();
    // A configured taxonomy's top-level list is no unknown key.
    assert!(!stderr.contains("genres"), "{stderr}");
    assert_eq!(
        texts(&site.html("genres/jazz/index.html"), ".post-item-title a"),
        ["Hugo", "Zola"]
    );
    assert_eq!(
        texts(&site.html("genres/index.html"), "ul.terms a"),
        ["Blues", "Jazz"]
    );
    assert_eq!(texts(&site.html("genres/index.html"), "h1"), ["Genres"]);
    assert_eq!(
        texts(
            &site.html("categories/notes/index.html"),
            ".post-item-title a"
        ),
        ["Zola"]
    );
    let zola = site.html("posts/zola/index.html");
    assert_eq!(texts(&zola, "ul.tags a"), ["rust"]);
    assert_eq!(
        attrs(&zola, "p.filed a", "href"),
        ["/categories/notes/", "/genres/jazz/"]
    );
}

#[test]
fn templates_see_each_post_s_terms_by_taxonomy() {
    let site = filed();
    site.write(
        "templates/page.html",
        "{% for name, terms in page.taxonomies %}{{ name }}={% for t in terms %}{{ t.url }} {% endfor %};{% endfor %}",
    );
    site.write(
        "templates/taxonomy_term.html",
        "{{ taxonomy.name }}|{{ taxonomy.title }}|{{ taxonomy.url }}|{{ term.name }}|{{ term.pages | length }}|{{ paginator.pages | length }}",
    );
    site.build();
    assert_eq!(
        site.read("posts/b/index.html"),
        "categories=/categories/notes/ /categories/essays/ ;series=;tags=/tags/rust/ ;"
    );
    assert_eq!(
        site.read("categories/notes/index.html"),
        "categories|Categories|/categories/|notes|3|2"
    );
}

/// Three parts of one series, the middle one written last, and a post outside it.
fn series_site() -> Site {
    let site = empty_site();
    site.write(
        "gloss.toml",
        "title = \"S\"\nbase_url = \"https://example.org/\"\ntaxonomies = [\"tags\", \"series\"]\n",
    );
    post(
        &site,
        "posts/one.md",
        "title: Laying the keel\ndate: 2026-01-10\nseries: Building a boat",
        "One.",
    );
    post(
        &site,
        "posts/three.md",
        "title: Launch day\ndate: 2026-03-10\nseries: Building a boat",
        "Three.",
    );
    post(
        &site,
        "posts/two.md",
        "title: Planking *the hull*\ndate: 2026-02-10\nseries: [Building a boat]",
        "Two.",
    );
    post(
        &site,
        "posts/other.md",
        "title: Other\ndate: 2026-02-15",
        "Other.",
    );
    site
}

#[test]
fn each_part_of_a_series_shows_its_place_and_links_the_others() {
    let site = series_site();
    site.build();
    let two = site.html("posts/two/index.html");
    assert_eq!(
        texts(&two, "nav.series .series-position"),
        ["Part 2 of 3 in the series Building a boat"]
    );
    assert_eq!(
        attrs(&two, "nav.series .series-position a", "href"),
        ["/series/building-a-boat/"]
    );
    // Every part in order; this one marked, not linked.
    assert_eq!(
        texts(&two, "nav.series ol li"),
        ["Laying the keel", "Planking the hull", "Launch day"]
    );
    assert_eq!(
        attrs(&two, "nav.series ol a", "href"),
        ["/posts/one/", "/posts/three/"]
    );
    assert_eq!(
        texts(&two, "nav.series [aria-current=page]"),
        ["Planking the hull"]
    );
    assert_eq!(
        texts(&two, "nav.series [aria-current=page] em"),
        ["the hull"]
    );
    assert_eq!(
        texts(&site.html("posts/three/index.html"), ".series-position"),
        ["Part 3 of 3 in the series Building a boat"]
    );
    // A post in no series shows none.
    assert!(texts(&site.html("posts/other/index.html"), "nav.series").is_empty());
}

#[test]
fn the_series_page_lists_the_parts_oldest_first_and_its_feed_newest_first() {
    let site = series_site();
    site.build();
    let page = site.html("series/building-a-boat/index.html");
    assert_eq!(texts(&page, "h1"), ["Series: Building a boat"]);
    assert_eq!(
        texts(&page, "ol.series-parts .post-item-title a"),
        ["Laying the keel", "Planking the hull", "Launch day"]
    );
    assert_eq!(
        feed_titles(&site, "series/building-a-boat/atom.xml"),
        ["Launch day", "Planking the hull", "Laying the keel"]
    );
    assert_eq!(
        texts(&site.html("series/index.html"), "ul.terms a"),
        ["Building a boat"]
    );
}

#[test]
fn series_order_overrides_the_dates() {
    let site = series_site();
    // The launch, written up first, is still the last part.
    post(
        &site,
        "posts/three.md",
        "title: Launch day\ndate: 2025-12-01\nseries: Building a boat\nseries_order: 3",
        "Three.",
    );
    post(
        &site,
        "posts/one.md",
        "title: Laying the keel\ndate: 2026-01-10\nseries: Building a boat\nseries_order: 1",
        "One.",
    );
    site.build();
    assert_eq!(
        texts(
            &site.html("series/building-a-boat/index.html"),
            "ol.series-parts .post-item-title a"
        ),
        ["Laying the keel", "Launch day", "Planking the hull"]
    );
    site.write(
        "content/posts/two.md",
        "---\ntitle: Planking\ndate: 2026-02-10\nseries: Building a boat\nseries_order: 2\n---\nTwo.\n",
    );
    site.build();
    assert_eq!(
        texts(
            &site.html("series/building-a-boat/index.html"),
            "ol.series-parts .post-item-title a"
        ),
        ["Laying the keel", "Planking", "Launch day"]
    );
}

#[test]
fn templates_get_page_series() {
    let site = series_site();
    site.write("content/about.md", "---\ntitle: About\n---\nAbout.\n");
    site.write(
        "templates/page.html",
        "{% if page.series %}{{ page.series.name }}|{{ page.series.slug }}|{{ page.series.url }}|{{ page.series.permalink }}|{{ page.series.position }}/{{ page.series.total }}|{% for p in page.series.parts %}{{ p.position }}:{{ p.title }}:{{ p.title_html }}:{{ p.url }}:{{ p.permalink }} {% endfor %}{% else %}none{% endif %}",
    );
    site.build();
    assert_eq!(
        site.read("posts/one/index.html"),
        "Building a boat|building-a-boat|/series/building-a-boat/|https://example.org/series/building-a-boat/|1/3|\
         1:Laying the keel:Laying the keel:/posts/one/:https://example.org/posts/one/ \
         2:Planking the hull:Planking &lt;em&gt;the hull&lt;/em&gt;:/posts/two/:https://example.org/posts/two/ \
         3:Launch day:Launch day:/posts/three/:https://example.org/posts/three/ "
    );
    assert_eq!(site.read("posts/other/index.html"), "none");
    // A page outside sections has `page.series` too (none).
    assert_eq!(site.read("about/index.html"), "none");
}

#[test]
fn two_parts_claiming_one_place_are_a_warning_naming_both() {
    let site = series_site();
    post(
        &site,
        "posts/one.md",
        "title: Laying the keel\ndate: 2026-01-10\nseries: Building a boat\nseries_order: 2",
        "One.",
    );
    post(
        &site,
        "posts/two.md",
        "title: Planking\ndate: 2026-02-10\nseries: Building a boat\nseries_order: 2",
        "Two.",
    );
    let stderr = site.build();
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("both claim part"))
        .collect();
    assert_eq!(
        warnings,
        [
            "content/posts/two.md:5:1: warning: this post and content/posts/one.md both claim part 2 of the series “Building a boat” (`series_order: 2`)"
        ],
        "{stderr}"
    );
    // The two stay in date order.
    assert_eq!(
        texts(
            &site.html("series/building-a-boat/index.html"),
            "ol.series-parts .post-item-title a"
        ),
        ["Laying the keel", "Planking", "Launch day"]
    );
}

#[test]
fn a_taxonomy_not_configured_is_warned_once_per_name() {
    let site = empty_site();
    site.write("gloss.toml", "title = \"T\"\n");
    for (i, name) in ["a", "b", "c"].iter().enumerate() {
        post(
            &site,
            &format!("posts/{name}.md"),
            &format!("title: {name}\ndate: 2026-01-0{}\nseries: Boats", i + 1),
            "Text.",
        );
    }
    site.write(
        "content/posts/zola.md",
        "+++\ntitle = \"Zola\"\n[taxonomies]\nauthors = [\"Ann\"]\n+++\nText.\n",
    );
    site.write(
        "content/posts/zola2.md",
        "+++\ntitle = \"Zola 2\"\n[taxonomies]\nauthors = [\"Bo\"]\n+++\nText.\n",
    );
    let stderr = site.build();
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("does not list"))
        .collect();
    assert_eq!(
        warnings,
        [
            "content/posts/a.md:4:1: warning: this post uses the taxonomy `series`, which gloss.toml's `taxonomies` does not list, so its terms get no pages",
            "content/posts/zola.md:4:1: warning: this post uses the taxonomy `authors`, which gloss.toml's `taxonomies` does not list, so its terms get no pages",
        ],
        "{stderr}"
    );
    assert!(!site.public().join("series").exists());
    assert!(texts(&site.html("posts/a/index.html"), "nav.series").is_empty());
}

#[test]
fn sitemap_lists_each_taxonomy_and_term_page() {
    let site = filed();
    site.build();
    let sitemap = feed_free_locs(&site.read("sitemap.xml"));
    for loc in [
        "https://example.org/categories/",
        "https://example.org/categories/notes/",
        "https://example.org/categories/essays/",
        "https://example.org/tags/",
        "https://example.org/tags/rust/",
    ] {
        assert!(sitemap.contains(&loc.to_string()), "{loc} in {sitemap:?}");
    }
    // Empty taxonomies (no post is in a series) are left out.
    assert!(
        !sitemap.iter().any(|l| l.contains("/series/")),
        "{sitemap:?}"
    );
}

/// The `<loc>`s of a sitemap.
fn feed_free_locs(xml: &str) -> Vec<String> {
    let doc = scraper::Html::parse_fragment(xml);
    texts(&doc, "loc")
}

#[test]
fn a_page_may_not_take_a_taxonomy_s_index() {
    let site = filed();
    site.write(
        "content/cats.md",
        "---\ntitle: Cats\npath: /categories/\n---\nMine.\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains(
            "content/cats.md:3:1: error: this page's URL /categories/ is one gloss generates itself"
        ),
        "{stderr}"
    );
}

#[test]
fn unusable_taxonomy_names_are_errors_at_the_key() {
    let site = filed();
    for (line, message) in [
        (
            "taxonomies = [\"Tags\"]",
            "error: the taxonomy name \"Tags\" is not usable as a URL segment",
        ),
        (
            "taxonomies = [\"tags\", \"quotes\"]",
            "error: the taxonomy name \"quotes\" is a folder gloss makes itself",
        ),
        (
            "taxonomies = [\"tags\", \"tags\"]",
            "error: the taxonomy \"tags\" is listed twice",
        ),
    ] {
        site.write("gloss.toml", format!("title = \"T\"\n{line}\n"));
        let stderr = site.build_fails();
        assert!(
            stderr.contains(&format!("gloss.toml:2:1: {message}")),
            "{stderr}"
        );
    }
}

#[test]
fn posts_carry_their_terms_as_search_filters() {
    let site = series_site();
    post(
        &site,
        "posts/two.md",
        "title: Planking\ndate: 2026-02-10\nseries: Building a boat\ntags: [wood]",
        "Two.",
    );
    site.build();
    let two = site.html("posts/two/index.html");
    assert_eq!(
        attrs(&two, "[data-pagefind-filter]", "data-pagefind-filter"),
        ["year:2026", "tag:wood", "series:Building a boat"]
    );
    // Lists are not indexed: only posts are a search body.
    let list = site.html("series/building-a-boat/index.html");
    assert!(attrs(&list, "[data-pagefind-body]", "class").is_empty());
}

#[test]
fn gloss_check_finds_every_link_of_the_new_pages() {
    let site = series_site();
    post(
        &site,
        "posts/four.md",
        "title: Sea trials\ndate: 2026-04-10\nseries: Building a boat\ntags: [sea]",
        "See [the series](/series/building-a-boat/) and [its second page](/series/building-a-boat/page/2/).",
    );
    site.write(
        "gloss.toml",
        "title = \"S\"\nbase_url = \"https://example.org/\"\npaginate_by = 2\ntaxonomies = [\"tags\", \"series\"]\n",
    );
    let out = assert_cmd::Command::cargo_bin("gloss")
        .unwrap()
        .arg("check")
        .arg("--root")
        .arg(&site.root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // A term page that does not exist is found broken.
    post(
        &site,
        "posts/four.md",
        "title: Sea trials\ndate: 2026-04-10\nseries: Building a boat",
        "See [page three](/series/building-a-boat/page/3/).",
    );
    let out = assert_cmd::Command::cargo_bin("gloss")
        .unwrap()
        .arg("check")
        .arg("--root")
        .arg(&site.root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("/series/building-a-boat/page/3/"),
        "{stderr}"
    );
}

#[test]
fn the_preview_server_serves_term_and_series_pages() {
    let site = crate::serve_support::Site::new();
    site.write(
        "gloss.toml",
        "title = \"S\"\ntaxonomies = [\"tags\", \"categories\", \"series\"]\n",
    );
    site.write(
        "content/posts/2026-01-02-one.md",
        "---\ntitle: One\ncategories: [Notes]\nseries: Boats\n---\nOne.\n",
    );
    site.write(
        "content/posts/2026-01-03-two.md",
        "---\ntitle: Two\nseries: Boats\n---\nTwo.\n",
    );
    let server = crate::serve_support::Server::start(&site.root, &[]);
    let series = server.get("/series/boats/");
    assert_eq!(series.status, 200);
    assert_eq!(series.count("ol.series-parts li"), 2);
    let two = server.get("/posts/two/");
    assert_eq!(
        two.text(".series-position").as_deref(),
        Some("Part 2 of 2 in the series Boats")
    );
    assert_eq!(server.get("/categories/notes/").status, 200);
    assert_eq!(server.get("/categories/").status, 200);
}

#[test]
fn taxonomy_names_and_series_words_are_in_the_site_language() {
    let site = filed();
    site.write(
        "gloss.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\nlanguage = \"de\"\npaginate_by = 2\ntaxonomies = [\"tags\", \"categories\", \"series\"]\n",
    );
    for (n, day) in [(1, "04"), (2, "05"), (3, "06")] {
        post(
            &site,
            &format!("posts/boat-{n}.md"),
            &format!("title: Boat {n}\ndate: 2026-04-{day}\nseries: Boot"),
            "Part.",
        );
    }
    site.build();
    let nav = texts(&site.html("index.html"), "nav.site-nav a");
    for name in ["Schlagwörter", "Kategorien", "Serien"] {
        assert!(nav.contains(&name.to_string()), "{nav:?}");
    }
    assert_eq!(
        texts(&site.html("categories/index.html"), "h1"),
        ["Kategorien"]
    );
    let notes = site.html("categories/notes/index.html");
    assert_eq!(texts(&notes, "h1"), ["Kategorien: notes"]);
    assert_eq!(
        texts(&notes, ".list-header .meta a"),
        ["Feed für diese Liste", "alle Kategorien"]
    );
    let beta = site.html("posts/b/index.html");
    assert!(
        texts(&beta, "p.filed")[0].starts_with("Abgelegt unter "),
        "{:?}",
        texts(&beta, "p.filed")
    );
    let series = site.html("series/boot/index.html");
    assert_eq!(texts(&series, "h1"), ["Serie: Boot"]);
    assert_eq!(
        texts(&series, ".list-header .meta a"),
        ["Feed für diese Serie", "alle Serien"]
    );
    assert!(
        texts(&series, ".list-header .meta")[0].starts_with("3 Teile, der älteste zuerst"),
        "{:?}",
        texts(&series, ".list-header .meta")
    );
    assert_eq!(texts(&series, "a.pagination-next"), ["Spätere Teile →"]);
    assert_eq!(
        texts(
            &site.html("series/boot/page/2/index.html"),
            "a.pagination-previous"
        ),
        ["← Frühere Teile"]
    );
    assert_eq!(
        texts(
            &site.html("posts/boat-2/index.html"),
            "nav.series .series-position"
        ),
        ["Teil 2 von 3 der Serie Boot"]
    );
}

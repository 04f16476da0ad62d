//! The everyday blog around the commentary: previous and next posts, a table of
//! contents, and each section's archive by month.

use crate::common::{Site, attrs, empty_site, texts};

fn post(site: &Site, path: &str, title: &str, date: &str, body: &str) {
    site.write(
        &format!("content/{path}"),
        format!("---\ntitle: {title}\ndate: {date}\n---\n{body}\n"),
    );
}

fn blog() -> Site {
    let site = empty_site();
    site.write("gloss.toml", "title = \"E\"\n");
    post(&site, "posts/a.md", "Alpha", "2025-11-20", "First.");
    post(&site, "posts/b.md", "Beta", "2026-01-05", "Second.");
    post(&site, "posts/c.md", "Gamma", "2026-01-28", "Third.");
    post(&site, "posts/d.md", "Delta", "2026-03-02", "Fourth.");
    post(&site, "notes/n.md", "A note", "2026-02-01", "Elsewhere.");
    site.write("content/about.md", "---\ntitle: About\n---\nAbout.\n");
    site
}

#[test]
fn each_post_links_to_its_neighbours_in_its_section() {
    let site = blog();
    site.build();
    let b = site.html("posts/b/index.html");
    // Older is `lower` (rel=prev), newer is `higher` (rel=next), within `posts/` only:
    // the note, dated between them, is in another section.
    assert_eq!(attrs(&b, "nav.post-nav a[rel=prev]", "href"), ["/posts/a/"]);
    assert_eq!(attrs(&b, "nav.post-nav a[rel=next]", "href"), ["/posts/c/"]);
    let newest = site.html("posts/d/index.html");
    assert_eq!(
        attrs(&newest, "nav.post-nav a[rel=prev]", "href"),
        ["/posts/c/"]
    );
    assert!(attrs(&newest, "nav.post-nav a[rel=next]", "href").is_empty());
    let oldest = site.html("posts/a/index.html");
    assert!(attrs(&oldest, "nav.post-nav a[rel=prev]", "href").is_empty());
    // Alone in its section, and outside any section: no neighbours, no nav.
    assert!(texts(&site.html("notes/n/index.html"), "nav.post-nav").is_empty());
    assert!(texts(&site.html("about/index.html"), "nav.post-nav").is_empty());
}

#[test]
fn neighbours_follow_the_sections_sort_order() {
    let site = blog();
    site.write(
        "content/posts/_index.md",
        "---\ntitle: Posts\nsort_by: title\n---\n",
    );
    site.build();
    // By title: Alpha, Beta, Delta, Gamma.
    let delta = site.html("posts/d/index.html");
    assert_eq!(attrs(&delta, "a[rel=prev]", "href"), ["/posts/c/"]);
    assert_eq!(attrs(&delta, "a[rel=next]", "href"), ["/posts/b/"]);
}

#[test]
fn templates_get_lower_and_higher() {
    let site = blog();
    site.write(
        "templates/page.html",
        "{% if page.lower %}lower={{ page.lower.title }}{% endif %};{% if page.higher %}higher={{ page.higher.title }}{% endif %}",
    );
    site.build();
    assert_eq!(site.read("posts/b/index.html"), "lower=Alpha;higher=Gamma");
    assert_eq!(site.read("posts/a/index.html"), ";higher=Beta");
}

const THREE: &str = "Intro.\n\n## One\n\nA.\n\n### One, in detail\n\nB.\n\n## Two\n\nC.";

#[test]
fn a_post_with_enough_headings_gets_a_nested_table_of_contents() {
    let site = blog();
    post(&site, "posts/long.md", "Long", "2026-04-01", THREE);
    post(
        &site,
        "posts/short.md",
        "Short",
        "2026-04-02",
        "## Only\n\nOne heading.\n\n## Two\n\nTwo.",
    );
    site.write(
        "content/posts/hidden.md",
        format!("---\ntitle: Hidden\ndate: 2026-04-03\ntoc: false\n---\n{THREE}\n"),
    );
    site.write(
        "content/posts/asked.md",
        "---\ntitle: Asked\ndate: 2026-04-04\ntoc: true\n---\n## Just one\n\nText.\n",
    );
    site.build();
    let long = site.html("posts/long/index.html");
    assert_eq!(
        attrs(&long, "nav.toc > ol > li > a", "href"),
        ["#one", "#two"]
    );
    assert_eq!(
        texts(&long, "nav.toc > ol > li > ol > li > a"),
        ["One, in detail"]
    );
    // Each entry links to a heading on the page.
    for href in attrs(&long, "nav.toc a", "href") {
        let id = href.trim_start_matches('#');
        assert_eq!(
            attrs(&long, &format!("h2[id='{id}'], h3[id='{id}']"), "id"),
            [id]
        );
    }
    assert!(texts(&site.html("posts/short/index.html"), "nav.toc").is_empty());
    assert!(texts(&site.html("posts/hidden/index.html"), "nav.toc").is_empty());
    assert_eq!(
        attrs(&site.html("posts/asked/index.html"), "nav.toc a", "href"),
        ["#just-one"]
    );
}

#[test]
fn toc_min_headings_sets_the_threshold() {
    let site = blog();
    site.write("gloss.toml", "title = \"E\"\ntoc_min_headings = 2\n");
    post(
        &site,
        "posts/short.md",
        "Short",
        "2026-04-02",
        "## Only\n\nOne.\n\n## Two\n\nTwo.",
    );
    site.build();
    assert_eq!(
        attrs(&site.html("posts/short/index.html"), "nav.toc a", "href"),
        ["#only", "#two"]
    );
}

#[test]
fn each_section_has_an_archive_by_year_and_month() {
    let site = blog();
    site.build();
    let archive = site.html("posts/archive/index.html");
    assert_eq!(texts(&archive, ".archive-year > h2"), ["2026", "2025"]);
    assert_eq!(
        texts(&archive, ".archive-year h3"),
        ["March", "January", "November"]
    );
    assert_eq!(
        texts(&archive, ".archive-list a"),
        ["Delta", "Gamma", "Beta", "Alpha"]
    );
    // January holds both of its posts, newest first.
    assert_eq!(
        texts(&archive, "h3#month-2026-01 + ul a"),
        ["Gamma", "Beta"]
    );
    let section = site.html("posts/index.html");
    assert_eq!(
        attrs(&section, ".list-header a", "href"),
        ["/posts/archive/"]
    );
    assert!(site.public().join("notes/archive/index.html").exists());
    // The home page is not a section with an archive.
    assert!(!site.public().join("archive/index.html").exists());
}

#[test]
fn a_page_of_the_authors_at_the_archive_path_keeps_it() {
    let site = blog();
    site.write(
        "content/posts/archive.md",
        "---\ntitle: My own archive\ndate: 2026-05-01\n---\nHand-made.\n",
    );
    site.build();
    let page = site.html("posts/archive/index.html");
    assert_eq!(texts(&page, "h1"), ["My own archive"]);
    assert!(attrs(&site.html("posts/index.html"), ".list-header a", "href").is_empty());
}

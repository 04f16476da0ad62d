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

/// A blog with a post due in 2099, a post whose `publishDate` is in 2099, an expired
/// post and a post with an update scheduled for 2099.
fn scheduled_blog() -> Site {
    let site = blog();
    site.write(
        "content/posts/later.md",
        "---\ntitle: Later\ndate: 2099-01-02 09:30\ntags: [soon]\n---\nNot yet.\n\n\
         The [Wire](https://wire.example/soon) said:\n\n> A passage from the future.\n",
    );
    site.write(
        "content/posts/hugo.md",
        "---\ntitle: Hugo style\ndate: 2020-01-01\npublishDate: 2099-06-01\n---\nHeld.\n",
    );
    site.write(
        "content/posts/gone.md",
        "---\ntitle: Gone\ndate: 2020-01-01\nexpiryDate: 2021-01-01\n---\nExpired.\n",
    );
    site.write(
        "content/posts/e.md",
        "---\ntitle: Epsilon\ndate: 2026-03-03\nupdates:\n  - date: 2026-03-04\n    note: A past correction.\n  - date: 2099-03-04\n    note: A correction from the future.\n---\nFifth.\n\n\
         **Update 2026-03-05:** A past notice.\n\n\
         **Update 2099-05-01 10:00:** A notice from the future, quoting:\n\n\
         > The quote from the future.\n\n\
         > [!UPDATE] 2099-05-02\n> Another notice from the future.\n\n\
         After the notices.\n",
    );
    site
}

/// Every file of the built site that mentions `text`.
fn files_mentioning(site: &Site, text: &str) -> Vec<String> {
    crate::common::tree(&site.public())
        .into_iter()
        .filter(|(path, bytes)| {
            !path.starts_with("pagefind/") && String::from_utf8_lossy(bytes).contains(text)
        })
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn scheduled_and_expired_posts_are_held_back_and_the_build_says_so() {
    let site = scheduled_blog();
    let stderr = site.build();
    assert!(
        stderr.contains(
            "2 scheduled posts held back; the next is due 2099-01-02 09:30 UTC (build again then, or pass --future to include them); 1 expired post left out (past its expiryDate); 2 update notices dated in the future held back; the next is due 2099-05-01 10:00 UTC"
        ),
        "{stderr}"
    );
    for gone in [
        "Later",
        "Hugo style",
        "Gone",
        "A passage from the future",
        "from the future",
    ] {
        assert_eq!(
            files_mentioning(&site, gone),
            Vec::<String>::new(),
            "{gone}"
        );
    }
    for path in [
        "posts/later/index.html",
        "posts/hugo/index.html",
        "posts/gone/index.html",
        "tags/soon/index.html",
    ] {
        assert!(!site.public().join(path).exists(), "{path}");
    }
    // The past update stays; the scheduled one is not in the history yet.
    let e = site.html("posts/e/index.html");
    let history = texts(&e, ".update-history li").join(" ");
    assert!(history.contains("A past correction."), "{history}");
    assert!(!history.contains("future"), "{history}");
    // So are notices written in the body: not on the post, in its history, on /updates/,
    // in the feeds (`files_mentioning` above); the text around them stays.
    assert_eq!(
        texts(&e, "aside.update > p:not(.update-label)"),
        ["A past notice."]
    );
    assert!(history.contains("A past notice."), "{history}");
    assert_eq!(
        texts(&e, ".e-content > p"),
        ["Fifth.", "After the notices."]
    );
    assert_eq!(
        attrs(&e, ".dt-updated", "datetime"),
        ["2026-03-05T00:00:00+00:00"]
    );
}

#[test]
fn future_builds_them_marked_scheduled() {
    let site = scheduled_blog();
    let stderr = site.build_with(&["--future"]);
    assert!(!stderr.contains("held back"), "{stderr}");
    let later = site.html("posts/later/index.html");
    assert_eq!(texts(&later, "article .scheduled"), ["Scheduled"]);
    let home = site.html("index.html");
    assert!(texts(&home, ".post-list .scheduled").contains(&"Scheduled".to_string()));
    assert!(site.public().join("posts/hugo/index.html").exists());
    assert!(site.public().join("posts/gone/index.html").exists());
    // A post of the past is not marked.
    assert!(texts(&site.html("posts/a/index.html"), ".scheduled").is_empty());
    // Update notices dated in the future are shown, marked; a past one is not.
    let e = site.html("posts/e/index.html");
    assert_eq!(
        texts(&e, "aside.update.scheduled > p:not(.update-label)"),
        [
            "A notice from the future, quoting:",
            "Another notice from the future."
        ]
    );
    assert_eq!(
        texts(&e, "aside.update.scheduled .update-label .scheduled"),
        ["Scheduled", "Scheduled"]
    );
    assert_eq!(
        texts(&e, "aside.update:not(.scheduled) > p:not(.update-label)"),
        ["A past notice."]
    );
    let updates = texts(&site.html("updates/index.html"), ".update-note").join(" ");
    assert!(
        updates.contains("A notice from the future, quoting:"),
        "{updates}"
    );
    assert_eq!(
        texts(&e, "figure.quote blockquote"),
        ["The quote from the future."]
    );
}

#[test]
fn an_unreadable_expiry_date_is_a_warning_and_the_post_stays() {
    let site = blog();
    site.write(
        "content/posts/offer.md",
        "---\ntitle: Offer\ndate: 2026-01-01\nexpiryDate: soon\n---\nStill here.\n",
    );
    let stderr = site.build();
    assert!(
        stderr.contains("content/posts/offer.md: warning: `expiryDate` is not a date"),
        "{stderr}"
    );
    assert!(site.public().join("posts/offer/index.html").exists());
}

/// A summary in a list keeps working links and images: a page bundle's image and a
/// relative link lead from the post's page, not from the list's (under a sub-path too).
#[test]
fn a_summarys_relative_links_and_images_work_in_lists() {
    let site = crate::common::empty_site();
    site.write(
        "gloss.toml",
        "title = \"S\"\nbase_url = \"https://example.org/blog/\"\nsearch = false\n",
    );
    site.write(
        "content/posts/trip/index.md",
        "---\ntitle: Trip\ndate: 2026-01-02\n---\nSee [the notes](notes.txt), [the other post](../other/) and the [about page](/about/).\n\n<!-- more -->\n\nRest.\n",
    );
    site.write("content/posts/trip/notes.txt", "notes\n");
    site.write(
        "content/posts/other.md",
        "---\ntitle: Other\ndate: 2026-01-01\n---\nText.\n",
    );
    site.write("content/about.md", "---\ntitle: About\n---\nAbout.\n");
    site.build();
    for list in ["index.html", "posts/index.html"] {
        let doc = site.html(list);
        assert_eq!(
            crate::common::attrs(&doc, ".post-item .summary a", "href"),
            [
                "/blog/posts/trip/notes.txt",
                "/blog/posts/other/",
                "/blog/about/"
            ],
            "{list}"
        );
    }
    // The post's own page keeps them as written.
    let post = site.html("posts/trip/index.html");
    assert_eq!(
        crate::common::attrs(&post, ".e-content a", "href")[..2],
        ["notes.txt", "../other/"]
    );
}

//! Whole builds of the fixture sites in `tests/fixtures/sites/`, run with the real binary;
//! assertions are made on the parsed output (scraper for HTML, feed-rs for Atom).

use crate::common;

use std::collections::BTreeSet;

use common::{attr, attrs, fixture, sel, texts};
use scraper::Html;

/// The blog fixture: base URL `https://example.org/blog/`, paginate_by 3, two sections.
fn blog() -> common::Site {
    let site = fixture("blog");
    site.build();
    site
}

fn html_files(site: &common::Site) -> Vec<String> {
    site.tree()
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .collect()
}

#[test]
fn blog_builds_every_expected_file() {
    let site = blog();
    let files: BTreeSet<String> = site.tree().into_keys().collect();
    for expected in [
        "index.html",
        "page/2/index.html",
        "about/index.html",
        "posts/index.html",
        "posts/page/2/index.html",
        "posts/power-bills/index.html",
        "posts/grid-queue/index.html",
        "posts/memo/index.html",
        "posts/trip/index.html",
        "posts/trip/substation.svg",
        "notes/index.html",
        "notes/apples/index.html",
        "tags/index.html",
        "tags/energy/index.html",
        "tags/energy/atom.xml",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "about-me/index.html",
        "old/about.html",
        "humans.txt",
        ".nojekyll",
        "style.css",
        "highlight.css",
        "commentary.css",
    ] {
        assert!(
            files.contains(expected),
            "{expected} is missing from {files:#?}"
        );
    }
    assert!(
        !files
            .iter()
            .any(|f| f.contains("draft") || f.contains("unfinished")),
        "a draft was published: {files:#?}"
    );
}

#[test]
fn every_html_page_parses_cleanly_with_unique_ids_and_landmarks() {
    let site = blog();
    for file in html_files(&site) {
        let text = site.read(&file);
        let doc = Html::parse_document(&text);
        assert!(
            doc.errors.is_empty(),
            "{file} has HTML parse errors: {:?}",
            doc.errors
        );
        assert!(text.starts_with("<!doctype html>"), "{file} has no doctype");
        let ids = attrs(&doc, "[id]", "id");
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(ids.len(), unique.len(), "{file} repeats an id: {ids:?}");
        if file == "about-me/index.html" || file == "old/about.html" {
            continue;
        }
        for landmark in ["header", "nav", "main", "footer"] {
            assert!(
                doc.select(&sel(&format!("body {landmark}")))
                    .next()
                    .is_some(),
                "{file} has no <{landmark}>"
            );
        }
        assert_eq!(attrs(&doc, "html", "lang"), ["en"], "{file}");
        assert_eq!(texts(&doc, "title").len(), 1, "{file}");
    }
}

#[test]
fn home_page_lists_the_latest_paginate_by_posts_then_pages_on() {
    let site = blog();
    let home = site.html("index.html");
    assert_eq!(
        texts(&home, ".h-feed .h-entry .p-name"),
        [
            "Who pays the power bill?",
            "The grid queue",
            "A memo worth reading"
        ],
    );
    assert_eq!(attr(&home, "a[rel=next]", "href"), "/blog/page/2/");
    assert!(home.select(&sel("a[rel=prev]")).next().is_none());
    let intro = texts(&home, ".intro");
    assert!(intro[0].contains("quoted at length"), "{intro:?}");

    let second = site.html("page/2/index.html");
    // Posts from every section, newest first: the bundle, then the notes.
    assert_eq!(
        texts(&second, ".h-feed .h-entry .p-name"),
        ["Site visit", "Zebra crossings", "Apples"],
    );
    assert_eq!(attr(&second, "a[rel=prev]", "href"), "/blog/");
}

#[test]
fn sections_paginate_and_sort_by_their_front_matter() {
    let site = blog();
    let posts = site.html("posts/index.html");
    assert_eq!(texts(&posts, "h1"), ["Posts"]);
    assert_eq!(texts(&posts, ".post-list > li").len(), 3);
    assert_eq!(attr(&posts, "a[rel=next]", "href"), "/blog/posts/page/2/");
    let second = site.html("posts/page/2/index.html");
    assert_eq!(texts(&second, ".h-entry .p-name"), ["Site visit"]);
    let notes = site.html("notes/index.html");
    assert_eq!(
        texts(&notes, ".h-entry .p-name"),
        ["Apples", "Zebra crossings"],
        "notes/_index.md sorts by title"
    );
}

#[test]
fn a_post_is_an_h_entry_with_every_property() {
    let site = blog();
    let doc = site.html("posts/power-bills/index.html");
    let entry = "article.h-entry";
    assert_eq!(
        texts(&doc, &format!("{entry} h1.p-name")),
        ["Who pays the power bill?"]
    );
    assert_eq!(
        attr(&doc, &format!("{entry} .dt-published"), "datetime"),
        "2026-01-05T09:30:00-06:00",
        "a time without offset is in the site's time zone"
    );
    assert_eq!(
        attr(&doc, &format!("{entry} a.u-url"), "href"),
        "https://example.org/blog/posts/power-bills/"
    );
    assert_eq!(
        texts(&doc, &format!("{entry} .p-author")),
        ["Ada Example", "Bo Writer"]
    );
    assert_eq!(
        texts(&doc, &format!("{entry} .p-category")),
        ["Energy", "utilities"]
    );
    assert_eq!(
        attrs(&doc, &format!("{entry} .p-category"), "href"),
        ["/blog/tags/energy/", "/blog/tags/utilities/"]
    );
    let content = texts(&doc, &format!("{entry} .e-content"));
    assert!(
        content[0].starts_with("The utility’s filing is long."),
        "{content:?}"
    );
    assert_eq!(
        attr(&doc, "link[rel=canonical]", "href"),
        "https://example.org/blog/posts/power-bills/"
    );

    let updated = site.html("posts/grid-queue/index.html");
    assert_eq!(
        attr(&updated, "article.h-entry .dt-updated", "datetime"),
        "2025-12-22T00:00:00-06:00"
    );
}

#[test]
fn posts_without_authors_show_the_site_author() {
    let site = blog();
    let doc = site.html("posts/grid-queue/index.html");
    assert_eq!(texts(&doc, "article.h-entry .p-author"), ["Ada Example"]);
    let home = site.html("index.html");
    assert_eq!(
        texts(&home, ".h-entry .p-author"),
        ["Ada Example", "Bo Writer", "Ada Example", "Ada Example"]
    );
}

#[test]
fn meta_description_comes_from_front_matter_else_the_author_s_own_words() {
    let site = blog();
    let given = site.html("posts/grid-queue/index.html");
    assert_eq!(
        attr(&given, "meta[name=description]", "content"),
        "Interconnection queues, explained in one table."
    );
    // The lead-in and the quote it announces are left out, as are the footnote, the
    // table and the code (docs/writing.md, "Descriptions").
    let derived = site.html("posts/power-bills/index.html");
    assert_eq!(
        attr(&derived, "meta[name=description]", "content"),
        "That is a promise, not a tariff. A few numbers: See the earlier post and a mirror."
    );
    let home = site.html("index.html");
    assert_eq!(
        attr(&home, "meta[name=description]", "content"),
        "Notes on press releases, quoted at length."
    );
}

#[test]
fn lists_are_h_feeds_of_h_entries() {
    let site = blog();
    for file in ["index.html", "posts/index.html", "tags/energy/index.html"] {
        let doc = site.html(file);
        let feeds = doc.select(&sel(".h-feed")).count();
        assert_eq!(feeds, 1, "{file}");
        let entries = doc.select(&sel(".h-feed .h-entry")).count();
        let urls = doc.select(&sel(".h-feed .h-entry .u-url")).count();
        let dates = doc.select(&sel(".h-feed .h-entry .dt-published")).count();
        assert!(entries > 0, "{file}");
        assert_eq!((urls, dates), (entries, entries), "{file}");
    }
}

#[test]
fn link_posts_point_their_title_at_the_source_and_keep_a_permalink() {
    let site = blog();
    let doc = site.html("posts/memo/index.html");
    assert_eq!(attr(&doc, "h1 a", "href"), "https://news.example.com/memo");
    let home = site.html("index.html");
    let memo = home
        .select(&sel(".h-entry"))
        .find(|e| e.text().any(|t| t.contains("A memo worth reading")))
        .unwrap();
    let hrefs: Vec<&str> = memo
        .select(&sel("h2 a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        hrefs,
        ["https://news.example.com/memo", "/blog/posts/memo/"]
    );
}

#[test]
fn navigation_is_derived_from_the_sections() {
    let site = blog();
    let home = site.html("index.html");
    assert_eq!(
        attrs(&home, ".site-nav a", "href"),
        [
            "/blog/notes/",
            "/blog/posts/",
            "/blog/tags/",
            "/blog/quotes/",
            "/blog/atom.xml"
        ]
    );

    let posts = site.html("posts/index.html");
    assert_eq!(
        attr(&posts, ".site-nav a[aria-current]", "aria-current"),
        "page"
    );
    assert_eq!(texts(&posts, ".site-nav a[aria-current]"), ["Posts"]);
    let post = site.html("posts/memo/index.html");
    assert_eq!(
        attr(&post, ".site-nav a[aria-current]", "aria-current"),
        "true"
    );
    assert_eq!(texts(&post, ".site-nav a[aria-current]"), ["Posts"]);
    assert!(
        home.select(&sel(".site-nav a[aria-current]"))
            .next()
            .is_none()
    );

    let minimal = fixture("minimal");
    minimal.build();
    for file in html_files(&minimal) {
        let doc = minimal.html(&file);
        let hrefs = attrs(&doc, "a", "href");
        assert!(
            !hrefs.iter().any(|h| h.contains("/posts/")),
            "{file} links to a posts section the site does not have: {hrefs:?}"
        );
    }
    let home = minimal.html("index.html");
    assert_eq!(texts(&home, ".site-nav a"), ["Notes", "Feed"]);
}

#[test]
fn a_folder_with_only_content_builds_with_the_embedded_theme() {
    let site = fixture("minimal");
    assert!(!site.root.join("gloss.toml").exists());
    assert!(!site.root.join("templates").exists());
    site.build();
    let doc = site.html("notes/hello/index.html");
    assert_eq!(texts(&doc, "article.h-entry h1.p-name"), ["Hello"]);
    assert_eq!(attrs(&doc, "link[rel=stylesheet]", "href")[0], "/style.css");
    let css = site.read("style.css");
    assert!(css.contains("prefers-color-scheme: dark"));
    assert!(css.contains("@media print"));
}

#[test]
fn the_base_url_sub_path_is_used_everywhere() {
    let site = blog();
    for file in html_files(&site) {
        let doc = site.html(&file);
        for name in ["href", "src"] {
            for value in attrs(&doc, &format!("[{name}]"), name) {
                let ok = value.starts_with("/blog/")
                    || value.starts_with("//")
                    || value.starts_with("https://")
                    || value.starts_with('#')
                    || !value.contains(':') && !value.starts_with('/');
                assert!(ok, "{file}: {name}={value:?} escapes the /blog/ sub-path");
            }
        }
    }
    let sitemap = site.read("sitemap.xml");
    let locs = texts(&Html::parse_document(&sitemap), "loc");
    assert!(locs.len() >= 12, "{locs:?}");
    for loc in &locs {
        assert!(loc.starts_with("https://example.org/blog/"), "{loc}");
    }
    assert!(locs.contains(&"https://example.org/blog/posts/power-bills/".to_string()));
    assert!(locs.contains(&"https://example.org/blog/tags/energy/".to_string()));
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/blog/sitemap.xml\n"
    );
}

#[test]
fn tag_pages_group_terms_by_slug() {
    let site = blog();
    let tags = site.html("tags/index.html");
    assert_eq!(
        attrs(&tags, ".terms a", "href"),
        [
            "/blog/tags/energy/",
            "/blog/tags/links/",
            "/blog/tags/utilities/"
        ]
    );
    assert_eq!(texts(&tags, ".terms .count"), ["3", "1", "1"]);
    let energy = site.html("tags/energy/index.html");
    assert_eq!(
        texts(&energy, ".h-entry .p-name"),
        ["Who pays the power bill?", "The grid queue", "Site visit"]
    );
}

fn parse_feed(text: &str) -> feed_rs::model::Feed {
    feed_rs::parser::parse(text.as_bytes()).unwrap_or_else(|e| panic!("invalid feed: {e}\n{text}"))
}

#[test]
fn atom_feeds_are_valid_with_absolute_urls_in_entry_content() {
    let site = blog();
    for file in ["atom.xml", "tags/energy/atom.xml"] {
        let text = site.read(file);
        let feed = parse_feed(&text);
        assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom, "{file}");
        assert!(!feed.id.is_empty(), "{file}: feed id");
        assert!(feed.title.is_some(), "{file}: feed title");
        assert!(feed.updated.is_some(), "{file}: feed updated");
        assert!(!feed.authors.is_empty(), "{file}: feed author");
        assert!(
            feed.links.iter().any(|l| l.rel.as_deref() == Some("self")
                && l.href == format!("https://example.org/blog/{file}")),
            "{file}: self link {:?}",
            feed.links
        );
        assert!(!feed.entries.is_empty(), "{file}");
        for entry in &feed.entries {
            assert!(!entry.id.is_empty());
            assert!(entry.title.is_some());
            assert!(entry.updated.is_some());
            assert!(entry.published.is_some());
            // One link to the post; a link post has a `related` one to its source too.
            let alternate: Vec<_> = entry
                .links
                .iter()
                .filter(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .collect();
            assert_eq!(alternate.len(), 1);
            assert!(alternate[0].href.starts_with("https://example.org/blog/"));
            for link in &entry.links {
                assert!(
                    link.rel
                        .as_deref()
                        .is_none_or(|r| r == "alternate" || r == "related")
                );
            }
            let body = entry.content.as_ref().and_then(|c| c.body.clone()).unwrap();
            let content = Html::parse_fragment(&body);
            for (name, value) in attrs(&content, "[href]", "href")
                .into_iter()
                .map(|v| ("href", v))
                .chain(
                    attrs(&content, "[src]", "src")
                        .into_iter()
                        .map(|v| ("src", v)),
                )
            {
                assert!(
                    value.starts_with("https://"),
                    "{file}: entry {:?} has a relative {name}={value:?}",
                    entry.title
                );
            }
        }
    }
    let feed = parse_feed(&site.read("atom.xml"));
    let titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert_eq!(titles[0], "Who pays the power bill?");
    assert_eq!(titles.len(), 6, "{titles:?}");
    let bills = &feed.entries[0];
    let body = bills.content.as_ref().unwrap().body.clone().unwrap();
    let content = Html::parse_fragment(&body);
    let hrefs = attrs(&content, "a", "href");
    assert!(
        hrefs.contains(&"https://mirror.example.net/filing.pdf".to_string()),
        "a protocol-relative link keeps its host: {hrefs:?}"
    );
    assert!(hrefs.contains(&"https://example.org/blog/posts/grid-queue/".to_string()));
    let authors: Vec<&str> = bills
        .authors
        .iter()
        .filter_map(|a| a.name.as_deref())
        .collect();
    assert_eq!(authors, ["Ada Example", "Bo Writer"]);
    let trip = feed
        .entries
        .iter()
        .find(|e| e.title.as_ref().unwrap().content == "Site visit")
        .unwrap();
    let body = trip.content.as_ref().unwrap().body.clone().unwrap();
    assert_eq!(
        attrs(&Html::parse_fragment(&body), "img", "src"),
        ["https://example.org/blog/posts/trip/substation.svg"]
    );
}

#[test]
fn feed_entry_ids_are_stable_tag_uris() {
    let site = blog();
    let ids = |text: &str| -> Vec<String> {
        parse_feed(text)
            .entries
            .iter()
            .map(|e| e.id.clone())
            .collect()
    };
    let first = ids(&site.read("atom.xml"));
    assert_eq!(first[0], "tag:example.org,2026-01-05:/posts/power-bills/");
    // The same site moved to http and to another sub-path keeps its entry ids.
    site.build_with(&["--base-url", "http://example.org/elsewhere/"]);
    assert_eq!(ids(&site.read("atom.xml")), first);
}

#[test]
fn aliases_redirect_with_meta_refresh_and_canonical() {
    let site = blog();
    for file in ["about-me/index.html", "old/about.html"] {
        let doc = site.html(file);
        assert_eq!(
            attr(&doc, "link[rel=canonical]", "href"),
            "https://example.org/blog/about/",
            "{file}"
        );
        assert_eq!(
            attr(&doc, "meta[http-equiv=refresh]", "content"),
            "0; url=https://example.org/blog/about/",
            "{file}"
        );
    }
}

#[test]
fn static_files_are_copied_verbatim() {
    let site = blog();
    let tree = site.tree();
    assert_eq!(tree["humans.txt"], b"verbatim static file\n");
    assert_eq!(tree[".nojekyll"], b"");
    assert_eq!(
        tree["posts/trip/substation.svg"],
        std::fs::read(site.root.join("content/posts/trip/substation.svg")).unwrap()
    );
}

#[test]
fn not_found_page_links_home_through_the_sub_path() {
    let site = blog();
    let doc = site.html("404.html");
    assert_eq!(texts(&doc, "h1"), ["Page not found"]);
    assert!(attrs(&doc, "main a", "href").contains(&"/blog/".to_string()));
    assert_eq!(attr(&doc, "meta[name=robots]", "content"), "noindex");
}

#[test]
fn drafts_are_built_only_when_asked() {
    let site = blog();
    assert!(!site.public().join("posts/draft").exists());
    site.build_with(&["--drafts"]);
    let doc = site.html("posts/draft/index.html");
    assert_eq!(texts(&doc, "h1"), ["Unfinished"]);
}

#[test]
fn the_same_input_builds_byte_identical_output() {
    let site = blog();
    let first = site.tree();
    let other = tempfile::tempdir().unwrap();
    let out = other.path().join("again");
    site.build_with(&["--output-dir", out.to_str().unwrap()]);
    let second = common::tree(&out);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(second[path] == *bytes, "{path} differs between two builds");
    }
}

#[test]
fn templates_are_replaced_per_file_by_the_site_then_the_theme() {
    let site = fixture("themed");
    site.build();
    // templates/page.html beats themes/plain/templates/page.html.
    let one = site.html("posts/one/index.html");
    assert_eq!(texts(&one, "#site-page"), ["One"]);
    assert!(one.select(&sel("#theme-page")).next().is_none());
    // The theme's section.html replaces the embedded one.
    let posts = site.html("posts/index.html");
    assert_eq!(
        texts(&posts, "#theme-section"),
        ["Posts from the plain theme"]
    );
    // base.html still comes from the embedded theme.
    assert!(posts.select(&sel(".site-nav")).next().is_some());
    // A page's `template` front matter picks another template.
    let two = site.html("posts/two/index.html");
    assert_eq!(texts(&two, "#special"), ["special: Two"]);
    // Theme static files replace and join the embedded ones.
    assert_eq!(site.read("style.css"), "body { color: teal; }\n");
    assert_eq!(site.read("plain.txt"), "theme asset\n");
    assert!(site.public().join("highlight.css").exists());
}

#[test]
fn build_prints_a_summary_and_quiet_hushes_it() {
    let site = blog();
    let stderr = site.build();
    let last = stderr.lines().last().unwrap_or_default();
    let files = walkdir::WalkDir::new(site.public())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != ".gloss-output")
        .count();
    assert!(
        last.starts_with(&format!("built 7 pages ({files} files) in ")) && last.contains(" s"),
        "{files} files: {stderr:?}"
    );
    let quiet = site.build_with(&["--quiet"]);
    assert_eq!(quiet, "");
}

#[test]
fn docs_templates_md_names_every_variable_templates_receive() {
    let site = fixture("blog");
    let keys = |var: &str| format!("{var}: {{{{ {var} | keys | join(sep=\" \") }}}}\n");
    site.write(
        "templates/page.html",
        keys("config") + &keys("page") + &keys("site"),
    );
    site.write(
        "templates/section.html",
        keys("section") + &keys("paginator") + &keys("paginator.pages[0]"),
    );
    site.write(
        "templates/taxonomy_term.html",
        keys("term") + &keys("taxonomy") + &keys("paginator"),
    );
    site.write("templates/taxonomy_list.html", keys("terms[0]"));
    site.write(
        "templates/atom.xml",
        keys("feed") + &keys("feed.entries[0]"),
    );
    site.write("templates/sitemap.xml", keys("entries[0]"));
    site.build();
    let docs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/templates.md"),
    )
    .unwrap();
    let mut checked = 0;
    for file in [
        "posts/power-bills/index.html",
        "posts/index.html",
        "tags/energy/index.html",
        "tags/index.html",
        "atom.xml",
        "sitemap.xml",
    ] {
        for line in site.read(file).lines() {
            let Some((var, names)) = line.split_once(": ") else {
                continue;
            };
            // How the docs name members of a list: `post.x`, `entry.x`, `term.x`.
            let shown = match var {
                "paginator.pages[0]" => "post",
                "feed.entries[0]" => "entry",
                "terms[0]" => "term",
                "entries[0]" => "entries",
                v => v,
            };
            for name in names.split(' ') {
                checked += 1;
                let documented = match shown {
                    "entries" => docs.contains(&format!("`{name}`")),
                    // A page has everything a post in a list has, documented once.
                    "page" => {
                        docs.contains(&format!("`page.{name}`"))
                            || docs.contains(&format!("`post.{name}`"))
                    }
                    _ => docs.contains(&format!("`{shown}.{name}`")),
                };
                assert!(
                    documented,
                    "docs/templates.md does not document `{shown}.{name}`"
                );
            }
        }
    }
    assert!(checked > 60, "only {checked} variables were checked");
}

#[test]
fn an_undated_page_is_an_h_entry_whose_title_is_its_url() {
    let site = blog();
    let doc = site.html("about/index.html");
    assert_eq!(texts(&doc, "article.h-entry .p-name"), ["About"]);
    assert_eq!(
        attr(&doc, "article.h-entry .u-url", "href"),
        "https://example.org/blog/about/"
    );
    assert!(doc.select(&sel(".dt-published")).next().is_none());
    assert_eq!(texts(&doc, "article.h-entry .p-author"), ["Ada Example"]);
}

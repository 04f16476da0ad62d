//! Inputs taken from bug reports filed against other static site generators, tried
//! against gloss: each test is named after the case it guards.

use std::collections::BTreeMap;

use crate::common::{self, Site, attrs, sel};

/// A post with this front matter (between the fences) and body.
fn post(front: &str, body: &str) -> String {
    format!("---\n{front}\n---\n\n{body}\n")
}

/// A minimal site: one dated post.
fn site() -> Site {
    let site = common::empty_site();
    site.write(
        "gloss.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\n",
    );
    site.write(
        "content/posts/hello.md",
        post("title: Hello\ndate: 2024-03-01", "Hello."),
    );
    site
}

/// The error and warning lines of stderr (progress lines left out).
fn diagnostics(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .collect()
}

// --- Collisions -------------------------------------------------------------------------

#[test]
fn section_folder_updates_or_quotes_collides_with_gloss_pages() {
    let site = site();
    site.write(
        "content/updates/a.md",
        post("title: A\ndate: 2024-01-01", "A."),
    );
    site.write("content/quotes/_index.md", post("title: Quotes", ""));
    site.write(
        "content/quotes/b.md",
        post("title: B\ndate: 2024-01-02", "B."),
    );
    let stderr = site.build_fails();
    let lines = diagnostics(&stderr);
    assert!(
        lines.contains(&"content/updates/: error: two outputs would be written to updates/index.html: from the section content/updates/ and from gloss's own /updates/"),
        "{stderr}"
    );
    assert!(
        lines.contains(&"content/quotes/_index.md: error: two outputs would be written to quotes/index.html: from the section content/quotes/_index.md and from gloss's own /quotes/"),
        "{stderr}"
    );
    assert!(!site.public().exists(), "a failed build wrote {stderr}");
}

#[test]
fn section_folder_tags_collision_names_the_folder() {
    let site = site();
    site.write(
        "content/tags/a.md",
        post("title: A\ndate: 2024-01-01\ntags: [x]", "A."),
    );
    let stderr = site.build_fails();
    assert!(
        diagnostics(&stderr).contains(&"content/tags/: error: two outputs would be written to tags/index.html: from the section content/tags/ and from gloss's own /tags/"),
        "{stderr}"
    );
}

#[test]
fn path_atom_xml_names_the_post_not_the_staging_folder() {
    for (front, generated) in [
        ("path: atom.xml", "atom.xml"),
        ("path: updates.xml", "updates.xml"),
        ("aliases: [sitemap.xml]", "sitemap.xml"),
        ("aliases: [robots.txt]", "robots.txt"),
        ("aliases: [updates.xml]", "updates.xml"),
        ("aliases: [404.html]", "404.html"),
    ] {
        let site = site();
        site.write(
            "content/posts/b.md",
            post(&format!("title: B\ndate: 2024-01-01\n{front}"), "B."),
        );
        let stderr = site.build_fails();
        let lines = diagnostics(&stderr);
        assert_eq!(lines.len(), 1, "{front}: {stderr}");
        assert!(
            lines[0].starts_with("content/posts/b.md:4:1: error: "),
            "{front}: {stderr}"
        );
        assert!(lines[0].contains(generated), "{front}: {stderr}");
        assert!(!stderr.contains("staging"), "{front}: {stderr}");
        assert!(!stderr.contains("os error"), "{front}: {stderr}");
    }
}

#[test]
fn static_file_replacing_a_generated_page_warns_naming_both() {
    let site = site();
    site.write("static/posts/hello/index.html", "<p>mine</p>");
    site.write("static/tags/index.html", "<p>my tags</p>");
    let stderr = site.build();
    let lines = diagnostics(&stderr);
    assert!(
        lines.contains(&"static/posts/hello/index.html: warning: a copied file replaces a generated page: static/posts/hello/index.html is written to posts/hello/index.html instead of the page from content/posts/hello.md"),
        "{stderr}"
    );
    assert!(
        lines.contains(&"static/tags/index.html: warning: a copied file replaces a generated page: static/tags/index.html is written to tags/index.html instead of the page from gloss's own /tags/"),
        "{stderr}"
    );
    assert_eq!(site.read("posts/hello/index.html"), "<p>mine</p>");
}

/// Sites with every kind of collision: the ones that build give the same bytes, and the
/// ones that fail the same messages, 20 times over.
#[test]
fn sites_with_collisions_build_byte_identical_twenty_times() {
    let replaced = site();
    replaced.write("static/posts/hello/index.html", "<p>mine</p>");
    replaced.write("static/robots.txt", "User-agent: *\n");
    replaced.write("static/style.css", "body {}\n");
    replaced.write("static/updates/index.html", "<p>mine</p>");
    let first = {
        replaced.build();
        replaced.tree()
    };
    for _ in 0..19 {
        replaced.build();
        assert!(replaced.tree() == first, "a build gave other bytes");
    }

    // Which of a section and gloss's own page was written used to depend on the threads.
    let sections = site();
    sections.write(
        "content/updates/a.md",
        post("title: A\ndate: 2024-01-01", "A."),
    );
    sections.write(
        "content/quotes/b.md",
        post("title: B\ndate: 2024-01-01", "B."),
    );
    let pages = site();
    pages.write(
        "content/posts/c.md",
        post("title: C\ndate: 2024-01-01\npath: /posts/hello/", "C."),
    );
    pages.write(
        "content/posts/d.md",
        post(
            "title: D\ndate: 2024-01-01\naliases: [atom.xml, posts/c]",
            "D.",
        ),
    );
    for clashing in [sections, pages] {
        let first = clashing.build_fails();
        for _ in 0..19 {
            assert_eq!(clashing.build_fails(), first);
        }
    }
}

#[test]
fn demo_site_is_byte_identical_on_one_and_two_threads() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let mut trees = Vec::new();
    for threads in ["1", "2"] {
        let dir = out.path().join(threads);
        let status = assert_cmd::Command::cargo_bin("gloss")
            .unwrap()
            .env("RAYON_NUM_THREADS", threads)
            .args(["build", "--quiet", "--root"])
            .arg(root)
            .arg("--output-dir")
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        trees.push(common::tree(&dir));
    }
    let differing: Vec<&String> = trees[0]
        .iter()
        .filter(|(path, bytes)| trees[1].get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(
        differing.is_empty(),
        "differ on 1 and 2 threads: {differing:?}"
    );
    assert_eq!(trees[0].len(), trees[1].len());
}

#[test]
fn id_prefixes_of_review_and_review_2024_do_not_collide() {
    let site = site();
    site.write(
        "content/posts/review.md",
        post(
            "title: Review\ndate: 2024-01-02",
            "## 2024 Quote 1\n\nText.\n\n> A quoted passage.\n",
        ),
    );
    site.write(
        "content/posts/review-2024.md",
        post(
            "title: Review 2024\ndate: 2024-01-01",
            "The report said:\n\n> A quoted passage.\n",
        ),
    );
    site.build();
    let feed = site.read("atom.xml");
    let xml = scraper::Html::parse_document(&feed);
    let html: String = xml
        .select(&sel("entry content"))
        .map(|c| c.text().collect::<String>())
        .collect();
    let doc = scraper::Html::parse_fragment(&html);
    let ids = attrs(&doc, "[id]", "id");
    let mut seen = std::collections::BTreeSet::new();
    for id in &ids {
        assert!(seen.insert(id), "id {id:?} twice in atom.xml: {ids:?}");
    }
    assert!(ids.iter().any(|id| id.ends_with("quote-1")), "{ids:?}");
}

// --- Dates ------------------------------------------------------------------------------

/// The `<updated>` of a feed and the `<published>` of each entry, by entry title.
fn feed_dates(xml: &str) -> (String, BTreeMap<String, String>) {
    let doc = scraper::Html::parse_document(xml);
    let updated = doc
        .select(&sel("feed > updated"))
        .map(|e| e.text().collect::<String>())
        .next()
        .unwrap_or_default();
    let entries = doc
        .select(&sel("entry"))
        .map(|e| {
            let text = |s: &str| {
                e.select(&sel(s))
                    .map(|x| x.text().collect::<String>())
                    .next()
                    .unwrap_or_default()
            };
            (text("title"), text("published"))
        })
        .collect();
    (updated, entries)
}

#[test]
fn undated_posts_are_left_out_of_feeds_with_a_warning() {
    let site = site();
    site.write(
        "content/posts/undated.md",
        post("title: Undated\ntags: [x]", "No date."),
    );
    site.write(
        "content/posts/dated.md",
        post("title: Dated\ndate: 2024-02-01\ntags: [x]", "A date."),
    );
    let stderr = site.build();
    assert!(
        diagnostics(&stderr).contains(
            &"content/posts/undated.md: warning: this post has no date, so it is left out of the feeds"
        ),
        "{stderr}"
    );
    for feed in ["atom.xml", "tags/x/atom.xml"] {
        let (updated, entries) = feed_dates(&site.read(feed));
        assert!(!updated.starts_with("1970"), "{feed}: {updated}");
        assert!(!entries.contains_key("Undated"), "{feed}: {entries:?}");
        assert!(
            entries.values().all(|d| !d.starts_with("1970")),
            "{feed}: {entries:?}"
        );
    }
    // The post itself is still built and listed.
    assert!(site.public().join("posts/undated/index.html").is_file());
}

#[test]
fn empty_updates_feed_is_updated_at_the_builds_newest_date() {
    let site = site();
    site.write(
        "content/posts/later.md",
        post("title: Later\ndate: 2024-05-06T07:08:09Z", "Later."),
    );
    site.build();
    let (updated, entries) = feed_dates(&site.read("updates.xml"));
    assert!(entries.is_empty(), "{entries:?}");
    assert_eq!(updated, "2024-05-06T07:08:09+00:00");
}

#[test]
fn date_9999_12_31_says_what_range_is_accepted() {
    let site = site();
    site.write(
        "content/posts/far.md",
        post("title: Far\ndate: 9999-12-31", "Far."),
    );
    let stderr = site.build_fails();
    assert!(
        diagnostics(&stderr).contains(&"content/posts/far.md:3:1: error: invalid `date`: \"9999-12-31\" is out of the range of dates gloss accepts: 0000-01-01 to 9999-12-30"),
        "{stderr}"
    );
    assert!(!stderr.contains("Unix timestamp"), "{stderr}");
    site.write(
        "content/posts/far.md",
        post("title: Far\ndate: 9999-12-30", "Far."),
    );
    site.build();
}

#[test]
fn gloss_new_with_a_date_for_title_gets_a_slug_from_the_date_and_time() {
    let site = site();
    let out = assert_cmd::Command::cargo_bin("gloss")
        .unwrap()
        .args(["new", "2024-01-01", "--root"])
        .arg(&site.root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let name = std::path::Path::new(&printed)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(name.starts_with("post-"), "{printed}");
    site.build();
    assert!(!site.public().join("posts/untitled").exists());
    assert!(
        site.public()
            .join(format!("posts/{name}/index.html"))
            .is_file(),
        "{:?}",
        site.tree().keys().collect::<Vec<_>>()
    );
}

// --- Text -------------------------------------------------------------------------------

#[test]
fn nfd_file_names_and_tags_get_the_slugs_of_their_nfc_forms() {
    let site = site();
    // As macOS writes names: decomposed (`e` + U+0301 COMBINING ACUTE ACCENT).
    site.write(
        "content/posts/cafe\u{301}.md",
        post(
            "title: Cafe\u{301}\ndate: 2024-01-01\ntags: [\"Re\u{301}sume\u{301}\"]",
            "Text.\n\n## Cre\u{300}me\n",
        ),
    );
    site.write(
        "content/posts/other.md",
        post(
            "title: Other\ndate: 2024-01-02\ntags: [\"Résumé\"]",
            "Text.",
        ),
    );
    site.build();
    let tree = site.tree();
    assert!(
        tree.contains_key("posts/café/index.html"),
        "{:?}",
        tree.keys()
    );
    assert!(
        tree.contains_key("tags/résumé/index.html"),
        "{:?}",
        tree.keys()
    );
    assert!(
        !tree
            .keys()
            .any(|k| k.contains("re-sume") || k.contains("posts/cafe/"))
    );
    let term = site.html("tags/résumé/index.html");
    let links = attrs(&term, "a[href^='/posts/']", "href");
    assert!(links.contains(&"/posts/other/".to_string()), "{links:?}");
    assert!(
        links.iter().any(|l| l.starts_with("/posts/caf")),
        "{links:?}"
    );
    let page = site.html("posts/café/index.html");
    assert_eq!(attrs(&page, "h2[id]", "id"), ["crème"]);
}

#[test]
fn tags_differing_in_case_or_spacing_are_one_link_on_a_post() {
    let site = site();
    site.write(
        "content/posts/tagged.md",
        post(
            "title: Tagged\ndate: 2024-01-01\ntags: [\"Rust\", \"rust\", \" Rust \", \"Open  Source\", \"open source\"]",
            "Text.",
        ),
    );
    site.build();
    let page = site.html("posts/tagged/index.html");
    let links = attrs(&page, "a[href*='/tags/']", "href");
    let mut unique = links.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(links.len(), unique.len(), "{links:?}");
    assert!(links.contains(&"/tags/rust/".to_string()), "{links:?}");
    assert!(
        links.contains(&"/tags/open-source/".to_string()),
        "{links:?}"
    );
}

#[test]
fn symbol_only_tags_get_pages_of_their_own() {
    let site = site();
    site.write(
        "content/posts/a.md",
        post("title: A\ndate: 2024-01-01\ntags: [\"!!!\"]", "A."),
    );
    site.write(
        "content/posts/b.md",
        post("title: B\ndate: 2024-01-02\ntags: [\"..\"]", "B."),
    );
    site.build();
    let tree = site.tree();
    assert!(
        !tree.contains_key("tags/untitled/index.html"),
        "{:?}",
        tree.keys()
    );
    let one = site.html("tags/~21-21-21/index.html");
    let two = site.html("tags/~2e-2e/index.html");
    assert!(site.read("tags/~21-21-21/index.html").contains("!!!"));
    assert!(!common::texts(&one, "a[href='/posts/a/']").is_empty());
    assert!(!common::texts(&two, "a[href='/posts/b/']").is_empty());
    assert!(common::texts(&two, "a[href='/posts/a/']").is_empty());
}

#[test]
fn more_inside_emphasis_link_or_inline_html_ends_the_summary() {
    let site = site();
    site.write(
        "content/posts/em.md",
        post(
            "title: Em\ndate: 2024-01-01",
            "Before *inside <!-- more --> after* end.\n\nSecond paragraph.",
        ),
    );
    site.write(
        "content/posts/span.md",
        post(
            "title: Span\ndate: 2024-01-02",
            "Before <span class=\"x\">inside <!-- more --> after</span> end.\n\nSecond paragraph.",
        ),
    );
    site.build();
    let home = site.read("index.html");
    for title in ["Em", "Span"] {
        // The summary (in the home page's list) stops at the comment.
        let doc = scraper::Html::parse_document(&home);
        let articles: Vec<String> = doc
            .select(&sel("article"))
            .filter(|a| a.text().any(|t| t.contains(title)))
            .map(|a| a.inner_html())
            .collect();
        assert_eq!(articles.len(), 1, "{title}: {home}");
        assert!(articles[0].contains("inside"), "{title}: {}", articles[0]);
        assert!(!articles[0].contains("after"), "{title}: {}", articles[0]);
        assert!(
            !articles[0].contains("Second paragraph"),
            "{title}: {}",
            articles[0]
        );
    }
    // The span is closed inside the summary's paragraph: nothing after it is in the span.
    let doc = scraper::Html::parse_document(&home);
    for span in doc.select(&sel("span.x")) {
        assert!(!span.text().collect::<String>().contains("Span"), "{home}");
    }
}

#[test]
fn a_line_holding_only_a_quote_marker_is_not_a_numbered_passage() {
    let site = site();
    site.write(
        "content/posts/marker.md",
        post(
            "title: Marker\ndate: 2024-01-01",
            "Text.\n\n>\n\nMore text.\n",
        ),
    );
    site.build();
    let page = site.html("posts/marker/index.html");
    assert!(page.select(&sel("figure.quote")).next().is_none());
    assert!(attrs(&page, "[id]", "id").iter().all(|id| id != "quote-1"));
}

#[test]
fn gloss_update_on_a_post_ending_inside_an_unclosed_code_fence() {
    let site = site();
    site.write(
        "content/posts/code.md",
        post(
            "title: Code\ndate: 2024-01-01",
            "Some code:\n\n```rust\nfn main() {}\n",
        ),
    );
    let out = assert_cmd::Command::cargo_bin("gloss")
        .unwrap()
        .arg("update")
        .arg(site.root.join("content/posts/code.md"))
        .args(["Fixed the example.", "--date", "2024-02-01"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    site.build();
    let page = site.html("posts/code/index.html");
    let code: String = page
        .select(&sel("pre"))
        .map(|e| e.text().collect::<String>())
        .collect();
    assert!(!code.contains("Fixed the example"), "{code}");
    assert!(code.contains("fn main"), "{code}");
    assert!(
        page.root_element()
            .text()
            .any(|t| t.contains("Fixed the example")),
        "no notice shown"
    );
}

// --- The preview server -----------------------------------------------------------------

#[test]
fn get_double_slash_posts_redirects_to_a_path_not_a_host() {
    let site = crate::serve_support::Site::new();
    let server = crate::serve_support::Server::start(&site.root, &[]);
    for (target, location) in [
        ("//posts", "/posts/"),
        ("//posts/hello", "/posts/hello/"),
        ("///posts//hello?x=1", "/posts/hello/?x=1"),
        ("/posts/hello", "/posts/hello/"),
    ] {
        let r = server.get(target);
        assert_eq!(r.status, 308, "{target}");
        assert_eq!(r.header("location"), Some(location), "{target}");
    }
}

#[test]
fn copied_files_are_served_with_range_etag_and_last_modified() {
    let site = crate::serve_support::Site::new();
    let video: String = (0..1000)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    site.write("static/media/clip.mp4", &video);
    let server = crate::serve_support::Server::start(&site.root, &[]);
    let port = server.port;
    let request = crate::serve_support::request_with;

    let whole = server.get("/media/clip.mp4");
    assert_eq!(whole.status, 200);
    assert_eq!(whole.body, video);
    assert_eq!(whole.header("content-type"), Some("video/mp4"));
    assert_eq!(whole.header("accept-ranges"), Some("bytes"));
    let etag = whole.header("etag").expect("no ETag").to_string();
    let modified = whole
        .header("last-modified")
        .expect("no Last-Modified")
        .to_string();

    // What Safari asks before playing a video: the first bytes.
    let part = request(port, "GET", "/media/clip.mp4", &[("Range", "bytes=0-1")]);
    assert_eq!(part.status, 206);
    assert_eq!(part.body, "ab");
    assert_eq!(part.header("content-range"), Some("bytes 0-1/1000"));
    let tail = request(port, "GET", "/media/clip.mp4", &[("Range", "bytes=990-")]);
    assert_eq!(tail.status, 206);
    assert_eq!(tail.body, &video[990..]);
    let past = request(port, "GET", "/media/clip.mp4", &[("Range", "bytes=5000-")]);
    assert_eq!(past.status, 416);

    // An unchanged file costs a 304.
    let again = request(port, "GET", "/media/clip.mp4", &[("If-None-Match", &etag)]);
    assert_eq!(again.status, 304);
    let since = request(
        port,
        "GET",
        "/media/clip.mp4",
        &[("If-Modified-Since", &modified)],
    );
    assert_eq!(since.status, 304);
    let head = crate::serve_support::request(port, "HEAD", "/media/clip.mp4");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-length"), Some("1000"));

    // A changed file has another ETag.
    site.write("static/media/clip.mp4", &video[..500]);
    let mut changed = None;
    for _ in 0..100 {
        let r = server.get("/media/clip.mp4");
        if r.body.len() == 500 {
            changed = Some(r);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let changed = changed.expect("the changed file was not served");
    assert_ne!(changed.header("etag"), Some(etag.as_str()));
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_content_is_reported_and_skipped() {
    let site = site();
    std::fs::create_dir_all(site.root.join("content/posts/loop")).unwrap();
    std::os::unix::fs::symlink("..", site.root.join("content/posts/loop/up")).unwrap();
    site.write(
        "content/posts/loop/inside.md",
        post("title: Inside\ndate: 2024-01-01", "Inside."),
    );
    let stderr = site.build();
    assert!(
        diagnostics(&stderr).contains(&"content/posts/loop/up: warning: this symbolic link points back to a folder that contains it (a loop), so it was skipped"),
        "{stderr}"
    );
    assert!(site.public().join("posts/hello/index.html").is_file());
    // The folder holding the link is read, once.
    let pages: Vec<String> = site
        .tree()
        .into_keys()
        .filter(|k| k.ends_with("inside/index.html"))
        .collect();
    assert_eq!(pages, ["posts/loop/inside/index.html"]);
}

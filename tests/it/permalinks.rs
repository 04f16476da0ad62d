//! Permalink patterns (`[permalinks]` in gloss.toml, front matter `permalink`, `url`,
//! `path`): fixture sites laid out as a Jekyll blog and as a Hugo blog keep those
//! engines' URLs, and every page that links, lists or maps a post uses them.

use assert_cmd::Command;

use crate::common::{self, attr, attrs, empty_site, fixture, texts};

/// The output files of `site` that are pages or copied files of its posts (not the
/// theme's assets or the search index).
fn page_files(site: &common::Site) -> Vec<String> {
    site.tree()
        .into_keys()
        .filter(|k| {
            !k.starts_with("pagefind/")
                && !k.starts_with("images/")
                && !k.starts_with("fonts/")
                && !k.starts_with('.')
                && !k.ends_with(".css")
                && !k.ends_with(".svg")
                && !k.ends_with(".js")
        })
        .collect()
}

#[test]
fn a_jekyll_blog_keeps_its_dated_html_urls() {
    let site = fixture("permalinks-jekyll");
    site.build();
    let files = page_files(&site);
    for expected in [
        // `date`: /:categories/:year/:month/:day/:title:output_ext, categories lowercased.
        "astronomy/notes/2017/02/26/first-light.html",
        // `:title` keeps the file name's case, as Jekyll's does.
        "2018/03/04/Second-Look.html",
        // A bundle's files go beside its page's file.
        "2020/05/05/trip.html",
        "2020/05/05/route.txt",
        // Front matter wins over the pattern: a literal permalink, and a pattern.
        "notes/own-url/index.html",
        "2019/token-permalink/index.html",
        // Top-level pages follow no section's pattern.
        "about/index.html",
        // The old URL redirects.
        "old/first-light/index.html",
    ] {
        assert!(
            files.iter().any(|f| f == expected),
            "{expected} not in {files:#?}"
        );
    }
    assert!(
        !files.iter().any(|f| f.starts_with("posts/")
            && f != "posts/index.html"
            && f != "posts/archive/index.html"
            && f != "posts/atom.xml"
            && f != "posts/rss.xml"),
        "only the section's list, archive and feeds stay under posts/: {files:#?}"
    );

    let post = site.html("astronomy/notes/2017/02/26/first-light.html");
    assert_eq!(texts(&post, "article h1"), ["First light"]);
    assert_eq!(
        attr(&post, "link[rel=canonical]", "href"),
        "https://example.org/blog/astronomy/notes/2017/02/26/first-light.html"
    );

    // The section's list links each post at its pattern URL, under the base URL's path.
    let list = site.html("posts/index.html");
    let mut links = attrs(&list, "article h2 a", "href");
    links.sort();
    assert_eq!(
        links,
        [
            "/blog/2018/03/04/Second-Look.html",
            "/blog/2019/token-permalink/",
            "/blog/2020/05/05/trip.html",
            "/blog/astronomy/notes/2017/02/26/first-light.html",
            "/blog/notes/own-url/",
        ]
    );

    // Feed and sitemap.
    let feed = feed_rs::parser::parse(site.read("atom.xml").as_bytes()).unwrap();
    let feed_links: Vec<&str> = feed
        .entries
        .iter()
        .flat_map(|e| e.links.iter().map(|l| l.href.as_str()))
        .collect();
    assert!(
        feed_links
            .contains(&"https://example.org/blog/astronomy/notes/2017/02/26/first-light.html"),
        "{feed_links:?}"
    );
    let sitemap = scraper::Html::parse_document(&site.read("sitemap.xml"));
    let locs = texts(&sitemap, "loc");
    for loc in [
        "https://example.org/blog/2020/05/05/trip.html",
        "https://example.org/blog/2019/token-permalink/",
    ] {
        assert!(locs.iter().any(|l| l == loc), "{loc} not in {locs:?}");
    }

    // `redirect_from` gives a redirect page and a `_redirects` line to the .html URL.
    let old = site.html("old/first-light/index.html");
    assert_eq!(
        attr(&old, "link[rel=canonical]", "href"),
        "https://example.org/blog/astronomy/notes/2017/02/26/first-light.html"
    );
    // An old `.htm` URL is that file too (it was `/2017/02/first-light.htm/` in
    // `_redirects` while its redirect page was the file).
    assert!(site.public().join("2017/02/first-light.htm").is_file());
    assert_eq!(
        site.read("_redirects"),
        "/blog/2017/02/first-light.htm /blog/astronomy/notes/2017/02/26/first-light.html 301\n\
         /blog/old/first-light/ /blog/astronomy/notes/2017/02/26/first-light.html 301\n"
    );
}

#[test]
fn gloss_check_follows_links_to_pattern_urls() {
    let site = fixture("permalinks-jekyll");
    let check = |root: &std::path::Path| {
        Command::cargo_bin("gloss")
            .unwrap()
            .arg("check")
            .arg("--root")
            .arg(root)
            .output()
            .unwrap()
    };
    // Second-Look links to first-light.html by its root path and to trip.html by a
    // relative path from its own .html file; both resolve.
    let out = check(&site.root);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("0 broken"), "{stderr}");
    // The URL the post would have had without its categories is not a page.
    site.write(
        "content/posts/2018-03-04-Second-Look.md",
        "---\ntitle: A second look\n---\n\n[Gone](/blog/2017/02/26/first-light.html)\n",
    );
    let out = check(&site.root);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("content/posts/2018-03-04-Second-Look.md:5:1: error:")
            && stderr.contains("/blog/2017/02/26/first-light.html"),
        "{stderr}"
    );
}

#[test]
fn a_hugo_blog_keeps_its_urls() {
    let site = fixture("permalinks-hugo");
    let stderr = site.build();
    let files = page_files(&site);
    for expected in [
        // [permalinks.page] posts = "/:year/:month/:slugified_title/"
        "2024/05/spring-cleaning-a-report/index.html",
        // Hugo's `url` wins over the pattern.
        "seasons/autumn/index.html",
        // [permalinks] notes = "/:section/:slugorfilename/": the slug, else the file name.
        "notes/quick-thought/index.html",
        "notes/other/index.html",
        // A nested section follows its parent's rule; :section is the top level.
        "notes/shallow/index.html",
        // Zola's `path` wins too.
        "zola/deep/index.html",
    ] {
        assert!(
            files.iter().any(|f| f == expected),
            "{expected} not in {files:#?}"
        );
    }
    let home = site.html("index.html");
    let links = attrs(&home, "article h2 a", "href");
    assert!(
        links.contains(&"/2024/05/spring-cleaning-a-report/".to_string()),
        "{links:?}"
    );
    // The tag page lists the post at its pattern URL.
    let tag = site.html("tags/home/index.html");
    assert_eq!(
        attrs(&tag, "article h2 a", "href"),
        ["/2024/05/spring-cleaning-a-report/"]
    );
    // Hugo's table for tag pages is read and said to be unused, at its line.
    assert!(
        stderr.contains(
            "gloss.toml:11:1: warning: permalinks.term.tags is not used: gloss gives section, tag and home pages their own URLs"
        ),
        "{stderr}"
    );
}

/// Two posts named alike in a section, four years apart.
fn reading_notes(config: &str) -> common::Site {
    let site = empty_site();
    site.write("gloss.toml", config);
    site.write(
        "content/posts/2017-05-09-reading-notes.md",
        "---\ntitle: Reading notes 2017\n---\n\nFirst.\n",
    );
    site.write(
        "content/posts/2021-05-28-reading-notes.md",
        "---\ntitle: Reading notes 2021\n---\n\nSecond.\n",
    );
    site
}

#[test]
fn the_suggested_permalinks_line_keeps_both_posts_at_their_old_urls() {
    let site = reading_notes("base_url = \"https://example.org/\"\n");
    let stderr = site.build();
    assert!(
        site.public()
            .join("posts/2021-05-28-reading-notes/index.html")
            .is_file()
    );
    // The help holds gloss.toml lines to copy: take them from the message as printed.
    let help: Vec<&str> = stderr
        .lines()
        .skip_while(|l| !l.contains("would share the URL"))
        .skip(1)
        .take(3)
        .collect();
    assert_eq!(
        help,
        [
            "  help: to keep the URLs the old blog had, add to gloss.toml:",
            "[permalinks]",
            "posts = \"/:year/:month/:day/:slug/\"",
        ],
        "{stderr}"
    );
    site.write(
        "gloss.toml",
        format!(
            "base_url = \"https://example.org/\"\n{}\n{}\n",
            help[1], help[2]
        ),
    );
    let stderr = site.build();
    assert!(!stderr.contains("would share"), "{stderr}");
    for (path, title) in [
        ("2017/05/09/reading-notes/index.html", "Reading notes 2017"),
        ("2021/05/28/reading-notes/index.html", "Reading notes 2021"),
    ] {
        assert_eq!(texts(&site.html(path), "article h1"), [title]);
    }
}

#[test]
fn posts_sharing_a_url_under_a_pattern_get_their_date_and_the_help_names_the_line() {
    let site = reading_notes("title = \"x\"\n[permalinks]\nposts = \"/:year/:title/\"\n");
    site.write(
        "content/posts/2017-11-02-reading-notes.md",
        "---\ntitle: Reading notes, later\n---\n\nThird.\n",
    );
    let stderr = site.build();
    // The later post of 2017 takes its date in `:title` as well as in its slug.
    let later = site.html("2017/2017-11-02-reading-notes/index.html");
    assert_eq!(texts(&later, "article h1"), ["Reading notes, later"]);
    assert!(
        site.public()
            .join("2017/reading-notes/index.html")
            .is_file()
    );
    assert!(
        site.public()
            .join("2021/reading-notes/index.html")
            .is_file()
    );
    assert!(
        stderr.contains(
            "content/posts/2017-11-02-reading-notes.md: warning: this post and content/posts/2017-05-09-reading-notes.md would share the URL /2017/reading-notes/; this one is at /2017/2017-11-02-reading-notes/, with its date"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "help: the [permalinks] pattern \"/:year/:title/\" (gloss.toml line 3) gives both one URL"
        ),
        "{stderr}"
    );
}

#[test]
fn two_posts_claiming_one_url_with_permalink_are_an_error_naming_both() {
    let site = empty_site();
    site.write("gloss.toml", "[permalinks]\nposts = \"date\"\n");
    site.write(
        "content/posts/2020-01-01-a.md",
        "---\ntitle: A\npermalink: /same/\n---\n\nA.\n",
    );
    site.write(
        "content/posts/2020-02-02-b.md",
        "---\ntitle: B\npermalink: /same/\n---\n\nB.\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains("this page has the same URL /same/ as")
            && stderr.contains("content/posts/2020-01-01-a.md")
            && stderr.contains("content/posts/2020-02-02-b.md"),
        "{stderr}"
    );
    assert!(!site.public().exists());
}

#[test]
fn an_unknown_token_in_gloss_toml_is_an_error_at_its_line_and_nothing_is_written() {
    let site = reading_notes("title = \"x\"\n[permalinks]\nposts = \"/:year/:slug/\"\n");
    site.build();
    let before = site.tree();
    site.write(
        "gloss.toml",
        "title = \"x\"\n[permalinks]\nposts = \"/:year/:titel/\"\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains(
            "gloss.toml:3:17: error: unknown token `:titel` in the [permalinks] pattern \"/:year/:titel/\" for the section posts"
        ),
        "{stderr}"
    );
    assert_eq!(site.tree(), before, "the previous output was changed");
}

#[test]
fn an_unknown_token_in_front_matter_is_an_error_at_the_key() {
    let site = empty_site();
    site.write(
        "content/posts/2020-01-01-a.md",
        "---\ntitle: A\npermalink: /:yeer/:title/\n---\n\nA.\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains(
            "content/posts/2020-01-01-a.md:3:1: error: unknown token `:yeer` in this page's `permalink` pattern"
        ),
        "{stderr}"
    );
    assert!(!site.public().exists());
}

#[test]
fn an_undated_page_under_a_dated_pattern_keeps_its_plain_url_with_a_warning() {
    let site = empty_site();
    site.write(
        "gloss.toml",
        "[permalinks]\nposts = \"/:year/:slug/\"\nlinks = \"/:slug/\"\n",
    );
    site.write("content/posts/undated.md", "---\ntitle: U\n---\n\nU.\n");
    let stderr = site.build();
    assert!(site.public().join("posts/undated/index.html").is_file());
    assert!(
        stderr.contains(
            "content/posts/undated.md: warning: this page has no date, so the [permalinks] pattern \"/:year/:slug/\" (gloss.toml line 2) cannot place it; it is at /posts/undated/"
        ),
        "{stderr}"
    );
    // A key naming no folder of pages is said to be unused.
    assert!(
        stderr.contains(
            "gloss.toml:3:1: warning: [permalinks] has a pattern for the section \"links\", which has no pages"
        ),
        "{stderr}"
    );
}

/// A site whose old URLs are declared in gloss.toml's `[redirects]`, after `extra`.
fn redirected(redirects: &str) -> common::Site {
    let site = empty_site();
    site.write(
        "gloss.toml",
        format!(
            "base_url = \"https://example.org/blog/\"\nredirects_file = true\n\n[redirects]\n{redirects}"
        ),
    );
    site.write(
        "content/posts/2017-05-09-tide-tables.md",
        "---\ntitle: Tide tables\n---\n\nLow water.\n",
    );
    site.write(
        "content/posts/2018-01-02-pier.md",
        "---\ntitle: Pier repairs\ndraft: true\n---\n\nNot yet.\n",
    );
    site.write("content/about.md", "---\ntitle: About\n---\n\nUs.\n");
    site
}

#[test]
fn redirects_in_gloss_toml_write_alias_pages_and_redirect_lines() {
    let site = redirected(concat!(
        "\"/2017/05/09/tide-tables.html\" = \"posts/2017-05-09-tide-tables.md\"\n",
        "\"old/about\" = \"/about\"\n",
        "\"/feed/\" = \"/atom.xml\"\n",
        "\"/elsewhere/\" = \"https://example.com/moved/\"\n",
        // A draft's old URL has no redirect while the draft is not built.
        "\"/2018/pier.html\" = \"posts/2018-01-02-pier.md\"\n",
    ));
    site.build();
    let page = site.html("2017/05/09/tide-tables.html");
    assert_eq!(
        attr(&page, "link[rel=canonical]", "href"),
        "https://example.org/blog/posts/tide-tables/"
    );
    assert_eq!(
        attr(&page, "meta[http-equiv=refresh]", "content"),
        "0; url=https://example.org/blog/posts/tide-tables/"
    );
    assert_eq!(texts(&page, "title"), ["Moved: Tide tables"]);
    assert_eq!(
        attr(
            &site.html("old/about/index.html"),
            "link[rel=canonical]",
            "href"
        ),
        "https://example.org/blog/about/"
    );
    assert_eq!(
        attr(
            &site.html("elsewhere/index.html"),
            "link[rel=canonical]",
            "href"
        ),
        "https://example.com/moved/"
    );
    assert!(!site.public().join("2018/pier.html").exists());
    let lines: Vec<String> = site
        .read("_redirects")
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(
        lines,
        [
            "/blog/2017/05/09/tide-tables.html /blog/posts/tide-tables/ 301",
            "/blog/elsewhere/ https://example.com/moved/ 301",
            "/blog/feed/ /blog/atom.xml 301",
            "/blog/old/about/ /blog/about/ 301",
        ]
    );
}

#[test]
fn a_redirect_from_a_feed_s_file_path_is_written_as_that_file() {
    let site = redirected(concat!(
        "\"/feed.xml\" = \"/atom.xml\"\n",
        "\"/posts/index.xml\" = \"/posts/rss.xml\"\n",
        // A folder whose name has a dot, not a page's or a feed's extension.
        "\"/notes/node.js\" = \"/about/\"\n",
    ));
    site.build();
    let public = site.public();
    assert!(public.join("feed.xml").is_file());
    assert!(public.join("posts/index.xml").is_file());
    assert!(public.join("notes/node.js/index.html").is_file());
    assert_eq!(
        attr(&site.html("feed.xml"), "link[rel=canonical]", "href"),
        "https://example.org/blog/atom.xml"
    );
    let lines: Vec<String> = site
        .read("_redirects")
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(
        lines,
        [
            "/blog/feed.xml /blog/atom.xml 301",
            "/blog/notes/node.js/ /blog/about/ 301",
            "/blog/posts/index.xml /blog/posts/rss.xml 301",
        ]
    );
}

#[test]
fn a_redirect_over_a_page_or_to_nowhere_is_an_error_at_its_line_in_gloss_toml() {
    let site = redirected("\"/old-about/\" = \"/about/\"\n");
    site.build();
    let before = site.tree();
    site.write(
        "gloss.toml",
        "base_url = \"https://example.org/blog/\"\nredirects_file = true\n\n[redirects]\n\"/posts/tide-tables/\" = \"/about/\"\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains(
            "gloss.toml:5:1: error: the redirect from /posts/tide-tables/ in [redirects] is the URL of content/posts/2017-05-09-tide-tables.md, so its redirect page would replace that page"
        ),
        "{stderr}"
    );
    assert_eq!(site.tree(), before);

    site.write(
        "gloss.toml",
        "[redirects]\n\"/a/\" = \"posts/missing.md\"\n\"/b/\" = \"/nothing/here/\"\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains(
            "gloss.toml:2:9: error: the redirect from /a/ in [redirects] points nowhere: posts/missing.md is no page of the site"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "gloss.toml:3:9: error: the redirect from /b/ in [redirects] points nowhere: the site has no page at /nothing/here/"
        ),
        "{stderr}"
    );

    site.write("gloss.toml", "[redirects]\n\"/../x/\" = \"/about/\"\n");
    let stderr = site.build_fails();
    assert!(
        stderr.contains("gloss.toml:2:1: error: the old path \"/../x/\" in [redirects] has a `.` or `..` segment"),
        "{stderr}"
    );
}

//! `gloss serve` against the real binary: pages, rebuilds on every kind of save, the
//! error overlay's content, path traversal, ports, concurrency and a clean stop.

use crate::serve_support;

use std::net::TcpListener;
use std::time::Duration;

use serve_support::{Server, Site, generation};

fn title_of(server: &Server, path: &str) -> Option<String> {
    let r = server.get(path);
    (r.status == 200).then(|| r.text("h1.p-name")).flatten()
}

fn body_of(server: &Server, path: &str) -> Option<String> {
    let r = server.get(path);
    (r.status == 200).then(|| r.text(".e-content")).flatten()
}

#[test]
fn serves_pages_from_memory_with_the_local_base_url() {
    let site = Site::new();
    let before = site.listing();
    let server = Server::start(&site.root, &[]);

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-store"));
    // The configured base URL's sub-path is replaced by the local address.
    let hrefs: Vec<String> = {
        let sel = scraper::Selector::parse("a.site-title").unwrap();
        home.html()
            .select(&sel)
            .filter_map(|a| a.value().attr("href").map(String::from))
            .collect()
    };
    assert_eq!(hrefs, vec!["/".to_string()]);
    assert_eq!(home.count("script[data-gloss-live-reload]"), 1);

    let post = server.get("/posts/hello/");
    assert_eq!(post.text("h1.p-name").as_deref(), Some("Hello"));
    assert_eq!(post.count("script[data-gloss-live-reload]"), 1);
    let permalink = {
        let sel = scraper::Selector::parse("a.u-url").unwrap();
        post.html()
            .select(&sel)
            .next()
            .and_then(|a| a.value().attr("href").map(String::from))
    };
    assert_eq!(
        permalink.as_deref(),
        Some(format!("{}posts/hello/", server.url).as_str())
    );

    // Feeds are served as built: no script, links to the local address.
    let feed = server.get("/atom.xml");
    assert_eq!(feed.status, 200);
    assert_eq!(
        feed.header("content-type"),
        Some("application/xml; charset=utf-8")
    );
    assert!(!feed.body.contains("<script"), "{}", feed.body);
    assert!(feed.body.contains(&format!("{}posts/hello/", server.url)));

    let css = server.get("/extra.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.body, "body { color: black; }\n");
    assert_eq!(
        server.get("/robots.txt").header("content-type"),
        Some("text/plain; charset=utf-8")
    );

    // A folder's URL without its slash is redirected to it.
    let redirect = server.get("/posts/hello");
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.header("location"), Some("/posts/hello/"));

    // A miss gets the site's 404 page, with status 404 and the live reload script.
    let miss = server.get("/no/such/page/");
    assert_eq!(miss.status, 404);
    assert_eq!(miss.text("h1").as_deref(), Some("Page not found"));
    assert_eq!(miss.count("script[data-gloss-live-reload]"), 1);

    let head = serve_support::request(server.port, "HEAD", "/posts/hello/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(serve_support::request(server.port, "POST", "/").status, 405);

    let status = server.interrupt();
    assert!(status.success(), "{status:?}");
    // Nothing was written: no public/, no temporary files.
    assert_eq!(site.listing(), before);
}

/// Stopped while it makes the search index, the preview abandons it and removes the
/// folder it gives Pagefind pages in; before, the process exited with the folder left
/// in the temporary folder (in memory, on Linux) for good.
#[test]
fn stopped_while_indexing_it_leaves_no_batch_folder() {
    let site = Site::new();
    // Enough pages that the first index is still being made when Ctrl-C comes.
    for i in 0..400 {
        site.write(
            &format!("content/posts/2026-02-01-p{i}.md"),
            &format!("---\ntitle: Post {i}\n---\nWords of post {i}, to be indexed.\n"),
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start_with_env(&site.root, &[("TMPDIR", tmp.path())]);
    // The index starts right after the first build; give it a moment to make a folder.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while std::fs::read_dir(tmp.path()).unwrap().next().is_none()
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    let status = server.interrupt();
    assert!(status.success(), "{status:?}");
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn edits_creations_renames_and_deletions_show_up() {
    let site = Site::new();
    let server = Server::start(&site.root, &[]);
    let mut live = server.live();

    // Saves the way editors do.
    site.save_like_vim(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: Hello\n---\nSaved by vim.\n",
    );
    live.until("the vim save", |_| {
        body_of(&server, "/posts/hello/").as_deref() == Some("Saved by vim.")
    });
    site.save_like_jetbrains(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: Hello\n---\nSaved by an IDE.\n",
    );
    live.until("the JetBrains save", |_| {
        body_of(&server, "/posts/hello/").as_deref() == Some("Saved by an IDE.")
    });
    site.save_by_rename(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: Hello again\n---\nSaved by rename.\n",
    );
    live.until("the rename save", |_| {
        title_of(&server, "/posts/hello/").as_deref() == Some("Hello again")
    });
    site.write(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: Hello\n---\nWritten in place.\n",
    );
    live.until("the in-place write", |_| {
        body_of(&server, "/posts/hello/").as_deref() == Some("Written in place.")
    });

    // A new post, and a new section folder with a post in it.
    site.write(
        "content/posts/2026-02-01-new.md",
        "---\ntitle: New\n---\nA new post.\n",
    );
    live.until("the new post", |_| {
        title_of(&server, "/posts/new/").as_deref() == Some("New")
    });
    site.write(
        "content/essays/long.md",
        "---\ntitle: Long read\n---\nAn essay.\n",
    );
    live.until("the new section", |_| {
        title_of(&server, "/essays/long/").as_deref() == Some("Long read")
    });

    // A rename, and a move between sections.
    site.rename(
        "content/posts/2026-02-01-new.md",
        "content/posts/2026-02-01-renamed.md",
    );
    live.until("the rename", |_| {
        server.get("/posts/new/").status == 404
            && title_of(&server, "/posts/renamed/").as_deref() == Some("New")
    });
    site.rename(
        "content/posts/2026-01-03-second.md",
        "content/essays/2026-01-03-second.md",
    );
    live.until("the move to another section", |_| {
        server.get("/posts/second/").status == 404
            && title_of(&server, "/essays/second/").as_deref() == Some("Second")
    });

    // A deletion, and a whole folder deleted then made again.
    site.remove("content/posts/2026-02-01-renamed.md");
    live.until("the deletion", |_| {
        server.get("/posts/renamed/").status == 404
    });
    site.remove("content/essays");
    live.until("the folder deletion", |_| {
        server.get("/essays/long/").status == 404
    });
    site.write(
        "content/essays/back.md",
        "---\ntitle: Back\n---\nIt is back.\n",
    );
    live.until("the folder made again", |_| {
        title_of(&server, "/essays/back/").as_deref() == Some("Back")
    });

    // Static files and the config.
    site.write("static/new.txt", "fresh\n");
    live.until("the new static file", |_| {
        server.get("/new.txt").body == "fresh\n"
    });
    site.save_by_rename(
        "gloss.toml",
        "title = \"Renamed site\"\nbase_url = \"https://example.org/blog/\"\n",
    );
    live.until("the config change", |_| {
        server.get("/").text("a.site-title").as_deref() == Some("Renamed site")
    });

    // The whole content folder removed and put back, as a `git checkout` might.
    let parked = site.dir.path().join("parked");
    std::fs::rename(site.path("content"), &parked).unwrap();
    live.until("the content folder gone", |v| !v["error"].is_null());
    std::fs::rename(&parked, site.path("content")).unwrap();
    live.until("the content folder back", |v| {
        v["error"].is_null() && title_of(&server, "/essays/back/").as_deref() == Some("Back")
    });
    site.write(
        "content/essays/back.md",
        "---\ntitle: Back\n---\nEdited after.\n",
    );
    live.until("an edit in the content folder put back", |_| {
        body_of(&server, "/essays/back/").as_deref() == Some("Edited after.")
    });

    assert!(server.interrupt().success());
}

#[test]
fn editor_swap_and_backup_files_do_not_rebuild() {
    let site = Site::new();
    let server = Server::start(&site.root, &[]);
    let mut live = server.live();
    let first = live.last.clone();
    site.write("content/posts/.2026-01-02-hello.md.swp", "swap");
    site.write("content/posts/2026-01-02-hello.md~", "backup");
    site.write("content/posts/#2026-01-02-hello.md#", "autosave");
    site.write("content/posts/4913", "");
    site.write("static/.DS_Store", "x");
    assert!(
        live.quiet_for(Duration::from_millis(500)),
        "a rebuild followed an editor file: {}",
        live.last
    );
    site.write(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: Hello\n---\nReal change.\n",
    );
    let next = live.until("the real change", |_| {
        body_of(&server, "/posts/hello/").as_deref() == Some("Real change.")
    });
    assert_eq!(generation(&next), generation(&first) + 1);
    assert!(server.interrupt().success());
}

#[test]
fn a_burst_of_changes_ends_in_the_final_state() {
    let site = Site::new();
    let server = Server::start(&site.root, &[]);
    let mut live = server.live();
    // Like a `git checkout` that brings 150 posts at once.
    for i in 0..150 {
        site.write(
            &format!("content/posts/2025-01-01-burst-{i:03}.md"),
            &format!("---\ntitle: Burst {i}\n---\nPost {i}.\n"),
        );
    }
    site.remove("content/posts/2026-01-03-second.md");
    live.until("the burst", |_| {
        let r = server.get("/posts/burst-149/");
        r.status == 200
            && server.get("/posts/second/").status == 404
            && server.get("/tags/").status == 200
    });
    for i in [0, 75, 149] {
        assert_eq!(
            title_of(&server, &format!("/posts/burst-{i:03}/")).as_deref(),
            Some(format!("Burst {i}").as_str())
        );
    }
    assert!(server.interrupt().success());
}

#[test]
fn a_broken_front_matter_shows_the_error_and_keeps_the_last_good_site() {
    let site = Site::new();
    let server = Server::start(&site.root, &[]);
    let mut live = server.live();
    let good = live.build();

    site.write(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: Hello\ndate: 2026-02-30\n---\nBroken.\n",
    );
    let failed = live.until("the error", |v| !v["error"].is_null());
    // The page keeps its build: no reload, the last good site stays (the overlay's
    // default note says so).
    assert_eq!(failed["build"], good.as_str());
    assert!(failed["error"]["note"].is_null());
    let diag = &failed["error"]["diagnostics"][0];
    assert_eq!(diag["file"], "content/posts/2026-01-02-hello.md");
    assert_eq!(diag["line"], 3);
    let text = diag["text"].as_str().unwrap();
    assert!(
        text.starts_with("content/posts/2026-01-02-hello.md:3:1: error: invalid `date`"),
        "{text}"
    );
    assert_eq!(title_of(&server, "/posts/hello/").as_deref(), Some("Hello"));
    assert_eq!(
        body_of(&server, "/posts/hello/").as_deref(),
        Some("First version of hello.")
    );

    site.write(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: Hello\n---\nFixed.\n",
    );
    let fixed = live.until("the fix", |v| v["error"].is_null());
    assert_ne!(fixed["build"], good.as_str());
    assert_eq!(body_of(&server, "/posts/hello/").as_deref(), Some("Fixed."));
    assert!(server.interrupt().success());
}

#[test]
fn a_template_error_names_the_template_line() {
    let site = Site::new();
    let server = Server::start(&site.root, &[]);
    let mut live = server.live();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title </h1>\n{% endblock main %}\n",
    );
    let failed = live.until("the template error", |v| !v["error"].is_null());
    let diag = &failed["error"]["diagnostics"][0];
    assert_eq!(diag["file"], "templates/page.html");
    assert_eq!(diag["line"], 3);
    assert_eq!(title_of(&server, "/posts/hello/").as_deref(), Some("Hello"));

    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1 class=\"p-name\">Custom {{ page.title }}</h1>\n{% endblock main %}\n",
    );
    live.until("the template fix", |v| {
        v["error"].is_null()
            && title_of(&server, "/posts/hello/").as_deref() == Some("Custom Hello")
    });
    site.remove("templates/page.html");
    live.until("the template removed", |_| {
        title_of(&server, "/posts/hello/").as_deref() == Some("Hello")
    });
    assert!(server.interrupt().success());
}

#[test]
fn a_site_broken_from_the_start_is_served_once_fixed() {
    let site = Site::new();
    site.write("gloss.toml", "title = \"x\"\ncolour = 3\n");
    let mut server = Server::start(&site.root, &[]);
    let mut live = server.live();
    let diag = &live.last["error"]["diagnostics"][0];
    // No last good build to speak of: the overlay says nothing has built yet.
    let note = live.last["error"]["note"].as_str().unwrap_or_default();
    assert!(note.starts_with("Nothing has built yet."), "{note}");
    assert_eq!(diag["file"], "gloss.toml");
    assert_eq!(diag["line"], 2);
    let miss = server.get("/");
    assert_eq!(miss.status, 404);
    assert_eq!(miss.count("script[data-gloss-live-reload]"), 1);
    assert!(server.running());

    site.write("gloss.toml", "title = \"x\"\n");
    live.until("the fixed config", |v| {
        v["error"].is_null() && server.get("/").text("a.site-title").as_deref() == Some("x")
    });
    assert!(server.interrupt().success());
}

#[test]
fn a_stylesheet_change_swaps_stylesheets_without_a_reload() {
    let site = Site::new();
    let server = Server::start(&site.root, &[]);
    let mut live = server.live();
    let before = live.build();
    site.write("static/extra.css", "body { color: navy; }\n");
    let swapped = live.until("the stylesheet change", |_| {
        server.get("/extra.css").body == "body { color: navy; }\n"
    });
    assert_eq!(swapped["css_from"], before.as_str());
    assert_ne!(swapped["build"], before.as_str());

    let css_build = live.build();
    site.write(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: Hello\n---\nText.\n",
    );
    let full = live.until("the content change", |v| v["build"] != css_build.as_str());
    assert!(full["css_from"].is_null());
    assert!(server.interrupt().success());
}

#[test]
fn path_traversal_is_refused() {
    let site = Site::new();
    let outside = site.dir.path();
    std::fs::write(outside.join("secret.txt"), "TOP SECRET\n").unwrap();
    std::fs::create_dir_all(outside.join("private")).unwrap();
    std::fs::write(outside.join("private/key.txt"), "TOP SECRET\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(outside.join("secret.txt"), site.path("static/leak.txt")).unwrap();
        symlink(outside.join("private"), site.path("static/leakdir")).unwrap();
        symlink(
            outside.join("secret.txt"),
            site.path("content/posts/leak.txt"),
        )
        .unwrap();
        // A symlink that stays inside the tree is fine.
        symlink(site.path("static/extra.css"), site.path("static/alias.css")).unwrap();
    }
    let server = Server::start(&site.root, &[]);
    let secret = outside.join("secret.txt");
    let secret_abs = secret.to_str().unwrap();
    let requests = [
        "/../secret.txt".to_string(),
        "/../../secret.txt".to_string(),
        "/posts/../../secret.txt".to_string(),
        "/%2e%2e/secret.txt".to_string(),
        "/%2E%2E/%2e%2e/secret.txt".to_string(),
        "/.%2e/secret.txt".to_string(),
        "/%2e%2e%2fsecret.txt".to_string(),
        "/..%2f..%2fsecret.txt".to_string(),
        "/..%2F..%2Fsecret.txt".to_string(),
        "/..%5c..%5csecret.txt".to_string(),
        "/..\\..\\secret.txt".to_string(),
        "/%252e%252e/secret.txt".to_string(),
        format!("/{secret_abs}"),
        format!("/{}", secret_abs.replace('/', "%2f")),
        format!("/%2f{}", secret_abs.trim_start_matches('/')),
        "/secret.txt".to_string(),
        "/leak.txt".to_string(),
        "/leakdir/key.txt".to_string(),
        "/posts/leak.txt".to_string(),
        "/extra.css%00.html".to_string(),
        format!("http://127.0.0.1:{}/../secret.txt", server.port),
    ];
    for path in &requests {
        let r = server.get(path);
        assert!(
            r.status == 400 || r.status == 404,
            "{path}: status {} ({})",
            r.status,
            r.body
        );
        assert!(!r.body.contains("TOP SECRET"), "{path} leaked the file");
    }
    assert_eq!(server.get("/../secret.txt").status, 400);
    assert_eq!(server.get("/%2e%2e/secret.txt").status, 400);
    assert_eq!(server.get("/..%2fsecret.txt").status, 400);
    assert_eq!(server.get("/leak.txt").status, 404);
    let alias = server.get("/alias.css");
    assert_eq!(alias.status, 200);
    assert_eq!(alias.body, "body { color: black; }\n");
    assert!(server.interrupt().success());
}

#[test]
fn many_clients_at_once() {
    let site = Site::new();
    let server = Server::start(&site.root, &[]);
    // Forty open pages listening, and two hundred requests in flight together.
    let mut pages: Vec<_> = (0..40).map(|_| server.live()).collect();
    let port = server.port;
    let fetchers: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(move || {
                (0..25)
                    .map(|i| {
                        let path = if i % 2 == 0 { "/" } else { "/posts/hello/" };
                        serve_support::request(port, "GET", path).status
                    })
                    .collect::<Vec<u16>>()
            })
        })
        .collect();
    for f in fetchers {
        assert!(f.join().unwrap().iter().all(|s| *s == 200));
    }
    let before = pages[0].build();
    site.write(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: Hello\n---\nFor all.\n",
    );
    for page in &mut pages {
        page.until("the reload message", |v| v["build"] != before.as_str());
    }
    assert!(server.interrupt().success());
}

#[test]
fn a_taken_port_is_skipped_or_reported() {
    let site = Site::new();
    let held = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port().to_string();
    let root = site.root.to_str().unwrap();

    // Given explicitly: a clear failure.
    let Err((status, log)) = Server::start_raw(&["serve", "--root", root, "--port", &port]) else {
        panic!("gloss serve started on a taken port");
    };
    assert!(status.is_some_and(|s| !s.success()), "{status:?}");
    assert!(
        log.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{log}"
    );

    // The default port taken (by us, or by anyone): the next free one.
    let _default = TcpListener::bind("127.0.0.1:1111");
    let server = Server::start_raw(&["serve", "--root", root]).unwrap();
    assert_ne!(server.port, 1111);
    assert!(
        server.log().contains("port 1111 is in use; using port"),
        "{}",
        server.log()
    );
    assert_eq!(server.get("/posts/hello/").status, 200);
    assert!(server.interrupt().success());
}

#[test]
fn binding_beyond_loopback_warns() {
    let site = Site::new();
    let server = Server::start(&site.root, &["--bind", "0.0.0.0"]);
    assert!(
        server
            .log()
            .contains("warning: serving on 0.0.0.0: other machines on the network"),
        "{}",
        server.log()
    );
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    assert_eq!(server.get("/").status, 200);
    assert!(server.interrupt().success());
}

#[test]
fn drafts_are_served_only_when_asked() {
    let site = Site::new();
    site.write(
        "content/posts/2026-03-01-wip.md",
        "---\ntitle: WIP\ndraft: true\n---\nSoon.\n",
    );
    let server = Server::start(&site.root, &[]);
    assert_eq!(server.get("/posts/wip/").status, 404);
    assert!(server.interrupt().success());
    let server = Server::start(&site.root, &["--drafts"]);
    assert_eq!(title_of(&server, "/posts/wip/").as_deref(), Some("WIP"));
    assert!(server.interrupt().success());
}

/// The trimmed texts of the elements `selector` finds on the page at `path`, in order.
fn listed(server: &Server, path: &str, selector: &str) -> Vec<String> {
    let r = server.get(path);
    assert_eq!(r.status, 200, "{path}");
    let sel = scraper::Selector::parse(selector).unwrap();
    r.html()
        .select(&sel)
        .map(|a| a.text().collect::<String>().trim().to_string())
        .collect()
}

/// The titles a list page shows, in order.
fn listed_titles(server: &Server, path: &str) -> Vec<String> {
    listed(server, path, ".post-item-title a.p-name")
}

/// The text of each Atom entry's `child` element in the feed at `path`, in order.
fn feed_texts(server: &Server, path: &str, child: &str) -> Vec<String> {
    let r = server.get(path);
    assert_eq!(r.status, 200, "{path}");
    let doc = roxmltree::Document::parse(&r.body).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| e.children().find(|c| c.has_tag_name(child)))
        .filter_map(|t| t.text().map(str::to_string))
        .collect()
}

/// The entry titles of a feed, in order.
fn feed_titles(server: &Server, path: &str) -> Vec<String> {
    feed_texts(server, path, "title")
}

/// The quoted passages `/quotes/` shows.
fn quoted(server: &Server) -> Vec<String> {
    let r = server.get("/quotes/");
    assert_eq!(r.status, 200);
    let sel = scraper::Selector::parse("figure.quote blockquote").unwrap();
    r.html()
        .select(&sel)
        .map(|b| b.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn an_edited_post_shows_up_on_every_page_that_shows_it() {
    let site = Site::new();
    site.write(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: Hello\ntags: [news]\n---\nAs [the Gazette](https://gazette.example/story) reported:\n\n> The first quoted words.\n\nFirst version of hello.\n",
    );
    let server = Server::start(&site.root, &[]);
    let mut live = server.live();
    // Every page showing the post is served (so rendered and kept) before the edit.
    assert_eq!(title_of(&server, "/posts/hello/").as_deref(), Some("Hello"));
    assert_eq!(listed_titles(&server, "/"), ["Second", "Hello"]);
    assert_eq!(listed_titles(&server, "/posts/"), ["Second", "Hello"]);
    assert_eq!(listed_titles(&server, "/tags/news/"), ["Hello"]);
    assert_eq!(feed_titles(&server, "/atom.xml"), ["Second", "Hello"]);
    assert_eq!(feed_titles(&server, "/tags/news/atom.xml"), ["Hello"]);
    assert_eq!(quoted(&server), ["The first quoted words."]);
    assert_eq!(
        title_of(&server, "/posts/second/").as_deref(),
        Some("Second")
    );

    site.save_by_rename(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: Hello, edited\ntags: [news]\n---\nAs [the Gazette](https://gazette.example/story) reported:\n\n> The corrected quoted words.\n\nSecond version of hello.\n",
    );
    live.until("the edited post", |_| {
        title_of(&server, "/posts/hello/").as_deref() == Some("Hello, edited")
    });
    let body = body_of(&server, "/posts/hello/").unwrap();
    assert!(body.contains("Second version of hello."), "{body}");
    assert!(body.contains("The corrected quoted words."), "{body}");
    assert_eq!(listed_titles(&server, "/"), ["Second", "Hello, edited"]);
    assert_eq!(
        listed_titles(&server, "/posts/"),
        ["Second", "Hello, edited"]
    );
    assert_eq!(listed_titles(&server, "/tags/news/"), ["Hello, edited"]);
    assert_eq!(
        feed_titles(&server, "/atom.xml"),
        ["Second", "Hello, edited"]
    );
    assert_eq!(
        feed_titles(&server, "/tags/news/atom.xml"),
        ["Hello, edited"]
    );
    assert_eq!(quoted(&server), ["The corrected quoted words."]);

    // Its tag changes: the old tag's pages go, the new tag's come.
    site.save_by_rename(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: Hello, edited\ntags: [views]\n---\nSecond version of hello.\n",
    );
    live.until("the new tag", |_| server.get("/tags/views/").status == 200);
    assert_eq!(listed_titles(&server, "/tags/views/"), ["Hello, edited"]);
    assert_eq!(server.get("/tags/news/").status, 404);
    assert_eq!(server.get("/tags/news/atom.xml").status, 404);
    assert!(quoted(&server).is_empty());
    assert!(server.interrupt().success());
}

/// `page.html` raising an error for pages whose front matter sets `boom`, on line 4.
const FAILING_PAGE_TEMPLATE: &str = "{% extends \"base.html\" %}\n{% block main %}\n<h1 class=\"p-name\">{{ page.title }}</h1>\n{% if page.extra.boom %}{{ page.extra.boom.missing }}{% endif %}\n<div class=\"e-content\">{{ page.content | safe }}</div>\n{% endblock main %}\n";

/// An edit that makes a page's template fail (a template change, or a post's front
/// matter) fails the rebuild like a syntax error: the last good page stays, under the
/// overlay.
#[test]
fn a_template_error_an_edit_causes_keeps_the_last_good_page() {
    let site = Site::new();
    let server = Server::start(&site.root, &[]);
    let mut live = server.live();
    let good = live.build();
    assert_eq!(
        body_of(&server, "/posts/hello/").as_deref(),
        Some("First version of hello.")
    );

    // A template that fails on every page.
    site.write(
        "templates/page.html",
        &FAILING_PAGE_TEMPLATE.replace("{% if page.extra.boom %}", "{% if true %}"),
    );
    let failed = live.until("the template error", |v| !v["error"].is_null());
    assert_eq!(
        failed["build"],
        good.as_str(),
        "the page was told to reload"
    );
    let diag = &failed["error"]["diagnostics"][0];
    assert_eq!(diag["file"], "templates/page.html");
    assert_eq!(diag["line"], 4);
    let hello = server.get("/posts/hello/");
    assert_eq!(hello.status, 200);
    assert_eq!(
        body_of(&server, "/posts/hello/").as_deref(),
        Some("First version of hello.")
    );

    // The template fails only for posts that set `boom`; then a post is edited to set it.
    site.write("templates/page.html", FAILING_PAGE_TEMPLATE);
    let fixed = live.until("the fixed template", |v| v["error"].is_null());
    site.write(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: Hello\nboom: true\n---\nBoom now.\n",
    );
    let failed = live.until("the page's error", |v| !v["error"].is_null());
    assert_eq!(failed["build"], fixed["build"]);
    assert_eq!(
        body_of(&server, "/posts/hello/").as_deref(),
        Some("First version of hello.")
    );
    assert!(server.interrupt().success());
}

#[test]
fn a_template_error_while_rendering_a_page_is_shown_on_that_page_only() {
    let site = Site::new();
    site.write(
        "content/posts/2026-01-04-boom.md",
        "---\ntitle: Boom\nboom: true\n---\nBoom body.\n",
    );
    site.write("templates/page.html", FAILING_PAGE_TEMPLATE);
    let server = Server::start(&site.root, &[]);
    let mut live = server.live();
    // The site builds: pages are rendered when asked for.
    assert!(live.last["error"].is_null(), "{}", live.last);

    let boom = server.get("/posts/boom/");
    assert_eq!(boom.status, 500);
    assert_eq!(
        boom.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(boom.count("script[data-gloss-live-reload]"), 1);
    let text = boom.text("pre.gloss-diagnostic").unwrap();
    assert!(
        text.starts_with("templates/page.html:4:"),
        "the error does not name the template's line: {text}"
    );
    assert!(
        text.contains("while rendering content/posts/2026-01-04-boom.md"),
        "{text}"
    );
    // The script gets the same error to show in the overlay.
    let script = boom.text("script[data-gloss-live-reload]").unwrap();
    assert!(script.contains("templates/page.html:4:"), "{script}");
    assert!(!script.contains("var pageError = null"), "{script}");
    // The same error again, as kept; the other pages are served as usual.
    assert_eq!(
        server.get("/posts/boom/").text("pre.gloss-diagnostic"),
        Some(text.clone())
    );
    assert_eq!(title_of(&server, "/posts/hello/").as_deref(), Some("Hello"));
    assert_eq!(listed_titles(&server, "/"), ["Boom", "Second", "Hello"]);
    assert!(
        server.log().contains("templates/page.html:4:"),
        "the error was not printed: {}",
        server.log()
    );

    site.write(
        "templates/page.html",
        &FAILING_PAGE_TEMPLATE.replace("{{ page.extra.boom.missing }}", "Boom!"),
    );
    live.until("the fixed template", |_| {
        server.get("/posts/boom/").status == 200
    });
    assert_eq!(title_of(&server, "/posts/boom/").as_deref(), Some("Boom"));
    assert_eq!(
        body_of(&server, "/posts/boom/").as_deref(),
        Some("Boom body.")
    );
    assert!(server.interrupt().success());
}

/// The terminal says "1 page", and, when the first build fails, does not claim to serve a
/// last good build that never was.
#[test]
fn the_terminal_counts_pages_and_tells_a_first_failure_apart() {
    let site = Site::new();
    site.remove("content/posts/2026-01-03-second.md");
    site.remove("content/posts/2026-01-02-hello.md");
    let server = Server::start(&site.root, &[]);
    let deadline = std::time::Instant::now() + serve_support::WAIT;
    while !server.log().contains("built ") && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(server.log().contains("built 1 page ("), "{}", server.log());
    drop(server);

    let broken = Site::new();
    broken.write(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: [unclosed\n---\nText.\n",
    );
    let server = Server::start(&broken.root, &[]);
    let deadline = std::time::Instant::now() + serve_support::WAIT;
    while !server.log().contains("did not build") && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let log = server.log();
    assert!(
        log.contains("the site did not build; fix the error and save"),
        "{log}"
    );
    assert!(!log.contains("last good build"), "{log}");
}

#[test]
fn an_edited_data_file_changes_the_pages_that_use_site_data() {
    let site = Site::new();
    site.write("data/team.toml", "lead = \"Ann\"\n");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1 class=\"p-name\">{{ page.title }}</h1>\n<p id=\"lead\">{{ site.data.team.lead }}</p>\n{% endblock main %}\n",
    );
    let server = Server::start(&site.root, &[]);
    let lead = |server: &Server| server.get("/posts/hello/").text("#lead");
    assert_eq!(lead(&server).as_deref(), Some("Ann"));
    let mut live = server.live();
    live.build();

    site.write("data/team.toml", "lead = \"Bea\"\n");
    live.until("the edited data file", |_| {
        lead(&server).as_deref() == Some("Bea")
    });

    // A data file that no longer parses: the error, and the last good page.
    site.write("data/team.toml", "lead = \n");
    let failed = live.until("the data file's error", |v| !v["error"].is_null());
    assert_eq!(failed["error"]["diagnostics"][0]["file"], "data/team.toml");
    assert_eq!(lead(&server).as_deref(), Some("Bea"));

    site.write("data/team.toml", "lead = \"Cy\"\n");
    live.until("the fixed data file", |v| {
        v["error"].is_null() && lead(&server).as_deref() == Some("Cy")
    });
    assert!(server.interrupt().success());
}

/// A post in another language than the site's keeps speaking it after a rebuild that
/// reuses its reading (another post's edit).
#[test]
fn a_post_in_another_language_keeps_it_across_rebuilds() {
    let site = Site::new();
    site.write(
        "content/posts/2026-01-04-deutsch.md",
        "---\ntitle: Deutsch\nlanguage: de\n---\nDer Text.\n",
    );
    let server = Server::start(&site.root, &[]);
    let mut live = server.live();
    let skip = |server: &Server| server.get("/posts/deutsch/").text(".skip-link");
    let lower = |server: &Server| server.get("/posts/deutsch/").text(".post-nav-lower");
    assert_eq!(skip(&server).as_deref(), Some("Zum Inhalt springen"));
    // The post below it changes its title: the German page is made again, from its
    // reading kept by the last build.
    site.save_by_rename(
        "content/posts/2026-01-03-second.md",
        "---\ntitle: Second again\n---\nEdited.\n",
    );
    live.until("the German page showing the new title", |_| {
        lower(&server).is_some_and(|t| t.contains("Second again"))
    });
    assert_eq!(skip(&server).as_deref(), Some("Zum Inhalt springen"));
}

/// A PNG of `w`×`h` with a gradient, so that resizing has something to do.
fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Every `/processed_images/` URL a page points at (`src`, each `srcset` candidate,
/// `og:image`), made root-relative.
fn processed_image_urls(server: &Server, path: &str) -> Vec<String> {
    let page = server.get(path);
    assert_eq!(page.status, 200, "{path}");
    let html = page.html();
    let sel = scraper::Selector::parse("img, source, meta[property='og:image']").unwrap();
    let mut urls: Vec<String> = html
        .select(&sel)
        .flat_map(|e| {
            let v = e.value();
            let srcset = v.attr("srcset").unwrap_or("");
            srcset
                .split(',')
                .filter_map(|c| c.split_whitespace().next())
                .chain(v.attr("src"))
                .chain(v.attr("content"))
                .map(|u| {
                    u.strip_prefix(server.url.trim_end_matches('/'))
                        .unwrap_or(u)
                })
                .filter(|u| u.starts_with("/processed_images/"))
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect();
    urls.sort();
    urls.dedup();
    urls
}

#[test]
fn resized_images_the_markdown_made_are_served() {
    let site = Site::new();
    std::fs::create_dir_all(site.path("content/posts/trip")).unwrap();
    std::fs::write(site.path("content/posts/trip/chart.png"), png(1200, 800)).unwrap();
    std::fs::create_dir_all(site.path("static/img")).unwrap();
    std::fs::write(site.path("static/img/logo.png"), png(700, 300)).unwrap();
    site.write(
        "content/posts/trip/index.md",
        "---\ntitle: Trip\ndate: 2026-02-01\n---\n\n![Sales by year](chart.png)\n\n\
         And the logo: ![Logo](/img/logo.png)\n",
    );
    let server = Server::start(&site.root, &[]);
    let trip = processed_image_urls(&server, "/posts/trip/");
    // Both images' versions, PNG and WebP (the page's own image is its `og:image`).
    assert!(trip.iter().any(|u| u.contains("chart-480.")), "{trip:?}");
    assert!(trip.iter().any(|u| u.contains("logo-480.")), "{trip:?}");
    assert!(trip.iter().any(|u| u.ends_with(".webp")), "{trip:?}");
    for url in &trip {
        let r = server.get(url);
        assert_eq!(r.status, 200, "{url}");
        let expected = if url.ends_with(".webp") {
            "image/webp"
        } else {
            "image/png"
        };
        assert_eq!(r.header("content-type"), Some(expected), "{url}");
        assert!(!r.body.is_empty(), "{url}");
    }
    assert!(server.interrupt().success());
}

/// The list summaries a page shows, in order.
fn listed_summaries(server: &Server, path: &str) -> Vec<String> {
    listed(server, path, ".post-item .p-summary")
}

/// The entry summaries of a feed, in order, trimmed.
fn feed_summaries(server: &Server, path: &str) -> Vec<String> {
    feed_texts(server, path, "summary")
        .into_iter()
        .map(|s| s.trim().to_string())
        .collect()
}

/// How many rebuilds planned the edited posts' pages before the rest of the site.
fn pages_first(server: &Server) -> usize {
    server
        .log()
        .lines()
        .filter(|l| l.starts_with("rebuilt ") && l.contains("its page first"))
        .count()
}

const HELLO: &str = "content/posts/2026-01-02-hello.md";

/// A post with a summary, a tag and a quoted passage; `words` starts its text.
fn hello(words: &str, tags: &str, more: &str) -> String {
    format!(
        "---\ntitle: Hello\ntags: [{tags}]\n---\n{words}\n\nAs [the Gazette](https://gazette.example/story) reported:\n\n> The first quoted words.\n\n{more}"
    )
}

/// An edit of a post's text alone renders its page before the rest of the site is
/// planned; the home page, the section, the tag page, the feeds and `/quotes/` wait for
/// that plan and show the edit on their next request.
#[test]
fn a_text_edit_serves_its_page_first_and_every_list_fresh() {
    let site = Site::new();
    site.write(HELLO, &hello("First words of hello.", "news", ""));
    let server = Server::start(&site.root, &[]);
    let mut live = server.live();
    let first = ["The second post.", "First words of hello."];
    assert_eq!(listed_summaries(&server, "/"), first);
    assert_eq!(listed_summaries(&server, "/posts/"), first);
    assert_eq!(
        listed_summaries(&server, "/tags/news/"),
        ["First words of hello."]
    );
    assert_eq!(feed_summaries(&server, "/atom.xml"), first);
    assert_eq!(quoted(&server), ["The first quoted words."]);

    site.save_by_rename(
        HELLO,
        &hello(
            "Second words of hello.",
            "news",
            "As [the Ledger](https://ledger.example/a) put it:\n\n> A passage added.\n",
        ),
    );
    live.until("the edited post", |_| {
        body_of(&server, "/posts/hello/").is_some_and(|b| b.contains("Second words of hello."))
    });
    assert_eq!(pages_first(&server), 1, "{}", server.log());
    let body = body_of(&server, "/posts/hello/").unwrap();
    assert!(body.contains("A passage added."), "{body}");
    let second = ["The second post.", "Second words of hello."];
    assert_eq!(listed_summaries(&server, "/"), second);
    assert_eq!(listed_summaries(&server, "/posts/"), second);
    assert_eq!(
        listed_summaries(&server, "/tags/news/"),
        ["Second words of hello."]
    );
    assert_eq!(feed_summaries(&server, "/atom.xml"), second);
    assert_eq!(
        feed_summaries(&server, "/tags/news/atom.xml"),
        ["Second words of hello."]
    );
    let mut passages = quoted(&server);
    passages.sort();
    assert_eq!(passages, ["A passage added.", "The first quoted words."]);
    // The neighbour's page names the post as it is now, too.
    assert_eq!(
        title_of(&server, "/posts/second/").as_deref(),
        Some("Second")
    );
    assert!(server.interrupt().success());
}

/// A site with a draft (left out of the preview without `--drafts`) plans an edited
/// post's page first too: the draft, read again at every rebuild since it is never
/// rendered, is no edit while its bytes are the same. Before, any draft made every
/// rebuild plan the whole site first.
#[test]
fn a_draft_in_the_site_does_not_stop_the_page_first() {
    let site = Site::new();
    site.write(HELLO, &hello("First words.", "news", ""));
    site.write(
        "content/posts/2026-01-04-wip.md",
        "---\ntitle: Work in progress\ndraft: true\n---\nNot yet.\n",
    );
    let server = Server::start(&site.root, &[]);
    let mut live = server.live();
    site.save_by_rename(HELLO, &hello("Second words.", "news", ""));
    live.until("the text edit", |_| {
        body_of(&server, "/posts/hello/").is_some_and(|b| b.contains("Second words."))
    });
    assert_eq!(pages_first(&server), 1, "{}", server.log());
    assert_eq!(server.get("/posts/wip/").status, 404);
    // An edit of the draft itself plans the whole site first (its page is not served).
    site.save_by_rename(
        "content/posts/2026-01-04-wip.md",
        "---\ntitle: Work in progress\ndraft: true\n---\nNearly.\n",
    );
    live.until("the draft's edit", |_| {
        server
            .log()
            .lines()
            .filter(|l| l.starts_with("rebuilt "))
            .count()
            >= 2
    });
    assert_eq!(pages_first(&server), 1, "{}", server.log());
    assert!(server.interrupt().success());
}

/// An edit of a post's front matter (a new tag) plans the whole site before the reload:
/// the new tag's page is there at once.
#[test]
fn a_front_matter_edit_plans_the_whole_site_before_the_reload() {
    let site = Site::new();
    site.write(HELLO, &hello("First words.", "news", ""));
    let server = Server::start(&site.root, &[]);
    let mut live = server.live();
    site.save_by_rename(HELLO, &hello("Second words.", "news", ""));
    live.until("the text edit", |_| {
        body_of(&server, "/posts/hello/").is_some_and(|b| b.contains("Second words."))
    });
    assert_eq!(pages_first(&server), 1, "{}", server.log());

    site.save_by_rename(HELLO, &hello("Second words.", "news, views", ""));
    live.until("the new tag", |_| server.get("/tags/views/").status == 200);
    assert_eq!(listed_titles(&server, "/tags/views/"), ["Hello"]);
    assert_eq!(pages_first(&server), 1, "{}", server.log());
    assert!(server.interrupt().success());
}

/// A text edit whose page's template then fails (a heading makes `page.toc` non-empty,
/// and the template reads a field that is not there) fails the rebuild: the last good
/// page stays, under the overlay, and the fix brings the page back.
#[test]
fn a_template_error_a_text_edit_raises_keeps_the_last_good_page() {
    let site = Site::new();
    site.write(
        "templates/page.html",
        &FAILING_PAGE_TEMPLATE.replace("{% if page.extra.boom %}", "{% if page.toc %}"),
    );
    let server = Server::start(&site.root, &[]);
    let mut live = server.live();
    site.save_by_rename(HELLO, "---\ntitle: Hello\ntags: [news]\n---\nGood words.\n");
    let good = live.until("the text edit", |_| {
        body_of(&server, "/posts/hello/").as_deref() == Some("Good words.")
    });
    assert_eq!(pages_first(&server), 1, "{}", server.log());

    site.save_by_rename(
        HELLO,
        "---\ntitle: Hello\ntags: [news]\n---\nGood words.\n\n## A heading\n\nBad words.\n",
    );
    let failed = live.until("the template error", |v| !v["error"].is_null());
    assert_eq!(
        failed["build"], good["build"],
        "the page was told to reload"
    );
    let diag = &failed["error"]["diagnostics"][0];
    assert_eq!(diag["file"], "templates/page.html");
    assert_eq!(diag["line"], 4);
    assert_eq!(
        body_of(&server, "/posts/hello/").as_deref(),
        Some("Good words.")
    );
    assert_eq!(listed_titles(&server, "/"), ["Second", "Hello"]);

    site.save_by_rename(
        HELLO,
        "---\ntitle: Hello\ntags: [news]\n---\nGood words.\n\nFixed words.\n",
    );
    live.until("the fix", |v| v["error"].is_null());
    assert_eq!(
        body_of(&server, "/posts/hello/").as_deref(),
        Some("Good words.\nFixed words.")
    );
    assert!(server.interrupt().success());
}

/// Text edits saved one after another, faster than the site is planned, end in the last
/// version on the post's page and on every list, tag page and feed.
#[test]
fn quick_text_edits_end_in_the_last_version_everywhere() {
    let site = Site::new();
    site.write(HELLO, &hello("Words 0.", "news", ""));
    let server = Server::start(&site.root, &[]);
    let mut live = server.live();
    for i in 1..=6 {
        site.save_by_rename(HELLO, &hello(&format!("Words {i}."), "news", ""));
        std::thread::sleep(Duration::from_millis(15));
    }
    live.until("the last edit", |_| {
        body_of(&server, "/posts/hello/").is_some_and(|b| b.contains("Words 6."))
    });
    let last = ["The second post.", "Words 6."];
    assert_eq!(listed_summaries(&server, "/"), last);
    assert_eq!(listed_summaries(&server, "/tags/news/"), ["Words 6."]);
    assert_eq!(feed_summaries(&server, "/atom.xml"), last);
    assert!(pages_first(&server) >= 1, "{}", server.log());
    assert!(server.interrupt().success());
}

#[test]
fn a_missing_image_is_warned_of_once_in_a_post_and_in_a_section_s_text() {
    let site = Site::new();
    site.write(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: Hello\n---\nFirst version of hello.\n\n![A chart](missing.png)\n",
    );
    let server = Server::start(&site.root, &[]);
    let mut live = server.live();
    let first = live.build();
    let warned = |log: &str, prefix: &str| log.lines().filter(|l| l.starts_with(prefix)).count();
    let post = "content/posts/2026-01-02-hello.md:6:1: warning: broken image `missing.png`: there is no image at /posts/hello/missing.png";
    assert_eq!(warned(&server.log(), post), 1, "{}", server.log());

    // A rebuild that does not touch it says nothing new; an image in a section's text,
    // rendered through the Markdown stage as a post's body is, is warned of as it comes.
    site.write(
        "content/posts/_index.md",
        "---\ntitle: Posts\n---\nWhat I read.\n\n![Cover](cover.jpg)\n",
    );
    live.until("the rebuild", |v| v["build"] != first.as_str());
    let section = "content/posts/_index.md:6:1: warning: broken image `cover.jpg`: there is no image at /posts/cover.jpg";
    let deadline = std::time::Instant::now() + serve_support::WAIT;
    while warned(&server.log(), section) == 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let log = server.log();
    assert_eq!(warned(&log, section), 1, "{log}");
    assert_eq!(warned(&log, post), 1, "{log}");

    // An image added by an edit of the post's text alone, whose page is planned first.
    site.save_by_rename(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: Hello\n---\nFirst version of hello.\n\n![A chart](missing.png)\n\n![A map](gone.png)\n",
    );
    let added = "content/posts/2026-01-02-hello.md:8:1: warning: broken image `gone.png`: there is no image at /posts/hello/gone.png";
    let deadline = std::time::Instant::now() + serve_support::WAIT;
    while warned(&server.log(), added) == 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let log = server.log();
    assert_eq!(pages_first(&server), 1, "{log}");
    assert_eq!(warned(&log, added), 1, "{log}");
    assert_eq!(warned(&log, post), 1, "{log}");
    assert_eq!(warned(&log, section), 1, "{log}");
    assert!(server.interrupt().success());
}

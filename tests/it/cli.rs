//! The publishing commands run as a user runs them: `gloss init`, `new`, `update`,
//! `build` (output safety) and `check` (internal and external links), on fixture sites
//! copied into temp folders. HTML and XML are parsed (scraper, roxmltree), not searched.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use scraper::{Html, Selector};

fn gloss() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gloss"));
    // The external checks talk to a server on this machine only.
    for var in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name)
}

/// Copies a fixture site into a new temp folder; returns the folder and the site root.
fn site(name: &str) -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("site");
    copy_dir(&fixture(name), &root);
    (t, root)
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A diagnostic as printed: `path[:line[:column]]: severity: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Printed {
    path: String,
    line: Option<usize>,
    severity: String,
    message: String,
}

fn printed(stderr: &[u8]) -> Vec<Printed> {
    let text = String::from_utf8_lossy(stderr);
    let mut out = Vec::new();
    for l in text.lines() {
        for severity in ["error", "warning"] {
            let sep = format!(": {severity}: ");
            if let Some(i) = l.find(&sep)
                && !l.starts_with("error:")
            {
                let place = &l[..i];
                let mut parts = place.split(':');
                let path = parts.next().unwrap_or("").to_string();
                let line = parts.next().and_then(|p| p.parse().ok());
                out.push(Printed {
                    path,
                    line,
                    severity: severity.to_string(),
                    message: l[i + sep.len()..].to_string(),
                });
            }
        }
    }
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file under `dir` (relative path → bytes), dotfiles included.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

// ---------------------------------------------------------------- gloss check

#[test]
fn check_reports_each_broken_link_image_and_anchor_at_its_source() {
    let (_t, root) = site("broken");
    let out = gloss()
        .arg("check")
        .arg("--root")
        .arg(&root)
        .assert()
        .failure();
    let diags = printed(&out.get_output().stderr);
    let errors: Vec<&Printed> = diags.iter().filter(|d| d.severity == "error").collect();
    // The three broken references of broken.md, each reported once, at its line.
    let expect = [
        (9, "`/posts/missing/`", "no page or file at /posts/missing/"),
        (
            11,
            "`/posts/good/#nowhere`",
            "no element with id \"nowhere\"",
        ),
        (13, "`/img/missing.png`", "no image at /img/missing.png"),
    ];
    for (line, what, why) in expect {
        let found: Vec<&&Printed> = errors
            .iter()
            .filter(|d| d.message.contains(what) && d.message.contains(why))
            .collect();
        assert_eq!(found.len(), 1, "{what}: {diags:#?}");
        assert_eq!(found[0].path, "content/posts/broken.md");
        assert_eq!(found[0].line, Some(line), "{what} is on line {line}");
    }
    // The template's broken link, named by the generated page it is on.
    assert!(
        errors
            .iter()
            .any(|d| d.path == "404.html" && d.message.contains("`/nowhere/`")),
        "{diags:#?}"
    );
    assert_eq!(errors.len(), 4, "{diags:#?}");
    // Present anchors (an explicit id, a footnote, an id on the same page) are fine, and
    // so is good.md; content warnings come in the same run.
    assert!(
        !diags
            .iter()
            .any(|d| d.message.contains("#target") || d.message.contains("#here"))
    );
    assert!(!diags.iter().any(|d| d.path.ends_with("good.md")));
    assert!(
        diags
            .iter()
            .any(|d| d.severity == "warning" && d.message.contains("`mood`")),
        "{diags:#?}"
    );
    // An id given twice is a warning on the page it is on.
    assert!(
        diags.iter().any(|d| d.severity == "warning"
            && d.path == "posts/broken/index.html"
            && d.message.contains("\"here\" is used more than once")),
        "{diags:#?}"
    );
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("4 broken"), "{stderr}");
    // Nothing was written.
    assert!(!root.join("public").exists());
}

#[test]
fn check_passes_a_site_whose_links_all_resolve() {
    let (_t, root) = site("clean");
    let out = gloss()
        .arg("check")
        .arg("--root")
        .arg(&root)
        .assert()
        .success();
    let diags = printed(&out.get_output().stderr);
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn check_fails_when_the_site_does_not_build() {
    let (_t, root) = site("clean");
    write(
        &root.join("content/posts/bad.md"),
        "---\ntitle: [unclosed\n---\n",
    );
    let out = gloss()
        .arg("check")
        .arg("--root")
        .arg(&root)
        .assert()
        .failure();
    let diags = printed(&out.get_output().stderr);
    assert!(
        diags
            .iter()
            .any(|d| d.path == "content/posts/bad.md" && d.severity == "error")
    );
}

/// A tiny HTTP server for the external checks: `/ok` 200, `/missing` 404, `/moved` 301
/// to `/ok`, `/slow` answers after 3 s, `/flaky` fails twice with 503, `/pause/N` takes
/// 300 ms and records how many of them were in flight at once. It takes at most 200
/// connections and stops taking them after 60 s.
struct TestServer {
    port: u16,
    requests: Arc<Mutex<Vec<String>>>,
    max_paused: Arc<AtomicUsize>,
}

fn test_server() -> TestServer {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let max_paused = Arc::new(AtomicUsize::new(0));
    let paused = Arc::new(AtomicUsize::new(0));
    let flaky = Arc::new(AtomicUsize::new(0));
    let (r, m) = (requests.clone(), max_paused.clone());
    std::thread::spawn(move || {
        let start = Instant::now();
        for stream in listener.incoming().take(200) {
            if start.elapsed() > Duration::from_secs(60) {
                break;
            }
            let Ok(stream) = stream else { continue };
            let (r, m, paused, flaky) = (r.clone(), m.clone(), paused.clone(), flaky.clone());
            std::thread::spawn(move || answer(stream, &r, &m, &paused, &flaky));
        }
    });
    TestServer {
        port,
        requests,
        max_paused,
    }
}

fn answer(
    mut stream: TcpStream,
    requests: &Mutex<Vec<String>>,
    max_paused: &AtomicUsize,
    paused: &AtomicUsize,
    flaky: &AtomicUsize,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 8192 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut first = head.lines().next().unwrap_or("").split_whitespace();
    let method = first.next().unwrap_or("").to_string();
    let path = first.next().unwrap_or("").to_string();
    requests.lock().unwrap().push(format!("{method} {path}"));
    let (status, extra) = match path.as_str() {
        "/ok" => ("200 OK", String::new()),
        "/missing" => ("404 Not Found", String::new()),
        "/moved" => ("301 Moved Permanently", "Location: /ok\r\n".to_string()),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            ("200 OK", String::new())
        }
        "/flaky" => {
            if flaky.fetch_add(1, Ordering::SeqCst) < 2 {
                ("503 Service Unavailable", String::new())
            } else {
                ("200 OK", String::new())
            }
        }
        p if p.starts_with("/pause/") => {
            let now = paused.fetch_add(1, Ordering::SeqCst) + 1;
            max_paused.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(300));
            paused.fetch_sub(1, Ordering::SeqCst);
            ("200 OK", String::new())
        }
        _ => ("404 Not Found", String::new()),
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n{extra}\r\n"
    );
}

#[test]
fn check_external_reports_404_and_timeouts_and_follows_redirects() {
    let server = test_server();
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    write(
        &root.join("gloss.toml"),
        "base_url = \"https://example.org/\"\n[link_checker]\ntimeout = 1\nretries = 1\nper_host = 2\nskip_hosts = [\"skipped.invalid\"]\n",
    );
    let p = server.port;
    write(
        &root.join("content/posts/links.md"),
        &format!(
            "---\ntitle: Links\ndate: 2024-01-01\n---\n\n\
             [ok](http://127.0.0.1:{p}/ok)\n\n\
             [missing](http://127.0.0.1:{p}/missing)\n\n\
             [moved](http://127.0.0.1:{p}/moved)\n\n\
             [slow](http://127.0.0.1:{p}/slow)\n\n\
             [flaky](http://127.0.0.1:{p}/flaky#part)\n\n\
             [1](http://127.0.0.1:{p}/pause/1) [2](http://127.0.0.1:{p}/pause/2)\n\
             [3](http://127.0.0.1:{p}/pause/3) [4](http://127.0.0.1:{p}/pause/4)\n\n\
             [skipped](http://skipped.invalid/page) [sub](https://www.skipped.invalid/)\n"
        ),
    );
    // Without --external, no request is made.
    gloss()
        .arg("check")
        .arg("--root")
        .arg(root)
        .assert()
        .success();
    assert!(server.requests.lock().unwrap().is_empty());

    let out = gloss()
        .args(["check", "--external", "--root"])
        .arg(root)
        .assert()
        .failure();
    let diags = printed(&out.get_output().stderr);
    let errors: Vec<&Printed> = diags.iter().filter(|d| d.severity == "error").collect();
    assert_eq!(errors.len(), 2, "{diags:#?}");
    assert!(errors.iter().all(|d| d.path == "content/posts/links.md"));
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains("/missing") && d.message.contains("404")),
        "{diags:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains("/slow") && d.message.contains("timed out")),
        "{diags:#?}"
    );
    assert!(!diags.iter().any(|d| d.message.contains("skipped.invalid")));
    let requests = server.requests.lock().unwrap().clone();
    // The redirect was followed to /ok; the flaky link was tried again until it answered.
    assert!(requests.iter().any(|r| r.ends_with(" /moved")));
    assert!(
        requests.iter().filter(|r| r.ends_with(" /ok")).count() >= 2,
        "{requests:?}"
    );
    assert_eq!(
        requests.iter().filter(|r| r.ends_with(" /flaky")).count(),
        3,
        "{requests:?}"
    );
    // The fragment is not sent; each URL is requested once per try, not per occurrence.
    assert!(!requests.iter().any(|r| r.contains('#')));
    // The four pauses ran concurrently, but never more than per_host at once.
    assert_eq!(server.max_paused.load(Ordering::SeqCst), 2, "{requests:?}");
}

// ---------------------------------------------------------------- sub-path sites

/// Resolves every link of every page, feed and sitemap written under `out`, for a site
/// served at `base`; returns the ones that do not name a file of the output.
fn unresolved(out: &Path, base: &str) -> Vec<String> {
    let base = url::Url::parse(base).unwrap();
    let prefix = base.path().to_string();
    let files = snapshot(out);
    let exists = |rel: &str| {
        let rel = percent_encoding::percent_decode_str(rel)
            .decode_utf8_lossy()
            .into_owned();
        let p = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel
        };
        files.contains_key(Path::new(&p))
    };
    let mut bad = Vec::new();
    let mut check = |page: &url::Url, raw: &str, source: &Path| {
        let Ok(u) = page.join(raw) else {
            bad.push(format!("{}: {raw} (not a URL)", source.display()));
            return;
        };
        if u.host_str() != base.host_str() || !matches!(u.scheme(), "http" | "https") {
            return;
        }
        match u.path().strip_prefix(&prefix) {
            Some(rel) if exists(rel) => {}
            _ => bad.push(format!("{}: {raw} -> {u}", source.display())),
        }
    };
    let a = Selector::parse("[href], [src]").unwrap();
    for (path, bytes) in &files {
        let name = path.to_string_lossy().replace('\\', "/");
        let served = name.strip_suffix("index.html").unwrap_or(&name);
        let page = base.join(served).unwrap();
        let text = String::from_utf8_lossy(bytes);
        if name.ends_with(".html") {
            let html = Html::parse_document(&text);
            for el in html.select(&a) {
                for attr in ["href", "src"] {
                    if let Some(v) = el.value().attr(attr) {
                        check(&page, v, path);
                    }
                }
            }
        } else if name.ends_with(".xml") {
            let doc = roxmltree::Document::parse(&text).unwrap();
            for n in doc.descendants() {
                if let Some(href) = n.attribute("href") {
                    check(&page, href, path);
                }
                if n.tag_name().name() == "loc" {
                    check(&page, n.text().unwrap_or(""), path);
                }
            }
        }
    }
    bad
}

#[test]
fn a_sub_path_site_resolves_every_generated_link_page_feed_and_sitemap_entry() {
    let (_t, root) = site("clean");
    let base = "https://user.github.io/blog/";
    let config = read(&root.join("gloss.toml")).replace("https://example.org/", base);
    write(&root.join("gloss.toml"), &config);
    gloss()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .assert()
        .success();
    let out = root.join("public");
    let bad = unresolved(&out, base);
    assert!(bad.is_empty(), "{bad:#?}");
    // It is a real test: every page links somewhere under the sub-path.
    let index = read(&out.join("index.html"));
    let html = Html::parse_document(&index);
    let css = Selector::parse("link[rel=stylesheet]").unwrap();
    assert!(
        html.select(&css)
            .all(|l| l.value().attr("href").unwrap().starts_with("/blog/"))
    );
    // The redirects file and alias pages use the sub-path too.
    assert!(read(&out.join("_redirects")).contains("/blog/about-me/ /blog/about/ 301"));
    gloss()
        .arg("check")
        .arg("--root")
        .arg(&root)
        .assert()
        .success();

    // A root-relative link written in a post is read from the site's root: it gets the
    // sub-path, so it resolves and check passes.
    write(
        &root.join("content/posts/rooted.md"),
        "---\ntitle: Rooted\ndate: 2024-01-04\n---\n\nSee [first](/posts/first/).\n",
    );
    gloss()
        .arg("check")
        .arg("--root")
        .arg(&root)
        .assert()
        .success();
}

#[test]
fn base_url_flag_replaces_the_configured_one_everywhere() {
    let (_t, root) = site("clean");
    let base = "https://user.github.io/blog/";
    gloss()
        .args(["build", "--base-url", base, "--root"])
        .arg(&root)
        .assert()
        .success();
    let out = root.join("public");
    for (path, bytes) in snapshot(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("example.org"),
            "{} still names the configured base URL",
            path.display()
        );
    }
    assert!(unresolved(&out, base).is_empty());
    gloss()
        .args(["check", "--base-url", base, "--root"])
        .arg(&root)
        .assert()
        .success();
}

// ---------------------------------------------------------------- hosting output

#[test]
fn aliases_become_redirect_pages_and_a_redirects_file() {
    let (_t, root) = site("clean");
    gloss()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .assert()
        .success();
    let out = root.join("public");
    for alias in ["about-me/index.html", "old/about.html"] {
        let html = Html::parse_document(&read(&out.join(alias)));
        let refresh = Selector::parse("meta[http-equiv=refresh]").unwrap();
        let canonical = Selector::parse("link[rel=canonical]").unwrap();
        let content = html
            .select(&refresh)
            .next()
            .and_then(|m| m.value().attr("content"))
            .unwrap();
        assert_eq!(content, "0; url=https://example.org/about/");
        let href = html
            .select(&canonical)
            .next()
            .and_then(|m| m.value().attr("href"))
            .unwrap();
        assert_eq!(href, "https://example.org/about/");
    }
    assert_eq!(
        read(&out.join("_redirects")),
        "/about-me/ /about/ 301\n/old/about.html /about/ 301\n"
    );
    // Off by default.
    let config = read(&root.join("gloss.toml")).replace("redirects_file = true", "");
    write(&root.join("gloss.toml"), &config);
    gloss()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .assert()
        .success();
    assert!(!out.join("_redirects").exists());
    assert!(out.join("about-me/index.html").is_file());
}

/// The Atom children of `n` named `name`.
fn children<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    n.children()
        .filter(|c| c.has_tag_name(("http://www.w3.org/2005/Atom", name)))
        .collect()
}

/// RFC 4287's required elements, checked on a parsed feed.
fn assert_valid_atom(path: &Path) {
    const NS: &str = "http://www.w3.org/2005/Atom";
    let text = read(path);
    let doc = roxmltree::Document::parse(&text)
        .unwrap_or_else(|e| panic!("{}: not well-formed: {e}", path.display()));
    let feed = doc.root_element();
    let at = path.display();
    assert!(
        feed.has_tag_name((NS, "feed")),
        "{at}: root is not atom:feed"
    );
    let date = |n: roxmltree::Node<'_, '_>| {
        let t = n.text().unwrap_or("");
        t.parse::<jiff::Timestamp>()
            .unwrap_or_else(|e| panic!("{at}: {t:?} is not an RFC 3339 date: {e}"));
    };
    for name in ["id", "title", "updated"] {
        assert_eq!(
            children(feed, name).len(),
            1,
            "{at}: feed needs one atom:{name}"
        );
    }
    date(children(feed, "updated")[0]);
    let selfs: Vec<_> = children(feed, "link")
        .into_iter()
        .filter(|l| l.attribute("rel") == Some("self"))
        .collect();
    assert_eq!(selfs.len(), 1, "{at}: feed should have one rel=self link");
    let feed_author = !children(feed, "author").is_empty();
    for a in children(feed, "author") {
        assert_eq!(
            children(a, "name").len(),
            1,
            "{at}: atom:author needs a name"
        );
    }
    let mut ids = BTreeSet::new();
    let entries = children(feed, "entry");
    assert!(!entries.is_empty(), "{at}: no entries");
    for e in entries {
        for name in ["id", "title", "updated"] {
            assert_eq!(
                children(e, name).len(),
                1,
                "{at}: entry needs one atom:{name}"
            );
        }
        date(children(e, "updated")[0]);
        for p in children(e, "published") {
            date(p);
        }
        assert!(
            ids.insert(children(e, "id")[0].text().unwrap_or("").to_string()),
            "{at}: duplicate entry id"
        );
        assert!(
            feed_author || !children(e, "author").is_empty(),
            "{at}: an entry without author in a feed without author"
        );
        let alternate = children(e, "link")
            .into_iter()
            .any(|l| l.attribute("rel").is_none_or(|r| r == "alternate"));
        assert!(
            alternate || !children(e, "content").is_empty(),
            "{at}: entry needs content or an alternate link"
        );
        for c in children(e, "content") {
            assert!(c.attribute("src").is_none() || c.text().is_none());
        }
    }
}

#[test]
fn feeds_are_atom_1_0_and_the_sitemap_has_its_required_elements() {
    let (_t, root) = site("clean");
    // No author anywhere: the feed must still name one.
    let config = read(&root.join("gloss.toml")).replace("author = \"Ada\"", "");
    write(&root.join("gloss.toml"), &config);
    gloss()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .assert()
        .success();
    let out = root.join("public");
    let mut feeds = 0;
    for (path, bytes) in snapshot(&out) {
        if path.extension().is_some_and(|e| e == "xml")
            && String::from_utf8_lossy(&bytes)
                .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"")
        {
            assert_valid_atom(&out.join(&path));
            feeds += 1;
        }
    }
    assert!(feeds >= 3, "the site feed and one per tag: {feeds}");

    const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
    let text = read(&out.join("sitemap.xml"));
    let doc = roxmltree::Document::parse(&text).unwrap();
    let urlset = doc.root_element();
    assert!(urlset.has_tag_name((NS, "urlset")));
    let mut locs = BTreeSet::new();
    for url in urlset.children().filter(roxmltree::Node::is_element) {
        assert!(url.has_tag_name((NS, "url")), "only url elements in urlset");
        let loc: Vec<_> = url
            .children()
            .filter(|c| c.has_tag_name((NS, "loc")))
            .collect();
        assert_eq!(loc.len(), 1, "each url needs one loc");
        let loc = loc[0].text().unwrap_or("");
        assert!(
            loc.starts_with("https://example.org/") && loc.len() < 2048,
            "{loc}"
        );
        assert!(locs.insert(loc.to_string()), "duplicate {loc}");
        for lastmod in url.children().filter(|c| c.has_tag_name((NS, "lastmod"))) {
            let t = lastmod.text().unwrap_or("");
            assert!(
                t.parse::<jiff::civil::Date>().is_ok() || t.parse::<jiff::Timestamp>().is_ok(),
                "lastmod {t:?} is not a W3C date"
            );
        }
    }
    assert!(locs.contains("https://example.org/posts/first/"));
}

// ---------------------------------------------------------------- output safety

#[test]
fn build_refuses_output_folders_that_hold_the_sources() {
    let (_t, root) = site("clean");
    let before = snapshot(&root);
    for bad in [".", "..", "content", "content/out", "static"] {
        let out = gloss()
            .args(["build", "--force", "--output-dir"])
            .arg(root.join(bad))
            .arg("--root")
            .arg(&root)
            .assert()
            .failure();
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(
            stderr.contains("will not write the site here"),
            "{bad}: {stderr}"
        );
    }
    assert_eq!(snapshot(&root), before, "a source file was touched");
}

#[test]
fn build_replaces_only_its_own_folder_unless_forced() {
    let (_t, root) = site("clean");
    let out_dir = root.join("public");
    write(&out_dir.join("precious.txt"), "mine");
    let out = gloss()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(read(&out_dir.join("precious.txt")), "mine");
    gloss()
        .args(["build", "--force", "--root"])
        .arg(&root)
        .assert()
        .success();
    assert!(!out_dir.join("precious.txt").exists());
    assert!(out_dir.join(".gloss-output").is_file());
    // Now it is gloss's own: a plain build replaces it, keeping a dotfile of the host's.
    write(&out_dir.join(".nojekyll"), "");
    gloss()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .assert()
        .success();
    assert!(out_dir.join(".nojekyll").is_file());
    assert!(out_dir.join("posts/first/index.html").is_file());
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_folder_is_followed_and_said() {
    let (t, root) = site("clean");
    let www = t.path().join("www");
    std::fs::create_dir(&www).unwrap();
    std::os::unix::fs::symlink(&www, root.join("public")).unwrap();
    let out = gloss()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("symbolic link"), "{stderr}");
    assert!(www.join("posts/first/index.html").is_file());
    assert!(
        std::fs::symlink_metadata(root.join("public"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// Starts `gloss build` on a site whose output is large enough to take a while to
/// write, kills it (SIGKILL) while it writes its staging folder, and checks that the
/// previous output is still there, whole and unchanged.
#[cfg(unix)]
#[test]
fn a_killed_build_leaves_the_old_output_intact() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("site");
    write(
        &root.join("gloss.toml"),
        "base_url = \"https://example.org/\"\n",
    );
    for i in 0..20 {
        write(
            &root.join(format!("content/posts/post-{i}.md")),
            &format!("---\ntitle: Post {i}\ndate: 2024-01-01\n---\n\nVersion one.\n"),
        );
    }
    // 400 static files of 64 KiB: copying them is the slow part of writing.
    let chunk: Vec<u8> = (0..65536u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::create_dir_all(root.join("static/files")).unwrap();
    for i in 0..400 {
        std::fs::write(root.join(format!("static/files/f{i:03}.bin")), &chunk).unwrap();
    }
    let out = root.join("public");
    gloss()
        .arg("build")
        .arg("-q")
        .arg("--root")
        .arg(&root)
        .assert()
        .success();
    std::fs::create_dir(out.join(".git")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    let old = snapshot(&out);

    for i in 0..20 {
        write(
            &root.join(format!("content/posts/post-{i}.md")),
            &format!("---\ntitle: Post {i}\ndate: 2024-01-01\n---\n\nVersion two.\n"),
        );
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gloss"))
        .arg("build")
        .arg("-q")
        .arg("--root")
        .arg(&root)
        .spawn()
        .unwrap();
    let staging = root.join(format!(".public.gloss-staging-{}", child.id()));
    let deadline = Instant::now() + Duration::from_secs(300);
    // Wait until the staging folder holds some of the files, then kill.
    let mut killed = false;
    while !killed && Instant::now() < deadline && child.try_wait().unwrap().is_none() {
        let written =
            std::fs::read_dir(staging.join("files")).map_or(0, std::iter::Iterator::count);
        if written >= 5 {
            child.kill().unwrap();
            killed = true;
        } else {
            std::thread::sleep(Duration::from_millis(1));
        }
    }
    child.wait().unwrap();
    assert!(
        killed,
        "the build was not caught while writing its staging folder"
    );
    assert!(staging.is_dir(), "the kill came after the swap");
    assert_eq!(snapshot(&out), old, "the old output changed");

    // The next build cleans up the leftovers and writes the new site.
    gloss()
        .arg("build")
        .arg("-q")
        .arg("--root")
        .arg(&root)
        .assert()
        .success();
    let leftovers: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The image cache (`.gloss-cache/`) stays by design; staging folders must not.
        .filter(|n| n.contains(".gloss-") && n != ".gloss-cache")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(read(&out.join("posts/post-3/index.html")).contains("Version two."));
    assert!(
        out.join(".git/HEAD").is_file(),
        "the output's .git was lost"
    );
    assert_eq!(
        std::fs::read(out.join("files/f399.bin")).unwrap(),
        chunk,
        "a static file is incomplete"
    );
}

#[test]
fn a_build_without_base_url_warns_once_and_the_nav_feed_link_is_root_relative() {
    let (_t, root) = site("clean");
    std::fs::remove_file(root.join("gloss.toml")).unwrap();
    let out = gloss()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("gloss.toml: warning: base_url is not set"))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].ends_with(
            "point at http://127.0.0.1:1111/ \u{2014} set base_url to the address the site is published at"
        ),
        "{stderr}"
    );
    let html = Html::parse_document(&read(&root.join("public/index.html")));
    let nav_feed = Selector::parse("nav a").unwrap();
    let feed: Vec<_> = html
        .select(&nav_feed)
        .filter(|a| a.text().collect::<String>() == "Feed")
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(feed, ["/atom.xml"]);

    // With base_url set, or given on the command line, there is nothing to warn about.
    let out = gloss()
        .args(["build", "--base-url", "https://example.org/", "--root"])
        .arg(&root)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(!stderr.contains("base_url is not set"), "{stderr}");
}

// ---------------------------------------------------------------- gloss new

#[test]
fn new_writes_a_post_with_front_matter_and_never_overwrites() {
    let (_t, root) = site("clean");
    write(
        &root.join("gloss.toml"),
        "base_url = \"https://example.org/\"\ntimezone = \"Asia/Tokyo\"\n",
    );
    let out = gloss()
        .args([
            "new",
            "Colossus: a \"first\" look",
            "--draft",
            "--section",
            "notes/2026",
            "--root",
        ])
        .arg(&root)
        .assert()
        .success();
    let printed_path = String::from_utf8_lossy(&out.get_output().stdout)
        .trim()
        .to_string();
    let path = root.join("content/notes/2026/colossus-a-first-look.md");
    assert_eq!(Path::new(&printed_path), path);
    let text = read(&path);
    let front = text
        .strip_prefix("---\n")
        .and_then(|r| r.split_once("\n---\n"))
        .map(|(f, _)| f)
        .unwrap();
    let yaml = &yaml_rust2::YamlLoader::load_from_str(front).unwrap()[0];
    assert_eq!(yaml["title"].as_str(), Some("Colossus: a \"first\" look"));
    assert_eq!(yaml["draft"].as_bool(), Some(true));
    let date = yaml["date"].as_str().unwrap();
    assert!(
        date.ends_with("+09:00"),
        "now in the site's time zone: {date}"
    );
    let stamp: jiff::Timestamp = date.parse().unwrap();
    assert!((jiff::Timestamp::now() - stamp).as_secs().abs() < 600);

    // A second post with the same slug is refused and the first is left alone.
    write(&path, "edited by hand\n");
    let out = gloss()
        .args([
            "new",
            "Colossus: a first look",
            "--section",
            "notes/2026",
            "--root",
        ])
        .arg(&root)
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(read(&path), "edited by hand\n");
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "a temporary file was left behind");
}

#[test]
fn a_new_post_builds_as_a_draft_only_with_drafts() {
    let (_t, root) = site("clean");
    gloss()
        .args(["new", "Fresh thoughts", "--draft", "--root"])
        .arg(&root)
        .assert()
        .success();
    gloss()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .assert()
        .success();
    assert!(!root.join("public/posts/fresh-thoughts/index.html").exists());
    gloss()
        .args(["build", "--drafts", "--root"])
        .arg(&root)
        .assert()
        .success();
    let html = Html::parse_document(&read(&root.join("public/posts/fresh-thoughts/index.html")));
    let h1 = Selector::parse("h1").unwrap();
    assert!(
        html.select(&h1)
            .any(|h| h.text().collect::<String>() == "Fresh thoughts")
    );
}

#[test]
fn new_refuses_a_section_outside_content() {
    let (_t, root) = site("clean");
    for section in ["../outside", "a/../../outside"] {
        gloss()
            .args(["new", "A title", "--section", section, "--root"])
            .arg(&root)
            .assert()
            .failure();
    }
    assert!(!root.parent().unwrap().join("outside").exists());
}

#[test]
fn new_refuses_to_run_outside_a_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = gloss()
        .args(["new", "Outside", "--root"])
        .arg(dir.path())
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("content: error: there is no content folder"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn new_refuses_an_empty_or_blank_title() {
    let (_t, root) = site("clean");
    for title in ["", "   ", "\t"] {
        let out = gloss()
            .args(["new", title, "--root"])
            .arg(&root)
            .assert()
            .failure();
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(
            stderr.contains("gloss new: error: the title is empty"),
            "{stderr}"
        );
    }
    assert!(!root.join("content/posts/untitled.md").exists());
}

// ---------------------------------------------------------------- gloss update

#[test]
fn update_keeps_a_crlf_file_byte_for_byte_but_for_the_notice_and_the_date() {
    let (_t, root) = site("clean");
    let path = root.join("content/posts/crlf.md");
    let original = "---\r\ntitle: CRLF  # spaced comment\r\ndate: 2024-01-02\r\ntags: [x]\r\n---\r\n\r\nA paragraph.[^a]\r\n\r\n[^a]: The note.\r\n    Continued.\r\n";
    write(&path, original);
    gloss()
        .args(["update"])
        .arg(&path)
        .args(["Fixed a typo.\nAnd a link.", "--date", "2024-03-04 05:06"])
        .assert()
        .success();
    assert_eq!(
        read(&path),
        "---\r\ntitle: CRLF  # spaced comment\r\ndate: 2024-01-02\r\nupdated: 2024-03-04T05:06:00+01:00\r\ntags: [x]\r\n---\r\n\r\nA paragraph.[^a]\r\n\r\n> [!UPDATE] 2024-03-04 05:06\r\n> Fixed a typo.\r\n> And a link.\r\n\r\n[^a]: The note.\r\n    Continued.\r\n"
    );
    // The site still builds with it, and the date is read back in the site's zone.
    gloss()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .assert()
        .success();
    let html = Html::parse_document(&read(&root.join("public/posts/crlf/index.html")));
    let updated = Selector::parse("time.dt-updated, [datetime]").unwrap();
    assert!(
        html.select(&updated)
            .any(|t| t.value().attr("datetime") == Some("2024-03-04T05:06:00+01:00")),
        "the updated date is not on the page"
    );
}

#[test]
fn update_sets_updated_in_toml_front_matter_and_replaces_an_old_one() {
    let (_t, root) = site("clean");
    let path = root.join("content/posts/toml.md");
    write(
        &path,
        "+++\ntitle = \"T\"\ndate = 2024-01-02\n\n[extra]\nmood = \"fine\"\n+++\n\nBody.",
    );
    gloss()
        .arg("update")
        .arg(&path)
        .args(["First.", "--date", "2024-02-01"])
        .assert()
        .success();
    gloss()
        .arg("update")
        .arg(&path)
        .args(["Second.", "--date", "2024-02-02"])
        .assert()
        .success();
    assert_eq!(
        read(&path),
        "+++\ntitle = \"T\"\ndate = 2024-01-02\nupdated = 2024-02-02\n\n[extra]\nmood = \"fine\"\n+++\n\nBody.\n\n> [!UPDATE] 2024-02-01\n> First.\n\n> [!UPDATE] 2024-02-02\n> Second.\n"
    );
    gloss()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .assert()
        .success();
}

#[test]
fn update_warns_when_its_date_is_before_the_post() {
    let (_t, root) = site("clean");
    let path = root.join("content/posts/dated.md");
    write(
        &path,
        "---\ntitle: Dated\ndate: 2024-05-10 12:00\n---\nBody.\n",
    );
    let stderr = |args: &[&str]| {
        let out = gloss()
            .arg("update")
            .arg(&path)
            .args(args)
            .assert()
            .success();
        String::from_utf8_lossy(&out.get_output().stderr).into_owned()
    };
    let early = stderr(&["Too early.", "--date", "2024-05-09"]);
    assert!(
        early.contains(
            "warning: the update's date 2024-05-09 is before the post's date 2024-05-10 12:00"
        ),
        "{early}"
    );
    // The same day, or a minute after the post, is fine.
    for date in ["2024-05-10", "2024-05-10 12:00"] {
        let fine = stderr(&["Later.", "--date", date]);
        assert!(!fine.contains("warning"), "{date}: {fine}");
    }
}

#[test]
fn update_with_an_older_date_never_moves_updated_backwards() {
    let (_t, root) = site("clean");
    let path = root.join("content/posts/older.md");
    write(&path, "---\ntitle: Older\ndate: 2024-05-10\n---\nBody.\n");
    let update = |args: &[&str]| {
        let out = gloss()
            .arg("update")
            .arg(&path)
            .args(args)
            .assert()
            .success();
        let out = out.get_output();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        let updated = read(&path)
            .lines()
            .find_map(|l| l.strip_prefix("updated: ").map(String::from));
        (text, updated)
    };
    let (_, updated) = update(&["Fixed.", "--date", "2024-06-01 10:00"]);
    let newest = Some("2024-06-01T10:00:00+02:00".to_string());
    assert_eq!(updated, newest);
    // An older update, by day or to the minute, and one the same day: `updated` stays.
    for date in ["2024-05-20", "2024-05-20 09:00", "2024-06-01"] {
        let (said, updated) = update(&["Older.", "--date", date]);
        assert_eq!(updated, newest, "{date}");
        assert!(
            said.contains("its `updated` stays 2024-06-01 10:00, which is later"),
            "{date}: {said}"
        );
    }
    // Before the post itself: the warning says `updated` does not change, and it does not.
    let (said, updated) = update(&["Too early.", "--date", "2024-01-01"]);
    assert_eq!(updated, newest);
    assert!(
        said.contains("so it does not change the post's updated date"),
        "{said}"
    );
    // A later one moves it.
    let (_, updated) = update(&["Later.", "--date", "2024-07-01"]);
    assert_eq!(updated.as_deref(), Some("2024-07-01"));
    assert_eq!(read(&path).matches("> [!UPDATE]").count(), 6);
    // The build has nothing to say about `updated` against the notices but the one
    // dated before the post.
    let out = gloss()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        !stderr.contains("is older than this update notice"),
        "{stderr}"
    );
}

#[test]
fn update_before_the_post_adds_no_updated() {
    let (_t, root) = site("clean");
    let path = root.join("content/posts/early.md");
    let original = "---\ntitle: Early\ndate: 2024-05-10\n---\nBody.\n";
    write(&path, original);
    gloss()
        .arg("update")
        .arg(&path)
        .args(["Too early.", "--date", "2024-05-09"])
        .assert()
        .success();
    assert_eq!(
        read(&path),
        format!("{original}\n> [!UPDATE] 2024-05-09\n> Too early.\n")
    );
}

#[test]
fn update_without_date_uses_now_in_the_site_timezone() {
    let (_t, root) = site("clean");
    write(
        &root.join("gloss.toml"),
        "base_url = \"https://example.org/\"\ntimezone = \"America/Chicago\"\n",
    );
    let path = root.join("content/posts/first.md");
    gloss()
        .arg("update")
        .arg(&path)
        .arg("Now.")
        .assert()
        .success();
    let text = read(&path);
    let updated = text
        .lines()
        .find_map(|l| l.strip_prefix("updated: "))
        .unwrap();
    let z: jiff::Timestamp = updated.parse().unwrap();
    assert!((jiff::Timestamp::now() - z).as_secs().abs() < 600);
    let offset = &updated[updated.len() - 6..];
    assert!(offset == "-06:00" || offset == "-05:00", "{updated}");
    // The fixture's own notice is dated 2024-01-05; the new one has the time too.
    let notice = text
        .lines()
        .filter_map(|l| l.strip_prefix("> [!UPDATE] "))
        .find(|d| d.len() == 16)
        .unwrap();
    assert_eq!(notice, &updated[..16].replace('T', " "));
}

#[test]
fn update_fails_cleanly() {
    let (_t, root) = site("clean");
    let path = root.join("content/posts/first.md");
    let before = read(&path);
    gloss()
        .arg("update")
        .arg(root.join("content/posts/none.md"))
        .arg("x")
        .assert()
        .failure();
    gloss()
        .arg("update")
        .arg(&path)
        .arg("   ")
        .assert()
        .failure();
    gloss()
        .arg("update")
        .arg(&path)
        .args(["x", "--date", "2024-13-01"])
        .assert()
        .failure();
    assert_eq!(read(&path), before);
}

// ---------------------------------------------------------------- gloss init

#[test]
fn init_creates_a_site_that_builds_and_passes_check() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("blog");
    gloss().arg("init").arg(&dir).assert().success();
    let config = read(&dir.join("gloss.toml"));
    assert!(
        config.lines().filter(|l| l.starts_with('#')).count() > 10,
        "explained"
    );
    let table = config.parse::<toml::Table>().unwrap();
    // base_url stays commented until the author sets it, so the build keeps warning:
    // an example address would ship feeds and canonical links pointing elsewhere.
    assert!(!table.contains_key("base_url"), "{config}");
    assert!(config.contains("\n# base_url = "), "{config}");
    assert_eq!(read(&dir.join(".gitignore")), "/public/\n/.gloss-cache/\n");
    let built = gloss()
        .arg("build")
        .arg("--root")
        .arg(&dir)
        .assert()
        .success();
    let warned = String::from_utf8_lossy(&built.get_output().stderr).into_owned();
    assert!(warned.contains("base_url is not set"), "{warned}");
    let home = Html::parse_document(&read(&dir.join("public/index.html")));
    let links = Selector::parse("a[href]").unwrap();
    assert!(
        home.select(&links)
            .any(|a| a.value().attr("href") == Some("/posts/hello-gloss/"))
    );
    let out = gloss()
        .arg("check")
        .arg("--root")
        .arg(&dir)
        .assert()
        .success();
    assert!(printed(&out.get_output().stderr).is_empty());
}

#[test]
fn init_refuses_a_non_empty_folder_unless_forced_and_never_replaces_a_file() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(&dir.join("gloss.toml"), "title = \"Mine\"\n");
    write(&dir.join(".gitignore"), "target");
    let out = gloss().arg("init").arg(dir).assert().failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("--force"), "{stderr}");
    assert!(!dir.join("content").exists());
    gloss()
        .args(["init", "--force"])
        .arg(dir)
        .assert()
        .success();
    assert_eq!(read(&dir.join("gloss.toml")), "title = \"Mine\"\n");
    assert_eq!(
        read(&dir.join(".gitignore")),
        "target\n/public/\n/.gloss-cache/\n"
    );
    assert!(dir.join("content/posts/hello-gloss.md").is_file());

    // A folder holding only dotfiles (a fresh `git init`) counts as empty.
    let fresh = t.path().join("fresh");
    std::fs::create_dir_all(fresh.join(".git")).unwrap();
    gloss().arg("init").arg(&fresh).assert().success();
}

#[test]
fn every_command_documents_itself() {
    let mut seen = HashMap::new();
    for cmd in ["build", "check", "new", "update", "init"] {
        let out = gloss().args([cmd, "--help"]).assert().success();
        seen.insert(
            cmd,
            String::from_utf8_lossy(&out.get_output().stdout).into_owned(),
        );
    }
    assert!(seen["check"].contains("--external"));
    assert!(seen["update"].contains("--date"));
    assert!(seen["new"].contains("--section"));
}

#[test]
fn root_relative_markdown_links_follow_a_sub_path_base_url() {
    let (_t, root) = site("clean");
    write(
        &root.join("content/posts/links.md"),
        "---\ntitle: Links\ndate: 2024-01-05\n---\n\nSee [about](/about/) and ![a picture](/nowhere.png).\n",
    );
    let base = "https://user.github.io/blog/";
    gloss()
        .args(["build", "--quiet", "--base-url", base, "--root"])
        .arg(&root)
        .assert()
        .success();
    let html = Html::parse_document(&read(&root.join("public/posts/links/index.html")));
    let link = Selector::parse(".e-content a[href$='about/']").unwrap();
    let hrefs: Vec<&str> = html
        .select(&link)
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(hrefs, ["/blog/about/"]);
    // The working link resolves under the sub-path; the missing image is still reported,
    // at the line the author wrote it on.
    let out = gloss()
        .args(["check", "--base-url", base, "--root"])
        .arg(&root)
        .assert()
        .failure();
    let errors: Vec<Printed> = printed(&out.get_output().stderr)
        .into_iter()
        .filter(|d| d.severity == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].path, "content/posts/links.md");
    assert_eq!(errors[0].line, Some(6));
    assert!(
        errors[0].message.contains("/blog/nowhere.png"),
        "{errors:#?}"
    );
}

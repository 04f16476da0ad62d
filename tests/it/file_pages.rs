//! Pages whose `path` ends in a file name (`feed.json`, `humans.txt`, `maps/map.xml`):
//! written as that file with their template's output, at that URL, left out of lists,
//! the sitemap, feeds and the search index, served without the live reload script; a `path`
//! onto a file gloss makes itself is an error naming both.

use std::collections::BTreeSet;

use crate::common::{self, attrs};
use crate::serve_support;

const BASE: &str = "https://example.org/blog/";

fn lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .collect()
}

/// A site with a post, and pages written as a JSON, a text and an XML file.
fn site() -> common::Site {
    let site = common::empty_site();
    site.write(
        "gloss.toml",
        format!("title = \"Files\"\nbase_url = \"{BASE}\"\nauthor = \"Ann\"\n"),
    );
    site.write(
        "content/posts/hello.md",
        "---\ntitle: Hello\ndate: 2026-01-02\n---\n\nThe first post.\n",
    );
    // Without `template`: `page.json`, after the file's extension.
    site.write(
        "content/feed.md",
        "---\ntitle: My feed\npath: feed.json\n---\n\nBody.\n",
    );
    site.write(
        "templates/page.json",
        "{\"title\": {{ page.title | json_encode | safe }}, \"permalink\": {{ page.permalink | json_encode | safe }}, \"url\": {{ page.url | json_encode | safe }}}\n",
    );
    // With `template`, in a section: not a post of it.
    site.write(
        "content/posts/humans.md",
        "---\ntitle: Humans\npath: /humans.txt\ntemplate: humans.txt\ndate: 2026-02-01\n---\n\nUnused.\n",
    );
    site.write(
        "templates/humans.txt",
        "/* TEAM */\nAuthor: {{ config.author }}\n<b>{{ page.title }}</b>\n",
    );
    site.write(
        "content/map.md",
        "+++\ntitle = \"Map\"\npath = \"maps/map.xml\"\ntemplate = \"map.xml\"\n+++\n",
    );
    site.write(
        "templates/map.xml",
        "<?xml version=\"1.0\"?>\n<map title=\"{{ page.title }}\" href=\"{{ page.permalink }}\"/>\n",
    );
    site
}

#[test]
fn a_path_ending_in_a_file_name_is_written_as_that_file() {
    let site = site();
    site.build();
    let tree = site.tree();
    for file in ["feed.json", "humans.txt", "maps/map.xml"] {
        assert!(tree.contains_key(file), "{file} missing: {:?}", tree.keys());
        assert!(
            !tree.keys().any(|k| k.starts_with(&format!("{file}/"))),
            "{file} written as a folder: {:?}",
            tree.keys()
        );
    }

    let feed: serde_json::Value = serde_json::from_str(&site.read("feed.json")).unwrap();
    assert_eq!(feed["title"], "My feed");
    assert_eq!(feed["permalink"], format!("{BASE}feed.json"));
    assert_eq!(feed["url"], "/blog/feed.json");

    // A text template: not escaped, exactly its output.
    assert_eq!(
        site.read("humans.txt"),
        "/* TEAM */\nAuthor: Ann\n<b>Humans</b>\n"
    );
    let map = site.read("maps/map.xml");
    let doc = roxmltree::Document::parse(&map).unwrap();
    let root = doc.root_element();
    assert_eq!(root.attribute("title"), Some("Map"));
    assert_eq!(
        root.attribute("href"),
        Some(&*format!("{BASE}maps/map.xml"))
    );
}

#[test]
fn file_pages_are_in_no_list_sitemap_or_feed() {
    let site = site();
    site.build();
    // The sitemap lists the post, not the files.
    let sitemap = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: BTreeSet<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&*format!("{BASE}posts/hello/")), "{locs:?}");
    for file in ["feed.json", "humans.txt", "maps/map.xml"] {
        assert!(
            !locs.contains(&*format!("{BASE}{file}")),
            "{file}: {locs:?}"
        );
    }
    // The section and the home page list only the post.
    for list in ["index.html", "posts/index.html"] {
        let links = attrs(&site.html(list), "main a", "href");
        assert!(
            links.iter().any(|l| l.ends_with("/posts/hello/")),
            "{list}: {links:?}"
        );
        assert!(
            !links.iter().any(|l| l.contains("humans")),
            "{list}: {links:?}"
        );
    }
    let atom = feed_rs::parser::parse(site.read("posts/atom.xml").as_bytes()).unwrap();
    let titles: Vec<String> = atom
        .entries
        .iter()
        .filter_map(|e| e.title.as_ref().map(|t| t.content.clone()))
        .collect();
    assert_eq!(titles, vec!["Hello".to_string()]);
}

#[test]
fn file_pages_are_not_in_the_search_index() {
    let site = site();
    site.write(
        "gloss.toml",
        format!("title = \"Files\"\nbase_url = \"{BASE}\"\nauthor = \"Ann\"\nsearch = true\n"),
    );
    site.build();
    // Pagefind counts the pages it indexed: the post alone (pages, not lists, are).
    let entry: serde_json::Value =
        serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).unwrap();
    let counts: Vec<u64> = entry["languages"]
        .as_object()
        .unwrap()
        .values()
        .map(|l| l["page_count"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, vec![1], "{entry}");
}

#[test]
fn a_path_onto_a_generated_file_names_both() {
    for (path, generated) in [
        ("atom.xml", "gloss's own /atom.xml"),
        ("sitemap.xml", "gloss's own /sitemap.xml"),
        ("robots.txt", "gloss's own robots.txt"),
        ("posts/atom.xml", "gloss's own /posts/atom.xml"),
    ] {
        let site = site();
        site.write(
            "content/clash.md",
            format!("---\ntitle: Clash\npath: {path}\n---\n"),
        );
        let stderr = site.build_fails();
        let found = lines(&stderr);
        assert_eq!(found.len(), 1, "{path}: {stderr}");
        assert!(
            found[0].starts_with("content/clash.md:3:1: error: two outputs would be written to "),
            "{path}: {stderr}"
        );
        assert!(found[0].contains(path), "{path}: {stderr}");
        assert!(found[0].contains(generated), "{path}: {stderr}");
        assert!(found[0].contains("content/clash.md"), "{path}: {stderr}");
        // The failed build wrote nothing.
        assert!(!site.public().exists(), "{path}");
    }
    // Onto another page's file.
    let site = site();
    site.write(
        "content/again.md",
        "---\ntitle: Again\npath: /humans.txt\ntemplate: humans.txt\n---\n",
    );
    let stderr = site.build_fails();
    let found = lines(&stderr);
    assert_eq!(found.len(), 1, "{stderr}");
    assert!(
        found[0].contains("this page has the same URL /humans.txt as"),
        "{stderr}"
    );
    assert!(found[0].contains("content/again.md"), "{stderr}");
    assert!(found[0].contains("content/posts/humans.md"), "{stderr}");
}

#[test]
fn a_file_page_without_its_template_names_the_template_looked_for() {
    let site = site();
    site.write(
        "content/notes.md",
        "---\ntitle: Notes\npath: notes.txt\n---\n",
    );
    let stderr = site.build_fails();
    let found = lines(&stderr);
    assert_eq!(
        found,
        vec!["content/notes.md:3:1: error: the template \"page.txt\" does not exist"],
        "{stderr}"
    );
    assert!(
        stderr.contains("help: add templates/page.txt, or name another with `template`"),
        "{stderr}"
    );
}

#[test]
fn serve_writes_file_pages_without_the_live_reload_script() {
    let site = serve_support::Site::new();
    site.write(
        "content/humans.md",
        "---\ntitle: Humans\npath: humans.txt\ntemplate: humans.txt\n---\n",
    );
    site.write(
        "templates/humans.txt",
        "<html><body>{{ page.title }}</body></html>\n",
    );
    site.write(
        "content/feed.md",
        "---\ntitle: Feed\npath: feed.json\n---\n",
    );
    site.write(
        "templates/page.json",
        "{\"title\": {{ page.title | json_encode | safe }}}\n",
    );
    let server = serve_support::Server::start(&site.root, &[]);
    let text = server.get("/humans.txt");
    assert_eq!(text.status, 200);
    assert_eq!(
        text.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(text.body, "<html><body>Humans</body></html>\n");
    let json = server.get("/feed.json");
    assert_eq!(json.status, 200);
    assert_eq!(json.header("content-type"), Some("application/json"));
    let value: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(value["title"], "Feed");
    // HTML pages still get it.
    assert_eq!(server.get("/").count("script[data-gloss-live-reload]"), 1);
}

//! Feeds in every format (`feeds` in gloss.toml): Atom, RSS 2.0 and JSON Feed 1.1 for the
//! site, each section, each tag and the updates, parsed with feed-rs (and their raw
//! elements with roxmltree or serde_json where a format requires them); every link
//! absolute; link posts; `feed_content` and `feed_limit`; the `<link rel="alternate">`
//! tags of the default theme.

use scraper::Html;
use url::Url;

use crate::common::{self, attrs};

const BASE: &str = "https://example.org/blog/";

/// The feeds of a site with every format, by list: (site path, file names).
const LISTS: &[&str] = &["", "posts/", "tags/space/"];

fn site_with(config: &str) -> common::Site {
    let site = common::empty_site();
    site.write(
        "gloss.toml",
        format!("title = \"T & co\"\nbase_url = \"{BASE}\"\nauthor = \"A\"\n{config}"),
    );
    site.write(
        "content/posts/deal.md",
        "---\ntitle: Deal & more\ndate: 2026-02-01 10:00\ntags: [space]\n---\n\nAcme's [press release](/news/deal/) says:\n\n> Acme has signed a deal.\n\nMine: small.[^1] ![A chart](chart.png)\n\n<!-- more -->\n\nThe rest, with [a link](rest.html).\n\n> [!UPDATE] 2026-02-02 10:00\n> Corrected the [count](partners.html).\n\n[^1]: See [the annex](annex.html).\n",
    );
    site.write(
        "content/posts/link.md",
        "---\ntitle: Worth reading\ndate: 2026-01-20\ntags: [space]\nlink: https://other.example/essay?a=1&b=2\n---\n\nA fine essay.\n",
    );
    site.write(
        "content/posts/plain.md",
        "---\ntitle: Plain\ndate: 2026-01-10\n---\n\nNo summary line here.\n",
    );
    site.build();
    site
}

fn all_formats() -> common::Site {
    site_with("feeds = [\"atom\", \"rss\", \"json\"]\n")
}

fn parse(site: &common::Site, file: &str) -> feed_rs::model::Feed {
    let text = site.read(file);
    feed_rs::parser::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{file}: {e}\n{text}"))
}

fn absolute(url: &str, what: &str) {
    let parsed = Url::parse(url).unwrap_or_else(|e| panic!("{what}: {url:?} is not absolute: {e}"));
    assert!(
        matches!(parsed.scheme(), "https" | "http"),
        "{what}: {url:?}"
    );
}

/// Every `href`/`src` in an entry's HTML is absolute.
fn html_links_absolute(html: &str, what: &str) {
    let doc = Html::parse_fragment(html);
    let mut n = 0;
    for attr in ["href", "src"] {
        for url in attrs(&doc, &format!("[{attr}]"), attr) {
            absolute(&url, &format!("{what} {attr}"));
            n += 1;
        }
    }
    assert!(n > 0, "{what}: no links in {html}");
}

#[test]
fn every_list_has_a_feed_in_each_format_and_each_parses() {
    let site = all_formats();
    for list in LISTS {
        for (file, kind) in [
            ("atom.xml", feed_rs::model::FeedType::Atom),
            ("rss.xml", feed_rs::model::FeedType::RSS2),
            ("feed.json", feed_rs::model::FeedType::JSON),
        ] {
            let path = format!("{list}{file}");
            let feed = parse(&site, &path);
            assert_eq!(feed.feed_type, kind, "{path}");
            let title = feed.title.as_ref().map(|t| t.content.clone());
            assert!(title.is_some_and(|t| t.starts_with("T & co")), "{path}");
            assert!(!feed.entries.is_empty(), "{path} has no entries");
            for link in &feed.links {
                absolute(&link.href, &format!("{path} feed link"));
            }
            for entry in &feed.entries {
                assert!(!entry.links.is_empty(), "{path}: an entry without a link");
                for link in &entry.links {
                    absolute(&link.href, &format!("{path} entry link"));
                }
                assert!(entry.published.is_some(), "{path}: an entry without a date");
            }
        }
    }
    for (file, kind) in [
        ("updates.xml", feed_rs::model::FeedType::Atom),
        ("updates.rss", feed_rs::model::FeedType::RSS2),
        ("updates.json", feed_rs::model::FeedType::JSON),
    ] {
        let feed = parse(&site, file);
        assert_eq!(feed.feed_type, kind, "{file}");
        assert_eq!(feed.entries.len(), 1, "{file}: one update");
        for link in feed.entries.iter().flat_map(|e| &e.links) {
            absolute(&link.href, file);
        }
    }
}

#[test]
fn entry_html_has_absolute_urls_in_every_format() {
    let site = all_formats();
    for file in ["atom.xml", "rss.xml", "feed.json", "posts/feed.json"] {
        let feed = parse(&site, file);
        let deal = feed
            .entries
            .iter()
            .find(|e| e.title.as_ref().is_some_and(|t| t.content == "Deal & more"))
            .unwrap_or_else(|| panic!("{file}: no entry for the post"));
        // RSS carries the HTML in <description>, which feed-rs reads as the summary.
        let html = deal
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| deal.summary.as_ref().map(|s| s.content.clone()))
            .unwrap();
        html_links_absolute(&html, file);
        let doc = Html::parse_fragment(&html);
        let hrefs = attrs(&doc, "a[href]", "href");
        assert!(
            hrefs.contains(&"https://example.org/blog/posts/deal/annex.html".to_string()),
            "{file}: {hrefs:?}"
        );
    }
}

#[test]
fn json_feed_has_its_required_fields() {
    let site = all_formats();
    for file in [
        "feed.json",
        "posts/feed.json",
        "tags/space/feed.json",
        "updates.json",
    ] {
        let json: serde_json::Value = serde_json::from_str(&site.read(file))
            .unwrap_or_else(|e| panic!("{file} is not JSON: {e}"));
        assert_eq!(
            json["version"], "https://jsonfeed.org/version/1.1",
            "{file}"
        );
        assert!(
            json["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{file}"
        );
        assert_eq!(json["feed_url"], format!("{BASE}{file}"), "{file}");
        absolute(json["home_page_url"].as_str().unwrap(), file);
        let items = json["items"].as_array().unwrap();
        assert!(!items.is_empty(), "{file}");
        for item in items {
            assert!(item["id"].as_str().is_some_and(|i| !i.is_empty()), "{file}");
            assert!(
                item["content_html"].is_string() || item["content_text"].is_string(),
                "{file}: {item}"
            );
            absolute(item["url"].as_str().unwrap(), file);
            // RFC 3339, as JSON Feed asks.
            let published = item["date_published"].as_str().unwrap();
            assert!(published.parse::<jiff::Timestamp>().is_ok(), "{published}");
        }
    }
}

#[test]
fn rss_channel_has_its_required_elements() {
    let site = all_formats();
    for file in [
        "rss.xml",
        "posts/rss.xml",
        "tags/space/rss.xml",
        "updates.rss",
    ] {
        let text = site.read(file);
        let xml = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let rss = xml.root_element();
        assert!(rss.has_tag_name("rss") && rss.attribute("version") == Some("2.0"));
        let channel = rss.children().find(|n| n.has_tag_name("channel")).unwrap();
        let child = |name: &str| {
            channel
                .children()
                .find(|n| n.has_tag_name(name))
                .and_then(|n| n.text())
                .unwrap_or_else(|| panic!("{file}: no <{name}>"))
                .to_string()
        };
        assert!(child("title").starts_with("T & co"), "{file}");
        absolute(&child("link"), file);
        assert!(!child("description").is_empty(), "{file}");
        // RFC 2822 dates.
        for date in channel
            .descendants()
            .filter(|n| n.has_tag_name("pubDate") || n.has_tag_name("lastBuildDate"))
        {
            let text = date.text().unwrap();
            assert!(
                jiff::fmt::rfc2822::parse(text).is_ok(),
                "{file}: {text:?} is not RFC 2822"
            );
        }
    }
}

#[test]
fn link_posts_carry_the_linked_url_in_every_format() {
    let site = all_formats();
    let essay = "https://other.example/essay?a=1&b=2";
    let permalink = format!("{BASE}posts/link/");
    // Atom: rel="related" to the essay, rel="alternate" to the post.
    let atom = parse(&site, "atom.xml");
    let entry = atom
        .entries
        .iter()
        .find(|e| {
            e.title
                .as_ref()
                .is_some_and(|t| t.content == "Worth reading")
        })
        .unwrap();
    let rel = |r: &str| {
        entry
            .links
            .iter()
            .find(|l| l.rel.as_deref() == Some(r))
            .map(|l| l.href.clone())
    };
    assert_eq!(rel("related").as_deref(), Some(essay));
    assert_eq!(rel("alternate").as_deref(), Some(permalink.as_str()));
    // RSS: <link> to the essay, the post in <guid isPermaLink="true">.
    let text = site.read("rss.xml");
    let xml = roxmltree::Document::parse(&text).unwrap();
    let item = xml
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .find(|i| {
            i.children()
                .any(|c| c.has_tag_name("title") && c.text() == Some("Worth reading"))
        })
        .unwrap();
    let child = |name: &str| item.children().find(|c| c.has_tag_name(name)).unwrap();
    assert_eq!(child("link").text(), Some(essay));
    assert_eq!(child("guid").text(), Some(permalink.as_str()));
    assert_eq!(child("guid").attribute("isPermaLink"), Some("true"));
    // JSON Feed: external_url.
    let json: serde_json::Value = serde_json::from_str(&site.read("feed.json")).unwrap();
    let item = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "Worth reading")
        .unwrap();
    assert_eq!(item["external_url"], essay);
    assert_eq!(item["url"], permalink.as_str());
    // A post that is not a link post has no related link and no external_url.
    let other = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "Plain")
        .unwrap();
    assert!(other.get("external_url").is_none(), "{other}");
}

#[test]
fn feed_content_summary_gives_the_part_before_more() {
    let site = site_with("feeds = [\"atom\", \"rss\", \"json\"]\nfeed_content = \"summary\"\n");
    let json: serde_json::Value = serde_json::from_str(&site.read("feed.json")).unwrap();
    let item = |title: &str| {
        json["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["title"] == title)
            .unwrap()
            .clone()
    };
    let deal = item("Deal & more");
    let html = deal["content_html"].as_str().unwrap();
    let doc = Html::parse_fragment(html);
    let hrefs = attrs(&doc, "a[href]", "href");
    assert!(
        hrefs.contains(&"https://example.org/blog/news/deal/".to_string()),
        "{hrefs:?}"
    );
    assert!(
        !hrefs.iter().any(|h| h.ends_with("rest.html")),
        "the part after <!-- more --> is left out: {hrefs:?}"
    );
    // Without `<!-- more -->`, the description alone.
    let plain = item("Plain");
    assert!(plain.get("content_html").is_none(), "{plain}");
    assert_eq!(plain["content_text"], "No summary line here.");
    let atom = parse(&site, "atom.xml");
    let entry = atom
        .entries
        .iter()
        .find(|e| e.title.as_ref().is_some_and(|t| t.content == "Plain"))
        .unwrap();
    assert!(entry.content.is_none());
    assert_eq!(
        entry.summary.as_ref().map(|s| s.content.as_str()),
        Some("No summary line here.")
    );
    // The full setting (the default) has the whole post.
    let full = all_formats();
    let json: serde_json::Value = serde_json::from_str(&full.read("feed.json")).unwrap();
    let deal = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "Deal & more")
        .unwrap();
    assert!(deal["content_html"].as_str().unwrap().contains("rest.html"));
}

#[test]
fn feed_limit_holds_in_every_format() {
    let site = site_with("feeds = [\"atom\", \"rss\", \"json\"]\nfeed_limit = 2\n");
    for file in ["atom.xml", "rss.xml", "feed.json", "posts/rss.xml"] {
        assert_eq!(parse(&site, file).entries.len(), 2, "{file}");
    }
}

#[test]
fn atom_and_rss_by_default_each_named_in_the_head() {
    let site = site_with("");
    let tree = site.tree();
    for file in [
        "atom.xml",
        "rss.xml",
        "updates.xml",
        "updates.rss",
        "posts/atom.xml",
        "tags/space/rss.xml",
    ] {
        assert!(tree.contains_key(file), "{file} missing");
    }
    for file in ["feed.json", "updates.json", "posts/feed.json"] {
        assert!(!tree.contains_key(file), "{file} is not a default format");
    }
    let home = site.html("index.html");
    assert_eq!(
        attrs(&home, "link[rel=alternate]", "type"),
        ["application/atom+xml", "application/rss+xml"]
    );
    assert_eq!(
        attrs(&home, "link[rel=alternate]", "href"),
        [format!("{BASE}atom.xml"), format!("{BASE}rss.xml")]
    );
    // A section's and a tag's page name their own feeds after the site's.
    let section = site.html("posts/index.html");
    assert!(
        attrs(&section, "link[rel=alternate]", "href").contains(&format!("{BASE}posts/rss.xml"))
    );
    let tag = site.html("tags/space/index.html");
    assert!(
        attrs(&tag, "link[rel=alternate]", "href").contains(&format!("{BASE}tags/space/atom.xml"))
    );
    let updates = site.html("updates/index.html");
    assert!(attrs(&updates, "link[rel=alternate]", "href").contains(&format!("{BASE}updates.rss")));
}

#[test]
fn json_feeds_are_named_in_the_head_when_chosen() {
    let site = site_with("feeds = [\"json\"]\n");
    let home = site.html("index.html");
    assert_eq!(
        attrs(&home, "link[rel=alternate]", "type"),
        ["application/feed+json"]
    );
    assert!(!site.tree().contains_key("atom.xml"));
    assert!(attrs(&home, "a[href]", "href").contains(&"/blog/feed.json".to_string()));
}

#[test]
fn no_feeds_when_the_list_is_empty() {
    let site = site_with("feeds = []\n");
    let tree = site.tree();
    for file in [
        "atom.xml",
        "rss.xml",
        "feed.json",
        "updates.xml",
        "updates.rss",
        "updates.json",
        "posts/atom.xml",
        "posts/rss.xml",
        "tags/space/atom.xml",
    ] {
        assert!(!tree.contains_key(file), "{file} written");
    }
    let home = site.html("index.html");
    assert!(attrs(&home, "link[rel=alternate]", "href").is_empty());
}

#[test]
fn an_unknown_feed_format_is_an_error_at_the_key() {
    let site = common::empty_site();
    site.write("gloss.toml", "title = \"T\"\nfeeds = [\"atom\", \"rdf\"]\n");
    site.write("content/a.md", "# A\n");
    let err = site.build_fails();
    assert!(
        err.contains("gloss.toml:2:9: error: unknown feed format \"rdf\" in `feeds`"),
        "{err}"
    );
}

/// `gloss check` on the site, returning (success, stderr).
fn check(site: &common::Site) -> (bool, String) {
    let out = assert_cmd::Command::cargo_bin("gloss")
        .unwrap()
        .arg("check")
        .arg("--root")
        .arg(&site.root)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_reads_every_feed_format_and_finds_a_broken_link_in_each() {
    let site = common::empty_site();
    site.write(
        "gloss.toml",
        format!("title = \"T\"\nbase_url = \"{BASE}\"\nauthor = \"A\"\nfeeds = [\"atom\", \"rss\", \"json\"]\n"),
    );
    site.write(
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2026-01-02\ntags: [space]\n---\n\nSee [B](/posts/b/) and [its note](#fn-1).[^1]\n\n> [!UPDATE] 2026-01-03\n> Added a link to B.\n\n[^1]: A note.\n",
    );
    site.write(
        "content/posts/b.md",
        "---\ntitle: B\ndate: 2026-01-01\nlink: https://other.example/essay\n---\n\nBack to [A](/posts/a/#fn-1).\n",
    );
    // The default theme's feeds in every format link only to what exists.
    let (ok, stderr) = check(&site);
    assert!(ok, "{stderr}");

    // Templates that write a broken link into each format: the channel's and the
    // items' links, and an item's HTML.
    site.write(
        "templates/rss.xml",
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>t</title><link>{{ config.base_url }}rss-home/</link><description>d</description>{% for entry in feed.entries %}<item><title>{{ entry.title }}</title><guid>{{ entry.permalink }}</guid><description>&lt;a href=\"{{ config.base_url }}rss-item/\"&gt;x&lt;/a&gt;</description></item>{% endfor %}</channel></rss>\n",
    );
    site.write(
        "templates/feed.json",
        "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"t\", \"home_page_url\": \"{{ config.base_url }}json-home/\", \"items\": [{% for entry in feed.entries %}{\"id\": {{ entry.id | json_encode }}, \"url\": {{ entry.permalink | json_encode }}, \"content_html\": \"<a href=\\\"{{ config.base_url }}json-item/\\\">x</a>\"}{% if not loop.last %},{% endif %}{% endfor %}]}\n",
    );
    let (ok, stderr) = check(&site);
    assert!(!ok, "{stderr}");
    for (link, file) in [
        ("rss-home/", "rss.xml"),
        ("rss-item/", "rss.xml"),
        ("json-home/", "feed.json"),
        ("json-item/", "feed.json"),
    ] {
        let line = stderr
            .lines()
            .find(|l| l.contains(&format!("`{BASE}{link}`")))
            .unwrap_or_else(|| panic!("{link} not reported:\n{stderr}"));
        assert!(line.contains(": error: broken link"), "{line}");
        assert!(line.contains(file), "{link} should name {file}: {line}");
    }
}

#[test]
fn check_reports_a_json_feed_that_does_not_parse() {
    let site = all_formats();
    site.write(
        "templates/feed.json",
        "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": {{ feed.title }}}\n",
    );
    let (ok, stderr) = check(&site);
    assert!(!ok, "{stderr}");
    assert!(
        stderr.lines().any(|l| l.starts_with("feed.json:1:")
            && l.contains("error: this generated feed is not valid JSON")),
        "{stderr}"
    );
}

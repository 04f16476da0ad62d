//! What the Markdown stage hands the lists and the feeds: absolute URLs in every feed
//! entry, code samples left as written, percent-encoded fragments that follow prefixed
//! ids, and descriptions in the author's own words.

use scraper::Html;
use url::Url;

use crate::common::{self, attr, sel};

const BASE: &str = "https://example.org/blog/";

/// A post quoting a press release, with footnotes, repeats, an update notice, raw HTML
/// and a code sample showing HTML, in a site published under a sub-path.
const POST: &str = r#"---
title: "Launch deal"
date: 2026-02-01 10:00
tags: [space]
updates:
  - date: 2026-02-03 09:00
    note: "Added the [filing](filing.pdf) and the [terms](/blog/terms/)."
---

Acme's [press release](https://acme.example/news/deal) says:

> Acme Rockets has signed a launch deal with three partners.

My own view: the deal is small.[^1] See the [picture](pic.png), the [about page](/about/),
[the quote](#quote-1) and [the same notes](#%C3%BCberschrift), and a [mirror](//mirror.example.net/x).

![A chart](chart.png)

<p>Raw: <a href='raw.html'>single</a> <img src=unquoted.png alt="u"> <a href="/blog/abs/">abs</a></p>

The markup is `<img src="cat.png">` and:

```html
<a href="dog.html">dog</a>
```

> Acme Rockets has signed a launch deal

> [!UPDATE] 2026-02-02 10:00
> Corrected the [partner count](partners.html).

## Überschrift

Notes follow.

[^1]: See [the annex](annex.html).
"#;

fn site() -> common::Site {
    let site = common::empty_site();
    site.write(
        "gloss.toml",
        format!("title = \"T\"\nbase_url = \"{BASE}\"\nauthor = \"A\"\n"),
    );
    site.write("content/posts/deal.md", POST);
    site.write(
        "content/posts/frag.md",
        "---\ntitle: Fragments\ndate: 2026-01-01\ntags: [space]\n---\n\n## Überschrift\n\nSee [one](#%C3%BCberschrift) and [two](#überschrift).\n\n<!-- more -->\n\nThe rest.\n",
    );
    site.build();
    site
}

fn parse_feed(text: &str) -> feed_rs::model::Feed {
    feed_rs::parser::parse(text.as_bytes()).unwrap_or_else(|e| panic!("invalid feed: {e}\n{text}"))
}

/// Every entry's content of a feed, parsed.
fn contents(site: &common::Site, file: &str) -> Vec<Html> {
    parse_feed(&site.read(file))
        .entries
        .iter()
        .map(|e| {
            let body = e.content.as_ref().and_then(|c| c.body.clone()).unwrap();
            Html::parse_fragment(&body)
        })
        .collect()
}

/// The output file of a URL of the site (`https://example.org/blog/posts/a/` →
/// `posts/a/index.html`).
fn output_of(url: &Url) -> Option<String> {
    let path = url.as_str().split('#').next()?.strip_prefix(BASE)?;
    Some(if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    })
}

#[test]
fn every_href_and_src_in_every_feed_entry_is_absolute() {
    let site = site();
    let mut fragments = 0;
    for file in ["atom.xml", "tags/space/atom.xml", "updates.xml"] {
        let entries = contents(&site, file);
        assert!(!entries.is_empty(), "{file}");
        for doc in &entries {
            for (name, element) in doc
                .select(&sel("[href]"))
                .map(|e| ("href", e))
                .chain(doc.select(&sel("[src]")).map(|e| ("src", e)))
            {
                let value = element.value().attr(name).unwrap_or_default();
                let url = Url::parse(value)
                    .unwrap_or_else(|e| panic!("{file}: {name}={value:?} is not absolute: {e}"));
                assert!(
                    matches!(url.scheme(), "https" | "mailto"),
                    "{file}: {name}={value:?}"
                );
                // A fragment of the site leads to an id on the page it names.
                if let (Some(id), Some(out)) = (url.fragment(), output_of(&url)) {
                    let id = percent_encoding::percent_decode_str(id).decode_utf8_lossy();
                    let page = site.html(&out);
                    let target = format!("[id='{id}']");
                    assert_eq!(
                        page.select(&sel(&target)).count(),
                        1,
                        "{file}: {value} has no target on {out}"
                    );
                    fragments += 1;
                }
            }
        }
    }
    assert!(fragments > 8, "{fragments} fragment links checked");
    let text = site.read("atom.xml");
    for expected in [
        "https://example.org/blog/posts/deal/pic.png",
        "https://example.org/blog/about/",
        "https://mirror.example.net/x",
        "https://example.org/blog/posts/deal/raw.html",
        "https://example.org/blog/posts/deal/unquoted.png",
        "https://example.org/blog/posts/deal/annex.html",
        "https://example.org/blog/posts/deal/#fn-1",
        "https://example.org/blog/posts/deal/#quote-1",
    ] {
        assert!(text.contains(expected), "atom.xml lacks {expected}");
    }
    let updates = site.read("updates.xml");
    for expected in [
        "https://example.org/blog/posts/deal/filing.pdf",
        "https://example.org/blog/terms/",
        "https://example.org/blog/posts/deal/partners.html",
    ] {
        assert!(updates.contains(expected), "updates.xml lacks {expected}");
    }
}

#[test]
fn a_code_sample_survives_in_the_feed_byte_for_byte() {
    let site = site();
    let page = site.read("posts/deal/index.html");
    let feed = parse_feed(&site.read("atom.xml"));
    let entry = feed
        .entries
        .iter()
        .find(|e| e.title.as_ref().is_some_and(|t| t.content == "Launch deal"))
        .unwrap();
    let body = entry.content.as_ref().and_then(|c| c.body.clone()).unwrap();
    assert!(
        page.contains("<code>&lt;img src=\"cat.png\"&gt;</code>"),
        "the page's code sample changed"
    );
    assert!(
        body.contains("<code>&lt;img src=\"cat.png\"&gt;</code>"),
        "the feed's code sample changed"
    );
    let doc = Html::parse_fragment(&body);
    let codes: Vec<String> = doc
        .select(&sel("code"))
        .map(|c| c.text().collect())
        .collect();
    assert!(
        codes.iter().any(|c| c == "<img src=\"cat.png\">"),
        "{codes:?}"
    );
    assert!(
        codes
            .iter()
            .any(|c| c.contains("<a href=\"dog.html\">dog</a>")),
        "{codes:?}"
    );
    // The code's HTML is the page's, byte for byte.
    let page_doc = site.html("posts/deal/index.html");
    let page_codes: Vec<String> = page_doc
        .select(&sel("code"))
        .map(|c| c.inner_html())
        .collect();
    for code in doc.select(&sel("code")) {
        assert!(
            page_codes.contains(&code.inner_html()),
            "{:?} differs from the page's code",
            code.inner_html()
        );
    }
}

#[test]
fn percent_encoded_fragments_follow_prefixed_ids_on_lists_and_in_feeds() {
    let site = site();
    for list in ["index.html", "tags/space/index.html", "posts/index.html"] {
        let doc = site.html(list);
        let targets: Vec<String> = doc
            .select(&sel(".h-entry a"))
            .filter_map(|a| a.value().attr("href"))
            .filter_map(|h| h.strip_prefix('#'))
            .map(|id| {
                percent_encoding::percent_decode_str(id)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect();
        // `[one](#%C3%BCberschrift)` and `[two](#überschrift)` alike.
        assert_eq!(
            targets
                .iter()
                .filter(|id| *id == "posts/frag/überschrift")
                .count(),
            2,
            "{list}: {targets:?}"
        );
        assert_eq!(
            doc.select(&sel("[id='posts/frag/überschrift']")).count(),
            1,
            "{list}"
        );
    }
    let text = site.read("atom.xml");
    assert_eq!(
        text.matches("https://example.org/blog/posts/frag/#%C3%BCberschrift")
            .count(),
        2,
        "{text}"
    );
}

#[test]
fn summaries_and_descriptions_are_in_the_author_s_voice() {
    let site = site();
    let page = site.html("posts/deal/index.html");
    let home = site.html("index.html");
    let feed = parse_feed(&site.read("atom.xml"));
    let entry_summary = feed
        .entries
        .iter()
        .find(|e| e.title.as_ref().is_some_and(|t| t.content == "Launch deal"))
        .and_then(|e| e.summary.as_ref())
        .map(|s| s.content.clone())
        .unwrap_or_default();
    let shown = [
        attr(&page, "meta[name=description]", "content"),
        attr(&page, "meta[property='og:description']", "content"),
        common::texts(&home, ".h-entry .p-summary")
            .into_iter()
            .find(|t| t.contains("deal"))
            .unwrap_or_default(),
        entry_summary,
    ];
    for text in &shown {
        assert!(
            text.starts_with("My own view: the deal is small."),
            "{text:?}"
        );
        assert!(!text.contains('#'), "{text:?}");
        assert!(
            !text.contains("Acme Rockets"),
            "quoted text as the author's: {text:?}"
        );
        assert!(
            !text.contains("says"),
            "lead-in without its quote: {text:?}"
        );
    }
}

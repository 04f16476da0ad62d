//! Sharing metadata on every page: canonical URL, Open Graph, Twitter/X cards,
//! `fediverse:creator` and JSON-LD, read from parsed HTML.

use crate::common::{self, attrs};

const BASE: &str = "https://example.org/";

/// The `content` of each `<meta>` whose `property` or `name` is `key`.
fn meta(doc: &scraper::Html, key: &str) -> Vec<String> {
    let mut out = attrs(doc, &format!("meta[property=\"{key}\"]"), "content");
    out.extend(attrs(doc, &format!("meta[name=\"{key}\"]"), "content"));
    out
}

#[test]
fn sharing_handles_from_gloss_toml_are_on_every_page() {
    let site = common::empty_site();
    site.write(
        "gloss.toml",
        format!("title = \"T\"\nbase_url = \"{BASE}\"\n[sharing]\nfediverse_creator = \"@ann@social.example\"\ntwitter_site = \"@ann\"\n"),
    );
    site.write(
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2026-01-01\n---\n\nText.\n",
    );
    site.build();
    for file in [
        "index.html",
        "posts/index.html",
        "posts/a/index.html",
        "updates/index.html",
    ] {
        let doc = site.html(file);
        assert_eq!(
            meta(&doc, "fediverse:creator"),
            ["@ann@social.example"],
            "{file}"
        );
        assert_eq!(meta(&doc, "twitter:site"), ["@ann"], "{file}");
    }
    // Without them, neither tag.
    let plain = common::empty_site();
    plain.write(
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2026-01-01\n---\n\nText.\n",
    );
    plain.build();
    let doc = plain.html("posts/a/index.html");
    assert!(meta(&doc, "fediverse:creator").is_empty());
    assert!(meta(&doc, "twitter:site").is_empty());
}

#[test]
fn a_fediverse_creator_that_is_not_a_handle_is_an_error() {
    let site = common::empty_site();
    site.write(
        "gloss.toml",
        "title = \"T\"\n[sharing]\nfediverse_creator = \"https://social.example/@ann\"\n",
    );
    site.write("content/a.md", "# A\n");
    let err = site.build_fails();
    assert!(
        err.contains("gloss.toml:3:1: error: sharing.fediverse_creator \"https://social.example/@ann\" is not a fediverse handle"),
        "{err}"
    );
}

//! Blogs brought over from other engines (Jekyll, Hugo, Zola, Eleventy, Pelican) build as
//! they are: heading ids as their engine wrote them, posts that share a slug, other
//! engines' front matter. Each test builds a small site written in that engine's
//! conventions and asserts on the parsed output.

use crate::common;

use common::{attrs, empty_site};

const POST: &str = "+++\ntitle = \"Release notes\"\ndate = 2024-03-01\n+++\n\n\
## What's new\n\n## cypress.json\n\n## <span id=\"preload\">Preload</span>\n\n## Preload\n\n\
[new](#whats-new)\n";

/// The ids of the post's headings, in order.
fn heading_ids(site: &common::Site) -> Vec<String> {
    attrs(
        &site.html("posts/release-notes/index.html"),
        "article h2",
        "id",
    )
}

#[test]
fn heading_ids_follow_github_by_default_and_zola_on_request() {
    let site = empty_site();
    site.write("content/posts/release-notes.md", POST);
    site.build();
    assert_eq!(
        heading_ids(&site),
        ["whats-new", "cypressjson", "preload-1", "preload-2"]
    );
    let doc = site.html("posts/release-notes/index.html");
    // The span keeps its id; no other element on the page has it.
    assert_eq!(attrs(&doc, "[id=preload]", "id").len(), 1);
    assert_eq!(attrs(&doc, "h2 > span", "id"), ["preload"]);

    site.write("gloss.toml", "heading_ids = \"zola\"\n");
    site.build();
    assert_eq!(
        heading_ids(&site),
        ["what-s-new", "cypress-json", "preload-1", "preload-2"]
    );
}

#[test]
fn an_unknown_heading_id_rule_is_an_error() {
    let site = empty_site();
    site.write("content/posts/release-notes.md", POST);
    site.write("gloss.toml", "title = \"x\"\nheading_ids = \"hugo\"\n");
    let stderr = site.build_fails();
    assert!(
        stderr.contains("gloss.toml:2:1: error: unknown heading_ids \"hugo\""),
        "{stderr}"
    );
}

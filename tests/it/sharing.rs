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

/// A post quoting two sources (one twice) and a passage known by its attribution, with
/// tags, an update and a sharing image given as a table.
const POST: &str = r#"---
title: The ferry deal
date: 2026-03-01 09:00
tags: [ferries, budget]
authors: [Ann Example]
image:
  path: /img/ferry.jpg
  alt: A ferry at the dock
  width: 1200
  height: 800
---

The [county's release](https://county.example/news/ferry) says:

> The county signed a ferry contract.

The [Harbor Times](/elsewhere/times/) adds:

> The contract runs ten years.

Again the [county's release](https://county.example/news/ferry) says:

> Fares stay the same.

> Nobody asked the riders.
>
> — A rider

My view: fine.

> [!UPDATE] 2026-03-02 10:00
> Added the fares.
"#;

fn blog() -> common::Site {
    let site = common::empty_site();
    site.write(
        "gloss.toml",
        format!("title = \"Notes\"\nbase_url = \"{BASE}\"\nauthor = \"Site Author\"\ndescription = \"Notes on ferries.\"\n"),
    );
    site.write("content/posts/ferry.md", POST);
    site.write(
        "content/posts/_index.md",
        "---\ntitle: Posts\ndescription: Every post.\n---\n",
    );
    site.build();
    site
}

/// The page's JSON-LD, parsed; it must be the page's only one.
fn json_ld(doc: &scraper::Html) -> serde_json::Value {
    let scripts: Vec<String> = doc
        .select(&common::sel("script[type=\"application/ld+json\"]"))
        .map(|s| s.text().collect())
        .collect();
    assert_eq!(scripts.len(), 1, "{scripts:?}");
    serde_json::from_str(&scripts[0]).unwrap_or_else(|e| panic!("not JSON: {e}\n{}", scripts[0]))
}

#[test]
fn a_post_carries_open_graph_twitter_and_canonical_tags() {
    let site = blog();
    let doc = site.html("posts/ferry/index.html");
    let url = format!("{BASE}posts/ferry/");
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        std::slice::from_ref(&url)
    );
    assert_eq!(meta(&doc, "og:type"), ["article"]);
    assert_eq!(meta(&doc, "og:title"), ["The ferry deal"]);
    assert_eq!(meta(&doc, "og:url"), std::slice::from_ref(&url));
    assert_eq!(meta(&doc, "og:site_name"), ["Notes"]);
    assert_eq!(meta(&doc, "og:description"), ["My view: fine."]);
    assert_eq!(meta(&doc, "og:image"), [format!("{BASE}img/ferry.jpg")]);
    assert_eq!(meta(&doc, "og:image:width"), ["1200"]);
    assert_eq!(meta(&doc, "og:image:height"), ["800"]);
    assert_eq!(meta(&doc, "og:image:alt"), ["A ferry at the dock"]);
    assert_eq!(
        meta(&doc, "article:published_time"),
        ["2026-03-01T09:00:00+00:00"]
    );
    assert_eq!(
        meta(&doc, "article:modified_time"),
        ["2026-03-02T10:00:00+00:00"]
    );
    assert_eq!(meta(&doc, "article:tag"), ["ferries", "budget"]);
    assert_eq!(meta(&doc, "twitter:card"), ["summary_large_image"]);
    assert_eq!(meta(&doc, "twitter:title"), ["The ferry deal"]);
    assert_eq!(
        meta(&doc, "twitter:image"),
        [format!("{BASE}img/ferry.jpg")]
    );
    assert_eq!(meta(&doc, "twitter:image:alt"), ["A ferry at the dock"]);
}

#[test]
fn a_posts_json_ld_is_a_blog_posting_citing_each_quoted_source() {
    let site = blog();
    let ld = json_ld(&site.html("posts/ferry/index.html"));
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "BlogPosting");
    assert_eq!(ld["headline"], "The ferry deal");
    assert_eq!(ld["url"], format!("{BASE}posts/ferry/"));
    assert_eq!(ld["datePublished"], "2026-03-01T09:00:00+00:00");
    assert_eq!(ld["dateModified"], "2026-03-02T10:00:00+00:00");
    assert_eq!(
        ld["author"],
        serde_json::json!([{"@type": "Person", "name": "Ann Example"}])
    );
    assert_eq!(ld["image"]["url"], format!("{BASE}img/ferry.jpg"));
    assert_eq!(ld["image"]["width"], 1200);
    assert_eq!(ld["image"]["height"], 800);
    assert_eq!(ld["keywords"], serde_json::json!(["ferries", "budget"]));
    // Each source once, in order, its URL absolute; the attribution by name.
    assert_eq!(
        ld["citation"],
        serde_json::json!([
            {"@type": "CreativeWork", "name": "county’s release", "url": "https://county.example/news/ferry"},
            {"@type": "CreativeWork", "name": "Harbor Times", "url": format!("{BASE}elsewhere/times/")},
            {"@type": "CreativeWork", "name": "A rider"},
        ])
    );
    assert_eq!(ld["isPartOf"]["@type"], "Blog");
}

#[test]
fn json_ld_cannot_be_broken_out_of_by_the_posts_text() {
    let site = common::empty_site();
    let nasty = "Ends </script><script>alert(1)</script> & <!-- here";
    site.write(
        "content/posts/x.md",
        format!("---\ntitle: X\ndate: 2026-01-01\ndescription: \"{nasty}\"\ntags: [\"</script>\"]\n---\n\nText.\n"),
    );
    site.build();
    let doc = site.html("posts/x/index.html");
    let ld = json_ld(&doc);
    assert_eq!(ld["description"], nasty);
    assert_eq!(ld["keywords"], serde_json::json!(["</script>"]));
    // No script but the JSON-LD (the theme has none of its own).
    assert_eq!(doc.select(&common::sel("script")).count(), 1);
}

#[test]
fn a_body_image_or_the_card_gives_the_image_and_its_size() {
    let site = common::empty_site();
    site.write(
        "gloss.toml",
        format!("title = \"T\"\nbase_url = \"{BASE}\"\n"),
    );
    let png = site.root.join("content/posts/trip/photo.png");
    std::fs::create_dir_all(png.parent().unwrap()).unwrap();
    image::RgbImage::from_pixel(64, 48, image::Rgb([10, 20, 30]))
        .save(&png)
        .unwrap();
    site.write(
        "content/posts/trip/index.md",
        "---\ntitle: Trip\ndate: 2026-01-02\n---\n\n![The pier at dawn](photo.png)\n",
    );
    site.write(
        "content/posts/plain.md",
        "---\ntitle: Plain\ndate: 2026-01-01\n---\n\nNo image.\n",
    );
    site.build();
    let trip = site.html("posts/trip/index.html");
    assert_eq!(
        meta(&trip, "og:image"),
        [format!("{BASE}posts/trip/photo.png")]
    );
    assert_eq!(meta(&trip, "og:image:width"), ["64"]);
    assert_eq!(meta(&trip, "og:image:height"), ["48"]);
    assert_eq!(meta(&trip, "og:image:alt"), ["The pier at dawn"]);
    let plain = site.html("posts/plain/index.html");
    let card = meta(&plain, "og:image");
    assert!(
        card[0].starts_with(&format!("{BASE}processed_images/card-plain.")),
        "{card:?}"
    );
    assert_eq!(meta(&plain, "og:image:width"), ["1200"]);
    assert_eq!(meta(&plain, "og:image:height"), ["630"]);
    assert_eq!(meta(&plain, "og:image:alt"), ["Plain"]);
    assert_eq!(json_ld(&plain)["image"]["width"], 1200);
}

#[test]
fn lists_and_the_home_page_carry_open_graph_tags() {
    let site = blog();
    for (file, url, title) in [
        ("index.html", BASE.to_string(), "Notes"),
        ("posts/index.html", format!("{BASE}posts/"), "Posts"),
        ("tags/index.html", format!("{BASE}tags/"), "Tags"),
        (
            "tags/ferries/index.html",
            format!("{BASE}tags/ferries/"),
            "Tagged “ferries”",
        ),
    ] {
        let doc = site.html(file);
        assert_eq!(meta(&doc, "og:type"), ["website"], "{file}");
        assert_eq!(meta(&doc, "og:url"), std::slice::from_ref(&url), "{file}");
        assert_eq!(meta(&doc, "og:title"), [title], "{file}");
        assert_eq!(meta(&doc, "og:site_name"), ["Notes"], "{file}");
        // The ferry post has an image of its own; the taxonomy index lists no post.
        let card = match file {
            "tags/index.html" => "summary",
            _ => "summary_large_image",
        };
        assert_eq!(meta(&doc, "twitter:card"), [card], "{file}");
        assert_eq!(attrs(&doc, "link[rel=canonical]", "href"), [url], "{file}");
        assert_eq!(meta(&doc, "og:description").len(), 1, "{file}");
    }
    assert_eq!(
        meta(&site.html("index.html"), "og:description"),
        ["Notes on ferries."]
    );
    assert_eq!(
        meta(&site.html("posts/index.html"), "og:description"),
        ["Every post."]
    );
}

#[test]
fn lists_share_their_first_posts_image_and_json_ld_listing_their_posts() {
    let site = blog();
    for file in ["index.html", "posts/index.html", "tags/ferries/index.html"] {
        let doc = site.html(file);
        assert_eq!(
            meta(&doc, "og:image"),
            [format!("{BASE}img/ferry.jpg")],
            "{file}"
        );
        assert_eq!(meta(&doc, "og:image:width"), ["1200"], "{file}");
        assert_eq!(meta(&doc, "og:image:height"), ["800"], "{file}");
        assert_eq!(
            meta(&doc, "og:image:alt"),
            ["A ferry at the dock"],
            "{file}"
        );
        assert_eq!(
            meta(&doc, "twitter:card"),
            ["summary_large_image"],
            "{file}"
        );
        assert_eq!(
            meta(&doc, "twitter:image"),
            [format!("{BASE}img/ferry.jpg")],
            "{file}"
        );
    }
    let ferry = serde_json::json!({
        "@type": "BlogPosting",
        "headline": "The ferry deal",
        "url": format!("{BASE}posts/ferry/"),
        "datePublished": "2026-03-01T09:00:00+00:00",
        "dateModified": "2026-03-02T10:00:00+00:00",
        "author": [{"@type": "Person", "name": "Ann Example"}],
        "image": format!("{BASE}img/ferry.jpg"),
    });
    let home = json_ld(&site.html("index.html"));
    assert_eq!(home["@context"], "https://schema.org");
    assert_eq!(home["@type"], "Blog");
    assert_eq!(home["name"], "Notes");
    assert_eq!(home["url"], BASE);
    assert_eq!(home["description"], "Notes on ferries.");
    assert_eq!(home["blogPost"], serde_json::json!([ferry.clone()]));
    let section = json_ld(&site.html("posts/index.html"));
    assert_eq!(section["@type"], "CollectionPage");
    assert_eq!(section["name"], "Posts");
    assert_eq!(section["url"], format!("{BASE}posts/"));
    assert_eq!(section["description"], "Every post.");
    assert_eq!(section["isPartOf"]["@type"], "Blog");
    assert_eq!(section["isPartOf"]["url"], BASE);
    assert_eq!(section["hasPart"], serde_json::json!([ferry.clone()]));
    let term = json_ld(&site.html("tags/ferries/index.html"));
    assert_eq!(term["@type"], "CollectionPage");
    assert_eq!(term["name"], "ferries");
    assert_eq!(term["url"], format!("{BASE}tags/ferries/"));
    assert_eq!(term["hasPart"], serde_json::json!([ferry]));
    // The taxonomy's index lists terms, not posts: no image, no parts.
    let tags = site.html("tags/index.html");
    assert!(meta(&tags, "og:image").is_empty());
    let index = json_ld(&tags);
    assert_eq!(index["@type"], "CollectionPage");
    assert_eq!(index["name"], "Tags");
    assert_eq!(index["hasPart"], serde_json::json!([]));
}

#[test]
fn each_page_of_a_list_shares_the_posts_it_lists_and_never_a_card() {
    let site = common::empty_site();
    site.write(
        "gloss.toml",
        format!("title = \"T\"\nbase_url = \"{BASE}\"\npaginate_by = 1\n"),
    );
    let png = site.root.join("content/posts/trip/photo.png");
    std::fs::create_dir_all(png.parent().unwrap()).unwrap();
    image::RgbImage::from_pixel(64, 48, image::Rgb([10, 20, 30]))
        .save(&png)
        .unwrap();
    site.write(
        "content/posts/trip/index.md",
        "---\ntitle: Trip\ndate: 2026-01-01\n---\n\n![The pier at dawn](photo.png)\n",
    );
    // Newer, with only a generated card: its card shows its own title, not the list's.
    site.write(
        "content/posts/plain.md",
        "---\ntitle: Plain\ndate: 2026-01-02\n---\n\nNo image.\n",
    );
    site.build();
    let first = site.html("index.html");
    assert!(
        meta(&first, "og:image").is_empty(),
        "{:?}",
        meta(&first, "og:image")
    );
    assert_eq!(meta(&first, "twitter:card"), ["summary"]);
    let ld = json_ld(&first);
    let posts = ld["blogPost"].as_array().unwrap();
    assert_eq!(posts.len(), 1, "{ld}");
    assert_eq!(posts[0]["headline"], "Plain");
    assert!(posts[0].get("image").is_none(), "{ld}");
    let second = site.html("page/2/index.html");
    assert_eq!(
        meta(&second, "og:image"),
        [format!("{BASE}posts/trip/photo.png")]
    );
    assert_eq!(meta(&second, "og:image:width"), ["64"]);
    assert_eq!(meta(&second, "og:image:alt"), ["The pier at dawn"]);
    let ld = json_ld(&second);
    assert_eq!(ld["url"], format!("{BASE}page/2/"));
    let posts = ld["blogPost"].as_array().unwrap();
    assert_eq!(posts.len(), 1, "{ld}");
    assert_eq!(posts[0]["headline"], "Trip");
    assert_eq!(posts[0]["image"], format!("{BASE}posts/trip/photo.png"));
}

/// A list's JSON-LD is written as the whole value would be (the items are put in as text
/// made once per post): compact, keys in order, `<`, `>` and `&` escaped, items between
/// commas.
#[test]
fn a_lists_json_ld_is_the_text_of_its_whole_value() {
    let site = common::empty_site();
    site.write(
        "gloss.toml",
        format!("title = \"Notes\"\nbase_url = \"{BASE}\"\nauthor = \"Site Author\"\n"),
    );
    site.write(
        "content/posts/a.md",
        "---\ntitle: \"Fares < fees & away\"\ndate: 2026-03-01\ntags: [ferries]\n---\nText.\n",
    );
    site.write(
        "content/posts/b.md",
        "---\ntitle: The dock\ndate: 2026-03-02\ntags: [ferries]\n---\nText.\n",
    );
    site.build();
    for file in ["index.html", "posts/index.html", "tags/ferries/index.html"] {
        let doc = site.html(file);
        let text: String = doc
            .select(&common::sel("script[type=\"application/ld+json\"]"))
            .map(|s| s.text().collect::<String>())
            .next()
            .unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let whole = value
            .to_string()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026");
        assert_eq!(text, whole, "{file}");
        let parts = value
            .get("blogPost")
            .or_else(|| value.get("hasPart"))
            .and_then(serde_json::Value::as_array)
            .unwrap();
        let headlines: Vec<&str> = parts
            .iter()
            .filter_map(|p| p["headline"].as_str())
            .collect();
        assert_eq!(headlines, ["The dock", "Fares < fees & away"], "{file}");
    }
}

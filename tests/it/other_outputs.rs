//! Other outputs (`outputs = ["html", "json"]`): a section, the home page or a page also
//! written in another format with the template named after its HTML one
//! (`section.json` → `/posts/index.json`); the default theme's JSON for sections; a
//! missing template or a bad format name is an error at the `outputs` key.

use crate::common;

const BASE: &str = "https://example.org/blog/";

fn lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .collect()
}

fn site() -> common::Site {
    let site = common::empty_site();
    site.write(
        "gloss.toml",
        format!("title = \"Outputs\"\nbase_url = \"{BASE}\"\npaginate_by = 1\n"),
    );
    site.write(
        "content/posts/_index.md",
        "+++\ntitle = \"Posts & notes\"\noutputs = [\"html\", \"JSON\"]\n+++\n",
    );
    site.write(
        "content/posts/first.md",
        "---\ntitle: First \"one\"\ndate: 2026-01-02\ntags: [Rust]\n---\n\nIts summary.\n\n<!-- more -->\n\nThe rest.\n",
    );
    site.write(
        "content/posts/second.md",
        "---\ntitle: Second\ndate: 2026-02-03 10:00\ndescription: The second.\n---\n\nNo more line.\n",
    );
    site
}

fn json(site: &common::Site, file: &str) -> serde_json::Value {
    let text = site.read(file);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}\n{text}"))
}

#[test]
fn a_section_with_a_json_output_gets_the_default_themes_json() {
    let site = site();
    site.build();
    let v = json(&site, "posts/index.json");
    assert_eq!(v["title"], "Posts & notes");
    assert_eq!(v["permalink"], format!("{BASE}posts/"));
    assert_eq!(v["url"], "/blog/posts/");
    let pages = v["pages"].as_array().unwrap();
    // Every post of the list, though the HTML shows one per page.
    assert_eq!(pages.len(), 2, "{v}");
    assert_eq!(pages[0]["title"], "Second");
    assert_eq!(pages[0]["date"], "2026-02-03T10:00:00+00:00");
    assert_eq!(pages[0]["permalink"], format!("{BASE}posts/second/"));
    assert_eq!(pages[0]["summary"], "");
    assert_eq!(pages[0]["description"], "The second.");
    assert_eq!(pages[1]["title"], "First “one”");
    assert_eq!(pages[1]["permalink"], format!("{BASE}posts/first/"));
    let summary = scraper::Html::parse_fragment(pages[1]["summary"].as_str().unwrap());
    assert_eq!(common::texts(&summary, "p"), vec!["Its summary."]);
    assert_eq!(pages[1]["tags"], serde_json::json!(["Rust"]));
    // The HTML is still there, paginated; the pager's second page has no JSON.
    assert!(site.public().join("posts/index.html").is_file());
    assert!(site.public().join("posts/page/2/index.html").is_file());
    assert!(!site.public().join("posts/page/2/index.json").exists());
    // Not in the sitemap.
    assert!(!site.read("sitemap.xml").contains("index.json"));
    // The home page without `outputs` has none.
    assert!(!site.public().join("index.json").exists());
}

#[test]
fn the_home_page_and_a_page_use_templates_named_after_their_html_ones() {
    let site = site();
    site.write(
        "content/_index.md",
        "---\ntitle: Home\noutputs: [json, txt]\n---\n",
    );
    site.write(
        "templates/index.txt",
        "{{ section.title }}: {{ section.pages | length }} posts\n",
    );
    site.write(
        "content/posts/talk.md",
        "---\ntitle: A talk\ndate: 2026-03-01\ntemplate: talk.html\noutputs: [html, json]\n---\n\nSlides.\n",
    );
    site.write("templates/talk.html", "{% extends \"page.html\" %}");
    site.write(
        "templates/talk.json",
        "{\"title\": {{ page.title | json_encode }}, \"permalink\": {{ page.permalink | json_encode }}, \"content\": {{ page.content | json_encode }}}\n",
    );
    site.build();
    let home = json(&site, "index.json");
    assert_eq!(home["title"], "Home");
    assert_eq!(home["pages"].as_array().unwrap().len(), 3, "{home}");
    assert_eq!(site.read("index.txt"), "Home: 3 posts\n");
    let talk = json(&site, "posts/talk/index.json");
    assert_eq!(talk["title"], "A talk");
    assert_eq!(talk["permalink"], format!("{BASE}posts/talk/"));
    let content = scraper::Html::parse_fragment(talk["content"].as_str().unwrap());
    assert_eq!(common::texts(&content, "p"), vec!["Slides."]);
    let page = site.html("posts/talk/index.html");
    assert_eq!(common::texts(&page, "h1.p-name"), vec!["A talk"]);
}

#[test]
fn a_format_without_its_template_names_the_file_and_the_template() {
    let site = site();
    site.write(
        "content/posts/_index.md",
        "+++\ntitle = \"Posts\"\noutputs = [\"html\", \"xml\"]\n+++\n",
    );
    let stderr = site.build_fails();
    assert_eq!(
        lines(&stderr),
        vec![
            "content/posts/_index.md:3:1: error: no template for the xml output: \"section.xml\" does not exist"
        ],
        "{stderr}"
    );
    assert!(
        stderr.contains("help: add templates/section.xml"),
        "{stderr}"
    );
    assert!(!site.public().exists());

    let site = self::site();
    site.write(
        "content/posts/first.md",
        "---\ntitle: First\ndate: 2026-01-02\noutputs: [\"json/feed\", 3]\n---\n",
    );
    let stderr = site.build_fails();
    let found = lines(&stderr);
    assert_eq!(found.len(), 1, "{stderr}");
    assert!(
        found[0].starts_with("content/posts/first.md:4:1: error: the output format \"json/feed\" is not a file extension"),
        "{stderr}"
    );
}

#[test]
fn a_file_page_with_outputs_is_an_error() {
    let site = site();
    site.write(
        "content/feed.md",
        "---\ntitle: Feed\npath: feed.json\ntemplate: section.json\noutputs: [json]\n---\n",
    );
    let stderr = site.build_fails();
    let found = lines(&stderr);
    assert_eq!(
        found,
        vec![
            "content/feed.md:5:1: error: this page is written as the file /feed.json and cannot have other `outputs`"
        ],
        "{stderr}"
    );
}

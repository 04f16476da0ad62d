//! Related posts: those quoting the same source first, then those sharing tags
//! (`page.related`, `<aside class="related">`).

use crate::common::{Site, attrs, empty_site, texts};

fn post(site: &Site, name: &str, date: &str, tags: &str, body: &str) {
    site.write(
        &format!("content/posts/{name}.md"),
        format!("---\ntitle: Post {name}\ndate: {date}\ntags: [{tags}]\n---\n{body}\n"),
    );
}

fn quoting(url: &str) -> String {
    format!("Our comment.\n\nAccording to [TechCrunch]({url}):\n\n> A passage from the story.\n")
}

fn blog() -> Site {
    let site = empty_site();
    site.write("gloss.toml", "title = \"R\"\n");
    let deal = quoting("https://techcrunch.com/2026/01/deal#part");
    post(&site, "a", "2026-01-01", "ferries", &deal);
    // Quotes the same story (another fragment of it) and shares the tag.
    post(&site, "e", "2026-01-15", "ferries", &deal);
    // Quotes another story of the same site.
    post(
        &site,
        "b",
        "2026-02-01",
        "",
        &quoting("https://www.techcrunch.com/2026/02/other"),
    );
    // Shares only the tag.
    post(&site, "c", "2026-03-01", "ferries", "Nothing quoted.");
    // Shares nothing.
    post(&site, "d", "2026-03-05", "trains", "Nothing quoted either.");
    site
}

#[test]
fn posts_quoting_the_same_source_come_first_then_those_sharing_tags() {
    let site = blog();
    site.build();
    let a = site.html("posts/a/index.html");
    assert_eq!(
        attrs(&a, "aside.related li a", "href"),
        ["/posts/e/", "/posts/b/", "/posts/c/"]
    );
    assert_eq!(
        texts(&a, "aside.related .related-reason"),
        ["Also quoting TechCrunch", "Also tagged “ferries”"]
    );
    // Each reason heads the posts it gives, in rank order.
    assert_eq!(
        attrs(&a, "aside.related h3 + ul > li:first-child > a", "href"),
        ["/posts/e/", "/posts/c/"]
    );
    // A post that shares nothing with any other gets no aside.
    assert!(texts(&site.html("posts/d/index.html"), "aside.related").is_empty());
}

#[test]
fn templates_get_page_related_with_the_reason() {
    let site = blog();
    site.write(
        "templates/page.html",
        "{% for r in page.related %}{{ r.page.title }}|{{ r.reason }}|{{ r.name }}|{{ r.url }};{% endfor %}",
    );
    site.build();
    assert_eq!(
        site.read("posts/c/index.html"),
        "Post e|tag|ferries|/tags/ferries/;Post a|tag|ferries|/tags/ferries/;"
    );
    assert_eq!(
        site.read("posts/b/index.html"),
        "Post e|source|TechCrunch|https://www.techcrunch.com/2026/02/other;\
         Post a|source|TechCrunch|https://www.techcrunch.com/2026/02/other;"
    );
}

/// Without `tags` among the taxonomies there is no tag page: posts still relate by their
/// tags, with no URL to link.
#[test]
fn a_shared_tag_has_no_url_when_tags_is_not_a_taxonomy() {
    let site = blog();
    site.write(
        "gloss.toml",
        "title = \"R\"\ntaxonomies = [\"categories\"]\n",
    );
    site.write(
        "templates/page.html",
        "{% for r in page.related %}{{ r.page.title }}|{{ r.reason }}|{{ r.name }}|{{ r.url }};{% endfor %}",
    );
    site.build();
    assert!(!site.public().join("tags").exists());
    assert_eq!(
        site.read("posts/c/index.html"),
        "Post e|tag|ferries|;Post a|tag|ferries|;"
    );
}

#[test]
fn related_posts_sets_how_many_and_zero_turns_them_off() {
    let site = blog();
    site.write("gloss.toml", "title = \"R\"\nrelated_posts = 1\n");
    site.build();
    assert_eq!(
        attrs(
            &site.html("posts/a/index.html"),
            "aside.related li a",
            "href"
        ),
        ["/posts/e/"]
    );
    site.write("gloss.toml", "title = \"R\"\nrelated_posts = 0\n");
    site.build();
    assert!(texts(&site.html("posts/a/index.html"), "aside.related").is_empty());
}

#[test]
fn a_link_post_relates_by_its_link_and_a_phrase_is_not_a_name() {
    let site = empty_site();
    site.write("gloss.toml", "title = \"R\"\n");
    site.write(
        "content/posts/l.md",
        "---\ntitle: Link\ndate: 2026-01-01\nlink: https://ledger.example/2026/fines\n---\nA note on it.\n",
    );
    post(
        &site,
        "m",
        "2026-02-01",
        "",
        "The paper's [account of the vote](https://ledger.example/2026/vote) says:\n\n> A passage.\n",
    );
    site.build();
    let l = site.html("posts/l/index.html");
    assert_eq!(attrs(&l, "aside.related li a", "href"), ["/posts/m/"]);
    // The link text is a phrase, not the site's name: the host names it.
    assert_eq!(
        texts(
            &site.html("posts/m/index.html"),
            "aside.related .related-reason"
        ),
        ["Also quoting ledger.example"]
    );
}

#[test]
fn an_attribution_without_a_link_is_a_source_too() {
    let site = empty_site();
    site.write("gloss.toml", "title = \"R\"\n");
    let sagan = "> Somewhere, something incredible is waiting to be known.\n>\n> — Carl Sagan\n";
    post(&site, "x", "2026-01-01", "", sagan);
    post(&site, "y", "2026-02-01", "", sagan);
    post(
        &site,
        "z",
        "2026-03-01",
        "",
        "> Another passage.\n>\n> — Someone Else\n",
    );
    site.build();
    let x = site.html("posts/x/index.html");
    assert_eq!(attrs(&x, "aside.related li a", "href"), ["/posts/y/"]);
    assert_eq!(
        texts(&x, "aside.related .related-reason"),
        ["Also quoting Carl Sagan"]
    );
}

#[test]
fn a_tag_every_post_carries_relates_the_posts_nearest_in_date() {
    let site = empty_site();
    site.write("gloss.toml", "title = \"R\"\nrelated_posts = 2\n");
    for day in 1..=28 {
        post(
            &site,
            &format!("p{day:02}"),
            &format!("2026-02-{day:02}"),
            "daily",
            "Text.",
        );
    }
    site.build();
    let mid = site.html("posts/p14/index.html");
    let mut got = attrs(&mid, "aside.related li a", "href");
    got.sort();
    assert_eq!(got, ["/posts/p13/", "/posts/p15/"]);
}

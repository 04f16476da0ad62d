//! Shortcodes: the site's own templates called in Zola's forms, and the built-ins called
//! as Zola, Hugo and Jekyll blogs write them (fixture sites `shortcodes-zola`,
//! `shortcodes-hugo`, `shortcodes-jekyll`); unknown ones warned about and left as text;
//! errors naming the post's file and line, with nothing written.

use crate::common;

use common::{attr, attrs, fixture, sel, texts};
use scraper::Html;

fn built(name: &str) -> (common::Site, String) {
    let site = fixture(name);
    let stderr = site.build();
    (site, stderr)
}

/// The inner HTML of the post's content.
fn content(doc: &Html) -> String {
    doc.select(&sel("article .e-content"))
        .next()
        .expect("post content")
        .inner_html()
}

#[test]
fn zola_forms_run_the_site_s_templates() {
    let (site, stderr) = built("shortcodes-zola");
    let doc = site.html("posts/harbour/index.html");
    // Inline call, string, integer and boolean arguments, `nth`.
    let callouts: Vec<_> = doc.select(&sel("aside.callout")).collect();
    assert_eq!(callouts.len(), 2, "{}", content(&doc));
    let first = callouts[0].value();
    assert_eq!(first.attr("class"), Some("callout callout-warn"));
    assert_eq!(first.attr("data-count"), Some("3"));
    assert_eq!(first.attr("data-on"), Some("true"));
    assert_eq!(first.attr("data-nth"), Some("1"));
    // Block call: the body, escaped by the .html template, and the second `nth`.
    let second = callouts[1];
    assert_eq!(second.value().attr("data-nth"), Some("2"));
    assert_eq!(
        second.text().collect::<String>(),
        "The plan's appendix is <b>not</b> online yet."
    );
    // A block call alone on its lines is not wrapped in a paragraph.
    assert!(doc.select(&sel("p aside.callout")).next().is_none());
    // A `.md` shortcode is Markdown read with the text around it.
    assert_eq!(
        texts(&doc, ".e-content > p:first-child"),
        ["The port authority FINALLY published its plan."]
    );
    assert_eq!(
        texts(&doc, ".e-content > p:first-child strong"),
        ["FINALLY"]
    );
    // Built-ins in Zola's form.
    assert_eq!(
        attrs(&doc, ".embed.video iframe", "src"),
        [
            "https://www.youtube-nocookie.com/embed/aaaaaaaaaaa",
            "https://player.vimeo.com/video/1234567?dnt=1"
        ]
    );
    assert_eq!(
        attrs(&doc, ".embed.video iframe", "title"),
        ["The council meeting, part 1", "Vimeo video"]
    );
    assert_eq!(
        attr(&doc, ".embed.gist a", "href"),
        "https://gist.github.com/harbourist/abc123"
    );
    assert_eq!(
        attr(&doc, ".e-content a[href='/posts/survey/']", "href"),
        "/posts/survey/"
    );
    // Code is never touched.
    assert_eq!(
        texts(&doc, ".e-content p code"),
        ["{{ callout(kind=\"x\") }}"]
    );
    assert_eq!(
        texts(&doc, ".e-content pre code"),
        ["{{ youtube(id=\"not-run\") }}"]
    );
    // The escape shows the call; an unknown shortcode is warned about and left as text.
    let ps = texts(&doc, ".e-content > p");
    assert!(
        ps.contains(&"Shown as written: {{ callout(kind=\"x\") }}.".to_string()),
        "{ps:?}"
    );
    assert!(ps.contains(&"{{ nowhere(x=1) }}".to_string()), "{ps:?}");
    assert!(
        stderr.contains(
            "content/posts/2024-03-01-harbour.md:29:1: warning: unknown shortcode `{{ nowhere(x=1) }}`; it is left as text"
        ),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("warning: unknown shortcode").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn hugo_forms_answer_the_built_ins() {
    let (site, stderr) = built("shortcodes-hugo");
    let doc = site.html("posts/rail-link/index.html");
    // figure goes through the image pass: a figure with its caption and alt text.
    assert_eq!(
        attr(&doc, "figure.image img", "alt"),
        "Route map of the rail link"
    );
    assert_eq!(
        texts(&doc, "figure.image figcaption"),
        ["The proposed route"]
    );
    assert_eq!(
        attrs(&doc, ".embed.video iframe", "src"),
        [
            "https://www.youtube-nocookie.com/embed/bbbbbbbbbbb",
            "https://player.vimeo.com/video/7654321?dnt=1"
        ]
    );
    assert_eq!(
        attr(&doc, ".embed.gist a", "href"),
        "https://gist.github.com/railwatch/9f8e7d#file-notes-md"
    );
    assert_eq!(
        attr(&doc, "a[href*='x.com']", "href"),
        "https://x.com/metro_rail/status/1453110110599868418"
    );
    // highlight: highlighted by the code pass; the tag inside its body is not run.
    assert_eq!(attr(&doc, "pre.hl-code code", "class"), "language-go");
    let code = texts(&doc, "pre.hl-code code");
    assert!(code[0].contains("{{ not a shortcode }}"), "{code:?}");
    // ref and relref, with a fragment.
    assert_eq!(
        attrs(&doc, ".e-content p a[href^='/posts/budget/']", "href"),
        ["/posts/budget/", "/posts/budget/#table"]
    );
    // mastodon: a quoted passage with its source, also on /quotes/.
    assert_eq!(
        attr(&doc, "figure.quote blockquote", "cite"),
        "https://transit.social/@cityrail/110"
    );
    assert_eq!(
        texts(&doc, "figure.quote figcaption.lead-in a"),
        ["@cityrail@transit.social"]
    );
    assert_eq!(texts(&doc, "figure.quote blockquote strong"), ["Monday"]);
    let quotes = site.html("quotes/index.html");
    assert!(
        quotes
            .root_element()
            .text()
            .collect::<String>()
            .contains("Service resumes Monday."),
    );
    // Unknown: warned with its line, left as text; the escape shows the call.
    let ps = texts(&doc, ".e-content > p");
    assert!(
        ps.contains(&"{{< instagram CxOWiQNP2MO >}}".to_string()),
        "{ps:?}"
    );
    assert!(
        ps.contains(&"Shown as written: {{< youtube x >}}.".to_string()),
        "{ps:?}"
    );
    assert!(
        stderr.contains("content/posts/rail-link.md:25:1: warning: Hugo shortcode `{{< instagram CxOWiQNP2MO >}}` is not supported"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("shortcode").count(), 1, "{stderr}");
}

#[test]
fn jekyll_forms_answer_the_built_ins() {
    let (site, stderr) = built("shortcodes-jekyll");
    let doc = site.html("posts/ferry-fares/index.html");
    assert_eq!(
        attr(&doc, ".embed.video iframe", "src"),
        "https://www.youtube-nocookie.com/embed/ccccccccccc"
    );
    assert_eq!(
        attr(&doc, ".embed.gist a", "href"),
        "https://gist.github.com/ferrywatch/55aa#file-fares-csv"
    );
    assert_eq!(attr(&doc, "pre.hl-code code", "class"), "language-ruby");
    assert!(texts(&doc, "pre.hl-code code")[0].contains("# {{ not liquid }}"));
    assert_eq!(
        attrs(&doc, ".e-content p a[href^='/posts/']", "href"),
        ["/posts/fares-2015/", "/posts/fares-2015/"]
    );
    let ps = texts(&doc, ".e-content > p");
    assert!(
        ps.contains(&"Templates write {{ page.title }} and {% if x %}.".to_string()),
        "{ps:?}"
    );
    assert_eq!(
        texts(&doc, "a[href='https://twitter.com/ferryco/status/42']"),
        ["A post by @ferryco on X"]
    );
    // `include` is not a shortcode: warned about, left as text; nothing inside `raw` is.
    assert!(
        ps.contains(&"{% include footer.html %}".to_string()),
        "{ps:?}"
    );
    assert!(
        stderr.contains("content/posts/2016-07-26-ferry-fares.md:20:1: warning: template tag `{% include footer.html %}`"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("warning: template").count(), 1, "{stderr}");
}

/// Builds the Zola fixture with one more post, expecting failure; stderr.
fn fails_with(post: &str) -> (common::Site, String) {
    let site = fixture("shortcodes-zola");
    site.write("content/posts/2024-04-01-bad.md", post);
    let stderr = site.build_fails();
    assert!(!site.public().exists(), "nothing may be written");
    (site, stderr)
}

#[test]
fn a_missing_argument_is_an_error_at_the_call() {
    let (_, stderr) = fails_with("+++\ntitle = \"Bad\"\n+++\nText.\n\n{{< youtube >}}\n");
    assert!(
        stderr.contains(
            "content/posts/2024-04-01-bad.md:6:1: error: shortcode `youtube` needs the argument `id`"
        ),
        "{stderr}"
    );
}

#[test]
fn a_template_error_names_the_shortcode_file() {
    let (_, stderr) = fails_with("+++\ntitle = \"Bad\"\n+++\n{{ broken() }}\n");
    assert!(
        stderr.contains("content/posts/2024-04-01-bad.md:4:1: error: shortcode `broken` failed: templates/shortcodes/broken.html:1:"),
        "{stderr}"
    );
}

/// A section's `_index.md` text goes through the Markdown stage as a post's does, and
/// what it finds there is told at the place in `_index.md` (it was dropped before): an
/// unknown shortcode is a warning, a shortcode that fails is an error and fails the build.
#[test]
fn a_section_s_text_is_warned_about_and_fails_as_a_post_s() {
    let site = fixture("shortcodes-zola");
    site.write(
        "content/posts/_index.md",
        "+++\ntitle = \"Posts\"\n+++\nWhat I read.\n\n{{ nowhere(x=1) }}\n",
    );
    let stderr = site.build();
    assert!(
        stderr.contains("content/posts/_index.md:6:1: warning: unknown shortcode `{{ nowhere(x=1) }}`; it is left as text"),
        "{stderr}"
    );
    // Once, though the section has several pages and feeds.
    assert_eq!(
        stderr.matches("_index.md:6:1: warning").count(),
        1,
        "{stderr}"
    );
    site.write(
        "content/posts/_index.md",
        "+++\ntitle = \"Posts\"\n+++\nWhat I read.\n\n{{< youtube >}}\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains(
            "content/posts/_index.md:6:1: error: shortcode `youtube` needs the argument `id`"
        ),
        "{stderr}"
    );
}

#[test]
fn a_link_to_a_missing_page_is_a_warning_and_left_as_text() {
    let site = fixture("shortcodes-zola");
    site.write(
        "content/posts/2024-04-01-gone.md",
        "+++\ntitle = \"Gone\"\n+++\nSee [it]({% post_url 2001-01-01-gone %}).\n",
    );
    let stderr = site.build();
    assert!(
        stderr.contains("content/posts/2024-04-01-gone.md:4:10: warning: shortcode `post_url` links to `2001-01-01-gone`, which is no page of this site; it is left as text"),
        "{stderr}"
    );
    let doc = site.html("posts/gone/index.html");
    assert_eq!(
        texts(&doc, ".e-content p"),
        ["See [it]({% post_url 2001-01-01-gone %})."]
    );
}

#[test]
fn an_unclosed_block_and_bad_arguments_are_errors() {
    let (_, stderr) = fails_with(
        "+++\ntitle = \"Bad\"\n+++\n{% callout(kind=\"x\") %}\nNo end.\n\n{{ callout(kind=warn) }}\n",
    );
    assert!(
        stderr.contains("content/posts/2024-04-01-bad.md:4:1: error: shortcode `callout` is opened here but never closed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/posts/2024-04-01-bad.md:7:1: error: cannot read the arguments of shortcode `callout`"),
        "{stderr}"
    );
}

#[test]
fn lines_after_an_expanded_shortcode_stay_the_author_s() {
    // A diagnostic after a multi-line call that expanded to one line is still at the
    // line the author wrote.
    let site = fixture("shortcodes-zola");
    site.write(
        "content/posts/2024-04-02-lines.md",
        "+++\ntitle = \"Lines\"\n+++\n{% callout() %}\none\ntwo\nthree\n{% end %}\n\nA note[^gone].\n",
    );
    let stderr = site.build();
    assert!(
        stderr.contains("content/posts/2024-04-02-lines.md:10:7: warning: footnote reference [^gone] has no definition"),
        "{stderr}"
    );
}

/// The shortcodes-zola fixture with the templates `byline.html` (shows `page`, `section`
/// and `config`), `frame.html` (its body as HTML) and `pull.md` (its body as Markdown).
fn with_templates() -> common::Site {
    let site = fixture("shortcodes-zola");
    site.write(
        "templates/shortcodes/byline.html",
        "<p class=\"byline\" data-title=\"{{ page.title }}\" data-permalink=\"{{ page.permalink }}\" \
         data-date=\"{{ page.date }}\" data-venue=\"{{ page.extra.venue | default(value='') }}\" \
         data-tags=\"{% for t in page.tags %}{{ t.name }};{% endfor %}\" \
         data-section=\"{{ section.title }}\" data-section-url=\"{{ section.url }}\" \
         data-site=\"{{ config.title }}\">{{ page.description }}</p>\n",
    );
    site.write(
        "templates/shortcodes/frame.html",
        "<div class=\"frame\" data-nth=\"{{ nth }}\">{{ body | default(value='') | safe }}</div>\n",
    );
    site.write("templates/shortcodes/pull.md", "{{ body }}\n");
    site
}

#[test]
fn shortcode_templates_see_the_page_its_section_and_the_config() {
    let site = with_templates();
    site.write(
        "content/posts/_index.md",
        "+++\ntitle = \"Harbour notes\"\n+++\n{{ byline() }}\n",
    );
    site.write(
        "content/posts/2024-05-02-ferry.md",
        "+++\ntitle = \"Ferry *timetable*\"\ndate = 2024-05-02T09:30:00Z\ndescription = \"Winter sailings.\"\ntags = [\"ferries\", \"winter\"]\n\n[extra]\nvenue = \"Pier 4\"\n+++\nAbove.\n\n{{ byline() }}\n",
    );
    let stderr = site.build();
    let doc = site.html("posts/ferry/index.html");
    let byline = |name: &str| attr(&doc, ".e-content p.byline", name);
    assert_eq!(byline("data-title"), "Ferry timetable", "{stderr}");
    assert_eq!(byline("data-permalink"), "https://example.org/posts/ferry/");
    assert_eq!(byline("data-date"), "2024-05-02T09:30:00+00:00");
    assert_eq!(byline("data-venue"), "Pier 4");
    assert_eq!(byline("data-tags"), "ferries;winter;");
    assert_eq!(byline("data-section"), "Harbour notes");
    assert_eq!(byline("data-section-url"), "/posts/");
    assert_eq!(byline("data-site"), "Zola-style shortcodes");
    assert_eq!(texts(&doc, ".e-content p.byline"), ["Winter sailings."]);
    // In a section's own body: the section, and an empty page.
    let list = site.html("posts/index.html");
    assert_eq!(
        attr(&list, ".intro p.byline", "data-section"),
        "Harbour notes"
    );
    assert_eq!(attr(&list, ".intro p.byline", "data-title"), "");
}

#[test]
fn shortcodes_inside_a_body_run_before_it() {
    let site = with_templates();
    site.write(
        "content/posts/2024-05-03-nested.md",
        "+++\ntitle = \"Nested\"\n+++\n{% frame() %}\n{% frame() %}\ndeep\n{% end %}\n\
         {{< youtube ddddddddddd >}} and {{ nowhere() }}\n{% end %}\n",
    );
    let stderr = site.build();
    let doc = site.html("posts/nested/index.html");
    assert_eq!(
        attrs(&doc, ".e-content div.frame", "data-nth"),
        ["1", "2"],
        "{}",
        content(&doc)
    );
    assert_eq!(texts(&doc, ".e-content div.frame > div.frame"), ["deep"]);
    assert_eq!(
        attr(&doc, "div.frame .embed.video iframe", "src"),
        "https://www.youtube-nocookie.com/embed/ddddddddddd"
    );
    // An unknown call in a body is left as text, and warned about at its line.
    assert!(
        texts(&doc, ".e-content > div.frame")[0].contains("and {{ nowhere() }}"),
        "{}",
        content(&doc)
    );
    assert!(
        stderr.contains(
            "content/posts/2024-05-03-nested.md:8:33: warning: unknown shortcode `{{ nowhere() }}`"
        ),
        "{stderr}"
    );
}

#[test]
fn a_body_in_a_block_quote_loses_its_quote_markers() {
    let site = with_templates();
    site.write(
        "content/posts/2024-05-04-quoted.md",
        "+++\ntitle = \"Quoted\"\n+++\nThe notice said:\n\n> {% frame() %}\n> Sailings resume\n>   on Monday.\n> {% end %}\n\n\
         And later:\n\n> {% pull() %}\n> First paragraph.\n>\n> Second **paragraph**.\n> {% end %}\n",
    );
    site.build();
    let doc = site.html("posts/quoted/index.html");
    let frame = doc
        .select(&sel("figure.quote blockquote div.frame"))
        .next()
        .expect("the frame in the quote");
    // The body as written, its lines without `> `.
    assert_eq!(frame.inner_html(), "Sailings resume\n  on Monday.");
    // A Markdown answer of several lines stays inside the quote.
    let second = doc
        .select(&sel("figure.quote blockquote"))
        .nth(1)
        .expect("second quote");
    let ps: Vec<String> = second
        .select(&sel("p"))
        .map(|p| p.text().collect())
        .collect();
    assert_eq!(
        ps,
        ["First paragraph.", "Second paragraph."],
        "{}",
        content(&doc)
    );
}

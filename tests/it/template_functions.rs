//! Template filters and functions (fixture site `template-functions`, whose theme
//! `probe` uses every one): their output read from the built pages, and the errors a
//! wrong argument gives, at the template's file and line.

use crate::common;

use common::{fixture, sel, texts};
use scraper::Html;

/// The text of the element with this id.
fn text(doc: &Html, id: &str) -> String {
    texts(doc, &format!("#{id}")).join("")
}

/// The inner HTML of the element with this id, trimmed.
fn inner(doc: &Html, id: &str) -> String {
    doc.select(&sel(&format!("#{id}")))
        .next()
        .unwrap_or_else(|| panic!("no #{id}"))
        .inner_html()
        .trim()
        .to_string()
}

#[test]
fn filters_format_dates_render_markdown_and_shape_text() {
    let site = fixture("template-functions");
    site.build();
    let doc = site.html("posts/harbour/index.html");
    assert_eq!(text(&doc, "date-default"), "Mar 9, 2026");
    assert_eq!(text(&doc, "date-format"), "March 9, 2026 at 14:05");
    assert_eq!(text(&doc, "date-timezone"), "2026-03-10 05:05 JST");
    assert_eq!(text(&doc, "date-style"), "Monday, March 9, 2026");
    assert_eq!(text(&doc, "date-month"), "9 March 2026, 100%");
    // A date alone is midnight in the site's time zone.
    assert_eq!(text(&doc, "date-plain"), "Monday 5 January");
    assert_eq!(text(&doc, "date-seconds"), "1970-01-01T00:00:00+00:00");
    // Markdown through the site's Markdown stage: links get the base URL's path.
    assert_eq!(
        inner(&doc, "markdown"),
        "<p>The <em>port</em> authority’s <a href=\"/blog/posts/tide/\">plan</a>.</p>"
    );
    assert_eq!(
        inner(&doc, "markdown-inline"),
        "The <em>port</em> authority’s <a href=\"/blog/posts/tide/\">plan</a>."
    );
    assert_eq!(text(&doc, "slugify"), "ünïcode-posts-c-plus-plus");
    // Tags left out, the text escaped again where it is inserted.
    assert_eq!(text(&doc, "striptags"), "Fish & chips");
    assert_eq!(inner(&doc, "striptags"), "Fish &amp; chips");
    assert_eq!(text(&doc, "truncate"), "one two three…");
    assert_eq!(text(&doc, "truncate-end"), "one two [more]");
    assert_eq!(
        text(&doc, "absolute-page"),
        "https://example.org/blog/posts/harbour/"
    );
    assert_eq!(
        text(&doc, "absolute-file"),
        "https://example.org/blog/css/site.css"
    );
    assert_eq!(text(&doc, "summary-text"), "The authority said: The…");
}

#[test]
fn dates_follow_the_site_language() {
    let site = fixture("template-functions");
    let config = std::fs::read_to_string(site.root.join("gloss.toml")).unwrap();
    site.write("gloss.toml", format!("language = \"fr\"\n{config}"));
    site.build();
    let doc = site.html("posts/harbour/index.html");
    assert_eq!(text(&doc, "date-default"), "9 mars 2026");
    assert_eq!(text(&doc, "date-month"), "9 mars 2026, 100%");
    assert_eq!(text(&doc, "date-style"), "lundi 9 mars 2026");
    // Directives other than `%B` stay as strftime writes them.
    assert_eq!(text(&doc, "date-plain"), "Monday 5 janvier");
}

/// Builds the fixture with `page.html` replaced by `template`; returns the error output.
fn fails_with(template: &str) -> String {
    let site = fixture("template-functions");
    site.write("templates/page.html", template);
    site.build_fails()
}

#[test]
fn an_unknown_filter_argument_is_an_error_at_the_template_line() {
    let stderr = fails_with("<p>\n{{ page.date | date(fromat=\"%Y\") }}</p>\n");
    assert!(
        stderr.contains("templates/page.html:2:")
            && stderr.contains(
                "date: unknown argument `fromat` (it takes `format`, `timezone`, `style`)"
            ),
        "{stderr}"
    );
}

#[test]
fn a_bad_date_or_time_zone_is_an_error_naming_it() {
    let stderr = fails_with("{{ \"soon\" | date }}");
    assert!(
        stderr.contains("templates/page.html:1:") && stderr.contains("date: \"soon\""),
        "{stderr}"
    );
    let stderr = fails_with("{{ page.date | date(timezone=\"Mars/Olympus\") }}");
    assert!(
        stderr.contains("unknown time zone \"Mars/Olympus\""),
        "{stderr}"
    );
}

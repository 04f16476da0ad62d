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
    assert_eq!(text(&doc, "date-short"), "Mon 9 Mar 2026, 14:05");
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
    assert_eq!(text(&doc, "summary-text"), "The Port Authority said:…");
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
    // The weekday's and the month's names, long and short, are the language's.
    assert_eq!(text(&doc, "date-plain"), "lundi 5 janvier");
    assert_eq!(text(&doc, "date-short"), "lun. 9 mars 2026, 14:05");
}

#[test]
fn short_and_weekday_names_follow_the_site_language_in_german() {
    let site = fixture("template-functions");
    let config = std::fs::read_to_string(site.root.join("gloss.toml")).unwrap();
    site.write("gloss.toml", format!("language = \"de\"\n{config}"));
    site.build();
    let doc = site.html("posts/harbour/index.html");
    assert_eq!(text(&doc, "date-plain"), "Montag 5 Januar");
    assert_eq!(text(&doc, "date-short"), "Mo 9 Mär 2026, 14:05");
    assert_eq!(text(&doc, "date-month"), "9 März 2026, 100%");
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

#[test]
fn functions_find_pages_sections_terms_urls_quotes_updates_and_data() {
    let site = fixture("template-functions");
    site.build();
    let doc = site.html("posts/index.html");
    assert_eq!(
        text(&doc, "get-page"),
        "Harbour plan|/blog/posts/harbour/|posts/harbour/index.md|2"
    );
    assert_eq!(
        texts(&doc, "#get-section li"),
        ["Harbour plan", "Tide tables"]
    );
    assert_eq!(texts(&doc, "#get-taxonomy li"), ["C++", "Ports"]);
    assert_eq!(
        common::attrs(&doc, "#get-taxonomy li", "data-count"),
        ["1", "2"]
    );
    assert_eq!(
        text(&doc, "get-url"),
        "https://example.org/blog/css/site.css"
    );
    let busted = text(&doc, "get-url-bust");
    let hash = busted
        .strip_prefix("https://example.org/blog/css/site.css?h=")
        .unwrap_or_else(|| panic!("{busted}"));
    assert_eq!(hash.len(), 16, "{busted}");
    assert_eq!(
        text(&doc, "get-url-page"),
        "https://example.org/blog/posts/tide/"
    );
    let year: i32 = text(&doc, "now").parse().unwrap();
    assert!(year >= 2026, "{year}");
    assert_eq!(text(&doc, "now-ts"), "true");
    assert_eq!(texts(&doc, "#get-quotes li"), ["The harbour opens in May."]);
    assert_eq!(text(&doc, "get-quotes-none"), "0");
    assert_eq!(
        texts(&doc, "#get-updates li"),
        ["Harbour plan: The date moved to June."]
    );
    assert_eq!(text(&doc, "load-data"), "Ada|2");
    assert_eq!(
        texts(&doc, "#site-data-team li"),
        ["Ada (editor)", "Bo (fact-checker)"]
    );
    assert_eq!(text(&doc, "site-data-json"), "Port Authority");
    assert_eq!(text(&doc, "site-data-yaml"), "Lyon");
    assert_eq!(text(&doc, "site-data-csv"), "2025=120;2026=140;");
    assert_eq!(text(&doc, "site-data-nested"), "true");
    // Beside the page first, and site.data in every template.
    let page = site.html("posts/harbour/index.html");
    assert_eq!(text(&page, "load-data-beside"), "06:00 1.2");
    assert_eq!(text(&page, "page-data"), "Ada");
}

#[test]
fn cachebust_changes_with_the_file() {
    let site = fixture("template-functions");
    site.build();
    let before = text(&site.html("posts/index.html"), "get-url-bust");
    site.write("static/css/site.css", "body { color: navy; }\n");
    site.build();
    let after = text(&site.html("posts/index.html"), "get-url-bust");
    assert_ne!(before, after);
}

/// Builds the fixture with `section.html` replaced by `template`; returns the errors.
fn section_fails_with(template: &str) -> String {
    let site = fixture("template-functions");
    site.write("templates/section.html", template);
    site.build_fails()
}

#[test]
fn load_data_of_a_missing_file_names_the_template_and_the_path() {
    let stderr = section_fails_with("<p>\n{{ load_data(path=\"data/nowhere.json\") }}</p>");
    assert!(
        stderr.contains("templates/section.html:2:")
            && stderr.contains(
                "load_data: there is no file \"data/nowhere.json\" (looked for data/nowhere.json)"
            ),
        "{stderr}"
    );
}

#[test]
fn unknown_function_arguments_and_paths_are_errors_at_the_call() {
    let stderr = section_fails_with("{{ get_page(path=\"posts/tide.md\", lang=\"fr\") }}");
    assert!(
        stderr.contains("templates/section.html:1:")
            && stderr.contains("get_page: unknown argument `lang` (it takes `path`)"),
        "{stderr}"
    );
    let stderr = section_fails_with("{{ get_page(path=\"posts/gone.md\") }}");
    assert!(
        stderr.contains("get_page: there is no page at content/posts/gone.md"),
        "{stderr}"
    );
    let stderr = section_fails_with("{{ get_taxonomy(kind=\"categories\") }}");
    assert!(
        stderr.contains("get_taxonomy: the site has no taxonomy \"categories\" (it has \"tags\")"),
        "{stderr}"
    );
    let stderr = section_fails_with("{{ get_url(path=\"css/none.css\", cachebust=true) }}");
    assert!(
        stderr.contains("get_url: there is no file at css/none.css"),
        "{stderr}"
    );
}

#[test]
fn a_data_file_that_does_not_parse_is_an_error_at_its_line() {
    let site = fixture("template-functions");
    site.write("data/team.toml", "lead = \"Ada\"\nmembers = [\n");
    site.write("data/links.json", "[\n  {\"title\": 1,}\n]\n");
    let stderr = site.build_fails();
    assert!(
        stderr.contains("data/links.json:2:")
            && stderr.contains("error: this data file does not parse: invalid JSON"),
        "{stderr}"
    );
    assert!(
        stderr.contains("data/team.toml:")
            && stderr.contains("error: this data file does not parse: invalid TOML"),
        "{stderr}"
    );
}

//! The default theme as readers and checkers see it, on every page of the demo site and of
//! `tests/fixtures/sites/theme` (every feature the theme styles):
//!
//! - axe-core in headless Chromium at 390 and 1400 pixels, light and dark: no violation of
//!   WCAG 2.0, 2.1 and 2.2 A and AA;
//! - the Nu Html Checker: no error;
//! - the keyboard: Tab reaches every link and control of a post, each one on screen with
//!   its focus ring showing.
//!
//! axe-core and the checker (`vnu-jar`) are npm packages pinned in `package-lock.json`;
//! `scripts/test.sh` installs them (`npm ci`), with Debian's `chromium` and a Java runtime.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::browser::{Browser, StaticServer, Tab};
use crate::common::{self, Site};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file from the npm packages the checks use; panics with what to run when missing.
fn npm_file(rel: &str) -> PathBuf {
    let path = repo().join("node_modules").join(rel);
    assert!(
        path.is_file(),
        "{} is missing: run `npm ci --ignore-scripts` in the repository (scripts/test.sh does)",
        path.display()
    );
    path
}

/// The demo site in the repository's `content/`, built into a temporary folder.
fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let status = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(["build", "--quiet", "--root"])
        .arg(repo())
        .arg("--output-dir")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success(), "the demo site did not build");
    (dir, out)
}

/// The fixture with every feature, built.
fn fixture() -> Site {
    let site = common::fixture("theme");
    site.build();
    site
}

/// Every HTML page under `dir`, as paths relative to it with `/` separators.
fn pages(dir: &Path) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            rel.replace('\\', "/")
        })
        .collect();
    pages.sort();
    pages
}

/// Alias pages only redirect (a meta refresh, no content to read).
fn is_redirect(dir: &Path, page: &str) -> bool {
    std::fs::read_to_string(dir.join(page)).is_ok_and(|t| t.contains("http-equiv=\"refresh\""))
}

const AXE_RUN: &str = r#"axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    resultTypes: ["violations"],
}).then(r => ({
    passes: r.passes.length,
    violations: r.violations.map(v => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + n.failureSummary),
    })),
}))"#;

/// Runs axe-core on every page under `dir` at 390 and 1400 pixels, light and dark, and
/// returns one line per violation found.
fn axe_violations(dir: &Path) -> Vec<String> {
    let axe = std::fs::read_to_string(npm_file("axe-core/axe.min.js")).unwrap();
    let server = StaticServer::start(dir);
    let mut browser = Browser::launch();
    let mut tab = browser.open("about:blank");
    let mut found = Vec::new();
    let mut checked = 0;
    for page in pages(dir) {
        if is_redirect(dir, &page) {
            continue;
        }
        let url = format!("{}{}", server.url, page.trim_end_matches("index.html"));
        tab.emulate(1400, 900, false);
        tab.navigate(&url);
        tab.eval(&axe).expect("axe-core loads");
        for (width, dark) in [(1400, false), (1400, true), (390, false), (390, true)] {
            tab.emulate(width, 900, dark);
            let result = tab.eval_async(AXE_RUN);
            assert!(
                result["passes"].as_u64().unwrap_or(0) > 0,
                "axe-core checked nothing on {url}: {result}"
            );
            checked += 1;
            for v in result["violations"].as_array().unwrap() {
                let scheme = if dark { "dark" } else { "light" };
                found.push(format!(
                    "{page} at {width} px, {scheme}: {} ({}): {}\n    {}",
                    v["id"].as_str().unwrap_or("?"),
                    v["impact"].as_str().unwrap_or("?"),
                    v["help"].as_str().unwrap_or("?"),
                    v["nodes"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join("\n    ")
                ));
            }
        }
    }
    assert!(checked >= 8, "only {checked} page views were checked");
    found
}

#[test]
fn axe_finds_no_wcag_violation_on_the_demo_site() {
    let (_dir, out) = demo();
    let found = axe_violations(&out);
    assert!(found.is_empty(), "axe-core found:\n{}", found.join("\n"));
}

#[test]
fn axe_finds_no_wcag_violation_on_the_fixture_with_every_feature() {
    let site = fixture();
    let found = axe_violations(&site.public());
    assert!(found.is_empty(), "axe-core found:\n{}", found.join("\n"));
}

/// Runs the Nu Html Checker over `dirs`; returns its errors, one line each.
fn html_errors(dirs: &[&Path]) -> Vec<String> {
    let jar = npm_file("vnu-jar/build/dist/vnu.jar");
    let out = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--skip-non-html", "--format", "json"])
        .args(dirs)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run java ({e}): scripts/test.sh installs Debian's default-jre-headless")
        });
    let report: Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
        panic!(
            "the Nu Html Checker did not report JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["type"] != "info")
        .map(|m| {
            format!(
                "{}:{}:{}: {}",
                m["url"].as_str().unwrap_or("?"),
                m["lastLine"],
                m["firstColumn"],
                m["message"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

#[test]
fn the_nu_html_checker_finds_no_error_on_any_page() {
    let (_dir, demo) = demo();
    let site = fixture();
    let errors = html_errors(&[&demo, &site.public()]);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// The checker does report errors (so a clean report means something).
#[test]
fn the_nu_html_checker_reports_a_broken_page() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.html"),
        "<!doctype html><html lang=en><head><title>x</title></head><body><p><div></p></body></html>",
    )
    .unwrap();
    assert!(!html_errors(&[dir.path()]).is_empty());
}

/// The elements Tab should reach, in document order, as `tag#index href` keys. (Heading
/// self-links are `tabindex="-1"` on purpose: a mouse convenience, not a stop for Tab.)
const FOCUSABLE: &str = r##"(() => {
    window.glossKey = el => el.tagName.toLowerCase() + "#" +
        Array.prototype.indexOf.call(document.querySelectorAll("*"), el) +
        (el.getAttribute("href") ? " " + el.getAttribute("href") : "");
    return Array.from(document.querySelectorAll(
        "a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]"
    )).filter(el => el.getAttribute("tabindex") !== "-1"
        && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
      .map(el => glossKey(el));
})()"##;

/// The focused element: its key, whether it is inside the window and whether a focus ring
/// (an outline or a box shadow of at least 2 px) shows.
const FOCUSED: &str = r#"(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
        || style.boxShadow !== "none";
    return {
        key: glossKey(el),
        text: (el.getAttribute("aria-label") || el.textContent || "").trim().slice(0, 40),
        on_screen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
            && box.top < innerHeight && box.left < innerWidth,
        ring,
    };
})()"#;

/// Tabs through the page from its top; returns the keys reached, and fails on an element
/// that is off screen or shows no focus ring.
fn tab_through(tab: &mut Tab<'_>, expected: usize) -> Vec<String> {
    let mut reached = Vec::new();
    for _ in 0..expected + 5 {
        tab.press("Tab", 9);
        std::thread::sleep(std::time::Duration::from_millis(30));
        let Some(focused) = tab.eval(FOCUSED).filter(|v| !v.is_null()) else {
            break;
        };
        let key = focused["key"].as_str().unwrap().to_string();
        if reached.contains(&key) {
            break;
        }
        assert_eq!(
            focused["on_screen"], true,
            "focused but off screen: {focused}"
        );
        assert_eq!(
            focused["ring"], true,
            "focused without a visible ring: {focused}"
        );
        reached.push(key);
    }
    reached
}

#[test]
fn tab_reaches_every_link_of_a_post_and_each_shows_its_focus() {
    let site = fixture();
    let server = StaticServer::start(&site.public());
    let mut browser = Browser::launch();
    let mut tab = browser.open("about:blank");
    for (width, dark) in [(1400, false), (390, true)] {
        tab.emulate(width, 700, dark);
        tab.navigate(&format!("{}posts/everything/", server.url));
        let expected: Vec<String> = serde_json::from_value(tab.eval(FOCUSABLE).unwrap()).unwrap();
        assert!(expected.len() > 20, "too few links: {expected:?}");
        let reached = tab_through(&mut tab, expected.len());
        assert_eq!(
            reached, expected,
            "at {width} px, Tab did not reach each element in order"
        );
    }
}

/// `/quotes/` lists each distinct passage once (a repeat for emphasis is marked on its post
/// only) and groups passages whose lead-in names a source without linking it by their
/// post, under the lead-in's words, instead of one "Other sources" bin.
#[test]
fn quotes_lists_distinct_passages_grouped_by_what_names_their_source() {
    let site = fixture();
    let page = site.html("quotes/index.html");
    let groups = common::texts(&page, ".quote-group > h2");
    assert_eq!(
        groups,
        [
            "the Riverside Ledger ledger.example",
            "Office of the City Clerk",
            "Quoted in “Everything the theme styles, in one post”",
            "An unsigned press release from the transit authority said",
            "An unsigned press release from the transit authority said",
            "Which the harbour master’s newsletter put differently",
        ]
    );
    // Four distinct passages in the long post (the fifth repeats the first), two in the
    // other; the repeat is not listed.
    assert_eq!(page.select(&common::sel("figure.quote")).count(), 6);
    assert_eq!(page.select(&common::sel("figure.quote.repeat")).count(), 0);
    let intro = common::texts(&page, ".page-intro").join(" ");
    assert!(
        intro.starts_with("6 passages quoted from 6 sources"),
        "{intro}"
    );
    // The post keeps and marks the repeat.
    let post = site.html("posts/everything/index.html");
    assert_eq!(post.select(&common::sel("figure.quote.repeat")).count(), 1);
    // Lists count distinct passages too.
    let home = site.html("index.html");
    let counts = common::texts(&home, ".quote-count");
    assert!(
        counts.contains(&"4 quoted passages".to_string()),
        "{counts:?}"
    );
}

/// The reading measure is about 65 characters of real text a line (`65ch` counts zeros,
/// which are wider than letters: it gave 78): at 1400 pixels, the paragraphs of the demo's
/// posts average between 55 and 72 characters a line.
#[test]
fn lines_of_a_post_hold_about_65_characters() {
    let (_dir, out) = demo();
    let server = StaticServer::start(&out);
    let mut browser = Browser::launch();
    let mut tab = browser.open("about:blank");
    tab.emulate(1400, 900, false);
    // Characters a line of each paragraph of two lines or more: its text over its lines.
    let mut counts: Vec<f64> = Vec::new();
    for post in [
        "tessera-3",
        "elm-street-weekends",
        "vessey-chart",
        "northline-redesign",
    ] {
        tab.navigate(&format!("{}posts/{post}/", server.url));
        let per_line = tab
            .eval(
                r#"(() => {
                const counts = [];
                for (const p of document.querySelectorAll(".e-content > p")) {
                    const lines = Math.round(p.getBoundingClientRect().height /
                        parseFloat(getComputedStyle(p).lineHeight));
                    if (lines >= 2) counts.push(p.textContent.trim().length / lines);
                }
                return counts;
            })()"#,
            )
            .unwrap();
        counts.extend(serde_json::from_value::<Vec<f64>>(per_line).unwrap());
    }
    assert!(counts.len() >= 10, "{counts:?}");
    let mean = counts.iter().sum::<f64>() / counts.len() as f64;
    assert!(
        (55.0..=72.0).contains(&mean),
        "{mean:.1} characters a line: {counts:?}"
    );
}

/// `/quotes/` as an index of sources and a source's pages (a blog past `[quotes]
/// one_page_max`) pass axe-core and the Nu Html Checker too. Only those pages are kept,
/// with the theme's styles, so the check costs three pages.
#[test]
fn quotes_as_an_index_and_a_source_page_pass_axe_and_the_nu_html_checker() {
    let site = common::fixture("theme");
    let config = std::fs::read_to_string(site.root.join("gloss.toml")).unwrap();
    site.write(
        "gloss.toml",
        format!("{config}\n[quotes]\none_page_max = 0\npaginate_by = 1\n"),
    );
    site.write(
        "content/posts/2026-04-05-ledger-again.md",
        "---\ntitle: The ledger again\ndate: 2026-04-05\n---\nA follow-up.\n\n\
         [The Riverside Ledger](https://ledger.example/2026/04/01/bridge-vote/) added:\n\n\
         > The vote was postponed for a second time on Friday.\n",
    );
    site.build();
    let out = site.public();
    for page in pages(&out) {
        if !page.starts_with("quotes/") {
            std::fs::remove_file(out.join(&page)).unwrap();
        }
    }
    let kept = pages(&out);
    assert_eq!(
        kept,
        [
            "quotes/index.html",
            "quotes/ledger-example-2026-04-01-bridge-vote/index.html",
            "quotes/ledger-example-2026-04-01-bridge-vote/page/2/index.html",
        ]
    );
    let found = axe_violations(&out);
    assert!(found.is_empty(), "axe-core found:\n{}", found.join("\n"));
    let errors = html_errors(&[&out]);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// The fixture with every feature in Arabic, right to left (`<html lang="ar" dir="rtl">`,
/// the theme's logical CSS mirrored): axe-core and the Nu Html Checker find nothing on
/// the home page and the posts. Only those pages are kept, so the check stays short.
#[test]
fn a_right_to_left_site_passes_axe_and_the_nu_html_checker() {
    let site = common::fixture("theme");
    let config = std::fs::read_to_string(site.root.join("gloss.toml")).unwrap();
    site.write("gloss.toml", format!("language = \"ar\"\n{config}"));
    site.build();
    let out = site.public();
    for page in pages(&out) {
        if !(page == "index.html"
            || page == "posts/everything/index.html"
            || page == "posts/ferries/index.html")
        {
            std::fs::remove_file(out.join(&page)).unwrap();
        }
    }
    let kept = pages(&out);
    assert!(kept.len() >= 3, "{kept:?}");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    let doc = scraper::Html::parse_document(&home);
    let html = doc.select(&common::sel("html")).next().unwrap();
    assert_eq!(html.value().attr("dir"), Some("rtl"));
    let found = axe_violations(&out);
    assert!(found.is_empty(), "axe-core found:\n{}", found.join("\n"));
    let errors = html_errors(&[&out]);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

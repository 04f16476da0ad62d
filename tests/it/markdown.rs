//! Markdown stage: one feature per fixture in `tests/fixtures/markdown/`, rendered and
//! snapshotted (HTML of the post's page, headings, links, diagnostics), and the default
//! theme's `highlight.css` kept equal to what the highlighter generates.

use std::fmt::Write as _;
use std::path::PathBuf;

use gloss::markdown::{self, Options, highlight};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Renders `tests/fixtures/markdown/NAME.md` and describes everything it gives back.
fn render_fixture(name: &str) -> String {
    let path = manifest_dir().join(format!("tests/fixtures/markdown/{name}.md"));
    let src = std::fs::read_to_string(&path).unwrap();
    let r = markdown::render(&src, &Options::default());
    let mut out = String::new();
    writeln!(out, "--- html").unwrap();
    out.push_str(&r.page_html());
    if let Some(summary) = r.summary.as_deref() {
        writeln!(out, "--- summary").unwrap();
        out.push_str(&markdown::resolve_marks(summary, "", true));
    }
    if !r.headings.is_empty() {
        writeln!(out, "--- headings").unwrap();
        for h in &r.headings {
            writeln!(out, "h{} #{} {:?}", h.level, h.id, h.text).unwrap();
        }
    }
    if !r.links.is_empty() {
        writeln!(out, "--- links").unwrap();
        for l in &r.links {
            let kind = if l.image { "image" } else { "link" };
            writeln!(out, "{}:{} {kind} {}", l.line, l.column, l.url).unwrap();
        }
    }
    if !r.diagnostics.is_empty() {
        writeln!(out, "--- diagnostics").unwrap();
        for d in &r.diagnostics {
            writeln!(out, "{d}").unwrap();
        }
    }
    out
}

macro_rules! fixture {
    ($test:ident, $name:literal) => {
        #[test]
        fn $test() {
            insta::assert_snapshot!($name, render_fixture($name));
        }
    };
}

fixture!(heading_ids, "headings");
fixture!(code_in_three_languages, "code");
fixture!(unknown_language, "unknown-language");
fixture!(shortcodes, "shortcodes");
fixture!(links_and_images, "links");
fixture!(summary, "summary");

/// `themes/default/static/highlight.css` is generated; this keeps it from drifting.
/// Run with `GLOSS_WRITE_HIGHLIGHT_CSS=1` to rewrite it after changing the generator.
#[test]
fn highlight_css_is_generated() {
    let path = manifest_dir().join("themes/default/static/highlight.css");
    let generated = highlight::stylesheet();
    if std::env::var_os("GLOSS_WRITE_HIGHLIGHT_CSS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap();
    assert!(
        committed == generated,
        "{} differs from highlight::stylesheet(); run `GLOSS_WRITE_HIGHLIGHT_CSS=1 cargo test --test it markdown::highlight_css` to rewrite it",
        path.display()
    );
}

/// Every colour in `highlight.css` reaches WCAG AA contrast (4.5:1) against its theme's
/// code background, in light and dark mode.
#[test]
fn highlight_css_meets_wcag_aa_contrast() {
    let css = highlight::stylesheet();
    let blocks: Vec<&str> = css.split("@media").skip(1).collect();
    assert_eq!(blocks.len(), 2, "a light and a dark block");
    for block in blocks {
        let background = declared(block, "background-color:")
            .next()
            .expect("the .hl-code rule comes first and sets the background");
        let mut checked = 0;
        for colour in declared(block, " color:") {
            let ratio = contrast(colour, background);
            assert!(
                ratio >= 4.5,
                "#{colour:06x} on #{background:06x} is {ratio:.2}:1 in {}",
                &block[..40]
            );
            checked += 1;
        }
        assert!(checked > 20, "only {checked} colours found");
    }
}

/// The hex colours declared after `property` in `css`, in order.
fn declared<'a>(css: &'a str, property: &'a str) -> impl Iterator<Item = u32> + 'a {
    css.match_indices(property).filter_map(move |(i, _)| {
        let hex = css[i + property.len()..].trim_start().strip_prefix('#')?;
        u32::from_str_radix(hex.get(..6)?, 16).ok()
    })
}

/// WCAG 2 contrast ratio of two sRGB colours.
fn contrast(a: u32, b: u32) -> f64 {
    fn luminance(c: u32) -> f64 {
        let channel = |shift: u32| {
            let v = f64::from((c >> shift) & 0xff) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

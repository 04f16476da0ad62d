//! What the fuzz targets run, shared by the libFuzzer targets (`fuzz_targets/`, nightly)
//! and the stable runner (`src/bin/fuzz-stable.rs`). Each function takes any bytes and
//! panics only when gloss breaks one of its promises: no panic on any input, and no id,
//! sidenote or URL mark left in the HTML it hands to templates.

use gloss::content::front_matter::{self, FrontMatter};
use gloss::markdown::{self, ID_MARK, Options, SIDENOTE_END, SIDENOTE_START, URL_END, URL_START};
use jiff::tz::TimeZone;

/// A fuzz target: any bytes in, a panic when a promise is broken.
pub type Target = fn(&[u8]);

/// The targets by name, for the stable runner.
pub const TARGETS: &[(&str, Target)] = &[("markdown", markdown), ("front_matter", front_matter)];

/// The Markdown stage: any UTF-8 text as a post's body (other bytes are read lossily, as
/// a file would be refused before reaching it).
pub fn markdown(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    // The first byte picks the options, so both settings are explored.
    let options = Options {
        smart_punctuation: data.first().is_some_and(|b| b & 1 == 0),
        highlight_code: data.first().is_some_and(|b| b & 2 == 0),
        ..Options::default()
    };
    let rendered = markdown::render(&text, &options);
    let page = url::Url::parse("https://example.org/blog/posts/a/").expect("a valid URL");
    let mut shown = vec![
        rendered.page_html(),
        rendered.embedded_html("post-"),
        rendered.embedded_summary("post-").unwrap_or_default(),
        rendered.feed_html("post-", &page),
    ];
    shown.extend(rendered.quotes.iter().map(|q| q.html.clone()));
    shown.extend(rendered.notices.iter().map(|n| n.html.clone()));
    shown.extend(rendered.footnotes.iter().map(|f| f.html.clone()));
    for html in shown {
        assert!(
            !html.contains([ID_MARK, SIDENOTE_START, SIDENOTE_END, URL_START, URL_END]),
            "a mark was left in the HTML"
        );
    }
}

/// A whole file as `content::load` reads it: decoding, control characters, the fences,
/// YAML or TOML, and the keys gloss knows (dates, updates, paths).
pub fn front_matter(data: &[u8]) {
    let Ok(text) = gloss::content::decode(data) else {
        return;
    };
    let (text, _) = gloss::content::replace_controls(text);
    let Ok(split) = front_matter::split(&text) else {
        return;
    };
    let Some(format) = split.format else {
        return;
    };
    let Ok(map) = front_matter::parse_map(format, split.front) else {
        return;
    };
    let (fm, _) = FrontMatter::from_map(map, &TimeZone::UTC, &|k| {
        front_matter::locate_key(split.front, k)
    });
    for path in fm.path.iter().chain(fm.aliases.iter()) {
        let _ = gloss::content::url_path_problem(path);
    }
}

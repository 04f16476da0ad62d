//! The Markdown stage on hostile shapes: 10,000 levels of nesting, on a 2 MiB thread (a
//! test thread's and rayon's default stack) and on an 8 MiB one (a main thread's).
//! Nothing may overflow the stack; the output must be HTML that parses.

use gloss::markdown::{self, Options, Rendered};

const LEVELS: usize = 10_000;

/// Renders `src` on a thread with `stack` bytes of stack.
fn render_on(stack: usize, src: String) -> Rendered {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || markdown::render(&src, &Options::default()))
        .unwrap()
        .join()
        .expect("the Markdown stage panicked")
}

fn both_stacks(src: &str) -> Rendered {
    let small = render_on(2 << 20, src.to_string());
    let large = render_on(8 << 20, src.to_string());
    assert_eq!(small.html, large.html);
    small
}

/// Checks that every element the Markdown stage wrote is closed in order (its HTML is
/// well-formed), with an explicit stack: html5ever's tree builder takes time quadratic
/// in the depth for nested lists, too slow for 10,000 levels in a debug build.
fn balanced(html: &str) {
    const VOID: &[&str] = &["br", "hr", "img", "input", "wbr", "col", "source"];
    let mut open: Vec<&str> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = &after[after.find("-->").expect("unclosed comment") + 3..];
            continue;
        }
        let end = rest.find('>').expect("unclosed tag");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let top = open
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(top, name.trim(), "</{name}> closes <{top}>");
            continue;
        }
        let name = tag.split([' ', '/']).next().unwrap_or_default();
        if !(tag.ends_with('/') || VOID.contains(&name)) {
            open.push(name);
        }
    }
    assert!(
        open.is_empty(),
        "never closed: {:?}",
        &open[..open.len().min(5)]
    );
}

fn parses(html: &str) -> scraper::Html {
    balanced(html);
    scraper::Html::parse_fragment(html)
}

#[test]
fn ten_thousand_nested_block_quotes() {
    let r = both_stacks(&format!("{} deep\n", ">".repeat(LEVELS)));
    balanced(&r.page_html());
    assert_eq!(r.page_html().matches("<blockquote").count(), LEVELS);
    assert!(r.page_html().contains("deep"));
}

#[test]
fn ten_thousand_nested_lists() {
    let r = both_stacks(&format!("{}x\n", "- ".repeat(LEVELS)));
    balanced(&r.page_html());
    assert_eq!(r.page_html().matches("<li>").count(), LEVELS);
}

#[test]
fn ten_thousand_nested_ordered_lists_and_quotes_mixed() {
    let r = both_stacks(&format!("{}x\n", "1. > ".repeat(LEVELS / 2)));
    balanced(&r.page_html());
}

#[test]
fn ten_thousand_nested_lists_by_indentation() {
    // Each level indented two more spaces: 10,000 lines; kept to 2,000 levels so the
    // input stays 4 MB rather than 100 MB.
    let mut src = String::new();
    for i in 0..2_000 {
        src.push_str(&"  ".repeat(i));
        src.push_str("- item\n");
    }
    let r = both_stacks(&src);
    balanced(&r.page_html());
}

#[test]
fn ten_thousand_nested_inline_spans() {
    let src = format!(
        "{}x{}\n\n{}x{}\n\n{}x{}\n",
        "*a ".repeat(LEVELS),
        " a*".repeat(LEVELS),
        "[".repeat(LEVELS),
        "](u)".repeat(LEVELS),
        "~~".repeat(LEVELS),
        "~~".repeat(LEVELS),
    );
    let r = both_stacks(&src);
    parses(&r.page_html());
}

#[test]
fn ten_thousand_nested_html_blocks() {
    let src = format!(
        "{}\n\ntext\n\n{}\n",
        "<div>".repeat(LEVELS),
        "</div>".repeat(LEVELS)
    );
    let r = both_stacks(&src);
    // The author's own HTML is passed through; it only has to come out whole.
    assert!(r.page_html().contains("text"));
}

#[test]
fn nested_quotes_holding_footnotes_alerts_and_updates() {
    let mut src = String::new();
    for i in 0..200 {
        let prefix = "> ".repeat(i);
        src.push_str(&format!(
            "{prefix}A claim.[^n{i}]\n{prefix}\n{prefix}> [!NOTE]\n{prefix}> Note {i}.\n{prefix}\n{prefix}**Update:** {i}\n{prefix}\n"
        ));
    }
    for i in 0..200 {
        src.push_str(&format!("\n[^n{i}]: Note {i}.\n"));
    }
    let r = both_stacks(&src);
    parses(&r.page_html());
}

/// A whole build, through the binary: its main thread has 8 MiB and Markdown is rendered
/// on rayon's threads.
#[test]
fn a_site_with_deeply_nested_posts_builds() {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("content/posts");
    std::fs::create_dir_all(&posts).unwrap();
    std::fs::write(
        posts.join("quotes.md"),
        format!("---\ntitle: Quotes\n---\n{} deep\n", ">".repeat(LEVELS)),
    )
    .unwrap();
    std::fs::write(
        posts.join("lists.md"),
        format!("---\ntitle: Lists\n---\n{}x\n", "- ".repeat(LEVELS)),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(["build", "--quiet", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for page in ["posts/quotes/index.html", "posts/lists/index.html"] {
        let html = std::fs::read_to_string(dir.path().join("public").join(page)).unwrap();
        assert!(html.contains("<article"), "{page}");
    }
}

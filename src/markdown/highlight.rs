//! Pass 6: syntax highlighting of fenced code.
//!
//! Takes the event stream and replaces each fenced code block that names a known language
//! with syntect's HTML, which marks tokens with CSS classes (prefix [`CLASS_PREFIX`]) rather
//! than inline colours, so the theme's `highlight.css` decides the colours (light and dark):
//!
//! ```html
//! <pre class="hl-code" tabindex="0"><code class="language-rust"><span class="hl-source hl-rust">…</span></code></pre>
//! ```
//!
//! The `<pre><code class="language-…">` shape is kept, so the code reads without CSS and
//! feed readers see ordinary code. The grammars are bat's (via two-face: TypeScript, TOML,
//! Dockerfile, modern Rust, …), loaded once per process and only when a page has fenced
//! code with a language. syntect stays behind this module: nothing else names it.
//!
//! Code with no language, a plain-text language (`text`, `plain`, `none`, …) or highlighting
//! turned off ([`Options::highlight_code`]) is left to the access pass (plain, escaped
//! `<pre tabindex="0"><code>`). `tabindex` lets the keyboard scroll a block wider than the page. An unknown language is left plain as well, with a warning naming the
//! fence's line in the body. This pass must not fail and touches nothing but code blocks.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use syntect::html::{ClassStyle, css_for_theme_with_class_style, line_tokens_to_classed_spans};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::{Options, Rendered, Spanned};
use crate::diagnostic::{Diagnostic, line_column};

/// The prefix of every CSS class the highlighter writes (`hl-keyword`, `hl-string`, …).
pub const CLASS_PREFIX: &str = "hl-";

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed {
    prefix: CLASS_PREFIX,
};

/// Language names that mean "plain text": left unhighlighted without a warning.
const PLAIN: [&str; 9] = [
    "text",
    "txt",
    "plain",
    "plaintext",
    "none",
    "nohighlight",
    "no-highlight",
    "output",
    "raw",
];

/// Names people write in fences that bat's grammars know under another name.
const ALIASES: [(&str, &str); 11] = [
    ("console", "bash"),
    ("shell", "bash"),
    ("shell-session", "bash"),
    ("zsh", "bash"),
    ("udiff", "diff"),
    ("patch", "diff"),
    ("jsonc", "json"),
    ("json5", "json"),
    ("golang", "go"),
    ("py", "python"),
    ("c++", "cpp"),
];

/// bat's grammars (two-face), read on first use.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// Replaces fenced code blocks in a known language with highlighted HTML.
///
/// `src` is the body the events came from (for the line of unknown-language warnings).
pub fn run<'a>(
    events: Vec<Spanned<'a>>,
    src: &str,
    options: &Options,
    out: &mut Rendered,
) -> Vec<Spanned<'a>> {
    if !options.highlight_code {
        return events;
    }
    let mut result = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        let lang = match &event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => language(info),
            _ => None,
        };
        let Some(lang) = lang else {
            result.push((event, range));
            continue;
        };
        // The block's text, up to its end.
        let mut inner = Vec::new();
        let mut code = String::new();
        let mut end = None;
        for (e, r) in iter.by_ref() {
            match &e {
                Event::End(TagEnd::CodeBlock) => {
                    end = Some((e, r));
                    break;
                }
                Event::Text(t) => code.push_str(t),
                _ => {}
            }
            inner.push((e, r));
        }
        let highlighted = match find_syntax(&lang) {
            Some(syntax) => highlight(&code, syntax),
            None => {
                let (line, column) = line_column(src, range.start);
                out.diagnostics.push(
                    Diagnostic::warning(
                        "",
                        format!(
                            "unknown language `{lang}` in fenced code; it is shown as plain text"
                        ),
                    )
                    .at(line, column)
                    .with_help(
                        "name a language syntect knows (e.g. `rust`, `ts`, `sh`, `yaml`), \
                         or `text` for plain text",
                    ),
                );
                None
            }
        };
        match highlighted {
            Some(html) => {
                let html = format!(
                    "<pre class=\"{CLASS_PREFIX}code\" tabindex=\"0\"><code class=\"language-{}\">{html}</code></pre>\n",
                    crate::html::escape(&lang)
                );
                result.push((Event::Html(CowStr::from(html)), range));
            }
            None => {
                result.push((event, range));
                result.extend(inner);
                if let Some(end) = end {
                    result.push(end);
                }
            }
        }
    }
    result
}

/// The language a fence's info string names, if it names one that is not plain text:
/// its first word, without rustdoc's `,attributes` or Pandoc's `{.lang}` braces.
fn language(info: &str) -> Option<String> {
    let word = info.split_whitespace().next()?;
    let word = word.trim_start_matches('{').trim_end_matches('}');
    let word = word.strip_prefix('.').unwrap_or(word);
    let word = word.split(',').next().unwrap_or(word).trim();
    if word.is_empty() || PLAIN.iter().any(|p| p.eq_ignore_ascii_case(word)) {
        return None;
    }
    Some(word.to_string())
}

/// The grammar for a fence's language, by file extension or name (case-insensitive).
fn find_syntax(lang: &str) -> Option<&'static SyntaxReference> {
    let set = &*SYNTAXES;
    let lang = ALIASES
        .iter()
        .find(|(alias, _)| alias.eq_ignore_ascii_case(lang))
        .map_or(lang, |(_, name)| name);
    set.find_syntax_by_token(lang)
}

/// The code as classed spans, or `None` if the grammar fails on it (then it stays plain).
///
/// What syntect's `ClassedHTMLGenerator` does, line by line: parse the line from the
/// parser's state, write its tokens as spans from the scope stack, and close the spans
/// left open at the end. A line's result depends only on the grammar, the line and those
/// two states, so each thread remembers it ([`LineCache`]) and a line met again in the
/// same state (a closing brace, a blank line, a common import) is not parsed again.
fn highlight(code: &str, syntax: &'static SyntaxReference) -> Option<String> {
    let set = &*SYNTAXES;
    let mut state = ParseState::new(syntax);
    let mut scopes = ScopeStack::new();
    let mut open_spans: isize = 0;
    let mut html = String::with_capacity(code.len() * 4);
    LINES.with_borrow_mut(|cache| {
        for line in LinesWithEndings::from(code) {
            let result = cache.line(syntax, line, &state, &scopes, || {
                let mut next_state = state.clone();
                let mut next_scopes = scopes.clone();
                let ops = next_state.parse_line(line, set).ok()?;
                let (html, delta) =
                    line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut next_scopes).ok()?;
                Some((html, delta, next_state, next_scopes))
            })?;
            html.push_str(&result.html);
            open_spans += result.delta;
            state = result.next_state.clone();
            scopes = result.next_scopes.clone();
        }
        Some(())
    })?;
    for _ in 0..open_spans {
        html.push_str("</span>");
    }
    Some(html)
}

/// Lines highlighted by this thread, by grammar, text and the states they started in.
/// Emptied when it holds [`LineCache::LIMIT`] lines, so it stays a few megabytes.
#[derive(Default)]
struct LineCache {
    lines: HashMap<u64, Vec<LineResult>>,
    len: usize,
}

/// One line highlighted from one parser state and scope stack.
struct LineResult {
    syntax: *const SyntaxReference,
    line: String,
    state: ParseState,
    scopes: ScopeStack,
    html: String,
    delta: isize,
    next_state: ParseState,
    next_scopes: ScopeStack,
}

thread_local! {
    static LINES: RefCell<LineCache> = RefCell::new(LineCache::default());
}

impl LineCache {
    const LIMIT: usize = 20_000;

    /// The result of highlighting `line` from `state` and `scopes`: remembered, or made
    /// by `highlight` and remembered.
    fn line(
        &mut self,
        syntax: &'static SyntaxReference,
        line: &str,
        state: &ParseState,
        scopes: &ScopeStack,
        highlight: impl FnOnce() -> Option<(String, isize, ParseState, ScopeStack)>,
    ) -> Option<&LineResult> {
        let mut hasher = DefaultHasher::new();
        std::ptr::hash(syntax, &mut hasher);
        line.hash(&mut hasher);
        let key = hasher.finish();
        let same = |r: &LineResult| {
            std::ptr::eq(r.syntax, syntax)
                && r.line == line
                && r.state == *state
                && r.scopes == *scopes
        };
        if let Some(i) = self.lines.get(&key).and_then(|v| v.iter().position(same)) {
            return self.lines.get(&key).map(|v| &v[i]);
        }
        let (html, delta, next_state, next_scopes) = highlight()?;
        if self.len >= Self::LIMIT {
            self.lines.clear();
            self.len = 0;
        }
        self.len += 1;
        let results = self.lines.entry(key).or_default();
        results.push(LineResult {
            syntax,
            line: line.to_string(),
            state: state.clone(),
            scopes: scopes.clone(),
            html,
            delta,
            next_state,
            next_scopes,
        });
        results.last()
    }
}

/// The stylesheet for the default theme: syntect's colours for a light and a dark theme,
/// each inside a `prefers-color-scheme` media query, for the classes this pass writes.
/// `themes/default/static/highlight.css` is this function's output (a test keeps them equal).
pub fn stylesheet() -> String {
    let themes = two_face::theme::extra();
    let mut css = String::from(
        "/* Syntax highlighting for fenced code: classes written by gloss's highlighter.\n \
         * Generated by gloss::markdown::highlight::stylesheet() from syntect themes\n \
         * (Coldark Cold, Coldark Dark; MIT, Armand Philippot); do not edit by hand. */\n\n",
    );
    for (media, name) in [
        ("light", two_face::theme::EmbeddedThemeName::ColdarkCold),
        ("dark", two_face::theme::EmbeddedThemeName::ColdarkDark),
    ] {
        let theme = themes.get(name);
        // Theme data is built into the binary, so a failure here is a bug in gloss.
        let body = css_for_theme_with_class_style(theme, CLASS_STYLE)
            .unwrap_or_else(|e| format!("/* {e} */\n"));
        css.push_str(&format!("@media (prefers-color-scheme: {media}) {{\n"));
        // syntect's own header comment is left out (ours names the themes) and its
        // uneven indentation evened out.
        let rules = body.find(" */").map_or(body.as_str(), |i| &body[i + 3..]);
        for line in rules.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let indent = if line.ends_with('{') || line == "}" {
                2
            } else {
                4
            };
            css.push_str(&" ".repeat(indent));
            css.push_str(line);
            css.push('\n');
        }
        css.push_str("}\n\n");
    }
    css.truncate(css.trim_end().len());
    css.push('\n');
    css
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::render;

    #[test]
    fn languages_from_info_strings() {
        assert_eq!(language("rust").as_deref(), Some("rust"));
        assert_eq!(language("rust,ignore").as_deref(), Some("rust"));
        assert_eq!(language("go {linenos=table}").as_deref(), Some("go"));
        assert_eq!(language("{.haskell}").as_deref(), Some("haskell"));
        assert_eq!(language(""), None);
        assert_eq!(language("text"), None);
        assert_eq!(language("Plain"), None);
    }

    #[test]
    fn common_fence_languages_are_known() {
        for lang in [
            "rust",
            "rs",
            "ts",
            "typescript",
            "js",
            "sh",
            "bash",
            "shell",
            "console",
            "yaml",
            "toml",
            "json",
            "html",
            "css",
            "scss",
            "cpp",
            "c",
            "java",
            "python",
            "go",
            "swift",
            "haskell",
            "xml",
            "diff",
            "udiff",
            "markdown",
            "dockerfile",
            "Dockerfile",
            "log",
        ] {
            assert!(find_syntax(lang).is_some(), "{lang} should be known");
        }
        assert!(find_syntax("no-such-language").is_none());
    }

    /// Grammars that fancy-regex cannot compile, which bat's set has with Oniguruma.
    #[test]
    fn grammars_needing_oniguruma_are_there() {
        for lang in ["powershell", "ps1", "sass", "livescript"] {
            assert!(find_syntax(lang).is_some(), "{lang} should be known");
        }
        assert_eq!(
            find_syntax("js").map(|s| s.name.as_str()),
            Some("JavaScript (Babel)")
        );
    }

    #[test]
    fn remembered_lines_give_what_syntect_gives() {
        use syntect::html::ClassedHTMLGenerator;
        let generated = |code: &str, syntax: &SyntaxReference| {
            let mut g = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
            for line in LinesWithEndings::from(code) {
                g.parse_html_for_line_which_includes_newline(line).unwrap();
            }
            g.finalize()
        };
        let blocks = [
            (
                "rust",
                "fn main() {\n    let s = \"}\n\";\n}\n/* open\n}\n*/\n}\n",
            ),
            ("rust", "}\n\n}\nfn f() {\n}\n"),
            (
                "python",
                "def f(x):\n    \"\"\"doc\n}\n\"\"\"\n    return x\n}\n",
            ),
            ("js", "const a = `\n}\n`;\n}\n// }\n"),
            ("html", "<script>\n}\n</script>\n}\n<style>\n}\n</style>\n"),
            ("sh", "cat <<EOF\n}\nEOF\n}\n"),
        ];
        // Twice over: the second round is served from the remembered lines.
        for _ in 0..2 {
            for (lang, code) in blocks {
                let syntax = find_syntax(lang).unwrap();
                assert_eq!(
                    highlight(code, syntax).unwrap(),
                    generated(code, syntax),
                    "{lang}: {code:?}"
                );
            }
        }
    }

    #[test]
    fn highlights_with_classes_and_keeps_code_semantics() {
        let r = render("```rust\nfn main() {}\n```\n", &Options::default());
        let html = r.page_html();
        assert!(
            html.starts_with(
                "<pre class=\"hl-code\" tabindex=\"0\"><code class=\"language-rust\"><span class=\"hl-source hl-rust\">"
            ),
            "{html}"
        );
        assert!(html.contains("<span class=\"hl-storage hl-type hl-function hl-rust\">fn</span>"));
        assert!(html.ends_with("</code></pre>\n"));
        assert!(r.diagnostics.is_empty());
    }

    #[test]
    fn code_is_escaped() {
        let html = render("```html\n<b>&amp;</b>\n```\n", &Options::default()).page_html();
        // Without the highlighter's spans, what is left is the escaped code.
        let mut text = String::new();
        let mut rest = html.as_str();
        while let Some(open) = rest.find('<') {
            text.push_str(&rest[..open]);
            rest = rest[open..].split_once('>').map_or("", |(_, after)| after);
        }
        text.push_str(rest);
        assert_eq!(text, "&lt;b&gt;&amp;amp;&lt;/b&gt;\n\n");
    }

    #[test]
    fn unknown_language_is_plain_with_a_warning() {
        let r = render(
            "Intro.\n\n- item\n\n  ```klingon\n  <qapla'>\n  ```\n",
            &Options::default(),
        );
        assert!(r.page_html().contains(
            "<pre tabindex=\"0\"><code class=\"language-klingon\">&lt;qapla'&gt;\n</code></pre>"
        ));
        assert_eq!(r.diagnostics.len(), 1);
        let d = &r.diagnostics[0];
        assert_eq!((d.line, d.column), (Some(5), Some(3)));
        assert!(d.message.contains("`klingon`"));
    }

    #[test]
    fn plain_and_unlabelled_code_is_left_alone_silently() {
        let r = render("```\na < b\n```\n\n```text\nx\n```\n", &Options::default());
        assert_eq!(
            r.page_html(),
            "<pre tabindex=\"0\"><code>a &lt; b\n</code></pre>\n<pre tabindex=\"0\"><code class=\"language-text\">x\n</code></pre>\n"
        );
        assert!(r.diagnostics.is_empty());
    }

    #[test]
    fn highlighting_can_be_turned_off() {
        let options = Options {
            highlight_code: false,
            ..Options::default()
        };
        let r = render(
            "```rust\nfn main() {}\n```\n\n```klingon\nx\n```\n",
            &options,
        );
        assert_eq!(
            r.page_html(),
            "<pre tabindex=\"0\"><code class=\"language-rust\">fn main() {}\n</code></pre>\n\
             <pre tabindex=\"0\"><code class=\"language-klingon\">x\n</code></pre>\n"
        );
        assert!(r.diagnostics.is_empty());
    }

    #[test]
    fn indented_code_is_not_highlighted() {
        let html = render("    fn main() {}\n", &Options::default()).page_html();
        assert_eq!(
            html,
            "<pre tabindex=\"0\"><code>fn main() {}\n</code></pre>\n"
        );
    }

    #[test]
    fn stylesheet_has_light_and_dark_rules() {
        let css = stylesheet();
        assert!(css.contains("@media (prefers-color-scheme: light) {\n  .hl-code {"));
        assert!(css.contains("@media (prefers-color-scheme: dark) {\n  .hl-code {"));
        assert!(css.contains(".hl-comment"));
    }
}

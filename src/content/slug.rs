//! Slugs: the URL-safe names of pages, sections and terms.
//!
//! Unicode-aware, as Hugo does: letters and digits of every script are kept (lowercased),
//! every run of other characters becomes one `-`, and leading or trailing `-` are dropped.
//! `Ünïcode Posts!` → `ünïcode-posts`; `日本語の投稿` → `日本語の投稿`. Browsers show such
//! paths as written and send them percent-encoded; static hosts serve them as files.

/// Makes a slug from a title, file name or term. Never empty: an input without any
/// letter or digit gives `-` replaced by `untitled`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if let Some(word) = spelled_out(&chars, i) {
            out.push('-');
            out.push_str(word);
            pending_dash = false;
        } else if c.is_alphanumeric() || c == '_' {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    if out.is_empty() {
        "untitled".to_string()
    } else {
        out
    }
}

/// `C++`, `C#` and `F#` name different things from `C` and `F`: a `+` or `#` that ends
/// a word is spelled out (`c-plus-plus`, `c-sharp`) instead of dropped, so that the tags
/// `C` and `C++` do not share one page. `a+b` and `#5` are left to the usual rule.
fn spelled_out(chars: &[char], i: usize) -> Option<&'static str> {
    let c = chars[i];
    if c != '+' && c != '#' {
        return None;
    }
    // The run of `+` (or the single `#`) must follow a letter or digit, or another `+`
    // of the same run, and must end the word.
    let mut start = i;
    while c == '+' && start > 0 && chars[start - 1] == '+' {
        start -= 1;
    }
    let after_word = start > 0 && chars[start - 1].is_alphanumeric();
    let mut end = i + 1;
    while c == '+' && end < chars.len() && chars[end] == '+' {
        end += 1;
    }
    let ends_word = chars
        .get(end)
        .is_none_or(|n| !n.is_alphanumeric() && *n != '#');
    match (after_word && ends_word, c) {
        (true, '+') => Some("plus"),
        (true, _) => Some("sharp"),
        _ => None,
    }
}

/// Cleans a slug given explicitly in front matter: keeps its characters but removes
/// path separators and whitespace runs, so it stays one URL segment.
pub fn clean_explicit(slug: &str) -> String {
    let s = slugify_keep(slug);
    if s.is_empty() {
        "untitled".to_string()
    } else {
        s
    }
}

fn slugify_keep(slug: &str) -> String {
    let mut out = String::new();
    let mut pending_dash = false;
    for c in slug.trim().chars() {
        if c.is_whitespace() || c == '/' || c == '\\' || c == '?' || c == '#' || c == '%' {
            pending_dash = true;
        } else {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_titles() {
        assert_eq!(
            slugify("Anthropic leases all of Colossus 1"),
            "anthropic-leases-all-of-colossus-1"
        );
        assert_eq!(
            slugify("  What if PageRank Was a Mistake?  "),
            "what-if-pagerank-was-a-mistake"
        );
        assert_eq!(
            slugify("Writing and Prestige-Building—A Reply"),
            "writing-and-prestige-building-a-reply"
        );
    }

    #[test]
    fn unicode_is_kept() {
        assert_eq!(slugify("Ünïcode Posts!"), "ünïcode-posts");
        assert_eq!(slugify("日本語の投稿"), "日本語の投稿");
        assert_eq!(slugify("مرحبا بالعالم"), "مرحبا-بالعالم");
    }

    #[test]
    fn empty_and_symbol_only() {
        assert_eq!(slugify(""), "untitled");
        assert_eq!(slugify("🎉 !!"), "untitled");
    }

    #[test]
    fn c_and_c_plus_plus_tags_get_different_pages() {
        // Regression: the tags `C++`, `C#` and `C` all slugged to `c`, one tag page.
        assert_eq!(slugify("C"), "c");
        assert_eq!(slugify("c++"), "c-plus-plus");
        assert_eq!(slugify("C#"), "c-sharp");
        assert_eq!(slugify("F#"), "f-sharp");
        assert_eq!(
            slugify("Adventures in Systems Programming: C++ local statics"),
            "adventures-in-systems-programming-c-plus-plus-local-statics"
        );
        // Not at the end of a word: the usual rule.
        assert_eq!(slugify("a+b"), "a-b");
        assert_eq!(slugify("Issue #5"), "issue-5");
        assert_eq!(slugify("+1"), "1");
        assert_eq!(slugify("x##"), "x");
    }

    #[test]
    fn explicit_slugs_stay_one_segment() {
        assert_eq!(clean_explicit("my/odd slug"), "my-odd-slug");
        assert_eq!(clean_explicit("Keep.Case"), "Keep.Case");
    }
}

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
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
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
    fn explicit_slugs_stay_one_segment() {
        assert_eq!(clean_explicit("my/odd slug"), "my-odd-slug");
        assert_eq!(clean_explicit("Keep.Case"), "Keep.Case");
    }
}

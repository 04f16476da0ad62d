//! Slugs: the URL-safe names of pages, sections and terms.
//!
//! Unicode-aware, as Hugo does: letters and digits of every script are kept (lowercased),
//! every run of other characters becomes one `-`, and leading or trailing `-` are dropped.
//! `Ünïcode Posts!` → `ünïcode-posts`; `日本語の投稿` → `日本語の投稿`. Browsers show such
//! paths as written and send them percent-encoded; static hosts serve them as files.
//!
//! Text is put in Unicode Normalization Form C first (UAX #15, with ICU4X's
//! `icu_normalizer`): macOS writes file names decomposed (NFD, `e` + U+0301), most
//! editors write titles and tags composed (NFC, `é`), and both must give one slug:
//! `café.md` and a tag `Résumé` typed on either.

use std::borrow::Cow;

/// `text` in Unicode Normalization Form C (borrowed when it already is, as nearly all
/// text is).
pub fn nfc(text: &str) -> Cow<'_, str> {
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(text)
}

/// Makes a slug from a title, file name or term. Never empty: an input without any
/// letter or digit gives `-` replaced by `untitled`.
pub fn slugify(text: &str) -> String {
    let text = nfc(text);
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

/// The slug of a taxonomy term: [`slugify`]'s, except for a name without any letter or
/// digit (`!!!`, `..`, `🎉`), which would slug to `untitled` and share one page with
/// every other such name. Its slug is `~` and the hexadecimal code points of its
/// characters (whitespace left out): `!!!` → `~21-21-21`, `..` → `~2e-2e`. A slug made
/// by [`slugify`] never holds `~`, so these never meet a word's slug, and `~` is left as
/// it is in a URL by every host.
pub fn term_slug(name: &str) -> String {
    let name = nfc(name);
    if name.chars().any(char::is_alphanumeric) || name.trim().is_empty() {
        return slugify(&name);
    }
    let points: Vec<String> = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| format!("{:x}", u32::from(c)))
        .collect();
    format!("~{}", points.join("-"))
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
    let s = slugify_keep(&nfc(slug));
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
    fn decomposed_and_composed_text_give_one_slug() {
        // As macOS writes file names: `e` followed by U+0301 COMBINING ACUTE ACCENT.
        assert_eq!(slugify("cafe\u{301}"), "café");
        assert_eq!(slugify("Re\u{301}sume\u{301}"), slugify("Résumé"));
        assert_eq!(slugify("Re\u{301}sume\u{301}"), "résumé");
        assert_eq!(term_slug("Re\u{301}sume\u{301}"), "résumé");
        assert_eq!(clean_explicit("cafe\u{301}"), "café");
    }

    #[test]
    fn symbol_only_terms_get_slugs_of_their_own() {
        assert_eq!(term_slug("!!!"), "~21-21-21");
        assert_eq!(term_slug(".."), "~2e-2e");
        assert_ne!(term_slug("!!!"), term_slug(".."));
        assert_eq!(term_slug("🎉"), "~1f389");
        assert_eq!(term_slug("Rust"), "rust");
        assert_eq!(term_slug("C++"), "c-plus-plus");
    }

    #[test]
    fn explicit_slugs_stay_one_segment() {
        assert_eq!(clean_explicit("my/odd slug"), "my-odd-slug");
        assert_eq!(clean_explicit("Keep.Case"), "Keep.Case");
    }
}

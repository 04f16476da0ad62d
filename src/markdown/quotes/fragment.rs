//! Deep links into a quote's source: `URL#:~:text=START,END` (the Text Fragments spec,
//! <https://wicg.github.io/scroll-to-text-fragment/>), so a reader following the link
//! lands on the quoted passage, highlighted, in the original.
//!
//! Takes the source URL and the quote's blocks as plain text; returns a URL. Pure.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Words taken from each end of a long quote.
pub(crate) const WORDS: usize = 4;

/// What a text directive term must percent-encode: everything but letters, digits and
/// `._~` — in particular `-`, `,` and `&`, which the directive's syntax reserves, and
/// spaces and non-ASCII letters, which URLs cannot hold as they are.
const TERM: &AsciiSet = &NON_ALPHANUMERIC.remove(b'.').remove(b'_').remove(b'~');

/// The source URL with a text fragment for a quote whose blocks (paragraphs, list items)
/// read `blocks`; `None` unless the URL is http(s) and the quote has words.
///
/// A quote of up to `2 × WORDS` words in one block is matched whole (`text=ALL`); a longer
/// one by its first words (in its first block) and last words (in its last block), since
/// a single term cannot match across blocks.
pub(crate) fn url(source: &str, blocks: &[&str]) -> Option<String> {
    let lower = source.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return None;
    }
    // Only the first and last blocks with words matter, and only a few words at their
    // ends: the blocks between are not split into words.
    let mut with_words = blocks
        .iter()
        .filter(|b| b.split_whitespace().next().is_some());
    let first = with_words.next()?;
    let last = with_words.next_back();
    let first_words: Vec<&str> = first.split_whitespace().take(2 * WORDS + 1).collect();
    let directive = if last.is_none() && first_words.len() <= 2 * WORDS {
        encode(&first_words)
    } else {
        let start = &first_words[..first_words.len().min(WORDS)];
        let mut end: Vec<&str> = last
            .unwrap_or(first)
            .split_whitespace()
            .rev()
            .take(WORDS)
            .collect();
        end.reverse();
        format!("{},{}", encode(start), encode(&end))
    };
    // An existing fragment stays: the directive follows it (`#section:~:text=…`).
    let joiner = if source.contains('#') { "" } else { "#" };
    Some(format!("{source}{joiner}:~:text={directive}"))
}

fn encode(words: &[&str]) -> String {
    utf8_percent_encode(&words.join(" "), TERM).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_quote_is_matched_whole() {
        assert_eq!(
            url("https://example.org/a", &["We’ve agreed, mostly."]).as_deref(),
            Some("https://example.org/a#:~:text=We%E2%80%99ve%20agreed%2C%20mostly.")
        );
    }

    #[test]
    fn long_quote_by_its_ends() {
        let u = url(
            "https://example.org/a",
            &[
                "In the short run the plan is odd, and well-known.",
                "It ends here - with a dash & more.",
            ],
        );
        assert_eq!(
            u.as_deref(),
            Some("https://example.org/a#:~:text=In%20the%20short%20run,a%20dash%20%26%20more.")
        );
    }

    #[test]
    fn long_single_block_and_blank_blocks() {
        let u = url(
            "https://example.org/a",
            &["", "one two three four five six seven eight nine", "  "],
        );
        assert_eq!(
            u.as_deref(),
            Some(
                "https://example.org/a#:~:text=one%20two%20three%20four,six%20seven%20eight%20nine"
            )
        );
        let u = url(
            "https://example.org/a",
            &["a b", "middle block words", "c d e f g"],
        );
        assert_eq!(
            u.as_deref(),
            Some("https://example.org/a#:~:text=a%20b,d%20e%20f%20g")
        );
    }

    #[test]
    fn reserved_characters_are_encoded() {
        let u = url("http://example.org/", &["well-known, a&b"]).unwrap();
        assert!(u.ends_with("text=well%2Dknown%2C%20a%26b"), "{u}");
    }

    #[test]
    fn existing_fragment_is_kept() {
        let u = url("https://example.org/a#part", &["Some words"]).unwrap();
        assert_eq!(u, "https://example.org/a#part:~:text=Some%20words");
    }

    #[test]
    fn only_web_sources() {
        assert_eq!(url("/posts/other/", &["Words here"]), None);
        assert_eq!(url("mailto:a@example.org", &["Words here"]), None);
        assert_eq!(url("https://example.org/", &[]), None);
    }
}

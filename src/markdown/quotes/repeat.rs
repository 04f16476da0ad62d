//! Repeated for emphasis: finding a later quote's words inside an earlier quote, and
//! which characters of which text events to `<mark>` there.
//!
//! Takes events and returns ranges; it does not rewrite the stream. Texts are compared
//! with whitespace, letter case and typographic quotes normalised (DESIGN §4), and a match
//! must start and end at word boundaries, so "art" is not found inside "start".

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::markdown::Spanned;
use crate::markdown::plain::is_block_end;

/// Fewest words a repeat must have, unless it is the whole earlier quote: shorter
/// phrases ("he said") recur by chance.
pub(crate) const MIN_WORDS: usize = 3;

/// A quote's text, normalised, and where it came from in the event stream.
///
/// Only the characters are kept: where each came from is worked out again by
/// [`Normalized::marks`] for the rare quote that holds a repeat, which keeps the common
/// case (no repeat) to one cheap walk.
#[derive(Debug, Clone, Default)]
pub(crate) struct Normalized {
    chars: Vec<char>,
    /// The events read: the quote's content.
    range: Range<usize>,
    /// Events left out: the attribution.
    skip: Option<Range<usize>>,
}

/// Where a normalised character came from: (event index, byte range of the source
/// character in its text; the whole code for a character of inline code), or `None` for
/// separators.
type Origin = Option<(usize, Range<usize>)>;

impl Normalized {
    /// Normalises the text events of `events[range]`, leaving out `skip` (the attribution)
    /// and footnote references and definitions.
    pub(crate) fn new(events: &[Spanned], range: Range<usize>, skip: Option<Range<usize>>) -> Self {
        let chars = normalize(events, range.clone(), skip.clone(), |_| {});
        Normalized { chars, range, skip }
    }

    /// The normalised text.
    #[cfg(test)]
    pub(crate) fn as_string(&self) -> String {
        self.chars.iter().collect()
    }

    fn words(&self) -> usize {
        self.chars
            .split(|c| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .count()
    }

    /// Where `later`'s whole text occurs in this text at word boundaries (char range).
    pub(crate) fn find(&self, later: &Normalized) -> Option<Range<usize>> {
        let needle = &later.chars;
        if needle.is_empty() || needle.len() > self.chars.len() {
            return None;
        }
        if later.words() < MIN_WORDS && needle != &self.chars {
            return None;
        }
        let boundary = |i: usize| {
            i == 0
                || i >= self.chars.len()
                || !(self.chars[i - 1].is_alphanumeric() && self.chars[i].is_alphanumeric())
        };
        (0..=self.chars.len() - needle.len())
            .find(|&s| {
                self.chars[s..s + needle.len()] == needle[..]
                    && boundary(s)
                    && boundary(s + needle.len())
            })
            .map(|s| s..s + needle.len())
    }

    /// The byte ranges to mark, per text or inline code event, for the char range
    /// `found`; `events` is the stream this text was made from.
    pub(crate) fn marks(
        &self,
        events: &[Spanned],
        found: Range<usize>,
    ) -> BTreeMap<usize, Range<usize>> {
        let mut origins: Vec<Origin> = Vec::with_capacity(self.chars.len() + 1);
        normalize(events, self.range.clone(), self.skip.clone(), |origin| {
            origins.push(origin);
        });
        let mut out: BTreeMap<usize, Range<usize>> = BTreeMap::new();
        for (event, bytes) in origins.get(found).unwrap_or_default().iter().flatten() {
            out.entry(*event)
                .and_modify(|r| {
                    r.start = r.start.min(bytes.start);
                    r.end = r.end.max(bytes.end);
                })
                .or_insert_with(|| bytes.clone());
        }
        out
    }
}

/// The normalised characters of the text events of `events[range]` (see
/// [`Normalized::new`]), calling `on_char` with the origin of each character kept, in
/// order (trailing spaces, dropped at the end, included).
fn normalize(
    events: &[Spanned],
    range: Range<usize>,
    skip: Option<Range<usize>>,
    mut on_char: impl FnMut(Origin),
) -> Vec<char> {
    let mut chars: Vec<char> = Vec::new();
    let mut push = |c: char, origin: Origin| {
        // Most text is ASCII: one lowercase character, no table lookups.
        if c.is_ascii_graphic() {
            chars.push(c.to_ascii_lowercase());
            on_char(origin);
            return;
        }
        if c.is_whitespace() {
            if chars.is_empty() || chars.last() == Some(&' ') {
                return;
            }
            chars.push(' ');
            on_char(origin);
            return;
        }
        let c = match c {
            '‘' | '’' | '‚' | '‛' | '′' => '\'',
            '“' | '”' | '„' | '‟' | '″' => '"',
            c => c,
        };
        for lower in c.to_lowercase() {
            chars.push(lower);
            on_char(origin.clone());
        }
    };
    let mut in_definition = 0usize;
    for i in range {
        if skip.as_ref().is_some_and(|s| s.contains(&i)) {
            continue;
        }
        match &events[i].0 {
            Event::Start(Tag::FootnoteDefinition(_)) => in_definition += 1,
            Event::End(TagEnd::FootnoteDefinition) => {
                in_definition = in_definition.saturating_sub(1);
            }
            _ if in_definition > 0 => {}
            Event::Text(t) => {
                for (at, c) in t.char_indices() {
                    push(c, Some((i, at..at + c.len_utf8())));
                }
            }
            // Inline code is marked whole when any of it is repeated.
            Event::Code(t) => {
                for c in t.chars() {
                    push(c, Some((i, 0..t.len())));
                }
            }
            Event::SoftBreak | Event::HardBreak => push(' ', None),
            Event::End(end) if is_block_end(end) => push(' ', None),
            _ => {}
        }
    }
    while chars.last() == Some(&' ') {
        chars.pop();
    }
    chars
}

/// Adds `range` to the marks of one text, merging overlaps, kept sorted.
pub(crate) fn add_mark(marks: &mut Vec<Range<usize>>, range: Range<usize>) {
    marks.push(range);
    marks.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(marks.len());
    for r in marks.drain(..) {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    *marks = merged;
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn norm(src: &str) -> (Vec<Spanned<'_>>, Normalized) {
        let events: Vec<Spanned> = crate::markdown::plain::merge_text(
            Parser::new_ext(src, Options::ENABLE_SMART_PUNCTUATION)
                .into_offset_iter()
                .collect(),
        );
        let n = Normalized::new(&events, 0..events.len(), None);
        (events, n)
    }

    #[test]
    fn normalises_space_case_and_quotes() {
        let (_, n) = norm("We’ve  SIGNED\nan “agreement”.\n\nNext.");
        assert_eq!(n.as_string(), "we've signed an \"agreement\". next.");
    }

    #[test]
    fn finds_at_word_boundaries_only() {
        let (_, a) = norm("The start of the art of it all.");
        let (_, b) = norm("art of it");
        assert_eq!(
            a.find(&b).map(|r| a.chars[r].iter().collect::<String>()),
            Some("art of it".into())
        );
        let (_, c) = norm("tart of it");
        assert_eq!(a.find(&c), None);
    }

    #[test]
    fn short_phrases_are_not_repeats() {
        let (_, a) = norm("He said no to it.");
        let (_, b) = norm("said no");
        assert_eq!(a.find(&b), None);
        let (_, c) = norm("He said  no to it.");
        assert!(a.find(&c).is_some());
    }

    #[test]
    fn marks_map_back_to_text_events() {
        let (events, a) = norm("One *two three* four five.");
        let (_, b) = norm("two three four");
        let found = a.find(&b).unwrap();
        let marks = a.marks(&events, found);
        let pieces: Vec<&str> = marks
            .iter()
            .map(|(i, r)| match &events[*i].0 {
                Event::Text(t) => &t[r.clone()],
                _ => "",
            })
            .collect();
        assert_eq!(pieces, ["two three", " four"]);
    }

    #[test]
    fn overlapping_marks_merge() {
        let mut m = Vec::new();
        add_mark(&mut m, 0..4);
        add_mark(&mut m, 2..8);
        add_mark(&mut m, 10..12);
        assert_eq!(m, vec![0..8, 10..12]);
    }
}

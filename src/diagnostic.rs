//! Diagnostics: problems found in a site's sources, with where they are and what to do.
//!
//! Content problems are collected, not returned at the first one, so that one run reports
//! them all. A build fails when any diagnostic is an [`Severity::Error`].

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The build goes on; the output may not be what the author meant.
    Warning,
    /// The build fails and leaves the previous output untouched.
    Error,
}

/// One problem, located in a source file where possible.
///
/// Lines and columns are 1-based and count characters (not bytes), as editors show them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// The file the problem is in, as the user named it (usually relative to the site root).
    pub path: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// 1-based column, when the problem has one.
    pub column: Option<usize>,
    /// Warning or error.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it, when gloss can tell.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error in `path`, without a position.
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, path, message)
    }

    /// A warning in `path`, without a position.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, path, message)
    }

    fn new(severity: Severity, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line: None,
            column: None,
            severity,
            message: message.into(),
            help: None,
        }
    }

    /// Sets the 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Sets the 1-based line only.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// Adds advice on what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:column: error: message` and, on the next line, `  help: …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, ": {label}: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Translates a byte offset in `text` into a 1-based (line, column) pair, counting
/// columns in characters.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1;
    let line_start = memchr::memrchr(b'\n', before.as_bytes()).map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The candidate nearest to `word`, for a "did you mean" hint; `None` when none is near.
///
/// Near is by optimal string alignment distance (a swap of two letters, `tilte`, is one
/// edit, as it is one slip of the fingers), letter case ignored: at most two edits and at
/// most one per three letters of `word`. A word of four letters or fewer must also start
/// with the candidate's first letter (`dat`, `tagz`), so that a short key of one's own
/// (`math`) is not offered a key that means something else (`path`). Of equally near
/// candidates the first wins: list the preferred names first.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    let letters = word.chars().count();
    candidates
        .into_iter()
        .filter(|c| letters > 4 || word.chars().next() == c.to_lowercase().chars().next())
        .map(|c| (strsim::osa_distance(&word, &c.to_lowercase()), c))
        .filter(|&(d, _)| d <= 2 && d * 3 <= letters)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Where each line of a text starts, for locating many offsets in one text: each
/// look-up is a binary search, where [`line_column`] scans from the start (a post with
/// thousands of links would take quadratic time).
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of each line's first byte; the first is 0.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text` (one pass).
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    /// The same 1-based (line, column) as [`line_column`], columns in characters.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        (line, column)
    }
}

/// The collected diagnostics of one run, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds many.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// The diagnostics, sorted by path, line, column (so output does not depend on thread
    /// timing), each once. One template error met while rendering many pages is one
    /// diagnostic naming the first page and how many others (see [`while_rendering`]),
    /// even when tera listed different available fields for different pages.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items.dedup();
        // Each kept diagnostic with how many others were merged into it. Merged ones
        // share its place, so they are among the kept ones of that place, which are
        // together in sorted order: look back only that far.
        let mut out: Vec<(Diagnostic, usize)> = Vec::with_capacity(self.items.len());
        let mut place_start = 0;
        for d in self.items {
            if out
                .get(place_start)
                .is_none_or(|(first, _)| !same_place(first, &d))
            {
                place_start = out.len();
            }
            match out[place_start..]
                .iter_mut()
                .find(|(kept, _)| same_but_page(kept, &d))
            {
                Some((kept, others)) => {
                    *others += 1;
                    // A name near the mistake on some page only (`related`, which a
                    // page outside a section has not): offer it all the same.
                    if suggestion(&kept.help).is_none() && suggestion(&d.help).is_some() {
                        kept.help = d.help;
                    }
                }
                None => out.push((d, 0)),
            }
        }
        out.into_iter()
            .map(|(mut d, others)| {
                finish_others(&mut d, others);
                d
            })
            .collect()
    }

    /// The diagnostics in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Ends a message about a template error met while rendering `page`; diagnostics that
/// differ only in it are merged by [`Diagnostics::sorted`].
pub fn while_rendering(page: &Path) -> String {
    format!("{WHILE_RENDERING}{})", page.display())
}

const WHILE_RENDERING: &str = " (while rendering ";

/// The message without its [`while_rendering`] part, when it has one.
fn without_page(message: &str) -> Option<&str> {
    message
        .rfind(WHILE_RENDERING)
        .filter(|_| message.ends_with(')'))
        .map(|i| &message[..i])
}

/// The message without its [`while_rendering`] part, and without the list of names tera
/// adds to an undefined field or variable (`. Available fields: …`): that list depends on
/// the page (a page outside a section has no `related`), the mistake does not.
fn without_page_or_names(message: &str) -> Option<&str> {
    without_page(message).map(|m| m.find(". Available ").map_or(m, |i| &m[..i]))
}

fn same_place(a: &Diagnostic, b: &Diagnostic) -> bool {
    (&a.path, a.line, a.column, a.severity) == (&b.path, b.line, b.column, b.severity)
}

/// A help's "did you mean `…`? " start and the rest of it; the start is `None` when the
/// help offers no name. The name offered for an undefined field is taken from tera's
/// list of names, which depends on the page as the list does.
fn suggestion(help: &Option<String>) -> Option<(&str, &str)> {
    let help = help.as_deref()?;
    let rest = help.strip_prefix("did you mean `")?;
    let end = rest.find("`? ")?;
    Some((&help[..DID_YOU_MEAN.len() + end + 3], &rest[end + 3..]))
}

const DID_YOU_MEAN: &str = "did you mean `";

/// A help without its [`suggestion`].
fn help_but_suggestion(help: &Option<String>) -> Option<&str> {
    suggestion(help).map_or(help.as_deref(), |(_, rest)| Some(rest))
}

fn same_but_page(a: &Diagnostic, b: &Diagnostic) -> bool {
    same_place(a, b)
        && help_but_suggestion(&a.help) == help_but_suggestion(&b.help)
        && without_page_or_names(&a.message)
            .is_some_and(|m| Some(m) == without_page_or_names(&b.message))
}

fn finish_others(d: &mut Diagnostic, others: usize) {
    if others > 0 {
        let page = if others == 1 { "page" } else { "pages" };
        d.message.pop();
        d.message.push_str(&format!(" and {others} other {page})"));
    }
}

/// A path shown relative to `root` when it lies below it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

impl Diagnostic {
    /// Moves a diagnostic found in a part of a file (a Markdown body starting at
    /// 1-based `first_line` of `path`) to its place in the whole file.
    pub fn relocate(mut self, path: &Path, first_line: usize) -> Self {
        self.path = path.to_path_buf();
        if let Some(line) = self.line.as_mut() {
            *line += first_line - 1;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters() {
        let text = "ab\n’cd\nx";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        // ’ is three bytes but one column.
        assert_eq!(line_column(text, 6), (2, 2));
        assert_eq!(line_column(text, text.len()), (3, 2));
    }

    #[test]
    fn line_index_agrees_with_line_column() {
        let text = "ab\n’cd\n\nx\r\ny";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            if text.is_char_boundary(offset.min(text.len())) {
                assert_eq!(
                    index.line_column(offset),
                    line_column(text, offset),
                    "{offset}"
                );
            }
        }
        assert_eq!(LineIndex::new("").line_column(0), (1, 1));
    }

    #[test]
    fn one_template_error_for_many_pages_is_reported_once() {
        let mut ds = Diagnostics::default();
        for page in ["content/b.md", "content/a.md", "content/c.md"] {
            ds.push(
                Diagnostic::error(
                    "templates/page.html",
                    format!("template error: x{}", while_rendering(Path::new(page))),
                )
                .at(3, 13),
            );
        }
        ds.push(Diagnostic::error("templates/page.html", "template error: y").at(3, 13));
        ds.push(
            Diagnostic::error(
                "templates/page.html",
                format!(
                    "template error: x{}",
                    while_rendering(Path::new("content/a.md"))
                ),
            )
            .at(4, 1),
        );
        let messages: Vec<String> = ds.sorted().into_iter().map(|d| d.to_string()).collect();
        assert_eq!(
            messages,
            [
                "templates/page.html:3:13: error: template error: x (while rendering content/a.md and 2 other pages)",
                "templates/page.html:3:13: error: template error: y",
                "templates/page.html:4:1: error: template error: x (while rendering content/a.md)",
            ]
        );
    }

    #[test]
    fn one_undefined_field_is_one_error_whatever_fields_each_page_has() {
        let mut ds = Diagnostics::default();
        for (page, fields) in [
            ("content/a.md", "content, related, title"),
            ("content/b.md", "content, title"),
            ("content/c.md", "content, related, title"),
        ] {
            ds.push(
                Diagnostic::error(
                    "templates/page.html",
                    format!(
                        "template error: Field `titel` is not defined. Available fields: {fields}{}",
                        while_rendering(Path::new(page))
                    ),
                )
                .at(2, 29),
            );
        }
        ds.push(
            Diagnostic::error(
                "templates/page.html",
                format!(
                    "template error: Field `nme` is not defined. Available fields: content, title{}",
                    while_rendering(Path::new("content/a.md"))
                ),
            )
            .at(2, 29),
        );
        let messages: Vec<String> = ds.sorted().into_iter().map(|d| d.to_string()).collect();
        assert_eq!(
            messages,
            [
                "templates/page.html:2:29: error: template error: Field `nme` is not defined. Available fields: content, title (while rendering content/a.md)",
                "templates/page.html:2:29: error: template error: Field `titel` is not defined. Available fields: content, related, title (while rendering content/a.md and 2 other pages)",
            ]
        );
    }

    #[test]
    fn an_undefined_field_near_a_name_on_some_pages_only_is_one_error_offering_it() {
        let help = "see docs/templates.md for the variables each template receives";
        let mut ds = Diagnostics::default();
        for (page, fields, help) in [
            ("content/about.md", "content, date, title", help.to_string()),
            (
                "content/posts/a.md",
                "content, related, title",
                format!("did you mean `related`? {help}"),
            ),
        ] {
            ds.push(
                Diagnostic::error(
                    "templates/page.html",
                    format!(
                        "template error: Field `relatd` is not defined. Available fields: {fields}{}",
                        while_rendering(Path::new(page))
                    ),
                )
                .at(2, 29)
                .with_help(help),
            );
        }
        let messages: Vec<String> = ds.sorted().into_iter().map(|d| d.to_string()).collect();
        assert_eq!(
            messages,
            [format!(
                "templates/page.html:2:29: error: template error: Field `relatd` is not defined. Available fields: content, date, title (while rendering content/about.md and 1 other page)\n  help: did you mean `related`? {help}"
            )]
        );
    }

    #[test]
    fn did_you_mean_offers_near_keys_only() {
        let keys = ["title", "date", "tags", "path", "base_url", "description"];
        for (word, near) in [
            ("tilte", Some("title")),
            ("Title", Some("title")),
            ("dat", Some("date")),
            ("tagz", Some("tags")),
            ("base_ulr", Some("base_url")),
            ("descripton", Some("description")),
            // Short keys of one's own, and far ones.
            ("math", None),
            ("mood", None),
            ("colour", None),
            ("x", None),
        ] {
            assert_eq!(did_you_mean(word, keys), near, "{word}");
        }
    }

    #[test]
    fn display_names_file_line_column_and_help() {
        let d = Diagnostic::error("content/a.md", "bad date")
            .at(3, 7)
            .with_help("write YYYY-MM-DD");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:7: error: bad date\n  help: write YYYY-MM-DD"
        );
    }
}

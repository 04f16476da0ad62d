//! Edit: the changes `gloss new` and `gloss update` make to source files.
//!
//! Pure text functions ([`new_post`], [`add_update`]) take a file's text and return the
//! new text; they insert and replace only what they must, so the rest of the file stays
//! byte for byte (line endings, a byte order mark, comments, key order). Two writers put
//! the result on disk atomically: [`write_new`] never replaces a file, [`replace`] swaps a
//! file for its new version with a rename in the same folder, so a crash leaves either the
//! old file or the new one.

use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::ZonedDateTime as Zoned;
use pulldown_cmark::{Event, Parser, Tag};

use crate::content::front_matter::{self, Format};
use crate::diagnostic::Diagnostic;

/// The text of a new post: YAML front matter with `title`, `date` and `draft`, then an
/// empty body.
pub(crate) fn new_post(title: &str, date: &Zoned, draft: bool) -> String {
    format!(
        "---\ntitle: {}\ndate: {}\ndraft: {draft}\n---\n\n",
        yaml_string(title),
        date.strftime("%Y-%m-%dT%H:%M:%S%:z")
    )
}

/// A YAML double-quoted string (newlines folded to spaces).
pub(crate) fn yaml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.split_whitespace().collect::<Vec<_>>().join(" ").chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The date of an update, in the two forms it is written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UpdateDate {
    /// After `> [!UPDATE]`: `2026-11-28 17:40` (site time zone) or `2026-11-28`.
    pub notice: String,
    /// The `updated` front matter value: `2026-11-28T17:40:12-06:00` or `2026-11-28`.
    pub front: String,
}

impl UpdateDate {
    /// A moment in the zone it carries (the site's): the notice to the minute, `updated`
    /// to the second, since `gloss new` writes `date` to the second and an `updated`
    /// cut to the minute could fall before it.
    pub(crate) fn at(z: &Zoned) -> Self {
        UpdateDate {
            notice: z.strftime("%Y-%m-%d %H:%M").to_string(),
            front: z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        }
    }

    /// A calendar day, without a time.
    pub(crate) fn day(z: &Zoned) -> Self {
        let d = z.strftime("%Y-%m-%d").to_string();
        UpdateDate {
            notice: d.clone(),
            front: d,
        }
    }
}

/// Whether [`add_update`] moves the post's `updated` front matter key to the update's
/// date. The caller decides, since it reads the dates: `updated` only ever moves forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Updated {
    /// Set `updated` to the update's date.
    Moves,
    /// Leave the front matter as it is (the post's `updated` is later already, or the
    /// update is dated before the post).
    Stays,
}

/// Adds a dated update notice to a post and, with [`Updated::Moves`], sets its `updated`
/// front matter key.
///
/// `text` is the whole file. The notice (`> [!UPDATE] DATE` and the note, quoted) goes
/// after the last block of the body, before the footnote definitions that end it, as a
/// paragraph of its own. `updated` (or `lastmod`, when the file uses that name) gets the
/// date; a missing key is added after `date` (YAML or TOML; before any TOML table), and a
/// file without front matter gets YAML front matter holding only `updated`. Everything
/// else is kept byte for byte; new lines use the file's line ending (CRLF stays CRLF).
///
/// A body that ends inside a fenced code block never closed (CommonMark runs it to the
/// end of the file) gets its closing fence first, so that the notice is not written into
/// the code: the page shows the code as before. A body ending inside another block that
/// would swallow the notice (an HTML comment never closed) is refused.
///
/// Errors: an empty note; front matter that is never closed; a body whose end would
/// swallow the notice.
pub(crate) fn add_update(
    text: &str,
    date: &UpdateDate,
    note: &str,
    updated: Updated,
) -> Result<String, Diagnostic> {
    let note_lines: Vec<&str> = note.lines().map(str::trim_end).collect();
    if note_lines.iter().all(|l| l.is_empty()) {
        return Err(Diagnostic::error("", "the update note is empty")
            .with_help("write what changed: gloss update PATH \"Corrected the date\""));
    }
    let (bom, text) = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => ("\u{FEFF}", rest),
        None => ("", text),
    };
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let split = front_matter::split(text)?;
    let body_start = split.body.as_ptr() as usize - text.as_ptr() as usize;

    // The body with the notice inserted.
    let body = split.body;
    let at = notice_offset(body);
    let (before, after) = body.split_at(at);
    let mut new_body = String::with_capacity(body.len() + 100);
    new_body.push_str(before);
    if let Some(fence) = unclosed_fence(before) {
        if !new_body.ends_with('\n') {
            new_body.push_str(eol);
        }
        new_body.push_str(&fence);
        new_body.push_str(eol);
    }
    if !new_body.trim().is_empty() {
        if !before.ends_with('\n') {
            new_body.push_str(eol);
        }
        // The notice needs a blank line before it, or it would continue a paragraph.
        let last_line = new_body
            .strip_suffix('\n')
            .unwrap_or(&new_body)
            .rsplit('\n')
            .next()
            .unwrap_or("");
        if !last_line.trim().is_empty() {
            new_body.push_str(eol);
        }
    }
    let notice_at = new_body.len();
    new_body.push_str(&format!("> [!UPDATE] {}{eol}", date.notice));
    let first = note_lines.iter().position(|l| !l.is_empty()).unwrap_or(0);
    let last = note_lines.iter().rposition(|l| !l.is_empty()).unwrap_or(0);
    for line in &note_lines[first..=last] {
        if line.is_empty() {
            new_body.push_str(&format!(">{eol}"));
        } else {
            new_body.push_str(&format!("> {line}{eol}"));
        }
    }
    if !after.is_empty() {
        new_body.push_str(eol);
    }
    new_body.push_str(after);
    if !starts_a_block_quote(&new_body, notice_at) {
        return Err(Diagnostic::error(
            "",
            "the end of this post is inside a block that is never closed (such as an HTML comment `<!--` without `-->`), so the update notice would not show; the file was left as it was",
        )
        .with_help("close the block at the end of the post, then run gloss update again"));
    }

    // The front matter with `updated` set.
    let head = match (split.format, updated) {
        (_, Updated::Stays) => text[..body_start].to_string(),
        (None, Updated::Moves) => format!("---{eol}updated: {}{eol}---{eol}", date.front),
        (Some(format), Updated::Moves) => {
            let front_start = split.front.as_ptr() as usize - text.as_ptr() as usize;
            let front = set_updated(split.front, format, &date.front, eol);
            format!(
                "{}{front}{}",
                &text[..front_start],
                &text[front_start + split.front.len()..body_start]
            )
        }
    };
    Ok(format!("{bom}{head}{new_body}"))
}

/// The closing fence for a fenced code block that `text` ends inside (the last top-level
/// block opens a fence and no line closes it), such as "```" or "~~~~".
fn unclosed_fence(text: &str) -> Option<String> {
    let options = crate::markdown::cmark_options(&crate::markdown::Options::default());
    let mut depth = 0usize;
    let mut last_fenced = None;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    last_fenced = matches!(
                        tag,
                        Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(_))
                    )
                    .then_some(range);
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ if depth == 0 => last_fenced = None,
            _ => {}
        }
    }
    let range = last_fenced?;
    let block = &text[range];
    let opening = block.lines().next()?.trim_start();
    let mark = opening.chars().next()?;
    let width = opening.chars().take_while(|c| *c == mark).count();
    let closed = block.lines().count() > 1
        && block.lines().last().is_some_and(|line| {
            let line = line.trim();
            line.chars().count() >= width && line.chars().all(|c| c == mark)
        });
    // A fence never closed runs to the end of the text, so it is the last block.
    (!closed).then(|| mark.to_string().repeat(width))
}

/// Whether a top-level block quote starts at byte `at` of `body` (the notice written
/// there is read as one).
fn starts_a_block_quote(body: &str, at: usize) -> bool {
    let options = crate::markdown::cmark_options(&crate::markdown::Options::default());
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 && range.start == at {
                    return matches!(tag, Tag::BlockQuote(_));
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if range.start > at {
            return false;
        }
    }
    false
}

/// Where in `body` the notice goes: the start of the line of the first footnote
/// definition in the run of definitions that ends the body, else the end.
fn notice_offset(body: &str) -> usize {
    let mut depth = 0usize;
    let mut blocks: Vec<(bool, usize)> = Vec::new();
    // The options a build reads posts with, so that the blocks found are the ones built.
    let options = crate::markdown::cmark_options(&crate::markdown::Options::default());
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    blocks.push((matches!(tag, Tag::FootnoteDefinition(_)), range.start));
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            // Top-level leaves (a rule, raw HTML blocks are Start/End) end a run too.
            _ if depth == 0 => blocks.push((false, range.start)),
            _ => {}
        }
    }
    let mut at = None;
    for (is_note, start) in blocks.iter().rev() {
        if *is_note {
            at = Some(*start);
        } else {
            break;
        }
    }
    match at {
        Some(start) => body[..start].rfind('\n').map_or(0, |i| i + 1),
        None => body.len(),
    }
}

/// Sets `updated` (or an existing `lastmod`) in front matter text, keeping other lines.
fn set_updated(front: &str, format: Format, value: &str, eol: &str) -> String {
    let sep = match format {
        Format::Yaml => ':',
        Format::Toml => '=',
    };
    let lines: Vec<&str> = front.split_inclusive('\n').collect();
    let key_line = |key: &str| {
        lines.iter().position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(sep))
        })
    };
    // A TOML table header ends the top-level keys.
    let top_end = match format {
        Format::Toml => lines
            .iter()
            .position(|l| l.trim_start().starts_with('['))
            .unwrap_or(lines.len()),
        Format::Yaml => lines.len(),
    };
    let found = ["updated", "lastmod"]
        .iter()
        .find_map(|k| key_line(k).filter(|&i| i < top_end).map(|i| (i, *k)));
    let mut out = String::with_capacity(front.len() + 40);
    match found {
        Some((i, key)) => {
            // Lines after it that continue its value (YAML block values are indented).
            let mut end = i + 1;
            let line = lines[i];
            let after_key = &line[key.len()..];
            let sep_at = after_key.find(sep).unwrap_or(0);
            let value_part = &after_key[sep_at + 1..];
            let value_empty = value_part.split('#').next().unwrap_or("").trim().is_empty();
            if format == Format::Yaml && value_empty {
                while end < lines.len()
                    && (lines[end].starts_with(' ') || lines[end].starts_with('\t'))
                {
                    end += 1;
                }
            }
            for l in &lines[..i] {
                out.push_str(l);
            }
            out.push_str(&replace_value(line, key.len() + sep_at + 1, value, eol));
            for l in &lines[end..] {
                out.push_str(l);
            }
        }
        None => {
            let date = key_line("date").filter(|&i| i < top_end);
            let insert_at = match (date, format) {
                (Some(i), Format::Yaml) => {
                    let mut j = i + 1;
                    while j < lines.len()
                        && (lines[j].starts_with(' ') || lines[j].starts_with('\t'))
                    {
                        j += 1;
                    }
                    j
                }
                (Some(i), Format::Toml) => i + 1,
                (None, _) => top_end,
            };
            let spacer = match format {
                Format::Yaml => ": ",
                Format::Toml => " = ",
            };
            for l in &lines[..insert_at] {
                out.push_str(l);
            }
            if !out.is_empty() && !out.ends_with('\n') {
                out.push_str(eol);
            }
            out.push_str(&format!("updated{spacer}{value}{eol}"));
            for l in &lines[insert_at..] {
                out.push_str(l);
            }
        }
    }
    out
}

/// `line` with the value after byte `value_at` replaced by `value`, keeping the space
/// before it, its quotes, a trailing comment and the line ending.
fn replace_value(line: &str, value_at: usize, value: &str, eol: &str) -> String {
    let (head, rest) = line.split_at(value_at);
    let ending = if rest.ends_with("\r\n") {
        "\r\n"
    } else if rest.ends_with('\n') {
        "\n"
    } else {
        ""
    };
    let rest = &rest[..rest.len() - ending.len()];
    let lead = &rest[..rest.len() - rest.trim_start().len()];
    let lead = if lead.is_empty() { " " } else { lead };
    let old = rest.trim_start();
    let (quote, tail) = match old.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let close = old[1..].find(q).map_or(old.len(), |i| i + 2);
            (Some(q), &old[close.min(old.len())..])
        }
        _ => (None, old.find(" #").map_or("", |i| &old[i..])),
    };
    let value = match quote {
        Some(q) => format!("{q}{value}{q}"),
        None => value.to_string(),
    };
    let ending = if ending.is_empty() { eol } else { ending };
    format!("{head}{lead}{value}{tail}{ending}")
}

/// A temporary file name beside `path`: `.NAME.gloss-tmp-PID`.
fn temp_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.gloss-tmp-{}", std::process::id()))
}

fn write_temp(temp: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::File::create(temp)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Writes a new file at `path`, atomically, and never over an existing file.
///
/// Errors: `AlreadyExists` when `path` exists; any I/O error. On error nothing is left
/// behind.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "the file already exists",
        ));
    }
    let temp = temp_beside(path);
    write_temp(&temp, bytes).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })?;
    // A hard link fails when the name is taken, so a file made meanwhile is not replaced.
    let linked = std::fs::hard_link(&temp, path);
    let _ = std::fs::remove_file(&temp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => {
            // File systems without hard links: create_new still never replaces a file.
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)?;
            f.write_all(bytes)?;
            f.sync_all()
        }
    }
}

/// Replaces the file at `path` with `bytes`: written to a temporary file in the same
/// folder (keeping the file's permissions), then renamed over it. A symbolic link is
/// followed, so the link stays a link.
///
/// Errors: any I/O error; the original file is then untouched.
pub(crate) fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let path = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&path)?.permissions();
    let temp = temp_beside(&path);
    let result = write_temp(&temp, bytes)
        .and_then(|()| std::fs::set_permissions(&temp, permissions))
        .and_then(|()| std::fs::rename(&temp, &path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> UpdateDate {
        UpdateDate {
            notice: "2026-11-28 17:40".into(),
            front: "2026-11-28T17:40:00-06:00".into(),
        }
    }

    #[test]
    fn update_in_the_same_minute_as_new_is_not_before_the_posts_date() {
        let tz = jiff::tz::TimeZone::UTC;
        let at = crate::content::date::parse("2026-11-29T19:59:17+00:00", &tz).unwrap();
        let post = new_post("T", &at, false);
        let out = add_update(&post, &UpdateDate::at(&at), "Added a link.", Updated::Moves).unwrap();
        let value = |key: &str| {
            let line = out.lines().find(|l| l.starts_with(key)).unwrap();
            crate::content::date::parse(&line[key.len()..], &tz).unwrap()
        };
        let (date, updated) = (value("date: "), value("updated: "));
        assert!(updated.timestamp() >= date.timestamp(), "{out}");
        assert!(out.contains("> [!UPDATE] 2026-11-29 19:59\n"), "{out}");
    }

    #[test]
    fn yaml_strings_are_escaped() {
        assert_eq!(yaml_string("A \"b\" \\ c:\nd"), "\"A \\\"b\\\" \\\\ c: d\"");
    }

    #[test]
    fn notice_goes_before_trailing_footnotes_and_updated_after_date() {
        let text =
            "---\ntitle: A\ndate: 2026-11-01\n---\n\nText.[^1]\n\n[^1]: A note.\n    More of it.\n";
        let out = add_update(text, &day(), "Fixed a name.", Updated::Moves).unwrap();
        assert_eq!(
            out,
            "---\ntitle: A\ndate: 2026-11-01\nupdated: 2026-11-28T17:40:00-06:00\n---\n\nText.[^1]\n\n> [!UPDATE] 2026-11-28 17:40\n> Fixed a name.\n\n[^1]: A note.\n    More of it.\n"
        );
    }

    #[test]
    fn appends_at_the_end_without_footnotes_and_a_final_newline() {
        let out = add_update(
            "---\ntitle: A\n---\nText.",
            &day(),
            "One.\n\nTwo.",
            Updated::Moves,
        )
        .unwrap();
        assert_eq!(
            out,
            "---\ntitle: A\nupdated: 2026-11-28T17:40:00-06:00\n---\nText.\n\n> [!UPDATE] 2026-11-28 17:40\n> One.\n>\n> Two.\n"
        );
    }

    #[test]
    fn existing_updated_is_replaced_keeping_quotes_and_comment() {
        let out = add_update(
            "---\nupdated: \"2020-01-01\" # old\ntitle: A\n---\nText.\n",
            &day(),
            "N.",
            Updated::Moves,
        )
        .unwrap();
        assert!(
            out.starts_with("---\nupdated: \"2026-11-28T17:40:00-06:00\" # old\ntitle: A\n---\n"),
            "{out}"
        );
        let out = add_update(
            "---\nlastmod: 2020-01-01\n---\nText.\n",
            &day(),
            "N.",
            Updated::Moves,
        )
        .unwrap();
        assert!(
            out.starts_with("---\nlastmod: 2026-11-28T17:40:00-06:00\n---\n"),
            "{out}"
        );
    }

    #[test]
    fn toml_key_goes_before_tables() {
        let text = "+++\ntitle = \"A\"\n[taxonomies]\ntags = [\"x\"]\n+++\nText.\n";
        let out = add_update(text, &day(), "N.", Updated::Moves).unwrap();
        assert!(
            out.starts_with(
                "+++\ntitle = \"A\"\nupdated = 2026-11-28T17:40:00-06:00\n[taxonomies]\n"
            ),
            "{out}"
        );
        let split = front_matter::split(&out).unwrap();
        let map = front_matter::parse_map(Format::Toml, split.front).unwrap();
        assert_eq!(map["updated"], "2026-11-28T17:40:00-06:00");
        assert_eq!(map["taxonomies"]["tags"][0], "x");
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let text = "---\r\ntitle: A\r\n---\r\n\r\nText.[^n]\r\n\r\n[^n]: Note.\r\n";
        let out = add_update(text, &day(), "N.", Updated::Moves).unwrap();
        assert_eq!(
            out,
            "---\r\ntitle: A\r\nupdated: 2026-11-28T17:40:00-06:00\r\n---\r\n\r\nText.[^n]\r\n\r\n> [!UPDATE] 2026-11-28 17:40\r\n> N.\r\n\r\n[^n]: Note.\r\n"
        );
        assert!(!out.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn files_without_front_matter_get_some() {
        let out = add_update("\u{FEFF}Text.\n", &day(), "N.", Updated::Moves).unwrap();
        assert_eq!(
            out,
            "\u{FEFF}---\nupdated: 2026-11-28T17:40:00-06:00\n---\nText.\n\n> [!UPDATE] 2026-11-28 17:40\n> N.\n"
        );
    }

    #[test]
    fn footnotes_in_the_middle_do_not_move_the_notice() {
        let text = "A.[^1]\n\n[^1]: Note.\n\nLast paragraph.\n";
        let out = add_update(text, &day(), "N.", Updated::Moves).unwrap();
        assert!(
            out.ends_with("Last paragraph.\n\n> [!UPDATE] 2026-11-28 17:40\n> N.\n"),
            "{out}"
        );
    }

    #[test]
    fn a_body_ending_inside_an_unclosed_fence_gets_it_closed_first() {
        for (fence, body) in [
            ("```", "Text.\n\n```rust\nlet x = 1;\n"),
            ("```", "Text.\n\n```\nno newline at the end"),
            ("~~~~", "~~~~\n```\ninner\n```\n"),
        ] {
            let text = format!("---\ntitle: A\n---\n{body}");
            let out = add_update(&text, &day(), "Fixed.", Updated::Moves).unwrap();
            let body = front_matter::split(&out).unwrap().body;
            let r = crate::markdown::render(body, &crate::markdown::Options::default());
            assert_eq!(r.notices.len(), 1, "{body:?} gave {out:?}");
            assert!(
                out.contains(&format!("\n{fence}\n\n> [!UPDATE]")),
                "{out:?}"
            );
        }
        // A closed fence is left alone.
        let out = add_update(
            "---\ntitle: A\n---\n```\nx\n```\n",
            &day(),
            "Fixed.",
            Updated::Moves,
        )
        .unwrap();
        assert!(out.contains("```\nx\n```\n\n> [!UPDATE]"), "{out:?}");
    }

    #[test]
    fn a_body_ending_inside_an_unclosed_comment_is_refused() {
        let e = add_update(
            "---\ntitle: A\n---\nText.\n\n<!-- a note\n",
            &day(),
            "Fixed.",
            Updated::Moves,
        )
        .unwrap_err();
        assert!(e.message.contains("never closed"), "{e}");
    }

    #[test]
    fn a_notice_that_leaves_updated_changes_only_the_body() {
        for text in [
            "---\ntitle: A\nupdated: 2027-01-01 # later\n---\nText.\n",
            "\u{FEFF}+++\r\ntitle = \"A\"\r\n+++\r\nText.\r\n",
            "Text.\n",
        ] {
            let out = add_update(text, &day(), "Old.", Updated::Stays).unwrap();
            let at = out.find("Text.").unwrap();
            assert_eq!(&out[..at], &text[..text.find("Text.").unwrap()], "{out}");
            assert!(out.contains("> [!UPDATE] 2026-11-28 17:40"), "{out}");
        }
    }

    #[test]
    fn empty_notes_are_refused() {
        assert!(add_update("Text.\n", &day(), " \n ", Updated::Moves).is_err());
    }

    #[test]
    fn write_new_never_replaces() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("a.md");
        write_new(&p, b"one").unwrap();
        let e = write_new(&p, b"two").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        replace(&p, b"three").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"three");
        assert_eq!(
            std::fs::read_dir(t.path()).unwrap().count(),
            1,
            "a temp file was left"
        );
    }
}

//! Data files: JSON, TOML, YAML and CSV read into plain values for templates, as
//! `site.data` (every file under `data/`, keyed by file stem) and `load_data(path=…)`.
//!
//! Takes a file's text and its format, returns a `serde_json::Value`; reads no templates
//! and makes no HTML. A file that does not parse is an error located at its line and
//! column. CSV gives a list of rows, each a map from the header row's names to the
//! row's strings.

use std::path::Path;

use serde_json::Value;

use crate::diagnostic::Diagnostic;

/// The folder of the site's data files, under the site root.
pub const DIR: &str = "data";

/// A data file's format, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.json`
    Json,
    /// `.toml`
    Toml,
    /// `.yaml`, `.yml`
    Yaml,
    /// `.csv`
    Csv,
}

impl Format {
    /// The format of a file by its extension (any case), if it is a data file.
    pub fn of(path: &Path) -> Option<Format> {
        Format::named(&path.extension()?.to_string_lossy())
    }

    /// The format of this name (`json`, `toml`, `yaml`, `yml`, `csv`; any case).
    pub fn named(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "toml" => Some(Format::Toml),
            "yaml" | "yml" => Some(Format::Yaml),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// Parses a data file's text.
///
/// Errors: the parser's message at the line and column it gives, with `path` (as it is
/// shown) and what to do.
pub fn parse(path: &Path, text: &str, format: Format) -> Result<Value, Diagnostic> {
    let located = |d: Diagnostic, what: &str| {
        let message = d
            .message
            .replace(
                &format!("invalid {what} front matter"),
                &format!("invalid {what}"),
            )
            .replace("the front matter", "the file");
        Diagnostic {
            path: path.to_path_buf(),
            message: format!("this data file does not parse: {message}"),
            ..d
        }
    };
    match format {
        Format::Json => serde_json::from_str(text).map_err(|e| {
            Diagnostic::error(path, format!("this data file does not parse: invalid JSON: {e}"))
                .at(e.line().max(1), e.column().max(1))
                .with_help("fix the JSON at that place: keys and strings in double quotes, no comma after the last item")
        }),
        Format::Toml => crate::content::front_matter::parse_map(
            crate::content::front_matter::Format::Toml,
            text,
        )
        .map(Value::Object)
        .map_err(|d| {
            located(d, "TOML").with_help("fix the TOML at that place: strings need quotes (name = \"Ada\")")
        }),
        Format::Yaml => crate::content::front_matter::yaml_document(text)
            .map_err(|d| located(d, "YAML")),
        Format::Csv => csv_rows(path, text),
    }
}

/// Rows of a CSV file with a header row, each a map of the header's names to strings.
fn csv_rows(path: &Path, text: &str) -> Result<Value, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let failed = |e: csv::Error| {
        let line = e.position().map_or(1, |p| p.line() as usize);
        let why = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => format!("this row has {len} field(s), the header row {expected_len}"),
            _ => e.to_string(),
        };
        Diagnostic::error(path, format!("this data file does not parse: invalid CSV: {why}"))
            .at_line(line)
            .with_help("give every row as many comma-separated fields as the header row; quote a field holding a comma (\"Paris, France\")")
    };
    let headers = reader.headers().map_err(failed)?.clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(failed)?;
        let row: serde_json::Map<String, Value> = headers
            .iter()
            .zip(record.iter())
            .map(|(h, v)| (h.to_string(), Value::String(v.to_string())))
            .collect();
        rows.push(Value::Object(row));
    }
    Ok(Value::Array(rows))
}

/// Reads every data file under `root/data/` (in sub-folders too: `data/a/b.json` is
/// `a.b`), keyed by file stem. Files of other types are left out.
///
/// Errors: each file that cannot be read or parsed, and two files of one stem
/// (`team.toml` and `team.json`).
pub fn load_dir(root: &Path) -> Result<serde_json::Map<String, Value>, Vec<Diagnostic>> {
    let dir = root.join(DIR);
    let mut data = serde_json::Map::new();
    let mut errors = Vec::new();
    if !dir.is_dir() {
        return Ok(data);
    }
    let mut seen: std::collections::HashMap<Vec<String>, std::path::PathBuf> =
        std::collections::HashMap::new();
    let files = walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file());
    for entry in files {
        let path = entry.path();
        let Some(format) = Format::of(path) else {
            continue;
        };
        let shown = crate::diagnostic::display_path(root, path);
        let Ok(rel) = path.strip_prefix(&dir) else {
            continue;
        };
        if rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        {
            continue;
        }
        let mut keys: Vec<String> = rel
            .parent()
            .into_iter()
            .flat_map(Path::components)
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        keys.push(
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
        if let Some(other) = seen.get(&keys) {
            errors.push(
                Diagnostic::error(
                    &shown,
                    format!(
                        "this data file and {} are both `site.data.{}`",
                        other.display(),
                        keys.join(".")
                    ),
                )
                .with_help("rename or remove one of them"),
            );
            continue;
        }
        seen.insert(keys.clone(), shown.clone());
        let text = match std::fs::read(path) {
            Ok(bytes) => match crate::content::decode(&bytes) {
                Ok(text) => text,
                Err(d) => {
                    errors.push(d.relocate(&shown, 1));
                    continue;
                }
            },
            Err(e) => {
                errors.push(Diagnostic::error(
                    &shown,
                    format!("cannot read this data file: {e}"),
                ));
                continue;
            }
        };
        match parse(&shown, &text, format) {
            Ok(value) => insert(&mut data, &keys, value),
            Err(d) => errors.push(d),
        }
    }
    match errors.is_empty() {
        true => Ok(data),
        false => Err(errors),
    }
}

/// Puts `value` at `keys` (folders, then the file stem) in `data`, making maps on the
/// way; a folder named like a file's stem holds that file's keys too.
fn insert(data: &mut serde_json::Map<String, Value>, keys: &[String], value: Value) {
    let Some((last, folders)) = keys.split_last() else {
        return;
    };
    let mut map = data;
    for folder in folders {
        let slot = map
            .entry(folder.clone())
            .or_insert_with(|| Value::Object(serde_json::Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(serde_json::Map::new());
        }
        let Value::Object(inner) = slot else {
            return;
        };
        map = inner;
    }
    map.insert(last.clone(), value);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str, format: Format) -> Result<Value, String> {
        parse(Path::new("data/x"), text, format).map_err(|d| d.to_string())
    }

    #[test]
    fn each_format_gives_plain_values() {
        assert_eq!(
            parsed("{\"a\": [1, 2]}", Format::Json).unwrap(),
            serde_json::json!({"a": [1, 2]})
        );
        assert_eq!(
            parsed("name = \"Ada\"\nborn = 1815-12-10\n", Format::Toml).unwrap(),
            serde_json::json!({"name": "Ada", "born": "1815-12-10"})
        );
        assert_eq!(
            parsed("- a\n- b: 1\n", Format::Yaml).unwrap(),
            serde_json::json!(["a", {"b": 1}])
        );
        assert_eq!(
            parsed("name,city\nAda,London\n\"Bo, Jr\",Paris\n", Format::Csv).unwrap(),
            serde_json::json!([{"name": "Ada", "city": "London"}, {"name": "Bo, Jr", "city": "Paris"}])
        );
    }

    #[test]
    fn errors_are_located_in_the_file() {
        let e = parsed("{\n  \"a\": 1,\n}", Format::Json).unwrap_err();
        assert!(
            e.starts_with("data/x:3:1: error: this data file does not parse: invalid JSON"),
            "{e}"
        );
        let e = parsed("a = 1\nb = \n", Format::Toml).unwrap_err();
        assert!(e.starts_with("data/x:2:"), "{e}");
        assert!(
            e.contains("invalid TOML: ") && !e.contains("front matter"),
            "{e}"
        );
        let e = parsed("a: [1\nb: 2\n", Format::Yaml).unwrap_err();
        assert!(
            e.contains("invalid YAML: ") && !e.contains("front matter"),
            "{e}"
        );
        let e = parsed("a,b\n1,2\n3\n", Format::Csv).unwrap_err();
        assert!(e.starts_with("data/x:3: error: this data file does not parse: invalid CSV: this row has 1 field(s), the header row 2"), "{e}");
    }
}

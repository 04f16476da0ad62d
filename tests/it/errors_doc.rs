//! docs/errors.md lists every diagnostic gloss can print: the fixed start of each
//! message given to `Diagnostic::error` or `Diagnostic::warning` in the sources must
//! appear in it, so a new message cannot be added without its entry.

use std::path::Path;

/// The message templates in `source` (outside its tests): the string literal that is the
/// second argument of `Diagnostic::error(…)` / `Diagnostic::warning(…)`, directly or as
/// the first argument of `format!`.
fn messages(source: &str) -> Vec<String> {
    let code = source.split("#[cfg(test)]").next().unwrap_or(source);
    let mut out = Vec::new();
    for call in ["Diagnostic::error(", "Diagnostic::warning("] {
        for (at, _) in code.match_indices(call) {
            let args = &code[at + call.len()..];
            // Skip the first argument: to the comma at depth 0, outside string literals.
            let mut depth = 0i32;
            let mut in_string = false;
            let mut escaped = false;
            let mut comma = None;
            for (i, c) in args.char_indices() {
                match c {
                    _ if escaped => escaped = false,
                    '\\' if in_string => escaped = true,
                    '"' => in_string = !in_string,
                    '(' | '[' | '{' if !in_string => depth += 1,
                    ')' | ']' | '}' if !in_string => {
                        depth -= 1;
                        if depth < 0 {
                            break;
                        }
                    }
                    ',' if !in_string && depth == 0 => {
                        comma = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let Some(comma) = comma else { continue };
            let rest = args[comma + 1..].trim_start();
            let rest = rest.strip_prefix("format!(").map_or(rest, str::trim_start);
            let Some(literal) = rest.strip_prefix('"') else {
                continue;
            };
            let mut text = String::new();
            let mut chars = literal.chars();
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' => {
                        if let Some(next) = chars.next() {
                            text.push(next);
                        }
                    }
                    _ => text.push(c),
                }
            }
            out.push(text);
        }
    }
    out
}

#[test]
fn every_diagnostic_has_an_entry_in_docs_errors_md() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/errors.md")).unwrap();
    let mut checked = 0;
    let mut missing = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("src")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(entry.path()).unwrap();
        for message in messages(&source) {
            // The fixed start, up to the first placeholder.
            let fixed = message.split('{').next().unwrap_or_default().trim();
            if fixed.len() < 8 {
                continue;
            }
            checked += 1;
            if !doc.contains(fixed) {
                let file = entry.path().strip_prefix(root).unwrap().display();
                missing.push(format!("{file}: {fixed}"));
            }
        }
    }
    assert!(
        checked > 50,
        "only {checked} messages found: is the parser broken?"
    );
    assert!(
        missing.is_empty(),
        "messages without an entry in docs/errors.md:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_message_parser_reads_both_call_shapes() {
    let src = r#"
        let a = Diagnostic::error(path.join("x"), "a fixed message").at(1, 1);
        let b = Diagnostic::warning(
            &shown,
            format!("a {kind} message, \"quoted\""),
        );
        #[cfg(test)]
        Diagnostic::error("", "in a test");
    "#;
    assert_eq!(
        messages(src),
        ["a fixed message", "a {kind} message, \"quoted\""]
    );
}

//! HTML escaping: gloss's one escaper, pulldown-cmark-escape (the one pulldown-cmark
//! writes its own HTML with), so that text gloss writes is escaped as the text around it.
//!
//! [`escape`] is right anywhere: element content and quoted attribute values.
//! [`escape_text`] is for element content only, as pulldown-cmark writes text. Takes
//! strings, returns strings; knows nothing of Markdown or pages.

/// Escapes `s` for element content or a quoted attribute value: `&`, `<`, `>`, `"`, `'`.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// Escapes `s` for element content (not attributes): `&`, `<` and `>`.
pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_text(&mut out, s);
    out
}

/// Appends `s` to `out`, escaped as [`escape_text`] does.
pub(crate) fn push_text(out: &mut String, s: &str) {
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html_body_text(out, s);
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_keeps_quotes_and_escape_escapes_them() {
        assert_eq!(
            super::escape_text(r#"a < b & "c" 'd'"#),
            r#"a &lt; b &amp; "c" 'd'"#
        );
        assert_eq!(
            super::escape(r#"a < b & "c" 'd'"#),
            "a &lt; b &amp; &quot;c&quot; &#39;d&#39;"
        );
    }
}

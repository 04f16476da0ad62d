//! Reading one shortcode tag: which call form it is, its name, and its arguments.
//!
//! The forms (docs/shortcodes.md):
//!
//! - gloss's own, as Zola writes them: `{{ name(key="value", n=3, on=true) }}` inline and
//!   `{% name(key="value") %}` … `{% end %}` around a body; arguments are named, and
//!   their values are strings (in `"`, `'` or backticks), integers, floats or booleans;
//! - Hugo's `{{< name … >}}` and `{{% name … %}}`, closed by `{{< /name >}}`, or
//!   self-closed `{{< name … />}}`;
//! - Jekyll's Liquid tags `{% name … %}`, closed by `{% endname %}`.
//!
//! Hugo and Jekyll arguments are words separated by spaces, each positional (`abc`,
//! `"a b"`) or named (`key=value`, `key="a b"`); their values are strings, but for a bare
//! `true` or `false`. The escapes `{{</* name */>}}`, `{{%/* name */%}}`, `{{/* name() */}}`
//! and `{%/* name() */%}` show the tag itself, as Hugo and Zola do.

/// An argument's value.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Arg {
    /// `true` or `false`.
    Bool(bool),
    /// An integer (Zola's form only).
    Int(i64),
    /// A number with a fraction (Zola's form only).
    Float(f64),
    /// A string.
    Str(String),
}

impl Arg {
    /// The value as text (`3`, `true`, the string itself).
    pub fn text(&self) -> String {
        match self {
            Arg::Bool(b) => b.to_string(),
            Arg::Int(i) => i.to_string(),
            Arg::Float(f) => f.to_string(),
            Arg::Str(s) => s.clone(),
        }
    }
}

/// How a tag is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// `{{ name(…) }}`.
    ZolaInline,
    /// `{% name(…) %}`, always with a body up to `{% end %}`.
    ZolaBlock,
    /// `{{< name … >}}` or `{{% name … %}}`.
    Hugo,
    /// `{% name … %}`.
    Jekyll,
}

/// One tag, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tag<'a> {
    /// A call, or the opening tag of a call with a body.
    Open {
        /// The shortcode's name.
        name: &'a str,
        /// How it is written.
        form: Form,
        /// The argument text, not yet read (see [`args`]).
        args: &'a str,
        /// Hugo's `{{< name />}}`: no body follows.
        self_closed: bool,
    },
    /// `{% end %}` (name empty), `{{< /name >}}` or `{% endname %}`.
    Close {
        /// The name closed (empty for Zola's `{% end %}`).
        name: &'a str,
        /// How it is written.
        form: Form,
    },
    /// An escaped tag: the text to show instead.
    Escaped(String),
    /// Something else: another template tag, or text.
    Other,
}

/// Reads `text`, the whole tag as found by [`super::scan::find`] of that `kind`.
pub(crate) fn tag(text: &str, kind: super::scan::Kind) -> Tag<'_> {
    use super::scan::Kind;
    match kind {
        Kind::Hugo => {
            let (open, close) = if text.starts_with("{{<") {
                ("{{<", ">}}")
            } else {
                ("{{%", "%}}")
            };
            let inner = &text[3..text.len() - 3];
            if let Some(shown) = escaped(inner) {
                return Tag::Escaped(format!("{open}{shown}{close}"));
            }
            let inner = inner.trim();
            if let Some(rest) = inner.strip_prefix('/') {
                return Tag::Close {
                    name: rest.trim(),
                    form: Form::Hugo,
                };
            }
            let end = inner.find(char::is_whitespace).unwrap_or(inner.len());
            let (name, rest) = inner.split_at(end);
            let (name, mut rest, mut self_closed) = match name.strip_suffix('/') {
                Some(n) => (n, rest, true),
                None => (name, rest, false),
            };
            if let Some(r) = rest.trim_end().strip_suffix('/') {
                rest = r;
                self_closed = true;
            }
            if !is_name(name) {
                return Tag::Other;
            }
            Tag::Open {
                name,
                form: Form::Hugo,
                args: rest.trim(),
                self_closed,
            }
        }
        Kind::Tag => {
            let inner = &text[2..text.len() - 2];
            if let Some(shown) = escaped(inner) {
                return Tag::Escaped(format!("{{%{shown}%}}"));
            }
            // Liquid's whitespace control: `{%- name -%}`.
            let inner = inner.strip_prefix('-').unwrap_or(inner);
            let inner = inner.strip_suffix('-').unwrap_or(inner).trim();
            if inner == "end" {
                return Tag::Close {
                    name: "",
                    form: Form::ZolaBlock,
                };
            }
            let end = inner.find(|c: char| !name_char(c)).unwrap_or(inner.len());
            let (name, rest) = inner.split_at(end);
            if !is_name(name) {
                return Tag::Other;
            }
            if let Some(args) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
                return Tag::Open {
                    name,
                    form: Form::ZolaBlock,
                    args,
                    self_closed: false,
                };
            }
            if rest.is_empty()
                && let Some(closed) = name.strip_prefix("end")
                && !closed.is_empty()
            {
                return Tag::Close {
                    name: closed,
                    form: Form::Jekyll,
                };
            }
            if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
                return Tag::Other;
            }
            Tag::Open {
                name,
                form: Form::Jekyll,
                args: rest.trim(),
                self_closed: false,
            }
        }
        Kind::Output => {
            let inner = &text[2..text.len() - 2];
            if let Some(shown) = escaped(inner) {
                return Tag::Escaped(format!("{{{{{shown}}}}}"));
            }
            let inner = inner.trim();
            let end = inner.find(|c: char| !name_char(c)).unwrap_or(inner.len());
            let (name, rest) = inner.split_at(end);
            match rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
                Some(args) if is_name(name) => Tag::Open {
                    name,
                    form: Form::ZolaInline,
                    args,
                    self_closed: true,
                },
                _ => Tag::Other,
            }
        }
    }
}

/// The tag inside `/* … */`, for an escaped tag.
fn escaped(inner: &str) -> Option<&str> {
    inner.strip_prefix("/*")?.strip_suffix("*/")
}

fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn is_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') && name.chars().all(name_char)
}

/// Arguments read from a tag: named ones in order, and positional ones.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Args {
    /// `key=value` pairs, in the order written.
    pub named: Vec<(String, Arg)>,
    /// Values without a name (Hugo and Jekyll forms), in order.
    pub positional: Vec<Arg>,
}

impl Args {
    /// The value named `key`.
    pub fn get(&self, key: &str) -> Option<&Arg> {
        self.named.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value named `key` as text.
    pub fn text(&self, key: &str) -> Option<String> {
        self.get(key).map(Arg::text)
    }
}

/// Reads the argument text of a tag written in `form`.
///
/// Errors: a sentence saying what could not be read (an unclosed quote, a Zola argument
/// without a name or a value).
pub(crate) fn args(text: &str, form: Form) -> Result<Args, String> {
    match form {
        Form::ZolaInline | Form::ZolaBlock => zola_args(text),
        Form::Hugo | Form::Jekyll => word_args(text),
    }
}

/// `key="value", n=3, on=true` (commas optional, as Zola allows).
fn zola_args(text: &str) -> Result<Args, String> {
    let mut out = Args::default();
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        if rest.is_empty() {
            return Ok(out);
        }
        let end = rest.find(|c: char| !name_char(c)).unwrap_or(rest.len());
        let key = &rest[..end];
        if !is_name(key) {
            return Err(format!(
                "expected an argument name at `{}`",
                super::scan::shorten(rest, 20)
            ));
        }
        rest = rest[end..].trim_start();
        let Some(after) = rest.strip_prefix('=') else {
            return Err(format!("the argument `{key}` has no `=value`"));
        };
        rest = after.trim_start();
        let (value, after) = match quoted(rest)? {
            Some((s, after)) => (Arg::Str(s), after),
            None => {
                let end = rest
                    .find(|c: char| c.is_whitespace() || c == ',')
                    .unwrap_or(rest.len());
                let word = &rest[..end];
                let value = match word {
                    "true" => Arg::Bool(true),
                    "false" => Arg::Bool(false),
                    _ => {
                        if let Ok(i) = word.parse::<i64>() {
                            Arg::Int(i)
                        } else if let Ok(f) = word.parse::<f64>()
                            && f.is_finite()
                        {
                            Arg::Float(f)
                        } else {
                            return Err(format!(
                                "the value of `{key}` must be a quoted string, a number, true or false, not `{word}`"
                            ));
                        }
                    }
                };
                (value, &rest[end..])
            }
        };
        out.named.push((key.to_string(), value));
        rest = after;
    }
}

/// `abc "a b" key=value key="a b"`.
fn word_args(text: &str) -> Result<Args, String> {
    let mut out = Args::default();
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return Ok(out);
        }
        if let Some((s, after)) = quoted(rest)? {
            out.positional.push(Arg::Str(s));
            rest = after;
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '=')
            .unwrap_or(rest.len());
        let word = &rest[..end];
        match rest[end..].strip_prefix('=') {
            Some(after) if is_name(word) => {
                let (value, after) = match quoted(after)? {
                    Some((s, after)) => (Arg::Str(s), after),
                    None => {
                        let end = after.find(char::is_whitespace).unwrap_or(after.len());
                        (bare(&after[..end]), &after[end..])
                    }
                };
                out.named.push((word.to_string(), value));
                rest = after;
            }
            _ => {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                out.positional.push(bare(&rest[..end]));
                rest = &rest[end..];
            }
        }
    }
}

/// A bare word's value: `true`/`false` are booleans, anything else a string.
fn bare(word: &str) -> Arg {
    match word {
        "true" => Arg::Bool(true),
        "false" => Arg::Bool(false),
        _ => Arg::Str(word.to_string()),
    }
}

/// A string in `"…"` (with `\"` and `\\` escapes), `'…'` or backticks at the start of
/// `text`, and the text after it; `None` when `text` starts with no quote.
fn quoted(text: &str) -> Result<Option<(String, &str)>, String> {
    let Some(quote) = text
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))
    else {
        return Ok(None);
    };
    let mut out = String::new();
    let mut chars = text[1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => match chars.next() {
                Some((_, n @ ('"' | '\\'))) => out.push(n),
                Some((_, n)) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            },
            c if c == quote => return Ok(Some((out, &text[1 + i + 1..]))),
            c => out.push(c),
        }
    }
    Err(format!(
        "the string `{}` is never closed",
        super::scan::shorten(text, 20)
    ))
}

#[cfg(test)]
mod tests {
    use super::super::scan::Kind;
    use super::*;

    fn s(v: &str) -> Arg {
        Arg::Str(v.to_string())
    }

    #[test]
    fn zola_inline_call() {
        let t = tag(
            r#"{{ youtube(id="abc", n=3, big=true, r=1.5) }}"#,
            Kind::Output,
        );
        let Tag::Open {
            name,
            form,
            args: a,
            self_closed,
        } = t
        else {
            panic!("{t:?}")
        };
        assert_eq!(
            (name, form, self_closed),
            ("youtube", Form::ZolaInline, true)
        );
        let a = args(a, form).unwrap();
        assert_eq!(
            a.named,
            [
                ("id".to_string(), s("abc")),
                ("n".to_string(), Arg::Int(3)),
                ("big".to_string(), Arg::Bool(true)),
                ("r".to_string(), Arg::Float(1.5)),
            ]
        );
        assert!(a.positional.is_empty());
    }

    #[test]
    fn zola_block_and_end() {
        let t = tag("{% quote(author='A \"B\"') %}", Kind::Tag);
        assert_eq!(
            t,
            Tag::Open {
                name: "quote",
                form: Form::ZolaBlock,
                args: "author='A \"B\"'",
                self_closed: false
            }
        );
        assert_eq!(
            args("author='A \"B\"'", Form::ZolaBlock)
                .unwrap()
                .text("author")
                .unwrap(),
            "A \"B\""
        );
        assert_eq!(
            tag("{% end %}", Kind::Tag),
            Tag::Close {
                name: "",
                form: Form::ZolaBlock
            }
        );
        assert_eq!(tag("{{ page.title }}", Kind::Output), Tag::Other);
        assert_eq!(tag("{{ x | f(a=1) }}", Kind::Output), Tag::Other);
    }

    #[test]
    fn zola_bad_arguments() {
        assert!(
            args("id=abc", Form::ZolaInline)
                .unwrap_err()
                .contains("`abc`")
        );
        assert!(args("id", Form::ZolaInline).unwrap_err().contains("`id`"));
        assert!(
            args("id=\"abc", Form::ZolaInline)
                .unwrap_err()
                .contains("never closed")
        );
    }

    #[test]
    fn hugo_forms() {
        let t = tag(r#"{{< figure src="a.png" caption="A map" >}}"#, Kind::Hugo);
        let Tag::Open {
            name,
            form,
            args: a,
            self_closed,
        } = t
        else {
            panic!()
        };
        assert_eq!((name, form, self_closed), ("figure", Form::Hugo, false));
        let a = args(a, form).unwrap();
        assert_eq!(a.text("caption").unwrap(), "A map");
        let t = tag("{{<youtube abc>}}", Kind::Hugo);
        assert!(matches!(
            t,
            Tag::Open {
                name: "youtube",
                args: "abc",
                ..
            }
        ));
        let t = tag("{{% gist spf13 7896402 \"img.html\" /%}}", Kind::Hugo);
        let Tag::Open {
            args: a,
            self_closed: true,
            ..
        } = t
        else {
            panic!("{t:?}")
        };
        assert_eq!(
            args(a, Form::Hugo).unwrap().positional,
            [s("spf13"), s("7896402"), s("img.html")]
        );
        assert_eq!(
            tag("{{< /highlight >}}", Kind::Hugo),
            Tag::Close {
                name: "highlight",
                form: Form::Hugo
            }
        );
        assert_eq!(
            tag("{{</* youtube abc */>}}", Kind::Hugo),
            Tag::Escaped("{{< youtube abc >}}".to_string())
        );
    }

    #[test]
    fn jekyll_forms() {
        let t = tag("{%- highlight ruby linenos -%}", Kind::Tag);
        let Tag::Open {
            name,
            form,
            args: a,
            ..
        } = t
        else {
            panic!()
        };
        assert_eq!((name, form), ("highlight", Form::Jekyll));
        assert_eq!(args(a, form).unwrap().positional, [s("ruby"), s("linenos")]);
        assert_eq!(
            tag("{% endhighlight %}", Kind::Tag),
            Tag::Close {
                name: "highlight",
                form: Form::Jekyll
            }
        );
        let t = tag("{% post_url 2010-07-21-name %}", Kind::Tag);
        assert!(matches!(
            t,
            Tag::Open {
                name: "post_url",
                args: "2010-07-21-name",
                ..
            }
        ));
        let t = tag("{% gist user/1234 file.rb %}", Kind::Tag);
        assert!(matches!(
            t,
            Tag::Open {
                name: "gist",
                args: "user/1234 file.rb",
                ..
            }
        ));
        assert_eq!(
            tag("{% if a == b %}", Kind::Tag),
            Tag::Open {
                name: "if",
                form: Form::Jekyll,
                args: "a == b",
                self_closed: false
            }
        );
        assert_eq!(tag("{% x.y %}", Kind::Tag), Tag::Other);
    }

    #[test]
    fn word_arguments() {
        let a = args("abc \"a b\" k=v k2='c d' on=true `raw \\`", Form::Jekyll).unwrap();
        assert_eq!(a.positional, [s("abc"), s("a b"), s("raw \\")]);
        assert_eq!(
            a.named,
            [
                ("k".to_string(), s("v")),
                ("k2".to_string(), s("c d")),
                ("on".to_string(), Arg::Bool(true))
            ]
        );
        assert!(args("\"open", Form::Hugo).is_err());
    }
}

//! Literal values written in Python (Pelican's `pelicanconf.py`) and JavaScript
//! (Eleventy's `_data/metadata.js`, arguments in `eleventy.config.js`), read into JSON
//! values without running anything: strings, numbers, booleans, null, lists, tuples and
//! maps of those. Anything else (a call, a variable, an f-string, a `${}` template) is
//! not a literal: [`parse`] returns `None` and the caller reports the setting as unread.

use serde_json::{Map, Number, Value};

/// Which language's literals to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lang {
    /// `'…'`, `"…"`, `"""…"""`, `True`, `None`, `(…)` tuples, `#` comments.
    Python,
    /// `'…'`, `"…"`, `` `…` `` without `${`, `true`, `null`, `undefined`, unquoted keys,
    /// `//` and `/* */` comments.
    JavaScript,
}

/// Reads one literal at the start of `text`; returns it and the rest of the text.
pub(super) fn parse(text: &str, lang: Lang) -> Option<(Value, &str)> {
    let mut p = Parser {
        s: text,
        lang,
        depth: 0,
    };
    let v = p.value()?;
    Some((v, p.s))
}

/// How deeply lists and maps may nest: configuration nests a few levels.
const MAX_DEPTH: usize = 32;

struct Parser<'a> {
    s: &'a str,
    lang: Lang,
    depth: usize,
}

impl<'a> Parser<'a> {
    /// Skips whitespace and comments.
    fn blank(&mut self) {
        loop {
            self.s = self.s.trim_start();
            let comment = match self.lang {
                Lang::Python => self.s.starts_with('#'),
                Lang::JavaScript => self.s.starts_with("//"),
            };
            if comment {
                self.s = self.s.find('\n').map_or("", |i| &self.s[i..]);
            } else if self.lang == Lang::JavaScript && self.s.starts_with("/*") {
                self.s = self.s.find("*/").map_or("", |i| &self.s[i + 2..]);
            } else {
                return;
            }
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.blank();
        match self.s.strip_prefix(c) {
            Some(rest) => {
                self.s = rest;
                true
            }
            None => false,
        }
    }

    fn value(&mut self) -> Option<Value> {
        self.blank();
        let c = self.s.chars().next()?;
        match c {
            '"' | '\'' | '`' => {
                let mut text = self.string()?;
                // Python joins adjacent strings: ("a" "b"). Outside brackets a line ends
                // the statement, so the next line's string is not joined (nor its
                // leading blank eaten: the caller reads what follows the value).
                while self.lang == Lang::Python {
                    let before = self.s;
                    if self.depth == 0 {
                        self.s = self.s.trim_start_matches([' ', '\t']);
                    } else {
                        self.blank();
                    }
                    if !self.s.starts_with(['"', '\'']) {
                        self.s = before;
                        break;
                    }
                    text.push_str(&self.string()?);
                }
                Some(Value::String(text))
            }
            '[' => self.list(']'),
            '(' if self.lang == Lang::Python => self.list(')'),
            '{' => self.map(),
            _ if c == '-' || c == '+' || c.is_ascii_digit() => self.number(),
            _ => {
                let word: String = self
                    .s
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                // A string prefix: r'…', u'…' (Python).
                if self.lang == Lang::Python
                    && matches!(word.as_str(), "r" | "u" | "R" | "U")
                    && self.s[word.len()..].starts_with(['"', '\''])
                {
                    let raw = word.eq_ignore_ascii_case("r");
                    self.s = &self.s[word.len()..];
                    return self.string_with(raw).map(Value::String);
                }
                let v = match (self.lang, word.as_str()) {
                    (Lang::Python, "True") | (Lang::JavaScript, "true") => Value::Bool(true),
                    (Lang::Python, "False") | (Lang::JavaScript, "false") => Value::Bool(false),
                    (Lang::Python, "None") | (Lang::JavaScript, "null" | "undefined") => {
                        Value::Null
                    }
                    _ => return None,
                };
                self.s = &self.s[word.len()..];
                Some(v)
            }
        }
    }

    fn number(&mut self) -> Option<Value> {
        let end = self
            .s
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_')))
            .unwrap_or(self.s.len());
        let text = self.s[..end].replace('_', "");
        self.s = &self.s[end..];
        if let Ok(n) = text.parse::<i64>() {
            return Some(Value::Number(n.into()));
        }
        text.parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
    }

    fn string(&mut self) -> Option<String> {
        self.string_with(false)
    }

    /// A quoted string; `raw` keeps backslashes (Python's r'…').
    fn string_with(&mut self, raw: bool) -> Option<String> {
        let quote = self.s.chars().next()?;
        let triple: String = std::iter::repeat_n(quote, 3).collect();
        let (close, mut rest) = if self.lang == Lang::Python && self.s.starts_with(&triple) {
            (triple.as_str(), &self.s[3..])
        } else {
            (&self.s[..1], &self.s[1..])
        };
        let mut out = String::new();
        loop {
            if let Some(after) = rest.strip_prefix(close) {
                self.s = after;
                return Some(out);
            }
            let mut chars = rest.chars();
            let c = chars.next()?;
            match c {
                '\\' if !raw => {
                    let e = chars.next()?;
                    out.push(match e {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        '0' => '\0',
                        other => other,
                    });
                }
                '\n' if close.len() == 1 && quote != '`' => return None,
                '$' if quote == '`' && chars.as_str().starts_with('{') => return None,
                _ => out.push(c),
            }
            rest = chars.as_str();
        }
    }

    fn list(&mut self, close: char) -> Option<Value> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        self.s = &self.s[1..];
        let mut items = Vec::new();
        loop {
            if self.eat(close) {
                break;
            }
            items.push(self.value()?);
            if !self.eat(',') {
                if !self.eat(close) {
                    return None;
                }
                break;
            }
        }
        self.depth -= 1;
        Some(Value::Array(items))
    }

    fn map(&mut self) -> Option<Value> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        self.s = &self.s[1..];
        let mut map = Map::new();
        loop {
            if self.eat('}') {
                break;
            }
            self.blank();
            let key = if self.s.starts_with(['"', '\'']) {
                self.string()?
            } else if self.lang == Lang::JavaScript {
                let word: String = self
                    .s
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
                    .collect();
                if word.is_empty() {
                    return None;
                }
                self.s = &self.s[word.len()..];
                word
            } else {
                return None;
            };
            if !self.eat(':') {
                return None;
            }
            let v = self.value()?;
            map.insert(key, v);
            if !self.eat(',') {
                if !self.eat('}') {
                    return None;
                }
                break;
            }
        }
        self.depth -= 1;
        Some(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn py(s: &str) -> Option<Value> {
        parse(s, Lang::Python).map(|(v, _)| v)
    }

    fn js(s: &str) -> Option<Value> {
        parse(s, Lang::JavaScript).map(|(v, _)| v)
    }

    #[test]
    fn python_literals() {
        assert_eq!(py("'It\\'s'"), Some(json!("It's")));
        assert_eq!(py("u\"caf\u{e9}\""), Some(json!("caf\u{e9}")));
        assert_eq!(py("('a'\n 'b')"), Some(json!(["ab"])));
        assert_eq!(
            py("['images', 'extra/CNAME',]  # trailing"),
            Some(json!(["images", "extra/CNAME"]))
        );
        assert_eq!(
            py("{'a': (1, 2.5), \"b\": None}"),
            Some(json!({"a": [1, 2.5], "b": null}))
        );
        assert_eq!(py("False"), Some(json!(false)));
        assert_eq!(py("os.path.join('a')"), None);
        assert_eq!(py("f'{x}'"), None);
    }

    #[test]
    fn javascript_literals() {
        assert_eq!(
            js(
                "{\n  title: \"Hedge Notes\", // the name\n  'url': `https://x.example/`,\n  author: { name: 'Ada' },\n  tags: [1, true, null,],\n}"
            ),
            Some(
                json!({"title": "Hedge Notes", "url": "https://x.example/", "author": {"name": "Ada"}, "tags": [1, true, null]})
            )
        );
        assert_eq!(js("`${site}`"), None);
        assert_eq!(js("{ a: process.env.X }"), None);
    }

    #[test]
    fn a_python_string_ends_at_its_line() {
        let (v, rest) = parse("'Rhiannon Vale'\nSITENAME = 'x'", Lang::Python).unwrap();
        assert_eq!(v, json!("Rhiannon Vale"));
        assert_eq!(rest, "\nSITENAME = 'x'");
        assert_eq!(py("'a' 'b'"), Some(json!("ab")));
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = "[".repeat(10_000);
        assert_eq!(py(&deep), None);
    }
}

//! How a shortcode is written: `{{ name(key="text", n=3, flag=true, list=["a", "b"]) }}`, on
//! one line.
//!
//! Part of [`super`]. Only this small grammar is read: a name, then arguments that are quoted
//! text, whole numbers, `true`/`false` or lists of quoted text. Nothing in it is evaluated, so
//! no template code can run from a page. A mistake is reported at the character where the
//! grammar broke, saying what was expected there (a full-width or curly quote, or a full-width
//! bracket, typed with a Japanese input method, is named as such).

/// A value of an argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    /// `"text"` (with `\"` and `\\` escapes).
    Text(String),
    /// `3`, `-1`.
    Number(i64),
    /// `true`, `false`.
    Bool(bool),
    /// `["a", "b"]`.
    List(Vec<String>),
}

impl Value {
    /// The kind of value, a key of the catalogue's `value_kind` phrases.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Value::Text(_) => "text",
            Value::Number(_) => "number",
            Value::Bool(_) => "bool",
            Value::List(_) => "list",
        }
    }
}

/// One argument, with where its key starts (offset from the `{{`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Arg {
    /// The key.
    pub(crate) key: String,
    /// The value.
    pub(crate) value: Value,
    /// Offset of the key from the start of the shortcode.
    pub(crate) at: usize,
}

/// A shortcode as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Call {
    /// Its name (`count`).
    pub(crate) name: String,
    /// Its arguments, in the order written.
    pub(crate) args: Vec<Arg>,
    /// Its length in bytes, `{{` to `}}` inclusive.
    pub(crate) len: usize,
}

/// Where the grammar broke: offset from the `{{`, and what was expected there (a key of the
/// catalogue's `shortcode_syntax` phrases).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    /// Offset from the start of the shortcode.
    pub(crate) at: usize,
    /// What was expected.
    pub(crate) expected: &'static str,
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn spaces(&mut self) {
        while let Some(c) = self.peek().filter(|c| *c == ' ' || *c == '\t') {
            self.at += c.len_utf8();
        }
    }

    fn eat(&mut self, s: &str) -> bool {
        let found = self.text[self.at..].starts_with(s);
        if found {
            self.at += s.len();
        }
        found
    }

    /// What was expected here: `expected`, unless the character is a look-alike typed with a
    /// Japanese input method, or the line ends.
    fn error(&self, expected: &'static str) -> SyntaxError {
        let expected = match self.peek() {
            None | Some('\n' | '\r') => match expected {
                "close" | "comma_or_close" | "argument_or_close" => "unclosed",
                other => other,
            },
            Some('“' | '”' | '＂' | '″') => "straight_quote",
            Some('（' | '）' | '［' | '］' | '，' | '＝' | '｛' | '｝') => "half_width",
            Some(_) => expected,
        };
        SyntaxError {
            at: self.at,
            expected,
        }
    }

    fn name(&mut self) -> Option<String> {
        let start = self.at;
        let rest = &self.text[self.at..];
        let len = rest
            .char_indices()
            .find(|(i, c)| !(c.is_ascii_lowercase() || *c == '_' || (*i > 0 && c.is_ascii_digit())))
            .map_or(rest.len(), |(i, _)| i);
        self.at += len;
        (len > 0).then(|| self.text[start..self.at].to_owned())
    }

    fn quoted(&mut self) -> Result<String, SyntaxError> {
        if !self.eat("\"") {
            return Err(self.error("text"));
        }
        let mut out = String::new();
        loop {
            match self.peek() {
                Some('"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some('\\')
                    if matches!(self.text[self.at + 1..].chars().next(), Some('"' | '\\')) =>
                {
                    out.push(self.text[self.at + 1..].chars().next().expect("checked"));
                    self.at += 2;
                }
                None | Some('\n' | '\r') => return Err(self.error("end_quote")),
                Some(c) => {
                    out.push(c);
                    self.at += c.len_utf8();
                }
            }
        }
    }

    fn value(&mut self) -> Result<Value, SyntaxError> {
        match self.peek() {
            Some('"') => self.quoted().map(Value::Text),
            Some('[') => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.spaces();
                    if self.eat("]") {
                        return Ok(Value::List(items));
                    }
                    if !items.is_empty() {
                        if !self.eat(",") {
                            return Err(self.error("comma_or_bracket"));
                        }
                        self.spaces();
                    }
                    items.push(self.quoted()?);
                }
            }
            Some(c) if c.is_ascii_digit() || c == '-' => {
                let start = self.at;
                self.at += 1;
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.at += 1;
                }
                self.text[start..self.at]
                    .parse()
                    .map(Value::Number)
                    .map_err(|_| SyntaxError {
                        at: start,
                        expected: "value",
                    })
            }
            _ if self.eat("true") => Ok(Value::Bool(true)),
            _ if self.eat("false") => Ok(Value::Bool(false)),
            _ => Err(self.error("value")),
        }
    }
}

/// Reads the shortcode at the start of `text` (which starts with `{{`).
pub(crate) fn parse(text: &str) -> Result<Call, SyntaxError> {
    let mut r = Reader { text, at: 0 };
    if !r.eat("{{") {
        return Err(r.error("open_braces"));
    }
    r.spaces();
    let name = r.name().ok_or_else(|| r.error("name"))?;
    r.spaces();
    if !r.eat("(") {
        return Err(r.error("open_paren"));
    }
    let mut args = Vec::new();
    loop {
        r.spaces();
        if r.eat(")") {
            break;
        }
        if !args.is_empty() {
            if !r.eat(",") {
                return Err(r.error("comma_or_close"));
            }
            r.spaces();
        }
        let at = r.at;
        let key = r.name().ok_or_else(|| {
            r.error(if args.is_empty() {
                "argument_or_close"
            } else {
                "argument"
            })
        })?;
        r.spaces();
        if !r.eat("=") {
            return Err(r.error("equals"));
        }
        r.spaces();
        let value = r.value()?;
        args.push(Arg { key, value, at });
    }
    r.spaces();
    if !r.eat("}}") {
        return Err(r.error("close"));
    }
    Ok(Call {
        name,
        args,
        len: r.at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shortcode_is_read_with_its_arguments() {
        let call = parse(r#"{{ count(section="teams", format="kanji") }} のあと"#).unwrap();
        assert_eq!(call.name, "count");
        assert_eq!(
            call.len,
            r#"{{ count(section="teams", format="kanji") }}"#.len()
        );
        assert_eq!(call.args[0].key, "section");
        assert_eq!(call.args[0].value, Value::Text("teams".into()));
        assert_eq!(call.args[0].at, 9);
        assert_eq!(call.args[1].value, Value::Text("kanji".into()));
        let call =
            parse(r#"{{relation_table(headers=["課題", "チーム"],n=-3,x=true, e="a\"b\\")}}"#)
                .unwrap();
        assert_eq!(
            call.args
                .iter()
                .map(|a| a.value.clone())
                .collect::<Vec<_>>(),
            [
                Value::List(vec!["課題".into(), "チーム".into()]),
                Value::Number(-3),
                Value::Bool(true),
                Value::Text("a\"b\\".into())
            ]
        );
        assert_eq!(parse("{{ pages() }}").unwrap().args, []);
    }

    #[test]
    fn a_mistake_is_found_where_the_grammar_breaks() {
        let err = |s: &str| parse(s).map(|_| ()).unwrap_err();
        assert_eq!(
            err("{{ page.title }}"),
            SyntaxError {
                at: 7,
                expected: "open_paren"
            }
        );
        assert_eq!(
            err("{{ }}"),
            SyntaxError {
                at: 3,
                expected: "name"
            }
        );
        assert_eq!(err("{{ count(section=teams) }}").expected, "value");
        assert_eq!(
            err("{{ count(section=“teams”) }}"),
            SyntaxError {
                at: 17,
                expected: "straight_quote"
            }
        );
        assert_eq!(
            err("{{ count（section=\"teams\"） }}").expected,
            "half_width"
        );
        assert_eq!(err("{{ count(section=\"teams\")\n}}").expected, "unclosed");
        assert_eq!(err("{{ count(section=\"teams) }}").expected, "end_quote");
        assert_eq!(err("{{ count(section \"teams\") }}").expected, "equals");
        assert_eq!(
            err("{{ count(section=\"a\" format=\"b\") }}").expected,
            "comma_or_close"
        );
        assert_eq!(err("{{ count(section=\"a\") }").expected, "close");
        assert_eq!(
            err("{{ count(Section=\"a\") }}").expected,
            "argument_or_close"
        );
    }
}

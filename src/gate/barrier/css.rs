//! CSS generated content as a browser shows it: `.a::before { content: "機密性" "2" }` puts
//! 機密性2 on the page, the strings of one `content:` value joined, each with its escapes
//! (`"\6A5F\5BC6"`) decoded as CSS's tokenizer decodes them.
//!
//! Part of [`super`]: read in `.css` files, `<style>` elements and `style` attributes. The
//! property's name may be written with escapes too (`cont\65nt`); comments between the
//! strings are skipped, and so are `attr()`, counters and quotes (nothing a file can spell).

/// One token of CSS, as much as generated content needs.
#[derive(Debug, PartialEq)]
enum Token {
    Ident(String),
    Str(String),
    /// A character that ends a declaration (`;`, `{`, `}`, `!`).
    End,
    Colon,
    Space,
    Other,
}

/// The text of every `content:` declaration in `css`, its strings joined.
pub(crate) fn generated(css: &str) -> Vec<String> {
    let tokens = tokenize(css);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let is_content =
            matches!(&tokens[i], Token::Ident(name) if name.eq_ignore_ascii_case("content"));
        i += 1;
        if !is_content {
            continue;
        }
        while tokens.get(i) == Some(&Token::Space) {
            i += 1;
        }
        if tokens.get(i) != Some(&Token::Colon) {
            continue;
        }
        let mut joined = String::new();
        while let Some(token) = tokens.get(i) {
            match token {
                Token::End => break,
                Token::Str(s) => joined.push_str(s),
                _ => {}
            }
            i += 1;
        }
        if !joined.trim().is_empty() {
            out.push(joined);
        }
    }
    out
}

fn tokenize(css: &str) -> Vec<Token> {
    let chars: Vec<char> = css.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            let end = (i + 2..chars.len().saturating_sub(1))
                .find(|&j| chars[j] == '*' && chars[j + 1] == '/')
                .map_or(chars.len(), |j| j + 2);
            i = end;
            continue;
        }
        if c == '"' || c == '\'' {
            let (text, next) = string(&chars, i + 1, c);
            out.push(Token::Str(text));
            i = next;
            continue;
        }
        if is_ident(c) || (c == '\\' && chars.get(i + 1).is_some_and(|&n| n != '\n')) {
            let mut name = String::new();
            while i < chars.len() && (is_ident(chars[i]) || chars[i] == '\\') {
                if chars[i] == '\\' {
                    let (decoded, next) = escape(&chars, i + 1);
                    name.extend(decoded);
                    i = next;
                } else {
                    name.push(chars[i]);
                    i += 1;
                }
            }
            out.push(Token::Ident(name));
            continue;
        }
        out.push(match c {
            ';' | '{' | '}' | '!' => Token::End,
            ':' => Token::Colon,
            c if c.is_whitespace() => Token::Space,
            _ => Token::Other,
        });
        i += 1;
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_' || !c.is_ascii()
}

/// A string's text from `i` (after its opening quote) and where the string ends: at its
/// closing quote, or (a bad string) at an unescaped line break.
fn string(chars: &[char], mut i: usize, quote: char) -> (String, usize) {
    let mut text = String::new();
    while i < chars.len() {
        match chars[i] {
            c if c == quote => return (text, i + 1),
            '\n' => return (text, i),
            '\\' if chars.get(i + 1) == Some(&'\n') => i += 2,
            '\\' => {
                let (decoded, next) = escape(chars, i + 1);
                text.extend(decoded);
                i = next;
            }
            c => {
                text.push(c);
                i += 1;
            }
        }
    }
    (text, i)
}

/// The character an escape stands for (from `i`, after its backslash) and where it ends: one
/// to six hex digits and one whitespace after them, or any other character as itself.
fn escape(chars: &[char], i: usize) -> (Option<char>, usize) {
    let len = chars[i.min(chars.len())..]
        .iter()
        .take(6)
        .take_while(|c| c.is_ascii_hexdigit())
        .count();
    if len == 0 {
        return (chars.get(i).copied(), (i + 1).min(chars.len()));
    }
    let hex: String = chars[i..i + len].iter().collect();
    let c = u32::from_str_radix(&hex, 16)
        .ok()
        .and_then(char::from_u32)
        .filter(|&c| c != '\0')
        .unwrap_or('\u{FFFD}');
    let mut next = i + len;
    if chars.get(next).is_some_and(|c| c.is_whitespace()) {
        next += 1;
    }
    (Some(c), next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strings_of_one_value_are_joined() {
        let css = ".a::before{content:\"機密性\" \"2\"}.b::after { CONTENT : 'T' /* x */ \"BD\" !important; color: red }";
        assert_eq!(generated(css), vec!["機密性2", "TBD"]);
        assert_eq!(
            generated(".c{cont\\65nt:\"\\6A5F\\5BC6 性\" attr(x) \"3\"}"),
            vec!["機密性3"]
        );
        assert_eq!(
            generated("p { color: red } /* content: \"x\" */"),
            Vec::<String>::new()
        );
        assert_eq!(generated(".d{content:'a\\'b"), vec!["a'b"]);
    }
}

//! XML internal entities, expanded as a browser's XML parser expands them: an SVG or XML file
//! whose DOCTYPE declares `<!ENTITY m "機密性">` shows `&m;2` as 機密性2. HTML's tokenizer knows
//! nothing of them, so before an XML text is cut into pieces its internal subset is read:
//! general entities (`<!ENTITY m "…">`) and parameter entities (`<!ENTITY % p "…">`, whose
//! references in the subset may declare more), each value quoted in the file. External
//! entities (`SYSTEM`, `PUBLIC`) are not loaded by browsers and are left as they are.
//!
//! Part of [`super`]: [`expand`] gives the document with its entity references replaced
//! (entities in entities too, in text and in attribute values alike), or an error when the
//! expansion grows past a cap (a "billion laughs" file) or never ends (an entity that refers
//! to itself): the barrier refuses to publish what it cannot read.

use std::collections::HashMap;

/// How many rounds of replacement (an entity in an entity in an entity…).
const ROUNDS: usize = 16;
/// The most an expansion may add to a file.
const GROWTH: usize = 1 << 20;

/// The document with its internal entities expanded (without its DOCTYPE), `None` if it
/// declares none, or why it cannot be read.
pub(crate) fn expand(text: &str) -> Result<Option<String>, String> {
    let Some((start, open, close, end)) = doctype(text) else {
        return Ok(None);
    };
    let cap = text.len() * 4 + GROWTH;
    let mut subset = text[open..close].to_owned();
    let mut general = HashMap::new();
    for _ in 0..ROUNDS {
        let (found, params) = declarations(&subset);
        general = found;
        let next = replace(&subset, '%', &params);
        if next == subset {
            break;
        }
        if next.len() > cap {
            return Err("its parameter entities grow past what the gate reads".to_owned());
        }
        subset = next;
    }
    if general.is_empty() {
        return Ok(None);
    }
    let mut doc = format!("{}{}", &text[..start], &text[end..]);
    for _ in 0..ROUNDS {
        let next = replace(&doc, '&', &general);
        if !refers(&next, &general) {
            return Ok(Some(next));
        }
        if next.len() > cap {
            return Err("its entities expand past what the gate reads".to_owned());
        }
        doc = next;
    }
    Err("its entities refer to each other without end".to_owned())
}

/// Where the DOCTYPE starts, its internal subset (after `[`, before `]`), and where it ends.
fn doctype(text: &str) -> Option<(usize, usize, usize, usize)> {
    let lower = text.to_ascii_lowercase();
    let start = lower.find("<!doctype")?;
    let bytes = text.as_bytes();
    let mut i = start + 9;
    while i < bytes.len() && !matches!(bytes[i], b'[' | b'>') {
        if matches!(bytes[i], b'"' | b'\'') {
            i = skip_quoted(bytes, i);
        } else {
            i += 1;
        }
    }
    if bytes.get(i) != Some(&b'[') {
        return None;
    }
    let open = i + 1;
    i = open;
    while i < bytes.len() && bytes[i] != b']' {
        if matches!(bytes[i], b'"' | b'\'') {
            i = skip_quoted(bytes, i);
        } else if bytes[i..].starts_with(b"<!--") {
            i = lower[i..].find("-->").map_or(bytes.len(), |e| i + e + 3);
        } else {
            i += 1;
        }
    }
    let close = i.min(bytes.len());
    let end = lower[close..]
        .find('>')
        .map_or(text.len(), |e| close + e + 1);
    Some((start, open, close, end))
}

fn skip_quoted(bytes: &[u8], i: usize) -> usize {
    let quote = bytes[i];
    bytes[i + 1..]
        .iter()
        .position(|&b| b == quote)
        .map_or(bytes.len(), |p| i + p + 2)
}

type Entities = HashMap<String, String>;

/// The general and parameter entities the subset declares with a value (the first of a name
/// counts, as in XML).
fn declarations(subset: &str) -> (Entities, Entities) {
    let (mut general, mut params) = (HashMap::new(), HashMap::new());
    let mut rest = subset;
    while let Some(at) = rest.find("<!ENTITY") {
        rest = &rest[at + 8..];
        let mut words = rest.trim_start();
        let param = words.starts_with('%');
        if param {
            words = words[1..].trim_start();
        }
        let name_len = words
            .find(|c: char| c.is_whitespace() || c == '"' || c == '\'')
            .unwrap_or(words.len());
        let name = &words[..name_len];
        let value = words[name_len..].trim_start();
        let Some(quote) = value.chars().next().filter(|&q| q == '"' || q == '\'') else {
            continue;
        };
        let Some(len) = value[1..].find(quote) else {
            continue;
        };
        let map = if param { &mut params } else { &mut general };
        map.entry(name.to_owned())
            .or_insert_with(|| value[1..1 + len].to_owned());
    }
    (general, params)
}

/// Whether `text` still refers to one of the entities.
fn refers(text: &str, entities: &Entities) -> bool {
    entities
        .keys()
        .any(|name| text.contains(&format!("&{name};")))
}

/// `text` with each reference (`&name;` or `%name;`) to a known entity replaced by its value.
fn replace(text: &str, sigil: char, entities: &Entities) -> String {
    if entities.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(sigil) {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let name = after.split(';').next().filter(|n| after.len() > n.len());
        match name.and_then(|n| entities.get(n).map(|v| (n, v))) {
            Some((name, value)) => {
                out.push_str(value);
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push(sigil);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_entities_are_expanded_and_external_ones_are_not() {
        let svg = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY m \"機密性\"><!ENTITY e SYSTEM \"x\">]><svg><text>&m;2&e;&amp;</text></svg>";
        let doc = expand(svg).unwrap().unwrap();
        assert_eq!(
            doc,
            "<?xml version=\"1.0\"?><svg><text>機密性2&e;&amp;</text></svg>"
        );
        let nested = "<!DOCTYPE x [<!ENTITY % p \"<!ENTITY a '&b;性'>\"> %p; <!ENTITY b '機密'>]><x t=\"&a;2\"/>";
        assert_eq!(expand(nested).unwrap().unwrap(), "<x t=\"機密性2\"/>");
        assert_eq!(expand("<!DOCTYPE html><p>&m;</p>").unwrap(), None);
    }

    #[test]
    fn an_expansion_without_bounds_is_refused() {
        let mut lol = String::from("<!DOCTYPE l [<!ENTITY l0 \"lollollollol\">");
        for i in 1..10 {
            let refs = format!("&l{};", i - 1).repeat(10);
            lol.push_str(&format!("<!ENTITY l{i} \"{refs}\">"));
        }
        lol.push_str("]><l>&l9;</l>");
        assert!(expand(&lol).is_err());
        assert!(expand("<!DOCTYPE l [<!ENTITY a \"&a;\">]><l>&a;</l>").is_err());
    }
}

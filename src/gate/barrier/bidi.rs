//! Bidirectional controls: a browser shows the run after U+202E (RIGHT-TO-LEFT OVERRIDE)
//! reversed, so `報情2性密機` after it reads 機密性2情報 and `DBT` reads TBD. Reading every
//! text in display order as well would need the whole Unicode bidirectional algorithm (levels,
//! isolates, mirrored brackets, numbers); a Japanese office page has no use for these controls,
//! so the barrier refuses them in published text outright: the overrides and embeddings
//! (U+202A–U+202E), the isolates (U+2066–U+2069), RIGHT-TO-LEFT MARK (U+200F) and ARABIC
//! LETTER MARK (U+061C), however they are written (raw, as a reference, as an escape).
//!
//! Part of [`super`]: each reading of each piece of text is asked [`find`]; the runs of text in
//! binary files are not (compressed bytes hold such characters by chance).

/// Whether `c` reorders the text around it as a browser shows it.
pub(crate) fn is_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200F}' | '\u{061C}')
}

/// The first bidirectional control in `text`, named with the text after it (as written, each
/// control shown as its code point): `U+202E 報情2性密機【`.
pub(crate) fn find(text: &str) -> Option<String> {
    let at = text.find(is_control)?;
    let mut out = String::new();
    for (n, c) in text[at..]
        .chars()
        .take_while(|&c| !matches!(c, '\n' | '\\'))
        .take(13)
        .enumerate()
    {
        if is_control(c) {
            out.push_str(&format!(
                "{}U+{:04X} ",
                if n > 0 { " " } else { "" },
                c as u32
            ));
        } else if !c.is_control() {
            out.push(c);
        }
    }
    Some(out.trim_end().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_control_is_named_with_the_text_it_reorders() {
        assert_eq!(
            find("a\u{202E}報情2性密機【\u{202C}").unwrap(),
            "U+202E 報情2性密機【 U+202C"
        );
        assert_eq!(find("ordinary 日本語 text\u{200E}"), None);
    }
}

//! The character classes that text handling shares (the search tokeniser, the gate's
//! folding): which characters are Japanese, which are combining marks, and which NFKC leaves
//! alone.

/// Whether `c` (normalised) is Japanese: kanji, hiragana, katakana and the marks that belong
/// to them. The search tokeniser indexes runs of these as bigrams; `search.js` has the same
/// ranges.
#[inline]
pub(crate) fn is_japanese(c: char) -> bool {
    !c.is_ascii()
        && matches!(c as u32,
            0x3005..=0x3007          // 々 〆 〇
            | 0x3041..=0x3096        // hiragana
            | 0x309D..=0x309F        // ゝ ゞ ゟ
            | 0x30A1..=0x30FA        // katakana (not the middle dot U+30FB)
            | 0x30FC..=0x30FF        // ー ヽ ヾ ヿ
            | 0x31F0..=0x31FF        // small katakana for Ainu
            | 0x3400..=0x4DBF        // CJK extension A
            | 0x4E00..=0x9FFF        // CJK unified ideographs
            | 0xF900..=0xFAFF        // CJK compatibility ideographs
            | 0x20000..=0x3FFFF) // CJK extensions B and later
}

/// Whether `c` belongs to the cluster of the character before it: a combining mark, normalised
/// with the character it follows (`カ` and `゙`, or `ｶ` and `ﾞ`, are one `ガ`). `search.js` has
/// the same ranges.
pub(crate) fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
        | 0x3099 | 0x309A | 0xFF9E | 0xFF9F)
}

/// Characters that NFKC leaves alone (unless a mark follows them) and that have no lower case:
/// most Japanese text, which then skips the normaliser.
#[inline]
pub(crate) fn is_stable(c: char) -> bool {
    matches!(c as u32, 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x30FC | 0x4E00..=0x9FFF)
}

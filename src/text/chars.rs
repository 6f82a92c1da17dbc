//! The character classes that text handling shares (the search tokeniser, the gate's
//! folding): which characters are Japanese, which are combining marks, which render blank or
//! not at all, and which NFKC leaves alone.

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

/// Whether `c` renders blank or not at all: Unicode White_Space, every Default_Ignorable_Code_Point
/// (U+200B…U+200F, U+2060…U+206F, bidi controls, variation selectors, tag characters, the
/// combining grapheme joiner, Hangul fillers U+115F, U+1160, U+3164, U+FFA0, U+180E…), control
/// characters (Cc), the other format characters (Cf) and blank signs such as the Braille
/// pattern blank U+2800. The gate's folding drops all of them but whitespace (which it drops
/// or keeps as asked), so that none can split a marking.
pub(crate) fn is_blank(c: char) -> bool {
    if c.is_whitespace() || c.is_control() {
        return true;
    }
    let u = c as u32;
    u >= 0xAD
        && matches!(u,
            // Default_Ignorable_Code_Point (DerivedCoreProperties.txt).
            0x00AD | 0x034F | 0x061C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
            | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
            | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF
            // Format characters (Cf) that are not default-ignorable.
            | 0x0600..=0x0605 | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2 | 0xFFF9..=0xFFFB
            | 0x110BD | 0x110CD | 0x13430..=0x1343F
            // Signs drawn blank: the Braille pattern blank, the Khitan small script filler.
            | 0x2800 | 0x16FE4)
}

//! The characters the prefilter ([`super::prefilter`]) stops at, by class: generated from the
//! rules by folding every Unicode character (`UPDATE_TRIGGERS=1 cargo test --lib
//! triggers_are_current` writes the table; the same test fails when it is stale).
//!
//! Part of [`super`]. A pair group is a set of first characters and the ways the pair may go
//! on; every match of a Japanese rule holds one of them, or 秘 (a [`Class::Hit`]).

/// What the prefilter makes of a character (not ASCII).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// No rule can use it.
    None,
    /// A rule may start here (or the fold drops it): scan in full.
    Hit,
    /// Whitespace: only between the characters of a pair does it matter.
    Space,
    /// The first character of pair group `n` ([`GROUPS`]).
    First(usize),
}

impl Class {
    /// The class of a table code.
    pub(crate) fn from_code(code: u8) -> Class {
        match code {
            0 => Class::None,
            1 => Class::Hit,
            2 => Class::Space,
            g => Class::First(usize::from(g - 16)),
        }
    }

    /// The table code of a class.
    pub(crate) fn code(self) -> u8 {
        match self {
            Class::None => 0,
            Class::Hit => 1,
            Class::Space => 2,
            Class::First(g) => 16 + g as u8,
        }
    }
}

/// Pair groups: first characters, and what follows them in the rules (after folding, spaces
/// dropped; kana in both scripts, as the rules match them). 機密(性…), 要機密(情報); 密性 and the
/// readings' ツセ (キミツセイ, きみつせい, 機みつ性…); 取扱注意, 取(り)扱い注意 and 扱ちゅうい,
/// あつかいちゅうい; 関係者限り; 複製禁止; 配付禁止 and 配布禁止; 部外(秘) and ぶがい(ひ); (仮);
/// runs of black circles (●●, ⚫⬤…) and squares (■■…); ○○ (and 〇, ◯); ＊＊; ××.
pub(crate) const GROUPS: &[(&[char], &[&str])] = &[
    (&['機'], &["密"]),
    (
        &['扱', 'か', 'カ'],
        &[
            "注", "ち", "チ", "い注", "イ注", "いち", "イチ", "いチ", "イち",
        ],
    ),
    (&['係'], &["者限"]),
    (&['複'], &["製禁"]),
    (&['配'], &["付禁", "布禁"]),
    (
        &['仮'],
        &["】", "]", ")", "〕", "》", "〉", "」", "』", "］", "）"],
    ),
    (
        &['●', '⚫', '⬤', '⏺', '⚈', '⚉'],
        &["●", "⚫", "⬤", "⏺", "⚈", "⚉"],
    ),
    (&['○', '〇', '◯'], &["○", "〇", "◯"]),
    (&['＊'], &["＊"]),
    (&['×'], &["×"]),
    (&['密', 'ツ', 'つ'], &["性", "セ", "せ"]),
    (&['部', 'ぶ', 'ブ'], &["外", "が", "ガ"]),
    (&['■', '◼', '◾', '⬛'], &["■", "◼", "◾", "⬛"]),
];

/// Characters that alone may start a match.
#[cfg(test)]
pub(crate) const SINGLES: &[char] = &['秘'];

/// The ASCII letters of the ASCII placeholders (XX, xxx, TBD).
#[cfg(test)]
pub(crate) const ASCII_LETTERS: &str = "xXtTbBdD";

/// (first, last, class code) for every range of characters (not ASCII) whose class is not
/// [`Class::None`], sorted.
#[rustfmt::skip]
pub(crate) static CLASSES: &[(u32, u32, u8)] = &[
// BEGIN GENERATED
(0x0080, 0x0084, 1), (0x0085, 0x0085, 2), (0x0086, 0x009F, 1), (0x00A0, 0x00A0, 2),
(0x00A8, 0x00A8, 2), (0x00AD, 0x00AD, 1), (0x00AF, 0x00AF, 2), (0x00B4, 0x00B4, 2),
(0x00B8, 0x00B8, 2), (0x00D7, 0x00D7, 25), (0x01C4, 0x01C6, 1), (0x01F1, 0x01F3, 1),
(0x02D8, 0x02DD, 2), (0x02E3, 0x02E3, 1), (0x0300, 0x036F, 1), (0x037A, 0x037A, 2),
(0x0384, 0x0385, 2), (0x0600, 0x0605, 1), (0x061C, 0x061C, 1), (0x06DD, 0x06DD, 1),
(0x070F, 0x070F, 1), (0x0890, 0x0891, 1), (0x08E2, 0x08E2, 1), (0x115F, 0x1160, 1),
(0x1680, 0x1680, 2), (0x17B4, 0x17B5, 1), (0x180B, 0x180F, 1), (0x1AB0, 0x1AFF, 1),
(0x1D2E, 0x1D2E, 1), (0x1D30, 0x1D30, 1), (0x1D40, 0x1D40, 1), (0x1D47, 0x1D48, 1),
(0x1D57, 0x1D57, 1), (0x1DC0, 0x1DFF, 1), (0x1FBD, 0x1FBD, 2), (0x1FBF, 0x1FC1, 2),
(0x1FCD, 0x1FCF, 2), (0x1FDD, 0x1FDF, 2), (0x1FED, 0x1FEE, 2), (0x1FFD, 0x1FFE, 2),
(0x2000, 0x200A, 2), (0x200B, 0x200F, 1), (0x2017, 0x2017, 2), (0x2028, 0x2029, 2),
(0x202A, 0x202E, 1), (0x202F, 0x202F, 2), (0x203E, 0x203E, 2), (0x205F, 0x205F, 2),
(0x2060, 0x206F, 1), (0x2093, 0x2093, 1), (0x209C, 0x209C, 1), (0x20D0, 0x20FF, 1),
(0x2121, 0x2122, 1), (0x212C, 0x212C, 1), (0x213B, 0x213B, 1), (0x2145, 0x2146, 1),
(0x2168, 0x216B, 1), (0x216E, 0x216E, 1), (0x2178, 0x217B, 1), (0x217E, 0x217E, 1),
(0x23FA, 0x23FA, 22), (0x249D, 0x249D, 1), (0x249F, 0x249F, 1), (0x24AF, 0x24AF, 1),
(0x24B3, 0x24B3, 1), (0x24B7, 0x24B7, 1), (0x24B9, 0x24B9, 1), (0x24C9, 0x24C9, 1),
(0x24CD, 0x24CD, 1), (0x24D1, 0x24D1, 1), (0x24D3, 0x24D3, 1), (0x24E3, 0x24E3, 1),
(0x24E7, 0x24E7, 1), (0x25A0, 0x25A0, 28), (0x25CB, 0x25CB, 23), (0x25CF, 0x25CF, 22),
(0x25EF, 0x25EF, 23), (0x25FC, 0x25FC, 28), (0x25FE, 0x25FE, 28), (0x2688, 0x2689, 22),
(0x26AB, 0x26AB, 22), (0x2800, 0x2800, 1), (0x2B1B, 0x2B1B, 28), (0x2B24, 0x2B24, 22),
(0x3000, 0x3000, 2), (0x3007, 0x3007, 23), (0x304B, 0x304B, 17), (0x3064, 0x3064, 26),
(0x3076, 0x3076, 27), (0x3099, 0x309A, 1), (0x309B, 0x309C, 2), (0x30AB, 0x30AB, 17),
(0x30C4, 0x30C4, 26), (0x30D6, 0x30D6, 27), (0x3164, 0x3164, 1), (0x3250, 0x3250, 1),
(0x3299, 0x3299, 1), (0x32CF, 0x32CF, 1), (0x32D5, 0x32D5, 17), (0x32E1, 0x32E1, 26),
(0x3308, 0x3308, 1), (0x330B, 0x330D, 1), (0x332A, 0x332A, 26), (0x332C, 0x332C, 26),
(0x3334, 0x3334, 1), (0x3339, 0x3339, 26), (0x3354, 0x3354, 1), (0x3372, 0x3372, 1),
(0x3374, 0x3374, 1), (0x3377, 0x3379, 1), (0x3385, 0x3387, 1), (0x3394, 0x3394, 1),
(0x3397, 0x3397, 1), (0x33AD, 0x33AF, 1), (0x33C3, 0x33C3, 1), (0x33C5, 0x33C5, 1),
(0x33C8, 0x33C8, 1), (0x33CF, 0x33CF, 1), (0x33D3, 0x33D4, 1), (0x33DD, 0x33DD, 1),
(0x4EEE, 0x4EEE, 21), (0x4FC2, 0x4FC2, 18), (0x5BC6, 0x5BC6, 26), (0x6271, 0x6271, 17),
(0x6A5F, 0x6A5F, 16), (0x79D8, 0x79D8, 1), (0x8907, 0x8907, 19), (0x90E8, 0x90E8, 27),
(0x914D, 0x914D, 20), (0xFB05, 0xFB06, 1), (0xFE00, 0xFE0F, 1), (0xFE20, 0xFE2F, 1),
(0xFE49, 0xFE4C, 2), (0xFE61, 0xFE61, 24), (0xFEFF, 0xFEFF, 1), (0xFF0A, 0xFF0A, 24),
(0xFF22, 0xFF22, 1), (0xFF24, 0xFF24, 1), (0xFF34, 0xFF34, 1), (0xFF38, 0xFF38, 1),
(0xFF42, 0xFF42, 1), (0xFF44, 0xFF44, 1), (0xFF54, 0xFF54, 1), (0xFF58, 0xFF58, 1),
(0xFF76, 0xFF76, 17), (0xFF82, 0xFF82, 26), (0xFF9E, 0xFFA0, 1), (0xFFE3, 0xFFE3, 2),
(0xFFED, 0xFFED, 28), (0xFFEE, 0xFFEE, 23), (0xFFF0, 0xFFFB, 1), (0x110BD, 0x110BD, 1),
(0x110CD, 0x110CD, 1), (0x13430, 0x1343F, 1), (0x16FE4, 0x16FE4, 1), (0x1BCA0, 0x1BCA3, 1),
(0x1CCD7, 0x1CCD7, 1), (0x1CCD9, 0x1CCD9, 1), (0x1CCE9, 0x1CCE9, 1), (0x1CCED, 0x1CCED, 1),
(0x1D173, 0x1D17A, 1), (0x1D401, 0x1D401, 1), (0x1D403, 0x1D403, 1), (0x1D413, 0x1D413, 1),
(0x1D417, 0x1D417, 1), (0x1D41B, 0x1D41B, 1), (0x1D41D, 0x1D41D, 1), (0x1D42D, 0x1D42D, 1),
(0x1D431, 0x1D431, 1), (0x1D435, 0x1D435, 1), (0x1D437, 0x1D437, 1), (0x1D447, 0x1D447, 1),
(0x1D44B, 0x1D44B, 1), (0x1D44F, 0x1D44F, 1), (0x1D451, 0x1D451, 1), (0x1D461, 0x1D461, 1),
(0x1D465, 0x1D465, 1), (0x1D469, 0x1D469, 1), (0x1D46B, 0x1D46B, 1), (0x1D47B, 0x1D47B, 1),
(0x1D47F, 0x1D47F, 1), (0x1D483, 0x1D483, 1), (0x1D485, 0x1D485, 1), (0x1D495, 0x1D495, 1),
(0x1D499, 0x1D499, 1), (0x1D49F, 0x1D49F, 1), (0x1D4AF, 0x1D4AF, 1), (0x1D4B3, 0x1D4B3, 1),
(0x1D4B7, 0x1D4B7, 1), (0x1D4B9, 0x1D4B9, 1), (0x1D4C9, 0x1D4C9, 1), (0x1D4CD, 0x1D4CD, 1),
(0x1D4D1, 0x1D4D1, 1), (0x1D4D3, 0x1D4D3, 1), (0x1D4E3, 0x1D4E3, 1), (0x1D4E7, 0x1D4E7, 1),
(0x1D4EB, 0x1D4EB, 1), (0x1D4ED, 0x1D4ED, 1), (0x1D4FD, 0x1D4FD, 1), (0x1D501, 0x1D501, 1),
(0x1D505, 0x1D505, 1), (0x1D507, 0x1D507, 1), (0x1D517, 0x1D517, 1), (0x1D51B, 0x1D51B, 1),
(0x1D51F, 0x1D51F, 1), (0x1D521, 0x1D521, 1), (0x1D531, 0x1D531, 1), (0x1D535, 0x1D535, 1),
(0x1D539, 0x1D539, 1), (0x1D53B, 0x1D53B, 1), (0x1D54B, 0x1D54B, 1), (0x1D54F, 0x1D54F, 1),
(0x1D553, 0x1D553, 1), (0x1D555, 0x1D555, 1), (0x1D565, 0x1D565, 1), (0x1D569, 0x1D569, 1),
(0x1D56D, 0x1D56D, 1), (0x1D56F, 0x1D56F, 1), (0x1D57F, 0x1D57F, 1), (0x1D583, 0x1D583, 1),
(0x1D587, 0x1D587, 1), (0x1D589, 0x1D589, 1), (0x1D599, 0x1D599, 1), (0x1D59D, 0x1D59D, 1),
(0x1D5A1, 0x1D5A1, 1), (0x1D5A3, 0x1D5A3, 1), (0x1D5B3, 0x1D5B3, 1), (0x1D5B7, 0x1D5B7, 1),
(0x1D5BB, 0x1D5BB, 1), (0x1D5BD, 0x1D5BD, 1), (0x1D5CD, 0x1D5CD, 1), (0x1D5D1, 0x1D5D1, 1),
(0x1D5D5, 0x1D5D5, 1), (0x1D5D7, 0x1D5D7, 1), (0x1D5E7, 0x1D5E7, 1), (0x1D5EB, 0x1D5EB, 1),
(0x1D5EF, 0x1D5EF, 1), (0x1D5F1, 0x1D5F1, 1), (0x1D601, 0x1D601, 1), (0x1D605, 0x1D605, 1),
(0x1D609, 0x1D609, 1), (0x1D60B, 0x1D60B, 1), (0x1D61B, 0x1D61B, 1), (0x1D61F, 0x1D61F, 1),
(0x1D623, 0x1D623, 1), (0x1D625, 0x1D625, 1), (0x1D635, 0x1D635, 1), (0x1D639, 0x1D639, 1),
(0x1D63D, 0x1D63D, 1), (0x1D63F, 0x1D63F, 1), (0x1D64F, 0x1D64F, 1), (0x1D653, 0x1D653, 1),
(0x1D657, 0x1D657, 1), (0x1D659, 0x1D659, 1), (0x1D669, 0x1D669, 1), (0x1D66D, 0x1D66D, 1),
(0x1D671, 0x1D671, 1), (0x1D673, 0x1D673, 1), (0x1D683, 0x1D683, 1), (0x1D687, 0x1D687, 1),
(0x1D68B, 0x1D68B, 1), (0x1D68D, 0x1D68D, 1), (0x1D69D, 0x1D69D, 1), (0x1D6A1, 0x1D6A1, 1),
(0x1F111, 0x1F111, 1), (0x1F113, 0x1F113, 1), (0x1F123, 0x1F123, 1), (0x1F127, 0x1F127, 1),
(0x1F12D, 0x1F12D, 1), (0x1F131, 0x1F131, 1), (0x1F133, 0x1F133, 1), (0x1F143, 0x1F143, 1),
(0x1F147, 0x1F147, 1), (0x1F14C, 0x1F14C, 1), (0x1F16B, 0x1F16B, 1), (0x1F190, 0x1F190, 1),
(0x1F200, 0x1F200, 17), (0x1F23B, 0x1F23B, 20), (0xE0000, 0xE0FFF, 1),
// END GENERATED
];

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // UPDATE_TRIGGERS=1 rewrites this file's generated table
mod tests {
    use super::*;

    /// The class of a character, from its fold.
    fn compute(c: char) -> Class {
        let mut f = String::new();
        super::super::fold::fold(c.encode_utf8(&mut [0; 4]), true, |d, _| f.push(d));
        if f.is_empty() {
            return Class::Hit;
        }
        if f.chars().all(char::is_whitespace) {
            return Class::Space;
        }
        let compact: Vec<char> = f.chars().filter(|c| !c.is_whitespace()).collect();
        let first_of = |d: &char| GROUPS.iter().position(|(firsts, _)| firsts.contains(d));
        let hit = compact
            .iter()
            .any(|d| SINGLES.contains(d) || ASCII_LETTERS.contains(*d) || d.is_control())
            || compact[..compact.len() - 1]
                .iter()
                .any(|d| first_of(d).is_some());
        if hit {
            return Class::Hit;
        }
        match compact.last().and_then(first_of) {
            Some(g) => Class::First(g),
            None => Class::None,
        }
    }

    fn table() -> Vec<(u32, u32, u8)> {
        let mut out: Vec<(u32, u32, u8)> = Vec::new();
        for u in 0x80..=0x10FFFF_u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let code = compute(c).code();
            if code == 0 {
                continue;
            }
            match out.last_mut() {
                Some(last) if last.1 + 1 == u && last.2 == code => last.1 = u,
                _ => out.push((u, u, code)),
            }
        }
        out
    }

    #[test]
    fn triggers_are_current() {
        let table = table();
        if std::env::var_os("UPDATE_TRIGGERS").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/gate/triggers.rs");
            let text = std::fs::read_to_string(path).unwrap();
            let (head, rest) = text.split_once("// BEGIN GENERATED\n").unwrap();
            let (_, tail) = rest.split_once("// END GENERATED\n").unwrap();
            let mut body = String::new();
            for chunk in table.chunks(4) {
                let row: Vec<String> = chunk
                    .iter()
                    .map(|(a, b, c)| format!("(0x{a:04X}, 0x{b:04X}, {c})"))
                    .collect();
                body.push_str(&row.join(", "));
                body.push_str(",\n");
            }
            let new = format!("{head}// BEGIN GENERATED\n{body}// END GENERATED\n{tail}");
            std::fs::write(path, new).unwrap();
            return;
        }
        assert!(
            table == CLASSES,
            "the trigger table is stale: run UPDATE_TRIGGERS=1 cargo test --lib triggers_are_current"
        );
    }
}

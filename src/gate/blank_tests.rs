//! Regression (hostile test, item 2): a Braille blank U+2800 between 機密性 and 2 was
//! published, because the folding dropped many invisible characters but not that one. Every
//! character that renders blank or not at all, inserted anywhere in a marking, alone or in a
//! sequence, must not hide it: from the source scan nor from the barrier.

use super::barrier::Barrier;
use super::scan;
use crate::load::config::BaseUrl;
use crate::model::publication::Publication;

/// Every character that renders blank or nothing, by range: Unicode White_Space,
/// Default_Ignorable_Code_Point and Cc (as Unicode 14 lists them, here written out rather than
/// taken from the code under test), the other format characters, and blank signs.
const BLANK: &[(u32, u32)] = &[
    (0x0000, 0x0020),
    (0x007F, 0x00A0),
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x1680, 0x1680),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x2000, 0x200F),
    (0x2028, 0x202F),
    (0x205F, 0x206F),
    (0x2800, 0x2800),
    (0x3000, 0x3000),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFFB),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
];

/// Markings, handling words and signs that blanks must not split.
const MARKED: &[&str] = &[
    "機密性2情報",
    "機密性２",
    "【機密性3】",
    "要機密情報",
    "取扱注意",
    "取り扱い注意",
    "関係者限り",
    "部外秘",
    "極秘",
    "●●",
    "（仮）",
];

fn blanks() -> Vec<char> {
    BLANK
        .iter()
        .flat_map(|&(a, b)| a..=b)
        .filter_map(char::from_u32)
        .collect()
}

/// `marked` with `insert` at character position `at`.
fn with(marked: &str, at: usize, insert: &str) -> String {
    let mut out: String = marked.chars().take(at).collect();
    out.push_str(insert);
    out.extend(marked.chars().skip(at));
    out
}

#[test]
fn a_braille_blank_inside_a_marking_does_not_hide_it() {
    for marked in MARKED {
        for at in 0..=marked.chars().count() {
            let text = with(marked, at, "\u{2800}");
            assert!(!scan(&text, &[]).is_empty(), "{text:?}");
        }
    }
}

#[test]
fn every_blank_character_at_every_position_of_every_marking_is_dropped() {
    let blanks = blanks();
    for marked in MARKED {
        for at in 1..marked.chars().count() {
            for &c in &blanks {
                // A line break ends a line of the source scan: that case is the barrier's.
                if matches!(
                    c,
                    '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
                ) {
                    continue;
                }
                let text = with(marked, at, c.encode_utf8(&mut [0; 4]));
                assert!(
                    !scan(&text, &[]).is_empty(),
                    "U+{:04X} in {marked} at {at}",
                    c as u32
                );
            }
        }
    }
}

#[test]
fn sequences_of_blank_characters_inside_a_marking_are_dropped() {
    let blanks = blanks();
    for (n, window) in blanks.windows(3).enumerate().step_by(7) {
        let marked = MARKED[n % MARKED.len()];
        let insert: String = window.iter().chain(blanks.iter().rev().take(2)).collect();
        for at in 1..marked.chars().count() {
            let text = with(marked, at, &insert);
            // A file whose first bytes hold a control character is read as binary, its text
            // runs cut at control characters: those are the source scan's to catch.
            let html = format!("<p>会議資料{text}を公開します。</p>");
            assert!(
                !scan(&text.replace(['\n', '\r'], ""), &[]).is_empty(),
                "{insert:?} in {marked}"
            );
            if !insert.chars().any(|c| c.is_control()) {
                let found = barrier().scan("news/index.html", html.as_bytes());
                assert!(!found.is_empty(), "{insert:?} in {marked}");
            }
        }
    }
}

#[test]
fn the_barrier_reads_a_page_with_every_blank_character_inside_a_marking() {
    let barrier = barrier();
    for c in blanks().into_iter().filter(|c| !c.is_control()) {
        for at in 1..4 {
            let text = with("機密性2情報", at, c.encode_utf8(&mut [0; 4]));
            let html = format!("<p>会議資料（{text}）を公開します。</p>");
            assert!(
                !barrier.scan("news/index.html", html.as_bytes()).is_empty(),
                "U+{:04X} at {at}",
                c as u32
            );
        }
    }
}

fn barrier() -> Barrier {
    let base = BaseUrl::parse("https://www.example.go.jp/").unwrap();
    Barrier::new(&base, &Publication::default(), std::iter::empty())
}

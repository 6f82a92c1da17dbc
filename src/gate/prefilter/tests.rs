use super::*;

fn may(text: &str) -> bool {
    may_match(text.as_bytes(), Mode::Text, None)
}

#[test]
fn every_rule_is_let_through() {
    for text in [
        "機密性2",
        "要機密情報",
        "【秘】",
        "㊙",
        "●●",
        "● ●",
        "○○",
        "＊＊",
        "××",
        "（仮）",
        "TBD",
        "xx",
        "ＴＢＤ",
        "ＸＸ",
        "〇〇",
        "◯◯",
        "取扱注意",
        "取り扱い注意",
        "関係者限り",
        "複製禁止",
        "配布禁止",
        "機<b>密",
        "機&#x5BC6;",
        "&#x6A5F;",
        "&#27231;",
        "&times;&times;",
        "%E6%A9%9F",
        "\\u6A5F",
        "\\6A5F",
        "\\x58\\x58",
        "X\u{200B}X",
        "機\u{0301}密",
        "機\n密",
    ] {
        assert!(may(text), "{text}");
    }
}

#[test]
fn ordinary_text_is_skipped() {
    for text in [
        "市の予算に関する意見が多く寄せられました。The Timeline was reviewed.",
        "医療機器の開発と取扱いの説明、関係者の皆様へ。複製と配布について",
        "<p>機器の開発</p><table><tbody><tr><td>1</td></tr></tbody></table>",
        "a &amp; b &lt; c &#39;d&#39; 100% \\n \\\" \\\\ ",
    ] {
        assert!(!may(text), "{text}");
    }
}

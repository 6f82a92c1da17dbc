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
        "&#x6A5F;密",
        "&#27231;&#23494;性",
        "&times;&times;",
        "%E6%A9%9F",
        "\\u6A5F",
        "\\6A5F",
        "\\x58\\x58",
        "X\u{200B}X",
        "機\u{0301}密",
        "機\n密",
        "機\u{2800}密",
        "機<rt>き</rt>密",
        "<ruby>機<rp>(</rp><rt>き</rt><rp>)</rp></ruby>密",
        "機<span hidden>x</span>密",
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

mod generated {
    //! The prefilter's promise, tested on generated text: where it says "no", the full scan
    //! (every decoder, the tokenizer, every rule and the withheld URLs) finds nothing.

    use proptest::prelude::*;

    use crate::gate::barrier::Barrier;
    use crate::load::config::BaseUrl;
    use crate::model::publication::Publication;
    use crate::model::publication::Unpublished;

    const PIECES: &[&str] = &[
        "機",
        "密",
        "性",
        "2",
        "３",
        "Ⅲ",
        "情報",
        "要",
        "取",
        "り",
        "扱",
        "い",
        "注",
        "意",
        "関",
        "係",
        "者",
        "限",
        "複",
        "製",
        "禁",
        "配",
        "付",
        "布",
        "秘",
        "㊙",
        "仮",
        "(",
        "）",
        "【",
        "】",
        "●",
        "○",
        "〇",
        "◯",
        "＊",
        "﹡",
        "×",
        "x",
        "X",
        "t",
        "b",
        "d",
        "T",
        "B",
        "D",
        "Ｘ",
        "ⅹ",
        "™",
        " ",
        "\n",
        "\u{3000}",
        "<b>",
        "</b>",
        "<!--",
        "-->",
        "<!-->",
        "<p>",
        "</p>",
        "<br>",
        "</td><td>",
        "<p>",
        "</li>\n<li>",
        "<span class=x>",
        "&",
        "#",
        "x",
        ";",
        "&#x",
        "&#",
        "6A5F",
        "5BC6",
        "6027",
        "32",
        "&times;",
        "&shy;",
        "&amp;",
        "&lt;",
        "&nbsp;",
        "%",
        "E6",
        "A9",
        "9F",
        "\\",
        "u",
        "\\u",
        "\\x",
        "{",
        "}",
        "\u{200B}",
        "\u{2060}",
        "\u{00AD}",
        "\u{FE00}",
        "\u{0301}",
        "\u{3099}",
        "\0",
        "\u{7}",
        "<script>",
        "</script>",
        "<style>",
        "\"",
        "'",
        "=",
        "<a href=\"",
        "<img alt='",
        "\">",
        "/",
        "internal",
        "plan",
        "Plan",
        "..",
        "http://",
        "//",
        "www.example.go.jp",
        ":443",
        "@",
        "a",
        "あ",
        "。",
        "、",
    ];

    /// What the rules match (and a withheld URL), to be spelled in random ways.
    const TARGETS: &[&str] = &[
        "機密性2",
        "機密性３情報",
        "要機密情報",
        "取扱注意",
        "取り扱い注意",
        "関係者限り",
        "複製禁止",
        "配布禁止",
        "【秘】",
        "(仮)",
        "●●",
        "○〇",
        "＊＊",
        "××",
        "XX",
        "xxx",
        "tbd",
        "/internal/plan/",
    ];

    /// What may stand between two characters of a target.
    const BETWEEN: &[&str] = &[
        "",
        "",
        "",
        " ",
        "\n",
        "<b>",
        "</b>",
        "<!-- -->",
        "<!---->",
        "\u{200B}",
        "&shy;",
        "\u{00AD}",
        "\u{FE00}",
        "&#x200B;",
        "%E2%80%8B",
        "\\u200B",
        "\u{7}",
        "<br>",
        "</td><td>",
        "<p>",
        "</li>\n<li>",
        "<span class=x>",
        "<rt>x</rt>",
        "<ruby>",
        "<rp>(</rp><rt>x</rt><rp>)</rp></ruby><ruby>",
        "<span hidden>x</span>",
        "\u{2800}",
        "\u{E0041}",
    ];

    /// `c` written one of the ways a published text may write it.
    fn spell(c: char, way: u8) -> String {
        let mut utf8 = [0; 4];
        let bytes = c.encode_utf8(&mut utf8).as_bytes();
        match way % 10 {
            0..=3 => c.to_string(),
            8 => format!("&#x{:X};", c as u32),
            9 => format!("&#{};", c as u32),
            4 => bytes.iter().map(|b| format!("%{b:02X}")).collect(),
            5 => format!("\\u{:04x}", c as u32),
            6 => format!("\\{:X} ", c as u32),
            // The full-width form of ASCII, which NFKC folds back.
            _ if ('!'..='~').contains(&c) => {
                char::from_u32(c as u32 + 0xFEE0).map_or(c.to_string(), String::from)
            }
            _ => c.to_string(),
        }
    }

    fn spelled() -> impl Strategy<Value = String> {
        (
            prop::sample::select(TARGETS),
            prop::collection::vec((any::<u8>(), prop::sample::select(BETWEEN)), 24),
        )
            .prop_map(|(target, ways)| {
                let mut out = String::new();
                for (c, (way, between)) in target.chars().zip(ways) {
                    if !out.is_empty() {
                        out.push_str(between);
                    }
                    out.push_str(&spell(c, way));
                }
                out
            })
    }

    fn text() -> impl Strategy<Value = String> {
        (
            prop::collection::vec(prop::sample::select(PIECES), 0..12),
            prop::option::of(spelled()),
            prop::collection::vec(prop::sample::select(PIECES), 0..12),
        )
            .prop_map(|(a, m, b)| format!("{}{}{}", a.concat(), m.unwrap_or_default(), b.concat()))
    }

    fn barrier() -> Barrier {
        let base = BaseUrl::parse("https://www.example.go.jp/sub/").unwrap();
        let mut publication = Publication::default();
        publication.left_out_urls.insert(
            "internal/plan/".to_owned(),
            ("internal/plan.md".to_owned(), Unpublished::Withheld),
        );
        Barrier::new(&base, &publication, std::iter::empty())
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 512,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn the_prefilter_never_skips_what_the_full_scan_finds(
            text in text(),
            path in prop::sample::select(&["a/index.html", "notes.txt", "x.js", "README", "d.json"][..]),
        ) {
            let full = barrier().without_prefilter().scan(path, text.as_bytes());
            if !full.is_empty() {
                prop_assert!(
                    barrier().scan(path, text.as_bytes()) == full,
                    "the prefilter skipped {full:?} in {text:?}"
                );
            }
        }

        #[test]
        fn the_prefilter_never_skips_a_match_in_binary_bytes(
            bytes in prop::collection::vec(any::<u8>(), 0..64),
            text in text(),
        ) {
            let mut bytes = bytes;
            bytes.push(0);
            bytes.extend_from_slice(text.as_bytes());
            let full = barrier().without_prefilter().scan("img.png", &bytes);
            if !full.is_empty() {
                prop_assert!(barrier().scan("img.png", &bytes) == full, "{bytes:?}");
            }
        }
    }
}

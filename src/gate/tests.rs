use super::*;

fn tokens(text: &str) -> Vec<String> {
    scan(text, &[]).into_iter().map(|f| f.token).collect()
}

#[test]
fn classification_variants_are_one_value() {
    for t in [
        "機密性1",
        "機密性１",
        "機密性 1",
        "機密性1情報",
        "機密性　１　情報",
        "【機密性1情報】",
    ] {
        assert_eq!(parse_classification(t), Ok(Classification::One), "{t}");
    }
    assert_eq!(parse_classification("機密性２"), Ok(Classification::Two));
    assert_eq!(
        parse_classification("機密性 3 情報"),
        Ok(Classification::Three)
    );
    for t in ["機密性4", "公開", "1", "機密性"] {
        assert!(parse_classification(t).is_err(), "{t}");
    }
}

#[test]
fn markings_above_one_are_caught_in_every_form() {
    for t in [
        "【機密性 2 情報】",
        "機密性2",
        "機密性２",
        "機密性二情報",
        "機密性３",
        "(機密性三)",
        "本書は機密性 ３ 情報です",
        "要機密情報",
    ] {
        assert!(!tokens(t).is_empty(), "{t} was not caught");
    }
    assert!(tokens("機密性1情報のみを掲載します").is_empty());
}

#[test]
fn handling_words_are_caught_but_not_secretary() {
    for w in [
        "極秘",
        "秘密文書",
        "取扱注意",
        "取扱い注意",
        "取り扱い注意",
        "取り扱注意",
        "関係者限り",
        "部外秘",
        "厳秘",
        "複製禁止",
        "配付禁止",
        "配布禁止",
    ] {
        assert_eq!(
            tokens(&format!("この資料は{w}です")),
            vec![w.to_string()],
            "{w}"
        );
    }
    assert_eq!(tokens("取扱 注意"), vec!["取扱 注意"]);
    for (t, token) in [
        ("【秘】", "【秘】"),
        ("［秘］", "［秘］"),
        ("(秘)", "(秘)"),
        ("（秘）", "（秘）"),
        ("㊙ 資料", "㊙"),
    ] {
        assert_eq!(tokens(t), vec![token], "{t}");
    }
    assert!(tokens("大臣秘書官と秘書課").is_empty());
    assert!(tokens("秘密保持の考え方").is_empty());
}

#[test]
fn placeholders_are_caught() {
    assert_eq!(tokens("主査：●●次長"), vec!["●●"]);
    assert_eq!(tokens("○○課"), vec!["○○"]);
    assert_eq!(tokens("＊＊＊"), vec!["＊＊＊"]);
    assert_eq!(tokens("会議名（仮）"), vec!["（仮）"]);
    assert_eq!(tokens("日程は TBD"), vec!["TBD"]);
    assert_eq!(tokens("XXX-XXXX"), vec!["XXX", "XXXX"]);
    assert!(tokens("**強調**と XXXL サイズ、TBDs").is_empty());
    for (line, token) in [
        ("担当：XX", "XX"),
        ("担当 xxx まで", "xxx"),
        ("日程は tbd", "tbd"),
        ("日程は Tbd です", "Tbd"),
        ("● ●次長", "● ●"),
        ("××課", "××"),
        ("平成ＸＸ年", "ＸＸ"),
    ] {
        assert_eq!(tokens(line), vec![token.to_owned()], "{line}");
    }
    for line in [
        "XXL サイズ",
        "Xx 型",
        "https://example.go.jp/xx/tbd/",
        "/files/xxx/",
        "3×3 の表",
        "○ と ×",
    ] {
        assert!(tokens(line).is_empty(), "{line}: {:?}", tokens(line));
    }
}

#[test]
fn tbd_and_xxx_after_an_ascii_word_are_caught() {
    for (line, token) in [
        ("Status TBD", "TBD"),
        ("Contact XXX for details", "XXX"),
        ("2011 TBD", "TBD"),
        ("電話 03-XXXX-XXXX", "XXXX"),
        ("担当：ＸＸＸ", "ＸＸＸ"),
    ] {
        assert!(tokens(line).contains(&token.to_owned()), "{line}");
    }
    assert!(tokens("TBDX XXXL 2011TBD").is_empty());
}

#[test]
fn more_placeholder_and_marking_forms_are_caught() {
    assert_eq!(tokens("〇〇課長"), vec!["〇〇"]);
    assert_eq!(tokens("◯◯室"), vec!["◯◯"]);
    assert_eq!(tokens("＊＊について"), vec!["＊＊"]);
    for (line, token) in [
        ("機密性：2", "機密性：2"),
        ("機密性Ⅱ", "機密性Ⅱ"),
        ("【機密性Ⅲ情報】", "機密性Ⅲ"),
        ("機密性 ３", "機密性 ３"),
        ("【機密性二情報】", "機密性二"),
    ] {
        assert_eq!(tokens(line), vec![token.to_owned()], "{line}");
    }
    assert!(tokens("機密性Ⅰ").is_empty());
}

#[test]
fn columns_count_the_characters_as_written() {
    let col = |line: &str| scan(line, &[])[0].col;
    assert_eq!(col("会議名（仮）"), 4);
    assert_eq!(col("資料 ㊙ 一式"), 4);
    assert_eq!(col("担当者 ＸＸＸ"), 5);
    assert_eq!(col("この（秘）資料"), 3);
}

#[test]
fn findings_carry_line_and_column() {
    let f = scan("---\ntitle: x\n---\n前文\n主査：●●次長\n", &[]);
    assert_eq!((f[0].line, f[0].col), (5, 4));
}

#[test]
fn skipped_lines_are_not_read() {
    assert!(scan("allow:\n  - text: 取扱注意\n", &[(1, 2)]).is_empty());
}

#[test]
fn allow_lets_the_exact_string_through() {
    let entry = |text: &str| Allow {
        text: text.into(),
        reason: "説明".into(),
    };
    let f = &scan("「取扱注意」と書かれた資料は掲載しません", &[])[0];
    assert!(allows(&entry("取扱注意"), f));
    assert!(allows(&entry("取扱 注意"), f));
    assert!(!allows(&entry("部外秘"), f));
    assert!(!allows(&entry("取扱注意の資料"), f));
    let g = &scan("会議名（仮）", &[])[0];
    assert!(allows(&entry("(仮)"), g));
}

#[test]
fn allow_never_silences_a_marking_and_must_name_the_stamp_exactly() {
    let entry = |text: &str| Allow {
        text: text.into(),
        reason: "説明".into(),
    };
    let marking = &scan("【機密性2情報】", &[])[0];
    for text in ["機密性1", "機密性", "機密性2", "【機密性2情報】"] {
        assert!(!allows(&entry(text), marking), "{text}");
        assert!(names_marking(text), "{text}");
    }
    let stamp = &scan("秘書【秘】", &[])[0];
    assert!(!allows(&entry("秘書"), stamp));
    assert!(!allows(&entry("秘"), stamp));
    assert!(allows(&entry("【秘】"), stamp));
}

#[test]
fn invisible_characters_inside_a_marking_do_not_hide_it() {
    for c in [
        '\u{200B}',
        '\u{2060}',
        '\u{200C}',
        '\u{00AD}',
        '\u{FE00}',
        '\u{E0101}',
    ] {
        let line = format!("計画 機密性{c}2");
        assert_eq!(tokens(&line).len(), 1, "U+{:04X}", c as u32);
        let line = format!("取扱{c}注意");
        assert_eq!(tokens(&line).len(), 1, "U+{:04X}", c as u32);
    }
}

mod page_findings_read_the_whole_file {
    use std::path::PathBuf;

    use proptest::prelude::*;

    use super::*;
    use crate::load::source::{SourceFile, SourceKind};

    /// The page parsed from `text`, if it parses.
    fn page(text: &str) -> Option<Page> {
        let file = SourceFile {
            abs: PathBuf::from("/site/content/p.md"),
            rel: PathBuf::from("content/p.md"),
            content_path: "p.md".to_owned(),
            kind: SourceKind::Page,
            text: Some(text.to_owned()),
            modified: None,
        };
        crate::parse::page::parse_file(file, &[]).ok()
    }

    /// What a scan of the whole file finds, its own keys aside (as parsing once recorded).
    fn findings_of_file(page: &Page, text: &str) -> Vec<Finding> {
        let skip: Vec<(usize, usize)> = ["classification", "allow"]
            .iter()
            .filter_map(|k| page.front.block(k))
            .collect();
        scan(text, &skip)
    }

    fn piece() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "取扱注意",
            "機密性2",
            "●●",
            "(仮)",
            "本文",
            "",
            " ",
            "title: x",
            "---",
            "\n",
            "allow:\n  - text: ●●\n    reason: 例\n",
            "classification: 機密性1\n",
            "TBD",
        ])
        .prop_map(str::to_owned)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

        /// The findings of a page read in its two parts (front text, body) are those of the
        /// whole file read at once, line for line, wherever the lines fall.
        #[test]
        fn front_text_and_body_read_as_one_file(
            front in prop::collection::vec(piece(), 0..6),
            body in prop::collection::vec(piece(), 0..8),
            trailing in any::<bool>(),
        ) {
            let mut text = format!("---\ntitle: t\n{}\n---", front.concat());
            if trailing || !body.is_empty() {
                text.push('\n');
            }
            text.push_str(&body.join("\n"));
            if let Some(page) = page(&text) {
                prop_assert_eq!(page_findings(&page), findings_of_file(&page, &text), "{:?}", text);
            }
        }
    }
}

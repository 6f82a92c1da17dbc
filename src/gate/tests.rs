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
    for w in HANDLING_WORDS {
        assert_eq!(
            tokens(&format!("この資料は{w}です")),
            vec![w.to_string()],
            "{w}"
        );
    }
    assert_eq!(tokens("取扱 注意"), vec!["取扱注意"]);
    for t in ["【秘】", "［秘］", "(秘)", "（秘）", "㊙ 資料"] {
        assert_eq!(tokens(t), vec!["秘"], "{t}");
    }
    assert!(tokens("大臣秘書官と秘書課").is_empty());
    assert!(tokens("秘密保持の考え方").is_empty());
}

#[test]
fn placeholders_are_caught() {
    assert_eq!(tokens("主査：●●次長"), vec!["●●"]);
    assert_eq!(tokens("○○課"), vec!["○○"]);
    assert_eq!(tokens("＊＊＊"), vec!["＊＊"]);
    assert_eq!(tokens("会議名（仮）"), vec!["(仮)"]);
    assert_eq!(tokens("日程は TBD"), vec!["TBD"]);
    assert_eq!(tokens("XXX-XXXX"), vec!["XXX"]);
    assert!(tokens("**強調**と XXXL サイズ").is_empty());
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
    let allow = vec![Allow {
        text: "取扱注意".into(),
        reason: "注意喚起の説明文".into(),
    }];
    let line = "「取扱注意」と書かれた資料は掲載しません";
    let f = &scan(line, &[])[0];
    assert!(is_allowed(f, line, &allow));
    let other = "部外秘";
    let g = &scan(other, &[])[0];
    assert!(!is_allowed(g, other, &allow));
}

#[test]
fn the_pre_filter_lets_every_rule_through() {
    let mut lines: Vec<String> = HANDLING_WORDS.iter().map(|w| w.to_string()).collect();
    lines.extend(
        [
            "機密性2",
            "要機密情報",
            "【秘】",
            "㊙",
            "●●",
            "○○",
            "＊＊",
            "（仮）",
            "TBD",
            "XXX",
            "ＴＢＤ",
            "ＸＸＸ",
            "⽋",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    for line in lines {
        assert!(may_match(&line), "{line}");
    }
    assert!(!may_match(
        "市の予算に関する意見が多く寄せられました。The Timeline was reviewed."
    ));
}

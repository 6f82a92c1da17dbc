//! Messages an office editor can act on (issue 13): each common editing mistake gives one
//! diagnostic, at its line, in Japanese by default, saying what is wrong and what to type
//! instead. Each is checked by its code and arguments, and by its exact Japanese words.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use std::process::Command;

use common::Site;
use office_site::{Code, Diagnostic, Lang};

const PAGE: &str = "content/teams/devices.md";

/// The errors of building the basic fixture with `files` written over it.
fn errors_with(files: &[(&str, &str)]) -> Vec<Diagnostic> {
    let site = Site::fixture("basic");
    for (path, text) in files {
        site.write(path, text);
    }
    let errors: Vec<Diagnostic> = match site.build() {
        Ok(_) => panic!("the build should have failed"),
        Err(errors) => errors.into_iter().filter(Diagnostic::is_error).collect(),
    };
    for d in &errors {
        for lang in [Lang::Ja, Lang::En] {
            let shown = d.shown(lang).to_string();
            assert!(
                !shown.contains('{'),
                "an argument was never supplied: {shown}"
            );
        }
    }
    errors
}

/// The one error of a page with this front matter (and body).
fn one_error(front: &str, body: &str) -> Diagnostic {
    let errors = errors_with(&[(PAGE, &format!("---\n{front}---\n{body}"))]);
    assert_eq!(errors.len(), 1, "one error per mistake: {errors:#?}");
    errors.into_iter().next().unwrap()
}

/// Checks a diagnostic's code, place, arguments and its Japanese message and notes.
fn check(d: &Diagnostic, code: Code, line: usize, args: &[(&str, &str)], ja: &[&str]) {
    assert_eq!(d.code, code, "{d}");
    assert_eq!(d.line, Some(line), "{d}");
    for (name, value) in args {
        assert_eq!(d.arg_value(name), Some(*value), "{name}: {d}");
    }
    let mut shown = vec![d.message_in(Lang::Ja)];
    shown.extend(d.all_notes_in(Lang::Ja));
    assert_eq!(shown, ja, "{}", d.shown(Lang::Ja));
}

#[test]
fn a_tab_in_the_indentation_is_named_and_shown_as_an_arrow() {
    let site = Site::fixture("basic");
    site.write(PAGE, "---\ntitle: 機器\n\tweight: 2\n---\n本文。\n");
    let Err(errors) = site.build() else {
        panic!("built")
    };
    let errors: Vec<_> = errors.into_iter().filter(Diagnostic::is_error).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    check(
        &errors[0],
        Code::E0230,
        3,
        &[("fixed", "weight: 2")],
        &[
            "この行の字下げにタブ（→ で示しています）が使われています。YAML の字下げは半角スペースだけです。タブを半角スペースに置き換えてください",
            "こう書きます: weight: 2",
        ],
    );
    let mut report = Vec::new();
    office_site::Diagnostics::from_iter(errors)
        .report_in(&site.root, Lang::Ja, &mut report)
        .unwrap();
    let report = String::from_utf8(report).unwrap();
    assert!(report.contains(" 3 | →weight: 2\n"), "{report}");
}

#[test]
fn a_colon_in_a_title_says_to_quote_it_and_shows_the_line() {
    let d = one_error("title: 機器: 二つ\n", "");
    check(
        &d,
        Code::E0231,
        2,
        &[
            ("key", "title"),
            ("why", "colon"),
            ("fixed", "title: \"機器: 二つ\""),
        ],
        &[
            "「title」の値に「: 」が入っているため、YAML の記号として読まれてしまいます。値全体を \"…\" で囲んでください",
            "こう書きます: title: \"機器: 二つ\"",
        ],
    );
}

#[test]
fn a_value_starting_with_yaml_syntax_says_to_quote_it() {
    for lead in ["[案]", "*", "&", "!", "%", "@", "`", "#"] {
        let d = one_error(&format!("title: {lead}機器\n"), "");
        let fixed = format!("title: \"{lead}機器\"");
        let first = &lead[..1];
        check(
            &d,
            Code::E0231,
            2,
            &[("why", "lead"), ("char", first), ("fixed", &fixed)],
            &[
                &format!(
                    "「title」の値が「{first}」で始まっているため、YAML の記号として読まれてしまいます。値全体を \"…\" で囲んでください"
                ),
                &format!("こう書きます: {fixed}"),
            ],
        );
    }
}

#[test]
fn a_missing_space_after_a_colon() {
    let d = one_error("title:機器\n", "");
    check(
        &d,
        Code::E0232,
        2,
        &[("key", "title"), ("fixed", "title: 機器")],
        &[
            "「title:」の「:」の後ろに半角スペースがありません。「:」の後ろに半角スペースを1つ入れてください",
            "こう書きます: title: 機器",
        ],
    );
}

#[test]
fn a_full_width_space_or_colon_in_a_key() {
    let d = one_error("title: 機器\n\u{3000}weight: 2\n", "");
    check(
        &d,
        Code::E0233,
        3,
        &[("key", "weight"), ("fixed", "weight: 2")],
        &[
            "キー「weight」の前か中に全角スペース（　）が入っています。キーの一部として読まれてしまうので、消すか半角スペースにしてください",
            "こう書きます: weight: 2",
        ],
    );
    let d = one_error("title: 機器\nweight：2\n", "");
    check(
        &d,
        Code::E0234,
        3,
        &[("key", "weight"), ("fixed", "weight: 2")],
        &[
            "キー「weight」の後ろが全角のコロン（：）になっています。半角のコロンと半角スペース（「: 」）にしてください",
            "こう書きます: weight: 2",
        ],
    );
}

#[test]
fn mismatched_quotes() {
    let d = one_error("title: \"機器'\nweight: 2\n", "");
    check(
        &d,
        Code::E0235,
        2,
        &[
            ("key", "title"),
            ("char", "\""),
            ("fixed", "title: \"機器\""),
        ],
        &[
            "「title」の値が \" で始まっていますが、同じ引用符で閉じていません。値の始めと終わりを同じ半角の引用符（\" か '）にしてください",
            "こう書きます: title: \"機器\"",
        ],
    );
}

#[test]
fn a_list_item_without_its_hyphen() {
    let d = one_error("title: 機器\nissues:\n  - regulation\n  clinical\n", "");
    check(
        &d,
        Code::E0236,
        5,
        &[("fixed", "  - clinical")],
        &[
            "この行はリストの中にありますが「- 」で始まっていません。リストの項目は、どれも「- 」（ハイフンと半角スペース）で始めてください",
            "こう書きます:   - clinical",
        ],
    );
}

#[test]
fn draft_yes_says_to_write_true_or_false() {
    for value in ["yes", "no", "on", "\"true\""] {
        let d = one_error(&format!("title: 機器\ndraft: {value}\n"), "");
        let shown = value.trim_matches('"');
        check(
            &d,
            Code::E0237,
            3,
            &[("key", "draft"), ("value", shown)],
            &[&format!(
                "「draft」に書けるのは true か false だけです（「{shown}」は使えません）。`draft: true` か `draft: false` と書いてください"
            )],
        );
    }
}

/// Regression: a bare `title:` was reported at 1:1, not at its line.
#[test]
fn a_bare_title_is_reported_at_its_line() {
    let d = one_error("weight: 2\ntitle:\n", "");
    check(
        &d,
        Code::E0204,
        3,
        &[],
        &[
            "`title` が空です。ページの題名を書いてください（例: `title: 医療イノベーション推進室について`）",
        ],
    );
}

#[test]
fn teams_on_an_issue_page_says_the_link_is_written_on_the_team_pages() {
    let errors = errors_with(&[(
        "content/issues/clinical.md",
        "---\ntitle: 臨床\nteams: [pharma]\n---\n本文。\n",
    )]);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    check(
        &errors[0],
        Code::E0238,
        3,
        &[
            ("key", "teams"),
            ("relation", "issues"),
            ("slug", "clinical"),
        ],
        &[
            "このページに「teams」は書けません。content/teams/ と content/issues/ の結び付きは、content/teams/ のページの「issues:」に書きます",
            "このページに関わる content/teams/ の各ページで、「issues:」にこのページの slug を書き足してください（例: `issues: [clinical]`）。このページには自動で一覧が出ます",
        ],
    );
}

#[test]
fn a_misspelt_relation_slug_suggests_the_near_one() {
    let errors = errors_with(&[
        (
            "content/issues/clinical-research.md",
            "---\ntitle: 臨床研究\n---\n本文。\n",
        ),
        (
            PAGE,
            "---\ntitle: 機器\nissues: [clinical-reserch]\n---\n本文。\n",
        ),
    ]);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    check(
        &errors[0],
        Code::E0419,
        3,
        &[
            ("slug", "clinical-reserch"),
            ("nearest", "clinical-research"),
        ],
        &[
            "`issues`: content/issues/ に slug が「clinical-reserch」のページはありません",
            "「clinical-research」のまちがいではありませんか？",
            "ここに書けるもの: clinical, clinical-research, regulation",
        ],
    );
}

#[test]
fn did_you_mean_compares_across_width_and_case() {
    let d = one_error("title: 機器\nissues: [ＲＥＧＵＬＡＴＩＯＮ]\n", "");
    assert_eq!(d.code, Code::E0419, "{d}");
    assert_eq!(d.arg_value("nearest"), Some("regulation"), "{d}");
    let d = one_error("title: 機器\nclassification: 機密性１ 情報です\n", "");
    assert_eq!(d.code, Code::E0305, "{d}");
    let d = one_error("title: 機器\nTitle_: x\n", "");
    assert_eq!(
        (d.code, d.arg_value("nearest")),
        (Code::E0203, Some("title")),
        "{d}"
    );
}

#[test]
fn an_unknown_key_suggests_the_near_one_and_a_misspelt_title_is_one_error() {
    let d = one_error("titel: 機器\n", "");
    assert_eq!(d.code, Code::E0203, "{d}");
    assert_eq!(d.line, Some(2));
    assert_eq!(d.arg_value("nearest"), Some("title"));
    assert_eq!(
        d.all_notes_in(Lang::Ja).last().map(String::as_str),
        Some("「title」のまちがいではありませんか？")
    );
}

#[test]
fn broken_links_and_anchors_suggest_the_near_target() {
    let errors = errors_with(&[(
        PAGE,
        "---\ntitle: 機器\n---\n[a](@/teams/pharm.md)\n\n[b](@/teams/pharma.md#goal)\n",
    )]);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    check(
        &errors[0],
        Code::E0412,
        4,
        &[("nearest", "@/teams/pharma.md")],
        &[
            "リンク「@/teams/pharm.md」: content/teams/pharm.md というファイルはありません",
            "「@/teams/pharma.md」のまちがいではありませんか？",
        ],
    );
    check(
        &errors[1],
        Code::E0407,
        6,
        &[("anchor", "goal"), ("nearest", "goals")],
        &[
            "リンク「@/teams/pharma.md#goal」: content/teams/pharma.md に ID が「goal」の見出しはありません（あるID: goals, 基本的な考え方）",
            "「goals」のまちがいではありませんか？",
        ],
    );
}

/// Regression: `@teams/x.md` was reported as a missing content/teams/@teams/x.md.
#[test]
fn an_at_link_without_its_slash_says_to_write_at_slash() {
    let d = one_error("title: 機器\n", "[医薬品](@teams/pharma.md)\n");
    check(
        &d,
        Code::E0239,
        4,
        &[("link", "@teams/pharma.md"), ("fixed", "@/teams/pharma.md")],
        &[
            "リンク「@teams/pharma.md」: サイトのほかのページへのリンクは「@/」で始めます。「@/teams/pharma.md」と書いてください",
        ],
    );
}

/// Regression: a link to a withheld page was reported twice, the second time by the URL of
/// its section (`/internal/`), which the editor never wrote.
#[test]
fn a_link_to_a_withheld_page_is_reported_once() {
    let errors = errors_with(&[
        (
            "content/internal/_index.md",
            "---\ntitle: 内部\nclassification: 機密性2\n---\n内部。\n",
        ),
        (
            "content/internal/plan.md",
            "---\ntitle: 計画\n---\n計画。\n",
        ),
        (PAGE, "---\ntitle: 機器\n---\n[計画](@/internal/plan.md)\n"),
    ]);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    check(
        &errors[0],
        Code::E0410,
        4,
        &[("target", "internal/plan.md")],
        &[
            "リンク「@/internal/plan.md」: content/internal/plan.md は機密性1より上に分類され、公開サイトには載りません。リンクを消してください",
        ],
    );
}

/// Regression: a Shift_JIS page gave its own error, then "no such file" for every link and
/// relation to it.
#[test]
fn an_undecodable_page_is_one_error() {
    let site = Site::fixture("basic");
    // 「臨床」 in Shift_JIS.
    let sjis: &[u8] = b"---\ntitle: \x97\xd5\x8f\xb0\n---\n\x97\xd5\x8f\xb0\n";
    site.write_bytes("content/issues/clinical.md", sjis);
    site.write(
        PAGE,
        "---\ntitle: 機器\nissues: [clinical]\n---\n[臨床](@/issues/clinical.md)\n",
    );
    let Err(errors) = site.build() else {
        panic!("built")
    };
    let errors: Vec<_> = errors.into_iter().filter(Diagnostic::is_error).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    check(
        &errors[0],
        Code::E0001,
        2,
        &[],
        &[
            "このファイルは UTF-8 で保存されていません（Shift_JIS や EUC-JP は読めません）。エディターで文字コードを UTF-8 にして保存し直してください",
        ],
    );
}

/// The command line: Japanese by default, English with `--lang en` or an English locale, in
/// the `PATH:LINE:COL: error[CODE]:` shape either way.
#[test]
fn the_command_line_speaks_japanese_unless_asked_for_english() {
    let site = Site::fixture("basic");
    site.write(PAGE, "---\ntitle: 機器\ndraft: yes\n---\n本文。\n");
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_office-site"));
        c.args(args).arg("check").current_dir(&site.root);
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            c.env_remove(name);
        }
        c.envs(env.iter().copied());
        String::from_utf8(c.output().unwrap().stderr).unwrap()
    };
    let line = "content/teams/devices.md:3:8: error[E0237]: ";
    let ja = run(&[], &[("LANG", "ja_JP.UTF-8")]);
    assert!(
        ja.contains(&format!(
            "{line}「draft」に書けるのは true か false だけです"
        )),
        "{ja}"
    );
    assert!(ja.contains("検査で問題が見つかりました"), "{ja}");
    assert_eq!(run(&[], &[]), ja, "Japanese without a locale");
    let en = format!("{line}`draft` is true or false, not `yes`");
    for (args, env) in [
        (&["--lang", "en"][..], &[("LANG", "ja_JP.UTF-8")][..]),
        (&[], &[("LANG", "en_US.UTF-8")]),
        (&[], &[("LC_MESSAGES", "en_GB"), ("LANG", "ja_JP.UTF-8")]),
    ] {
        let out = run(args, env);
        assert!(out.contains(&en), "{args:?} {env:?}: {out}");
        assert!(out.contains("check failed"), "{out}");
    }
    let out = run(&["--lang", "ja"], &[("LANG", "en_US.UTF-8")]);
    assert!(
        out.contains("「draft」"),
        "--lang wins over the locale: {out}"
    );
    let out = run(&[], &[("LC_ALL", "ja_JP.UTF-8"), ("LANG", "en_US.UTF-8")]);
    assert!(out.contains("「draft」"), "LC_ALL wins over LANG: {out}");
}

/// The gate's source scan leaves `@/` link destinations to the link step (above); an `@/`
/// path that is published as text, however it is written, is still caught before publishing.
#[test]
fn an_at_path_to_a_withheld_page_published_as_text_is_still_caught() {
    let link = "[計画](@/internal/plan.md)";
    let variants = [
        format!("`{link}`"),
        format!("```\n{link}\n```"),
        format!("    {link}"),
        "\\[計画\\](@/internal/plan.md)".to_owned(),
        format!("| 表 |\n|---|\n| `{link}` |"),
        "参照：@/internal/plan.md".to_owned(),
        "<@/internal/plan.md>".to_owned(),
    ];
    for body in variants {
        let site = Site::fixture("basic");
        site.write(
            "content/internal/_index.md",
            "---\ntitle: 内部\nclassification: 機密性2\n---\n内部。\n",
        )
        .write(
            "content/internal/plan.md",
            "---\ntitle: 計画\n---\n計画。\n",
        )
        .write(PAGE, &format!("---\ntitle: 機器\n---\n{body}\n"));
        match site.build() {
            Ok(_) => panic!("{body:?}: published the path of a withheld page"),
            Err(errors) => assert!(
                errors
                    .iter()
                    .any(|d| d.is_error() && d.to_string().contains("internal")),
                "{body:?}: {errors:#?}"
            ),
        }
        assert!(!site.output().exists(), "{body:?}");
    }
}

//! The words of a place inside an attachment, in both languages.

use super::describe;
use crate::diag::{Code, Diagnostic, Lang};
use crate::model::attachment::{Holder, Place};

/// Regression: E0314's Japanese put the rule's whole sentence inside another
/// (「…に この文には…だけですがあります。」) and named the place in English (`body`).
#[test]
fn the_japanese_e0314_was_garbled_and_named_its_place_in_english() {
    let places = [
        (Place::Body, "body", "本文"),
        (Place::Page(2), "page 2", "2ページ目"),
        (
            Place::Sheet {
                name: "内部".to_owned(),
                state: "hidden".to_owned(),
                cell: Some("A1".to_owned()),
            },
            "sheet 内部 (hidden), cell A1",
            "シート「内部」（非表示）のセル A1",
        ),
        (Place::SlideNotes(3), "slide 3 notes", "スライド 3 のノート"),
        (Place::Properties, "document properties", "文書のプロパティ"),
        (
            Place::Object {
                page: Some(1),
                holder: Holder::Object {
                    id: 6,
                    kind: Some("StructElem".to_owned()),
                },
            },
            "page 1, object 6 (StructElem)",
            "1ページ目のオブジェクト 6（StructElem）",
        ),
        (
            Place::Object {
                page: None,
                holder: Holder::Superseded {
                    id: 7,
                    stream: Some(9),
                },
            },
            "object 7 in object stream 9, not in the file's current version",
            "オブジェクトストリーム 9 の中のオブジェクト 7（以前の版のもので、現在の版にはありません）",
        ),
        (
            Place::Object {
                page: None,
                holder: Holder::Outside,
            },
            "bytes outside any object",
            "どのオブジェクトにも属さないバイト列",
        ),
    ];
    for (place, en, ja) in places {
        assert_eq!(describe(&place), en);
        let d = place
            .args()
            .into_iter()
            .fold(
                Diagnostic::new(Code::E0314, std::path::Path::new("a.docx")),
                |d, (n, v)| d.arg(n, v),
            )
            .arg("rule", "marking")
            .arg("token", "機密性２")
            .arg("level", "2")
            .arg("pages", "content/p.md");
        let message = d.message_in(Lang::Ja);
        assert!(message.contains(ja), "{message}");
        assert!(!message.contains(en) || en == ja, "{message}");
        assert_eq!(message.matches("あります").count(), 1, "{message}");
        assert!(!message.contains('{'), "{message}");
        let english = d.message_in(Lang::En);
        assert!(
            english.contains(&format!("inside this attachment, {en};")),
            "{english}"
        );
    }
}

/// Regression: E0316's Japanese held an English summary (`2 insertion(s) and 1 deletion(s)
/// by an unnamed author`).
#[test]
fn the_japanese_e0316_held_an_english_summary() {
    let d = Diagnostic::new(Code::E0316, std::path::Path::new("a.docx"))
        .arg("place", "body")
        .arg("inserted", 2)
        .arg("deleted", 1)
        .arg("authors", "unnamed")
        .arg("pages", "content/p.md");
    let ja = d.message_in(Lang::Ja);
    assert!(
        ja.contains("作成者名なしによる挿入2件・削除1件（本文。"),
        "{ja}"
    );
    let en = d.message_in(Lang::En);
    assert!(
        en.contains("2 insertion(s) and 1 deletion(s) by an unnamed author (body;"),
        "{en}"
    );
    let named = Diagnostic::new(Code::E0316, std::path::Path::new("a.docx"))
        .arg("place", "body")
        .arg("inserted", 1)
        .arg("deleted", 0)
        .arg("authors", "山田, 佐藤")
        .arg("pages", "content/p.md")
        .message_in(Lang::Ja);
    assert!(named.contains("山田, 佐藤による挿入1件"), "{named}");
}

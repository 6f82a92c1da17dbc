//! Regression (hostile test 2, item C): markings, handling words and placeholders spelled with
//! a connector between 機密性 and its level (`機密性レベル2`, `機密性は2`, `機密性：2`), in kana
//! (`ｷﾐﾂｾｲ2`, `きみつせい２`, `取扱ちゅうい`, `ぶがいひ`), or with lookalike glyphs (`⚫⚫`,
//! `⬤⬤`, `●⬤`, `■■`) were published. Each class is generated here, spelling by spelling, and
//! held to the source scan, the barrier and the prefilter; ordinary text is not flagged.

use super::barrier::Barrier;
use super::prefilter::{Mode, may_match};
use super::scan;
use crate::load::config::BaseUrl;
use crate::model::publication::Publication;

/// Spellings of 機密性: kanji, katakana, hiragana, half-width, and mixed.
const WORDS: &[&str] = &[
    "機密性",
    "キミツセイ",
    "きみつせい",
    "ｷﾐﾂｾｲ",
    "機みつ性",
    "きミツせい",
];

/// What may stand between it and the level.
const CONNECTORS: &[&str] = &[
    "",
    "レベル",
    "は",
    "の",
    "：",
    ":",
    "・",
    "区分",
    "の区分は",
    "レベル：",
    "（レベル",
    "が",
    "ﾚﾍﾞﾙ",
    "れべる",
];

const LEVELS: &[&str] = &["2", "２", "3", "３", "二", "三", "II", "Ⅲ"];

fn barrier() -> Barrier {
    let base = BaseUrl::parse("https://www.example.go.jp/").unwrap();
    Barrier::new(&base, &Publication::default(), std::iter::empty())
}

/// Each of `texts` is found by the source scan, the barrier (in a page) and the prefilter.
#[track_caller]
fn all_caught(texts: impl IntoIterator<Item = String>) {
    let barrier = barrier();
    for text in texts {
        assert!(!scan(&text, &[]).is_empty(), "source scan: {text}");
        let html = format!("<p>会議資料（{text}）を公開します。</p>");
        assert!(
            may_match(html.as_bytes(), Mode::Text, None),
            "prefilter: {text}"
        );
        assert!(
            !barrier.scan("news/index.html", html.as_bytes()).is_empty(),
            "barrier: {text}"
        );
    }
}

#[test]
fn markings_with_a_connector_or_in_kana_are_caught() {
    let mut texts = Vec::new();
    for word in WORDS {
        for connector in CONNECTORS {
            for level in LEVELS {
                texts.push(format!("{word}{connector}{level}情報"));
            }
        }
    }
    all_caught(texts);
}

#[test]
fn handling_words_in_kana_are_caught() {
    all_caught(
        [
            "取扱ちゅうい",
            "取扱チュウイ",
            "とりあつかいちゅうい",
            "取りあつかい注意",
            "ﾄﾘｱﾂｶｲﾁｭｳｲ",
            "ぶがいひ",
            "ブガイヒ",
            "ﾌﾞｶﾞｲﾋ",
            "部がいひ",
            "ぶ外秘",
        ]
        .map(str::to_owned),
    );
}

#[test]
fn runs_of_black_circles_and_squares_are_placeholders() {
    let glyphs = ['●', '⚫', '⬤', '⏺', '⚈', '⚉', '■', '◼', '◾', '⬛'];
    let circles = &glyphs[..6];
    let mut texts = Vec::new();
    for a in glyphs {
        texts.push(format!("主査：{a}{a}次長"));
        texts.push(format!("主査：{a} {a} {a}"));
    }
    for a in circles {
        for b in circles {
            texts.push(format!("{a}{b}課長"));
        }
    }
    all_caught(texts);
}

/// The false positives decided against: 機密性 without a level after it, a level too far from
/// it, one bullet glyph, and kana words that merely contain a reading's start.
#[test]
fn ordinary_text_is_not_flagged() {
    for text in [
        "機密性の高い情報は掲載しません",
        "機密性1情報のみを掲載します",
        "機密性は1です",
        "機密性の確保について2点説明します",
        "気密性２",
        "■概要",
        "● 開催日時",
        "■ 会議の目的 ● 議題",
        "きみつの２つの論点",
        "ぶがくの公演",
        "あつかいやすい注意書き",
        "ごくひとにぎり",
        "いつせいに",
    ] {
        assert!(scan(text, &[]).is_empty(), "{text}: {:?}", scan(text, &[]));
    }
}

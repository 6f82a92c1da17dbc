//! `data/accessibility.yaml`: what the office records of its accessibility tests, for the
//! accessibility report page (`template: accessibility-report.html`): the 表明日, the target
//! level, the scope, the tools used and their versions, and the manual findings (criterion,
//! result, note, date, who checked). Also the commit the site is built from, which seeds the
//! report's random sample of pages and PDFs so that it can be drawn again.
//!
//! Part of the load step; the render step turns it and the site's own checks into the report
//! (`render::accessibility_report`).

use std::path::Path;

use serde::Deserialize;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::load::yaml::Document;

/// The file, relative to the site root.
pub(crate) const FILE: &str = "data/accessibility.yaml";

/// The results a finding may give.
pub(crate) const RESULTS: &[&str] = &["適合", "不適合", "適用なし"];

/// The WCAG 2.0 level A and AA success criteria (JIS X 8341-3:2016), in order: number, name,
/// level.
pub(crate) const CRITERIA: &[(&str, &str, &str)] = &[
    ("1.1.1", "非テキストコンテンツ", "A"),
    ("1.2.1", "音声のみ及び映像のみ（収録済み）", "A"),
    ("1.2.2", "キャプション（収録済み）", "A"),
    (
        "1.2.3",
        "音声解説、又はメディアに対する代替（収録済み）",
        "A",
    ),
    ("1.2.4", "キャプション（ライブ）", "AA"),
    ("1.2.5", "音声解説（収録済み）", "AA"),
    ("1.3.1", "情報及び関係性", "A"),
    ("1.3.2", "意味のある順序", "A"),
    ("1.3.3", "感覚的な特徴", "A"),
    ("1.4.1", "色の使用", "A"),
    ("1.4.2", "音声の制御", "A"),
    ("1.4.3", "コントラスト（最低限レベル）", "AA"),
    ("1.4.4", "テキストのサイズ変更", "AA"),
    ("1.4.5", "文字画像", "AA"),
    ("2.1.1", "キーボード", "A"),
    ("2.1.2", "キーボードトラップなし", "A"),
    ("2.2.1", "タイミング調整可能", "A"),
    ("2.2.2", "一時停止、停止及び非表示", "A"),
    ("2.3.1", "3回のせん（閃）光、又はしきい（閾）値以下", "A"),
    ("2.4.1", "ブロックスキップ", "A"),
    ("2.4.2", "ページタイトル", "A"),
    ("2.4.3", "フォーカス順序", "A"),
    ("2.4.4", "リンクの目的（コンテキスト内）", "A"),
    ("2.4.5", "複数の手段", "AA"),
    ("2.4.6", "見出し及びラベル", "AA"),
    ("2.4.7", "フォーカスの可視化", "AA"),
    ("3.1.1", "ページの言語", "A"),
    ("3.1.2", "一部分の言語", "AA"),
    ("3.2.1", "フォーカス時", "A"),
    ("3.2.2", "入力時", "A"),
    ("3.2.3", "一貫したナビゲーション", "AA"),
    ("3.2.4", "一貫した識別性", "AA"),
    ("3.3.1", "エラーの特定", "A"),
    ("3.3.2", "ラベル又は説明", "A"),
    ("3.3.3", "エラー修正の提案", "AA"),
    ("3.3.4", "エラー回避（法的、金融及びデータ）", "AA"),
    ("4.1.1", "構文解析", "A"),
    ("4.1.2", "名前（name）、役割（role）及び値（value）", "A"),
];

/// A tool used in the tests.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Tool {
    /// Its name.
    pub(crate) name: String,
    /// Its version.
    pub(crate) version: String,
}

/// A manual finding.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Finding {
    /// The success criterion (`1.1.1`).
    pub(crate) criterion: String,
    /// 適合, 不適合 or 適用なし.
    pub(crate) result: String,
    /// What was found.
    #[serde(default)]
    pub(crate) note: String,
    /// When it was checked.
    pub(crate) date: String,
    /// Who checked it.
    pub(crate) by: String,
}

/// The file as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Record {
    /// 表明日.
    pub(crate) date: Option<String>,
    /// 目標とする適合レベル: `A` or `AA` (the default).
    pub(crate) target: Option<String>,
    /// 対象範囲.
    pub(crate) scope: Option<String>,
    /// The tools used besides office-site.
    pub(crate) tools: Vec<Tool>,
    /// The manual findings.
    pub(crate) findings: Vec<Finding>,
    /// The commit the site is built from (not written in the file).
    pub(crate) commit: Option<String>,
}

/// Reads `data/accessibility.yaml` under `root` (none: an empty record), checking every
/// finding's criterion and result.
pub(crate) fn load(root: &Path) -> Result<Record, Diagnostics> {
    let path = root.join(FILE);
    let mut record = if path.is_file() {
        let text = crate::fs::read_to_string(&path)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let doc = Document::read(&path, text, 1)?;
        let mut errors: Diagnostics = doc.duplicates().collect();
        errors.extend(doc.control_characters());
        let mut record = Record::default();
        let mut failed = Vec::new();
        for entry in doc.first_entries() {
            let f = &mut failed;
            match entry.key.as_str() {
                "date" => record.date = doc.typed_or_report(entry, &mut errors, f),
                "target" => record.target = doc.typed_or_report(entry, &mut errors, f),
                "scope" => record.scope = doc.typed_or_report(entry, &mut errors, f),
                "tools" => {
                    record.tools = doc
                        .typed_or_report(entry, &mut errors, f)
                        .unwrap_or_default();
                }
                "findings" => {
                    record.findings = doc
                        .typed_or_report(entry, &mut errors, f)
                        .unwrap_or_default();
                }
                key => errors.push(
                    Diagnostic::new(Code::E0185, &path)
                        .arg("key", crate::diag::escape_all(key))
                        .at_opt(doc.index.key(&[key])),
                ),
            }
        }
        let at = doc.index.key(&["findings"]);
        for f in &record.findings {
            if !CRITERIA.iter().any(|(n, _, _)| *n == f.criterion.trim()) {
                errors.push(
                    Diagnostic::new(Code::E0182, &path)
                        .arg("criterion", &f.criterion)
                        .at_opt(at),
                );
            }
            if !RESULTS.contains(&f.result.trim()) {
                errors.push(
                    Diagnostic::new(Code::E0183, &path)
                        .arg("criterion", &f.criterion)
                        .arg("result", &f.result)
                        .at_opt(at),
                );
            }
        }
        if let Some(t) = record.target.as_deref()
            && !matches!(t.trim(), "A" | "AA")
        {
            errors.push(
                Diagnostic::new(Code::E0184, &path)
                    .arg("target", t)
                    .at_opt(doc.index.key(&["target"])),
            );
        }
        if errors.has_errors() {
            return Err(errors);
        }
        record
    } else {
        Record::default()
    };
    record.commit = head_commit(root);
    Ok(record)
}

/// The commit checked out at `root`, if it is a git repository.
fn head_commit(root: &Path) -> Option<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "HEAD"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let hash = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !hash.trim().is_empty()).then(|| hash.trim().to_owned())
}

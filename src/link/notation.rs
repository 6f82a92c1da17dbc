//! The office's notation of a linked file's format and size: 「（PDF：245KB）」.
//!
//! Sizes are in kilobytes of **1,024 bytes, rounded up**, as Windows Explorer shows them and
//! as ministries' pages write them (a 10,000-byte file is 10KB, a 10,241-byte file 11KB);
//! above 1,000KB they are in megabytes of 1,048,576 bytes with one decimal, rounded up
//! (1,024,001 bytes is 1.0MB). The parentheses and colon are full-width.
//!
//! A link whose text already ends with a notation (or is followed by one) is checked instead:
//! the format and the size must be the file's (「（PDF：245KB）」, `(pdf: 245 KB)`, `（ＰＤＦ／２４５ＫＢ）`
//! are read alike, after NFKC).

use unicode_normalization::UnicodeNormalization;

/// The size of a file of `bytes` bytes, as the notation writes it: `245KB`, `1.2MB`.
pub(crate) fn size(bytes: u64) -> String {
    let kb = bytes.div_ceil(1024);
    if kb <= 1000 {
        return format!("{kb}KB");
    }
    let tenths = (bytes.saturating_mul(10)).div_ceil(1024 * 1024);
    format!("{}.{}MB", tenths / 10, tenths % 10)
}

/// The notation of a file: 「（PDF：245KB）」.
pub(crate) fn notation(label: &str, bytes: u64) -> String {
    format!("（{label}：{}）", size(bytes))
}

/// A notation found in text: its format and size, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Written {
    /// The notation as written.
    pub(crate) text: String,
    /// The format named (NFKC, as written).
    pub(crate) label: String,
    /// The size in tenths of its unit.
    pub(crate) tenths: u64,
    /// `KB` or `MB`.
    pub(crate) unit: &'static str,
}

impl Written {
    /// Whether it says what the file is: its format, and its size in the unit and rounding
    /// of [`size`].
    pub(crate) fn matches(&self, label: &str, bytes: u64) -> bool {
        let label_ok = same_label(&self.label, label);
        let expected = size(bytes);
        let Some(parsed) = parse_size(&expected) else {
            return false;
        };
        label_ok && (parsed.0, parsed.1) == (self.tenths, self.unit)
    }
}

/// Format names as people write them.
fn same_label(written: &str, label: &str) -> bool {
    let w = written.to_ascii_lowercase();
    let aliases: &[&str] = match label {
        "Word" => &["word", "ワード", "docx", "doc"],
        "Excel" => &["excel", "エクセル", "xlsx", "xls"],
        "PowerPoint" => &["powerpoint", "パワーポイント", "pptx", "ppt"],
        "JPEG" => &["jpeg", "jpg"],
        "TIFF" => &["tiff", "tif"],
        _ => &[],
    };
    w == label.to_ascii_lowercase() || aliases.contains(&w.as_str())
}

/// The known format names, to tell a notation from other text in parentheses.
const LABELS: &[&str] = &[
    "pdf",
    "word",
    "ワード",
    "docx",
    "doc",
    "excel",
    "エクセル",
    "xlsx",
    "xls",
    "powerpoint",
    "パワーポイント",
    "pptx",
    "ppt",
    "jpeg",
    "jpg",
    "png",
    "tiff",
    "tif",
    "csv",
    "zip",
    "txt",
];

/// `245KB` → (2450, "KB"); `1.2MB` → (12, "MB").
fn parse_size(s: &str) -> Option<(u64, &'static str)> {
    let lower = s.to_ascii_lowercase();
    let (number, unit) = if let Some(n) = lower
        .strip_suffix("kb")
        .or_else(|| lower.strip_suffix("kib"))
        .or_else(|| lower.strip_suffix("キロバイト"))
    {
        (n, "KB")
    } else if let Some(n) = lower
        .strip_suffix("mb")
        .or_else(|| lower.strip_suffix("mib"))
        .or_else(|| lower.strip_suffix("メガバイト"))
    {
        (n, "MB")
    } else {
        return None;
    };
    let number: String = number.chars().filter(|&c| c != ',').collect();
    let (whole, frac) = number.split_once('.').unwrap_or((&number, "0"));
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || frac.len() != 1
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some((
        whole.parse::<u64>().ok()? * 10 + frac.parse::<u64>().ok()?,
        unit,
    ))
}

/// Opening and closing parentheses as people write them (NFKC folds the full-width ones).
const OPEN: &[char] = &['(', '（', '﹙'];
const CLOSE: &[char] = &[')', '）', '﹚'];

/// The notation at the end of `text` (a link's text), if there is one, as written.
pub(crate) fn at_end(text: &str) -> Option<Written> {
    let trimmed = text.trim_end();
    let body = trimmed.strip_suffix(CLOSE)?;
    let open = body.rfind(OPEN)?;
    let inside = &body[open..];
    let inside = &inside[inside.chars().next()?.len_utf8()..];
    read(inside, &trimmed[open..])
}

/// The notation at the start of `text` (the text right after a link), if there is one, as
/// written.
pub(crate) fn at_start(text: &str) -> Option<Written> {
    let trimmed = text.trim_start();
    let rest = trimmed.strip_prefix(OPEN)?;
    let close = rest.find(CLOSE)?;
    let whole_len = trimmed.len() - rest.len() + close + rest[close..].chars().next()?.len_utf8();
    read(&rest[..close], &trimmed[..whole_len])
}

/// `PDF:245KB` (any spacing, `:`, `/`, `・` or `,` between) as a notation.
fn read(inside: &str, whole: &str) -> Option<Written> {
    let compact: String = inside.nfkc().filter(|c| !c.is_whitespace()).collect();
    let split = compact.find([':', '/', '・', ',', '、'])?;
    let label = &compact[..split];
    let sep_len = compact[split..].chars().next()?.len_utf8();
    let rest = &compact[split + sep_len..];
    if !LABELS.contains(&label.to_ascii_lowercase().as_str()) {
        return None;
    }
    let (tenths, unit) = parse_size(rest)?;
    Some(Written {
        text: whole.to_owned(),
        label: label.to_owned(),
        tenths,
        unit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kilobytes_are_1024_bytes_rounded_up_and_megabytes_start_above_1000kb() {
        for (bytes, want) in [
            (0, "0KB"),
            (1, "1KB"),
            (1024, "1KB"),
            (1025, "2KB"),
            (10_000, "10KB"),
            (10_001, "10KB"),
            (10_240, "10KB"),
            (10_241, "11KB"),
            (1_024_000, "1000KB"),
            (1_024_001, "1.0MB"),
            (1_048_576, "1.0MB"),
            (1_048_577, "1.1MB"),
            (12_345_678, "11.8MB"),
        ] {
            assert_eq!(size(bytes), want, "{bytes}");
        }
    }

    #[test]
    fn notations_are_read_in_every_spelling() {
        for text in [
            "資料1（PDF：245KB）",
            "資料1 (PDF: 245KB)",
            "資料1（ＰＤＦ：２４５ＫＢ）",
            "資料1（pdf／245 kb）",
            "資料1 (PDF,245KB) ",
        ] {
            let w = at_end(text).unwrap_or_else(|| panic!("{text}"));
            assert!(w.matches("PDF", 245 * 1024), "{text}");
            assert!(!w.matches("PDF", 246 * 1024), "{text}");
            assert!(!w.matches("Word", 245 * 1024), "{text}");
        }
        assert!(at_end("資料1（案）").is_none());
        assert!(at_end("（PDF）").is_none());
        assert!(
            at_start("（Word：31KB）など")
                .unwrap()
                .matches("Word", 31 * 1024)
        );
        assert!(at_end("x（PDF：1.0MB）").unwrap().matches("PDF", 1_048_576));
        assert!(at_end("x（PDF：1MB）").unwrap().matches("PDF", 1_048_576));
    }
}

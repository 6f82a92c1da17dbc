//! "Did you mean": the valid name nearest to a name that was mistyped.
//!
//! Names are compared as an editor sees them: after NFKC (full-width and half-width letters,
//! digits and kana become one form) and lowercase, so `Ｔｉｔｌｅ` is `title` and `ｲｼｬ` is
//! `イシャ`; then by edit distance (insertions, deletions, substitutions and swaps of two
//! neighbours, counted in characters), close enough for the name's length.

use unicode_normalization::UnicodeNormalization;

/// The name among `valid` nearest to `written`, if one is near enough to be what was meant
/// (and is not `written` itself). Ties go to the first listed.
pub(crate) fn nearest<'a>(
    written: &str,
    valid: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let w: Vec<char> = fold(written);
    let mut best: Option<(usize, &'a str)> = None;
    for name in valid {
        if name == written {
            continue;
        }
        let n = fold(name);
        let d = distance(&w, &n);
        let limit = (w.len().max(n.len()) / 3).max(1);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, name));
        }
    }
    best.map(|(_, name)| name)
}

/// `text` as compared: NFKC, lowercase, without surrounding spaces.
fn fold(text: &str) -> Vec<char> {
    text.trim().nfkc().flat_map(char::to_lowercase).collect()
}

/// The optimal-string-alignment distance: edits of one character, or a swap of two neighbours.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    rows[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_width_and_case_are_forgiven() {
        let slugs = ["clinical-research", "regulation", "genome"];
        assert_eq!(
            nearest("clinical-reserch", slugs),
            Some("clinical-research")
        );
        assert_eq!(nearest("Regulation", slugs), Some("regulation"));
        assert_eq!(nearest("ｒｅｇｕｌａｔｉｏｎ", slugs), Some("regulation"));
        assert_eq!(nearest("titel", ["title", "date"]), Some("title"));
        assert_eq!(nearest("機密性１", ["機密性1", "機密性2"]), Some("機密性1"));
        assert_eq!(nearest("ｲｼｬ", ["イシャ"]), Some("イシャ"));
    }

    #[test]
    fn a_name_far_from_every_valid_one_has_no_suggestion() {
        assert_eq!(nearest("budget", ["title", "date", "weight"]), None);
        assert_eq!(nearest("x", ["title"]), None);
        assert_eq!(nearest("title", ["title"]), None);
    }
}

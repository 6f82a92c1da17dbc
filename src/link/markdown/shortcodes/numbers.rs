//! A count written as the prose around it writes numbers: `6`, `６`, `六` or `six`.
//!
//! Part of [`super`]: `count(…, format="…")`. Japanese prose writes small counts either way
//! (「6つ」, 「六つ」), so the page chooses; an English page writes words.

/// The formats `count` can write, as `format="…"` names them.
pub(crate) const FORMATS: &[&str] = &["digits", "fullwidth", "kanji", "words"];

/// `n` in `format` (one of [`FORMATS`]), `None` for an unknown format.
pub(crate) fn format(n: u64, format: &str) -> Option<String> {
    Some(match format {
        "digits" => n.to_string(),
        "fullwidth" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        "kanji" => kanji(n),
        "words" => english(n),
        _ => return None,
    })
}

const KANJI_DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// `n` in kanji numerals: 六, 十, 十二, 二十, 百五, 千, 一万, 一万二千三百四十五.
pub(crate) fn kanji(n: u64) -> String {
    if n == 0 {
        return KANJI_DIGITS[0].to_owned();
    }
    let mut out = String::new();
    let groups = [
        (10_000_000_000_000_000, "京"),
        (1_000_000_000_000, "兆"),
        (100_000_000, "億"),
        (10_000, "万"),
        (1, ""),
    ];
    let mut rest = n;
    for (size, name) in groups {
        let group = rest / size;
        rest %= size;
        if group > 0 {
            out.push_str(&below_ten_thousand(group));
            out.push_str(name);
        }
    }
    out
}

/// `n` < 10000 in kanji; 一 is left out before 十, 百 and 千 (十, 百, 千), so a group of 万
/// and above keeps it only alone (一万, 一億).
fn below_ten_thousand(n: u64) -> String {
    let mut out = String::new();
    for (size, name) in [(1000, "千"), (100, "百"), (10, "十")] {
        let d = (n / size) % 10;
        if d > 1 {
            out.push_str(KANJI_DIGITS[d as usize]);
        }
        if d > 0 {
            out.push_str(name);
        }
    }
    let d = n % 10;
    if d > 0 {
        out.push_str(KANJI_DIGITS[d as usize]);
    }
    out
}

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// `n` in English words: six, twenty-one, one hundred five, two thousand twelve. From a
/// billion on, digits.
pub(crate) fn english(n: u64) -> String {
    if n >= 1_000_000_000 {
        return n.to_string();
    }
    if n < 1000 {
        return below_thousand(n);
    }
    let mut parts = Vec::new();
    for (size, name) in [(1_000_000, "million"), (1000, "thousand")] {
        let group = (n / size) % 1000;
        if group > 0 {
            parts.push(format!("{} {name}", below_thousand(group)));
        }
    }
    if !n.is_multiple_of(1000) {
        parts.push(below_thousand(n % 1000));
    }
    parts.join(" ")
}

fn below_thousand(n: u64) -> String {
    let (hundreds, rest) = (n / 100, n % 100);
    let rest_words = match rest {
        0 => String::new(),
        1..20 => ONES[rest as usize].to_owned(),
        _ if rest.is_multiple_of(10) => TENS[(rest / 10) as usize].to_owned(),
        _ => format!(
            "{}-{}",
            TENS[(rest / 10) as usize],
            ONES[(rest % 10) as usize]
        ),
    };
    match (hundreds, rest) {
        (0, 0) => ONES[0].to_owned(),
        (0, _) => rest_words,
        (h, 0) => format!("{} hundred", ONES[h as usize]),
        (h, _) => format!("{} hundred {rest_words}", ONES[h as usize]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kanji_numerals_read_as_japanese_writes_them() {
        for (n, k) in [
            (0, "〇"),
            (1, "一"),
            (6, "六"),
            (10, "十"),
            (11, "十一"),
            (12, "十二"),
            (20, "二十"),
            (99, "九十九"),
            (100, "百"),
            (105, "百五"),
            (110, "百十"),
            (999, "九百九十九"),
            (1000, "千"),
            (2011, "二千十一"),
            (10000, "一万"),
            (11000, "一万千"),
            (12345, "一万二千三百四十五"),
            (100_000_000, "一億"),
            (100_010_000, "一億一万"),
        ] {
            assert_eq!(kanji(n), k, "{n}");
        }
    }

    #[test]
    fn english_numbers_are_words() {
        for (n, w) in [
            (0, "zero"),
            (6, "six"),
            (13, "thirteen"),
            (20, "twenty"),
            (21, "twenty-one"),
            (100, "one hundred"),
            (105, "one hundred five"),
            (1000, "one thousand"),
            (2012, "two thousand twelve"),
            (1_000_001, "one million one"),
            (1_000_000_000, "1000000000"),
        ] {
            assert_eq!(english(n), w, "{n}");
        }
    }

    #[test]
    fn every_format_writes_a_count() {
        assert_eq!(format(7, "digits").as_deref(), Some("7"));
        assert_eq!(format(12, "fullwidth").as_deref(), Some("１２"));
        assert_eq!(format(7, "kanji").as_deref(), Some("七"));
        assert_eq!(format(7, "words").as_deref(), Some("seven"));
        assert_eq!(format(7, "roman"), None);
        for f in FORMATS {
            assert!(format(3, f).is_some(), "{f}");
        }
    }
}

//! Parsing front-matter dates into [`Date`]s: the grammar of ISO, Western and 和暦 forms
//! (`2011-01-07`, `2011年1月7日`, `平成23年1月7日`, `H23.1.7`, …), then the checks against the
//! calendar and the eras.
//!
//! Part of [`super`], which owns the dates and their formatting; this module only reads them.

use super::{Date, DateError, ERAS, Era, ErrorKind, GREGORIAN_ADOPTION};

use Token as T;

/// Parses a front matter date: ISO 8601 (`2011-01-07`, `2011-02`), the Western date with `/`
/// or `.` or in kanji (`2011/1/7`, `2011年1月7日`), 和暦 (`平成22年11月30日`, `平成23年2月`,
/// `令和元年5月1日`, `令和1年5月1日`), abbreviated 和暦 (`R5.4.1`, `h23.2`, `R5/4/1`, `R5-4-1`),
/// and the two styles of [`Date::wareki`] that add the Western date in parentheses. Full-width
/// digits, letters and punctuation count as ASCII; whitespace around the value and between its
/// parts is ignored. A form without a day gives a date at month precision.
///
/// An era date must fall inside its era (`令和元年4月30日` does not) and on or after
/// 1873-01-01; an era month needs one of its days inside the era (`昭和64年1月` is 1989-01,
/// `平成31年5月` is an error); a Western year in parentheses must be the era year's.
pub(crate) fn parse(input: &str) -> Result<Date, DateError> {
    let input = input.trim();
    let text = normalise(input);
    if text.is_empty() {
        return Err(DateError::new(input, ErrorKind::Empty));
    }
    let tokens = tokenize(&text).ok_or_else(|| DateError::new(input, ErrorKind::Unrecognised))?;
    let written = read(&tokens).map_err(|kind| DateError::new(input, kind))?;
    resolve(&written, input)
}

/// A lexical piece of a written date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// A run of one to four ASCII digits: its value and how many digits were written.
    Number(u16, usize),
    /// An era, by name or by letter.
    Era(&'static Era),
    /// `-`, `/` or `.` between numbers.
    Separator(char),
    /// 元 (year 1 of an era), 年, 月, 日, `(` or `)`.
    Mark(char),
}

/// A month, the day if there is one, and the tokens after them.
type MonthDay<'a> = (u8, Option<u8>, &'a [Token]);

/// A date as written, before it is checked against the calendar and the eras.
#[derive(Debug)]
struct Written {
    era: Option<&'static Era>,
    /// The era year (or the Western year when there is no era), the month and the day.
    ymd: (u16, u8, Option<u8>),
    /// The Western year or date in parentheses, which must agree with the era date.
    western: Option<Western>,
}

/// The parenthesised Western part of [`super::Style::WithWesternYear`] and
/// [`super::Style::House`].
#[derive(Debug)]
enum Western {
    /// `平成23年(2011年)1月7日`.
    Year(u16),
    /// `平成23年1月7日(2011年1月7日)`.
    Date(u16, u8, Option<u8>),
}

/// The input with full-width ASCII (U+FF01–U+FF5E) and the ideographic space made ASCII, and
/// the squared era ligatures (㍻) spelt out, so that the grammar only deals with one alphabet.
fn normalise(input: &str) -> String {
    let mut text = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            '\u{FF01}'..='\u{FF5E}' => {
                text.push(char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c));
            }
            '\u{3000}' => text.push(' '),
            '㍾' => text.push_str("明治"),
            '㍽' => text.push_str("大正"),
            '㍼' => text.push_str("昭和"),
            '㍻' => text.push_str("平成"),
            '㋿' => text.push_str("令和"),
            _ => text.push(c),
        }
    }
    text.trim().to_owned()
}

/// Splits normalised text into tokens, skipping whitespace; `None` at anything else.
fn tokenize(text: &str) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let (token, len) = if c.is_ascii_digit() {
            let len = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            // No part of a date has more than four digits; longer runs would also overflow.
            if len > 4 {
                return None;
            }
            (Token::Number(rest[..len].parse().ok()?, len), len)
        } else if let Some(era) = ERAS.iter().find(|era| rest.starts_with(era.name)) {
            (Token::Era(era), era.name.len())
        } else {
            let token = match c {
                '元' | '年' | '月' | '日' | '(' | ')' => Token::Mark(c),
                '-' | '/' | '.' => Token::Separator(c),
                _ => Token::Era(ERAS.iter().find(|e| e.letter.eq_ignore_ascii_case(&c))?),
            };
            (token, c.len_utf8())
        };
        tokens.push(token);
        rest = &rest[len..];
    }
    Some(tokens)
}

/// Reads the tokens of a whole date by the grammar of [`parse`].
fn read(tokens: &[Token]) -> Result<Written, ErrorKind> {
    let (era, year, rest) = match *tokens {
        [T::Number(year, 4), ref rest @ ..] => (None, year, rest),
        // Caught before the grammar, so that `令和0年` gets a message of its own.
        [T::Era(era), T::Number(0, _), ..] => return Err(ErrorKind::EraYearZero(*era)),
        [T::Era(era), T::Mark('元'), ref rest @ ..] => (Some(era), 1, rest),
        [T::Era(era), T::Number(year, _), ref rest @ ..] => (Some(era), year, rest),
        _ => return Err(ErrorKind::Unrecognised),
    };
    match after_year(era, year, rest) {
        // Only an era date has a Western part to agree with.
        Some((written, [])) if era.is_some() || written.western.is_none() => Ok(written),
        _ => Err(ErrorKind::Unrecognised),
    }
}

/// The date whose era and year have been read, from what follows them: the month and day, in
/// kanji or with separators, with the Western year (after 年) or the Western date (at the end)
/// perhaps in parentheses; and the tokens after it.
fn after_year<'a>(
    era: Option<&'static Era>,
    year: u16,
    tokens: &'a [Token],
) -> Option<(Written, &'a [Token])> {
    let written = |(month, day, rest): MonthDay<'a>, western| {
        let ymd = (year, month, day);
        Some((Written { era, ymd, western }, rest))
    };
    if let [T::Mark('年'), T::Mark('('), T::Number(w, 4), ref rest @ ..] = *tokens {
        let rest = rest.strip_prefix(&[T::Mark('年'), T::Mark(')')])?;
        return written(kanji_month_day(rest)?, Some(Western::Year(w)));
    }
    let (month, day, rest) = month_day(tokens)?;
    let [T::Mark('('), T::Number(w, 4), T::Mark('年'), ref rest @ ..] = *rest else {
        return written((month, day, rest), None);
    };
    let (w_month, w_day, rest) = kanji_month_day(rest)?;
    let rest = rest.strip_prefix(&[T::Mark(')')])?;
    written((month, day, rest), Some(Western::Date(w, w_month, w_day)))
}

/// After a year: `年1月7日`, `年2月`, or `-01-07`, `/1/7`, `.2` with one kind of separator;
/// gives the month, the day if there is one, and what follows.
fn month_day(tokens: &[Token]) -> Option<MonthDay<'_>> {
    match *tokens {
        [T::Mark('年'), ref rest @ ..] => kanji_month_day(rest),
        [T::Separator(s), T::Number(m, 1 | 2), ref rest @ ..] => match *rest {
            [T::Separator(t), T::Number(d, 1 | 2), ref rest @ ..] if s == t => {
                Some((small(m), Some(small(d)), rest))
            }
            _ => Some((small(m), None, rest)),
        },
        _ => None,
    }
}

/// `1月7日` or `2月`: the month, the day if there is one, and what follows.
fn kanji_month_day(tokens: &[Token]) -> Option<MonthDay<'_>> {
    let [T::Number(m, 1 | 2), T::Mark('月'), ref rest @ ..] = *tokens else {
        return None;
    };
    match *rest {
        [T::Number(d, 1 | 2), T::Mark('日'), ref rest @ ..] => {
            Some((small(m), Some(small(d)), rest))
        }
        _ => Some((small(m), None, rest)),
    }
}

/// A month or day number, which the grammar limits to two digits.
fn small(number: u16) -> u8 {
    u8::try_from(number).unwrap_or(u8::MAX)
}

/// Checks a written date against the calendar, its parenthesised Western part and its era.
fn resolve(written: &Written, input: &str) -> Result<Date, DateError> {
    let error = |kind| DateError::new(input, kind);
    let (written_year, month, day) = written.ymd;
    let Some(era) = written.era else {
        let year = i32::from(written_year);
        return Date { year, month, day }.checked(input);
    };
    let year = era.western_year(written_year);
    let date = Date { year, month, day }.checked(input)?;
    if let Some(Western::Year(western) | Western::Date(western, ..)) = written.western
        && i32::from(western) != date.year
    {
        return Err(error(ErrorKind::WesternYearMismatch(date.year, western)));
    }
    if let Some(Western::Date(_, month, day)) = written.western
        && (month, day) != (date.month, date.day)
    {
        return Err(error(ErrorKind::WesternDateMismatch));
    }
    if date.last_day() < GREGORIAN_ADOPTION {
        return Err(error(ErrorKind::BeforeGregorian));
    }
    // A month is inside the era if any of its days is; a day, if it is itself.
    if date.last_day() < era.start {
        return Err(error(ErrorKind::BeforeEra(*era)));
    }
    if let Some(next) = era.next()
        && date.first_day() >= next.start
    {
        return Err(error(ErrorKind::AfterEra(*era, *next)));
    }
    Ok(date)
}

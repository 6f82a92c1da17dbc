//! Calendar dates for front matter and templates: parsing and formatting, in ISO 8601
//! (`2011-01-07`, `2011-02`) and in 和暦 (`平成23年1月7日`, `H23.1.7`, `平成22年度`).
//!
//! Dates are proleptic Gregorian, at day or month precision, and the module is pure: no clock,
//! no I/O. 和暦 is defined here only from 1873-01-01 (明治6年1月1日), the day Japan adopted the
//! Gregorian calendar; before it an era date named a day of the lunisolar calendar, which this
//! module does not convert, so a 和暦 format or parse of an earlier date is an error.

use std::fmt;
use std::str::FromStr;

mod parse;

pub(crate) use parse::parse;

/// A day as (year, month, day); tuples compare chronologically.
type Ymd = (i32, u8, u8);

/// 明治6年1月1日: the first day whose Gregorian date has a 和暦 equivalent.
const GREGORIAN_ADOPTION: Ymd = (1873, 1, 1);

/// ISO 8601's four-digit years: the years a [`Date`] can hold.
const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// The modern eras, oldest first; each ends the day before the next one starts.
const ERAS: [Era; 5] = [
    Era::new("明治", 'M', (1868, 1, 25)),
    Era::new("大正", 'T', (1912, 7, 30)),
    Era::new("昭和", 'S', (1926, 12, 25)),
    Era::new("平成", 'H', (1989, 1, 8)),
    Era::new("令和", 'R', (2019, 5, 1)),
];

/// The forms [`parse()`] accepts, quoted in its errors so that a writer can fix the value.
const ACCEPTED: &str = "使える形 / accepted forms: 2011-01-07, 2011-02, 2011/1/7, 2011年1月7日, \
     平成23年1月7日, 平成23年2月, 令和元年5月1日, H23.1.7, R5/4/1, \
     平成23年(2011年)1月7日, 平成23年1月7日(2011年1月7日)";

/// A calendar date at day or month precision (a front matter `date: 2011-02` is a month).
///
/// The order is chronological; a month sorts before each of its days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Date {
    year: i32,
    month: u8,
    day: Option<u8>,
}

/// How [`Date::wareki`] writes a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Style {
    /// `平成23年1月7日`, `平成23年2月`.
    Plain,
    /// `平成23年(2011年)1月7日`, `平成23年(2011年)2月`.
    WithWesternYear,
    /// The office's house style, the 和暦 date then the Western date in parentheses:
    /// `平成23年1月7日(2011年1月7日)`, `平成23年2月(2011年2月)`.
    House,
}

/// A modern era (元号): 明治, 大正, 昭和, 平成 or 令和.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Era {
    name: &'static str,
    letter: char,
    start: Ymd,
}

/// Why a date could not be built, parsed or written in 和暦.
///
/// Its `Display` says, in Japanese and in English, what was wrong and what would be accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateError {
    /// The text (or, for a date built from numbers, its ISO form) that was at fault.
    input: String,
    kind: ErrorKind,
}

/// What exactly was wrong, kept apart from the message so that tests can tell errors apart.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ErrorKind {
    /// Nothing but whitespace.
    Empty,
    /// Not one of the accepted forms.
    Unrecognised,
    /// A year outside 1..=9999, including year 0.
    YearOutOfRange,
    /// A month outside 1..=12.
    MonthOutOfRange,
    /// A day that the month does not have (2011-02-29); holds the year and the month.
    DayOutOfRange(i32, u8),
    /// `令和0年`: era years start at 元年.
    EraYearZero(Era),
    /// A 和暦 date before 1873-01-01.
    BeforeGregorian,
    /// An era date before the era's first day (`令和元年4月30日`).
    BeforeEra(Era),
    /// An era date after the era's last day (`平成31年5月1日`); holds the era and the next.
    AfterEra(Era, Era),
    /// `平成23年(2012年)1月7日`: the Western year in parentheses is not the era year's.
    /// Holds the era year's Western year and the year written.
    WesternYearMismatch(i32, u16),
    /// `平成23年1月7日(2011年1月8日)`: the Western date in parentheses is another day.
    WesternDateMismatch,
}

impl Date {
    /// The day `year-month-day`; an error if there is no such day (`2011-02-29`, `2011-04-31`,
    /// `2011-13-01`) or the year is outside 1..=9999.
    pub(crate) fn ymd(year: i32, month: u8, day: u8) -> Result<Date, DateError> {
        let date = Date::from_ymd((year, month, day));
        date.checked(&date.iso())
    }

    /// The month `year-month`, a date at month precision; an error if the month is outside
    /// 1..=12 or the year outside 1..=9999.
    pub(crate) fn ym(year: i32, month: u8) -> Result<Date, DateError> {
        let day = None;
        let date = Date { year, month, day };
        date.checked(&date.iso())
    }

    /// The Western (Gregorian) year.
    pub(crate) fn year(&self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    pub(crate) fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month; `None` for a date at month precision.
    pub(crate) fn day(&self) -> Option<u8> {
        self.day
    }

    /// The ISO 8601 form: `2011-01-07`, or `2011-02` at month precision.
    pub(crate) fn iso(&self) -> String {
        match self.day {
            Some(day) => format!("{:04}-{:02}-{:02}", self.year, self.month, day),
            None => format!("{:04}-{:02}", self.year, self.month),
        }
    }

    /// The era of the date; `None` before 1873-01-01, which has no 和暦 form here.
    ///
    /// A date at month precision takes the era in force on the month's last day: when an era
    /// begins during a month, the month is named in the new era (`1989-01` is 平成元年1月, not
    /// 昭和64年1月), as a reader of that month's documents would name it afterwards.
    pub(crate) fn era(&self) -> Option<Era> {
        let day = self.last_day();
        if day < GREGORIAN_ADOPTION {
            return None;
        }
        era_in_force(day).copied()
    }

    /// Whether the date has a 和暦 form (it is on or after 1873-01-01), without writing it:
    /// [`Date::wareki`] and [`Date::fiscal_year_wareki`] succeed exactly when this is true.
    pub(crate) fn has_wareki(&self) -> bool {
        self.last_day() >= GREGORIAN_ADOPTION
    }

    /// The date in 和暦: `平成23年1月7日`, with the first year of an era written 元年
    /// (`令和元年5月1日`). A date at month precision is written without a day (`平成23年2月`)
    /// in the era [`Date::era`] gives it. An error before 1873-01-01.
    pub(crate) fn wareki(&self, style: Style) -> Result<String, DateError> {
        let era = self
            .era()
            .ok_or_else(|| self.error(ErrorKind::BeforeGregorian))?;
        let year = era_year_text(&era, self.year);
        let month_day = match self.day {
            Some(day) => format!("{}月{}日", self.month, day),
            None => format!("{}月", self.month),
        };
        Ok(match style {
            Style::Plain => format!("{year}{month_day}"),
            Style::WithWesternYear => format!("{year}({}年){month_day}", self.year),
            Style::House => format!("{year}{month_day}({}年{month_day})", self.year),
        })
    }

    /// The fiscal year (年度, April to March) the date falls in, in 和暦: `2011-01-07` is in
    /// 平成22年度, `2019-04-01` in 令和元年度. An error before 1873-01-01.
    ///
    /// Fiscal year Y runs from April 1 of Y to March 31 of Y+1 and takes the name of the 和暦
    /// year Y as it stands on December 31 of Y: the era in force on that day, numbered Y minus
    /// the era's first year plus one. So a fiscal year in which an era began during calendar
    /// year Y takes the new era (FY2019 is 令和元年度, not 平成31年度), while FY1988 stays
    /// 昭和63年度 although 平成 began on 1989-01-08, inside it: the era in force at the fiscal
    /// year's end (March 31 of Y+1) would agree everywhere else but would number FY1988 平成0年度.
    pub(crate) fn fiscal_year_wareki(&self) -> Result<String, DateError> {
        if self.era().is_none() {
            return Err(self.error(ErrorKind::BeforeGregorian));
        }
        let fiscal_year = if self.month >= 4 {
            self.year
        } else {
            self.year - 1
        };
        // Never None: the earliest fiscal year here, 1872, is inside 明治.
        let era = era_in_force((fiscal_year, 12, 31))
            .ok_or_else(|| self.error(ErrorKind::BeforeGregorian))?;
        Ok(format!("{}度", era_year_text(era, fiscal_year)))
    }

    /// The day `(year, month, day)`, unchecked.
    fn from_ymd((year, month, day): Ymd) -> Date {
        let day = Some(day);
        Date { year, month, day }
    }

    /// The first day of the date: the date itself, or the 1st of its month.
    fn first_day(&self) -> Ymd {
        (self.year, self.month, self.day.unwrap_or(1))
    }

    /// The last day of the date: the date itself, or the last day of its month.
    fn last_day(&self) -> Ymd {
        let day = self
            .day
            .unwrap_or_else(|| days_in_month(self.year, self.month));
        (self.year, self.month, day)
    }

    /// The date if it is on the calendar, else the error, blaming `input`.
    fn checked(self, input: &str) -> Result<Date, DateError> {
        let kind = if !YEARS.contains(&self.year) {
            ErrorKind::YearOutOfRange
        } else if !(1..=12).contains(&self.month) {
            ErrorKind::MonthOutOfRange
        } else if let Some(day) = self.day
            && !(1..=days_in_month(self.year, self.month)).contains(&day)
        {
            ErrorKind::DayOutOfRange(self.year, self.month)
        } else {
            return Ok(self);
        };
        Err(DateError::new(input, kind))
    }

    /// An error about this date, quoted in ISO form.
    fn error(&self, kind: ErrorKind) -> DateError {
        DateError::new(&self.iso(), kind)
    }
}

impl fmt::Display for Date {
    /// Writes the ISO form, as [`Date::iso`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Parses as [`parse()`].
    fn from_str(s: &str) -> Result<Date, DateError> {
        parse(s)
    }
}

impl Era {
    /// An era starting on `start`.
    const fn new(name: &'static str, letter: char, start: Ymd) -> Era {
        Era {
            name,
            letter,
            start,
        }
    }

    #[cfg(test)]
    /// The name: `令和`.
    pub(crate) fn name(&self) -> &'static str {
        self.name
    }

    #[cfg(test)]
    /// The capital letter of the abbreviated form: `R` (as in `R5.4.1`).
    pub(crate) fn letter(&self) -> char {
        self.letter
    }

    /// The first day: 元年 of 令和 begins on 2019-05-01.
    pub(crate) fn start(&self) -> Date {
        Date::from_ymd(self.start)
    }

    #[cfg(test)]
    /// The last day, the day before the next era began; `None` for the current era.
    pub(crate) fn end(&self) -> Option<Date> {
        Some(Date::from_ymd(previous_day(self.next()?.start)))
    }

    /// The era after this one.
    fn next(&self) -> Option<&'static Era> {
        let index = ERAS.iter().position(|era| era == self)?;
        ERAS.get(index + 1)
    }

    /// The Western year of year `n` of the era (1 for 元年), whether or not the era lasted.
    fn western_year(&self, n: u16) -> i32 {
        self.start.0 + i32::from(n) - 1
    }
}

impl DateError {
    /// An error of `kind` about `input`.
    fn new(input: &str, kind: ErrorKind) -> DateError {
        let input = input.to_owned();
        DateError { input, kind }
    }
}

impl std::error::Error for DateError {}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let input = &self.input;
        match &self.kind {
            ErrorKind::Empty => write!(f, "日付が空です (the date is empty). {ACCEPTED}"),
            ErrorKind::Unrecognised => write!(
                f,
                "{input} は日付として読めません (cannot read `{input}` as a date). {ACCEPTED}"
            ),
            ErrorKind::YearOutOfRange => write!(
                f,
                "{input} の年は使えません: 西暦1年から9999年までです \
                 (the year of `{input}` is out of range: years run from 1 to 9999)"
            ),
            ErrorKind::MonthOutOfRange => write!(
                f,
                "{input} の月はありえません: 月は1から12までです \
                 (`{input}` has no such month: months run from 1 to 12)"
            ),
            &ErrorKind::DayOutOfRange(year, month) => {
                let days = days_in_month(year, month);
                write!(
                    f,
                    "{input} はありえない日付です: {year}年{month}月は{days}日までです \
                     (`{input}` is not a calendar date: {year:04}-{month:02} has {days} days)"
                )
            }
            ErrorKind::EraYearZero(era) => write!(
                f,
                "{input} の{name}0年はありません: 和暦の年は元年(1年)から数えます \
                 (there is no year 0 of {name} in `{input}`: era years start at 元年, year 1)",
                name = era.name
            ),
            ErrorKind::BeforeGregorian => write!(
                f,
                "{input} は和暦にできません: 日本がグレゴリオ暦を採用した明治6年1月1日\
                 (1873年1月1日)より前の日付です (`{input}` has no 和暦 form: it is before \
                 1873-01-01, when Japan adopted the Gregorian calendar)"
            ),
            ErrorKind::BeforeEra(era) => write!(
                f,
                "{input} は{name}の始まり({start})より前の日付です \
                 (`{input}` is before {name} began on {iso})",
                name = era.name,
                start = japanese_western(era.start),
                iso = era.start().iso(),
            ),
            ErrorKind::AfterEra(era, next) => {
                let end = previous_day(next.start);
                write!(
                    f,
                    "{input} は{name}の終わり({end_ja})より後の日付です。{next_ja}からは{next_name}\
                     です (`{input}` is after {name} ended on {end_iso}; from {next_iso} the era \
                     is {next_name})",
                    name = era.name,
                    end_ja = japanese_western(end),
                    next_ja = japanese_western(next.start),
                    next_name = next.name,
                    end_iso = Date::from_ymd(end).iso(),
                    next_iso = next.start().iso(),
                )
            }
            ErrorKind::WesternYearMismatch(year, written) => write!(
                f,
                "{input} の括弧内の西暦が合いません: 和暦の年は{year}年で、{written}年では\
                 ありません (the Western year in parentheses in `{input}` is wrong: the era \
                 year is {year}, not {written})"
            ),
            ErrorKind::WesternDateMismatch => write!(
                f,
                "{input} の括弧内の西暦の日付が和暦の日付と合いません \
                 (the Western date in parentheses in `{input}` is not the 和暦 date)"
            ),
        }
    }
}

/// The era in force on `day`, ignoring the Gregorian limit; `None` before 明治.
fn era_in_force(day: Ymd) -> Option<&'static Era> {
    ERAS.iter().rev().find(|era| era.start <= day)
}

/// `平成23年` or `令和元年`: Western year `year` as a year of `era`.
fn era_year_text(era: &Era, year: i32) -> String {
    match year - era.start.0 + 1 {
        1 => format!("{}元年", era.name),
        n => format!("{}{n}年", era.name),
    }
}

/// `2019年5月1日`: a day written the Japanese way with the Western year.
fn japanese_western((year, month, day): Ymd) -> String {
    format!("{year}年{month}月{day}日")
}

/// Whether `year` is a Gregorian leap year (2000 is, 1900 is not).
fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days in `month` (1 to 12) of `year`.
fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The day before `day`.
fn previous_day((year, month, day): Ymd) -> Ymd {
    if day > 1 {
        (year, month, day - 1)
    } else if month > 1 {
        (year, month - 1, days_in_month(year, month - 1))
    } else {
        (year - 1, 12, 31)
    }
}

#[cfg(test)]
mod tests;

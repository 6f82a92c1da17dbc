//! Unit tests of [`crate::dates::wareki::parse`]: every accepted form, and every way a written date
//! can be wrong.

use super::*;

/// ISO dates and months.
#[test]
fn parse_iso_day_and_month() {
    assert_eq!(parsed("2011-01-07"), day(2011, 1, 7));
    assert_eq!(parsed("2011-02"), month(2011, 2));
    assert_eq!(parsed("2019-05-01"), day(2019, 5, 1));
    assert_eq!(parsed("2011-1-7"), day(2011, 1, 7));
}

/// ISO dates are not 和暦 and are accepted before 1873.
#[test]
fn parse_iso_accepts_dates_before_1873() {
    assert_eq!(parsed("1850-06-15"), day(1850, 6, 15));
    assert_eq!(parsed("0001-01-01"), day(1, 1, 1));
    assert_eq!(parsed("9999-12-31"), day(9999, 12, 31));
}

/// Western dates with `/` or `.`, and in kanji.
#[test]
fn parse_western_dates_with_slashes_dots_and_kanji() {
    assert_eq!(parsed("2011/1/7"), day(2011, 1, 7));
    assert_eq!(parsed("2011/02"), month(2011, 2));
    assert_eq!(parsed("2011.01.07"), day(2011, 1, 7));
    assert_eq!(parsed("2011年1月7日"), day(2011, 1, 7));
    assert_eq!(parsed("2011年2月"), month(2011, 2));
}

/// 和暦 in kanji, 元年 or 1年, at day or month precision.
#[test]
fn parse_kanji_era_dates() {
    assert_eq!(parsed("平成22年11月30日"), day(2010, 11, 30));
    assert_eq!(parsed("平成23年2月"), month(2011, 2));
    assert_eq!(parsed("令和元年5月1日"), day(2019, 5, 1));
    assert_eq!(parsed("令和1年5月1日"), day(2019, 5, 1));
    assert_eq!(parsed("令和01年05月01日"), day(2019, 5, 1));
    assert_eq!(parsed("平成31年4月30日"), day(2019, 4, 30));
    assert_eq!(parsed("昭和64年1月7日"), day(1989, 1, 7));
    assert_eq!(parsed("明治6年1月1日"), day(1873, 1, 1));
}

/// Abbreviated 和暦 with `.`, `/` or `-`, and each era letter in either case.
#[test]
fn parse_abbreviated_era_letters_in_either_case() {
    assert_eq!(parsed("R5.4.1"), day(2023, 4, 1));
    assert_eq!(parsed("H23.2"), month(2011, 2));
    assert_eq!(parsed("h23.2.1"), day(2011, 2, 1));
    assert_eq!(parsed("R5/4/1"), day(2023, 4, 1));
    assert_eq!(parsed("R5-4-1"), day(2023, 4, 1));
    assert_eq!(parsed("r1.5.1"), day(2019, 5, 1));
    assert_eq!(parsed("R元.5.1"), day(2019, 5, 1));
    assert_eq!(parsed("H1.1.8"), day(1989, 1, 8));
    assert_eq!(parsed("S64.1.7"), day(1989, 1, 7));
    assert_eq!(parsed("s64/1/7"), day(1989, 1, 7));
    assert_eq!(parsed("T1.7.30"), day(1912, 7, 30));
    assert_eq!(parsed("t15.12.24"), day(1926, 12, 24));
    assert_eq!(parsed("M45.7.29"), day(1912, 7, 29));
    assert_eq!(parsed("m6.1.1"), day(1873, 1, 1));
}

/// A date uses one kind of separator throughout.
#[test]
fn parse_rejects_mixed_separators() {
    for input in ["R5.4/1", "2011-01/07", "H23/2.1", "2011.1-7"] {
        assert_eq!(kind_of(input), ErrorKind::Unrecognised, "{input}");
    }
}

/// Full-width digits, letters, punctuation and spaces read as ASCII.
#[test]
fn parse_normalises_full_width_characters() {
    assert_eq!(parsed("令和５年４月１日"), day(2023, 4, 1));
    assert_eq!(parsed("Ｒ５．４．１"), day(2023, 4, 1));
    assert_eq!(parsed("ｒ５／４／１"), day(2023, 4, 1));
    assert_eq!(parsed("２０１１－０１－０７"), day(2011, 1, 7));
    assert_eq!(parsed("ｈ２３．２"), month(2011, 2));
    assert_eq!(parsed("平成２３年（２０１１年）１月７日"), day(2011, 1, 7));
    assert_eq!(
        parsed("平成２３年１月７日（２０１１年１月７日）"),
        day(2011, 1, 7)
    );
    assert_eq!(parsed("平成　23　年　2　月"), month(2011, 2));
}

/// The squared era signs (㍻, ㋿, …) read as the era names.
#[test]
fn parse_accepts_squared_era_signs() {
    assert_eq!(parsed("㍻23年1月7日"), day(2011, 1, 7));
    assert_eq!(parsed("㋿元年5月1日"), day(2019, 5, 1));
    assert_eq!(parsed("㍼64年1月7日"), day(1989, 1, 7));
    assert_eq!(parsed("㍽元年7月30日"), day(1912, 7, 30));
    assert_eq!(parsed("㍾45年7月29日"), day(1912, 7, 29));
}

/// Whitespace around the value is trimmed, and spaces between its parts are allowed.
#[test]
fn parse_trims_whitespace_and_accepts_spaces_between_parts() {
    assert_eq!(parsed("  2011-01-07 \n"), day(2011, 1, 7));
    assert_eq!(parsed("\t平成23年1月7日\r\n"), day(2011, 1, 7));
    assert_eq!(parsed("平成 23 年 2 月"), month(2011, 2));
    assert_eq!(parsed("平成23年 1月 7日"), day(2011, 1, 7));
    assert_eq!(parsed("　令和元年５月１日　"), day(2019, 5, 1));
    assert_eq!(parsed("R5 . 4 . 1"), day(2023, 4, 1));
    assert_eq!(parsed("2011 - 01 - 07"), day(2011, 1, 7));
    assert_eq!(parsed("平成23年 (2011年) 1月7日"), day(2011, 1, 7));
    assert_eq!(parsed("平成23年1月7日 (2011年1月7日)"), day(2011, 1, 7));
}

/// A space splits a number in two, which no form allows.
#[test]
fn parse_rejects_spaces_inside_a_number() {
    for input in ["20 11-01-07", "平成2 3年1月7日", "2011-0 1-07", "R 5.4.1 1"] {
        assert_eq!(kind_of(input), ErrorKind::Unrecognised, "{input}");
    }
}

/// An era date before the era's first day is an error, naming the era's first day.
#[test]
fn parse_rejects_a_day_before_its_era_began() {
    let cases = [
        ("令和元年4月30日", "令和"),
        ("R1.4.30", "令和"),
        ("平成元年1月7日", "平成"),
        ("昭和元年12月24日", "昭和"),
        ("大正元年7月29日", "大正"),
        ("令和元年1月1日", "令和"),
    ];
    for (input, name) in cases {
        assert_eq!(kind_of(input), ErrorKind::BeforeEra(era(name)), "{input}");
    }
}

/// An era date after the era's last day is an error, naming its last day and the next era.
#[test]
fn parse_rejects_a_day_after_its_era_ended() {
    let cases = [
        ("平成31年5月1日", "平成", "令和"),
        ("H31.5.1", "平成", "令和"),
        ("平成32年1月1日", "平成", "令和"),
        ("昭和64年1月8日", "昭和", "平成"),
        ("大正15年12月25日", "大正", "昭和"),
        ("明治45年7月30日", "明治", "大正"),
        ("明治100年1月1日", "明治", "大正"),
    ];
    for (input, name, next) in cases {
        assert_eq!(
            kind_of(input),
            ErrorKind::AfterEra(era(name), era(next)),
            "{input}"
        );
    }
}

/// The last day of each era and the first day of the next parse, as the same day.
#[test]
fn parse_accepts_the_first_and_last_day_of_each_era() {
    assert_eq!(parsed("平成31年4月30日"), day(2019, 4, 30));
    assert_eq!(parsed("令和元年5月1日"), day(2019, 5, 1));
    assert_eq!(parsed("昭和64年1月7日"), day(1989, 1, 7));
    assert_eq!(parsed("平成元年1月8日"), day(1989, 1, 8));
    assert_eq!(parsed("大正15年12月24日"), day(1926, 12, 24));
    assert_eq!(parsed("昭和元年12月25日"), day(1926, 12, 25));
    assert_eq!(parsed("明治45年7月29日"), day(1912, 7, 29));
    assert_eq!(parsed("大正元年7月30日"), day(1912, 7, 30));
}

/// Dates that are not on the calendar are errors, whichever form they are written in.
#[test]
fn parse_rejects_impossible_dates() {
    let cases = [
        ("平成23年2月30日", ErrorKind::DayOutOfRange(2011, 2)),
        ("H23.2.29", ErrorKind::DayOutOfRange(2011, 2)),
        ("2011-02-29", ErrorKind::DayOutOfRange(2011, 2)),
        ("1900-02-29", ErrorKind::DayOutOfRange(1900, 2)),
        ("2011-04-31", ErrorKind::DayOutOfRange(2011, 4)),
        ("2011-01-00", ErrorKind::DayOutOfRange(2011, 1)),
        ("2011-13-01", ErrorKind::MonthOutOfRange),
        ("2011-00-01", ErrorKind::MonthOutOfRange),
        ("平成23年13月", ErrorKind::MonthOutOfRange),
        ("平成23年0月1日", ErrorKind::MonthOutOfRange),
        ("0000-01-01", ErrorKind::YearOutOfRange),
        ("0000年1月1日", ErrorKind::YearOutOfRange),
        ("令和0年", ErrorKind::EraYearZero(era("令和"))),
        ("令和0年5月1日", ErrorKind::EraYearZero(era("令和"))),
        ("R0.5.1", ErrorKind::EraYearZero(era("令和"))),
        ("平成00年1月1日", ErrorKind::EraYearZero(era("平成"))),
        ("令和9999年1月1日", ErrorKind::YearOutOfRange),
    ];
    for (input, kind) in cases {
        assert_eq!(kind_of(input), kind, "{input}");
    }
}

/// An era month is valid if any of its days is inside the era.
#[test]
fn parse_era_month_is_valid_if_any_of_its_days_is_in_the_era() {
    assert_eq!(parsed("令和元年5月"), month(2019, 5));
    assert_eq!(parsed("平成31年4月"), month(2019, 4));
    assert_eq!(parsed("平成元年1月"), month(1989, 1));
    assert_eq!(parsed("昭和64年1月"), month(1989, 1));
    assert_eq!(parsed("昭和元年12月"), month(1926, 12));
    assert_eq!(parsed("大正15年12月"), month(1926, 12));
    assert_eq!(parsed("大正元年7月"), month(1912, 7));
    assert_eq!(parsed("明治45年7月"), month(1912, 7));
    assert_eq!(
        kind_of("平成31年5月"),
        ErrorKind::AfterEra(era("平成"), era("令和"))
    );
    assert_eq!(
        kind_of("昭和64年2月"),
        ErrorKind::AfterEra(era("昭和"), era("平成"))
    );
    assert_eq!(
        kind_of("明治45年8月"),
        ErrorKind::AfterEra(era("明治"), era("大正"))
    );
    assert_eq!(kind_of("令和元年4月"), ErrorKind::BeforeEra(era("令和")));
    assert_eq!(parsed("平成元年12月"), month(1989, 12));
}

/// 和暦 dates before 1873-01-01 are errors that say why; 明治6年1月1日 is the first day.
#[test]
fn parse_rejects_era_dates_before_1873() {
    for input in [
        "明治5年12月31日",
        "M5.12.2",
        "明治元年1月25日",
        "明治5年12月",
        "m1.1",
    ] {
        assert_eq!(kind_of(input), ErrorKind::BeforeGregorian, "{input}");
    }
    let message = parse("明治5年12月31日")
        .expect_err("before 1873")
        .to_string();
    assert!(message.contains("明治5年12月31日"), "{message}");
    assert!(message.contains("明治6年1月1日(1873年1月1日)"), "{message}");
    assert_eq!(parsed("明治6年1月1日"), day(1873, 1, 1));
    assert_eq!(parsed("明治6年1月"), month(1873, 1));
}

/// Anything that is not one of the forms is an error that lists the accepted forms.
#[test]
fn parse_rejects_garbage_and_lists_the_accepted_forms() {
    let garbage = [
        "yesterday",
        "2011/1/7/8",
        "2011-01-07x",
        "2011-01-07T10:00:00+09:00",
        "2011-1-7-",
        "2011",
        "20110107",
        "11-01-07",
        "2011-001-07",
        "平成",
        "平成23年",
        "平成23年2月1",
        "平成23年1月7",
        "平成二十三年一月七日",
        "Q5.4.1",
        "R5",
        "R5.",
        "RH5.4.1",
        "5.4.1",
        "2011年1月7日(2011年1月7日)",
        "平成23年(2011年)1月7日(2011年1月7日)",
        "平成23年1月7日(2011年1月7日",
        "平成23年1月7日(2011-01-07)",
        "平成23年(2011)1月7日",
        "平成23年1月7日()",
        "令和元年元月1日",
        "12345-01-01",
    ];
    for input in garbage {
        let error = parse(input).expect_err(input);
        assert_eq!(error.kind, ErrorKind::Unrecognised, "{input}");
        let message = error.to_string();
        assert!(message.contains(input), "{message}");
        for form in [
            "2011-01-07",
            "2011-02",
            "平成23年1月7日",
            "令和元年5月1日",
            "R5/4/1",
        ] {
            assert!(message.contains(form), "{message} lacks {form}");
        }
    }
}

/// An empty value says so, and lists the accepted forms too.
#[test]
fn parse_rejects_empty_input() {
    for input in ["", "   ", "\n\t", "　"] {
        let error = parse(input).expect_err("empty");
        assert_eq!(error.kind, ErrorKind::Empty, "{input:?}");
        let message = error.to_string();
        assert!(message.contains("日付が空です"), "{message}");
        assert!(message.contains("empty"), "{message}");
        assert!(message.contains("平成23年1月7日"), "{message}");
    }
}

/// The Western year in parentheses after the era year must be the era year's.
#[test]
fn parse_with_western_year_checks_that_the_years_agree() {
    assert_eq!(parsed("平成23年(2011年)1月7日"), day(2011, 1, 7));
    assert_eq!(parsed("平成23年(2011年)2月"), month(2011, 2));
    assert_eq!(parsed("令和元年(2019年)5月1日"), day(2019, 5, 1));
    assert_eq!(
        kind_of("平成23年(2012年)1月7日"),
        ErrorKind::WesternYearMismatch(2011, 2012)
    );
    assert_eq!(
        kind_of("令和元年(2018年)5月"),
        ErrorKind::WesternYearMismatch(2019, 2018)
    );
    let message = parse("平成23年(2012年)1月7日")
        .expect_err("mismatch")
        .to_string();
    assert!(message.contains("和暦の年は2011年"), "{message}");
    assert!(message.contains("is 2011, not 2012"), "{message}");
}

/// The Western date in parentheses after the 和暦 date must be the same day or month.
#[test]
fn parse_house_style_checks_that_the_dates_agree() {
    assert_eq!(parsed("平成23年1月7日(2011年1月7日)"), day(2011, 1, 7));
    assert_eq!(parsed("平成23年2月(2011年2月)"), month(2011, 2));
    assert_eq!(parsed("H23.1.7(2011年1月7日)"), day(2011, 1, 7));
    assert_eq!(
        kind_of("平成23年1月7日(2012年1月7日)"),
        ErrorKind::WesternYearMismatch(2011, 2012)
    );
    for input in [
        "平成23年1月7日(2011年1月8日)",
        "平成23年1月7日(2011年2月7日)",
        "平成23年2月(2011年2月1日)",
        "平成23年2月1日(2011年2月)",
    ] {
        assert_eq!(kind_of(input), ErrorKind::WesternDateMismatch, "{input}");
    }
}

/// The spec's example message, word for word, with the English after it.
#[test]
fn error_before_an_era_reads_as_the_spec_says() {
    let message = parse("令和元年4月30日")
        .expect_err("before 令和")
        .to_string();
    assert!(
        message.starts_with("令和元年4月30日 は令和の始まり(2019年5月1日)より前の日付です"),
        "{message}"
    );
    assert!(
        message.contains("before 令和 began on 2019-05-01"),
        "{message}"
    );
}

/// Each kind of error says in Japanese and in English what was wrong.
#[test]
fn error_messages_say_what_was_wrong_in_japanese_and_english() {
    let cases: [(&str, &[&str]); 7] = [
        (
            "平成31年5月1日",
            &[
                "平成の終わり(2019年4月30日)より後",
                "2019年5月1日からは令和",
                "ended on 2019-04-30",
            ],
        ),
        (
            "2011-02-29",
            &["2011年2月は28日まで", "2011-02 has 28 days"],
        ),
        (
            "2011-13-01",
            &["月は1から12まで", "months run from 1 to 12"],
        ),
        (
            "令和0年5月1日",
            &["令和0年はありません", "元年", "year 0 of 令和"],
        ),
        (
            "0000-01-01",
            &["西暦1年から9999年まで", "years run from 1 to 9999"],
        ),
        (
            "明治5年1月1日",
            &["明治6年1月1日", "1873-01-01", "Gregorian"],
        ),
        ("平成23年1月7日(2011年1月8日)", &["括弧内", "parentheses"]),
    ];
    for (input, fragments) in cases {
        let message = parse(input).expect_err(input).to_string();
        assert!(message.contains(input), "{message}");
        for fragment in fragments {
            assert!(message.contains(fragment), "{message} lacks {fragment}");
        }
    }
}

/// Errors quote the value as it was written (trimmed), full-width characters and all.
#[test]
fn parse_errors_quote_the_input_as_written() {
    let message = parse(" 令和５年４月３１日 ")
        .expect_err("April 31")
        .to_string();
    assert!(message.starts_with("令和５年４月３１日 "), "{message}");
    assert!(message.contains("2023年4月は30日まで"), "{message}");
}

/// `DateError` is a standard error, so it can be boxed and chained.
#[test]
fn date_error_is_a_std_error() {
    let error: Box<dyn std::error::Error> = Box::new(parse("yesterday").expect_err("garbage"));
    assert!(error.to_string().contains("yesterday"));
}

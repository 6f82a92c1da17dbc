//! Round trips: every date formatted in every style parses back to itself, at every era
//! boundary and for every day and month from 1873 to 2100.

use super::*;

/// The day before and the first day of every era, and 1873-01-01, in every style.
#[test]
fn every_era_boundary_round_trips_in_every_style() {
    let mut boundaries = vec![day(1873, 1, 1)];
    for era in &ERAS[1..] {
        boundaries.push(Date::from_ymd(previous_day(era.start)));
        boundaries.push(era.start());
        // The month in which the era began, which takes the new era.
        boundaries.push(month(era.start.0, era.start.1));
    }
    for date in boundaries {
        assert_round_trip(date);
    }
}

/// Every month of a spread of years, at month precision and on its first and last days.
#[test]
fn every_month_of_several_years_round_trips() {
    for year in [
        1873, 1912, 1926, 1988, 1989, 2000, 2011, 2012, 2019, 2020, 2100,
    ] {
        for m in 1..=12 {
            assert_round_trip(month(year, m));
            assert_round_trip(day(year, m, 1));
            assert_round_trip(day(year, m, days_in_month(year, m)));
        }
    }
}

/// Leap days round-trip; 1900-02-29 does not exist, in ISO or in 和暦.
#[test]
fn leap_days_round_trip_and_1900_02_29_does_not_exist() {
    for date in [
        day(2000, 2, 29),
        day(2012, 2, 29),
        day(1900, 2, 28),
        day(2096, 2, 29),
    ] {
        assert_round_trip(date);
    }
    assert_eq!(kind_of("1900-02-29"), ErrorKind::DayOutOfRange(1900, 2));
    assert_eq!(
        kind_of("明治33年2月29日"),
        ErrorKind::DayOutOfRange(1900, 2)
    );
    assert_eq!(parsed("平成12年2月29日"), day(2000, 2, 29));
    assert_eq!(
        kind_of("令和82年2月29日"),
        ErrorKind::DayOutOfRange(2100, 2)
    );
}

/// Every day from 1873-01-01 to 2100-12-31 parses back from every style, from the
/// abbreviated forms and from ISO.
#[test]
fn every_day_from_1873_to_2100_round_trips() {
    let mut count = 0;
    for date in days(day(1873, 1, 1), day(2100, 12, 31)) {
        assert_round_trip(date);
        count += 1;
    }
    // 228 years, 55 of them leap years (1900 is not).
    assert_eq!(count, 228 * 365 + 55);
}

/// Every month from 1873-01 to 2100-12 parses back, and is named in the era of its last day.
#[test]
fn every_month_from_1873_to_2100_round_trips_in_the_era_of_its_last_day() {
    for date in months(1873, 2100) {
        assert_round_trip(date);
        let last = day(date.year, date.month, days_in_month(date.year, date.month));
        assert_eq!(date.era(), last.era(), "{date}");
        let (text, last_text) = (plain(date), plain(last));
        assert_eq!(label(&text), label(&last_text), "{text} / {last_text}");
    }
}

/// Over every day from 1873 to 2100, the 和暦 year changes exactly on January 1 (counting up
/// by one in the same era) and on each era's first day (to 元年 of the next era), and always
/// names Western year = the era's first year + the era year - 1.
#[test]
fn era_year_numbering_is_continuous_from_1873_to_2100() {
    let mut previous = (day(1873, 1, 1), "明治".to_owned(), 6);
    let mut era_changes = Vec::new();
    for date in days(day(1873, 1, 2), day(2100, 12, 31)) {
        let text = plain(date);
        let (name, number) = label(&text);
        let era = era(name);
        assert_eq!(date.year, era.start.0 + number - 1, "{text}");
        let (previous_date, previous_name, previous_number) = &previous;
        if date.first_day() == era.start {
            assert_eq!(number, 1, "{text}");
            assert_eq!(
                ERAS.iter()
                    .position(|e| e.name == previous_name.as_str())
                    .map(|i| i + 1),
                ERAS.iter().position(|e| *e == era),
                "{previous_date} → {text}"
            );
            era_changes.push(date);
        } else if (date.month, date.day) == (1, Some(1)) {
            assert_eq!(name, previous_name, "{previous_date} → {text}");
            assert_eq!(number, previous_number + 1, "{previous_date} → {text}");
        } else {
            assert_eq!(
                (name, number),
                (previous_name.as_str(), *previous_number),
                "{text}"
            );
        }
        previous = (date, name.to_owned(), number);
    }
    assert_eq!(
        era_changes,
        [
            day(1912, 7, 30),
            day(1926, 12, 25),
            day(1989, 1, 8),
            day(2019, 5, 1)
        ]
    );
}

//! Civil-date arithmetic in Japan's time zone (UTC+9, no daylight saving): today's date for
//! `new`, and commit times from git turned into the date the office would write.

use crate::dates::wareki::Date;

/// Japan Standard Time, in seconds east of UTC.
const JST: i64 = 9 * 3600;

/// Today's date in Japan.
pub(crate) fn today_in_japan() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    date_in_japan(secs)
}

/// The date in Japan at a Unix time.
pub(crate) fn date_in_japan(unix_secs: i64) -> Date {
    let (y, m, d) = civil_from_days((unix_secs + JST).div_euclid(86_400));
    Date::ymd(y, m, d).expect("a calendar date")
}

/// Parses an ISO 8601 / RFC 3339 timestamp with an offset (`2011-01-07T10:00:00+09:00`, as
/// `git log --format=%cI` prints) into Unix seconds.
pub(crate) fn parse_timestamp(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, rest) = text.split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, mo, da) = (d.next()??, d.next()??, d.next()??);
    let (time, offset) = if let Some(t) = rest.strip_suffix('Z') {
        (t, 0)
    } else {
        let i = rest.rfind(['+', '-'])?;
        let sign = if &rest[i..=i] == "-" { -1 } else { 1 };
        let (h, m) = rest[i + 1..].split_once(':')?;
        (
            &rest[..i],
            sign * (h.parse::<i64>().ok()? * 3600 + m.parse::<i64>().ok()? * 60),
        )
    };
    let mut t = time
        .split(':')
        .map(|p| p.split('.').next().and_then(|s| s.parse::<i64>().ok()));
    let (h, mi, s) = (t.next()??, t.next()??, t.next().flatten().unwrap_or(0));
    let days = days_from_civil(y, mo, da);
    Some(days * 86_400 + h * 3600 + mi * 60 + s - offset)
}

/// (year, month, day) → days since 1970-01-01, proleptic Gregorian (H. Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days since 1970-01-01 → (year, month, day).
pub(crate) fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        for days in [-800_000, -1, 0, 59, 10_000, 20_000, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(
                days_from_civil(i64::from(y), i64::from(m), i64::from(d)),
                days
            );
        }
    }

    #[test]
    fn timestamps_become_the_date_in_japan() {
        let t = parse_timestamp("2011-01-06T16:00:00+01:00").unwrap();
        assert_eq!(date_in_japan(t).iso(), "2011-01-07");
        let t = parse_timestamp("2011-01-06T14:59:59Z").unwrap();
        assert_eq!(date_in_japan(t).iso(), "2011-01-06");
        let t = parse_timestamp("2011-01-06T15:00:00Z").unwrap();
        assert_eq!(date_in_japan(t).iso(), "2011-01-07");
        assert!(parse_timestamp("yesterday").is_none());
    }
}

//! Calendar dates for front matter and templates (interim: ISO dates only; 和暦 comes next).
#![allow(missing_docs)]
use std::fmt;
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: Option<u8>,
}
#[derive(Debug, Clone, Copy)]
pub enum Style {
    Plain,
    WithWesternYear,
    House,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(String);
impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl Date {
    pub fn iso(&self) -> String {
        match self.day {
            Some(d) => format!("{:04}-{:02}-{:02}", self.year, self.month, d),
            None => format!("{:04}-{:02}", self.year, self.month),
        }
    }
    pub fn wareki(&self, _s: Style) -> Result<String, DateError> {
        Ok(format!("平成{}年", self.year - 1988))
    }
    pub fn fiscal_year_wareki(&self) -> Result<String, DateError> {
        Ok(String::new())
    }
}
pub fn parse(s: &str) -> Result<Date, DateError> {
    let p: Vec<&str> = s.trim().split('-').collect();
    let y = p
        .first()
        .and_then(|x| x.parse().ok())
        .ok_or(DateError(format!("bad date {s}")))?;
    let m: u8 = p
        .get(1)
        .and_then(|x| x.parse().ok())
        .ok_or(DateError(format!("bad date {s}")))?;
    let d: Option<u8> = match p.get(2) {
        Some(x) => Some(x.parse().map_err(|_| DateError(format!("bad date {s}")))?),
        None => None,
    };
    if m == 0
        || m > 12
        || d.is_some_and(|d| d == 0 || d > 28 + 3)
        || (m == 2 && d.is_some_and(|d| d > 29))
    {
        return Err(DateError(format!("impossible date {s}")));
    }
    Ok(Date {
        year: y,
        month: m,
        day: d,
    })
}
impl Date {
    pub fn ymd(year: i32, month: u8, day: u8) -> Result<Date, DateError> {
        Ok(Date {
            year,
            month,
            day: Some(day),
        })
    }
}
impl Date {
    pub fn year(&self) -> i32 {
        self.year
    }
    pub fn month(&self) -> u8 {
        self.month
    }
    pub fn day(&self) -> Option<u8> {
        self.day
    }
}

//! Calendar dates as newspapers write them: "June 6, 2023", "Jun. 6 2023",
//! "6th June 2023", "Tuesday, June 6, 2023", "2023-06-06", "6/6/2023".

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2023.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of month, 1–31.
    pub day: u32,
}

impl Date {
    /// ISO 8601 form, `2023-06-06`.
    pub fn to_iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The date, when `day` exists in that month of that year.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        (is_valid(Some(year), month, day)).then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before it), in the proleptic
    /// Gregorian calendar: Arrow's and Parquet's `Date32`.
    pub fn days_since_epoch(&self) -> i64 {
        let year = i64::from(self.year);
        let leaps = |y: i64| y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400);
        let days_before_year = 365 * (year - 1970) + leaps(year - 1) - leaps(1969);
        let days_before_month: i64 = (1..self.month)
            .map(|m| i64::from(days_in_month(self.year, m)))
            .sum();
        days_before_year + days_before_month + i64::from(self.day) - 1
    }

    /// The date `days` after 1970-01-01 (before it when negative); `None`
    /// outside the years ±262,143.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        // Shift to 0000-03-01 so that leap days end each 400-year era.
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        if year.abs() > 262_143 {
            return None;
        }
        Date::new(year as i32, month as u32, day as u32)
    }

    /// The date an ISO 8601 date or timestamp starts with: `2023-06-06`,
    /// `2023-06-06T09:00:00Z`, `2023-06-06 09:00`; `None` for other forms
    /// and for dates that do not exist.
    pub fn from_iso_prefix(text: &str) -> Option<Date> {
        let b = text.trim().as_bytes();
        if b.len() < 10 || (b.len() > 10 && !matches!(b[10], b'T' | b' ')) {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &b[r];
            if !part.iter().all(u8::is_ascii_digit) {
                return None;
            }
            Some(part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
        };
        if b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = i32::try_from(digits(0..4)?).ok()?;
        Date::new(year, digits(5..7)?, digits(8..10)?)
    }
}

/// A date that may lack its year, as in "June 6" or "6 June".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// Year, when one was written.
    pub year: Option<i32>,
    /// Month, 1–12.
    pub month: u32,
    /// Day of month, 1–31 (valid for the month; 29 February without a year).
    pub day: u32,
}

impl PartialDate {
    /// The full date, when the year is known.
    pub fn to_date(&self) -> Option<Date> {
        Some(Date {
            year: self.year?,
            month: self.month,
            day: self.day,
        })
    }
}

/// True for leap years of the Gregorian calendar.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1–12) of `year`; 0 for an invalid month.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn is_valid(year: Option<i32>, month: u32, day: u32) -> bool {
    // Without a year, 29 February is allowed.
    day >= 1 && day <= days_in_month(year.unwrap_or(2000), month)
}

/// Parses a whole string (surrounding white space aside) as a date with a
/// year; `None` when it is not exactly one date.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    match find_date_prefix(text) {
        Some((date, len)) if len == text.len() => Some(date),
        _ => None,
    }
}

/// Finds a date with a year at the very start of `text`; returns it with
/// the number of bytes it takes up.
pub fn find_date_prefix(text: &str) -> Option<(Date, usize)> {
    let (partial, len) = find_partial_date_prefix(text)?;
    Some((partial.to_date()?, len))
}

/// Finds a date, possibly without a year ("June 6", "6th June"), at the very
/// start of `text`; returns it with the number of bytes it takes up. A date
/// must be followed by the end of the text or by something other than a
/// letter or digit.
pub fn find_partial_date_prefix(text: &str) -> Option<(PartialDate, usize)> {
    let mut c = Cursor {
        s: text.as_bytes(),
        i: 0,
    };
    // An optional weekday: "Tuesday, ", "Tue. ".
    let save = c.i;
    if let Some(word) = c.word() {
        if weekday(word) {
            c.eat(b'.');
            let comma = c.eat(b',');
            if !c.spaces() && !comma {
                c.i = save;
            }
        } else {
            c.i = save;
        }
    }
    let body = c.i;
    let found = month_first(&mut c)
        .or_else(|| {
            c.i = body;
            day_first(&mut c)
        })
        .or_else(|| {
            c.i = body;
            numeric(&mut c)
        })?;
    if !is_valid(found.year, found.month, found.day) || c.alnum_follows() {
        return None;
    }
    Some((found, c.i))
}

/// "June 6", "Jun. 6, 2023", "June 6th 2023".
fn month_first(c: &mut Cursor) -> Option<PartialDate> {
    let month = month(c.word()?)?;
    c.eat(b'.');
    if !c.spaces() {
        return None;
    }
    let day = c.day()?;
    Some(PartialDate {
        year: c.year_after(),
        month,
        day,
    })
}

/// "6 June", "6th Jun 2023", "6th of June, 2023".
fn day_first(c: &mut Cursor) -> Option<PartialDate> {
    let day = c.day()?;
    if !c.spaces() {
        return None;
    }
    let save = c.i;
    let of = c.word().is_some_and(|w| w.eq_ignore_ascii_case(b"of")) && c.spaces();
    if !of {
        c.i = save;
    }
    let month = month(c.word()?)?;
    c.eat(b'.');
    Some(PartialDate {
        year: c.year_after(),
        month,
        day,
    })
}

/// "2023-06-06", "2023/6/6", and "6/6/2023" or "25.12.2023" when the order
/// of day and month is unambiguous.
fn numeric(c: &mut Cursor) -> Option<PartialDate> {
    let (a, a_len) = c.digits(4)?;
    let sep = *c.s.get(c.i)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    c.i += 1;
    let (b, b_len) = c.digits(2)?;
    if !c.eat(sep) {
        return None;
    }
    if a_len == 4 {
        if sep == b'.' {
            return None;
        }
        let (d, _) = c.digits(2)?;
        return Some(PartialDate {
            year: Some(a as i32),
            month: b,
            day: d,
        });
    }
    let (year, y_len) = c.digits(4)?;
    if y_len != 4 || a_len > 2 || b_len > 2 {
        return None;
    }
    let (month, day) = if a == b || (a > 12 && b <= 12) {
        (b, a)
    } else if b > 12 && a <= 12 {
        (a, b)
    } else {
        return None;
    };
    Some(PartialDate {
        year: Some(year as i32),
        month,
        day,
    })
}

fn weekday(word: &[u8]) -> bool {
    const DAYS: [&[u8]; 7] = [
        b"monday",
        b"tuesday",
        b"wednesday",
        b"thursday",
        b"friday",
        b"saturday",
        b"sunday",
    ];
    DAYS.iter().any(|d| {
        word.eq_ignore_ascii_case(d)
            || (word.len() == 3 && d[..3].eq_ignore_ascii_case(word))
            || (word.len() == 4
                && matches!(&d[..4], b"tues" | b"thur")
                && d[..4].eq_ignore_ascii_case(word))
            || (word.len() == 5 && &d[..5] == b"thurs" && d[..5].eq_ignore_ascii_case(word))
    })
}

/// True for a weekday name or abbreviation ("Tuesday", "Tue", "Tues", "Thurs").
pub fn is_weekday(name: &str) -> bool {
    weekday(name.as_bytes())
}

/// Month number of a month name or abbreviation ("June", "Jun", "Sept").
pub fn month_number(name: &str) -> Option<u32> {
    month(name.as_bytes())
}

fn month(word: &[u8]) -> Option<u32> {
    const MONTHS: [&[u8]; 12] = [
        b"january",
        b"february",
        b"march",
        b"april",
        b"may",
        b"june",
        b"july",
        b"august",
        b"september",
        b"october",
        b"november",
        b"december",
    ];
    if word.len() < 3 {
        return None;
    }
    if word.eq_ignore_ascii_case(b"sept") {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| {
            word.eq_ignore_ascii_case(m) || (word.len() == 3 && m[..3].eq_ignore_ascii_case(word))
        })
        .map(|i| i as u32 + 1)
}

/// A position in the bytes of the text being parsed.
struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// Skips spaces (ASCII or no-break); true when there was at least one.
    fn spaces(&mut self) -> bool {
        let start = self.i;
        loop {
            if self.eat(b' ') {
                continue;
            }
            if self.s[self.i.min(self.s.len())..].starts_with("\u{a0}".as_bytes()) {
                self.i += 2;
                continue;
            }
            break;
        }
        self.i > start
    }

    /// An ASCII word.
    fn word(&mut self) -> Option<&[u8]> {
        let start = self.i;
        while self.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
            self.i += 1;
        }
        if self.i == start || self.alnum_follows() {
            self.i = start;
            return None;
        }
        Some(&self.s[start..self.i])
    }

    /// Up to `max` digits, not followed by another digit.
    fn digits(&mut self, max: usize) -> Option<(u32, usize)> {
        let start = self.i;
        let mut value = 0u32;
        while let Some(b) = self.peek().filter(u8::is_ascii_digit) {
            if self.i - start == max {
                self.i = start;
                return None;
            }
            value = value * 10 + u32::from(b - b'0');
            self.i += 1;
        }
        (self.i > start).then_some((value, self.i - start))
    }

    /// A day of month with an optional ordinal suffix ("6", "06", "6th").
    fn day(&mut self) -> Option<u32> {
        let (day, _) = self.digits(2)?;
        let save = self.i;
        if self.word().is_some_and(|w| {
            [&b"st"[..], b"nd", b"rd", b"th"]
                .iter()
                .any(|o| w.eq_ignore_ascii_case(o))
        }) {
            return Some(day);
        }
        self.i = save;
        (!self.alnum_follows()).then_some(day)
    }

    /// An optional year after a day or month: "[,] 2023". Leaves the cursor
    /// where it was when there is none.
    fn year_after(&mut self) -> Option<i32> {
        let save = self.i;
        self.eat(b',');
        if self.spaces() {
            if let Some((year, 4)) = self.digits(4) {
                if !self.alnum_follows() {
                    return Some(year as i32);
                }
            }
        }
        self.i = save;
        None
    }

    /// True when a letter or digit (ASCII or not) comes next.
    fn alnum_follows(&self) -> bool {
        let rest = &self.s[self.i.min(self.s.len())..];
        match std::str::from_utf8(&rest[..rest.len().min(4)]) {
            Ok(s) => s.chars().next().is_some_and(char::is_alphanumeric),
            Err(e) => std::str::from_utf8(&rest[..e.valid_up_to()])
                .ok()
                .and_then(|s| s.chars().next())
                .is_some_and(char::is_alphanumeric),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_since_epoch_both_ways() {
        let cases = [
            ("1970-01-01", 0),
            ("1970-01-02", 1),
            ("1969-12-31", -1),
            ("2000-03-01", 11017),
            ("2023-06-06", 19514),
            ("2024-02-29", 19782),
            ("1900-03-01", -25508),
            ("0001-01-01", -719_162),
        ];
        for (iso, days) in cases {
            let date = Date::from_iso_prefix(iso).unwrap();
            assert_eq!(date.days_since_epoch(), days, "{iso}");
            assert_eq!(Date::from_days_since_epoch(days), Some(date), "{iso}");
        }
        for days in (-800_000..800_000).step_by(997) {
            let date = Date::from_days_since_epoch(days).unwrap();
            assert_eq!(date.days_since_epoch(), days);
        }
        assert_eq!(Date::from_days_since_epoch(i64::MAX), None);
        assert_eq!(Date::from_days_since_epoch(i64::MIN), None);
    }

    #[test]
    fn iso_prefixes() {
        let d = |s: &str| Date::from_iso_prefix(s).map(|d| d.to_iso());
        assert_eq!(d("2024-02-29T10:00:00Z").as_deref(), Some("2024-02-29"));
        assert_eq!(d(" 2023-06-06 09:00").as_deref(), Some("2023-06-06"));
        for bad in [
            "2023-02-29",
            "2023-06",
            "June 2023",
            "2023-13-01",
            "２０２３-06-06",
            "2023-06-066",
            "",
        ] {
            assert_eq!(d(bad), None, "{bad}");
        }
    }

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<Date> {
        Some(Date {
            year: y,
            month: m,
            day,
        })
    }

    #[test]
    fn month_first_forms() {
        assert_eq!(parse_date("June 6, 2023"), d(2023, 6, 6));
        assert_eq!(parse_date("Jun. 6, 2023"), d(2023, 6, 6));
        assert_eq!(parse_date("Jun 6 2023"), d(2023, 6, 6));
        assert_eq!(parse_date("Sept. 30, 2021"), d(2021, 9, 30));
        assert_eq!(parse_date("JUNE 6th, 2023"), d(2023, 6, 6));
        assert_eq!(parse_date("  December 25, 1999 "), d(1999, 12, 25));
    }

    #[test]
    fn day_first_forms() {
        assert_eq!(parse_date("6 June 2023"), d(2023, 6, 6));
        assert_eq!(parse_date("6th Jun 2023"), d(2023, 6, 6));
        assert_eq!(parse_date("1st of March, 2020"), d(2020, 3, 1));
        assert_eq!(parse_date("22nd Oct. 2019"), d(2019, 10, 22));
    }

    #[test]
    fn weekdays() {
        assert_eq!(parse_date("Tuesday, June 6, 2023"), d(2023, 6, 6));
        assert_eq!(parse_date("Tue 6 June 2023"), d(2023, 6, 6));
        assert_eq!(parse_date("Thurs., Jan. 5, 2023"), d(2023, 1, 5));
        assert_eq!(parse_date("Tuesday"), None);
    }

    #[test]
    fn numeric_forms() {
        assert_eq!(parse_date("2023-06-06"), d(2023, 6, 6));
        assert_eq!(parse_date("2023/6/6"), d(2023, 6, 6));
        assert_eq!(parse_date("6/6/2023"), d(2023, 6, 6));
        assert_eq!(parse_date("25/12/2023"), d(2023, 12, 25));
        assert_eq!(parse_date("12/25/2023"), d(2023, 12, 25));
        assert_eq!(parse_date("25.12.2023"), d(2023, 12, 25));
        assert_eq!(parse_date("5/6/2023"), None, "ambiguous order");
        assert_eq!(parse_date("2023-13-01"), None);
        assert_eq!(parse_date("2023-06-0612"), None);
        assert_eq!(parse_date("20230-06-06"), None);
    }

    #[test]
    fn validation() {
        assert_eq!(parse_date("February 29, 2024"), d(2024, 2, 29));
        assert_eq!(parse_date("February 29, 2023"), None);
        assert_eq!(parse_date("February 29, 1900"), None);
        assert_eq!(parse_date("February 29, 2000"), d(2000, 2, 29));
        assert_eq!(parse_date("April 31, 2023"), None);
        assert_eq!(parse_date("June 0, 2023"), None);
        assert_eq!(parse_date("June 6"), None, "no year");
        assert_eq!(parse_date("Junes 6, 2023"), None);
        assert_eq!(parse_date("June 6, 2023 and more"), None);
        assert_eq!(parse_date(""), None);
        assert_eq!(days_in_month(2023, 13), 0);
    }

    #[test]
    fn prefixes() {
        assert_eq!(
            find_date_prefix("June 6, 2023 — The"),
            Some((
                Date {
                    year: 2023,
                    month: 6,
                    day: 6
                },
                12
            ))
        );
        assert_eq!(
            find_date_prefix("6th Jun 2023 – (Tokyo)"),
            Some((
                Date {
                    year: 2023,
                    month: 6,
                    day: 6
                },
                12
            ))
        );
        assert_eq!(find_date_prefix("June 6 (Reuters)"), None);
        assert_eq!(find_date_prefix("June 6, 20234"), None);
        assert_eq!(find_date_prefix("June 6, 2023x"), None);
        assert_eq!(
            find_partial_date_prefix("June 6 (Reuters)"),
            Some((
                PartialDate {
                    year: None,
                    month: 6,
                    day: 6
                },
                6
            ))
        );
        assert_eq!(
            find_partial_date_prefix("June 6, said"),
            Some((
                PartialDate {
                    year: None,
                    month: 6,
                    day: 6
                },
                6
            ))
        );
        assert_eq!(
            find_partial_date_prefix("February 29 then"),
            Some((
                PartialDate {
                    year: None,
                    month: 2,
                    day: 29
                },
                11
            ))
        );
        assert_eq!(find_partial_date_prefix("Mayday 6"), None);
        assert_eq!(find_partial_date_prefix("May 66"), None);
        assert_eq!(find_partial_date_prefix("6 Junee"), None);
        assert_eq!(month_number("sept"), Some(9));
        assert_eq!(d(2023, 6, 6).unwrap().to_iso(), "2023-06-06");
        assert_eq!(Date::new(2023, 2, 29), None);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "6",
            "6 ",
            "June",
            "June ",
            "2023-",
            "2023-06",
            "6/",
            "Tue,",
            "6th of",
            "\u{a0}",
            "June\u{a0}6,\u{a0}2023",
            "6 Ju\u{e9}",
        ] {
            let _ = find_partial_date_prefix(s);
        }
        assert_eq!(parse_date("June\u{a0}6,\u{a0}2023"), d(2023, 6, 6));
    }
}

//! Calendar dates as newspapers write them. (placeholder: being written)

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
}

/// Parses a whole string as a date.
pub fn parse_date(text: &str) -> Option<Date> {
    let _ = text;
    None
}

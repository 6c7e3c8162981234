//! Dates: any common written form to ISO 8601, dates in URL paths, and
//! `<time>` elements; publication and modification dates read from
//! JSON-LD, `<meta>` tags, the page and its address, in that order.

use unspun_core::dates::find_date_prefix;

use super::json_ld::JsonLd;
use super::tags::{Tags, MODIFIED_KEYS, PUBLISHED_KEYS};
use crate::dom::{Dom, Kind, Tag};

/// The publication date: JSON-LD, else `<meta>` tags, else a `<time>`
/// element, else a date in the page's address `url`. Never a modification
/// date.
pub(super) fn published(dom: &Dom, tags: &Tags, ld: &JsonLd, url: Option<&str>) -> Option<String> {
    ld.published
        .as_deref()
        .and_then(iso_date)
        .or_else(|| tags.values(PUBLISHED_KEYS).into_iter().find_map(iso_date))
        .or_else(|| time_elements(dom))
        .or_else(|| url.and_then(date_in_url))
}

/// The last modification date: JSON-LD, else `<meta>` tags.
pub(super) fn modified(tags: &Tags, ld: &JsonLd) -> Option<String> {
    ld.modified
        .as_deref()
        .and_then(iso_date)
        .or_else(|| tags.values(MODIFIED_KEYS).into_iter().find_map(iso_date))
}

/// An ISO date from a date or timestamp in any common form.
pub fn iso_date(value: &str) -> Option<String> {
    let v = value.trim();
    let b = v.as_bytes();
    // 2019-11-19, 2019-11-19T10:00:00Z, 2019/11/19
    if b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && (b[4] == b'-' || b[4] == b'/')
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b[4]
        && b[8..10].iter().all(u8::is_ascii_digit)
    {
        let y: i32 = v[..4].parse().ok()?;
        let m: u32 = v[5..7].parse().ok()?;
        let d: u32 = v[8..10].parse().ok()?;
        return valid(y, m, d);
    }
    // 20191119 (and 20191119T…)
    if b.len() >= 8
        && b[..8].iter().all(u8::is_ascii_digit)
        && b.get(8).is_none_or(|c| !c.is_ascii_digit())
    {
        let y: i32 = v[..4].parse().ok()?;
        let m: u32 = v[4..6].parse().ok()?;
        let d: u32 = v[6..8].parse().ok()?;
        return valid(y, m, d);
    }
    // Unix timestamps (seconds or milliseconds).
    if (b.len() == 10 || b.len() == 13) && b.iter().all(u8::is_ascii_digit) {
        let secs: i64 = v[..10].parse().ok()?;
        return Some(civil_from_days(secs.div_euclid(86_400)));
    }
    // "Nov 19, 2019", "Tue, 19 Nov 2019 10:00:00 GMT", "November 19, 2019 10:00 AM".
    let (date, _) = find_date_prefix(v)?;
    (1990..=2100).contains(&date.year).then(|| date.to_iso())
}

/// The ISO date of a valid day of 1990–2100.
fn valid(y: i32, m: u32, d: u32) -> Option<String> {
    let date = unspun_core::dates::Date::new(y, m, d)?;
    (1990..=2100).contains(&y).then(|| date.to_iso())
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A date written in a URL path: `/2019/11/19/`, `/2019-11-19-`.
pub fn date_in_url(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, r)| r);
    let bytes = path.as_bytes();
    for i in 0..bytes.len().saturating_sub(9) {
        if bytes[i] != b'/' {
            continue;
        }
        let s = &path[i + 1..];
        let sb = s.as_bytes();
        if sb.len() >= 10 && sb[..4].iter().all(u8::is_ascii_digit) && matches!(sb[4], b'/' | b'-')
        {
            let sep = sb[4];
            if sb[5..7].iter().all(u8::is_ascii_digit)
                && sb[7] == sep
                && sb[8..10].iter().all(u8::is_ascii_digit)
                && sb.get(10).is_none_or(|c| !c.is_ascii_digit())
            {
                if let Some(d) = valid(
                    s[..4].parse().ok()?,
                    s[5..7].parse().ok()?,
                    s[8..10].parse().ok()?,
                ) {
                    return Some(d);
                }
            }
        }
    }
    None
}

/// `<time datetime>` marked as the publication date (`pubdate`,
/// `itemprop="datePublished"`, a class naming publication), else the first
/// `<time datetime>` that is not marked as an update.
pub(super) fn time_elements(dom: &Dom) -> Option<String> {
    let mut first = None;
    for node in &dom.nodes {
        let Kind::Element(el) = &node.kind else {
            continue;
        };
        let Some(dt) = el.datetime.as_deref() else {
            continue;
        };
        let prop = el.itemprop.as_deref().unwrap_or("");
        if prop == "datemodified" || el.class_id.contains("modif") || el.class_id.contains("update")
        {
            continue;
        }
        if el.tag != Tag::Time && prop != "datepublished" && prop != "datecreated" {
            continue;
        }
        let Some(date) = iso_date(dt) else { continue };
        if prop == "datepublished"
            || el.class_id.contains("publish")
            || el.class_id.contains("pubdate")
        {
            return Some(date);
        }
        if first.is_none() {
            first = Some(date);
        }
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_many_forms() {
        assert_eq!(
            iso_date("2019-11-19T10:00:00Z").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(iso_date("2019/11/19").as_deref(), Some("2019-11-19"));
        assert_eq!(iso_date("20191119").as_deref(), Some("2019-11-19"));
        assert_eq!(
            iso_date("November 19, 2019 10:00 AM").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(iso_date("1574168580").as_deref(), Some("2019-11-19"));
        assert_eq!(iso_date("soon"), None);
        assert_eq!(iso_date("2019-02-30"), None);
    }

    #[test]
    fn url_dates_and_day_counts() {
        assert_eq!(
            date_in_url("https://x.test/2016/02/29/story/").as_deref(),
            Some("2016-02-29")
        );
        assert_eq!(date_in_url("https://x.test/2019/13/40/story"), None);
        assert_eq!(date_in_url("https://x.test/1985/01/02/story"), None);
        assert_eq!(civil_from_days(0), "1970-01-01");
        assert_eq!(civil_from_days(18_219), "2019-11-19");
        assert_eq!(civil_from_days(-1), "1969-12-31");
    }

    #[test]
    fn time_elements_prefer_publication() {
        let (dom, _) = Dom::parse(
            r#"<time datetime="2021-06-01">a</time><span itemprop="datePublished" datetime="2021-05-30">b</span>"#,
        );
        assert_eq!(time_elements(&dom).as_deref(), Some("2021-05-30"));
        let (dom, _) = Dom::parse(r#"<time class="updated" datetime="2021-06-07">c</time>"#);
        assert_eq!(time_elements(&dom), None);
    }
}

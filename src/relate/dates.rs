//! Date expressions near a meeting -> calendar dates, resolved against the
//! article's date. Without an article date only absolute dates (with a year)
//! resolve; nothing is guessed.

use crate::model::PartialDate;

/// Day and month names in lower case, Monday and January first: the one
/// list the recognizer, the date reader and the corpus generator share.
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Whether a word is the name of a month or a day of the week, in any case.
pub fn is_month_or_weekday(word: &str) -> bool {
    // Most words fail on their length or on their first letter before any
    // comparison.
    let Some(first) = word.as_bytes().first().map(u8::to_ascii_lowercase) else {
        return false;
    };
    let (shortest, longest) = NAME_LENGTHS;
    (shortest..=longest).contains(&word.len())
        && MONTHS
            .iter()
            .chain(&WEEKDAYS)
            .any(|name| name.as_bytes()[0] == first && name.eq_ignore_ascii_case(word))
}

/// The shortest and longest month or day name, in bytes.
const NAME_LENGTHS: (usize, usize) = crate::segment::length_range(&[&MONTHS, &WEEKDAYS]);

/// Which bytes start a month name.
const MONTH_INITIALS: [bool; 256] = crate::segment::initials(&[&MONTHS]);

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a civil date.
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

/// 0 = Monday.
fn weekday(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

/// Resolves the date expression in `words` (lower-case tokens around a
/// meeting). `future` says whether the meeting lies ahead (planned or
/// proposed), which decides "on Friday" between last and next Friday.
pub fn resolve<W: AsRef<str>>(
    words: &[W],
    article: Option<PartialDate>,
    future: bool,
) -> Option<PartialDate> {
    // Absolute: "15 August 2025", "August 15, 2025", "August 2025".
    for (i, w) in words.iter().enumerate() {
        let Some(month) = month_index(w.as_ref()) else {
            continue;
        };
        let year_after = |k: usize| {
            words
                .get(k)
                .and_then(|y| y.as_ref().parse::<i32>().ok())
                .filter(|y| (1900..=2100).contains(y))
        };
        let day_before = i
            .checked_sub(1)
            .and_then(|k| words.get(k))
            .and_then(|d| d.as_ref().parse::<u8>().ok());
        let day_after = words
            .get(i + 1)
            .and_then(|d| d.as_ref().trim_end_matches(',').parse::<u8>().ok());
        if let Some(day) = day_before.or(day_after).filter(|d| (1..=31).contains(d)) {
            let year = year_after(i + 1)
                .or_else(|| year_after(i + 2))
                .or_else(|| article.map(|a| year_of(a, month, day, future)));
            if let Some(year) = year.filter(|y| day <= days_in_month(*y, month)) {
                return Some(PartialDate::ymd(year, month, day));
            }
        } else if let Some(year) = year_after(i + 1) {
            return Some(PartialDate {
                year,
                month: Some(month),
                day: None,
            });
        }
    }
    let article = article?;
    let (ay, am, ad) = (article.year, article.month?, article.day?);
    let today = days_from_civil(ay, am, ad);
    for (i, w) in words.iter().enumerate() {
        let w = w.as_ref();
        let prev = i.checked_sub(1).map(|k| words[k].as_ref()).unwrap_or("");
        match w {
            "today" | "tonight" => return Some(article),
            "yesterday" => return Some(from_days(today - 1)),
            "tomorrow" => return Some(from_days(today + 1)),
            "year" if prev == "last" => {
                return Some(PartialDate {
                    year: ay - 1,
                    month: None,
                    day: None,
                });
            }
            "year" if prev == "next" => {
                return Some(PartialDate {
                    year: ay + 1,
                    month: None,
                    day: None,
                });
            }
            "month" if prev == "last" => {
                let (y, m) = if am == 1 { (ay - 1, 12) } else { (ay, am - 1) };
                return Some(PartialDate {
                    year: y,
                    month: Some(m),
                    day: None,
                });
            }
            "month" if prev == "next" => {
                let (y, m) = if am == 12 { (ay + 1, 1) } else { (ay, am + 1) };
                return Some(PartialDate {
                    year: y,
                    month: Some(m),
                    day: None,
                });
            }
            _ => {}
        }
        let w = trim_suffix(trim_suffix(w, "'s"), "’s");
        if let Some(wd) = WEEKDAYS.iter().position(|d| *d == w) {
            let delta = (wd as i64 - weekday(today)).rem_euclid(7);
            let days = if future || prev == "next" {
                // "will meet on Thursday" in Thursday's paper is today.
                today
                    + if delta == 0 && prev == "next" {
                        7
                    } else {
                        delta
                    }
            } else {
                today - (7 - delta) % 7
            };
            return Some(from_days(days));
        }
        if let Some(month) = month_index(w)
            && matches!(
                prev,
                "in" | "since" | "last" | "next" | "early" | "late" | "mid"
            )
        {
            let year = if future || prev == "next" {
                if month < am { ay + 1 } else { ay }
            } else if month > am || prev == "last" && month >= am {
                ay - 1
            } else {
                ay
            };
            return Some(PartialDate {
                year,
                month: Some(month),
                day: None,
            });
        }
    }
    None
}

/// The year of a day and month the text gives without one: the article's,
/// unless that puts a meeting still ahead more than a week before the
/// article (the next year's) or a past one more than a week after it (the
/// year before's).
fn year_of(article: PartialDate, month: u8, day: u8, future: bool) -> i32 {
    let (Some(am), Some(ad)) = (article.month, article.day) else {
        return article.year;
    };
    let today = days_from_civil(article.year, am, ad);
    let then = days_from_civil(article.year, month, day.min(28));
    if future && then < today - 7 {
        article.year + 1
    } else if !future && then > today + 7 {
        article.year - 1
    } else {
        article.year
    }
}

/// `w.trim_end_matches(suffix)`, without the substring searcher that
/// method sets up for every call.
pub fn trim_suffix<'a>(mut w: &'a str, suffix: &str) -> &'a str {
    while let Some(rest) = w.strip_suffix(suffix) {
        w = rest;
    }
    w
}

/// The month (1-12) a full month name names ("february" is 2).
pub fn month_number(word: &str) -> Option<u8> {
    MONTHS.iter().position(|m| *m == word).map(|i| i as u8 + 1)
}

fn month_index(w: &str) -> Option<u8> {
    let w = w.trim_end_matches('.');
    // Most words start with a letter no month starts with, or are shorter
    // than an abbreviation ("a", "of") or longer than any name.
    let first = *w.as_bytes().first()?;
    let (_, longest) = NAME_LENGTHS;
    if !MONTH_INITIALS[usize::from(first)] || w.len() < 3 || w.len() > longest {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            *m == w
                || (w.len() >= 3
                    && m.starts_with(w)
                    && w != "may"
                    && w.len() < m.len()
                    && w.len() <= 4)
        })
        .map(|i| i as u8 + 1)
        .or_else(|| (w == "may").then_some(5))
}

fn from_days(days: i64) -> PartialDate {
    let (y, m, d) = civil_from_days(days);
    PartialDate::ymd(y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_and_day_names_in_any_case() {
        for word in ["May", "MAY", "september", "Wednesday", "sunday"] {
            assert!(is_month_or_weekday(word), "{word}");
        }
        for word in ["Mayor", "Ma", "Sept", "Wednesdays", "Moscow", "", "Éte"] {
            assert!(!is_month_or_weekday(word), "{word}");
        }
    }

    fn check(phrase: &str, article: Option<&str>, future: bool, expect: Option<&str>) {
        let words: Vec<String> = phrase.split_whitespace().map(str::to_lowercase).collect();
        let got = resolve(&words, article.and_then(PartialDate::parse), future);
        assert_eq!(got.map(|d| d.to_string()).as_deref(), expect, "{phrase}");
    }

    #[test]
    fn weekdays_resolve_to_the_last_one_for_past_events() {
        // 2025-08-19 is a Tuesday.
        check("on Monday", Some("2025-08-19"), false, Some("2025-08-18"));
        check("on Friday", Some("2025-08-19"), false, Some("2025-08-15"));
        check("on Tuesday", Some("2025-08-19"), false, Some("2025-08-19"));
    }

    #[test]
    fn weekdays_resolve_ahead_for_planned_events() {
        check("on Friday", Some("2025-08-19"), true, Some("2025-08-22"));
        check("on Tuesday", Some("2025-08-19"), true, Some("2025-08-19"));
        check("next Tuesday", Some("2025-08-19"), true, Some("2025-08-26"));
    }

    #[test]
    fn months_and_years() {
        check("in February", Some("2025-08-19"), false, Some("2025-02"));
        check("in June", Some("2025-08-19"), false, Some("2025-06"));
        check("in November", Some("2025-08-19"), false, Some("2024-11"));
        check("last year", Some("2025-08-19"), false, Some("2024"));
        check("next month", Some("2025-12-03"), true, Some("2026-01"));
    }

    #[test]
    fn a_day_without_a_year_is_in_the_year_that_fits_the_tense() {
        check("on April 11", Some("2024-09-10"), true, Some("2025-04-11"));
        check("on April 11", Some("2024-09-10"), false, Some("2024-04-11"));
        check(
            "on December 15",
            Some("2025-01-08"),
            false,
            Some("2024-12-15"),
        );
        check(
            "on December 15",
            Some("2025-01-08"),
            true,
            Some("2025-12-15"),
        );
        // A week's slack either way for a misread tense.
        check(
            "on September 5",
            Some("2024-09-10"),
            true,
            Some("2024-09-05"),
        );
        check(
            "on September 14",
            Some("2024-09-10"),
            false,
            Some("2024-09-14"),
        );
        // Without the article's day, the article's year.
        check("on April 11", Some("2024-09"), true, Some("2024-04-11"));
    }

    #[test]
    fn no_article_date_means_no_relative_date() {
        check("on Monday", None, false, None);
        check("in June", None, false, None);
    }

    #[test]
    fn absolute_dates_need_no_article_date() {
        check("on August 15, 2025", None, false, Some("2025-08-15"));
        check("on 3 March 2024", None, false, Some("2024-03-03"));
        check("in August 2023", None, false, Some("2023-08"));
    }

    #[test]
    fn civil_round_trip() {
        for days in [-1000, 0, 19_000, 20_318] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(weekday(days_from_civil(2025, 8, 18)), 0);
    }
}

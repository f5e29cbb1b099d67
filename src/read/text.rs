//! Plain text and Markdown articles, with their optional metadata lines.

use crate::model::{Document, PartialDate};

/// Reads a plain-text article. A first line of the form `date YYYY-MM-DD`
/// (possibly followed by the first sentence on the same line) gives the date;
/// a `---` front matter block gives title, date and url.
pub fn parse_text(origin: &str, raw: &str) -> Document {
    let (meta, body) = split_front_matter(raw);
    let (date_line, body) = split_date_line(body);
    let mut doc = Document::new(origin, body.to_string());
    doc.date = meta.date.or(date_line);
    doc.title = meta.title;
    doc.url = meta.url;
    if doc.title.is_none() {
        doc.title = first_line_title(&doc.text);
    }
    doc
}

/// Reads a Markdown article: front matter as for text, then the Markdown
/// syntax that would otherwise reach the extractor (heading marks, emphasis,
/// link targets) is replaced by spaces so offsets stay meaningful.
pub fn parse_markdown(origin: &str, raw: &str) -> Document {
    let (meta, body) = split_front_matter(raw);
    let (date_line, body) = split_date_line(body);
    let mut title = meta.title;
    let mut text = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let stripped = trimmed.trim_start_matches('#');
        if stripped.len() != trimmed.len()
            && (stripped.starts_with(' ') || stripped.trim().is_empty())
        {
            if title.is_none() && !stripped.trim().is_empty() {
                title = Some(stripped.trim().to_string());
            }
            text.push_str(stripped.trim_start());
        } else {
            text.push_str(line);
        }
    }
    let text = strip_inline_markdown(&text);
    let mut doc = Document::new(origin, text);
    doc.date = meta.date.or(date_line);
    doc.title = title;
    doc.url = meta.url;
    doc
}

/// Removes emphasis markers and link targets: `[text](url)` -> `text`.
fn strip_inline_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '*' | '_' if is_emphasis(text, i) => {}
            '`' => {}
            ']' if text[i + 1..].starts_with('(') => {
                // Skip the link target up to the closing parenthesis.
                let rest = &text[i + 1..];
                if let Some(close) = rest.find(')') {
                    let skip_to = i + 1 + close;
                    while let Some(&(j, _)) = chars.peek() {
                        if j > skip_to {
                            break;
                        }
                        chars.next();
                    }
                }
            }
            '[' => {}
            _ => out.push(c),
        }
    }
    out
}

/// An asterisk or underscore is emphasis when it touches a word on one side
/// only (`*word*`), not inside a word (`snake_case`).
fn is_emphasis(text: &str, i: usize) -> bool {
    let before = text[..i].chars().next_back();
    let after = text[i + 1..].chars().next();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    !(word(before) && word(after))
}

#[derive(Default)]
struct FrontMatter {
    title: Option<String>,
    date: Option<PartialDate>,
    /// A date value that is not a date.
    bad_date: Option<String>,
    url: Option<String>,
}

fn split_front_matter(raw: &str) -> (FrontMatter, &str) {
    let mut meta = FrontMatter::default();
    let Some(rest) = raw
        .strip_prefix("---\n")
        .or_else(|| raw.strip_prefix("---\r\n"))
    else {
        return (meta, raw);
    };
    let Some(end) = rest.find("\n---") else {
        return (meta, raw);
    };
    for line in rest[..end].lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value
            .trim()
            .trim_matches('"')
            .trim_matches('\'')
            .to_string();
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => meta.title = Some(value),
            "date" | "published" => {
                meta.date = PartialDate::parse(value.get(..10).unwrap_or(&value));
                meta.bad_date = (meta.date.is_none() && !value.is_empty()).then(|| value.clone());
            }
            "url" | "link" => meta.url = Some(value),
            _ => {}
        }
    }
    let body = &rest[end + 4..];
    let body = body
        .strip_prefix("\r\n")
        .or_else(|| body.strip_prefix('\n'))
        .unwrap_or(body);
    (meta, body)
}

/// A leading `date YYYY-MM-DD` gives the article date; the rest of that line
/// stays part of the text.
fn split_date_line(body: &str) -> (Option<PartialDate>, &str) {
    let trimmed = body.trim_start();
    let Some(rest) = trimmed
        .strip_prefix("date ")
        .or_else(|| trimmed.strip_prefix("Date: "))
    else {
        return (None, body);
    };
    let candidate = rest.get(..10).unwrap_or("");
    match PartialDate::parse(candidate) {
        Some(date) if date.day.is_some() => (Some(date), rest[10..].trim_start()),
        _ => (None, body),
    }
}

/// The date value of the front matter or of a leading `date` line when it
/// is not a date (2025-02-30, month 13, year 99999), so the reader can say
/// why the article has none. A `date` line whose value does not even look
/// like one (digits and dashes) is ordinary text.
pub(crate) fn bad_date(raw: &str) -> Option<String> {
    let (meta, body) = split_front_matter(raw);
    if let Some(value) = meta.bad_date {
        return Some(value);
    }
    if meta.date.is_some() {
        return None;
    }
    let trimmed = body.trim_start();
    let rest = trimmed
        .strip_prefix("date ")
        .or_else(|| trimmed.strip_prefix("Date: "))?;
    let value: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    let looks_like_a_date = value.contains('-') && value.starts_with(|c: char| c.is_ascii_digit());
    (looks_like_a_date && split_date_line(body).0.is_none()).then_some(value)
}

/// A short first line without final punctuation reads as a headline.
fn first_line_title(text: &str) -> Option<String> {
    let line = text.lines().next()?.trim();
    if line.is_empty() || line.chars().count() > 160 || line.ends_with('.') {
        return None;
    }
    Some(line.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, date: Option<&str>, title: Option<&str>, text_start: &str) {
        let doc = parse_text("t.txt", raw);
        assert_eq!(doc.date.map(|d| d.to_string()).as_deref(), date);
        assert_eq!(doc.title.as_deref(), title);
        assert!(doc.text.starts_with(text_start), "{:?}", doc.text);
    }

    #[test]
    fn leading_date_line_gives_the_date_and_keeps_the_sentence() {
        check(
            " date 2025-08-19 The President said so.\n",
            Some("2025-08-19"),
            None,
            "The President",
        );
    }

    #[test]
    fn front_matter_gives_title_date_and_url() {
        let raw =
            "---\ntitle: Talks\ndate: 2024-03-05\nurl: https://example.org/a\n---\nText here.";
        let doc = parse_text("t.txt", raw);
        assert_eq!(doc.title.as_deref(), Some("Talks"));
        assert_eq!(doc.date, Some(PartialDate::ymd(2024, 3, 5)));
        assert_eq!(doc.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(doc.text, "Text here.");
    }

    #[test]
    fn invalid_date_line_is_text() {
        check(
            "date 2025-13-40 nothing\n",
            None,
            Some("date 2025-13-40 nothing"),
            "date",
        );
    }

    #[test]
    fn markdown_headings_and_links_are_stripped() {
        let doc = parse_markdown(
            "a.md",
            "# Summit ends\n\nThe **leaders** met in [Paris](https://x.y).\n",
        );
        assert_eq!(doc.title.as_deref(), Some("Summit ends"));
        assert!(
            doc.text.contains("The leaders met in Paris."),
            "{:?}",
            doc.text
        );
    }
}

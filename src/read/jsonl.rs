//! JSON Lines -> [`Document`]s: one article per line, an object with the
//! text and optionally title, date and url (field names configurable). A
//! malformed line is an [`Item::Skipped`] naming `file:line` and the reason;
//! the other lines are read.

use serde_json::Value;

use super::{Item, date_prefix};
use crate::model::Document;

/// The names of the fields that hold each part of an article.
#[derive(Debug, Clone)]
pub struct JsonlFields {
    pub text: String,
    pub title: String,
    pub date: String,
    pub url: String,
}

impl Default for JsonlFields {
    fn default() -> JsonlFields {
        JsonlFields {
            text: "text".into(),
            title: "title".into(),
            date: "date".into(),
            url: "url".into(),
        }
    }
}

pub fn parse_jsonl(origin: &str, text: &str, fields: &JsonlFields) -> Vec<Item> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let at = format!("{origin}:{}", i + 1);
        if line.len() > super::MAX_ARTICLE_BYTES {
            out.push(super::too_large(&at, line.len() as u64));
            continue;
        }
        match parse_line(&at, line, fields) {
            Ok(doc) => out.push(Item::Document(Box::new(doc))),
            Err(reason) => out.push(Item::Skipped { origin: at, reason }),
        }
    }
    if out.is_empty() {
        out.push(Item::Skipped {
            origin: origin.to_string(),
            reason: "no JSON lines".into(),
        });
    }
    out
}

fn parse_line(at: &str, line: &str, fields: &JsonlFields) -> Result<Document, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let Value::Object(object) = value else {
        return Err("not a JSON object".into());
    };
    let string = |name: &str| -> Result<Option<String>, String> {
        match object.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("field {name:?} is not a string")),
        }
    };
    let text = string(&fields.text)?.ok_or_else(|| format!("no {:?} field", fields.text))?;
    let mut doc = Document::new(at, text);
    doc.title = string(&fields.title)?.filter(|t| !t.trim().is_empty());
    doc.url = string(&fields.url)?.filter(|u| !u.trim().is_empty());
    if let Some(date) = string(&fields.date)? {
        doc.date = Some(date_prefix(&date).ok_or_else(|| {
            format!(
                "field {:?}: {date:?} is not a date (YYYY-MM-DD...)",
                fields.date
            )
        })?);
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PartialDate;

    fn check(input: &str, fields: &JsonlFields) -> Vec<Result<Document, (String, String)>> {
        parse_jsonl("in.jsonl", input, fields)
            .into_iter()
            .map(|item| match item {
                Item::Document(d) => Ok(*d),
                Item::Skipped { origin, reason }
                | Item::Warning {
                    origin,
                    message: reason,
                } => Err((origin, reason)),
            })
            .collect()
    }

    #[test]
    fn good_lines_are_read_and_bad_ones_skipped_with_line_numbers() {
        let input = "{\"text\": \"Macron met Merz.\", \"title\": \"Talks\", \"date\": \"2025-03-04T10:00:00Z\", \"url\": \"https://x.example/a\"}\n\
                     {\"text\": \"broken\"\n\
                     \n\
                     [1, 2]\n\
                     {\"title\": \"no text\"}\n\
                     {\"text\": 42}\n\
                     {\"text\": \"Second.\", \"date\": \"yesterday\"}\n\
                     {\"text\": \"Third.\"}\n";
        let items = check(input, &JsonlFields::default());
        assert_eq!(items.len(), 7);
        let first = items[0].as_ref().expect("first line");
        assert_eq!(first.origin, "in.jsonl:1");
        assert_eq!(first.title.as_deref(), Some("Talks"));
        assert_eq!(first.date, Some(PartialDate::ymd(2025, 3, 4)));
        assert_eq!(first.url.as_deref(), Some("https://x.example/a"));
        let skipped: Vec<(String, String)> = items
            .iter()
            .filter_map(|i| i.as_ref().err().cloned())
            .collect();
        let lines: Vec<&str> = skipped.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(
            lines,
            [
                "in.jsonl:2",
                "in.jsonl:4",
                "in.jsonl:5",
                "in.jsonl:6",
                "in.jsonl:7"
            ]
        );
        assert!(skipped[0].1.starts_with("invalid JSON"), "{skipped:?}");
        assert!(skipped[2].1.contains("no \"text\" field"), "{skipped:?}");
        assert!(skipped[4].1.contains("not a date"), "{skipped:?}");
        assert_eq!(items[6].as_ref().map(|d| d.text.as_str()), Ok("Third."));
    }

    #[test]
    fn field_names_are_configurable() {
        let fields = JsonlFields {
            text: "body".into(),
            title: "headline".into(),
            date: "published".into(),
            url: "link".into(),
        };
        let items = check(
            "{\"body\": \"B.\", \"headline\": \"H\", \"published\": \"2024-01-02\", \"link\": \"https://l\"}",
            &fields,
        );
        let doc = items[0].as_ref().expect("doc");
        assert_eq!(
            (doc.text.as_str(), doc.title.as_deref(), doc.url.as_deref()),
            ("B.", Some("H"), Some("https://l"))
        );
        assert_eq!(doc.date, Some(PartialDate::ymd(2024, 1, 2)));
    }
}

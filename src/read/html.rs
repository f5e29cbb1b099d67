//! HTML news pages -> a [`Document`]: the main text found by dom_smoothie's
//! readability port (navigation, ads and other boilerplate dropped; the
//! formatted text mode keeps paragraphs apart), the title and date from the
//! page's metadata (`og:title`, `article:published_time`, `<time
//! datetime>`, ...) and its canonical URL.

use std::collections::BTreeMap;

use dom_smoothie::{Config, Readability, TextMode};

use super::date_prefix;
use crate::model::Document;

/// The metadata read from `<meta>`, `<link rel=canonical>`, `<time>` and `<title>`.
#[derive(Debug, Default, PartialEq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
}

/// Meta names or properties that carry the title, the publication date and
/// the URL, most trusted first.
const TITLE_KEYS: [&str; 4] = ["og:title", "twitter:title", "dc.title", "headline"];
const DATE_KEYS: [&str; 9] = [
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
];
const URL_KEYS: [&str; 1] = ["og:url"];

/// Reads an HTML page. Err is the reason the page has no article text.
pub fn parse_html(origin: &str, html: &str) -> Result<Document, String> {
    let meta = page_meta(html);
    if nesting_depth(html) > MAX_DEPTH {
        // The readability port slows down sharply with depth (a page of
        // 100,000 nested <div>s did not finish in ten minutes), and no real
        // page nests this deep: read such a page as text between tags.
        let mut doc = Document::new(origin, tidy(&strip_tags(html)));
        doc.title = meta.title;
        doc.date = meta.date.as_deref().and_then(date_prefix);
        doc.url = meta.url;
        return Ok(doc);
    }
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    // The readability port works on arbitrary markup; guard anyway so one
    // odd page can never take a whole batch down.
    let parsed = std::panic::catch_unwind(|| {
        Readability::new(html, None, Some(config)).and_then(|mut r| r.parse())
    });
    let article = match parsed {
        Ok(Ok(article)) => article,
        Ok(Err(e)) => return Err(format!("no article text found in the HTML page ({e})")),
        Err(_) => return Err("the HTML page could not be parsed".to_string()),
    };
    let text = tidy(&article.text_content);
    let mut doc = Document::new(origin, text);
    doc.title = meta
        .title
        .or_else(|| Some(article.title.trim().to_string()).filter(|t| !t.is_empty()));
    doc.date = meta
        .date
        .as_deref()
        .and_then(date_prefix)
        .or_else(|| article.published_time.as_deref().and_then(date_prefix));
    doc.url = meta.url.or(article.url);
    Ok(doc)
}

/// Pages nested deeper than this are read as plain text between tags.
pub const MAX_DEPTH: usize = 512;

const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The deepest element nesting of a page, by a linear scan of its tags
/// (an upper bound: unclosed `<p>`s count as open).
fn nesting_depth(html: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        if let Some(closing) = tag.strip_prefix('/') {
            if closing.starts_with(|c: char| c.is_ascii_alphabetic()) {
                depth = depth.saturating_sub(1);
            }
        } else if tag.starts_with(|c: char| c.is_ascii_alphabetic()) && !tag.ends_with('/') {
            let name = tag
                .split(|c: char| c.is_ascii_whitespace())
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            if !VOID_ELEMENTS.contains(&name.as_str()) {
                depth += 1;
                max = max.max(depth);
            }
        }
        rest = &rest[end..];
    }
    max
}

/// The text between tags, without scripts and styles, entities decoded;
/// block-level closing tags become line breaks.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    let mut skip_until: Option<&str> = None;
    while let Some(at) = rest.find('<') {
        if skip_until.is_none() {
            out.push_str(&decode_entities(&rest[..at]));
        }
        rest = &rest[at + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = rest[..end].to_ascii_lowercase();
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_ascii_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_string();
        match skip_until {
            Some(close) if tag.starts_with('/') && name == close => skip_until = None,
            Some(_) => {}
            None if !tag.starts_with('/') && matches!(name.as_str(), "script" | "style") => {
                skip_until = Some(if name == "script" { "script" } else { "style" });
            }
            None if matches!(
                name.as_str(),
                "p" | "div"
                    | "br"
                    | "li"
                    | "h1"
                    | "h2"
                    | "h3"
                    | "h4"
                    | "h5"
                    | "h6"
                    | "tr"
                    | "title"
            ) =>
            {
                out.push('\n');
            }
            None => {}
        }
        rest = rest.get(end + 1..).unwrap_or("");
    }
    if skip_until.is_none() {
        out.push_str(&decode_entities(rest));
    }
    out
}

/// Trims each line and keeps at most one blank line between paragraphs.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Reads title, date and URL from the page's tags.
pub fn page_meta(html: &str) -> PageMeta {
    let lower = html.to_ascii_lowercase();
    let mut metas: BTreeMap<String, String> = BTreeMap::new();
    let mut canonical = None;
    let mut time = None;
    let mut title_tag = None;
    let mut pos = 0;
    while let Some(found) = lower[pos..].find('<') {
        let start = pos + found;
        pos = start + 1;
        let rest = &lower[start + 1..];
        let name_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        match name {
            "meta" | "link" | "time" => {
                let attrs = attributes(html, start + 1 + name_end);
                let get = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
                if name == "meta" {
                    let key = get("property")
                        .or_else(|| get("name"))
                        .or_else(|| get("itemprop"));
                    if let (Some(key), Some(content)) = (key, get("content")) {
                        metas.entry(key.to_ascii_lowercase()).or_insert(content);
                    }
                } else if name == "link" {
                    if get("rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
                        && canonical.is_none()
                    {
                        canonical = get("href");
                    }
                } else if time.is_none() {
                    time = get("datetime");
                }
            }
            "title" if title_tag.is_none() => {
                if let Some(open_end) = lower[start..].find('>') {
                    let body_start = start + open_end + 1;
                    if let Some(close) = lower[body_start..].find("</title") {
                        title_tag =
                            Some(decode_entities(html[body_start..body_start + close].trim()));
                    }
                }
            }
            _ => {}
        }
    }
    let pick = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| metas.get(*k))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    PageMeta {
        title: pick(&TITLE_KEYS).or(title_tag).filter(|t| !t.is_empty()),
        date: pick(&DATE_KEYS).or(time),
        url: pick(&URL_KEYS).or(canonical),
    }
}

/// The attributes of a tag whose name ends at byte `at`, up to its `>`.
/// Names are lowercased; values are entity-decoded.
fn attributes(html: &str, mut at: usize) -> Vec<(String, String)> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        if at >= bytes.len() || bytes[at] == b'>' {
            return out;
        }
        let name_start = at;
        while at < bytes.len()
            && !bytes[at].is_ascii_whitespace()
            && !matches!(bytes[at], b'=' | b'>' | b'/')
        {
            at += 1;
        }
        let name = html[name_start..at].to_ascii_lowercase();
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let mut value = String::new();
        if at < bytes.len() && bytes[at] == b'=' {
            at += 1;
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            if at < bytes.len() && (bytes[at] == b'"' || bytes[at] == b'\'') {
                let quote = bytes[at];
                let value_start = at + 1;
                let value_end = html[value_start..]
                    .find(char::from(quote))
                    .map_or(html.len(), |i| value_start + i);
                value = decode_entities(&html[value_start..value_end]);
                at = (value_end + 1).min(bytes.len());
            } else {
                let value_start = at;
                while at < bytes.len() && !bytes[at].is_ascii_whitespace() && bytes[at] != b'>' {
                    at += 1;
                }
                value = decode_entities(&html[value_start..at]);
            }
        }
        if name.is_empty() {
            // A stray character: step over it so the scan always advances.
            at += 1;
        } else {
            out.push((name, value));
        }
    }
}

/// Decodes the entities metadata uses: the XML five, `&nbsp;` and numeric ones.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let entity = &rest[1..e];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PartialDate;

    const PAGE: &str = r#"<!DOCTYPE html><html><head>
<title>Site name | Leaders meet</title>
<meta property="og:title" content="Macron and Merz meet in Berlin &amp; agree on aid">
<meta property="article:published_time" content="2025-03-04T09:30:00+01:00">
<link rel="canonical" href="https://news.example/2025/03/macron-merz">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="ad">Subscribe now for only 1 euro a month! Subscribe now!</div>
<article>
<h1>Macron and Merz meet in Berlin</h1>
<p>French President Emmanuel Macron met German Chancellor Friedrich Merz in Berlin on Tuesday, the two leaders said in a joint statement after talks that lasted most of the afternoon.</p>
<p>The two men discussed military aid for Ukraine and the future of European defence spending, officials from both governments told reporters after the meeting ended.</p>
<p>Merz said the talks had been productive and that the partners would meet again in Paris next month to continue the discussion of a common approach.</p>
</article>
<footer>Copyright 2025 News Example. All rights reserved. Privacy policy. Cookie settings.</footer>
</body></html>"#;

    #[test]
    fn main_text_title_date_and_url() {
        let doc = parse_html("a.html", PAGE).expect("article");
        assert_eq!(
            doc.title.as_deref(),
            Some("Macron and Merz meet in Berlin & agree on aid")
        );
        assert_eq!(doc.date, Some(PartialDate::ymd(2025, 3, 4)));
        assert_eq!(
            doc.url.as_deref(),
            Some("https://news.example/2025/03/macron-merz")
        );
        assert!(
            doc.text
                .contains("French President Emmanuel Macron met German Chancellor Friedrich Merz"),
            "{}",
            doc.text
        );
        // Paragraphs stay apart, boilerplate is gone.
        assert!(doc.text.contains("afternoon.\n"), "{:?}", doc.text);
        assert!(!doc.text.contains("Subscribe"), "{}", doc.text);
        assert!(!doc.text.contains("Copyright"), "{}", doc.text);
        assert!(!doc.text.contains("Sport"), "{}", doc.text);
    }

    #[test]
    fn time_element_and_title_tag_are_fallbacks() {
        let meta = page_meta(
            "<html><head><title>Talks end</title></head><body><time class=x datetime='2024-11-05'>Nov 5</time></body></html>",
        );
        assert_eq!(
            meta,
            PageMeta {
                title: Some("Talks end".into()),
                date: Some("2024-11-05".into()),
                url: None
            }
        );
    }

    #[test]
    fn deeply_nested_markup_is_read_as_text_quickly() {
        let html = format!(
            "<html><head><title>T</title><style>p {{}}</style></head><body>{}<p>Macron met Merz &amp; Putin.</p>{}</body></html>",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        assert_eq!(nesting_depth(&html), 100_003);
        let started = std::time::Instant::now();
        let doc = parse_html("deep.html", &html).expect("a document");
        assert!(started.elapsed().as_secs() < 5);
        assert_eq!(doc.title.as_deref(), Some("T"));
        assert!(
            doc.text.contains("Macron met Merz & Putin."),
            "{:?}",
            doc.text
        );
        assert!(!doc.text.contains("p {}"), "{:?}", doc.text);
        assert_eq!(nesting_depth("<p>a<br>b<img src=x/></p><div/>"), 1);
    }

    #[test]
    fn broken_markup_does_not_panic() {
        for html in [
            "<meta",
            "<meta content=\"x",
            "<title>never closed",
            "<time datetime=",
            "&#xFFFFFFFF; <<<>>>",
            "",
        ] {
            let _ = page_meta(html);
            let _ = parse_html("x.html", html);
        }
        assert_eq!(
            decode_entities("a &amp b &#233; &#x41;&bogus;"),
            "a &amp b é A&bogus;"
        );
    }
}

//! Reading articles: paths (files, directories, `-` for stdin) -> [`Document`]s.
//!
//! The format is chosen by file extension or forced by the caller. Plain text
//! and Markdown may open with metadata: a `date YYYY-MM-DD` line, or a front
//! matter block between `---` lines with `title:`, `date:` and `url:`. HTML
//! pages give their main text and metadata (`html.rs`); JSON Lines files
//! give one article per line (`jsonl.rs`).

mod html;
mod jsonl;
mod text;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::{Document, PartialDate};

pub use html::{PageMeta, page_meta, parse_html};
pub use jsonl::{JsonlFields, parse_jsonl};
pub use text::{parse_markdown, parse_text};

/// The input formats newsgraph reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Text,
    Markdown,
    Html,
    Jsonl,
}

impl InputFormat {
    /// The format a file name implies, if newsgraph reads it.
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        InputFormat::from_name(&ext)
    }

    /// The format of a name given by the user or a file extension.
    pub fn from_name(name: &str) -> Option<InputFormat> {
        match name.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(InputFormat::Text),
            "md" | "markdown" => Some(InputFormat::Markdown),
            "html" | "htm" | "xhtml" => Some(InputFormat::Html),
            "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
            _ => None,
        }
    }

    pub const NAMES: [&'static str; 4] = ["txt", "md", "html", "jsonl"];
}

/// What the reader found in one input: documents, or why it was skipped.
#[derive(Debug)]
pub enum Item {
    Document(Box<Document>),
    Skipped {
        origin: String,
        reason: String,
    },
    /// The input was read, but not exactly as written (invalid UTF-8
    /// replaced by U+FFFD): the caller should tell the user.
    Warning {
        origin: String,
        message: String,
    },
}

/// Options that apply to every article read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The date of articles that carry none of their own.
    pub default_date: Option<PartialDate>,
    /// Force one input format instead of choosing by extension.
    pub format: Option<InputFormat>,
    /// The field names of JSON Lines articles.
    pub jsonl: JsonlFields,
}

/// The date at the start of a metadata value: `2025-08-15`,
/// `2025-08-15T10:00:00Z`, `2025-08-15 10:00`.
pub fn date_prefix(value: &str) -> Option<PartialDate> {
    let value = value.trim();
    let head = value.split(['T', ' ']).next().unwrap_or(value);
    PartialDate::parse(head).or_else(|| value.get(..10).and_then(PartialDate::parse))
}

/// Expands paths into the list of files to read, in a stable order:
/// directories are walked recursively and sorted; files with an extension
/// newsgraph does not read are left out of directories (but a file named
/// explicitly is read with the forced or text format).
pub fn collect_inputs(paths: &[PathBuf], options: &ReadOptions) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(path.clone());
            continue;
        }
        let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            walk(path, options, &mut out)?;
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, options: &ReadOptions, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, options, out)?;
        } else if options.format.is_some() || InputFormat::from_path(&path).is_some() {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads one input (a file path or `-`) into documents.
///
/// I/O failures are errors; content that cannot be an article (empty, binary)
/// is an [`Item::Skipped`] with the reason, so a batch goes on.
pub fn read_path(path: &Path, options: &ReadOptions) -> Result<Vec<Item>> {
    let origin = path.display().to_string();
    let format = options
        .format
        .or_else(|| InputFormat::from_path(path))
        .unwrap_or(InputFormat::Text);
    // A file that holds one article and is larger than any article may be
    // is not read at all. JSON Lines files hold many; their lines are
    // checked one by one.
    let limit = (format != InputFormat::Jsonl).then_some(MAX_ARTICLE_BYTES as u64);
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        let stdin = std::io::stdin();
        match limit {
            Some(limit) => stdin.lock().take(limit + 1).read_to_end(&mut buf),
            None => stdin.lock().read_to_end(&mut buf),
        }
        .map_err(|e| Error::io("<stdin>", e))?;
        buf
    } else {
        let size = fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
        if limit.is_some_and(|limit| size > limit) {
            return Ok(vec![too_large(&origin, size)]);
        }
        fs::read(path).map_err(|e| Error::io(path, e))?
    };
    Ok(read_bytes(&origin, &bytes, format, options))
}

/// The largest article newsgraph reads, in bytes (128 MiB): a text, Markdown
/// or HTML file, or one line of a JSON Lines file. Larger inputs are
/// skipped with the reason, before they are read whole, since extraction
/// holds several times an article's size.
pub const MAX_ARTICLE_BYTES: usize = 128 * 1024 * 1024;

/// The skip of an input larger than [`MAX_ARTICLE_BYTES`].
fn too_large(origin: &str, size: u64) -> Item {
    Item::Skipped {
        origin: origin.to_string(),
        reason: format!(
            "at least {size} bytes: larger than the largest article newsgraph reads ({MAX_ARTICLE_BYTES} bytes, 128 MiB)"
        ),
    }
}

/// Decodes and parses the bytes of one input.
pub fn read_bytes(
    origin: &str,
    bytes: &[u8],
    format: InputFormat,
    options: &ReadOptions,
) -> Vec<Item> {
    if format != InputFormat::Jsonl && bytes.len() > MAX_ARTICLE_BYTES {
        return vec![too_large(origin, bytes.len() as u64)];
    }
    let mut warnings = Vec::new();
    let text = match decode(bytes) {
        Ok(Decoded {
            text,
            guessed,
            lossy,
        }) => {
            if let Some(encoding) = guessed {
                warnings.push(Item::Warning {
                    origin: origin.to_string(),
                    message: format!(
                        "no byte order mark: read as {encoding}, as its NUL bytes suggest"
                    ),
                });
            }
            if lossy {
                warnings.push(Item::Warning {
                    origin: origin.to_string(),
                    message: "invalid UTF-8: decoded lossily (bad bytes replaced by U+FFFD)"
                        .to_string(),
                });
            }
            text
        }
        Err(reason) => {
            return vec![Item::Skipped {
                origin: origin.to_string(),
                reason,
            }];
        }
    };
    if matches!(format, InputFormat::Text | InputFormat::Markdown)
        && let Some(value) = text::bad_date(&text)
    {
        warnings.push(Item::Warning {
            origin: origin.to_string(),
            message: format!("date {value:?} is not a date (YYYY-MM-DD): the article has none"),
        });
    }
    let items = match format {
        InputFormat::Text => vec![Item::Document(Box::new(parse_text(origin, &text)))],
        InputFormat::Markdown => vec![Item::Document(Box::new(parse_markdown(origin, &text)))],
        InputFormat::Html => match parse_html(origin, &text) {
            Ok(doc) => vec![Item::Document(Box::new(doc))],
            Err(reason) => vec![Item::Skipped {
                origin: origin.to_string(),
                reason,
            }],
        },
        InputFormat::Jsonl => parse_jsonl(origin, &text, &options.jsonl),
    };
    let items = items.into_iter().map(|item| match item {
        Item::Document(doc) if doc.text.trim().is_empty() => Item::Skipped {
            origin: doc.origin.clone(),
            reason: "empty article".to_string(),
        },
        Item::Document(mut doc) => {
            if doc.date.is_none() {
                doc.date = options.default_date;
            }
            let replaced = xml_safe(&mut doc.text)
                + doc.title.as_mut().map_or(0, xml_safe)
                + doc.url.as_mut().map_or(0, xml_safe);
            if replaced > 0 {
                doc.id = crate::model::content_id(&doc.text);
                warnings.push(Item::Warning {
                    origin: doc.origin.clone(),
                    message: format!(
                        "{replaced} characters that XML does not allow replaced (control characters by spaces, U+FFFE and U+FFFF by U+FFFD)"
                    ),
                });
            }
            Item::Document(doc)
        }
        other => other,
    });
    let items: Vec<Item> = items.collect();
    warnings.into_iter().chain(items).collect()
}

/// Replaces the characters XML 1.0 forbids, so that every output format
/// (RDF/XML and SPARQL XML results among them) can hold any text read:
/// control characters other than tab and line breaks become spaces,
/// U+FFFE and U+FFFF become U+FFFD. One character for one, so character
/// offsets are kept. Returns how many were replaced.
pub fn xml_safe(text: &mut String) -> usize {
    let forbidden = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}');
    let n = text.chars().filter(|c| forbidden(*c)).count();
    if n > 0 {
        *text = text
            .chars()
            .map(|c| match c {
                '\u{FFFE}' | '\u{FFFF}' => '\u{FFFD}',
                c if forbidden(c) => ' ',
                c => c,
            })
            .collect();
    }
    n
}

struct Decoded {
    text: String,
    /// The encoding, when it was told from the bytes without a BOM.
    guessed: Option<&'static str>,
    /// Invalid UTF-8 was replaced.
    lossy: bool,
}

/// Turns raw bytes into text: UTF-8 (a BOM is dropped), UTF-16 or UTF-32
/// with a BOM, or UTF-16 or UTF-32 without one when its NUL bytes show it
/// (ASCII text in UTF-16 has a NUL in every other byte), which is
/// reported as a warning. Other content with NUL bytes is refused as
/// binary.
fn decode(bytes: &[u8]) -> std::result::Result<Decoded, String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode(rest);
    }
    // The UTF-32 marks first: little-endian UTF-32's starts as UTF-16's.
    for (bom, little) in [([0xFF, 0xFE, 0, 0], true), ([0, 0, 0xFE, 0xFF], false)] {
        if let Some(rest) = bytes.strip_prefix(&bom) {
            return decode_utf32(rest, little).map(|text| Decoded {
                text,
                guessed: None,
                lossy: false,
            });
        }
    }
    for (bom, little) in [([0xFF, 0xFE], true), ([0xFE, 0xFF], false)] {
        if let Some(rest) = bytes.strip_prefix(&bom) {
            return decode_utf16(rest, little).map(|text| Decoded {
                text,
                guessed: None,
                lossy: false,
            });
        }
    }
    if bytes.contains(&0) {
        return match nul_pattern(bytes) {
            Some(Unmarked::Utf32 { little }) => decode_utf32(bytes, little)
                .map(|text| Decoded {
                    text,
                    guessed: Some(if little { "UTF-32LE" } else { "UTF-32BE" }),
                    lossy: false,
                })
                .map_err(|reason| {
                    format!("looks like UTF-32 without a byte order mark, but is {reason}")
                }),
            Some(Unmarked::Utf16 { little }) => decode_utf16(bytes, little)
                .map(|text| Decoded {
                    text,
                    guessed: Some(if little { "UTF-16LE" } else { "UTF-16BE" }),
                    lossy: false,
                })
                .map_err(|reason| {
                    format!("looks like UTF-16 without a byte order mark, but is {reason}")
                }),
            None => Err("binary content (NUL bytes), not a text article".to_string()),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded {
            text: s.to_string(),
            guessed: None,
            lossy: false,
        }),
        Err(_) => Ok(Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            guessed: None,
            lossy: true,
        }),
    }
}

/// Text encodings told by where their NUL bytes fall.
#[derive(Debug, PartialEq, Eq)]
enum Unmarked {
    Utf16 { little: bool },
    Utf32 { little: bool },
}

/// Recognises UTF-16 and UTF-32 without a BOM by their NUL bytes: text
/// that is mostly ASCII has a NUL in one byte of each UTF-16 pair, and
/// the top byte of every UTF-32 character is NUL. Anything else with NULs
/// is binary.
fn nul_pattern(bytes: &[u8]) -> Option<Unmarked> {
    let count_at = |step: usize, at: usize| {
        bytes
            .iter()
            .skip(at)
            .step_by(step)
            .filter(|b| **b == 0)
            .count()
    };
    if bytes.len().is_multiple_of(4) && bytes.len() >= 4 {
        // A character's top byte is always NUL, the next one mostly.
        let units = bytes.len() / 4;
        for (top, next, little) in [(3, 2, true), (0, 1, false)] {
            if count_at(4, top) == units && count_at(4, next) * 2 >= units {
                return Some(Unmarked::Utf32 { little });
            }
        }
    }
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = bytes.len() / 2;
    let (even, odd) = (count_at(2, 0), count_at(2, 1));
    // Most units hold one NUL byte, nearly always on the same side, and
    // no unit holds two (U+0000 is no article's).
    let nul_units = bytes.chunks_exact(2).filter(|u| *u == [0, 0]).count();
    if nul_units > 0 {
        return None;
    }
    if odd * 2 >= units && even * 8 <= odd {
        Some(Unmarked::Utf16 { little: true })
    } else if even * 2 >= units && odd * 8 <= even {
        Some(Unmarked::Utf16 { little: false })
    } else {
        None
    }
}

fn decode_utf16(bytes: &[u8], little: bool) -> std::result::Result<String, String> {
    if !bytes.len().is_multiple_of(2) {
        return Err("invalid UTF-16 text (an odd number of bytes)".to_string());
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| {
            if little {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        })
        .collect();
    String::from_utf16(&units).map_err(|_| "invalid UTF-16 text (unpaired surrogates)".to_string())
}

fn decode_utf32(bytes: &[u8], little: bool) -> std::result::Result<String, String> {
    if !bytes.len().is_multiple_of(4) {
        return Err("invalid UTF-32 text (a length not a multiple of four bytes)".to_string());
    }
    bytes
        .chunks_exact(4)
        .map(|c| {
            let c = [c[0], c[1], c[2], c[3]];
            let n = if little {
                u32::from_le_bytes(c)
            } else {
                u32::from_be_bytes(c)
            };
            char::from_u32(n)
                .ok_or_else(|| format!("invalid UTF-32 text (U+{n:X} is not a character)"))
        })
        .collect()
}

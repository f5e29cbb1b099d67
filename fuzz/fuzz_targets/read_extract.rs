//! Arbitrary bytes -> read (every input format) -> extract. Must never
//! panic; every edge's evidence must lie inside the article text.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsgraph::lexicon::Lexicon;
use newsgraph::read::{InputFormat, Item, ReadOptions, read_bytes};

static LEXICON: OnceLock<Lexicon> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let lexicon = LEXICON.get_or_init(|| Lexicon::builtin().expect("built-in lexicon"));
    let (format, bytes) = match data.split_first() {
        Some((selector, rest)) => (
            [
                InputFormat::Text,
                InputFormat::Markdown,
                InputFormat::Html,
                InputFormat::Jsonl,
            ][usize::from(*selector) % 4],
            rest,
        ),
        None => (InputFormat::Text, data),
    };
    for item in read_bytes("fuzz", bytes, format, &ReadOptions::default()) {
        if let Item::Document(doc) = item {
            let x = newsgraph::extract(&doc, lexicon);
            let n_chars = doc.text.chars().count();
            for e in &x.edges {
                assert!(e.evidence.start < e.evidence.end && e.evidence.end <= n_chars);
            }
        }
    }
});

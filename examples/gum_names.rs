//! Prints the named entities of GUM's test documents as newsgraph's
//! recogniser is scored on them (`parse::entities::named_mentions`), one
//! per line: sentence number (0-based, over the test documents in the
//! order of `files.test`), first word, end word (exclusive), kind. The
//! spaCy comparison (`tools/spacy_layer.py --gold-entities`) reads it, so
//! both are scored against the same names.
//!
//!     cargo run --release --example gum_names -- ../corpora > gum_test_names.tsv

use newsgraph::parse::conllu::{Corpora, Split};
use newsgraph::parse::entities::named_mentions;

fn main() -> Result<(), String> {
    let root = std::env::args()
        .nth(1)
        .ok_or("usage: gum_names CORPORA_FOLDER")?;
    let sentences = Corpora::new(std::path::Path::new(&root)).gum(Split::Test)?;
    for (i, s) in sentences.iter().enumerate() {
        for e in named_mentions(s) {
            println!("{i}\t{}\t{}\t{}", e.start, e.end, e.kind.name());
        }
    }
    Ok(())
}

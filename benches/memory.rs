//! What a build keeps in memory beyond the chunk in hand: the index of the
//! meetings already written, which `build` grows as it goes so that later
//! reports merge into earlier ones. It is the one structure whose size grows
//! with the corpus (with the number of meetings, that is, with the graph).
//!
//! ```text
//! cargo bench --bench memory -- --size 20MB [--seed 42]
//! ```
//!
//! The corpus is generated in memory, extracted and merged chunk by chunk
//! as `build` does, without a store; a counting allocator gives the heap
//! bytes that remain allocated once the chunks are dropped.

use std::alloc::System;
use std::error::Error;

use newsgraph::corpus::{Generator, parse_size};
use newsgraph::lexicon::Lexicon;
use newsgraph::merge::{self, MeetingIndex};
use newsgraph::model::Document;
use newsgraph::read::parse_text;
use rayon::prelude::*;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static ALLOCATOR: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn main() -> Result<(), Box<dyn Error>> {
    let (mut size, mut seed) = (20_000_000u64, 42u64);
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--size" => {
                size = parse_size(&it.next().ok_or("--size needs a value")?).ok_or("bad --size")?
            }
            "--seed" => seed = it.next().ok_or("--seed needs a value")?.parse()?,
            _ => {}
        }
    }
    let lexicon = Lexicon::builtin()?;
    let mut generator = Generator::new(&lexicon, seed);
    let region = Region::new(ALLOCATOR);
    let mut index = MeetingIndex::default();
    let (mut bytes, mut articles, mut reports) = (0u64, 0usize, 0usize);
    while bytes < size {
        let mut docs: Vec<Document> = Vec::with_capacity(1000);
        for a in generator.by_ref().take(1000) {
            let text = a.to_txt();
            bytes += text.len() as u64;
            docs.push(parse_text(&a.file_name(), &text));
            if bytes >= size {
                break;
            }
        }
        articles += docs.len();
        let mut extractions: Vec<_> = docs
            .par_iter()
            .map(|d| newsgraph::extract(d, &lexicon))
            .collect();
        reports += extractions
            .iter()
            .map(|x| x.nodes.iter().filter(|n| n.kind.is_meeting()).count())
            .sum::<usize>();
        merge::unify_with(&mut extractions, &mut index);
        index.extend_from(&extractions);
    }
    let change = region.change();
    let held = change.bytes_allocated as f64 - change.bytes_deallocated as f64;
    println!(
        "{:.1} MB, {articles} articles, {reports} meeting reports, {} meetings after merging",
        bytes as f64 / 1e6,
        index.len()
    );
    println!(
        "meeting index: {:.1} MiB, {:.0} bytes per meeting",
        held / (1 << 20) as f64,
        held / index.len().max(1) as f64
    );
    Ok(())
}

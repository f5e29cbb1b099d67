//! Time of `stats` (degree, PageRank, betweenness) on the graph of
//! synthetic corpora of growing size, built in memory as `extract` builds
//! it (articles extracted, meetings merged, quads, the merged graph).
//!
//! ```text
//! cargo bench --bench stats -- [--sizes 1MB,5MB,20MB] [--sample K]
//! ```
//!
//! Prints, per size: nodes, edges, the undirected links centrality runs
//! on, and the seconds of the exact betweenness (or of a K-source sample)
//! and of the whole `stats` call, on all cores.

use std::error::Error;
use std::time::Instant;

use newsgraph::corpus::{Generator, parse_size};
use newsgraph::graph::Graph;
use newsgraph::lexicon::Lexicon;
use newsgraph::read::parse_text;
use newsgraph::stats::{self, Sources};
use newsgraph::vocab::Base;
use newsgraph::{merge, rdf};

fn main() -> Result<(), Box<dyn Error>> {
    let mut sizes = vec!["1MB".to_string(), "5MB".to_string()];
    let mut sources = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--sizes" => {
                sizes = it
                    .next()
                    .ok_or("--sizes needs a list")?
                    .split(',')
                    .map(str::to_string)
                    .collect()
            }
            "--sample" => {
                sources = Some(match it.next().ok_or("--sample needs K")?.parse()? {
                    0 => Sources::All,
                    k => Sources::Sample(k),
                })
            }
            "--bench" => {}
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    let lexicon = Lexicon::builtin()?;
    let base = Base::default();
    println!(
        "{:>6} {:>9} {:>9} {:>9} {:>8} {:>12} {:>9}",
        "size", "nodes", "edges", "links", "sources", "centrality s", "stats s"
    );
    for size in sizes {
        let limit = parse_size(&size).ok_or_else(|| format!("bad size {size:?}"))?;
        let mut bytes = 0u64;
        let docs: Vec<_> = Generator::new(&lexicon, 1)
            .take_while(|a| {
                let text = a.to_txt();
                bytes += text.len() as u64;
                bytes <= limit
            })
            .map(|a| parse_text(&a.file_name(), &a.to_txt()))
            .collect();
        let mut extractions: Vec<_> = docs
            .iter()
            .map(|d| newsgraph::extract(d, &lexicon))
            .collect();
        merge::unify(&mut extractions, &[]);
        let mut quads: Vec<_> = extractions
            .iter()
            .flat_map(|x| rdf::quads(x, &base, &lexicon))
            .collect();
        quads.extend(rdf::reference_quads(extractions.iter(), &base, &lexicon));
        let graph = Graph::from_quads(&quads, &base);
        drop(quads);
        let started = Instant::now();
        let s = stats::stats(&graph, 10, sources, &|_, _| {});
        let total = started.elapsed().as_secs_f64();
        // The centrality alone, on the same adjacency `stats` builds.
        let adjacency = stats::adjacency(&graph);
        let links = adjacency.iter().map(Vec::len).sum::<usize>() / 2;
        let started = Instant::now();
        let chosen = match s.betweenness_sources {
            k if k < s.nodes => Sources::Sample(k),
            _ => Sources::All,
        };
        std::hint::black_box(stats::betweenness(&adjacency, chosen, &|_| {}));
        std::hint::black_box(stats::pagerank(&adjacency));
        let centrality = started.elapsed().as_secs_f64();
        println!(
            "{size:>6} {:>9} {:>9} {links:>9} {:>8} {centrality:>12.2} {total:>9.2}",
            s.nodes, s.edges, s.betweenness_sources
        );
    }
    Ok(())
}

//! Throughput benchmarks: extraction alone on one thread, `build` end to
//! end into a RocksDB store on all cores, N-Quads export, and three SPARQL
//! queries on the store. Two corpora:
//!
//! * real news (`--real DIR`): the stories of DIR (by default the
//!   Voice of America development set, `tests/news/voa/articles`) copied
//!   until the corpus reaches `--size`, each copy ending in its own line
//!   "Copy N." so that no copy is skipped as a duplicate. This is the
//!   corpus the targets are judged on;
//! * synthetic (the default): generated articles (see `newsgraph corpus`),
//!   which carry about fifteen times the facts per kilobyte of real news.
//!
//! ```text
//! cargo bench --bench throughput -- --real [DIR] --size 5MB [--only extract|build]
//! cargo bench --bench throughput -- --size 20MB [--seed 42] [--only extract|build]
//! cargo bench --bench throughput -- --store PATH   # the queries only, on a built store
//! cargo bench --bench throughput -- --real --size 5MB --write-corpus DIR   # the corpus only
//! ```
//!
//! Timing is `std::time::Instant` around each stage; the table goes to
//! standard output. The corpus and the store live in a temporary directory
//! that is removed at the end.

/// The allocator the binary uses, so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use newsgraph::build::{BuildOptions, build};
use newsgraph::corpus::{Generator, parse_size};
use newsgraph::export::{self, Format};
use newsgraph::graph::Graph;
use newsgraph::lexicon::Lexicon;
use newsgraph::model::Document;
use newsgraph::read::{ReadOptions, parse_text};
use newsgraph::store::Store;
use newsgraph::vocab::Base;
use oxigraph::sparql::QueryResults;

/// How many times extraction runs over the corpus.
const EXTRACTION_PASSES: usize = 5;

struct Args {
    size: u64,
    seed: u64,
    only: Option<String>,
    /// Only the queries, on this existing store.
    store: Option<PathBuf>,
    /// Real stories to copy up to the size, instead of generated articles.
    real: Option<PathBuf>,
    /// Write the corpus here (kept) and stop, for running a peer on it.
    write_corpus: Option<PathBuf>,
}

/// The real-news development set, from the crate's folder.
fn default_real_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/news/voa/articles")
}

fn args() -> Result<Args, Box<dyn Error>> {
    let mut args = Args {
        size: 20_000_000,
        seed: 42,
        only: None,
        store: None,
        real: None,
        write_corpus: None,
    };
    let mut it = std::env::args().skip(1).peekable();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--size" => {
                args.size =
                    parse_size(&it.next().ok_or("--size needs a value")?).ok_or("bad --size")?
            }
            "--seed" => args.seed = it.next().ok_or("--seed needs a value")?.parse()?,
            "--only" => args.only = it.next(),
            "--store" => args.store = it.next().map(PathBuf::from),
            "--write-corpus" => args.write_corpus = it.next().map(PathBuf::from),
            "--real" => {
                args.real = Some(match it.peek() {
                    Some(dir) if !dir.starts_with("--") => PathBuf::from(it.next().unwrap()),
                    _ => default_real_dir(),
                })
            }
            // cargo bench passes --bench; other flags are not ours.
            _ => {}
        }
    }
    Ok(args)
}

fn row(what: &str, secs: f64, figures: &str) {
    println!("| {what:<44} | {secs:>9.3} s | {figures} |");
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = args()?;
    let wants = |stage: &str| {
        args.only
            .as_deref()
            .is_none_or(|o| o.split(',').any(|s| s == stage))
    };
    if let Some(path) = &args.store {
        println!("queries on {}", path.display());
        return run_queries(&Store::open(path)?);
    }
    // Loading the reference data: the median of five loads.
    let mut loads: Vec<f64> = (0..5)
        .map(|_| {
            let started = Instant::now();
            let lexicon = Lexicon::builtin();
            let s = started.elapsed().as_secs_f64();
            drop(lexicon);
            s
        })
        .collect();
    loads.sort_by(f64::total_cmp);
    let lexicon = Lexicon::builtin()?;
    println!(
        "lexicon: loaded in {:.1} ms (median of 5); {} entries, {} terms of office",
        loads[2] * 1e3,
        lexicon.entries.len(),
        lexicon.terms.len()
    );
    let dir = tempfile::Builder::new()
        .prefix("newsgraph-bench")
        .tempdir()?;
    let corpus_dir = match &args.write_corpus {
        Some(out) => out.clone(),
        None => dir.path().join("corpus"),
    };
    std::fs::create_dir_all(&corpus_dir)?;

    // The corpus, as .txt files.
    let articles: Vec<(String, String)> = match &args.real {
        Some(real) => real_copies(real, args.size)?,
        None => Generator::new(&lexicon, args.seed)
            .scan(0u64, |bytes, a| {
                (*bytes < args.size).then(|| {
                    let text = a.to_txt();
                    *bytes += text.len() as u64;
                    (a.file_name(), text)
                })
            })
            .collect(),
    };
    let mut files: Vec<PathBuf> = Vec::new();
    let mut docs: Vec<Document> = Vec::new();
    let (mut bytes, mut words) = (0usize, 0usize);
    for (name, text) in articles {
        bytes += text.len();
        words += text.split_whitespace().count();
        let path = corpus_dir.join(name);
        std::fs::write(&path, &text)?;
        docs.push(parse_text(&path.display().to_string(), &text));
        files.push(path);
    }
    let mb = bytes as f64 / 1e6;
    let what = match &args.real {
        Some(real) => format!("real news, copies of {}", real.display()),
        None => format!("synthetic, seed {}", args.seed),
    };
    println!(
        "corpus: {} articles, {:.1} MB, {} words ({what}); {} cores for rayon",
        docs.len(),
        mb,
        words,
        rayon::current_num_threads()
    );
    if let Some(out) = &args.write_corpus {
        println!("corpus written to {}", out.display());
        return Ok(());
    }
    println!("| {:<44} | {:>11} | figures |", "stage", "time");
    println!("|{}|{}|---|", "-".repeat(46), "-".repeat(13));

    if wants("extract") {
        // Several passes over the corpus, the median reported: one pass over 2 MB
        // is a fifth of a second, short enough for a neighbour's burst to show.
        let mut passes = Vec::with_capacity(EXTRACTION_PASSES);
        let mut n_edges = 0usize;
        for _ in 0..EXTRACTION_PASSES {
            let started = Instant::now();
            n_edges = docs
                .iter()
                .map(|d| newsgraph::extract(d, &lexicon).edges.len())
                .sum();
            passes.push(started.elapsed().as_secs_f64());
        }
        passes.sort_by(f64::total_cmp);
        let s = passes[EXTRACTION_PASSES / 2];
        row(
            &format!("extraction, 1 thread (median of {EXTRACTION_PASSES} passes)"),
            s,
            &format!(
                "{:.0} words/s, {:.2} MB/s, {:.0} articles/s, {n_edges} edges",
                words as f64 / s,
                mb / s,
                docs.len() as f64 / s
            ),
        );
    }
    drop(docs);

    if !wants("build") {
        return Ok(());
    }
    let store_path = dir.path().join("store");
    let store = Store::open(&store_path)?;
    let base = Base::default();
    let started = Instant::now();
    let report = build(
        &store,
        &files,
        &ReadOptions::default(),
        &lexicon,
        &base,
        &BuildOptions::default(),
        &mut |_, _| {},
    )?;
    let s = started.elapsed().as_secs_f64();
    row(
        &format!("build, {} threads, bulk load", rayon::current_num_threads()),
        s,
        &format!(
            "{:.0} articles/s, {:.2} MB/s, {:.0} words/s, {:.0} triples/s ({} quads, {:.1} per KB)",
            report.written as f64 / s,
            mb / s,
            words as f64 / s,
            report.n_quads as f64 / s,
            report.n_quads,
            report.n_quads as f64 / (bytes as f64 / 1e3)
        ),
    );

    let started = Instant::now();
    let quads = store.article_quads(&base)?;
    let mut sink = std::io::sink();
    export::write(
        Format::NQuads,
        &quads,
        || Graph::from_quads(&quads, &base),
        &mut sink,
    )?;
    let s = started.elapsed().as_secs_f64();
    row(
        "export N-Quads (read, sort, write)",
        s,
        &format!(
            "{:.0} triples/s ({} quads)",
            quads.len() as f64 / s,
            quads.len()
        ),
    );
    drop(quads);

    run_queries(&store)
}

/// The `.txt` stories of `dir` (in name order), copied until their text
/// reaches `size` bytes; each copy ends in a line "Copy N." of its own, so
/// that no two articles are the same text.
fn real_copies(dir: &Path, size: u64) -> Result<Vec<(String, String)>, Box<dyn Error>> {
    let mut stories: Vec<(String, String)> = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    for path in names {
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let stem = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        stories.push((stem, text));
    }
    if stories.is_empty() {
        return Err(format!("{}: no .txt stories", dir.display()).into());
    }
    let mut out = Vec::new();
    let mut bytes = 0u64;
    'copies: for copy in 1.. {
        for (stem, text) in &stories {
            if bytes >= size {
                break 'copies;
            }
            let text = format!("{}\n\nCopy {copy}.\n", text.trim_end());
            bytes += text.len() as u64;
            out.push((format!("{stem}_copy{copy}.txt"), text));
        }
    }
    Ok(out)
}

/// Three representative questions (who met X; meetings in a month; the
/// most met leaders), each in the plain form and in the form that uses
/// what the store keeps for it. A query runs up to five times (fewer once
/// its runs pass 30 s) and the median is reported.
fn run_queries(store: &Store) -> Result<(), Box<dyn Error>> {
    let queries = [
        (
            "who met Donald Trump",
            "SELECT DISTINCT ?other WHERE { <https://w3id.org/newsgraph/id/person/donald-trump> ng:metWith ?other }",
        ),
        // Only meetings carry ng:date, and only meetings have participants:
        // the lean forms need no type check. The "types checked" forms
        // spell the classes out, which costs one index lookup per meeting.
        (
            "meetings in March 2025",
            "SELECT ?m ?date WHERE { ?m ng:date ?date . \
             FILTER(?date >= \"2025-03-01\"^^xsd:date && ?date < \"2025-04-01\"^^xsd:date) }",
        ),
        (
            "meetings in March 2025, types checked",
            "SELECT ?m ?date WHERE { ?m a ng:Meeting ; ng:date ?date . \
             FILTER(?date >= \"2025-03-01\"^^xsd:date && ?date < \"2025-04-01\"^^xsd:date) }",
        ),
        // The same question through the month written beside each date: one
        // index lookup instead of a filter over every date.
        (
            "meetings in March 2025, by ng:month",
            "SELECT DISTINCT ?m WHERE { ?m ng:month \"2025-03\"^^xsd:gYearMonth }",
        ),
        (
            "meetings in March 2025, by ng:month, with dates",
            "SELECT DISTINCT ?m ?date WHERE { ?m ng:month \"2025-03\"^^xsd:gYearMonth ; ng:date ?date }",
        ),
        (
            "top-20 participants by number of meetings",
            "SELECT ?leader (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m ng:participant ?leader } \
             GROUP BY ?leader ORDER BY DESC(?n) LIMIT 20",
        ),
        (
            "top-20 leaders by meetings, types checked",
            "SELECT ?leader (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a ng:Meeting ; ng:participant ?leader . ?leader a ng:Leader } \
             GROUP BY ?leader ORDER BY DESC(?n) LIMIT 20",
        ),
        // The summary graph's counts, which every build recomputes.
        (
            "top-20 leaders by ng:meetingCount",
            "SELECT ?leader ?n WHERE { ?leader a ng:Leader ; ng:meetingCount ?n } \
             ORDER BY DESC(?n) LIMIT 20",
        ),
    ];
    for (name, q) in queries {
        let mut times: Vec<Duration> = Vec::new();
        let mut n_rows = 0;
        while times.len() < 5 && times.iter().sum::<Duration>() < Duration::from_secs(30) {
            let started = Instant::now();
            n_rows = match store.query(q)? {
                QueryResults::Solutions(rows) => rows.count(),
                _ => 0,
            };
            times.push(started.elapsed());
        }
        let (first, runs) = (times[0], times.len());
        times.sort();
        row(
            &format!("query: {name}"),
            times[runs / 2].as_secs_f64(),
            &format!("median of {runs}, first {first:.1?}; {n_rows} rows"),
        );
    }
    Ok(())
}

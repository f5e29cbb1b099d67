//! Command-line arguments (clap types only).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "newsgraph", version, about = "Turn news articles into a knowledge graph of leaders, nations and meetings, with evidence for every edge")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct StoreArgs {
    /// The store directory (created if missing).
    #[arg(long, env = "NEWSGRAPH_STORE", default_value = "newsgraph.db")]
    pub store: PathBuf,
}

#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files, directories (read recursively) or `-` for stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The date of articles that carry none of their own (YYYY-MM-DD).
    #[arg(long)]
    pub date: Option<String>,
    /// Force the input format instead of choosing by extension (txt, md).
    #[arg(long)]
    pub input_format: Option<String>,
    /// Extra reference data in Turtle (same shape as ontology/*.ttl).
    #[arg(long)]
    pub lexicon: Vec<PathBuf>,
    /// Extraction threads (default: RAYON_NUM_THREADS, else all cores). The output does not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles into the persistent store.
    #[command(after_help = "Examples:\n  newsgraph build seeds\n  newsgraph build --store /data/ng.db articles/ --date 2025-08-19\n  cat article.txt | newsgraph build -")]
    Build {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        store: StoreArgs,
        /// Articles read, extracted and written together (bounds memory).
        #[arg(long, default_value_t = 1000)]
        chunk_size: usize,
        /// Write every article in its own transaction, never with the bulk loader.
        #[arg(long)]
        no_bulk_load: bool,
    },
    /// Extract to standard output without a store.
    #[command(after_help = "Examples:\n  newsgraph extract seeds/000_02c8fb468c9cc04e.txt --format json\n  newsgraph extract seeds --format turtle")]
    Extract {
        #[command(flatten)]
        input: InputArgs,
        /// turtle, ntriples, nquads, trig, rdfxml, jsonld, dot or json.
        #[arg(long, short, default_value = "json")]
        format: String,
    },
    /// Run a SPARQL query over all articles.
    #[command(after_help = "Examples:\n  newsgraph query 'SELECT ?a ?b WHERE { ?a ng:metWith ?b }'\n  newsgraph query -f meetings.rq --format csv")]
    Query {
        /// The query text (or use -f).
        query: Option<String>,
        /// Read the query from a file.
        #[arg(short = 'f', long = "file")]
        file: Option<PathBuf>,
        /// table, csv, tsv, json or xml.
        #[arg(long, default_value = "table")]
        format: String,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Export the graph.
    #[command(after_help = "Examples:\n  newsgraph export --format dot -o graph.dot && dot -Tsvg graph.dot > graph.svg\n  newsgraph export --format nquads -o graph.nq")]
    Export {
        /// turtle, ntriples, nquads, trig, rdfxml, jsonld, dot or json.
        #[arg(long, short)]
        format: String,
        /// Output file (standard output if absent).
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Write a deterministic synthetic news corpus for benchmarks.
    #[command(after_help = "Examples:\n  newsgraph corpus --size 20MB --seed 42 --out /tmp/corpus20\n  newsgraph corpus --size 1GB --out /tmp/big --jsonl")]
    Corpus {
        /// Total size to write: 1MB, 200MB, 1GB, 512KiB...
        #[arg(long)]
        size: String,
        /// The same seed gives the same bytes.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Output directory (one .txt per article, or corpus.jsonl with --jsonl).
        #[arg(long)]
        out: PathBuf,
        /// Write one JSON Lines file (fields text, title, date, url).
        #[arg(long)]
        jsonl: bool,
    },
    /// Score extraction against gold annotations.
    #[command(after_help = "Examples:\n  newsgraph eval --gold tests/gold/seeds seeds\n  newsgraph eval --gold tests/gold/seeds seeds --corpus --details\n  newsgraph eval --gold tests/gold/seeds --system graph.json")]
    Eval {
        /// Directory of gold JSON files (matched to articles by file stem).
        #[arg(long)]
        gold: PathBuf,
        /// Articles to extract and score.
        paths: Vec<PathBuf>,
        /// Score an existing JSON export instead of extracting.
        #[arg(long, conflicts_with = "paths")]
        system: Option<PathBuf>,
        /// All articles into one merged graph against the merged gold.
        #[arg(long)]
        corpus: bool,
        /// List each missed and spurious item with its evidence.
        #[arg(long)]
        details: bool,
        /// table or json.
        #[arg(long, default_value = "table")]
        format: String,
        /// The date of articles that carry none of their own.
        #[arg(long)]
        date: Option<String>,
    },
}

//! Command-line arguments (clap types only).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "newsgraph",
    version,
    about = "Turn news articles into a knowledge graph of leaders, nations and meetings, with evidence for every edge"
)]
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
    /// Force the input format instead of choosing by extension (txt, md, html, jsonl).
    #[arg(long)]
    pub input_format: Option<String>,
    /// JSON Lines: the field holding the article text.
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// JSON Lines: the field holding the title.
    #[arg(long, default_value = "title")]
    pub title_field: String,
    /// JSON Lines: the field holding the date (YYYY-MM-DD, time allowed).
    #[arg(long, default_value = "date")]
    pub date_field: String,
    /// JSON Lines: the field holding the URL.
    #[arg(long, default_value = "url")]
    pub url_field: String,
    /// Extra reference data in Turtle (same shape as ontology/*.ttl).
    #[arg(long)]
    pub lexicon: Vec<PathBuf>,
    /// Extraction threads (default: RAYON_NUM_THREADS, else all cores). The output does not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
}

/// Which part of the graph the DOT, JSON, GraphML and CSV views show.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only these relations, comma-separated (metWith,hosted); nodes without such an edge are left out.
    #[arg(long)]
    pub relation: Option<String>,
    /// Only nodes of these types, comma-separated (Leader,Nation).
    #[arg(long = "type")]
    pub node_type: Option<String>,
    /// Only nodes and edges reported by at least N articles.
    #[arg(long, default_value_t = 1)]
    pub min_sources: usize,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles into the persistent store.
    #[command(
        after_help = "Examples:\n  newsgraph build seeds\n  newsgraph build --store /data/ng.db articles/ --date 2025-08-19\n  newsgraph build page.html feed.jsonl\n  newsgraph build dump.ndjson --text-field body --title-field headline --date-field published\n  cat article.txt | newsgraph build -"
    )]
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
    /// Compact the store after a large build, so that queries read fewer files.
    #[command(after_help = "Examples:\n  newsgraph build archive/ && newsgraph optimize")]
    Optimize {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Remove articles (and the facts only they support) from the store.
    #[command(
        after_help = "An article is named by its id (the content hash), its IRI, or the file it was read from (read and hashed again).\n\nExamples:\n  newsgraph remove 02c8fb468c9cc04e\n  newsgraph remove seeds/000_02c8fb468c9cc04e.txt\n  newsgraph remove https://w3id.org/newsgraph/id/article/02c8fb468c9cc04e"
    )]
    Remove {
        /// Article ids, IRIs or files.
        #[arg(required = true)]
        articles: Vec<String>,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Extract to standard output without a store.
    #[command(
        after_help = "Examples:\n  newsgraph extract seeds/000_02c8fb468c9cc04e.txt --format json\n  newsgraph extract seeds --format turtle"
    )]
    Extract {
        #[command(flatten)]
        input: InputArgs,
        /// turtle, ntriples, nquads, trig, rdfxml, jsonld, dot or json.
        #[arg(long, short, default_value = "json")]
        format: String,
    },
    /// Run a SPARQL query over all articles.
    #[command(
        after_help = "Examples:\n  newsgraph query 'SELECT ?a ?b WHERE { ?a ng:metWith ?b }'\n  newsgraph query -f meetings.rq --format csv"
    )]
    Query {
        /// The query text (or use -f).
        query: Option<String>,
        /// Read the query from a file.
        #[arg(short = 'f', long = "file")]
        file: Option<PathBuf>,
        /// table, csv, tsv, json or xml.
        #[arg(long, default_value = "table")]
        format: String,
        /// Print the query plan (JSON, with rows and time per step) instead of the answers.
        #[arg(long)]
        explain: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Export the graph.
    #[command(
        after_help = "Examples:\n  newsgraph export --format dot -o graph.dot && dot -Tsvg graph.dot > graph.svg\n  newsgraph export --format dot --relation metWith,hosted --type Leader,Meeting --min-sources 2\n  newsgraph export --format nquads -o graph.nq\n  newsgraph export --format graphml -o graph.graphml\n  newsgraph export --format csv -o tables/   # tables/nodes.csv and tables/edges.csv"
    )]
    Export {
        /// turtle, ntriples, nquads, trig, rdfxml, jsonld, dot, json, graphml or csv.
        #[arg(long, short)]
        format: String,
        /// Output file (standard output if absent); a directory for csv.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// RDF formats: add the summary graph (ng:meetingCount, ...) and the ontology, so the README's queries answer the same on another store.
        #[arg(long)]
        all_graphs: bool,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Counts by type and relation, and the most central leaders and nations.
    #[command(
        after_help = "Betweenness is exact (shortest paths from every node) unless the graph is large (nodes x links above 2e8, about ten seconds on one core): then it is estimated from as many sources, spread over the nodes, as that work allows (at least 100), and the output says so. --sample K asks for an estimate from K sources, --sample 0 for the exact sum whatever the size.\n\nExamples:\n  newsgraph stats\n  newsgraph stats --top 5 --format json\n  newsgraph stats --sample 500"
    )]
    Stats {
        /// table or json.
        #[arg(long, default_value = "table")]
        format: String,
        /// How many leaders and nations to rank.
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// Estimate betweenness from K sources (0: exact).
        #[arg(long, value_name = "K")]
        sample: Option<usize>,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Serve the store as a SPARQL 1.1 Protocol endpoint (with a query page at /).
    #[command(
        after_help = "Examples:\n  newsgraph serve\n  newsgraph serve --bind 127.0.0.1:9000 --timeout 30 --max-results 10000\n  newsgraph serve --writable   # allow /update and Graph Store PUT on /store\n  curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/query?query=SELECT%20*%20WHERE%20%7B%3Fs%20ng%3AmetWith%20%3Fo%7D'"
    )]
    Serve {
        /// The address to listen on (loopback unless you say otherwise).
        #[arg(long, default_value = "127.0.0.1:7878")]
        bind: String,
        /// Cancel a query after this many seconds.
        #[arg(long, default_value_t = 10.0)]
        timeout: f64,
        /// Refuse answers with more results than this.
        #[arg(long, default_value_t = 100_000)]
        max_results: usize,
        /// Stop a query (503) once it holds more than this many megabytes.
        #[arg(long, default_value_t = 512, value_name = "MB")]
        max_memory: usize,
        /// Evaluate at most this many queries at once; others wait up to 2 s, then get 503.
        #[arg(long, default_value_t = 4, value_name = "N")]
        max_queries: usize,
        /// Accept SPARQL updates on /update and Graph Store Protocol writes on /store.
        #[arg(long)]
        writable: bool,
        /// Let web pages of any origin read the answers (Access-Control-Allow-Origin: *).
        #[arg(long)]
        cors: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Push each article graph to a SPARQL store (Graph Store Protocol PUT).
    #[command(
        after_help = "Examples:\n  newsgraph push --endpoint http://127.0.0.1:7878/store\n  newsgraph push --endpoint http://localhost:3030/ds/data   # Apache Jena Fuseki"
    )]
    Push {
        /// The Graph Store Protocol endpoint; each graph goes to ENDPOINT?graph=IRI.
        #[arg(long)]
        endpoint: String,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  newsgraph completions bash > ~/.local/share/bash-completion/completions/newsgraph\n  newsgraph completions zsh > ~/.zfunc/_newsgraph\n  newsgraph completions fish > ~/.config/fish/completions/newsgraph.fish"
    )]
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    #[command(after_help = "Examples:\n  newsgraph man > newsgraph.1 && man ./newsgraph.1")]
    Man,
    /// Write a deterministic synthetic news corpus for benchmarks.
    #[command(
        after_help = "Examples:\n  newsgraph corpus --size 20MB --seed 42 --out /tmp/corpus20\n  newsgraph corpus --size 1GB --out /tmp/big --jsonl"
    )]
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
    /// Print the linguistic analysis (words, tags, lemmas, dependency tree, entities) as CoNLL-U.
    #[command(
        after_help = "Each sentence is one CoNLL-U block; MISC holds the word's byte span in the article's text (Span=start:end) and its entity (NE=B-person, I-place, ...).\n\nExamples:\n  newsgraph parse seeds/000_02c8fb468c9cc04e.txt\n  echo 'The talks were hosted by Egypt.' | newsgraph parse -\n  newsgraph parse --evaluate ../corpora"
    )]
    Parse {
        /// Files, directories or `-` for stdin.
        #[arg(required_unless_present = "evaluate")]
        paths: Vec<PathBuf>,
        /// Instead of parsing, score the models on the treebanks' held-out parts under this folder (ud-english-ewt/, gum-cc-by/).
        #[arg(long, value_name = "CORPORA", conflicts_with = "paths")]
        evaluate: Option<PathBuf>,
        /// Use the models in this folder instead of the shipped ones.
        #[arg(long)]
        models: Option<PathBuf>,
        /// table or json (with --evaluate).
        #[arg(long, default_value = "table")]
        format: String,
    },
    /// Train the tagger, parser and entity recogniser from the treebanks.
    #[command(
        after_help = "The corpora folder holds ud-english-ewt/ (the standard split) and gum-cc-by/ (docs/ and files.train, files.dev, files.test). The same corpora give byte-identical models.\n\nExamples:\n  newsgraph train --corpora ../corpora --out models/"
    )]
    Train {
        /// The treebanks' folder.
        #[arg(long)]
        corpora: PathBuf,
        /// Where the three model files go.
        #[arg(long, default_value = "models")]
        out: PathBuf,
        /// Print the held-out figures of the new models when done.
        #[arg(long)]
        evaluate: bool,
    },
    /// Score extraction against gold annotations.
    #[command(
        after_help = "Examples:\n  newsgraph eval --gold tests/gold/seeds seeds\n  newsgraph eval --gold tests/gold/seeds seeds --corpus --details\n  newsgraph eval --gold tests/gold/seeds --system graph.json"
    )]
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

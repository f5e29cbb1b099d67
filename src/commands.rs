//! The commands behind the CLI: each reads its arguments, calls the library
//! and prints for a person (summaries to stderr, data to stdout).

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use rayon::prelude::*;

use newsgraph::eval::{self, GoldDoc};
use newsgraph::export::{self, Format, json::JsonGraph};
use newsgraph::graph::{Filter, Graph};
use newsgraph::lexicon::Lexicon;
use newsgraph::model::{Document, Extraction, PartialDate};
use newsgraph::parse::conllu::Corpora;
use newsgraph::parse::train::{Epochs, LayerScores};
use newsgraph::parse::{self, Models};
use newsgraph::read::{self, InputFormat, Item, JsonlFields, ReadOptions};
use newsgraph::store::Store;
use newsgraph::vocab::{Base, PREFIXES};
use newsgraph::{merge, rdf, segment};

use crate::cli::{Command, FilterArgs, InputArgs};

pub fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Build {
            input,
            store,
            chunk_size,
            no_bulk_load,
        } => build(&input, &store.store, chunk_size, !no_bulk_load),
        Command::Extract { input, format } => extract(&input, &format),
        Command::Corpus {
            size,
            seed,
            out,
            jsonl,
        } => corpus(&size, seed, &out, jsonl),
        Command::Remove { articles, store } => remove(&articles, &store.store),
        Command::Optimize { store } => optimize(&store.store),
        Command::Query {
            query: text,
            file,
            format,
            explain,
            store,
        } => query(text, file, &format, explain, &store.store),
        Command::Export {
            format,
            output,
            all_graphs,
            filter,
            store,
        } => export(
            &format,
            output.as_deref(),
            all_graphs,
            &filter,
            &store.store,
        ),
        Command::Stats {
            format,
            top,
            sample,
            store,
        } => stats(&format, top, sample, &store.store),
        Command::Serve {
            bind,
            timeout,
            max_results,
            max_memory,
            max_queries,
            writable,
            cors,
            store,
        } => serve(
            &bind,
            timeout,
            max_results,
            (max_memory, max_queries),
            (writable, cors),
            &store.store,
        ),
        Command::Push { endpoint, store } => push(&endpoint, &store.store),
        Command::Completions { shell } => completions(shell),
        Command::Man => man(),
        Command::Parse {
            paths,
            evaluate,
            models,
            format,
        } => parse(&paths, evaluate.as_deref(), models.as_deref(), &format),
        Command::Train {
            corpora,
            out,
            evaluate,
        } => train(&corpora, &out, evaluate),
        Command::Eval {
            gold,
            paths,
            system,
            corpus,
            details,
            format,
            date,
        } => evaluate(
            &gold,
            &paths,
            system.as_deref(),
            corpus,
            details,
            &format,
            date.as_deref(),
        ),
    }
}

fn lexicon(paths: &[PathBuf]) -> Result<Lexicon> {
    let mut extra = Vec::new();
    for p in paths {
        let text = fs::read_to_string(p)
            .with_context(|| format!("cannot read lexicon {}", p.display()))?;
        extra.push((p.display().to_string(), text));
    }
    Ok(Lexicon::with_extra(&extra)?)
}

fn parse_date(date: Option<&str>) -> Result<Option<PartialDate>> {
    date.map(|d| {
        PartialDate::parse(d)
            .filter(|p| p.day.is_some())
            .ok_or_else(|| anyhow!("--date {d:?} is not a valid YYYY-MM-DD date"))
    })
    .transpose()
}

fn read_options(input: &InputArgs) -> Result<ReadOptions> {
    let format = input
        .input_format
        .as_deref()
        .map(|f| {
            InputFormat::from_name(f).ok_or_else(|| {
                anyhow!(
                    "unknown --input-format {f:?} ({})",
                    InputFormat::NAMES.join(", ")
                )
            })
        })
        .transpose()?;
    let jsonl = JsonlFields {
        text: input.text_field.clone(),
        title: input.title_field.clone(),
        date: input.date_field.clone(),
        url: input.url_field.clone(),
    };
    Ok(ReadOptions {
        default_date: parse_date(input.date.as_deref())?,
        format,
        jsonl,
    })
}

/// Documents read from the inputs, with the skipped ones reported.
struct Batch {
    docs: Vec<Document>,
    skipped: Vec<(String, String)>,
    warnings: Vec<(String, String)>,
}

fn read_inputs(paths: &[PathBuf], options: &ReadOptions) -> Result<Batch> {
    let files = read::collect_inputs(paths, options)?;
    let mut batch = Batch {
        docs: Vec::new(),
        skipped: Vec::new(),
        warnings: Vec::new(),
    };
    let mut seen = std::collections::HashSet::new();
    for f in files {
        for item in read::read_path(&f, options)? {
            match item {
                Item::Document(doc) => {
                    if seen.insert(doc.id.clone()) {
                        batch.docs.push(*doc);
                    } else {
                        batch.skipped.push((
                            doc.origin.clone(),
                            "same text as another article in this batch".into(),
                        ));
                    }
                }
                Item::Skipped { origin, reason } => batch.skipped.push((origin, reason)),
                Item::Warning { origin, message } => {
                    eprintln!("newsgraph: warning: {origin}: {message}");
                    batch.warnings.push((origin, message));
                }
            }
        }
    }
    Ok(batch)
}

fn extract_all(docs: &[Document], lexicon: &Lexicon) -> Vec<Extraction> {
    docs.par_iter()
        .map(|d| newsgraph::extract(d, lexicon))
        .collect()
}

/// The rayon pool for `--threads N`; without it, the global pool (all
/// cores, or RAYON_NUM_THREADS).
fn thread_pool(threads: Option<usize>) -> Result<Option<rayon::ThreadPool>> {
    threads
        .map(|n| {
            if n == 0 {
                bail!("--threads must be at least 1");
            }
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .context("cannot start worker threads")
        })
        .transpose()
}

fn in_pool<T: Send>(pool: Option<&rayon::ThreadPool>, f: impl FnOnce() -> T + Send) -> T {
    match pool {
        Some(p) => p.install(f),
        None => f(),
    }
}

/// A progress bar on a terminal only: articles/s and ETA over the input files.
fn progress_bar(n_files: usize) -> indicatif::ProgressBar {
    if n_files < 2 {
        return indicatif::ProgressBar::hidden();
    }
    terminal_bar(
        n_files as u64,
        "{elapsed_precise} [{bar:30}] {pos}/{len} inputs, {msg}, ETA {eta}",
    )
}

/// A progress bar drawn on standard error when it is a terminal, hidden
/// otherwise.
fn terminal_bar(len: u64, template: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

fn build(input: &InputArgs, store_path: &Path, chunk_size: usize, bulk: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let options = read_options(input)?;
    let lexicon = lexicon(&input.lexicon)?;
    let pool = thread_pool(input.threads)?;
    let store = Store::open(store_path)?;
    let base = Base::default();
    let files = read::collect_inputs(&input.paths, &options)?;
    let threads = pool.as_ref().map_or_else(
        rayon::current_num_threads,
        rayon::ThreadPool::current_num_threads,
    );
    let build_options = newsgraph::build::BuildOptions {
        chunk_size,
        bulk,
        threads,
    };
    let bar = progress_bar(files.len());
    let on_progress = |done: usize, written: usize| {
        let secs = started.elapsed().as_secs_f64().max(1e-3);
        bar.set_message(format!(
            "{written} articles, {:.0} articles/s",
            written as f64 / secs
        ));
        bar.set_position(done as u64);
    };
    let report = in_pool(pool.as_ref(), || {
        let mut on_progress = on_progress;
        newsgraph::build::build(
            &store,
            &files,
            &options,
            &lexicon,
            &base,
            &build_options,
            &mut on_progress,
        )
    })?;
    bar.finish_and_clear();
    let elapsed = started.elapsed();
    let mut err = io::stderr().lock();
    writeln!(
        err,
        "articles: {} read, {} already in store, {} skipped, {} with warnings",
        report.written,
        report.already.len(),
        report.skipped.len(),
        report.warnings.len()
    )?;
    for (origin, message) in &report.warnings {
        writeln!(err, "  warning: {origin}: {message}")?;
    }
    for (origin, reason) in &report.skipped {
        writeln!(err, "  skipped {origin}: {reason}")?;
    }
    let (nodes, edges) = report.summary.lines();
    writeln!(err, "nodes: {nodes}")?;
    writeln!(err, "edges: {edges}")?;
    if report.replaced > 0 {
        writeln!(
            err,
            "older versions replaced (same origin, new text): {}",
            report.replaced
        )?;
    }
    writeln!(
        err,
        "meeting reports merged across articles: {}",
        report.merged
    )?;
    writeln!(
        err,
        "quads written: {}; store: {} ({} quads)",
        report.n_quads,
        store_path.display(),
        store.len()?
    )?;
    let secs = elapsed.as_secs_f64().max(1e-9);
    writeln!(
        err,
        "elapsed: {elapsed:.2?} ({:.1} articles/s, {:.2} MB/s, {:.0} quads/s; {threads} threads, {} bulk-loaded chunks)",
        report.written as f64 / secs,
        report.n_bytes as f64 / 1e6 / secs,
        report.n_quads as f64 / secs,
        report.bulk_chunks
    )?;
    Ok(if report.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    })
}

fn corpus(size: &str, seed: u64, out: &Path, jsonl: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let target = newsgraph::corpus::parse_size(size)
        .ok_or_else(|| anyhow!("--size {size:?} is not a size (e.g. 20MB, 1GB, 512KiB)"))?;
    let lexicon = Lexicon::builtin()?;
    fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut written: u64 = 0;
    let mut n_articles = 0usize;
    let mut articles = newsgraph::corpus::Generator::new(&lexicon, seed);
    if jsonl {
        let path = out.join("corpus.jsonl");
        let file =
            fs::File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut w = BufWriter::new(file);
        while written < target {
            let Some(a) = articles.next() else { break };
            let line = a.to_json_line();
            writeln!(w, "{line}").with_context(|| format!("cannot write {}", path.display()))?;
            written += line.len() as u64 + 1;
            n_articles += 1;
        }
        w.flush()
            .with_context(|| format!("cannot write {}", path.display()))?;
    } else {
        while written < target {
            let Some(a) = articles.next() else { break };
            let path = out.join(a.file_name());
            let text = a.to_txt();
            fs::write(&path, &text).with_context(|| format!("cannot write {}", path.display()))?;
            written += text.len() as u64;
            n_articles += 1;
        }
    }
    eprintln!(
        "corpus: {n_articles} articles, {written} bytes in {} (seed {seed}, {:.2?})",
        out.display(),
        started.elapsed()
    );
    Ok(ExitCode::SUCCESS)
}

/// Compacts the store's files.
fn optimize(store_path: &Path) -> Result<ExitCode> {
    let store = open_existing(store_path)?;
    let started = std::time::Instant::now();
    store.optimize()?;
    eprintln!(
        "optimized {} in {:.2?}",
        store_path.display(),
        started.elapsed()
    );
    Ok(ExitCode::SUCCESS)
}

/// Removes articles named by id, IRI or file. Every name must match.
fn remove(articles: &[String], store_path: &Path) -> Result<ExitCode> {
    let store = open_existing(store_path)?;
    let base = Base::default();
    let prefix = base.article("");
    let mut missing = Vec::new();
    let mut removed = 0;
    for name in articles {
        let ids: Vec<String> = if let Some(id) = name.strip_prefix(&prefix) {
            vec![id.to_string()]
        } else if Path::new(name).is_file() {
            // Hash the file as `build` did; a JSON Lines file names one
            // article per line.
            read::read_path(Path::new(name), &ReadOptions::default())?
                .into_iter()
                .filter_map(|item| match item {
                    Item::Document(doc) => Some(doc.id),
                    _ => None,
                })
                .collect()
        } else {
            vec![name.clone()]
        };
        let mut found = false;
        for id in &ids {
            if store.remove_article(&base, id)? {
                eprintln!("removed {name}: <{prefix}{id}>");
                removed += 1;
                found = true;
            }
        }
        if !found {
            missing.push(name.as_str());
        }
    }
    if removed > 0 {
        store.refresh_summary()?;
    }
    store.flush()?;
    eprintln!(
        "articles removed: {removed}; store: {} ({} quads)",
        store_path.display(),
        store.len()?
    );
    if !missing.is_empty() {
        bail!("no such article in the store: {}", missing.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}

/// The quads of all extractions in export order: each article's quads are
/// sorted already and live in their own graph, so ordering the articles by
/// graph IRI orders the whole; the reference graph's IRI sorts after them.
fn all_quads(
    extractions: &[Extraction],
    base: &Base,
    lexicon: &Lexicon,
) -> Vec<oxigraph::model::Quad> {
    let mut order: Vec<&Extraction> = extractions.iter().collect();
    order.sort_by_cached_key(|x| base.article(&x.doc.id));
    order.dedup_by(|a, b| a.doc.id == b.doc.id);
    let mut quads: Vec<oxigraph::model::Quad> = order
        .iter()
        .flat_map(|x| rdf::quads(x, base, lexicon))
        .collect();
    quads.extend(rdf::reference_quads(order, base, lexicon));
    quads
}

fn extract(input: &InputArgs, format: &str) -> Result<ExitCode> {
    let format = Format::from_name(format).ok_or_else(|| {
        anyhow!(
            "unknown format {format:?} (one of {})",
            Format::NAMES.join(", ")
        )
    })?;
    let options = read_options(input)?;
    let lexicon = lexicon(&input.lexicon)?;
    let pool = thread_pool(input.threads)?;
    let batch = read_inputs(&input.paths, &options)?;
    for (origin, reason) in &batch.skipped {
        eprintln!("newsgraph: skipped {origin}: {reason}");
    }
    let mut extractions = in_pool(pool.as_ref(), || extract_all(&batch.docs, &lexicon));
    merge::unify(&mut extractions, &[]);
    let base = Base::default();
    let quads = all_quads(&extractions, &base, &lexicon);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    export::write(
        format,
        &quads,
        || Graph::from_quads(&quads, &base),
        &mut out,
    )?;
    out.flush()?;
    Ok(if batch.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    })
}

/// Fails unless a store exists at the path: commands other than `build`
/// never create one.
fn require_store(store_path: &Path) -> Result<()> {
    if !store_path.exists() {
        bail!(
            "no store at {} (run `newsgraph build` first)",
            store_path.display()
        );
    }
    Ok(())
}

fn open_existing(store_path: &Path) -> Result<Store> {
    require_store(store_path)?;
    Ok(Store::open(store_path)?)
}

/// Opens a store for a command that only reads it, beside other readers.
fn open_to_read(store_path: &Path) -> Result<Store> {
    require_store(store_path)?;
    Ok(Store::open_read_only(store_path)?)
}

fn export(
    format: &str,
    output: Option<&Path>,
    all_graphs: bool,
    filter: &FilterArgs,
    store_path: &Path,
) -> Result<ExitCode> {
    let format = Format::from_name(format).ok_or_else(|| {
        anyhow!(
            "unknown format {format:?} (one of {})",
            Format::NAMES.join(", ")
        )
    })?;
    let filter = Filter::parse(
        filter.relation.as_deref(),
        filter.node_type.as_deref(),
        filter.min_sources,
    )
    .map_err(|e| anyhow!(e))?;
    if !filter.is_empty() && !format.is_graph_view() {
        bail!(
            "--relation, --type and --min-sources apply to the dot, json, graphml and csv views, not to RDF formats (use SPARQL CONSTRUCT to select triples)"
        );
    }
    if all_graphs && format.is_graph_view() {
        bail!(
            "--all-graphs applies to the RDF formats; the dot, json, graphml and csv views show the articles' graph"
        );
    }
    let store = open_to_read(store_path)?;
    let base = Base::default();
    let mut quads = store.article_quads(&base)?;
    if all_graphs {
        for graph in [rdf::SUMMARY_GRAPH, rdf::ONTOLOGY_GRAPH] {
            quads.extend(store.graph_quads(&oxigraph::model::NamedNode::new_unchecked(graph))?);
        }
    }
    let graph = || {
        let full = Graph::from_quads(&quads, &base);
        if filter.is_empty() {
            full
        } else {
            full.filtered(&filter)
        }
    };
    if format == Format::Csv {
        let Some(dir) = output else {
            bail!("csv writes two files (nodes.csv and edges.csv): give a directory with -o DIR");
        };
        export::csv::write_dir(&graph(), dir)?;
        eprintln!(
            "wrote {} and {}",
            dir.join("nodes.csv").display(),
            dir.join("edges.csv").display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    match output {
        Some(path) => write_output(path, |w| Ok(export::write(format, &quads, graph, w)?))?,
        None => {
            let stdout = io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            export::write(format, &quads, graph, &mut w)?;
            w.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes an export to `path`. A regular file (or a new one) is written
/// whole to `PATH.partial` beside it and renamed over it, so a reader
/// never sees half an export and a failed write leaves the old file; the
/// partial file is removed on failure. Anything else (a FIFO, a device,
/// `/dev/stdout`) is written through as it is; a symbolic link is
/// followed, and its target treated the same way.
fn write_output(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let target = match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path).ok(),
        _ => Some(path.to_path_buf()),
    };
    let regular = target.as_deref().is_some_and(|t| match fs::metadata(t) {
        Ok(meta) => meta.is_file(),
        Err(e) => e.kind() == io::ErrorKind::NotFound,
    });
    let Some(target) = target.filter(|_| regular) else {
        // Written in place: a FIFO's reader or a device gets the bytes,
        // and the special file stays what it is.
        let file = fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        let mut w = BufWriter::new(file);
        write(&mut w)
            .and_then(|()| Ok(w.flush()?))
            .with_context(|| format!("cannot write {}", path.display()))?;
        return Ok(());
    };
    let mut partial = target.clone().into_os_string();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let written = (|| -> Result<()> {
        let file = fs::File::create(&partial)
            .with_context(|| format!("cannot create {}", partial.display()))?;
        let mut w = BufWriter::new(file);
        write(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        fs::rename(&partial, &target)?;
        Ok(())
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&partial);
        return Err(e.context(format!("cannot write {}", path.display())));
    }
    Ok(())
}

fn stats(format: &str, top: usize, sample: Option<usize>, store_path: &Path) -> Result<ExitCode> {
    if !matches!(format, "table" | "json") {
        bail!("unknown stats format {format:?} (table, json)");
    }
    let store = open_to_read(store_path)?;
    let base = Base::default();
    let quads = store.article_quads(&base)?;
    let graph = Graph::from_quads(&quads, &base);
    drop(quads);
    let sources = sample.map(|k| match k {
        0 => newsgraph::stats::Sources::All,
        k => newsgraph::stats::Sources::Sample(k),
    });
    let bar = terminal_bar(
        0,
        "{elapsed_precise} [{bar:30}] {pos}/{len} shortest-path sources, ETA {eta}",
    );
    let stats = newsgraph::stats::stats(&graph, top, sources, &|done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if format == "json" {
        writeln!(out, "{}", serde_json::to_string_pretty(&stats)?)?;
    } else {
        write!(out, "{}", stats.render())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn serve(
    bind: &str,
    timeout: f64,
    max_results: usize,
    (max_memory_mb, max_queries): (usize, usize),
    (writable, cors): (bool, bool),
    store_path: &Path,
) -> Result<ExitCode> {
    if max_memory_mb == 0 || max_queries == 0 {
        bail!("--max-memory and --max-queries must be at least 1");
    }
    let bind: std::net::SocketAddr = bind
        .parse()
        .with_context(|| format!("--bind {bind:?} is not an address like 127.0.0.1:7878"))?;
    if !(timeout.is_finite() && timeout > 0.0) {
        bail!("--timeout must be a positive number of seconds");
    }
    // A read-only server shares the store with other readers.
    let store = if writable || !store_path.exists() {
        Store::open(store_path)?
    } else {
        Store::open_read_only(store_path)?
    };
    let options = newsgraph::serve::ServeOptions {
        bind,
        timeout: std::time::Duration::from_secs_f64(timeout),
        max_results,
        max_memory: max_memory_mb.saturating_mul(1024 * 1024),
        max_queries,
        writable,
        cors,
    };
    let mode = if writable {
        "writable: /update and PUT /store accepted"
    } else {
        "read-only"
    };
    eprintln!(
        "newsgraph: SPARQL endpoint at http://{bind}/query ({mode}); query page at http://{bind}/"
    );
    newsgraph::serve::serve(store, options)?;
    Ok(ExitCode::SUCCESS)
}

fn push(endpoint: &str, store_path: &Path) -> Result<ExitCode> {
    let store = open_to_read(store_path)?;
    let base = Base::default();
    let report =
        newsgraph::push::push(&store, &base, endpoint, |iri| eprintln!("  pushed <{iri}>"))?;
    let mut others: Vec<&str> = Vec::new();
    if report.reference {
        others.push("reference");
    }
    others.extend(report.other_graphs.iter().map(String::as_str));
    let others = match others.as_slice() {
        [] => String::new(),
        [one] => format!(" and the {one} graph"),
        [rest @ .., last] => format!(" and the {} and {last} graphs", rest.join(", ")),
    };
    eprintln!(
        "pushed {} article graphs ({} new, {} replaced){others}, {} triples, to {endpoint}",
        report.created + report.replaced,
        report.created,
        report.replaced,
        report.triples
    );
    Ok(ExitCode::SUCCESS)
}

fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    use clap::CommandFactory;
    let mut command = crate::cli::Cli::command();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    clap_complete::generate(shell, &mut command, "newsgraph", &mut out);
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn man() -> Result<ExitCode> {
    use clap::CommandFactory;
    let command = crate::cli::Cli::command();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    clap_mangen::Man::new(command.clone()).render(&mut out)?;
    // One section per subcommand, so `man newsgraph` documents them all;
    // their own headings become subsections.
    for sub in command.get_subcommands() {
        writeln!(out, ".SH \"NEWSGRAPH {}\"", sub.get_name().to_uppercase())?;
        let man = clap_mangen::Man::new(sub.clone());
        let mut section = Vec::new();
        man.render_description_section(&mut section)?;
        man.render_options_section(&mut section)?;
        man.render_extra_section(&mut section)?;
        let section = String::from_utf8_lossy(&section).replace("\n.SH ", "\n.SS ");
        let section = section
            .strip_prefix(".SH ")
            .map(|rest| format!(".SS {rest}"))
            .unwrap_or(section);
        out.write_all(section.as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn query(
    query: Option<String>,
    file: Option<PathBuf>,
    format: &str,
    explain: bool,
    store_path: &Path,
) -> Result<ExitCode> {
    let text = match (query, file) {
        (Some(q), None) => q,
        (None, Some(f)) => fs::read_to_string(&f)
            .with_context(|| format!("cannot read query file {}", f.display()))?,
        (Some(_), Some(_)) => bail!("give the query either as an argument or with -f, not both"),
        (None, None) => bail!("no query: give it as an argument or with -f FILE"),
    };
    if !store_path.exists() {
        bail!(
            "no store at {} (run `newsgraph build` first)",
            store_path.display()
        );
    }
    let store = Store::open_read_only(store_path)?;
    // Parsing and evaluation recurse over the query: they run on a thread
    // with a stack sized for the longest query accepted.
    newsgraph::store::on_query_stack(|| print_query(&store, &text, format, explain))
}

fn print_query(store: &Store, text: &str, format: &str, explain: bool) -> Result<ExitCode> {
    if explain {
        println!("{}", store.explain(text)?);
        return Ok(ExitCode::SUCCESS);
    }
    let results = store.query(text)?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let results_format = match format {
        "table" => None,
        "csv" => Some(QueryResultsFormat::Csv),
        "tsv" => Some(QueryResultsFormat::Tsv),
        "json" => Some(QueryResultsFormat::Json),
        "xml" => Some(QueryResultsFormat::Xml),
        other => bail!("unknown query format {other:?} (table, csv, tsv, json, xml)"),
    };
    match results {
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let rows: Vec<_> = solutions
                .collect::<Result<_, _>>()
                .map_err(newsgraph::Error::query_failed)?;
            match results_format {
                None => print_table(&mut out, &variables, &rows)?,
                Some(f) => {
                    let mut w = QueryResultsSerializer::from_format(f)
                        .serialize_solutions_to_writer(&mut out, variables.clone())?;
                    for row in &rows {
                        w.serialize(row)?;
                    }
                    w.finish()?;
                    if matches!(f, QueryResultsFormat::Json | QueryResultsFormat::Xml) {
                        writeln!(out)?;
                    }
                }
            }
        }
        QueryResults::Boolean(b) => match results_format {
            None => writeln!(out, "{b}")?,
            Some(f) => {
                QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(&mut out, b)?;
            }
        },
        QueryResults::Graph(triples) => {
            let mut s = oxigraph::io::RdfSerializer::from_format(oxigraph::io::RdfFormat::Turtle);
            for (p, iri) in PREFIXES {
                s = s.with_prefix(p, iri)?;
            }
            let mut w = s.for_writer(&mut out);
            for t in triples {
                w.serialize_triple(&t.map_err(newsgraph::Error::query_failed)?)?;
            }
            w.finish()?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Shows a term compactly: prefixed IRIs, plain literal values.
fn compact(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => PREFIXES
            .iter()
            .filter_map(|(p, iri)| {
                n.as_str()
                    .strip_prefix(iri)
                    .filter(|l| !l.is_empty() && !l.contains(['/', '#']))
                    .map(|l| (iri.len(), format!("{p}:{l}")))
            })
            .max()
            .map_or_else(|| format!("<{}>", n.as_str()), |(_, short)| short),
        Term::Literal(l) => l.value().replace('\n', " "),
        other => other.to_string(),
    }
}

fn print_table(
    out: &mut dyn Write,
    variables: &[oxigraph::sparql::Variable],
    rows: &[oxigraph::sparql::QuerySolution],
) -> io::Result<()> {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            variables
                .iter()
                .map(|v| r.get(v).map(compact).unwrap_or_default())
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = variables
        .iter()
        .map(|v| v.as_str().chars().count())
        .collect();
    for row in &cells {
        for (i, c) in row.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count().min(100));
        }
    }
    let line = |out: &mut dyn Write, row: &[String]| -> io::Result<()> {
        let parts: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let c: String = c.chars().take(100).collect();
                format!("{c:<w$}", w = widths[i])
            })
            .collect();
        writeln!(out, "{}", parts.join(" | ").trim_end())
    };
    line(
        out,
        &variables
            .iter()
            .map(|v| v.as_str().to_string())
            .collect::<Vec<_>>(),
    )?;
    writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("-+-")
    )?;
    for row in &cells {
        line(out, row)?;
    }
    writeln!(out, "({} rows)", rows.len())
}

/// The JSON export of a set of extractions, as `extract --format json` writes it.
fn json_of(extractions: &mut [Extraction], lexicon: &Lexicon) -> JsonGraph {
    merge::unify(extractions, &[]);
    let base = Base::default();
    let quads = all_quads(extractions, &base, lexicon);
    JsonGraph::from_graph(&Graph::from_quads(&quads, &base))
}

fn evaluate(
    gold_dir: &Path,
    paths: &[PathBuf],
    system: Option<&Path>,
    corpus: bool,
    details: bool,
    format: &str,
    date: Option<&str>,
) -> Result<ExitCode> {
    let golds = eval::load_gold_dir(gold_dir)?;
    if golds.is_empty() {
        bail!("{}: no gold files (*.json)", gold_dir.display());
    }
    let report = if let Some(system) = system {
        let text = fs::read_to_string(system)
            .with_context(|| format!("cannot read {}", system.display()))?;
        let graph =
            eval::parse_system_json(&text).map_err(|e| anyhow!("{}: {e}", system.display()))?;
        eval::score_corpus(&golds.iter().collect::<Vec<_>>(), &graph)
    } else {
        if paths.is_empty() {
            bail!("give the articles to score, or --system EXPORT.json");
        }
        let options = ReadOptions {
            default_date: parse_date(date)?,
            ..ReadOptions::default()
        };
        let batch = read_inputs(paths, &options)?;
        let stem = |d: &Document| {
            Path::new(&d.origin)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string()
        };
        let by_stem: BTreeMap<String, &GoldDoc> =
            golds.iter().map(|g| (g.stem.clone(), g)).collect();
        let docs: Vec<(&GoldDoc, Document)> = batch
            .docs
            .iter()
            .filter_map(|d| by_stem.get(&stem(d)).map(|g| (*g, d.clone())))
            .collect();
        if docs.is_empty() {
            bail!(
                "no article matches a gold file by name in {}",
                gold_dir.display()
            );
        }
        let lexicon = Lexicon::builtin()?;
        if corpus {
            let mut extractions = extract_all(
                &docs.iter().map(|(_, d)| d.clone()).collect::<Vec<_>>(),
                &lexicon,
            );
            let graph = json_of(&mut extractions, &lexicon);
            eval::score_corpus(&docs.iter().map(|(g, _)| *g).collect::<Vec<_>>(), &graph)
        } else {
            let graphs: Vec<(&GoldDoc, JsonGraph)> = docs
                .par_iter()
                .map(|(g, d)| {
                    (
                        *g,
                        json_of(&mut [newsgraph::extract(d, &lexicon)], &lexicon),
                    )
                })
                .collect();
            let pairs: Vec<(&GoldDoc, &JsonGraph)> = graphs.iter().map(|(g, j)| (*g, j)).collect();
            eval::score_documents(&pairs)
        }
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match format {
        "json" => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&report.to_json(details))?
        )?,
        "table" => write!(out, "{}", report.render(details))?,
        other => bail!("unknown eval format {other:?} (table, json)"),
    }
    Ok(ExitCode::SUCCESS)
}

/// The models `parse` uses: a folder's, or the shipped ones.
fn models(dir: Option<&Path>) -> Result<std::borrow::Cow<'static, Models>> {
    Ok(match dir {
        Some(dir) => std::borrow::Cow::Owned(Models::from_dir(dir)?),
        None => std::borrow::Cow::Borrowed(Models::shipped()),
    })
}

fn parse(
    paths: &[PathBuf],
    corpora: Option<&Path>,
    models_dir: Option<&Path>,
    format: &str,
) -> Result<ExitCode> {
    let models = models(models_dir)?;
    let lexicon = Lexicon::builtin()?;
    if let Some(corpora) = corpora {
        let scores = newsgraph::parse::train::evaluate(&models, &Corpora::new(corpora), &lexicon)
            .map_err(|e| anyhow!(e))?;
        print_layer_scores(&scores, format)?;
        return Ok(ExitCode::SUCCESS);
    }
    let batch = read_inputs(paths, &ReadOptions::default())?;
    for (origin, reason) in &batch.skipped {
        eprintln!("newsgraph: skipped {origin}: {reason}");
    }
    let mut out = String::new();
    let mut stdout = std::io::stdout().lock();
    for doc in &batch.docs {
        out.clear();
        out.push_str(&format!("# newdoc id = {}\n", doc.origin));
        for s in segment::sentences(&doc.text) {
            let analysis = models.analyse(&doc.text, s.start, s.end, &lexicon);
            parse::write_conllu(
                &mut out,
                &doc.text,
                (s.start, s.end),
                &analysis,
                &models.tagger,
            );
        }
        stdout.write_all(out.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_layer_scores(scores: &[LayerScores], format: &str) -> Result<()> {
    match format {
        "json" => println!("{}", serde_json::to_string_pretty(scores)?),
        "table" => {
            println!(
                "set       sentences   words   UPOS   XPOS  lemma    UAS    LAS  NER P  NER R NER F1"
            );
            for s in scores {
                let pct = |v: f64| format!("{:>6.2}", 100.0 * v);
                let ner = s
                    .entities
                    .as_ref()
                    .map_or("     -      -      -".to_string(), |e| {
                        format!("{} {} {}", pct(e.precision), pct(e.recall), pct(e.f1))
                    });
                println!(
                    "{:<9} {:>9} {:>7} {} {} {} {} {} {ner}",
                    s.set,
                    s.sentences,
                    s.words,
                    pct(s.upos),
                    pct(s.xpos),
                    pct(s.lemma),
                    pct(s.uas),
                    pct(s.las)
                );
            }
        }
        other => bail!("unknown format {other:?} (table or json)"),
    }
    Ok(())
}

fn train(corpora: &Path, out: &Path, evaluate: bool) -> Result<ExitCode> {
    let lexicon = Lexicon::builtin()?;
    let corpora = Corpora::new(corpora);
    let started = std::time::Instant::now();
    let models =
        newsgraph::parse::train::train(&corpora, &lexicon, Epochs::default(), &mut |step| {
            eprintln!(
                "newsgraph: training {step} ({:.0} s)",
                started.elapsed().as_secs_f64()
            )
        })
        .map_err(|e| anyhow!(e))?;
    models
        .write_dir(out)
        .with_context(|| format!("cannot write the models to {}", out.display()))?;
    eprintln!(
        "newsgraph: wrote {} in {:.0} s",
        out.display(),
        started.elapsed().as_secs_f64()
    );
    if evaluate {
        let scores = newsgraph::parse::train::evaluate(&models, &corpora, &lexicon)
            .map_err(|e| anyhow!(e))?;
        print_layer_scores(&scores, "table")?;
    }
    Ok(ExitCode::SUCCESS)
}

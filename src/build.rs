//! Building the store from many articles in bounded memory: input files ->
//! chunks of documents -> parallel extraction -> meeting merge -> the store.
//!
//! Memory does not grow with the number of articles beyond what the graph
//! itself needs: at most one chunk of documents, their extractions and
//! quads are held at a time; what outlives a chunk is the meeting index
//! (for merging later reports into earlier meetings), the content ids and
//! origins of the stored articles and of this build (to skip duplicate
//! texts and replace changed files) and the summary's entity keys. The chunk size
//! is a number of documents, never derived from the thread count, so the
//! store's content does not depend on `--threads`.
//!
//! A file whose text changed replaces the article read from it before,
//! but only once the whole input is read: an article whose text is among
//! this build's inputs is never removed by it, wherever that text now is
//! (a renamed file, a line pushed down a JSON Lines feed). Such an
//! article's recorded origin moves to where this build read it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::error::Result;
use crate::lexicon::Lexicon;
use crate::merge::{self, MeetingIndex};
use crate::model::{Document, Extraction};
use crate::read::{self, Item, ReadOptions};
use crate::store::Store;
use crate::vocab::Base;

/// How a build runs.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Documents read, extracted and written together.
    pub chunk_size: usize,
    /// Write chunks of at least [`BULK_MIN_ARTICLES`] new articles with the
    /// bulk loader instead of one transaction per article.
    pub bulk: bool,
    /// Threads for the bulk loader (extraction uses the current rayon pool).
    pub threads: usize,
}

impl Default for BuildOptions {
    fn default() -> BuildOptions {
        BuildOptions {
            chunk_size: 1000,
            bulk: true,
            threads: rayon::current_num_threads(),
        }
    }
}

/// Below this many new articles in a chunk, per-article transactions are as
/// fast as the bulk loader and keep the finer atomicity.
pub const BULK_MIN_ARTICLES: usize = 64;

/// Counts for the build summary.
#[derive(Debug, Default)]
pub struct Summary {
    /// Node class -> distinct keys.
    pub nodes: BTreeMap<&'static str, BTreeSet<String>>,
    /// Relation -> number of edges (per article).
    pub edges: BTreeMap<&'static str, usize>,
}

impl Summary {
    pub fn add(&mut self, x: &Extraction) {
        for n in &x.nodes {
            let keys = self.nodes.entry(n.kind.class_name()).or_default();
            if !keys.contains(&n.key) {
                keys.insert(n.key.clone());
            }
        }
        for e in &x.edges {
            *self.edges.entry(e.relation.name()).or_default() += 1;
        }
    }

    /// "Leader 3, Nation 2" and "metWith 4, hosted 1".
    pub fn lines(&self) -> (String, String) {
        let nodes: Vec<String> = self
            .nodes
            .iter()
            .map(|(k, v)| format!("{k} {}", v.len()))
            .collect();
        let edges: Vec<String> = self.edges.iter().map(|(k, v)| format!("{k} {v}")).collect();
        (nodes.join(", "), edges.join(", "))
    }
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Articles extracted and written.
    pub written: usize,
    /// Origins of articles whose text was already in the store.
    pub already: Vec<String>,
    /// Inputs that were not articles, or repeated a text of this build, with the reason.
    pub skipped: Vec<(String, String)>,
    /// Inputs read with a caveat (invalid UTF-8 decoded lossily), with the message.
    pub warnings: Vec<(String, String)>,
    /// Older articles replaced because their file changed (same origin, new text).
    pub replaced: usize,
    /// Meeting reports merged into another meeting.
    pub merged: usize,
    pub n_quads: usize,
    /// Bytes of article text extracted.
    pub n_bytes: usize,
    /// Chunks written with the bulk loader.
    pub bulk_chunks: usize,
    pub summary: Summary,
}

/// Progress after each chunk: inputs done, articles written so far.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// Reads the input files chunk by chunk and writes every new article into
/// the store. Extraction runs on the current rayon pool (wrap the call in
/// `ThreadPool::install` to choose the threads); results do not depend on it.
pub fn build(
    store: &Store,
    files: &[PathBuf],
    read_options: &ReadOptions,
    lexicon: &Lexicon,
    base: &Base,
    options: &BuildOptions,
    progress: Progress,
) -> Result<BuildReport> {
    let mut report = BuildReport::default();
    let mut stored = Stored::read(store, base)?;
    let mut inputs = Inputs::default();
    let mut docs: Vec<Document> = Vec::new();
    let chunk_size = options.chunk_size.max(1);
    for (i, path) in files.iter().enumerate() {
        for item in read::read_path(path, read_options)? {
            match item {
                Item::Document(doc) => {
                    let id = id_number(&doc.id);
                    let origin = stable_origin(&doc.origin);
                    if let Some(origin) = &origin
                        && stored.by_origin.contains_key(origin)
                    {
                        inputs.origins.insert(origin.clone());
                    }
                    if !inputs.ids.insert(id) {
                        report.skipped.push((
                            doc.origin.clone(),
                            "same text as another article in this batch".into(),
                        ));
                    } else if let Some(old) = stored.origin_of.get(&id) {
                        // The text moved (a file renamed, a feed line
                        // shifted): the stored article now names where
                        // this build read it.
                        if let Some(origin) = origin
                            && *old != origin
                        {
                            inputs.moved.push((doc.id.clone(), origin));
                        }
                        report.already.push(doc.origin.clone());
                    } else {
                        docs.push(*doc);
                    }
                }
                Item::Skipped { origin, reason } => report.skipped.push((origin, reason)),
                Item::Warning { origin, message } => report.warnings.push((origin, message)),
            }
        }
        if docs.len() >= chunk_size || i + 1 == files.len() {
            write_chunk(
                store,
                std::mem::take(&mut docs),
                lexicon,
                base,
                options,
                &mut stored,
                &mut report,
            )?;
            progress(i + 1, report.written);
        }
    }
    store.set_origins(base, &inputs.moved)?;
    // Supersession waits for the last chunk: an older text from an origin
    // read again may still turn up later in the input (a renamed file, a
    // line pushed down a feed), and a text of this build is never removed.
    for id in superseded(&stored, &inputs) {
        if store.remove_article(base, &id)? {
            report.replaced += 1;
        }
    }
    if report.written > 0 || report.replaced > 0 {
        store.refresh_summary()?;
    }
    store.flush()?;
    Ok(report)
}

/// What the inputs of one build hold, collected while it reads them.
#[derive(Default)]
struct Inputs {
    /// Content ids of every article text read (as [`id_number`]s).
    ids: HashSet<u64>,
    /// The stored origins this build read a text from.
    origins: HashSet<String>,
    /// Stored articles read from another origin than the one stored: id
    /// and the origin this build read them from.
    moved: Vec<(String, String)>,
}

/// The stored articles a build replaces: those read from an origin this
/// build read again, whose text is nowhere among its inputs. Sorted, so
/// removals happen in the same order every time.
fn superseded(stored: &Stored, inputs: &Inputs) -> Vec<String> {
    let mut out: Vec<String> = inputs
        .origins
        .iter()
        .filter_map(|origin| stored.by_origin.get(origin))
        .flatten()
        .filter(|id| !inputs.ids.contains(&id_number(id)))
        .cloned()
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The origin as the store records it, or None for text from standard
/// input (`-`, or `-:LINE` for JSON Lines), which has no stable origin
/// and so supersedes nothing.
fn stable_origin(origin: &str) -> Option<String> {
    if origin == "-"
        || origin
            .strip_prefix("-:")
            .is_some_and(|line| line.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    Some(crate::rdf::origin_text(origin))
}

/// What the store holds, read once when a build starts and kept up to
/// date as it writes. Asking the store for each document instead costs a
/// seek over every file RocksDB holds, and bulk loading adds files with
/// every chunk, which made large builds grow faster than their input.
struct Stored {
    /// The meetings, for merging later reports into them.
    meetings: MeetingIndex,
    /// Content id (as an [`id_number`]) -> the origin recorded for it.
    origin_of: HashMap<u64, String>,
    /// Origin (file, or `file:line`) -> ids of the articles read from it
    /// before this build.
    by_origin: HashMap<String, Vec<String>>,
}

impl Stored {
    fn read(store: &Store, base: &Base) -> Result<Stored> {
        let mut stored = Stored {
            meetings: MeetingIndex::new(store.meetings(base)?),
            origin_of: HashMap::new(),
            by_origin: HashMap::new(),
        };
        for (id, origin) in store.article_origins(base)? {
            stored.origin_of.insert(id_number(&id), origin.clone());
            stored.by_origin.entry(origin).or_default().push(id);
        }
        Ok(stored)
    }
}

/// The content id (16 hex digits) as a number, so the set of ids seen stays small.
fn id_number(id: &str) -> u64 {
    u64::from_str_radix(id, 16).unwrap_or_else(|_| {
        blake3::hash(id.as_bytes())
            .as_bytes()
            .iter()
            .take(8)
            .fold(0, |a, b| a << 8 | u64::from(*b))
    })
}

fn write_chunk(
    store: &Store,
    docs: Vec<Document>,
    lexicon: &Lexicon,
    base: &Base,
    options: &BuildOptions,
    stored: &mut Stored,
    report: &mut BuildReport,
) -> Result<()> {
    if docs.is_empty() {
        return Ok(());
    }
    let mut extractions: Vec<Extraction> = docs
        .par_iter()
        .map(|d| crate::extract(d, lexicon))
        .collect();
    drop(docs);
    report.merged += merge::unify_with(&mut extractions, &mut stored.meetings);
    stored.meetings.extend_from(&extractions);
    let quads: Vec<Vec<oxigraph::model::Quad>> = extractions
        .par_iter()
        .map(|x| crate::rdf::quads(x, base, lexicon))
        .collect();
    if options.bulk && extractions.len() >= BULK_MIN_ARTICLES {
        // The articles' quads go to the loader as it takes them: a vector
        // of a whole chunk's quads, grown by doubling, copied them several
        // times into fresh memory.
        let reference = crate::rdf::reference_quads(&extractions, base, lexicon);
        let n_quads = quads.iter().map(Vec::len).sum::<usize>() + reference.len();
        report.n_quads += n_quads;
        store.bulk_insert_new_articles(
            quads.into_iter().flatten().chain(reference),
            n_quads,
            options.threads,
        )?;
        report.bulk_chunks += 1;
    } else {
        // Each article's transaction also writes the reference descriptions
        // of what it mentions, so no article is ever visible without them.
        for (x, mut q) in extractions.iter().zip(quads) {
            q.extend(crate::rdf::reference_quads([x], base, lexicon));
            report.n_quads += q.len();
            store.replace_article(base, &x.doc.id, &q)?;
        }
    }
    for x in &extractions {
        report.summary.add(x);
        report.n_bytes += x.doc.text.len();
    }
    report.written += extractions.len();
    Ok(())
}

//! The persistent graph: the only module that touches
//! `oxigraph::store::Store`. Each article is one named graph, replaced
//! atomically in one transaction; the ontology lives in its own graph; SPARQL
//! runs over the union of all graphs with the project prefixes predeclared.

use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator};

use crate::error::{Error, Result};
use crate::merge::MeetingSig;
use crate::model::{PartialDate, Status};
use crate::rdf::{ONTOLOGY_GRAPH, REFERENCE_GRAPH, SUMMARY_GRAPH};
use crate::vocab::{self, Base};

pub struct Store {
    inner: oxigraph::store::Store,
    path: PathBuf,
    /// The lock file, held for as long as the store is open (see
    /// [`Store::open`]); none for an in-memory store.
    _lock: Option<std::fs::File>,
}

/// The file in a store's folder that newsgraph processes lock to share it:
/// a writer holds it exclusively, readers hold it shared.
#[cfg(feature = "rocksdb")]
const LOCK_FILE: &str = "newsgraph.lock";

impl Store {
    /// Opens (or creates) a persistent store to write. Readers (`query`,
    /// `export`, `stats`, `push`, a read-only `serve`) may hold the store at
    /// the same time as each other but not beside a writer: a writer that
    /// finds the store in use fails with a message that says what to do,
    /// rather than waiting on a server that may never stop.
    #[cfg(feature = "rocksdb")]
    pub fn open(path: &Path) -> Result<Store> {
        let error = |message: String| Error::Store {
            path: path.to_path_buf(),
            message,
        };
        std::fs::create_dir_all(path).map_err(|e| error(e.to_string()))?;
        let lock = lock_file(path)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(error(
                    "the store is open in another newsgraph process (a server, a query or an \
                     export, or another build): stop it and run this again, or send changes to a \
                     server started with `serve --writable` (POST /update, PUT /store)"
                        .into(),
                ));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(error(e.to_string())),
        }
        let inner = oxigraph::store::Store::open(path).map_err(|e| {
            let message = e.to_string();
            let message = if message.contains("lock") || message.contains("LOCK") {
                format!("store is locked by another newsgraph process ({message})")
            } else {
                message
            };
            error(message)
        })?;
        let store = Store {
            inner,
            path: path.to_path_buf(),
            _lock: Some(lock),
        };
        store.load_ontology()?;
        Ok(store)
    }

    /// Opens an existing store to read only, beside other readers (a
    /// running read-only server included). It refuses while a writer has
    /// the store open: RocksDB's read-only mode does not see a writer's
    /// later changes and may find its files gone under it.
    #[cfg(feature = "rocksdb")]
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let error = |message: String| Error::Store {
            path: path.to_path_buf(),
            message,
        };
        if !path.is_dir() {
            return Err(error("no store here (run `newsgraph build` first)".into()));
        }
        // A store on read-only media has no writer and may have no lock
        // file: it is read without one.
        let lock = match lock_file(path) {
            Ok(lock) => Some(lock),
            Err(_) => std::fs::File::open(path.join(LOCK_FILE)).ok(),
        };
        match lock.as_ref().map_or(Ok(()), std::fs::File::try_lock_shared) {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(error(
                    "another newsgraph process is writing to the store (a build, a remove or a \
                     writable server): run this again when it has finished"
                        .into(),
                ));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(error(e.to_string())),
        }
        let inner =
            oxigraph::store::Store::open_read_only(path).map_err(|e| error(e.to_string()))?;
        Ok(Store {
            inner,
            path: path.to_path_buf(),
            _lock: lock,
        })
    }

    /// Built without the `rocksdb` feature there is no persistent store.
    #[cfg(not(feature = "rocksdb"))]
    pub fn open_read_only(path: &Path) -> Result<Store> {
        Store::open(path)
    }

    /// Built without the `rocksdb` feature there is no persistent store.
    #[cfg(not(feature = "rocksdb"))]
    pub fn open(path: &Path) -> Result<Store> {
        Err(Error::Store {
            path: path.to_path_buf(),
            message: "this build has no persistent store (built without the rocksdb feature)"
                .into(),
        })
    }

    /// An in-memory store, for `extract` and tests.
    pub fn memory() -> Result<Store> {
        let inner = oxigraph::store::Store::new().map_err(|e| Error::Store {
            path: PathBuf::from("<memory>"),
            message: e.to_string(),
        })?;
        let store = Store {
            inner,
            path: PathBuf::from("<memory>"),
            _lock: None,
        };
        store.load_ontology()?;
        Ok(store)
    }

    fn err(&self, e: impl std::fmt::Display) -> Error {
        Error::Store {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }

    /// (Re)loads the TBox into its own graph, so SPARQL can ask about the vocabulary.
    fn load_ontology(&self) -> Result<()> {
        let graph = NamedNode::new_unchecked(ONTOLOGY_GRAPH);
        let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::Turtle)
            .without_named_graphs()
            .with_default_graph(graph.clone())
            .for_slice(crate::lexicon::BUILTIN[0].1.as_bytes())
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))?;
        let existing = self
            .inner
            .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
            .count();
        if existing == quads.len() {
            return Ok(());
        }
        let mut tx = self.inner.start_transaction().map_err(|e| self.err(e))?;
        tx.clear_graph(graph.as_ref()).map_err(|e| self.err(e))?;
        tx.extend(quads.iter());
        tx.commit().map_err(|e| self.err(e))
    }

    /// True when the article graph is already in the store.
    pub fn has_article(&self, base: &Base, doc_id: &str) -> Result<bool> {
        let g = NamedNode::new_unchecked(base.article(doc_id));
        self.inner
            .contains_named_graph(g.as_ref())
            .map_err(|e| self.err(e))
    }

    /// Replaces one article's graph with these quads, atomically.
    pub fn replace_article(&self, base: &Base, doc_id: &str, quads: &[Quad]) -> Result<()> {
        let g = NamedNode::new_unchecked(base.article(doc_id));
        let mut tx = self.inner.start_transaction().map_err(|e| self.err(e))?;
        tx.clear_graph(g.as_ref()).map_err(|e| self.err(e))?;
        tx.insert_named_graph(g.as_ref());
        tx.extend(quads.iter());
        tx.commit().map_err(|e| self.err(e))
    }

    /// Records where stored articles were read from (article id, origin),
    /// in place of the origins they had, in one transaction.
    pub fn set_origins(&self, base: &Base, origins: &[(String, String)]) -> Result<()> {
        if origins.is_empty() {
            return Ok(());
        }
        let predicate = NamedNode::new_unchecked(vocab::ng::ORIGIN);
        let mut tx = self.inner.start_transaction().map_err(|e| self.err(e))?;
        for (id, origin) in origins {
            let g = NamedNode::new_unchecked(base.article(id));
            for q in self.inner.quads_for_pattern(
                Some(g.as_ref().into()),
                Some(predicate.as_ref()),
                None,
                Some(g.as_ref().into()),
            ) {
                tx.remove(&q.map_err(|e| self.err(e))?);
            }
            tx.insert(&Quad::new(
                g.clone(),
                predicate.clone(),
                oxigraph::model::Literal::new_simple_literal(origin),
                g.clone(),
            ));
        }
        tx.commit().map_err(|e| self.err(e))
    }

    /// The entities an article graph mentions.
    fn mentioned_in(&self, article: &NamedNode) -> Result<Vec<NamedNode>> {
        let predicate = NamedNode::new_unchecked(vocab::ng::MENTIONED_IN);
        let mut out = Vec::new();
        for q in self.inner.quads_for_pattern(
            None,
            Some(predicate.as_ref()),
            Some(article.as_ref().into()),
            Some(article.as_ref().into()),
        ) {
            if let oxigraph::model::NamedOrBlankNode::NamedNode(n) =
                q.map_err(|e| self.err(e))?.subject
            {
                out.push(n);
            }
        }
        Ok(out)
    }

    /// Drops the reference descriptions of these entities where no article
    /// mentions them any more, so removing an article leaves the store as
    /// if it had never been built. Runs after the removal's own transaction:
    /// a crash in between leaves a description too many, never one too few.
    fn prune_reference(&self, entities: &[NamedNode]) -> Result<()> {
        if entities.is_empty() {
            return Ok(());
        }
        let predicate = NamedNode::new_unchecked(vocab::ng::MENTIONED_IN);
        let graph = NamedNode::new_unchecked(REFERENCE_GRAPH);
        let mut tx = self.inner.start_transaction().map_err(|e| self.err(e))?;
        for e in entities {
            let still_mentioned = self
                .inner
                .quads_for_pattern(
                    Some(e.as_ref().into()),
                    Some(predicate.as_ref()),
                    None,
                    None,
                )
                .next()
                .is_some();
            if still_mentioned {
                continue;
            }
            for q in self.inner.quads_for_pattern(
                Some(e.as_ref().into()),
                None,
                None,
                Some(graph.as_ref().into()),
            ) {
                tx.remove(&q.map_err(|e| self.err(e))?);
            }
        }
        tx.commit().map_err(|e| self.err(e))
    }

    /// Writes the quads of articles that are not in the store yet with
    /// Oxigraph's bulk loader: much faster than one transaction per article
    /// for large builds. The batch is atomic as a whole (all its articles
    /// or none become visible), so an article is still never half-written;
    /// the caller must only pass articles whose graphs do not exist, since
    /// nothing is cleared first.
    ///
    /// `quads` yields `n_quads` quads; they are handed over as the loader
    /// takes them, so no second copy of a chunk's quads is built.
    pub fn bulk_insert_new_articles(
        &self,
        quads: impl IntoIterator<Item = Quad>,
        n_quads: usize,
        threads: usize,
    ) -> Result<()> {
        let threads = threads.max(1);
        // The loader sorts and writes each batch of quads on its own
        // thread; one batch per thread keeps every core busy. It derives
        // the batch size from its memory limit: 1000 quads per megabyte,
        // shared among the threads.
        let per_thread_thousands = n_quads.div_ceil(threads).div_ceil(1000).max(1);
        let mut loader = self
            .inner
            .bulk_loader()
            .with_num_threads(threads)
            .with_max_memory_size_in_megabytes(per_thread_thousands * threads);
        loader.load_quads(quads).map_err(|e| self.err(e))?;
        loader.commit().map_err(|e| self.err(e))
    }

    /// Every stored article's id with the origin it was read from, in one
    /// scan of the `ng:origin` index.
    pub fn article_origins(&self, base: &Base) -> Result<Vec<(String, String)>> {
        let predicate = NamedNode::new_unchecked(vocab::ng::ORIGIN);
        let prefix = base.article("");
        let mut out = Vec::new();
        for q in self
            .inner
            .quads_for_pattern(None, Some(predicate.as_ref()), None, None)
        {
            let q = q.map_err(|e| self.err(e))?;
            if let (GraphName::NamedNode(g), Term::Literal(origin)) = (&q.graph_name, &q.object)
                && let Some(id) = g.as_str().strip_prefix(&prefix)
            {
                out.push((id.to_string(), origin.value().to_string()));
            }
        }
        Ok(out)
    }

    /// Removes one article's graph. Returns false if it was not there.
    pub fn remove_article(&self, base: &Base, doc_id: &str) -> Result<bool> {
        let g = NamedNode::new_unchecked(base.article(doc_id));
        if !self.has_article(base, doc_id)? {
            return Ok(false);
        }
        let mentioned = self.mentioned_in(&g)?;
        self.inner
            .remove_named_graph(g.as_ref())
            .map_err(|e| self.err(e))?;
        self.prune_reference(&mentioned)?;
        Ok(true)
    }

    /// Every quad of the store, sorted (graph order, then subject...), so
    /// exports are byte-identical for the same content.
    pub fn quads(&self) -> Result<Vec<Quad>> {
        let mut out: Vec<Quad> = self
            .inner
            .iter()
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))?;
        crate::rdf::sort_quads(&mut out);
        Ok(out)
    }

    /// The quads of article graphs and the reference graph (what the
    /// reference data says about the entities they mention), not the
    /// ontology: the content every export writes.
    pub fn article_quads(&self, base: &Base) -> Result<Vec<Quad>> {
        let prefix = base.article("");
        Ok(self
            .quads()?
            .into_iter()
            .filter(|q| {
                matches!(&q.graph_name, GraphName::NamedNode(g)
                    if g.as_str().starts_with(&prefix) || g.as_str() == REFERENCE_GRAPH)
            })
            .collect())
    }

    /// [`Store::article_quads`], or None as soon as there are more than
    /// `limit` of them: what a caller that must stay small (the server's
    /// `/graph.svg`) reads instead, without holding a large store in
    /// memory first.
    pub fn article_quads_at_most(&self, base: &Base, limit: usize) -> Result<Option<Vec<Quad>>> {
        let prefix = base.article("");
        let mut out = Vec::new();
        for q in self.inner.iter() {
            let q = q.map_err(|e| self.err(e))?;
            if matches!(&q.graph_name, GraphName::NamedNode(g)
                if g.as_str().starts_with(&prefix) || g.as_str() == REFERENCE_GRAPH)
            {
                if out.len() == limit {
                    return Ok(None);
                }
                out.push(q);
            }
        }
        crate::rdf::sort_quads(&mut out);
        Ok(Some(out))
    }

    pub fn len(&self) -> Result<usize> {
        self.inner.len().map_err(|e| self.err(e))
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// Article ids in the store, sorted.
    pub fn articles(&self, base: &Base) -> Result<Vec<String>> {
        let prefix = base.article("");
        let mut out: Vec<String> = self
            .inner
            .named_graphs()
            .filter_map(|g| match g {
                Ok(oxigraph::model::NamedOrBlankNode::NamedNode(n)) => {
                    n.as_str().strip_prefix(&prefix).map(str::to_string)
                }
                _ => None,
            })
            .collect();
        out.sort();
        Ok(out)
    }

    /// Runs a SPARQL query over the union of all graphs.
    pub fn query(&self, sparql: &str) -> Result<QueryResults<'static>> {
        self.query_cancellable(sparql, &RequestDataset::default(), CancellationToken::new())
    }

    /// Runs a SPARQL query that stops (with an evaluation error) once the
    /// token is cancelled, so a server can bound the time a query takes.
    /// `dataset` is the one a protocol request names, which replaces the
    /// query's own `FROM` and `FROM NAMED` when it names any graph.
    pub fn query_cancellable(
        &self,
        sparql: &str,
        dataset: &RequestDataset,
        token: CancellationToken,
    ) -> Result<QueryResults<'static>> {
        prepare(sparql, dataset, token)?
            .on_store(&self.inner)
            .execute()
            .map_err(Error::query_failed)
    }

    /// Runs a query to its last answer and returns Oxigraph's plan for it
    /// as JSON, each step with the rows it gave and the time it took: what
    /// to look at when a query on a large store is slow.
    pub fn explain(&self, sparql: &str) -> Result<String> {
        let (results, explanation) =
            prepare(sparql, &RequestDataset::default(), CancellationToken::new())?
                .on_store(&self.inner)
                .compute_statistics()
                .explain();
        match results.map_err(Error::query_failed)? {
            QueryResults::Solutions(rows) => {
                for row in rows {
                    row.map_err(Error::query_failed)?;
                }
            }
            QueryResults::Graph(triples) => {
                for t in triples {
                    t.map_err(Error::query_failed)?;
                }
            }
            QueryResults::Boolean(_) => {}
        }
        let mut json = Vec::new();
        explanation
            .write_in_json(&mut json)
            .map_err(Error::query_failed)?;
        Ok(String::from_utf8_lossy(&json).into_owned())
    }

    /// The meetings already in the store, for merging new reports into them.
    ///
    /// Read straight from the quad index, one meeting at a time: a SPARQL
    /// join of status, date, participants and places over the union graph
    /// multiplies the copies of a meeting that many articles report (one per
    /// article graph), which made incremental builds hang once a meeting was
    /// merged across a few hundred articles.
    pub fn meetings(&self, base: &Base) -> Result<Vec<MeetingSig>> {
        let node = |iri: &str| NamedNode::new_unchecked(iri);
        let (rdf_type, meeting, call) = (
            node(vocab::rdf::TYPE),
            node(vocab::ng::MEETING),
            node(vocab::ng::PHONE_CALL),
        );
        let (status, date, participant, location) = (
            node(vocab::ng::STATUS),
            node(vocab::ng::DATE),
            node(vocab::ng::PARTICIPANT),
            node(vocab::ng::LOCATION),
        );
        let mut subjects: std::collections::BTreeSet<NamedNode> = Default::default();
        for q in self.inner.quads_for_pattern(
            None,
            Some(rdf_type.as_ref()),
            Some(meeting.as_ref().into()),
            None,
        ) {
            if let oxigraph::model::NamedOrBlankNode::NamedNode(m) =
                q.map_err(|e| self.err(e))?.subject
            {
                subjects.insert(m);
            }
        }
        let mut sigs = Vec::new();
        for m in subjects {
            let Some(key) = base.key(m.as_str()) else {
                continue;
            };
            let mut sig = MeetingSig {
                key: key.to_string(),
                call: false,
                status: None,
                date: None,
                participants: Default::default(),
                locations: Default::default(),
                when: None,
            };
            for q in self
                .inner
                .quads_for_pattern(Some(m.as_ref().into()), None, None, None)
            {
                let q = q.map_err(|e| self.err(e))?;
                match (&q.predicate, &q.object) {
                    (p, Term::NamedNode(o)) if *p == rdf_type && *o == call => sig.call = true,
                    (p, Term::Literal(l)) if *p == status => {
                        sig.status = sig.status.or(Status::from_name(l.value()));
                    }
                    (p, Term::Literal(l)) if *p == date => {
                        sig.date = sig.date.or(PartialDate::parse(l.value()));
                    }
                    (p, Term::NamedNode(o)) if *p == participant || *p == location => {
                        if let Some(k) = base.key(o.as_str()) {
                            if *p == participant {
                                sig.participants.insert(k.to_string());
                            } else {
                                sig.locations.insert(k.to_string());
                            }
                        }
                    }
                    _ => {}
                }
            }
            sigs.push(sig);
        }
        Ok(sigs)
    }

    /// Runs a SPARQL update (the project prefixes predeclared).
    pub fn update(&self, sparql: &str) -> Result<()> {
        let mut evaluator = SparqlEvaluator::new();
        for (prefix, iri) in vocab::PREFIXES {
            evaluator = evaluator
                .with_prefix(prefix, iri)
                .map_err(|e| Error::Query(e.to_string()))?;
        }
        check_sparql_shape(sparql, "update")?;
        let prepared = evaluator
            .parse_update(sparql)
            .map_err(|e| Error::Query(format!("invalid update: {e}")))?;
        prepared
            .on_store(&self.inner)
            .execute()
            .map_err(|e| self.err(format!("update failed: {e}")))?;
        self.refresh_summary()
    }

    /// The triples of one named graph, as quads in that graph, sorted.
    pub fn graph_quads(&self, graph: &NamedNode) -> Result<Vec<Quad>> {
        let mut out: Vec<Quad> = self
            .inner
            .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))?;
        crate::rdf::sort_quads(&mut out);
        Ok(out)
    }

    /// True when the store holds this named graph.
    pub fn has_graph(&self, graph: &NamedNode) -> Result<bool> {
        self.inner
            .contains_named_graph(graph.as_ref())
            .map_err(|e| self.err(e))
    }

    /// Replaces a named graph with the triples of an RDF document in one
    /// transaction (the Graph Store Protocol's PUT). Returns true when the
    /// graph did not exist before. Bad RDF leaves the store untouched.
    pub fn put_graph(&self, graph: &NamedNode, format: RdfFormat, body: &[u8]) -> Result<bool> {
        let quads: Vec<Quad> = RdfParser::from_format(format)
            .without_named_graphs()
            .with_default_graph(graph.clone())
            .for_slice(body)
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| Error::Query(format!("invalid RDF: {e}")))?;
        let created = !self.has_graph(graph)?;
        let mut tx = self.inner.start_transaction().map_err(|e| self.err(e))?;
        tx.clear_graph(graph.as_ref()).map_err(|e| self.err(e))?;
        tx.insert_named_graph(graph.as_ref());
        tx.extend(quads.iter());
        tx.commit().map_err(|e| self.err(e))?;
        self.refresh_summary()?;
        Ok(created)
    }

    /// Recomputes the summary graph ([`SUMMARY_GRAPH`]): every participant's
    /// number of distinct meetings as `ng:meetingCount`, so that "the most
    /// met leaders" is a sort over a few thousand values rather than an
    /// aggregate over every participation in the store. Replaced in one
    /// transaction; the tool's own writes (`build`, `remove`, the server's
    /// updates) call it, so it is stale only after changes made around it.
    pub fn refresh_summary(&self) -> Result<()> {
        let sparql = format!(
            "SELECT ?agent (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m <{}> ?agent }} GROUP BY ?agent",
            vocab::ng::PARTICIPANT
        );
        let graph = NamedNode::new_unchecked(SUMMARY_GRAPH);
        let count = NamedNode::new_unchecked(vocab::ng::MEETING_COUNT);
        let mut quads = Vec::new();
        if let QueryResults::Solutions(rows) = self.query(&sparql)? {
            for row in rows {
                let row = row.map_err(Error::query_failed)?;
                if let (Some(Term::NamedNode(agent)), Some(Term::Literal(n))) =
                    (row.get("agent"), row.get("n"))
                {
                    quads.push(Quad::new(
                        agent.clone(),
                        count.clone(),
                        n.clone(),
                        graph.clone(),
                    ));
                }
            }
        }
        let mut tx = self.inner.start_transaction().map_err(|e| self.err(e))?;
        tx.remove_named_graph(graph.as_ref())
            .map_err(|e| self.err(e))?;
        if !quads.is_empty() {
            tx.insert_named_graph(graph.as_ref());
            tx.extend(quads.iter());
        }
        tx.commit().map_err(|e| self.err(e))
    }

    /// Removes a named graph. Returns false if it was not there.
    pub fn delete_graph(&self, graph: &NamedNode) -> Result<bool> {
        if !self.has_graph(graph)? {
            return Ok(false);
        }
        self.inner
            .remove_named_graph(graph.as_ref())
            .map_err(|e| self.err(e))?;
        self.refresh_summary()?;
        Ok(true)
    }

    /// Compacts the store's files (RocksDB's full compaction), so that
    /// reads look in one sorted run per index instead of in every file the
    /// bulk loads added. Worth it after a large build; a no-op for
    /// in-memory stores.
    pub fn optimize(&self) -> Result<()> {
        #[cfg(feature = "rocksdb")]
        self.inner.optimize().map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Makes written data durable (a no-op for in-memory stores).
    pub fn flush(&self) -> Result<()> {
        #[cfg(feature = "rocksdb")]
        self.inner.flush().map_err(|e| self.err(e))?;
        Ok(())
    }
}

/// The deepest nesting of `{`, `(` and `[` a query or update may have.
/// Parsing and evaluation recurse once or more per level; far deeper
/// nesting (thousands of braces in a few kilobytes) overflowed the stack
/// and ended the whole process. Real queries rarely go past ten.
pub const MAX_QUERY_NESTING: usize = 64;

/// The largest query or update text parsed, in bytes. Chains of
/// operators (`UNION`, `OPTIONAL`, `/`, `+`, ...) nest without brackets,
/// one level per operator; this bound keeps them within the stack that
/// [`QUERY_STACK_BYTES`] gives.
pub const MAX_QUERY_BYTES: usize = 256 * 1024;

/// The stack of a thread that parses and evaluates SPARQL: enough for the
/// longest chain of operators a query of [`MAX_QUERY_BYTES`] can write.
/// Only the pages used are ever committed.
pub const QUERY_STACK_BYTES: usize = 512 * 1024 * 1024;

/// Runs `work` on a thread of its own with a [`QUERY_STACK_BYTES`] stack
/// and waits for it: parsing and evaluating SPARQL recurse over the
/// query's structure. A panic in `work` comes back as an error naming it,
/// rather than ending the caller's thread.
/// The store's lock file, created when missing.
#[cfg(feature = "rocksdb")]
fn lock_file(path: &Path) -> Result<std::fs::File> {
    let file = path.join(LOCK_FILE);
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&file)
        .map_err(|e| Error::Store {
            path: path.to_path_buf(),
            message: format!("cannot open the lock file {}: {e}", file.display()),
        })
}

pub fn on_query_stack<T: Send, E: From<Error> + Send>(
    work: impl FnOnce() -> Result<T, E> + Send,
) -> Result<T, E> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("newsgraph query".into())
            .stack_size(QUERY_STACK_BYTES)
            .spawn_scoped(scope, work)
            .map_err(|e| Error::query_failed(format!("cannot start the query thread: {e}")))?;
        handle.join().unwrap_or_else(|panic| {
            Err(
                Error::query_failed(format!("internal error: {}", panic_message(panic.as_ref())))
                    .into(),
            )
        })
    })
}

/// The message a panic carried, if it is text.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
}

/// Checks a SPARQL text against [`MAX_QUERY_BYTES`] and
/// [`MAX_QUERY_NESTING`] before it is parsed: brackets are counted outside
/// strings, IRIs and comments, and the error names where the limit was
/// passed. `what` is "query" or "update".
pub fn check_sparql_shape(sparql: &str, what: &str) -> Result<()> {
    if sparql.len() > MAX_QUERY_BYTES {
        return Err(Error::Query(format!(
            "invalid {what}: {} bytes long, newsgraph parses at most {MAX_QUERY_BYTES}",
            sparql.len()
        )));
    }
    let bytes = sparql.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
            }
            quote @ (b'"' | b'\'') => i = string_end(bytes, i, quote),
            b'<' => i = iri_end(bytes, i).unwrap_or(i + 1),
            b'{' | b'(' | b'[' => {
                depth += 1;
                if depth > MAX_QUERY_NESTING {
                    let before = &sparql[..i];
                    let line = before.matches('\n').count() + 1;
                    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                    return Err(Error::Query(format!(
                        "invalid {what}: brackets nested more than {MAX_QUERY_NESTING} deep at line {line}, column {column} (newsgraph accepts at most {MAX_QUERY_NESTING} levels of {{, ( and [)"
                    )));
                }
                i += 1;
            }
            b'}' | b')' | b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// The index after the string literal that opens at `start` (short or
/// long form, with backslash escapes); the end of the text if it never
/// closes, which the parser then reports.
fn string_end(bytes: &[u8], start: usize, quote: u8) -> usize {
    let long = bytes.get(start + 1) == Some(&quote) && bytes.get(start + 2) == Some(&quote);
    let mut i = if long { start + 3 } else { start + 1 };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote && !long => return i + 1,
            b if b == quote
                && bytes.get(i + 1) == Some(&quote)
                && bytes.get(i + 2) == Some(&quote) =>
            {
                return i + 3;
            }
            b'\n' if !long => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The index after the IRI that opens at `start`, or None when this `<`
/// is the less-than operator: an IRI holds no spaces, quotes or brackets.
fn iri_end(bytes: &[u8], start: usize) -> Option<usize> {
    for (n, b) in bytes[start + 1..].iter().enumerate() {
        match b {
            b'>' => return Some(start + n + 2),
            b'<' | b'"' | b'{' | b'}' | b'|' | b'^' | b'`' | b'\\' | 0..=b' ' => return None,
            _ => {}
        }
    }
    None
}

/// The graphs a SPARQL Protocol request names with `default-graph-uri`
/// (merged into the default graph) and `named-graph-uri` (the graphs
/// `GRAPH` may match).
#[derive(Debug, Clone, Default)]
pub struct RequestDataset {
    pub default_graphs: Vec<NamedNode>,
    pub named_graphs: Vec<NamedNode>,
}

impl RequestDataset {
    pub fn is_empty(&self) -> bool {
        self.default_graphs.is_empty() && self.named_graphs.is_empty()
    }
}

/// A query parsed with the project prefixes. Its dataset is, as SPARQL 1.1
/// says, the one the request names if it names any, else the query's
/// `FROM` and `FROM NAMED`; a query that names none reads the union of all
/// graphs as its default graph, and every graph by name.
fn prepare(
    sparql: &str,
    request: &RequestDataset,
    token: CancellationToken,
) -> Result<oxigraph::sparql::PreparedSparqlQuery> {
    check_sparql_shape(sparql, "query")?;
    let mut evaluator = SparqlEvaluator::new().with_cancellation_token(token);
    for (prefix, iri) in vocab::PREFIXES {
        evaluator = evaluator
            .with_prefix(prefix, iri)
            .map_err(|e| Error::Query(e.to_string()))?;
    }
    let mut prepared = evaluator
        .parse_query(sparql)
        .map_err(|e| Error::Query(format!("invalid query: {e}")))?;
    let dataset = prepared.dataset_mut();
    if !request.is_empty() {
        dataset.set_default_graph(
            request
                .default_graphs
                .iter()
                .cloned()
                .map(GraphName::from)
                .collect(),
        );
        dataset.set_available_named_graphs(
            request
                .named_graphs
                .iter()
                .cloned()
                .map(NamedOrBlankNode::from)
                .collect(),
        );
    } else if dataset.is_default_dataset() {
        dataset.set_default_graph_as_union();
    }
    Ok(prepared)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(store: &Store) -> Vec<(String, String)> {
        let graph = NamedNode::new_unchecked(SUMMARY_GRAPH);
        store
            .graph_quads(&graph)
            .unwrap()
            .into_iter()
            .map(|q| (q.subject.to_string(), q.object.to_string()))
            .collect()
    }

    fn check_shape(sparql: &str) -> std::result::Result<(), String> {
        check_sparql_shape(sparql, "query").map_err(|e| e.to_string())
    }

    #[test]
    fn nesting_is_counted_outside_strings_iris_and_comments() {
        let nested = |n: usize| format!("ASK {}{}", "{ ".repeat(n), "} ".repeat(n));
        assert_eq!(check_shape(&nested(MAX_QUERY_NESTING)), Ok(()));
        let err = check_shape(&nested(MAX_QUERY_NESTING + 1)).unwrap_err();
        assert!(
            err.starts_with(
                "invalid query: brackets nested more than 64 deep at line 1, column 133"
            ),
            "{err}"
        );
        let err = check_shape(&format!(
            "SELECT *\nWHERE {{ FILTER({}1{}) }}",
            "(".repeat(70),
            ")".repeat(70)
        ))
        .unwrap_err();
        assert!(err.contains("at line 2, column 78"), "{err}");
        // Brackets in strings, IRIs and comments are not nesting; `<` as
        // less-than does not open an IRI.
        let quiet = |open: &str| {
            format!(
                "SELECT * WHERE {{ ?s ?p \"{open}\" , '{open}' , \"\"\"{open}\n\"\"\" , '\\'{open}' . # {open}\n ?s <http://x.example/{{{{> ?o FILTER(?o < 3 && ?o > 1) }}"
            )
        };
        assert_eq!(check_shape(&quiet(&"{([".repeat(100))), Ok(()));
        let err = check_shape(&"[".repeat(65)).unwrap_err();
        assert!(err.contains("column 65"), "{err}");
        let long = format!(
            "ASK {{ {} }}",
            "?s ?p ?o . ".repeat(MAX_QUERY_BYTES / 11 + 1)
        );
        assert!(check_shape(&long).unwrap_err().contains("bytes long"));
    }

    #[test]
    fn every_write_recomputes_the_meeting_counts() {
        let store = Store::memory().unwrap();
        store
            .update(
                "INSERT DATA { GRAPH <https://example.org/a> { \
                 <https://example.org/m1> ng:participant <https://example.org/x> , <https://example.org/y> . \
                 <https://example.org/m2> ng:participant <https://example.org/x> } \
                 GRAPH <https://example.org/b> { <https://example.org/m1> ng:participant <https://example.org/x> } }",
            )
            .unwrap();
        let integer = |n: u32| format!("\"{n}\"^^<http://www.w3.org/2001/XMLSchema#integer>");
        assert_eq!(
            counts(&store),
            [
                ("<https://example.org/x>".to_string(), integer(2)),
                ("<https://example.org/y>".to_string(), integer(1)),
            ]
        );
        store
            .delete_graph(&NamedNode::new_unchecked("https://example.org/a"))
            .unwrap();
        assert_eq!(
            counts(&store),
            [("<https://example.org/x>".to_string(), integer(1))]
        );
        store
            .put_graph(
                &NamedNode::new_unchecked("https://example.org/b"),
                RdfFormat::NTriples,
                b"",
            )
            .unwrap();
        assert!(counts(&store).is_empty());
        assert!(
            !store
                .has_graph(&NamedNode::new_unchecked(SUMMARY_GRAPH))
                .unwrap()
        );
    }
}

//! newsgraph turns news articles into a knowledge graph of leaders, nations,
//! organisations, places and meetings, with the sentence behind every edge.
//!
//! The pipeline: [`read`] -> [`segment`] -> [`recognize`] -> [`resolve`] ->
//! [`relate`] give an [`Extraction`] per article; [`merge`] unifies meetings
//! across articles; [`rdf`] turns extractions into quads, one named graph per
//! article; [`store`] keeps them in Oxigraph; [`graph`] and [`export`] write
//! RDF, DOT, JSON, GraphML and CSV; [`stats`] measures the graph; [`serve`]
//! answers SPARQL over HTTP and [`push`] copies article graphs to another
//! SPARQL store; [`eval`] scores against gold annotations.
//!
//! ```
//! use newsgraph::{extract, lexicon::Lexicon, model::{Document, Relation}};
//!
//! let lexicon = Lexicon::builtin().unwrap();
//! let doc = Document::new("example.txt", "French President Emmanuel Macron met German Chancellor Friedrich Merz in Berlin.");
//! let x = extract(&doc, &lexicon);
//! assert!(x.edges.iter().any(|e| e.relation == Relation::MetWith));
//! ```

pub mod build;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod export;
pub mod graph;
pub mod lexicon;
pub mod merge;
pub mod model;
pub mod push;
pub mod rdf;
pub mod read;
pub mod recognize;
pub mod relate;
pub mod resolve;
pub mod segment;
pub mod serve;
pub mod stats;
pub mod store;
pub mod vocab;

pub use error::{Error, Result};
pub use model::Extraction;

use model::{Document, Node, NodeKind};

/// Runs the extractor on one article. Pure: no I/O, never fails; an article
/// with nothing to find gives an empty extraction.
pub fn extract(doc: &Document, lexicon: &lexicon::Lexicon) -> Extraction {
    let text = doc.text.as_str();
    let sentences = segment::sentences(text);
    let (mentions, tokens) = recognize::recognize(text, &sentences, lexicon);
    let resolution = resolve::resolve(text, &mentions, lexicon);
    let related = relate::relate(doc, &sentences, &tokens, &mentions, &resolution, lexicon);
    // relate is done with the entities: their strings move into the nodes.
    let mut nodes: Vec<Node> = Vec::with_capacity(resolution.entities.len() + related.nodes.len());
    for e in resolution.entities {
        let mut n = Node::with_aliases(e.key, e.kind, e.label, e.aliases);
        n.wikidata = e.wikidata;
        if e.kind == NodeKind::Leader {
            n.role = e.role;
        }
        nodes.push(n);
    }
    nodes.extend(related.nodes);
    let mut edges = related.edges;
    // Edge's order covers every field, so equal edges are identical and an
    // unstable sort gives the same result as a stable one.
    edges.sort_unstable();
    edges.dedup();
    let mut diagnostics = Vec::new();
    if doc.date.is_none() {
        diagnostics.push("no article date: relative dates left unresolved".to_string());
    }
    Extraction {
        doc: doc.clone(),
        nodes,
        edges,
        diagnostics,
    }
}

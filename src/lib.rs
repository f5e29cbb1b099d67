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

pub mod budget;
pub mod build;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod export;
pub mod graph;
pub mod lexicon;
pub mod merge;
pub mod model;
pub mod parse;
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
    let resolution = resolve::resolve(text, &mentions, lexicon, doc.date);
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
    dedup_edges(&mut edges);
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

/// Drops repeated edges (two rules, or one rule twice, reading the same
/// fact from one sentence), keeping the first of each in the order the
/// rules found them. That order is deterministic, and every export sorts
/// what it writes, so sorting the edges here would only cost time: the
/// comparisons of their keys and sentences were a thirtieth of an
/// extraction pass.
pub(crate) fn dedup_edges(edges: &mut Vec<model::Edge>) {
    let n = edges.len();
    if n < 2 {
        return;
    }
    // A digest of each edge rather than all its text (each string's length
    // and two of its bytes): keys share long prefixes ("person/"), and the
    // sentence's start tells it apart within an article. Equal edges have
    // equal digests; the rest are told apart by comparing the edges.
    let mix = |h: u64, x: u64| (h ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
    let part = |h: u64, s: &str| {
        let b = s.as_bytes();
        let bytes = u64::from(b.last().copied().unwrap_or(0)) << 8
            | u64::from(b.get(b.len() / 2).copied().unwrap_or(0));
        mix(mix(h, b.len() as u64), bytes)
    };
    let digest = |e: &model::Edge| {
        let h = part(e.relation as u64, &e.source);
        let h = part(h, &e.target);
        let h = part(h, &e.evidence.rule);
        mix(h, e.evidence.start as u64)
    };
    // Open addressing over a table at most half full: the index of the
    // first edge of each digest chain.
    let size = (2 * n).next_power_of_two();
    let mut slots = vec![usize::MAX; size];
    let mut keep = vec![true; n];
    for i in 0..n {
        let mut at = (digest(&edges[i]) as usize) & (size - 1);
        loop {
            match slots[at] {
                usize::MAX => {
                    slots[at] = i;
                    break;
                }
                j if edges[j] == edges[i] => {
                    keep[i] = false;
                    break;
                }
                _ => at = (at + 1) & (size - 1),
            }
        }
    }
    let mut keep = keep.into_iter();
    edges.retain(|_| keep.next().unwrap_or(false));
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::model::{Edge, Evidence, Relation};

    fn edge(source: &str, target: &str, start: usize, rule: &str) -> Edge {
        Edge {
            source: source.into(),
            relation: Relation::MetWith,
            target: target.into(),
            evidence: Evidence {
                sentence: Arc::from("A met B."),
                start,
                end: start + 8,
                rule: rule.into(),
            },
        }
    }

    #[test]
    fn repeated_edges_are_dropped_and_the_first_of_each_kept_in_order() {
        // Many edges whose digests collide (same lengths and bytes where the
        // digest looks), and each repeated once, later.
        let mut edges: Vec<Edge> = (0..200)
            .map(|i| edge(&format!("person/a{:03}x", i), "person/b", i % 7, "met"))
            .collect();
        let firsts = edges.clone();
        edges.extend(firsts.iter().rev().cloned());
        edges.push(edge("person/a000x", "person/b", 0, "other-rule"));
        super::dedup_edges(&mut edges);
        assert_eq!(edges.len(), 201);
        assert_eq!(edges[..200], firsts[..]);
        assert_eq!(&*edges[200].evidence.rule, "other-rule");
    }
}

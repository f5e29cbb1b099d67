//! Extractions -> RDF quads. Each article is a named graph holding its
//! ng:Article description, the nodes and edges read from it, and the
//! evidence: one ng:Evidence node per edge occurrence (a reified statement
//! naming the rule and the sentence) and one ng:Sentence node per sentence
//! that states a fact (its text and character offsets), shared by every
//! edge read from it. Sharing the sentence keeps the store about a sixth
//! smaller than repeating the text on each edge, and the build is bound by
//! the number of quads it writes.

use std::collections::HashSet;

use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use crate::lexicon::{Entry, Lexicon};
use crate::model::{Extraction, Node, NodeKind, PartialDate};
use crate::vocab::{self, Base};

/// The named graph of the ontology inside the store.
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/newsgraph/ontology";

/// The named graph of what the reference data says about the entities the
/// articles mention: class, label, Wikidata id and office. Article graphs
/// repeat none of it, only what the article itself says (the mention, the
/// names it used, a different office). Describing Donald Trump once rather
/// than in every article keeps the store smaller and keeps a union-graph
/// pattern such as `?x a ng:Leader` from matching once per article, which
/// made joins on it grow with the square of the corpus.
pub const REFERENCE_GRAPH: &str = "https://w3id.org/newsgraph/reference";

/// The graph of derived figures (each participant's `ng:meetingCount`),
/// recomputed from the article graphs after every change; never exported,
/// since the article graphs determine it.
pub const SUMMARY_GRAPH: &str = "https://w3id.org/newsgraph/summary";

struct Writer<'a> {
    graph: GraphName,
    out: &'a mut Vec<Quad>,
}

impl Writer<'_> {
    fn add(&mut self, s: &NamedNode, p: &str, o: impl Into<Term>) {
        self.out.push(Quad::new(
            NamedOrBlankNode::NamedNode(s.clone()),
            NamedNode::new_unchecked(p),
            o.into(),
            self.graph.clone(),
        ));
    }
}

/// Turns a resource key into an IRI, percent-encoding what an IRI may not hold.
pub fn resource(base: &Base, key: &str) -> NamedNode {
    let mut iri = String::with_capacity(base.as_str().len() + key.len());
    iri.push_str(base.as_str());
    for c in key.chars() {
        if c.is_ascii_alphanumeric() || "-._~/".contains(c) {
            iri.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                iri.push_str(&format!("%{b:02X}"));
            }
        }
    }
    NamedNode::new_unchecked(iri)
}

/// Strips characters RDF literals may hold but some tools choke on (NUL and
/// other C0 controls but tab and newline).
/// The `ng:origin` text recorded for a document's origin.
pub fn origin_text(origin: &str) -> String {
    clean(origin)
}

fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

/// The reference entry that describes this node, if the reference data
/// knows it with the same class.
fn reference_entry<'a>(node: &Node, lexicon: &'a Lexicon) -> Option<&'a Entry> {
    lexicon
        .entry(&node.key)
        .filter(|e| e.kind == Some(node.kind))
}

/// What describes an entity: class, label, Wikidata id and office. The
/// reference graph holds the reference data's; an article graph holds only
/// what differs from it.
struct Description<'a> {
    kind: NodeKind,
    label: &'a str,
    wikidata: Option<&'a str>,
    role: Option<&'a str>,
}

impl<'a> Description<'a> {
    fn of_node(node: &'a Node) -> Description<'a> {
        Description {
            kind: node.kind,
            label: &node.label,
            wikidata: node.wikidata.as_deref(),
            role: node.role.as_deref(),
        }
    }

    /// Only for an entry with a class (see [`reference_entry`]).
    fn of_entry(entry: &'a Entry) -> Description<'a> {
        Description {
            kind: entry.kind.unwrap_or(NodeKind::Person),
            label: &entry.label,
            wikidata: entry.wikidata.as_deref(),
            role: entry.role.as_deref(),
        }
    }

    /// Writes each field that `known` (the reference description, if any)
    /// does not already say.
    fn write(&self, w: &mut Writer, s: &NamedNode, known: Option<&Description>) {
        if known.is_none_or(|k| k.kind != self.kind) {
            w.add(
                s,
                vocab::rdf::TYPE,
                NamedNode::new_unchecked(vocab::class(self.kind)),
            );
        }
        if known.is_none_or(|k| k.label != self.label) {
            w.add(
                s,
                vocab::rdfs::LABEL,
                Literal::new_simple_literal(clean(self.label)),
            );
        }
        if let Some(q) = self.wikidata
            && known.is_none_or(|k| k.wikidata != Some(q))
        {
            w.add(
                s,
                vocab::owl::SAME_AS,
                NamedNode::new_unchecked(format!("{}{q}", vocab::WIKIDATA)),
            );
        }
        if let Some(r) = self.role
            && known.is_none_or(|k| k.role != Some(r))
        {
            w.add(s, vocab::ng::ROLE, Literal::new_simple_literal(clean(r)));
        }
    }
}

/// The quads of one article's graph. Nodes the reference data describes
/// get only what the article adds to it (see [`REFERENCE_GRAPH`]); pair
/// them with [`reference_quads`] for a self-contained export.
pub fn quads(extraction: &Extraction, base: &Base, lexicon: &Lexicon) -> Vec<Quad> {
    let mut out = Vec::new();
    let doc = &extraction.doc;
    let article = NamedNode::new_unchecked(base.article(&doc.id));
    let mut w = Writer {
        graph: GraphName::NamedNode(article.clone()),
        out: &mut out,
    };
    w.add(
        &article,
        vocab::rdf::TYPE,
        NamedNode::new_unchecked(vocab::ng::ARTICLE),
    );
    w.add(
        &article,
        vocab::ng::CONTENT_HASH,
        Literal::new_simple_literal(&doc.id),
    );
    w.add(
        &article,
        vocab::ng::ORIGIN,
        Literal::new_simple_literal(origin_text(&doc.origin)),
    );
    if let Some(t) = &doc.title {
        w.add(
            &article,
            vocab::schema::HEADLINE,
            Literal::new_simple_literal(clean(t)),
        );
    }
    if let Some(u) = &doc.url
        && let Ok(n) = NamedNode::new(u)
    {
        w.add(&article, vocab::schema::URL, n);
    }
    if let Some(d) = &doc.date {
        w.add(&article, vocab::schema::DATE_PUBLISHED, date_literal(d));
    }
    for node in &extraction.nodes {
        let s = resource(base, &node.key);
        let reference = reference_entry(node, lexicon).map(Description::of_entry);
        Description::of_node(node).write(&mut w, &s, reference.as_ref());
        if node.kind == NodeKind::PhoneCall {
            w.add(
                &s,
                vocab::rdf::TYPE,
                NamedNode::new_unchecked(vocab::class(NodeKind::Meeting)),
            );
        }
        for a in node.aliases.iter().filter(|a| **a != node.label) {
            w.add(
                &s,
                vocab::skos::ALT_LABEL,
                Literal::new_simple_literal(clean(a)),
            );
        }
        if let Some(d) = &node.date {
            w.add(&s, vocab::ng::DATE, date_literal(d));
            // The month as a value of its own, so that "meetings in a month"
            // is one index lookup (a range filter on ng:date reads every
            // date) and finds the meetings dated to the month only.
            if let Some(month) = d.month {
                let ym = PartialDate {
                    year: d.year,
                    month: Some(month),
                    day: None,
                };
                w.add(&s, vocab::ng::MONTH, date_literal(&ym));
            }
        }
        if let Some(st) = node.status {
            w.add(
                &s,
                vocab::ng::STATUS,
                Literal::new_simple_literal(st.name()),
            );
        }
        if let Some(q) = &node.quote {
            w.add(&s, vocab::ng::QUOTE, Literal::new_simple_literal(clean(q)));
        }
        w.add(&s, vocab::ng::MENTIONED_IN, article.clone());
    }
    let mut sentences_written: HashSet<usize> = HashSet::new();
    for edge in &extraction.edges {
        let s = resource(base, &edge.source);
        let o = resource(base, &edge.target);
        let p = vocab::relation(edge.relation);
        w.add(&s, &p, o.clone());
        let ev = &edge.evidence;
        let sentence = resource(base, &format!("sentence/{}-{}", doc.id, ev.start));
        if sentences_written.insert(ev.start) {
            w.add(
                &sentence,
                vocab::rdf::TYPE,
                NamedNode::new_unchecked(vocab::ng::SENTENCE_CLASS),
            );
            w.add(
                &sentence,
                vocab::ng::TEXT,
                Literal::new_simple_literal(clean(&ev.sentence)),
            );
            w.add(&sentence, vocab::ng::START, Literal::from(ev.start as i64));
            w.add(&sentence, vocab::ng::END, Literal::from(ev.end as i64));
            w.add(&sentence, vocab::prov::WAS_DERIVED_FROM, article.clone());
        }
        let id = blake3::hash(
            format!(
                "{}\n{}\n{}\n{}\n{}\n{}",
                doc.id, edge.source, p, edge.target, ev.start, ev.rule
            )
            .as_bytes(),
        );
        // The reified edge carries no rdf:type quad: rdf:subject and ng:rule
        // identify it, and ng:rule's domain makes it an ng:Evidence.
        let e = resource(base, &format!("evidence/{}", &id.to_hex()[..20]));
        w.add(&e, vocab::rdf::SUBJECT, s);
        w.add(&e, vocab::rdf::PREDICATE, NamedNode::new_unchecked(p));
        w.add(&e, vocab::rdf::OBJECT, o);
        w.add(&e, vocab::ng::RULE, Literal::new_simple_literal(&*ev.rule));
        w.add(&e, vocab::ng::SENTENCE, sentence);
    }
    sort_quads(&mut out);
    out
}

/// The reference graph's description of every entity these articles
/// mention that the reference data knows, sorted and without duplicates.
pub fn reference_quads<'a>(
    extractions: impl IntoIterator<Item = &'a Extraction>,
    base: &Base,
    lexicon: &Lexicon,
) -> Vec<Quad> {
    let mut out = Vec::new();
    let mut w = Writer {
        graph: GraphName::NamedNode(NamedNode::new_unchecked(REFERENCE_GRAPH)),
        out: &mut out,
    };
    let mut done: HashSet<&str> = HashSet::new();
    let mut with_terms: HashSet<&str> = HashSet::new();
    for x in extractions {
        for node in &x.nodes {
            let Some(entry) = reference_entry(node, lexicon) else {
                continue;
            };
            if !done.insert(&entry.key) {
                continue;
            }
            let s = resource(base, &entry.key);
            Description::of_entry(entry).write(&mut w, &s, None);
        }
        // The terms of office of the people the article names, whatever
        // office they held on its date.
        for node in &x.nodes {
            if let Some(entry) = lexicon.entry(&node.key)
                && !entry.terms.is_empty()
                && with_terms.insert(&node.key)
            {
                write_terms(&mut w, base, lexicon, entry);
            }
        }
    }
    sort_quads(&mut out);
    out
}

/// `entry`'s terms of office as `ng:Term` nodes.
fn write_terms(w: &mut Writer, base: &Base, lexicon: &Lexicon, entry: &Entry) {
    let holder = resource(base, &entry.key);
    for &t in &entry.terms {
        let term = &lexicon.terms[t];
        let office = &lexicon.offices[term.office];
        let start = term.start.map(|d| d.to_string()).unwrap_or_default();
        let key = format!(
            "term/{}/{}/{}/{start}",
            entry.key.trim_start_matches("person/"),
            office.key.trim_start_matches("office/"),
            term.serves.replace('/', "-"),
        );
        let s = resource(base, &key);
        w.add(
            &s,
            vocab::rdf::TYPE,
            NamedNode::new_unchecked(vocab::ng::TERM),
        );
        w.add(&s, vocab::ng::HOLDER, holder.clone());
        w.add(&s, vocab::ng::TERM_OFFICE, resource(base, &office.key));
        w.add(&s, vocab::ng::SERVES, resource(base, &term.serves));
        w.add(
            &s,
            vocab::rdfs::LABEL,
            Literal::new_simple_literal(format!("{}, {}", entry.label, office.label)),
        );
        for (p, d) in [("startDate", term.start), ("endDate", term.end)] {
            if let Some(d) = d {
                w.add(&s, &format!("{}{p}", vocab::SCHEMA), date_literal(&d));
            }
        }
    }
}

/// Sorts quads by their N-Quads text and drops duplicates: the order every
/// export uses, so the same content always serialises the same way.
pub fn sort_quads(quads: &mut Vec<Quad>) {
    quads.sort_unstable_by(|a, b| quad_key(a).cmp(&quad_key(b)));
    quads.dedup();
}

/// A total order over quads by the text of their terms (graph, subject,
/// predicate, object), without formatting them.
fn quad_key(q: &Quad) -> (&str, &str, &str, (u8, &str, &str, &str)) {
    let graph = match &q.graph_name {
        GraphName::NamedNode(n) => n.as_str(),
        GraphName::BlankNode(b) => b.as_str(),
        GraphName::DefaultGraph => "",
    };
    let subject = match &q.subject {
        NamedOrBlankNode::NamedNode(n) => n.as_str(),
        NamedOrBlankNode::BlankNode(b) => b.as_str(),
    };
    let object = match &q.object {
        Term::NamedNode(n) => (0, n.as_str(), "", ""),
        Term::BlankNode(b) => (1, b.as_str(), "", ""),
        Term::Literal(l) => (
            2,
            l.value(),
            l.datatype().as_str(),
            l.language().unwrap_or(""),
        ),
        #[allow(unreachable_patterns)]
        _ => (3, "", "", ""),
    };
    (graph, subject, q.predicate.as_str(), object)
}

pub fn date_literal(d: &crate::model::PartialDate) -> Literal {
    Literal::new_typed_literal(
        d.to_string(),
        NamedNode::new_unchecked(vocab::xsd(d.xsd_type())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Graph;

    fn graph_of(q: &Quad) -> &str {
        match &q.graph_name {
            GraphName::NamedNode(n) => n.as_str(),
            _ => "",
        }
    }

    fn subject_of(q: &Quad) -> &str {
        match &q.subject {
            NamedOrBlankNode::NamedNode(n) => n.as_str(),
            NamedOrBlankNode::BlankNode(b) => b.as_str(),
        }
    }

    #[test]
    fn reference_entities_are_described_once_and_sentences_shared() {
        let lexicon = Lexicon::builtin().unwrap();
        let base = Base::default();
        let doc = crate::read::parse_text(
            "a.txt",
            "2025-05-02\nPresident Donald Trump met Foreign Minister Anna Kowalczyk-Lind in Oslo on Friday.\n",
        );
        let x = crate::extract(&doc, &lexicon);
        let article = quads(&x, &base, &lexicon);
        let reference = reference_quads([&x], &base, &lexicon);
        let trump = base.resource("person/donald-trump");
        let other = base.resource("person/anna-kowalczyk-lind");
        let typed_in = |quads: &[Quad], s: &str| {
            quads
                .iter()
                .any(|q| subject_of(q) == s && q.predicate.as_str() == vocab::rdf::TYPE)
        };
        // Trump is in the reference data: typed there, mentioned here.
        assert!(typed_in(&reference, &trump));
        assert!(!typed_in(&article, &trump));
        assert!(
            article
                .iter()
                .any(|q| subject_of(q) == trump && q.predicate.as_str() == vocab::ng::MENTIONED_IN)
        );
        // A person found in the text is described in the article graph only.
        assert!(typed_in(&article, &other));
        assert!(!reference.iter().any(|q| subject_of(q) == other));
        assert!(reference.iter().all(|q| graph_of(q) == REFERENCE_GRAPH));
        // Several edges from the one sentence share one sentence node.
        let links: Vec<&Quad> = article
            .iter()
            .filter(|q| q.predicate.as_str() == vocab::ng::SENTENCE)
            .collect();
        let texts = article
            .iter()
            .filter(|q| q.predicate.as_str() == vocab::ng::TEXT)
            .count();
        assert!(links.len() > 1, "{links:?}");
        assert_eq!(texts, 1);
        // The merged view reads the description back from the reference graph.
        let all: Vec<Quad> = article.iter().chain(&reference).cloned().collect();
        let g = Graph::from_quads(&all, &base);
        let node = g
            .graph
            .node_weights()
            .find(|n| n.iri == trump)
            .expect("Trump is a node");
        assert_eq!(node.kind, NodeKind::Leader);
        assert_eq!(node.label, "Donald Trump");
        let met = g
            .graph
            .edge_weights()
            .find(|e| e.relation == crate::model::Relation::MetWith)
            .expect("a metWith edge");
        assert!(met.evidence[0].1.sentence.contains("Oslo"), "{met:?}");
    }
}

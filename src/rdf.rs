//! Extractions -> RDF quads. Each article is a named graph holding its
//! ng:Article description, the nodes and edges read from it, and one
//! ng:Evidence node per edge occurrence (a reified statement with the
//! sentence, its character offsets and the rule).

use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use crate::model::{Extraction, NodeKind};
use crate::vocab::{self, Base};

/// The named graph of the ontology inside the store.
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/newsgraph/ontology";

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
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

pub fn quads(extraction: &Extraction, base: &Base) -> Vec<Quad> {
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
        Literal::new_simple_literal(clean(&doc.origin)),
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
        w.add(
            &s,
            vocab::rdf::TYPE,
            NamedNode::new_unchecked(vocab::class(node.kind)),
        );
        if node.kind == NodeKind::PhoneCall {
            w.add(
                &s,
                vocab::rdf::TYPE,
                NamedNode::new_unchecked(vocab::class(NodeKind::Meeting)),
            );
        }
        w.add(
            &s,
            vocab::rdfs::LABEL,
            Literal::new_simple_literal(clean(&node.label)),
        );
        for a in node.aliases.iter().filter(|a| **a != node.label) {
            w.add(
                &s,
                vocab::skos::ALT_LABEL,
                Literal::new_simple_literal(clean(a)),
            );
        }
        if let Some(q) = &node.wikidata {
            w.add(
                &s,
                vocab::owl::SAME_AS,
                NamedNode::new_unchecked(format!("{}{q}", vocab::WIKIDATA)),
            );
        }
        if let Some(r) = &node.role {
            w.add(&s, vocab::ng::ROLE, Literal::new_simple_literal(clean(r)));
        }
        if let Some(d) = &node.date {
            w.add(&s, vocab::ng::DATE, date_literal(d));
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
    for edge in &extraction.edges {
        let s = resource(base, &edge.source);
        let o = resource(base, &edge.target);
        let p = vocab::relation(edge.relation);
        w.add(&s, &p, o.clone());
        let ev = &edge.evidence;
        let id = blake3::hash(
            format!(
                "{}\n{}\n{}\n{}\n{}\n{}",
                doc.id, edge.source, p, edge.target, ev.start, ev.rule
            )
            .as_bytes(),
        );
        let e = resource(base, &format!("evidence/{}", &id.to_hex()[..20]));
        w.add(
            &e,
            vocab::rdf::TYPE,
            NamedNode::new_unchecked(vocab::ng::EVIDENCE),
        );
        w.add(&e, vocab::rdf::SUBJECT, s);
        w.add(&e, vocab::rdf::PREDICATE, NamedNode::new_unchecked(p));
        w.add(&e, vocab::rdf::OBJECT, o);
        w.add(
            &e,
            vocab::ng::SENTENCE,
            Literal::new_simple_literal(clean(&ev.sentence)),
        );
        w.add(&e, vocab::ng::START, Literal::from(ev.start as i64));
        w.add(&e, vocab::ng::END, Literal::from(ev.end as i64));
        w.add(&e, vocab::ng::RULE, Literal::new_simple_literal(&ev.rule));
        w.add(&e, vocab::prov::WAS_DERIVED_FROM, article.clone());
    }
    sort_quads(&mut out);
    out
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

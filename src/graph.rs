//! RDF quads (a store or one extraction) -> the merged property graph
//! (petgraph) that the DOT, JSON, GraphML and CSV exports and `stats` read.
//!
//! Nodes are the typed resources of the article graphs; their labels,
//! aliases and attributes are merged over all articles; each edge keeps
//! every piece of evidence and the articles it came from. Order is sorted by
//! IRI, so the same store always gives the same export.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use oxigraph::model::{GraphName, NamedOrBlankNode, Quad, Term};
use petgraph::graph::{DiGraph, NodeIndex};

use crate::model::{Evidence, NodeKind, PartialDate, Relation, Status};
use crate::rdf::REFERENCE_GRAPH;
use crate::vocab::{self, Base, NG};

#[derive(Debug, Clone)]
pub struct GraphNode {
    pub iri: String,
    pub kind: NodeKind,
    pub label: String,
    pub aliases: BTreeSet<String>,
    pub wikidata: Option<String>,
    pub role: Option<String>,
    pub date: Option<PartialDate>,
    pub status: Option<Status>,
    pub quote: Option<String>,
    /// Article ids that mention the node.
    pub sources: BTreeSet<String>,
}

impl GraphNode {
    /// The attributes of the JSON export.
    pub fn attributes(&self) -> BTreeMap<String, String> {
        let mut a = BTreeMap::new();
        if let Some(r) = &self.role {
            a.insert("role".to_string(), r.clone());
        }
        if let Some(d) = &self.date {
            a.insert("date".to_string(), d.to_string());
        }
        if let Some(s) = self.status {
            a.insert("status".to_string(), s.name().to_string());
        }
        if let Some(q) = &self.quote {
            a.insert("quote".to_string(), q.clone());
        }
        if self.kind == NodeKind::PhoneCall {
            a.insert("call".to_string(), "true".to_string());
        }
        a
    }
}

#[derive(Debug, Clone)]
pub struct GraphEdge {
    pub relation: Relation,
    /// (article id, evidence), sorted.
    pub evidence: Vec<(String, Evidence)>,
    pub docs: BTreeSet<String>,
}

impl GraphEdge {
    pub fn sources(&self) -> BTreeSet<String> {
        self.docs.clone()
    }
}

/// Which part of the graph a view keeps (see [`Graph::filtered`]); empty
/// sets keep everything.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub relations: BTreeSet<Relation>,
    pub types: BTreeSet<NodeKind>,
    pub min_sources: usize,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.relations.is_empty() && self.types.is_empty() && self.min_sources <= 1
    }

    /// Parses comma-separated relation names (`metWith,hosted`), type names
    /// (`Leader,Nation`, any case) and a minimum number of sources.
    pub fn parse(
        relations: Option<&str>,
        types: Option<&str>,
        min_sources: usize,
    ) -> Result<Filter, String> {
        let mut filter = Filter {
            min_sources,
            ..Filter::default()
        };
        for name in relations
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let r = Relation::ALL
                .into_iter()
                .find(|r| r.name().eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    format!(
                        "unknown relation {name:?} (one of {})",
                        Relation::ALL.map(|r| r.name()).join(", ")
                    )
                })?;
            filter.relations.insert(r);
        }
        for name in types
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let k = NodeKind::ALL
                .into_iter()
                .find(|k| k.class_name().eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    format!(
                        "unknown type {name:?} (one of {})",
                        NodeKind::ALL.map(|k| k.class_name()).join(", ")
                    )
                })?;
            filter.types.insert(k);
        }
        Ok(filter)
    }
}

#[derive(Debug, Default)]
pub struct Graph {
    pub graph: DiGraph<GraphNode, GraphEdge>,
}

#[derive(Default)]
struct NodeAcc {
    kinds: BTreeSet<NodeKind>,
    labels: BTreeMap<String, usize>,
    aliases: BTreeSet<String>,
    wikidata: Option<String>,
    roles: BTreeMap<String, usize>,
    dates: BTreeSet<PartialDate>,
    statuses: BTreeMap<Status, usize>,
    quote: Option<String>,
    sources: BTreeSet<String>,
}

impl NodeAcc {
    /// Takes in one description quad of the node; false for quads that
    /// are not descriptions (edges, mentions).
    fn describe(&mut self, p: &str, o: &Term) -> bool {
        match (p, o) {
            (vocab::rdf::TYPE, Term::NamedNode(c)) => {
                if let Some(kind) = c
                    .as_str()
                    .strip_prefix(NG)
                    .and_then(NodeKind::from_class_name)
                {
                    self.kinds.insert(kind);
                }
            }
            (vocab::rdfs::LABEL, Term::Literal(l)) => {
                *self.labels.entry(l.value().to_string()).or_default() += 1
            }
            (vocab::skos::ALT_LABEL, Term::Literal(l)) => {
                self.aliases.insert(l.value().to_string());
            }
            (vocab::owl::SAME_AS, Term::NamedNode(o)) => {
                if let Some(q) = o.as_str().strip_prefix(vocab::WIKIDATA) {
                    self.wikidata = Some(q.to_string());
                }
            }
            (vocab::ng::ROLE, Term::Literal(l)) => {
                *self.roles.entry(l.value().to_string()).or_default() += 1
            }
            (vocab::ng::DATE, Term::Literal(l)) => {
                if let Some(d) = PartialDate::parse(l.value()) {
                    self.dates.insert(d);
                }
            }
            (vocab::ng::STATUS, Term::Literal(l)) => {
                if let Some(st) = Status::from_name(l.value()) {
                    *self.statuses.entry(st).or_default() += 1;
                }
            }
            (vocab::ng::QUOTE, Term::Literal(l)) => self.quote = Some(l.value().to_string()),
            _ => return false,
        }
        true
    }

    /// Adds the reference data's description: the class and Wikidata id
    /// where the articles gave none, the label and office as one more
    /// voice among the articles'.
    fn add(&mut self, reference: NodeAcc) {
        if self.kinds.is_empty() {
            self.kinds = reference.kinds;
        }
        if self.wikidata.is_none() {
            self.wikidata = reference.wikidata;
        }
        for (label, n) in reference.labels {
            *self.labels.entry(label).or_default() += n;
        }
        for (role, n) in reference.roles {
            *self.roles.entry(role).or_default() += n;
        }
    }
}

fn most_common(m: &BTreeMap<String, usize>) -> Option<String> {
    // Most frequent, then longest, then first in order.
    m.iter()
        .max_by(|a, b| {
            a.1.cmp(b.1)
                .then(a.0.len().cmp(&b.0.len()))
                .then(b.0.cmp(a.0))
        })
        .map(|(k, _)| k.clone())
}

impl Graph {
    /// Builds the merged graph from the quads of article graphs and the
    /// reference graph; quads of other graphs (the ontology) are ignored.
    pub fn from_quads<'a>(quads: impl IntoIterator<Item = &'a Quad>, base: &Base) -> Graph {
        let article_prefix = base.article("");
        let evidence_prefix = base.resource("evidence/");
        let sentence_prefix = base.resource("sentence/");
        let mut nodes: BTreeMap<String, NodeAcc> = BTreeMap::new();
        let mut edges: BTreeMap<(String, Relation, String), GraphEdge> = BTreeMap::new();
        let mut evidence: HashMap<String, Vec<(String, Term)>> = HashMap::new();
        let mut evidence_doc: HashMap<String, String> = HashMap::new();
        let mut reference: HashMap<String, NodeAcc> = HashMap::new();
        let relation_of = |p: &str| p.strip_prefix(NG).and_then(Relation::from_name);
        for q in quads {
            let GraphName::NamedNode(g) = &q.graph_name else {
                continue;
            };
            let NamedOrBlankNode::NamedNode(s) = &q.subject else {
                continue;
            };
            if g.as_str() == REFERENCE_GRAPH {
                reference
                    .entry(s.as_str().to_string())
                    .or_default()
                    .describe(q.predicate.as_str(), &q.object);
                continue;
            }
            let Some(doc) = g.as_str().strip_prefix(&article_prefix) else {
                continue;
            };
            let s = s.as_str();
            let p = q.predicate.as_str();
            if s.starts_with(&evidence_prefix) || s.starts_with(&sentence_prefix) {
                evidence
                    .entry(s.to_string())
                    .or_default()
                    .push((p.to_string(), q.object.clone()));
                evidence_doc.insert(s.to_string(), doc.to_string());
                continue;
            }
            if s.starts_with(&article_prefix) {
                continue;
            }
            // One lookup per quad, allocating the key only for a new node.
            let acc = match nodes.get_mut(s) {
                Some(acc) => acc,
                None => nodes.entry(s.to_string()).or_default(),
            };
            if p == vocab::ng::MENTIONED_IN || p == vocab::rdf::TYPE {
                acc.sources.insert(doc.to_string());
            }
            if acc.describe(p, &q.object) {
                continue;
            }
            if let Term::NamedNode(o) = &q.object
                && let Some(r) = relation_of(p)
            {
                let e = edges
                    .entry((s.to_string(), r, o.as_str().to_string()))
                    .or_insert_with(|| GraphEdge {
                        relation: r,
                        evidence: Vec::new(),
                        docs: BTreeSet::new(),
                    });
                e.docs.insert(doc.to_string());
            }
        }
        // What the reference data says completes the nodes the articles
        // mention; it adds no node of its own.
        for (iri, described) in reference {
            if let Some(acc) = nodes.get_mut(&iri) {
                acc.add(described);
            }
        }
        // Attach evidence to its edge; the sentence is a node of its own.
        let property = |iri: &str, p: &str| {
            evidence
                .get(iri)
                .and_then(|props| props.iter().find(|(k, _)| k == p))
                .map(|(_, v)| v)
        };
        for (iri, props) in &evidence {
            let get = |p: &str| props.iter().find(|(k, _)| k == p).map(|(_, v)| v);
            let (Some(Term::NamedNode(s)), Some(Term::NamedNode(p)), Some(Term::NamedNode(o))) = (
                get(vocab::rdf::SUBJECT),
                get(vocab::rdf::PREDICATE),
                get(vocab::rdf::OBJECT),
            ) else {
                continue;
            };
            let Some(r) = relation_of(p.as_str()) else {
                continue;
            };
            let sentence = match get(vocab::ng::SENTENCE) {
                Some(Term::NamedNode(n)) => n.as_str(),
                _ => "",
            };
            let lit = |p: &str| match property(sentence, p) {
                Some(Term::Literal(l)) => l.value().to_string(),
                _ => String::new(),
            };
            let ev = Evidence {
                sentence: lit(vocab::ng::TEXT).into(),
                start: lit(vocab::ng::START).parse().unwrap_or(0),
                end: lit(vocab::ng::END).parse().unwrap_or(0),
                rule: match get(vocab::ng::RULE) {
                    Some(Term::Literal(l)) => l.value().into(),
                    _ => "".into(),
                },
            };
            if let Some(e) = edges.get_mut(&(s.as_str().to_string(), r, o.as_str().to_string())) {
                e.evidence
                    .push((evidence_doc.get(iri).cloned().unwrap_or_default(), ev));
            }
        }
        let mut graph = DiGraph::new();
        let mut index: HashMap<String, NodeIndex> = HashMap::new();
        for (iri, acc) in nodes {
            // The most specific class: Leader over Person, PhoneCall over Meeting.
            let Some(kind) = pick_kind(&acc.kinds) else {
                continue;
            };
            let label = most_common(&acc.labels)
                .unwrap_or_else(|| iri.rsplit('/').next().unwrap_or(&iri).to_string());
            let mut aliases = acc.aliases;
            if !acc.labels.is_empty() {
                aliases.extend(acc.labels.keys().cloned());
            }
            if kind.is_meeting() {
                aliases.remove(&label);
            }
            let date = acc
                .dates
                .iter()
                .max_by_key(|d| (d.day.is_some(), d.month.is_some(), std::cmp::Reverse(**d)))
                .copied();
            let status = acc
                .statuses
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(s, _)| *s);
            let node = GraphNode {
                iri: iri.clone(),
                kind,
                label,
                aliases,
                wikidata: acc.wikidata,
                role: most_common(&acc.roles),
                date,
                status,
                quote: acc.quote,
                sources: acc.sources,
            };
            index.insert(iri, graph.add_node(node));
        }
        for ((s, _, o), mut e) in edges {
            let (Some(&a), Some(&b)) = (index.get(&s), index.get(&o)) else {
                continue;
            };
            e.evidence.sort();
            graph.add_edge(a, b, e);
        }
        Graph { graph }
    }

    pub fn nodes(&self) -> impl Iterator<Item = &GraphNode> {
        self.graph.node_weights()
    }

    /// Edges as (source, edge, target), sorted by source IRI, relation, target IRI.
    pub fn edges(&self) -> impl Iterator<Item = (&GraphNode, &GraphEdge, &GraphNode)> {
        let mut out: Vec<_> = self
            .graph
            .edge_indices()
            .filter_map(|e| {
                let (a, b) = self.graph.edge_endpoints(e)?;
                Some((&self.graph[a], &self.graph[e], &self.graph[b]))
            })
            .collect();
        out.sort_by(|x, y| {
            (&x.0.iri, x.1.relation, &x.2.iri).cmp(&(&y.0.iri, y.1.relation, &y.2.iri))
        });
        out.into_iter()
    }

    /// A view that keeps only some node types, relations, or nodes and
    /// edges reported by at least `min_sources` articles. With a relation
    /// filter, nodes left without an edge are dropped too, so the view shows
    /// just that part of the graph.
    pub fn filtered(&self, filter: &Filter) -> Graph {
        let g = &self.graph;
        let keep_node = |i: NodeIndex| {
            let n = &g[i];
            (filter.types.is_empty()
                || filter.types.contains(&n.kind)
                || (n.kind == NodeKind::PhoneCall && filter.types.contains(&NodeKind::Meeting)))
                && n.sources.len() >= filter.min_sources
        };
        let kept_edges: Vec<_> = g
            .edge_indices()
            .filter_map(|e| {
                let (a, b) = g.edge_endpoints(e)?;
                let w = &g[e];
                let ok = keep_node(a)
                    && keep_node(b)
                    && w.docs.len() >= filter.min_sources
                    && (filter.relations.is_empty() || filter.relations.contains(&w.relation));
                ok.then_some((a, b, e))
            })
            .collect();
        let touched: BTreeSet<NodeIndex> =
            kept_edges.iter().flat_map(|(a, b, _)| [*a, *b]).collect();
        let mut out = DiGraph::new();
        let mut index = HashMap::new();
        for i in g.node_indices() {
            if keep_node(i) && (filter.relations.is_empty() || touched.contains(&i)) {
                index.insert(i, out.add_node(g[i].clone()));
            }
        }
        for (a, b, e) in kept_edges {
            if let (Some(&x), Some(&y)) = (index.get(&a), index.get(&b)) {
                out.add_edge(x, y, g[e].clone());
            }
        }
        Graph { graph: out }
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }
}

fn pick_kind(kinds: &BTreeSet<NodeKind>) -> Option<NodeKind> {
    [
        NodeKind::Leader,
        NodeKind::PhoneCall,
        NodeKind::Meeting,
        NodeKind::Nation,
        NodeKind::Organization,
        NodeKind::Place,
        NodeKind::Proposal,
        NodeKind::Statement,
        NodeKind::Person,
    ]
    .into_iter()
    .find(|k| kinds.contains(k))
}

//! The JSON node-link export fixed by DESIGN.md, which downstream tools and
//! `newsgraph eval` read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::graph::Graph;

/// The whole export: `{"nodes": [...], "edges": [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct JsonGraph {
    pub nodes: Vec<JsonNode>,
    pub edges: Vec<JsonEdge>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonNode {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub label: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// role, date, status, quote, and for meetings `call: "true"`.
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonEdge {
    pub source: String,
    pub relation: String,
    pub target: String,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub evidence: Vec<JsonEvidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonEvidence {
    pub doc: String,
    pub sentence: String,
    pub start: usize,
    pub end: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

impl JsonGraph {
    /// Builds the export from the merged graph, in the graph's (sorted) order.
    pub fn from_graph(graph: &Graph) -> JsonGraph {
        let nodes = graph
            .nodes()
            .map(|n| JsonNode {
                id: n.iri.clone(),
                kind: n.kind.json_type().to_string(),
                label: n.label.clone(),
                aliases: n.aliases.iter().cloned().collect(),
                wikidata: n.wikidata.clone(),
                attributes: n.attributes(),
                sources: n.sources.iter().cloned().collect(),
            })
            .collect();
        let edges = graph
            .edges()
            .map(|(source, e, target)| JsonEdge {
                source: source.iri.clone(),
                relation: e.relation.name().to_string(),
                target: target.iri.clone(),
                sources: e.sources().into_iter().collect(),
                evidence: e
                    .evidence
                    .iter()
                    .map(|(doc, ev)| JsonEvidence {
                        doc: doc.clone(),
                        sentence: ev.sentence.to_string(),
                        start: ev.start,
                        end: ev.end,
                        rule: Some(ev.rule.to_string()),
                    })
                    .collect(),
            })
            .collect();
        JsonGraph { nodes, edges }
    }
}

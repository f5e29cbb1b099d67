//! Graphviz DOT: one node per entity with its label, shape and colour by
//! type, edges labelled by relation, and a legend. Every string is quoted
//! and escaped, so any name renders.

use std::io::{self, Write};

use crate::graph::Graph;
use crate::model::NodeKind;

fn style(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Leader => ("ellipse", "#f4c542"),
        NodeKind::Person => ("ellipse", "#e8e8e8"),
        NodeKind::Nation => ("box", "#7fb3e0"),
        NodeKind::Organization => ("hexagon", "#9fd89f"),
        NodeKind::Place => ("house", "#d9b38c"),
        NodeKind::Meeting => ("octagon", "#f08080"),
        NodeKind::PhoneCall => ("doubleoctagon", "#f4a6a6"),
        NodeKind::Proposal => ("note", "#c9a0dc"),
        NodeKind::Statement => ("note", "#ffffff"),
    }
}

/// Escapes a string for a double-quoted DOT ID.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

pub fn write(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "digraph newsgraph {{")?;
    writeln!(
        out,
        "  graph [rankdir=LR, fontname=\"Helvetica\", overlap=false];"
    )?;
    writeln!(
        out,
        "  node [style=filled, fontname=\"Helvetica\", fontsize=11];"
    )?;
    writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];")?;
    let mut ids = std::collections::HashMap::new();
    let mut used = std::collections::BTreeSet::new();
    for (i, n) in graph.nodes().enumerate() {
        let id = format!("n{i}");
        ids.insert(n.iri.as_str(), id.clone());
        used.insert(n.kind);
        let (shape, color) = style(n.kind);
        let mut label = n.label.clone();
        if let Some(r) = &n.role {
            label.push_str(&format!("\\n{}", escape(r)));
            label = format!("{}\\n{}", escape(&n.label), escape(r));
        } else {
            label = escape(&label);
        }
        writeln!(
            out,
            "  {id} [label=\"{label}\", shape={shape}, fillcolor=\"{color}\", tooltip=\"{}\"];",
            escape(&n.iri)
        )?;
    }
    for (s, e, t) in graph.edges() {
        let style = if e.relation.is_symmetric() {
            ", dir=none, color=\"#c0392b\""
        } else {
            ""
        };
        writeln!(
            out,
            "  {} -> {} [label=\"{}\"{style}];",
            ids[s.iri.as_str()],
            ids[t.iri.as_str()],
            e.relation.name()
        )?;
    }
    // Legend: one sample node per type present.
    writeln!(out, "  subgraph cluster_legend {{")?;
    writeln!(out, "    label=\"Legend\"; fontsize=12; style=dashed;")?;
    for kind in used {
        let (shape, color) = style(kind);
        writeln!(
            out,
            "    legend_{kind} [label=\"{kind}\", shape={shape}, fillcolor=\"{color}\"];"
        )?;
    }
    writeln!(out, "  }}")?;
    writeln!(out, "}}")
}

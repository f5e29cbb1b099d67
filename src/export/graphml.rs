//! GraphML for Gephi, networkx and igraph: the merged [`Graph`] -> one
//! `<node>` per entity with label, type, role, date, status, wikidata and
//! its number of sources, one `<edge>` per relation with its name and the
//! number of sources and pieces of evidence. Attribute keys are declared
//! with types so tools read counts as numbers.

use std::io::{self, Write};

use crate::graph::Graph;

/// The declared keys: (id, for, attr.name, attr.type).
const KEYS: [(&str, &str, &str, &str); 11] = [
    ("label", "node", "label", "string"),
    ("type", "node", "type", "string"),
    ("role", "node", "role", "string"),
    ("date", "node", "date", "string"),
    ("status", "node", "status", "string"),
    ("wikidata", "node", "wikidata", "string"),
    ("aliases", "node", "aliases", "string"),
    ("sources", "node", "sources", "int"),
    ("relation", "edge", "relation", "string"),
    ("edge_sources", "edge", "sources", "int"),
    ("evidence", "edge", "evidence", "int"),
];

/// Escapes text for XML content and attribute values; characters XML 1.0
/// cannot carry are dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn data(out: &mut dyn Write, key: &str, value: &str) -> io::Result<()> {
    writeln!(out, "      <data key=\"{key}\">{}</data>", escape(value))
}

pub fn write(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">"
    )?;
    for (id, domain, name, kind) in KEYS {
        writeln!(
            out,
            "  <key id=\"{id}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{kind}\"/>"
        )?;
    }
    writeln!(out, "  <graph id=\"newsgraph\" edgedefault=\"directed\">")?;
    for n in graph.nodes() {
        writeln!(out, "    <node id=\"{}\">", escape(&n.iri))?;
        data(out, "label", &n.label)?;
        data(out, "type", n.kind.class_name())?;
        if let Some(r) = &n.role {
            data(out, "role", r)?;
        }
        if let Some(d) = &n.date {
            data(out, "date", &d.to_string())?;
        }
        if let Some(s) = n.status {
            data(out, "status", s.name())?;
        }
        if let Some(q) = &n.wikidata {
            data(out, "wikidata", q)?;
        }
        if !n.aliases.is_empty() {
            data(
                out,
                "aliases",
                &n.aliases.iter().cloned().collect::<Vec<_>>().join("; "),
            )?;
        }
        data(out, "sources", &n.sources.len().to_string())?;
        writeln!(out, "    </node>")?;
    }
    for (i, (s, e, t)) in graph.edges().enumerate() {
        writeln!(
            out,
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\">",
            escape(&s.iri),
            escape(&t.iri)
        )?;
        data(out, "relation", e.relation.name())?;
        data(out, "edge_sources", &e.docs.len().to_string())?;
        data(out, "evidence", &e.evidence.len().to_string())?;
        writeln!(out, "    </edge>")?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_xml_well_formed() {
        assert_eq!(
            escape("AT&T <\"x\"> 'y'"),
            "AT&amp;T &lt;&quot;x&quot;&gt; &apos;y&apos;"
        );
        assert_eq!(escape("a\u{1}b\u{FFFF}c"), "abc");
    }
}

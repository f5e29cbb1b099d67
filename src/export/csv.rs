//! CSV for pandas and spreadsheets: the merged [`Graph`] -> `nodes.csv`
//! (one row per entity) and `edges.csv` (one row per relation, with the
//! labels of both ends and the first evidence sentence), both with a header
//! row. Multi-valued cells (aliases, article ids) are joined with `;`.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::graph::Graph;

pub const NODE_HEADER: [&str; 10] = [
    "id",
    "label",
    "type",
    "role",
    "date",
    "status",
    "wikidata",
    "aliases",
    "n_sources",
    "sources",
];
pub const EDGE_HEADER: [&str; 9] = [
    "source",
    "relation",
    "target",
    "source_label",
    "target_label",
    "n_sources",
    "n_evidence",
    "sources",
    "sentence",
];

fn err(e: impl std::fmt::Display) -> Error {
    Error::Export(format!("csv: {e}"))
}

pub fn write_nodes(graph: &Graph, out: impl Write) -> Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(NODE_HEADER).map_err(err)?;
    for n in graph.nodes() {
        let aliases: Vec<&str> = n.aliases.iter().map(String::as_str).collect();
        let sources: Vec<&str> = n.sources.iter().map(String::as_str).collect();
        w.write_record([
            n.iri.as_str(),
            &n.label,
            n.kind.class_name(),
            n.role.as_deref().unwrap_or(""),
            &n.date.map(|d| d.to_string()).unwrap_or_default(),
            n.status.map(|s| s.name()).unwrap_or(""),
            n.wikidata.as_deref().unwrap_or(""),
            &aliases.join(";"),
            &n.sources.len().to_string(),
            &sources.join(";"),
        ])
        .map_err(err)?;
    }
    w.flush().map_err(err)
}

pub fn write_edges(graph: &Graph, out: impl Write) -> Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(EDGE_HEADER).map_err(err)?;
    for (s, e, t) in graph.edges() {
        let sources: Vec<&str> = e.docs.iter().map(String::as_str).collect();
        let sentence = e
            .evidence
            .first()
            .map(|(_, ev)| &*ev.sentence)
            .unwrap_or("");
        w.write_record([
            s.iri.as_str(),
            e.relation.name(),
            t.iri.as_str(),
            &s.label,
            &t.label,
            &e.docs.len().to_string(),
            &e.evidence.len().to_string(),
            &sources.join(";"),
            sentence,
        ])
        .map_err(err)?;
    }
    w.flush().map_err(err)
}

/// Writes `dir/nodes.csv` and `dir/edges.csv`, creating the directory.
pub fn write_dir(graph: &Graph, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    for (name, nodes) in [("nodes.csv", true), ("edges.csv", false)] {
        let path = dir.join(name);
        let tmp = dir.join(format!(".{name}.partial"));
        let file = std::fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        let w = std::io::BufWriter::new(file);
        if nodes {
            write_nodes(graph, w)?;
        } else {
            write_edges(graph, w)?;
        }
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

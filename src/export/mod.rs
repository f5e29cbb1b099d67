//! Exports of the graph: the standard RDF formats (straight from the
//! quads), and DOT, JSON, GraphML and CSV (from the merged property graph).

pub mod csv;
pub mod dot;
pub mod graphml;
pub mod json;

use std::io::Write;

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{Quad, Triple};

use crate::error::{Error, Result};
use crate::graph::Graph;
use crate::vocab;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Turtle,
    NTriples,
    NQuads,
    TriG,
    RdfXml,
    JsonLd,
    Dot,
    Json,
    GraphMl,
    /// Two files (nodes.csv, edges.csv): written by [`csv::write_dir`].
    Csv,
}

impl Format {
    pub const NAMES: [&'static str; 10] = [
        "turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld", "dot", "json", "graphml", "csv",
    ];

    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name {
            "turtle" | "ttl" => Format::Turtle,
            "ntriples" | "nt" => Format::NTriples,
            "nquads" | "nq" => Format::NQuads,
            "trig" => Format::TriG,
            "rdfxml" | "rdf" | "xml" => Format::RdfXml,
            "jsonld" | "json-ld" => Format::JsonLd,
            "dot" => Format::Dot,
            "json" => Format::Json,
            "graphml" => Format::GraphMl,
            "csv" => Format::Csv,
            _ => return None,
        })
    }

    /// True for the views computed from the merged property graph, which
    /// the --relation/--type/--min-sources filters apply to.
    pub fn is_graph_view(self) -> bool {
        matches!(
            self,
            Format::Dot | Format::Json | Format::GraphMl | Format::Csv
        )
    }

    fn rdf(self) -> Option<RdfFormat> {
        Some(match self {
            Format::Turtle => RdfFormat::Turtle,
            Format::NTriples => RdfFormat::NTriples,
            Format::NQuads => RdfFormat::NQuads,
            Format::TriG => RdfFormat::TriG,
            Format::RdfXml => RdfFormat::RdfXml,
            Format::JsonLd => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
            Format::Dot | Format::Json | Format::GraphMl | Format::Csv => return None,
        })
    }
}

/// Writes the quads (sorted by the caller) in the format. Triple formats get
/// the union of the article graphs, each triple once.
pub fn write(
    format: Format,
    quads: &[Quad],
    graph: impl FnOnce() -> Graph,
    out: &mut dyn Write,
) -> Result<()> {
    let io = |e: std::io::Error| Error::Export(e.to_string());
    match format {
        Format::Dot => dot::write(&graph(), out).map_err(io),
        Format::GraphMl => graphml::write(&graph(), out).map_err(io),
        Format::Csv => Err(Error::Export(
            "csv writes two files (nodes.csv, edges.csv): give a directory with -o DIR".into(),
        )),
        Format::Json => {
            let json = json::JsonGraph::from_graph(&graph());
            serde_json::to_writer_pretty(&mut *out, &json)
                .map_err(|e| Error::Export(e.to_string()))?;
            out.write_all(b"\n").map_err(io)
        }
        other => {
            let rdf = other
                .rdf()
                .ok_or_else(|| Error::Export("not an RDF format".into()))?;
            let mut serializer = RdfSerializer::from_format(rdf);
            if !matches!(other, Format::NTriples | Format::NQuads) {
                for (prefix, iri) in vocab::PREFIXES {
                    serializer = serializer
                        .with_prefix(prefix, iri)
                        .map_err(|e| Error::Export(e.to_string()))?;
                }
            }
            let mut w = serializer.for_writer(&mut *out);
            if rdf.supports_datasets() {
                for q in quads {
                    w.serialize_quad(q).map_err(io)?;
                }
            } else {
                let mut triples: Vec<Triple> =
                    quads.iter().map(|q| Triple::from(q.clone())).collect();
                triples.sort_by_cached_key(|t| t.to_string());
                triples.dedup();
                for t in &triples {
                    w.serialize_triple(t).map_err(io)?;
                }
            }
            w.finish().map_err(io)?;
            Ok(())
        }
    }
}

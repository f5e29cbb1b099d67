//! Graph Store Protocol push: the article graphs of the [`Store`] and the
//! reference graph describing the entities they mention -> an external
//! SPARQL store, one HTTP `PUT ENDPOINT?graph=IRI` per graph with the graph
//! as N-Triples. A PUT replaces the graph, so pushing twice leaves the
//! remote store as after one push.

use std::time::Duration;

use oxhttp::Client;
use oxhttp::model::header::CONTENT_TYPE;
use oxhttp::model::{Body, Method, Request};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{NamedNode, Triple};

use crate::error::{Error, Result};
use crate::serve::percent_encode;
use crate::store::Store;
use crate::vocab::Base;

/// What a push did.
#[derive(Debug, Default)]
pub struct PushReport {
    /// Articles whose graph the remote store did not have (201).
    pub created: usize,
    /// Articles whose graph was replaced (200/204).
    pub replaced: usize,
    /// Whether the reference graph was pushed too (it is absent from an
    /// empty store).
    pub reference: bool,
    /// The store's other graphs pushed with the articles: the summary
    /// (`ng:meetingCount`, ...) and the ontology, so that queries that use
    /// them answer the same on the remote store.
    pub other_graphs: Vec<String>,
    pub triples: usize,
}

/// The URL of one graph on a Graph Store Protocol endpoint.
pub fn graph_url(endpoint: &str, graph: &str) -> String {
    let sep = if endpoint.contains('?') { '&' } else { '?' };
    format!("{endpoint}{sep}graph={}", percent_encode(graph))
}

/// Pushes every article graph of the store, then the reference graph; stops at the first failure
/// with the HTTP status and the server's message.
pub fn push(
    store: &Store,
    base: &Base,
    endpoint: &str,
    mut progress: impl FnMut(&str),
) -> Result<PushReport> {
    if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
        return Err(Error::Export(format!(
            "endpoint {endpoint:?} is not an http(s) URL"
        )));
    }
    let client = Client::new().with_global_timeout(Duration::from_secs(120));
    let mut report = PushReport::default();
    let mut graphs: Vec<(String, Kind)> = store
        .articles(base)?
        .iter()
        .map(|id| (base.article(id), Kind::Article))
        .collect();
    for (iri, kind) in [
        (crate::rdf::REFERENCE_GRAPH, Kind::Reference),
        (crate::rdf::SUMMARY_GRAPH, Kind::Other("summary")),
        (crate::rdf::ONTOLOGY_GRAPH, Kind::Other("ontology")),
    ] {
        if store.has_graph(&NamedNode::new_unchecked(iri))? {
            graphs.push((iri.to_string(), kind));
        }
    }
    for (iri, kind) in graphs {
        let graph = NamedNode::new(iri.clone())
            .map_err(|e| Error::Export(format!("invalid graph IRI {iri}: {e}")))?;
        let triples: Vec<Triple> = store
            .graph_quads(&graph)?
            .into_iter()
            .map(Triple::from)
            .collect();
        let mut w = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
        for t in &triples {
            w.serialize_triple(t)
                .map_err(|e| Error::Export(e.to_string()))?;
        }
        let body = w.finish().map_err(|e| Error::Export(e.to_string()))?;
        let url = graph_url(endpoint, &iri);
        let request = Request::builder()
            .method(Method::PUT)
            .uri(&url)
            .header(CONTENT_TYPE, "application/n-triples")
            .body(Body::from(body))
            .map_err(|e| Error::Export(format!("invalid request to {url}: {e}")))?;
        let response = client
            .request(request)
            .map_err(|e| Error::Export(format!("PUT {url}: {e}")))?;
        let status = response.status();
        if !status.is_success() {
            let message = response.into_body().to_string().unwrap_or_default();
            return Err(Error::Export(format!(
                "PUT {url}: HTTP {status}: {}",
                message.trim()
            )));
        }
        match kind {
            Kind::Reference => report.reference = true,
            Kind::Other(name) => report.other_graphs.push(name.to_string()),
            Kind::Article if status.as_u16() == 201 => report.created += 1,
            Kind::Article => report.replaced += 1,
        }
        report.triples += triples.len();
        progress(&iri);
    }
    Ok(report)
}

/// What a pushed graph is, for the report.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Article,
    Reference,
    Other(&'static str),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_urls_encode_the_iri() {
        assert_eq!(
            graph_url("http://h/store", "https://x/a?b"),
            "http://h/store?graph=https%3A%2F%2Fx%2Fa%3Fb"
        );
        assert_eq!(
            graph_url("http://h/ds?x=1", "u:v"),
            "http://h/ds?x=1&graph=u%3Av"
        );
    }
}

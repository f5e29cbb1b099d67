//! The ecosystem commands: serve (SPARQL protocol over loopback), push,
//! stats, the analytics exports and their filters, HTML and JSON Lines
//! inputs, completions and the man page.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{newsgraph, query, root, run, seeded_store};

/// A `newsgraph serve` child process on a free loopback port, killed on drop.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub(crate) fn serve(store: &Path, extra: &[&str], path_env: Option<&str>) -> Server {
    let port = free_port();
    let mut cmd = newsgraph();
    cmd.arg("serve")
        .arg("--store")
        .arg(store)
        .arg("--bind")
        .arg(format!("127.0.0.1:{port}"))
        .args(extra);
    if let Some(p) = path_env {
        cmd.env("PATH", p);
    }
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let server = Server { child, port };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

pub(crate) struct Reply {
    pub(crate) status: u16,
    content_type: String,
    pub(crate) body: String,
    /// The response's header lines, names in lower case.
    headers: Vec<(String, String)>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request with a plain TCP client.
pub(crate) fn http(
    port: u16,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Reply {
    try_http(port, method, target, headers, body)
        .unwrap_or_else(|e| panic!("{method} {target}: {e}"))
}

/// [`http`] that reports a failed connection instead of panicking.
pub(crate) fn try_http(
    port: u16,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut request = format!(
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let content_type = head
        .lines()
        .find_map(|l| {
            l.split_once(':')
                .filter(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_default();
    let headers = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Ok(Reply {
        status,
        content_type,
        body: body.to_string(),
        headers,
    })
}

pub(crate) fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub(crate) fn get_query(port: u16, query: &str, accept: &str) -> Reply {
    http(
        port,
        "GET",
        &format!("/query?query={}", encode(query)),
        &[("Accept", accept)],
        "",
    )
}

const MET: &str = "SELECT ?a ?b WHERE { ?a ng:metWith ?b }";
const CONSTRUCT: &str = "CONSTRUCT { ?a ng:metWith ?b } WHERE { ?a ng:metWith ?b }";
const TRUMP: &str = "https://w3id.org/newsgraph/id/person/donald-trump";

#[test]
fn serve_negotiates_result_formats() {
    let (_dir, store) = seeded_store();
    let server = serve(&store, &[], None);
    let p = server.port;
    for (accept, ctype, marker) in [
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
            "\"bindings\"",
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            "<sparql",
        ),
        ("text/csv", "text/csv", "a,b\r\n"),
        (
            "text/tab-separated-values",
            "text/tab-separated-values",
            "?a\t?b\n",
        ),
        ("", "application/sparql-results+json", "\"vars\""),
        ("image/png;q=0.9, text/csv;q=0.5", "text/csv", "a,b"),
    ] {
        let r = get_query(p, MET, accept);
        assert_eq!(r.status, 200, "{accept}: {}", r.body);
        assert!(
            r.content_type.starts_with(ctype),
            "{accept}: {}",
            r.content_type
        );
        assert!(
            r.body.contains(marker) && r.body.contains(TRUMP),
            "{accept}: {}",
            r.body
        );
    }
    for (accept, ctype, marker) in [
        ("text/turtle", "text/turtle", "ng:metWith"),
        (
            "application/n-triples",
            "application/n-triples",
            "<https://w3id.org/newsgraph/ontology#metWith>",
        ),
        ("application/rdf+xml", "application/rdf+xml", "<rdf:RDF"),
        ("application/ld+json", "application/ld+json", "\"@id\""),
    ] {
        let r = get_query(p, CONSTRUCT, accept);
        assert_eq!(r.status, 200, "{accept}: {}", r.body);
        assert!(
            r.content_type.starts_with(ctype),
            "{accept}: {}",
            r.content_type
        );
        assert!(
            r.body.contains(marker) && r.body.contains("donald-trump"),
            "{accept}: {}",
            r.body
        );
    }
    // Nothing acceptable, a bad query, a missing query.
    let r = get_query(p, MET, "image/png");
    assert_eq!(r.status, 406, "{}", r.body);
    assert!(r.body.contains("text/csv"), "{}", r.body);
    let r = get_query(p, "SELECT ?a WHERE { ?a ng:metWith }", "");
    assert_eq!(r.status, 400);
    assert!(r.body.contains("invalid query"), "{}", r.body);
    assert_eq!(http(p, "GET", "/query", &[], "").status, 400);
    // POST: a direct body and a form.
    let r = http(
        p,
        "POST",
        "/query",
        &[
            ("Content-Type", "application/sparql-query"),
            ("Accept", "text/csv"),
        ],
        MET,
    );
    assert_eq!(
        (r.status, r.body.contains(TRUMP)),
        (200, true),
        "{}",
        r.body
    );
    let form = format!("query={}", encode("ASK { ?a ng:metWith ?b }"));
    let r = http(
        p,
        "POST",
        "/query",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        &form,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("\"boolean\":true"), "{}", r.body);
    let r = http(p, "POST", "/query", &[("Content-Type", "text/plain")], MET);
    assert_eq!(r.status, 415);
    // The page and an unknown path.
    let r = http(p, "GET", "/", &[], "");
    assert!(
        r.status == 200 && r.content_type.starts_with("text/html") && r.body.contains("<textarea"),
        "{}",
        r.body
    );
    assert_eq!(http(p, "GET", "/nope", &[], "").status, 404);
}

#[test]
fn serve_is_read_only_unless_writable() {
    let (_dir, store) = seeded_store();
    let server = serve(&store, &[], None);
    let update =
        "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }";
    let r = http(
        server.port,
        "POST",
        "/update",
        &[("Content-Type", "application/sparql-update")],
        update,
    );
    assert_eq!(r.status, 403);
    assert!(r.body.contains("--writable"), "{}", r.body);
    let r = http(
        server.port,
        "PUT",
        "/store?graph=http%3A%2F%2Fexample.org%2Fg",
        &[("Content-Type", "application/n-triples")],
        "<http://e/a> <http://e/b> <http://e/c> .\n",
    );
    assert_eq!(r.status, 403);
    let r = get_query(server.port, "ASK { <http://example.org/a> ?p ?o }", "");
    assert!(
        r.body.contains("false"),
        "the refused update changed the store: {}",
        r.body
    );
    drop(server);

    let server = serve(&store, &["--writable"], None);
    let r = http(
        server.port,
        "POST",
        "/update",
        &[("Content-Type", "application/sparql-update")],
        update,
    );
    assert_eq!(r.status, 204, "{}", r.body);
    let r = get_query(server.port, "ASK { <http://example.org/a> ?p ?o }", "");
    assert!(r.body.contains("true"), "{}", r.body);
}

#[test]
fn serve_times_out_and_limits_results() {
    let (_dir, store) = seeded_store();
    let server = serve(&store, &["--timeout", "1", "--max-results", "5"], None);
    // A triple cross product over thousands of quads never finishes.
    let started = Instant::now();
    let r = get_query(
        server.port,
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        "",
    );
    assert_eq!(r.status, 503, "{}", r.body);
    assert!(r.body.contains("timed out"), "{}", r.body);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "took {:?}",
        started.elapsed()
    );
    let r = get_query(server.port, "SELECT * WHERE { ?s ?p ?o }", "");
    assert_eq!(r.status, 500, "{}", r.body);
    assert!(r.body.contains("more than 5 results"), "{}", r.body);
    let r = get_query(
        server.port,
        "SELECT * WHERE { ?s ?p ?o } LIMIT 5",
        "text/csv",
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body.lines().count(), 6, "{}", r.body);
    // The server still answers after a cancelled query.
    assert_eq!(get_query(server.port, "ASK { ?s ?p ?o }", "").status, 200);
}

fn has_dot() -> bool {
    Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn serve_renders_the_graph_as_svg_or_says_graphviz_is_missing() {
    let (dir, store) = seeded_store();
    if has_dot() {
        let server = serve(&store, &[], None);
        let r = http(server.port, "GET", "/graph.svg", &[], "");
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.content_type, "image/svg+xml");
        assert!(
            r.body.contains("<svg") && r.body.contains("Donald Trump"),
            "{}",
            &r.body[..200.min(r.body.len())]
        );
    } else {
        eprintln!("graphviz not installed: only the 503 case is tested");
    }
    // Without `dot` on the PATH: 503 with a message.
    let empty = dir.path().join("empty-bin");
    std::fs::create_dir_all(&empty).unwrap();
    let server = serve(&store, &[], Some(empty.to_str().unwrap()));
    let r = http(server.port, "GET", "/graph.svg", &[], "");
    assert_eq!(r.status, 503, "{}", r.body);
    assert!(r.body.contains("Graphviz"), "{}", r.body);
}

#[test]
fn sparqlwrapper_client_queries_the_endpoint() {
    let probe = Command::new("python3")
        .args(["-c", "import SPARQLWrapper"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!(
            "SKIPPED sparqlwrapper_client_queries_the_endpoint: python3 lacks SPARQLWrapper (pip install SPARQLWrapper)"
        );
        return;
    }
    let (_dir, store) = seeded_store();
    let server = serve(&store, &[], None);
    let r = run(Command::new("python3")
        .arg(root().join("tests/sparql_client.py"))
        .arg(format!("http://127.0.0.1:{}", server.port)));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("ok: "), "{}", r.stdout);
}

fn count_graphs(port: u16) -> usize {
    let r = get_query(
        port,
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s a ng:Article } }",
        "text/csv",
    );
    r.body
        .lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(usize::MAX)
}

#[test]
fn push_copies_article_graphs_to_a_graph_store() {
    let (dir, source) = seeded_store();
    let target = dir.path().join("target.db");
    let server = serve(&target, &["--writable"], None);
    assert_eq!(count_graphs(server.port), 0);
    let endpoint = format!("http://127.0.0.1:{}/store", server.port);
    let r = run(newsgraph()
        .args(["push", "--endpoint", &endpoint, "--store"])
        .arg(&source));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("pushed 5 article graphs (5 new, 0 replaced) and the reference, summary and ontology graphs"),
        "{}",
        r.stderr
    );
    assert_eq!(count_graphs(server.port), 5);
    let ask = get_query(
        server.port,
        &format!("ASK {{ GRAPH ?g {{ <{TRUMP}> ng:metWith ?x }} }}"),
        "",
    );
    assert!(ask.body.contains("true"), "{}", ask.body);
    // The same triples arrived: compare counts with the source store.
    const ARTICLE_QUADS: &str = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"https://w3id.org/newsgraph/id/article/\") || STR(?g) = \"https://w3id.org/newsgraph/reference\") }";
    let n_target = get_query(server.port, ARTICLE_QUADS, "text/csv").body;
    // A second push replaces, it does not duplicate.
    let again = run(newsgraph()
        .args(["push", "--endpoint", &endpoint, "--store"])
        .arg(&source));
    assert!(
        again.stderr.contains("(0 new, 5 replaced)"),
        "{}",
        again.stderr
    );
    let n_again = get_query(server.port, ARTICLE_QUADS, "text/csv").body;
    assert_eq!(n_target, n_again);
    let pushed_quads: usize = n_target
        .lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .unwrap();
    let nq = run(newsgraph()
        .args(["export", "--format", "nquads", "--store"])
        .arg(&source));
    assert_eq!(
        pushed_quads,
        nq.stdout.lines().filter(|l| !l.trim().is_empty()).count()
    );
    // The summary travels too: the README's meeting-count query answers
    // the same on the target as on the source.
    const MEETING_COUNTS: &str = "SELECT ?who ?meetings WHERE { GRAPH <https://w3id.org/newsgraph/summary> { ?p ng:meetingCount ?meetings } ?p rdfs:label ?who } ORDER BY DESC(?meetings) ?who LIMIT 4";
    let there = get_query(server.port, MEETING_COUNTS, "text/csv").body;
    let here = super::query(&source, MEETING_COUNTS, "csv").stdout;
    assert!(there.lines().count() > 1, "{there}");
    assert_eq!(
        there.lines().map(str::trim).collect::<Vec<_>>(),
        here.lines().map(str::trim).collect::<Vec<_>>()
    );
    // A GET of one graph answers in Turtle.
    let iri = format!("https://w3id.org/newsgraph/id/article/{}", "");
    let list = get_query(
        server.port,
        "SELECT ?g WHERE { GRAPH ?g { ?a a ng:Article } } ORDER BY ?g LIMIT 1",
        "text/csv",
    )
    .body;
    let g = list.lines().nth(1).unwrap().trim().to_string();
    assert!(g.starts_with(&iri), "{g}");
    let r = http(
        server.port,
        "GET",
        &format!("/store?graph={}", encode(&g)),
        &[("Accept", "text/turtle")],
        "",
    );
    assert_eq!(r.status, 200);
    assert!(r.body.contains("ng:Article"), "{}", r.body);
    // Pushing to a read-only endpoint fails with the server's message.
    drop(server);
    let readonly = serve(&target, &[], None);
    let r = run(newsgraph()
        .args([
            "push",
            "--endpoint",
            &format!("http://127.0.0.1:{}/store", readonly.port),
            "--store",
        ])
        .arg(&source));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("403") && r.stderr.contains("read-only"),
        "{}",
        r.stderr
    );
}

#[test]
fn stats_counts_and_ranks() {
    let (_dir, store) = seeded_store();
    let r = run(newsgraph()
        .args(["stats", "--format", "json", "--top", "3", "--store"])
        .arg(&store));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let by_type: usize = v["nodes_by_type"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap() as usize)
        .sum();
    assert_eq!(by_type, v["nodes"].as_u64().unwrap() as usize);
    let by_rel: usize = v["edges_by_relation"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap() as usize)
        .sum();
    assert_eq!(by_rel, v["edges"].as_u64().unwrap() as usize);
    assert_eq!(v["articles"], 5);
    // A graph this small gets the exact betweenness.
    assert_eq!(v["betweenness_sources"], v["nodes"]);
    let sampled = run(newsgraph()
        .args(["stats", "--sample", "7", "--store"])
        .arg(&store));
    assert_eq!(sampled.code, 0, "{}", sampled.stderr);
    assert!(
        sampled.stdout.contains(&format!(
            "estimated from shortest paths from 7 of the {} nodes",
            v["nodes"]
        )),
        "{}",
        sampled.stdout
    );
    let leaders = v["central_leaders"].as_array().unwrap();
    assert_eq!(leaders.len(), 3);
    let labels: Vec<&str> = leaders
        .iter()
        .map(|l| l["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"Donald Trump"), "{labels:?}");
    let ranks: Vec<f64> = leaders
        .iter()
        .map(|l| l["pagerank"].as_f64().unwrap())
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "{ranks:?}");
    assert!(!v["central_nations"].as_array().unwrap().is_empty());
    let table = run(newsgraph().args(["stats", "--store"]).arg(&store));
    assert!(
        table.stdout.contains("most central leaders") && table.stdout.contains("betweenness"),
        "{}",
        table.stdout
    );
}

fn json_export(store: &Path, args: &[&str]) -> serde_json::Value {
    let r = run(newsgraph()
        .args(["export", "--format", "json", "--store"])
        .arg(store)
        .args(args));
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

#[test]
fn graphml_and_csv_hold_the_same_graph_as_json() {
    let (dir, store) = seeded_store();
    let json = json_export(&store, &[]);
    let n_nodes = json["nodes"].as_array().unwrap().len();
    let n_edges = json["edges"].as_array().unwrap().len();
    let r = run(newsgraph()
        .args(["export", "--format", "graphml", "--store"])
        .arg(&store));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.matches("<node id=").count(), n_nodes);
    assert_eq!(r.stdout.matches("<edge id=").count(), n_edges);
    assert!(
        r.stdout.contains(
            "<key id=\"evidence\" for=\"edge\" attr.name=\"evidence\" attr.type=\"int\"/>"
        )
    );
    assert!(r.stdout.contains("<data key=\"relation\">metWith</data>"));
    // Every edge end is a declared node.
    let ids: std::collections::HashSet<&str> = r
        .stdout
        .split("<node id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    for part in r.stdout.split("<edge id=").skip(1) {
        for attr in ["source=\"", "target=\""] {
            let end = part
                .split(attr)
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap();
            assert!(ids.contains(end), "{end}");
        }
    }
    let out = dir.path().join("tables");
    let r = run(newsgraph()
        .args(["export", "--format", "csv", "-o"])
        .arg(&out)
        .arg("--store")
        .arg(&store));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut nodes = csv::Reader::from_path(out.join("nodes.csv")).unwrap();
    assert_eq!(
        nodes.headers().unwrap().iter().take(3).collect::<Vec<_>>(),
        ["id", "label", "type"]
    );
    assert_eq!(nodes.records().count(), n_nodes);
    let mut edges = csv::Reader::from_path(out.join("edges.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = edges.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), n_edges);
    assert!(
        rows.iter().all(|r| !r[8].is_empty()),
        "every edge row carries its evidence sentence"
    );
    // csv needs a directory.
    let r = run(newsgraph()
        .args(["export", "--format", "csv", "--store"])
        .arg(&store));
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("-o DIR"), "{}", r.stderr);
}

#[test]
fn export_filters_keep_the_graph_readable() {
    let (_dir, store) = seeded_store();
    let all = json_export(&store, &[]);
    let met = json_export(&store, &["--relation", "metWith"]);
    let edges = met["edges"].as_array().unwrap();
    assert!(!edges.is_empty());
    assert!(edges.iter().all(|e| e["relation"] == "metWith"));
    assert!(
        met["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["type"] == "Leader"),
        "{met}"
    );
    let leaders = json_export(&store, &["--type", "Leader,nation"]);
    assert!(
        leaders["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["type"] == "Leader" || n["type"] == "Nation")
    );
    assert!(
        leaders["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["type"] == "Nation")
    );
    let multi = json_export(&store, &["--min-sources", "2"]);
    assert!(
        multi["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["sources"].as_array().unwrap().len() >= 2)
    );
    assert!(multi["nodes"].as_array().unwrap().len() < all["nodes"].as_array().unwrap().len());
    let dot = run(newsgraph()
        .args([
            "export",
            "--format",
            "dot",
            "--relation",
            "metWith,hosted",
            "--store",
        ])
        .arg(&store));
    assert!(dot.stdout.contains("label=\"metWith\""), "{}", dot.stdout);
    assert!(
        !dot.stdout.contains("label=\"participant\""),
        "{}",
        dot.stdout
    );
    let bad = run(newsgraph()
        .args([
            "export",
            "--format",
            "dot",
            "--relation",
            "shookHands",
            "--store",
        ])
        .arg(&store));
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.contains("unknown relation \"shookHands\"") && bad.stderr.contains("metWith"),
        "{}",
        bad.stderr
    );
    let rdf = run(newsgraph()
        .args([
            "export", "--format", "turtle", "--type", "Leader", "--store",
        ])
        .arg(&store));
    assert_eq!(rdf.code, 1);
}

#[test]
fn html_and_jsonl_inputs_become_articles_with_url_and_title() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("page.html");
    std::fs::write(
        &html,
        r#"<html><head><meta property="og:title" content="Leaders meet in Berlin">
<meta property="article:published_time" content="2025-03-04T09:00:00Z">
<link rel="canonical" href="https://news.example/berlin"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><p>French President Emmanuel Macron met German Chancellor Friedrich Merz in Berlin on Tuesday, the two leaders said after talks that lasted most of the afternoon.</p>
<p>The two men discussed military aid for Ukraine and the future of European defence spending, officials from both governments told reporters afterwards.</p></article>
<footer>Copyright News Example. All rights reserved.</footer></body></html>"#,
    )
    .unwrap();
    let jsonl = dir.path().join("feed.jsonl");
    std::fs::write(
        &jsonl,
        "{\"body\": \"US President Donald Trump hosted Japanese Prime Minister Shigeru Ishiba at the White House.\", \"headline\": \"Ishiba visits\", \"published\": \"2025-02-07\", \"link\": \"https://news.example/ishiba\"}\n\
         {\"body\": \"unterminated\n\
         {\"headline\": \"no body\"}\n",
    )
    .unwrap();
    let store = dir.path().join("ng.db");
    let r = run(newsgraph()
        .arg("build")
        .arg(&html)
        .arg(&jsonl)
        .args([
            "--text-field",
            "body",
            "--title-field",
            "headline",
            "--date-field",
            "published",
            "--url-field",
            "link",
            "--store",
        ])
        .arg(&store));
    assert_eq!(r.code, 3, "skipped lines give exit code 3: {}", r.stderr);
    assert!(r.stderr.contains("articles: 2 read"), "{}", r.stderr);
    assert!(
        r.stderr.contains("feed.jsonl:2: invalid JSON"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("feed.jsonl:3: no \"body\" field"),
        "{}",
        r.stderr
    );
    let q = "SELECT ?url ?title ?date WHERE { ?a a ng:Article ; schema:url ?url ; schema:headline ?title . OPTIONAL { ?a schema:datePublished ?date } } ORDER BY ?url";
    let r = run(newsgraph()
        .args(["query", q, "--format", "csv", "--store"])
        .arg(&store));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("https://news.example/berlin,Leaders meet in Berlin"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("https://news.example/ishiba,Ishiba visits"),
        "{}",
        r.stdout
    );
    let r = run(newsgraph().args(["query", "ASK { ?m a ng:Meeting ; ng:participant <https://w3id.org/newsgraph/id/person/emmanuel-macron> }", "--store"]).arg(&store));
    assert_eq!(
        r.stdout.trim(),
        "true",
        "the HTML article text reached the extractor: {}",
        r.stderr
    );
    // No boilerplate reached the article text.
    let r = run(newsgraph()
        .arg("extract")
        .arg(&html)
        .args(["--format", "json"]));
    assert!(!r.stdout.contains("Copyright"), "{}", r.stdout);
    // --input-format overrides the extension.
    let renamed = dir.path().join("page.data");
    std::fs::copy(&html, &renamed).unwrap();
    let r = run(newsgraph().arg("extract").arg(&renamed).args([
        "--input-format",
        "html",
        "--format",
        "json",
    ]));
    assert!(r.stdout.contains("Emmanuel Macron"), "{}", r.stdout);
}

#[test]
fn completions_man_page_and_examples_in_help() {
    for (shell, marker) in [
        ("bash", "_newsgraph()"),
        ("zsh", "#compdef newsgraph"),
        ("fish", "complete -c newsgraph"),
    ] {
        let r = run(newsgraph().args(["completions", shell]));
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            r.stdout.contains(marker) && r.stdout.contains("serve"),
            "{shell}: {}",
            &r.stdout[..200.min(r.stdout.len())]
        );
    }
    let r = run(newsgraph().arg("man"));
    assert!(
        r.stdout.starts_with(".ie") || r.stdout.contains(".TH newsgraph"),
        "{}",
        &r.stdout[..200.min(r.stdout.len())]
    );
    assert!(
        r.stdout.contains("serve") && r.stdout.contains("\\-\\-max\\-results"),
        "man page lacks the serve options"
    );
    for sub in [
        "build",
        "extract",
        "query",
        "export",
        "eval",
        "stats",
        "serve",
        "push",
        "completions",
        "man",
    ] {
        let r = run(newsgraph().args([sub, "--help"]));
        assert!(
            r.stdout.contains("Examples:"),
            "{sub} --help has no examples"
        );
    }
}

/// The query page in a real browser: headless Chromium opens a link with a
/// query, the page's script runs it against the endpoint, and the rendered
/// DOM holds the result table.
#[test]
fn query_page_renders_results_in_a_browser() {
    let Some(chromium) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
    else {
        eprintln!(
            "SKIPPED query_page_renders_results_in_a_browser: no chromium (apt-get install chromium)"
        );
        return;
    };
    let (dir, store) = seeded_store();
    let server = serve(&store, &[], None);
    let query =
        "SELECT DISTINCT ?name WHERE { ?x ng:metWith ?y . ?x rdfs:label ?name } ORDER BY ?name";
    let url = format!("http://127.0.0.1:{}/?query={}", server.port, encode(query));
    let profile = dir.path().join("chromium-profile");
    let r = run(Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--virtual-time-budget=10000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(&url));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("<table>"),
        "no result table in {}",
        r.stdout
    );
    assert!(r.stdout.contains("<td>Donald Trump</td>"), "{}", r.stdout);
    assert!(r.stdout.contains(" rows, "), "no row count in {}", r.stdout);
}

#[test]
fn readers_share_the_store_with_a_server_and_writers_say_what_to_do() {
    let (_dir, store) = seeded_store();
    let server = serve(&store, &[], None);
    let count = "SELECT (COUNT(*) AS ?n) WHERE { ?a ng:metWith ?b }";
    let r = query(&store, count, "csv");
    assert_eq!(r.code, 0, "query beside a server: {}", r.stderr);
    let over_http = http(
        server.port,
        "GET",
        &format!("/query?query={}", encode(count)),
        &[("Accept", "text/csv")],
        "",
    );
    assert_eq!(over_http.status, 200, "{}", over_http.body);
    assert_eq!(
        r.stdout.lines().nth(1),
        over_http.body.lines().nth(1),
        "the command line and the server read the same store"
    );
    for args in [
        &["export", "--format", "nquads"][..],
        &["stats", "--format", "json"],
    ] {
        let r = run(newsgraph().args(args).arg("--store").arg(&store));
        assert_eq!(r.code, 0, "{args:?} beside a server: {}", r.stderr);
        assert!(!r.stdout.is_empty());
    }
    let r = run(newsgraph()
        .arg("build")
        .arg(root().join("tests/news/voa/articles/voa_6180705.txt"))
        .arg("--store")
        .arg(&store));
    assert_ne!(r.code, 0, "a build beside a server must not write");
    assert!(
        r.stderr.contains("another newsgraph process") && r.stderr.contains("--writable"),
        "{}",
        r.stderr
    );
    drop(server);
    let r = run(newsgraph()
        .arg("build")
        .arg(root().join("tests/news/voa/articles/voa_6180705.txt"))
        .arg("--store")
        .arg(&store));
    assert_eq!(r.code, 0, "a build after the server stopped: {}", r.stderr);
    let writer = serve(&store, &["--writable"], None);
    let r = query(&store, count, "csv");
    assert_ne!(r.code, 0, "a reader beside a writable server");
    assert!(r.stderr.contains("writing to the store"), "{}", r.stderr);
    drop(writer);
}

#[test]
fn the_endpoint_answers_head_options_and_cross_origin_requests() {
    let (_dir, store) = seeded_store();
    let query = format!("/query?query={}", encode("ASK { ?a ng:metWith ?b }"));
    // Without --cors: no cross-origin header, but HEAD and OPTIONS work.
    let plain = serve(&store, &[], None);
    let r = http(plain.port, "GET", &query, &[("Accept", "text/csv")], "");
    assert_eq!(r.status, 200);
    assert!(r.header("access-control-allow-origin").is_none());
    let r = http(plain.port, "HEAD", &query, &[("Accept", "text/csv")], "");
    assert_eq!(r.status, 200);
    assert_eq!(r.content_type, "text/csv; charset=utf-8");
    assert!(r.body.is_empty(), "HEAD has no body: {:?}", r.body);
    let r = http(plain.port, "OPTIONS", "/query", &[], "");
    assert_eq!(r.status, 204);
    assert_eq!(r.header("allow"), Some("GET, HEAD, POST, OPTIONS"));
    let r = http(plain.port, "OPTIONS", "/store", &[], "");
    assert_eq!(
        r.header("allow"),
        Some("GET, HEAD, OPTIONS"),
        "read-only store"
    );
    assert_eq!(http(plain.port, "OPTIONS", "/nowhere", &[], "").status, 404);
    drop(plain);
    // With --cors: answers and preflights carry the headers a browser needs.
    let open = serve(&store, &["--cors"], None);
    let r = http(
        open.port,
        "GET",
        &query,
        &[("Accept", "text/csv"), ("Origin", "https://example.org")],
        "",
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    let r = http(
        open.port,
        "OPTIONS",
        "/query",
        &[
            ("Origin", "https://example.org"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
        "",
    );
    assert_eq!(r.status, 204);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(r.header("allow"), Some("GET, HEAD, POST, OPTIONS"));
    assert!(
        r.header("access-control-allow-headers")
            .is_some_and(|h| h.contains("Content-Type"))
    );
}

#[test]
fn export_all_graphs_adds_the_summary_and_the_ontology() {
    let (_dir, store) = seeded_store();
    let plain = run(newsgraph()
        .args(["export", "--format", "nquads", "--store"])
        .arg(&store));
    let all = run(newsgraph()
        .args(["export", "--format", "nquads", "--all-graphs", "--store"])
        .arg(&store));
    assert_eq!(all.code, 0, "{}", all.stderr);
    let in_graph = |out: &str, g: &str| {
        out.lines()
            .filter(|l| l.ends_with(&format!("<{g}> .")))
            .count()
    };
    for g in [
        "https://w3id.org/newsgraph/summary",
        "https://w3id.org/newsgraph/ontology",
    ] {
        assert_eq!(in_graph(&plain.stdout, g), 0, "{g} only on request");
        assert!(in_graph(&all.stdout, g) > 0, "{g} missing");
    }
    assert!(all.stdout.contains("meetingCount"));
    // The article quads are the same in both.
    assert!(plain.stdout.lines().all(|l| all.stdout.contains(l)));
    let r = run(newsgraph()
        .args(["export", "--format", "json", "--all-graphs", "--store"])
        .arg(&store));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("--all-graphs applies to the RDF formats"),
        "{}",
        r.stderr
    );
}

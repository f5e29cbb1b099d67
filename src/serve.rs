//! The SPARQL 1.1 Protocol endpoint: HTTP requests -> answers from the
//! [`Store`].
//!
//! `/query` answers GET (`?query=`) and POST (an `application/sparql-query`
//! body or a form with `query=`), with results in the format the `Accept`
//! header asks for (JSON, XML, CSV, TSV; Turtle, N-Triples, RDF/XML, JSON-LD
//! for CONSTRUCT and DESCRIBE). `/update` and the Graph Store Protocol writes
//! on `/store?graph=IRI` answer 403 unless the server is writable. Every
//! query runs under a timeout (a timer thread cancels it) and a limit on the
//! number of results; both answer with a plain-text message. `/` is a small
//! HTML page to type queries, `/graph.svg` the DOT export rendered by
//! Graphviz when `dot` is installed.
//!
//! Answers are computed in full before the first byte is sent, so a query
//! that times out or grows too large gets a proper status code instead of a
//! truncated body.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use oxhttp::Server;
use oxhttp::model::header::{ACCEPT, CONTENT_TYPE};
use oxhttp::model::{Body, HeaderName, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{NamedNode, Triple};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryResults, QuerySolution, Variable};

use crate::budget::Allowance;
use crate::error::{Error, Result};
use crate::graph::Graph;
use crate::store::{QUERY_STACK_BYTES, RequestDataset, Store, on_query_stack};
use crate::vocab::{Base, PREFIXES};

/// How the endpoint behaves.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub bind: SocketAddr,
    /// The longest a query may run.
    pub timeout: Duration,
    /// The most solutions (or triples) one answer may hold.
    pub max_results: usize,
    /// The most memory one query may hold while it is evaluated and its
    /// answer written, in bytes.
    pub max_memory: usize,
    /// The most queries evaluated at once; others wait [`BUSY_WAIT`], then
    /// get a 503.
    pub max_queries: usize,
    /// Allow SPARQL updates and Graph Store Protocol writes.
    pub writable: bool,
    /// Let pages of any origin read the answers (CORS): a browser
    /// application on another host may then query the endpoint.
    pub cors: bool,
}

/// The largest request body read (queries, updates, uploaded graphs).
const MAX_BODY: u64 = 64 * 1024 * 1024;

/// How long a query waits for one of the `max_queries` places.
pub const BUSY_WAIT: Duration = Duration::from_secs(2);

/// How often the thread that answers checks its query's time and memory.
const WATCH_EVERY: Duration = Duration::from_millis(5);

struct State {
    store: Store,
    options: ServeOptions,
    places: Places,
}

/// A counting semaphore of query places. A place is held by the thread
/// that evaluates, until that thread ends: a query given up at its
/// deadline keeps its place until it has stopped, so the number of
/// evaluations, and the memory they hold, stay bounded.
struct Places {
    free: Mutex<usize>,
    freed: Condvar,
}

/// One place, given back when dropped; it keeps the server's state alive.
struct Place(Arc<State>);

impl Places {
    fn new(n: usize) -> Places {
        Places {
            free: Mutex::new(n.max(1)),
            freed: Condvar::new(),
        }
    }

    fn take(state: &Arc<State>, wait: Duration) -> Option<Place> {
        let places = &state.places;
        let deadline = Instant::now() + wait;
        let mut free = places.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            let left = deadline.checked_duration_since(Instant::now())?;
            free = places
                .freed
                .wait_timeout(free, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        *free -= 1;
        drop(free);
        Some(Place(Arc::clone(state)))
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        let places = &self.0.places;
        *places.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        places.freed.notify_one();
    }
}

/// Starts the endpoint and blocks while it runs.
pub fn serve(store: Store, options: ServeOptions) -> Result<()> {
    let bind = options.bind;
    let places = Places::new(options.max_queries);
    let state = Arc::new(State {
        store,
        options,
        places,
    });
    let server = Server::new(move |request| handle(&state, request))
        .bind(bind)
        .with_global_timeout(Duration::from_secs(60))
        .with_max_concurrent_connections(64);
    let running = server
        .spawn()
        .map_err(|e| Error::io(format!("bind {bind}"), e))?;
    running
        .join()
        .map_err(|e| Error::io(format!("serve {bind}"), e))
}

/// A complete HTTP answer.
struct Answer {
    status: StatusCode,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Answer {
    fn ok(content_type: &'static str, body: Vec<u8>) -> Answer {
        Answer {
            status: StatusCode::OK,
            content_type,
            body,
        }
    }

    fn text(status: StatusCode, message: impl Into<String>) -> Answer {
        let mut body = message.into().into_bytes();
        body.push(b'\n');
        Answer {
            status,
            content_type: "text/plain; charset=utf-8",
            body,
        }
    }

    fn empty(status: StatusCode) -> Answer {
        Answer {
            status,
            content_type: "text/plain; charset=utf-8",
            body: Vec::new(),
        }
    }

    fn into_response(self) -> Response<Body> {
        let mut response = Response::new(Body::from(self.body));
        *response.status_mut() = self.status;
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(self.content_type));
        response
    }
}

/// Answers one request. A panic while answering becomes a 500 for that
/// request alone: the server goes on with the others. HEAD is answered as
/// GET without the body; OPTIONS names the methods a path takes (and, with
/// `--cors`, answers a browser's preflight).
fn handle(state: &Arc<State>, request: &mut Request<Body>) -> Response<Body> {
    let head = request.method() == Method::HEAD;
    if head {
        *request.method_mut() = Method::GET;
    }
    let mut response = if request.method() == Method::OPTIONS {
        options(state, request.uri().path())
    } else {
        answer_or_500(|| route(state, request)).into_response()
    };
    if head {
        *response.body_mut() = Body::empty();
    }
    if state.options.cors {
        let headers = response.headers_mut();
        headers.insert(
            HeaderName::from_static("access-control-allow-origin"),
            HeaderValue::from_static("*"),
        );
        // A preflight (an OPTIONS answer, the one with `Allow`) also names
        // the request headers a page may send: Content-Type, for a query
        // or update in a POST body. It cannot name methods: oxhttp 0.3
        // drops `Access-Control-Allow-Methods` from every response. GET,
        // HEAD and POST need none (browsers allow them by default), so
        // pages can query and update; PUT and DELETE of the Graph Store
        // stay closed to other origins.
        if headers.contains_key(HeaderName::from_static("allow")) {
            headers.insert(
                HeaderName::from_static("access-control-allow-headers"),
                HeaderValue::from_static("Accept, Content-Type"),
            );
            headers.insert(
                HeaderName::from_static("access-control-max-age"),
                HeaderValue::from_static("600"),
            );
        }
    }
    response
}

/// The answer to OPTIONS: 204 with the methods the path takes in `Allow`
/// (writes only on a writable server), or 404 for an unknown path.
fn options(state: &State, path: &str) -> Response<Body> {
    let allow = match (path, state.options.writable) {
        ("/" | "/graph.svg", _) => "GET, HEAD, OPTIONS",
        ("/query", _) => "GET, HEAD, POST, OPTIONS",
        ("/update", true) => "POST, OPTIONS",
        ("/update", false) => "OPTIONS",
        ("/store", true) => "GET, HEAD, PUT, DELETE, OPTIONS",
        ("/store", false) => "GET, HEAD, OPTIONS",
        _ => {
            return Answer::text(StatusCode::NOT_FOUND, format!("no such page {path}"))
                .into_response();
        }
    };
    let mut response = Answer::empty(StatusCode::NO_CONTENT).into_response();
    response.headers_mut().remove(CONTENT_TYPE);
    response.headers_mut().insert(
        HeaderName::from_static("allow"),
        HeaderValue::from_static(allow),
    );
    response
}

/// The answer `work` gives, or a 500 naming the panic if it panics.
fn answer_or_500(work: impl FnOnce() -> Answer) -> Answer {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        Answer::text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!(
                "internal error: {}",
                crate::store::panic_message(panic.as_ref())
            ),
        )
    })
}

fn route(state: &Arc<State>, request: &mut Request<Body>) -> Answer {
    let path = request.uri().path().to_string();
    let method = request.method().clone();
    match (path.as_str(), method) {
        ("/", Method::GET) => Answer::ok("text/html; charset=utf-8", PAGE.as_bytes().to_vec()),
        ("/query", Method::GET) => {
            let params = request.uri().query().unwrap_or("").to_string();
            match (param(&params, "query"), request_dataset(&params)) {
                (_, Err(answer)) => answer,
                (Some(q), Ok(dataset)) => run_query(state, q, dataset, accept(request)),
                (None, Ok(_)) => Answer::text(
                    StatusCode::BAD_REQUEST,
                    "missing query: use /query?query=...",
                ),
            }
        }
        ("/query", Method::POST) => {
            let params = request.uri().query().unwrap_or("").to_string();
            let form = content_type(request) == "application/x-www-form-urlencoded";
            match read_operation(request, "application/sparql-query", "query") {
                Ok((q, body)) => {
                    // A form carries the dataset parameters in its body, a
                    // direct POST in the URL.
                    let dataset = if form {
                        request_dataset(&body)
                    } else {
                        request_dataset(&params)
                    };
                    match dataset {
                        Ok(dataset) => run_query(state, q, dataset, accept(request)),
                        Err(answer) => answer,
                    }
                }
                Err(answer) => answer,
            }
        }
        ("/update", Method::POST) if !state.options.writable => forbidden(),
        ("/update", Method::POST) => {
            match read_operation(request, "application/sparql-update", "update") {
                Ok((u, _)) => match on_query_stack(|| state.store.update(&u)) {
                    Ok(()) => Answer::empty(StatusCode::NO_CONTENT),
                    Err(e @ Error::Query(_)) => {
                        Answer::text(StatusCode::BAD_REQUEST, e.to_string())
                    }
                    Err(e) => Answer::text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
                },
                Err(answer) => answer,
            }
        }
        ("/update", _) if !state.options.writable => forbidden(),
        ("/store", Method::GET) => graph_store_get(state, request),
        ("/store", Method::PUT | Method::DELETE) if !state.options.writable => forbidden(),
        ("/store", Method::PUT) => graph_store_put(state, request),
        ("/store", Method::DELETE) => match store_graph(request) {
            Ok(g) => match state.store.delete_graph(&g) {
                Ok(true) => Answer::empty(StatusCode::NO_CONTENT),
                Ok(false) => {
                    Answer::text(StatusCode::NOT_FOUND, format!("no graph <{}>", g.as_str()))
                }
                Err(e) => Answer::text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
            },
            Err(answer) => answer,
        },
        ("/graph.svg", Method::GET) => graph_svg(state),
        ("/" | "/query" | "/update" | "/store" | "/graph.svg", _) => {
            Answer::text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed here")
        }
        _ => Answer::text(
            StatusCode::NOT_FOUND,
            format!("no such page {path} (try /, /query, /update, /store, /graph.svg)"),
        ),
    }
}

fn forbidden() -> Answer {
    Answer::text(
        StatusCode::FORBIDDEN,
        "this endpoint is read-only: start it with `newsgraph serve --writable` to allow updates",
    )
}

fn accept(request: &Request<Body>) -> String {
    request
        .headers()
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

fn content_type(request: &Request<Body>) -> String {
    request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default()
}

fn read_body(request: &mut Request<Body>) -> std::result::Result<Vec<u8>, Answer> {
    let mut body = Vec::new();
    request
        .body_mut()
        .take(MAX_BODY + 1)
        .read_to_end(&mut body)
        .map_err(|e| {
            Answer::text(
                StatusCode::BAD_REQUEST,
                format!("cannot read the request body: {e}"),
            )
        })?;
    if body.len() as u64 > MAX_BODY {
        return Err(Answer::text(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("request body larger than {MAX_BODY} bytes"),
        ));
    }
    Ok(body)
}

/// The query or update of a POST: a direct body of `direct_type`, or the
/// `field` of a form; with the body's text.
fn read_operation(
    request: &mut Request<Body>,
    direct_type: &str,
    field: &str,
) -> std::result::Result<(String, String), Answer> {
    let kind = content_type(request);
    let body = read_body(request)?;
    let text = String::from_utf8(body)
        .map_err(|_| Answer::text(StatusCode::BAD_REQUEST, "the request body is not UTF-8"))?;
    if kind == direct_type {
        Ok((text.clone(), text))
    } else if kind == "application/x-www-form-urlencoded" {
        match param(&text, field) {
            Some(value) => Ok((value, text)),
            None => Err(Answer::text(
                StatusCode::BAD_REQUEST,
                format!("missing form field {field:?}"),
            )),
        }
    } else {
        Err(Answer::text(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "send the {field} as {direct_type} or as application/x-www-form-urlencoded with {field}="
            ),
        ))
    }
}

/// The `default-graph-uri` and `named-graph-uri` parameters of a query
/// request, each as often as given.
fn request_dataset(params: &str) -> std::result::Result<RequestDataset, Answer> {
    let graphs = |name: &str| {
        params_all(params, name)
            .into_iter()
            .map(|iri| {
                NamedNode::new(iri.clone()).map_err(|e| {
                    Answer::text(
                        StatusCode::BAD_REQUEST,
                        format!("invalid {name} {iri:?}: {e}"),
                    )
                })
            })
            .collect::<std::result::Result<Vec<_>, _>>()
    };
    Ok(RequestDataset {
        default_graphs: graphs("default-graph-uri")?,
        named_graphs: graphs("named-graph-uri")?,
    })
}

/// Every value of a parameter in a query string or form body.
pub fn params_all(query: &str, name: &str) -> Vec<String> {
    query
        .split('&')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k) == name).then(|| percent_decode(v))
        })
        .collect()
}

/// The first value of a parameter in a query string or form body.
pub fn param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (percent_decode(k) == name).then(|| percent_decode(v))
    })
}

/// Decodes `application/x-www-form-urlencoded` text: `+` is a space and
/// `%XX` a byte; malformed escapes are kept as they are.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = s
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes a string for a URL query component.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

const SOLUTION_TYPES: &[(&str, QueryResultsFormat)] = &[
    ("application/sparql-results+json", QueryResultsFormat::Json),
    ("application/json", QueryResultsFormat::Json),
    ("application/sparql-results+xml", QueryResultsFormat::Xml),
    ("application/xml", QueryResultsFormat::Xml),
    ("text/csv", QueryResultsFormat::Csv),
    ("text/tab-separated-values", QueryResultsFormat::Tsv),
    ("text/xml", QueryResultsFormat::Xml),
];

const JSON_LD: RdfFormat = RdfFormat::JsonLd {
    profile: oxigraph::io::JsonLdProfileSet::empty(),
};

const GRAPH_TYPES: &[(&str, RdfFormat)] = &[
    ("text/turtle", RdfFormat::Turtle),
    ("application/x-turtle", RdfFormat::Turtle),
    ("application/turtle", RdfFormat::Turtle),
    ("application/n-triples", RdfFormat::NTriples),
    ("text/plain", RdfFormat::NTriples),
    ("application/rdf+xml", RdfFormat::RdfXml),
    ("application/ld+json", JSON_LD),
    ("application/json", JSON_LD),
];

/// Picks the format the Accept header prefers among `offers` (media type,
/// format); `*/*`, `type/*` and an absent header give the first offer.
/// None when the client accepts nothing we can write (406).
pub fn negotiate<F: Copy>(accept: &str, offers: &[(&str, F)]) -> Option<F> {
    let first = offers.first()?.1;
    let mut ranges: Vec<(String, f32)> = accept
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let media = pieces.next()?.trim().to_ascii_lowercase();
            if media.is_empty() {
                return None;
            }
            let q = pieces
                .filter_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|v| v.trim().parse::<f32>().ok())
                })
                .next()
                .unwrap_or(1.0);
            Some((media, q))
        })
        .collect();
    if ranges.is_empty() {
        return Some(first);
    }
    // q=0 means "not this one".
    ranges.retain(|(_, q)| *q > 0.0);
    // Stable: equal weights keep the client's order.
    ranges.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal));
    for (media, _) in &ranges {
        if media == "*/*" {
            return Some(first);
        }
        if let Some(kind) = media.strip_suffix("/*") {
            if let Some((_, f)) = offers
                .iter()
                .find(|(m, _)| m.split('/').next() == Some(kind))
            {
                return Some(*f);
            }
            continue;
        }
        if let Some((_, f)) = offers.iter().find(|(m, _)| *m == media) {
            return Some(*f);
        }
    }
    None
}

fn not_acceptable<F>(offers: &[(&str, F)]) -> Answer {
    let types: Vec<&str> = offers.iter().map(|(m, _)| *m).collect();
    Answer::text(
        StatusCode::NOT_ACCEPTABLE,
        format!(
            "cannot answer in the requested format; available: {}",
            types.join(", ")
        ),
    )
}

/// A query's answer held in memory.
enum Evaluated {
    Solutions(Vec<Variable>, Vec<QuerySolution>),
    Boolean(bool),
    Triples(Vec<Triple>),
}

/// Why an evaluation stopped.
enum Failure {
    Syntax(String),
    TooLarge,
    Other(String),
}

/// Evaluates a query on a thread of its own and waits for its answer
/// until the deadline or until the query holds more than `--max-memory`;
/// then the query is cancelled and the client gets a 503 at once, whether
/// or not the evaluation has noticed yet (sorting or joining many rows, it
/// may run on for a while, keeping its place).
fn run_query(
    state: &Arc<State>,
    sparql: String,
    dataset: RequestDataset,
    accept: String,
) -> Answer {
    let started = Instant::now();
    let options = &state.options;
    let Some(place) = Places::take(state, BUSY_WAIT) else {
        return Answer::text(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "busy: {} queries are running (the server's --max-queries); try again shortly",
                options.max_queries
            ),
        );
    };
    let Some(allowance) = Allowance::claim().map(Arc::new) else {
        return Answer::text(StatusCode::SERVICE_UNAVAILABLE, "busy: try again shortly");
    };
    let token = CancellationToken::new();
    let (send, answer) = mpsc::channel::<Answer>();
    let worker = {
        let (token, allowance) = (token.clone(), Arc::clone(&allowance));
        // Parsing and evaluation recurse over the query's structure: the
        // thread has a stack sized for the longest query accepted.
        thread::Builder::new()
            .name("newsgraph query".into())
            .stack_size(QUERY_STACK_BYTES)
            .spawn(move || {
                let _counted = allowance.enter();
                let state = &place.0;
                let answer = answer_or_500(|| match evaluate(state, &sparql, &dataset, token) {
                    Ok(evaluated) => serialize(evaluated, &accept),
                    Err(failure) => failure_answer(state, failure),
                });
                let _ = send.send(answer);
            })
    };
    if let Err(e) = worker {
        return Answer::text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot start the query thread: {e}"),
        );
    }
    let deadline = started + options.timeout;
    loop {
        match answer.recv_timeout(WATCH_EVERY) {
            Ok(answer) => return answer,
            Err(RecvTimeoutError::Disconnected) => {
                return Answer::text(StatusCode::INTERNAL_SERVER_ERROR, "the query thread ended");
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
        if Instant::now() >= deadline {
            token.cancel();
            return Answer::text(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "query timed out after {} s (the server's --timeout); narrow it or add LIMIT",
                    options.timeout.as_secs_f64()
                ),
            );
        }
        if allowance.bytes() > options.max_memory {
            token.cancel();
            return Answer::text(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "query stopped: it held more than {} MB (the server's --max-memory); narrow it or add LIMIT",
                    options.max_memory / (1024 * 1024)
                ),
            );
        }
    }
}

fn failure_answer(state: &State, failure: Failure) -> Answer {
    match failure {
        Failure::Syntax(m) => Answer::text(StatusCode::BAD_REQUEST, m),
        Failure::TooLarge => Answer::text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!(
                "result too large: more than {} results (the server's --max-results); add LIMIT or narrow the query",
                state.options.max_results
            ),
        ),
        Failure::Other(m) => Answer::text(StatusCode::INTERNAL_SERVER_ERROR, m),
    }
}

fn evaluate(
    state: &State,
    sparql: &str,
    dataset: &RequestDataset,
    token: CancellationToken,
) -> std::result::Result<Evaluated, Failure> {
    let max = state.options.max_results;
    let results = state
        .store
        .query_cancellable(sparql, dataset, token)
        .map_err(|e| match e {
            Error::Query(m) if m.starts_with("invalid query") => Failure::Syntax(m),
            other => Failure::Other(other.to_string()),
        })?;
    match results {
        QueryResults::Boolean(b) => Ok(Evaluated::Boolean(b)),
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let mut rows = Vec::new();
            for row in solutions {
                if rows.len() == max {
                    return Err(Failure::TooLarge);
                }
                rows.push(row.map_err(|e| Failure::Other(format!("query failed: {e}")))?);
            }
            Ok(Evaluated::Solutions(variables, rows))
        }
        QueryResults::Graph(triples) => {
            let mut out = Vec::new();
            for t in triples {
                if out.len() == max {
                    return Err(Failure::TooLarge);
                }
                out.push(t.map_err(|e| Failure::Other(format!("query failed: {e}")))?);
            }
            Ok(Evaluated::Triples(out))
        }
    }
}

fn serialize(evaluated: Evaluated, accept: &str) -> Answer {
    let result = match evaluated {
        Evaluated::Solutions(variables, rows) => {
            let Some(format) = negotiate(accept, SOLUTION_TYPES) else {
                return not_acceptable(SOLUTION_TYPES);
            };
            write_solutions(format, variables, &rows).map(|b| (format.media_type(), b))
        }
        Evaluated::Boolean(value) => {
            let Some(format) = negotiate(accept, SOLUTION_TYPES) else {
                return not_acceptable(SOLUTION_TYPES);
            };
            QueryResultsSerializer::from_format(format)
                .serialize_boolean_to_writer(Vec::new(), value)
                .map(|b| (format.media_type(), b))
        }
        Evaluated::Triples(triples) => {
            let Some(format) = negotiate(accept, GRAPH_TYPES) else {
                return not_acceptable(GRAPH_TYPES);
            };
            write_triples(format, &triples).map(|b| (format.media_type(), b))
        }
    };
    match result {
        Ok((media_type, body)) => Answer::ok(media_type, body),
        Err(e) => Answer::text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot write the results: {e}"),
        ),
    }
}

fn write_solutions(
    format: QueryResultsFormat,
    variables: Vec<Variable>,
    rows: &[QuerySolution],
) -> std::io::Result<Vec<u8>> {
    let mut w = QueryResultsSerializer::from_format(format)
        .serialize_solutions_to_writer(Vec::new(), variables)?;
    for row in rows {
        w.serialize(row)?;
    }
    w.finish()
}

fn write_triples(format: RdfFormat, triples: &[Triple]) -> std::io::Result<Vec<u8>> {
    let mut serializer = RdfSerializer::from_format(format);
    if matches!(format, RdfFormat::Turtle | RdfFormat::RdfXml) {
        for (prefix, iri) in PREFIXES {
            serializer = serializer
                .with_prefix(prefix, iri)
                .map_err(std::io::Error::other)?;
        }
    }
    let mut w = serializer.for_writer(Vec::new());
    for t in triples {
        w.serialize_triple(t)?;
    }
    w.finish()
}

/// The `graph` parameter of a Graph Store Protocol request.
fn store_graph(request: &Request<Body>) -> std::result::Result<NamedNode, Answer> {
    let query = request.uri().query().unwrap_or("");
    let Some(iri) = param(query, "graph") else {
        return Err(Answer::text(
            StatusCode::BAD_REQUEST,
            "give the graph as /store?graph=IRI (the default graph is the union and cannot be written)",
        ));
    };
    NamedNode::new(iri.clone()).map_err(|e| {
        Answer::text(
            StatusCode::BAD_REQUEST,
            format!("invalid graph IRI {iri:?}: {e}"),
        )
    })
}

fn graph_store_get(state: &State, request: &Request<Body>) -> Answer {
    let graph = match store_graph(request) {
        Ok(g) => g,
        Err(answer) => return answer,
    };
    match state.store.has_graph(&graph) {
        Ok(true) => {}
        Ok(false) => {
            return Answer::text(
                StatusCode::NOT_FOUND,
                format!("no graph <{}>", graph.as_str()),
            );
        }
        Err(e) => return Answer::text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
    let Some(format) = negotiate(&accept(request), GRAPH_TYPES) else {
        return not_acceptable(GRAPH_TYPES);
    };
    let quads = match state.store.graph_quads(&graph) {
        Ok(q) => q,
        Err(e) => return Answer::text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    let triples: Vec<Triple> = quads.into_iter().map(Triple::from).collect();
    match write_triples(format, &triples) {
        Ok(body) => Answer::ok(format.media_type(), body),
        Err(e) => Answer::text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot write the graph: {e}"),
        ),
    }
}

fn graph_store_put(state: &State, request: &mut Request<Body>) -> Answer {
    let graph = match store_graph(request) {
        Ok(g) => g,
        Err(answer) => return answer,
    };
    let kind = content_type(request);
    let Some(format) = RdfFormat::from_media_type(&kind).filter(|f| !f.supports_datasets()) else {
        return Answer::text(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "cannot read {kind:?}: send text/turtle, application/n-triples, application/rdf+xml or application/ld+json"
            ),
        );
    };
    let body = match read_body(request) {
        Ok(b) => b,
        Err(answer) => return answer,
    };
    match state.store.put_graph(&graph, format, &body) {
        Ok(true) => Answer::empty(StatusCode::CREATED),
        Ok(false) => Answer::empty(StatusCode::NO_CONTENT),
        Err(e @ Error::Query(_)) => Answer::text(StatusCode::BAD_REQUEST, e.to_string()),
        Err(e) => Answer::text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// The DOT export rendered by Graphviz, under the query timeout and for
/// graphs of at most `--max-results` quads: a large store would otherwise
/// be read whole into memory and handed to `dot` for minutes.
fn graph_svg(state: &State) -> Answer {
    let deadline = Instant::now() + state.options.timeout;
    let base = Base::default();
    let limit = state.options.max_results;
    let quads = match state.store.article_quads_at_most(&base, limit) {
        Ok(Some(q)) => q,
        Ok(None) => {
            return Answer::text(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "graph too large to render here: more than {limit} quads (the server's --max-results); use `newsgraph export --format dot` with --relation, --type or --min-sources"
                ),
            );
        }
        Err(e) => return Answer::text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    let mut dot = Vec::new();
    if let Err(e) = crate::export::dot::write(&Graph::from_quads(&quads, &base), &mut dot) {
        return Answer::text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot write DOT: {e}"),
        );
    }
    drop(quads);
    match render_svg(dot, deadline) {
        Ok(svg) => Answer::ok("image/svg+xml", svg),
        Err(RenderError::Missing) => Answer::text(
            StatusCode::SERVICE_UNAVAILABLE,
            "Graphviz `dot` is not installed on the server (install graphviz, or use `newsgraph export --format dot`)",
        ),
        Err(RenderError::Timeout) => Answer::text(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "rendering the graph timed out after {} s (the server's --timeout); use `newsgraph export --format dot` with filters",
                state.options.timeout.as_secs_f64()
            ),
        ),
        Err(RenderError::Failed(m)) => Answer::text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("Graphviz failed: {m}"),
        ),
    }
}

enum RenderError {
    Missing,
    Timeout,
    Failed(String),
}

/// Runs `dot -Tsvg` on the DOT text, killing it at the deadline.
fn render_svg(dot: Vec<u8>, deadline: Instant) -> std::result::Result<Vec<u8>, RenderError> {
    if Instant::now() >= deadline {
        return Err(RenderError::Timeout);
    }
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                RenderError::Missing
            } else {
                RenderError::Failed(e.to_string())
            }
        })?;
    // Pipes are written and read on threads of their own, so a large graph
    // cannot deadlock on full pipes and the wait below can give up.
    let (Some(mut stdin), Some(mut stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(RenderError::Failed("no pipes to dot".into()));
    };
    let writer = thread::spawn(move || stdin.write_all(&dot));
    let reader = thread::spawn(move || {
        let mut out = Vec::new();
        stdout.read_to_end(&mut out).map(|_| out)
    });
    let errors = thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stderr.read_to_end(&mut out);
        out
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                // Killing dot closes its pipes, which ends the threads;
                // they are not waited for, in case something dot started
                // still holds the pipes.
                let _ = child.kill();
                let _ = child.wait();
                return Err(RenderError::Timeout);
            }
            Ok(None) => thread::sleep(Duration::from_millis(10)),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RenderError::Failed(e.to_string()));
            }
        }
    };
    let _ = writer.join();
    let output = reader
        .join()
        .map_err(|_| RenderError::Failed("reading dot's output failed".into()))?
        .map_err(|e| RenderError::Failed(e.to_string()))?;
    let errors = errors.join().unwrap_or_default();
    if !status.success() {
        return Err(RenderError::Failed(
            String::from_utf8_lossy(&errors).trim().to_string(),
        ));
    }
    Ok(output)
}

const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>newsgraph SPARQL</title>
<style>
body { font-family: sans-serif; margin: 2em; max-width: 70em; }
textarea { width: 100%; height: 10em; font-family: monospace; }
table { border-collapse: collapse; margin-top: 1em; }
td, th { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
pre { background: #f6f6f6; padding: 1em; overflow: auto; }
#status { color: #666; }
</style>
</head>
<body>
<h1>newsgraph SPARQL</h1>
<p>Prefixes <code>ng:</code>, <code>id:</code>, <code>schema:</code>, <code>rdfs:</code>, <code>skos:</code> are predeclared.
The endpoint is at <code>/query</code>; see also <a href="/graph.svg">the graph</a>.</p>
<textarea id="q">SELECT ?a ?b WHERE { ?a ng:metWith ?b } LIMIT 100</textarea>
<p><button id="run">Run query</button> <span id="status"></span></p>
<div id="out"></div>
<script>
function esc(s) { return String(s).replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c])); }
function cell(t) { return t ? (t.type === 'uri' ? '&lt;' + esc(t.value) + '&gt;' : esc(t.value)) : ''; }
document.getElementById('run').onclick = async () => {
  const status = document.getElementById('status'), out = document.getElementById('out');
  status.textContent = 'running...'; out.innerHTML = '';
  const started = performance.now();
  const r = await fetch('/query', { method: 'POST',
    headers: { 'Content-Type': 'application/sparql-query', 'Accept': 'application/sparql-results+json, text/turtle;q=0.9' },
    body: document.getElementById('q').value });
  const text = await r.text();
  const ms = Math.round(performance.now() - started);
  if (!r.ok) { status.textContent = 'error ' + r.status + ' (' + ms + ' ms)'; out.innerHTML = '<pre>' + esc(text) + '</pre>'; return; }
  if ((r.headers.get('Content-Type') || '').includes('json')) {
    const j = JSON.parse(text);
    if ('boolean' in j) { status.textContent = ms + ' ms'; out.innerHTML = '<pre>' + j.boolean + '</pre>'; return; }
    const vars = j.head.vars, rows = j.results.bindings;
    status.textContent = rows.length + ' rows, ' + ms + ' ms';
    out.innerHTML = '<table><tr>' + vars.map(v => '<th>' + esc(v) + '</th>').join('') + '</tr>' +
      rows.map(b => '<tr>' + vars.map(v => '<td>' + cell(b[v]) + '</td>').join('') + '</tr>').join('') + '</table>';
  } else { status.textContent = ms + ' ms'; out.innerHTML = '<pre>' + esc(text) + '</pre>'; }
};
// A link to /?query=... opens the page with that query and runs it.
const shared = new URLSearchParams(location.search).get('query');
if (shared) { document.getElementById('q').value = shared; document.getElementById('run').click(); }
</script>
</body>
</html>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_follows_weights_and_wildcards() {
        let offers = SOLUTION_TYPES;
        assert_eq!(negotiate("", offers), Some(QueryResultsFormat::Json));
        assert_eq!(negotiate("text/csv", offers), Some(QueryResultsFormat::Csv));
        assert_eq!(
            negotiate("text/csv;q=0.5, application/sparql-results+xml", offers),
            Some(QueryResultsFormat::Xml)
        );
        assert_eq!(
            negotiate("image/png, text/*", offers),
            Some(QueryResultsFormat::Csv)
        );
        assert_eq!(
            negotiate("image/png;q=1, */*;q=0.1", offers),
            Some(QueryResultsFormat::Json)
        );
        assert_eq!(negotiate("image/png", offers), None);
        assert_eq!(negotiate("text/csv;q=0", offers), None);
    }

    #[test]
    fn a_panic_while_answering_is_a_500_for_that_request() {
        let answer = answer_or_500(|| panic!("boom {}", 42));
        assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(answer.body, b"internal error: boom 42\n");
        let answer = answer_or_500(|| Answer::empty(StatusCode::NO_CONTENT));
        assert_eq!(answer.status, StatusCode::NO_CONTENT);
        // A panic on a query thread comes back as an error, not an abort.
        let err = on_query_stack(|| -> Result<()> { panic!("deep") }).unwrap_err();
        assert_eq!(err.to_string(), "query failed: internal error: deep");
    }

    #[test]
    fn form_decoding() {
        assert_eq!(
            param("a=1&query=SELECT+%3Fs+WHERE+%7B%7D", "query").as_deref(),
            Some("SELECT ?s WHERE {}")
        );
        assert_eq!(param("query=", "query").as_deref(), Some(""));
        assert_eq!(param("x=1", "query"), None);
        // A broken escape is kept, never a panic.
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
        let iri = "https://w3id.org/newsgraph/id/article/0a?x=1&y";
        assert_eq!(percent_decode(&percent_encode(iri)), iri);
    }
}

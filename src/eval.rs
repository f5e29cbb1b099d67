//! Scoring a graph export against gold annotations.
//!
//! This is a port of the reference scorer `eval/score.py`: the figures it
//! produces agree with the Python script on the same input (to the rounding of
//! three decimals), in both of its modes:
//!
//! * per document ([`score_documents`]): every gold file is scored against the
//!   graph extracted from that article alone, and the tallies are summed
//!   (micro-averaged);
//! * corpus ([`score_corpus`]): the gold files are merged into one and scored
//!   against a single graph.
//!
//! Named entities and proposals are matched one-to-one, greedily, in the
//! same order as the Python script (candidates sorted descending by their
//! score tuple, ties broken by the gold id and then the system id, both
//! descending); meetings are aligned by a maximum-weight assignment (the
//! Hungarian algorithm, with score.py's loop order), so that the same system
//! node ends up paired with the same gold entity.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{canonical_combining_class, is_combining_mark};

use crate::export::json::{JsonEdge, JsonEvidence, JsonGraph, JsonNode};

/// Core relations, scored together as `relations_core`.
pub const CORE: [&str; 9] = [
    "leaderOf",
    "represents",
    "memberOf",
    "participant",
    "hosted",
    "proposed",
    "called",
    "metWith",
    "location",
];
/// Secondary relations, scored together as `relations_secondary`.
pub const SECONDARY: [&str; 7] = [
    "urged",
    "criticized",
    "praised",
    "supports",
    "opposes",
    "rejected",
    "welcomed",
];
/// Entity types that are scored.
pub const ENTITY_TYPES: [&str; 6] = [
    "Leader",
    "Nation",
    "Organization",
    "Place",
    "Meeting",
    "Proposal",
];
const SYMMETRIC: [&str; 1] = ["metWith"];
/// Leading words dropped from people's names ("Sir Keir Starmer" -> "keir starmer").
const TITLES: [&str; 20] = [
    "president",
    "prime",
    "minister",
    "chancellor",
    "sir",
    "mr",
    "mrs",
    "ms",
    "dr",
    "vice",
    "secretary",
    "general",
    "of",
    "state",
    "foreign",
    "special",
    "envoy",
    "the",
    "us",
    "u.s.",
];
/// Words that do not count when proposals are compared by their content.
const STOP: [&str; 15] = [
    "the", "a", "an", "of", "to", "for", "in", "on", "with", "and", "s", "about", "worth", "by",
    "at",
];
/// Details lists are cut to this many lines when rendered, as score.py does.
const RENDER_LIMIT: usize = 60;

// ------------------------------------------------------------------ names

/// Python's `str.isspace()`, which is what `\s` matches in a `str` pattern.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `\w` in a `str` pattern: letters (general category L*), numbers
/// and the underscore. Rust's `is_alphabetic` also admits marks and a few
/// symbols (Other_Alphabetic), which Python does not count as letters.
fn is_py_word(c: char) -> bool {
    if c == '_' || c.is_numeric() {
        return true;
    }
    c.is_alphabetic()
        && !is_combining_mark(c)
        && !matches!(c, '\u{24B6}'..='\u{24E9}' | '\u{1F130}'..='\u{1F189}')
}

/// The comparison form of a name: compatibility-decomposed, without
/// combining marks, lower case, without possessive `'s`, without
/// punctuation ("U.S." -> "us"), single spaces.
pub fn norm(s: &str) -> String {
    let stripped: String = s
        .nfkd()
        .filter(|&c| canonical_combining_class(c) == 0)
        .collect();
    let lowered = stripped
        .to_lowercase()
        .replace(['\u{2019}', '\u{2018}'], "'");
    // re.sub(r"'s\b", "", s)
    let chars: Vec<char> = lowered.chars().collect();
    let mut kept = String::with_capacity(lowered.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\''
            && chars.get(i + 1) == Some(&'s')
            && chars.get(i + 2).is_none_or(|&c| !is_py_word(c))
        {
            i += 2;
            continue;
        }
        // re.sub(r"[^\w\s]", "", s)
        if is_py_word(chars[i]) || is_py_space(chars[i]) {
            kept.push(chars[i]);
        }
        i += 1;
    }
    kept.split(is_py_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The normalised forms of some names, each also without a leading "the".
pub fn name_keys<'a, I>(names: I) -> BTreeSet<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut keys = BTreeSet::new();
    for name in names {
        if name.is_empty() {
            continue;
        }
        let key = norm(name);
        if key.is_empty() {
            continue;
        }
        if let Some(rest) = key.strip_prefix("the ") {
            keys.insert(rest.to_string());
        }
        keys.insert(key);
    }
    keys
}

/// Like [`name_keys`], plus every key without its leading titles.
pub fn person_keys<'a, I>(names: I) -> BTreeSet<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut keys = name_keys(names);
    let untitled: Vec<String> = keys
        .iter()
        .map(|key| {
            let mut words: Vec<&str> = key.split_whitespace().collect();
            let mut start = 0;
            while words.len() - start > 1 && TITLES.contains(&words[start]) {
                start += 1;
            }
            words.drain(..start);
            words.join(" ")
        })
        .collect();
    keys.extend(untitled);
    keys
}

/// The words of a text that carry content (no stop words, no single letters).
pub fn content_tokens(s: &str) -> HashSet<String> {
    norm(s)
        .split(' ')
        .filter(|w| !w.is_empty() && !STOP.contains(w) && w.chars().count() > 1)
        .map(str::to_string)
        .collect()
}

// ------------------------------------------------------------------ gold

/// One annotated entity of a gold file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoldEntity {
    pub id: String,
    /// `type` in the file.
    pub kind: String,
    pub name: Option<String>,
    pub aliases: Vec<String>,
    pub nation: Option<String>,
    pub role: Option<String>,
    pub participants: Vec<String>,
    pub location: Option<String>,
    pub date: Option<String>,
    pub status: Option<String>,
}

/// One relation (or negated relation) of a gold file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoldRelation {
    pub s: String,
    pub p: String,
    pub o: String,
    pub quote: Option<String>,
}

/// One gold file (see SCHEMA.md of the evaluation kit).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoldDoc {
    /// File name without `.json`; per-document scoring pairs it with the
    /// system export of the same stem.
    pub stem: String,
    pub doc: Option<String>,
    pub date: Option<String>,
    pub entities: Vec<GoldEntity>,
    /// The relations as annotated; the derived `represents` relations are
    /// added at scoring time.
    pub relations: Vec<GoldRelation>,
    pub negatives: Vec<GoldRelation>,
    pub not_entities: Vec<String>,
}

fn gold_err(path: &Path, message: impl Into<String>) -> crate::Error {
    crate::Error::Gold {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

fn json_error_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let msg = text.strip_suffix(&suffix).unwrap_or(&text);
    format!(
        "invalid json at line {} column {}: {}",
        e.line(),
        e.column(),
        msg
    )
}

/// A string field that may be absent or null.
fn opt_str(obj: &Map<String, Value>, key: &str, what: &str) -> Result<Option<String>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("{what} has a non-string {key}")),
    }
}

fn req_str(obj: &Map<String, Value>, key: &str, what: &str) -> Result<String, String> {
    opt_str(obj, key, what)?.ok_or_else(|| format!("{what} has no {key}"))
}

/// A list of strings that may be absent or null.
fn str_list(obj: &Map<String, Value>, key: &str, what: &str) -> Result<Vec<String>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                _ => Err(format!("{what} has a non-string item in {key}")),
            })
            .collect(),
        Some(_) => Err(format!("{what} has a {key} that is not a list")),
    }
}

/// The objects of a list that may be absent or null.
fn obj_list<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
) -> Result<Vec<&'a Map<String, Value>>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_object()
                    .ok_or_else(|| format!("{key} item {} is not an object", i + 1))
            })
            .collect(),
        Some(_) => Err(format!("{key} is not a list")),
    }
}

fn parse_gold(text: &str, stem: String) -> Result<GoldDoc, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| json_error_message(&e))?;
    let top = value.as_object().ok_or("gold file is not a json object")?;
    let mut doc = GoldDoc {
        stem,
        doc: opt_str(top, "doc", "gold file")?,
        date: opt_str(top, "date", "gold file")?,
        not_entities: str_list(top, "not_entities", "gold file")?,
        ..GoldDoc::default()
    };
    for (i, e) in obj_list(top, "entities")?.into_iter().enumerate() {
        let what = format!("entity {}", i + 1);
        doc.entities.push(GoldEntity {
            id: req_str(e, "id", &what)?,
            kind: req_str(e, "type", &what)?,
            name: opt_str(e, "name", &what)?,
            aliases: str_list(e, "aliases", &what)?,
            nation: opt_str(e, "nation", &what)?,
            role: opt_str(e, "role", &what)?,
            participants: str_list(e, "participants", &what)?,
            location: opt_str(e, "location", &what)?,
            date: opt_str(e, "date", &what)?,
            status: opt_str(e, "status", &what)?,
        });
    }
    for (key, label) in [("relations", "relation"), ("negatives", "negative")] {
        let mut list = Vec::new();
        for (i, r) in obj_list(top, key)?.into_iter().enumerate() {
            let what = format!("{label} {}", i + 1);
            list.push(GoldRelation {
                s: req_str(r, "s", &what)?,
                p: req_str(r, "p", &what)?,
                o: req_str(r, "o", &what)?,
                quote: opt_str(r, "quote", &what)?,
            });
        }
        if key == "relations" {
            doc.relations = list;
        } else {
            doc.negatives = list;
        }
    }
    Ok(doc)
}

/// Reads one gold file; its stem is the file name without extension.
pub fn load_gold_file(path: &Path) -> Result<GoldDoc, crate::Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| gold_err(path, format!("cannot read file: {e}")))?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    parse_gold(&text, stem).map_err(|m| gold_err(path, m))
}

/// Reads every `*.json` file of a folder, in file-name order.
pub fn load_gold_dir(dir: &Path) -> Result<Vec<GoldDoc>, crate::Error> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| gold_err(dir, format!("cannot read directory: {e}")))?;
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| gold_err(dir, format!("cannot read directory: {e}")))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") {
            files.push((name, entry.path()));
        }
    }
    files.sort();
    files.iter().map(|(_, p)| load_gold_file(p)).collect()
}

type Triple = (String, String, String);

/// A gold file as score.py holds it: entities by id (a repeated id keeps its
/// first position and its last value), relation sets with the derived
/// `represents`.
#[derive(Debug, Clone, Default)]
struct GoldSet {
    entities: Vec<GoldEntity>,
    index: HashMap<String, usize>,
    relations: BTreeSet<Triple>,
    /// First quote of each relation as annotated.
    quotes: HashMap<Triple, String>,
    negatives: BTreeSet<Triple>,
    not_entities: BTreeSet<String>,
}

fn truthy(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

fn triple(s: &str, p: &str, o: &str) -> Triple {
    (s.to_string(), p.to_string(), o.to_string())
}

impl GoldSet {
    fn entity(&self, id: &str) -> &GoldEntity {
        &self.entities[self.index[id]]
    }

    fn from_doc(doc: &GoldDoc) -> GoldSet {
        let mut g = GoldSet::default();
        for e in &doc.entities {
            match g.index.get(&e.id) {
                Some(&i) => g.entities[i] = e.clone(),
                None => {
                    g.index.insert(e.id.clone(), g.entities.len());
                    g.entities.push(e.clone());
                }
            }
        }
        for r in &doc.relations {
            let t = triple(&r.s, &r.p, &r.o);
            if let Some(q) = truthy(&r.quote) {
                g.quotes.entry(t.clone()).or_insert_with(|| q.to_string());
            }
            g.relations.insert(t);
        }
        // every office holder represents the nation or organisation of its "nation" field
        for e in &g.entities {
            if e.kind == "Leader"
                && let Some(n) = truthy(&e.nation)
                && g.index.contains_key(n)
            {
                g.relations.insert(triple(&e.id, "represents", n));
            }
        }
        let leads: Vec<Triple> = g
            .relations
            .iter()
            .filter(|t| t.1 == "leaderOf")
            .map(|(s, _, o)| triple(s, "represents", o))
            .collect();
        g.relations.extend(leads);
        g.negatives = doc
            .negatives
            .iter()
            .map(|r| triple(&r.s, &r.p, &r.o))
            .collect();
        g.not_entities = doc.not_entities.iter().cloned().collect();
        g
    }

    /// score.py's `merge_gold`.
    fn merge(golds: &[GoldSet]) -> GoldSet {
        let mut m = GoldSet::default();
        for g in golds {
            for e in &g.entities {
                let Some(&i) = m.index.get(&e.id) else {
                    m.index.insert(e.id.clone(), m.entities.len());
                    m.entities.push(e.clone());
                    continue;
                };
                let have = &mut m.entities[i];
                let aliases: BTreeSet<String> =
                    have.aliases.iter().chain(&e.aliases).cloned().collect();
                have.aliases = aliases.into_iter().collect();
                let parts: BTreeSet<String> = have
                    .participants
                    .iter()
                    .chain(&e.participants)
                    .cloned()
                    .collect();
                have.participants = parts.into_iter().collect();
                for (mine, theirs) in [
                    (&mut have.location, &e.location),
                    (&mut have.date, &e.date),
                    (&mut have.status, &e.status),
                ] {
                    if truthy(mine).is_none() && truthy(theirs).is_some() {
                        *mine = theirs.clone();
                    }
                }
            }
            m.relations.extend(g.relations.iter().cloned());
            for (t, q) in &g.quotes {
                m.quotes.entry(t.clone()).or_insert_with(|| q.clone());
            }
            m.negatives.extend(g.negatives.iter().cloned());
            m.not_entities.extend(g.not_entities.iter().cloned());
        }
        m
    }
}

// ------------------------------------------------------------------ system input

/// Python's `str()` of a JSON attribute value.
fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "None".to_string(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        other => other.to_string(),
    }
}

fn attributes(obj: &Map<String, Value>) -> BTreeMap<String, String> {
    match obj.get("attributes") {
        Some(Value::Object(a)) => a.iter().map(|(k, v)| (k.clone(), py_str(v))).collect(),
        _ => BTreeMap::new(),
    }
}

/// Reads a system graph: the export format (`{"nodes", "edges"}`) or the
/// peer format (`{"entities": [{"name", "type", ...}], "relations": [{"s",
/// "p", "o"}]}`, where names serve as ids), as score.py's `load_system`.
pub fn parse_system_json(text: &str) -> Result<JsonGraph, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| json_error_message(&e))?;
    let top = value
        .as_object()
        .ok_or("system graph is not a json object")?;
    let mut graph = JsonGraph::default();
    if top.contains_key("entities") && !top.contains_key("nodes") {
        for (i, e) in obj_list(top, "entities")?.into_iter().enumerate() {
            let what = format!("entity {}", i + 1);
            let name = req_str(e, "name", &what)?;
            graph.nodes.push(JsonNode {
                id: name.clone(),
                kind: opt_str(e, "type", &what)?.unwrap_or_default(),
                label: name,
                aliases: str_list(e, "aliases", &what)?,
                wikidata: None,
                attributes: attributes(e),
                sources: Vec::new(),
            });
        }
        for (i, r) in obj_list(top, "relations")?.into_iter().enumerate() {
            let what = format!("relation {}", i + 1);
            graph.edges.push(JsonEdge {
                source: req_str(r, "s", &what)?,
                relation: req_str(r, "p", &what)?,
                target: req_str(r, "o", &what)?,
                sources: Vec::new(),
                evidence: Vec::new(),
            });
        }
        return Ok(graph);
    }
    for (i, n) in obj_list(top, "nodes")?.into_iter().enumerate() {
        let what = format!("node {}", i + 1);
        graph.nodes.push(JsonNode {
            id: req_str(n, "id", &what)?,
            kind: opt_str(n, "type", &what)?.unwrap_or_default(),
            label: opt_str(n, "label", &what)?.unwrap_or_default(),
            aliases: str_list(n, "aliases", &what)?,
            wikidata: opt_str(n, "wikidata", &what)?,
            attributes: attributes(n),
            sources: str_list(n, "sources", &what)?,
        });
    }
    for (i, e) in obj_list(top, "edges")?.into_iter().enumerate() {
        let what = format!("edge {}", i + 1);
        let evidence = match e.get("evidence") {
            None | Some(Value::Null) => Vec::new(),
            Some(v) => serde_json::from_value::<Vec<JsonEvidence>>(v.clone())
                .map_err(|err| format!("{what} has invalid evidence: {err}"))?,
        };
        graph.edges.push(JsonEdge {
            source: req_str(e, "source", &what)?,
            relation: req_str(e, "relation", &what)?,
            target: req_str(e, "target", &what)?,
            sources: str_list(e, "sources", &what)?,
            evidence,
        });
    }
    Ok(graph)
}

/// The system graph as score.py holds it: nodes by id (a repeated id keeps
/// its first position and its last value), edges in order.
struct SysView<'a> {
    nodes: Vec<&'a JsonNode>,
    index: HashMap<&'a str, usize>,
    edges: &'a [JsonEdge],
}

impl<'a> SysView<'a> {
    fn new(graph: &'a JsonGraph) -> SysView<'a> {
        let mut view = SysView {
            nodes: Vec::new(),
            index: HashMap::new(),
            edges: &graph.edges,
        };
        for n in &graph.nodes {
            match view.index.get(n.id.as_str()) {
                Some(&i) => view.nodes[i] = n,
                None => {
                    view.index.insert(&n.id, view.nodes.len());
                    view.nodes.push(n);
                }
            }
        }
        view
    }

    fn of_type(&self, kind: &str) -> Vec<&'a JsonNode> {
        self.nodes
            .iter()
            .copied()
            .filter(|n| n.kind == kind)
            .collect()
    }
}

// ------------------------------------------------------------------ matching

/// A one-to-one pairing of gold entities with system nodes of one type.
struct Matching<'a> {
    g2s: Vec<(&'a str, &'a str)>,
    gids: Vec<&'a str>,
    sids: Vec<&'a str>,
}

impl Matching<'_> {
    fn has_gold(&self, gi: &str) -> bool {
        self.g2s.iter().any(|(g, _)| *g == gi)
    }
    fn has_sys(&self, si: &str) -> bool {
        self.g2s.iter().any(|(_, s)| *s == si)
    }
}

/// Greedy assignment over candidates already sorted best first.
fn greedy<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<(&'a str, &'a str)> {
    let mut g2s: Vec<(&str, &str)> = Vec::new();
    let mut used_g: HashSet<&str> = HashSet::new();
    let mut used_s: HashSet<&str> = HashSet::new();
    for (gi, si) in pairs {
        if used_g.contains(gi) || used_s.contains(si) {
            continue;
        }
        used_g.insert(gi);
        used_s.insert(si);
        g2s.push((gi, si));
    }
    g2s
}

fn node_names(n: &JsonNode) -> impl Iterator<Item = &str> {
    std::iter::once(n.label.as_str()).chain(n.aliases.iter().map(String::as_str))
}

fn entity_names(e: &GoldEntity) -> impl Iterator<Item = &str> {
    std::iter::once(e.name.as_deref().unwrap_or("")).chain(e.aliases.iter().map(String::as_str))
}

/// score.py's `match_named`: by shared name keys, canonical name first.
fn match_named<'a>(gold: &'a GoldSet, sys: &SysView<'a>, gtype: &str) -> Matching<'a> {
    let golds: Vec<&GoldEntity> = gold.entities.iter().filter(|e| e.kind == gtype).collect();
    let syss = sys.of_type(gtype);
    let keyf = |names: Vec<&str>| {
        if gtype == "Leader" {
            person_keys(names)
        } else {
            name_keys(names)
        }
    };
    let gk: Vec<BTreeSet<String>> = golds
        .iter()
        .map(|e| keyf(entity_names(e).collect()))
        .collect();
    let sk: Vec<BTreeSet<String>> = syss.iter().map(|n| keyf(node_names(n).collect())).collect();
    let mut cands: Vec<(bool, usize, &str, &str)> = Vec::new();
    for (g, e) in golds.iter().enumerate() {
        let canon_name = norm(e.name.as_deref().unwrap_or(""));
        for (s, n) in syss.iter().enumerate() {
            let ov = gk[g].intersection(&sk[s]).count();
            if ov > 0 {
                cands.push((sk[s].contains(&canon_name), ov, &e.id, &n.id));
            }
        }
    }
    cands.sort_by(|a, b| b.cmp(a));
    Matching {
        g2s: greedy(cands.into_iter().map(|(_, _, g, s)| (g, s))),
        gids: golds.iter().map(|e| e.id.as_str()).collect(),
        sids: syss.iter().map(|n| n.id.as_str()).collect(),
    }
}

/// score.py's `match_proposals`: by the share of a gold name's content words
/// found in the system node's names, at least one half.
fn match_proposals<'a>(gold: &'a GoldSet, sys: &SysView<'a>) -> Matching<'a> {
    let golds: Vec<&GoldEntity> = gold
        .entities
        .iter()
        .filter(|e| e.kind == "Proposal")
        .collect();
    let syss = sys.of_type("Proposal");
    let mut cands: Vec<(f64, &str, &str)> = Vec::new();
    for e in &golds {
        let gt: Vec<HashSet<String>> = entity_names(e).map(content_tokens).collect();
        for n in &syss {
            let st = content_tokens(&node_names(n).collect::<Vec<_>>().join(" "));
            let mut best = 0.0f64;
            for t in &gt {
                if !t.is_empty() && !st.is_empty() {
                    let share = t.intersection(&st).count() as f64 / t.len() as f64;
                    best = best.max(share);
                }
            }
            if best >= 0.5 {
                cands.push((best, &e.id, &n.id));
            }
        }
    }
    cands.sort_by(|a, b| b.partial_cmp(a).expect("shares are never NaN"));
    Matching {
        g2s: greedy(cands.into_iter().map(|(_, g, s)| (g, s))),
        gids: golds.iter().map(|e| e.id.as_str()).collect(),
        sids: syss.iter().map(|n| n.id.as_str()).collect(),
    }
}

fn mapped(s2g: &HashMap<&str, &str>, sys_id: &str) -> String {
    match s2g.get(sys_id) {
        Some(g) => g.to_string(),
        None => format!("sys:{sys_id}"),
    }
}

/// score.py's `match_meetings`: gold and system meetings aligned one to one
/// by a maximum-weight assignment. A pair is a candidate when the
/// participants overlap (Jaccard of the system participants mapped to gold
/// ids) by at least one half and, at exactly one half, the place, the date or
/// the status agrees too; its weight is the overlap plus 0.2 for the place,
/// 0.2 for the date (a gold month matches any day in it) and 0.1 for the
/// status.
fn match_meetings<'a>(
    gold: &'a GoldSet,
    sys: &SysView<'a>,
    s2g: &HashMap<&str, &str>,
) -> Matching<'a> {
    let golds: Vec<&GoldEntity> = gold
        .entities
        .iter()
        .filter(|e| e.kind == "Meeting")
        .collect();
    let syss = sys.of_type("Meeting");
    let mut parts: HashMap<&str, HashSet<String>> = HashMap::new();
    let mut locs: HashMap<&str, HashSet<String>> = HashMap::new();
    for e in sys.edges {
        if e.relation == "participant" && sys.index.contains_key(e.source.as_str()) {
            parts
                .entry(e.source.as_str())
                .or_default()
                .insert(mapped(s2g, &e.target));
        }
        if e.relation == "location" {
            locs.entry(e.source.as_str())
                .or_default()
                .insert(mapped(s2g, &e.target));
        }
    }
    let mut weights: BTreeMap<(&str, &str), f64> = BTreeMap::new();
    for e in &golds {
        let gp: HashSet<&str> = e.participants.iter().map(String::as_str).collect();
        for n in &syss {
            let Some(sp) = parts.get(n.id.as_str()) else {
                continue;
            };
            if gp.is_empty() || sp.is_empty() {
                continue;
            }
            let inter = sp.iter().filter(|p| gp.contains(p.as_str())).count();
            let union = gp.len() + sp.len() - inter;
            let jac = inter as f64 / union as f64;
            if jac < 0.5 {
                continue;
            }
            let attr = |k: &str| n.attributes.get(k).map(String::as_str).unwrap_or("");
            let loc = truthy(&e.location)
                .is_some_and(|l| locs.get(n.id.as_str()).is_some_and(|s| s.contains(l)));
            let date = truthy(&e.date).is_some_and(|d| {
                let head: String = attr("date").chars().take(d.chars().count()).collect();
                head == d
            });
            let status = truthy(&e.status)
                .is_some_and(|s| attr("status").to_lowercase() == s.to_lowercase());
            if jac == 0.5 && !(loc || date || status) {
                continue;
            }
            let w = jac + 0.2 * f64::from(loc) + 0.2 * f64::from(date) + 0.1 * f64::from(status);
            weights.insert((&e.id, &n.id), w);
        }
    }
    Matching {
        g2s: best_assignment(&weights),
        gids: golds.iter().map(|e| e.id.as_str()).collect(),
        sids: syss.iter().map(|n| n.id.as_str()).collect(),
    }
}

/// score.py's `best_assignment`: the maximum-weight one-to-one pairing of
/// the candidate pairs (the Hungarian algorithm on a square cost matrix,
/// absent pairs costing more than any present one). Unlike a greedy pass,
/// one strong pair never takes a node that two weaker pairs would have used
/// better. The arithmetic and the order of the loops follow score.py, so
/// ties fall the same way.
fn best_assignment<'a>(weights: &BTreeMap<(&'a str, &'a str), f64>) -> Vec<(&'a str, &'a str)> {
    let golds: Vec<&str> = weights
        .keys()
        .map(|k| k.0)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let syss: Vec<&str> = weights
        .keys()
        .map(|k| k.1)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let n = golds.len().max(syss.len());
    if n == 0 {
        return Vec::new();
    }
    let big = weights.values().copied().fold(f64::NEG_INFINITY, f64::max) + 1.0;
    // 1-indexed, as in the classic formulation; row and column 0 are unused
    let mut cost = vec![vec![0.0f64; n + 1]; n + 1];
    for (i, row) in cost.iter_mut().enumerate().skip(1) {
        for (j, c) in row.iter_mut().enumerate().skip(1) {
            let w = match (golds.get(i - 1), syss.get(j - 1)) {
                (Some(g), Some(s)) => weights.get(&(*g, *s)).copied().unwrap_or(0.0),
                _ => 0.0,
            };
            *c = big - w;
        }
    }
    let mut u = vec![0.0f64; n + 1];
    let mut v = vec![0.0f64; n + 1];
    let mut p = vec![0usize; n + 1];
    let mut way = vec![0usize; n + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0usize;
        let mut minv = vec![f64::INFINITY; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = f64::INFINITY;
            let mut j1 = 0usize;
            for j in 1..=n {
                if !used[j] {
                    let cur = cost[i0][j] - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut out = Vec::new();
    for j in 1..=n {
        let i = p[j];
        if i >= 1 && i <= golds.len() && j <= syss.len() {
            let pair = (golds[i - 1], syss[j - 1]);
            if weights.contains_key(&pair) {
                out.push(pair);
            }
        }
    }
    out
}

/// Precision, recall and F1, with score.py's conventions for empty sets.
pub fn prf(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let (tp_f, fp_f, fn_f) = (tp as f64, fp as f64, fn_ as f64);
    let p = if tp + fp > 0 {
        tp_f / (tp_f + fp_f)
    } else if fn_ == 0 {
        1.0
    } else {
        0.0
    };
    let r = if tp + fn_ > 0 {
        tp_f / (tp_f + fn_f)
    } else {
        1.0
    };
    let f = if p + r != 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Python's `round(x, 3)`: the closest double to the correctly rounded decimal.
fn round3(x: f64) -> f64 {
    format!("{x:.3}").parse().unwrap_or(x)
}

// ------------------------------------------------------------------ report

/// True positives, false positives and false negatives of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    fn add(&mut self, tp: usize, fp: usize, fn_: usize) {
        self.tp += tp;
        self.fp += fp;
        self.fn_ += fn_;
    }
}

/// The figures that are not precision/recall tallies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extras {
    pub negatives_emitted: usize,
    pub forbidden: usize,
    pub status_ok: usize,
    pub status_total: usize,
    pub date_ok: usize,
    pub date_total: usize,
}

/// One line of a details list, with the text behind it when known: the gold
/// quote of a missed relation, the first evidence sentence of a spurious one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailItem {
    pub text: String,
    pub note: Option<String>,
}

/// A named details list (`missed_entities`, `spurious_relations`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailList {
    pub name: String,
    pub items: Vec<DetailItem>,
}

/// The outcome of scoring: summed tallies, extras and details.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// `entity:TYPE` and `rel:RELATION` tallies; empty only when nothing was scored.
    pub tallies: BTreeMap<String, Counts>,
    pub extras: Extras,
    /// Only lists with at least one item, in the order their first item came.
    pub details: Vec<DetailList>,
    /// Matched meetings whose status or date differ from the gold
    /// (`wrong_meeting_status`, `wrong_meeting_dates`): shown with the
    /// details in the table, and not part of score.py's details.
    pub meeting_mismatches: Vec<DetailList>,
}

/// One value of the summary.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Figure {
    Prf { c: Counts, p: f64, r: f64, f1: f64 },
    Count(usize),
    Ratio(Option<f64>),
}

impl Figure {
    fn prf(c: Counts) -> Figure {
        let (p, r, f) = prf(c.tp, c.fp, c.fn_);
        Figure::Prf {
            c,
            p: round3(p),
            r: round3(r),
            f1: round3(f),
        }
    }

    fn ratio(ok: usize, total: usize) -> Figure {
        Figure::Ratio((total > 0).then(|| round3(ok as f64 / total as f64)))
    }

    fn to_json(self) -> Value {
        match self {
            Figure::Prf { c, p, r, f1 } => {
                json!({"tp": c.tp, "fp": c.fp, "fn": c.fn_, "p": p, "r": r, "f1": f1})
            }
            Figure::Count(n) => json!(n),
            Figure::Ratio(x) => json!(x),
        }
    }
}

fn push_to(lists: &mut Vec<DetailList>, list: &str, item: DetailItem) {
    match lists.iter_mut().find(|d| d.name == list) {
        Some(d) => d.items.push(item),
        None => lists.push(DetailList {
            name: list.to_string(),
            items: vec![item],
        }),
    }
}

/// One line of whitespace-collapsed text.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Report {
    fn push_detail(&mut self, list: &str, text: String, note: Option<String>) {
        push_to(&mut self.details, list, DetailItem { text, note });
    }

    fn push_mismatch(&mut self, list: &str, text: String) {
        let item = DetailItem { text, note: None };
        push_to(&mut self.meeting_mismatches, list, item);
    }

    fn tally(&mut self, key: String, tp: usize, fp: usize, fn_: usize) {
        self.tallies.entry(key).or_default().add(tp, fp, fn_);
    }

    fn micro(&self, keys: impl Iterator<Item = String>) -> Figure {
        let mut c = Counts::default();
        for k in keys {
            if let Some(t) = self.tallies.get(&k) {
                c.add(t.tp, t.fp, t.fn_);
            }
        }
        Figure::prf(c)
    }

    /// The summary in score.py's order.
    fn figures(&self) -> Vec<(String, Figure)> {
        let mut out: Vec<(String, Figure)> = self
            .tallies
            .iter()
            .map(|(k, c)| (k.clone(), Figure::prf(*c)))
            .collect();
        let ents = |types: &[&str]| -> Vec<String> {
            types.iter().map(|t| format!("entity:{t}")).collect()
        };
        let rels = |ps: &[&str]| -> Vec<String> { ps.iter().map(|p| format!("rel:{p}")).collect() };
        out.push((
            "entities_named".into(),
            self.micro(ents(&["Leader", "Nation", "Organization"]).into_iter()),
        ));
        out.push((
            "entities_all".into(),
            self.micro(ents(&ENTITY_TYPES).into_iter()),
        ));
        out.push(("relations_core".into(), self.micro(rels(&CORE).into_iter())));
        out.push((
            "relations_secondary".into(),
            self.micro(rels(&SECONDARY).into_iter()),
        ));
        let x = &self.extras;
        out.push((
            "negatives_emitted".into(),
            Figure::Count(x.negatives_emitted),
        ));
        out.push(("forbidden_entities".into(), Figure::Count(x.forbidden)));
        out.push((
            "meeting_status_acc".into(),
            Figure::ratio(x.status_ok, x.status_total),
        ));
        out.push((
            "meeting_date_acc".into(),
            Figure::ratio(x.date_ok, x.date_total),
        ));
        out
    }

    /// The figures score.py writes with `--json` (without details).
    pub fn summary_json(&self) -> Value {
        let mut map = Map::new();
        for (k, f) in self.figures() {
            map.insert(k, f.to_json());
        }
        Value::Object(map)
    }

    /// The summary, plus `details` (as score.py's `--details`) when asked.
    pub fn to_json(&self, with_details: bool) -> Value {
        let mut v = self.summary_json();
        if with_details {
            let details: Map<String, Value> = self
                .details
                .iter()
                .map(|d| {
                    let items = d
                        .items
                        .iter()
                        .map(|i| Value::from(i.text.clone()))
                        .collect();
                    (d.name.clone(), Value::Array(items))
                })
                .collect();
            v["details"] = Value::Object(details);
        }
        v
    }

    /// The table score.py prints, then (when asked) the details lists, at
    /// most 60 lines each, with the gold quote of each missed relation and
    /// the evidence of each spurious one on an indented line below it.
    pub fn render(&self, with_details: bool) -> String {
        let mut out = String::new();
        for (k, f) in self.figures() {
            let _ = match f {
                Figure::Prf { c, p, r, f1 } => writeln!(
                    out,
                    "{k:28} P={p:.3} R={r:.3} F1={f1:.3}  (tp={} fp={} fn={})",
                    c.tp, c.fp, c.fn_
                ),
                Figure::Count(n) => writeln!(out, "{k:28} {n}"),
                Figure::Ratio(Some(x)) => writeln!(out, "{k:28} {x:?}"),
                Figure::Ratio(None) => writeln!(out, "{k:28} None"),
            };
        }
        if with_details {
            for d in self.details.iter().chain(&self.meeting_mismatches) {
                let _ = writeln!(out, "--- {} ({})", d.name, d.items.len());
                for item in d.items.iter().take(RENDER_LIMIT) {
                    let _ = writeln!(out, "    {}", item.text);
                    if let Some(note) = &item.note {
                        let _ = writeln!(out, "        \"{}\"", one_line(note));
                    }
                }
                if d.items.len() > RENDER_LIMIT {
                    let _ = writeln!(out, "    ... {} more", d.items.len() - RENDER_LIMIT);
                }
            }
        }
        out
    }

    /// The F1 of a tally or aggregate (`"entities_named"`, `"rel:metWith"`),
    /// or the value of a plain figure (`"negatives_emitted"`,
    /// `"meeting_date_acc"`, ...), as rounded in the summary. `None` for an
    /// unknown key or an accuracy with nothing to measure.
    pub fn metric(&self, key: &str) -> Option<f64> {
        self.figures()
            .into_iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, f)| match f {
                Figure::Prf { f1, .. } => Some(f1),
                Figure::Count(n) => Some(n as f64),
                Figure::Ratio(x) => x,
            })
    }
}

// ------------------------------------------------------------------ scoring

fn key(s: String, p: &str, o: String) -> Triple {
    if SYMMETRIC.contains(&p) && o < s {
        (o, p.to_string(), s)
    } else {
        (s, p.to_string(), o)
    }
}

fn show(t: &Triple) -> String {
    format!("{} {} {}", t.0, t.1, t.2)
}

/// score.py's `score_one`: adds one gold set against one graph to the report.
fn score_one(gold: &GoldSet, graph: &JsonGraph, report: &mut Report) {
    let sys = SysView::new(graph);
    let mut g2s_all: Vec<(&str, &str)> = Vec::new();
    for t in ["Leader", "Nation", "Organization", "Place"] {
        let m = match_named(gold, &sys, t);
        let tp = m.g2s.len();
        report.tally(
            format!("entity:{t}"),
            tp,
            m.sids.len() - tp,
            m.gids.len() - tp,
        );
        for gi in &m.gids {
            if !m.has_gold(gi) {
                let name = gold.entity(gi).name.as_deref().unwrap_or("None");
                report.push_detail("missed_entities", format!("{t}:{name}"), None);
            }
        }
        for si in &m.sids {
            if !m.has_sys(si) {
                let label = &sys.nodes[sys.index[si]].label;
                report.push_detail("spurious_entities", format!("{t}:{label}"), None);
            }
        }
        g2s_all.extend(m.g2s);
    }
    let m = match_proposals(gold, &sys);
    let tp = m.g2s.len();
    report.tally(
        "entity:Proposal".into(),
        tp,
        m.sids.len() - tp,
        m.gids.len() - tp,
    );
    g2s_all.extend(m.g2s);
    let s2g: HashMap<&str, &str> = g2s_all.iter().map(|&(g, s)| (s, g)).collect();

    let m = match_meetings(gold, &sys, &s2g);
    let tp = m.g2s.len();
    report.tally(
        "entity:Meeting".into(),
        tp,
        m.sids.len() - tp,
        m.gids.len() - tp,
    );
    for gi in &m.gids {
        if !m.has_gold(gi) {
            report.push_detail("missed_entities", format!("Meeting:{gi}"), None);
        }
    }
    for &(gi, si) in &m.g2s {
        let ge = gold.entity(gi);
        let attrs = &sys.nodes[sys.index[si]].attributes;
        let attr = |k: &str| attrs.get(k).map(String::as_str).unwrap_or("");
        if let Some(status) = truthy(&ge.status) {
            report.extras.status_total += 1;
            if attr("status").to_lowercase() == status.to_lowercase() {
                report.extras.status_ok += 1;
            } else {
                let got = match attr("status") {
                    "" => "none",
                    s => s,
                };
                report.push_mismatch(
                    "wrong_meeting_status",
                    format!("{gi}: {got}, gold {status}"),
                );
            }
        }
        if let Some(date) = truthy(&ge.date) {
            report.extras.date_total += 1;
            let head = |s: &str| s.chars().take(10).collect::<String>();
            if head(attr("date")) == head(date) {
                report.extras.date_ok += 1;
            } else {
                let got = match attr("date") {
                    "" => "none",
                    d => d,
                };
                report.push_mismatch("wrong_meeting_dates", format!("{gi}: {got}, gold {date}"));
            }
        }
    }
    g2s_all.extend(m.g2s);
    let s2g: HashMap<&str, &str> = g2s_all.iter().map(|&(g, s)| (s, g)).collect();

    // names the gold says are not entities
    let forbidden = name_keys(gold.not_entities.iter().map(String::as_str));
    for n in &sys.nodes {
        if matches!(n.kind.as_str(), "Leader" | "Person" | "Organization")
            && name_keys([n.label.as_str()])
                .intersection(&forbidden)
                .next()
                .is_some()
        {
            report.extras.forbidden += 1;
            report.push_detail("forbidden", n.label.clone(), None);
        }
    }

    let mut sys_triples: BTreeSet<Triple> = BTreeSet::new();
    let mut evidence: HashMap<Triple, &str> = HashMap::new();
    for e in sys.edges {
        let t = key(
            mapped(&s2g, &e.source),
            &e.relation,
            mapped(&s2g, &e.target),
        );
        if let Some(ev) = e
            .evidence
            .first()
            .filter(|ev| !ev.sentence.trim().is_empty())
        {
            evidence.entry(t.clone()).or_insert(&ev.sentence);
        }
        sys_triples.insert(t);
    }
    let mut quotes: HashMap<Triple, &str> = HashMap::new();
    let mut gold_triples: BTreeSet<Triple> = BTreeSet::new();
    for t in &gold.relations {
        let k = key(t.0.clone(), &t.1, t.2.clone());
        if let Some(q) = gold.quotes.get(t) {
            quotes.entry(k.clone()).or_insert(q);
        }
        gold_triples.insert(k);
    }
    let neg_triples: BTreeSet<Triple> = gold
        .negatives
        .iter()
        .map(|t| key(t.0.clone(), &t.1, t.2.clone()))
        .collect();
    for p in CORE.iter().chain(SECONDARY.iter()) {
        let st: BTreeSet<&Triple> = sys_triples.iter().filter(|t| t.1 == *p).collect();
        let gt: BTreeSet<&Triple> = gold_triples.iter().filter(|t| t.1 == *p).collect();
        let tp = st.intersection(&gt).count();
        report.tally(format!("rel:{p}"), tp, st.len() - tp, gt.len() - tp);
        for t in gt.difference(&st) {
            let note = quotes.get(*t).map(|q| q.to_string());
            report.push_detail("missed_relations", show(t), note);
        }
        for t in st.difference(&gt) {
            let note = evidence.get(*t).map(|s| s.to_string());
            report.push_detail("spurious_relations", show(t), note);
        }
    }
    let emitted: Vec<&Triple> = sys_triples.intersection(&neg_triples).collect();
    report.extras.negatives_emitted += emitted.len();
    for t in emitted {
        let note = evidence.get(t).map(|s| s.to_string());
        report.push_detail("negatives_emitted", show(t), note);
    }
}

/// Scores each gold document against its own graph and sums the tallies
/// (micro-averaging), as score.py does with a folder of per-document exports.
/// Pass an empty graph for a document without an export.
pub fn score_documents(pairs: &[(&GoldDoc, &JsonGraph)]) -> Report {
    let mut report = Report::default();
    for (gold, graph) in pairs {
        score_one(&GoldSet::from_doc(gold), graph, &mut report);
    }
    report
}

/// Merges the gold documents (in the order given; score.py uses file-name
/// order) and scores them against one graph.
pub fn score_corpus(golds: &[&GoldDoc], system: &JsonGraph) -> Report {
    let sets: Vec<GoldSet> = golds.iter().map(|g| GoldSet::from_doc(g)).collect();
    let mut report = Report::default();
    score_one(&GoldSet::merge(&sets), system, &mut report);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests")
    }

    fn seeds() -> Vec<GoldDoc> {
        load_gold_dir(&root().join("gold/seeds")).expect("gold seeds load")
    }

    fn read_system(path: &Path) -> JsonGraph {
        let text = std::fs::read_to_string(path).expect("system file");
        parse_system_json(&text).expect("system json")
    }

    /// Scores the fixture `name` (a file: corpus mode; a folder: per document)
    /// against the seed gold and compares with the figures and details of
    /// score.py in `name.expected.json`. Returns the report.
    fn check(name: &str) -> Report {
        check_against(seeds(), name)
    }

    /// Scores the fixture `name` (a graph, or a folder of one graph per
    /// gold file) against `golds` and compares every figure and details list
    /// with what score.py wrote for it.
    fn check_against(golds: Vec<GoldDoc>, name: &str) -> Report {
        let dir = root().join("data/eval");
        let system = dir.join(name);
        let report = if system.is_dir() {
            let graphs: Vec<JsonGraph> = golds
                .iter()
                .map(|g| {
                    let p = system.join(format!("{}.json", g.stem));
                    if p.exists() {
                        read_system(&p)
                    } else {
                        JsonGraph::default()
                    }
                })
                .collect();
            let pairs: Vec<(&GoldDoc, &JsonGraph)> = golds.iter().zip(&graphs).collect();
            score_documents(&pairs)
        } else {
            score_corpus(&golds.iter().collect::<Vec<_>>(), &read_system(&system))
        };
        let stem = name.trim_end_matches(".json");
        let text = std::fs::read_to_string(dir.join(format!("{stem}.expected.json"))).unwrap();
        let want: Value = serde_json::from_str(&text).unwrap();
        let got = report.to_json(true);
        let (want, got) = (want.as_object().unwrap(), got.as_object().unwrap());
        let mut keys_w: Vec<&String> = want.keys().collect();
        let mut keys_g: Vec<&String> = got.keys().collect();
        keys_w.sort();
        keys_g.sort();
        assert_eq!(keys_g, keys_w, "{name}: summary keys");
        for (k, w) in want {
            let g = &got[k];
            match (w, g) {
                (Value::Object(wo), Value::Object(_)) if k != "details" => {
                    for (f, wv) in wo {
                        let (a, b) = (wv.as_f64().unwrap(), g[f].as_f64().unwrap());
                        assert!(
                            (a - b).abs() <= 0.001,
                            "{name}: {k}.{f} is {b}, score.py says {a}"
                        );
                    }
                }
                (Value::Number(a), Value::Number(b)) => {
                    let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
                    assert!(
                        (a - b).abs() <= 0.001,
                        "{name}: {k} is {b}, score.py says {a}"
                    );
                }
                _ => assert_eq!(g, w, "{name}: {k}"),
            }
        }
        report
    }

    fn entity(id: &str, kind: &str, name: &str, aliases: &[&str]) -> GoldEntity {
        GoldEntity {
            id: id.into(),
            kind: kind.into(),
            name: Some(name.into()),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            ..GoldEntity::default()
        }
    }

    fn node(id: &str, kind: &str, label: &str, aliases: &[&str]) -> JsonNode {
        JsonNode {
            id: id.into(),
            kind: kind.into(),
            label: label.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            wikidata: None,
            attributes: BTreeMap::new(),
            sources: Vec::new(),
        }
    }

    fn edge(s: &str, p: &str, o: &str) -> JsonEdge {
        JsonEdge {
            source: s.into(),
            relation: p.into(),
            target: o.into(),
            sources: Vec::new(),
            evidence: Vec::new(),
        }
    }

    /// The gold-to-system pairs of one entity type.
    fn pairs_of(
        entities: Vec<GoldEntity>,
        nodes: Vec<JsonNode>,
        kind: &str,
    ) -> Vec<(String, String)> {
        let gold = GoldSet::from_doc(&GoldDoc {
            entities,
            ..GoldDoc::default()
        });
        let graph = JsonGraph {
            nodes,
            edges: Vec::new(),
        };
        let sys = SysView::new(&graph);
        let m = if kind == "Proposal" {
            match_proposals(&gold, &sys)
        } else {
            match_named(&gold, &sys, kind)
        };
        let mut pairs: Vec<(String, String)> = m
            .g2s
            .iter()
            .map(|(g, s)| (g.to_string(), s.to_string()))
            .collect();
        pairs.sort();
        pairs
    }

    fn pair(g: &str, s: &str) -> (String, String) {
        (g.into(), s.into())
    }

    #[test]
    fn norm_agrees_with_python() {
        // outputs of score.py's norm()
        for (input, want) in [
            ("Volodymyr Zelenskyy", "volodymyr zelenskyy"),
            ("Zelénskyy", "zelenskyy"),
            ("U.S.", "us"),
            ("Trump\u{2019}s team", "trump team"),
            ("Putin's", "putin"),
            ("the Kremlin'S plan", "the kremlin plan"),
            ("Ｆｕｌｌwidth ﬁle", "fullwidth file"),
            ("  São   Paulo!! ", "sao paulo"),
            ("Łukasz Ørsted", "łukasz ørsted"),
            ("İstanbul", "istanbul"),
            ("ΟΔΥΣΣΕΥΣ", "οδυσσευς"),
            ("x\u{a0}y\u{2003}z", "x y z"),
            ("don't", "dont"),
            ("it's_x", "its_x"),
            ("Ⓐb", "ab"),
            ("a\u{1c}b", "a b"),
            ("naïve café", "naive cafe"),
            ("Mr. J.D. Vance", "mr jd vance"),
            ("1⁄2 ½", "12 12"),
        ] {
            assert_eq!(norm(input), want, "norm({input:?})");
        }
    }

    #[test]
    fn keys_agree_with_python() {
        let keys = person_keys([
            "Sir Keir Starmer",
            "The President",
            "Prime Minister of the United Kingdom",
            "U.S. Secretary of State Marco Rubio",
        ]);
        let want = [
            "keir starmer",
            "marco rubio",
            "president",
            "prime minister of the united kingdom",
            "sir keir starmer",
            "the president",
            "united kingdom",
            "us secretary of state marco rubio",
        ];
        assert_eq!(keys.iter().map(String::as_str).collect::<Vec<_>>(), want);
        let keys = name_keys(["The White House", "", "!!!", "the"]);
        assert_eq!(
            keys.iter().map(String::as_str).collect::<Vec<_>>(),
            ["the", "the white house", "white house"]
        );
        let mut tokens: Vec<String> =
            content_tokens("A ceasefire worth $100bn for the Ukraine's security guarantees, a b")
                .into_iter()
                .collect();
        tokens.sort();
        assert_eq!(
            tokens,
            ["100bn", "ceasefire", "guarantees", "security", "ukraine"]
        );
    }

    #[test]
    fn named_matching_breaks_ties_like_python() {
        // the canonical name wins over an alias
        let golds = vec![
            entity("a", "Leader", "Trump", &[]),
            entity("b", "Leader", "Donald Trump", &["Trump"]),
        ];
        assert_eq!(
            pairs_of(golds, vec![node("x", "Leader", "Trump", &[])], "Leader"),
            [pair("a", "x")]
        );
        // then the larger overlap
        let golds = vec![
            entity("g1", "Leader", "Vladimir Putin", &["Putin"]),
            entity("g2", "Leader", "Putin", &[]),
        ];
        let nodes = vec![node("s", "Leader", "Putin", &["Vladimir Putin"])];
        assert_eq!(pairs_of(golds, nodes, "Leader"), [pair("g1", "s")]);
        // then the greater gold id (code point order: "Zed" < "alpha")
        let golds = vec![
            entity("alpha", "Nation", "Georgia", &[]),
            entity("Zed", "Nation", "Georgia", &[]),
        ];
        assert_eq!(
            pairs_of(golds, vec![node("s", "Nation", "Georgia", &[])], "Nation"),
            [pair("alpha", "s")]
        );
        // then the greater system id
        let nodes = vec![
            node("s1", "Nation", "the Georgia", &[]),
            node("s2", "Nation", "Georgia", &[]),
        ];
        assert_eq!(
            pairs_of(
                vec![entity("ge", "Nation", "Georgia", &[])],
                nodes,
                "Nation"
            ),
            [pair("ge", "s2")]
        );
        // titles do not count for people, and types must agree
        let nodes = vec![
            node("s", "Leader", "Sir Keir Starmer", &[]),
            node("t", "Person", "Keir Starmer", &[]),
        ];
        assert_eq!(
            pairs_of(
                vec![entity("starmer", "Leader", "Keir Starmer", &[])],
                nodes,
                "Leader"
            ),
            [pair("starmer", "s")]
        );
        // proposals: the best share of content words, at least one half
        let golds = vec![
            entity("p1", "Proposal", "security guarantees for Ukraine", &[]),
            entity("p2", "Proposal", "security guarantees", &[]),
        ];
        let nodes = vec![
            node("n", "Proposal", "Ukraine security", &[]),
            node("m", "Proposal", "energy deal", &[]),
        ];
        assert_eq!(pairs_of(golds, nodes, "Proposal"), [pair("p1", "n")]);
    }

    #[test]
    fn meetings_match_by_participants_and_location() {
        let mut m1 = entity("m1", "Meeting", "summit", &[]);
        m1.participants = vec!["a".into(), "b".into()];
        m1.location = Some("p".into());
        m1.status = Some("held".into());
        m1.date = Some("2025-08-15".into());
        let mut m2 = m1.clone();
        m2.id = "m2".into();
        m2.location = None;
        let gold = GoldDoc {
            stem: "t".into(),
            entities: vec![
                entity("a", "Leader", "Donald Trump", &["Trump"]),
                entity("b", "Leader", "Vladimir Putin", &["Putin"]),
                entity("p", "Place", "Alaska", &[]),
                m2,
                m1,
            ],
            relations: [
                ("b", "metWith", "a"),
                ("m1", "participant", "a"),
                ("m1", "participant", "b"),
                ("m2", "participant", "a"),
            ]
            .iter()
            .map(|(s, p, o)| GoldRelation {
                s: s.to_string(),
                p: p.to_string(),
                o: o.to_string(),
                quote: Some(format!("{s} {p} {o}")),
            })
            .collect(),
            not_entities: vec!["Reuters".into()],
            ..GoldDoc::default()
        };
        let mut meeting = node("M", "Meeting", "Alaska summit", &[]);
        meeting.attributes.insert("status".into(), "Held".into());
        meeting
            .attributes
            .insert("date".into(), "2025-08-15T10:00".into());
        let graph = JsonGraph {
            nodes: vec![
                node("T", "Leader", "President Trump", &[]),
                node("P", "Leader", "Putin", &[]),
                node("A", "Place", "Alaska", &[]),
                node("R", "Organization", "Reuters", &[]),
                meeting,
            ],
            edges: vec![
                edge("M", "participant", "T"),
                edge("M", "participant", "P"),
                edge("M", "location", "A"),
                edge("T", "metWith", "P"),
            ],
        };
        let report = score_documents(&[(&gold, &graph)]);
        let ms = report.tallies["entity:Meeting"];
        assert_eq!((ms.tp, ms.fp, ms.fn_), (1, 0, 1));
        // as score.py: lists in the order of their first item, only when not empty
        let lists: Vec<(&str, Vec<&str>)> = report
            .details
            .iter()
            .map(|d| {
                (
                    d.name.as_str(),
                    d.items.iter().map(|i| i.text.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            lists,
            [
                ("spurious_entities", vec!["Organization:Reuters"]),
                ("missed_entities", vec!["Meeting:m2"]),
                ("forbidden", vec!["Reuters"]),
                ("missed_relations", vec!["m2 participant a"]),
                ("spurious_relations", vec!["m1 location p"]),
            ]
        );
        assert_eq!(report.metric("meeting_status_acc"), Some(1.0));
        assert_eq!(report.metric("meeting_date_acc"), Some(1.0));
        assert_eq!(report.metric("forbidden_entities"), Some(1.0));
        assert_eq!(report.metric("rel:metWith"), Some(1.0));
        assert_eq!(report.metric("rel:participant"), Some(0.8));
        assert_eq!(report.metric("no such key"), None);
        let table = report.render(true);
        assert!(
            table.contains(
                "rel:metWith                  P=1.000 R=1.000 F1=1.000  (tp=1 fp=0 fn=0)\n"
            ),
            "{table}"
        );
        assert!(
            table.contains(
                "--- missed_relations (1)\n    m2 participant a\n        \"m2 participant a\"\n"
            ),
            "{table}"
        );
        assert!(report.meeting_mismatches.is_empty());
        // A wrong date and status are listed apart from score.py's details.
        let mut graph = graph;
        let attributes = &mut graph.nodes[4].attributes;
        attributes.insert("date".into(), "2025-08-16".into());
        attributes.insert("status".into(), "Planned".into());
        let wrong = score_documents(&[(&gold, &graph)]);
        assert_eq!(wrong.details, report.details);
        assert_eq!(wrong.metric("meeting_date_acc"), Some(0.0));
        let table = wrong.render(true);
        assert!(
            table.ends_with(
                "--- wrong_meeting_status (1)\n    m1: Planned, gold held\n\
                 --- wrong_meeting_dates (1)\n    m1: 2025-08-16, gold 2025-08-15\n"
            ),
            "{table}"
        );
    }

    #[test]
    fn prf_and_rounding_follow_python() {
        assert_eq!(prf(0, 0, 0), (1.0, 1.0, 1.0));
        assert_eq!(prf(0, 0, 3), (0.0, 0.0, 0.0));
        assert_eq!(prf(0, 2, 0), (0.0, 1.0, 0.0));
        // round(0.0625, 3) == 0.062 and round(0.1875, 3) == 0.188 (ties to even)
        assert_eq!(round3(1.0 / 16.0), 0.062);
        assert_eq!(round3(3.0 / 16.0), 0.188);
        assert_eq!(round3(2.0 / 3.0), 0.667);
    }

    #[test]
    fn bad_gold_files_are_reported() {
        let err = parse_gold("{\"entities\": [{\"type\": \"Leader\"}]}", "x".into()).unwrap_err();
        assert_eq!(err, "entity 1 has no id");
        let err = parse_gold("{\n  \"entities\": [,]}", "x".into()).unwrap_err();
        assert!(
            err.starts_with("invalid json at line 2 column 16: "),
            "{err}"
        );
        let err = load_gold_file(Path::new("/nonexistent/gold.json")).unwrap_err();
        assert!(matches!(err, crate::Error::Gold { .. }));
    }

    #[test]
    fn seed_gold_loads() {
        let golds = seeds();
        assert_eq!(golds.len(), 5);
        assert_eq!(golds[0].stem, "000_02c8fb468c9cc04e");
        assert!(
            golds
                .iter()
                .all(|g| !g.entities.is_empty() && !g.relations.is_empty())
        );
        assert_eq!(golds[4].date.as_deref(), Some("2025-08-19"));
    }

    #[test]
    fn agrees_with_score_py_on_perturbed_corpus() {
        let report = check("perturbed_corpus.json");
        // the table is printed exactly as score.py prints it
        let want = std::fs::read_to_string(root().join("data/eval/perturbed_corpus.expected.txt"))
            .unwrap();
        assert_eq!(report.render(false), want);
        // spurious relations carry their evidence
        assert!(
            report
                .render(true)
                .contains("        \"A spurious sentence.\"\n")
        );
    }

    #[test]
    fn agrees_with_score_py_on_peer_format() {
        check("peer_corpus.json");
    }

    #[test]
    fn agrees_with_score_py_on_gold_itself() {
        let report = check("gold_corpus.json");
        assert_eq!(report.metric("entities_all"), Some(1.0));
    }

    #[test]
    fn agrees_with_score_py_per_document() {
        check("perturbed_docs");
    }

    /// Greedy pairing would match two of the three gold meetings here; the
    /// best assignment matches all three (see gen_fixtures.py).
    #[test]
    fn meetings_are_aligned_by_the_best_assignment_not_greedily() {
        let gold = load_gold_dir(&root().join("data/eval/alignment/gold")).unwrap();
        let report = check_against(gold, "alignment/system.json");
        let m = report.tallies["entity:Meeting"];
        assert_eq!((m.tp, m.fp, m.fn_), (3, 0, 0));
        assert_eq!(report.metric("meeting_status_acc"), Some(1.0));
    }

    #[test]
    fn best_assignment_prefers_two_pairs_to_one_stronger() {
        let weights: BTreeMap<(&str, &str), f64> = [
            (("g1", "s1"), 1.1),
            (("g1", "s2"), 0.767),
            (("g2", "s1"), 0.8),
        ]
        .into_iter()
        .collect();
        let mut got = best_assignment(&weights);
        got.sort();
        assert_eq!(got, [("g1", "s2"), ("g2", "s1")]);
        let one: BTreeMap<(&str, &str), f64> = [(("g1", "s1"), 0.6), (("g1", "s2"), 0.7)]
            .into_iter()
            .collect();
        assert_eq!(best_assignment(&one), [("g1", "s2")]);
        assert!(best_assignment(&BTreeMap::new()).is_empty());
    }

    /// Real extractor output on the real-news development set, as score.py
    /// scored it: the port agrees on real graphs, not only on perturbed gold.
    #[test]
    fn agrees_with_score_py_on_real_news() {
        let gold = load_gold_dir(&root().join("news/voa/gold")).unwrap();
        check_against(gold, "voa_docs");
    }

    #[test]
    fn agrees_with_score_py_on_the_written_test_articles() {
        let gold = load_gold_dir(&root().join("eval/gold")).unwrap();
        check_against(gold, "unseen_docs");
    }
}

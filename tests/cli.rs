//! Integration tests: run the real binary as a user would.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "cli/ecosystem.rs"]
mod ecosystem;
#[path = "cli/layer.rs"]
mod layer;
#[path = "cli/reliability.rs"]
mod reliability;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn newsgraph() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("run newsgraph");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A store built from the seeds in a temporary directory.
fn seeded_store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("ng.db");
    let r = run(newsgraph()
        .arg("build")
        .arg(root().join("seeds"))
        .arg("--store")
        .arg(&store));
    assert_eq!(r.code, 0, "build failed: {}", r.stderr);
    (dir, store)
}

fn query(store: &Path, q: &str, format: &str) -> Run {
    run(newsgraph()
        .args(["query", q, "--format", format, "--store"])
        .arg(store))
}

#[test]
fn build_reports_articles_nodes_and_edges() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("ng.db");
    let r = run(newsgraph()
        .arg("build")
        .arg(root().join("seeds"))
        .arg("--store")
        .arg(&store));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("articles: 5 read"), "{}", r.stderr);
    assert!(r.stderr.contains("Leader"), "{}", r.stderr);
    assert!(r.stderr.contains("metWith"), "{}", r.stderr);
    // The same articles again are not stored twice.
    let again = run(newsgraph()
        .arg("build")
        .arg(root().join("seeds"))
        .arg("--store")
        .arg(&store));
    assert!(
        again
            .stderr
            .contains("articles: 0 read, 5 already in store"),
        "{}",
        again.stderr
    );
}

#[test]
fn sparql_answers_who_met_whom() {
    let (_dir, store) = seeded_store();
    let r = query(
        &store,
        "ASK { person:donald-trump ng:metWith person:vladimir-putin }",
        "table",
    );
    assert_eq!(r.stdout.trim(), "true", "{}", r.stderr);
    // A negated membership never becomes an edge.
    let r = query(
        &store,
        "ASK { nation:ukraine ng:memberOf org:nato }",
        "table",
    );
    assert_eq!(r.stdout.trim(), "false");
}

/// Rows of a query as sorted CSV lines, the header dropped.
fn rows(store: &Path, q: &str) -> Vec<String> {
    let r = query(store, q, "csv");
    assert_eq!(r.code, 0, "{q}: {}", r.stderr);
    let mut lines: Vec<String> = r.stdout.lines().skip(1).map(str::to_string).collect();
    lines.sort();
    lines
}

/// The summary graph's meeting counts equal the aggregate over the article
/// graphs they stand in for.
fn assert_summary_is_current(store: &Path) {
    let stored = rows(store, "SELECT ?a ?n WHERE { ?a ng:meetingCount ?n }");
    let live = rows(
        store,
        "SELECT ?a (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m ng:participant ?a } GROUP BY ?a",
    );
    assert_eq!(stored, live);
}

#[test]
fn meeting_counts_and_months_answer_the_common_questions() {
    let (_dir, store) = seeded_store();
    assert_summary_is_current(&store);
    let top = rows(
        &store,
        "SELECT ?a ?n WHERE { ?a ng:meetingCount ?n FILTER(?n >= 5) }",
    );
    assert!(
        top.contains(&"https://w3id.org/newsgraph/id/person/donald-trump,5".to_string()),
        "{top:?}"
    );
    // Every date that names a month has that month beside it, so the
    // month lookup finds what a filter over all dates finds.
    let by_filter = rows(
        &store,
        "SELECT DISTINCT ?m WHERE { ?m ng:date ?d FILTER(STRSTARTS(STR(?d), \"2025-08\")) }",
    );
    let by_month = rows(
        &store,
        "SELECT DISTINCT ?m WHERE { ?m ng:month \"2025-08\"^^xsd:gYearMonth }",
    );
    assert!(!by_month.is_empty());
    assert_eq!(by_filter, by_month);
    let unmatched = rows(
        &store,
        "SELECT ?m ?d WHERE { ?m ng:date ?d FILTER(DATATYPE(?d) != xsd:gYear) \
         FILTER NOT EXISTS { ?m ng:month ?month FILTER(STR(?month) = SUBSTR(STR(?d), 1, 7)) } }",
    );
    assert!(unmatched.is_empty(), "{unmatched:?}");
}

#[test]
fn explain_shows_the_plan_with_rows_per_step() {
    let (_dir, store) = seeded_store();
    let r = run(newsgraph()
        .args([
            "query",
            "--explain",
            "SELECT DISTINCT ?o WHERE { person:donald-trump ng:metWith ?o }",
            "--store",
        ])
        .arg(&store));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let plan: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    // Some step of the plan reads the metWith pattern and counts its rows.
    fn steps(v: &serde_json::Value, out: &mut Vec<(String, u64)>) {
        if let (Some(name), Some(n)) = (v["name"].as_str(), v["number of results"].as_u64()) {
            out.push((name.to_string(), n));
        }
        for c in v["children"].as_array().into_iter().flatten() {
            steps(c, out);
        }
    }
    let mut found = Vec::new();
    steps(&plan["plan"], &mut found);
    let expected = rows(
        &store,
        "SELECT ?o WHERE { person:donald-trump ng:metWith ?o }",
    )
    .len() as u64;
    assert!(
        found
            .iter()
            .any(|(name, n)| name.contains("metWith") && *n == expected),
        "{found:?}"
    );
}

#[test]
fn optimize_keeps_the_store_content() {
    let (_dir, store) = seeded_store();
    let before = export(&store, "nquads");
    let r = run(newsgraph().args(["optimize", "--store"]).arg(&store));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("optimized"), "{}", r.stderr);
    assert_eq!(export(&store, "nquads"), before);
    let missing = run(newsgraph()
        .args(["optimize", "--store"])
        .arg(store.with_file_name("absent.db")));
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("no store at"), "{}", missing.stderr);
}

#[test]
fn every_edge_has_evidence_reachable_from_sparql() {
    let (_dir, store) = seeded_store();
    // The reference graph is reference data (terms of office), not edges
    // read from a text.
    let q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o FILTER(STRSTARTS(STR(?p), STR(ng:)) && isIRI(?o) && ?p != ng:mentionedIn && ?p != ng:sentence) } \
             FILTER(?g != <https://w3id.org/newsgraph/reference>) \
             FILTER NOT EXISTS { ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; ng:sentence ?sentence } }";
    let r = query(&store, q, "csv");
    assert_eq!(
        r.stdout.lines().nth(1),
        Some("0"),
        "{}{}",
        r.stdout,
        r.stderr
    );
}

#[test]
fn malformed_query_exits_2_with_position() {
    let (_dir, store) = seeded_store();
    let r = query(&store, "SELECT ?a WHERE { ?a ng:metWith }", "table");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid query"), "{}", r.stderr);
    assert!(r.stderr.contains("1:"), "no position in {}", r.stderr);
}

#[test]
fn query_results_formats() {
    let (_dir, store) = seeded_store();
    let q = "SELECT ?name WHERE { person:donald-trump rdfs:label ?name } LIMIT 1";
    assert!(query(&store, q, "json").stdout.contains("\"head\""));
    assert!(query(&store, q, "xml").stdout.contains("<sparql"));
    assert_eq!(query(&store, q, "csv").stdout.lines().next(), Some("name"));
    assert_eq!(query(&store, q, "tsv").stdout.lines().next(), Some("?name"));
}

fn export(store: &Path, format: &str) -> String {
    let r = run(newsgraph()
        .args(["export", "--format", format, "--store"])
        .arg(store));
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

/// Exports the store in every RDF format and parses each back: the
/// format's name and its statements, or a panic naming the format that
/// does not parse.
fn reparsed_rdf_exports(store: &Path) -> Vec<(&'static str, Vec<oxigraph::model::Quad>)> {
    use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};
    let formats = [
        ("turtle", RdfFormat::Turtle),
        ("ntriples", RdfFormat::NTriples),
        ("nquads", RdfFormat::NQuads),
        ("trig", RdfFormat::TriG),
        ("rdfxml", RdfFormat::RdfXml),
        (
            "jsonld",
            RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        ),
    ];
    formats
        .into_iter()
        .map(|(name, format)| {
            let text = export(store, name);
            let quads = RdfParser::from_format(format)
                .for_slice(text.as_bytes())
                .collect::<Result<Vec<_>, _>>()
                .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
            (name, quads)
        })
        .collect()
}

#[test]
fn rdf_exports_reparse() {
    let (_dir, store) = seeded_store();
    for (name, quads) in reparsed_rdf_exports(&store) {
        assert!(quads.len() > 500, "{name}: only {} statements", quads.len());
    }
    // N-Quads keep one graph per article.
    let nq = export(&store, "nquads");
    let graphs: std::collections::BTreeSet<&str> = nq
        .lines()
        .filter_map(|l| l.rsplit(' ').nth(1))
        .filter(|g| g.contains("/article/"))
        .collect();
    assert_eq!(graphs.len(), 5);
}

#[test]
fn dot_export_renders_with_graphviz() {
    let (dir, store) = seeded_store();
    let dot = dir.path().join("g.dot");
    let r = run(newsgraph()
        .args(["export", "--format", "dot", "-o"])
        .arg(&dot)
        .arg("--store")
        .arg(&store));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(svg_without_warnings(&dot).contains("<svg"));
}

/// Renders a DOT file with Graphviz, failing on any warning; the SVG.
fn svg_without_warnings(dot: &Path) -> String {
    let out = Command::new("dot")
        .arg("-Tsvg")
        .arg(dot)
        .output()
        .expect("graphviz `dot` must be installed");
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "dot warned: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn json_export_follows_the_design() {
    let (_dir, store) = seeded_store();
    let v: serde_json::Value = serde_json::from_str(&export(&store, "json")).unwrap();
    let nodes = v["nodes"].as_array().unwrap();
    let trump = nodes
        .iter()
        .find(|n| n["label"] == "Donald Trump")
        .expect("Trump node");
    assert_eq!(trump["type"], "Leader");
    assert_eq!(trump["wikidata"], "Q22686");
    assert!(trump["sources"].as_array().unwrap().len() >= 4);
    let edges = v["edges"].as_array().unwrap();
    let met = edges
        .iter()
        .find(|e| e["relation"] == "metWith")
        .expect("a metWith edge");
    let ev = &met["evidence"][0];
    assert!(ev["sentence"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(ev["end"].as_u64() > ev["start"].as_u64());
}

#[test]
fn exports_are_deterministic() {
    let (_d1, s1) = seeded_store();
    let (_d2, s2) = seeded_store();
    for f in ["turtle", "nquads", "json", "dot"] {
        assert_eq!(
            export(&s1, f),
            export(&s2, f),
            "{f} differs between two builds"
        );
    }
}

#[test]
fn extract_reads_stdin_and_the_date_line() {
    let mut cmd = newsgraph();
    cmd.args(["extract", "-", "--format", "json"]);
    let out = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(b"date 2024-03-07\nFrench President Emmanuel Macron met German Chancellor Olaf Scholz in Paris on Monday.\n")?;
            c.wait_with_output()
        })
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let meeting = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["type"] == "Meeting")
        .expect("a meeting");
    assert_eq!(meeting["attributes"]["date"], "2024-03-04");
    assert_eq!(meeting["attributes"]["status"], "held");
}

#[test]
fn checked_in_exports_match_the_code() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("ng.db");
    // As the README's main job runs it: from the project, on `seeds`, so the
    // recorded origins are `seeds/...` wherever the project lives.
    let r = run(newsgraph()
        .current_dir(root())
        .arg("build")
        .arg("seeds")
        .arg("--store")
        .arg(&store));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let update = std::env::var_os("UPDATE_EXPORTS").is_some();
    for (file, format) in [
        ("graph.ttl", "turtle"),
        ("graph.nq", "nquads"),
        ("graph.json", "json"),
        ("graph.dot", "dot"),
    ] {
        let fresh = export(&store, format);
        let path = root().join("exports").join(file);
        if update {
            std::fs::write(&path, &fresh).unwrap();
            continue;
        }
        let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            !fresh.contains(env!("CARGO_MANIFEST_DIR")),
            "exports/{file} records a machine path"
        );
        assert!(
            checked_in == fresh,
            "exports/{file} is stale: run `UPDATE_EXPORTS=1 cargo test --release checked_in_exports` (or `newsgraph export`)"
        );
    }
    if update {
        let svg = Command::new("dot")
            .arg("-Tsvg")
            .arg(root().join("exports/graph.dot"))
            .output()
            .unwrap();
        std::fs::write(root().join("exports/graph.svg"), svg.stdout).unwrap();
    }
    // The SVG only has to render.
    let svg = std::fs::read_to_string(root().join("exports/graph.svg")).unwrap_or_default();
    assert!(
        svg.contains("<svg"),
        "exports/graph.svg does not hold an SVG"
    );
}

#[test]
fn data_uses_only_terms_the_ontology_declares() {
    let (_dir, store) = seeded_store();
    let q = "SELECT DISTINCT ?t WHERE { GRAPH ?g { { ?s ?t ?o } UNION { ?s a ?t } } FILTER(?g != <https://w3id.org/newsgraph/ontology>) \
             FILTER(STRSTARTS(STR(?t), STR(ng:))) FILTER NOT EXISTS { GRAPH <https://w3id.org/newsgraph/ontology> { ?t rdfs:label ?l } } }";
    let r = query(&store, q, "csv");
    assert_eq!(r.stdout.trim(), "t", "undeclared terms: {}", r.stdout);
}

/// Runs `newsgraph eval` and returns its JSON figures.
fn eval_figures(gold: &str, articles: &str, corpus: bool) -> serde_json::Value {
    let mut cmd = newsgraph();
    cmd.args(["eval", "--format", "json", "--gold"])
        .arg(root().join(gold))
        .arg(root().join(articles));
    if corpus {
        cmd.arg("--corpus");
    }
    let r = run(&mut cmd);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

fn at_least(figures: &serde_json::Value, key: &str, floor: f64) {
    let f1 = figures[key]["f1"]
        .as_f64()
        .or_else(|| figures[key].as_f64())
        .unwrap_or(0.0);
    assert!(
        f1 >= floor,
        "{key} fell to {f1} (floor {floor}); see EVALUATION.md"
    );
}

/// Quality floors on the seeds: raise them as the extractor improves
/// (EVALUATION.md records the current figures).
#[test]
fn seed_scores_stay_above_the_floor() {
    let per_doc = eval_figures("tests/gold/seeds", "seeds", false);
    at_least(&per_doc, "entities_named", 0.99);
    // 0.90 under the greedy meeting alignment; 0.899 under score.py's
    // best assignment, for the same edges.
    at_least(&per_doc, "relations_core", 0.899);
    at_least(&per_doc, "relations_secondary", 0.31);
    at_least(&per_doc, "meeting_status_acc", 0.99);
    assert_eq!(
        per_doc["negatives_emitted"], 0,
        "a negated fact became an edge"
    );
    assert_eq!(
        per_doc["forbidden_entities"], 0,
        "a byline or credit became an entity"
    );
    let corpus = eval_figures("tests/gold/seeds", "seeds", true);
    at_least(&corpus, "relations_core", 0.89);
    at_least(&corpus, "meeting_status_acc", 0.99);
    assert_eq!(corpus["negatives_emitted"], 0);
}

/// The hand-written articles of tests/eval keep the extractor general.
#[test]
fn unseen_article_scores_stay_above_the_floor() {
    let per_doc = eval_figures("tests/eval/gold", "tests/eval/articles", false);
    at_least(&per_doc, "entities_named", 0.98);
    // 0.95 under the greedy meeting alignment; 0.941 under the best
    // assignment, for the same nodes.
    at_least(&per_doc, "entities_all", 0.941);
    at_least(&per_doc, "relations_core", 0.90);
    at_least(&per_doc, "relations_secondary", 0.63);
    at_least(&per_doc, "meeting_date_acc", 0.50);
    assert_eq!(
        per_doc["negatives_emitted"], 0,
        "a negated or hypothetical fact became an edge"
    );
    assert_eq!(per_doc["forbidden_entities"], 0);
}

/// The headline yardstick: real Voice of America stories that nobody here
/// wrote (tests/news/voa). The floors are today's figures; raise them as
/// the extractor improves, never lower them without saying why in
/// EVALUATION.md.
#[test]
fn real_news_scores_stay_above_the_floor() {
    let per_doc = eval_figures("tests/news/voa/gold", "tests/news/voa/articles", false);
    at_least(&per_doc, "relations_core", 0.524);
    let core_precision = per_doc["relations_core"]["p"].as_f64().unwrap();
    assert!(
        core_precision >= 0.835,
        "core precision on real news fell to {core_precision} (floor 0.835)"
    );
    at_least(&per_doc, "relations_secondary", 0.114);
    at_least(&per_doc, "entities_named", 0.874);
    at_least(&per_doc, "entities_all", 0.789);
    at_least(&per_doc, "entity:Organization", 0.721);
    at_least(&per_doc, "entity:Leader", 0.875);
    at_least(&per_doc, "entity:Meeting", 0.416);
    at_least(&per_doc, "rel:called", 0.667);
    at_least(&per_doc, "rel:hosted", 0.222);
    at_least(&per_doc, "rel:leaderOf", 0.941);
    at_least(&per_doc, "rel:represents", 0.784);
    at_least(&per_doc, "meeting_status_acc", 0.812);
    // 0.583 of 12 matched meetings with a gold date before visits and video
    // calls were read; 0.538 of 13 since (the new one has no date).
    at_least(&per_doc, "meeting_date_acc", 0.538);
    assert_eq!(
        per_doc["negatives_emitted"], 0,
        "a negated or hypothetical fact became an edge"
    );
    assert_eq!(per_doc["forbidden_entities"], 0);
}

#[test]
fn extract_output_does_not_depend_on_threads() {
    let out = |threads: &str| {
        run(newsgraph()
            .args(["extract", "--format", "nquads", "--threads", threads])
            .arg(root().join("seeds")))
    };
    let (one, two) = (out("1"), out("2"));
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn chunked_bulk_build_equals_one_transaction_per_article() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let r = run(newsgraph()
        .args(["corpus", "--size", "300KB", "--seed", "5", "--out"])
        .arg(&corpus));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let nquads = |extra: &[&str], name: &str| {
        let store = dir.path().join(name);
        let r = run(newsgraph()
            .arg("build")
            .arg(&corpus)
            .arg("--store")
            .arg(&store)
            .args(extra));
        assert_eq!(r.code, 0, "{}", r.stderr);
        export(&store, "nquads")
    };
    let bulk = nquads(&["--threads", "2", "--chunk-size", "1000"], "bulk.db");
    let plain = nquads(
        &["--threads", "1", "--chunk-size", "1000", "--no-bulk-load"],
        "plain.db",
    );
    assert!(bulk.lines().count() > 1000);
    assert_eq!(bulk, plain);
    // Several chunks: two bulk loads, then a short last chunk written
    // article by article.
    let pipelined = nquads(&["--threads", "2", "--chunk-size", "64"], "pipelined.db");
    let plain = nquads(
        &["--threads", "1", "--chunk-size", "64", "--no-bulk-load"],
        "plain64.db",
    );
    assert_eq!(pipelined, plain);
}

#[test]
fn user_lexicon_adds_a_leader() {
    let dir = tempfile::tempdir().unwrap();
    let lexicon = dir.path().join("extra.ttl");
    std::fs::write(
        &lexicon,
        "@prefix ng: <https://w3id.org/newsgraph/ontology#> .\n\
         <https://w3id.org/newsgraph/id/person/jane-doe> a ng:Leader ;\n\
             <http://www.w3.org/2000/01/rdf-schema#label> \"Jane Doe\" ;\n\
             ng:role \"Foreign Minister\" ;\n\
             ng:represents <https://w3id.org/newsgraph/id/nation/france> .\n",
    )
    .unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(
        &article,
        "Jane Doe met German Chancellor Friedrich Merz in Berlin. France backed the plan.\n",
    )
    .unwrap();
    let without = run(newsgraph()
        .args(["extract", "--format", "json"])
        .arg(&article));
    assert!(!without.stdout.contains("person/jane-doe"));
    let with = run(newsgraph()
        .args(["extract", "--format", "json", "--lexicon"])
        .arg(&lexicon)
        .arg(&article));
    assert_eq!(with.code, 0, "{}", with.stderr);
    let v: serde_json::Value = serde_json::from_str(&with.stdout).unwrap();
    let edges = v["edges"].as_array().unwrap();
    let has = |s: &str, r: &str, t: &str| {
        edges.iter().any(|e| {
            e["source"].as_str().is_some_and(|x| x.ends_with(s))
                && e["relation"] == r
                && e["target"].as_str().is_some_and(|x| x.ends_with(t))
        })
    };
    assert!(
        has("person/jane-doe", "metWith", "person/friedrich-merz")
            || has("person/friedrich-merz", "metWith", "person/jane-doe")
    );
    assert!(has("person/jane-doe", "represents", "nation/france"));
    // A broken lexicon is a clear error naming the file.
    std::fs::write(&lexicon, "this is not turtle").unwrap();
    let bad = run(newsgraph()
        .args(["extract", "--lexicon"])
        .arg(&lexicon)
        .arg(&article));
    assert_ne!(bad.code, 0);
    assert!(bad.stderr.contains("extra.ttl"), "{}", bad.stderr);
}

/// Terms of office reach SPARQL: who held an office on a day, and which
/// office a participant held when a meeting took place.
#[test]
fn terms_of_office_answer_sparql() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(
        &article,
        "date 2004-06-10\nTalks in Paris\n\nJacques Chirac met Ariel Sharon in Paris on Tuesday. \
         France and Israel agreed to meet again.\n",
    )
    .unwrap();
    let store = dir.path().join("store");
    let r = run(newsgraph()
        .arg("build")
        .arg("--store")
        .arg(&store)
        .arg(&article));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let query = |q: &str| {
        let r = run(newsgraph()
            .args(["query", "--format", "csv", "--store"])
            .arg(&store)
            .arg(q));
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    let prefixes = "PREFIX ng: <https://w3id.org/newsgraph/ontology#> \
                    PREFIX schema: <https://schema.org/> \
                    PREFIX office: <https://w3id.org/newsgraph/id/office/> \
                    PREFIX nation: <https://w3id.org/newsgraph/id/nation/> ";
    let on_day = |day: &str| {
        query(&format!(
            "{prefixes} SELECT ?name WHERE {{ ?t ng:termOffice office:prime-minister ; \
             ng:serves nation:israel ; ng:holder ?p ; schema:startDate ?s . \
             OPTIONAL {{ ?t schema:endDate ?e }} ?p rdfs:label ?name . \
             FILTER(?s <= \"{day}\"^^xsd:date && (!BOUND(?e) || ?e > \"{day}\"^^xsd:date)) }}"
        ))
    };
    assert_eq!(on_day("2004-12-01"), "name\r\nAriel Sharon\r\n");
    // Sharon's is the only Israeli term the store holds: none in 2010.
    assert_eq!(on_day("2010-12-01"), "name\r\n");
    let offices = query(&format!(
        "{prefixes} SELECT DISTINCT ?office WHERE {{ ?m a ng:Meeting ; ng:date ?d ; \
         ng:participant ?p . ?t ng:holder ?p ; schema:startDate ?s ; rdfs:label ?office . \
         OPTIONAL {{ ?t schema:endDate ?e }} FILTER(?s <= ?d && (!BOUND(?e) || ?e > ?d)) }} \
         ORDER BY ?office"
    ));
    assert_eq!(
        offices,
        "office\r\n\"Ariel Sharon, Prime Minister\"\r\n\"Jacques Chirac, President\"\r\n"
    );
}

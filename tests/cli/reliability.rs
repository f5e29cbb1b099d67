//! Reliability: bad and huge inputs, re-ingest, crashes, hostile names,
//! query floods. Inputs are generated at test time into temporary
//! directories.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::time::Instant;

use super::{newsgraph, run};

fn build(paths: &[&Path], store: &Path) -> super::Run {
    let mut cmd = newsgraph();
    cmd.arg("build").args(paths).arg("--store").arg(store);
    run(&mut cmd)
}

/// metWith is symmetric and stored once per pair, in either direction.
fn met_pattern(a: &str, b: &str) -> String {
    format!("{{ person:{a} ng:metWith person:{b} }} UNION {{ person:{b} ng:metWith person:{a} }}")
}

fn met(a: &str, b: &str) -> String {
    format!("ASK {{ {} }}", met_pattern(a, b))
}

#[test]
fn bad_inputs_are_skipped_or_warned_by_name_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("empty.txt"), "").unwrap();
    let mut binary = b"\x7fELF\x02\x01\x01\x00\x00\x00".to_vec();
    binary.extend((0..4000u32).map(|i| (i * 7919 % 256) as u8));
    fs::write(input.join("binary.txt"), binary).unwrap();
    fs::write(
        input.join("latin1.txt"),
        b"French President Emmanuel Macron met German Chancellor Friedrich Merz in Berlin. Caf\xe9 \xff.\n",
    )
    .unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Russian President Vladimir Putin met Donald Trump in Anchorage.".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    fs::write(input.join("utf16.txt"), utf16).unwrap();
    let nested = format!(
        "<html><head><title>Deep</title></head><body>{}<p>Indian Prime Minister Narendra Modi met Chinese President Xi Jinping in Tianjin.</p>{}</body></html>",
        "<div><span>".repeat(50_000),
        "</span></div>".repeat(50_000)
    );
    fs::write(input.join("deep.html"), nested).unwrap();
    fs::write(
        input.join("feed.jsonl"),
        "{\"text\": \"Japanese Prime Minister Shigeru Ishiba met South Korean President Lee Jae-myung in Tokyo.\"}\n{broken\n\"just a string\"\n{\"title\": \"no text\"}\n",
    )
    .unwrap();
    let long_line = format!(
        "{}end. Ukrainian President Volodymyr Zelensky met NATO Secretary General Mark Rutte in Kyiv.\n",
        "word ".repeat(400_000)
    );
    fs::write(input.join("long-line.txt"), long_line).unwrap();

    let store = dir.path().join("ng.db");
    let started = Instant::now();
    let r = build(&[&input], &store);
    assert!(
        started.elapsed().as_secs() < 60,
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let at = |name: &str| input.join(name).display().to_string();
    for (origin, why) in [
        (at("empty.txt"), "empty article"),
        (at("binary.txt"), "binary content"),
        (format!("{}:2", at("feed.jsonl")), "invalid JSON"),
        (format!("{}:3", at("feed.jsonl")), "not a JSON object"),
        (format!("{}:4", at("feed.jsonl")), "no \"text\" field"),
    ] {
        assert!(
            r.stderr.contains(&format!("skipped {origin}: {why}")),
            "{origin}: {why} not in {}",
            r.stderr
        );
    }
    assert!(
        r.stderr
            .contains(&format!("warning: {}: invalid UTF-8", at("latin1.txt"))),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("articles: 5 read, 0 already in store, 5 skipped, 1 with warnings"),
        "{}",
        r.stderr
    );
    // Every readable article made it into the graph.
    let q = |q: &str| {
        let r = run(newsgraph().args(["query", q, "--store"]).arg(&store));
        r.stdout.trim().to_string()
    };
    for (a, b) in [
        ("emmanuel-macron", "friedrich-merz"),
        ("vladimir-putin", "donald-trump"),
        ("narendra-modi", "xi-jinping"),
        ("shigeru-ishiba", "lee-jae-myung"),
        ("volodymyr-zelenskyy", "mark-rutte"),
    ] {
        assert_eq!(q(&met(a, b)), "true", "{a} met {b}");
    }
    // extract reads the same inputs the same way.
    let r = run(newsgraph()
        .args(["extract", "--format", "nquads"])
        .arg(&input));
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("skipped"), "{}", r.stderr);
    assert!(r.stdout.contains("person/xi-jinping"));
}

#[test]
fn a_100_mb_article_and_10_000_tiny_files_build_in_reasonable_time() {
    let dir = tempfile::tempdir().unwrap();
    // 100 MB: a long first line with a meeting, 50 KB lines of filler, and a
    // meeting in the very last line (so the whole text was read).
    let huge = dir.path().join("huge.txt");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(fs::File::create(&huge).unwrap());
        writeln!(
            f,
            "French President Emmanuel Macron met German Chancellor Friedrich Merz in Berlin."
        )
        .unwrap();
        let line = format!(
            "{}\n",
            "the committee discussed the budget at length and adjourned without a vote, "
                .repeat(700)
        );
        for _ in 0..100_000_000 / line.len() {
            f.write_all(line.as_bytes()).unwrap();
        }
        write!(
            f,
            "Russian President Vladimir Putin met U.S. President Donald Trump in Alaska."
        )
        .unwrap();
    }
    assert!(fs::metadata(&huge).unwrap().len() >= 99_000_000);
    let store = dir.path().join("huge.db");
    let started = Instant::now();
    let r = build(&[&huge], &store);
    let huge_time = started.elapsed();
    eprintln!("100 MB article: {huge_time:?}");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        huge_time.as_secs() < 120,
        "100 MB article took {huge_time:?}"
    );
    let ask = run(newsgraph()
        .args([
            "query",
            &format!(
                "ASK {{ {} {} }}",
                met_pattern("vladimir-putin", "donald-trump"),
                met_pattern("emmanuel-macron", "friedrich-merz")
            ),
            "--store",
        ])
        .arg(&store));
    assert_eq!(ask.stdout.trim(), "true", "{}", ask.stderr);
    fs::remove_file(&huge).unwrap();

    // 10,000 tiny files, each its own article.
    let many = dir.path().join("many");
    fs::create_dir(&many).unwrap();
    for i in 0..10_000 {
        fs::write(
            many.join(format!("{i:05}.txt")),
            format!("Report {i}: Macron met Merz in Paris."),
        )
        .unwrap();
    }
    let store = dir.path().join("many.db");
    let started = Instant::now();
    let r = build(&[&many], &store);
    let many_time = started.elapsed();
    eprintln!("10,000 files: {many_time:?}");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("articles: 10000 read, 0 already in store, 0 skipped"),
        "{}",
        r.stderr
    );
    assert!(many_time.as_secs() < 180, "10,000 files took {many_time:?}");
}

fn export_nquads(store: &Path) -> String {
    let r = run(newsgraph()
        .args(["export", "--format", "nquads", "--store"])
        .arg(store));
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

const REFERENCE_GRAPH: &str = "<https://w3id.org/newsgraph/reference> .";

/// The N-Quads lines of the other articles' graphs: neither in the graph
/// of this article nor in the reference graph, which follows what the
/// articles mention (see [`assert_reference_follows_mentions`]).
fn lines_outside(nquads: &str, article_id: &str) -> Vec<String> {
    let graph = format!("<https://w3id.org/newsgraph/id/article/{article_id}> .");
    let mut out: Vec<String> = nquads
        .lines()
        .filter(|l| !l.ends_with(&graph) && !l.ends_with(REFERENCE_GRAPH))
        .map(str::to_string)
        .collect();
    out.sort();
    out
}

/// The reference graph describes exactly the entities some article graph
/// still mentions, and only reference-data entities (Donald Trump, say);
/// a term of office is described while its holder is mentioned.
fn assert_reference_follows_mentions(nquads: &str) {
    let subject = |l: &str| l.split(' ').next().unwrap_or("").to_string();
    let holder_of: std::collections::BTreeMap<String, String> = nquads
        .lines()
        .filter(|l| {
            l.ends_with(REFERENCE_GRAPH)
                && l.contains(" <https://w3id.org/newsgraph/ontology#holder> ")
        })
        .map(|l| {
            let mut words = l.split(' ');
            let term = words.next().unwrap_or("").to_string();
            (term, words.nth(1).unwrap_or("").to_string())
        })
        .collect();
    let described: BTreeSet<String> = nquads
        .lines()
        .filter(|l| l.ends_with(REFERENCE_GRAPH))
        .map(subject)
        .map(|s| holder_of.get(&s).cloned().unwrap_or(s))
        .collect();
    let mentioned: BTreeSet<String> = nquads
        .lines()
        .filter(|l| l.contains("<https://w3id.org/newsgraph/ontology#mentionedIn>"))
        .map(subject)
        .collect();
    let stale: Vec<&String> = described.difference(&mentioned).collect();
    assert!(stale.is_empty(), "described but not mentioned: {stale:?}");
    let trump = "<https://w3id.org/newsgraph/id/person/donald-trump>";
    assert_eq!(
        mentioned.contains(trump),
        described.contains(trump),
        "{described:?}"
    );
}

/// The content id of the stored article read from this file.
fn article_id(store: &Path, file: &Path) -> String {
    let q = format!(
        "SELECT ?h WHERE {{ ?a ng:origin \"{}\" ; ng:contentHash ?h }}",
        file.display()
    );
    let r = run(newsgraph()
        .args(["query", &q, "--format", "csv", "--store"])
        .arg(store));
    r.stdout
        .lines()
        .nth(1)
        .unwrap_or_else(|| panic!("no article from {}: {}", file.display(), r.stderr))
        .to_string()
}

/// Compares without printing thousands of lines.
fn assert_same_lines(a: &[String], b: &[String], what: &str) {
    let only_a: Vec<&String> = a.iter().filter(|l| !b.contains(l)).take(3).collect();
    let only_b: Vec<&String> = b.iter().filter(|l| !a.contains(l)).take(3).collect();
    assert!(
        a == b,
        "{what}: {} vs {} lines; only before: {only_a:?}; only after: {only_b:?}",
        a.len(),
        b.len()
    );
}

#[test]
fn rebuilding_is_a_no_op_and_a_changed_file_replaces_only_its_own_graph() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    fs::create_dir(&seeds).unwrap();
    let mut files: Vec<_> = fs::read_dir(super::root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in &files {
        fs::copy(f, seeds.join(f.file_name().unwrap())).unwrap();
    }
    let store = dir.path().join("ng.db");
    assert_eq!(build(&[&seeds], &store).code, 0);
    let first = export_nquads(&store);
    let again = build(&[&seeds], &store);
    assert!(
        again.stderr.contains("0 read, 5 already in store"),
        "{}",
        again.stderr
    );
    assert_eq!(export_nquads(&store), first, "a rebuild changed the store");

    // Change one article: its old graph goes, the others stay byte for byte.
    let changed = seeds.join(files[1].file_name().unwrap());
    let old_id = article_id(&store, &changed);
    let mut text = fs::read_to_string(&changed).unwrap();
    text.push_str(
        "\nGerman Chancellor Friedrich Merz met Polish Prime Minister Donald Tusk in Warsaw.\n",
    );
    fs::write(&changed, text).unwrap();
    let r = build(&[&seeds], &store);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("1 read, 4 already in store")
            && r.stderr
                .contains("older versions replaced (same origin, new text): 1"),
        "{}",
        r.stderr
    );
    let after = export_nquads(&store);
    assert!(!after.contains(&format!("/article/{old_id}>")));
    let graphs = run(newsgraph()
        .args([
            "query",
            "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a ng:Article } }",
            "--format",
            "csv",
            "--store",
        ])
        .arg(&store));
    assert_eq!(graphs.stdout.lines().nth(1), Some("5"), "{}", graphs.stderr);
    // Every quad of the other articles is unchanged; the new graph has Tusk.
    let new_id = article_id(&store, &changed);
    assert_ne!(new_id, old_id);
    let others_before: Vec<String> = lines_outside(&first, &old_id);
    let others_after: Vec<String> = lines_outside(&after, &new_id);
    assert_same_lines(&others_before, &others_after, "other articles");
    assert!(after.contains("person/donald-tusk"));
    assert_reference_follows_mentions(&after);
    super::assert_summary_is_current(&store);
}

/// The number of article graphs in the store.
fn article_count(store: &Path) -> usize {
    let r = super::query(
        store,
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a ng:Article } }",
        "csv",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
        .lines()
        .nth(1)
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no count: {}", r.stdout))
}

/// The origins recorded for the article with this text, sorted.
fn origins_of_text(store: &Path, text: &str) -> Vec<String> {
    let id = &blake3_id(text);
    let q =
        format!("SELECT ?o WHERE {{ GRAPH ?g {{ ?a ng:contentHash \"{id}\" ; ng:origin ?o }} }}");
    super::rows(store, &q)
}

/// The content id newsgraph gives a text, asked of the binary itself so
/// the test does not depend on how ids are made.
fn blake3_id(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    fs::write(&file, text).unwrap();
    let r = run(newsgraph().args(["extract", "--format", "json"]).arg(&file));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    json["nodes"]
        .as_array()
        .and_then(|nodes| {
            nodes
                .iter()
                .find_map(|n| n["sources"].as_array()?.first()?.as_str())
        })
        .unwrap_or_else(|| panic!("no source in {}", r.stdout))
        .to_string()
}

const FEED_TEXTS: [&str; 5] = [
    "French President Emmanuel Macron met German Chancellor Friedrich Merz in Paris on Monday.",
    "U.S. President Donald Trump met Russian President Vladimir Putin in Alaska.",
    "Ukrainian President Volodymyr Zelenskyy met Polish Prime Minister Donald Tusk in Warsaw.",
    "British Prime Minister Keir Starmer met Italian Prime Minister Giorgia Meloni in Rome.",
    "Finnish President Alexander Stubb met NATO Secretary General Mark Rutte in Helsinki.",
];

fn feed_line(text: &str) -> String {
    serde_json::json!({ "text": text }).to_string() + "\n"
}

#[test]
fn a_feed_that_gains_lines_at_the_top_keeps_every_article() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    let store = dir.path().join("ng.db");
    let mut lines = vec![feed_line(FEED_TEXTS[0])];
    fs::write(&feed, lines.concat()).unwrap();
    assert_eq!(build(&[&feed], &store).code, 0);
    assert_eq!(article_count(&store), 1);
    // Each rebuild finds one new line at the top and every older line one
    // further down: the new article is added and none is removed.
    for n in 2..=4 {
        lines.insert(0, feed_line(FEED_TEXTS[n - 1]));
        fs::write(&feed, lines.concat()).unwrap();
        let r = build(&[&feed], &store);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            r.stderr
                .contains(&format!("articles: 1 read, {} already in store", n - 1)),
            "{}",
            r.stderr
        );
        assert!(
            !r.stderr.contains("older versions replaced"),
            "{}",
            r.stderr
        );
        assert_eq!(article_count(&store), n, "after {n} lines: {}", r.stderr);
    }
    // The first text now sits on line 4, and the store says so.
    assert_eq!(
        origins_of_text(&store, FEED_TEXTS[0]),
        [format!("{}:4", feed.display())]
    );
    // A line edited in place still replaces the article read from it.
    let old_top = FEED_TEXTS[3];
    lines[0] = feed_line(FEED_TEXTS[4]);
    fs::write(&feed, lines.concat()).unwrap();
    let r = build(&[&feed], &store);
    assert!(
        r.stderr.contains("articles: 1 read, 3 already in store")
            && r.stderr
                .contains("older versions replaced (same origin, new text): 1"),
        "{}",
        r.stderr
    );
    assert_eq!(article_count(&store), 4);
    assert!(origins_of_text(&store, old_top).is_empty());
    super::assert_summary_is_current(&store);
}

#[test]
fn a_renamed_file_and_a_new_one_in_its_place_keep_both_articles() {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    fs::create_dir(&news).unwrap();
    let store = dir.path().join("ng.db");
    let latest = news.join("latest.txt");
    fs::write(&latest, FEED_TEXTS[0]).unwrap();
    assert_eq!(build(&[&news], &store).code, 0);
    // Yesterday's latest keeps its article under its new name, read before
    // the new latest.txt in one build, and after it in another.
    for (day, text) in [("2025-08-15", FEED_TEXTS[1]), ("2025-08-16", FEED_TEXTS[2])] {
        fs::rename(&latest, news.join(format!("{day}.txt"))).unwrap();
        fs::write(&latest, text).unwrap();
        let r = build(&[&news], &store);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            !r.stderr.contains("older versions replaced"),
            "{}",
            r.stderr
        );
    }
    assert_eq!(article_count(&store), 3);
    let renamed = news.join("2025-08-15.txt");
    assert_eq!(
        origins_of_text(&store, FEED_TEXTS[0]),
        [renamed.display().to_string()]
    );
    // The same move where the new file is read first, in a chunk of its
    // own: the old text turns up only after the new one is written.
    let older = news.join("0-archive.txt");
    fs::rename(&latest, &older).unwrap();
    fs::write(&latest, FEED_TEXTS[3]).unwrap();
    let r = run(newsgraph()
        .arg("build")
        .args([&latest, &older])
        .args(["--chunk-size", "1", "--store"])
        .arg(&store));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(article_count(&store), 4, "{}", r.stderr);
    // An edit of the renamed file replaces its article, found by its new name.
    fs::write(&renamed, FEED_TEXTS[4]).unwrap();
    let r = build(&[&news], &store);
    assert!(
        r.stderr
            .contains("older versions replaced (same origin, new text): 1"),
        "{}",
        r.stderr
    );
    assert_eq!(article_count(&store), 4);
    assert!(origins_of_text(&store, FEED_TEXTS[0]).is_empty());
    super::assert_summary_is_current(&store);
}

#[test]
fn remove_drops_one_article_by_id_path_or_iri_and_keeps_the_rest() {
    let (_dir, store) = super::seeded_store();
    let full = export_nquads(&store);
    let seeds: Vec<_> = {
        let mut v: Vec<_> = fs::read_dir(super::root().join("seeds"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        v
    };
    // Some meetings are merged across these articles: removing one
    // article keeps every fact the other articles stated, merged or not.
    let merged = build(
        &[&super::root().join("seeds")],
        &tempfile::tempdir().unwrap().path().join("x.db"),
    );
    assert!(
        !merged.stderr.contains("merged across articles: 0"),
        "{}",
        merged.stderr
    );
    let ids: Vec<String> = seeds.iter().map(|f| article_id(&store, f)).collect();
    let names = [
        ids[0].clone(),
        seeds[1].display().to_string(),
        format!("https://w3id.org/newsgraph/id/article/{}", ids[2]),
    ];
    let mut expect = full.clone();
    for (name, id) in names.iter().zip(&ids) {
        let r = run(newsgraph().args(["remove", name, "--store"]).arg(&store));
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let now = export_nquads(&store);
        assert!(
            !now.contains(&format!("/article/{id}>")),
            "{id} still there"
        );
        let kept = lines_outside(&expect, id);
        assert_same_lines(&kept, &lines_outside(&now, id), name);
        assert_reference_follows_mentions(&now);
        super::assert_summary_is_current(&store);
        expect = kept.join("\n");
    }
    // An unknown article is an error that names it.
    let r = run(newsgraph()
        .args(["remove", "ffffffffffffffff", "--store"])
        .arg(&store));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("no such article in the store: ffffffffffffffff"),
        "{}",
        r.stderr
    );
}

/// Quads per article graph, and the graphs holding their ng:Article triple.
fn graph_census(store: &Path) -> (Vec<(String, usize)>, Vec<String>) {
    let q = |q: &str| {
        let r = run(newsgraph()
            .args(["query", q, "--format", "csv", "--store"])
            .arg(store));
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
            .lines()
            .skip(1)
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let mut counts: Vec<(String, usize)> = q(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), STR(article:))) } GROUP BY ?g",
    )
    .into_iter()
    .map(|l| {
        let (g, n) = l.rsplit_once(',').unwrap();
        (g.to_string(), n.parse().unwrap())
    })
    .collect();
    counts.sort();
    let mut typed = q("SELECT ?g WHERE { GRAPH ?g { ?g a ng:Article } }");
    typed.sort();
    (counts, typed)
}

#[test]
fn a_build_killed_at_any_moment_leaves_whole_articles_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("articles");
    fs::create_dir(&input).unwrap();
    let people = [
        "French President Emmanuel Macron",
        "German Chancellor Friedrich Merz",
        "Italian Prime Minister Giorgia Meloni",
        "Polish Prime Minister Donald Tusk",
        "Finnish President Alexander Stubb",
    ];
    for i in 0..2_000 {
        let (a, b) = (people[i % 5], people[(i / 5 + 1 + i) % 5]);
        let b = if a == b { people[(i + 1) % 5] } else { b };
        fs::write(
            input.join(format!("{i:04}.txt")),
            format!(
                "date 2025-03-{:02}\nReport {i}. {a} met {b} in Brussels on Monday. {a} urged the council to act, and said: \"We are ready.\"\n",
                i % 28 + 1
            ),
        )
        .unwrap();
    }
    let clean = dir.path().join("clean.db");
    let started = Instant::now();
    assert_eq!(build(&[&input], &clean).code, 0);
    let clean_time = started.elapsed();
    let (clean_counts, _) = graph_census(&clean);
    assert_eq!(clean_counts.len(), 2_000);

    // Kill a second build at a pseudo-random moment within the clean
    // build's duration (the seed is the clock: each run tries another one).
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as f64;
    let fraction = 0.2 + 0.75 * (nanos / 1e9);
    let delay = clean_time.mul_f64(fraction);
    let killed = dir.path().join("killed.db");
    let mut child = newsgraph()
        .arg("build")
        .arg(&input)
        .arg("--store")
        .arg(&killed)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    // The store opens and holds only whole articles.
    let (counts, typed) = graph_census(&killed);
    eprintln!(
        "killed after {delay:?} of {clean_time:?}: {} of 2000 articles stored",
        counts.len()
    );
    let clean_map: std::collections::BTreeMap<_, _> = clean_counts.iter().cloned().collect();
    for (g, n) in &counts {
        assert_eq!(clean_map.get(g), Some(n), "partial article graph {g}");
        assert!(typed.contains(g), "{g} has no ng:Article triple");
    }
    // Running the build again completes it: same export as a clean build.
    let r = build(&[&input], &killed);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        export_nquads(&killed) == export_nquads(&clean),
        "resumed build differs from a clean build"
    );
}

#[test]
fn a_second_writer_gets_a_clear_store_in_use_error() {
    let (_dir, store) = super::seeded_store();
    let server = super::ecosystem::serve(&store, &[], None);
    let r = build(&[&super::root().join("seeds")], &store);
    drop(server);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("open in another newsgraph process")
            && r.stderr.contains(&store.display().to_string()),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

#[test]
fn hostile_names_and_quotes_give_valid_exports_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    // The file name (the article's origin) is hostile too: quotes, a
    // backslash, angle brackets, '#', emoji, right-to-left text, a newline.
    let name = "we\"ird #1 <x> \\ \u{1F389} \u{645}\u{62D}\u{645}\u{62F}\nname.txt";
    fs::write(
        input.join(name),
        "---\ntitle: Talks \"in\" <Paris> \\ #1 \u{1F389} \u{645}\u{62D}\u{645}\u{62F}\n---\n\
         Prime Minister Jos\u{e9} \u{d1}\u{fa}\u{f1}ez-\u{d6}'Brien met President Zo\u{eb} \u{c6}lfr\u{ed}\u{f0}-\u{d8}ster in Paris on Monday, saying \"no \\\\ <deal> #1 \\\"now\\\"\" \u{1F389} \u{200F}\u{5E9}\u{5DC}\u{5D5}\u{5DD}\u{200F} {x}.\n\
         President \u{1D4B3} \u{645}\u{62D}\u{645}\u{62F} met Chancellor Jo\"hn \\ <Smith> #1 in Berlin.\n\
         French President Emmanuel Macron said: \"We reject \\\\ the <plan> #1 \\\"now\\\" \u{1F389}\".\n",
    )
    .unwrap();
    let store = dir.path().join("ng.db");
    let r = build(&[&input], &store);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let export = |format: &str| super::export(&store, format);
    for (format_name, quads) in super::reparsed_rdf_exports(&store) {
        // The odd strings come back intact as literals.
        let literals: Vec<String> = quads
            .iter()
            .filter_map(|q| match &q.object {
                oxigraph::model::Term::Literal(l) => Some(l.value().to_string()),
                _ => None,
            })
            .collect();
        for needle in [
            "Jos\u{e9} \u{d1}\u{fa}\u{f1}ez-\u{d6}'Brien",
            "no \\\\ <deal> #1 \\\"now\\\"",
            "Talks \"in\" <Paris> \\ #1 \u{1F389}",
            "we\"ird #1 <x> \\ \u{1F389}",
        ] {
            assert!(
                literals.iter().any(|l| l.contains(needle)),
                "{format_name}: no literal holds {needle:?}"
            );
        }
    }
    // JSON parses and keeps the names.
    let json: serde_json::Value =
        serde_json::from_str(&export("json")).expect("json export parses");
    let labels: Vec<&str> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["label"].as_str())
        .collect();
    assert!(
        labels.contains(&"Jos\u{e9} \u{d1}\u{fa}\u{f1}ez-\u{d6}'Brien"),
        "{labels:?}"
    );
    // Every IRI in the graph views is a valid absolute IRI.
    for node in json["nodes"].as_array().unwrap() {
        let id = node["id"].as_str().unwrap();
        oxigraph::model::NamedNode::new(id).unwrap_or_else(|e| panic!("{id:?}: {e}"));
    }
    // DOT renders without warnings.
    let dot_file = dir.path().join("g.dot");
    fs::write(&dot_file, export("dot")).unwrap();
    super::svg_without_warnings(&dot_file);
    // GraphML escapes markup: no raw '<' inside text content.
    let graphml = export("graphml");
    assert!(!graphml.contains("<Smith>") && !graphml.contains("<deal>"));
    assert!(graphml.contains("Brien"));
    // CSV: every row has the header's number of fields.
    let tables = dir.path().join("tables");
    let r = run(newsgraph()
        .args(["export", "--format", "csv", "-o"])
        .arg(&tables)
        .arg("--store")
        .arg(&store));
    assert_eq!(r.code, 0, "{}", r.stderr);
    for file in ["nodes.csv", "edges.csv"] {
        let mut reader = csv::Reader::from_path(tables.join(file)).unwrap();
        let width = reader.headers().unwrap().len();
        for row in reader.records() {
            assert_eq!(row.expect("csv row parses").len(), width, "{file}");
        }
    }
}

/// A small seeded PRNG (xorshift64*), so every run mutates the same way.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One mutation of a seed text: byte flips, truncation at any byte (also
/// inside a UTF-8 sequence), repetition, splicing, inserted markup.
fn mutate(rng: &mut Rng, seed: &[u8], other: &[u8]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        match rng.below(7) {
            0 => {
                for _ in 0..1 + rng.below(16) {
                    let i = rng.below(b.len());
                    if let Some(x) = b.get_mut(i) {
                        *x ^= 1 << rng.below(8);
                    }
                }
            }
            1 => b.truncate(rng.below(b.len() + 1)),
            2 => {
                let (i, j) = (rng.below(b.len()), rng.below(b.len()));
                let piece = b[i.min(j)..i.max(j)].to_vec();
                for _ in 0..rng.below(20) {
                    b.extend_from_slice(&piece);
                }
            }
            3 => {
                let at = rng.below(b.len() + 1);
                let from = rng.below(other.len());
                let piece = other[from..(from + rng.below(400)).min(other.len())].to_vec();
                b.splice(at..at, piece);
            }
            4 => {
                let at = rng.below(b.len() + 1);
                let junk: &[u8] = [
                    &b"<div><p>"[..],
                    b"\"",
                    b"\xff\xfe",
                    b"\x00",
                    b"\n\n---\n",
                    b"\xf0\x9f",
                    b"{\"text\": ",
                    b"\\",
                    b"U.S.",
                    b"President ",
                ][rng.below(10)];
                b.splice(at..at, junk.iter().copied());
            }
            5 => b = (0..rng.below(3000)).map(|_| rng.next() as u8).collect(),
            _ => {
                let i = rng.below(b.len());
                b.drain(i..(i + rng.below(200)).min(b.len()));
            }
        }
    }
    b
}

/// The stable stand-in for the cargo-fuzz target in fuzz/: read + extract
/// on thousands of mutated seed texts in every input format must not panic,
/// and every edge's evidence must lie inside its article's text.
#[test]
fn reading_and_extraction_survive_mutated_inputs() {
    use newsgraph::read::{InputFormat, Item, ReadOptions, read_bytes};
    let lexicon = newsgraph::lexicon::Lexicon::builtin().unwrap();
    let mut seeds: Vec<Vec<u8>> = fs::read_dir(super::root().join("seeds"))
        .unwrap()
        .map(|e| fs::read(e.unwrap().path()).unwrap())
        .collect();
    seeds.sort();
    let n: usize = std::env::var("NEWSGRAPH_ROBUSTNESS_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3_000);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let formats = [
        InputFormat::Text,
        InputFormat::Markdown,
        InputFormat::Html,
        InputFormat::Jsonl,
    ];
    let started = Instant::now();
    let mut n_edges = 0;
    for i in 0..n {
        let seed = &seeds[rng.below(seeds.len())];
        let other = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, seed, other);
        let format = formats[i % formats.len()];
        let input = if format == InputFormat::Jsonl {
            let text = String::from_utf8_lossy(&input);
            let mut line = serde_json::json!({ "text": text }).to_string().into_bytes();
            if rng.below(4) == 0 {
                line = mutate(&mut rng, &line, other);
            }
            line
        } else {
            input
        };
        let result = std::panic::catch_unwind(|| {
            let mut edges = 0;
            for item in read_bytes("fuzz", &input, format, &ReadOptions::default()) {
                if let Item::Document(doc) = item {
                    let x = newsgraph::extract(&doc, &lexicon);
                    let n_chars = doc.text.chars().count();
                    for e in &x.edges {
                        let ev = &e.evidence;
                        assert!(ev.start < ev.end && ev.end <= n_chars, "{ev:?}");
                        let slice: String = doc
                            .text
                            .chars()
                            .skip(ev.start)
                            .take(ev.end - ev.start)
                            .collect();
                        assert_eq!(slice, &*ev.sentence);
                        edges += 1;
                    }
                }
            }
            edges
        });
        match result {
            Ok(edges) => n_edges += edges,
            Err(_) => {
                let path = std::env::temp_dir().join(format!("newsgraph-crash-{i}"));
                fs::write(&path, &input).unwrap();
                panic!(
                    "input {i} ({format:?}) panicked; saved to {}",
                    path.display()
                );
            }
        }
    }
    eprintln!(
        "{n} mutated inputs, {n_edges} edges checked in {:?}",
        started.elapsed()
    );
    assert!(
        n_edges > 0,
        "no edge survived the mutations: the test checks nothing"
    );
}

/// One GET; 0 when the connection failed or broke off.
fn status_of(port: u16, target: &str) -> u16 {
    let accept = [("Accept", "application/sparql-results+json")];
    super::ecosystem::try_http(port, "GET", target, &accept, "").map_or(0, |r| r.status)
}

fn status_kb(pid: u32, field: &str) -> u64 {
    fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// A cartesian product sorted: Oxigraph gathers every row before the
/// first is returned, so the cancellation of the evaluation alone was
/// never seen (2.56 GB and no answer on the seeds store).
const SORTED_PRODUCT: &str = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f";

/// A string doubled 26 times: a gigabyte in one row.
fn concat_doubling() -> String {
    let mut q = String::from("SELECT ?v26 WHERE { BIND(\"0123456789abcdef\" AS ?v0) ");
    for i in 1..=26 {
        q.push_str(&format!("BIND(CONCAT(?v{0}, ?v{0}) AS ?v{1}) ", i - 1, i));
    }
    q.push('}');
    q
}

#[test]
fn every_query_stops_at_its_timeout_with_503() {
    let (_dir, store) = super::seeded_store();
    let server = super::ecosystem::serve(&store, &["--timeout", "1", "--max-memory", "4096"], None);
    for query in [
        SORTED_PRODUCT,
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a (ng:metWith|^ng:metWith|ng:mentionedIn|^ng:mentionedIn)* ?b . ?c ?d ?e }",
    ] {
        let started = Instant::now();
        let r = super::ecosystem::get_query(server.port, query, "");
        let took = started.elapsed();
        eprintln!("{query}: {} in {took:?}", r.status);
        assert_eq!(r.status, 503, "{query}: {}", r.body);
        assert!(r.body.contains("timed out after 1 s"), "{}", r.body);
        assert!(
            took < std::time::Duration::from_secs(3),
            "{query} took {took:?}"
        );
    }
    // The other places still answer while the cancelled queries wind down.
    let r = super::ecosystem::get_query(server.port, "ASK { ?s ?p ?o }", "");
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn a_query_over_its_memory_budget_is_stopped_with_503() {
    let (_dir, store) = super::seeded_store();
    let server = super::ecosystem::serve(&store, &["--timeout", "60", "--max-memory", "64"], None);
    let pid = server.child.id();
    {
        let query = concat_doubling();
        let started = Instant::now();
        let r = super::ecosystem::get_query(server.port, &query, "");
        eprintln!(
            "{}...: {} in {:?}, peak RSS {} kB",
            &query[..40],
            r.status,
            started.elapsed(),
            status_kb(pid, "VmHWM:")
        );
        assert_eq!(r.status, 503, "{}", r.body);
        assert!(r.body.contains("more than 64 MB"), "{}", r.body);
    }
    // The client's answer comes at once; the evaluation itself does not
    // notice the cancellation while it builds strings (docs/RELIABILITY.md).
    let r = super::ecosystem::get_query(server.port, "ASK { ?s ?p ?o }", "");
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn a_flood_of_concurrent_queries_is_answered_and_memory_stays_bounded() {
    let (_dir, store) = super::seeded_store();
    let server = super::ecosystem::serve(&store, &["--timeout", "5"], None);
    let (port, pid) = (server.port, server.child.id());
    let query = super::ecosystem::encode(
        "SELECT ?a ?b ?s WHERE { ?a ng:metWith ?b . ?e rdf:subject ?a ; ng:sentence ?s }",
    );
    let target = format!("/query?query={query}");
    assert_eq!(status_of(port, &target), 200);
    let before = status_kb(pid, "VmRSS:");
    let started = Instant::now();
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..50)
            .map(|_| {
                scope.spawn(|| {
                    (0..20)
                        .map(|_| status_of(port, &target))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let after = status_kb(pid, "VmRSS:");
    eprintln!(
        "1000 queries in {:?}; RSS {before} kB -> {after} kB",
        started.elapsed()
    );
    assert_eq!(statuses.len(), 1_000);
    let bad: Vec<&u16> = statuses
        .iter()
        .filter(|s| !matches!(s, 200 | 503))
        .collect();
    assert!(
        bad.is_empty(),
        "{} answers not 200/503: {:?}",
        bad.len(),
        &bad[..bad.len().min(10)]
    );
    assert!(statuses.iter().filter(|s| **s == 200).count() > 0);
    // Still alive and answering, and memory did not run away.
    assert_eq!(status_of(port, &target), 200);
    assert!(
        after < before + 512 * 1024,
        "RSS grew from {before} kB to {after} kB"
    );
}

/// The one number a `SELECT (COUNT(..) AS ?n)` answers, asked of the server
/// with extra URL parameters.
fn count_of(port: u16, query: &str, extra: &str) -> u64 {
    let target = format!("/query?query={}{extra}", super::ecosystem::encode(query));
    let r = super::ecosystem::http(port, "GET", &target, &[("Accept", "text/csv")], "");
    assert_eq!(r.status, 200, "{query} {extra}: {}", r.body);
    r.body
        .lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| panic!("{}", r.body))
}

#[test]
fn from_and_the_protocol_dataset_parameters_choose_the_graphs() {
    let (_dir, store) = super::seeded_store();
    let server = super::ecosystem::serve(&store, &[], None);
    let port = server.port;
    let target = format!(
        "/query?query={}",
        super::ecosystem::encode(
            "SELECT ?g WHERE { GRAPH ?g { ?g a ng:Article } } ORDER BY ?g LIMIT 1"
        )
    );
    let r = super::ecosystem::http(port, "GET", &target, &[("Accept", "text/csv")], "");
    let graph = r.body.lines().nth(1).unwrap().trim().to_string();
    assert!(graph.contains("/article/"), "{}", r.body);
    let all = count_of(port, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "");
    let in_graph = count_of(
        port,
        &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"),
        "",
    );
    assert!(0 < in_graph && in_graph < all, "{in_graph} of {all}");
    // FROM: the default graph is that graph alone (before: the whole store).
    let from = format!("SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}");
    assert_eq!(count_of(port, &from, ""), in_graph);
    let nowhere = "SELECT (COUNT(*) AS ?n) FROM <http://nonexistent/> WHERE { ?s ?p ?o }";
    assert_eq!(count_of(port, nowhere, ""), 0);
    // FROM NAMED alone: that graph by name, and an empty default graph.
    let named = format!(
        "SELECT (COUNT(DISTINCT ?h) AS ?n) FROM NAMED <{graph}> WHERE {{ GRAPH ?h {{ ?s ?p ?o }} }}"
    );
    assert_eq!(count_of(port, &named, ""), 1);
    let default_empty =
        format!("SELECT (COUNT(*) AS ?n) FROM NAMED <{graph}> WHERE {{ ?s ?p ?o }}");
    assert_eq!(count_of(port, &default_empty, ""), 0);
    // The protocol's parameters, which take the place of FROM.
    let plain = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    let param = |name: &str, iri: &str| format!("&{name}={}", super::ecosystem::encode(iri));
    assert_eq!(
        count_of(port, plain, &param("default-graph-uri", &graph)),
        in_graph
    );
    assert_eq!(
        count_of(
            port,
            &from,
            &param("default-graph-uri", "http://nonexistent/")
        ),
        0
    );
    let named_plain = "SELECT (COUNT(DISTINCT ?h) AS ?n) WHERE { GRAPH ?h { ?s ?p ?o } }";
    assert_eq!(
        count_of(port, named_plain, &param("named-graph-uri", &graph)),
        1
    );
    let r = super::ecosystem::http(
        port,
        "GET",
        &format!(
            "/query?query={}&default-graph-uri=not%20an%20iri",
            super::ecosystem::encode(plain)
        ),
        &[],
        "",
    );
    assert_eq!(r.status, 400, "{}", r.body);
    // The command line reads FROM the same way (once the server has let
    // go of the store).
    drop(server);
    let r = super::query(&store, nowhere, "csv");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout.lines().nth(1).map(str::trim),
        Some("0"),
        "{}",
        r.stdout
    );
}

/// Inputs that once panicked (found by the mutation test), kept as data.
#[test]
fn regression_inputs_that_panicked_read_and_extract() {
    for (name, format) in [(
        "crash-role-phrase-at-sentence-end.md",
        newsgraph::read::InputFormat::Markdown,
    )] {
        let bytes = fs::read(super::root().join("tests/data").join(name)).unwrap();
        let lexicon = newsgraph::lexicon::Lexicon::builtin().unwrap();
        for item in newsgraph::read::read_bytes(
            name,
            &bytes,
            format,
            &newsgraph::read::ReadOptions::default(),
        ) {
            if let newsgraph::read::Item::Document(doc) = item {
                newsgraph::extract(&doc, &lexicon);
            }
        }
    }
}

/// Queries nested far deeper than [`MAX_NESTING`] allows, each about 10 KB
/// or more: braces, parentheses, negation, sub-selects, optional parts and
/// property paths.
fn deeply_nested_queries() -> Vec<(&'static str, String)> {
    let n = 5_000;
    vec![
        (
            "braces",
            format!("ASK {}{}", "{ ".repeat(n), "} ".repeat(n)),
        ),
        (
            "parentheses",
            format!("ASK {{ FILTER({}1{}) }}", "(".repeat(n), ")".repeat(n)),
        ),
        (
            "not exists",
            format!(
                "ASK {{ {}?s ?p ?o {} }}",
                "FILTER NOT EXISTS { ".repeat(n / 4),
                "} ".repeat(n / 4)
            ),
        ),
        (
            "sub-selects",
            format!(
                "SELECT * WHERE {{ {}?s ?p ?o {} }}",
                "{ SELECT * WHERE { ".repeat(n / 4),
                "} } ".repeat(n / 4)
            ),
        ),
        (
            "optional",
            format!(
                "SELECT * WHERE {{ ?s ?p ?o {}{} }}",
                "OPTIONAL { ?s ?p ?o ".repeat(n / 2),
                "} ".repeat(n / 2)
            ),
        ),
        (
            "property path",
            format!(
                "ASK {{ ?s {}ng:metWith{} ?o }}",
                "(".repeat(n),
                ")".repeat(n)
            ),
        ),
        (
            "collections",
            format!("ASK {{ ?s ?p {}1{} }}", "(".repeat(n), ")".repeat(n)),
        ),
    ]
}

/// Chains of operators, which nest without brackets (one level per
/// operator), over a pattern that matches nothing. MINUS and VALUES are
/// as long as a query may be (256 KB): 256 KB of MINUS overflowed the
/// main thread's 8 MB stack before queries ran on a thread of their own.
/// The others are as long as their evaluation allows in a few seconds
/// (chains of OPTIONAL, paths and joins cost far more than linear time).
fn long_chained_queries() -> Vec<(&'static str, String)> {
    let fill = |kb: usize, head: &str, item: &str, tail: &str| {
        let n = (kb * 1024 - head.len() - tail.len()) / item.len();
        format!("{head}{}{tail}", item.repeat(n))
    };
    let none = "?s ng:none ?o";
    vec![
        (
            "minus",
            fill(
                256,
                &format!("ASK {{ {none}"),
                &format!(" MINUS {{{none}}}"),
                " }",
            ),
        ),
        (
            "values",
            fill(256, "SELECT * WHERE { VALUES ?x {", " 1", " } }"),
        ),
        (
            "union",
            fill(
                64,
                &format!("ASK {{ {{{none}}}"),
                &format!(" UNION {{{none}}}"),
                " }",
            ),
        ),
        (
            "filter",
            fill(16, &format!("ASK {{ {none}"), " FILTER(?o)", " }"),
        ),
        (
            "sum",
            fill(16, &format!("ASK {{ {none} FILTER(?o"), " + 1", ") }"),
        ),
        (
            "or",
            fill(16, &format!("ASK {{ {none} FILTER(?o"), " || ?o", ") }"),
        ),
        (
            "optional",
            fill(
                4,
                &format!("ASK {{ {none}"),
                &format!(" OPTIONAL {{{none}}}"),
                " }",
            ),
        ),
        (
            "path alternative",
            fill(4, "ASK { ?s ng:a", "|ng:a", " ?o }"),
        ),
        ("path sequence", fill(2, "ASK { ?s ng:a", "/ng:a", " ?o }")),
    ]
}

const MAX_NESTING: usize = 64;

#[test]
fn a_deeply_nested_query_is_refused_on_the_command_line_not_a_crash() {
    let (dir, store) = super::seeded_store();
    let file = dir.path().join("q.rq");
    for (shape, q) in deeply_nested_queries() {
        fs::write(&file, &q).unwrap();
        let started = Instant::now();
        let r = run(newsgraph()
            .args(["query", "-f"])
            .arg(&file)
            .arg("--store")
            .arg(&store));
        assert_eq!(r.code, 2, "{shape}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!(
                "invalid query: brackets nested more than {MAX_NESTING} deep at line 1"
            )),
            "{shape}: {}",
            r.stderr
        );
        assert!(
            started.elapsed().as_secs() < 30,
            "{shape}: {:?}",
            started.elapsed()
        );
    }
    // Chains of operators nest without brackets: answered or refused, the
    // process never dies of them.
    let started = Instant::now();
    for (shape, q) in long_chained_queries() {
        fs::write(&file, &q).unwrap();
        let r = run(newsgraph()
            .args(["query", "--format", "csv", "-f"])
            .arg(&file)
            .arg("--store")
            .arg(&store));
        assert!(
            matches!(r.code, 0 | 2),
            "{shape}: exit {}: {}",
            r.code,
            r.stderr
        );
    }
    eprintln!(
        "chained queries on the command line: {:?}",
        started.elapsed()
    );
    // Longer than the limit: refused by its length.
    fs::write(&file, format!("ASK {{ {} }}", "?s ?p ?o . ".repeat(30_000))).unwrap();
    let r = run(newsgraph()
        .args(["query", "-f"])
        .arg(&file)
        .arg("--store")
        .arg(&store));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("bytes long, newsgraph parses at most 262144"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_deeply_nested_query_gets_400_and_the_server_lives_on() {
    let (_dir, store) = super::seeded_store();
    let server = super::ecosystem::serve(&store, &["--timeout", "10"], None);
    let port = server.port;
    let simple = format!(
        "/query?query={}",
        super::ecosystem::encode("ASK { ?s ng:metWith ?o }")
    );
    let post = |q: &str| {
        super::ecosystem::try_http(
            port,
            "POST",
            "/query",
            &[("Content-Type", "application/sparql-query")],
            q,
        )
    };
    for (shape, q) in deeply_nested_queries() {
        let reply = post(&q).unwrap_or_else(|e| panic!("{shape}: {e}"));
        assert_eq!(reply.status, 400, "{shape}: {}", reply.body);
        assert!(
            reply.body.contains("nested more than 64 deep"),
            "{shape}: {}",
            reply.body
        );
    }
    // By GET, within the length of a request line the server reads.
    let nested = format!("ASK {}{}", "{".repeat(100), "}".repeat(100));
    let get = format!("/query?query={}", super::ecosystem::encode(&nested));
    assert_eq!(status_of(port, &get), 400);
    let started = Instant::now();
    for (shape, q) in long_chained_queries() {
        let reply = post(&q).unwrap_or_else(|e| panic!("{shape}: the server died: {e}"));
        assert!(
            matches!(reply.status, 200 | 400 | 503)
                || (reply.status == 500 && reply.body.starts_with("result too large")),
            "{shape}: {} {}",
            reply.status,
            reply.body
        );
    }
    eprintln!("chained queries on the server: {:?}", started.elapsed());
    assert_eq!(status_of(port, &simple), 200);
    assert!(server_alive(&server));
}

fn server_alive(server: &super::ecosystem::Server) -> bool {
    fs::metadata(format!("/proc/{}", server.child.id())).is_ok()
        && !fs::read_to_string(format!("/proc/{}/stat", server.child.id()))
            .unwrap_or_default()
            .contains(") Z ")
}

#[test]
fn bad_dates_are_warned_with_the_file_and_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    let body = "French President Emmanuel Macron met German Chancellor Friedrich Merz in Paris.";
    let cases = [
        (
            "feb-30.txt",
            format!("date 2025-02-30 {body}\n"),
            "2025-02-30",
        ),
        (
            "month-13.md",
            format!("---\ntitle: Talks\ndate: 2025-13-01\n---\n{body}\n"),
            "2025-13-01",
        ),
        (
            "year.txt",
            format!("date 99999-01-01\n{body}\n"),
            "99999-01-01",
        ),
    ];
    for (name, text, _) in &cases {
        fs::write(input.join(name), text).unwrap();
    }
    fs::write(
        input.join("good.txt"),
        format!("date 2025-02-28 {body} Again.\n"),
    )
    .unwrap();
    let r = build(&[&input], &dir.path().join("ng.db"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (name, _, value) in &cases {
        let expect = format!(
            "warning: {}: date \"{value}\" is not a date (YYYY-MM-DD): the article has none",
            input.join(name).display()
        );
        assert!(r.stderr.contains(&expect), "{expect} not in {}", r.stderr);
    }
    assert!(
        r.stderr
            .contains("4 read, 0 already in store, 0 skipped, 3 with warnings"),
        "{}",
        r.stderr
    );
}

#[test]
fn utf16_without_a_bom_and_utf32_are_read_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    let texts = [
        (
            "utf16le.txt",
            "Russian President Vladimir Putin met Donald Trump in Anchorage.",
        ),
        (
            "utf16be.txt",
            "Indian Prime Minister Narendra Modi met Chinese President Xi Jinping in Tianjin.",
        ),
        (
            "utf32le-bom.txt",
            "French President Emmanuel Macron met German Chancellor Friedrich Merz in Berlin.",
        ),
        (
            "utf32be.txt",
            "Japanese Prime Minister Shigeru Ishiba met South Korean President Lee Jae-myung in Tokyo.",
        ),
    ];
    let utf16 = |s: &str, little: bool| -> Vec<u8> {
        s.encode_utf16()
            .flat_map(|u| {
                if little {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                }
            })
            .collect()
    };
    let utf32 = |s: &str, little: bool| -> Vec<u8> {
        s.chars()
            .flat_map(|c| {
                if little {
                    (c as u32).to_le_bytes()
                } else {
                    (c as u32).to_be_bytes()
                }
            })
            .collect()
    };
    fs::write(input.join(texts[0].0), utf16(texts[0].1, true)).unwrap();
    fs::write(input.join(texts[1].0), utf16(texts[1].1, false)).unwrap();
    let mut with_bom = vec![0xFF, 0xFE, 0, 0];
    with_bom.extend(utf32(texts[2].1, true));
    fs::write(input.join(texts[2].0), with_bom).unwrap();
    fs::write(input.join(texts[3].0), utf32(texts[3].1, false)).unwrap();
    let store = dir.path().join("ng.db");
    let r = build(&[&input], &store);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("4 read, 0 already in store, 0 skipped, 3 with warnings"),
        "{}",
        r.stderr
    );
    for (name, encoding) in [
        ("utf16le.txt", "UTF-16LE"),
        ("utf16be.txt", "UTF-16BE"),
        ("utf32be.txt", "UTF-32BE"),
    ] {
        let expect = format!(
            "warning: {}: no byte order mark: read as {encoding}",
            input.join(name).display()
        );
        assert!(r.stderr.contains(&expect), "{expect} not in {}", r.stderr);
    }
    let q = |q: &str| {
        run(newsgraph().args(["query", q, "--store"]).arg(&store))
            .stdout
            .trim()
            .to_string()
    };
    for (a, b) in [
        ("vladimir-putin", "donald-trump"),
        ("narendra-modi", "xi-jinping"),
        ("emmanuel-macron", "friedrich-merz"),
        ("shigeru-ishiba", "lee-jae-myung"),
    ] {
        assert_eq!(q(&met(a, b)), "true", "{a} met {b}");
    }
    // UTF-16 that does not decode is refused with the reason.
    let mut broken = utf16("Macron met Merz.", true);
    broken.extend([0x00, 0xD8, 0x41, 0x00]);
    fs::write(input.join("broken.txt"), broken).unwrap();
    let r = build(&[&input.join("broken.txt")], &store);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("looks like UTF-16 without a byte order mark, but is invalid UTF-16 text (unpaired surrogates)"),
        "{}",
        r.stderr
    );
}

/// Characters XML 1.0 does not allow.
fn xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

#[test]
fn characters_xml_forbids_give_well_formed_xml_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(
        input.join("a.txt"),
        "---\ntitle: Talks \u{FFFE} in \u{B}Paris\n---\nFrench President Emmanuel Macron\u{FFFF} met German Chancellor Friedrich Merz in Paris.\u{1} \"Good \u{FFFE}talks\u{C},\" Macron said.\n",
    )
    .unwrap();
    fs::write(
        input.join("b.jsonl"),
        "{\"text\": \"Japanese Prime Minister Shigeru Ishiba\\ufffe met South Korean President Lee Jae-myung in Tokyo.\\u0002\", \"title\": \"T\\uffff\"}\n",
    )
    .unwrap();
    let store = dir.path().join("ng.db");
    let r = build(&[&input], &store);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("characters that XML does not allow replaced"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("2 read, 0 already in store, 0 skipped, 2 with warnings"),
        "{}",
        r.stderr
    );
    for format in [
        "turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld", "dot", "json", "graphml",
    ] {
        let r = run(newsgraph()
            .args(["export", "--format", format, "--store"])
            .arg(&store));
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        assert!(
            !r.stdout.chars().any(xml_forbidden),
            "{format} holds a character XML forbids"
        );
    }
    // The XML formats parse.
    let rdfxml = run(newsgraph()
        .args(["export", "--format", "rdfxml", "--store"])
        .arg(&store))
    .stdout;
    let triples = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::RdfXml)
        .for_slice(rdfxml.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .expect("RDF/XML parses");
    assert!(
        triples
            .iter()
            .any(|q| q.object.to_string().contains('\u{FFFD}'))
    );
    let r = query(&store, "SELECT ?t WHERE { ?s ng:text ?t }", "xml");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let parser = oxigraph::sparql::results::QueryResultsParser::from_format(
        oxigraph::sparql::results::QueryResultsFormat::Xml,
    );
    match parser
        .for_slice(r.stdout.as_bytes())
        .expect("SPARQL XML results parse")
    {
        oxigraph::sparql::results::SliceQueryResultsParserOutput::Solutions(rows) => {
            let rows: Vec<_> = rows.collect::<Result<_, _>>().expect("every row parses");
            assert!(rows.len() >= 2, "{}", r.stdout);
        }
        _ => panic!("not solutions: {}", r.stdout),
    }
    assert!(!r.stdout.chars().any(xml_forbidden));
}

fn query(store: &Path, q: &str, format: &str) -> super::Run {
    super::query(store, q, format)
}

#[test]
fn export_writes_through_a_fifo_a_symlink_and_a_device() {
    let (dir, store) = super::seeded_store();
    let expected = export_nquads(&store);
    let export_to = |path: &Path| {
        run(newsgraph()
            .args(["export", "--format", "nquads", "-o"])
            .arg(path)
            .arg("--store")
            .arg(&store))
    };
    // A FIFO: the reader gets the whole export, the FIFO stays a FIFO.
    let fifo = dir.path().join("graph.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read_to_string(&fifo).unwrap())
        };
        let r = export_to(&fifo);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(reader.join().unwrap(), expected);
        use std::os::unix::fs::FileTypeExt;
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    } else {
        eprintln!("no mkfifo: FIFO case not run");
    }
    // A symbolic link: its target gets the export, the link stays a link.
    let target = dir.path().join("real.nq");
    fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.nq");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let r = export_to(&link);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), expected);
    // A regular file is replaced whole, and no partial file is left.
    let plain = dir.path().join("graph.nq");
    fs::write(&plain, "old").unwrap();
    assert_eq!(export_to(&plain).code, 0);
    assert_eq!(fs::read_to_string(&plain).unwrap(), expected);
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // A full device (a private copy of /dev/full where the system allows
    // making one): the write fails with the device named, and it stays a
    // device.
    let full = dir.path().join("full");
    let made = std::process::Command::new("mknod")
        .arg(&full)
        .args(["c", "1", "7"])
        .stderr(std::process::Stdio::null())
        .status();
    if made.is_ok_and(|s| s.success()) {
        let r = export_to(&full);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(
            r.stderr
                .contains(&format!("cannot write {}", full.display()))
                && r.stderr.contains("No space left on device"),
            "{}",
            r.stderr
        );
        use std::os::unix::fs::FileTypeExt;
        assert!(
            fs::symlink_metadata(&full)
                .unwrap()
                .file_type()
                .is_char_device()
        );
        assert!(!dir.path().join("full.partial").exists());
    } else {
        eprintln!("no mknod: device case not run");
    }
}

#[test]
fn graph_svg_keeps_to_the_timeout_and_the_size_cap() {
    let (dir, store) = super::seeded_store();
    // A `dot` that never finishes: the answer comes at the timeout, and
    // the renderer is gone.
    let bin = dir.path().join("slow-bin");
    fs::create_dir(&bin).unwrap();
    let fake = bin.join("dot");
    fs::write(&fake, "#!/bin/sh\nexec /bin/sleep 60\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).unwrap();
    let server = super::ecosystem::serve(&store, &["--timeout", "1"], Some(bin.to_str().unwrap()));
    let started = Instant::now();
    let r = super::ecosystem::http(server.port, "GET", "/graph.svg", &[], "");
    let took = started.elapsed();
    assert_eq!(r.status, 503, "{}", r.body);
    assert!(
        r.body.contains("rendering the graph timed out after 1 s"),
        "{}",
        r.body
    );
    assert!(took.as_secs_f64() < 10.0, "answered after {took:?}");
    eprintln!("/graph.svg with a stuck dot answered in {took:?}");
    drop(server);
    // More quads than --max-results: refused before anything is rendered.
    let server = super::ecosystem::serve(&store, &["--max-results", "100"], None);
    let r = super::ecosystem::http(server.port, "GET", "/graph.svg", &[], "");
    assert_eq!(r.status, 503, "{}", r.body);
    assert!(
        r.body
            .contains("graph too large to render here: more than 100 quads"),
        "{}",
        r.body
    );
}

#[test]
fn an_article_over_the_maximum_size_is_skipped_by_name_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    // 200 MB in one file (sparse: its size is checked before any byte is
    // read), and a JSON Lines feed with one line over the limit between
    // two good ones.
    let huge = input.join("huge.txt");
    fs::File::create(&huge)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    let feed = input.join("feed.jsonl");
    let mut lines = feed_line(FEED_TEXTS[0]);
    lines.push_str(&format!(
        "{{\"text\": \"{}\"}}\n",
        "word ".repeat(128 * 1024 * 1024 / 5 + 1)
    ));
    lines.push_str(&feed_line(FEED_TEXTS[1]));
    fs::write(&feed, lines).unwrap();
    let store = dir.path().join("ng.db");
    let started = Instant::now();
    let r = build(&[&input], &store);
    eprintln!("build with the oversized inputs: {:?}", started.elapsed());
    assert_eq!(r.code, 3, "{}", r.stderr);
    let limit = "larger than the largest article newsgraph reads (134217728 bytes, 128 MiB)";
    for (origin, size) in [
        (huge.display().to_string(), "209715200"),
        (format!("{}:2", feed.display()), "134217742"),
    ] {
        let expect = format!("skipped {origin}: at least {size} bytes: {limit}");
        assert!(r.stderr.contains(&expect), "{expect} not in {}", r.stderr);
    }
    assert!(r.stderr.contains("articles: 2 read"), "{}", r.stderr);
    assert_eq!(article_count(&store), 2);
}

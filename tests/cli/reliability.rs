//! Reliability: bad and huge inputs, re-ingest, crashes, hostile names,
//! query floods. Inputs are generated at test time into temporary
//! directories.

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

/// The N-Quads lines not in the graph of this article.
fn lines_outside(nquads: &str, article_id: &str) -> Vec<String> {
    let graph = format!("<https://w3id.org/newsgraph/id/article/{article_id}> .");
    let mut out: Vec<String> = nquads
        .lines()
        .filter(|l| !l.ends_with(&graph))
        .map(str::to_string)
        .collect();
    out.sort();
    out
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

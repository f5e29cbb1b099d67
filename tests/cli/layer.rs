//! The linguistic layer from the command line: `parse` and `train`.

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use super::{newsgraph, root, run};

fn parse_stdin(text: &str, extra: &[&str]) -> super::Run {
    let mut child = newsgraph()
        .arg("parse")
        .args(extra)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start parse");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    super::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn parse_prints_conllu_whose_spans_point_into_the_text() {
    let text = "date 2024-05-02\nThe talks were hosted by Egypt. Kenya’s president didn't attend, officials said.\n";
    let r = parse_stdin(text, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The article's text is what follows the date line.
    let body = &text["date 2024-05-02\n".len()..];
    let mut sentences = 0;
    for block in r.stdout.split("\n\n").filter(|b| b.contains('\t')) {
        sentences += 1;
        let rows: Vec<Vec<&str>> = block
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('\t').collect())
            .collect();
        assert_eq!(
            rows.iter().filter(|r| r[6] == "0").count(),
            1,
            "one root:\n{block}"
        );
        for row in &rows {
            assert_eq!(row.len(), 10, "{row:?}");
            let span = row[9]
                .split('|')
                .find_map(|f| f.strip_prefix("Span="))
                .unwrap();
            let (s, e) = span.split_once(':').unwrap();
            let (s, e): (usize, usize) = (s.parse().unwrap(), e.parse().unwrap());
            assert_eq!(&body[s..e], row[1], "Span of {row:?}");
            let head: usize = row[6].parse().unwrap();
            assert!(head <= rows.len());
        }
    }
    assert_eq!(sentences, 2, "{}", r.stdout);
    // Treebank tokenisation: the possessive and the negation split off.
    assert!(r.stdout.contains("\t’s\t"), "{}", r.stdout);
    assert!(r.stdout.contains("\tn't\tnot\tPART\tRB\t"), "{}", r.stdout);
    assert!(
        r.stdout.contains("\tEgypt\tEgypt\tPROPN\tNNP\t"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("NE=B-place"), "{}", r.stdout);
}

/// A corpora folder laid out as `train` expects, from the treebank data
/// the tests carry: a few EWT sentences and two GUM documents.
fn tiny_corpora(dir: &Path) {
    let data = root().join("tests/data/treebank");
    let ewt = std::fs::read_to_string(data.join("en_ewt-ud-dev.conllu")).unwrap();
    let blocks: Vec<&str> = ewt.split("\n\n").take(120).collect();
    let ewt_dir = dir.join("ud-english-ewt");
    std::fs::create_dir_all(&ewt_dir).unwrap();
    for (split, range) in [("train", 0..80), ("dev", 80..100), ("test", 100..120)] {
        let text = blocks[range].join("\n\n") + "\n\n";
        std::fs::write(ewt_dir.join(format!("en_ewt-ud-{split}.conllu")), text).unwrap();
    }
    let gum_dir = dir.join("gum-cc-by");
    std::fs::create_dir_all(gum_dir.join("docs")).unwrap();
    for (split, name) in [
        ("train", "GUM_interview_hill"),
        ("dev", "GUM_bio_dvorak"),
        ("test", "GUM_bio_jespersen"),
    ] {
        std::fs::copy(
            data.join("gum-test").join(format!("{name}.conllu")),
            gum_dir.join("docs").join(format!("{name}.conllu")),
        )
        .unwrap();
        std::fs::write(gum_dir.join(format!("files.{split}")), format!("{name}\n")).unwrap();
    }
}

#[test]
fn training_is_deterministic_and_its_models_are_used() {
    let dir = tempfile::tempdir().unwrap();
    let corpora = dir.path().join("corpora");
    tiny_corpora(&corpora);
    let mut outputs = Vec::new();
    for out in ["a", "b"] {
        let out = dir.path().join(out);
        let r = run(newsgraph()
            .arg("train")
            .arg("--corpora")
            .arg(&corpora)
            .arg("--out")
            .arg(&out));
        assert_eq!(r.code, 0, "{}", r.stderr);
        outputs.push(out);
    }
    for file in ["tagger.bin", "parser.bin", "entities.bin"] {
        let a = std::fs::read(outputs[0].join(file)).unwrap();
        let b = std::fs::read(outputs[1].join(file)).unwrap();
        assert!(!a.is_empty());
        assert!(a == b, "{file} differs between two trainings");
    }
    // The tiny models are read and used instead of the shipped ones: their
    // figures differ from the shipped models'.
    let tiny = parse_stdin(
        "The ministers met in Rome.\n",
        &["--models", outputs[0].to_str().unwrap()],
    );
    let shipped = parse_stdin("The ministers met in Rome.\n", &[]);
    assert_eq!(tiny.code, 0, "{}", tiny.stderr);
    assert_eq!(shipped.code, 0);
    let r = run(newsgraph()
        .args(["parse", "--format", "json", "--models"])
        .arg(&outputs[0])
        .arg("--evaluate")
        .arg(&corpora));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let scores: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let upos = scores[0]["upos"].as_f64().unwrap();
    assert!(upos > 0.5 && upos < 0.95, "tiny model's UPOS {upos}");
}

#[test]
fn damaged_model_files_are_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["tagger.bin", "parser.bin", "entities.bin"] {
        std::fs::copy(root().join("models").join(f), dir.path().join(f)).unwrap();
    }
    let parser = dir.path().join("parser.bin");
    let bytes = std::fs::read(&parser).unwrap();
    std::fs::write(&parser, &bytes[..bytes.len() / 2]).unwrap();
    let r = parse_stdin(
        "Talks began.\n",
        &["--models", dir.path().to_str().unwrap()],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("parser.bin"), "{}", r.stderr);
    assert!(r.stderr.contains("damaged or truncated"), "{}", r.stderr);
    std::fs::remove_file(dir.path().join("entities.bin")).unwrap();
    std::fs::write(&parser, &bytes).unwrap();
    let r = parse_stdin(
        "Talks began.\n",
        &["--models", dir.path().to_str().unwrap()],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("entities.bin"), "{}", r.stderr);
}

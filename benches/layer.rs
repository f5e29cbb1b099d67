//! Speed of the linguistic layer on real news: tokenizer, tagger, parser
//! and entity recogniser, each alone and all together, on one thread, over
//! the development set's stories (read once, each sentence analysed as the
//! extractor would), plus the time to read the shipped models and their
//! size on disk.
//!
//! ```text
//! cargo bench --bench layer -- [--real DIR] [--rounds N]
//! ```
//!
//! Prints words per second (the treebanks' words: "don't" is two) and
//! bytes of text per second, the best of N rounds (default 5) for each
//! step, so a burst of other work on the machine does not count.

use std::error::Error;
use std::path::PathBuf;
use std::time::Instant;

use newsgraph::lexicon::Lexicon;
use newsgraph::parse::{self, Models, tokenize};
use newsgraph::read::parse_text;
use newsgraph::segment;

fn main() -> Result<(), Box<dyn Error>> {
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/news/voa/articles");
    let mut rounds = 5;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--real" => dir = PathBuf::from(it.next().ok_or("--real needs a folder")?),
            "--rounds" => rounds = it.next().ok_or("--rounds needs a number")?.parse()?,
            "--bench" => {}
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    let model_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models");
    let started = Instant::now();
    let models = Models::from_dir(&model_dir)?;
    let load = started.elapsed().as_secs_f64();
    // Each model alone, from bytes already in memory: what reading costs
    // beyond the file system.
    for file in parse::MODEL_FILES {
        let bytes = std::fs::read(model_dir.join(file))?;
        let name = file.to_string();
        let t = Instant::now();
        match file {
            "tagger.bin" => drop(parse::tagger::Tagger::from_bytes(&bytes, &name)?),
            "parser.bin" => drop(parse::parser::Parser::read(&bytes, &name)?),
            _ => drop(parse::entities::Recogniser::read(&bytes, &name)?),
        }
        println!("  {file}: {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    }
    let size: u64 = parse::MODEL_FILES
        .iter()
        .map(|f| {
            std::fs::metadata(
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("models")
                    .join(f),
            )
            .map_or(0, |m| m.len())
        })
        .sum();
    println!(
        "models: read in {:.0} ms, {:.1} MB on disk",
        load * 1e3,
        size as f64 / 1e6
    );
    let lexicon = Lexicon::builtin()?;

    // The stories' sentences, as the extractor segments them.
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let mut texts = Vec::new();
    for path in &names {
        let raw = std::fs::read_to_string(path)?;
        let doc = parse_text(&path.display().to_string(), &raw);
        texts.push(doc.text);
    }
    let sentences: Vec<(usize, usize, usize)> = texts
        .iter()
        .enumerate()
        .flat_map(|(t, text)| {
            segment::sentences(text)
                .into_iter()
                .map(move |s| (t, s.start, s.end))
        })
        .collect();
    let bytes: usize = sentences.iter().map(|&(_, s, e)| e - s).sum();
    let words: Vec<Vec<(usize, usize)>> = sentences
        .iter()
        .map(|&(t, s, e)| {
            tokenize::tokenize_in(&texts[t], s, e)
                .into_iter()
                .map(|r| (r.start, r.end))
                .collect()
        })
        .collect();
    let n_words: usize = words.iter().map(Vec::len).sum();
    println!(
        "corpus: {} stories of {}, {} sentences, {n_words} words, {:.2} MB",
        texts.len(),
        dir.display(),
        sentences.len(),
        bytes as f64 / 1e6
    );
    let forms = |i: usize| -> Vec<&str> {
        let t = &texts[sentences[i].0];
        words[i].iter().map(|&(s, e)| &t[s..e]).collect()
    };
    let tags: Vec<_> = (0..sentences.len())
        .map(|i| models.tagger.tag(&forms(i)))
        .collect();
    let trees: Vec<_> = tags
        .iter()
        .enumerate()
        .map(|(i, tags)| {
            let mut arcs = Vec::new();
            models.parser.parse(&forms(i), tags, &mut arcs);
            arcs
        })
        .collect();
    let known: Vec<_> = (0..sentences.len())
        .map(|i| parse::known(&lexicon, &texts[sentences[i].0], &words[i]))
        .collect();

    let best = |f: &mut dyn FnMut()| {
        (0..rounds)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let report = |what: &str, secs: f64| {
        println!(
            "{what:<28} {:>10.0} words/s {:>7.2} MB/s  ({secs:.3} s)",
            n_words as f64 / secs,
            bytes as f64 / 1e6 / secs
        );
    };
    let mut sink = 0usize;
    report(
        "tokenizer",
        best(&mut || {
            for &(t, s, e) in &sentences {
                sink += tokenize::tokenize_in(&texts[t], s, e).len();
            }
        }),
    );
    report(
        "tagger",
        best(&mut || {
            for i in 0..sentences.len() {
                sink += models.tagger.tag(&forms(i)).len();
            }
        }),
    );
    let mut arcs = Vec::new();
    report(
        "parser (given tags)",
        best(&mut || {
            for (i, tags) in tags.iter().enumerate() {
                models.parser.parse(&forms(i), tags, &mut arcs);
                sink += arcs.len();
            }
        }),
    );
    let mut spans = Vec::new();
    report(
        "entities (given tags, trees)",
        best(&mut || {
            for (i, tags) in tags.iter().enumerate() {
                spans.clear();
                models
                    .recogniser
                    .recognise(&forms(i), tags, &trees[i], &known[i], &mut spans);
                sink += spans.len();
            }
        }),
    );
    report(
        "gazetteer hints",
        best(&mut || {
            for (i, &(t, _, _)) in sentences.iter().enumerate() {
                sink += parse::known(&lexicon, &texts[t], &words[i]).len();
            }
        }),
    );
    report(
        "all (Models::analyse)",
        best(&mut || {
            for &(t, s, e) in &sentences {
                sink += models.analyse(&texts[t], s, e, &lexicon).words.len();
            }
        }),
    );
    std::hint::black_box(sink);
    Ok(())
}

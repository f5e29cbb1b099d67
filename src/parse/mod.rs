//! The linguistic layer: words, part-of-speech tags and lemmas, a labelled
//! dependency tree and named entities for one sentence, from models trained
//! in the project on open treebanks (UD English EWT, GUM).
//!
//! Each component is a pure function of a sentence's words:
//! - `tokenize`: a sentence's text -> words as byte spans, split the way the
//!   treebanks split them (possessive `'s`, `n't`, punctuation, hyphens);
//! - `tagger`: words -> universal and English (Penn) tags, and lemmas;
//! - `parser`: words and tags -> a head and a relation per word (greedy
//!   transition-based, trained with a dynamic oracle);
//! - `entities`: words, tags and the reference data -> person, place and
//!   organisation spans.
//!
//! `perceptron` is the averaged perceptron all three learn with, `model`
//! the file format of what they learnt, `conllu` the treebank format they
//! learn from and print, `train` the training and evaluation commands.
//! The label sets are fixed here, so rules can name them as constants.

pub mod conllu;
pub mod entities;
mod labels;
pub mod model;
pub mod parser;
pub mod perceptron;
pub mod tagger;
pub mod tokenize;
pub mod train;

use crate::lexicon::{Lexicon, Surface};
use crate::model::NodeKind;

pub use labels::{DEPRELS, EntityKind, EntitySpan, Known, Tags, UPOS, XPOS, label_index};

use entities::Recogniser;
use model::ModelError;
use parser::Parser;
use tagger::Tagger;

/// The three trained models, loaded together.
#[derive(Debug, Clone)]
pub struct Models {
    pub tagger: Tagger,
    pub parser: Parser,
    pub recogniser: Recogniser,
}

/// The model files, compiled in: the binary needs no file beside it.
const SHIPPED: [(&str, &[u8]); 3] = [
    (
        "models/tagger.bin",
        include_bytes!("../../models/tagger.bin"),
    ),
    (
        "models/parser.bin",
        include_bytes!("../../models/parser.bin"),
    ),
    (
        "models/entities.bin",
        include_bytes!("../../models/entities.bin"),
    ),
];

/// The file names of the three models in a models folder.
pub const MODEL_FILES: [&str; 3] = ["tagger.bin", "parser.bin", "entities.bin"];

impl Models {
    /// The models shipped with newsgraph, read once.
    pub fn shipped() -> &'static Models {
        static MODELS: std::sync::OnceLock<Models> = std::sync::OnceLock::new();
        MODELS.get_or_init(|| {
            Models::from_bytes(SHIPPED.map(|(name, bytes)| (name.to_string(), bytes.to_vec())))
                .expect("the shipped models are checked by the tests")
        })
    }

    /// Reads the three models from a folder (as `newsgraph train` writes it).
    pub fn from_dir(dir: &std::path::Path) -> Result<Models, ModelError> {
        let files = MODEL_FILES.map(|f| {
            let path = dir.join(f);
            let name = path.display().to_string();
            std::fs::read(&path)
                .map(|b| (name.clone(), b))
                .map_err(|e| ModelError {
                    file: name,
                    problem: e.to_string(),
                })
        });
        let [t, p, r] = files;
        Models::from_bytes([t?, p?, r?])
    }

    fn from_bytes(files: [(String, Vec<u8>); 3]) -> Result<Models, ModelError> {
        let [(tn, tb), (pn, pb), (rn, rb)] = files;
        Ok(Models {
            tagger: Tagger::from_bytes(&tb, &tn)?,
            parser: Parser::read(&pb, &pn)?,
            recogniser: Recogniser::read(&rb, &rn)?,
        })
    }

    /// Writes the three models into a folder.
    pub fn write_dir(&self, dir: &std::path::Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let bytes = [
            self.tagger.to_bytes(),
            self.parser.write(),
            self.recogniser.write(),
        ];
        for (file, bytes) in MODEL_FILES.iter().zip(bytes) {
            std::fs::write(dir.join(file), bytes)?;
        }
        Ok(())
    }

    /// The analysis of the sentence `text[start..end]`.
    pub fn analyse(&self, text: &str, start: usize, end: usize, lexicon: &Lexicon) -> Analysis {
        let spans: Vec<(usize, usize)> = tokenize::tokenize_in(text, start, end)
            .into_iter()
            .map(|r| (r.start, r.end))
            .collect();
        let words: Vec<&str> = spans.iter().map(|&(s, e)| &text[s..e]).collect();
        let tags = self.tagger.tag(&words);
        let mut arcs = Vec::with_capacity(words.len());
        self.parser.parse(&words, &tags, &mut arcs);
        let known = known(lexicon, text, &spans);
        let mut entities = Vec::new();
        self.recogniser
            .recognise(&words, &tags, &arcs, &known, &mut entities);
        Analysis {
            words: spans
                .iter()
                .zip(&tags)
                .zip(&arcs)
                .map(|((&(start, end), &tags), arc)| Word {
                    start,
                    end,
                    tags,
                    head: arc.head as usize,
                    deprel: arc.deprel,
                })
                .collect(),
            entities,
        }
    }
}

/// A word of an analysed sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Byte span in the document text.
    pub start: usize,
    pub end: usize,
    pub tags: Tags,
    /// The head's position, 1-based; 0 is the root.
    pub head: usize,
    /// Index into `DEPRELS`.
    pub deprel: u8,
}

impl Word {
    pub fn upos(&self) -> &'static str {
        UPOS.get(usize::from(self.tags.upos))
            .copied()
            .unwrap_or("X")
    }

    pub fn xpos(&self) -> &'static str {
        XPOS.get(usize::from(self.tags.xpos))
            .copied()
            .unwrap_or("XX")
    }

    pub fn deprel(&self) -> &'static str {
        DEPRELS
            .get(usize::from(self.deprel))
            .copied()
            .unwrap_or("dep")
    }
}

/// One sentence's analysis.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    pub words: Vec<Word>,
    pub entities: Vec<EntitySpan>,
}

/// What the reference data knows of each word of a sentence: the
/// gazetteer's leftmost-longest names over the text, mapped to the words
/// they cover. People and leaders are persons; nations, places and
/// capitals are places; organisations are organisations. Demonyms and
/// office titles are no names.
pub fn known(lexicon: &Lexicon, text: &str, words: &[(usize, usize)]) -> Vec<Known> {
    let mut out = vec![Known::default(); words.len()];
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return out;
    };
    let (from, to) = (first.0, last.1);
    for hit in lexicon.find(&text[from..to]) {
        let kind = match hit.surface {
            Surface::Name(i) => match lexicon.entries[i].kind {
                Some(NodeKind::Leader | NodeKind::Person) => EntityKind::Person,
                Some(NodeKind::Nation | NodeKind::Place) => EntityKind::Place,
                Some(NodeKind::Organization) => EntityKind::Organization,
                _ => continue,
            },
            Surface::Capital(_) => EntityKind::Place,
            Surface::Demonym(_) | Surface::Office(_) => continue,
        };
        let (start, end) = (from + hit.start, from + hit.end);
        let mut begins = true;
        for (k, &(s, e)) in out.iter_mut().zip(words) {
            if s >= start && e <= end {
                *k = Known {
                    kind: Some(kind),
                    begins,
                };
                begins = false;
            }
        }
    }
    out
}

/// Writes an analysis as CoNLL-U: one sentence, its `# text`, a line per
/// word with the lemma, both tags, the head and the relation; MISC holds
/// the byte span (`Span=start:end`), `SpaceAfter=No` and the entity's
/// BIO label (`NE=B-person`).
pub fn write_conllu(
    out: &mut String,
    text: &str,
    sentence: (usize, usize),
    analysis: &Analysis,
    tagger: &Tagger,
) {
    use std::fmt::Write;
    let one_line: String = text[sentence.0..sentence.1]
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let _ = writeln!(out, "# text = {one_line}");
    let mut labels = vec![String::new(); analysis.words.len()];
    for e in &analysis.entities {
        for (i, label) in labels.iter_mut().enumerate().take(e.end).skip(e.start) {
            let bio = if i == e.start { 'B' } else { 'I' };
            *label = format!("NE={bio}-{}", e.kind.name());
        }
    }
    for (i, w) in analysis.words.iter().enumerate() {
        let form = clean_field(&text[w.start..w.end]);
        let lemma = clean_field(&tagger.lemma(&text[w.start..w.end], w.tags));
        let mut misc = vec![format!("Span={}:{}", w.start, w.end)];
        let next = analysis.words.get(i + 1).map_or(sentence.1, |n| n.start);
        if next == w.end && i + 1 < analysis.words.len() {
            misc.push("SpaceAfter=No".into());
        }
        if !labels[i].is_empty() {
            misc.push(std::mem::take(&mut labels[i]));
        }
        let _ = writeln!(
            out,
            "{}\t{form}\t{lemma}\t{}\t{}\t_\t{}\t{}\t_\t{}",
            i + 1,
            w.upos(),
            w.xpos(),
            w.head,
            w.deprel(),
            misc.join("|")
        );
    }
    out.push('\n');
}

/// A form or lemma as a CoNLL-U field: no tabs or line breaks, never empty.
fn clean_field(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect();
    if s.is_empty() { "_".into() } else { s }
}

#[cfg(test)]
mod analysis_tests {
    use super::*;

    fn treebank(name: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/treebank")
            .join(name)
    }

    /// The shipped models on EWT's dev part and GUM's test documents (both
    /// held out from training), with the tags the tagger predicts. The
    /// floors sit just under the figures EVALUATION.md reports.
    #[test]
    fn shipped_models_stay_above_the_floors() {
        let models = Models::shipped();
        let lexicon = Lexicon::builtin().unwrap();
        let ewt = conllu::read_file(&treebank("en_ewt-ud-dev.conllu")).unwrap();
        let s = train::score_set(models, &lexicon, "EWT dev", &ewt, false);
        assert_eq!(s.words, 25_147);
        for (what, value, floor) in [
            ("UPOS", s.upos, FLOOR_UPOS),
            ("UAS", s.uas, FLOOR_UAS),
            ("LAS", s.las, FLOOR_LAS),
        ] {
            assert!(value >= floor, "EWT dev {what} {value:.4} < {floor}");
        }
        let mut gum = Vec::new();
        let mut files: Vec<_> = std::fs::read_dir(treebank("gum-test"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            gum.extend(conllu::read_file(&f).unwrap());
        }
        let s = train::score_set(models, &lexicon, "GUM test", &gum, true);
        let f1 = s.entities.unwrap().f1;
        assert!(
            f1 >= FLOOR_NER_F1,
            "GUM test entity F1 {f1:.4} < {FLOOR_NER_F1}"
        );
    }

    const FLOOR_UPOS: f64 = 0.948;
    const FLOOR_UAS: f64 = 0.855;
    const FLOOR_LAS: f64 = 0.82;
    const FLOOR_NER_F1: f64 = 0.695;

    /// A word as the golden tests read it: form, UPOS, the head's form (or
    /// "ROOT") and the relation.
    type Arcs = Vec<(String, &'static str, String, &'static str)>;

    /// The analysis of one sentence of text: its words, and the entities
    /// as "kind:text".
    fn analysed(text: &str) -> (Arcs, Vec<String>) {
        let lexicon = Lexicon::builtin().unwrap();
        let a = Models::shipped().analyse(text, 0, text.len(), &lexicon);
        let form = |w: &Word| text[w.start..w.end].to_string();
        let words = a
            .words
            .iter()
            .map(|w| {
                let head = match w.head {
                    0 => "ROOT".to_string(),
                    h => form(&a.words[h - 1]),
                };
                (form(w), w.upos(), head, w.deprel())
            })
            .collect();
        let entities = a
            .entities
            .iter()
            .map(|e| {
                let (s, t) = (a.words[e.start].start, a.words[e.end - 1].end);
                format!("{}:{}", e.kind.name(), &text[s..t])
            })
            .collect();
        (words, entities)
    }

    fn arc<'a>(words: &'a Arcs, form: &str) -> (&'a str, &'static str) {
        let w = words.iter().find(|w| w.0 == form).unwrap();
        (w.2.as_str(), w.3)
    }

    #[test]
    fn an_apposition_names_the_counterpart() {
        let (w, e) = analysed("He phoned his counterpart, Penny Wong, on Friday.");
        assert_eq!(arc(&w, "Penny"), ("counterpart", "appos"));
        assert_eq!(arc(&w, "Wong"), ("Penny", "flat"));
        assert_eq!(arc(&w, "counterpart"), ("phoned", "obj"));
        assert!(e.contains(&"person:Penny Wong".to_string()), "{e:?}");
    }

    #[test]
    fn a_participle_clause_attaches_to_the_main_verb() {
        let (w, _) = analysed("Arriving in Nairobi, the minister met officials.");
        assert_eq!(arc(&w, "Arriving"), ("met", "advcl"));
        assert_eq!(arc(&w, "Nairobi"), ("Arriving", "obl"));
        assert_eq!(arc(&w, "minister"), ("met", "nsubj"));
    }

    #[test]
    fn a_passive_names_its_agent() {
        let (w, _) = analysed("The summit was hosted by Kenya in March.");
        assert_eq!(arc(&w, "summit"), ("hosted", "nsubj:pass"));
        assert_eq!(arc(&w, "Kenya"), ("hosted", "obl:agent"));
        assert_eq!(arc(&w, "hosted"), ("ROOT", "root"));
    }

    #[test]
    fn a_relative_clause_hangs_on_its_noun() {
        let (w, _) = analysed("The envoy who visited Hanoi met the prime minister.");
        assert_eq!(arc(&w, "visited"), ("envoy", "acl:relcl"));
        assert_eq!(arc(&w, "Hanoi"), ("visited", "obj"));
        assert_eq!(arc(&w, "envoy"), ("met", "nsubj"));
    }

    #[test]
    fn two_meetings_in_one_sentence_are_two_clauses() {
        let (w, _) =
            analysed("She met the king on Monday and held talks with the emir on Tuesday.");
        assert_eq!(arc(&w, "held"), ("met", "conj"));
        assert_eq!(arc(&w, "king"), ("met", "obj"));
        // UD lets "with the emir" attach to the verb or to its noun.
        assert!(matches!(arc(&w, "emir").0, "talks" | "held"), "{w:?}");
    }
}

//! The part-of-speech tagger and the lemmatiser: words -> a universal tag,
//! an English (Penn) tag and a lemma per word.
//!
//! Tagging is greedy, left to right, with one averaged perceptron over the
//! pairs (universal tag, English tag) seen in training: predicting the pair
//! keeps the two tags consistent (no `VERB` with `NN`). The features are
//! the usual ones of a greedy tagger: the word, its neighbours, its
//! prefixes, suffixes and shape, and the two tags already chosen to its
//! left. A greedy tagger cannot see the
//! tags to its right, so the tag pairs the next two words took in training
//! (their ambiguity class) stand in for them. Words that the training data
//! always tags the same way ("the", ",", "of") take that tag without
//! scoring: it is faster, and slightly more accurate on the dev sets.
//! An optional second pass sees the first pass's tags to the right.
//!
//! Lemmas come from the word and its English tag: a short list of
//! exceptions learnt from the training data (`was` VBD -> `be`, `better`
//! JJR -> `good`), else the longest suffix rule that applies (`-ies` NNS ->
//! `-y`). Both are edit scripts (drop the last n letters, add these), so
//! they apply to words never seen. Exceptions are kept only where the rules
//! would be wrong, which keeps the model small.

use std::collections::BTreeMap;
use std::path::Path;

use super::conllu::TreeSentence;
use super::model::{ModelError, Reader, Writer};
use super::perceptron::{Feature, Shuffler, Trainer, Weights, argmax, feature, hash_str};
use super::{Tags, UPOS, XPOS, label_index};

/// The kind name of the tagger's model files.
const KIND: &str = "tagger";

/// Suffixes longer than this are not worth a lemma rule.
const LONGEST_SUFFIX: usize = 6;

type FixedMap<K, V> = hashbrown::HashMap<K, V, foldhash::fast::FixedState>;

fn fixed_map<K, V>() -> FixedMap<K, V> {
    hashbrown::HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0))
}

/// A word's tags and lemma.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    pub tags: Tags,
    pub lemma: String,
}

/// How training goes. The defaults are what the shipped model was trained
/// with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainOptions {
    /// Times the training goes through all the sentences.
    pub epochs: usize,
    /// Seed of the order the sentences are seen in.
    pub seed: u64,
    /// Averaged weights smaller than this are dropped from the model.
    pub prune: f32,
    /// A word takes a tag without scoring when seen at least this often...
    pub fixed_min_count: u32,
    /// ...with that tag at least this share of the time.
    pub fixed_min_share: f64,
    /// Tag twice, the second time knowing the first pass's tags of the
    /// words to the right. On EWT and GUM it gains 0.1 to 0.16 points for
    /// twice the model and twice the time, so the shipped model does not.
    pub two_pass: bool,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 8,
            seed: 1,
            prune: 0.5,
            fixed_min_count: 20,
            fixed_min_share: 0.99,
            two_pass: false,
        }
    }
}

/// Accuracy of the tagger against a treebank, with its own tags (the lemma
/// is scored on the tags the tagger chose, as in use).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Accuracy {
    pub words: usize,
    pub upos: usize,
    pub xpos: usize,
    /// Both tags right.
    pub both: usize,
    pub lemma: usize,
}

impl Accuracy {
    /// A share in percent.
    pub fn percent(&self, right: usize) -> f64 {
        100.0 * right as f64 / self.words.max(1) as f64
    }
}

/// An edit script from a word to its lemma: lowercase the word or not,
/// drop its last `strip` characters, add `append`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Script {
    keep_case: bool,
    strip: u32,
    append: String,
}

impl Script {
    /// The script turning `form` into `lemma`. Lowercasing is chosen when
    /// it explains more of the lemma; on a tie (a lowercase word) proper
    /// nouns keep their case, anything else is lowercased, so that the
    /// script still applies to the same word capitalised.
    fn between(form: &str, lemma: &str, proper: bool) -> Script {
        let lower = form.to_lowercase();
        let kept = common_prefix(form, lemma);
        let lowered = common_prefix(&lower, lemma);
        let keep_case = kept > lowered || (kept == lowered && proper);
        let (base, common) = if keep_case {
            (form, kept)
        } else {
            (lower.as_str(), lowered)
        };
        Script {
            keep_case,
            strip: (base.chars().count() - common) as u32,
            append: lemma.chars().skip(common).collect(),
        }
    }

    fn apply(&self, form: &str) -> String {
        let lower;
        let base = if self.keep_case {
            form
        } else {
            lower = form.to_lowercase();
            &lower
        };
        let keep = base.chars().count().saturating_sub(self.strip as usize);
        let mut out: String = base.chars().take(keep).collect();
        out.push_str(&self.append);
        out
    }
}

/// The number of characters two strings begin with in common.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn is_proper(xpos: u8) -> bool {
    matches!(XPOS.get(usize::from(xpos)), Some(&"NNP" | &"NNPS"))
}

/// The key of a (tag, text) pair in the lemma tables.
fn lemma_key(xpos: u8, text: &str) -> u64 {
    feature(1000, u64::from(xpos), hash_str(text), 0)
}

/// The last `n` characters of `word` (all of it when shorter).
fn suffix(word: &str, n: usize) -> &str {
    match word.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((i, _)) if n > 0 => &word[i..],
        _ if n == 0 => "",
        _ => word,
    }
}

/// The first `n` characters of `word` (all of it when shorter).
fn prefix(word: &str, n: usize) -> &str {
    match word.char_indices().nth(n) {
        Some((i, _)) => &word[..i],
        None => word,
    }
}

/// The lemmatiser's tables.
#[derive(Debug, Clone, Default)]
struct Lemmatizer {
    scripts: Vec<Script>,
    /// (English tag, suffix of the lowercase word, script), sorted.
    rules: Vec<(u8, String, u32)>,
    /// (English tag, word, script), sorted.
    exceptions: Vec<(u8, String, u32)>,
    rule_index: FixedMap<u64, u32>,
    exception_index: FixedMap<u64, u32>,
}

impl Lemmatizer {
    fn index(&mut self) {
        self.rule_index = fixed_map();
        for (xpos, s, script) in &self.rules {
            self.rule_index.insert(lemma_key(*xpos, s), *script);
        }
        self.exception_index = fixed_map();
        for (xpos, w, script) in &self.exceptions {
            self.exception_index.insert(lemma_key(*xpos, w), *script);
        }
    }

    fn script(&self, i: u32) -> Option<&Script> {
        self.scripts.get(i as usize)
    }

    /// The script of the longest suffix rule for `word`.
    fn rule(&self, word: &str, xpos: u8) -> Option<u32> {
        let lower = word.to_lowercase();
        let longest = lower.chars().count().min(LONGEST_SUFFIX);
        (0..=longest)
            .rev()
            .find_map(|n| self.rule_index.get(&lemma_key(xpos, suffix(&lower, n))))
            .copied()
    }

    fn lemma(&self, word: &str, xpos: u8) -> String {
        let exception = self
            .exception_index
            .get(&lemma_key(xpos, word))
            .and_then(|&i| self.script(i))
            .or_else(|| {
                // "Was" at the start of a sentence is "was".
                let lower = word.to_lowercase();
                (lower != word)
                    .then(|| self.exception_index.get(&lemma_key(xpos, &lower)))
                    .flatten()
                    .and_then(|&i| self.script(i))
                    .filter(|s| !s.keep_case)
            });
        match exception.or_else(|| self.rule(word, xpos).and_then(|i| self.script(i))) {
            Some(script) => script.apply(word),
            None if is_proper(xpos) => word.to_string(),
            None => word.to_lowercase(),
        }
    }

    /// Learns the tables from (word, English tag, lemma) triples.
    fn train<'a>(words: impl Iterator<Item = (&'a str, u8, &'a str)>) -> Lemmatizer {
        // Lemmas by word and tag, with counts: the most frequent is the
        // word's lemma (the treebanks disagree with themselves at times).
        let mut seen: BTreeMap<(u8, &str), BTreeMap<&str, u32>> = BTreeMap::new();
        for (form, xpos, lemma) in words {
            *seen
                .entry((xpos, form))
                .or_default()
                .entry(lemma)
                .or_default() += 1;
        }
        let mut scripts: BTreeMap<Script, u32> = BTreeMap::new();
        let mut types: Vec<(u8, &str, Script)> = Vec::new();
        for (&(xpos, form), lemmas) in &seen {
            let mut best = ("", 0);
            for (&lemma, &n) in lemmas {
                if n > best.1 {
                    best = (lemma, n);
                }
            }
            let script = Script::between(form, best.0, is_proper(xpos));
            *scripts.entry(script.clone()).or_default() += 1;
            types.push((xpos, form, script));
        }
        let scripts: Vec<Script> = scripts.into_keys().collect();
        let types: Vec<(u8, &str, u32)> = types
            .into_iter()
            .map(|(x, f, s)| (x, f, scripts.binary_search(&s).unwrap_or(0) as u32))
            .collect();
        // Suffix counts over word types: unknown words behave like rare
        // types, not like frequent tokens.
        let mut counts: BTreeMap<(usize, u8, String), BTreeMap<u32, u32>> = BTreeMap::new();
        for (xpos, form, script) in &types {
            let lower = form.to_lowercase();
            let longest = lower.chars().count().min(LONGEST_SUFFIX);
            for n in 0..=longest {
                *counts
                    .entry((n, *xpos, suffix(&lower, n).to_string()))
                    .or_default()
                    .entry(*script)
                    .or_default() += 1;
            }
        }
        // Shorter suffixes first: a rule is kept only if it says something
        // the shorter rules kept so far do not.
        let mut out = Lemmatizer {
            scripts,
            ..Lemmatizer::default()
        };
        for ((n, xpos, end), by_script) in counts {
            let total: u32 = by_script.values().sum();
            if n > 0 && total < 2 {
                continue;
            }
            let mut best = (0, 0);
            for (&s, &c) in &by_script {
                if c > best.1 {
                    best = (s, c);
                }
            }
            let fallback = (0..n)
                .rev()
                .find_map(|m| out.rule_index.get(&lemma_key(xpos, suffix(&end, m))))
                .copied();
            if fallback != Some(best.0) {
                out.rule_index.insert(lemma_key(xpos, &end), best.0);
                out.rules.push((xpos, end, best.0));
            }
        }
        out.rules.sort();
        for (xpos, form, script) in types {
            let predicted = out.rule(form, xpos).and_then(|i| out.script(i));
            let wanted = out.scripts[script as usize].apply(form);
            let right = match predicted {
                Some(p) => p.apply(form) == wanted,
                None if is_proper(xpos) => form == wanted,
                None => form.to_lowercase() == wanted,
            };
            if !right {
                out.exceptions.push((xpos, form.to_string(), script));
            }
        }
        out.exceptions.sort();
        out.index();
        out
    }

    fn write(&self, out: &mut Writer) {
        out.u32(self.scripts.len() as u32);
        for s in &self.scripts {
            out.u16(u16::from(s.keep_case));
            out.u32(s.strip);
            out.str(&s.append);
        }
        for table in [&self.rules, &self.exceptions] {
            out.u32(table.len() as u32);
            for (xpos, text, script) in table {
                out.u16(u16::from(*xpos));
                out.str(text);
                out.u32(*script);
            }
        }
    }

    fn read(input: &mut Reader) -> Result<Lemmatizer, ModelError> {
        let n = input.u32()? as usize;
        let mut scripts = Vec::with_capacity(n.min(input.remaining() / 10));
        for _ in 0..n {
            let keep_case = match input.u16()? {
                0 => false,
                1 => true,
                v => return Err(input.error(format!("lemma script with case flag {v}"))),
            };
            let strip = input.u32()?;
            let append = input.str()?;
            scripts.push(Script {
                keep_case,
                strip,
                append,
            });
        }
        let mut tables = [Vec::new(), Vec::new()];
        for table in &mut tables {
            let n = input.u32()? as usize;
            table.reserve(n.min(input.remaining() / 10));
            for _ in 0..n {
                let xpos = read_label(input, XPOS.len(), "English tag")?;
                let text = input.str()?;
                let script = input.u32()?;
                if script as usize >= scripts.len() {
                    return Err(input.error(format!(
                        "lemma script {script} of {} scripts",
                        scripts.len()
                    )));
                }
                table.push((xpos, text, script));
            }
        }
        let [rules, exceptions] = tables;
        let mut out = Lemmatizer {
            scripts,
            rules,
            exceptions,
            ..Lemmatizer::default()
        };
        out.index();
        Ok(out)
    }
}

/// Reads a label index and checks it against the size of its list.
fn read_label(input: &mut Reader, len: usize, what: &str) -> Result<u8, ModelError> {
    let v = input.u16()?;
    if usize::from(v) >= len {
        return Err(input.error(format!("{what} {v} of {len}")));
    }
    Ok(v as u8)
}

/// What the features need of one word, computed once per sentence.
#[derive(Debug, Clone, Copy)]
struct Word {
    /// Lowercase, digits as 0.
    norm: u64,
    form: u64,
    suffixes: [u64; 4],
    prefixes: [u64; 3],
    shape: u64,
    /// The tag pairs the word took in training (0: not seen often).
    ambiguity: u64,
}

/// Stands for the words before the first and after the last.
const PAD: Word = Word {
    norm: 1,
    form: 1,
    suffixes: [1; 4],
    prefixes: [1; 3],
    shape: 1,
    ambiguity: u64::MAX,
};

impl Word {
    fn new(form: &str, ambiguity: u64) -> Word {
        let norm: String = form
            .chars()
            .flat_map(char::to_lowercase)
            .map(|c| if c.is_ascii_digit() { '0' } else { c })
            .collect();
        // The shape: X for a capital, x for a small letter, d for a digit,
        // anything else as it is, runs cut to two ("Xxx..." -> "Xxx").
        let mut shape = String::new();
        let mut run = (' ', 0);
        for c in form.chars() {
            let s = if c.is_uppercase() {
                'X'
            } else if c.is_lowercase() {
                'x'
            } else if c.is_numeric() {
                'd'
            } else {
                c
            };
            run = if run.0 == s { (s, run.1 + 1) } else { (s, 1) };
            if run.1 <= 2 {
                shape.push(s);
            }
        }
        Word {
            norm: hash_str(&norm),
            form: hash_str(form),
            suffixes: [1, 2, 3, 4].map(|n| hash_str(suffix(&norm, n))),
            prefixes: [1, 2, 3].map(|n| hash_str(prefix(&norm, n))),
            shape: hash_str(&shape),
            ambiguity,
        }
    }
}

/// The features of word `i` given the classes chosen for the two words
/// before it and, in the second pass, the classes the first pass chose for
/// the whole sentence (`right`).
fn features(
    words: &[Word],
    i: usize,
    prev: u64,
    prev2: u64,
    right: Option<&[usize]>,
    out: &mut Vec<Feature>,
) {
    let at = |j: isize| -> Word {
        usize::try_from(i as isize + j)
            .ok()
            .and_then(|j| words.get(j))
            .copied()
            .unwrap_or(PAD)
    };
    let (w, p1, p2, n1, n2) = (at(0), at(-1), at(-2), at(1), at(2));
    let first = u64::from(i == 0);
    out.clear();
    out.extend([
        feature(0, 0, 0, 0),
        feature(1, w.norm, 0, 0),
        feature(2, w.form, 0, 0),
        feature(3, w.suffixes[0], 0, 0),
        feature(4, w.suffixes[1], 0, 0),
        feature(5, w.suffixes[2], 0, 0),
        feature(6, w.suffixes[3], 0, 0),
        feature(7, w.prefixes[0], 0, 0),
        feature(8, w.prefixes[1], 0, 0),
        feature(9, w.prefixes[2], 0, 0),
        feature(10, w.shape, first, 0),
        feature(11, prev, 0, 0),
        feature(12, prev2, 0, 0),
        feature(13, prev, prev2, 0),
        feature(14, prev, w.norm, 0),
        feature(15, p1.norm, 0, 0),
        feature(16, p1.suffixes[2], 0, 0),
        feature(17, p2.norm, 0, 0),
        feature(18, n1.norm, 0, 0),
        feature(19, n1.suffixes[2], 0, 0),
        feature(20, n2.norm, 0, 0),
        feature(21, n1.shape, 0, 0),
        feature(22, p1.norm, w.norm, 0),
        feature(23, w.norm, n1.norm, 0),
        feature(24, prev, w.suffixes[2], 0),
        feature(25, prev, n1.norm, 0),
        feature(26, p1.shape, w.shape, n1.shape),
        feature(27, w.ambiguity, 0, 0),
        feature(28, n1.ambiguity, 0, 0),
        feature(29, n2.ambiguity, 0, 0),
        feature(30, w.ambiguity, n1.ambiguity, 0),
        feature(31, prev, w.ambiguity, n1.ambiguity),
        feature(32, w.norm, n1.ambiguity, 0),
    ]);
    if let Some(right) = right {
        let r = |j: usize| right.get(i + j).map_or(START, |&c| c as u64);
        let (r0, r1, r2) = (r(0), r(1), r(2));
        out.extend([
            feature(33, r0, 0, 0),
            feature(34, r1, 0, 0),
            feature(35, r2, 0, 0),
            feature(36, r1, r2, 0),
            feature(37, prev, r1, 0),
            feature(38, w.norm, r1, 0),
            feature(39, prev, r0, r1),
        ]);
    }
}

/// The training data of a pass: each sentence's word features, words and
/// gold classes.
struct Data<'a> {
    infos: &'a [Vec<Word>],
    forms: &'a [Vec<&'a str>],
    gold: &'a [Vec<Option<usize>>],
}

/// The class number features use for "no word here".
const START: u64 = u64::MAX;
const START2: u64 = u64::MAX - 1;

/// A trained tagger and lemmatiser.
#[derive(Debug, Clone)]
pub struct Tagger {
    /// The tag pairs the perceptron chooses among.
    classes: Vec<Tags>,
    /// The weights of the first pass, and of the second if there is one.
    passes: Vec<Weights>,
    /// Words with one tag in training, sorted, and the same as a map.
    fixed: Vec<(String, u16)>,
    fixed_index: FixedMap<String, u16>,
    /// Words seen often enough in training, sorted, with the number of
    /// their ambiguity class: the set of tag pairs they took. The class of
    /// the words to the right tells the greedy tagger what is coming.
    ambiguous: Vec<(String, u16)>,
    ambiguous_index: FixedMap<String, u16>,
    lemmas: Lemmatizer,
}

/// Words are given an ambiguity class when seen this often...
const AMBIGUITY_MIN_COUNT: u32 = 10;
/// ...and a tag pair counts in it when it is at least this share of them.
const AMBIGUITY_MIN_SHARE: f64 = 0.05;

impl Tagger {
    fn word(&self, form: &str) -> Word {
        let class = self
            .ambiguous_index
            .get(form)
            .map_or(0, |&c| u64::from(c) + 1);
        Word::new(form, class)
    }

    /// Tags a sentence's words.
    pub fn tag<S: AsRef<str>>(&self, words: &[S]) -> Vec<Tags> {
        let info: Vec<Word> = words.iter().map(|w| self.word(w.as_ref())).collect();
        let mut classes: Vec<usize> = Vec::new();
        for (n, weights) in self.passes.iter().enumerate() {
            let right = (n > 0).then_some(classes.as_slice());
            classes = self.pass(weights, &info, words, right);
        }
        classes
            .into_iter()
            .map(|c| self.classes.get(c).copied().unwrap_or_default())
            .collect()
    }

    /// One pass of greedy tagging: a class per word.
    fn pass<S: AsRef<str>>(
        &self,
        weights: &Weights,
        info: &[Word],
        words: &[S],
        right: Option<&[usize]>,
    ) -> Vec<usize> {
        let mut out = Vec::with_capacity(words.len());
        let mut feats = Vec::new();
        let mut scores = vec![0.0; self.classes.len()];
        let (mut prev, mut prev2) = (START, START2);
        for (i, word) in words.iter().enumerate() {
            let class = match self.fixed_index.get(word.as_ref()) {
                Some(&c) => usize::from(c),
                None => {
                    features(info, i, prev, prev2, right, &mut feats);
                    scores.iter_mut().for_each(|s| *s = 0.0);
                    weights.score(&feats, &mut scores);
                    argmax(&scores)
                }
            };
            out.push(class);
            (prev2, prev) = (prev, class as u64);
        }
        out
    }

    /// The lemma of a word with the given tags.
    pub fn lemma(&self, word: &str, tags: Tags) -> String {
        self.lemmas.lemma(word, tags.xpos)
    }

    /// Tags and lemmas of a sentence's words.
    pub fn analyse<S: AsRef<str>>(&self, words: &[S]) -> Vec<Analysis> {
        self.tag(words)
            .into_iter()
            .zip(words)
            .map(|(tags, w)| Analysis {
                tags,
                lemma: self.lemma(w.as_ref(), tags),
            })
            .collect()
    }

    /// Measures the tagger on treebank sentences.
    pub fn evaluate(&self, sentences: &[TreeSentence]) -> Accuracy {
        let mut acc = Accuracy::default();
        for s in sentences {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            for (a, w) in self.analyse(&forms).iter().zip(&s.words) {
                let upos = label_index(&UPOS, &w.upos) == Some(usize::from(a.tags.upos));
                let xpos = label_index(&XPOS, &w.xpos) == Some(usize::from(a.tags.xpos));
                acc.words += 1;
                acc.upos += usize::from(upos);
                acc.xpos += usize::from(xpos);
                acc.both += usize::from(upos && xpos);
                acc.lemma += usize::from(a.lemma == w.lemma);
            }
        }
        acc
    }

    /// Learns a tagger from treebank sentences. Words whose tags are not
    /// in the fixed lists are left out of the training.
    pub fn train(sentences: &[TreeSentence], options: &TrainOptions) -> Tagger {
        let tags_of = |upos: &str, xpos: &str| -> Option<Tags> {
            Some(Tags {
                upos: label_index(&UPOS, upos)? as u8,
                xpos: label_index(&XPOS, xpos)? as u8,
            })
        };
        let mut classes: Vec<Tags> = sentences
            .iter()
            .flat_map(|s| &s.words)
            .filter_map(|w| tags_of(&w.upos, &w.xpos))
            .collect();
        classes.sort_by_key(|t| (t.upos, t.xpos));
        classes.dedup();
        let class_of = |upos: &str, xpos: &str| -> Option<usize> {
            let t = tags_of(upos, xpos)?;
            classes
                .binary_search_by_key(&(t.upos, t.xpos), |c| (c.upos, c.xpos))
                .ok()
        };
        let gold: Vec<Vec<Option<usize>>> = sentences
            .iter()
            .map(|s| s.words.iter().map(|w| class_of(&w.upos, &w.xpos)).collect())
            .collect();

        // Words that always take the same class.
        let mut counts: BTreeMap<&str, BTreeMap<usize, u32>> = BTreeMap::new();
        for (s, g) in sentences.iter().zip(&gold) {
            for (w, c) in s.words.iter().zip(g) {
                if let Some(c) = c {
                    *counts.entry(&w.form).or_default().entry(*c).or_default() += 1;
                }
            }
        }
        let mut fixed = Vec::new();
        let mut sets: BTreeMap<Vec<usize>, Vec<&str>> = BTreeMap::new();
        for (word, by_class) in counts {
            let total: u32 = by_class.values().sum();
            if total >= AMBIGUITY_MIN_COUNT {
                let set: Vec<usize> = by_class
                    .iter()
                    .filter(|&(_, &n)| f64::from(n) >= AMBIGUITY_MIN_SHARE * f64::from(total))
                    .map(|(&c, _)| c)
                    .collect();
                sets.entry(set).or_default().push(word);
            }
            let (class, n) = by_class
                .into_iter()
                .fold((0, 0), |b, (c, n)| if n > b.1 { (c, n) } else { b });
            if total >= options.fixed_min_count
                && f64::from(n) >= options.fixed_min_share * f64::from(total)
            {
                fixed.push((word.to_string(), class as u16));
            }
        }
        let mut fixed_index = fixed_map();
        for (w, c) in &fixed {
            fixed_index.insert(w.clone(), *c);
        }
        // Ambiguity classes are numbered in the order of their sets.
        let mut ambiguous: Vec<(String, u16)> = sets
            .into_values()
            .enumerate()
            .flat_map(|(i, ws)| ws.into_iter().map(move |w| (w.to_string(), i as u16)))
            .collect();
        ambiguous.sort();
        let mut ambiguous_index = fixed_map();
        for (w, c) in &ambiguous {
            ambiguous_index.insert(w.clone(), *c);
        }

        let lemmas = Lemmatizer::train(sentences.iter().flat_map(|s| &s.words).filter_map(|w| {
            let xpos = label_index(&XPOS, &w.xpos)? as u8;
            (w.lemma != "_" || w.form == "_").then_some((w.form.as_str(), xpos, w.lemma.as_str()))
        }));

        let mut tagger = Tagger {
            classes,
            passes: Vec::new(),
            fixed,
            fixed_index,
            ambiguous,
            ambiguous_index,
            lemmas,
        };
        let infos: Vec<Vec<Word>> = sentences
            .iter()
            .map(|s| s.words.iter().map(|w| tagger.word(&w.form)).collect())
            .collect();
        let forms: Vec<Vec<&str>> = sentences
            .iter()
            .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
            .collect();
        let data = Data {
            infos: &infos,
            forms: &forms,
            gold: &gold,
        };
        let all: Vec<usize> = (0..sentences.len()).collect();
        let first = tagger.train_pass(&data, &all, None, options);
        if options.two_pass {
            // The second pass learns from first-pass tags as wrong as they
            // will be in use: each part of the corpus is tagged by a first
            // pass trained on the other parts.
            const FOLDS: usize = 4;
            let mut right: Vec<Vec<usize>> = vec![Vec::new(); sentences.len()];
            for fold in 0..FOLDS {
                let rest: Vec<usize> = all.iter().copied().filter(|k| k % FOLDS != fold).collect();
                let weights = tagger.train_pass(&data, &rest, None, options);
                for k in all.iter().copied().filter(|k| k % FOLDS == fold) {
                    right[k] = tagger.pass(&weights, &infos[k], &forms[k], None);
                }
            }
            let second = tagger.train_pass(&data, &all, Some(&right), options);
            tagger.passes = vec![first, second];
        } else {
            tagger.passes = vec![first];
        }
        tagger
    }

    /// Trains one pass on the sentences `subset`.
    fn train_pass(
        &self,
        data: &Data,
        subset: &[usize],
        right: Option<&[Vec<usize>]>,
        options: &TrainOptions,
    ) -> Weights {
        let mut trainer = Trainer::new(self.classes.len());
        let mut order = subset.to_vec();
        let mut shuffler = Shuffler::new(options.seed);
        let mut feats = Vec::new();
        let mut scores = Vec::new();
        for _ in 0..options.epochs {
            shuffler.shuffle(&mut order);
            for &k in &order {
                let (mut prev, mut prev2) = (START, START2);
                let right = right.map(|r| r[k].as_slice());
                for (i, form) in data.forms[k].iter().enumerate() {
                    let guess = match self.fixed_index.get(*form) {
                        Some(&c) => usize::from(c),
                        None => {
                            features(&data.infos[k], i, prev, prev2, right, &mut feats);
                            let guess = trainer.predict(&feats, &mut scores);
                            if let Some(truth) = data.gold[k][i] {
                                trainer.update(&feats, truth, guess);
                            }
                            trainer.tick();
                            guess
                        }
                    };
                    (prev2, prev) = (prev, guess as u64);
                }
            }
        }
        trainer.finish(options.prune)
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Writer::new(KIND);
        out.u32(self.classes.len() as u32);
        for t in &self.classes {
            out.u16(u16::from(t.upos));
            out.u16(u16::from(t.xpos));
        }
        out.u32(self.passes.len() as u32);
        for weights in &self.passes {
            weights.write(&mut out);
        }
        out.u32(self.fixed.len() as u32);
        for (w, c) in &self.fixed {
            out.str(w);
            out.u16(*c);
        }
        out.u32(self.ambiguous.len() as u32);
        for (w, c) in &self.ambiguous {
            out.str(w);
            out.u16(*c);
        }
        self.lemmas.write(&mut out);
        out.finish()
    }

    /// Reads a model from its bytes; `file` names it in errors.
    pub fn from_bytes(bytes: &[u8], file: &str) -> Result<Tagger, ModelError> {
        let mut input = Reader::new(bytes, file)?;
        input.expect_kind(KIND)?;
        let n = input.u32()? as usize;
        let mut classes = Vec::with_capacity(n.min(input.remaining() / 4));
        for _ in 0..n {
            let upos = read_label(&mut input, UPOS.len(), "universal tag")?;
            let xpos = read_label(&mut input, XPOS.len(), "English tag")?;
            classes.push(Tags { upos, xpos });
        }
        let count = input.u32()?;
        if !(1..=2).contains(&count) {
            return Err(input.error(format!("{count} passes, a tagger has 1 or 2")));
        }
        let mut passes = Vec::new();
        for _ in 0..count {
            let weights = Weights::read(&mut input)?;
            if weights.classes() != classes.len() {
                return Err(input.error(format!(
                    "weights for {} classes, {} tag pairs",
                    weights.classes(),
                    classes.len()
                )));
            }
            passes.push(weights);
        }
        let n = input.u32()? as usize;
        let mut fixed = Vec::with_capacity(n.min(input.remaining() / 6));
        let mut fixed_index = fixed_map();
        for _ in 0..n {
            let w = input.str()?;
            let c = input.u16()?;
            if usize::from(c) >= classes.len() {
                return Err(input.error(format!("tag pair {c} of {}", classes.len())));
            }
            fixed_index.insert(w.clone(), c);
            fixed.push((w, c));
        }
        let n = input.u32()? as usize;
        let mut ambiguous = Vec::with_capacity(n.min(input.remaining() / 6));
        let mut ambiguous_index = fixed_map();
        for _ in 0..n {
            let w = input.str()?;
            let c = input.u16()?;
            ambiguous_index.insert(w.clone(), c);
            ambiguous.push((w, c));
        }
        let lemmas = Lemmatizer::read(&mut input)?;
        input.end()?;
        Ok(Tagger {
            classes,
            passes,
            fixed,
            fixed_index,
            ambiguous,
            ambiguous_index,
            lemmas,
        })
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<Tagger, ModelError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| ModelError {
            file: name.clone(),
            problem: e.to_string(),
        })?;
        Tagger::from_bytes(&bytes, &name)
    }

    /// The number of weighted features (a measure of the model's size).
    pub fn weighted_features(&self) -> usize {
        self.passes.iter().map(Weights::len).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::super::conllu::TreeWord;
    use super::*;

    /// A sentence from "word/UPOS/XPOS/lemma" items.
    fn sentence(items: &str) -> TreeSentence {
        let words = items
            .split(' ')
            .map(|item| {
                let f: Vec<&str> = item.split('/').collect();
                TreeWord {
                    form: f[0].to_string(),
                    lemma: f[3].to_string(),
                    upos: f[1].to_string(),
                    xpos: f[2].to_string(),
                    head: 0,
                    deprel: "dep".to_string(),
                    space_after: true,
                }
            })
            .collect();
        TreeSentence {
            words,
            ..TreeSentence::default()
        }
    }

    fn tiny_corpus() -> Vec<TreeSentence> {
        [
            "The/DET/DT/the dog/NOUN/NN/dog runs/VERB/VBZ/run ./PUNCT/./.",
            "Dogs/NOUN/NNS/dog ran/VERB/VBD/run home/ADV/RB/home ./PUNCT/./.",
            "A/DET/DT/a cat/NOUN/NN/cat sleeps/VERB/VBZ/sleep ./PUNCT/./.",
            "The/DET/DT/the cats/NOUN/NNS/cat were/AUX/VBD/be sleeping/VERB/VBG/sleep ./PUNCT/./.",
            "Anna/PROPN/NNP/Anna studies/VERB/VBZ/study the/DET/DT/the studies/NOUN/NNS/study ./PUNCT/./.",
            "She/PRON/PRP/she was/AUX/VBD/be happy/ADJ/JJ/happy ./PUNCT/./.",
            "The/DET/DT/the parties/NOUN/NNS/party ended/VERB/VBD/end ./PUNCT/./.",
        ]
        .into_iter()
        .map(sentence)
        .collect()
    }

    fn options() -> TrainOptions {
        TrainOptions {
            epochs: 10,
            fixed_min_count: 3,
            prune: 0.0,
            ..TrainOptions::default()
        }
    }

    fn names(tags: &[Tags]) -> Vec<String> {
        tags.iter()
            .map(|t| format!("{}/{}", UPOS[t.upos as usize], XPOS[t.xpos as usize]))
            .collect()
    }

    #[test]
    fn training_on_a_tiny_corpus_learns_it_and_is_deterministic() {
        let corpus = tiny_corpus();
        let tagger = Tagger::train(&corpus, &options());
        let accuracy = tagger.evaluate(&corpus);
        assert_eq!(accuracy.words, 30);
        assert_eq!(accuracy.both, accuracy.words, "{accuracy:?}");
        assert_eq!(accuracy.lemma, accuracy.words, "{accuracy:?}");
        let again = Tagger::train(&corpus, &options());
        assert_eq!(tagger.to_bytes(), again.to_bytes());
        // A different order of the sentences is a different model.
        let other = Tagger::train(
            &corpus,
            &TrainOptions {
                seed: 2,
                ..options()
            },
        );
        assert_ne!(tagger.to_bytes(), other.to_bytes());
    }

    #[test]
    fn two_passes_learn_the_tiny_corpus_and_round_trip() {
        let corpus = tiny_corpus();
        let options = TrainOptions {
            two_pass: true,
            ..options()
        };
        let tagger = Tagger::train(&corpus, &options);
        assert_eq!(tagger.passes.len(), 2);
        let accuracy = tagger.evaluate(&corpus);
        assert_eq!(accuracy.both, accuracy.words, "{accuracy:?}");
        let bytes = tagger.to_bytes();
        assert_eq!(bytes, Tagger::train(&corpus, &options).to_bytes());
        let back = Tagger::from_bytes(&bytes, "two.bin").unwrap();
        assert_eq!(back.to_bytes(), bytes);
        assert_eq!(
            back.tag(&["Dogs", "ran", "."]),
            tagger.tag(&["Dogs", "ran", "."])
        );
    }

    #[test]
    fn the_tiny_model_generalises_to_unseen_words_by_suffix() {
        let tagger = Tagger::train(&tiny_corpus(), &options());
        let tags = tagger.tag(&["The", "parties", "ended", "."]);
        assert_eq!(names(&tags), ["DET/DT", "NOUN/NNS", "VERB/VBD", "PUNCT/."]);
        // "-ies" plural nouns take "-y", whatever the word.
        let nns = Tags {
            upos: label_index(&UPOS, "NOUN").unwrap() as u8,
            xpos: label_index(&XPOS, "NNS").unwrap() as u8,
        };
        assert_eq!(tagger.lemma("Ladies", nns), "lady");
        let vbd = Tags {
            upos: label_index(&UPOS, "AUX").unwrap() as u8,
            xpos: label_index(&XPOS, "VBD").unwrap() as u8,
        };
        assert_eq!(tagger.lemma("Was", vbd), "be");
    }

    #[test]
    fn lemma_scripts_follow_case_and_suffixes() {
        let s = Script::between("studies", "study", false);
        assert_eq!(s.apply("Ladies"), "lady");
        let s = Script::between("Americans", "American", true);
        assert!(s.keep_case);
        assert_eq!(s.apply("Germans"), "German");
        let s = Script::between("was", "be", false);
        assert_eq!(s.apply("Was"), "be");
        // Stripping more than the word has is no panic.
        assert_eq!(s.apply(""), "be");
        assert_eq!(suffix("naïve", 3), "ïve");
        assert_eq!(suffix("ab", 5), "ab");
        assert_eq!(prefix("é", 2), "é");
    }

    #[test]
    fn the_model_round_trips_through_its_file_format() {
        let tagger = Tagger::train(&tiny_corpus(), &options());
        let bytes = tagger.to_bytes();
        let back = Tagger::from_bytes(&bytes, "models/tagger.bin").unwrap();
        assert_eq!(back.to_bytes(), bytes);
        let words = ["Anna", "studies", "the", "parties", "."];
        assert_eq!(back.analyse(&words), tagger.analyse(&words));
    }

    #[test]
    fn bad_model_files_are_errors_naming_the_file() {
        let bytes = Tagger::train(&tiny_corpus(), &options()).to_bytes();
        for cut in [0, 10, bytes.len() / 2, bytes.len() - 1] {
            let e = Tagger::from_bytes(&bytes[..cut], "models/tagger.bin").unwrap_err();
            assert_eq!(e.file, "models/tagger.bin");
        }
        let mut damaged = bytes.clone();
        damaged[bytes.len() / 2] ^= 0x40;
        assert!(Tagger::from_bytes(&damaged, "t.bin").is_err());
        // A well-formed file of another kind of model.
        let mut other = Writer::new("parser");
        other.u32(0);
        let e = Tagger::from_bytes(&other.finish(), "p.bin").unwrap_err();
        assert!(e.to_string().starts_with("p.bin: a parser model"), "{e}");
        // A well-formed tagger file whose fields make no sense.
        let mut nonsense = Writer::new(KIND);
        nonsense.u32(1);
        nonsense.u16(99);
        nonsense.u16(0);
        let e = Tagger::from_bytes(&nonsense.finish(), "n.bin").unwrap_err();
        assert_eq!(e.file, "n.bin");
        let e = Tagger::load(Path::new("no/such/tagger.bin")).unwrap_err();
        assert_eq!(e.file, "no/such/tagger.bin");
    }

    #[test]
    fn any_input_is_tagged_without_panic() {
        let tagger = Tagger::train(&tiny_corpus(), &options());
        assert!(tagger.analyse::<&str>(&[]).is_empty());
        let odd = [
            "",
            "\u{0}",
            "İİİ",
            "ﬁ",
            "e\u{301}\u{301}\u{301}",
            "😀",
            "\u{202e}abc",
            "ß",
        ];
        let out = tagger.analyse(&odd);
        assert_eq!(out.len(), odd.len());
        let long: Vec<String> = (0..300).map(|i| format!("w{i}")).collect();
        assert_eq!(tagger.analyse(&long).len(), 300);
    }

    /// The shipped model on sentences of our own.
    #[test]
    fn the_shipped_model_tags_and_lemmatises_plain_sentences() {
        let tagger =
            Tagger::from_bytes(include_bytes!("../../models/tagger.bin"), "tagger.bin").unwrap();
        let check = |text: &str, tags: &[&str], lemmas: &[&str]| {
            let words = super::super::tokenize::words(text);
            let out = tagger.analyse(&words);
            let got: Vec<String> = names(&out.iter().map(|a| a.tags).collect::<Vec<_>>());
            assert_eq!(got, tags, "{text}");
            let got: Vec<&str> = out.iter().map(|a| a.lemma.as_str()).collect();
            assert_eq!(got, lemmas, "{text}");
        };
        check(
            "The ministers visited Lisbon on Tuesday.",
            &[
                "DET/DT",
                "NOUN/NNS",
                "VERB/VBD",
                "PROPN/NNP",
                "ADP/IN",
                "PROPN/NNP",
                "PUNCT/.",
            ],
            &["the", "minister", "visit", "Lisbon", "on", "Tuesday", "."],
        );
        check(
            "She didn't say whether the talks were going well.",
            &[
                "PRON/PRP", "AUX/VBD", "PART/RB", "VERB/VB", "SCONJ/IN", "DET/DT", "NOUN/NNS",
                "AUX/VBD", "VERB/VBG", "ADV/RB", "PUNCT/.",
            ],
            &[
                "she", "do", "not", "say", "whether", "the", "talk", "be", "go", "well", ".",
            ],
        );
    }
}

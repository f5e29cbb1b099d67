//! The named-entity recogniser: person, place and organisation names in a
//! sentence, found by greedy left-to-right tagging with the averaged
//! perceptron.
//!
//! Every word gets one of thirteen labels: `O` (outside any name), or for
//! each kind `B` (begins a name of several words), `I` (inside one), `L`
//! (ends one) and `U` (a name of one word). Decoding only ever picks a label
//! that may follow the previous one (no `I` after `O`, no name left open at
//! the sentence's end), so the labels always read back as well-formed spans.
//!
//! The features of a word are its own strings (form, lower-case form,
//! shape, prefix, suffixes, capitalisation, sentence-initial position), the
//! lower-case forms and shapes of two words either side, the tags of the
//! word and its neighbours, the two labels decided before it, the run of
//! capitalised words it stands in (its place in the run, the words before
//! and after the run, the run's first and last word: "Center" of "Kennedy
//! Space Center" tells the kind from "Kennedy" on), and the gazetteer hint
//! (`Known`) of the word and its neighbours. The hint lets names of the
//! reference data help; training drops it for a share of the names so that
//! the model still finds names the reference data lacks, and hides the
//! strings of a share of capitalised words, so that the context learns to
//! find names the training data never had.
//!
//! The dependency parse (the parser runs first) adds the word's relation
//! and head word, and the same of the head of the name phrase the word
//! stands in (up `flat` and `compound` arcs) with that head's case marker:
//! "in" before a name, the object of "visit", the subject of "said" tell a
//! place, an organisation or a person where the name's own words do not.
//! The model file also holds a list of given names, family names and how
//! often the reference data's office holders bore them
//! (`ontology/person-names.tsv`), so that "Gloria" reads as a person's name
//! the training data never had.
//!
//! The model is an ensemble of three such taggers trained alike but for the
//! seed of their shuffles; their scores are summed before each decision,
//! which steadies the choices the small training corpus leaves close.
//!
//! Training conditions each word on the gold labels before it. A word
//! outside a name that has no capital letter or digit and that the
//! gazetteer does not know is labelled `O` without scoring: most words of
//! a text are such, and almost no name begins with one.
//!
//! # Named entities in GUM
//!
//! GUM annotates every mention of an entity (pronouns, common nouns, nested
//! mentions), not only names. The recogniser learns from the mentions that
//! are names, defined as follows:
//! - the mention's type is person, place or organization (GUM's event,
//!   time, abstract, object and the other types are no entities here);
//! - its head word, the first word of the span whose own head lies outside
//!   the span (punctuation only when nothing else qualifies), is a proper
//!   noun (UPOS `PROPN`); when it is not, a proper noun attached to it by
//!   `flat` or `appos` takes its place (GUM makes the title the head of
//!   "governor Bob McDonnell", with the name as its `flat` part);
//! - a person's head word is not a plural proper noun (`NNPS`: "Americans",
//!   "Democrats" are groups, not names of persons);
//! - the name is the part of the mention that belongs to the head word's
//!   name phrase: the words whose path up to the head word stays inside
//!   the mention and crosses no relation that attaches a clause, an
//!   apposition, a conjunct, a possessor or a parenthetical (`acl`,
//!   `advcl`, `appos`, `conj`, `cc`, `parataxis`, `list`, `dep`,
//!   `nmod:poss`, any `obl`, ...), and, for a person, no nominal modifier
//!   at all (a title, `nmod:desc`: "President" of "President Biden";
//!   "of the Labour Party"), for a place or an organisation none joined by
//!   a preposition other than "of" or "for" ("University of Pisa" and
//!   "Center for Advanced Study" stay whole, "Museum at Stanford
//!   University" is two names); of these words, the unbroken run around
//!   the head word. GUM's mentions run over relative clauses, appositions
//!   and coordinations ("Joe Clark, your United States Senator who was
//!   ..., and Dick Dilworth"), which are no part of a name, and a title is
//!   no part of a person's name (the reference data lists offices apart);
//! - the name is trimmed of leading determiners, prepositions,
//!   conjunctions, interjections, punctuation and lower-case words other
//!   than proper nouns ("native Bohemia") and of a trailing possessive
//!   (`'s`, `'`) and punctuation;
//! - a name left empty is dropped, and of overlapping names (a named
//!   mention nested in another's name) only the outermost is kept (the
//!   first of two with the same words), so the spans of a sentence never
//!   overlap. A named mention nested in the part of a mention cut off above
//!   (a conjunct, an apposition) is a name of its own.

use super::conllu::{TreeSentence, TreeWord};
use super::model::{ModelError, Reader, Writer};
use super::parser::Arc;
use super::perceptron::{Feature, Shuffler, Trainer, Weights, feature, hash_str};
use super::{DEPRELS, EntityKind, EntitySpan, Known, Tags, UPOS, XPOS, label_index};
use std::cell::RefCell;

/// The kind of model in the file header.
const MODEL_KIND: &str = "entities";

/// The layout of the features; a model trained with another layout is
/// refused rather than read into wrong answers.
const FEATURE_LAYOUT: u32 = 3;

/// `O`, then `B`, `I`, `L`, `U` of each kind in `EntityKind::ALL` order.
const CLASSES: usize = 1 + 4 * EntityKind::ALL.len();

const OUTSIDE: usize = 0;

/// The parts of a name a label marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Begin,
    Inside,
    Last,
    Unit,
}

fn label(part: Part, kind: EntityKind) -> usize {
    let k = kind_index(kind);
    1 + 4 * k
        + match part {
            Part::Begin => 0,
            Part::Inside => 1,
            Part::Last => 2,
            Part::Unit => 3,
        }
}

fn kind_index(kind: EntityKind) -> usize {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Place => 1,
        EntityKind::Organization => 2,
    }
}

/// The part and kind of a label other than `O`.
fn split_label(class: usize) -> Option<(Part, EntityKind)> {
    let i = class.checked_sub(1)?;
    let kind = *EntityKind::ALL.get(i / 4)?;
    let part = match i % 4 {
        0 => Part::Begin,
        1 => Part::Inside,
        2 => Part::Last,
        _ => Part::Unit,
    };
    Some((part, kind))
}

/// True when `class` may follow `previous` (`None` at the sentence's
/// start); `last` says the word ends the sentence, where no name may stay
/// open.
fn allowed(previous: Option<usize>, class: usize, last: bool) -> bool {
    let open = previous
        .and_then(split_label)
        .filter(|(p, _)| matches!(p, Part::Begin | Part::Inside))
        .map(|(_, k)| k);
    match (open, split_label(class)) {
        // Inside a name: continue it or end it.
        (Some(k), Some((Part::Inside, kk))) => k == kk && !last,
        (Some(k), Some((Part::Last, kk))) => k == kk,
        (Some(_), _) => false,
        // Outside a name: stay outside, or start one.
        (None, None) => true,
        (None, Some((Part::Begin, _))) => !last,
        (None, Some((Part::Unit, _))) => true,
        (None, Some(_)) => false,
    }
}

/// The gold labels of a sentence of `len` words from its entity spans
/// (spans that overlap an earlier one or run past the end are skipped).
fn gold_labels(len: usize, spans: &[EntitySpan], out: &mut Vec<usize>) {
    out.clear();
    out.resize(len, OUTSIDE);
    let mut free_from = 0;
    for s in spans {
        if s.start < free_from || s.start >= s.end || s.end > len {
            continue;
        }
        if s.end - s.start == 1 {
            out[s.start] = label(Part::Unit, s.kind);
        } else {
            out[s.start] = label(Part::Begin, s.kind);
            for l in &mut out[s.start + 1..s.end - 1] {
                *l = label(Part::Inside, s.kind);
            }
            out[s.end - 1] = label(Part::Last, s.kind);
        }
        free_from = s.end;
    }
}

/// Reads spans back from a label sequence the decoder made (so valid).
fn spans_of(labels: &[usize], out: &mut Vec<EntitySpan>) {
    let mut start = 0;
    for (i, &l) in labels.iter().enumerate() {
        match split_label(l) {
            Some((Part::Begin, _)) => start = i,
            Some((Part::Unit, kind)) => out.push(EntitySpan {
                start: i,
                end: i + 1,
                kind,
            }),
            Some((Part::Last, kind)) => out.push(EntitySpan {
                start,
                end: i + 1,
                kind,
            }),
            _ => {}
        }
    }
}

/// The named entities of a GUM sentence, by the definition in the module
/// documentation, in order of their start.
pub fn named_mentions(sentence: &TreeSentence) -> Vec<EntitySpan> {
    let words = &sentence.words;
    // (trimmed span, length of the mention before trimming)
    let mut found: Vec<(EntitySpan, usize)> = Vec::new();
    for m in &sentence.mentions {
        let Some(kind) = EntityKind::from_name(&m.kind) else {
            continue;
        };
        if m.start >= m.end || m.end > words.len() {
            continue;
        }
        let Some(top) = head_word(words, m.start, m.end) else {
            continue;
        };
        // "governor Bob McDonnell", "spokesperson Julie Hahn": GUM makes
        // the title the head and each word of the name its `flat` (or
        // `appos`) part; the first such proper noun heads the name then,
        // and the title's other proper-noun parts join it.
        let title_part = |i: usize| {
            words[i].head == top + 1
                && matches!(words[i].deprel.as_str(), "flat" | "appos")
                && words[i].upos == "PROPN"
        };
        let (head, title) = if words[top].upos == "PROPN" {
            (top, None)
        } else {
            match (m.start..m.end).find(|&i| title_part(i)) {
                Some(h) => (h, Some(top)),
                None => continue,
            }
        };
        // "Americans", "Democrats": a group, not a person's name.
        if kind == EntityKind::Person && words[head].xpos == "NNPS" {
            continue;
        }
        let (start, end) = name_phrase(words, m.start, m.end, head, title, kind);
        let (start, end) = trim(words, start, end);
        if start < end {
            found.push((EntitySpan { start, end, kind }, m.end - m.start));
        }
    }
    // Outermost first: earlier start, then longer span, then the longer
    // mention (of two with one trimmed span, the one that held the other).
    found.sort_by_key(|(s, len)| (s.start, std::cmp::Reverse(s.end), std::cmp::Reverse(*len)));
    let mut out: Vec<EntitySpan> = Vec::new();
    for (s, _) in found {
        if out.last().is_none_or(|last| s.start >= last.end) {
            out.push(s);
        }
    }
    out
}

/// The head word of words `start..end`: the first whose head lies outside
/// the span, preferring a word that is not punctuation.
fn head_word(words: &[TreeWord], start: usize, end: usize) -> Option<usize> {
    let outside = |i: &usize| {
        // Heads are 1-based, 0 the root.
        let h = words[*i].head;
        h == 0 || !(start + 1..=end).contains(&h)
    };
    (start..end)
        .filter(outside)
        .find(|&i| words[i].upos != "PUNCT")
        .or_else(|| (start..end).find(outside))
}

/// Relations that attach to a name something that is no part of it.
const NOT_NAME: [&str; 15] = [
    "acl",
    "acl:relcl",
    "advcl",
    "advcl:relcl",
    "appos",
    "conj",
    "cc",
    "cc:preconj",
    "parataxis",
    "list",
    "dep",
    "dislocated",
    "reparandum",
    "vocative",
    "nmod:poss",
];

/// The unbroken run of words around `head` inside `start..end` whose path
/// up to `head` (or to a `flat` proper-noun part of `title`, the common
/// noun GUM made the head of a titled name) stays in the span and joins
/// the name at every step (see `joins_name`).
fn name_phrase(
    words: &[TreeWord],
    start: usize,
    end: usize,
    head: usize,
    title: Option<usize>,
    kind: EntityKind,
) -> (usize, usize) {
    let in_name = |mut i: usize| {
        // A path longer than the span is a cycle of a broken tree.
        for _ in 0..=end - start {
            let w = &words[i];
            let title_part =
                Some(w.head.wrapping_sub(1)) == title && w.deprel == "flat" && w.upos == "PROPN";
            if i == head || title_part {
                return true;
            }
            if !joins_name(words, i, kind) {
                return false;
            }
            match w.head.checked_sub(1) {
                Some(h) if (start..end).contains(&h) => i = h,
                _ => return false,
            }
        }
        false
    };
    let mut first = head;
    while first > start && in_name(first - 1) {
        first -= 1;
    }
    let mut last = head + 1;
    while last < end && in_name(last) {
        last += 1;
    }
    (first, last)
}

/// True when word `i` belongs to the name its head word is part of, as
/// far as its own relation says.
fn joins_name(words: &[TreeWord], i: usize, kind: EntityKind) -> bool {
    let relation = words[i].deprel.as_str();
    if NOT_NAME.contains(&relation) || relation.starts_with("obl") {
        return false;
    }
    if relation.starts_with("nmod") {
        // A person's name has no modifier ("Lee of the Labour Party", a
        // title); a place's or an organisation's keeps one joined by "of"
        // or "for" or by nothing ("University of Pisa", "Center for
        // Advanced Study", "Building 31") and loses one placing it ("at
        // Stanford University", "in Deer Valley"), a name of its own.
        if kind == EntityKind::Person {
            return false;
        }
        let marker = words
            .iter()
            .find(|c| c.head == i + 1 && c.deprel == "case")
            .map(|c| c.form.to_lowercase());
        return marker.is_none_or(|m| m == "of" || m == "for");
    }
    true
}

/// Trims a span of leading determiners, prepositions, conjunctions,
/// interjections, punctuation and lower-case words other than proper nouns
/// ("native Bohemia") and of a trailing possessive and punctuation.
fn trim(words: &[TreeWord], mut start: usize, mut end: usize) -> (usize, usize) {
    while start < end
        && (matches!(
            words[start].upos.as_str(),
            "DET" | "PUNCT" | "ADP" | "CCONJ" | "INTJ"
        ) || (words[start].upos != "PROPN"
            && words[start].form.starts_with(char::is_lowercase)))
    {
        start += 1;
    }
    while end > start
        && (words[end - 1].upos == "PUNCT"
            || words[end - 1].xpos == "POS"
            || matches!(words[end - 1].form.as_str(), "'s" | "’s"))
    {
        end -= 1;
    }
    (start, end)
}

/// Precision, recall and F1 counts for one kind or all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Spans in the gold annotation.
    pub gold: usize,
    /// Spans the recogniser found.
    pub found: usize,
    /// Found spans with the gold span's exact words and kind.
    pub correct: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.found)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The scores of the recogniser on annotated sentences: exact span and
/// kind, overall and per kind (in `EntityKind::ALL` order).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EntityScores {
    pub overall: Counts,
    pub per_kind: [Counts; 3],
}

impl EntityScores {
    pub fn kind(&self, kind: EntityKind) -> Counts {
        self.per_kind[kind_index(kind)]
    }
}

impl std::fmt::Display for EntityScores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let line = |f: &mut std::fmt::Formatter<'_>, name: &str, c: &Counts| {
            writeln!(
                f,
                "{name:<13} P {:5.1}  R {:5.1}  F1 {:5.1}  (gold {}, found {}, correct {})",
                100.0 * c.precision(),
                100.0 * c.recall(),
                100.0 * c.f1(),
                c.gold,
                c.found,
                c.correct
            )
        };
        line(f, "all", &self.overall)?;
        for kind in EntityKind::ALL {
            line(f, kind.name(), &self.kind(kind))?;
        }
        Ok(())
    }
}

/// The trained recogniser.
#[derive(Debug, Clone, PartialEq)]
pub struct Recogniser {
    /// The members of the ensemble: models trained alike but for the seed
    /// (the order of the sentences, the hints and words hidden), whose
    /// scores are summed.
    members: Vec<Weights>,
    /// Person names of the reference data (`ontology/person-names.tsv`),
    /// compiled into the model: the hash of a word and its code (see
    /// `name_code`), sorted by hash.
    names: Vec<(u64, u8)>,
}

/// How often a word was a given name and a family name, two bits each
/// (never, once or twice, up to 9 times, more often), so that "John"
/// weighs more than a rare name.
fn name_code(given: u32, family: u32) -> u8 {
    let bucket = |n: u32| match n {
        0 => 0,
        1..=2 => 1,
        3..=9 => 2,
        _ => 3,
    };
    bucket(given) | bucket(family) << 2
}

/// Reads the person-name list: lines of word, times as a given name, times
/// as a family name, tab-separated; `#` lines are comments, malformed lines
/// are skipped.
fn parse_names(text: &str) -> Vec<(u64, u8)> {
    let mut names: Vec<(u64, u8)> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let word = fields.next().filter(|w| !w.is_empty())?;
            let given = fields.next()?.trim().parse().ok()?;
            let family = fields.next()?.trim().parse().ok()?;
            Some((hash_str(word), name_code(given, family)))
        })
        .filter(|&(_, code)| code != 0)
        .collect();
    names.sort_unstable();
    names.dedup_by_key(|n| n.0);
    names
}

/// Sentinel values of the words before the first and after the last.
const PAD_BEFORE: u64 = 0x5eed_0001;
const PAD_AFTER: u64 = 0x5eed_0002;
/// The strings of a word training hides.
const HIDDEN: u64 = 0x5eed_0003;
/// Words of padding either side, so the ±2 window needs no bounds checks.
const PAD: usize = 2;

/// What the features need of each word, computed once per sentence.
#[derive(Debug, Clone, Copy, Default)]
struct WordInfo {
    form: u64,
    lower: u64,
    shape: u64,
    prefix: u64,
    suffix2: u64,
    suffix3: u64,
    /// Capitalisation and character classes, see `flags`.
    flags: u64,
    upos: u64,
    xpos: u64,
    /// 0: unknown; else 1 + 2 * kind + begins.
    known: u64,
    /// Where the word stands in a run of capitalised words: how many come
    /// before it and after it in the run (each at most 3), 0 outside one.
    run: u64,
    /// The lower-case forms of the words before and after the word's run
    /// of capitalised words ("in" of "in New York City", for every word of
    /// the name); the word's neighbours outside a run.
    run_before: u64,
    run_after: u64,
    /// The lower-case forms of the first and the last word of the run
    /// ("center" of "Kennedy Space Center" tells the kind from its first
    /// word on); the word's own outside a run.
    run_first: u64,
    run_last: u64,
    /// The word's own relation and the lower-case form of its head word
    /// (the parse's; the root and missing arcs have sentinels).
    deprel: u64,
    governor: u64,
    /// The same of the head of the name phrase the word belongs to (reached
    /// up `flat` and `compound` arcs), with the lower-case form of that
    /// head's `case` dependent: every word of "New York City" in "moved to
    /// New York City" sees `obl`, "moved" and "to", which tell a place from
    /// an organisation better than the words around the name do.
    name_deprel: u64,
    name_governor: u64,
    name_case: u64,
    /// The word's code in the person-name list, 0 when not listed.
    person: u64,
    /// The word has a capital letter or a digit, or the gazetteer knows it:
    /// it may begin a name.
    may_begin: bool,
}

/// Buffers reused from one sentence to the next.
#[derive(Debug, Default)]
struct Scratch {
    info: Vec<WordInfo>,
    text: String,
    /// The `case` dependent of each word (see `describe_parse`).
    case_of: Vec<u64>,
    features: Vec<Feature>,
    scores: Vec<f32>,
    labels: Vec<usize>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

const FLAG_UPPER_INITIAL: u64 = 1;
const FLAG_ALL_UPPER: u64 = 2;
const FLAG_DIGIT: u64 = 4;
const FLAG_LOWER: u64 = 8;
const FLAG_FIRST_WORD: u64 = 16;

/// Sentinels of the parse features: the head is the root, the arc is
/// missing or points outside the sentence, the name's head has no `case`
/// dependent.
const ROOT: u64 = 0x5eed_0004;
const NO_ARC: u64 = 0x5eed_0005;
const NO_CASE: u64 = 0x5eed_0006;

/// Fills `info` for one sentence: padding, then one entry per word.
fn describe(
    words: &[&str],
    tags: &[Tags],
    arcs: &[Arc],
    known: &[Known],
    names: &[(u64, u8)],
    hide: &[bool],
    scratch: &mut Scratch,
) {
    let (info, text, case_of) = (&mut scratch.info, &mut scratch.text, &mut scratch.case_of);
    info.clear();
    let pad = |v| WordInfo {
        form: v,
        lower: v,
        shape: v,
        prefix: v,
        suffix2: v,
        suffix3: v,
        flags: v,
        upos: v,
        xpos: v,
        known: 0,
        run: v,
        run_before: v,
        run_after: v,
        run_first: v,
        run_last: v,
        deprel: v,
        governor: v,
        name_deprel: v,
        name_governor: v,
        name_case: v,
        person: 0,
        may_begin: false,
    };
    info.extend(std::iter::repeat_n(pad(PAD_BEFORE), PAD));
    for (i, word) in words.iter().enumerate() {
        let t = tags.get(i).copied().unwrap_or_default();
        let k = known.get(i).copied().unwrap_or_default();
        let mut flags = 0;
        let mut upper = 0;
        let mut letters = 0;
        text.clear();
        for (n, c) in word.chars().enumerate() {
            if c.is_uppercase() {
                upper += 1;
                if n == 0 {
                    flags |= FLAG_UPPER_INITIAL;
                }
            } else if c.is_lowercase() {
                flags |= FLAG_LOWER;
            } else if c.is_numeric() {
                flags |= FLAG_DIGIT;
            }
            if c.is_alphabetic() {
                letters += 1;
            }
            // The shape: one symbol per run of a character class.
            let symbol = if c.is_uppercase() {
                'X'
            } else if c.is_alphabetic() {
                'x'
            } else if c.is_numeric() {
                'd'
            } else {
                c
            };
            if !text.ends_with(symbol) || !matches!(symbol, 'X' | 'x' | 'd') {
                text.push(symbol);
            }
        }
        if letters > 1 && upper == letters {
            flags |= FLAG_ALL_UPPER;
        }
        if i == 0 {
            flags |= FLAG_FIRST_WORD;
        }
        let shape = hash_str(text);
        text.clear();
        text.extend(word.chars().flat_map(char::to_lowercase));
        let lower = hash_str(text);
        let prefix = hash_str(head_chars(word, 3));
        let suffix2 = hash_str(tail_chars(word, 2));
        let suffix3 = hash_str(tail_chars(word, 3));
        let form = hash_str(word);
        // Only capitalised words are looked up: the list holds no others.
        let person = if upper > 0 {
            names
                .binary_search_by_key(&form, |n| n.0)
                .map_or(0, |at| u64::from(names[at].1))
        } else {
            0
        };
        // Training hides the strings of some capitalised words, so that
        // the context learns to find names the training data never had.
        let hidden = hide.get(i).copied().unwrap_or(false) && upper > 0;
        let (form, lower, prefix, suffix2, suffix3) = if hidden {
            (HIDDEN, HIDDEN, HIDDEN, suffix2, suffix3)
        } else {
            (form, lower, prefix, suffix2, suffix3)
        };
        info.push(WordInfo {
            form,
            lower,
            shape,
            prefix,
            suffix2,
            suffix3,
            flags,
            upos: u64::from(t.upos),
            xpos: u64::from(t.xpos),
            known: match k.kind {
                Some(kind) => 1 + 2 * kind_index(kind) as u64 + u64::from(k.begins),
                None => 0,
            },
            run: 0,
            run_before: 0,
            run_after: 0,
            run_first: lower,
            run_last: lower,
            deprel: NO_ARC,
            governor: NO_ARC,
            name_deprel: NO_ARC,
            name_governor: NO_ARC,
            name_case: NO_CASE,
            person,
            may_begin: upper > 0 || flags & FLAG_DIGIT != 0 || k.kind.is_some(),
        });
    }
    info.extend(std::iter::repeat_n(pad(PAD_AFTER), PAD));
    describe_parse(arcs, words.len(), info, case_of);
    // Runs of capitalised words: their edges are most names' edges.
    let mut i = PAD;
    while i < PAD + words.len() {
        if info[i].flags & (FLAG_UPPER_INITIAL | FLAG_DIGIT) == 0 {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < PAD + words.len() && info[end].flags & (FLAG_UPPER_INITIAL | FLAG_DIGIT) != 0 {
            end += 1;
        }
        let (run_before, run_after) = (info[i - 1].lower, info[end].lower);
        let (run_first, run_last) = (info[i].lower, info[end - 1].lower);
        for (n, w) in info[i..end].iter_mut().enumerate() {
            let before = n.min(3) as u64;
            let after = (end - 1 - i - n).min(3) as u64;
            w.run = 1 + before * 4 + after;
            w.run_before = run_before;
            w.run_after = run_after;
            w.run_first = run_first;
            w.run_last = run_last;
        }
        i = end;
    }
}

/// The head (0-based) of word `i` by the parse, if it is another word of
/// the sentence.
fn head_of(arcs: &[Arc], len: usize, i: usize) -> Option<usize> {
    let head = arcs.get(i)?.head as usize;
    (head >= 1 && head <= len && head - 1 != i).then(|| head - 1)
}

/// Fills the parse features of `info` (padded) from the arcs of a sentence
/// of `len` words; words without an arc keep their sentinels.
fn describe_parse(arcs: &[Arc], len: usize, info: &mut [WordInfo], case_of: &mut Vec<u64>) {
    let relation = |name: &str| label_index(&DEPRELS, name).map(|i| i as u8);
    let (flat, compound, case) = (relation("flat"), relation("compound"), relation("case"));
    let deprel = |i: usize| arcs.get(i).map(|a| a.deprel);
    let lower_of = |info: &[WordInfo], head: Option<usize>, i: usize| match head {
        Some(h) => info[PAD + h].lower,
        None if arcs.get(i).is_some_and(|a| a.head == 0) => ROOT,
        None => NO_ARC,
    };
    // The first `case` dependent of each word, as its lower-case form.
    case_of.clear();
    case_of.resize(len, NO_CASE);
    for i in 0..len.min(arcs.len()) {
        if deprel(i) == case
            && let Some(h) = head_of(arcs, len, i)
            && case_of[h] == NO_CASE
        {
            case_of[h] = info[PAD + i].lower;
        }
    }
    for i in 0..len.min(arcs.len()) {
        let head = head_of(arcs, len, i);
        let governor = lower_of(info, head, i);
        // Up the name's own arcs to its head; a bounded climb, so that a
        // cycle in malformed arcs cannot loop.
        let mut top = i;
        for _ in 0..len {
            match head_of(arcs, len, top) {
                Some(h) if deprel(top) == flat || deprel(top) == compound => top = h,
                _ => break,
            }
        }
        let top_head = head_of(arcs, len, top);
        let name_governor = lower_of(info, top_head, top);
        let name_case = case_of[top];
        let w = &mut info[PAD + i];
        w.deprel = u64::from(arcs[i].deprel);
        w.governor = governor;
        w.name_deprel = deprel(top).map_or(NO_ARC, u64::from);
        w.name_governor = name_governor;
        w.name_case = name_case;
    }
}

fn head_chars(word: &str, n: usize) -> &str {
    match word.char_indices().nth(n) {
        Some((at, _)) => &word[..at],
        None => word,
    }
}

fn tail_chars(word: &str, n: usize) -> &str {
    match word.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((at, _)) => &word[at..],
        None => word,
    }
}

/// The features of word `i` (an index into the padded `info`) given the
/// two labels before it (`CLASSES` stands for "before the sentence").
fn features(info: &[WordInfo], i: usize, prev: u64, prev2: u64, out: &mut Vec<Feature>) {
    let w = &info[i];
    let (m2, m1, p1, p2) = (&info[i - 2], &info[i - 1], &info[i + 1], &info[i + 2]);
    out.clear();
    out.extend_from_slice(&[
        feature(1, 0, 0, 0),
        feature(2, w.form, 0, 0),
        feature(3, w.lower, 0, 0),
        feature(4, w.shape, 0, 0),
        feature(5, w.prefix, 0, 0),
        feature(6, w.suffix2, 0, 0),
        feature(7, w.suffix3, 0, 0),
        feature(8, w.flags, 0, 0),
        feature(9, m1.lower, 0, 0),
        feature(10, m2.lower, 0, 0),
        feature(11, p1.lower, 0, 0),
        feature(12, p2.lower, 0, 0),
        feature(13, m1.shape, 0, 0),
        feature(14, p1.shape, 0, 0),
        feature(15, m2.shape, p2.shape, 0),
        feature(16, w.upos, w.xpos, 0),
        feature(17, m1.xpos, 0, 0),
        feature(18, p1.xpos, 0, 0),
        feature(19, m2.xpos, p2.xpos, 0),
        feature(20, m1.upos, w.upos, p1.upos),
        feature(21, prev, 0, 0),
        feature(22, prev, prev2, 0),
        feature(23, prev, w.lower, 0),
        feature(24, prev, w.shape, 0),
        feature(25, prev, w.xpos, 0),
        feature(26, w.known, 0, 0),
        feature(27, m1.known, w.known, p1.known),
        feature(28, m2.known, p2.known, 0),
        feature(29, prev, w.known, 0),
        feature(30, m1.lower, w.lower, 0),
        feature(31, w.lower, p1.lower, 0),
        feature(32, m1.shape, w.shape, p1.shape),
        feature(33, w.xpos, w.shape, 0),
        feature(34, w.run, 0, 0),
        feature(35, w.run, w.xpos, 0),
        feature(36, w.run, prev, 0),
        feature(37, m1.run, p1.run, 0),
        feature(38, w.run_before, 0, 0),
        feature(39, w.run_after, 0, 0),
        feature(40, w.run_first, 0, 0),
        feature(41, w.run_last, 0, 0),
        feature(42, w.deprel, w.governor, 0),
        feature(43, w.name_deprel, 0, 0),
        feature(44, w.name_deprel, w.name_governor, 0),
        feature(45, w.name_case, 0, 0),
        feature(46, w.name_case, w.name_governor, 0),
        feature(47, w.name_deprel, w.name_case, 0),
        feature(48, w.person, 0, 0),
        feature(49, m1.person, w.person, p1.person),
        feature(50, w.person, w.run, 0),
        feature(51, prev, w.person, 0),
        feature(52, w.name_case, w.run_last, 0),
        feature(53, w.governor, w.lower, 0),
        feature(54, w.suffix3, w.run, 0),
        feature(55, w.run_last, w.person, 0),
    ]);
}

/// The label of a word when only one can be right, so the word costs no
/// scoring: the end of the sentence inside a name ends the name, and
/// outside a name a word with no capital letter or digit that the
/// gazetteer does not know begins none (0.35 % of GUM's names begin
/// otherwise: "du", "de", transcriptions); most words of a text are such.
fn only_choice(prev: Option<usize>, word: &WordInfo, last: bool) -> Option<usize> {
    match prev.and_then(split_label) {
        Some((Part::Begin | Part::Inside, kind)) => last.then(|| label(Part::Last, kind)),
        _ => (!word.may_begin).then_some(OUTSIDE),
    }
}

/// Decodes one sentence greedily under the transition constraints; with a
/// trainer, learns from `gold` on the way (the update of each word is
/// against the best label allowed after the gold labels before it).
fn decode(
    info: &[WordInfo],
    members: &[Weights],
    mut trainer: Option<&mut Trainer>,
    gold: &[usize],
    features_buf: &mut Vec<Feature>,
    scores: &mut Vec<f32>,
    labels: &mut Vec<usize>,
) {
    let len = info.len() - 2 * PAD;
    labels.clear();
    let (mut prev, mut prev2) = (None::<usize>, None::<usize>);
    let code = |l: Option<usize>| l.map_or(CLASSES as u64, |l| l as u64);
    for i in 0..len {
        let last = i + 1 == len;
        let guess = match only_choice(prev, &info[i + PAD], last) {
            Some(forced) => forced,
            None => {
                features(info, i + PAD, code(prev), code(prev2), features_buf);
                scores.clear();
                scores.resize(CLASSES, 0.0);
                if let Some(t) = trainer.as_deref() {
                    t.score(features_buf, scores);
                } else {
                    // The three tables together outgrow the processor's
                    // caches: batched lookups overlap their memory reads.
                    for w in members {
                        w.score_batched(features_buf, scores);
                    }
                }
                let mut best = None::<usize>;
                for class in 0..CLASSES {
                    if allowed(prev, class, last) && best.is_none_or(|b| scores[class] > scores[b])
                    {
                        best = Some(class);
                    }
                }
                let guess = best.unwrap_or(OUTSIDE);
                if let Some(t) = trainer.as_deref_mut() {
                    let truth = gold.get(i).copied().unwrap_or(OUTSIDE);
                    t.update(features_buf, truth, guess);
                    t.tick();
                }
                guess
            }
        };
        labels.push(guess);
        prev2 = prev;
        // Training conditions on the gold labels before the word: with the
        // predicted ones, a wrong label early in a name leaves only wrong
        // labels allowed after it, and the updates there teach nothing
        // sound.
        prev = Some(match trainer {
            Some(_) => gold.get(i).copied().unwrap_or(OUTSIDE),
            None => guess,
        });
    }
}

/// The share of gazetteer names whose hint training hides, in percent.
const HINT_DROP_PERCENT: usize = 30;
/// Weights below this magnitude are dropped from the model.
const PRUNE: f32 = 0.05;
/// The share of words (capitalised ones only take effect) whose strings
/// training hides, in percent.
const WORD_HIDE_PERCENT: usize = 10;
const SEED: u64 = 0x6e65_7273;
/// Models in the ensemble (seeds `SEED`, `SEED + 1`, ...).
const MEMBERS: usize = 3;

impl Recogniser {
    /// Trains on annotated sentences (gold named entities by
    /// `named_mentions`) with their tags and gazetteer hints, for `epochs`
    /// passes in a seeded shuffled order. Missing tags or hints count as
    /// none.
    pub fn train(
        sentences: &[TreeSentence],
        tags: &[Vec<Tags>],
        arcs: &[Vec<Arc>],
        known: &[Vec<Known>],
        names: &str,
        epochs: usize,
    ) -> Recogniser {
        let name_list = parse_names(names);
        let members = (0..MEMBERS)
            .map(|m| {
                let seed = SEED.wrapping_add(m as u64);
                Recogniser::train_member(sentences, tags, arcs, known, &name_list, epochs, seed)
            })
            .collect();
        Recogniser {
            members,
            names: name_list,
        }
    }

    /// One member of the ensemble, trained with `seed`.
    fn train_member(
        sentences: &[TreeSentence],
        tags: &[Vec<Tags>],
        arcs: &[Vec<Arc>],
        known: &[Vec<Known>],
        name_list: &[(u64, u8)],
        epochs: usize,
        seed: u64,
    ) -> Weights {
        let mut trainer = Trainer::new(CLASSES);
        let mut shuffler = Shuffler::new(seed);
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        let mut scratch = Scratch::default();
        let mut gold = Vec::new();
        let mut hints: Vec<Known> = Vec::new();
        let mut words: Vec<&str> = Vec::new();
        // Which name occurrences hide their hint this epoch: a shuffled
        // list with a fixed share of `true`, one entry per name (a word
        // with a kind that begins a name) in corpus order.
        let names: usize = known
            .iter()
            .flatten()
            .filter(|k| k.kind.is_some() && k.begins)
            .count();
        let dropped = names * HINT_DROP_PERCENT / 100;
        let mut drop: Vec<bool> = (0..names).map(|n| n < dropped).collect();
        // The first name of each sentence in `drop`.
        let mut first_name = Vec::with_capacity(sentences.len());
        let mut n = 0;
        for s in 0..sentences.len() {
            first_name.push(n);
            n += known.get(s).map_or(0, |k| {
                k.iter().filter(|k| k.kind.is_some() && k.begins).count()
            });
        }
        // Which words hide their strings this epoch, the same way: one
        // entry per word of the corpus.
        let mut first_word = Vec::with_capacity(sentences.len());
        let mut n = 0;
        for s in sentences {
            first_word.push(n);
            n += s.words.len();
        }
        let hidden = n * WORD_HIDE_PERCENT / 100;
        let mut hide: Vec<bool> = (0..n).map(|n| n < hidden).collect();
        for _ in 0..epochs {
            shuffler.shuffle(&mut order);
            shuffler.shuffle(&mut drop);
            shuffler.shuffle(&mut hide);
            for &s in &order {
                let sentence = &sentences[s];
                words.clear();
                words.extend(sentence.words.iter().map(|w| w.form.as_str()));
                gold_labels(words.len(), &named_mentions(sentence), &mut gold);
                let no_tags = Vec::new();
                let sentence_tags = tags.get(s).unwrap_or(&no_tags);
                hints.clear();
                hints.extend(known.get(s).into_iter().flatten().copied());
                let mut name = first_name[s];
                let mut hiding = false;
                for h in &mut hints {
                    if h.kind.is_some() && h.begins {
                        hiding = drop.get(name).copied().unwrap_or(false);
                        name += 1;
                    } else if h.kind.is_none() {
                        hiding = false;
                    }
                    if hiding {
                        *h = Known::default();
                    }
                }
                let from = first_word[s];
                describe(
                    &words,
                    sentence_tags,
                    arcs.get(s).map_or(&[], Vec::as_slice),
                    &hints,
                    name_list,
                    &hide[from..from + words.len()],
                    &mut scratch,
                );
                decode(
                    &scratch.info,
                    &[],
                    Some(&mut trainer),
                    &gold,
                    &mut scratch.features,
                    &mut scratch.scores,
                    &mut scratch.labels,
                );
            }
        }
        trainer.finish(PRUNE)
    }

    /// Appends the named entities of one sentence to `out`, in order. Tags
    /// or hints missing for some words (slices shorter than `words`) count
    /// as none.
    pub fn recognise(
        &self,
        words: &[&str],
        tags: &[Tags],
        arcs: &[Arc],
        known: &[Known],
        out: &mut Vec<EntitySpan>,
    ) {
        if words.is_empty() {
            return;
        }
        SCRATCH.with(|scratch| {
            let mut guard = scratch.borrow_mut();
            let s = &mut *guard;
            describe(words, tags, arcs, known, &self.names, &[], s);
            decode(
                &s.info,
                &self.members,
                None,
                &[],
                &mut s.features,
                &mut s.scores,
                &mut s.labels,
            );
            spans_of(&s.labels, out);
        });
    }

    /// Scores the recogniser against the named entities of annotated
    /// sentences.
    pub fn evaluate(
        &self,
        sentences: &[TreeSentence],
        tags: &[Vec<Tags>],
        arcs: &[Vec<Arc>],
        known: &[Vec<Known>],
    ) -> EntityScores {
        let mut scores = EntityScores::default();
        let mut found = Vec::new();
        let mut words: Vec<&str> = Vec::new();
        for (s, sentence) in sentences.iter().enumerate() {
            words.clear();
            words.extend(sentence.words.iter().map(|w| w.form.as_str()));
            found.clear();
            self.recognise(
                &words,
                tags.get(s).map_or(&[], Vec::as_slice),
                arcs.get(s).map_or(&[], Vec::as_slice),
                known.get(s).map_or(&[], Vec::as_slice),
                &mut found,
            );
            let gold = named_mentions(sentence);
            for g in &gold {
                scores.overall.gold += 1;
                scores.per_kind[kind_index(g.kind)].gold += 1;
            }
            for f in &found {
                let k = kind_index(f.kind);
                scores.overall.found += 1;
                scores.per_kind[k].found += 1;
                if gold.contains(f) {
                    scores.overall.correct += 1;
                    scores.per_kind[k].correct += 1;
                }
            }
        }
        scores
    }

    /// The model file's bytes.
    pub fn write(&self) -> Vec<u8> {
        let mut out = Writer::new(MODEL_KIND);
        out.u32(FEATURE_LAYOUT);
        out.u32(self.members.len() as u32);
        for m in &self.members {
            m.write(&mut out);
        }
        out.u32(self.names.len() as u32);
        for &(hash, code) in &self.names {
            out.u64(hash);
            out.u16(u16::from(code));
        }
        out.finish()
    }

    /// Reads a model file; `file` names it in errors.
    pub fn read(bytes: &[u8], file: &str) -> Result<Recogniser, ModelError> {
        let mut input = Reader::new(bytes, file)?;
        input.expect_kind(MODEL_KIND)?;
        let layout = input.u32()?;
        if layout != FEATURE_LAYOUT {
            return Err(input.error(format!(
                "feature layout {layout}, this newsgraph reads layout {FEATURE_LAYOUT}"
            )));
        }
        let count = input.u32()? as usize;
        // A member takes more than 4 bytes: a count the file cannot hold is
        // refused before anything is allocated for it.
        if count > input.remaining() / 4 {
            return Err(input.error(format!("{count} models, the file is too short")));
        }
        let mut members = Vec::with_capacity(count);
        for _ in 0..count {
            let weights = Weights::read(&mut input)?;
            if weights.classes() != CLASSES {
                return Err(input.error(format!(
                    "{} classes, the recogniser has {CLASSES}",
                    weights.classes()
                )));
            }
            members.push(weights);
        }
        let count = input.u32()? as usize;
        // Each entry takes 10 bytes: a count the file cannot hold is refused
        // before anything is allocated for it.
        if count > input.remaining() / 10 {
            return Err(input.error(format!("{count} person names, the file is too short")));
        }
        let mut names = Vec::with_capacity(count);
        for _ in 0..count {
            let hash = input.u64()?;
            let code = u8::try_from(input.u16()?)
                .map_err(|_| input.error("a person-name code out of range".to_string()))?;
            names.push((hash, code));
        }
        if !names.is_sorted_by_key(|n| n.0) {
            return Err(input.error("person names out of order".to_string()));
        }
        input.end()?;
        Ok(Recogniser { members, names })
    }

    /// The number of features with a weight (for the model notes).
    pub fn features(&self) -> usize {
        self.members.iter().map(Weights::len).sum()
    }
}

/// The tags of a treebank sentence as the recogniser takes them (unknown
/// labels count as the first of each list).
pub fn gold_tags(sentence: &TreeSentence) -> Vec<Tags> {
    sentence
        .words
        .iter()
        .map(|w| Tags {
            upos: label_index(&UPOS, &w.upos).unwrap_or(0) as u8,
            xpos: label_index(&XPOS, &w.xpos).unwrap_or(0) as u8,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::conllu::{TreeMention, parse};

    /// A sentence from a line like "Alice_Smith/person visited Paris/place
    /// .": a token `a_b/kind` is a name of words a, b (proper nouns, the
    /// first the head, the rest `flat`); other tokens are common nouns,
    /// "." punctuation.
    fn sentence(spec: &str) -> TreeSentence {
        let mut s = TreeSentence::default();
        for token in spec.split(' ') {
            let word = |form: &str, upos: &str, xpos: &str, head: usize, deprel: &str| TreeWord {
                form: form.to_string(),
                lemma: form.to_lowercase(),
                upos: upos.to_string(),
                xpos: xpos.to_string(),
                head,
                deprel: deprel.to_string(),
                space_after: true,
            };
            match token.split_once('/') {
                Some((name, kind)) => {
                    let start = s.words.len();
                    for (n, part) in name.split('_').enumerate() {
                        let (head, deprel) = if n == 0 {
                            (0, "root")
                        } else {
                            (start + 1, "flat")
                        };
                        s.words.push(word(part, "PROPN", "NNP", head, deprel));
                    }
                    s.mentions.push(TreeMention {
                        start,
                        end: s.words.len(),
                        kind: kind.to_string(),
                    });
                }
                None if token == "." => s.words.push(word(".", "PUNCT", ".", 0, "punct")),
                None => s.words.push(word(token, "NOUN", "NN", 0, "dep")),
            }
        }
        s
    }

    fn tiny_corpus() -> Vec<TreeSentence> {
        [
            "Alice_Smith/person visited Paris/place .",
            "Bob/person works for Acme_Corp/organization in Berlin/place .",
            "the board of Acme_Corp/organization met Alice/person .",
            "Carol_Jones/person flew to Rome/place .",
            "Globex/organization hired Bob_Brown/person in Paris/place .",
            "they said nothing .",
            "Dave/person lives in Madrid/place .",
            "Initech/organization opened in Rome/place .",
        ]
        .into_iter()
        .map(sentence)
        .collect()
    }

    fn train_tiny(epochs: usize) -> (Recogniser, Vec<TreeSentence>) {
        let corpus = tiny_corpus();
        let tags: Vec<Vec<Tags>> = corpus.iter().map(gold_tags).collect();
        let known: Vec<Vec<Known>> = corpus
            .iter()
            .map(|s| vec![Known::default(); s.words.len()])
            .collect();
        let arcs: Vec<Vec<Arc>> = corpus.iter().map(tree_arcs).collect();
        let names = "# a comment\nAlice\t3\t0\nSmith\t0\t12\nmalformed line\nParis\t1\tx\n";
        (
            Recogniser::train(&corpus, &tags, &arcs, &known, names, epochs),
            corpus,
        )
    }

    /// The arcs of a treebank sentence's gold tree.
    fn tree_arcs(s: &TreeSentence) -> Vec<Arc> {
        s.words
            .iter()
            .map(|w| Arc {
                head: w.head as u32,
                deprel: label_index(&DEPRELS, &w.deprel).unwrap_or(0) as u8,
            })
            .collect()
    }

    fn run(r: &Recogniser, s: &TreeSentence) -> Vec<EntitySpan> {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let mut out = Vec::new();
        r.recognise(&words, &gold_tags(s), &tree_arcs(s), &[], &mut out);
        out
    }

    #[test]
    fn a_tiny_training_set_is_learnt_and_training_is_deterministic() {
        let (r, corpus) = train_tiny(10);
        for s in &corpus {
            assert_eq!(run(&r, s), named_mentions(s), "{:?}", s.words);
        }
        let scores = {
            let tags: Vec<Vec<Tags>> = corpus.iter().map(gold_tags).collect();
            let arcs: Vec<Vec<Arc>> = corpus.iter().map(tree_arcs).collect();
            r.evaluate(&corpus, &tags, &arcs, &[])
        };
        assert_eq!(scores.overall.f1(), 1.0);
        assert_eq!(scores.kind(EntityKind::Place).gold, 6);
        let (again, _) = train_tiny(10);
        assert_eq!(r.write(), again.write());
    }

    #[test]
    fn models_round_trip_through_their_file() {
        let (r, corpus) = train_tiny(5);
        let bytes = r.write();
        let back = Recogniser::read(&bytes, "models/entities.bin").unwrap();
        assert_eq!(back, r);
        for s in &corpus {
            assert_eq!(run(&back, s), run(&r, s));
        }
    }

    #[test]
    fn bad_files_are_refused_naming_the_file() {
        let (r, _) = train_tiny(2);
        let bytes = r.write();
        let e = Recogniser::read(&bytes[..bytes.len() - 7], "models/entities.bin").unwrap_err();
        assert_eq!(e.file, "models/entities.bin");
        let e = Recogniser::read(b"not a model at all, clearly", "x.bin").unwrap_err();
        assert_eq!(e.file, "x.bin");
        let e = Recogniser::read(&[], "empty.bin").unwrap_err();
        assert_eq!(e.file, "empty.bin");
        let mut other = Writer::new("tagger");
        other.u32(FEATURE_LAYOUT);
        let e = Recogniser::read(&other.finish(), "t.bin").unwrap_err();
        assert!(e.to_string().starts_with("t.bin: a tagger model"), "{e}");
        // The right kind with a body cut short, digest made anew.
        let mut short = Writer::new(MODEL_KIND);
        short.u32(FEATURE_LAYOUT);
        short.u32(1);
        short.u32(CLASSES as u32);
        short.u32(5);
        let e = Recogniser::read(&short.finish(), "s.bin").unwrap_err();
        assert_eq!(e.file, "s.bin");
        assert!(e.problem.contains("ends early"), "{e}");
        // More models than the file could hold.
        let mut many = Writer::new(MODEL_KIND);
        many.u32(FEATURE_LAYOUT);
        many.u32(u32::MAX);
        let e = Recogniser::read(&many.finish(), "m.bin").unwrap_err();
        assert!(e.problem.contains("too short"), "{e}");
    }

    /// A small deterministic generator for the random sentences below.
    struct Random(u64);

    impl Random {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    fn valid(labels: &[usize]) -> bool {
        let mut prev = None;
        for (i, &l) in labels.iter().enumerate() {
            if !allowed(prev, l, i + 1 == labels.len()) {
                return false;
            }
            prev = Some(l);
        }
        true
    }

    #[test]
    fn decoding_never_yields_an_invalid_label_sequence() {
        let (r, _) = train_tiny(5);
        let vocabulary = [
            "Alice", "Smith", "Paris", "in", "of", "Acme", "Corp", ".", "the", "Rome", "X", "42",
            "visited", "Bob", "",
        ];
        let mut random = Random(0x9e37_79b9);
        let mut scratch = Scratch::default();
        let mut spans = Vec::new();
        for round in 0..300 {
            let len = if round == 0 { 300 } else { random.below(12) };
            let words: Vec<&str> = (0..len)
                .map(|_| vocabulary[random.below(vocabulary.len())])
                .collect();
            let tags: Vec<Tags> = (0..len)
                .map(|_| Tags {
                    upos: random.below(UPOS.len()) as u8,
                    xpos: random.below(XPOS.len()) as u8,
                })
                .collect();
            let known: Vec<Known> = (0..len)
                .map(|_| Known {
                    kind: [None, Some(EntityKind::Person), Some(EntityKind::Place)]
                        [random.below(3)],
                    begins: random.below(2) == 0,
                })
                .collect();
            // Arcs as a broken parser might give them: heads past the end,
            // on the word itself, in cycles; relations of any index.
            let arcs: Vec<Arc> = (0..len)
                .map(|_| Arc {
                    head: random.below(len + 3) as u32,
                    deprel: random.below(300) as u8,
                })
                .collect();
            describe(&words, &tags, &arcs, &known, &r.names, &[], &mut scratch);
            decode(
                &scratch.info,
                &r.members,
                None,
                &[],
                &mut scratch.features,
                &mut scratch.scores,
                &mut scratch.labels,
            );
            assert_eq!(scratch.labels.len(), len);
            assert!(valid(&scratch.labels), "{words:?} {:?}", scratch.labels);
            // Through the public function too, with slices of other lengths.
            r.recognise(&words, &tags, &arcs[..len / 3], &known, &mut spans);
            spans.clear();
            r.recognise(&words, &tags[..len / 2], &arcs, &known, &mut spans);
            let mut end = 0;
            for s in &spans {
                assert!(
                    s.start >= end && s.start < s.end && s.end <= len,
                    "{spans:?}"
                );
                end = s.end;
            }
        }
        // An empty sentence, and hints for words that are not there.
        spans.clear();
        r.recognise(&[], &[], &[], &[Known::default(); 3], &mut spans);
        assert!(spans.is_empty());
    }

    #[test]
    fn the_constraints_allow_exactly_well_formed_sequences() {
        let p = label(Part::Begin, EntityKind::Person);
        let pi = label(Part::Inside, EntityKind::Person);
        let pl = label(Part::Last, EntityKind::Person);
        let u = label(Part::Unit, EntityKind::Place);
        let ol = label(Part::Last, EntityKind::Organization);
        assert!(valid(&[OUTSIDE, p, pi, pl, u, OUTSIDE]));
        assert!(!valid(&[OUTSIDE, pi]));
        assert!(!valid(&[p, ol]));
        assert!(!valid(&[p]));
        assert!(!valid(&[p, pi]));
        let mut spans = Vec::new();
        spans_of(&[OUTSIDE, p, pi, pl, u], &mut spans);
        assert_eq!(
            spans,
            [
                EntitySpan {
                    start: 1,
                    end: 4,
                    kind: EntityKind::Person
                },
                EntitySpan {
                    start: 4,
                    end: 5,
                    kind: EntityKind::Place
                }
            ]
        );
        let mut labels = Vec::new();
        gold_labels(5, &spans, &mut labels);
        assert_eq!(labels, [OUTSIDE, p, pi, pl, u]);
    }

    const GUM_SNIPPET: &str = "\
# text = The president of Acme Corp met her in New York City.
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\tEntity=(1-person-new
2\tpresident\tpresident\tNOUN\tNN\t_\t6\tnsubj\t_\t_
3\tof\tof\tADP\tIN\t_\t5\tcase\t_\t_
4\tAcme\tAcme\tPROPN\tNNP\t_\t5\tcompound\t_\tEntity=(2-organization-new
5\tCorp\tCorp\tPROPN\tNNP\t_\t2\tnmod\t_\tEntity=2)1)
6\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_
7\ther\ther\tPRON\tPRP\t_\t6\tobj\t_\tEntity=(3-person-giv)
8\tin\tin\tADP\tIN\t_\t11\tcase\t_\t_
9\tNew\tNew\tPROPN\tNNP\t_\t11\tcompound\t_\tEntity=(4-place-new
10\tYork\tYork\tPROPN\tNNP\t_\t11\tcompound\t_\t_
11\tCity\tCity\tPROPN\tNNP\t_\t6\tobl\t_\tEntity=4)|SpaceAfter=No
12\t.\t.\tPUNCT\t.\t_\t6\tpunct\t_\t_

# text = The United States Senate's vote, which failed, surprised President Biden.
1\tThe\tthe\tDET\tDT\t_\t4\tdet\t_\tEntity=(5-organization-new
2\tUnited\tUnited\tPROPN\tNNP\t_\t3\tcompound\t_\tEntity=(6-place-new
3\tStates\tStates\tPROPN\tNNPS\t_\t4\tcompound\t_\tEntity=6)
4\tSenate\tSenate\tPROPN\tNNP\t_\t6\tnmod:poss\t_\t_
5\t's\t's\tPART\tPOS\t_\t4\tcase\t_\tEntity=5)
6\tvote\tvote\tNOUN\tNN\t_\t11\tnsubj\t_\tEntity=(7-event-new
7\t,\t,\tPUNCT\t,\t_\t9\tpunct\t_\t_
8\twhich\twhich\tPRON\tWDT\t_\t9\tnsubj\t_\t_
9\tfailed\tfail\tVERB\tVBD\t_\t6\tacl:relcl\t_\tEntity=7)
10\t,\t,\tPUNCT\t,\t_\t9\tpunct\t_\t_
11\tsurprised\tsurprise\tVERB\tVBD\t_\t0\troot\t_\t_
12\tPresident\tPresident\tPROPN\tNNP\t_\t13\tnmod:desc\t_\tEntity=(8-person-new
13\tBiden\tBiden\tPROPN\tNNP\t_\t11\tobj\t_\tEntity=8)|SpaceAfter=No
14\t.\t.\tPUNCT\t.\t_\t11\tpunct\t_\t_

# text = Anna Lee, who met the Americans, spoke to governor Bob McDonnell.
1\tAnna\tAnna\tPROPN\tNNP\t_\t8\tnsubj\t_\tEntity=(9-person-new
2\tLee\tLee\tPROPN\tNNP\t_\t1\tflat\t_\tSpaceAfter=No
3\t,\t,\tPUNCT\t,\t_\t5\tpunct\t_\t_
4\twho\twho\tPRON\tWP\t_\t5\tnsubj\t_\tEntity=(10-person-giv)
5\tmet\tmeet\tVERB\tVBD\t_\t1\tacl:relcl\t_\t_
6\tthe\tthe\tDET\tDT\t_\t7\tdet\t_\tEntity=(11-person-new
7\tAmericans\tAmericans\tPROPN\tNNPS\t_\t5\tobj\t_\tEntity=11)9)|SpaceAfter=No
8\tspoke\tspeak\tVERB\tVBD\t_\t0\troot\t_\t_
9\tto\tto\tADP\tIN\t_\t10\tcase\t_\t_
10\tgovernor\tgovernor\tNOUN\tNN\t_\t8\tobl\t_\tEntity=(12-person-new
11\tBob\tBob\tPROPN\tNNP\t_\t10\tflat\t_\t_
12\tMcDonnell\tMcDonnell\tPROPN\tNNP\t_\t10\tflat\t_\tEntity=12)|SpaceAfter=No
13\t.\t.\tPUNCT\t.\t_\t8\tpunct\t_\t_
";

    #[test]
    fn named_mentions_follow_the_definition() {
        let sentences = parse(GUM_SNIPPET).unwrap();
        let span = |start, end, kind| EntitySpan { start, end, kind };
        // "The president of Acme Corp" is headed by a common noun and "her"
        // is a pronoun: only the names inside count.
        assert_eq!(
            named_mentions(&sentences[0]),
            [
                span(3, 5, EntityKind::Organization),
                span(8, 11, EntityKind::Place)
            ]
        );
        // The outermost name keeps "United States" in; the determiner and
        // the possessive go; the title goes from the person's name.
        assert_eq!(
            named_mentions(&sentences[1]),
            [
                span(1, 4, EntityKind::Organization),
                span(12, 13, EntityKind::Person)
            ]
        );
        // The relative clause is no part of the name, "the Americans" is a
        // group, and a name GUM hangs under a title keeps all its words.
        assert_eq!(
            named_mentions(&sentences[2]),
            [
                span(0, 2, EntityKind::Person),
                span(10, 12, EntityKind::Person)
            ]
        );
    }
}

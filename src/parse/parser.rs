//! The labelled dependency parser: a greedy arc-hybrid transition system
//! (Kuhlmann, Gómez-Rodríguez and Satta 2011) scored by the averaged
//! perceptron, trained with a dynamic oracle (Goldberg and Nivre 2012,
//! 2013) so that it also learns to recover from its own mistakes.
//!
//! A configuration is a stack, a buffer and the arcs built so far. The
//! buffer ends with an artificial root word, so attaching the sentence's
//! root is an ordinary left arc (Ballesteros and Nivre 2013). Three kinds
//! of transition, the arcs with one of the labels of `DEPRELS`:
//! - SHIFT moves the buffer's front word onto the stack;
//! - LEFT(l) makes the buffer's front the head of the stack's top, and pops;
//! - RIGHT(l) makes the word under the stack's top its head, and pops.
//!
//! Two restrictions make every parse a single tree without a repair step:
//! the artificial root is never shifted, and it takes a dependent only when
//! that dependent is the last word left on the stack. Whatever the scores,
//! some transition is always allowed until every word has its head.
//!
//! Features follow Zhang and Nivre (2011), moved to the arc-hybrid's two
//! arc candidates (stack top with buffer front, stack top with the word
//! under it): words and tags around them, the outermost children and their
//! labels, distances, valencies and the label sets of each side; and
//! suffixes, spelling classes and coarse tags, which stay informative
//! when the tagger picks the wrong fine tag.

use super::conllu::TreeSentence;
use super::model::{ModelError, Reader, Writer};
use super::perceptron::{Feature, Shuffler, Trainer, Weights, feature, hash_str};
use super::{DEPRELS, Tags, XPOS, label_index};

/// One word's analysis: its head (1-based, 0 is the root) and the index of
/// its relation in `DEPRELS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Arc {
    pub head: u32,
    pub deprel: u8,
}

/// Attachment scores over a set of sentences, punctuation included.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ParseScores {
    /// Words scored.
    pub words: usize,
    /// Words with the right head.
    pub heads: usize,
    /// Words with the right head and relation.
    pub labelled: usize,
    /// Unlabelled attachment score, in percent.
    pub uas: f64,
    /// Labelled attachment score, in percent.
    pub las: f64,
}

/// A trained parser.
#[derive(Debug, Clone, PartialEq)]
pub struct Parser {
    /// What the file holds.
    weights: Weights,
    /// The same weights laid out for fast scoring.
    table: Option<Table>,
}

/// A row with at least this many classes is stored dense (one weight per
/// class): adding a dense row is a straight loop the compiler turns into
/// vector instructions, much faster than the scattered adds of a sparse
/// row once a row has more than a few dozen classes, and not larger.
const DENSE_FROM: usize = 24;
/// Marks a dense row in a slot's length.
const DENSE: u32 = u32::MAX;

/// The parser's weights laid out for scoring. A lookup reads the index
/// (a slot per feature, 4 bytes: small enough to stay mostly in the
/// cache), then the feature's row, which holds the feature itself and its
/// weights together: one read from memory per feature that has weights,
/// none for most of those that have not (their fingerprint does not
/// match). That matters because scoring is bound by memory reads.
#[derive(Debug, Clone, Default, PartialEq)]
struct Table {
    /// Per slot: the feature's fingerprint in the low byte (0 for an empty
    /// slot) and where its row starts in `store`, in pairs of words, in
    /// the other 24 bits.
    index: Vec<u32>,
    /// The rows, each at an even offset: the feature (low and high word),
    /// the number of weights (`DENSE` for a dense row), a spare word, then
    /// `(class, weight bits)` pairs or `CLASSES` weights.
    store: Vec<u32>,
}

/// Row offsets must fit in the index's 24 bits (counted in pairs of words).
const MAX_STORE: usize = 2 << 24;

impl Table {
    /// None when the weights are too many for the index (a model far
    /// larger than any trained here); scoring then reads `Weights`.
    fn new(weights: &Weights) -> Option<Table> {
        // The table's own order: the layout does not depend on the order
        // rows are laid in, and sorting a million rows cost a tenth of a
        // second at every start.
        let rows: Vec<_> = weights.rows_unordered().collect();
        let size = (rows.len() * 2).next_power_of_two().max(2);
        let mask = size - 1;
        let mut t = Table {
            index: vec![0; size],
            store: Vec::new(),
        };
        for (f, row) in rows {
            let f = f.max(1);
            let offset = t.store.len();
            if offset >= MAX_STORE {
                return None;
            }
            t.store
                .extend_from_slice(&[f as u32, (f >> 32) as u32, 0, 0]);
            if row.len() >= DENSE_FROM {
                t.store[offset + 2] = DENSE;
                let start = t.store.len();
                t.store.resize(start + CLASSES, 0f32.to_bits());
                for &(class, w) in row {
                    if let Some(d) = t.store.get_mut(start + usize::from(class)) {
                        *d = w.to_bits();
                    }
                }
                if t.store.len() % 2 == 1 {
                    t.store.push(0);
                }
            } else {
                t.store[offset + 2] = row.len() as u32;
                for &(class, w) in row {
                    t.store.extend_from_slice(&[u32::from(class), w.to_bits()]);
                }
            }
            let mut at = (f as usize) & mask;
            while t.index[at] != 0 {
                at = (at + 1) & mask;
            }
            t.index[at] = ((offset / 2) as u32) << 8 | u32::from(fingerprint(f));
        }
        Some(t)
    }

    /// Where the row of feature `f` starts in `store`, if it has one.
    #[inline]
    fn find(&self, f: u64, mask: usize) -> Option<usize> {
        let print = u32::from(fingerprint(f));
        let (lo, hi) = (f as u32, (f >> 32) as u32);
        let mut at = (f as usize) & mask;
        loop {
            let e = *self.index.get(at)?;
            if e == 0 {
                return None;
            }
            if e & 0xff == print {
                let offset = (e >> 8) as usize * 2;
                if let Some(&[l, h]) = self.store.get(offset..offset + 2)
                    && l == lo
                    && h == hi
                {
                    return Some(offset);
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// Adds the weights of `features` to `scores`. The lookups go in
    /// batches, the rows of all the batch's features found before any is
    /// read, so that the memory reads of a batch overlap instead of
    /// waiting for each other.
    fn score(&self, features: &[Feature], scores: &mut [f32; CLASSES]) {
        const BATCH: usize = 32;
        let Some(mask) = self.index.len().checked_sub(1) else {
            return;
        };
        let Some(last) = self.store.len().checked_sub(2) else {
            return;
        };
        for chunk in features.chunks(BATCH) {
            // Each step reads memory without branching on what it read, so
            // the processor keeps all the batch's reads in flight at once.
            let mut first = [0u32; BATCH];
            for (e, &f) in first.iter_mut().zip(chunk) {
                *e = self.index[(f.max(1) as usize) & mask];
            }
            let mut keys = [(0u32, 0u32); BATCH];
            for (k, &e) in keys.iter_mut().zip(&first) {
                let offset = ((e >> 8) as usize * 2).min(last);
                *k = (self.store[offset], self.store[offset + 1]);
            }
            let mut found = [0u32; BATCH];
            let mut count = 0;
            for ((&f, &e), &(lo, hi)) in chunk.iter().zip(&first).zip(&keys) {
                let f = f.max(1);
                let hit = if e == 0 {
                    None
                } else if e & 0xff == u32::from(fingerprint(f))
                    && lo == f as u32
                    && hi == (f >> 32) as u32
                {
                    Some((e >> 8) as usize * 2)
                } else {
                    // Another feature holds the first slot: follow the
                    // chain.
                    self.find(f, mask)
                };
                if let Some(offset) = hit {
                    found[count] = offset as u32;
                    count += 1;
                }
            }
            for &offset in &found[..count] {
                let offset = offset as usize;
                let Some(&len) = self.store.get(offset + 2) else {
                    continue;
                };
                let start = offset + 4;
                if len == DENSE {
                    if let Some(row) = self.store.get(start..start + CLASSES) {
                        for (score, &w) in scores.iter_mut().zip(row) {
                            *score += f32::from_bits(w);
                        }
                    }
                } else if let Some(row) = self.store.get(start..start + 2 * len as usize) {
                    for pair in row.chunks_exact(2) {
                        if let Some(score) = scores.get_mut(pair[0] as usize) {
                            *score += f32::from_bits(pair[1]);
                        }
                    }
                }
            }
        }
    }
}

/// A feature's fingerprint: its top byte, never 0 (0 marks an empty slot).
fn fingerprint(f: u64) -> u8 {
    ((f >> 56) as u8).max(1)
}

const LABELS: usize = DEPRELS.len();
/// SHIFT, then a LEFT and a RIGHT per label.
const CLASSES: usize = 1 + 2 * LABELS;
const SHIFT: usize = 0;
/// The index of `root` in `DEPRELS`, the only label of an arc from the
/// artificial root.
const ROOT_LABEL: usize = 4;
/// The index of `dep`, for a relation the label list does not know.
const DEP_LABEL: usize = 40;
/// The version of the feature set, stored in the file: a model trained
/// with other features would score nonsense.
const FEATURE_SET: u32 = 2;
/// Weights smaller than this are dropped when training ends. Weights
/// count perceptron updates, so a feature that only ever mattered once or
/// twice ends with a small average; dropping those takes the model from
/// 56 MB to 19 MB for about 0.1 points of accuracy (the model's notes have
/// the figures), and a smaller table is also faster to read.
pub const DEFAULT_PRUNE: f32 = 1.4;

/// Tag values beyond the tag lists, for the artificial root and for a
/// position that holds no word (an empty stack slot, a missing child).
const TAG_ROOT: u64 = 100;
const TAG_NONE: u64 = 101;
/// The label value of a word without a head yet, or of no word.
const LABEL_NONE: u8 = 200;

fn left(label: usize) -> usize {
    1 + label
}

fn right(label: usize) -> usize {
    1 + LABELS + label
}

/// What a class means: the kind of transition (0 shift, 1 left, 2 right)
/// and the label.
fn decode(class: usize) -> (u8, usize) {
    if class == SHIFT {
        (0, 0)
    } else if class <= LABELS {
        (1, class - 1)
    } else {
        (2, class - 1 - LABELS)
    }
}

/// A sentence's words as the features see them, computed once per
/// sentence: positions `0..n` are the words, `n` the artificial root and
/// `n + 1` "no word".
#[derive(Debug, Default)]
struct Sentence {
    word: Vec<u64>,
    xpos: Vec<u64>,
    upos: Vec<u64>,
    /// The normalised word's last three characters: they carry much of
    /// what the tag says (-ly, -ed, -ing, -ion) and stay right when the
    /// tagger picks the wrong tag.
    suffix: Vec<u64>,
    /// The word's spelling class (capitalised, all capitals, digits,
    /// hyphen, no letters): names and numbers whatever their tag.
    shape: Vec<u64>,
    /// For building the normalised form without allocating per word.
    scratch: String,
}

impl Sentence {
    fn fill(&mut self, words: &[&str], tags: &[Tags]) {
        self.word.clear();
        self.xpos.clear();
        self.upos.clear();
        self.suffix.clear();
        self.shape.clear();
        for (i, w) in words.iter().enumerate() {
            self.scratch.clear();
            // Lower case and digits folded: "1998" and "2004" behave alike,
            // and a capitalised first word is the same word.
            for c in w.chars() {
                if c.is_ascii_digit() {
                    self.scratch.push('0');
                } else {
                    self.scratch.extend(c.to_lowercase());
                }
            }
            self.word.push(hash_str(&self.scratch));
            let cut = self
                .scratch
                .char_indices()
                .rev()
                .nth(2)
                .map_or(0, |(at, _)| at);
            self.suffix
                .push(hash_str(self.scratch.get(cut..).unwrap_or_default()));
            self.shape.push(shape(w));
            match tags.get(i) {
                Some(t) => {
                    self.xpos.push(u64::from(t.xpos));
                    self.upos.push(u64::from(t.upos));
                }
                None => {
                    self.xpos.push(TAG_NONE);
                    self.upos.push(TAG_NONE);
                }
            }
        }
        self.word.push(hash_str("<root>"));
        self.xpos.push(TAG_ROOT);
        self.upos.push(TAG_ROOT);
        self.suffix.push(TAG_ROOT);
        self.shape.push(TAG_ROOT);
        self.word.push(hash_str("<none>"));
        self.xpos.push(TAG_NONE);
        self.upos.push(TAG_NONE);
        self.suffix.push(TAG_NONE);
        self.shape.push(TAG_NONE);
    }
}

/// A word's spelling class as bits: first letter a capital, every letter
/// a capital, a digit, a hyphen, no letter at all.
fn shape(word: &str) -> u64 {
    let mut letters = false;
    let mut lower = false;
    let mut bits = 0;
    for (i, c) in word.chars().enumerate() {
        if c.is_alphabetic() {
            letters = true;
            if c.is_uppercase() {
                if i == 0 {
                    bits |= 1;
                }
            } else {
                lower = true;
            }
        } else if c.is_ascii_digit() {
            bits |= 4;
        } else if c == '-' {
            bits |= 8;
        }
    }
    if letters && !lower {
        bits |= 2;
    }
    if !letters {
        bits |= 16;
    }
    bits
}

/// A parser configuration plus what the features read of the arcs built:
/// each word's two leftmost and two rightmost children, how many children
/// it has on each side and the set of their labels.
#[derive(Debug, Default)]
struct State {
    n: usize,
    stack: Vec<u32>,
    /// The buffer's front; the buffer is `b..=n`.
    b: usize,
    head: Vec<u32>,
    label: Vec<u8>,
    l1: Vec<u32>,
    l2: Vec<u32>,
    r1: Vec<u32>,
    r2: Vec<u32>,
    vl: Vec<u8>,
    vr: Vec<u8>,
    sl: Vec<u64>,
    sr: Vec<u64>,
}

impl State {
    fn reset(&mut self, n: usize) {
        let none = (n + 1) as u32;
        self.n = n;
        self.stack.clear();
        self.b = 0;
        for v in [
            &mut self.head,
            &mut self.l1,
            &mut self.l2,
            &mut self.r1,
            &mut self.r2,
        ] {
            v.clear();
            v.resize(n + 2, none);
        }
        self.label.clear();
        self.label.resize(n + 2, LABEL_NONE);
        for v in [&mut self.vl, &mut self.vr] {
            v.clear();
            v.resize(n + 2, 0);
        }
        for v in [&mut self.sl, &mut self.sr] {
            v.clear();
            v.resize(n + 2, 0);
        }
    }

    fn none(&self) -> usize {
        self.n + 1
    }

    fn is_final(&self) -> bool {
        self.stack.is_empty() && self.b >= self.n
    }

    /// The stack's `i`-th word from the top, or "no word".
    fn s(&self, i: usize) -> usize {
        if i < self.stack.len() {
            self.stack[self.stack.len() - 1 - i] as usize
        } else {
            self.none()
        }
    }

    /// The buffer's `i`-th word, the root, or "no word".
    fn buf(&self, i: usize) -> usize {
        (self.b + i).min(self.none())
    }

    /// Which kinds of transition the configuration allows.
    fn valid(&self) -> [bool; 3] {
        let shift = self.b < self.n;
        let left = !self.stack.is_empty() && (self.b < self.n || self.stack.len() == 1);
        let right = self.stack.len() >= 2;
        [shift, left, right]
    }

    fn class_valid(&self, class: usize, kinds: &[bool; 3]) -> bool {
        let (kind, label) = decode(class);
        match kind {
            0 => kinds[0],
            1 => kinds[1] && ((self.b >= self.n) == (label == ROOT_LABEL)),
            _ => kinds[2] && label != ROOT_LABEL,
        }
    }

    fn apply(&mut self, class: usize) {
        let (kind, label) = decode(class);
        match kind {
            0 => {
                self.stack.push(self.b as u32);
                self.b += 1;
            }
            1 => {
                if let Some(d) = self.stack.pop() {
                    self.attach(self.b, d as usize, label);
                }
            }
            _ => {
                if let Some(d) = self.stack.pop()
                    && let Some(&h) = self.stack.last()
                {
                    self.attach(h as usize, d as usize, label);
                }
            }
        }
    }

    fn attach(&mut self, h: usize, d: usize, label: usize) {
        self.head[d] = h as u32;
        self.label[d] = label as u8;
        let d32 = d as u32;
        let none = self.none() as u32;
        if d < h {
            if self.l1[h] == none || d32 < self.l1[h] {
                self.l2[h] = self.l1[h];
                self.l1[h] = d32;
            } else if self.l2[h] == none || d32 < self.l2[h] {
                self.l2[h] = d32;
            }
            self.vl[h] = self.vl[h].saturating_add(1);
            self.sl[h] |= 1 << (label % 64);
        } else {
            if self.r1[h] == none || d32 > self.r1[h] {
                self.r2[h] = self.r1[h];
                self.r1[h] = d32;
            } else if self.r2[h] == none || d32 > self.r2[h] {
                self.r2[h] = d32;
            }
            self.vr[h] = self.vr[h].saturating_add(1);
            self.sr[h] |= 1 << (label % 64);
        }
    }
}

/// Distance between two positions, in buckets (1, 2, 3, 4, 5-6, 7-10,
/// more); any distance to the root or to no word is its own value.
fn distance(a: usize, b: usize, n: usize) -> u64 {
    if a >= n || b >= n {
        return 9;
    }
    match a.abs_diff(b) {
        d @ 0..=4 => d as u64,
        5 | 6 => 5,
        7..=10 => 6,
        _ => 7,
    }
}

/// Fills `out` with the features of a configuration, in four parts: the
/// buffer's first words alone, the stack's top word alone, the word under
/// it alone, and the rest. (Summing the first three parts once per buffer
/// front or word and reusing the sums saved 29 of 126 lookups a
/// transition but no measurable time, presumably because those rows are
/// of frequent words and tags and stay in the processor's cache, while
/// the lookups that cost are of rare pairs.)
fn features(s: &Sentence, st: &State, out: &mut Vec<Feature>) {
    out.clear();
    buffer_features(s, st, out);
    word_features(s, st.s(0), Role::Top, out);
    word_features(s, st.s(1), Role::Second, out);
    state_features(s, st, out);
}

/// The features of the buffer's first three words on their own (and the
/// bias), which depend on nothing but the buffer's front.
fn buffer_features(s: &Sentence, st: &State, out: &mut Vec<Feature>) {
    let (b0, b1, b2) = (st.buf(0), st.buf(1), st.buf(2));
    let (w, p, u, x, h) = (&s.word, &s.xpos, &s.upos, &s.suffix, &s.shape);
    let mut f = |t: u32, a: u64, b: u64, c: u64| out.push(feature(t, a, b, c));
    // A bias, so that the transitions have a prior.
    f(1, 0, 0, 0);
    f(8, w[b0], 0, 0);
    f(9, p[b0], 0, 0);
    f(10, w[b0], p[b0], 0);
    f(11, w[b1], 0, 0);
    f(12, p[b1], 0, 0);
    f(13, w[b1], p[b1], 0);
    f(14, w[b2], 0, 0);
    f(15, p[b2], 0, 0);
    f(26, p[b0], p[b1], 0);
    f(32, p[b0], p[b1], p[b2]);
    f(100, x[b0], 0, 0);
    f(101, x[b1], 0, 0);
    f(103, x[b0], u[b0], 0);
    f(110, h[b0], h[b1], 0);
    f(114, u[b0], 0, 0);
    f(115, u[b1], 0, 0);
    f(116, u[b0], u[b1], u[b2]);
}

/// Which stack position a word's own features describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Top,
    Second,
}

/// The features of word `i` on its own as the stack's top or second word
/// (template numbers differ by role, so the two learn apart).
fn word_features(s: &Sentence, i: usize, role: Role, out: &mut Vec<Feature>) {
    let (w, p, u, x) = (s.word[i], s.xpos[i], s.upos[i], s.suffix[i]);
    let mut f = |t: u32, a: u64, b: u64, c: u64| out.push(feature(t, a, b, c));
    match role {
        Role::Top => {
            f(2, w, 0, 0);
            f(3, p, 0, 0);
            f(4, w, p, 0);
            f(98, x, 0, 0);
            f(102, x, u, 0);
            f(112, u, 0, 0);
        }
        Role::Second => {
            f(5, w, 0, 0);
            f(6, p, 0, 0);
            f(7, w, p, 0);
            f(99, x, 0, 0);
            f(113, u, 0, 0);
        }
    }
}

/// The features that depend on more than one word or on the arcs built.
fn state_features(s: &Sentence, st: &State, out: &mut Vec<Feature>) {
    let n = st.n;
    let w = |i: usize| s.word[i];
    let p = |i: usize| s.xpos[i];
    let u = |i: usize| s.upos[i];
    let lab = |i: usize| u64::from(st.label[i]);

    let s0 = st.s(0);
    let s1 = st.s(1);
    let s2 = st.s(2);
    let b0 = st.buf(0);
    let b1 = st.buf(1);
    let s0l1 = st.l1[s0] as usize;
    let s0l2 = st.l2[s0] as usize;
    let s0r1 = st.r1[s0] as usize;
    let s0r2 = st.r2[s0] as usize;
    let s1l1 = st.l1[s1] as usize;
    let s1r1 = st.r1[s1] as usize;
    let s1r2 = st.r2[s1] as usize;
    let b0l1 = st.l1[b0] as usize;
    let b0l2 = st.l2[b0] as usize;

    let (s0w, s0p, s1w, s1p, b0w, b0p) = (w(s0), p(s0), w(s1), p(s1), w(b0), p(b0));
    let b1p = p(b1);
    let d_sb = distance(s0, b0, n);
    let d_ss = distance(s1, s0, n);

    let mut f = |t: u32, a: u64, b: u64, c: u64| out.push(feature(t, a, b, c));
    // Single words.
    f(16, p(s2), 0, 0);
    f(17, u(s0), u(b0), 0);
    f(18, u(s1), u(s0), u(b0));
    // Pairs of the stack top and the buffer front.
    f(19, s0w, s0p, b0w ^ (b0p << 56));
    f(20, s0w, s0p, b0w);
    f(21, s0w, b0w, b0p);
    f(22, s0w, s0p, b0p);
    f(23, s0p, b0w, b0p);
    f(24, s0w, b0w, 0);
    f(25, s0p, b0p, 0);
    // Pairs of the stack's two top words.
    f(27, s1w, s1p, s0w ^ (s0p << 56));
    f(28, s1w, s0w, 0);
    f(29, s1p, s0p, 0);
    f(30, s1w, s1p, s0p);
    f(31, s1p, s0w, s0p);
    // Tag trigrams.
    f(33, s0p, b0p, b1p);
    f(34, s1p, s0p, b0p);
    f(35, p(s2), s1p, s0p);
    f(36, s0p, p(s0l1), b0p);
    f(37, s0p, p(s0r1), b0p);
    f(38, s0p, b0p, p(b0l1));
    f(39, s1p, s0p, p(s0l1));
    f(40, s1p, p(s1r1), s0p);
    f(41, s1p, s0p, p(s0r1));
    f(42, s1p, p(s1l1), s0p);
    // Distances.
    f(43, s0w, d_sb, 0);
    f(44, s0p, d_sb, 0);
    f(45, b0w, d_sb, 0);
    f(46, b0p, d_sb, 0);
    f(47, s0w, b0w, d_sb);
    f(48, s0p, b0p, d_sb);
    f(49, s1p, s0p, d_ss);
    f(50, s1w, s0w, d_ss);
    f(51, s1p, s0w, d_ss);
    f(52, s1w, s0p, d_ss);
    // Valencies.
    let (s0vl, s0vr) = (u64::from(st.vl[s0].min(7)), u64::from(st.vr[s0].min(7)));
    let (s1vl, s1vr) = (u64::from(st.vl[s1].min(7)), u64::from(st.vr[s1].min(7)));
    let b0vl = u64::from(st.vl[b0].min(7));
    f(53, s0w, s0vr, 0);
    f(54, s0p, s0vr, 0);
    f(55, s0w, s0vl, 0);
    f(56, s0p, s0vl, 0);
    f(57, b0w, b0vl, 0);
    f(58, b0p, b0vl, 0);
    f(59, s1p, s1vr, 0);
    f(60, s1p, s1vl, 0);
    // The outermost children.
    f(61, w(s0l1), 0, 0);
    f(62, p(s0l1), 0, 0);
    f(63, lab(s0l1), 0, 0);
    f(64, w(s0r1), 0, 0);
    f(65, p(s0r1), 0, 0);
    f(66, lab(s0r1), 0, 0);
    f(67, w(b0l1), 0, 0);
    f(68, p(b0l1), 0, 0);
    f(69, lab(b0l1), 0, 0);
    f(70, w(s1r1), 0, 0);
    f(71, p(s1r1), lab(s1r1), 0);
    f(72, p(s1l1), lab(s1l1), 0);
    f(73, w(s0l2), 0, 0);
    f(74, p(s0l2), 0, 0);
    f(75, lab(s0l2), 0, 0);
    f(76, w(s0r2), 0, 0);
    f(77, p(s0r2), 0, 0);
    f(78, lab(s0r2), 0, 0);
    f(79, w(b0l2), 0, 0);
    f(80, p(b0l2), 0, 0);
    f(81, lab(b0l2), 0, 0);
    f(82, s0p, lab(s0l1), lab(s0l2));
    f(83, s0p, lab(s0r1), lab(s0r2));
    f(84, b0p, lab(b0l1), lab(b0l2));
    f(85, s0p, p(s0l1), p(s0l2));
    f(86, s0p, p(s0r1), p(s0r2));
    f(87, b0p, p(b0l1), p(b0l2));
    f(88, s1p, lab(s1r1), lab(s1r2));
    f(89, s0w, lab(s0l1), lab(s0r1));
    // Label sets.
    f(90, s0w, st.sr[s0], 0);
    f(91, s0p, st.sr[s0], 0);
    f(92, s0w, st.sl[s0], 0);
    f(93, s0p, st.sl[s0], 0);
    f(94, b0w, st.sl[b0], 0);
    f(95, b0p, st.sl[b0], 0);
    f(96, s1p, st.sr[s1], 0);
    f(97, s1p, st.sl[s1], 0);
    // Features that lean less on the exact tag, so that a tagging mistake
    // costs less: suffixes, spelling classes and the coarse tags.
    let x = |i: usize| s.suffix[i];
    let h = |i: usize| s.shape[i];
    let (s0u, s1u, b0u) = (u(s0), u(s1), u(b0));
    f(104, x(s0), x(b0), 0);
    f(105, x(s1), x(s0), 0);
    f(106, x(s0), b0u, d_sb);
    f(107, s0u, x(b0), d_sb);
    f(108, h(s0), h(b0), 0);
    f(109, h(s1), h(s0), 0);
    f(111, h(s0), s0u, b0u);
    f(117, s0u, b0u, d_sb);
    f(118, s1u, s0u, d_ss);
    f(119, s0w, b0u, 0);
    f(120, s0u, b0w, 0);
    f(121, s1w, s0u, 0);
    f(122, s1u, s0w, 0);
    f(123, s0u, lab(s0l1), lab(s0r1));
    f(124, s1u, s0u, lab(s0l1));
    f(125, s1u, lab(s1r1), s0u);
    f(126, s0u, b0u, lab(b0l1));
}

/// The best allowed class by `scores`; ties go to the lower class.
fn best_valid(st: &State, scores: &[f32]) -> usize {
    let kinds = st.valid();
    let mut best = usize::MAX;
    for (class, &score) in scores.iter().enumerate() {
        if st.class_valid(class, &kinds) && (best == usize::MAX || score > scores[best]) {
            best = class;
        }
    }
    if best == usize::MAX { SHIFT } else { best }
}

/// Reusable working memory of one parse.
#[derive(Debug)]
struct Scratch {
    sentence: Sentence,
    state: State,
    features: Vec<Feature>,
    scores: Vec<f32>,
    fixed: [f32; CLASSES],
}

impl Default for Scratch {
    fn default() -> Scratch {
        Scratch {
            sentence: Sentence::default(),
            state: State::default(),
            features: Vec::new(),
            scores: Vec::new(),
            fixed: [0.0; CLASSES],
        }
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

impl Parser {
    /// Trains on `sentences` with the tags in `tags` (one per word of each
    /// sentence: gold tags, or better the tagger's predictions made without
    /// seeing the sentence, so that the parser learns to live with the
    /// tagger's mistakes) for `epochs` passes, pruning weights below
    /// `DEFAULT_PRUNE`. Sentences without tags (past the end of `tags`)
    /// and sentences whose heads do not form one tree with one root are
    /// left out.
    pub fn train(sentences: &[TreeSentence], tags: &[Vec<Tags>], epochs: usize) -> Parser {
        Parser::train_with(sentences, tags, epochs, DEFAULT_PRUNE, &mut |_, _| {})
    }

    /// `train` with a choice of pruning threshold, calling `after_epoch`
    /// with the epoch's number (from 1) and the averaged model so far, so
    /// that one run can chart accuracy against epochs. The first epoch
    /// follows the oracle; later ones follow the model's own predictions
    /// (exploration), learning the best move from wherever they lead.
    pub fn train_with(
        sentences: &[TreeSentence],
        tags: &[Vec<Tags>],
        epochs: usize,
        prune: f32,
        after_epoch: &mut dyn FnMut(usize, &Parser),
    ) -> Parser {
        let prepared: Vec<Gold> = sentences
            .iter()
            .zip(tags)
            .filter_map(|(s, t)| Gold::new(s, t))
            .collect();
        let mut trainer = Trainer::new(CLASSES);
        let mut order: Vec<usize> = (0..prepared.len()).collect();
        let mut shuffler = Shuffler::new(0x7061_7273_6572);
        let mut scratch = Scratch::default();
        let mut costs = vec![0u32; CLASSES];
        for epoch in 0..epochs {
            shuffler.shuffle(&mut order);
            for &i in &order {
                let gold = &prepared[i];
                train_sentence(&mut trainer, gold, epoch > 0, &mut scratch, &mut costs);
            }
            if epoch + 1 < epochs {
                after_epoch(epoch + 1, &Parser::stored(trainer.finish(prune)));
            }
        }
        let parser = Parser::stored(trainer.finish(prune));
        if epochs > 0 {
            after_epoch(epochs, &parser);
        }
        parser
    }

    /// Parses one sentence: `out` gets one arc per word of `words`, and
    /// the arcs always form a single tree with one word attached to the
    /// root. Words without tags (when `tags` is shorter) are parsed with
    /// unknown tags; extra tags are ignored.
    pub fn parse(&self, words: &[&str], tags: &[Tags], out: &mut Vec<Arc>) {
        // The working memory stays with the thread, so parsing sentence
        // after sentence allocates nothing once it has grown.
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.parse_with(&mut scratch, words, tags, out),
            Err(_) => self.parse_with(&mut Scratch::default(), words, tags, out),
        });
    }

    fn parse_with(&self, sc: &mut Scratch, words: &[&str], tags: &[Tags], out: &mut Vec<Arc>) {
        out.clear();
        let n = words.len();
        if n == 0 {
            return;
        }
        sc.sentence.fill(words, tags);
        sc.state.reset(n);
        while !sc.state.is_final() {
            // With the stack empty only SHIFT is allowed, and with one
            // word left only its attachment to the root: no need to ask
            // the model.
            let class = if sc.state.stack.is_empty() {
                SHIFT
            } else if sc.state.b >= n && sc.state.stack.len() == 1 {
                left(ROOT_LABEL)
            } else {
                features(&sc.sentence, &sc.state, &mut sc.features);
                sc.fixed = [0.0; CLASSES];
                self.score_into(&sc.features, &mut sc.fixed);
                best_valid(&sc.state, &sc.fixed)
            };
            sc.state.apply(class);
        }
        for d in 0..n {
            let h = sc.state.head[d] as usize;
            // Every word gets its head before the final configuration;
            // the fallback only guards the invariant.
            let (head, deprel) = if h == n {
                (0, ROOT_LABEL as u8)
            } else if h < n {
                (h as u32 + 1, sc.state.label[d])
            } else {
                (0, ROOT_LABEL as u8)
            };
            out.push(Arc { head, deprel });
        }
    }

    fn score_into(&self, features: &[Feature], scores: &mut [f32; CLASSES]) {
        match &self.table {
            Some(table) => table.score(features, scores),
            None => self.weights.score_batched(features, scores),
        }
    }

    /// Parses each sentence with its tags and counts correct heads and
    /// relations (punctuation included).
    pub fn evaluate(&self, sentences: &[TreeSentence], tags: &[Vec<Tags>]) -> ParseScores {
        let mut scores = ParseScores::default();
        let mut scratch = Scratch::default();
        let mut arcs = Vec::new();
        let empty = Vec::new();
        for (i, s) in sentences.iter().enumerate() {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let t = tags.get(i).unwrap_or(&empty);
            self.parse_with(&mut scratch, &words, t, &mut arcs);
            for (w, a) in s.words.iter().zip(&arcs) {
                scores.words += 1;
                if a.head as usize == w.head {
                    scores.heads += 1;
                    if Some(usize::from(a.deprel)) == label_index(&DEPRELS, &w.deprel) {
                        scores.labelled += 1;
                    }
                }
            }
        }
        let total = scores.words.max(1) as f64;
        scores.uas = 100.0 * scores.heads as f64 / total;
        scores.las = 100.0 * scores.labelled as f64 / total;
        scores
    }

    /// The parser without weights smaller than `min` in magnitude: a
    /// smaller model, for measuring what a pruning threshold costs.
    pub fn pruned(&self, min: f32) -> Parser {
        Parser::stored(self.weights.pruned(min))
    }

    /// The parser with its weights as the file stores them (see `write`),
    /// so that a trained parser and the same parser read back from its
    /// file score alike.
    fn stored(weights: Weights) -> Parser {
        let rows = weights
            .rows()
            .into_iter()
            .map(|(f, row)| (f, row.iter().map(|&(c, w)| (c, full(half(w)))).collect()))
            .collect();
        Parser::from_weights(Weights::from_feature_rows(weights.classes(), rows))
    }

    fn from_weights(weights: Weights) -> Parser {
        Parser {
            table: Table::new(&weights),
            weights,
        }
    }

    /// The number of features with a weight.
    pub fn features(&self) -> usize {
        self.weights.len()
    }

    /// The model file's bytes. Weights are stored with 16 bits each
    /// (the top half of the 32-bit float, rounded: 8 bits of precision,
    /// far finer than the scores' differences that decide) and two class
    /// numbers share 16 bits: half the size of the general layout, which
    /// lets the model keep more of its weights within its size budget.
    pub fn write(&self) -> Vec<u8> {
        let mut out = Writer::new("parser");
        out.u32(FEATURE_SET);
        out.u32(XPOS.len() as u32);
        out.u32(DEPRELS.len() as u32);
        let rows = self.weights.rows();
        out.u32(rows.len() as u32);
        for (f, row) in rows {
            out.u64(f);
            out.u16(row.len() as u16);
            for pair in row.chunks(2) {
                let second = pair.get(1).map_or(0, |&(c, _)| c);
                out.u16(pair[0].0 | second << 8);
                for &(_, w) in pair {
                    out.u16(half(w));
                }
            }
        }
        out.finish()
    }

    /// Reads a model file; `file` names it in errors.
    pub fn read(bytes: &[u8], file: &str) -> Result<Parser, ModelError> {
        let mut input = Reader::new(bytes, file)?;
        input.expect_kind("parser")?;
        let set = input.u32()?;
        if set != FEATURE_SET {
            return Err(input.error(format!(
                "parser features of version {set}, this newsgraph uses version {FEATURE_SET}"
            )));
        }
        let xpos = input.u32()? as usize;
        let deprels = input.u32()? as usize;
        if xpos != XPOS.len() || deprels != DEPRELS.len() {
            return Err(input.error(format!(
                "a parser for {xpos} tags and {deprels} relations, this newsgraph has {} and {}",
                XPOS.len(),
                DEPRELS.len()
            )));
        }
        let count = input.u32()? as usize;
        let mut rows = Vec::with_capacity(count.min(input.remaining() / 10));
        // Every row's weights end to end: no allocation per row.
        let mut entries: Vec<(u16, f32)> = Vec::with_capacity(input.remaining() / 3);
        for _ in 0..count {
            let f = input.u64()?;
            let len = usize::from(input.u16()?);
            let first = entries.len();
            while entries.len() - first < len {
                let classes = input.u16()?;
                let take = (len - (entries.len() - first)).min(2);
                for class in [classes & 0xff, classes >> 8].into_iter().take(take) {
                    if usize::from(class) >= CLASSES {
                        return Err(input.error(format!(
                            "weight for transition {class} of a parser with {CLASSES}"
                        )));
                    }
                    entries.push((class, full(input.u16()?)));
                }
            }
            rows.push((f, len as u32));
        }
        input.end()?;
        Ok(Parser::from_weights(Weights::from_flat(
            CLASSES, &rows, entries,
        )))
    }
}

/// The top 16 bits of a float, rounded to the nearest (ties to even).
fn half(w: f32) -> u16 {
    let bits = w.to_bits();
    if w.is_nan() {
        return 0;
    }
    let rounded = bits.saturating_add(0x7fff + ((bits >> 16) & 1));
    // Rounding up the largest finite floats would overflow into the
    // exponent; those never occur as weights, but keep them finite.
    if (rounded >> 16) & 0x7f80 == 0x7f80 {
        (bits >> 16) as u16
    } else {
        (rounded >> 16) as u16
    }
}

/// The float whose top 16 bits are `h`.
fn full(h: u16) -> f32 {
    f32::from_bits(u32::from(h) << 16)
}

/// A training sentence: its words and tags as strings the parser reads,
/// and the gold tree made projective (positions 0-based, `n` the root).
#[derive(Debug)]
struct Gold {
    words: Vec<String>,
    tags: Vec<Tags>,
    head: Vec<usize>,
    label: Vec<usize>,
}

impl Gold {
    /// None when the sentence is not a tree with one root (the parser
    /// could not learn to build it).
    fn new(s: &TreeSentence, tags: &[Tags]) -> Option<Gold> {
        let n = s.words.len();
        if n == 0 {
            return None;
        }
        let mut head = Vec::with_capacity(n);
        let mut label = Vec::with_capacity(n);
        for w in &s.words {
            if w.head == 0 {
                head.push(n);
                label.push(ROOT_LABEL);
            } else {
                head.push(w.head - 1);
                let l = label_index(&DEPRELS, &w.deprel).unwrap_or(DEP_LABEL);
                label.push(if l == ROOT_LABEL { DEP_LABEL } else { l });
            }
        }
        if head.iter().filter(|&&h| h == n).count() != 1 || !is_tree(&head) {
            return None;
        }
        projectivize(&mut head);
        Some(Gold {
            words: s.words.iter().map(|w| w.form.clone()).collect(),
            tags: tags.to_vec(),
            head,
            label,
        })
    }
}

/// True when following heads from every word reaches the root (`n`).
fn is_tree(head: &[usize]) -> bool {
    let n = head.len();
    (0..n).all(|start| {
        let mut at = start;
        for _ in 0..=n {
            if at == n {
                return true;
            }
            at = head[at];
            if at > n {
                return false;
            }
        }
        false
    })
}

/// True when `a` dominates `d` (or is `d`).
fn dominates(head: &[usize], a: usize, mut d: usize) -> bool {
    let n = head.len();
    for _ in 0..=n {
        if d == a {
            return true;
        }
        if d >= n {
            return false;
        }
        d = head[d];
    }
    false
}

/// Lifts non-projective arcs (the shortest first) to the head's head until
/// the tree is projective: the transition system builds only projective
/// trees, and a lifted arc keeps the word close to where it belongs.
fn projectivize(head: &mut [usize]) {
    let n = head.len();
    loop {
        let mut worst: Option<(usize, usize)> = None;
        for d in 0..n {
            let h = head[d];
            if h >= n {
                continue;
            }
            let (lo, hi) = (h.min(d), h.max(d));
            if (lo + 1..hi).any(|k| !dominates(head, h, k)) {
                let len = hi - lo;
                if worst.is_none_or(|(l, _)| len < l) {
                    worst = Some((len, d));
                }
            }
        }
        match worst {
            Some((_, d)) => head[d] = head[head[d]],
            None => return,
        }
    }
}

/// One pass over a training sentence: at each configuration, the model's
/// best allowed transition is compared with the best transition of least
/// cost (the number of gold arcs it makes unreachable, Goldberg and Nivre
/// 2013), and the weights move when the model's choice costs more.
fn train_sentence(
    trainer: &mut Trainer,
    gold: &Gold,
    explore: bool,
    sc: &mut Scratch,
    costs: &mut [u32],
) {
    let n = gold.words.len();
    let words: Vec<&str> = gold.words.iter().map(String::as_str).collect();
    sc.sentence.fill(&words, &gold.tags);
    sc.state.reset(n);
    while !sc.state.is_final() {
        features(&sc.sentence, &sc.state, &mut sc.features);
        let _ = trainer.predict(&sc.features, &mut sc.scores);
        let guess = best_valid(&sc.state, &sc.scores);
        transition_costs(&sc.state, gold, costs);
        let kinds = sc.state.valid();
        let mut best = usize::MAX;
        for class in 0..CLASSES {
            if !sc.state.class_valid(class, &kinds) {
                continue;
            }
            if best == usize::MAX
                || costs[class] < costs[best]
                || (costs[class] == costs[best] && sc.scores[class] > sc.scores[best])
            {
                best = class;
            }
        }
        if best == usize::MAX {
            break;
        }
        if costs[guess] > costs[best] {
            trainer.update(&sc.features, best, guess);
        }
        trainer.tick();
        sc.state.apply(if explore { guess } else { best });
    }
}

/// The cost of every class in a configuration: gold arcs lost by the
/// transition, plus one for a wrong label on a gold arc.
fn transition_costs(st: &State, gold: &Gold, costs: &mut [u32]) {
    let n = st.n;
    let gh = &gold.head;
    let s0 = st.stack.last().map(|&s| s as usize);
    let s1 = if st.stack.len() >= 2 {
        Some(st.stack[st.stack.len() - 2] as usize)
    } else {
        None
    };
    let b0 = st.b;
    let in_buffer = |x: usize| x >= st.b && x <= n;
    // SHIFT: b0 loses its dependents on the stack and any head on the
    // stack other than s0.
    let shift = if b0 < n {
        let mut c = 0;
        for &d in &st.stack {
            if gh[d as usize] == b0 {
                c += 1;
            }
        }
        let h = gh[b0];
        if Some(h) != s0 && st.stack.iter().any(|&x| x as usize == h) {
            c += 1;
        }
        c
    } else {
        0
    };
    // Both arcs pop s0: it loses its dependents still in the buffer.
    let (left_cost, left_gold, right_cost, right_gold) = match s0 {
        Some(s0) => {
            let children = (st.b..n).filter(|&d| gh[d] == s0).count() as u32;
            let h = gh[s0];
            let left = children + u32::from(h != b0 && (Some(h) == s1 || in_buffer(h)));
            let right = children + u32::from(in_buffer(h));
            (left, h == b0, right, Some(h) == s1)
        }
        None => (0, false, 0, false),
    };
    let gold_label = s0.map(|s| gold.label[s]).unwrap_or(0);
    costs[SHIFT] = shift;
    for l in 0..LABELS {
        costs[left(l)] = left_cost + u32::from(left_gold && l != gold_label);
        costs[right(l)] = right_cost + u32::from(right_gold && l != gold_label);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::UPOS;
    use crate::parse::conllu::parse as read_conllu;

    const TINY: &str = "\
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tenvoy\tenvoy\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_
5\tminister\tminister\tNOUN\tNN\t_\t3\tobj\t_\t_
6\tin\tin\tADP\tIN\t_\t7\tcase\t_\t_
7\tCairo\tCairo\tPROPN\tNNP\t_\t3\tobl\t_\t_
8\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tTalks\ttalk\tNOUN\tNNS\t_\t3\tnsubj:pass\t_\t_
2\twere\tbe\tAUX\tVBD\t_\t3\taux:pass\t_\t_
3\thosted\thost\tVERB\tVBN\t_\t0\troot\t_\t_
4\tby\tby\tADP\tIN\t_\t5\tcase\t_\t_
5\tEgypt\tEgypt\tPROPN\tNNP\t_\t3\tobl:agent\t_\t_
6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthat\tthat\tSCONJ\tIN\t_\t5\tmark\t_\t_
4\tprices\tprice\tNOUN\tNNS\t_\t5\tnsubj\t_\t_
5\trose\trise\tVERB\tVBD\t_\t2\tccomp\t_\t_
6\tand\tand\tCCONJ\tCC\t_\t7\tcc\t_\t_
7\tfell\tfall\tVERB\tVBD\t_\t5\tconj\t_\t_
8\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tWhat\twhat\tPRON\tWP\t_\t4\tobj\t_\t_
2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t_\t_
3\tyou\tyou\tPRON\tPRP\t_\t4\tnsubj\t_\t_
4\tsee\tsee\tVERB\tVB\t_\t0\troot\t_\t_
5\tyesterday\tyesterday\tNOUN\tNN\t_\t4\tobl\t_\t_
6\tthat\tthat\tPRON\tWDT\t_\t7\tnsubj\t_\t_
7\tsurprised\tsurprise\tVERB\tVBD\t_\t1\tacl:relcl\t_\t_
8\t?\t?\tPUNCT\t.\t_\t4\tpunct\t_\t_

";

    fn gold_tags(sentences: &[TreeSentence]) -> Vec<Vec<Tags>> {
        sentences
            .iter()
            .map(|s| {
                s.words
                    .iter()
                    .map(|w| Tags {
                        upos: label_index(&UPOS, &w.upos).unwrap_or(0) as u8,
                        xpos: label_index(&XPOS, &w.xpos).unwrap_or(0) as u8,
                    })
                    .collect()
            })
            .collect()
    }

    /// Checks that the arcs form one tree over all the words.
    fn assert_tree(arcs: &[Arc], n: usize) {
        assert_eq!(arcs.len(), n);
        if n == 0 {
            return;
        }
        assert_eq!(arcs.iter().filter(|a| a.head == 0).count(), 1, "{arcs:?}");
        for (i, a) in arcs.iter().enumerate() {
            assert!(a.head as usize <= n);
            assert!(usize::from(a.deprel) < LABELS);
            assert_eq!(a.head == 0, usize::from(a.deprel) == ROOT_LABEL, "{arcs:?}");
            // Following heads from any word reaches the root: no cycle.
            let mut at = i + 1;
            for _ in 0..=n {
                if at == 0 {
                    break;
                }
                at = arcs[at - 1].head as usize;
            }
            assert_eq!(at, 0, "cycle through word {} in {arcs:?}", i + 1);
        }
    }

    #[test]
    fn training_on_a_tiny_treebank_learns_its_trees_deterministically() {
        let sentences = read_conllu(TINY).unwrap();
        let tags = gold_tags(&sentences);
        let a = Parser::train_with(&sentences, &tags, 15, 0.0, &mut |_, _| {});
        let b = Parser::train_with(&sentences, &tags, 15, 0.0, &mut |_, _| {});
        assert_eq!(a.write(), b.write());
        let scores = a.evaluate(&sentences, &tags);
        // The last sentence is not projective: its lifted arc is lost.
        assert!(scores.las >= 96.0, "{scores:?}");
        let mut arcs = Vec::new();
        let words: Vec<&str> = sentences[1].words.iter().map(|w| w.form.as_str()).collect();
        a.parse(&words, &tags[1], &mut arcs);
        let heads: Vec<u32> = arcs.iter().map(|a| a.head).collect();
        assert_eq!(heads, [3, 3, 0, 5, 3, 3]);
        assert_eq!(DEPRELS[usize::from(arcs[4].deprel)], "obl:agent");
    }

    #[test]
    fn the_scoring_table_adds_the_same_weights_as_the_model() {
        let sentences = read_conllu(TINY).unwrap();
        let tags = gold_tags(&sentences);
        let parser = Parser::train_with(&sentences, &tags, 5, 0.0, &mut |_, _| {});
        let table = parser.table.as_ref().unwrap();
        let mut sentence = Sentence::default();
        let mut state = State::default();
        let mut feats = Vec::new();
        for (s, t) in sentences.iter().zip(&tags) {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            sentence.fill(&words, t);
            state.reset(words.len());
            while !state.is_final() {
                features(&sentence, &state, &mut feats);
                let mut a = [0.0; CLASSES];
                let mut b = vec![0.0; CLASSES];
                table.score(&feats, &mut a);
                parser.weights.score(&feats, &mut b);
                assert_eq!(a.to_vec(), b);
                state.apply(best_valid(&state, &a));
            }
        }
    }

    #[test]
    fn lifting_makes_a_tree_projective() {
        // "What did you see yesterday that surprised": 7 -> 1 crosses.
        let mut head = vec![3, 3, 3, 8, 3, 6, 0, 3];
        projectivize(&mut head);
        assert_eq!(head, [3, 3, 3, 8, 3, 6, 3, 3]);
    }

    #[test]
    fn every_parse_is_one_tree() {
        let sentences = read_conllu(TINY).unwrap();
        let tags = gold_tags(&sentences);
        let parser = Parser::train(&sentences, &tags, 3);
        let untrained = Parser::train(&[], &[], 0);
        let vocabulary = ["the", "envoy", "met", ".", "Cairo", "and", "x", ""];
        let mut rng = Shuffler::new(3);
        let mut arcs = Vec::new();
        for len in (0..40).chain([300]) {
            let mut order: Vec<usize> = (0..len * 7 + 1).collect();
            rng.shuffle(&mut order);
            let words: Vec<&str> = order[..len]
                .iter()
                .map(|&i| vocabulary[i % vocabulary.len()])
                .collect();
            let tags: Vec<Tags> = order[..len]
                .iter()
                .map(|&i| Tags {
                    upos: (i % 17) as u8,
                    xpos: (i % 60) as u8,
                })
                .collect();
            for p in [&parser, &untrained] {
                p.parse(&words, &tags, &mut arcs);
                assert_tree(&arcs, len);
                // Mismatched lengths: every word still gets a head.
                p.parse(&words, &tags[..len / 2], &mut arcs);
                assert_tree(&arcs, len);
                let more: Vec<Tags> = tags.iter().chain(&tags).copied().collect();
                p.parse(&words, &more, &mut arcs);
                assert_tree(&arcs, len);
            }
        }
    }

    #[test]
    fn the_model_round_trips_and_bad_files_name_themselves() {
        let sentences = read_conllu(TINY).unwrap();
        let tags = gold_tags(&sentences);
        let parser = Parser::train(&sentences, &tags, 3);
        let bytes = parser.write();
        let back = Parser::read(&bytes, "models/parser.bin").unwrap();
        assert_eq!(back, parser);
        assert_eq!(back.write(), bytes);

        let e = Parser::read(&bytes[..bytes.len() / 2], "models/parser.bin").unwrap_err();
        assert_eq!(e.file, "models/parser.bin");
        let e = Parser::read(b"", "empty.bin").unwrap_err();
        assert_eq!(e.file, "empty.bin");
        let mut damaged = bytes.clone();
        damaged[30] ^= 0x40;
        let e = Parser::read(&damaged, "damaged.bin").unwrap_err();
        assert!(e.to_string().starts_with("damaged.bin: "), "{e}");
        let mut other = Writer::new("tagger");
        other.u32(1);
        let e = Parser::read(&other.finish(), "tagger.bin").unwrap_err();
        assert!(e.problem.contains("parser"), "{e}");
    }
}

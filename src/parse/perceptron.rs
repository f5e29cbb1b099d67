//! The averaged perceptron the tagger, the parser and the entity recogniser
//! share: features are 64-bit hashes, classes are small integers, and the
//! weights of a feature are a short sparse row (most features are seen with
//! a few classes only), so scoring costs one table lookup per feature
//! whatever the number of classes.
//!
//! Training keeps, for every weight, the running total needed for the
//! average (Collins 2002; the lazy update of Daumé's thesis): a weight's
//! total is brought up to date only when the weight changes.

use std::collections::BTreeMap;

use super::model::{ModelError, Reader, Writer};

/// A feature: the hash of a template number and its values.
pub type Feature = u64;

/// Hashes a string: FNV-1a, fixed here so that a model file stays valid
/// whatever the hasher of the standard library or a crate does next.
pub fn hash_str(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in text.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Combines a feature template's number with up to three values (hashes of
/// words, tag numbers, distances) into one feature.
#[inline]
pub fn feature(template: u32, a: u64, b: u64, c: u64) -> Feature {
    let mut h = u64::from(template).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h = mix(h ^ a);
    h = mix(h ^ b);
    mix(h ^ c)
}

#[inline]
fn mix(mut h: u64) -> u64 {
    // The finaliser of MurmurHash3: every input bit reaches every output bit.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Trained weights, read-only: an open-addressing table from feature to a
/// row of `(class, weight)` pairs.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    classes: usize,
    /// Slots of the hash table: the feature (0 marks an empty slot) and
    /// where its row starts and ends in `entries`.
    keys: Vec<Feature>,
    rows: Vec<(u32, u32)>,
    entries: Vec<(u16, f32)>,
}

impl Weights {
    /// The number of classes the weights score.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// The number of features with a weight.
    pub fn len(&self) -> usize {
        self.keys.iter().filter(|&&k| k != 0).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds the weights of `features` to `scores` (one per class).
    #[inline]
    pub fn score(&self, features: &[Feature], scores: &mut [f32]) {
        for &f in features {
            if let Some((start, end)) = self.row(f) {
                for &(class, w) in &self.entries[start as usize..end as usize] {
                    if let Some(s) = scores.get_mut(usize::from(class)) {
                        *s += w;
                    }
                }
            }
        }
    }

    /// `score` for many features at once, faster when the table is larger
    /// than the processor's caches: the lookups go in batches, each step
    /// (the slot's key, the row's bounds, the row's first weight) for all
    /// features of a batch before the next step, so the memory reads of a
    /// batch overlap instead of waiting for each other. Same sums as
    /// `score`.
    pub fn score_batched(&self, features: &[Feature], scores: &mut [f32]) {
        const BATCH: usize = 32;
        let Some(mask) = self.keys.len().checked_sub(1) else {
            return;
        };
        for chunk in features.chunks(BATCH) {
            let mut first = [0u64; BATCH];
            for (k, &f) in first.iter_mut().zip(chunk) {
                *k = self.keys[(f.max(1) as usize) & mask];
            }
            let mut spans = [(0u32, 0u32); BATCH];
            let mut count = 0;
            for (&k, &f) in first.iter().zip(chunk) {
                let f = f.max(1);
                let found = if k == f {
                    Some(self.rows[(f as usize) & mask])
                } else if k == 0 {
                    None
                } else {
                    self.row(f)
                };
                if let Some(span) = found
                    && span.1 > span.0
                {
                    spans[count] = span;
                    count += 1;
                }
            }
            let mut heads = [(0u16, 0.0f32); BATCH];
            for (h, &(start, _)) in heads.iter_mut().zip(&spans[..count]) {
                *h = self.entries[start as usize];
            }
            for (&(class, w), &(start, end)) in heads.iter().zip(&spans[..count]) {
                if let Some(s) = scores.get_mut(usize::from(class)) {
                    *s += w;
                }
                for &(class, w) in &self.entries[start as usize + 1..end as usize] {
                    if let Some(s) = scores.get_mut(usize::from(class)) {
                        *s += w;
                    }
                }
            }
        }
    }

    #[inline]
    fn row(&self, f: Feature) -> Option<(u32, u32)> {
        let f = f.max(1);
        let mask = self.keys.len().checked_sub(1)?;
        let mut slot = (f as usize) & mask;
        loop {
            let k = self.keys[slot];
            if k == f {
                return Some(self.rows[slot]);
            }
            if k == 0 {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Builds the table from rows sorted by feature.
    fn from_rows(classes: usize, rows: Vec<(Feature, Vec<(u16, f32)>)>) -> Weights {
        let mut lengths = Vec::with_capacity(rows.len());
        let mut entries = Vec::with_capacity(rows.iter().map(|(_, r)| r.len()).sum());
        for (f, row) in rows {
            lengths.push((f, row.len() as u32));
            entries.extend(row);
        }
        Weights::from_flat(classes, &lengths, entries)
    }

    /// Builds the table from rows laid end to end in `entries`, each given
    /// as (feature, length), in order: a model file is read this way with
    /// no allocation per row.
    pub fn from_flat(classes: usize, rows: &[(Feature, u32)], entries: Vec<(u16, f32)>) -> Weights {
        // Load factor at most one half: a miss (most lookups of rare words)
        // ends after one or two slots.
        let size = (rows.len() * 2).next_power_of_two().max(2);
        let mask = size - 1;
        let mut keys = vec![0; size];
        let mut spans = vec![(0, 0); size];
        let mut start = 0u32;
        for &(f, len) in rows {
            let f = f.max(1);
            let mut slot = (f as usize) & mask;
            while keys[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            keys[slot] = f;
            let end = (start + len).min(entries.len() as u32);
            spans[slot] = (start, end);
            start = end;
        }
        Weights {
            classes,
            keys,
            rows: spans,
            entries,
        }
    }

    /// The rows in the table's own order (deterministic, not sorted): for
    /// building another layout of the same weights without a sort.
    pub fn rows_unordered(&self) -> impl Iterator<Item = (Feature, &[(u16, f32)])> {
        self.keys
            .iter()
            .zip(&self.rows)
            .filter(|(k, _)| **k != 0)
            .map(|(&k, &(s, e))| (k, &self.entries[s as usize..e as usize]))
    }

    pub fn from_feature_rows(classes: usize, rows: Vec<(Feature, Vec<(u16, f32)>)>) -> Weights {
        Weights::from_rows(classes, rows)
    }

    /// The rows in feature order: what the file holds.
    fn sorted_rows(&self) -> Vec<(Feature, &[(u16, f32)])> {
        let mut rows: Vec<_> = self
            .keys
            .iter()
            .zip(&self.rows)
            .filter(|(k, _)| **k != 0)
            .map(|(&k, &(s, e))| (k, &self.entries[s as usize..e as usize]))
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        rows
    }

    /// The weights without those whose magnitude is below `min`: how a
    /// trained model is made smaller after the fact, to measure what each
    /// threshold costs without training again.
    pub fn pruned(&self, min: f32) -> Weights {
        let rows = self
            .sorted_rows()
            .into_iter()
            .map(|(f, row)| {
                let kept: Vec<(u16, f32)> = row
                    .iter()
                    .copied()
                    .filter(|(_, w)| w.abs() >= min && *w != 0.0)
                    .collect();
                (f, kept)
            })
            .filter(|(_, row)| !row.is_empty())
            .collect();
        Weights::from_rows(self.classes, rows)
    }

    /// Every feature with its row of `(class, weight)`, in feature order:
    /// for a component that lays the weights out its own way for speed.
    pub fn rows(&self) -> Vec<(Feature, &[(u16, f32)])> {
        self.sorted_rows()
    }

    pub fn write(&self, out: &mut Writer) {
        let rows = self.sorted_rows();
        out.u32(self.classes as u32);
        out.u32(rows.len() as u32);
        for (f, row) in rows {
            out.u64(f);
            out.u32(row.len() as u32);
            for &(class, w) in row {
                out.u16(class);
                out.f32(w);
            }
        }
    }

    pub fn read(input: &mut Reader) -> Result<Weights, ModelError> {
        let classes = input.u32()? as usize;
        let count = input.u32()? as usize;
        let mut rows = Vec::with_capacity(count.min(input.remaining() / 12));
        for _ in 0..count {
            let f = input.u64()?;
            let len = input.u32()? as usize;
            let mut row = Vec::with_capacity(len.min(input.remaining() / 6));
            for _ in 0..len {
                let class = input.u16()?;
                if usize::from(class) >= classes {
                    return Err(input.error(format!(
                        "weight for class {class} of a model with {classes} classes"
                    )));
                }
                row.push((class, input.f32()?));
            }
            rows.push((f, row));
        }
        Ok(Weights::from_rows(classes, rows))
    }
}

/// One weight under training: its value, the sum of its values over all
/// updates so far (for the average) and the update it last changed at.
#[derive(Debug, Clone, Copy, Default)]
struct Param {
    weight: f32,
    total: f64,
    stamp: u64,
}

/// An averaged perceptron under training.
#[derive(Debug, Clone)]
pub struct Trainer {
    classes: usize,
    params: hashbrown::HashMap<Feature, Vec<(u16, Param)>, foldhash::fast::FixedState>,
    /// Training instances seen: the clock of the lazy averages.
    instances: u64,
}

impl Trainer {
    pub fn new(classes: usize) -> Trainer {
        Trainer {
            classes,
            params: hashbrown::HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0)),
            instances: 0,
        }
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Adds the current (not averaged) weights of `features` to `scores`.
    pub fn score(&self, features: &[Feature], scores: &mut [f32]) {
        for f in features {
            if let Some(row) = self.params.get(f) {
                for (class, p) in row {
                    scores[usize::from(*class)] += p.weight;
                }
            }
        }
    }

    /// The best class by the current weights; ties go to the lower class.
    pub fn predict(&self, features: &[Feature], scores: &mut Vec<f32>) -> usize {
        scores.clear();
        scores.resize(self.classes, 0.0);
        self.score(features, scores);
        argmax(scores)
    }

    /// Counts one training instance (call once per decision, updated or not).
    pub fn tick(&mut self) {
        self.instances += 1;
    }

    /// Moves the weights toward `truth` and away from `guess`.
    pub fn update(&mut self, features: &[Feature], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let now = self.instances;
        for &f in features {
            let row = self.params.entry(f).or_default();
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0)] {
                let class = class as u16;
                let i = match row.iter().position(|(c, _)| *c == class) {
                    Some(i) => i,
                    None => {
                        row.push((class, Param::default()));
                        row.len() - 1
                    }
                };
                let p = &mut row[i].1;
                p.total += f64::from(p.weight) * (now - p.stamp) as f64;
                p.stamp = now;
                p.weight += delta;
            }
        }
    }

    /// The averaged weights, with weights whose magnitude is below `prune`
    /// dropped (they rarely change a decision and make the model larger).
    pub fn finish(&self, prune: f32) -> Weights {
        let now = self.instances.max(1);
        let mut rows: BTreeMap<Feature, Vec<(u16, f32)>> = BTreeMap::new();
        for (&f, row) in &self.params {
            let mut out: Vec<(u16, f32)> = row
                .iter()
                .map(|(class, p)| {
                    let total = p.total + f64::from(p.weight) * (now - p.stamp) as f64;
                    (*class, (total / now as f64) as f32)
                })
                .filter(|(_, w)| w.abs() >= prune && *w != 0.0)
                .collect();
            if !out.is_empty() {
                out.sort_unstable_by_key(|e| e.0);
                rows.insert(f, out);
            }
        }
        Weights::from_rows(self.classes, rows.into_iter().collect())
    }
}

/// The index of the highest score; ties go to the lower index.
#[inline]
pub fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

/// A small deterministic generator (SplitMix64) for shuffling training
/// data: the same corpora give the same model on every machine.
#[derive(Debug, Clone)]
pub struct Shuffler(u64);

impl Shuffler {
    pub fn new(seed: u64) -> Shuffler {
        Shuffler(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    /// Fisher-Yates.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn train_xor_free_problem() -> Trainer {
        // Class 0 when feature 1 is present, class 1 when feature 2 is.
        let data = [
            (vec![1u64, 10], 0usize),
            (vec![2u64, 10], 1),
            (vec![1u64, 11], 0),
        ];
        let mut t = Trainer::new(2);
        let mut scores = Vec::new();
        for _ in 0..5 {
            for (feats, truth) in &data {
                let guess = t.predict(feats, &mut scores);
                t.update(feats, *truth, guess);
                t.tick();
            }
        }
        t
    }

    #[test]
    fn training_separates_separable_classes() {
        let w = train_xor_free_problem().finish(0.0);
        let mut s = vec![0.0; 2];
        w.score(&[1, 11], &mut s);
        assert_eq!(argmax(&s), 0);
        let mut s = vec![0.0; 2];
        w.score(&[2, 10], &mut s);
        assert_eq!(argmax(&s), 1);
    }

    #[test]
    fn batched_scoring_adds_the_same_weights() {
        let w = train_xor_free_problem().finish(0.0);
        let features: Vec<Feature> = (0..100).map(|i| i % 13).collect();
        let mut a = vec![0.0; 2];
        let mut b = vec![0.0; 2];
        w.score(&features, &mut a);
        w.score_batched(&features, &mut b);
        assert_eq!(a, b);
        let empty = Trainer::new(2).finish(0.0);
        empty.score_batched(&features, &mut b);
        assert_eq!(a, b);
    }

    #[test]
    fn weights_round_trip_through_the_file_format() {
        let w = train_xor_free_problem().finish(0.0);
        let mut out = Writer::new("test");
        w.write(&mut out);
        let bytes = out.finish();
        let mut input = Reader::new(&bytes, "test").unwrap();
        let back = Weights::read(&mut input).unwrap();
        assert_eq!(back, w);
    }

    #[test]
    fn shuffling_is_deterministic_and_a_permutation() {
        let mut a: Vec<u32> = (0..100).collect();
        let mut b = a.clone();
        Shuffler::new(7).shuffle(&mut a);
        Shuffler::new(7).shuffle(&mut b);
        assert_eq!(a, b);
        assert_ne!(a, (0..100).collect::<Vec<_>>());
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..100).collect::<Vec<_>>());
    }
}

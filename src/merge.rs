//! Cross-article event merging: meetings that several articles report
//! become one node. Meetings with compatible kind, status, date and place
//! and the same parties (or, at the same place or on the same day, shared
//! parties) get one canonical key; a meeting already in the store keeps its
//! key, so later articles join it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasher, RandomState};
use std::sync::Arc;

use hashbrown::HashTable;

use crate::model::{Extraction, NodeKind, PartialDate, Relation, Status};

/// What identifies a meeting for merging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingSig {
    pub key: String,
    pub call: bool,
    pub status: Option<Status>,
    pub date: Option<PartialDate>,
    pub participants: BTreeSet<String>,
    pub locations: BTreeSet<String>,
    /// The meeting's unresolved time word ("february", "monday"), when the
    /// article gave one but no date it could resolve. It is not written to
    /// RDF, so signatures read back from the store ([`crate::store`]) have
    /// none: only reports of the same build compare their time words.
    pub when: Option<String>,
}

fn class(s: Option<Status>) -> u8 {
    match s {
        Some(Status::Held) | None => 0,
        Some(Status::Planned | Status::Proposed) => 1,
        Some(Status::Declined) => 2,
        Some(Status::Cancelled) => 3,
    }
}

/// The signatures of the meetings in one extraction.
pub fn signatures(x: &Extraction) -> Vec<MeetingSig> {
    let mut sigs: BTreeMap<&str, MeetingSig> = BTreeMap::new();
    for n in x.nodes.iter().filter(|n| n.kind.is_meeting()) {
        sigs.insert(
            &n.key,
            MeetingSig {
                key: n.key.clone(),
                call: n.kind == NodeKind::PhoneCall,
                status: n.status,
                date: n.date,
                participants: BTreeSet::new(),
                locations: BTreeSet::new(),
                when: n.time_word.clone(),
            },
        );
    }
    for e in &x.edges {
        if let Some(s) = sigs.get_mut(&*e.source) {
            match e.relation {
                Relation::Participant => {
                    s.participants.insert(e.target.to_string());
                }
                Relation::Location => {
                    s.locations.insert(e.target.to_string());
                }
                _ => {}
            }
        }
    }
    sigs.into_values().collect()
}

/// True when two reports describe the same meeting.
pub fn same(a: &MeetingSig, b: &MeetingSig) -> bool {
    let mut names = Names::default();
    let (x, y) = (Sig::new(&mut names, a), Sig::new(&mut names, b));
    same_sig(&names, &x, &y)
}

fn same_sig(names: &Names, a: &Sig, b: &Sig) -> bool {
    if a.call != b.call || class(a.status) != class(b.status) {
        return false;
    }
    if let (Some(x), Some(y)) = (a.date, b.date)
        && !x.compatible(&y)
    {
        return false;
    }
    if !times_agree(names, a, b) {
        return false;
    }
    let shared_place = shared(a.places(), b.places()) > 0;
    if !a.places().is_empty() && !b.places().is_empty() && !shared_place {
        return false;
    }
    // Two reports that name no party are the same meeting only if they
    // name the same place: having nothing to compare is no evidence.
    if a.parties().is_empty() || b.parties().is_empty() {
        return a.parties().is_empty() && b.parties().is_empty() && shared_place;
    }
    if a.parties() == b.parties() {
        return true;
    }
    let same_day = matches!((a.date, b.date), (Some(x), Some(y)) if x == y && x.day.is_some());
    shared(a.parties(), b.parties()) >= 2 && (shared_place || same_day)
}

/// How many numbers two sorted slices share.
fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// False when the reports' times contradict each other, as a conflict in
/// place does: two different unresolved time words ("february" and
/// "august"), or a month name against a resolved date in another month.
fn times_agree(names: &Names, a: &Sig, b: &Sig) -> bool {
    let month_vs_date = |w: Option<u32>, d: Option<PartialDate>| match (w, d) {
        (Some(w), Some(PartialDate { month: Some(m), .. })) => {
            crate::relate::dates::month_number(names.name(w)).is_none_or(|n| n == m)
        }
        _ => true,
    };
    match (a.when, b.when) {
        (Some(x), Some(y)) if x != y => false,
        _ => month_vs_date(a.when, b.date) && month_vs_date(b.when, a.date),
    }
}

/// Gives merged meetings one key across the extractions, preferring keys
/// already in the store. Returns how many meeting reports were merged away.
pub fn unify(extractions: &mut [Extraction], existing: &[MeetingSig]) -> usize {
    let mut index = MeetingIndex::new(existing.iter().cloned());
    unify_with(extractions, &mut index)
}

/// Names of parties, places and time words, numbered in the order seen.
#[derive(Debug, Default, Clone)]
struct Names {
    ids: HashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
}

impl Names {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = number(self.names.len());
        self.names.push(name.into());
        self.ids.insert(name.into(), id);
        id
    }

    fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }
}

/// A position in one of the index's tables as stored there. Four billion
/// meetings or names would take hundreds of gigabytes of memory before
/// this wrapped.
fn number(i: usize) -> u32 {
    debug_assert!(u32::try_from(i).is_ok());
    i as u32
}

/// A [`MeetingSig`] without its key, its names replaced by their numbers.
#[derive(Debug, Clone)]
struct Sig {
    call: bool,
    status: Option<Status>,
    date: Option<PartialDate>,
    when: Option<u32>,
    /// The parties, then the places; each part sorted.
    names: Box<[u32]>,
    n_parties: u32,
}

impl Sig {
    fn new(names: &mut Names, sig: &MeetingSig) -> Sig {
        let mut parties: Vec<u32> = sig.participants.iter().map(|p| names.id(p)).collect();
        let mut places: Vec<u32> = sig.locations.iter().map(|p| names.id(p)).collect();
        parties.sort_unstable();
        places.sort_unstable();
        Sig {
            call: sig.call,
            status: sig.status,
            date: sig.date,
            when: sig.when.as_deref().map(|w| names.id(w)),
            n_parties: number(parties.len()),
            names: parties.into_iter().chain(places).collect(),
        }
    }

    fn parties(&self) -> &[u32] {
        &self.names[..self.n_parties as usize]
    }

    fn places(&self) -> &[u32] {
        &self.names[self.n_parties as usize..]
    }

    /// Adds the parties and places of `other`.
    fn extend(&mut self, other: &Sig) {
        let union = |a: &[u32], b: &[u32]| {
            let mut u: Vec<u32> = a.iter().chain(b).copied().collect();
            u.sort_unstable();
            u.dedup();
            u
        };
        let parties = union(self.parties(), other.parties());
        let places = union(self.places(), other.places());
        self.n_parties = number(parties.len());
        self.names = parties.into_iter().chain(places).collect();
    }
}

/// Meetings already known (read from the store, or written earlier in the
/// same build), indexed so that a new report is compared only with meetings
/// that could be the same: same kind (call or not), same status class, and
/// two shared participants, the same single one, or (for reports without
/// participants) a shared place. That is a superset of what [`same`] can accept, so the
/// result is that of comparing with every meeting, at a cost that grows
/// with the matches rather than with the size of the store.
///
/// A build keeps the index for its whole run and adds every meeting it
/// writes, so it is the part of a build's memory that grows with the
/// corpus. It is kept small: names are numbered once, a meeting holds one
/// slice of numbers for its parties and places, and the table from key to
/// meeting holds the meeting's position only (the key is stored once).
#[derive(Debug, Default, Clone)]
pub struct MeetingIndex {
    names: Names,
    keys: Vec<Box<str>>,
    sigs: Vec<Sig>,
    by_key: HashTable<u32>,
    hasher: RandomState,
    blocks: HashMap<Block, Vec<u32>>,
}

/// (phone call, status class, parties: see [`Party`]).
type Block = (bool, u8, Party);

/// What a block is keyed on, following what [`same`] accepts: reports with
/// two or more parties are the same meeting only if they share two of
/// them, so they meet on each pair of their parties; a report with one
/// party only matches one with that same single party; reports without any
/// party meet only on a shared place. Keying on single parties instead
/// made every report of a much-reported leader a candidate for every other
/// one, which grew with the square of the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Party {
    Pair(u32, u32),
    Single(u32),
    PlaceOnly(u32),
}

fn blocks_of(sig: &Sig) -> Vec<Block> {
    let parties = sig.parties();
    let keys: Vec<Party> = match parties {
        [] => sig.places().iter().map(|&p| Party::PlaceOnly(p)).collect(),
        [one] => vec![Party::Single(*one)],
        _ => parties
            .iter()
            .enumerate()
            .flat_map(|(i, &a)| parties[i + 1..].iter().map(move |&b| Party::Pair(a, b)))
            .collect(),
    };
    keys.into_iter()
        .map(|k| (sig.call, class(sig.status), k))
        .collect()
}

impl MeetingIndex {
    /// An index over these meetings; a key seen twice is one meeting with
    /// the union of participants and places (first status and date kept).
    pub fn new(existing: impl IntoIterator<Item = MeetingSig>) -> MeetingIndex {
        let mut index = MeetingIndex::default();
        for sig in existing {
            index.add(sig);
        }
        index
    }

    pub fn len(&self) -> usize {
        self.sigs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sigs.is_empty()
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.by_key
            .find(self.hasher.hash_one(key), |&i| {
                &*self.keys[i as usize] == key
            })
            .map(|&i| i as usize)
    }

    /// Adds a meeting, or extends the known meeting with the same key.
    pub fn add(&mut self, sig: MeetingSig) {
        let compact = Sig::new(&mut self.names, &sig);
        match self.position(&sig.key) {
            Some(i) => {
                let before = blocks_of(&self.sigs[i]);
                let old = &mut self.sigs[i];
                old.extend(&compact);
                old.status = old.status.or(compact.status);
                old.date = old.date.or(compact.date);
                old.when = old.when.or(compact.when);
                for b in blocks_of(&self.sigs[i]) {
                    if !before.contains(&b) {
                        self.blocks.entry(b).or_default().push(number(i));
                    }
                }
            }
            None => {
                let i = number(self.sigs.len());
                for b in blocks_of(&compact) {
                    self.blocks.entry(b).or_default().push(i);
                }
                let hash = self.hasher.hash_one(&*sig.key);
                self.keys.push(sig.key.into_boxed_str());
                let (keys, hasher) = (&self.keys, &self.hasher);
                self.by_key
                    .insert_unique(hash, i, |&j| hasher.hash_one(&*keys[j as usize]));
                self.sigs.push(compact);
            }
        }
    }

    /// Adds the (already unified) meetings of these extractions.
    pub fn extend_from(&mut self, extractions: &[Extraction]) {
        for x in extractions {
            for sig in signatures(x) {
                self.add(sig);
            }
        }
    }

    /// The known meetings, in the order they were added.
    pub fn meetings(&self) -> Vec<MeetingSig> {
        let names = |ids: &[u32]| {
            ids.iter()
                .map(|&i| self.names.name(i).to_string())
                .collect()
        };
        self.keys
            .iter()
            .zip(&self.sigs)
            .map(|(key, s)| MeetingSig {
                key: key.to_string(),
                call: s.call,
                status: s.status,
                date: s.date,
                participants: names(s.parties()),
                locations: names(s.places()),
                when: s.when.map(|w| self.names.name(w).to_string()),
            })
            .collect()
    }
}

/// The root of `i` in a union-find forest; the path walked is pointed
/// straight at the root.
fn find(p: &mut [usize], i: usize) -> usize {
    let mut r = i;
    while p[r] != r {
        r = p[r];
    }
    let mut i = i;
    while p[i] != r {
        let next = p[i];
        p[i] = r;
        i = next;
    }
    r
}

/// Gives merged meetings one key across the extractions, preferring keys of
/// the index (the store's, or those written earlier in this build). Returns
/// how many meeting reports were merged away. The index is not changed:
/// call [`MeetingIndex::extend_from`] once the extractions are written.
pub fn unify_with(extractions: &mut [Extraction], index: &mut MeetingIndex) -> usize {
    let n_existing = index.sigs.len();
    // Which article each new report comes from: reports of one article were
    // already merged by the extractor and are never merged here.
    let mut origin: Vec<usize> = Vec::new();
    let mut new_keys: Vec<String> = Vec::new();
    let mut new: Vec<Sig> = Vec::new();
    for (xi, x) in extractions.iter().enumerate() {
        for s in signatures(x) {
            origin.push(xi);
            new.push(Sig::new(&mut index.names, &s));
            new_keys.push(s.key);
        }
    }
    let index = &*index;
    let same_article = |i: usize, j: usize| {
        i >= n_existing && j >= n_existing && origin[i - n_existing] == origin[j - n_existing]
    };
    let sig = |i: usize| {
        if i < n_existing {
            &index.sigs[i]
        } else {
            &new[i - n_existing]
        }
    };
    let key = |i: usize| {
        if i < n_existing {
            &*index.keys[i]
        } else {
            new_keys[i - n_existing].as_str()
        }
    };
    let mut parent: Vec<usize> = (0..n_existing + new.len()).collect();
    // The new meetings' own blocks, holding indices below the current one.
    let mut new_blocks: HashMap<Block, Vec<usize>> = HashMap::new();
    // Known meetings that some new report joined.
    let mut joined: Vec<usize> = Vec::new();
    let mut candidates: Vec<usize> = Vec::new();
    for i in n_existing..n_existing + new.len() {
        let s = sig(i);
        candidates.clear();
        let blocks = blocks_of(s);
        for b in &blocks {
            let known = index.blocks.get(b).into_iter().flatten();
            candidates.extend(known.map(|&j| j as usize));
            candidates.extend(new_blocks.get(b).into_iter().flatten());
        }
        candidates.sort_unstable();
        candidates.dedup();
        for &j in &candidates {
            if key(i) != key(j) && !same_article(i, j) && same_sig(&index.names, s, sig(j)) {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                if ri != rj {
                    parent[ri.max(rj)] = ri.min(rj);
                }
                if j < n_existing {
                    joined.push(j);
                }
            }
        }
        for b in blocks {
            new_blocks.entry(b).or_default().push(i);
        }
    }
    // The canonical key of a group: its last known meeting in index order;
    // for a group of new reports only, the smallest key (unless that key is
    // already a known meeting's).
    let mut canonical: BTreeMap<usize, String> = BTreeMap::new();
    let mut roots: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in n_existing..n_existing + new.len() {
        let r = find(&mut parent, i);
        roots.entry(r).or_default().push(i);
    }
    // A known meeting is in a group only if a new report joined it.
    joined.sort_unstable();
    joined.dedup();
    for &j in &joined {
        let r = find(&mut parent, j);
        if roots.contains_key(&r) {
            canonical.insert(r, key(j).to_string());
        }
    }
    for (&r, members) in &roots {
        if r < n_existing {
            continue;
        }
        let mut entry = key(r).to_string();
        for &i in members {
            let k = key(i);
            if k < entry.as_str() && index.position(&entry).is_none() {
                entry = k.to_string();
            }
        }
        canonical.insert(r, entry);
    }
    let mut rename: BTreeMap<String, String> = BTreeMap::new();
    for i in n_existing..n_existing + new.len() {
        let r = find(&mut parent, i);
        let c = &canonical[&r];
        if key(i) != c {
            rename.insert(key(i).to_string(), c.clone());
        }
    }
    apply_renames(extractions, &rename);
    rename.len()
}

fn apply_renames(extractions: &mut [Extraction], rename: &BTreeMap<String, String>) {
    // One label and status per merged meeting, so the union of the article
    // graphs reads as one node: the canonical report's label, and "proposed"
    // over "planned" when reports differ on how firm the plan is.
    let mut look: BTreeMap<String, (String, Option<Status>)> = BTreeMap::new();
    for x in extractions.iter() {
        for n in x.nodes.iter().filter(|n| n.kind.is_meeting()) {
            let key = rename.get(&n.key).unwrap_or(&n.key);
            let entry = look
                .entry(key.clone())
                .or_insert_with(|| (n.label.clone(), n.status));
            if &n.key == key {
                entry.0 = n.label.clone();
            }
            if n.status == Some(Status::Proposed) && entry.1 == Some(Status::Planned) {
                entry.1 = n.status;
            }
        }
    }
    // Each canonical key shared by the edges renamed to it.
    let shared: BTreeMap<&str, Arc<str>> = rename
        .iter()
        .map(|(from, to)| (from.as_str(), Arc::from(to.as_str())))
        .collect();
    for x in extractions.iter_mut() {
        for n in &mut x.nodes {
            if let Some(c) = rename.get(&n.key) {
                n.key = c.clone();
            }
            if n.kind.is_meeting()
                && let Some((label, status)) = look.get(&n.key)
            {
                n.label = match (status, label.strip_prefix("Planned ")) {
                    (Some(Status::Proposed), Some(rest)) => format!("Proposed {rest}"),
                    _ => label.clone(),
                };
                n.status = *status;
            }
        }
        let mut renamed = false;
        for e in &mut x.edges {
            if let Some(c) = shared.get(&*e.source) {
                e.source = Arc::clone(c);
                renamed = true;
            }
            if let Some(c) = shared.get(&*e.target) {
                e.target = Arc::clone(c);
                renamed = true;
            }
        }
        let mut seen = BTreeSet::new();
        x.nodes.retain(|n| seen.insert(n.key.clone()));
        // Two reports merged into one meeting can state the same edge.
        if renamed {
            crate::dedup_edges(&mut x.edges);
        }
    }
}

#[cfg(test)]
#[allow(clippy::collapsible_if, clippy::needless_range_loop)]
/// The original quadratic merge, kept to check [`unify_with`] against.
/// Gives merged meetings one key across the extractions, preferring keys
/// already in the store. Returns how many meeting reports were merged away.
pub(crate) fn unify_reference(extractions: &mut [Extraction], existing: &[MeetingSig]) -> usize {
    let mut sigs: Vec<MeetingSig> = existing.to_vec();
    let n_existing = sigs.len();
    let mut origin: Vec<usize> = vec![usize::MAX; n_existing];
    for (xi, x) in extractions.iter().enumerate() {
        let s = signatures(x);
        origin.extend(std::iter::repeat_n(xi, s.len()));
        sigs.extend(s);
    }
    // Union-find over all reports.
    let mut parent: Vec<usize> = (0..sigs.len()).collect();
    for i in n_existing..sigs.len() {
        for j in 0..i {
            if sigs[i].key != sigs[j].key
                && (j < n_existing || origin[i] != origin[j])
                && same(&sigs[i], &sigs[j])
            {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                if ri != rj {
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
        }
    }
    // The canonical key of a group: an existing key, else the smallest.
    let mut canonical: BTreeMap<usize, String> = BTreeMap::new();
    for i in 0..sigs.len() {
        let r = find(&mut parent, i);
        let k = &sigs[i].key;
        let entry = canonical.entry(r).or_insert_with(|| k.clone());
        if i < n_existing || (r >= n_existing && k < entry) {
            if i < n_existing || !canonical_is_existing(&sigs, n_existing, entry) {
                *entry = k.clone();
            }
        }
    }
    let mut rename: BTreeMap<String, String> = BTreeMap::new();
    for i in n_existing..sigs.len() {
        let r = find(&mut parent, i);
        let c = &canonical[&r];
        if &sigs[i].key != c {
            rename.insert(sigs[i].key.clone(), c.clone());
        }
    }
    apply_renames(extractions, &rename);
    rename.len()
}

#[cfg(test)]
fn canonical_is_existing(sigs: &[MeetingSig], n_existing: usize, key: &str) -> bool {
    sigs[..n_existing].iter().any(|s| s.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Generator;
    use crate::lexicon::Lexicon;
    use crate::model::Document;

    fn corpus_extractions(seed: u64, n: usize) -> Vec<Extraction> {
        let lexicon = Lexicon::builtin().unwrap();
        Generator::new(&lexicon, seed)
            .take(n)
            .map(|a| {
                let mut doc = Document::new(a.file_name(), a.text);
                doc.date = PartialDate::parse(&a.date);
                crate::extract(&doc, &lexicon)
            })
            .collect()
    }

    fn check_same_as_reference(existing: &[MeetingSig], mut xs: Vec<Extraction>) {
        let mut reference = xs.clone();
        let merged_reference = unify_reference(&mut reference, existing);
        let merged = unify(&mut xs, existing);
        assert_eq!(merged, merged_reference);
        for (a, b) in xs.iter().zip(&reference) {
            assert_eq!(a.nodes, b.nodes);
            assert_eq!(a.edges, b.edges);
        }
    }

    /// A meeting signature: "call"/"meeting", a status, a date, parties
    /// and places by short key.
    fn sig(
        kind: &str,
        status: Status,
        date: &str,
        parties: &[&str],
        places: &[&str],
    ) -> MeetingSig {
        MeetingSig {
            key: format!("meeting/{kind}-{}", parties.join("-")),
            call: kind == "call",
            status: Some(status),
            date: PartialDate::parse(date),
            participants: parties.iter().map(|p| format!("person/{p}")).collect(),
            locations: places.iter().map(|p| format!("place/{p}")).collect(),
            when: None,
        }
    }

    fn with_when(mut s: MeetingSig, word: &str) -> MeetingSig {
        s.key.push_str(word);
        s.when = Some(word.to_string());
        s
    }

    #[test]
    fn conflicting_time_words_keep_reports_apart() {
        let parties = ["ruto", "kagame"];
        let undated = || sig("meeting", Status::Held, "", &parties, &["arusha"]);
        // Two undated reports: one says March, the other October.
        check_same(
            &with_when(undated(), "march"),
            &with_when(undated(), "october"),
            false,
        );
        // The same word, or a word against no word, is no contradiction.
        check_same(
            &with_when(undated(), "march"),
            &with_when(undated(), "march"),
            true,
        );
        check_same(&with_when(undated(), "march"), &undated(), true);
        // A month name against a resolved date in another month.
        let dated = |d: &str| sig("meeting", Status::Held, d, &parties, &["arusha"]);
        check_same(&with_when(undated(), "march"), &dated("2023-11-20"), false);
        check_same(&with_when(undated(), "march"), &dated("2023-03-20"), true);
        // A weekday says nothing about the month.
        check_same(&with_when(undated(), "friday"), &dated("2023-11-20"), true);
    }

    /// A held, dated, placed meeting the merge tests compare reports with.
    fn held_talks() -> MeetingSig {
        sig(
            "meeting",
            Status::Held,
            "2024-05-02",
            &["lula", "milei"],
            &["brasilia"],
        )
    }

    fn check_same(a: &MeetingSig, b: &MeetingSig, expect: bool) {
        assert_eq!(same(a, b), expect, "{a:?}\n{b:?}");
        assert_eq!(same(b, a), expect, "{b:?}\n{a:?}");
    }

    #[test]
    fn reports_of_one_meeting_merge() {
        let talks = held_talks();
        // Same parties, one report without place or date.
        check_same(
            &talks,
            &sig("meeting", Status::Held, "", &["lula", "milei"], &[]),
            true,
        );
        // A month and a day of that month; an extra attendee at the same place.
        check_same(
            &talks,
            &sig(
                "meeting",
                Status::Held,
                "2024-05",
                &["lula", "milei", "boric"],
                &["brasilia"],
            ),
            true,
        );
        // "Planned" in one report and "proposed" in another is one plan.
        check_same(
            &sig("meeting", Status::Planned, "", &["lula", "milei"], &[]),
            &sig("meeting", Status::Proposed, "", &["lula", "milei"], &[]),
            true,
        );
    }

    #[test]
    fn incompatible_reports_stay_apart() {
        let talks = held_talks();
        // A phone call is not the meeting in person.
        check_same(
            &talks,
            &sig("call", Status::Held, "", &["lula", "milei"], &[]),
            false,
        );
        // A meeting still proposed is not the one that took place, nor is a
        // declined one.
        check_same(
            &talks,
            &sig("meeting", Status::Proposed, "", &["lula", "milei"], &[]),
            false,
        );
        check_same(
            &talks,
            &sig("meeting", Status::Declined, "", &["lula", "milei"], &[]),
            false,
        );
        // Another day, another city.
        check_same(
            &talks,
            &sig("meeting", Status::Held, "2024-06", &["lula", "milei"], &[]),
            false,
        );
        check_same(
            &talks,
            &sig(
                "meeting",
                Status::Held,
                "",
                &["lula", "milei"],
                &["buenos-aires"],
            ),
            false,
        );
        // One shared party and nothing else in common.
        check_same(
            &talks,
            &sig("meeting", Status::Held, "", &["lula", "boric"], &[]),
            false,
        );
    }

    #[test]
    fn reports_without_parties_merge_only_on_a_shared_place() {
        let summit = sig("meeting", Status::Held, "2024", &[], &["nairobi"]);
        check_same(
            &summit,
            &sig("meeting", Status::Held, "", &[], &["nairobi"]),
            true,
        );
        // Nothing to compare: a dated report without parties or place.
        check_same(
            &summit,
            &sig("meeting", Status::Held, "2024", &[], &[]),
            false,
        );
        check_same(
            &sig("meeting", Status::Held, "2024", &[], &[]),
            &sig("meeting", Status::Held, "2024", &[], &[]),
            false,
        );
        // A report with parties is not a party-less one at the same place.
        check_same(
            &summit,
            &sig("meeting", Status::Held, "", &["ruto"], &["nairobi"]),
            false,
        );
    }

    #[test]
    fn party_less_reports_are_indexed_by_place() {
        let mut index = MeetingIndex::new([sig("meeting", Status::Held, "", &[], &["nairobi"])]);
        let mut x = crate::extract(&Document::new("a.txt", ""), &Lexicon::builtin().unwrap());
        for (key, place) in [("meeting/b-0", "nairobi"), ("meeting/b-1", "kigali")] {
            let mut meeting = crate::model::Node::new(key, NodeKind::Meeting, "Summit");
            meeting.status = Some(Status::Held);
            x.nodes.push(meeting);
            x.edges.push(crate::model::Edge {
                source: key.into(),
                relation: Relation::Location,
                target: format!("place/{place}").into(),
                evidence: crate::model::Evidence {
                    sentence: "".into(),
                    start: 0,
                    end: 0,
                    rule: "test".into(),
                },
            });
        }
        let mut xs = vec![x];
        assert_eq!(unify_with(&mut xs, &mut index), 1);
        let keys: Vec<&str> = xs[0].nodes.iter().map(|n| n.key.as_str()).collect();
        assert_eq!(keys, ["meeting/meeting-", "meeting/b-1"]);
    }

    #[test]
    fn indexed_merge_equals_the_quadratic_one() {
        let xs = corpus_extractions(11, 400);
        check_same_as_reference(&[], xs.clone());
        // With the first half already "in the store".
        let mut first = xs[..200].to_vec();
        unify(&mut first, &[]);
        let existing: Vec<MeetingSig> = {
            let mut index = MeetingIndex::default();
            index.extend_from(&first);
            let mut sigs = index.meetings();
            sigs.sort_by(|a, b| a.key.cmp(&b.key));
            sigs
        };
        check_same_as_reference(&existing, xs[200..].to_vec());
    }
}

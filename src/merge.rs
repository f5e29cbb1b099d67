//! Cross-article event merging: meetings that several articles report
//! become one node. Meetings with compatible kind, status, date and place
//! and the same parties (or, at the same place or on the same day, shared
//! parties) get one canonical key; a meeting already in the store keeps its
//! key, so later articles join it.

use std::collections::{BTreeMap, BTreeSet};

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
        if let Some(s) = sigs.get_mut(e.source.as_str()) {
            match e.relation {
                Relation::Participant => {
                    s.participants.insert(e.target.clone());
                }
                Relation::Location => {
                    s.locations.insert(e.target.clone());
                }
                _ => {}
            }
        }
    }
    sigs.into_values().collect()
}

/// True when two reports describe the same meeting.
pub fn same(a: &MeetingSig, b: &MeetingSig) -> bool {
    if a.call != b.call || class(a.status) != class(b.status) {
        return false;
    }
    if let (Some(x), Some(y)) = (a.date, b.date)
        && !x.compatible(&y)
    {
        return false;
    }
    if !times_agree(a, b) {
        return false;
    }
    let shared_place = a.locations.intersection(&b.locations).next().is_some();
    if !a.locations.is_empty() && !b.locations.is_empty() && !shared_place {
        return false;
    }
    // Two reports that name no party are the same meeting only if they
    // name the same place: having nothing to compare is no evidence.
    if a.participants.is_empty() || b.participants.is_empty() {
        return a.participants.is_empty() && b.participants.is_empty() && shared_place;
    }
    if a.participants == b.participants {
        return true;
    }
    let shared = a.participants.intersection(&b.participants).count();
    let same_day = matches!((a.date, b.date), (Some(x), Some(y)) if x == y && x.day.is_some());
    shared >= 2 && (shared_place || same_day)
}

/// False when the reports' times contradict each other, as a conflict in
/// place does: two different unresolved time words ("february" and
/// "august"), or a month name against a resolved date in another month.
fn times_agree(a: &MeetingSig, b: &MeetingSig) -> bool {
    let month_vs_date = |w: &Option<String>, d: Option<PartialDate>| match (w, d) {
        (Some(w), Some(PartialDate { month: Some(m), .. })) => {
            crate::relate::dates::month_number(w).is_none_or(|n| n == m)
        }
        _ => true,
    };
    match (&a.when, &b.when) {
        (Some(x), Some(y)) if x != y => false,
        _ => month_vs_date(&a.when, b.date) && month_vs_date(&b.when, a.date),
    }
}

/// Gives merged meetings one key across the extractions, preferring keys
/// already in the store. Returns how many meeting reports were merged away.
pub fn unify(extractions: &mut [Extraction], existing: &[MeetingSig]) -> usize {
    let mut index = MeetingIndex::new(existing.iter().cloned());
    unify_with(extractions, &mut index)
}

/// Meetings already known (read from the store, or written earlier in the
/// same build), indexed so that a new report is compared only with meetings
/// that could be the same: same kind (call or not), same status class, and
/// two shared participants, the same single one, or (for reports without
/// participants) a shared place. That is a superset of what [`same`] can accept, so the
/// result is that of comparing with every meeting, at a cost that grows
/// with the matches rather than with the size of the store.
#[derive(Debug, Default, Clone)]
pub struct MeetingIndex {
    sigs: Vec<MeetingSig>,
    by_key: std::collections::HashMap<String, usize>,
    blocks: std::collections::HashMap<Block, Vec<usize>>,
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Party {
    Pair(String, String),
    Single(String),
    PlaceOnly(String),
}

fn blocks_of(sig: &MeetingSig) -> Vec<Block> {
    let parties: Vec<&String> = sig.participants.iter().collect();
    let keys: Vec<Party> = match parties.as_slice() {
        [] => sig
            .locations
            .iter()
            .cloned()
            .map(Party::PlaceOnly)
            .collect(),
        [one] => vec![Party::Single((*one).clone())],
        _ => parties
            .iter()
            .enumerate()
            .flat_map(|(i, a)| {
                parties[i + 1..]
                    .iter()
                    .map(|b| Party::Pair((*a).clone(), (*b).clone()))
            })
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

    /// Adds a meeting, or extends the known meeting with the same key.
    pub fn add(&mut self, sig: MeetingSig) {
        match self.by_key.get(&sig.key) {
            Some(&i) => {
                let before = blocks_of(&self.sigs[i]);
                let old = &mut self.sigs[i];
                old.participants.extend(sig.participants);
                old.locations.extend(sig.locations);
                old.status = old.status.or(sig.status);
                old.date = old.date.or(sig.date);
                old.when = old.when.take().or(sig.when);
                for b in blocks_of(&self.sigs[i]) {
                    if !before.contains(&b) {
                        self.blocks.entry(b).or_default().push(i);
                    }
                }
            }
            None => {
                let i = self.sigs.len();
                for b in blocks_of(&sig) {
                    self.blocks.entry(b).or_default().push(i);
                }
                self.by_key.insert(sig.key.clone(), i);
                self.sigs.push(sig);
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
    let mut new: Vec<MeetingSig> = Vec::new();
    for (xi, x) in extractions.iter().enumerate() {
        let s = signatures(x);
        origin.extend(std::iter::repeat_n(xi, s.len()));
        new.extend(s);
    }
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
    let mut parent: Vec<usize> = (0..n_existing + new.len()).collect();
    // The new meetings' own blocks, holding indices below the current one.
    let mut new_blocks: std::collections::HashMap<Block, Vec<usize>> =
        std::collections::HashMap::new();
    let mut candidates: Vec<usize> = Vec::new();
    for i in n_existing..n_existing + new.len() {
        let s = sig(i);
        candidates.clear();
        let blocks = blocks_of(s);
        for b in &blocks {
            candidates.extend(index.blocks.get(b).into_iter().flatten());
            candidates.extend(new_blocks.get(b).into_iter().flatten());
        }
        candidates.sort_unstable();
        candidates.dedup();
        for &j in &candidates {
            if s.key != sig(j).key && !same_article(i, j) && same(s, sig(j)) {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                if ri != rj {
                    parent[ri.max(rj)] = ri.min(rj);
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
    if roots.keys().any(|&r| r < n_existing) {
        // Groups rooted at a known meeting: find its known members.
        for j in 0..n_existing {
            let r = find(&mut parent, j);
            if roots.contains_key(&r) {
                canonical.insert(r, index.sigs[j].key.clone());
            }
        }
    }
    for (&r, members) in &roots {
        if r < n_existing {
            continue;
        }
        let mut entry = sig(r).key.clone();
        for &i in members {
            let k = &sig(i).key;
            if k < &entry && !index.by_key.contains_key(&entry) {
                entry = k.clone();
            }
        }
        canonical.insert(r, entry);
    }
    let mut rename: BTreeMap<String, String> = BTreeMap::new();
    for i in n_existing..n_existing + new.len() {
        let r = find(&mut parent, i);
        let c = &canonical[&r];
        if &sig(i).key != c {
            rename.insert(sig(i).key.clone(), c.clone());
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
        for e in &mut x.edges {
            if let Some(c) = rename.get(&e.source) {
                e.source = c.clone();
            }
            if let Some(c) = rename.get(&e.target) {
                e.target = c.clone();
            }
        }
        let mut seen = BTreeSet::new();
        x.nodes.retain(|n| seen.insert(n.key.clone()));
        x.edges.sort();
        x.edges.dedup();
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
                source: key.to_string(),
                relation: Relation::Location,
                target: format!("place/{place}"),
                evidence: crate::model::Evidence {
                    sentence: String::new(),
                    start: 0,
                    end: 0,
                    rule: "test".to_string(),
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
            let mut sigs = index.sigs;
            sigs.sort_by(|a, b| a.key.cmp(&b.key));
            sigs
        };
        check_same_as_reference(&existing, xs[200..].to_vec());
    }
}

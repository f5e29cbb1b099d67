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
    let shared_place = a.locations.intersection(&b.locations).next().is_some();
    if !a.locations.is_empty() && !b.locations.is_empty() && !shared_place {
        return false;
    }
    if a.participants == b.participants {
        return true;
    }
    let shared = a.participants.intersection(&b.participants).count();
    let same_day = matches!((a.date, b.date), (Some(x), Some(y)) if x == y && x.day.is_some());
    shared >= 2 && (shared_place || same_day)
}

/// Gives merged meetings one key across the extractions, preferring keys
/// already in the store. Returns how many meeting reports were merged away.
pub fn unify(extractions: &mut [Extraction], existing: &[MeetingSig]) -> usize {
    let mut sigs: Vec<MeetingSig> = existing.to_vec();
    let n_existing = sigs.len();
    // Which article each report comes from: reports of one article were
    // already merged by the extractor and are never merged here.
    let mut origin: Vec<usize> = vec![usize::MAX; n_existing];
    for (xi, x) in extractions.iter().enumerate() {
        let s = signatures(x);
        origin.extend(std::iter::repeat_n(xi, s.len()));
        sigs.extend(s);
    }
    // Union-find over all reports.
    let mut parent: Vec<usize> = (0..sigs.len()).collect();
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
    for i in n_existing..sigs.len() {
        for j in 0..i {
            if sigs[i].key != sigs[j].key && origin[i] != origin[j] && same(&sigs[i], &sigs[j]) {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                if ri != rj {
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
        }
    }
    // The canonical key of a group: a key already in the store, else the smallest.
    let mut canonical: BTreeMap<usize, (bool, String)> = BTreeMap::new();
    for (i, sig) in sigs.iter().enumerate() {
        let r = find(&mut parent, i);
        let candidate = (i < n_existing, sig.key.clone());
        let entry = canonical.entry(r).or_insert_with(|| candidate.clone());
        // Existing keys first, then the smallest key.
        if (candidate.0 && !entry.0) || (candidate.0 == entry.0 && candidate.1 < entry.1) {
            *entry = candidate;
        }
    }
    let mut rename: BTreeMap<String, String> = BTreeMap::new();
    for (i, sig) in sigs.iter().enumerate().skip(n_existing) {
        let r = find(&mut parent, i);
        let c = &canonical[&r].1;
        if &sig.key != c {
            rename.insert(sig.key.clone(), c.clone());
        }
    }
    // One label and status per merged meeting, so the union of the article
    // graphs reads as one node: the canonical report's label, and "proposed"
    // over "planned" when reports differ on how firm the plan is.
    let mut canonical_look: BTreeMap<String, (String, Option<Status>)> = BTreeMap::new();
    for x in extractions.iter() {
        for n in x.nodes.iter().filter(|n| n.kind.is_meeting()) {
            let key = rename.get(&n.key).unwrap_or(&n.key);
            let entry = canonical_look
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
            if let Some((label, status)) =
                canonical_look.get(&n.key).filter(|_| n.kind.is_meeting())
            {
                n.label = label.clone();
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
        // Two reports in one article merged into one key: keep one node.
        let mut seen = BTreeSet::new();
        x.nodes.retain(|n| seen.insert(n.key.clone()));
        x.edges.sort();
        x.edges.dedup();
    }
    rename.len()
}

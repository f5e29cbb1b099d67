//! Resolved mentions -> meetings and relations with evidence.
//!
//! Each sentence becomes a sequence of units (entities, words, punctuation).
//! The cues of `ontology/patterns.ttl` mark verbs, meeting nouns, negation
//! and modality; the rules here find each cue's subject and object agents,
//! build meeting candidates with their participants, host, place, date and
//! status, merge candidates that describe the same meeting, and emit edges.
//! A negated or hypothetical statement yields nothing.

pub mod dates;

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::collections::BTreeSet;
use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};

use crate::lexicon::{CueKind, Lexicon};
use crate::model::{
    Document, Edge, Evidence, Node, NodeKind, PartialDate, Relation, Sentence, Status,
};
use crate::recognize::{Mention, MentionKind};
use crate::resolve::{Resolution, slug};
use crate::segment::{Token, WordList};

#[derive(Debug, Clone, PartialEq)]
enum UnitKind {
    Ent(usize),
    Group(usize),
    /// A regional group ("European leaders"), with the article's leaders it covers.
    Region(Vec<usize>),
    /// A word: the unit's `word`.
    Word,
    Punct(char),
}

#[derive(Debug, Clone)]
struct Unit<'a> {
    kind: UnitKind,
    /// A word in lower case, with ’ as '; borrowed from the text when it
    /// already is. Empty for other units, so rules read it without asking
    /// what kind of unit they look at.
    word: Cow<'a, str>,
    start: usize,
    end: usize,
    possessive: bool,
    /// Ends a clause (see [`is_boundary`]), worked out once per unit.
    boundary: bool,
}

/// The word at `k`, or "" past the end or for a non-word unit.
fn word_at<'a>(units: &'a [Unit], k: usize) -> &'a str {
    units.get(k).map_or("", Unit::word)
}

impl Unit<'_> {
    fn word(&self) -> &str {
        &self.word
    }
    fn ent(&self) -> Option<usize> {
        match self.kind {
            UnitKind::Ent(e) => Some(e),
            _ => None,
        }
    }
    fn is_punct(&self, c: char) -> bool {
        matches!(self.kind, UnitKind::Punct(p) if p == c)
    }
}

/// A cue found in a sentence: pattern index and unit range.
#[derive(Debug, Clone, Copy)]
struct Cue {
    pattern: usize,
    kind: CueKind,
    start: usize,
    end: usize,
}

/// A meeting as one sentence describes it, before merging.
#[derive(Debug, Clone)]
struct Candidate<'l> {
    call: bool,
    participants: Vec<usize>,
    hosts: Vec<usize>,
    proposers: Vec<usize>,
    rejecters: Vec<usize>,
    callers: Vec<(usize, usize)>,
    locations: Vec<usize>,
    date: Option<PartialDate>,
    /// Time words near the meeting, kept even when they cannot be resolved
    /// (no article date), so "February's meeting" and "Monday's" stay apart.
    time_hint: Option<String>,
    status: Status,
    sentence: usize,
    /// Sentence and unit of the latest cue that names this meeting.
    mentioned: (usize, usize),
    /// The nouns that named it ("summit", "talks").
    nouns: Vec<String>,
    rule: &'l str,
    joins: Joins,
    /// Told as following another meeting ("was later hosted at a
    /// dinner"): an event of its own, merged only within its sentence.
    sequel: bool,
    /// Held "on the sidelines of" a gathering: never the gathering itself.
    beside: bool,
    /// The gathering named after "on the sidelines of".
    gathering: bool,
    /// Told in a headline, which sums up the report below it.
    headline: bool,
    /// A visit ("visited Beijing", "his visit to India"): the host nation
    /// takes part (see [`host_nation_joins_visit`]).
    visit: bool,
    /// Where and when the gathering it was held beside was: the meeting's
    /// own place and date, if the text gives none for it.
    gathering_places: Vec<usize>,
    gathering_date: Option<PartialDate>,
}

/// How a candidate meets the meetings named before it in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Joins {
    /// A meeting of its own, merged with the same meeting reported again.
    Own,
    /// "Sanchez also attended.": more parties for the held meeting named
    /// last. Several attendees of a noun no meeting was called before make
    /// a meeting of their own.
    Last,
    /// "talks on the sidelines": the parties attended the gathering named
    /// last; without one they add nothing.
    Gathering,
}

const SKIP_BEFORE_VERB: WordList = WordList::new(&[
    "has",
    "have",
    "had",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "would",
    "will",
    "could",
    "should",
    "might",
    "may",
    "also",
    "again",
    "later",
    "then",
    "previously",
    "reportedly",
    "publicly",
    "harshly",
    "already",
    "all",
    "but",
    "directly",
    "first",
    "not",
    "never",
    "no",
    "longer",
    "did",
    "does",
    "do",
    "to",
    "just",
    "still",
    "even",
    "now",
    "repeatedly",
    "jointly",
    "together",
    "both",
    "once",
    "formally",
    "officially",
    "personally",
    "separately",
    "eventually",
    "himself",
    "herself",
    "themselves",
    "delegation",
    "team",
    "government",
    "administration",
    "forces",
    "officials",
    "ministry",
    "n't",
    "can",
    "begun",
    "begin",
    "began",
    "want",
    "wants",
    "wanted",
    "hoped",
    "hope",
    "hopes",
    "expected",
    "set",
    "due",
    "plans",
    "planned",
    "agreed",
    "agree",
    "agrees",
    "said",
    "says",
    "confirmed",
    "yet",
    "ever",
    "recently",
    "finally",
    "only",
    "last",
    "week",
    "a",
    "an",
    "full",
    "founding",
    "permanent",
]);
const SKIP_AFTER_VERB: &[&str] = &[
    // "met visiting Australian Prime Minister Anthony Albanese"
    "visiting",
    "fellow",
    "outgoing",
    "incoming",
    "with",
    "to",
    "on",
    "by",
    "phone",
    "telephone",
    "the",
    "a",
    "an",
    "in",
    "person",
    "face-to-face",
    "privately",
    "briefly",
    "again",
    "separately",
    "warmly",
    "directly",
];
/// The most units an appositive or relative clause between commas spans.
const MAX_ASIDE: usize = 16;
const CLAUSE_WORDS: WordList = WordList::new(&[
    "but", "while", "although", "though", "because", "which", "when", "where", "whereas", "if",
    "unless", "whether", "after", "before", "until", "since",
]);
const PARTICIPANT_PREPS: WordList = WordList::new(&[
    "with",
    "between",
    "among",
    "amongst",
    "involving",
    "including",
    "alongside",
    "and",
]);
const PREPOSITIONS: WordList = WordList::new(&[
    "following",
    "with",
    "after",
    "before",
    "at",
    "in",
    "of",
    "during",
    "for",
    "to",
    "on",
    "by",
    "from",
    "between",
    "among",
    "about",
    "over",
    "since",
    "ahead",
    "and",
    "or",
    "than",
]);
const TIME_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "yesterday",
    "today",
    "tomorrow",
    "year",
    "month",
    "week",
];
const DETERMINERS: WordList = WordList::new(&[
    "a", "an", "the", "its", "their", "his", "her", "this", "that", "any", "such", "some",
]);

pub struct Output {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// The rule names of an article's evidence, each allocated once and shared.
/// Every name is borrowed from a pattern of the lexicon or a literal of a
/// rule for as long as the names are kept, so no other text can take its
/// address meanwhile: a name is found again by its address alone (the same
/// name at two addresses only costs a second allocation).
#[derive(Default)]
struct RuleNames<'l>(RefCell<Vec<(&'l str, Arc<str>)>>);

impl<'l> RuleNames<'l> {
    fn get(&self, name: &'l str) -> Arc<str> {
        let mut names = self.0.borrow_mut();
        if let Some((_, known)) = names.iter().find(|(n, _)| std::ptr::eq(*n, name)) {
            return Arc::clone(known);
        }
        let new: Arc<str> = name.into();
        names.push((name, Arc::clone(&new)));
        new
    }
}

/// Reads meetings and relations from one article.
pub fn relate<'l>(
    doc: &Document,
    sentences: &[Sentence],
    tokens: &[Option<Vec<Token>>],
    mentions: &[Mention],
    resolution: &Resolution,
    lexicon: &'l Lexicon,
) -> Output {
    let (doc_id, text, article_date) = (doc.id.as_str(), doc.text.as_str(), doc.date);
    let entities = &resolution.entities;
    let mut edges: Vec<Edge> = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut proposals: HashMap<String, Node> = HashMap::new();
    let mut statements: HashMap<String, Node> = HashMap::new();
    let mut recent_leaders: Vec<usize> = Vec::new();
    // The proposal named last, and the sentence that named it.
    let mut last_proposal: Option<(String, usize)> = None;
    let sentence_chars = sentence_char_spans(text, sentences);
    // Each sentence's text is copied once, when its first fact needs it, and
    // shared by every fact it states.
    let sentence_texts: Vec<OnceCell<Arc<str>>> = vec![OnceCell::new(); sentences.len()];
    let sentence_text = |si: usize| {
        let s = sentences[si];
        Arc::clone(sentence_texts[si].get_or_init(|| text[s.start..s.end].into()))
    };
    // Entity keys and rule names are allocated once per article and shared
    // by every edge that names them.
    let entity_keys: Vec<OnceCell<Arc<str>>> = vec![OnceCell::new(); entities.len()];
    let key_of =
        |e: usize| Arc::clone(entity_keys[e].get_or_init(|| entities[e].key.as_str().into()));
    let rule_names = RuleNames::default();
    // The evidence of a fact the sentence states, found by the rule.
    let evidence_at = |si: usize, rule: &'l str| {
        let (start, end) = sentence_chars[si];
        Evidence {
            sentence: sentence_text(si),
            start,
            end,
            rule: rule_names.get(rule),
        }
    };
    // The mentions of each sentence, in order, found in one pass: scanning
    // all mentions for every sentence was quadratic on long articles.
    let by_sentence = crate::recognize::MentionsBySentence::new(mentions, sentences.len());

    // A sentence's units and cues, in buffers every sentence reuses.
    let mut unit_buffers: (Vec<Unit>, Vec<Unit>) = (Vec::new(), Vec::new());
    let mut cue_buffers: (Vec<Cue>, Vec<Cue>) = (Vec::new(), Vec::new());
    for (si, s) in sentences.iter().enumerate() {
        let known = tokens.get(si).and_then(Option::as_deref);
        units(
            text,
            s,
            known,
            by_sentence.of(si),
            mentions,
            resolution,
            lexicon,
            &mut unit_buffers,
        );
        let units = unit_buffers.0.as_slice();
        find_cues(units, lexicon, &mut cue_buffers);
        let cues = cue_buffers.0.as_slice();
        let evidence = |rule: &'l str| evidence_at(si, rule);
        let question = text[s.start..s.end]
            .trim_end_matches(['"', '”', '\'', '’'])
            .ends_with('?');
        let headline = is_headline(&text[s.start..s.end]);
        let first_candidate = candidates.len();

        for cue in cues.iter().filter(|c| c.kind.states_a_fact()) {
            let pattern = &lexicon.patterns[cue.pattern];
            let negated = is_negated(units, cue, cues);
            let hypothetical = question || is_hypothetical(units, cue, cues);
            if hypothetical {
                continue;
            }
            match cue.kind {
                CueKind::MeetVerb | CueKind::HostVerb | CueKind::CallVerb => {
                    // "Yoon was hosted by Kishida": the agent after "by" is the subject.
                    let passive = passive_agent(units, cue);
                    let is_passive = passive.is_some();
                    // "Kishida will travel to Seoul in May to meet Yoon": the
                    // trip says who, when and where, and how sure the meeting is.
                    let trip = trip_before(units, cue, lexicon).map(|t| Cue {
                        pattern: cue.pattern,
                        kind: cue.kind,
                        start: t,
                        end: t + 1,
                    });
                    if trip.is_some_and(|t| is_negated(units, &t, cues)) {
                        continue;
                    }
                    let (subjects, mut objects) = match passive {
                        Some(agents) => (agents, subjects(units, cue.start)),
                        None => {
                            let mut s = match trip {
                                Some(t) => subjects(units, t.start),
                                None => subjects(units, cue.start),
                            };
                            // "Zelenskyy's invitation to meet him": whoever
                            // invites (offers, plans) is who would meet.
                            if s.is_empty() && cue.start > 0 && units[cue.start - 1].word() == "to"
                            {
                                s.extend(owner_of_proposal(units, cue.start - 1, cues));
                            }
                            // "Kishida will travel to Seoul in May to meet Yoon":
                            // the clause subject governs the infinitive.
                            if s.is_empty() && cue.start > 0 && units[cue.start - 1].word() == "to"
                            {
                                let cs = clause_start(units, cue.start);
                                s = (cs..cue.start)
                                    .find(|&k| {
                                        units[k].ent().is_some_and(|e| is_person(entities[e].kind))
                                    })
                                    .into_iter()
                                    .collect();
                            }
                            if s.is_empty() {
                                s = shared_subject(units, cue.start);
                            }
                            (s, own_objects(units, cue.end, cues))
                        }
                    };
                    if bare_verb_without_auxiliary(units, cue, &subjects, cues) {
                        continue;
                    }
                    // Places (and, for visits, nations) visited are where the meeting is.
                    let visit = units[cue.start].word().starts_with("visit");
                    let mut visited: Vec<usize> = Vec::new();
                    objects.retain(|&u| match units[u].ent() {
                        Some(e) if entities[e].kind == NodeKind::Place => {
                            visited.push(e);
                            false
                        }
                        // "visited Egypt"; in "visited the Egyptian side of the
                        // crossing" the nation's adjective is neither the
                        // place nor a party.
                        Some(e) if visit && entities[e].kind == NodeKind::Nation => {
                            if !is_demonym(
                                &text[units[u].start..units[u].end],
                                &entities[e],
                                lexicon,
                            ) {
                                visited.push(e);
                            }
                            false
                        }
                        _ => true,
                    });
                    let phone = (cue.kind == CueKind::MeetVerb)
                        .then(|| by_phone(units, cue.end))
                        .flatten();
                    let call = cue.kind == CueKind::CallVerb || phone.is_some();
                    if call {
                        objects.retain(|&u| {
                            units[u].ent().is_some_and(|e| is_person(entities[e].kind))
                        });
                    }
                    let host = cue.kind == CueKind::HostVerb;
                    // "Erdogan and Putin spoke by phone": a call between the
                    // subjects, neither of whom is said to have made it.
                    let mutual = call && objects.is_empty() && subjects.len() >= 2;
                    if (call || host) && (subjects.is_empty() || objects.is_empty()) && !mutual {
                        continue;
                    }
                    // "The two leaders had last met in Paris": the group's members.
                    let subj_ents = ents_and_groups(
                        units,
                        &subjects,
                        &candidates[first_candidate..],
                        &candidates[..first_candidate],
                        &recent_leaders,
                    );
                    let obj_ents = ents(units, &objects);
                    let mut status = modality(units, cue, cues).unwrap_or(Status::Held);
                    if negated {
                        if status == Status::Declined && !call {
                            // "X declined to meet Y": a declined meeting, and X rejected it.
                        } else {
                            continue;
                        }
                    }
                    if lexicon.patterns[cue.pattern]
                        .forms
                        .iter()
                        .any(|f| f.len() == 1 && f[0] == "meet")
                        && status == Status::Held
                    {
                        // A bare infinitive "meet" is never a report of a held meeting.
                        let prev = cue
                            .start
                            .checked_sub(1)
                            .map(|k| units[k].word())
                            .unwrap_or("");
                        // Headlines tell past events in the present ("Modi and
                        // Ishiba meet at G20") and plans with "to" ("Biden to
                        // meet Xi").
                        if units[cue.start].word() == "meet" && prev != "did" {
                            status = match (headline, prev) {
                                (true, "to") => Status::Planned,
                                (true, _) => Status::Held,
                                (false, _) => Status::Proposed,
                            };
                        }
                    }
                    if let Some(t) = trip
                        && !negated
                    {
                        status = modality(units, &t, cues).unwrap_or(Status::Held);
                    }
                    // "Hasina invited Modi to visit Dhaka": the host who
                    // invites takes part, and proposed the meeting.
                    let invited_by = if !is_passive && trip.is_none() {
                        inviters(units, &subjects, cue)
                    } else {
                        Vec::new()
                    };
                    let mut participants = subj_ents.clone();
                    participants.extend(obj_ents.iter().copied());
                    participants.extend(invited_by.iter().copied());
                    dedup(&mut participants);
                    // The phrase goes on past "by phone", which is a cue too.
                    let phrase = Cue {
                        end: phone.map_or(cue.end, |p| p + 1),
                        ..*cue
                    };
                    let window_end = clause_end(units, cue.end)
                        .min(phrase_window(units, &phrase, cues).1.max(cue.end + 1))
                        .max(cue.end);
                    let (mut locations, date, time_hint) = place_and_date(
                        units,
                        entities,
                        trip.map_or(cue.start.saturating_sub(3), |t| t.start),
                        window_end,
                        article_date,
                        status != Status::Held,
                    );
                    // "met on the sidelines of the BRICS summit in Kazan on
                    // Wednesday": where and when the summit was, unless the
                    // meeting says otherwise ("at the Filoli estate").
                    let beside = beside_gathering(
                        units,
                        cues,
                        entities,
                        (cue.end, clause_over_asides(units, cue.end).1),
                        article_date,
                        status != Status::Held,
                    );
                    // A site named with its kind ("the Rafah crossing") is
                    // visited, but a visit to it alone is no meeting.
                    let visited_any = visited.iter().copied().find(|&e| !is_site(&entities[e]));
                    locations.extend(visited);
                    // "Talks took place in Ankara. Lula would not meet him
                    // there": "there" is where the meeting just reported was.
                    if locations.is_empty()
                        && (cue.end..window_end).any(|k| units[k].word() == "there")
                        && let Some(before) = candidates
                            .iter()
                            .rev()
                            .take_while(|c| c.sentence + 1 >= si)
                            .find(|c| !c.locations.is_empty())
                    {
                        locations.extend(before.locations.iter().copied());
                    }
                    dedup(&mut locations);
                    participants.retain(|p| !locations.contains(p));
                    // One party makes a meeting only where it visits, travels
                    // or is the one met: "spoke with reporters in Washington"
                    // is none.
                    let one_sided = obj_ents.is_empty() && visited_any.is_none() && trip.is_none();
                    if participants.len() < 2 && (locations.is_empty() || one_sided) {
                        continue;
                    }
                    let mut c =
                        Candidate::new(call, participants, status, (si, cue.start), &pattern.name);
                    c.sequel = status == Status::Held && told_as_sequel(units, cue.start);
                    c.held_beside(beside);
                    c.locations = locations;
                    c.date = date;
                    c.time_hint = time_hint;
                    c.visit = visit;
                    // "Biden will host Kishida": the host of a planned meeting too.
                    if host && matches!(status, Status::Held | Status::Planned | Status::Proposed) {
                        c.hosts = subj_ents.clone();
                    }
                    if call && status == Status::Held {
                        for &a in &subj_ents {
                            for &b in &obj_ents {
                                c.callers.push((a, b));
                            }
                        }
                    }
                    let inviter = (cue.start > 0 && units[cue.start - 1].word() == "to")
                        .then(|| owner_of_proposal(units, cue.start - 1, cues))
                        .flatten()
                        .and_then(|u| units[u].ent());
                    if status == Status::Declined {
                        c.rejecters = match inviter {
                            // "Putin declined Zelenskyy's invitation to meet
                            // him": the one who declines, not the one who invites.
                            Some(_) => refuser(units, cue, cues),
                            None => subj_ents.clone(),
                        };
                    }
                    c.proposers.extend(inviter);
                    c.proposers.extend(invited_by);
                    // "Lula suggested he meet Milei": whoever proposed it.
                    if let Some(p) = proposer_before(units, cue.start, cues) {
                        c.proposers.extend(p);
                        if c.status == Status::Held {
                            c.status = Status::Proposed;
                        }
                    }
                    // "spoke with Putin on Sunday and with Zelenskyy a day
                    // later": a second meeting of the same kind and subject.
                    let others = second_party(units, cue.end);
                    if !others.is_empty() && c.proposers.is_empty() {
                        let mut parties = subj_ents.clone();
                        parties.extend(others.iter().copied());
                        dedup(&mut parties);
                        let mut second =
                            Candidate::new(call, parties, c.status, (si, cue.start), &pattern.name);
                        if call && c.status == Status::Held {
                            second.callers = subj_ents
                                .iter()
                                .flat_map(|&a| others.iter().map(move |&b| (a, b)))
                                .collect();
                        }
                        candidates.push(c);
                        candidates.push(second);
                    } else {
                        candidates.push(c);
                    }
                }
                CueKind::AttendVerb if !negated => {
                    // "Sanchez and Costa also attended." / "Wang Yi
                    // joined the two presidents": no meeting noun follows, so
                    // they join the meeting the article is telling about.
                    let noun_follows = cues.iter().any(|c| {
                        matches!(c.kind, CueKind::MeetingNoun | CueKind::CallNoun)
                            && c.start >= cue.end
                            && c.start <= cue.end + 4
                    });
                    if noun_follows {
                        continue;
                    }
                    // "Finland joined NATO", "joined the government": an
                    // object that is neither a person nor a meeting is
                    // something else joined.
                    let objects = objects(units, cue.end);
                    let other_object = objects
                        .iter()
                        .any(|&u| units[u].ent().is_some_and(|e| !is_person(entities[e].kind)))
                        || (objects.is_empty()
                            && matches!(
                                units.get(cue.end).map(Unit::word),
                                Some("the" | "a" | "an" | "its" | "his" | "her" | "their")
                            ));
                    if other_object {
                        continue;
                    }
                    let mut people = ents(units, &subjects(units, cue.start));
                    people.extend(ents_and_groups(
                        units,
                        &objects,
                        &candidates[first_candidate..],
                        &candidates[..first_candidate],
                        &recent_leaders,
                    ));
                    // "A and B are expected to attend, along with C"
                    let along = match units.get(cue.end) {
                        Some(u) if u.is_punct(',') => cue.end + 1,
                        _ => cue.end,
                    };
                    let along = match (word_at(units, along), word_at(units, along + 1)) {
                        ("along", "with") | ("as", "well") => Some(along + 2),
                        ("alongside", _) => Some(along + 1),
                        _ => None,
                    };
                    if let Some(k) = along {
                        let k = if word_at(units, k) == "as" { k + 1 } else { k };
                        people.extend(ents(units, &list_from(units, k)));
                    }
                    dedup(&mut people);
                    people.retain(|&e| is_person(entities[e].kind));
                    // "are expected to attend": attendees of the meeting
                    // being planned.
                    let status = match modality(units, cue, cues) {
                        None => Status::Held,
                        Some(s @ (Status::Planned | Status::Proposed)) => s,
                        Some(_) => continue,
                    };
                    if people.is_empty() {
                        continue;
                    }
                    let mut c =
                        Candidate::new(false, people, status, (si, cue.start), &pattern.name);
                    c.joins = Joins::Last;
                    candidates.push(c);
                }
                CueKind::MeetingNoun | CueKind::CallNoun => {
                    if let Some(c) = noun_meeting(
                        units,
                        cue,
                        lexicon,
                        cues,
                        entities,
                        si,
                        &pattern.name,
                        article_date,
                        &candidates[first_candidate..],
                        &candidates[..first_candidate],
                        &recent_leaders,
                    ) {
                        if negated && c.status != Status::Declined && c.status != Status::Cancelled
                        {
                            continue;
                        }
                        candidates.push(c);
                    }
                }
                CueKind::Verb | CueKind::Member | CueKind::ProposeVerb => {
                    let Some(relation) = pattern.relation.as_deref().and_then(Relation::from_name)
                    else {
                        continue;
                    };
                    if negated {
                        continue;
                    }
                    let passive = passive_agent(units, cue);
                    let is_passive = passive.is_some();
                    let (subjects, objects) = match passive {
                        Some(agents) => (agents, subjects(units, cue.start)),
                        None => {
                            let mut s = subjects(units, cue.start);
                            if s.is_empty() {
                                s = shared_subject(units, cue.start);
                            }
                            (s, own_objects(units, cue.end, cues))
                        }
                    };
                    let subj_ents = ents(units, &subjects);
                    if subj_ents.is_empty()
                        || bare_verb_without_auxiliary(units, cue, &subjects, cues)
                    {
                        continue;
                    }
                    // Objects that are meetings are handled with the meeting.
                    let meeting_after = cues.iter().any(|c| {
                        matches!(c.kind, CueKind::MeetingNoun | CueKind::MeetVerb)
                            && c.start >= cue.end
                            && c.start <= cue.end + 6
                    });
                    if relation == Relation::Proposed && meeting_after {
                        continue;
                    }
                    // "welcomed the visitors to the palace" is hosting, which the
                    // host rule reads; it is no stance on the visitors. So is
                    // "welcomed leaders to a peace conference", where "to"
                    // leads to a meeting or a place.
                    let hosting = relation == Relation::Welcomed
                        && (objects.last().is_some_and(|&o| {
                            !units[o].possessive
                                && units[o + 1..units.len().min(o + 4)]
                                    .iter()
                                    .take_while(|u| !matches!(u.kind, UnitKind::Punct(_)))
                                    .any(|u| u.word() == "to")
                        }) || (objects.is_empty() && welcomed_to_a_meeting(units, cue, cues)));
                    if hosting {
                        continue;
                    }
                    // "Biden praised both leaders": the leaders the group names.
                    let obj_ents = ents_and_groups(
                        units,
                        &objects,
                        &candidates[first_candidate..],
                        &candidates[..first_candidate],
                        &recent_leaders,
                    );
                    // "called on Hasina at her hotel" is a visit; "called on
                    // Hasina to act" or "for calm" urges her.
                    if relation == Relation::Urged
                        && matches!(units[cue.start].word(), "called" | "calls" | "call")
                        && let Some(&last) = objects.last()
                        && obj_ents.iter().all(|&e| is_person(entities[e].kind))
                    {
                        let end = clause_end(units, last + 1);
                        let urges = units[last + 1..end]
                            .iter()
                            .any(|u| matches!(u.word(), "to" | "for"));
                        if !urges {
                            let status = modality(units, cue, cues).unwrap_or(Status::Held);
                            let mut parties = subj_ents.clone();
                            parties.extend(obj_ents.iter().copied());
                            dedup(&mut parties);
                            let (locations, date, time_hint) = place_and_date(
                                units,
                                entities,
                                last + 1,
                                end,
                                article_date,
                                status != Status::Held,
                            );
                            let mut c = Candidate::new(
                                false,
                                parties,
                                status,
                                (si, cue.start),
                                "called-on",
                            );
                            c.locations = locations;
                            c.date = date;
                            c.time_hint = time_hint;
                            candidates.push(c);
                            continue;
                        }
                    }
                    // "urged an immediate ceasefire": calling for a thing,
                    // not pressing someone, backs it. "urged the world to
                    // act" presses someone all the same.
                    let relation = if relation == Relation::Urged
                        && obj_ents.is_empty()
                        && !is_passive
                        && matches!(word_at(units, cue.end), "a" | "an" | "the")
                        && !(cue.end..clause_end(units, cue.end)).any(|k| units[k].word() == "to")
                    {
                        Relation::Supports
                    } else {
                        relation
                    };
                    let targets: Vec<Arc<str>> =
                        if !obj_ents.is_empty() && relation != Relation::Proposed {
                            obj_ents.iter().map(|&e| key_of(e)).collect()
                        } else if !is_passive
                            && matches!(
                                relation,
                                Relation::Proposed
                                    | Relation::Supports
                                    | Relation::Opposes
                                    | Relation::Rejected
                                    | Relation::Welcomed
                            )
                        {
                            // "Guterres backed the appeal": the proposal the
                            // sentence before made.
                            let earlier = last_proposal.as_ref().filter(|(_, at)| {
                                *at + 1 == si && names_proposal_again(units, cue.end, cues)
                            });
                            let key = match (earlier, proposal_phrase(text, units, cue.end, cues)) {
                                (Some((key, _)), _) => key.clone(),
                                (None, Some(label)) => {
                                    let key = format!("proposal/{}", slug(&label));
                                    proposals.entry(key.clone()).or_insert_with(|| {
                                        Node::new(key.clone(), NodeKind::Proposal, label)
                                    });
                                    key
                                }
                                (None, None) => continue,
                            };
                            last_proposal = Some((key.clone(), si));
                            vec![Arc::from(key)]
                        } else {
                            continue;
                        };
                    for &s_ent in &subj_ents {
                        for t in &targets {
                            if entities[s_ent].key.as_str() == &**t {
                                continue;
                            }
                            if relation == Relation::MemberOf
                                && !(matches!(
                                    entities[s_ent].kind,
                                    NodeKind::Nation | NodeKind::Organization
                                ) && t.starts_with("org/"))
                            {
                                continue;
                            }
                            edges.push(Edge {
                                source: key_of(s_ent),
                                relation,
                                target: Arc::clone(t),
                                evidence: evidence(&pattern.name),
                            });
                        }
                    }
                }
                // The kinds that state no fact were left out above.
                _ => {}
            }
        }
        // "Ruto held talks with Guterres on the sidelines": both attended
        // the summit (or conference) the article reports.
        // A gathering named in the sentence has its parties already.
        let named_gathering = candidates[first_candidate..].iter().any(|c| c.gathering);
        if !question && !named_gathering && units.iter().any(|u| u.word() == "sidelines") {
            let side_meetings: Vec<Vec<usize>> = candidates[first_candidate..]
                .iter()
                .filter(|c| c.status == Status::Held && !c.call && c.participants.len() > 1)
                .map(|c| c.participants.clone())
                .collect();
            for parties in side_meetings {
                let mut c = Candidate::new(false, parties, Status::Held, (si, 0), SIDELINES);
                c.joins = Joins::Gathering;
                c.nouns = GATHERING_NOUNS.iter().map(|n| n.to_string()).collect();
                candidates.push(c);
            }
        }
        if !question {
            let mut heads: Vec<usize> = delegation_heads(units, cues)
                .into_iter()
                .filter(|&e| is_person(entities[e].kind))
                .collect();
            dedup(&mut heads);
            if !heads.is_empty() {
                let mut c = Candidate::new(false, heads, Status::Held, (si, 0), "delegation-head");
                c.joins = Joins::Last;
                candidates.push(c);
            }
        }
        for (member, body) in members_named(units, entities) {
            edges.push(Edge {
                source: key_of(member),
                relation: Relation::MemberOf,
                target: key_of(body),
                evidence: evidence("member-named"),
            });
        }
        if !question {
            for (chair, body) in chairs_taken(units, entities, cues) {
                for relation in [Relation::LeaderOf, Relation::Represents] {
                    edges.push(Edge {
                        source: key_of(chair),
                        relation,
                        target: key_of(body),
                        evidence: evidence("took-chair"),
                    });
                }
            }
        }
        // Quotes and their speakers: "“...,” Xi said", "Xi said: “...”".
        for (qs, qe) in quotes(units) {
            let Some(speaker) = speaker_of_quote(units, qs, qe, cues) else {
                continue;
            };
            let quote = text[units[qs].end..units[qe].start]
                .trim()
                .trim_end_matches([',', ' '])
                .to_string();
            if quote.chars().count() < 3 {
                continue;
            }
            // The speaker and the words: the same quote by the same speaker
            // is one statement wherever it is reported.
            let digest = blake3::Hasher::new()
                .update(entities[speaker].key.as_bytes())
                .update(b"\n")
                .update(quote.as_bytes())
                .finalize();
            let key = ["statement/", &digest.to_hex()[..16]].concat();
            let label: String = if quote.chars().count() > 80 {
                format!("{}…", quote.chars().take(79).collect::<String>())
            } else {
                quote.clone()
            };
            let mut node = Node::new(key.clone(), NodeKind::Statement, label);
            node.aliases.clear();
            node.quote = Some(quote);
            statements.entry(key.clone()).or_insert(node);
            edges.push(Edge {
                source: key_of(speaker),
                relation: Relation::Said,
                target: key.into(),
                evidence: evidence("said"),
            });
        }
        if headline {
            for c in &mut candidates[first_candidate..] {
                c.headline = true;
            }
        }
        for u in units {
            if let Some(e) = u.ent()
                && entities[e].kind == NodeKind::Leader
            {
                recent_leaders.retain(|&x| x != e);
                recent_leaders.push(e);
            }
        }
    }

    // Office holders: leaderOf and represents, with the sentence that says so.
    for (i, e) in entities.iter().enumerate() {
        if e.kind != NodeKind::Leader {
            continue;
        }
        if let Some((n, si)) = &e.leader_of {
            edges.push(Edge {
                source: key_of(i),
                relation: Relation::LeaderOf,
                target: n.as_str().into(),
                evidence: evidence_at(*si, "office-title"),
            });
        }
        if let Some((n, si)) = &e.represents {
            edges.push(Edge {
                source: key_of(i),
                relation: Relation::Represents,
                target: n.as_str().into(),
                evidence: evidence_at(*si, "office-title"),
            });
        }
    }

    let mut meetings = merge_candidates(candidates, entities, lexicon);
    for m in &mut meetings {
        if m.locations.is_empty() {
            m.locations = std::mem::take(&mut m.gathering_places);
        }
        if m.date.is_none() {
            m.date = m.gathering_date;
        }
        if m.hosts.is_empty() {
            m.hosts = venue_hosts(m, entities, lexicon);
        }
    }
    // "will visit India and the Philippines": one visit to each nation.
    let mut meetings: Vec<Candidate> = meetings
        .into_iter()
        .flat_map(|m| {
            let nations: Vec<usize> = m
                .locations
                .iter()
                .copied()
                .filter(|&l| entities[l].kind == NodeKind::Nation)
                .collect();
            if m.visit && nations.len() >= 2 && nations.len() == m.locations.len() {
                nations
                    .into_iter()
                    .map(|n| {
                        let mut one = m.clone();
                        one.locations = vec![n];
                        one
                    })
                    .collect()
            } else {
                vec![m]
            }
        })
        .collect();
    for i in 0..meetings.len() {
        if meetings[i].visit {
            host_nation_joins_visit(&mut meetings, i, entities, lexicon);
        }
    }
    let mut nodes: Vec<Node> = Vec::new();
    for (n, m) in meetings.iter().enumerate() {
        let key = ["meeting/", doc_id, "-", &n.to_string()].concat();
        let shared_key: Arc<str> = key.as_str().into();
        let ev = |rule: &'l str| evidence_at(m.sentence, rule);
        let kind = if m.call {
            NodeKind::PhoneCall
        } else {
            NodeKind::Meeting
        };
        let mut node = Node::new(key, kind, meeting_label(m, entities));
        node.aliases.clear();
        node.status = Some(m.status);
        node.date = m.date;
        if m.date.is_none() {
            node.time_word = m.time_hint.clone();
        }
        nodes.push(node);
        for &p in &m.participants {
            edges.push(Edge {
                source: Arc::clone(&shared_key),
                relation: Relation::Participant,
                target: key_of(p),
                evidence: ev(m.rule),
            });
        }
        for &l in &m.locations {
            edges.push(Edge {
                source: Arc::clone(&shared_key),
                relation: Relation::Location,
                target: key_of(l),
                evidence: ev(m.rule),
            });
        }
        for &h in &m.hosts {
            edges.push(Edge {
                source: key_of(h),
                relation: Relation::Hosted,
                target: Arc::clone(&shared_key),
                evidence: ev("hosted"),
            });
        }
        for &p in &m.proposers {
            edges.push(Edge {
                source: key_of(p),
                relation: Relation::Proposed,
                target: Arc::clone(&shared_key),
                evidence: ev("proposed"),
            });
        }
        for &r in &m.rejecters {
            edges.push(Edge {
                source: key_of(r),
                relation: Relation::Rejected,
                target: Arc::clone(&shared_key),
                evidence: ev("declined"),
            });
        }
        for &(a, b) in &m.callers {
            edges.push(Edge {
                source: key_of(a),
                relation: Relation::Called,
                target: key_of(b),
                evidence: ev(m.rule),
            });
        }
        if m.status == Status::Held && !m.call {
            let leaders: Vec<usize> = m
                .participants
                .iter()
                .copied()
                .filter(|&p| entities[p].kind == NodeKind::Leader)
                .collect();
            for (i, &a) in leaders.iter().enumerate() {
                for &b in &leaders[i + 1..] {
                    let (x, y) = if entities[a].key < entities[b].key {
                        (a, b)
                    } else {
                        (b, a)
                    };
                    edges.push(Edge {
                        source: key_of(x),
                        relation: Relation::MetWith,
                        target: key_of(y),
                        evidence: ev("held-meeting"),
                    });
                }
            }
        }
    }
    let mut statements: Vec<Node> = statements.into_values().collect();
    statements.sort_by(|a, b| a.key.cmp(&b.key));
    nodes.extend(statements);
    let mut proposals: Vec<Node> = proposals.into_values().collect();
    proposals.sort_by(|a, b| a.key.cmp(&b.key));
    nodes.extend(proposals);
    Output { nodes, edges }
}

impl<'l> Candidate<'l> {
    /// Marks a meeting held beside a gathering, whose place and date are
    /// its own where it names none.
    fn held_beside(&mut self, beside: Option<Beside>) {
        if let Some(b) = beside {
            self.beside = true;
            self.gathering_places = b.places;
            self.gathering_date = b.date;
        }
    }

    fn new(
        call: bool,
        participants: Vec<usize>,
        status: Status,
        (sentence, unit): (usize, usize),
        rule: &'l str,
    ) -> Candidate<'l> {
        Candidate {
            call,
            participants,
            hosts: Vec::new(),
            proposers: Vec::new(),
            rejecters: Vec::new(),
            callers: Vec::new(),
            locations: Vec::new(),
            date: None,
            time_hint: None,
            status,
            sentence,
            mentioned: (sentence, unit),
            nouns: Vec::new(),
            rule,
            joins: Joins::Own,
            sequel: false,
            beside: false,
            gathering: false,
            headline: false,
            visit: false,
            gathering_places: Vec::new(),
            gathering_date: None,
        }
    }
}

fn is_person(kind: NodeKind) -> bool {
    matches!(kind, NodeKind::Leader | NodeKind::Person)
}

/// Drops repeated values, keeping first occurrences in order. Nearly all
/// lists are a few entities long and are checked in place; a set, which
/// allocates, is only worth it for long ones.
fn dedup(v: &mut Vec<usize>) {
    if v.len() <= 16 {
        let mut kept = 0;
        for i in 0..v.len() {
            if !v[..kept].contains(&v[i]) {
                v[kept] = v[i];
                kept += 1;
            }
        }
        v.truncate(kept);
    } else {
        let mut seen = BTreeSet::new();
        v.retain(|x| seen.insert(*x));
    }
}

fn ents(units: &[Unit], idx: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::with_capacity(idx.len());
    for &u in idx {
        match &units[u].kind {
            UnitKind::Ent(e) => out.push(*e),
            UnitKind::Region(members) => out.extend(members.iter().copied()),
            _ => {}
        }
    }
    dedup(&mut out);
    out
}

/// The entities of the units, with the members of groups among them ("the
/// two leaders", "both presidents").
fn ents_and_groups(
    units: &[Unit],
    idx: &[usize],
    same: &[Candidate],
    earlier: &[Candidate],
    recent: &[usize],
) -> Vec<usize> {
    let mut out = ents(units, idx);
    for &u in idx {
        if let UnitKind::Group(n) = units[u].kind {
            out.extend(group(n, same, earlier, recent));
        }
    }
    dedup(&mut out);
    out
}

/// The character (Unicode scalar value) offsets of each sentence's start
/// and end, for evidence spans: counted in one pass over the text, since
/// sentences come in order. In ASCII text (most news) they are the bytes.
fn sentence_char_spans(text: &str, sentences: &[Sentence]) -> Vec<(usize, usize)> {
    if text.is_ascii() {
        return sentences.iter().map(|s| (s.start, s.end)).collect();
    }
    let bytes = text.as_bytes();
    let (mut at, mut chars) = (0, 0);
    let mut chars_to = |byte: usize| {
        let byte = byte.min(bytes.len());
        if byte >= at {
            chars += char_starts(&bytes[at..byte]);
        } else {
            chars -= char_starts(&bytes[byte..at]);
        }
        at = byte;
        chars
    };
    sentences
        .iter()
        .map(|s| (chars_to(s.start), chars_to(s.end)))
        .collect()
}

/// The bytes that start a character (not UTF-8 continuation bytes).
fn char_starts(bytes: &[u8]) -> usize {
    // Eight bytes at a time: a continuation byte has its top bit set and
    // the next one clear (the zero lanes past the end are none).
    let continuations: u32 = bytes
        .chunks(8)
        .map(|chunk| {
            let x = crate::segment::lanes(chunk);
            (x & !(x << 1) & crate::segment::HIGH_BITS).count_ones()
        })
        .sum();
    bytes.len() - continuations as usize
}

/// The sentence as units (into `buffers.0`; `buffers.1` is scratch
/// space); `known` are its tokens if already read.
#[allow(clippy::too_many_arguments)]
fn units<'a>(
    text: &'a str,
    s: &Sentence,
    known: Option<&[Token<'a>]>,
    local: &[usize],
    mentions: &[Mention],
    r: &Resolution,
    lexicon: &Lexicon,
    buffers: &mut (Vec<Unit<'a>>, Vec<Unit<'a>>),
) {
    let (out, ents) = buffers;
    out.clear();
    ents.clear();
    let tokenized;
    let tokens = match known {
        Some(t) => t,
        None => {
            tokenized = crate::segment::tokens(text, s.start, s.end);
            &tokenized
        }
    };
    for &mi in local {
        let m = &mentions[mi];
        let kind = match (&m.kind, r.of_mention[mi]) {
            (MentionKind::GroupRef(n), _) => UnitKind::Group(*n),
            (MentionKind::RegionGroup(region), _) => {
                UnitKind::Region(region_members(region, r, lexicon))
            }
            (_, Some(e)) => UnitKind::Ent(e),
            _ => continue,
        };
        // A titled name is one unit with its title: "Chinese Premier Li Qiang".
        let start = m.title.as_ref().map_or(m.start, |t| t.start.min(m.start));
        ents.push(Unit {
            boundary: ends_clause(&kind, ""),
            kind,
            word: Cow::Borrowed(""),
            start,
            end: m.end,
            possessive: m.possessive,
        });
    }
    // Drop units inside a titled unit (the qualifier "Russian" of a title).
    // A unit inside one that is dropped is inside that one's container too,
    // so dropping as we go drops the same units as comparing with all.
    let mut i = 0;
    while i < ents.len() && ents.len() > 1 {
        let (a, b) = (ents[i].start, ents[i].end);
        let nested = ents
            .iter()
            .any(|u| u.start <= a && b <= u.end && (u.start, u.end) != (a, b));
        if nested {
            ents.remove(i);
        } else {
            i += 1;
        }
    }
    // The units in text order: entity units (in order of their start,
    // first among equal starts) merged with the tokens they leave free.
    // Tokens never overlap one another: only entity units can cover one.
    ents.sort_by_key(|u| u.start);
    out.reserve(ents.len() + tokens.len());
    // The entity units still to place, the next one last.
    ents.reverse();
    let pending = ents;
    // The furthest end of the entity units placed so far: a token
    // overlaps one of them if it starts before that, or the next one
    // starts before the token ends.
    let mut placed_end = 0;
    // Whether the last unit is an entity whose possessive 's was taken.
    let mut possessive_taken = false;
    for t in tokens {
        while pending.last().is_some_and(|u| u.start <= t.start) {
            if let Some(u) = pending.pop() {
                placed_end = placed_end.max(u.end);
                out.push(u);
            }
            possessive_taken = false;
        }
        if t.start < placed_end || pending.last().is_some_and(|u| u.start < t.end) {
            continue;
        }
        let w = t.text();
        // One character that is no letter or digit: ASCII ones by length.
        let single = w.len() == 1 || (w.as_bytes()[0] >= 0x80 && w.chars().nth(1).is_none());
        let (kind, word) = if single && !w.chars().all(char::is_alphanumeric) {
            (
                UnitKind::Punct(w.chars().next().unwrap_or(' ')),
                Cow::Borrowed(""),
            )
        } else if crate::segment::is_lower_ascii(w) {
            (UnitKind::Word, Cow::Borrowed(w))
        } else if w.is_ascii() {
            (UnitKind::Word, Cow::Owned(w.to_ascii_lowercase()))
        } else {
            (
                UnitKind::Word,
                Cow::Owned(w.to_lowercase().replace('’', "'")),
            )
        };
        // A possessive 's after an entity is a flag on the entity, not a word.
        if let Some(last) = out.last_mut()
            && !possessive_taken
            && last.ent().is_some()
            && kind == UnitKind::Word
            && word == "'s"
        {
            last.possessive = true;
            possessive_taken = true;
            continue;
        }
        possessive_taken = false;
        out.push(Unit {
            boundary: ends_clause(&kind, &word),
            kind,
            word,
            start: t.start,
            end: t.end,
            possessive: false,
        });
    }
    out.extend(pending.drain(..).rev());
}

/// The leaders of an article whose nation (as the article or the reference
/// data gives it) lies in the region.
fn region_members(region: &str, r: &Resolution, lexicon: &Lexicon) -> Vec<usize> {
    (0..r.entities.len())
        .filter(|&i| {
            let e = &r.entities[i];
            let nation = e
                .represents
                .as_ref()
                .map(|(n, _)| n.clone())
                .or_else(|| e.entry.and_then(|x| lexicon.entries[x].represents.clone()));
            e.kind == NodeKind::Leader
                && nation
                    .and_then(|n| lexicon.entry(&n))
                    .and_then(|n| n.region.as_deref())
                    == Some(region)
        })
        .collect()
}

/// Every cue occurrence; at one position the longest form of each cue kind
/// wins, and among verb-like cues the longest form ("called on" over "called").
/// Into `buffers.0` (`buffers.1` is scratch space).
fn find_cues(units: &[Unit], lexicon: &Lexicon, buffers: &mut (Vec<Cue>, Vec<Cue>)) {
    let (out, found) = buffers;
    out.clear();
    for i in 0..units.len() {
        // Entities and punctuation have no word, and start no cue.
        let word = units[i].word();
        if word.is_empty() {
            continue;
        }
        let cands = lexicon.cues_starting_with(word);
        if cands.is_empty() || is_month_may(units, i) {
            continue;
        }
        found.clear();
        for &(pi, fi) in cands {
            let form = &lexicon.patterns[pi].forms[fi];
            // The form's first word is this word: the index says so.
            if i + form.len() > units.len()
                || !form
                    .iter()
                    .enumerate()
                    .skip(1)
                    .all(|(k, w)| units[i + k].word() == w)
            {
                continue;
            }
            let cue = Cue {
                pattern: pi,
                kind: lexicon.patterns[pi].kind,
                start: i,
                end: i + form.len(),
            };
            // Cues of a kind no rule reads are told apart by their names.
            let same_kind = |b: &Cue| {
                b.kind == cue.kind
                    && (cue.kind != CueKind::Other
                        || lexicon.patterns[b.pattern].cue == lexicon.patterns[pi].cue)
            };
            match found.iter_mut().find(|b| same_kind(b)) {
                Some(b) if b.end - b.start >= cue.end - cue.start => {}
                Some(b) => *b = cue,
                None => found.push(cue),
            }
        }
        let longest_verb = found
            .iter()
            .filter(|c| c.kind.is_verbish())
            .map(|c| c.end - c.start)
            .max()
            .unwrap_or(0);
        found.retain(|c| !c.kind.is_verbish() || c.end - c.start == longest_verb);
        found.sort_by_key(|c| c.pattern);
        out.extend_from_slice(found);
    }
}

/// "in May", "early May", "since May": the month, not the modal verb.
fn is_month_may(units: &[Unit], i: usize) -> bool {
    units[i].word() == "may"
        && i > 0
        && (PREPOSITIONS.contains(units[i - 1].word())
            || matches!(
                units[i - 1].word(),
                "early" | "late" | "mid" | "last" | "next" | "this"
            ))
}

const IRREGULAR_PAST: &[&str] = &[
    "met", "rang", "spoke", "spoken", "held", "sat", "took", "put", "led", "said", "told", "made",
    "gave", "sent", "won", "struck", "hit", "sought", "brought", "began", "begun",
];
const AUXILIARIES: &[&str] = &[
    "will", "would", "could", "should", "can", "may", "might", "must", "to", "did", "does", "do",
    "not", "n't", "never", "'ll", "shall", "let", "and", "or",
];

/// A bare verb ("support", "meet") after a single subject is a noun ("US
/// support for ...") unless an auxiliary, "to" or a proposing verb comes
/// first ("would meet", "suggested he meet") or the subject is plural.
fn bare_verb_without_auxiliary(
    units: &[Unit],
    cue: &Cue,
    subjects: &[usize],
    cues: &[Cue],
) -> bool {
    if cue.end - cue.start != 1 {
        return false;
    }
    let w = units[cue.start].word();
    let inflected =
        w.ends_with("ed") || w.ends_with('s') || w.ends_with("ing") || IRREGULAR_PAST.contains(&w);
    if inflected
        || subjects.len() >= 2
        || subjects
            .iter()
            .any(|&u| matches!(units[u].kind, UnitKind::Region(_) | UnitKind::Group(_)))
    {
        return false;
    }
    let from = cue.start.saturating_sub(4);
    let aux = (from..cue.start).any(|k| AUXILIARIES.contains(&units[k].word()));
    let proposer = cues
        .iter()
        .any(|c| c.kind == CueKind::ProposeVerb && c.end <= cue.start && c.end + 3 >= cue.start);
    !(aux || proposer)
}

fn is_boundary(u: &Unit) -> bool {
    u.boundary
}

/// Clause-ending punctuation and conjunctions.
fn ends_clause(kind: &UnitKind, word: &str) -> bool {
    match kind {
        UnitKind::Punct(c) => matches!(
            c,
            ';' | ':' | '“' | '”' | '"' | '(' | ')' | '—' | '–' | '.' | '?' | '!'
        ),
        UnitKind::Word => CLAUSE_WORDS.contains(word),
        _ => false,
    }
}

fn clause_start(units: &[Unit], i: usize) -> usize {
    (0..i)
        .rev()
        .find(|&k| is_boundary(&units[k]))
        .map_or(0, |k| k + 1)
}

fn clause_end(units: &[Unit], i: usize) -> usize {
    (i..units.len())
        .find(|&k| is_boundary(&units[k]))
        .unwrap_or(units.len())
}

/// A clause's extent with parenthesised asides inside it ("the
/// Asia-Pacific Economic Cooperation (APEC) summit").
fn clause_over_asides(units: &[Unit], i: usize) -> (usize, usize) {
    let aside = |u: &Unit| u.is_punct('(') || u.is_punct(')');
    let start = (0..i)
        .rev()
        .find(|&k| is_boundary(&units[k]) && !aside(&units[k]))
        .map_or(0, |k| k + 1);
    let end = (i..units.len())
        .find(|&k| is_boundary(&units[k]) && !aside(&units[k]))
        .unwrap_or(units.len());
    (start, end)
}

/// The agents before a verb: the nearest entity (over auxiliaries and
/// adverbs), with everything coordinated with it ("Modi and Jaishankar").
fn subjects(units: &[Unit], verb: usize) -> Vec<usize> {
    let mut k = verb;
    let mut skipped = 0;
    let found = loop {
        if k == 0 {
            return Vec::new();
        }
        k -= 1;
        let w = units[k].word();
        match &units[k].kind {
            UnitKind::Ent(_) | UnitKind::Group(_) | UnitKind::Region(_) => break k,
            UnitKind::Word
                if skipped < 6
                    && (SKIP_BEFORE_VERB.contains(w) || (w.ends_with("ly") && w.len() > 4)) =>
            {
                skipped += 1
            }
            // "Amherd on Saturday welcomed ...": a day between the two.
            UnitKind::Word
                if skipped < 5
                    && k >= 1
                    && units[k - 1].word() == "on"
                    && dates::is_month_or_weekday(w) =>
            {
                k -= 1;
                skipped += 2;
            }
            UnitKind::Word if w == "who" => {
                // "Scholz, who attended ...": the entity before the comma.
                if k >= 2 && units[k - 1].is_punct(',') && units[k - 2].ent().is_some() {
                    break k - 2;
                }
                return Vec::new();
            }
            // "Hungary did, however, veto ...": over an adverb set off by commas.
            UnitKind::Punct(',')
                if k >= 2
                    && units[k - 2].is_punct(',')
                    && matches!(
                        units[k - 1].word(),
                        "however" | "though" | "too" | "meanwhile" | "nevertheless" | "instead"
                    ) =>
            {
                k -= 2;
                skipped += 1;
            }
            UnitKind::Punct(',') => match described_by_aside(units, k) {
                Some(head) => break head,
                None => return Vec::new(),
            },
            _ => return Vec::new(),
        }
    };
    let mut out = vec![found];
    let mut k = found;
    // A list joins its last item with "and"/"or"; a bare comma before the
    // subject ("the people of Ukraine, he said") ends the subject instead.
    let mut joined = false;
    while k >= 2 {
        let sep = &units[k - 1];
        let is_sep = (joined && sep.is_punct(',')) || matches!(sep.word(), "and" | "or");
        if is_sep && units[k - 2].ent().is_some() {
            joined = true;
            out.push(k - 2);
            k -= 2;
        } else if k >= 3
            && sep.word() == "and"
            && units[k - 2].is_punct(',')
            && let Some(head) = described_by_aside(units, k - 2)
        {
            // "Wang Yi, China's foreign minister, and Antony Blinken"
            joined = true;
            out.push(head);
            k = head;
        } else if k >= 3
            && sep.word() == "and"
            && units[k - 2].is_punct(',')
            && units[k - 3].ent().is_some()
        {
            joined = true;
            out.push(k - 3);
            k -= 3;
        } else {
            break;
        }
    }
    // "Both Xi and Biden" and "Biden and his team": the list is the subject.
    out.reverse();
    out
}

/// "Yoon was later hosted by Kishida at a dinner": a meeting told as
/// following another, by a word of sequence before its cue in the clause.
fn told_as_sequel(units: &[Unit], cue_start: usize) -> bool {
    units[clause_start(units, cue_start)..cue_start]
        .iter()
        .any(|u| {
            matches!(
                u.word(),
                "later" | "afterwards" | "afterward" | "subsequently"
            )
        })
}

/// "Xi arrived in Moscow and met Putin", "Macron criticised Orban and
/// praised Scholz": a verb after "and" that has no subject of its own
/// shares the one that opens its clause, perhaps after an opening phrase
/// ("On Monday, Xi ..."). The verb must be inflected, or follow a modal
/// ("Xi will fly to Moscow and meet Putin"): a bare form after "and" is
/// more often a noun ("trade and support for Ukraine").
fn shared_subject(units: &[Unit], verb: usize) -> Vec<usize> {
    let mut k = verb;
    if k > 0 && is_adverb(units[k - 1].word()) {
        k -= 1;
    }
    // "A and B discussed Gaza and both urged ...": the subject, all of it.
    if k > 0 && matches!(units[k - 1].word(), "both" | "all") {
        k -= 1;
    }
    if k == 0 || units[k - 1].word() != "and" {
        return Vec::new();
    }
    let and = k - 1;
    let opening = clause_start(units, and);
    let w = units[verb].word();
    let inflected = w.ends_with("ed") || w.ends_with('s') || IRREGULAR_PAST.contains(&w);
    let modal = || {
        units[opening..and].iter().any(|u| {
            matches!(
                u.word(),
                "will" | "would" | "could" | "may" | "might" | "'ll"
            )
        })
    };
    // "a plan drafted by Erdogan and opposed by Zelenskyy": a participle
    // with its agent, not a second verb of the subject.
    let participle = units.get(verb + 1).is_some_and(|u| u.word() == "by");
    if (!inflected && !modal()) || participle {
        return Vec::new();
    }
    let is_agent = |j: usize| {
        units.get(j).is_some_and(|u| {
            !u.possessive && matches!(u.kind, UnitKind::Ent(_) | UnitKind::Group(_))
        })
    };
    let mut first = opening;
    while first < and && DETERMINERS.contains(units[first].word()) {
        first += 1;
    }
    if !is_agent(first) {
        // "On Monday, Xi arrived ...": the agent right after the opening
        // phrase's comma.
        match (opening..and).find(|&j| units[j].is_punct(',')) {
            Some(comma) if is_agent(comma + 1) => first = comma + 1,
            _ => return Vec::new(),
        }
    }
    // "Scholz and Macron held talks ... and ...": the whole list. A nation
    // right before a person qualifies them ("Qatari Emir Tamim").
    let qualified = |j: usize| match units.get(j + 1) {
        Some(next) if j + 1 < and && units[j].ent().is_some() && next.ent().is_some() => j + 1,
        _ => j,
    };
    let mut last = qualified(first);
    let mut out = vec![last];
    while last + 2 < and
        && (units[last + 1].word() == "and" || units[last + 1].is_punct(','))
        && is_agent(last + 2)
    {
        last = qualified(last + 2);
        out.push(last);
    }
    out
}

/// Adverbs that may stand between a verb and what governs it ("was later
/// hosted", "and also urged").
fn is_adverb(w: &str) -> bool {
    matches!(w, "later" | "then" | "also" | "first" | "again" | "once")
        || (w.ends_with("ly") && w.len() > 4)
}

/// "Turkey, a NATO member, ...", "Qatar, a founding member of OPEC, ...",
/// "The GCC groups Saudi Arabia, the UAE and Qatar": (member, organisation)
/// pairs named in passing.
fn members_named(units: &[Unit], entities: &[crate::resolve::DocEntity]) -> Vec<(usize, usize)> {
    let ent_of = |k: usize, kinds: &[NodeKind]| {
        units
            .get(k)
            .and_then(Unit::ent)
            .filter(|&e| kinds.contains(&entities[e].kind))
    };
    let party = [NodeKind::Nation, NodeKind::Organization];
    let mut out = Vec::new();
    let word = |i: usize| word_at(units, i);
    for k in 0..units.len() {
        let Some(member) = ent_of(k, &party) else {
            continue;
        };
        // "The Gulf Cooperation Council groups A, B and C": its nations.
        if entities[member].kind == NodeKind::Organization
            && matches!(word(k + 1), "groups" | "comprises" | "includes" | "unites")
        {
            let first = if word(k + 2) == "the" { k + 3 } else { k + 2 };
            for u in list_from(units, first) {
                if let Some(nation) = ent_of(u, &[NodeKind::Nation]) {
                    out.push((nation, member));
                }
            }
            continue;
        }
        if units.get(k + 1).is_none_or(|u| !u.is_punct(','))
            || !matches!(units.get(k + 2).map(Unit::word), Some("a" | "an"))
        {
            continue;
        }
        let mut j = k + 3;
        if matches!(
            units.get(j).map(Unit::word),
            Some("founding" | "full" | "key" | "permanent" | "leading")
        ) {
            j += 1;
        }
        let body = match ent_of(j, &[NodeKind::Organization]) {
            // "a NATO member"
            Some(body) if word(j + 1) == "member" => Some(body),
            // "a member of the European Union"
            None if word(j) == "member" && word(j + 1) == "of" => {
                let at = if word(j + 2) == "the" { j + 3 } else { j + 2 };
                ent_of(at, &[NodeKind::Organization])
            }
            _ => None,
        };
        if let Some(body) = body.filter(|&b| b != member) {
            out.push((member, body));
        }
    }
    out
}

/// "Ghazouani took over the rotating chairmanship of the African Union",
/// "assumed the presidency of the G20": whoever takes the chair of a body
/// leads it (and speaks for it) from then on. The (person, body) pairs.
fn chairs_taken(
    units: &[Unit],
    entities: &[crate::resolve::DocEntity],
    cues: &[Cue],
) -> Vec<(usize, usize)> {
    let word = |k: usize| word_at(units, k);
    let mut out = Vec::new();
    let body_named = units.iter().any(|u| {
        u.ent()
            .is_some_and(|e| entities[e].kind == NodeKind::Organization)
    });
    if !body_named {
        return out;
    }
    for k in 0..units.len() {
        // Most words start with neither letter of "took" and "assumed".
        if !matches!(word(k).as_bytes().first(), Some(b't' | b'a')) {
            continue;
        }
        let after = match (word(k), word(k + 1)) {
            ("took" | "takes" | "take", "over") => k + 2,
            ("assumed" | "assumes" | "assume", _) => k + 1,
            _ => continue,
        };
        let verb = Cue {
            pattern: 0,
            kind: CueKind::Other,
            start: k,
            end: after,
        };
        if is_negated(units, &verb, cues) {
            continue;
        }
        let mut j = after;
        if word(j) != "the" {
            continue;
        }
        j += 1;
        if word(j) == "rotating" {
            j += 1;
        }
        if !matches!(
            word(j),
            "chairmanship" | "chair" | "presidency" | "leadership"
        ) || word(j + 1) != "of"
        {
            continue;
        }
        let at = if word(j + 2) == "the" { j + 3 } else { j + 2 };
        let Some(body) = units
            .get(at)
            .and_then(Unit::ent)
            .filter(|&e| entities[e].kind == NodeKind::Organization)
        else {
            continue;
        };
        for e in ents(units, &subjects(units, k)) {
            if is_person(entities[e].kind) {
                out.push((e, body));
            }
        }
    }
    out
}

/// The rule of a meeting's parties joining the gathering it was held beside.
const SIDELINES: &str = "sidelines";
/// Nouns for meetings of many, which others are held on the sidelines of.
const GATHERING_NOUNS: &[&str] = &[
    "summit",
    "summits",
    "conference",
    "session",
    "gathering",
    "ceremony",
    "inauguration",
    "funeral",
];

/// The gathering a meeting was held beside: its noun, and the places and
/// date that follow the noun.
struct Beside<'c> {
    noun: &'c Cue,
    places: Vec<usize>,
    date: Option<PartialDate>,
}

/// "on the sidelines of the G20 summit in New Delhi on Tuesday": where a
/// meeting phrase that runs from `from` to `to` says it was held beside a
/// gathering, the gathering. Its place and date are the side meeting's too
/// where it names none of its own.
fn beside_gathering<'c>(
    units: &[Unit],
    cues: &'c [Cue],
    entities: &[crate::resolve::DocEntity],
    (from, to): (usize, usize),
    article: Option<PartialDate>,
    future: bool,
) -> Option<Beside<'c>> {
    let at = (from..to.min(units.len())).find(|&k| {
        matches!(units[k].word(), "sidelines" | "margins" | "fringes")
            && word_at(units, k + 1) == "of"
    })?;
    let noun = cues
        .iter()
        .find(|c| c.kind == CueKind::MeetingNoun && c.start > at + 1 && c.start <= at + 9)?;
    let end = phrase_window(units, noun, cues).1;
    let (places, date, _) = place_and_date(units, entities, noun.end, end, article, future);
    Some(Beside { noun, places, date })
}

/// Nouns for the negotiators one party sends to a meeting.
const DELEGATION_NOUNS: &[&str] = &["delegation", "delegations", "team", "side", "negotiators"];

/// "Arakhamia, a senior lawmaker, headed the Ukrainian side", "the Russian
/// team was led by Medinsky": whoever heads a delegation takes part in the
/// meeting the article is telling about. The entities named as heads.
fn delegation_heads(units: &[Unit], cues: &[Cue]) -> Vec<usize> {
    let mut heads = Vec::new();
    for k in 1..units.len() {
        if !matches!(units[k].word(), "led" | "headed") {
            continue;
        }
        let from = clause_start(units, k);
        if cues
            .iter()
            .any(|c| c.kind == CueKind::Negation && c.start >= from && c.start < k)
        {
            continue;
        }
        let passive = units.get(k + 1).map(Unit::word) == Some("by")
            && matches!(units[k - 1].word(), "was" | "were");
        if passive {
            // The delegation is named just before its auxiliary.
            let named = (from.max(k.saturating_sub(5))..k - 1)
                .any(|j| DELEGATION_NOUNS.contains(&units[j].word()));
            if named {
                heads.extend(ents(units, &list_from(units, k + 2)));
            }
        } else {
            // "headed the (Ukrainian) side": an article, a modifier or two.
            let named = (k + 1..units.len().min(k + 5))
                .take_while(|&j| !is_boundary(&units[j]) && !units[j].is_punct(','))
                .any(|j| DELEGATION_NOUNS.contains(&units[j].word()));
            if named {
                heads.extend(ents(units, &subjects(units, k)));
            }
        }
    }
    heads
}

/// The entity an aside between commas describes, given the closing comma:
/// an appositive ("Blinken, the U.S. secretary of state, joined") or a
/// relative clause ("Jaishankar, who had called on Hasina at her hotel,
/// also attended"). The aside is short and crosses no other punctuation.
fn described_by_aside(units: &[Unit], close: usize) -> Option<usize> {
    let open = (close.saturating_sub(MAX_ASIDE)..close)
        .rev()
        .find(|&j| matches!(units[j].kind, UnitKind::Punct(_)))?;
    if !units[open].is_punct(',') || open == 0 || open + 1 == close {
        return None;
    }
    units[open - 1].ent()?;
    let first = &units[open + 1];
    // "Faki, chairperson of the AU Commission, and Guterres": a role "of".
    let role_of = !first.word().is_empty() && units[open + 2].word() == "of";
    let aside = matches!(first.word(), "who" | "a" | "an" | "the")
        || (first.possessive && first.ent().is_some())
        || role_of;
    aside.then_some(open - 1)
}

/// The agents after a verb, over a few prepositions and articles, with
/// everything coordinated with the first ("hosted Kishida and Yoon").
fn objects(units: &[Unit], after: usize) -> Vec<usize> {
    let mut k = after;
    let mut skipped = 0;
    let mut time_words = 0;
    while k < units.len() && skipped < 3 {
        if matches!(
            units[k].kind,
            UnitKind::Ent(_) | UnitKind::Group(_) | UnitKind::Region(_)
        ) {
            break;
        }
        if SKIP_AFTER_VERB.contains(&units[k].word()) {
            k += 1;
            skipped += 1;
        } else if time_words < 3
            && (TIME_BEFORE_OBJECT.contains(&units[k].word())
                || dates::WEEKDAYS.contains(&units[k].word()))
        {
            // "spoke by phone Sunday with", "spoke last week with"
            k += 1;
            time_words += 1;
        } else {
            return Vec::new();
        }
    }
    list_from(units, k)
}

/// Words of a short time phrase that may stand between a verb and the
/// preposition of its object ("spoke by phone on Tuesday with ...").
/// Weekdays count too ([`dates::WEEKDAYS`]).
const TIME_BEFORE_OBJECT: &[&str] = &[
    "last",
    "this",
    "week",
    "weekend",
    "month",
    "earlier",
    "later",
    "today",
    "yesterday",
    "late",
];

/// The entity named right after "counterpart" at unit k, over a comma.
fn counterpart_named(units: &[Unit], k: usize) -> Option<usize> {
    if !matches!(units.get(k)?.word(), "counterpart" | "counterparts") {
        return None;
    }
    let name = if units.get(k + 1)?.is_punct(',') {
        k + 2
    } else {
        k + 1
    };
    units.get(name)?.ent().map(|_| name)
}

/// The objects after a verb, without the list items that open a clause of
/// their own: in "Russia struck Kharkiv and Zelenskyy urged allies to
/// ...", Zelenskyy is the subject of "urged", not a second object.
fn own_objects(units: &[Unit], after: usize, cues: &[Cue]) -> Vec<usize> {
    let mut list = objects(units, after);
    let opens_clause = |k: usize| {
        let mut next = k + 1;
        if units.get(next).is_some_and(|u| is_adverb(u.word())) {
            next += 1;
        }
        cues.iter()
            .any(|c| c.start == next && (c.kind.is_verbish() || c.kind == CueKind::Speech))
    };
    if let Some(cut) = list.iter().skip(1).position(|&k| opens_clause(k)) {
        list.truncate(cut + 1);
    }
    list
}

/// An entity list starting at unit k: "A, B, C and D", skipping parentheses.
fn list_from(units: &[Unit], mut k: usize) -> Vec<usize> {
    let mut out = Vec::new();
    // Skip a parenthetical "(clockwise from top left)".
    if k < units.len() && units[k].is_punct('(') {
        while k < units.len() && !units[k].is_punct(')') {
            k += 1;
        }
        k += 1;
    }
    while k < units.len() {
        // "North Korean leader Kim": a qualifier right before the entity it
        // qualifies is not a list item of its own.
        if units[k].ent().is_some() && units.get(k + 1).and_then(Unit::ent).is_some() {
            k += 1;
        }
        // "his Chinese counterpart Wang Yi", "her counterpart, Barrot": the
        // one named after "counterpart" is the item.
        if units[k].ent().is_some()
            && let Some(named) = counterpart_named(units, k + 1)
        {
            k = named;
        }
        match &units[k].kind {
            UnitKind::Ent(_) | UnitKind::Group(_) | UnitKind::Region(_) => {
                out.push(k);
                k += 1;
            }
            _ => break,
        }
        // Separators: ",", "and", ", and", "as well as"
        let mut j = k;
        while j < units.len()
            && (units[j].is_punct(',') || matches!(units[j].word(), "and" | "or" | "&"))
            && j < k + 2
        {
            j += 1;
        }
        // "Yoon and a group of Asian leaders"
        let before_filler = j;
        while j > k
            && j < units.len()
            && j < before_filler + 4
            && matches!(
                units[j].word(),
                "a" | "group"
                    | "of"
                    | "other"
                    | "the"
                    | "fellow"
                    | "several"
                    | "some"
                    | "his"
                    | "her"
                    | "their"
            )
        {
            j += 1;
        }
        // After a bare comma such words open an aside ("meet Yoon, a
        // Japanese spokesman said") unless a list item follows ("Saudi
        // Arabia, the UAE, Qatar").
        let joined = (k..before_filler).any(|x| matches!(units[x].word(), "and" | "or" | "&"));
        if j > before_filler
            && !joined
            && !units.get(j + 1).is_none_or(|u| {
                u.is_punct(',') || u.is_punct('.') || matches!(u.word(), "and" | "or")
            })
        {
            break;
        }
        if j == k
            || j >= units.len()
            || !matches!(
                units[j].kind,
                UnitKind::Ent(_) | UnitKind::Group(_) | UnitKind::Region(_)
            )
        {
            break;
        }
        k = j;
    }
    out
}

/// People after a repeated preposition later in the clause: "... and with
/// Zelenskyy", "... and to the Saudi crown prince".
fn second_party(units: &[Unit], from: usize) -> Vec<usize> {
    let end = clause_end(units, from);
    (from..end.saturating_sub(2))
        .find(|&k| units[k].word() == "and" && matches!(units[k + 1].word(), "with" | "to"))
        .map(|k| ents(units, &list_from(units, k + 2)))
        .unwrap_or_default()
}

/// "flew to Delhi on Monday to meet", "arrived in Moscow and met": the
/// travel verb of the clause before an infinitive meeting verb, or before
/// one joined to it by "and", if any.
fn trip_before(units: &[Unit], cue: &Cue, lexicon: &Lexicon) -> Option<usize> {
    let link = cue.start.checked_sub(1)?;
    if !matches!(units[link].word(), "to" | "and") {
        return None;
    }
    let from = clause_start(units, cue.start).max(cue.start.saturating_sub(10));
    (from..link)
        .rev()
        .find(|&k| lexicon.in_class("trip-verb", units[k].word()))
}

/// "Egyptian" for Egypt: the surface is one of the nation's adjectives.
fn is_demonym(surface: &str, e: &crate::resolve::DocEntity, lexicon: &Lexicon) -> bool {
    lexicon
        .entry(&e.key)
        .is_some_and(|entry| entry.demonyms.iter().any(|d| d == surface))
}

/// A place named with a lower-case kind ("Ginza district", "Rafah
/// crossing"), as `recognize` names places the reference data lacks.
fn is_site(e: &crate::resolve::DocEntity) -> bool {
    e.kind == NodeKind::Place
        && e.label
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.starts_with(|c: char| c.is_lowercase()))
}

/// "welcomed leaders to a peace conference", "welcomed guests to Doha":
/// "to" within a few words of the verb, then a meeting noun or a place.
fn welcomed_to_a_meeting(units: &[Unit], cue: &Cue, cues: &[Cue]) -> bool {
    let end = units.len().min(cue.end + 4);
    let Some(to) = (cue.end..end)
        .take_while(|&k| !matches!(units[k].kind, UnitKind::Punct(_)))
        .find(|&k| units[k].word() == "to")
    else {
        return false;
    };
    let mut k = to + 1;
    while k < units.len() && k < to + 4 && units[k].ent().is_none() {
        if cues
            .iter()
            .any(|c| c.start == k && c.kind == CueKind::MeetingNoun)
        {
            return true;
        }
        k += 1;
    }
    units.get(k).is_some_and(|u| u.ent().is_some()) && k == to + 1
}

/// "spoke with Putin by phone on Tuesday", "talked with Scholz over the
/// telephone": the word "phone" of a phrase after the verb's object, in
/// its clause, that makes the meeting a call.
fn by_phone(units: &[Unit], from: usize) -> Option<usize> {
    let end = clause_end(units, from).min(from + 10);
    (from..end).find(|&k| {
        matches!(units[k].word(), "phone" | "telephone")
            && matches!(
                units[k.saturating_sub(1)].word(),
                "by" | "the" | "a" | "in" | "via"
            )
    })
}

/// "was proposed by the Russians": the agents after "by".
fn passive_agent(units: &[Unit], cue: &Cue) -> Option<Vec<usize>> {
    let mut k = cue.start.checked_sub(1)?;
    // One adverb may stand between: "was later hosted", "were warmly received".
    if is_adverb(units[k].word()) {
        k = k.checked_sub(1)?;
    }
    if !matches!(
        units[k].word(),
        "was" | "were" | "been" | "be" | "is" | "are"
    ) {
        return None;
    }
    let by = after_place_phrase(units, cue.end);
    if units.get(by).map(Unit::word) != Some("by") {
        return None;
    }
    let mut k = by + 1;
    while units.get(k).is_some_and(|u| DETERMINERS.contains(u.word())) {
        k += 1;
    }
    let agents = list_from(units, k);
    (!agents.is_empty()).then_some(agents)
}

/// The unit after a place phrase at k ("at the palace", "in Delhi"), or k
/// itself when none starts there: "was received at the palace by X".
fn after_place_phrase(units: &[Unit], k: usize) -> usize {
    if !matches!(units.get(k).map(Unit::word), Some("at" | "in")) {
        return k;
    }
    let mut j = k + 1;
    if units.get(j).map(Unit::word) == Some("the") {
        j += 1;
    }
    if units.get(j).and_then(Unit::ent).is_some() {
        j + 1
    } else {
        k
    }
}

/// A negation cue shortly before the verb in the same clause, or right after
/// an auxiliary ("did not meet", "is not a member", "declined to meet").
fn is_negated(units: &[Unit], cue: &Cue, cues: &[Cue]) -> bool {
    let from = clause_start(units, cue.start).max(cue.start.saturating_sub(4));
    cues.iter().any(|c| {
        c.kind == CueKind::Negation
            && c.start >= from
            && c.start < cue.start.max(1)
            && c.end <= cue.start
            || c.kind == CueKind::Negation && c.start >= cue.start && c.start < cue.end
    }) || (units.get(cue.end).is_some_and(|u| u.word() == "not")
        && matches!(units[cue.start].word(), "is" | "was" | "are"))
}

/// A negation cue just before a cue that is itself negative ("has not
/// ruled out talks"): the two cancel, so nothing was refused.
fn negated_before(units: &[Unit], cue: &Cue, cues: &[Cue]) -> bool {
    let from = clause_start(units, cue.start).max(cue.start.saturating_sub(3));
    cues.iter()
        .any(|c| c.kind == CueKind::Negation && c.start >= from && c.end <= cue.start)
}

/// A condition or indirect question earlier in the sentence ("if", "whether")
/// makes what follows it hypothetical, up to a semicolon or full stop.
fn is_hypothetical(units: &[Unit], cue: &Cue, cues: &[Cue]) -> bool {
    let hard_stop = (0..cue.start)
        .rev()
        .find(|&k| matches!(units[k].kind, UnitKind::Punct(';' | '.' | '?' | '!')))
        .map_or(0, |k| k + 1);
    cues.iter().any(|c| {
        c.kind == CueKind::Hypothetical
            && c.start >= hard_stop
            && c.start < cue.start
            && cue.start - c.start <= 25
    })
}

/// The status modality cues give a meeting cue: nearest cue in the clause
/// (a few units either side) wins, declined and cancelled first.
fn modality(units: &[Unit], cue: &Cue, cues: &[Cue]) -> Option<Status> {
    // Verbs take their modality from before them ("would meet", "declined
    // to meet"); nouns also from the rest of their phrase ("a meeting that
    // the chancellor would attend", "talks could take place").
    let (from, phrase_end) = phrase_window(units, cue, cues);
    let noun = matches!(cue.kind, CueKind::MeetingNoun | CueKind::CallNoun);
    // A cue right at the end of a noun's phrase still counts ("the summit
    // was called off"). "Biden told Xi during their meeting that Washington
    // would ...": what was said is not the meeting's modality.
    let to = if noun {
        let told = cues
            .iter()
            .any(|c| c.kind == CueKind::Speech && c.end <= cue.start && c.start >= from);
        let said = (cue.end..phrase_end).find(|&k| told && units[k].word() == "that");
        said.unwrap_or(phrase_end + 1)
    } else {
        cue.start
    };
    // A cue after the noun that qualifies the next meeting noun ("a joint
    // appearance ahead of planned talks") is that meeting's modality.
    let qualifies_next = |c: &Cue| {
        c.start > cue.start
            && cues.iter().any(|n| {
                matches!(n.kind, CueKind::MeetingNoun | CueKind::CallNoun)
                    && n.start > c.start
                    && n.start <= c.end + 1
            })
    };
    // Of the cues in the window, the strongest status wins: cancelled,
    // declined, proposed, planned.
    let rank = |kind: CueKind| match kind {
        CueKind::Cancelled => Some((0, Status::Cancelled)),
        CueKind::Declined => Some((1, Status::Declined)),
        CueKind::Proposed => Some((2, Status::Proposed)),
        CueKind::Planned => Some((3, Status::Planned)),
        _ => None,
    };
    cues.iter()
        .filter(|c| c.start >= from && c.start < to && c.start != cue.start)
        .filter_map(|c| rank(c.kind).map(|r| (r, c)))
        .filter(|(_, c)| !qualifies_next(c) && !past_later(units, c))
        .map(|(r, _)| r)
        .min_by_key(|&(order, _)| order)
        .map(|(_, status)| status)
}

/// A headline: a short line that does not end as a sentence does.
fn is_headline(sentence: &str) -> bool {
    let s = sentence.trim_end();
    !s.ends_with(['.', '!', '?', '"', '”', '\'', '’', ':', ';', ',', '…'])
        && s.split_whitespace().count() <= 16
}

/// "Yoon was later hosted", "Putin later spoke by phone": "later" in a
/// report of the past, not a plan ("a summit later this year").
fn past_later(units: &[Unit], c: &Cue) -> bool {
    let next = word_at(units, c.end);
    c.end == c.start + 1
        && units[c.start].word() == "later"
        && (matches!(
            c.start.checked_sub(1).map_or("", |k| word_at(units, k)),
            "was" | "were" | "had"
        ) || (next.ends_with("ed") || IRREGULAR_PAST.contains(&next)))
}

/// "Lula suggested he meet Milei": the subject of a propose verb shortly
/// before a meeting cue.
fn proposer_before(units: &[Unit], at: usize, cues: &[Cue]) -> Option<Vec<usize>> {
    let from = clause_start(units, at).max(at.saturating_sub(8));
    let c = cues
        .iter()
        .find(|c| c.kind == CueKind::ProposeVerb && c.start >= from && c.end <= at)?;
    // "Macron suggested a summit could take place next month" says what may
    // happen; it proposes nothing.
    if units[c.start].word().starts_with("suggest")
        && units[at..clause_end(units, at)]
            .iter()
            .any(|u| matches!(u.word(), "could" | "might" | "may" | "would" | "will"))
    {
        return None;
    }
    let s = ents(units, &subjects(units, c.start));
    (!s.is_empty()).then_some(s)
}

/// The person named at unit `k`, after "the inauguration of": the person
/// there ("of President Milei"), or the name after a nation's office
/// between commas ("of Argentina's new president, Javier Milei").
fn sworn_in(units: &[Unit], entities: &[crate::resolve::DocEntity], k: usize) -> Option<usize> {
    let person = |j: usize| {
        units
            .get(j)
            .and_then(Unit::ent)
            .filter(|&e| is_person(entities[e].kind))
    };
    if let Some(p) = person(k) {
        return Some(p);
    }
    // A nation's office, in at most four words, then the name.
    if !units
        .get(k)
        .is_some_and(|u| u.possessive && u.ent().is_some())
    {
        return None;
    }
    let next = (k + 1..units.len().min(k + 6)).find(|&j| units[j].kind != UnitKind::Word)?;
    // The office may itself name the person ("Argentina's new president").
    person(next).or_else(|| {
        units[next]
            .is_punct(',')
            .then(|| person(next + 1))
            .flatten()
    })
}

/// "Hasina invited Modi to visit Dhaka", "Xi has invited Putin to meet
/// him": the entities that invite the subject of the infinitive `cue`,
/// when that subject stands right after a verb of inviting.
fn inviters(units: &[Unit], infinitive_subjects: &[usize], cue: &Cue) -> Vec<usize> {
    if cue.start == 0 || units[cue.start - 1].word() != "to" {
        return Vec::new();
    }
    let Some(verb) = infinitive_subjects
        .iter()
        .min()
        .and_then(|&first| first.checked_sub(1))
        .filter(|&k| {
            matches!(
                units[k].word(),
                "invited" | "invites" | "invite" | "inviting"
            )
        })
    else {
        return Vec::new();
    };
    let named = ents(units, &subjects(units, verb));
    if !named.is_empty() || verb == 0 || units[verb - 1].word() != "and" {
        return named;
    }
    // "Hasina praised India ... and invited Modi": the second verb shares
    // the subject that opens the clause.
    let opening = clause_start(units, verb);
    units[opening].ent().into_iter().collect()
}

/// "Zelenskyy's public invitation to ...", "Lula's offer to ...": the unit
/// of the possessor of a proposal noun that ends just before unit `to`,
/// over at most two words between them.
fn owner_of_proposal(units: &[Unit], to: usize, cues: &[Cue]) -> Option<usize> {
    let noun = cues
        .iter()
        .find(|c| c.kind == CueKind::ProposalNoun && c.end == to)?;
    let mut k = noun.start;
    for _ in 0..3 {
        k = k.checked_sub(1)?;
        match units[k].kind {
            UnitKind::Ent(_) if units[k].possessive => return Some(k),
            UnitKind::Word => {}
            _ => return None,
        }
    }
    None
}

/// The subject of the refusal cue shortly before a meeting cue ("Putin
/// declined ... to meet him").
fn refuser(units: &[Unit], cue: &Cue, cues: &[Cue]) -> Vec<usize> {
    let from = clause_start(units, cue.start).max(cue.start.saturating_sub(8));
    cues.iter()
        .find(|c| c.kind == CueKind::Declined && c.start >= from && c.end <= cue.start)
        .map(|c| ents(units, &subjects(units, c.start)))
        .unwrap_or_default()
}

/// Places and a date in units [from, to).
fn place_and_date(
    units: &[Unit],
    entities: &[crate::resolve::DocEntity],
    from: usize,
    to: usize,
    article: Option<PartialDate>,
    future: bool,
) -> (Vec<usize>, Option<PartialDate>, Option<String>) {
    let mut places = Vec::new();
    for k in from..to.min(units.len()) {
        if let Some(e) = units[k].ent() {
            let prev = k.checked_sub(1).map(|p| units[p].word()).unwrap_or("");
            let prev2 = k.checked_sub(2).map(|p| units[p].word()).unwrap_or("");
            let after_prep =
                matches!(prev, "in" | "at") || prev == "the" && matches!(prev2, "in" | "at");
            // "criticism from Kyiv", "arrived from Beijing": where someone
            // or something comes from is not where the meeting is.
            if prev == "from" {
                continue;
            }
            match entities[e].kind {
                // A continent or region is where a meeting is only after "in"/"at".
                NodeKind::Place if after_prep || !entities[e].broad_place => places.push(e),
                NodeKind::Nation if after_prep => places.push(e),
                _ => {}
            }
        }
    }
    dedup(&mut places);
    let window = &units[from.min(units.len())..to.min(units.len())];
    let mut words: Vec<Cow<str>> = Vec::with_capacity(window.len());
    words.extend(window.iter().filter_map(|u| match &u.kind {
        UnitKind::Word if u.possessive => Some(Cow::Owned([u.word(), "'s"].concat())),
        UnitKind::Word => Some(Cow::Borrowed(u.word())),
        _ => None,
    }));
    // "their first talks in a year" is no time of the meeting.
    let span = |i: usize| i >= 2 && words[i - 1] == "a" && words[i - 2] == "in";
    let hint = words
        .iter()
        .enumerate()
        .map(|(i, w)| (i, dates::trim_suffix(w.as_ref(), "'s")))
        .find(|&(i, w)| TIME_WORDS.contains(&w) && !span(i))
        .map(|(_, w)| w.to_string());
    (places, dates::resolve(&words, article, future), hint)
}

/// Where the list after "saw" / "has seen" / "had seen" begins, for the
/// relative clause that starts at `k` ("that saw A and B ..."); `None` when
/// the clause does not open so, or is negated ("did not see", "never saw").
fn saw_clause(units: &[Unit], k: usize) -> Option<usize> {
    let word = |i: usize| word_at(units, i);
    match word(k) {
        "saw" => Some(k + 1),
        "has" | "had" | "have" if word(k + 1) == "seen" => Some(k + 2),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn noun_meeting<'l>(
    units: &[Unit],
    cue: &Cue,
    lexicon: &Lexicon,
    cues: &[Cue],
    entities: &[crate::resolve::DocEntity],
    si: usize,
    rule: &'l str,
    article: Option<PartialDate>,
    same_sentence: &[Candidate],
    earlier: &[Candidate],
    recent_leaders: &[usize],
) -> Option<Candidate<'l>> {
    let call = cue.kind == CueKind::CallNoun;
    if units[cue.start].word() == "meet" && !meet_is_noun(units, cue.start) {
        return None;
    }
    let mut participants: Vec<usize> = Vec::new();
    // "with European leaders": only for meetings that took place, where the
    // article's leaders of the region are the ones who came.
    let mut region_parties: Vec<usize> = Vec::new();
    let mut hosts: Vec<usize> = Vec::new();
    let mut locations: Vec<usize> = Vec::new();
    // Before the noun: possessive owner and compound modifiers
    // ("Biden's recent Bali summit", "Xi-Biden meeting").
    let mut k = cue.start;
    let mut steps = 0;
    let mut ordinal_words: Vec<&str> = Vec::new();
    while k > 0 && steps < 4 {
        k -= 1;
        steps += 1;
        let u = &units[k];
        match &u.kind {
            UnitKind::Ent(e) => {
                // "the Africa Climate Summit" names its scope, not its place.
                let continent = entities[*e]
                    .entry
                    .is_some_and(|x| lexicon.entries[x].place_kind.as_deref() == Some("continent"));
                if continent {
                } else if entities[*e].kind == NodeKind::Place && !u.possessive {
                    locations.push(*e);
                } else if entities[*e].kind == NodeKind::Nation
                    && !u.possessive
                    && cue.start - k == 1
                {
                    // "NATO summit" / "Russia-Ukraine talks": nations and bodies as parties.
                    participants.push(*e);
                } else {
                    participants.push(*e);
                    if u.possessive {
                        break;
                    }
                }
            }
            UnitKind::Word
                if PREPOSITIONS.contains(u.word())
                    || lexicon.in_class("holding-verb", u.word()) =>
            {
                break;
            }
            UnitKind::Word
                if !DETERMINERS.contains(u.word())
                    && !cues.iter().any(|c| c.start == k && c.kind.is_verbish()) =>
            {
                ordinal_words.push(u.word());
            }
            UnitKind::Punct('-') => {}
            _ => break,
        }
    }
    let mut met_with = false;
    // After the noun: "with X", "between X and Y", "among ...", "in Bali", "that Scholz would attend".
    let end = clause_end(units, cue.end)
        .min(cue.end + 14)
        .min(phrase_window(units, cue, cues).1.max(cue.end + 1));
    // "a summit would follow, involving the envoy alongside both leaders",
    // "the bloc's summit, hosted by Abiy": a participle after the comma
    // still names the noun's parties.
    let word = |k: usize| word_at(units, k);
    let participle_after = |comma: usize| {
        matches!(word(comma + 1), "involving" | "including")
            || (word(comma + 2) == "by"
                && matches!(
                    word(comma + 1),
                    "hosted" | "chaired" | "convened" | "organised" | "organized"
                ))
    };
    let comma = [end.saturating_sub(1), end]
        .into_iter()
        .find(|&j| j >= cue.end && units.get(j).is_some_and(|u| u.is_punct(',')));
    let end = match comma {
        Some(c) if participle_after(c) => clause_end(units, c + 2).min(c + 14),
        _ => end,
    };
    let mut k = cue.end;
    while k < end.max(cue.end) && k < units.len() {
        let w = units[k].word();
        if PARTICIPANT_PREPS.contains(w) && w != "and" {
            met_with |= w == "with";
            // "with the European leaders": over an article to the list.
            let first = if units.get(k + 1).map(Unit::word) == Some("the") {
                k + 2
            } else {
                k + 1
            };
            let list = list_from(units, first);
            if !list.is_empty() {
                for &u in &list {
                    match units[u].kind {
                        UnitKind::Ent(e) if entities[e].kind != NodeKind::Place => {
                            participants.push(e)
                        }
                        UnitKind::Group(n) => {
                            participants.extend(group(n, same_sentence, earlier, recent_leaders))
                        }
                        UnitKind::Region(ref members) => {
                            region_parties.extend(members.iter().copied())
                        }
                        _ => {}
                    }
                }
                k = *list.last().unwrap_or(&k) + 1;
                continue;
            }
        }
        // "the bloc's annual summit, hosted by Ethiopian Prime Minister Abiy Ahmed"
        if matches!(
            w,
            "hosted" | "chaired" | "convened" | "organised" | "organized"
        ) && units.get(k + 1).map(Unit::word) == Some("by")
        {
            let list = list_from(units, k + 2);
            // Whoever chairs a meeting takes part in it; hosting it is
            // another role, often the venue nation's.
            if w == "chaired" {
                participants.extend(ents(units, &list));
            } else {
                hosts.extend(ents(units, &list));
            }
            k = list.last().map_or(k + 2, |l| l + 1);
            continue;
        }
        if w == "that" || w == "which" {
            // "a summit that the chancellor would attend"
            let stop = clause_end(units, k + 1).min(k + 6);
            if cues
                .iter()
                .any(|c| c.kind == CueKind::AttendVerb && c.start > k && c.start <= stop)
            {
                participants.extend(units[k + 1..stop].iter().filter_map(Unit::ent));
            }
            break;
        }
        if units[k].is_punct('(') {
            while k < units.len() && !units[k].is_punct(')') {
                k += 1;
            }
        }
        k += 1;
    }
    // "a meeting which saw the two presidents trade barbs": the meeting is
    // where they did it, so they are its parties; "that did not see ..." or
    // "never saw ..." names no one. The relative pronoun may follow the
    // noun's place ("a summit in Rome that saw ...").
    let relative = (cue.end..units.len().min(cue.end + 5))
        .take_while(|&k| !units[k].is_punct(',') && !units[k].is_punct('.'))
        .find(|&k| matches!(units[k].word(), "that" | "which"));
    if let Some(after) = relative.and_then(|k| saw_clause(units, k + 1)) {
        let list = list_from(units, after);
        participants.extend(
            ents(units, &list)
                .into_iter()
                .filter(|&e| entities[e].kind != NodeKind::Place),
        );
    }
    // "A, B and C all attended the Washington meeting"
    let attend_verb = cues
        .iter()
        .find(|c| c.kind == CueKind::AttendVerb && c.end <= cue.start && cue.start - c.end <= 4);
    if let Some(att) = attend_verb {
        participants.extend(ents(units, &subjects(units, att.start)));
        // "Among the guests who attended the ceremony were A, B and C",
        // "Those who attended the summit included A and B": the list after
        // "were" or "included" names who attended.
        let end = clause_end(units, cue.end).min(cue.end + 8);
        if let Some(k) = (cue.end..end).find(|&k| {
            matches!(
                units[k].word(),
                "were" | "was" | "included" | "include" | "includes"
            )
        }) {
            participants.extend(ents(units, &list_from(units, k + 1)));
        }
    }
    // "the swearing-in of Argentina's new president, Javier Milei": whoever
    // takes office takes part.
    if matches!(units[cue.start].word(), "inauguration" | "swearing-in") && word(cue.end) == "of" {
        participants.extend(sworn_in(units, entities, cue.end + 1));
    }
    // "Modi spoke during a dinner at the palace", "After Friday's talks with
    // Gulf envoys, the minister flew home": the subject of the main
    // clause attends the meeting its prepositional phrase names.
    let phrase_start = (0..cue.start).rev().find(|&k| match &units[k].kind {
        UnitKind::Word => {
            let w = units[k].word();
            !DETERMINERS.contains(w) && !ordinal_words.contains(&w)
        }
        UnitKind::Punct(_) => true,
        // "for the African Union summit": a body or nation before the noun
        // is a modifier within the phrase.
        _ => {
            !units[k].possessive
                && units[k].ent().is_some_and(|e| match entities[e].kind {
                    NodeKind::Place => false,
                    NodeKind::Organization | NodeKind::Nation => k + 1 < cue.start,
                    _ => true,
                })
        }
    });
    let prep = phrase_start.map(|k| units[k].word()).unwrap_or("");
    // "Biden told Xi during their meeting": "their" is the people the
    // clause names before the phrase.
    let from = phrase_start.map_or(0, |k| k + 1);
    if (from..cue.start).any(|j| units[j].word() == "their") {
        let people: Vec<usize> = (clause_start(units, from)..from)
            .filter(|&j| !units[j].possessive)
            .filter_map(|j| units[j].ent())
            .filter(|&e| is_person(entities[e].kind))
            .collect();
        if people.len() >= 2 {
            participants.extend(people);
        }
    }
    // "leaders gathered in Addis Ababa for the bloc's summit": where they
    // gathered for it is where it is.
    // "met in Addis Ababa on Saturday for the summit" too.
    if prep == "for"
        && let Some(k) = phrase_start
        && let Some(place) = (clause_start(units, k).max(k.saturating_sub(6))..k)
            .filter(|&j| j >= 1 && matches!(units[j - 1].word(), "in" | "at"))
            .find_map(|j| {
                units[j]
                    .ent()
                    .filter(|&e| entities[e].kind == NodeKind::Place)
            })
    {
        locations.push(place);
    }
    // "Xi will travel to Moscow next week for talks with Putin": whoever
    // travels for the meeting attends it. "Macron invited Scholz to Paris
    // for talks": whoever invites and whoever is invited, and the one who
    // invites proposed it.
    let mut invited_by: Vec<usize> = Vec::new();
    if prep == "for"
        && let Some(k) = phrase_start
        && let Some(verb) = (clause_start(units, k)..k).rev().find(|&j| {
            let w = units[j].word();
            lexicon.in_class("trip-verb", w) || matches!(w, "invited" | "invites" | "invite")
        })
    {
        let mut agents = ents(units, &subjects(units, verb));
        if agents.is_empty() {
            agents = ents(units, &shared_subject(units, verb));
        }
        if units[verb].word().starts_with("invite") {
            let guests = objects(units, verb + 1);
            participants.extend(
                ents(units, &guests)
                    .into_iter()
                    .filter(|&e| entities[e].kind != NodeKind::Place),
            );
            invited_by.extend(agents.iter().copied());
        }
        participants.extend(agents);
    }
    if matches!(
        prep,
        "during" | "at" | "after" | "following" | "before" | "ahead" | "of"
    ) && status_is_held_cue(units, cue, cues)
    {
        let k = phrase_start.unwrap_or(0);
        // "Xi and Biden agree ... at California summit": the leader first
        // named and those named with them. "A and B will hold talks a day
        // before the summit" puts no one at the summit.
        let before = (0..k).find(|&j| {
            units[j]
                .ent()
                .is_some_and(|e| entities[e].kind == NodeKind::Leader)
        });
        if let Some(j) = before.filter(|_| matches!(prep, "during" | "at" | "of")) {
            participants.extend(
                ents(units, &list_from(units, j))
                    .into_iter()
                    .filter(|&e| entities[e].kind == NodeKind::Leader),
            );
        }
        let before = before.and_then(|j| units[j].ent());
        let subject = before.or_else(|| {
            let comma = (cue.end..units.len()).find(|&j| units[j].is_punct(','))?;
            units
                .get(comma + 1..)?
                .iter()
                .take(3)
                .find_map(|u| u.ent().filter(|&e| entities[e].kind == NodeKind::Leader))
        });
        if let Some(e) = subject {
            participants.push(e);
        }
    }
    // "the premier also held brief talks with the envoy", "the two began a
    // hastily called meeting": whoever holds or opens it attends, unless
    // the verb is negated ("never held formal talks").
    if let Some(k) = phrase_start.filter(|&k| lexicon.in_class("holding-verb", units[k].word())) {
        let verb = Cue {
            pattern: cue.pattern,
            kind: cue.kind,
            start: k,
            end: k + 1,
        };
        if is_negated(units, &verb, cues) {
            return None;
        }
        let mut holders = ents(units, &subjects(units, k));
        if holders.is_empty() {
            holders = ents(units, &shared_subject(units, k));
        }
        // "Tinubu was received by Mashatile before holding talks with
        // Ramaphosa": the participle's subject is that of the clause before.
        if holders.is_empty()
            && k >= 2
            && matches!(units[k - 1].word(), "before" | "after" | "while")
        {
            holders.extend((clause_start(units, k - 1)..k - 1).find_map(|j| {
                units[j]
                    .ent()
                    .filter(|&e| is_person(entities[e].kind) && !units[j].possessive)
            }));
        }
        participants.extend(holders);
    }
    let multi = ordinal_words
        .iter()
        .any(|w| matches!(*w, "trilateral" | "three-way" | "multilateral"));
    // "Sisi will host a summit on Saturday": the host attends and hosts, and
    // the verb's modality is the meeting's.
    // "received a call" hosts nothing.
    let host_verb = cues.iter().find(|c| {
        !call && c.kind == CueKind::HostVerb && c.end <= cue.start && cue.start - c.end <= 4
    });
    if host_verb.is_some_and(|h| is_negated(units, h, cues)) {
        return None;
    }
    // "Biden is expected to meet Yoon and Ishiba on Friday for a trilateral
    // summit": the meeting verb of the clause says how sure the summit is.
    let clause_verb = cues.iter().rev().find(|c| {
        matches!(c.kind, CueKind::MeetVerb | CueKind::AttendVerb)
            && c.end <= cue.start
            && c.start >= clause_start(units, cue.start)
    });
    let mut status = modality(units, cue, cues)
        .or_else(|| host_verb.and_then(|h| modality(units, h, cues)))
        .or_else(|| clause_verb.and_then(|v| modality(units, v, cues)))
        .unwrap_or(Status::Held);
    // "a bilateral session ..., followed by a trilateral summit involving X":
    // the trilateral adds X to the parties of the last meeting of its kind.
    let like = |c: &&Candidate| {
        !c.call && !c.participants.is_empty() && status_class(c.status) == status_class(status)
    };
    if multi
        && let Some(prev) = same_sentence
            .iter()
            .rev()
            .find(like)
            .or_else(|| earlier.iter().rev().find(like))
    {
        let mut inherited = prev.participants.clone();
        inherited.extend(participants.iter().copied());
        participants = inherited;
        // A summit that is to follow a meeting which is itself only being
        // arranged is no firmer than that meeting: "planned" after a
        // "proposed" one is proposed.
        if prev.status == Status::Proposed && status == Status::Planned {
            status = Status::Proposed;
        }
    }
    participants.retain(|&e| entities[e].kind != NodeKind::Place);
    dedup(&mut participants);
    let status = if ordinal_words
        .iter()
        .any(|w| matches!(*w, "next" | "upcoming"))
        && status == Status::Held
    {
        Status::Planned
    } else {
        status
    };
    let (window_from, window_to) = phrase_window(units, cue, cues);
    let window_to = past_quoted_name(units, cue, window_to);
    let (more_places, mut date, time_hint) = place_and_date(
        units,
        entities,
        window_from.max(cue.start.saturating_sub(4)),
        window_to,
        article,
        status != Status::Held,
    );
    locations.extend(
        more_places
            .into_iter()
            .filter(|e| !participants.contains(e)),
    );
    // "the summit" of "talks on the sidelines of the summit" is the
    // gathering; the talks are held beside it, where and when it was
    // unless they say otherwise.
    let future = status != Status::Held;
    let (clause_from, clause_to) = clause_over_asides(units, cue.start);
    let before = (clause_from, cue.start);
    let gathering = beside_gathering(units, cues, entities, before, article, future)
        .is_some_and(|b| b.noun.start == cue.start);
    let after = (cue.end, clause_to);
    let beside = match gathering {
        true => None,
        false => beside_gathering(units, cues, entities, after, article, future),
    };
    // Whoever met beside the gathering attended it, and it was on in the
    // month they met (a gathering may last days).
    if gathering {
        for c in same_sentence
            .iter()
            .filter(|c| c.beside && !c.call && status_class(c.status) == status_class(status))
        {
            participants.extend(c.participants.iter().copied());
            if date.is_none() {
                date = c.date.map(|d| PartialDate { day: None, ..d });
            }
        }
        dedup(&mut participants);
    }
    dedup(&mut locations);
    if let Some(h) = host_verb {
        let subject = ents(units, &subjects(units, h.start));
        match passive_agent(units, h) {
            // "Kishida was hosted by Modi at a dinner": the subject is the guest.
            Some(agents) => {
                hosts.extend(ents(units, &agents));
                participants.extend(subject);
            }
            // "Kishida hosted Yoon at a dinner": the guest too.
            None => {
                hosts.extend(subject);
                let guests = objects(units, h.end);
                participants.extend(
                    ents(units, &guests)
                        .into_iter()
                        .filter(|&e| entities[e].kind != NodeKind::Place),
                );
            }
        }
    }
    dedup(&mut hosts);
    participants.extend(hosts.iter().copied());
    // "Zelenskyy received a call from Biden": the one it came from made it.
    let mut phoned_from: Vec<(usize, usize)> = Vec::new();
    if call && word_at(units, cue.end) == "from" {
        let callers = ents(units, &list_from(units, cue.end + 1));
        let receiver = (cue.start.saturating_sub(3)..cue.start).rev().find(|&j| {
            matches!(
                units[j].word(),
                "received" | "receives" | "got" | "gets" | "took" | "takes"
            )
        });
        let callees = receiver.map_or_else(Vec::new, |k| ents(units, &subjects(units, k)));
        for &a in &callers {
            for &b in callees.iter().filter(|&&b| b != a) {
                phoned_from.push((a, b));
            }
        }
        participants.extend(callers);
        participants.extend(callees);
    }
    if participants.is_empty() && locations.is_empty() && date.is_none() {
        return None;
    }
    if status == Status::Held {
        participants.extend(region_parties);
    }
    dedup(&mut participants);
    if participants.is_empty() && locations.is_empty() && date.is_none() {
        return None;
    }
    // "Jaishankar also attended the talks", "Cavusoglu, who chaired the
    // session": one more party for the meeting the definite noun refers
    // back to.
    // "Ghazouani received the chairmanship at the opening session": the
    // same, for whoever does something there.
    let there = matches!(prep, "at" | "during");
    let joins_last = (attend_verb.is_some() || host_verb.is_some() || there)
        && status == Status::Held
        && !call
        && locations.is_empty()
        && date.is_none()
        && cue.start > 0
        && (units[cue.start - 1].word() == "the"
            || there && phrase_start.is_some_and(|k| word(k + 1) == "the"));
    let mut c = Candidate::new(call, participants, status, (si, cue.start), rule);
    c.sequel = status == Status::Held && told_as_sequel(units, cue.start);
    c.held_beside(beside);
    c.gathering = gathering;
    c.nouns.push(units[cue.start].word().to_string());
    c.visit = units[cue.start].word().starts_with("visit");
    if joins_last {
        c.joins = Joins::Last;
    }
    c.hosts = hosts;
    c.locations = locations;
    c.date = date;
    c.time_hint = time_hint;
    if c.status == Status::Declined {
        let refusal = cues
            .iter()
            .find(|d| d.kind == CueKind::Declined && d.end <= cue.start && cue.start - d.end <= 3);
        if let Some(d) = refusal {
            if negated_before(units, d, cues) {
                return None;
            }
            // "Yoon ruled out talks with Kim": whoever refuses is a party and rejects it.
            let refusers = ents(units, &subjects(units, d.start));
            c.participants.extend(refusers.iter().copied());
            dedup(&mut c.participants);
            c.rejecters = refusers;
        }
    }
    if c.status == Status::Held {
        c.callers = phoned_from;
    }
    if !invited_by.is_empty() {
        c.proposers.extend(invited_by);
        if c.status == Status::Held || c.status == Status::Planned {
            c.status = Status::Proposed;
        }
    }
    if let Some(p) = proposer_before(units, cue.start, cues) {
        // "Macron proposed a summit with Duda": the proposer is a party too.
        if met_with {
            c.participants.extend(p.iter().copied());
            dedup(&mut c.participants);
        }
        c.proposers = p;
        if c.status == Status::Held || c.status == Status::Planned {
            c.status = Status::Proposed;
        }
    }
    Some(c)
}

/// Quote spans of a sentence as (opening, closing) unit indices: curly
/// quotes pair by direction, straight quotes in order.
fn quotes(units: &[Unit]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (k, u) in units.iter().enumerate() {
        match (u.kind.clone(), open) {
            (UnitKind::Punct('“'), None) => open = Some((k, '”')),
            (UnitKind::Punct('"'), None) => open = Some((k, '"')),
            (UnitKind::Punct(c), Some((start, close))) if c == close => {
                out.push((start, k));
                open = None;
            }
            _ => {}
        }
    }
    out
}

/// The agent beside a speech verb next to the quote: after it ("“...,” Xi
/// said", "“...,” said Xi") or before it ("Xi said: “...”").
fn speaker_of_quote(units: &[Unit], qs: usize, qe: usize, cues: &[Cue]) -> Option<usize> {
    let speech = |c: &&Cue| c.kind == CueKind::Speech;
    let agent = |k: usize| units.get(k).and_then(Unit::ent);
    // After the closing quote, over a comma.
    let mut k = qe + 1;
    if units.get(k).is_some_and(|u| u.is_punct(',')) {
        k += 1;
    }
    if let Some(v) = cues
        .iter()
        .filter(speech)
        .find(|c| c.start == k || c.start == k + 1)
    {
        if v.start == k + 1
            && let Some(e) = agent(k)
        {
            return Some(e);
        }
        if v.start == k
            && let Some(e) = agent(v.end)
        {
            return Some(e);
        }
    }
    // Before the opening quote: "Xi said:" / "Xi told reporters:".
    let v = cues
        .iter()
        .filter(speech)
        .rfind(|c| c.end <= qs && qs - c.end <= 3)?;
    let s = subjects(units, v.start);
    s.first().and_then(|&u| units[u].ent())
}

/// "host a “Cairo Summit for Peace” on Saturday": a meeting noun inside
/// a short quoted name; its phrase goes on after the closing quote. The
/// phrase's end, from `to`, where it stops.
fn past_quoted_name(units: &[Unit], cue: &Cue, to: usize) -> usize {
    let closes = |u: &Unit| u.is_punct('”') || u.is_punct('"');
    let opened = (cue.start.saturating_sub(4)..cue.start)
        .any(|k| units[k].is_punct('“') || units[k].is_punct('"'));
    if !opened || to.saturating_sub(cue.end) > 4 || !units.get(to).is_some_and(closes) {
        return to;
    }
    let after = to + 1;
    (after..units.len().min(after + 8))
        .find(|&k| is_boundary(&units[k]) || units[k].is_punct(','))
        .unwrap_or(units.len().min(after + 8))
}

/// "a brief meet", "Saturday's meet", "the Xi-Biden meet" name a meeting;
/// in "Lula and Ramaphosa meet in Johannesburg" the word is the verb.
fn meet_is_noun(units: &[Unit], k: usize) -> bool {
    let before = &units[k.saturating_sub(3)..k];
    let hyphened = k >= 2 && units[k - 2].is_punct('-') && units[k - 1].ent().is_some();
    hyphened
        || before
            .iter()
            .any(|u| u.possessive || DETERMINERS.contains(u.word()))
}

/// The extent of a meeting phrase: from after the previous meeting cue of
/// the clause (at most six units back) to the next comma, clause boundary or
/// meeting cue (at most ten units on).
fn phrase_window(units: &[Unit], cue: &Cue, cues: &[Cue]) -> (usize, usize) {
    let is_meeting = |c: &Cue| {
        matches!(
            c.kind,
            CueKind::MeetingNoun
                | CueKind::CallNoun
                | CueKind::MeetVerb
                | CueKind::HostVerb
                | CueKind::CallVerb
        )
    };
    let prev = cues
        .iter()
        .filter(|c| is_meeting(c) && c.end <= cue.start)
        .map(|c| c.end)
        .max()
        .unwrap_or(0);
    let from = clause_start(units, cue.start)
        .max(cue.start.saturating_sub(6))
        .max(prev);
    let stop = (cue.end..units.len())
        .find(|&k| is_boundary(&units[k]) || units[k].is_punct(','))
        .unwrap_or(units.len());
    let next = cues
        .iter()
        .filter(|c| is_meeting(c) && c.start >= cue.end)
        .map(|c| c.start)
        .min()
        .unwrap_or(units.len());
    (from, stop.min(next).min(cue.end + 10))
}

/// "the two presidents": the parties of the last meeting with that many, or
/// the last leaders named.
fn group(n: usize, same: &[Candidate], earlier: &[Candidate], recent: &[usize]) -> Vec<usize> {
    if let Some(c) = same
        .iter()
        .rev()
        .chain(earlier.iter().rev())
        .find(|c| c.participants.len() == n && !c.call)
    {
        return c.participants.clone();
    }
    recent.iter().rev().take(n).copied().collect()
}

/// "backed the appeal", "rejected the plan": a definite proposal noun with
/// nothing after it, which names a proposal again.
fn names_proposal_again(units: &[Unit], from: usize, cues: &[Cue]) -> bool {
    matches!(word_at(units, from), "the" | "this" | "that")
        && cues.iter().any(|c| {
            c.kind == CueKind::ProposalNoun
                && c.start == from + 1
                && !matches!(word_at(units, c.end), "to" | "of" | "for" | "on" | "by")
        })
}

/// The noun phrase after a verb, as the label of a proposal: up to the end
/// of the clause or eight words.
fn proposal_phrase(text: &str, units: &[Unit], from: usize, cues: &[Cue]) -> Option<String> {
    let mut k = from;
    // "a proposal to purchase ..." / "the prospect of ..."
    if let Some(c) = cues
        .iter()
        .find(|c| c.kind == CueKind::ProposalNoun && c.start >= from && c.start <= from + 4)
        // "backed the plan and urged ...": with nothing after it, the
        // noun is the proposal.
        && matches!(units.get(c.end).map(Unit::word), Some("to" | "of" | "for"))
    {
        k = c.end + 1;
    }
    if matches!(
        units.get(k).map(Unit::word),
        Some("to" | "by" | "that" | "it" | "this" | "him" | "her" | "them")
    ) {
        return None;
    }
    while k < units.len()
        && (DETERMINERS.contains(units[k].word())
            || matches!(units[k].word(), "for" | "of" | "with")
            || matches!(units[k].kind, UnitKind::Punct('“' | '"' | '‘')))
    {
        k += 1;
    }
    let start = k;
    let mut n_words = 0;
    while k < units.len() && n_words < 8 {
        let u = &units[k];
        if matches!(u.kind, UnitKind::Punct('“' | '”' | '"' | '‘' | '’')) {
            k += 1;
            continue;
        }
        if is_boundary(u)
            || u.is_punct(',')
            || matches!(
                u.word(),
                "that" | "as" | "after" | "before" | "and" | "but" | "to" | "from" | "in"
            ) && n_words > 0
        {
            break;
        }
        if u.ent().is_some() && n_words == 0 {
            return None;
        }
        n_words += 1;
        k += 1;
    }
    if n_words == 0 || start >= units.len() {
        return None;
    }
    let label: String = text[units[start].start..units[k - 1].end]
        .chars()
        .filter(|c| !matches!(c, '“' | '”' | '"' | '‘'))
        .collect();
    let label = label.trim().trim_end_matches('’').to_string();
    (label.chars().any(char::is_alphabetic) && label.len() >= 4).then_some(label)
}

fn status_is_held_cue(units: &[Unit], cue: &Cue, cues: &[Cue]) -> bool {
    modality(units, cue, cues).is_none()
}

fn status_class(s: Status) -> u8 {
    match s {
        Status::Held => 0,
        Status::Planned | Status::Proposed => 1,
        Status::Declined => 2,
        Status::Cancelled => 3,
    }
}

/// Merges candidates that describe the same meeting; candidates without
/// parties (a place or date only, "the Bali summit") fill in the meeting
/// they refer to.
fn merge_candidates<'l>(
    candidates: Vec<Candidate<'l>>,
    entities: &[crate::resolve::DocEntity],
    lexicon: &Lexicon,
) -> Vec<Candidate<'l>> {
    let mut out: Vec<Candidate> = Vec::new();
    let (with_parties, anaphoric): (Vec<Candidate>, Vec<Candidate>) = candidates
        .into_iter()
        .partition(|c| !c.participants.is_empty());
    for c in with_parties {
        if c.joins != Joins::Own {
            // "X also attended": the held meeting named last that X was not
            // in yet. Several who "attended the summit" join a meeting only
            // if it was called a summit before; else theirs is a meeting of
            // its own.
            let several_by_noun = c.participants.len() > 1 && !c.nouns.is_empty();
            let open = |m: &Candidate| {
                m.status == c.status
                    && !m.call
                    && !c.participants.iter().all(|p| m.participants.contains(p))
            };
            let named_so = |m: &Candidate| c.nouns.iter().any(|n| m.nouns.contains(n));
            // "Boluarte hosted the summit": the last meeting called a
            // summit, else (for one party) the last meeting.
            let target = out
                .iter()
                .enumerate()
                .filter(|(_, m)| open(m) && named_so(m))
                .max_by_key(|(_, m)| m.mentioned)
                .or_else(|| {
                    out.iter()
                        .enumerate()
                        .filter(|(_, m)| open(m) && !several_by_noun)
                        .max_by_key(|(_, m)| m.mentioned)
                })
                .map(|(i, _)| i);
            if let Some(m) = target.map(|i| &mut out[i]) {
                absorb(m, c);
                continue;
            }
            if !several_by_noun || c.joins == Joins::Gathering {
                continue;
            }
        }
        // One party besides the proposer is enough for a proposal
        // ("Ghazouani proposed an AU summit").
        let proposal =
            !c.proposers.is_empty() && c.participants.iter().any(|p| !c.proposers.contains(p));
        if c.participants.len() < 2 && c.locations.is_empty() && !proposal {
            continue;
        }
        if let Some(m) = out
            .iter_mut()
            .find(|m| same_meeting(m, &c, entities, lexicon))
        {
            absorb(m, c);
        } else {
            out.push(c);
        }
    }
    for c in anaphoric {
        let target = out.iter_mut().rev().find(|m| {
            status_class(m.status) == status_class(c.status)
                && !m.call
                && (c.locations.iter().any(|l| m.locations.contains(l))
                    || places_nest(&m.locations, &c.locations, entities, lexicon))
                && dates_ok(m.date, c.date)
                && hints_ok(&m.time_hint, &c.time_hint)
        });
        if let Some(m) = target {
            absorb(m, c);
        }
    }
    out
}

fn dates_ok(a: Option<PartialDate>, b: Option<PartialDate>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.compatible(&b),
        _ => true,
    }
}

fn hints_ok(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

fn same_meeting(
    m: &Candidate,
    c: &Candidate,
    entities: &[crate::resolve::DocEntity],
    lexicon: &Lexicon,
) -> bool {
    if m.call != c.call
        || ((m.sequel || c.sequel) && m.sentence != c.sentence)
        || (m.beside && c.gathering)
        || (m.gathering && c.beside)
        || status_class(m.status) != status_class(c.status)
        || !dates_ok(m.date, c.date)
        || !hints_ok(&m.time_hint, &c.time_hint)
    {
        return false;
    }
    let a: BTreeSet<usize> = m.participants.iter().copied().collect();
    let b: BTreeSet<usize> = c.participants.iter().copied().collect();
    // A headline sums up the report in its own words: its place may be
    // looser ("at California summit") than the body's venue.
    if a == b && m.headline != c.headline {
        return true;
    }
    let nest = places_nest(&m.locations, &c.locations, entities, lexicon);
    let same_place = m.locations.iter().any(|l| c.locations.contains(l)) || nest;
    if !m.locations.is_empty() && !c.locations.is_empty() && !same_place {
        return false;
    }
    if a == b {
        return true;
    }
    let shared = a.intersection(&b).count();
    let same_day = matches!((m.date, c.date), (Some(x), Some(y)) if x == y && x.day.is_some())
        || matches!((&m.time_hint, &c.time_hint), (Some(x), Some(y)) if x == y);
    if (same_place || same_day)
        && shared >= 1
        && (a.len() > 2 || b.len() > 2 || a.is_subset(&b) || b.is_subset(&a))
    {
        return true;
    }
    // "Scholz, who attended the Elysee talks": one attendee at the
    // place of a held meeting joins it.
    if m.status == Status::Held
        && c.status == Status::Held
        && same_place
        && (a.len() == 1 || b.len() == 1)
    {
        return true;
    }
    // Within one article, held meetings that share two parties and do not
    // contradict each other in place or time are one meeting told twice.
    m.status == Status::Held
        && c.status == Status::Held
        && shared >= 2
        && (a.len() > 2 || b.len() > 2)
}

/// A venue and the capital city it stands in ("White House", "Washington"),
/// from the reference data: the venue's nation has that city as capital.
fn places_nest(
    a: &[usize],
    b: &[usize],
    entities: &[crate::resolve::DocEntity],
    lexicon: &Lexicon,
) -> bool {
    let venue_in_city = |v: usize, c: usize| {
        let Some(entry) = entities[v].entry.map(|x| &lexicon.entries[x]) else {
            return false;
        };
        if entry.place_kind.as_deref() != Some("venue") {
            return false;
        }
        let nation = entry.seat_of.as_ref().or(entry.in_nation.as_ref());
        entities[c].kind == NodeKind::Place
            && nation
                .and_then(|n| lexicon.entry(n))
                .and_then(|n| n.capital.as_deref())
                == Some(entities[c].label.as_str())
    };
    a.iter().any(|&x| {
        b.iter()
            .any(|&y| venue_in_city(x, y) || venue_in_city(y, x))
    })
}

/// A held meeting at a nation's official venue ("talks at the White House",
/// "a dinner at the Kantei") is hosted by the head of that nation when the
/// head takes part: the residence says who receives whom even when no verb
/// of hosting does.
fn venue_hosts(
    m: &Candidate,
    entities: &[crate::resolve::DocEntity],
    lexicon: &Lexicon,
) -> Vec<usize> {
    if m.status != Status::Held || m.call {
        return Vec::new();
    }
    let venue_nations: Vec<&str> = m
        .locations
        .iter()
        .filter_map(|&l| entities[l].entry.map(|x| &lexicon.entries[x]))
        .filter(|entry| entry.place_kind.as_deref() == Some("venue"))
        .filter_map(|entry| entry.seat_of.as_deref().or(entry.in_nation.as_deref()))
        .collect();
    m.participants
        .iter()
        .copied()
        .filter(|&p| head_of(&entities[p], lexicon).is_some_and(|n| venue_nations.contains(&n)))
        .collect()
}

/// The nation or organisation a leader heads, as the article or the
/// reference data says.
fn head_of<'a>(e: &'a crate::resolve::DocEntity, lexicon: &'a Lexicon) -> Option<&'a str> {
    if e.kind != NodeKind::Leader {
        return None;
    }
    // The reference data's snapshot only for people without terms of
    // office: for the others, resolve decided by the article's date.
    e.leader_of.as_ref().map(|(n, _)| n.as_str()).or_else(|| {
        e.entry
            .map(|x| &lexicon.entries[x])
            .filter(|entry| entry.terms.is_empty())
            .and_then(|entry| entry.leader_of.as_deref())
    })
}

/// A visit is a meeting of the visitor with the nation visited: "Putin
/// visited China", "Sanchez's visit to Beijing" (the nation whose city it
/// is). The nation takes part, and hosts a visit that was held, unless
/// someone of that nation takes part, in the visit or in a meeting of the
/// visitor the same sentence tells ("visited India and met Modi": the
/// meeting is with Modi).
fn host_nation_joins_visit(
    meetings: &mut [Candidate],
    visit: usize,
    entities: &[crate::resolve::DocEntity],
    lexicon: &Lexicon,
) {
    let of_nation = |p: usize, n: usize| {
        let (e, key) = (&entities[p], entities[n].key.as_str());
        p == n
            || e.represents.as_ref().is_some_and(|(r, _)| r == key)
            || head_of(e, lexicon) == Some(key)
    };
    let m = &meetings[visit];
    let nation_of = |l: usize| -> Option<usize> {
        let e = &entities[l];
        if e.kind == NodeKind::Nation {
            return Some(l);
        }
        if e.kind != NodeKind::Place {
            return None;
        }
        let key = match e.entry.map(|x| &lexicon.entries[x]) {
            Some(entry) => entry.in_nation.clone().or_else(|| entry.seat_of.clone())?,
            None => lexicon
                .entries
                .iter()
                .find(|n| {
                    n.kind == Some(NodeKind::Nation) && n.capital.as_deref() == Some(&e.label)
                })?
                .key
                .clone(),
        };
        entities
            .iter()
            .position(|x| x.kind == NodeKind::Nation && x.key == key)
    };
    let nations: Vec<usize> = m.locations.iter().filter_map(|&l| nation_of(l)).collect();
    for n in nations {
        let m = &meetings[visit];
        let met_there = meetings.iter().any(|o| {
            (std::ptr::eq(o, m)
                || o.sentence == m.sentence
                    && o.participants.iter().any(|p| m.participants.contains(p)))
                && o.participants.iter().any(|&p| of_nation(p, n))
        });
        if met_there {
            continue;
        }
        let m = &mut meetings[visit];
        m.participants.push(n);
        if m.status == Status::Held && !m.call {
            m.hosts.push(n);
        }
    }
}

fn absorb(m: &mut Candidate, mut c: Candidate) {
    // The body's place for a meeting is more exact than the headline's.
    if m.headline && !c.headline && !c.locations.is_empty() {
        m.locations.clear();
    } else if c.headline && !m.headline && !m.locations.is_empty() {
        c.locations.clear();
    }
    m.headline &= c.headline;
    m.mentioned = m.mentioned.max(c.mentioned);
    m.sequel |= c.sequel;
    m.visit |= c.visit;
    m.beside |= c.beside;
    m.gathering |= c.gathering;
    m.gathering_places.extend(c.gathering_places);
    dedup(&mut m.gathering_places);
    m.gathering_date = m.gathering_date.or(c.gathering_date);
    for n in c.nouns {
        if !m.nouns.contains(&n) {
            m.nouns.push(n);
        }
    }
    m.participants.extend(c.participants);
    dedup(&mut m.participants);
    m.locations.extend(c.locations);
    dedup(&mut m.locations);
    m.hosts.extend(c.hosts);
    dedup(&mut m.hosts);
    m.proposers.extend(c.proposers);
    dedup(&mut m.proposers);
    m.rejecters.extend(c.rejecters);
    dedup(&mut m.rejecters);
    m.callers.extend(c.callers);
    m.callers.sort_unstable();
    m.callers.dedup();
    if m.date.is_none()
        || (c.date.is_some_and(|d| d.day.is_some()) && m.date.is_some_and(|d| d.day.is_none()))
    {
        m.date = c.date.or(m.date);
    }
    if m.time_hint.is_none() {
        m.time_hint = c.time_hint;
    }
    if m.status == Status::Planned && c.status == Status::Proposed {
        m.status = Status::Proposed;
    }
}

/// "Xi–Biden meeting in Bali (2022-11-14)", "Proposed Lula–Milei
/// meeting", "Abiy–Ruto and 7 others meeting in Addis Ababa": hosts
/// first, then parties in the order the text names them.
fn meeting_label(m: &Candidate, entities: &[crate::resolve::DocEntity]) -> String {
    use std::fmt::Write;
    let name = |p: usize| {
        let e = &entities[p];
        if is_person(e.kind) {
            short_name(e)
        } else {
            e.label.as_str()
        }
    };
    let guests = || m.participants.iter().filter(|p| !m.hosts.contains(p));
    let parties = m.hosts.iter().chain(guests()).copied();
    let count = m.hosts.len() + guests().count();
    let mut label = String::with_capacity(64);
    if m.status != Status::Held {
        label.push_str(m.status.name());
        label.push(' ');
    }
    for (i, p) in parties.take(if count > 3 { 2 } else { count }).enumerate() {
        if i > 0 {
            label.push('–');
        }
        label.push_str(name(p));
    }
    if count > 3 {
        let _ = write!(label, " and {} others", count - 2);
    }
    label.push_str(if m.call { " call" } else { " meeting" });
    if let Some(&l) = m.locations.first() {
        label.push_str(" in ");
        label.push_str(&entities[l].label);
    }
    if let Some(d) = m.date {
        label.push_str(" (");
        d.push_to(&mut label);
        label.push(')');
    }
    capitalise_first(&mut label);
    label
}

/// What a meeting's label calls a person: a word of the full name that the
/// article uses alone ("Lula" of "Luiz Inácio Lula da Silva", "Marcos" of
/// "Ferdinand Marcos Jr."), else the family name, which Chinese names
/// ("Xi Jinping", "Li Qiang") and Korean ones put first.
fn short_name(e: &crate::resolve::DocEntity) -> &str {
    let full = e.label.as_str();
    let chinese = [&e.represents, &e.leader_of].iter().any(|n| {
        n.as_ref()
            .is_some_and(|(nation, _)| matches!(nation.as_str(), "nation/china" | "nation/taiwan"))
    });
    // The aliases are few, and most are longer names or the family name.
    e.aliases
        .iter()
        .filter(|a| !a.is_empty() && a.len() < full.len() && !a.contains(' '))
        .filter_map(|a| Some((word_position(full, a)?, a.as_str())))
        .min()
        .map(|(_, a)| a)
        .or_else(|| crate::resolve::family_name_first(full))
        .or_else(|| chinese.then(|| full.split_whitespace().next()).flatten())
        .or_else(|| regnal_name(full))
        .or_else(|| full.split_whitespace().last())
        .unwrap_or(full)
}

/// "Abdullah II" of "King Abdullah II": a name with its regnal number.
fn regnal_name(full: &str) -> Option<&str> {
    let (rest, number) = full.rsplit_once(' ')?;
    if number.len() > 4 || !number.bytes().all(|b| matches!(b, b'I' | b'V' | b'X')) {
        return None;
    }
    let start = rest.rfind(' ').map_or(0, |i| i + 1);
    Some(&full[start..])
}

/// Where `word` stands in `name` as a whole space-separated word.
fn word_position(name: &str, word: &str) -> Option<usize> {
    let mut at = 0;
    for piece in name.split(' ') {
        if piece == word {
            return Some(at);
        }
        at += piece.len() + 1;
    }
    None
}

/// Upper-cases the first character in place.
fn capitalise_first(s: &mut String) {
    match s.chars().next() {
        Some(f) if f.is_ascii() => s[..1].make_ascii_uppercase(),
        Some(f) if f.is_lowercase() => {
            let upper: String = f.to_uppercase().collect();
            s.replace_range(..f.len_utf8(), &upper);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::lexicon::Lexicon;
    use crate::model::{Document, NodeKind, PartialDate, Relation, Sentence};

    /// The facts of a text as short lines: "metWith emmanuel-macron olaf-scholz",
    /// "meeting held emmanuel-macron+olaf-scholz @paris 2024-03-04".
    fn facts(text: &str, date: Option<&str>) -> Vec<String> {
        let lexicon = Lexicon::builtin().unwrap();
        let mut doc = Document::new("t.txt", text);
        doc.date = date.and_then(PartialDate::parse);
        let x = crate::extract(&doc, &lexicon);
        let short = |k: &str| k.rsplit('/').next().unwrap_or(k).to_string();
        let mut out = Vec::new();
        for n in x.nodes.iter().filter(|n| n.kind.is_meeting()) {
            let mut parties: Vec<String> = x
                .edges
                .iter()
                .filter(|e| *e.source == *n.key && e.relation == Relation::Participant)
                .map(|e| short(&e.target))
                .collect();
            parties.sort();
            let places: Vec<String> = x
                .edges
                .iter()
                .filter(|e| *e.source == *n.key && e.relation == Relation::Location)
                .map(|e| format!("@{}", short(&e.target)))
                .collect();
            let kind = if n.kind == NodeKind::PhoneCall {
                "call"
            } else {
                "meeting"
            };
            let status = n.status.map_or("", |s| s.name());
            let date = n.date.map(|d| format!(" {d}")).unwrap_or_default();
            out.push(
                format!(
                    "{kind} {status} {} {}{date}",
                    parties.join("+"),
                    places.join(" ")
                )
                .trim()
                .to_string(),
            );
        }
        for e in x
            .edges
            .iter()
            .filter(|e| !matches!(e.relation, Relation::Participant | Relation::Location))
        {
            let target = if e.target.starts_with("meeting/") {
                "MEETING".to_string()
            } else {
                short(&e.target)
            };
            out.push(format!("{} {} {target}", e.relation, short(&e.source)));
        }
        out.sort();
        out
    }

    fn check(text: &str, date: Option<&str>, present: &[&str], absent: &[&str]) {
        let got = facts(text, date);
        for p in present {
            assert!(
                got.iter().any(|g| g.starts_with(p)),
                "missing {p:?} in {got:#?}"
            );
        }
        for a in absent {
            assert!(
                !got.iter().any(|g| g.starts_with(a)),
                "unexpected {a:?} in {got:#?}"
            );
        }
    }

    #[test]
    fn a_second_verb_after_and_shares_the_clause_subject() {
        check(
            "Chinese President Xi Jinping arrived in Moscow on Monday and met Russian President \
             Vladimir Putin.",
            Some("2024-05-10"),
            &["meeting held vladimir-putin+xi-jinping @moscow 2024-05-06"],
            &[],
        );
        check(
            "French President Emmanuel Macron criticised Hungarian Prime Minister Viktor Orban \
             and praised German Chancellor Olaf Scholz.",
            None,
            &[
                "criticized emmanuel-macron viktor-orban",
                "praised emmanuel-macron olaf-scholz",
            ],
            &[],
        );
        // A participle with its agent is no second verb of the subject.
        check(
            "German Chancellor Olaf Scholz welcomed a ceasefire plan drafted by Turkish \
             President Recep Tayyip Erdogan and opposed by Ukrainian President Volodymyr \
             Zelenskyy.",
            None,
            &[],
            &["opposes"],
        );
    }

    #[test]
    fn an_object_that_opens_a_clause_of_its_own_is_no_object() {
        check(
            "Russia struck Kharkiv and Ukrainian President Volodymyr Zelenskyy criticised \
             Moscow. Guterres backed the plan and urged Russia to let aid through.",
            None,
            &[
                "urged antonio-guterres russia",
                "supports antonio-guterres plan",
            ],
            &["criticized russia"],
        );
    }

    #[test]
    fn calls_by_video_link_and_with_a_day_before_the_party() {
        check(
            "Kenyan President William Ruto spoke by video link with Tanzanian President \
             Samia Suluhu Hassan.",
            Some("2024-05-10"),
            &["called william-ruto samia-suluhu-hassan"],
            &["meeting"],
        );
        check(
            "Kenyan President William Ruto spoke by phone on Sunday with Tanzanian \
             President Samia Suluhu Hassan.",
            Some("2024-05-10"),
            &[
                "call held samia-suluhu-hassan+william-ruto  2024-05-05",
                "called william-ruto samia-suluhu-hassan",
            ],
            &["meeting"],
        );
    }

    #[test]
    fn calls_by_phone_with_and_without_a_caller() {
        check(
            "Turkish President Recep Tayyip Erdogan spoke with Russian President Vladimir \
             Putin by phone on Tuesday.",
            Some("2024-05-10"),
            &[
                "call held recep-tayyip-erdogan+vladimir-putin  2024-05-07",
                "called recep-tayyip-erdogan vladimir-putin",
            ],
            &["meeting"],
        );
        // Without a party there is no meeting, wherever it was.
        check(
            "U.S. President Joe Biden spoke with reporters in Washington on Thursday.",
            Some("2024-05-10"),
            &[],
            &["meeting"],
        );
        // Both spoke; neither is said to have called the other.
        check(
            "Turkish President Recep Tayyip Erdogan and Russian President Vladimir Putin \
             spoke by phone on Tuesday.",
            Some("2024-09-12"),
            &["call held recep-tayyip-erdogan+vladimir-putin  2024-09-10"],
            &["called"],
        );
        check(
            "Ukrainian President Volodymyr Zelenskyy received a call from U.S. President Joe \
             Biden.",
            None,
            &[
                "call held joe-biden+volodymyr-zelenskyy",
                "called joe-biden volodymyr-zelenskyy",
            ],
            &["hosted", "called volodymyr-zelenskyy"],
        );
    }

    #[test]
    fn a_visit_is_a_meeting_with_the_nation_visited() {
        check(
            "Russian President Vladimir Putin visited China on Tuesday.",
            Some("2024-05-20"),
            &[
                "meeting held china+vladimir-putin @china",
                "hosted china MEETING",
            ],
            &[],
        );
        // A city visited: the nation whose capital it is.
        check(
            "China welcomed the talks. Spanish Prime Minister Pedro Sanchez said during a \
             visit to Beijing that trade mattered.",
            Some("2024-09-20"),
            &["meeting held china+pedro-sanchez @beijing"],
            &[],
        );
        // Someone of the nation visited takes part: the meeting is with them.
        check(
            "Japanese Prime Minister Yoshihide Suga visited India and met Indian Prime \
             Minister Narendra Modi.",
            Some("2021-04-20"),
            &["meeting held narendra-modi+yoshihide-suga"],
            &["meeting held india+", "hosted india"],
        );
        // Two nations visited: two visits.
        check(
            "Japanese Prime Minister Yoshihide Suga will visit India and the Philippines \
             in April.",
            Some("2021-03-20"),
            &[
                "meeting planned india+yoshihide-suga @india",
                "meeting planned philippines+yoshihide-suga @philippines",
            ],
            &["meeting planned india+philippines"],
        );
        // A planned visit is hosted by nobody yet.
        check(
            "Indian Prime Minister Narendra Modi will visit the Maldives next month.",
            Some("2025-03-12"),
            &["meeting planned maldives+narendra-modi @maldives"],
            &["hosted maldives"],
        );
    }

    #[test]
    fn a_visit_is_where_it_goes_not_where_criticism_comes_from() {
        check(
            "Indian Prime Minister Narendra Modi's visit to Moscow drew criticism from Kyiv.",
            None,
            &["meeting held narendra-modi @moscow"],
            &[
                "meeting held narendra-modi @moscow @kyiv",
                "meeting held narendra-modi @kyiv",
            ],
        );
    }

    #[test]
    fn a_traveller_for_talks_takes_part_in_them() {
        check(
            "Chinese President Xi Jinping will travel to Moscow next week for talks with \
             Russian President Vladimir Putin.",
            Some("2024-05-10"),
            &["meeting planned vladimir-putin+xi-jinping @moscow"],
            &[],
        );
    }

    #[test]
    fn a_day_between_subject_and_verb_and_a_visiting_guest() {
        check(
            "Chinese President Xi Jinping on Monday met visiting Australian Prime Minister \
             Anthony Albanese in Beijing.",
            Some("2024-03-20"),
            &["meeting held anthony-albanese+xi-jinping @beijing"],
            &[],
        );
        // Welcoming leaders to a conference hosts it; it is no stance on
        // a proposal called "leaders".
        check(
            "Swiss President Viola Amherd on Saturday welcomed leaders to a peace conference \
             in Switzerland.",
            Some("2024-06-14"),
            &["hosted viola-amherd MEETING"],
            &["welcomed"],
        );
        // A visit to a site alone is no meeting, and the nation's adjective
        // is no party.
        check(
            "United Nations Secretary-General Antonio Guterres on Friday visited the Egyptian \
             side of the Rafah crossing.",
            Some("2023-10-20"),
            &[],
            &["meeting"],
        );
    }

    #[test]
    fn a_counterpart_is_the_one_named_after_the_word() {
        check(
            "U.S. Secretary of State Antony Blinken met his Chinese counterpart Wang Yi in \
             Beijing on Friday.",
            Some("2024-05-10"),
            &["meeting held antony-blinken+wang-yi @beijing 2024-05-10"],
            &["meeting held antony-blinken+china"],
        );
    }

    #[test]
    fn a_summit_named_after_a_planned_meeting_verb_is_planned_too() {
        // Before, the trilateral summit was read as held last Friday, by the
        // parties of the meeting before it.
        let got = facts(
            "U.S. President Joe Biden and Chinese President Xi Jinping met in Lima on \
             Saturday. Biden is expected to meet South Korean President Yoon Suk Yeol and \
             Japanese Prime Minister Shigeru Ishiba on Friday for a trilateral summit.",
            Some("2024-11-16"),
        );
        assert!(
            got.iter()
                .any(|g| g == "meeting held joe-biden+xi-jinping @lima 2024-11-16"),
            "{got:#?}"
        );
        assert!(
            got.iter().any(|g| g
                .starts_with("meeting planned joe-biden+shigeru-ishiba+yoon-suk-yeol  2024-11-22")),
            "{got:#?}"
        );
        assert!(!got.iter().any(|g| g.contains("2024-11-15")), "{got:#?}");
    }

    #[test]
    fn a_planned_meeting_has_its_host() {
        check(
            "U.S. President Joe Biden will host Japanese Prime Minister Fumio Kishida at the \
             White House next week.",
            None,
            &[
                "hosted joe-biden MEETING",
                "meeting planned fumio-kishida+joe-biden",
            ],
            &["metWith"],
        );
    }

    #[test]
    fn an_invitation_for_talks_proposes_them() {
        check(
            "French President Emmanuel Macron invited German Chancellor Olaf Scholz to Paris \
             for talks on the budget.",
            None,
            &[
                "meeting proposed emmanuel-macron+olaf-scholz @paris",
                "proposed emmanuel-macron MEETING",
            ],
            &["metWith"],
        );
    }

    #[test]
    fn a_guest_hosted_at_a_dinner_is_at_the_dinner_and_a_later_one_is_another() {
        let text = "Japanese Prime Minister Fumio Kishida hosted South Korean President Yoon \
                    Suk Yeol at a dinner in Tokyo on Thursday. Yoon was later hosted by \
                    Kishida at a lunch.";
        let got = facts(text, Some("2023-03-17"));
        let meetings: Vec<&String> = got.iter().filter(|g| g.starts_with("meeting")).collect();
        assert_eq!(
            meetings,
            [
                "meeting held fumio-kishida+yoon-suk-yeol",
                "meeting held fumio-kishida+yoon-suk-yeol @tokyo 2023-03-16",
            ],
            "{got:#?}"
        );
    }

    #[test]
    fn an_aside_between_commas_keeps_the_subject() {
        // A relative clause, with an entity of its own inside it.
        check(
            "Indian Prime Minister Narendra Modi met Bangladeshi Prime Minister \
             Sheikh Hasina on Saturday. Foreign Minister S. Jaishankar, who had \
             called on Hasina at her hotel on Friday, also attended the talks.",
            Some("2024-06-22"),
            &[
                "meeting held narendra-modi+s-jaishankar+sheikh-hasina",
                "meeting held s-jaishankar+sheikh-hasina",
            ],
            &["urged"],
        );
        // Appositives in a list of subjects.
        check(
            "U.S. President Joe Biden met Chinese President Xi Jinping on Wednesday. \
             Wang Yi, China's foreign minister, and Antony Blinken, the U.S. \
             secretary of state, joined the two presidents.",
            Some("2023-11-16"),
            &["meeting held antony-blinken+joe-biden+wang-yi+xi-jinping"],
            &[],
        );
        // A comma that closes no aside still ends the subject.
        check(
            "In Paris, on Monday, attended the talks.",
            None,
            &[],
            &["meeting"],
        );
    }

    #[test]
    fn a_list_after_who_attended_names_the_attendees() {
        check(
            "Among the foreign guests who attended the ceremony were Ukrainian \
             President Volodymyr Zelenskyy, Chilean President Gabriel Boric and \
             Hungarian Prime Minister Viktor Orban.",
            None,
            &[
                "meeting held gabriel-boric+viktor-orban+volodymyr-zelenskyy",
                "metWith gabriel-boric viktor-orban",
            ],
            &[],
        );
        check(
            "Those who attended the funeral included Ukrainian President Volodymyr \
             Zelenskyy and Chilean President Gabriel Boric.",
            None,
            &["meeting held gabriel-boric+volodymyr-zelenskyy"],
            &[],
        );
        // A list that follows the meeting in another clause is not its guests.
        check(
            "Zelenskyy attended the ceremony, which Chilean President Gabriel \
             Boric and Hungarian Prime Minister Viktor Orban were said to have missed.",
            None,
            &[],
            &["meeting held gabriel-boric"],
        );
    }

    #[test]
    fn heads_of_delegations_join_the_talks() {
        let talks = "Kenyan President William Ruto met Ethiopian Prime Minister Abiy \
                     Ahmed in Nairobi on Monday. ";
        check(
            &format!(
                "{talks}The Ethiopian delegation was led by Foreign Minister Redwan \
                 Hussien, while Foreign Minister Musalia Mudavadi, a veteran politician, headed the \
                 Kenyan side."
            ),
            None,
            &[
                "meeting held abiy-ahmed+musalia-mudavadi+redwan-hussien+william-ruto @nairobi",
                "metWith musalia-mudavadi william-ruto",
            ],
            &[],
        );
        // Never heading it, or leading something else, is no part in the talks.
        check(
            &format!("{talks}Foreign Minister Musalia Mudavadi never headed the Kenyan side."),
            None,
            &["meeting held abiy-ahmed+william-ruto @nairobi"],
            &[],
        );
        check(
            &format!("{talks}Foreign Minister Musalia Mudavadi led the party to victory in March."),
            None,
            &["meeting held abiy-ahmed+william-ruto @nairobi"],
            &[],
        );
        // With no meeting to join, a delegation head is no meeting.
        let alone = facts(
            "Foreign Minister Musalia Mudavadi headed the Kenyan delegation.",
            None,
        );
        assert!(alone.iter().all(|f| !f.starts_with("meeting")), "{alone:?}");
    }

    #[test]
    fn whoever_hosts_or_chairs_the_talks_named_again_joins_them() {
        let talks = "Ethiopian Prime Minister Abiy Ahmed met Somali President Hassan \
                     Sheikh Mohamud in Nairobi on Monday. ";
        check(
            &format!(
                "{talks}Kenyan President William Ruto, who hosted the talks, said they \
                 went well."
            ),
            None,
            &[
                "meeting held abiy-ahmed+hassan-sheikh-mohamud+william-ruto @nairobi",
                "hosted william-ruto MEETING",
            ],
            &[],
        );
        // A chair takes part; hosting is another role.
        check(
            &format!(
                "{talks}Kenyan Foreign Minister Musalia Mudavadi, who chaired the \
                 session, said the talks went well."
            ),
            None,
            &["meeting held abiy-ahmed+hassan-sheikh-mohamud+musalia-mudavadi @nairobi"],
            &["hosted"],
        );
    }

    #[test]
    fn joining_a_body_is_no_part_in_a_meeting() {
        check(
            "French President Emmanuel Macron met German Chancellor Olaf Scholz in \
             Paris on Monday. Finland joined NATO in April, and Italian Prime \
             Minister Giorgia Meloni chaired the committee.",
            None,
            &[
                "meeting held emmanuel-macron+olaf-scholz @paris",
                "memberOf finland nato",
            ],
            &["finland+", "giorgia-meloni+"],
        );
    }

    #[test]
    fn a_name_written_family_name_first_is_resolved_by_that_name() {
        let found = facts(
            "South Korean Prime Minister Han Duck-soo met Japanese Prime Minister Fumio \
             Kishida in Seoul on Monday. Han later met Chinese Premier Li Qiang.",
            Some("2023-06-12"),
        );
        assert!(
            found.contains(&"metWith han-duck-soo li-qiang".to_string()),
            "{found:?}"
        );
        assert!(
            found.iter().all(|f| !f.contains("person/han ")),
            "{found:?}"
        );
        assert!(found.iter().all(|f| !f.contains(" han ")), "{found:?}");
    }

    #[test]
    fn later_in_a_report_of_the_past_is_no_plan() {
        check(
            "Indian Prime Minister Narendra Modi later met Japanese Prime Minister \
             Fumio Kishida in Tokyo.",
            None,
            &["meeting held fumio-kishida+narendra-modi @tokyo"],
            &["meeting planned"],
        );
        check(
            "Japanese Prime Minister Fumio Kishida was later hosted by Indian Prime \
             Minister Narendra Modi at a dinner in New Delhi.",
            None,
            &["meeting held fumio-kishida+narendra-modi @new-delhi"],
            &["meeting planned"],
        );
        check(
            "Indian Prime Minister Narendra Modi will meet Japanese Prime Minister \
             Fumio Kishida later this year in Tokyo.",
            None,
            &["meeting planned fumio-kishida+narendra-modi @tokyo"],
            &["meeting held"],
        );
    }

    #[test]
    fn an_aside_after_the_last_party_is_not_another_party() {
        check(
            "Australian Prime Minister Anthony Albanese will travel to Jakarta in June \
             to meet Prabowo, an Australian official said.",
            None,
            &["meeting planned anthony-albanese+prabowo-subianto @jakarta"],
            &["australia+"],
        );
    }

    #[test]
    fn also_attended_joins_the_meeting_named_last() {
        check(
            "South African President Cyril Ramaphosa welcomed Nigerian President Bola \
             Tinubu to Pretoria on Monday. Tinubu was received at the Union Buildings by \
             Deputy President Paul Mashatile before holding talks with Ramaphosa at the \
             Presidential Guest House. Foreign Minister Ronald Lamola also attended the \
             talks.",
            None,
            &[
                "meeting held bola-tinubu+cyril-ramaphosa+ronald-lamola @pretoria",
                "meeting held bola-tinubu+paul-mashatile @union-buildings",
            ],
            &[],
        );
    }

    /// A summit with a host and a place but no other party named.
    const SUMMIT: &str = "Heads of state gathered in Nairobi for the bloc's annual \
                          summit, hosted by Kenyan President William Ruto.";

    #[test]
    fn a_summit_hosted_after_a_comma_and_its_later_speakers() {
        check(
            SUMMIT,
            None,
            &[
                "meeting held william-ruto @nairobi",
                "hosted william-ruto MEETING",
            ],
            &[],
        );
        // Several who address "the summit" join the summit named before; a
        // role "of" between commas does not make its body a speaker.
        check(
            &format!(
                "{SUMMIT} Moussa Faki Mahamat, chairperson of the African Union \
                 Commission, and United Nations Secretary-General Antonio Guterres \
                 addressed the summit."
            ),
            None,
            &[
                "meeting held antonio-guterres+moussa-faki+william-ruto @nairobi",
                "metWith antonio-guterres moussa-faki",
            ],
            &["african-union-commission+"],
        );
        // Without a summit named before, the attendees' meeting is their own.
        check(
            "Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed in \
             Nairobi. Foreign Minister Musalia Mudavadi and United Nations \
             Secretary-General Antonio Guterres attended the ceremony.",
            None,
            &[
                "meeting held abiy-ahmed+william-ruto @nairobi",
                "meeting held antonio-guterres+musalia-mudavadi",
            ],
            &[],
        );
    }

    #[test]
    fn praise_for_both_leaders_names_the_two_who_met() {
        check(
            "Indian Prime Minister Narendra Modi met Australian Prime Minister Anthony \
             Albanese in Sydney on Tuesday. French President Emmanuel Macron praised \
             both leaders for their new trade pact.",
            None,
            &[
                "praised emmanuel-macron anthony-albanese",
                "praised emmanuel-macron narendra-modi",
            ],
            &[],
        );
    }

    #[test]
    fn a_meeting_on_the_sidelines_puts_its_parties_at_the_summit() {
        check(
            &format!(
                "{SUMMIT} Nigerian President Bola Tinubu held talks with South African \
                 President Cyril Ramaphosa on the sidelines on Saturday."
            ),
            None,
            &[
                "meeting held bola-tinubu+cyril-ramaphosa",
                "meeting held bola-tinubu+cyril-ramaphosa+william-ruto @nairobi",
            ],
            &[],
        );
        // With no summit before, the side meeting stays the only one.
        let found = facts(
            "Nigerian President Bola Tinubu held talks with South African President \
             Cyril Ramaphosa on the sidelines on Saturday.",
            None,
        );
        let meetings: Vec<&String> = found.iter().filter(|f| f.starts_with("meeting")).collect();
        assert_eq!(
            meetings,
            ["meeting held bola-tinubu+cyril-ramaphosa"],
            "{found:?}"
        );
    }

    #[test]
    fn a_meeting_beside_a_named_gathering_is_not_the_gathering() {
        // The side meeting keeps its own venue; the summit is where the
        // text puts it, in the month of the side meeting, with its parties.
        let found = facts(
            "Indian Prime Minister Narendra Modi and Japanese Prime Minister Shigeru Ishiba met \
             for two hours on Tuesday at Hyderabad House, on the sidelines of the Group of 20 \
             (G20) summit in New Delhi.",
            Some("2024-09-12"),
        );
        let meetings: Vec<&String> = found.iter().filter(|f| f.starts_with("meeting")).collect();
        assert_eq!(
            meetings,
            [
                "meeting held narendra-modi+shigeru-ishiba @hyderabad-house 2024-09-10",
                "meeting held narendra-modi+shigeru-ishiba @new-delhi 2024-09",
            ],
            "{found:?}"
        );
        // With no venue of its own, the side meeting is where and when the
        // gathering is said to be.
        check(
            "Brazilian President Luiz Inacio Lula da Silva held talks with South African \
             President Cyril Ramaphosa on the margins of the BRICS summit in Johannesburg on \
             Thursday.",
            Some("2023-08-26"),
            &["meeting held cyril-ramaphosa+luiz-inacio-lula-da-silva @johannesburg 2023-08-24"],
            &[],
        );
    }

    #[test]
    fn their_meeting_is_the_meeting_of_the_people_the_clause_names() {
        // What was said at the meeting does not make it planned.
        check(
            "Kenyan President William Ruto told Tanzanian President Samia Suluhu Hassan \
             during their meeting in Nairobi on Friday that Kenya would reopen the border.",
            Some("2024-03-10"),
            &["meeting held samia-suluhu-hassan+william-ruto @nairobi 2024-03-08"],
            &["meeting planned"],
        );
    }

    #[test]
    fn the_host_of_the_summit_joins_the_summit_not_the_talks_beside_it() {
        let found = facts(
            "Kenyan President William Ruto and Nigerian President Bola Tinubu met on the \
             sidelines of the African Union summit in Addis Ababa on Saturday. Ethiopian Prime \
             Minister Abiy Ahmed hosted the summit.",
            Some("2024-02-19"),
        );
        let meetings: Vec<&String> = found.iter().filter(|f| f.starts_with("meeting")).collect();
        assert_eq!(
            meetings,
            [
                "meeting held abiy-ahmed+african-union+bola-tinubu+william-ruto @addis-ababa \
                 2024-02-17",
                "meeting held bola-tinubu+william-ruto @addis-ababa 2024-02-17",
            ],
            "{found:?}"
        );
    }

    #[test]
    fn those_expected_to_attend_join_the_planned_meeting() {
        // The date after a quoted name is the summit's; attendees who are
        // expected join it, "along with" one more.
        let found = facts(
            "Kenyan President William Ruto will host an \"Africa Climate Summit\" in Nairobi on \
             Monday. Nigerian President Bola Tinubu and Ghanaian President Nana Akufo-Addo are \
             expected to attend, along with UN Secretary-General Antonio Guterres.",
            Some("2023-09-01"),
        );
        let meetings: Vec<&String> = found.iter().filter(|f| f.starts_with("meeting")).collect();
        assert_eq!(
            meetings,
            [
                "meeting planned antonio-guterres+bola-tinubu+nana-akufo-addo+william-ruto \
                 @nairobi 2023-09-04"
            ],
            "{found:?}"
        );
        // Declining to attend joins no one.
        check(
            "Kenyan President William Ruto will host a summit in Nairobi on Monday. Nigerian \
             President Bola Tinubu declined to attend.",
            Some("2023-09-01"),
            &["meeting planned william-ruto @nairobi"],
            &["meeting planned bola-tinubu", "meeting held"],
        );
    }

    #[test]
    fn whoever_acts_at_the_session_named_again_attends_the_gathering() {
        check(
            "Heads of state met in Addis Ababa on Saturday for the African Union summit, hosted \
             by Ethiopian Prime Minister Abiy Ahmed. Kenyan President William Ruto spoke at the \
             opening session.",
            Some("2024-02-18"),
            &["meeting held abiy-ahmed+african-union+william-ruto @addis-ababa"],
            &["meeting held william-ruto "],
        );
    }

    #[test]
    fn meeting_labels_keep_a_regnal_number_with_its_name() {
        assert_eq!(
            meeting_labels("Jordan's King Abdullah II met Emmanuel Macron in Paris on Monday."),
            ["Abdullah II–Macron meeting in Paris (2025-03-03)"]
        );
    }

    #[test]
    fn backing_the_appeal_backs_the_proposal_of_the_sentence_before() {
        check(
            "African Union Commission chairperson Moussa Faki Mahamat arrived on Monday. Faki \
             called for an immediate ceasefire in Sudan. Kenyan President William Ruto backed the \
             appeal.",
            None,
            // "Faki" alone is the chairperson, by the middle word of his name.
            &[
                "proposed moussa-faki immediate-ceasefire",
                "supports william-ruto immediate-ceasefire",
            ],
            &["supports william-ruto appeal"],
        );
        // Sentences later, "the appeal" is not taken to be that one.
        check(
            "African Union Commission chairperson Moussa Faki Mahamat called for an immediate \
             ceasefire in Sudan. Fighting went on \
             in Khartoum. Aid groups said food was running out. Kenyan President William Ruto \
             backed the appeal.",
            None,
            &["proposed moussa-faki immediate-ceasefire"],
            &["supports william-ruto immediate-ceasefire"],
        );
    }

    #[test]
    fn whoever_takes_over_the_chair_of_a_body_leads_it() {
        check(
            "Kenyan President William Ruto took over the rotating chairmanship of the African \
             Union on Saturday.",
            None,
            &[
                "leaderOf william-ruto african-union",
                "represents william-ruto african-union",
            ],
            &[],
        );
        check(
            "Kenyan President William Ruto did not take over the chairmanship of the African \
             Union.",
            None,
            &[],
            &["leaderOf william-ruto african-union"],
        );
    }

    #[test]
    fn urging_a_thing_backs_it_and_both_is_the_whole_subject() {
        check(
            "Kenyan President William Ruto and Nigerian President Bola Tinubu discussed Sudan \
             and both urged an immediate ceasefire. Poland did, however, veto the new budget \
             plan.",
            None,
            &[
                "supports bola-tinubu immediate-ceasefire",
                "supports william-ruto immediate-ceasefire",
                "rejected poland new-budget-plan",
            ],
            &["urged"],
        );
        // Pressing someone to act is no proposal.
        check(
            "Kenyan President William Ruto urged the world to act on Sudan.",
            None,
            &[],
            &["supports", "urged"],
        );
    }

    #[test]
    fn headlines_tell_held_meetings_in_the_present() {
        check(
            "Lula and Ramaphosa meet in Johannesburg\n\nThe two presidents spoke for an hour.",
            Some("2023-08-26"),
            &["meeting held cyril-ramaphosa+luiz-inacio-lula-da-silva @johannesburg"],
            &["meeting proposed"],
        );
        check(
            "Lula to meet Ramaphosa in Johannesburg\n\nNo date was given.",
            Some("2023-08-26"),
            &["meeting planned cyril-ramaphosa+luiz-inacio-lula-da-silva @johannesburg"],
            &["meeting held"],
        );
        // In a sentence of the body, the bare verb is still no report.
        check(
            "Lula said he and Ramaphosa meet in Johannesburg whenever they can.",
            Some("2023-08-26"),
            &[],
            &["meeting held"],
        );
    }

    #[test]
    fn membership_named_in_passing() {
        check(
            "Norway, a NATO member, said on Monday that Ecuador, a founding member \
             of OPEC, had asked for talks. ECOWAS groups Nigeria, Ghana, the Gambia \
             and Senegal.",
            None,
            &[
                "memberOf ecuador opec",
                "memberOf gambia ecowas",
                "memberOf ghana ecowas",
                "memberOf nigeria ecowas",
                "memberOf norway nato",
                "memberOf senegal ecowas",
            ],
            &[],
        );
        // A member of a body, not of the organisation before it.
        check(
            "Norway, a member state, backed the plan.",
            None,
            &[],
            &["memberOf"],
        );
    }

    #[test]
    fn a_three_way_summit_takes_the_parties_of_the_last_plan() {
        check(
            "Indian Prime Minister Narendra Modi will travel to Tokyo in May to meet \
             Japanese Prime Minister Fumio Kishida. Kishida proposed a three-way summit \
             with Australian Prime Minister Anthony Albanese later this year.",
            Some("2023-03-17"),
            &["meeting proposed anthony-albanese+fumio-kishida+narendra-modi"],
            &[],
        );
    }

    #[test]
    fn calling_on_someone_is_a_visit_unless_asked_to_act() {
        check(
            "Foreign Minister S. Jaishankar called on Bangladeshi Prime Minister \
             Sheikh Hasina at her hotel on Friday.",
            Some("2024-06-22"),
            // No place: "her hotel" names none.
            &["meeting held s-jaishankar+sheikh-hasina  2024-06-21"],
            &["urged"],
        );
        check(
            "Foreign Minister S. Jaishankar called on Bangladeshi Prime Minister \
             Sheikh Hasina to release the water data.",
            Some("2024-06-22"),
            &["urged s-jaishankar sheikh-hasina"],
            &["meeting"],
        );
        // A nation is urged, never visited.
        check(
            "U.S. Secretary of State Antony Blinken called on Russia.",
            None,
            &["urged antony-blinken russia"],
            &["meeting"],
        );
        check(
            "Foreign Minister S. Jaishankar will call on Bangladeshi Prime \
             Minister Sheikh Hasina on Friday.",
            Some("2024-06-22"),
            &["meeting planned s-jaishankar+sheikh-hasina"],
            &["urged"],
        );
    }

    #[test]
    fn suggesting_what_may_happen_proposes_nothing() {
        check(
            "French President Emmanuel Macron suggested a meeting between Indian \
             Prime Minister Narendra Modi and Chinese President Xi Jinping could \
             take place within two weeks.",
            None,
            &["meeting proposed"],
            &["proposed emmanuel-macron"],
        );
        check(
            "French President Emmanuel Macron suggested a meeting between Indian \
             Prime Minister Narendra Modi and Chinese President Xi Jinping.",
            None,
            &["proposed emmanuel-macron"],
            &[],
        );
    }

    #[test]
    fn a_government_body_serves_its_nation() {
        // "Kremlin" stands for the Russian presidency, as "White House" does
        // for the American one: its aides speak for Russia.
        check(
            "Kremlin spokesman Dmitry Peskov said the talks would go ahead.",
            None,
            &["represents dmitry-peskov russia"],
            &["represents dmitry-peskov kremlin"],
        );
    }

    #[test]
    fn a_role_phrase_names_the_nation_its_holder_leads() {
        check(
            "Stubb arrived late. The Finnish president said a deal was close.",
            None,
            &[
                "leaderOf alexander-stubb finland",
                "represents alexander-stubb finland",
            ],
            &[],
        );
        // Nobody in the article leads Finland: the phrase binds to no one.
        check(
            "The Finnish president did not say whether a deal was close.",
            None,
            &[],
            &["leaderOf", "represents"],
        );
        // Another nation's adjective does not make Stubb its leader.
        check(
            "Stubb arrived late. Would the Swedish prime minister come too?",
            None,
            &[],
            &[
                "leaderOf alexander-stubb sweden",
                "represents alexander-stubb sweden",
            ],
        );
    }

    #[test]
    fn welcoming_a_guest_to_a_place_is_hosting_not_a_stance() {
        check(
            "Macron welcomed Meloni to the Elysee on Tuesday for lunch.",
            Some("2024-06-01"),
            &["hosted emmanuel-macron MEETING"],
            &["welcomed emmanuel-macron"],
        );
        check(
            "Macron has not welcomed Meloni to Paris this year.",
            Some("2024-06-01"),
            &[],
            &["welcomed emmanuel-macron", "hosted emmanuel-macron"],
        );
        check(
            "Would Macron welcome Meloni to Paris if she asked?",
            Some("2024-06-01"),
            &[],
            &["welcomed emmanuel-macron", "hosted emmanuel-macron"],
        );
    }

    #[test]
    fn parties_after_a_comma_still_belong_to_the_meeting_noun() {
        check(
            "Officials said a summit would take place in Rome, involving Meloni alongside Macron.",
            Some("2024-06-01"),
            &["meeting planned emmanuel-macron+giorgia-meloni"],
            &[],
        );
        check(
            "Officials said no summit would take place in Rome, involving Meloni alongside Macron.",
            Some("2024-06-01"),
            &[],
            &["meeting planned emmanuel-macron+giorgia-meloni"],
        );
        check(
            "Officials asked whether a summit would take place in Rome, involving Meloni alongside Macron.",
            Some("2024-06-01"),
            &[],
            &["meeting planned emmanuel-macron+giorgia-meloni", "metWith"],
        );
    }

    #[test]
    fn a_meeting_that_saw_two_leaders_act_has_them_as_parties() {
        check(
            "Diplomats recalled a tense summit in Rome which saw Meloni and Macron trade accusations.",
            Some("2024-06-01"),
            &["meeting held emmanuel-macron+giorgia-meloni", "metWith"],
            &[],
        );
        check(
            "Diplomats recalled a tense summit in Rome that did not see Meloni and Macron trade accusations.",
            Some("2024-06-01"),
            &[],
            &["meeting held emmanuel-macron+giorgia-meloni", "metWith"],
        );
        check(
            "Was it a tense summit in Rome that saw Meloni and Macron trade accusations?",
            Some("2024-06-01"),
            &[],
            &["meeting held emmanuel-macron+giorgia-meloni", "metWith"],
        );
    }

    #[test]
    fn a_summit_to_follow_a_meeting_being_arranged_is_proposed() {
        check(
            "Brazilian President Luiz Inácio Lula da Silva said he had started arranging talks \
             between Ramaphosa and Milei, to be followed by a three-way summit that Lula would attend.",
            None,
            &[
                "meeting proposed cyril-ramaphosa+javier-milei",
                "meeting proposed cyril-ramaphosa+javier-milei+luiz-inacio-lula-da-silva",
            ],
            &["meeting planned"],
        );
    }

    #[test]
    fn a_summit_to_follow_a_scheduled_meeting_stays_planned() {
        check(
            "Brazilian President Luiz Inácio Lula da Silva is scheduled to meet Milei next week, \
             to be followed later by a trilateral summit with Ramaphosa.",
            None,
            &["meeting planned cyril-ramaphosa+javier-milei+luiz-inacio-lula-da-silva"],
            &["meeting proposed"],
        );
    }

    #[test]
    fn a_declined_invitation_to_meet_names_who_invited_and_who_refused() {
        check(
            "Turkish President Recep Tayyip Erdoğan turned down French President Emmanuel \
             Macron's repeated invitation to meet him in Paris.",
            None,
            &[
                "meeting declined emmanuel-macron+recep-tayyip-erdogan @paris",
                "proposed emmanuel-macron MEETING",
                "rejected recep-tayyip-erdogan MEETING",
            ],
            &[
                "metWith",
                "proposed recep-tayyip-erdogan",
                "rejected emmanuel-macron",
            ],
        );
    }

    #[test]
    fn whoever_invites_someone_to_visit_takes_part_and_proposed_it() {
        check(
            "Bangladeshi Prime Minister Sheikh Hasina invited Indian Prime Minister Narendra Modi \
             to visit Dhaka.",
            None,
            &[
                "meeting proposed narendra-modi+sheikh-hasina @dhaka",
                "proposed sheikh-hasina MEETING",
            ],
            &["metWith", "proposed narendra-modi"],
        );
        // A second verb of the same clause shares its opening subject.
        check(
            "Emmanuel Macron praised Germany for its support and invited Friedrich Merz to \
             visit Paris.",
            None,
            &[
                "meeting proposed emmanuel-macron+friedrich-merz @paris",
                "proposed emmanuel-macron MEETING",
            ],
            &["metWith", "proposed friedrich-merz"],
        );
        // Not invited: no meeting, and nobody proposed one.
        check(
            "Sheikh Hasina has not invited Narendra Modi to visit Dhaka.",
            None,
            &[],
            &["meeting", "proposed"],
        );
    }

    #[test]
    fn whoever_takes_office_takes_part_in_the_inauguration() {
        check(
            "Brazilian President Luiz Inácio Lula da Silva attended the inauguration of \
             President Javier Milei in Buenos Aires.",
            None,
            &["meeting held javier-milei+luiz-inacio-lula-da-silva @buenos-aires"],
            &[],
        );
        // The name after a nation's office between commas.
        check(
            "Emmanuel Macron and Lula attended the swearing-in of Argentina's new president, \
             Javier Milei.",
            None,
            &["meeting held emmanuel-macron+javier-milei+luiz-inacio-lula-da-silva"],
            &[],
        );
        // The dead attend no funeral.
        check(
            "Emmanuel Macron attended the funeral of U.S. President Jimmy Carter in Washington.",
            None,
            &["meeting held emmanuel-macron @washington"],
            &["meeting held emmanuel-macron+jimmy-carter"],
        );
    }

    #[test]
    fn there_is_the_place_of_the_meeting_just_reported() {
        check(
            "Turkish President Recep Tayyip Erdoğan hosted talks in Istanbul last spring. \
             French President Emmanuel Macron turned down an invitation to meet Erdoğan there.",
            None,
            &["meeting declined emmanuel-macron+recep-tayyip-erdogan @istanbul"],
            &[],
        );
        // Without a meeting to point back to, "there" names no place.
        check(
            "French President Emmanuel Macron spent the weekend in Istanbul. Turkish President \
             Recep Tayyip Erdoğan said he hoped to meet Macron there.",
            None,
            &["meeting proposed emmanuel-macron+recep-tayyip-erdogan"],
            &["meeting proposed emmanuel-macron+recep-tayyip-erdogan @"],
        );
    }

    #[test]
    fn an_offer_to_meet_is_a_proposal_by_whoever_made_it() {
        check(
            "Milei is weighing Brazilian President Luiz Inácio Lula da Silva's offer to meet \
             him in Brasília.",
            None,
            &[
                "meeting proposed javier-milei+luiz-inacio-lula-da-silva",
                "proposed luiz-inacio-lula-da-silva MEETING",
            ],
            &["metWith", "proposed javier-milei", "rejected"],
        );
    }

    #[test]
    fn met_in_a_place_on_a_weekday() {
        check(
            "French President Emmanuel Macron met German Chancellor Olaf Scholz in Paris on Monday.",
            Some("2024-03-07"),
            &[
                "meeting held emmanuel-macron+olaf-scholz @paris 2024-03-04",
                "metWith emmanuel-macron olaf-scholz",
            ],
            &[],
        );
    }

    #[test]
    fn no_date_leaves_relative_dates_unresolved() {
        check(
            "Xi Jinping met Kenyan President William Ruto in Beijing on Friday.",
            None,
            &["meeting held william-ruto+xi-jinping @beijing"],
            &["meeting held william-ruto+xi-jinping @beijing 2"],
        );
    }

    #[test]
    fn hosted_and_passive_hosted() {
        check(
            "Narendra Modi hosted Bangladeshi Prime Minister Sheikh Hasina in New Delhi.",
            None,
            &[
                "hosted narendra-modi MEETING",
                "metWith narendra-modi sheikh-hasina",
                "meeting held narendra-modi+sheikh-hasina @new-delhi",
            ],
            &[],
        );
        check(
            "South Korean President Yoon Suk Yeol was hosted by Japanese Prime Minister Fumio Kishida in Tokyo.",
            None,
            &[
                "hosted fumio-kishida MEETING",
                "meeting held fumio-kishida+yoon-suk-yeol",
            ],
            &["hosted yoon-suk-yeol"],
        );
    }

    #[test]
    fn a_phone_call_is_no_meeting_in_person() {
        check(
            "U.S. President Joe Biden phoned Israeli Prime Minister Benjamin Netanyahu on Tuesday.",
            None,
            &[
                "call held benjamin-netanyahu+joe-biden",
                "called joe-biden benjamin-netanyahu",
            ],
            &["metWith"],
        );
        check(
            "Herzog spoke by phone with Egyptian President Abdel Fattah al-Sisi.",
            None,
            &["call held"],
            &["metWith"],
        );
    }

    #[test]
    fn planned_and_proposed_meetings_give_no_met_with() {
        check(
            "Scholz will meet French President Emmanuel Macron in Paris next week.",
            None,
            &["meeting planned"],
            &["metWith"],
        );
        check(
            "Recep Tayyip Erdogan proposed a summit between Vladimir Putin and Volodymyr Zelenskyy.",
            None,
            &[
                "meeting proposed vladimir-putin+volodymyr-zelenskyy",
                "proposed recep-tayyip-erdogan MEETING",
            ],
            &["metWith"],
        );
    }

    #[test]
    fn declined_and_cancelled_meetings() {
        check(
            "Brazilian President Luiz Inacio Lula da Silva declined to meet Argentine President Javier Milei.",
            None,
            &["meeting declined", "rejected"],
            &["metWith"],
        );
        check(
            "The summit between Indian Prime Minister Narendra Modi and Pakistani Prime Minister Shehbaz Sharif was called off.",
            None,
            &["meeting cancelled"],
            &["metWith"],
        );
    }

    #[test]
    fn negated_facts_give_no_edges() {
        check(
            "Xi Jinping did not meet Japanese Prime Minister Fumio Kishida.",
            None,
            &[],
            &["metWith", "meeting held"],
        );
        check(
            "Sweden is not a member of the African Union.",
            None,
            &[],
            &["memberOf"],
        );
        check(
            "Hungary has never criticized Turkey.",
            None,
            &[],
            &["criticized"],
        );
    }

    #[test]
    fn hypotheticals_and_questions_are_not_facts() {
        check(
            "If Modi meets Sharif in Lahore, the talks could resume.",
            None,
            &[],
            &["metWith", "meeting held"],
        );
        check(
            "Will Xi Jinping meet Fumio Kishida in Tokyo?",
            None,
            &[],
            &["meeting"],
        );
        check(
            "Analysts asked whether Putin would sit down with Zelenskyy after months of fighting in the east.",
            None,
            &[],
            &["metWith", "meeting held"],
        );
    }

    #[test]
    fn membership_when_stated() {
        check(
            "Finland is a member of NATO.",
            None,
            &["memberOf finland nato"],
            &[],
        );
    }

    #[test]
    fn attendee_lists_and_late_attendees() {
        check(
            "French President Emmanuel Macron, Spanish Prime Minister Pedro Sanchez and Polish Prime Minister Donald Tusk attended the summit in Brussels. Italian Prime Minister Giorgia Meloni also attended.",
            None,
            &[
                "meeting held donald-tusk+emmanuel-macron+giorgia-meloni+pedro-sanchez @brussels",
                "metWith emmanuel-macron giorgia-meloni",
            ],
            &[],
        );
    }

    #[test]
    fn urged_criticized_praised() {
        check(
            "Antonio Guterres urged Benjamin Netanyahu to allow aid into Gaza.",
            None,
            &["urged antonio-guterres benjamin-netanyahu"],
            &[],
        );
        check(
            "Emmanuel Macron criticised Viktor Orban over the veto.",
            None,
            &["criticized emmanuel-macron viktor-orban"],
            &[],
        );
        check(
            "U.S. President Joe Biden praised Japanese Prime Minister Fumio Kishida for his courage.",
            None,
            &["praised joe-biden fumio-kishida"],
            &[],
        );
    }

    #[test]
    fn proposals_and_stances() {
        check(
            "Brazil proposed a ceasefire in Sudan.",
            None,
            &["proposed brazil ceasefire"],
            &[],
        );
        check(
            "German Chancellor Olaf Scholz voiced support for a ceasefire.",
            None,
            &["supports olaf-scholz ceasefire"],
            &[],
        );
    }

    #[test]
    fn quotes_are_statements_of_their_speaker() {
        check(
            "“We will not give up,” Ukrainian President Volodymyr Zelenskyy said.",
            None,
            &["said volodymyr-zelenskyy"],
            &[],
        );
        check(
            "German Chancellor Olaf Scholz told reporters: “The door is open.”",
            None,
            &["said olaf-scholz"],
            &[],
        );
        check("The sign read “No entry” all day.", None, &[], &["said"]);
    }

    #[test]
    fn the_head_of_a_national_venue_hosts_the_meeting_there() {
        let at_palace = "Chilean President Gabriel Boric sat down with Brazilian President \
                         Luiz Inacio Lula da Silva at the Planalto Palace on Tuesday.";
        check(
            at_palace,
            None,
            &[
                "hosted luiz-inacio-lula-da-silva MEETING",
                "meeting held gabriel-boric+luiz-inacio-lula-da-silva @palacio-do-planalto",
            ],
            &["hosted gabriel-boric"],
        );
        // A minister is no head of state: nobody hosts by the venue alone.
        check(
            "Chilean President Gabriel Boric sat down with Brazilian Foreign Minister \
             Mauro Vieira at the Planalto Palace on Tuesday.",
            None,
            &["meeting held gabriel-boric+mauro-vieira"],
            &["hosted"],
        );
        check(
            "Chilean President Gabriel Boric did not sit down with Brazilian President \
             Luiz Inacio Lula da Silva at the Planalto Palace on Tuesday.",
            None,
            &[],
            &["hosted", "metWith", "meeting held"],
        );
        check(
            "Will Chilean President Gabriel Boric sit down with Brazilian President \
             Luiz Inacio Lula da Silva at the Planalto Palace?",
            None,
            &[],
            &["hosted", "metWith", "meeting"],
        );
        // A planned visit is hosted by nobody yet.
        check(
            "Chilean President Gabriel Boric will sit down with Brazilian President \
             Luiz Inacio Lula da Silva at the Planalto Palace next week.",
            None,
            &["meeting planned gabriel-boric+luiz-inacio-lula-da-silva"],
            &["hosted", "metWith"],
        );
    }

    #[test]
    fn whoever_opens_or_makes_a_meeting_attends_it() {
        check(
            "German Chancellor Olaf Scholz and French President Emmanuel Macron began an \
             unscheduled lunch meeting in Berlin on Friday.",
            None,
            &["metWith emmanuel-macron olaf-scholz"],
            &[],
        );
        check(
            "German Chancellor Olaf Scholz and French President Emmanuel Macron have never \
             begun a formal meeting in Berlin.",
            None,
            &[],
            &["metWith", "meeting held"],
        );
        check(
            "If German Chancellor Olaf Scholz and French President Emmanuel Macron began a \
             formal meeting in Berlin, aides would know.",
            None,
            &[],
            &["metWith", "meeting held"],
        );
    }

    #[test]
    fn a_meeting_with_the_regional_leaders_and_a_later_one_keep_their_status() {
        let text = "Italian Prime Minister Giorgia Meloni and Polish Prime Minister Donald Tusk \
                    arrived in Kyiv. After lunch, Zelenskyy made a brief appearance with the \
                    European leaders prior to planned formal talks.";
        check(
            text,
            None,
            &[
                "metWith donald-tusk giorgia-meloni",
                "metWith giorgia-meloni volodymyr-zelenskyy",
            ],
            &[],
        );
    }

    #[test]
    fn a_regional_group_of_two_words_names_the_leaders_of_its_region() {
        check(
            "Brazilian President Luiz Inacio Lula da Silva and Argentine President Javier \
             Milei arrived in Brasilia. Chilean President Gabriel Boric met the South \
             American leaders there.",
            None,
            &[
                "metWith gabriel-boric javier-milei",
                "metWith gabriel-boric luiz-inacio-lula-da-silva",
            ],
            &[],
        );
    }

    #[test]
    fn a_host_verb_gives_its_modality_to_the_summit_it_governs() {
        check(
            "Egyptian President Abdel Fattah el-Sisi will host a summit in Cairo.",
            None,
            &["hosted abdel-fattah-al-sisi MEETING", "meeting planned"],
            &["meeting held"],
        );
        check(
            "Egyptian President Abdel Fattah el-Sisi will not host a summit in Cairo.",
            None,
            &[],
            &["hosted", "meeting"],
        );
        check(
            "Would Egyptian President Abdel Fattah el-Sisi host a summit in Cairo?",
            None,
            &[],
            &["hosted", "meeting"],
        );
    }

    #[test]
    fn whoever_proposes_a_summit_with_someone_is_a_party() {
        check(
            "French President Emmanuel Macron proposed a joint summit with Polish President \
             Andrzej Duda.",
            None,
            &[
                "meeting proposed andrzej-duda+emmanuel-macron",
                "proposed emmanuel-macron MEETING",
            ],
            &["metWith"],
        );
        // A summit between others does not make the proposer a party.
        check(
            "French President Emmanuel Macron proposed a summit between Polish President \
             Andrzej Duda and Chilean President Gabriel Boric.",
            None,
            &["meeting proposed andrzej-duda+gabriel-boric"],
            &["metWith", "meeting proposed andrzej-duda+emmanuel-macron"],
        );
        check(
            "French President Emmanuel Macron has not proposed a summit with Polish President \
             Andrzej Duda.",
            None,
            &[],
            &["proposed emmanuel-macron", "meeting"],
        );
        check(
            "Did French President Emmanuel Macron propose a summit with Polish President \
             Andrzej Duda?",
            None,
            &[],
            &["proposed", "meeting"],
        );
    }

    #[test]
    fn a_refused_meeting_names_who_refused_it() {
        check(
            "South Korean President Yoon Suk Yeol ruled out talks with Kim Jong Un this year.",
            None,
            &[
                "meeting declined kim-jong-un+yoon-suk-yeol",
                "rejected yoon-suk-yeol MEETING",
            ],
            &["metWith"],
        );
        check(
            "South Korean President Yoon Suk Yeol has not ruled out talks with Kim Jong Un.",
            None,
            &[],
            &["meeting", "rejected"],
        );
        check(
            "Will South Korean President Yoon Suk Yeol rule out talks with Kim Jong Un?",
            None,
            &[],
            &["meeting", "rejected"],
        );
    }

    #[test]
    fn passive_hosts_after_a_place_and_calls_in_the_perfect() {
        check(
            "Bangladeshi Prime Minister Sheikh Hasina was received at Rashtrapati Bhavan by \
             Indian President Droupadi Murmu.",
            None,
            &[
                "hosted droupadi-murmu MEETING",
                "meeting held droupadi-murmu+sheikh-hasina @rashtrapati-bhavan",
            ],
            &["hosted sheikh-hasina"],
        );
        check(
            "Bangladeshi Prime Minister Sheikh Hasina was not received at Rashtrapati Bhavan by \
             Indian President Droupadi Murmu.",
            None,
            &[],
            &["hosted", "meeting"],
        );
        check(
            "Turkish President Recep Tayyip Erdogan had spoken by phone with Russian President \
             Vladimir Putin.",
            None,
            &["called recep-tayyip-erdogan vladimir-putin"],
            &["metWith"],
        );
        check(
            "Turkish President Recep Tayyip Erdogan has not spoken by phone with Russian \
             President Vladimir Putin.",
            None,
            &[],
            &["called", "call"],
        );
    }

    #[test]
    fn a_trip_to_meet_someone_gives_place_and_status() {
        check(
            "Japanese Prime Minister Fumio Kishida will fly to Seoul in May to meet South \
             Korean President Yoon Suk Yeol.",
            None,
            &["meeting planned fumio-kishida+yoon-suk-yeol @seoul"],
            &["metWith", "meeting proposed"],
        );
        check(
            "Japanese Prime Minister Fumio Kishida flew to Seoul on Monday to meet South \
             Korean President Yoon Suk Yeol.",
            None,
            &[
                "meeting held fumio-kishida+yoon-suk-yeol @seoul",
                "metWith fumio-kishida yoon-suk-yeol",
            ],
            &[],
        );
        check(
            "Japanese Prime Minister Fumio Kishida did not fly to Seoul to meet South Korean \
             President Yoon Suk Yeol.",
            None,
            &[],
            &["metWith", "meeting"],
        );
        check(
            "Will Japanese Prime Minister Fumio Kishida fly to Seoul to meet South Korean \
             President Yoon Suk Yeol?",
            None,
            &[],
            &["metWith", "meeting"],
        );
    }

    #[test]
    fn a_second_party_after_and_with_is_a_second_call() {
        check(
            "Turkish President Recep Tayyip Erdogan phoned Russian President Vladimir Putin on \
             Friday and with Ukrainian President Volodymyr Zelenskyy on Saturday.",
            None,
            &[
                "called recep-tayyip-erdogan vladimir-putin",
                "called recep-tayyip-erdogan volodymyr-zelenskyy",
                "call held recep-tayyip-erdogan+volodymyr-zelenskyy",
            ],
            &["called vladimir-putin", "metWith"],
        );
        check(
            "Turkish President Recep Tayyip Erdogan has not spoken by phone with Russian \
             President Vladimir Putin or with Ukrainian President Volodymyr Zelenskyy.",
            None,
            &[],
            &["called", "call"],
        );
        check(
            "Would Turkish President Recep Tayyip Erdogan phone Russian President Vladimir Putin \
             and with Ukrainian President Volodymyr Zelenskyy?",
            None,
            &[],
            &["called", "call"],
        );
    }

    #[test]
    fn character_offsets_agree_with_counting_characters() {
        let plain = "Plain ASCII text. ".repeat(10);
        let mixed = "Côte d’Ivoire café, São Paulo — Zelenskyy’s “talks”. ".repeat(10);
        // Eight-byte words end where the text does, or a byte before.
        let whole_words = format!("{}é", "x".repeat(126));
        let odd = format!("{}é", "x".repeat(125));
        for text in [plain.as_str(), mixed.as_str(), &whole_words, &odd, ""] {
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            // Spans from the start to every boundary, then back again: the
            // count goes forwards and backwards.
            let spans: Vec<Sentence> = bounds
                .iter()
                .chain(bounds.iter().rev())
                .map(|&end| Sentence { start: 0, end })
                .collect();
            let chars = super::sentence_char_spans(text, &spans);
            for (s, (start, end)) in spans.iter().zip(chars) {
                assert_eq!(start, 0, "{text:?}");
                assert_eq!(end, text[..s.end].chars().count(), "{} in {text:?}", s.end);
            }
        }
    }

    #[test]
    fn evidence_offsets_count_characters() {
        let lexicon = Lexicon::builtin().unwrap();
        let text = "Côte d’Ivoire café. Narendra Modi met Xi Jinping in Kazan.";
        let x = crate::extract(&Document::new("t.txt", text), &lexicon);
        let e = x
            .edges
            .iter()
            .find(|e| e.relation == Relation::MetWith)
            .expect("metWith");
        let chars: Vec<char> = text.chars().collect();
        let sentence: String = chars[e.evidence.start..e.evidence.end].iter().collect();
        assert_eq!(sentence, &*e.evidence.sentence);
        assert_eq!(
            &*e.evidence.sentence,
            "Narendra Modi met Xi Jinping in Kazan."
        );
    }

    fn meeting_labels(text: &str) -> Vec<String> {
        let lexicon = Lexicon::builtin().unwrap();
        let mut doc = Document::new("t.txt", text);
        doc.date = PartialDate::parse("2025-03-04");
        let x = crate::extract(&doc, &lexicon);
        x.nodes
            .into_iter()
            .filter(|n| n.kind.is_meeting())
            .map(|n| n.label)
            .collect()
    }

    #[test]
    fn meeting_labels_call_people_by_the_name_the_article_uses() {
        // "Xi" and "Lula" are words of the full names the article also
        // uses alone; "Milei" is the family name.
        assert_eq!(
            meeting_labels(
                "Chinese President Xi Jinping met Brazilian President Luiz Inácio Lula da Silva \
                 in Beijing on Monday. Xi and Lula spoke for two hours."
            ),
            ["Xi–Lula meeting in Beijing (2025-03-03)"]
        );
        assert_eq!(
            meeting_labels("Luiz Inácio Lula da Silva met Javier Milei on Monday."),
            ["Silva–Milei meeting (2025-03-03)"]
        );
        // A Chinese name puts the family name first, even where the article
        // never uses it alone.
        assert_eq!(
            meeting_labels(
                "Chinese President Xi Jinping met Australian Prime Minister Anthony Albanese on \
                 Monday."
            ),
            ["Xi–Albanese meeting (2025-03-03)"]
        );
    }
}

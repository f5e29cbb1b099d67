//! Reference data and relation patterns: Turtle files -> a [`Lexicon`].
//!
//! The built-in files under `ontology/` are compiled into the binary; a user
//! adds entries with `--lexicon FILE.ttl` in the same shape. The lexicon
//! holds canonical entities (nations, organisations, places, known leaders),
//! office titles, the pattern cues of `ontology/patterns.ttl`, and one
//! Aho-Corasick automaton over every surface form.

use std::collections::BTreeMap;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Term, Triple};
// The lexicon's maps are looked up once per word of every sentence; their
// keys are the lexicon's own, so a fast hash is safe here.
use foldhash::{HashMap, HashMapExt, HashSet};

use crate::error::{Error, Result};
use crate::model::NodeKind;
use crate::segment::{WordShapes, alphanumeric_at, alphanumeric_run_end};
use crate::vocab::{self, DEFAULT_BASE, NG};

/// The built-in Turtle files, in load order.
pub const BUILTIN: [(&str, &str); 7] = [
    (
        "ontology/newsgraph.ttl",
        include_str!("../ontology/newsgraph.ttl"),
    ),
    (
        "ontology/nations.ttl",
        include_str!("../ontology/nations.ttl"),
    ),
    (
        "ontology/organizations.ttl",
        include_str!("../ontology/organizations.ttl"),
    ),
    (
        "ontology/offices.ttl",
        include_str!("../ontology/offices.ttl"),
    ),
    (
        "ontology/leaders.ttl",
        include_str!("../ontology/leaders.ttl"),
    ),
    (
        "ontology/places.ttl",
        include_str!("../ontology/places.ttl"),
    ),
    (
        "ontology/patterns.ttl",
        include_str!("../ontology/patterns.ttl"),
    ),
];

/// A canonical entity of the reference data.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// IRI path below the resource base: `nation/france`.
    pub key: String,
    pub kind: Option<NodeKind>,
    pub label: String,
    pub alt_labels: Vec<String>,
    pub wikidata: Option<String>,
    pub iso_code: Option<String>,
    pub demonyms: Vec<String>,
    pub capital: Option<String>,
    pub region: Option<String>,
    pub role: Option<String>,
    pub leader_of: Option<String>,
    pub represents: Option<String>,
    pub org_kind: Option<String>,
    pub head_title: Option<String>,
    pub seat_of: Option<String>,
    pub in_nation: Option<String>,
    /// city, region, venue or continent (places).
    pub place_kind: Option<String>,
}

impl Entry {
    pub fn is_media(&self) -> bool {
        self.org_kind.as_deref() == Some("media")
    }
}

/// An office title ("Prime Minister") and whether it heads what it serves.
#[derive(Debug, Clone)]
pub struct Office {
    pub label: String,
    pub is_head: bool,
}

/// How a surface form refers to its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// A name or alias of an entity.
    Name(usize),
    /// A demonym or adjective of a nation ("French").
    Demonym(usize),
    /// The capital of a nation ("Moscow"): a place, or the government by metonymy.
    Capital(usize),
    /// An office title.
    Office(usize),
}

/// A cue of `ontology/patterns.ttl`: words that signal a relation, a
/// meeting, negation or modality.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The pattern's local name, recorded as the rule of the facts it yields.
    pub name: String,
    pub cue: String,
    /// The cue read as one of the kinds the rules know.
    pub kind: CueKind,
    /// The relation local name the pattern yields, if any.
    pub relation: Option<String>,
    /// Lower-case word sequences, each split into words.
    pub forms: Vec<Vec<String>>,
}

/// The cue kinds of `patterns.ttl` that relation rules read. A pattern whose
/// cue is none of these (from a user's Turtle file) is found like any other
/// but no rule acts on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    Verb,
    MeetVerb,
    HostVerb,
    CallVerb,
    ProposeVerb,
    AttendVerb,
    HoldingVerb,
    TripVerb,
    Member,
    MeetingNoun,
    CallNoun,
    ProposalNoun,
    Negation,
    Hypothetical,
    Declined,
    Cancelled,
    Planned,
    Proposed,
    Speech,
    Other,
}

impl CueKind {
    /// The kind a `ng:cue` name stands for.
    pub fn from_name(name: &str) -> CueKind {
        match name {
            "verb" => CueKind::Verb,
            "meet-verb" => CueKind::MeetVerb,
            "host-verb" => CueKind::HostVerb,
            "call-verb" => CueKind::CallVerb,
            "propose-verb" => CueKind::ProposeVerb,
            "attend-verb" => CueKind::AttendVerb,
            "holding-verb" => CueKind::HoldingVerb,
            "trip-verb" => CueKind::TripVerb,
            "member" => CueKind::Member,
            "meeting-noun" => CueKind::MeetingNoun,
            "call-noun" => CueKind::CallNoun,
            "proposal-noun" => CueKind::ProposalNoun,
            "negation" => CueKind::Negation,
            "hypothetical" => CueKind::Hypothetical,
            "declined" => CueKind::Declined,
            "cancelled" => CueKind::Cancelled,
            "planned" => CueKind::Planned,
            "proposed" => CueKind::Proposed,
            "speech" => CueKind::Speech,
            _ => CueKind::Other,
        }
    }

    /// Cues that state a fact of their own (a meeting, a call, a proposal,
    /// an action between actors); the others (negation, modality, word
    /// classes) only qualify those.
    pub fn states_a_fact(self) -> bool {
        matches!(
            self,
            CueKind::MeetVerb
                | CueKind::HostVerb
                | CueKind::CallVerb
                | CueKind::AttendVerb
                | CueKind::MeetingNoun
                | CueKind::CallNoun
                | CueKind::Verb
                | CueKind::Member
                | CueKind::ProposeVerb
        )
    }

    /// Verb-like cues: at one position only the longest of them counts
    /// ("called on" over "called").
    pub fn is_verbish(self) -> bool {
        matches!(
            self,
            CueKind::Verb
                | CueKind::MeetVerb
                | CueKind::HostVerb
                | CueKind::CallVerb
                | CueKind::ProposeVerb
                | CueKind::AttendVerb
                | CueKind::Member
        )
    }
}

#[derive(Debug)]
pub struct Lexicon {
    pub entries: Vec<Entry>,
    pub offices: Vec<Office>,
    pub patterns: Vec<Pattern>,
    by_key: HashMap<String, usize>,
    /// Surface forms with what they refer to, indexed by `by_first_word`.
    forms: Vec<(Box<str>, Surface)>,
    /// The leading alphanumeric run of a form ("U" of "U.S.", "New" of "New
    /// York") -> its forms, longest first.
    by_first_word: HashMap<Box<str>, Vec<u32>>,
    /// The shapes of the forms' first words: most words of a text are no
    /// form's first word, and this spares them a lookup.
    first_words: WordShapes,
    /// Folded surname (last word of a person's label, see
    /// `resolve::fold_name`) -> person entries, in entry order.
    surnames: HashMap<String, Vec<usize>>,
    /// First word of a pattern form -> (pattern, form) indices.
    cue_index: HashMap<String, Vec<(usize, usize)>>,
    /// Word class (see [`WORD_CLASSES`]) -> its words.
    word_classes: HashMap<String, HashSet<String>>,
}

/// Cue kinds of `patterns.ttl` that name a class of single words a rule
/// looks for at one position ("held" before "talks", "flew" before "to
/// meet"), rather than cues found wherever they occur in a sentence.
const WORD_CLASSES: &[&str] = &["holding-verb", "trip-verb"];

/// A gazetteer hit: a byte span and what it refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub surface: Surface,
}

impl Lexicon {
    /// The built-in reference data and patterns.
    pub fn builtin() -> Result<Lexicon> {
        Lexicon::with_extra(&[])
    }

    /// The built-in data extended by user Turtle files (name, content).
    pub fn with_extra(extra: &[(String, String)]) -> Result<Lexicon> {
        let mut triples = Vec::new();
        for (name, text) in BUILTIN {
            parse_turtle(name, text, &mut triples)?;
        }
        for (name, text) in extra {
            parse_turtle(name, text, &mut triples)?;
        }
        Lexicon::from_triples(&triples)
    }

    fn from_triples(triples: &[Triple]) -> Result<Lexicon> {
        // Group by subject, keeping subjects in first-seen order.
        let mut order: Vec<String> = Vec::new();
        let mut props: HashMap<String, Vec<(String, Term)>> = HashMap::new();
        for t in triples {
            let oxigraph::model::NamedOrBlankNode::NamedNode(s) = &t.subject else {
                continue;
            };
            let s = s.as_str().to_string();
            let list = props.entry(s.clone()).or_insert_with(|| {
                order.push(s.clone());
                Vec::new()
            });
            list.push((t.predicate.as_str().to_string(), t.object.clone()));
        }
        let mut entries = Vec::new();
        let mut offices = Vec::new();
        let mut office_alts: Vec<Vec<String>> = Vec::new();
        let mut patterns = Vec::new();
        for subject in &order {
            let p = &props[subject];
            let types: Vec<&str> = values(p, vocab::rdf::TYPE).filter_map(iri).collect();
            let class = types.iter().find_map(|t| t.strip_prefix(NG));
            match class {
                Some("Office") => {
                    offices.push(Office {
                        label: first_literal(p, vocab::rdfs::LABEL).unwrap_or_default(),
                        is_head: first_literal(p, &format!("{NG}isHead")).as_deref()
                            == Some("true"),
                    });
                    office_alts.push(literals(p, vocab::skos::ALT_LABEL));
                }
                Some("Pattern") => {
                    let name = subject
                        .rsplit(['/', '#'])
                        .next()
                        .unwrap_or(subject)
                        .to_string();
                    let cue = first_literal(p, &format!("{NG}cue")).unwrap_or_default();
                    patterns.push(Pattern {
                        name,
                        kind: CueKind::from_name(&cue),
                        cue,
                        relation: values(p, &format!("{NG}relation"))
                            .filter_map(iri)
                            .find_map(|r| r.strip_prefix(NG))
                            .map(str::to_string),
                        forms: literals(p, &format!("{NG}form"))
                            .iter()
                            .map(|f| {
                                f.to_lowercase()
                                    .replace('’', "'")
                                    .split_whitespace()
                                    .map(str::to_string)
                                    .collect()
                            })
                            .collect(),
                    });
                }
                Some(name) => {
                    let Some(kind) = NodeKind::from_class_name(name) else {
                        continue;
                    };
                    if !matches!(
                        kind,
                        NodeKind::Leader
                            | NodeKind::Person
                            | NodeKind::Nation
                            | NodeKind::Organization
                            | NodeKind::Place
                    ) {
                        continue;
                    }
                    let Some(label) = first_literal(p, vocab::rdfs::LABEL) else {
                        continue;
                    };
                    let key = subject
                        .strip_prefix(DEFAULT_BASE)
                        .unwrap_or(subject)
                        .to_string();
                    let key_of = |prop: &str| {
                        values(p, &format!("{NG}{prop}"))
                            .filter_map(iri)
                            .next()
                            .map(|i| i.strip_prefix(DEFAULT_BASE).unwrap_or(i).to_string())
                    };
                    entries.push(Entry {
                        key,
                        kind: Some(kind),
                        label,
                        alt_labels: literals(p, vocab::skos::ALT_LABEL),
                        wikidata: values(p, vocab::owl::SAME_AS)
                            .filter_map(iri)
                            .find_map(|i| i.strip_prefix(vocab::WIKIDATA))
                            .map(str::to_string),
                        iso_code: first_literal(p, &format!("{NG}isoCode")),
                        demonyms: literals(p, &format!("{NG}demonym")),
                        capital: first_literal(p, &format!("{NG}capital")),
                        region: first_literal(p, &format!("{NG}region")),
                        role: first_literal(p, &format!("{NG}role")),
                        leader_of: key_of("leaderOf"),
                        represents: key_of("represents"),
                        org_kind: first_literal(p, &format!("{NG}orgKind")),
                        head_title: first_literal(p, &format!("{NG}headTitle")),
                        seat_of: key_of("seatOf"),
                        in_nation: key_of("inNation"),
                        place_kind: first_literal(p, &format!("{NG}placeKind")),
                    });
                }
                None => {}
            }
        }
        // A later entry with the same key (a user's file) extends the earlier one.
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut merged: Vec<Entry> = Vec::new();
        for e in entries {
            if let Some(&i) = by_key.get(&e.key) {
                let old = &mut merged[i];
                old.alt_labels.extend(e.alt_labels);
                old.demonyms.extend(e.demonyms);
                old.label = e.label;
                macro_rules! take {
                    ($($f:ident),*) => { $( if e.$f.is_some() { old.$f = e.$f; } )* };
                }
                take!(
                    wikidata, iso_code, capital, region, role, leader_of, represents, org_kind,
                    head_title, seat_of, in_nation, kind
                );
            } else {
                by_key.insert(e.key.clone(), merged.len());
                merged.push(e);
            }
        }
        let entries = merged;

        // Surface forms. The first form wins when two targets share one
        // (BTreeMap keeps the surface order deterministic).
        let mut forms: BTreeMap<String, Surface> = BTreeMap::new();
        let mut add = |text: &str, surface: Surface| {
            let text = text.trim();
            if text.chars().count() >= 2 {
                forms.entry(text.to_string()).or_insert(surface);
            }
        };
        // Names first: they beat demonyms and capitals of the same spelling.
        for (i, e) in entries.iter().enumerate() {
            add(&e.label, Surface::Name(i));
            for a in &e.alt_labels {
                add(a, Surface::Name(i));
            }
        }
        for (i, e) in entries.iter().enumerate() {
            for d in &e.demonyms {
                add(d, Surface::Demonym(i));
            }
            if let Some(c) = &e.capital {
                add(c, Surface::Capital(i));
            }
        }
        for (i, o) in offices.iter().enumerate() {
            add(&o.label, Surface::Office(i));
            for a in &office_alts[i] {
                add(a, Surface::Office(i));
            }
        }
        let forms: Vec<(Box<str>, Surface)> = forms
            .into_iter()
            .filter(|(text, _)| text.starts_with(char::is_alphanumeric))
            .map(|(text, surface)| (text.into_boxed_str(), surface))
            .collect();
        let mut by_first_word: HashMap<Box<str>, Vec<u32>> = HashMap::new();
        let mut first_words = WordShapes::default();
        for (i, (text, _)) in forms.iter().enumerate() {
            let index = u32::try_from(i).map_err(|_| Error::Lexicon {
                path: "lexicon".into(),
                message: "too many surface forms".into(),
            })?;
            let first_word = &text[..alphanumeric_run_end(text, 0)];
            first_words.add(first_word);
            by_first_word
                .entry(first_word.into())
                .or_default()
                .push(index);
        }
        for list in by_first_word.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(forms[i as usize].0.len()));
        }
        let mut surnames: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            if matches!(e.kind, Some(NodeKind::Leader | NodeKind::Person))
                && let Some(last) = e.label.split_whitespace().last()
            {
                surnames
                    .entry(crate::resolve::fold_name(last))
                    .or_default()
                    .push(i);
            }
        }
        let mut cue_index: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        let mut word_classes: HashMap<String, HashSet<String>> = HashMap::new();
        for (pi, p) in patterns.iter().enumerate() {
            if WORD_CLASSES.contains(&p.cue.as_str()) {
                let words = word_classes.entry(p.cue.clone()).or_default();
                words.extend(p.forms.iter().map(|f| f.join(" ")));
                continue;
            }
            for (fi, f) in p.forms.iter().enumerate() {
                if let Some(first) = f.first() {
                    cue_index.entry(first.clone()).or_default().push((pi, fi));
                }
            }
        }
        Ok(Lexicon {
            cue_index,
            word_classes,
            entries,
            offices,
            patterns,
            by_key,
            forms,
            by_first_word,
            first_words,
            surnames,
        })
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.by_key.get(key).map(|&i| &self.entries[i])
    }

    pub fn entry_index(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    /// Known people whose label ends with a surname that folds to this key.
    pub fn people_by_folded_surname(&self, folded: &str) -> &[usize] {
        self.surnames.get(folded).map_or(&[], Vec::as_slice)
    }

    /// All gazetteer hits in a text that start and end on word boundaries,
    /// leftmost-longest: at every word start outside the last hit kept, the
    /// longest form of those sharing the word's first alphanumeric run.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut kept = Vec::new();
        self.find_into(text, &mut kept);
        kept
    }

    /// [`Lexicon::find`] into a buffer the caller reuses (cleared first).
    pub fn find_into(&self, text: &str, kept: &mut Vec<Hit>) {
        kept.clear();
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if !alphanumeric_at(text, i) {
                i += if b.is_ascii() {
                    1
                } else {
                    text[i..].chars().next().map_or(1, char::len_utf8)
                };
                continue;
            }
            // A word starts at i. The forms that can match here are those
            // whose first alphanumeric run is this word's: a shorter one
            // ("US" in "USA") could only end inside the word.
            let start = i;
            i = alphanumeric_run_end(text, start);
            if !self.first_words.may_contain(&text[start..i]) {
                continue;
            }
            let Some(candidates) = self.by_first_word.get(&text[start..i]) else {
                continue;
            };
            let rest = &bytes[start..];
            // The longest form that matches is the hit, if it ends on a word
            // boundary; a shorter one is not tried ("New Yorkers" is no
            // "New York").
            let Some(&(ref form, surface)) = candidates
                .iter()
                .map(|&f| &self.forms[f as usize])
                .find(|(form, _)| {
                    // The last byte first: it tells most forms apart in
                    // one comparison ("the UN" from "the EU").
                    let form = form.as_bytes();
                    rest.get(form.len() - 1) == form.last() && rest.starts_with(form)
                })
            else {
                continue;
            };
            let end = start + form.len();
            // "U.S." ends in a dot; "Nato-led" ends before a hyphen: both
            // are boundaries.
            if alphanumeric_at(text, end) {
                continue;
            }
            kept.push(Hit {
                start,
                end,
                surface,
            });
            // The words inside a hit start nothing.
            i = end;
        }
    }

    /// True when the lower-case word belongs to the word class (a cue kind
    /// of [`WORD_CLASSES`]).
    pub fn in_class(&self, class: &str, word: &str) -> bool {
        self.word_classes
            .get(class)
            .is_some_and(|words| words.contains(word))
    }

    /// The (pattern, form) pairs whose form starts with this lower-case word.
    pub fn cues_starting_with(&self, word: &str) -> &[(usize, usize)] {
        self.cue_index.get(word).map_or(&[], Vec::as_slice)
    }
}

fn parse_turtle(name: &str, text: &str, out: &mut Vec<Triple>) -> Result<()> {
    for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(text.as_bytes()) {
        let quad = quad.map_err(|e| Error::Lexicon {
            path: name.to_string(),
            message: e.to_string(),
        })?;
        out.push(Triple::from(quad));
    }
    Ok(())
}

fn values<'a>(
    props: &'a [(String, Term)],
    predicate: &'a str,
) -> impl Iterator<Item = &'a Term> + 'a {
    props
        .iter()
        .filter(move |(p, _)| p == predicate)
        .map(|(_, o)| o)
}

fn iri(term: &Term) -> Option<&str> {
    match term {
        Term::NamedNode(n) => Some(n.as_str()),
        _ => None,
    }
}

fn literals(props: &[(String, Term)], predicate: &str) -> Vec<String> {
    values(props, predicate)
        .filter_map(|t| match t {
            Term::Literal(l) => Some(l.value().to_string()),
            _ => None,
        })
        .collect()
}

fn first_literal(props: &[(String, Term)], predicate: &str) -> Option<String> {
    literals(props, predicate).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::{CueKind, Lexicon, Surface};

    /// A cue renamed in `patterns.ttl` but not here would silently turn off
    /// the rules that read it.
    #[test]
    fn every_builtin_cue_is_a_kind_the_rules_read() {
        let lexicon = Lexicon::builtin().unwrap();
        let unknown: Vec<&str> = lexicon
            .patterns
            .iter()
            .filter(|p| p.kind == CueKind::Other)
            .map(|p| p.cue.as_str())
            .collect();
        assert!(unknown.is_empty(), "cues no rule reads: {unknown:?}");
    }

    #[test]
    fn a_user_cue_of_an_unknown_kind_loads_but_no_rule_reads_it() {
        let extra = "@prefix ng: <https://w3id.org/newsgraph/ontology#> .\n\
            <https://w3id.org/newsgraph/id/pattern/waves> a ng:Pattern ;\n\
            ng:cue \"gesture\" ; ng:form \"waved at\" .\n";
        let lexicon = Lexicon::with_extra(&[("extra.ttl".into(), extra.into())]).unwrap();
        let waves = lexicon
            .patterns
            .iter()
            .find(|p| p.name == "waves")
            .expect("the user pattern is loaded");
        assert_eq!(waves.kind, CueKind::Other);
        assert_eq!(lexicon.cues_starting_with("waved").len(), 1);
    }

    /// The spans `find` reports in a text, with the label of what each names.
    fn hits(lexicon: &Lexicon, text: &str) -> Vec<(String, String)> {
        lexicon
            .find(text)
            .into_iter()
            .map(|h| {
                let label = match h.surface {
                    Surface::Name(i) | Surface::Demonym(i) | Surface::Capital(i) => {
                        lexicon.entries[i].label.clone()
                    }
                    Surface::Office(i) => lexicon.offices[i].label.clone(),
                };
                (text[h.start..h.end].to_string(), label)
            })
            .collect()
    }

    #[test]
    fn gazetteer_hits_are_the_longest_forms_on_word_boundaries() {
        let extra = "@prefix ng: <https://w3id.org/newsgraph/ontology#> .\n\
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
            @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n\
            <https://w3id.org/newsgraph/id/org/harbour> a ng:Organization ;\n\
            rdfs:label \"Harbour Council\" ; skos:altLabel \"Harbour\", \"H.C.\", \"Ørsted Forum\" .\n\
            <https://w3id.org/newsgraph/id/org/harbour-bank> a ng:Organization ;\n\
            rdfs:label \"Harbour Council Bank\" .\n";
        let lexicon = Lexicon::with_extra(&[("extra.ttl".into(), extra.into())]).unwrap();
        let owned = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|&(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        // The longest form wins, and the words inside it start nothing.
        assert_eq!(
            hits(
                &lexicon,
                "The Harbour Council Bank and the Harbour Council met."
            ),
            owned(&[
                ("Harbour Council Bank", "Harbour Council Bank"),
                ("Harbour Council", "Harbour Council"),
            ])
        );
        // A form must end on a word boundary, and a shorter one is not
        // tried in its place: "Harbour Councils" names nothing.
        assert_eq!(
            hits(&lexicon, "Harbour Councils and Harboured ships"),
            owned(&[])
        );
        // Dotted forms, non-ASCII forms, and forms glued by a hyphen.
        assert_eq!(
            hits(
                &lexicon,
                "H.C. officials at the Ørsted Forum, a Harbour-led plan"
            ),
            owned(&[
                ("H.C.", "Harbour Council"),
                ("Ørsted Forum", "Harbour Council"),
                ("Harbour", "Harbour Council"),
            ])
        );
        // A form is case-sensitive and starts only at a word start.
        assert_eq!(hits(&lexicon, "harbour council, SeaHarbour"), owned(&[]));
    }
}

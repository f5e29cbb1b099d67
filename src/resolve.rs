//! Mentions -> entities of one article: merges aliases, spelling variants and
//! surname-only mentions, resolves role phrases and pronouns, links to the
//! reference data, and derives each office holder's role and nation.

use std::collections::BTreeSet;

use crate::lexicon::{Entry, Lexicon};
use crate::model::{NodeKind, PartialDate};
use crate::recognize::{Mention, MentionKind, Qualifier};

/// An entity of one article.
#[derive(Debug, Clone)]
pub struct DocEntity {
    pub key: String,
    pub kind: NodeKind,
    pub label: String,
    pub aliases: BTreeSet<String>,
    pub wikidata: Option<String>,
    pub entry: Option<usize>,
    pub role: Option<String>,
    /// The nation or organisation served, with the sentence that says so.
    pub represents: Option<(String, usize)>,
    pub leader_of: Option<(String, usize)>,
    pub first_sentence: usize,
    /// A continent or region: a meeting's place only when the text says "in" it.
    pub broad_place: bool,
    /// Titled "former ...": no office from the title or the reference data.
    pub former: bool,
    /// The office of the person's title in the text, by lexicon index.
    pub title_office: Option<usize>,
}

/// The office a known person held on the article's date, as the reference
/// data tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct HeldOffice {
    role: Option<String>,
    represents: Option<String>,
    leader_of: Option<String>,
}

/// The day from which the reference data's snapshot of current holders
/// (`ontology/leaders.ttl`) stands where the terms of office are silent.
const SNAPSHOT_FROM: PartialDate = PartialDate {
    year: 2025,
    month: Some(1),
    day: Some(1),
};

/// How many years after a term's end its holder is still named by family
/// name alone.
const BARE_NAME_YEARS: i32 = 12;

/// What office the person of `entry` held on `date`, if the reference data
/// knows: `Some(None)` when the terms of office say none.
///
/// With a date and terms, a term that covers the date decides (a head's
/// term first, then one serving a nation or body in `named`); where none
/// does, the snapshot of current holders stands only from
/// [`SNAPSHOT_FROM`] on and only for an office the terms do not list.
/// Without a date, the snapshot stands, and a person known only from the
/// terms holds the office a title in the text (`titled`) confirms.
fn held_office(
    lexicon: &Lexicon,
    entry: &Entry,
    date: Option<PartialDate>,
    titled: Option<usize>,
    named: &dyn Fn(&str) -> bool,
) -> Option<HeldOffice> {
    let snapshot = || HeldOffice {
        role: entry.role.clone(),
        represents: entry.represents.clone(),
        leader_of: entry.leader_of.clone(),
    };
    let of_term = |t: usize| {
        let term = &lexicon.terms[t];
        let office = &lexicon.offices[term.office];
        HeldOffice {
            role: Some(office.label.clone()),
            represents: Some(term.serves.clone()),
            leader_of: office.is_head.then(|| term.serves.clone()),
        }
    };
    if entry.terms.is_empty() {
        return (!entry.from_terms).then(snapshot);
    }
    let Some(date) = date else {
        if !entry.from_terms {
            return Some(snapshot());
        }
        // Undated: the title must name one of the person's offices.
        let titled = titled?;
        return entry
            .terms
            .iter()
            .rev()
            .copied()
            .find(|&t| lexicon.terms[t].office == titled)
            .map(of_term);
    };
    let held = entry
        .terms
        .iter()
        .copied()
        .filter(|&t| lexicon.terms[t].covers(date))
        .max_by_key(|&t| {
            let term = &lexicon.terms[t];
            (
                lexicon.offices[term.office].is_head,
                named(&term.serves),
                term.start.map(|d| (d.year, d.month, d.day)),
            )
        });
    if let Some(t) = held {
        return Some(of_term(t));
    }
    let snapshot_office_listed = entry.role.as_ref().is_none_or(|role| {
        entry
            .terms
            .iter()
            .any(|&t| &lexicon.offices[lexicon.terms[t].office].label == role)
    });
    if !entry.from_terms && !snapshot_office_listed && date >= SNAPSHOT_FROM {
        return Some(snapshot());
    }
    Some(HeldOffice {
        role: None,
        represents: None,
        leader_of: None,
    })
}

/// A family name alone ("Chirac") of someone known only from the terms of
/// office, in an article without a date or far from their time in office:
/// too weak to name them.
fn bare_name_out_of_time(
    lexicon: &Lexicon,
    entry: &Entry,
    surface: &str,
    date: Option<PartialDate>,
) -> bool {
    if !entry.from_terms || surface.split_whitespace().nth(1).is_some() {
        return false;
    }
    match date {
        None => true,
        Some(d) => !entry
            .terms
            .iter()
            .any(|&t| lexicon.terms[t].near(d, BARE_NAME_YEARS)),
    }
}

/// Which of the people named as `entry` the article means: where several
/// share the name, the one in office on the article's date (or near it),
/// then the one serving a nation the article names; `None` when that leaves
/// more than one or none.
fn one_of_namesakes(
    lexicon: &Lexicon,
    entry: usize,
    date: Option<PartialDate>,
    named_nations: &[&str],
) -> Option<usize> {
    let all = lexicon.namesakes(entry);
    if all.is_empty() {
        return Some(entry);
    }
    let terms = |e: usize| lexicon.entries[e].terms.iter().map(|&t| &lexicon.terms[t]);
    let mut fits: Vec<usize> = all.to_vec();
    if let Some(d) = date {
        for test in [
            &(|e: usize| terms(e).any(|t| t.covers(d))) as &dyn Fn(usize) -> bool,
            &|e: usize| terms(e).any(|t| t.near(d, BARE_NAME_YEARS)),
        ] {
            let kept: Vec<usize> = all.iter().copied().filter(|&e| test(e)).collect();
            if !kept.is_empty() {
                fits = kept;
                break;
            }
        }
    }
    if fits.len() > 1 {
        let serving: Vec<usize> = fits
            .iter()
            .copied()
            .filter(|&e| terms(e).any(|t| named_nations.contains(&t.serves.as_str())))
            .collect();
        if !serving.is_empty() {
            fits = serving;
        }
    }
    (fits.len() == 1).then(|| fits[0])
}

/// Who headed `nation` on `date` in the office a role phrase names ("the
/// Israeli prime minister"; "leader" and "head of state": any head, when
/// only one held office then).
fn head_on(lexicon: &Lexicon, nation: &str, phrase: &str, date: PartialDate) -> Option<usize> {
    let phrase = phrase.to_lowercase();
    let mut holders: Vec<usize> = lexicon
        .terms
        .iter()
        .filter(|t| t.serves == nation && t.covers(date))
        .filter(|t| {
            let office = &lexicon.offices[t.office];
            office.is_head
                && (phrase.ends_with(&office.label.to_lowercase())
                    || phrase.ends_with("leader")
                    || phrase.ends_with("head of state"))
        })
        .map(|t| t.holder)
        .collect();
    holders.sort_unstable();
    holders.dedup();
    (holders.len() == 1).then(|| holders[0])
}

/// The person of this article whose name ends with `family_name`.
fn named_before(r: &Resolution, family_name: &str) -> Option<usize> {
    let folded = fold_name(family_name);
    r.entities.iter().position(|e| {
        matches!(e.kind, NodeKind::Leader | NodeKind::Person)
            && e.label
                .split_whitespace()
                .last()
                .is_some_and(|l| fold_name(l) == folded)
    })
}

/// Words before a title that say the person no longer holds it: "former
/// President X", "ex-minister X", "the late King X", "ousted President X",
/// "then-Secretary of State X".
const NO_LONGER: &[&str] = &[
    "former", "ex", "late", "ousted", "deposed", "toppled", "then",
];

/// Whether the title at `title_start` is one the person no longer holds.
fn titled_former(text: &str, title_start: usize) -> bool {
    let before = text[..title_start].trim_end();
    let word = before
        .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
        .next()
        .unwrap_or("")
        .trim_end_matches('-');
    NO_LONGER.iter().any(|w| word.eq_ignore_ascii_case(w))
        || ["ex-", "then-"].iter().any(|p| {
            text[title_start..]
                .get(..p.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(p))
        })
}

/// Entities plus, for each mention, the entity it refers to.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    pub entities: Vec<DocEntity>,
    pub of_mention: Vec<Option<usize>>,
}

impl Resolution {
    fn find_or_add(&mut self, key: &str, make: impl FnOnce() -> DocEntity) -> usize {
        if let Some(i) = self.entities.iter().position(|e| e.key == key) {
            return i;
        }
        self.entities.push(make());
        self.entities.len() - 1
    }
}

const MOTION_VERBS: &[&str] = &[
    "fly",
    "flew",
    "flying",
    "travel",
    "travelled",
    "traveled",
    "travelling",
    "traveling",
    "rushed",
    "went",
    "go",
    "going",
    "arrived",
    "arrive",
    "came",
    "come",
    "headed",
    "heading",
    "returned",
    "visit",
    "visited",
    "trip",
    "flights",
    "back",
];
const PLACE_PREPOSITIONS: &[&str] = &[
    "in", "at", "from", "near", "outside", "inside", "across", "around",
];

pub fn resolve(
    text: &str,
    mentions: &[Mention],
    lexicon: &Lexicon,
    date: Option<PartialDate>,
) -> Resolution {
    let mut r = Resolution {
        entities: Vec::new(),
        of_mention: vec![None; mentions.len()],
    };
    // The nations the article names, to tell namesakes apart.
    let named_nations: Vec<&str> = mentions
        .iter()
        .filter_map(|m| match m.kind {
            MentionKind::Known(e) | MentionKind::Demonym(e) | MentionKind::Capital(e) => {
                let entry = &lexicon.entries[e];
                (entry.kind == Some(NodeKind::Nation)).then_some(entry.key.as_str())
            }
            _ => None,
        })
        .collect();
    // Pass 1: names and reference entities.
    for (mi, m) in mentions.iter().enumerate() {
        let surface = &text[m.start..m.end];
        let entity = match &m.kind {
            MentionKind::Known(e) => {
                if bare_name_out_of_time(lexicon, &lexicon.entries[*e], surface, date) {
                    // Only someone this article has named in full.
                    named_before(&r, surface)
                } else {
                    match one_of_namesakes(lexicon, *e, date, &named_nations) {
                        Some(e) => Some(known(&mut r, lexicon, e, m.sentence)),
                        // Namesakes the article does not tell apart: a
                        // person of that name, linked to none of them.
                        None => {
                            let label = &lexicon.entries[*e].label;
                            let key = format!("person/{}", slug(label));
                            Some(r.find_or_add(&key, || {
                                DocEntity::new(
                                    key.clone(),
                                    NodeKind::Person,
                                    label.clone(),
                                    m.sentence,
                                )
                            }))
                        }
                    }
                }
            }
            MentionKind::Demonym(e) => Some(known(&mut r, lexicon, *e, m.sentence)),
            MentionKind::Capital(e) => {
                if capital_is_place(text, m) {
                    let capital = lexicon.entries[*e]
                        .capital
                        .clone()
                        .unwrap_or_else(|| surface.to_string());
                    let key = format!("place/{}", slug(&capital));
                    let existing = lexicon.entry(&key).map(|_| key.clone());
                    Some(match existing {
                        Some(k) => known(
                            &mut r,
                            lexicon,
                            lexicon.entry_index(&k).unwrap_or(*e),
                            m.sentence,
                        ),
                        None => r.find_or_add(&key, || {
                            DocEntity::new(
                                key.clone(),
                                NodeKind::Place,
                                capital.clone(),
                                m.sentence,
                            )
                        }),
                    })
                } else {
                    Some(known(&mut r, lexicon, *e, m.sentence))
                }
            }
            MentionKind::Name(name) => Some(person(&mut r, lexicon, name, m.sentence)),
            MentionKind::Org(name) => {
                let key = format!("org/{}", slug(name));
                Some(r.find_or_add(&key, || {
                    DocEntity::new(
                        key.clone(),
                        NodeKind::Organization,
                        name.clone(),
                        m.sentence,
                    )
                }))
            }
            MentionKind::Place(name) => {
                let key = format!("place/{}", slug(name));
                Some(match lexicon.entry_index(&key) {
                    Some(e) => known(&mut r, lexicon, e, m.sentence),
                    None => r.find_or_add(&key, || {
                        DocEntity::new(key.clone(), NodeKind::Place, name.clone(), m.sentence)
                    }),
                })
            }
            _ => None,
        };
        if let Some(i) = entity {
            // Most mentions repeat an alias already known: no copy for them.
            // A dateline's capitals ("RIYADH") are no alias of their own.
            if !r.entities[i].aliases.contains(surface) && !shouted(surface, &r.entities[i].label) {
                r.entities[i].aliases.insert(surface.to_string());
            }
            r.of_mention[mi] = Some(i);
        }
    }
    // Pass 2: titles give roles and nations.
    for (mi, m) in mentions.iter().enumerate() {
        let (Some(i), Some(title)) = (r.of_mention[mi], &m.title) else {
            continue;
        };
        let office = &lexicon.offices[title.office];
        if titled_former(text, title.start) {
            r.entities[i].former = true;
            continue;
        }
        let served = match title.qualifier {
            Some(Qualifier::Entry(e)) => Some(served_by(lexicon, e)),
            Some(Qualifier::Mention(q)) => r.of_mention.get(q).copied().flatten().and_then(|p| {
                r.entities[p]
                    .represents
                    .as_ref()
                    .map(|(k, _)| k.clone())
                    .or_else(|| {
                        r.entities[p]
                            .entry
                            .and_then(|e| lexicon.entries[e].represents.clone())
                    })
            }),
            None => None,
        };
        let e = &mut r.entities[i];
        e.kind = NodeKind::Leader;
        e.title_office.get_or_insert(title.office);
        if e.role.is_none() || served.is_some() {
            e.role = Some(title.text.clone());
        }
        if let Some(served) = served {
            if e.represents.is_none() {
                e.represents = Some((served.clone(), m.sentence));
            }
            if office.is_head && e.leader_of.is_none() {
                e.leader_of = Some((served, m.sentence));
            }
        }
    }
    // Pass 3: role phrases and pronouns refer to people already resolved.
    for (mi, m) in mentions.iter().enumerate() {
        let target = match &m.kind {
            MentionKind::RoleRef { nation } => nation.and_then(|n| {
                let key = &lexicon.entries[n].key;
                role_holder(&r, lexicon, key, date).or_else(|| {
                    let holder = head_on(lexicon, key, &text[m.start..m.end], date?)?;
                    Some(known(&mut r, lexicon, holder, m.sentence))
                })
            }),
            MentionKind::Pronoun => antecedent(text, mentions, &r, mi),
            _ => continue,
        };
        if let Some(i) = target {
            if matches!(m.kind, MentionKind::RoleRef { .. }) {
                let alias = text[m.start..m.end]
                    .trim_start_matches("the ")
                    .trim_start_matches("The ")
                    .to_string();
                r.entities[i].aliases.insert(alias);
                // "the Finnish president" names the nation the president
                // leads, even where the article never spells it out.
                if let MentionKind::RoleRef { nation: Some(n) } = m.kind {
                    let nation = known(&mut r, lexicon, n, m.sentence);
                    let key = r.entities[nation].key.clone();
                    let holder = &mut r.entities[i];
                    if holder.leader_of.is_none() {
                        holder.leader_of = Some((key.clone(), m.sentence));
                    }
                    if holder.represents.is_none() {
                        holder.represents = Some((key, m.sentence));
                    }
                }
            }
            r.of_mention[mi] = Some(i);
        }
    }
    // Pass 4: known people hold the office the reference data gives them
    // on the article's date, and represent (or lead) what it serves when
    // the article names it.
    for i in 0..r.entities.len() {
        let e = &r.entities[i];
        let Some(entry) = e.entry.map(|x| &lexicon.entries[x]) else {
            continue;
        };
        if !matches!(e.kind, NodeKind::Leader | NodeKind::Person)
            || !matches!(entry.kind, Some(NodeKind::Leader | NodeKind::Person))
        {
            continue;
        }
        let named = |n: &str| {
            r.entities
                .iter()
                .any(|x| matches!(x.kind, NodeKind::Nation | NodeKind::Organization) && x.key == n)
        };
        let held = if e.former {
            None
        } else {
            held_office(lexicon, entry, date, e.title_office, &named)
        };
        let Some(held) = held else {
            // Known only from the terms and not confirmed in office, or
            // titled "former": a person, unless a title in the text says
            // otherwise.
            if (entry.from_terms || e.former) && e.role.is_none() {
                r.entities[i].kind = NodeKind::Person;
            }
            continue;
        };
        let represents = e
            .represents
            .is_none()
            .then(|| held.represents.filter(|n| named(n)))
            .flatten();
        let leader_of = e
            .leader_of
            .is_none()
            .then(|| held.leader_of.filter(|n| named(n)))
            .flatten();
        let in_office = held.role.is_some();
        let e = &mut r.entities[i];
        if e.role.is_none() {
            e.role = held.role;
        }
        if e.role.is_none() && !in_office && !entry.terms.is_empty() {
            // The terms say the person held none of their offices then.
            e.kind = NodeKind::Person;
        } else if in_office {
            e.kind = NodeKind::Leader;
        }
        if let Some(n) = represents {
            e.represents = Some((n, e.first_sentence));
        }
        if let Some(n) = leader_of {
            e.leader_of = Some((n, e.first_sentence));
        }
    }
    r
}

impl DocEntity {
    fn new(key: String, kind: NodeKind, label: String, sentence: usize) -> DocEntity {
        DocEntity {
            key,
            kind,
            label,
            aliases: BTreeSet::new(),
            wikidata: None,
            entry: None,
            role: None,
            represents: None,
            leader_of: None,
            first_sentence: sentence,
            broad_place: false,
            former: false,
            title_office: None,
        }
    }
}

fn known(r: &mut Resolution, lexicon: &Lexicon, e: usize, sentence: usize) -> usize {
    let entry = &lexicon.entries[e];
    r.find_or_add(&entry.key, || {
        let mut d = DocEntity::new(
            entry.key.clone(),
            entry.kind.unwrap_or(NodeKind::Person),
            entry.label.clone(),
            sentence,
        );
        d.wikidata = entry.wikidata.clone();
        d.entry = Some(e);
        d.broad_place = matches!(entry.place_kind.as_deref(), Some("continent" | "region"));
        d
    })
}

/// "RIYADH" for "Riyadh": the label in capitals, which says nothing an
/// alias should.
fn shouted(surface: &str, label: &str) -> bool {
    !surface.chars().any(char::is_lowercase) && surface.to_lowercase() == label.to_lowercase()
}

/// The nation an office qualifier stands for: a government body such as the
/// Kremlin or the Elysee serves its nation.
fn served_by(lexicon: &Lexicon, e: usize) -> String {
    let entry = &lexicon.entries[e];
    if entry.org_kind.as_deref() == Some("government")
        && let Some(n) = &entry.in_nation
    {
        return n.clone();
    }
    if entry.kind == Some(NodeKind::Place)
        && let Some(n) = entry.seat_of.as_ref().or(entry.in_nation.as_ref())
    {
        return n.clone();
    }
    entry.key.clone()
}

/// The capitalised inner words of a name of three words or more, by which
/// some people are called alone ("Faki" of "Moussa Faki Mahamat"); not
/// particles ("bin", "da") or initials.
pub fn middle_names(name: &str) -> impl Iterator<Item = &str> {
    let mut words = name.split_whitespace();
    words.next();
    words.next_back();
    words.filter(|w| {
        w.len() >= 3 && !w.ends_with('.') && w.chars().next().is_some_and(char::is_uppercase)
    })
}

/// A person name: a known leader by full name or by a surname variant, a
/// person named earlier in the article, or a new person.
fn person(r: &mut Resolution, lexicon: &Lexicon, name: &str, sentence: usize) -> usize {
    let name = strip_honorific(name);
    let words: Vec<&str> = name.split_whitespace().collect();
    let surname = words.last().copied().unwrap_or(name);
    let folded = fold_name(surname);
    // A known person whose surname folds to the same spelling (entry order,
    // as the first match wins).
    let known_match = lexicon
        .people_by_folded_surname(&folded)
        .iter()
        .copied()
        .find(|&e| {
            words.len() == 1
                || lexicon.entries[e]
                    .label
                    .split_whitespace()
                    .next()
                    .is_some_and(|f| fold_name(f) == fold_name(words[0]))
        });
    if let Some(e) = known_match {
        return known(r, lexicon, e, sentence);
    }
    // Someone named earlier in this article, by surname or, for a name
    // written family name first, by that family name.
    if let Some(i) = r.entities.iter().position(|e| {
        // Checked last: only a label that starts with the word can match.
        let by_family_name = || {
            words.len() == 1
                && e.label
                    .as_bytes()
                    .get(..name.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(name.as_bytes()))
                && family_name_first(&e.label).is_some_and(|f| fold_name(f) == folded)
        };
        let by_middle_name =
            || words.len() == 1 && middle_names(&e.label).any(|m| fold_name(m) == folded);
        matches!(e.kind, NodeKind::Leader | NodeKind::Person)
            && (e
                .label
                .split_whitespace()
                .last()
                .is_some_and(|l| fold_name(l) == folded)
                || by_family_name()
                || by_middle_name())
            && (words.len() == 1
                || e.label.split_whitespace().count() == 1
                || e.label
                    .split_whitespace()
                    .next()
                    .is_some_and(|f| fold_name(f) == fold_name(words[0])))
    }) {
        if words.len() > r.entities[i].label.split_whitespace().count() {
            r.entities[i].label = name.to_string();
            r.entities[i].key = format!("person/{}", slug(name));
        }
        return i;
    }
    let key = format!("person/{}", slug(name));
    r.find_or_add(&key, || {
        DocEntity::new(key.clone(), NodeKind::Person, name.to_string(), sentence)
    })
}

fn strip_honorific(name: &str) -> &str {
    for h in [
        "Sir ", "Dame ", "Mr. ", "Mr ", "Mrs. ", "Mrs ", "Ms. ", "Ms ", "Dr. ", "Dr ", "Lord ",
        "Lady ",
    ] {
        if let Some(rest) = name.strip_prefix(h) {
            return rest;
        }
    }
    name
}

/// The family name of a name written family name first, as Korean names are
/// in English ("Yoon Suk Yeol", "Kim Jong Un", "Moon Jae-in"): three short
/// words, or a name and a hyphenated given name. Later mentions use that
/// first word alone ("Yoon said").
pub fn family_name_first(name: &str) -> Option<&str> {
    // Most names ("Joe Biden") fail on their bytes alone.
    let spaces = name.bytes().filter(|&b| b == b' ').count();
    if !(spaces == 2 || (spaces == 1 && name.contains('-'))) {
        return None;
    }
    let mut words = name.split_whitespace();
    let (first, second, third) = (words.next()?, words.next()?, words.next());
    if words.next().is_some() {
        return None;
    }
    let short = |w: &str| w.chars().count() <= 5;
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let korean_style = match third {
        Some(third) => short(first) && short(second) && short(third) && capitalised(third),
        None => second.contains('-') && second.chars().count() <= 9,
    };
    (korean_style && capitalised(first) && capitalised(second) && first.chars().count() > 1)
        .then_some(first)
}

/// Folds transliteration variants: Zelensky, Zelenskyy and Zelenskiy agree,
/// as do Lavrov/Lavrow and Medvedev/Medvedyev-style endings.
pub fn fold_name(word: &str) -> String {
    let mut s: String = fold_ascii(word).to_lowercase();
    for (from, to) in [
        ("yy", "y"),
        ("iy", "y"),
        ("ij", "y"),
        ("ii", "i"),
        ("kh", "h"),
        ("ph", "f"),
    ] {
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
    s
}

/// Removes diacritics from common Latin letters (é -> e, ğ -> g).
pub fn fold_ascii(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' => 'A',
            'ç' | 'ć' | 'č' => 'c',
            'Ç' | 'Ć' | 'Č' => 'C',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
            'È' | 'É' | 'Ê' | 'Ë' | 'Ē' => 'E',
            'ì' | 'í' | 'î' | 'ï' | 'ı' => 'i',
            'Ì' | 'Í' | 'Î' | 'Ï' | 'İ' => 'I',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
            'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'O',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
            'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
            'ý' | 'ÿ' => 'y',
            'ğ' => 'g',
            'ş' | 'ś' | 'š' | 'ș' => 's',
            'Ş' | 'Ś' | 'Š' | 'Ș' => 'S',
            'ž' | 'ź' | 'ż' => 'z',
            'Ž' | 'Ź' | 'Ż' => 'Z',
            'ł' => 'l',
            'Ł' => 'L',
            'ř' => 'r',
            'ť' | 'ț' => 't',
            'đ' => 'd',
            other => other,
        })
        .collect()
}

/// A lower-case ASCII slug for IRIs: "Côte d'Ivoire" -> "cote-divoire".
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in fold_ascii(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if matches!(c, '\'' | '’' | '.') {
            continue;
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str(&format!(
            "{:x}",
            blake3::hash(s.as_bytes()).as_bytes()[0..4]
                .iter()
                .fold(0u32, |a, b| (a << 8) | u32::from(*b))
        ));
    }
    out
}

/// A capital is its nation's government when it acts: possessive
/// ("Moscow's proposals"), followed by a verb ("Washington will help"), or
/// an object after a verb ("urged Washington to"); it is the city after a
/// preposition of place, after "to" or "visit", and before a meeting noun.
fn capital_is_place(text: &str, m: &Mention) -> bool {
    if m.possessive {
        return false;
    }
    let word = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let before: Vec<String> = text[..m.start]
        .split_whitespace()
        .rev()
        .take(2)
        .map(word)
        .collect();
    let prev = before.first().cloned().unwrap_or_default();
    let prev2 = before.get(1).cloned().unwrap_or_default();
    if PLACE_PREPOSITIONS.contains(&prev.as_str())
        || prev == "the" && PLACE_PREPOSITIONS.contains(&prev2.as_str())
    {
        return true;
    }
    // "a visit to Moscow", "flew to Beijing": where someone goes, whatever
    // follows ("... drew criticism").
    if prev == "to"
        && matches!(
            prev2.as_str(),
            "visit"
                | "visits"
                | "trip"
                | "trips"
                | "journey"
                | "travel"
                | "travels"
                | "travelled"
                | "traveled"
                | "flew"
                | "fly"
                | "flies"
                | "went"
                | "go"
                | "goes"
                | "returned"
                | "return"
                | "headed"
                | "heads"
        )
    {
        return true;
    }
    let rest = &text[m.end..];
    let next_raw = rest.split_whitespace().next().unwrap_or("");
    let next = word(next_raw);
    let punctuation_next = rest
        .trim_start()
        .starts_with(|c: char| !c.is_alphanumeric());
    if matches!(
        next.as_str(),
        "meeting" | "meetings" | "summit" | "talks" | "gathering" | "conference" | "visit" | "meet"
    ) {
        return true;
    }
    let verb_next = !punctuation_next
        && next_raw.chars().next().is_some_and(char::is_lowercase)
        && !FOLLOWING_PREPOSITIONS.contains(&next.as_str());
    if verb_next {
        return false;
    }
    matches!(
        prev.as_str(),
        "to" | "into" | "toward" | "towards" | "visit" | "visited" | "visiting" | "visits"
    ) || MOTION_VERBS.contains(&prev.as_str())
}

const FOLLOWING_PREPOSITIONS: &[&str] = &[
    "for",
    "on",
    "in",
    "at",
    "to",
    "with",
    "and",
    "or",
    "of",
    "from",
    "by",
    "after",
    "before",
    "during",
    "since",
    "last",
    "this",
    "next",
    "where",
    "which",
    "that",
    "as",
    "than",
    "until",
    "over",
    "earlier",
    "later",
    "today",
    "yesterday",
];

/// The leader a role phrase of this nation refers to: the article's head of
/// that nation, or its only office holder.
fn role_holder(
    r: &Resolution,
    lexicon: &Lexicon,
    nation: &str,
    date: Option<PartialDate>,
) -> Option<usize> {
    let heads: Vec<usize> = (0..r.entities.len())
        .filter(|&i| {
            let e = &r.entities[i];
            let leads_then = |x: usize| {
                let entry = &lexicon.entries[x];
                held_office(lexicon, entry, date, e.title_office, &|_| true)
                    .is_some_and(|h| h.leader_of.as_deref() == Some(nation))
            };
            matches!(e.kind, NodeKind::Leader | NodeKind::Person)
                && !e.former
                && (e.leader_of.as_ref().is_some_and(|(n, _)| n == nation)
                    || e.entry.is_some_and(leads_then))
        })
        .collect();
    if heads.len() == 1 {
        return Some(heads[0]);
    }
    None
}

/// he/she: after a reporting verb ("Lula suggested he ...", "X said that
/// he ...") the nearest person before that verb; otherwise the subject (first
/// person) of the sentence if it comes before the pronoun, else the subject of
/// one of the two previous sentences.
fn antecedent(text: &str, mentions: &[Mention], r: &Resolution, mi: usize) -> Option<usize> {
    let m = &mentions[mi];
    let is_person = |k: usize| {
        r.of_mention[k]
            .is_some_and(|e| matches!(r.entities[e].kind, NodeKind::Leader | NodeKind::Person))
    };
    // Mentions are sorted by position, so the ones of this sentence and the
    // two before it are the run just before `mi`: walking back over that run
    // only (not over every earlier mention) keeps coreference linear.
    let first = m.sentence.saturating_sub(2);
    let mut window = mi;
    while window > 0 && (first..=m.sentence).contains(&mentions[window - 1].sentence) {
        window -= 1;
    }
    let same: Vec<usize> = (window..mi)
        .filter(|&k| mentions[k].sentence == m.sentence && is_person(k))
        .collect();
    let before: Vec<&str> = text[..m.start].split_whitespace().rev().take(2).collect();
    let reported = before
        .iter()
        .any(|w| REPORTING_VERBS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())));
    if reported && let Some(&k) = same.last() {
        return r.of_mention[k];
    }
    if let Some(&k) = same.first() {
        return r.of_mention[k];
    }
    for s in (first..m.sentence).rev() {
        if let Some(k) = (window..mi).find(|&k| mentions[k].sentence == s && is_person(k)) {
            return r.of_mention[k];
        }
    }
    None
}

const REPORTING_VERBS: &[&str] = &[
    "said",
    "says",
    "suggested",
    "suggests",
    "confirmed",
    "added",
    "insisted",
    "stressed",
    "noted",
    "believes",
    "believed",
    "thinks",
    "thought",
    "hoped",
    "hopes",
    "argued",
    "warned",
    "claimed",
    "announced",
    "that",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_variants_fold_together() {
        assert_eq!(fold_name("Zelenskyy"), fold_name("Zelenskiy"));
        assert_eq!(fold_name("Zelensky"), fold_name("Zelenskyy"));
        assert_ne!(fold_name("Putin"), fold_name("Zelensky"));
    }

    /// An edge as (source key, relation, target key).
    type Triple = (String, String, String);

    /// Extracts `body` as an article of `date` (or undated) and returns
    /// its people (key, kind) and edges (source, relation, target), keys
    /// without the resource base.
    fn people_and_edges(date: Option<&str>, body: &str) -> (Vec<(String, NodeKind)>, Vec<Triple>) {
        static LEXICON: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        let lexicon = LEXICON.get_or_init(|| Lexicon::builtin().unwrap());
        let text = match date {
            Some(d) => format!("date {d}\nHeadline\n\n{body}\n"),
            None => format!("Headline\n\n{body}\n"),
        };
        let doc = crate::read::parse_text("a.txt", &text);
        let x = crate::extract(&doc, lexicon);
        let people = x
            .nodes
            .iter()
            .filter(|n| matches!(n.kind, NodeKind::Leader | NodeKind::Person))
            .map(|n| (n.key.clone(), n.kind))
            .collect();
        let edges = x
            .edges
            .iter()
            .map(|e| {
                (
                    e.source.to_string(),
                    e.relation.name().to_string(),
                    e.target.to_string(),
                )
            })
            .collect();
        (people, edges)
    }

    fn has(edges: &[Triple], s: &str, p: &str, o: &str) -> bool {
        edges.iter().any(|(a, b, c)| a == s && b == p && c == o)
    }

    fn kind_of(people: &[(String, NodeKind)], key: &str) -> Option<NodeKind> {
        people.iter().find(|(k, _)| k == key).map(|(_, kind)| *kind)
    }

    #[test]
    fn a_president_of_1987_leads_his_country_then() {
        let (people, edges) = people_and_edges(
            Some("1987-03-02"),
            "President Ronald Reagan met Egyptian President Hosni Mubarak in Washington. \
             The United States and Egypt agreed on aid. The North Korean leader was silent.",
        );
        assert!(has(
            &edges,
            "person/ronald-reagan",
            "leaderOf",
            "nation/united-states"
        ));
        assert!(has(
            &edges,
            "person/hosni-mubarak",
            "leaderOf",
            "nation/egypt"
        ));
        // a role phrase resolves to whoever held the office on that date
        assert_eq!(
            kind_of(&people, "person/kim-il-sung"),
            Some(NodeKind::Leader)
        );
        assert!(!people.iter().any(|(k, _)| k == "person/kim-jong-un"));
    }

    #[test]
    fn leaders_of_2004_are_known_without_a_title() {
        let (people, edges) = people_and_edges(
            Some("2004-06-10"),
            "Jacques Chirac met Tony Blair in Paris. France and Britain signed a deal. \
             Chirac said the talks were good. The Israeli prime minister was not there.",
        );
        assert!(has(
            &edges,
            "person/jacques-chirac",
            "leaderOf",
            "nation/france"
        ));
        assert!(has(
            &edges,
            "person/tony-blair",
            "leaderOf",
            "nation/united-kingdom"
        ));
        assert!(has(
            &edges,
            "person/jacques-chirac",
            "metWith",
            "person/tony-blair"
        ));
        assert_eq!(
            kind_of(&people, "person/ariel-sharon"),
            Some(NodeKind::Leader)
        );
    }

    #[test]
    fn the_snapshot_of_today_does_not_hold_in_2019() {
        // Trump was president in 2019; Rubio was not yet secretary of state.
        let (_, edges) = people_and_edges(
            Some("2019-05-02"),
            "Donald Trump and Marco Rubio spoke about the United States and Venezuela.",
        );
        assert!(has(
            &edges,
            "person/donald-trump",
            "leaderOf",
            "nation/united-states"
        ));
        assert!(!has(
            &edges,
            "person/marco-rubio",
            "represents",
            "nation/united-states"
        ));
        // the same sentence today: both hold office
        let (_, edges) = people_and_edges(
            Some("2025-06-02"),
            "Donald Trump and Marco Rubio spoke about the United States and Venezuela.",
        );
        assert!(has(
            &edges,
            "person/marco-rubio",
            "represents",
            "nation/united-states"
        ));
    }

    #[test]
    fn a_president_out_of_office_in_2024_leads_nothing() {
        let (people, edges) = people_and_edges(
            Some("2024-03-05"),
            "Joe Biden met Donald Trump at the White House. The United States voted.",
        );
        assert!(has(
            &edges,
            "person/joe-biden",
            "leaderOf",
            "nation/united-states"
        ));
        assert!(!has(
            &edges,
            "person/donald-trump",
            "leaderOf",
            "nation/united-states"
        ));
        assert!(!has(
            &edges,
            "person/donald-trump",
            "represents",
            "nation/united-states"
        ));
        assert_eq!(
            kind_of(&people, "person/donald-trump"),
            Some(NodeKind::Person)
        );
    }

    #[test]
    fn a_former_president_holds_no_office() {
        let (people, edges) = people_and_edges(
            Some("2024-03-05"),
            "Former U.S. President Barack Obama visited Kenya. The United States sent aid.",
        );
        assert!(!has(
            &edges,
            "person/barack-obama",
            "leaderOf",
            "nation/united-states"
        ));
        assert!(!has(
            &edges,
            "person/barack-obama",
            "represents",
            "nation/united-states"
        ));
        assert_eq!(
            kind_of(&people, "person/barack-obama"),
            Some(NodeKind::Person)
        );
        // In office, the same title gives the office.
        let (_, edges) = people_and_edges(
            Some("2012-03-05"),
            "U.S. President Barack Obama visited Kenya. The United States sent aid.",
        );
        assert!(has(
            &edges,
            "person/barack-obama",
            "leaderOf",
            "nation/united-states"
        ));
    }

    #[test]
    fn titles_no_longer_held_give_no_office() {
        for phrase in [
            "the late President Hosni Mubarak",
            "ousted President Hosni Mubarak",
            "then President Hosni Mubarak",
            "deposed President Hosni Mubarak",
        ] {
            let (people, edges) = people_and_edges(
                Some("2010-05-01"),
                &format!("Egypt mourned {phrase} on Monday."),
            );
            assert!(
                !has(&edges, "person/hosni-mubarak", "leaderOf", "nation/egypt"),
                "{phrase}"
            );
            assert_eq!(
                kind_of(&people, "person/hosni-mubarak"),
                Some(NodeKind::Person),
                "{phrase}"
            );
        }
        assert!(!titled_former("Egyptian President Mubarak", 9));
    }

    #[test]
    fn namesakes_are_told_apart_by_date_and_by_nation() {
        // Andris Berzins was prime minister of Latvia in 2000-2002, and
        // another Andris Berzins its president in 2011-2015.
        let (people, _) = people_and_edges(Some("2001-02-01"), "Andris Bērziņš spoke in Latvia.");
        let lexicon = Lexicon::builtin().unwrap();
        let wikidata = |people: &[(String, NodeKind)]| {
            let key = &people[0].0;
            lexicon.entry(key).and_then(|e| e.wikidata.clone())
        };
        assert_eq!(wikidata(&people).as_deref(), Some("Q380986"));
        let (people, _) = people_and_edges(Some("2013-02-01"), "Andris Bērziņš spoke in Latvia.");
        assert_eq!(wikidata(&people).as_deref(), Some("Q57506"));
        // Between the two terms, near both: left unlinked.
        let (people, _) = people_and_edges(Some("2010-09-01"), "Andris Bērziņš spoke in Latvia.");
        assert_eq!(people.len(), 1);
        assert_eq!(wikidata(&people), None);
        // Abdoulaye Diop: Mali's foreign minister from 2014, and Senegal's
        // finance minister until 2012; in 2013 the nation named decides.
        let (people, _) = people_and_edges(Some("2013-06-01"), "Abdoulaye Diop arrived in Mali.");
        assert_eq!(wikidata(&people).as_deref(), Some("Q2821367"));
        let (people, _) =
            people_and_edges(Some("2013-06-01"), "Abdoulaye Diop arrived in Senegal.");
        assert_eq!(wikidata(&people).as_deref(), Some("Q2821369"));
    }

    #[test]
    fn an_undated_article_takes_offices_from_its_titles() {
        // Known only from the terms and untitled: a person, no office.
        let (people, edges) = people_and_edges(None, "Tony Blair spoke about Britain.");
        assert_eq!(
            kind_of(&people, "person/tony-blair"),
            Some(NodeKind::Person)
        );
        assert!(!has(
            &edges,
            "person/tony-blair",
            "represents",
            "nation/united-kingdom"
        ));
        // A title that one of the terms confirms gives that term's nation.
        let (people, edges) =
            people_and_edges(None, "Prime Minister Tony Blair spoke about Britain.");
        assert_eq!(
            kind_of(&people, "person/tony-blair"),
            Some(NodeKind::Leader)
        );
        assert!(has(
            &edges,
            "person/tony-blair",
            "represents",
            "nation/united-kingdom"
        ));
        // A family name alone, undated, is too weak to name anyone.
        let (people, _) = people_and_edges(None, "Blair spoke about Britain.");
        assert!(people.is_empty(), "{people:?}");
    }

    #[test]
    fn a_family_name_far_from_its_time_in_office_names_no_one() {
        let (people, _) = people_and_edges(Some("2024-05-01"), "Chirac said France would act.");
        assert!(people.is_empty(), "{people:?}");
        let (people, _) = people_and_edges(Some("2004-05-01"), "Chirac said France would act.");
        assert_eq!(
            kind_of(&people, "person/jacques-chirac"),
            Some(NodeKind::Leader)
        );
    }

    #[test]
    fn a_post_at_a_research_body_or_company_is_no_office() {
        for (text, who) in [
            (
                "\"It is risky,\" said Jane Roe, director of the Asia program at the Lowy \
                 Institute, about China.",
                "person/jane-roe",
            ),
            (
                "John Doe, director of research at the Lakeside Policy Foundation, said India \
                 would act.",
                "person/john-doe",
            ),
            (
                "Ann Poe, the Japan chair at Meridian Institute, said Japan would act.",
                "person/ann-poe",
            ),
        ] {
            let (people, edges) = people_and_edges(Some("2024-05-01"), text);
            assert_eq!(kind_of(&people, who), Some(NodeKind::Person), "{text}");
            assert!(
                !edges
                    .iter()
                    .any(|(s, p, _)| s == who && matches!(p.as_str(), "represents" | "leaderOf")),
                "{text}: {edges:?}"
            );
        }
        // A public office keeps its title.
        let (people, edges) = people_and_edges(
            Some("2024-05-01"),
            "Mary Major, the foreign minister of Ireland, said Ireland would act.",
        );
        assert_eq!(
            kind_of(&people, "person/mary-major"),
            Some(NodeKind::Leader)
        );
        assert!(has(
            &edges,
            "person/mary-major",
            "represents",
            "nation/ireland"
        ));
    }

    #[test]
    fn terms_cover_their_days() {
        let lexicon = Lexicon::builtin().unwrap();
        let trump = lexicon.entry_index("person/donald-trump").unwrap();
        let held = |d: &str| {
            let d = PartialDate::parse(d).unwrap();
            lexicon.entries[trump]
                .terms
                .iter()
                .any(|&t| lexicon.terms[t].covers(d))
        };
        assert!(held("2017-01-20"));
        assert!(held("2020-12-31"));
        assert!(!held("2021-01-20"), "a term ends where the next begins");
        assert!(!held("2023-06-01"));
        assert!(held("2025-01-20"));
        assert!(held("2026-12-07"), "an open term runs on");
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("Côte d'Ivoire"), "cote-divoire");
        assert_eq!(slug("Ursula von der Leyen"), "ursula-von-der-leyen");
        assert_eq!(slug("Recep Tayyip Erdoğan"), "recep-tayyip-erdogan");
    }
}

//! Mentions -> entities of one article: merges aliases, spelling variants and
//! surname-only mentions, resolves role phrases and pronouns, links to the
//! reference data, and derives each office holder's role and nation.

use std::collections::BTreeSet;

use crate::lexicon::Lexicon;
use crate::model::NodeKind;
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

pub fn resolve(text: &str, mentions: &[Mention], lexicon: &Lexicon) -> Resolution {
    let mut r = Resolution {
        entities: Vec::new(),
        of_mention: vec![None; mentions.len()],
    };
    // Pass 1: names and reference entities.
    for (mi, m) in mentions.iter().enumerate() {
        let surface = &text[m.start..m.end];
        let entity = match &m.kind {
            MentionKind::Known(e) => Some(known(&mut r, lexicon, *e, m.sentence)),
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
            MentionKind::RoleRef { nation } => {
                nation.and_then(|n| role_holder(&r, lexicon, &lexicon.entries[n].key))
            }
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
    // Pass 4: known leaders whose nation the article names represent it.
    for i in 0..r.entities.len() {
        let e = &r.entities[i];
        let Some(entry) = e.entry.map(|x| &lexicon.entries[x]) else {
            continue;
        };
        if !matches!(e.kind, NodeKind::Leader) {
            continue;
        }
        let named = |n: &&String| {
            r.entities.iter().any(|x| {
                matches!(x.kind, NodeKind::Nation | NodeKind::Organization) && x.key == **n
            })
        };
        let represents = e
            .represents
            .is_none()
            .then(|| entry.represents.as_ref().filter(named))
            .flatten();
        let leader_of = e
            .leader_of
            .is_none()
            .then(|| entry.leader_of.as_ref().filter(named))
            .flatten();
        let e = &mut r.entities[i];
        if e.role.is_none() {
            e.role = entry.role.clone();
        }
        if let Some(n) = represents {
            e.represents = Some((n.clone(), e.first_sentence));
        }
        if let Some(n) = leader_of {
            e.leader_of = Some((n.clone(), e.first_sentence));
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
fn role_holder(r: &Resolution, lexicon: &Lexicon, nation: &str) -> Option<usize> {
    let heads: Vec<usize> = (0..r.entities.len())
        .filter(|&i| {
            let e = &r.entities[i];
            e.kind == NodeKind::Leader
                && (e.leader_of.as_ref().is_some_and(|(n, _)| n == nation)
                    || e.entry
                        .is_some_and(|x| lexicon.entries[x].leader_of.as_deref() == Some(nation)))
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

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("Côte d'Ivoire"), "cote-divoire");
        assert_eq!(slug("Ursula von der Leyen"), "ursula-von-der-leyen");
        assert_eq!(slug("Recep Tayyip Erdoğan"), "recep-tayyip-erdogan");
    }
}

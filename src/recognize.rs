//! Sentences + lexicon -> mentions: gazetteer hits, office titles with the
//! names they introduce, appositives, honorifics, surnames of people found
//! earlier, role phrases ("the Finnish president") and pronouns.
//!
//! Finding is kept apart from deciding: this module only says where
//! something is named and how; `resolve` decides which entity it is.

use crate::lexicon::{Hit, Lexicon, Surface};
use crate::model::{NodeKind, Sentence};
use crate::segment::{self, Token};

/// What a mention names, before resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MentionKind {
    /// A reference-data entity by its lexicon index.
    Known(usize),
    /// A nation by its demonym ("French").
    Demonym(usize),
    /// A capital city: the place, or its nation's government by metonymy.
    Capital(usize),
    /// An office title that introduces no name.
    Office(usize),
    /// A person's name not in the reference data.
    Name(String),
    /// he, him, his, himself, she, her, herself.
    Pronoun,
    /// "the Russian leader", "the Finnish president", "the Russian".
    RoleRef { nation: Option<usize> },
    /// "the two presidents", "the three leaders".
    GroupRef(usize),
    /// A place the reference data does not know, named by the article's
    /// dateline ("HAMBURG - ...") and wherever the text names it again.
    Place(String),
    /// A government body the reference data does not list, named after its
    /// nation: "Brazil's foreign ministry" -> "Brazilian Foreign Ministry".
    Org(String),
    /// "European leaders", "Arab allies": the leaders the article names from
    /// nations of that region.
    RegionGroup(String),
}

/// An office title attached to a person mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// Where the title phrase (qualifier included) starts in the text.
    pub start: usize,
    pub office: usize,
    /// The role as written, e.g. "Special Envoy", "Foreign Minister".
    pub text: String,
    /// The nation or organisation the office serves, by lexicon index, or a
    /// person whose nation it is ("Kremlin envoy" after a person: "Xi envoy"), by mention index.
    pub qualifier: Option<Qualifier>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    Entry(usize),
    Mention(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    pub kind: MentionKind,
    pub title: Option<Title>,
    /// Followed by a possessive 's.
    pub possessive: bool,
}

/// The indices of each sentence's mentions, in mention order: one list for
/// the whole article, where a list per sentence cost an allocation each.
pub(crate) struct MentionsBySentence {
    /// `order[starts[s]..starts[s + 1]]` are sentence `s`'s mentions.
    starts: Vec<usize>,
    order: Vec<usize>,
}

impl MentionsBySentence {
    pub(crate) fn new(mentions: &[Mention], n_sentences: usize) -> MentionsBySentence {
        let mut starts = vec![0; n_sentences + 1];
        for m in mentions.iter().filter(|m| m.sentence < n_sentences) {
            starts[m.sentence + 1] += 1;
        }
        for s in 0..n_sentences {
            starts[s + 1] += starts[s];
        }
        let mut next = starts.clone();
        let mut order = vec![0; starts[n_sentences]];
        for (mi, m) in mentions.iter().enumerate() {
            if let Some(at) = next
                .get_mut(m.sentence)
                .filter(|_| m.sentence < n_sentences)
            {
                order[*at] = mi;
                *at += 1;
            }
        }
        MentionsBySentence { starts, order }
    }

    pub(crate) fn of(&self, sentence: usize) -> &[usize] {
        &self.order[self.starts[sentence]..self.starts[sentence + 1]]
    }
}

const HONORIFICS: &[&str] = &[
    "Sir", "Dame", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Lord", "Lady", "Sheikh",
    "Prince", "Princess", "King", "Queen",
];
/// Words that end the names of places, and of no person.
const PLACE_NOUNS: &[&str] = &[
    "Street",
    "Road",
    "Avenue",
    "Boulevard",
    "Square",
    "Island",
    "Islands",
    "Airport",
    "Station",
    "Hospital",
    "College",
    "University",
    "Hotel",
    "Centre",
    "Center",
    "Stadium",
    "River",
    "Strait",
    "Ocean",
    "Mountains",
];
/// The honorifics that name a person before a single word.
const ADDRESS_FORMS: &[&str] = &[
    "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Sheikh", "Sir", "Dame",
];
const PARTICLES: &[&str] = &[
    "von", "der", "van", "de", "da", "bin", "al", "la", "le", "du", "dos", "del", "den", "ter",
    "el",
];
const ROLE_MODIFIERS: &[&str] = &[
    "special",
    "deputy",
    "senior",
    "chief",
    "top",
    "acting",
    "first",
    "vice",
    "foreign",
    "defence",
    "defense",
    "interior",
    "finance",
    "economic",
    "presidential",
    "peace",
    "trade",
    "climate",
    "security",
];
const LEADER_WORDS: &[&str] = &[
    "leader",
    "president",
    "prime minister",
    "chancellor",
    "premier",
    "head of state",
];
const CREDIT_MARKERS: &[&str] = &[
    "photo:",
    "credit:",
    "image:",
    "picture:",
    "photograph:",
    "source:",
    "photos:",
    "video:",
];
const BYLINE_STARTS: &[&str] = &[
    "with ",
    "by ",
    "reporting by ",
    "writing by ",
    "editing by ",
    "additional reporting",
    "compiled by ",
    "written by ",
];

/// The tokens of each sentence as `recognize` read them: `None` for a
/// sentence it read only in part (a byline, or a credit after "Photo:").
pub type SentenceTokens<'a> = Vec<Option<Vec<Token<'a>>>>;

/// Finds the mentions of one document, sorted by start offset, with the
/// tokens of the sentences it read whole, for later stages to reuse.
pub fn recognize<'a>(
    text: &'a str,
    sentences: &[Sentence],
    lexicon: &Lexicon,
) -> (Vec<Mention>, SentenceTokens<'a>) {
    let mut out: Vec<Mention> = Vec::new();
    // The tokens of each whole sentence, kept for the surname pass.
    let mut sentence_tokens: SentenceTokens = vec![None; sentences.len()];
    // A sentence's gazetteer hits and mentions, in buffers every sentence
    // reuses.
    let mut hits: Vec<Hit> = Vec::new();
    let mut local: Vec<Mention> = Vec::new();
    for (sentence_idx, s) in sentences.iter().enumerate() {
        let sent = &text[s.start..s.end];
        if is_byline(sent) {
            continue;
        }
        // Credits: nothing after "Photo:" or "Credit:" names an actor.
        let credit_cut = credit_start(sent).map_or(s.end, |i| s.start + i);
        let tokens = segment::tokens(text, s.start, credit_cut);
        lexicon.find_into(&text[s.start..credit_cut], &mut hits);
        local.clear();
        local.extend(hits.iter().map(|h| Mention {
            start: s.start + h.start,
            end: s.start + h.end,
            sentence: sentence_idx,
            kind: match h.surface {
                Surface::Name(i) => MentionKind::Known(i),
                Surface::Demonym(i) => MentionKind::Demonym(i),
                Surface::Capital(i) => MentionKind::Capital(i),
                Surface::Office(i) => MentionKind::Office(i),
            },
            title: None,
            possessive: false,
        }));
        // A capitalised office word starting a sentence with no name after it
        // is still an office; a lower-case "us" is never the United States
        // (the automaton is case-sensitive, so that holds already).
        hyphen_compounds(text, &mut local);
        kinds_of_place(text, &tokens, lexicon, &mut local, sentence_idx);
        ministries(&tokens, lexicon, &mut local, sentence_idx);
        named_bodies(text, &tokens, lexicon, &mut local, sentence_idx);
        titles_and_names(text, &tokens, lexicon, &mut local, sentence_idx);
        role_refs(text, &tokens, lexicon, &mut local, sentence_idx);
        pronouns(&tokens, &mut local, sentence_idx);
        region_groups(&tokens, &mut local, sentence_idx);
        local.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        for m in &mut local {
            m.possessive = is_possessive(text, m.end);
        }
        out.append(&mut local);
        if credit_cut == s.end {
            sentence_tokens[sentence_idx] = Some(tokens);
        }
    }
    surnames(text, sentences, &sentence_tokens, &mut out, lexicon);
    dateline_places(text, sentences, &mut out);
    out.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    // Qualifier mention indices were local to a sentence; re-point them.
    fix_qualifiers(&mut out);
    (out, sentence_tokens)
}

/// A dateline opens one of the first sentences: upper-case words, maybe a
/// comma and a region, then a dash ("SAN FRANCISCO - ", "RAFAH, Egypt - ").
/// Its city is a place; every later mention of it in the text is too.
fn dateline_places(text: &str, sentences: &[Sentence], mentions: &mut Vec<Mention>) {
    let mut cities: Vec<String> = Vec::new();
    for (sentence_idx, s) in sentences.iter().enumerate().take(4) {
        let sent = &text[s.start..s.end];
        // The city's first word is all capitals: most sentences fail on it
        // before the dash is looked for.
        let first_word = sent
            .split(|c: char| c.is_whitespace() || c == ',')
            .next()
            .unwrap_or("");
        if !first_word.chars().all(is_dateline_char) {
            continue;
        }
        let Some(dash) = sent
            .find(" - ")
            .or_else(|| sent.find(" – "))
            .or_else(|| sent.find(" — "))
        else {
            continue;
        };
        let head = &sent[..dash];
        let city = head.split(',').next().unwrap_or(head).trim();
        let words: Vec<&str> = city.split_whitespace().collect();
        let caps = !words.is_empty()
            && words.len() <= 4
            && words
                .iter()
                .all(|w| w.chars().all(is_dateline_char) && w.chars().any(char::is_alphabetic));
        if caps {
            let title: Vec<String> = words
                .iter()
                .map(|w| {
                    let lower = w.to_lowercase();
                    let mut c = lower.chars();
                    c.next()
                        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                        .unwrap_or_default()
                })
                .collect();
            let city_name = title.join(" ");
            // The dateline's own words name the place too, even where the
            // text never names it again ("RIYADH - ...").
            let start = s.start + head.len() - head.trim_start().len();
            let end = start + city.len();
            if !mentions.iter().any(|m| m.start < end && start < m.end) {
                mentions.push(Mention {
                    start,
                    end,
                    sentence: sentence_idx,
                    kind: MentionKind::Place(city_name.clone()),
                    title: None,
                    possessive: false,
                });
            }
            cities.push(city_name);
        }
    }
    for city in cities {
        for (sentence_idx, s) in sentences.iter().enumerate() {
            let sent = &text[s.start..s.end];
            let mut from = 0;
            while let Some(i) = sent[from..].find(city.as_str()) {
                let start = s.start + from + i;
                let end = start + city.len();
                from += i + city.len();
                let boundary = !text[..start]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                    && !text[end..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                if boundary && !mentions.iter().any(|m| m.start < end && start < m.end) {
                    mentions.push(Mention {
                        start,
                        end,
                        sentence: sentence_idx,
                        kind: MentionKind::Place(city.clone()),
                        title: None,
                        possessive: false,
                    });
                }
            }
        }
    }
}

fn is_dateline_char(c: char) -> bool {
    c.is_uppercase() || matches!(c, '.' | '\'' | '-')
}

/// "the Ginza district", "the Filoli estate", "the Rafah crossing": a name
/// between "the" and a lower-case kind of place is a place, named with its
/// kind. The name may be a place the reference data knows ("Rafah"), which
/// the longer name replaces, but nothing else the data knows: "the Ukraine
/// border" stays Ukraine.
fn kinds_of_place(
    text: &str,
    tokens: &[Token],
    lexicon: &Lexicon,
    mentions: &mut Vec<Mention>,
    sentence: usize,
) {
    let bytes = text.as_bytes();
    for j in 2..tokens.len() {
        // Most words fail on their length or first letter.
        let t = tokens[j];
        if !matches!(t.end - t.start, 5 | 6 | 8)
            || !matches!(bytes[t.start], b'c' | b'd' | b'e' | b'p' | b'r' | b'v')
        {
            continue;
        }
        if !matches!(
            t.text(),
            "district" | "estate" | "crossing" | "river" | "province" | "valley" | "palace"
        ) {
            continue;
        }
        let mut i = j;
        while i > 1 && j - i < 3 && is_name_word(tokens[i - 1].text()) {
            i -= 1;
        }
        if i == j || tokens[i - 1].text() != "the" {
            continue;
        }
        let (start, end) = (tokens[i].start, tokens[j].end);
        let overlaps = |m: &Mention| m.start < end && start < m.end;
        let replaceable = |m: &Mention| {
            start <= m.start
                && m.end <= end
                && matches!(m.kind, MentionKind::Known(e)
                    if lexicon.entries[e].kind == Some(NodeKind::Place))
        };
        if mentions.iter().any(|m| overlaps(m) && !replaceable(m)) {
            continue;
        }
        mentions.retain(|m| !overlaps(m));
        mentions.push(Mention {
            start,
            end,
            sentence,
            kind: MentionKind::Place(text[start..end].to_string()),
            title: None,
            possessive: false,
        });
    }
}

/// "Putin-Xi talks" names two people, "Asia-Pacific" names no continent: a
/// hit joined by a hyphen to a word counts only if that word is a hit too.
fn hyphen_compounds(text: &str, mentions: &mut Vec<Mention>) {
    // Most sentences join no hit to anything by a hyphen.
    let bytes = text.as_bytes();
    let hyphened = |m: &Mention| {
        bytes.get(m.end) == Some(&b'-') || (m.start > 0 && bytes.get(m.start - 1) == Some(&b'-'))
    };
    if !mentions.iter().any(hyphened) {
        return;
    }
    let spans: Vec<(usize, usize)> = mentions.iter().map(|m| (m.start, m.end)).collect();
    mentions.retain(|m| {
        let joined_after = text[m.end..].starts_with('-')
            && text[m.end + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic);
        let joined_before = m.start > 0
            && text[..m.start].ends_with('-')
            && text[..m.start - 1]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic);
        (!joined_after || spans.iter().any(|&(s, _)| s == m.end + 1))
            && (!joined_before || spans.iter().any(|&(_, e)| e + 1 == m.start))
    });
}

const MINISTRY_AREAS: &[&str] = &[
    "foreign",
    "defence",
    "defense",
    "interior",
    "finance",
    "economy",
    "trade",
    "health",
    "justice",
    "energy",
    "agriculture",
    "education",
    "home",
    "emergencies",
    "emergency",
];

/// "Brazil's foreign ministry", "the Russian Defence Ministry": a ministry
/// named by its nation becomes an organisation labelled with the demonym.
fn ministries(tokens: &[Token], lexicon: &Lexicon, mentions: &mut Vec<Mention>, sentence: usize) {
    let mut found = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if !t.text().eq_ignore_ascii_case("ministry") || i < 2 {
            continue;
        }
        let area = tokens[i - 1].text().to_lowercase();
        if !MINISTRY_AREAS.contains(&area.as_str()) {
            continue;
        }
        // The nation right before: "Brazil's", "Brazilian", "Russia's".
        let mut k = i - 2;
        if matches!(tokens[k].text(), "'s" | "’s") && k > 0 {
            k -= 1;
        }
        let Some(q) = covering(mentions, &tokens[k]) else {
            continue;
        };
        let nation = match mentions[q].kind {
            MentionKind::Demonym(e) => e,
            MentionKind::Known(e)
                if lexicon.entries[e].kind == Some(crate::model::NodeKind::Nation) =>
            {
                e
            }
            _ => continue,
        };
        let entry = &lexicon.entries[nation];
        let Some(adjective) = entry
            .demonyms
            .iter()
            .find(|d| !d.ends_with('s'))
            .or(entry.demonyms.first())
        else {
            continue;
        };
        let label = format!("{adjective} {} Ministry", title_case(&area));
        found.push((mentions[q].start, t.end, label));
    }
    for (start, end, label) in found {
        mentions.retain(|m| !(m.start >= start && m.end <= end));
        mentions.push(Mention {
            start,
            end,
            sentence,
            kind: MentionKind::Org(label),
            title: None,
            possessive: false,
        });
    }
}

/// Words that make a capitalised name an organisation's: "Meridian
/// Institute", "Council on Foreign Relations", "Syrian Democratic Forces".
const BODY_HEADS: &[&str] = &[
    "Institute",
    "Institution",
    "University",
    "Foundation",
    "Endowment",
    "Council",
    "Center",
    "Centre",
    "School",
    "College",
    "Party",
    "Army",
    "Brigade",
    "Forces",
    "Command",
    "Agency",
    "Commission",
    "Committee",
    "Ministry",
    "Watch",
    "Fund",
    "Movement",
    "Brotherhood",
    "Organization",
    "Organisation",
    "Association",
    "Alliance",
    "Navy",
    "Corporation",
];

/// Words that may stand inside an organisation's name between capitalised
/// words ("Council on Foreign Relations", "School of International Studies").
const BODY_JOINERS: &[&str] = &["of", "for", "on", "and", "&"];

/// Organisations the reference data does not know, named by a run of
/// capitalised words with an organisation's word in it ("Lindqvist
/// Endowment for Regional Peace", "Norwegian Northern Command"). A
/// nation, demonym, capital or place in the run is part of the name; a
/// person or an organisation already found stops it.
fn named_bodies(
    text: &str,
    tokens: &[Token],
    lexicon: &Lexicon,
    mentions: &mut Vec<Mention>,
    sentence: usize,
) {
    let absorbable = |m: &Mention| match m.kind {
        MentionKind::Demonym(_) | MentionKind::Capital(_) | MentionKind::Place(_) => true,
        MentionKind::Known(e) => matches!(
            lexicon.entries[e].kind,
            Some(crate::model::NodeKind::Nation | crate::model::NodeKind::Place)
        ),
        _ => false,
    };
    let capital = |k: usize| {
        let t = &tokens[k];
        match covering(mentions, t) {
            Some(m) => absorbable(&mentions[m]),
            None => t.text().starts_with(char::is_uppercase),
        }
    };
    let mut found: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // "the Paris-based International Energy Agency": where it sits is
        // no part of the name.
        if !capital(i) || tokens[i].text() == "The" || tokens[i].text().ends_with("-based") {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < tokens.len() {
            if capital(j) {
                j += 1;
            } else if BODY_JOINERS.contains(&tokens[j].text())
                && j + 1 < tokens.len()
                && capital(j + 1)
                // "the Lowry Institute and Kestrel University": two bodies.
                && !(matches!(tokens[j].text(), "and" | "&")
                    && BODY_HEADS.contains(&tokens[j - 1].text()))
            {
                j += 2;
            } else {
                break;
            }
        }
        let has_head = (i..j).any(|k| {
            BODY_HEADS.contains(&tokens[k].text())
                && (k > i
                    || tokens
                        .get(k + 1)
                        .is_some_and(|t| BODY_JOINERS.contains(&t.text())))
        });
        if j - i >= 2 && has_head {
            found.push((tokens[i].start, tokens[j - 1].end));
        }
        i = j;
    }
    for (start, end) in found {
        mentions.retain(|m| !(m.start >= start && m.end <= end));
        mentions.push(Mention {
            start,
            end,
            sentence,
            kind: MentionKind::Org(text[start..end].to_string()),
            title: None,
            possessive: false,
        });
    }
}

fn is_byline(sent: &str) -> bool {
    // Only the head of a sentence can make it a byline or a credit line.
    // Every marker starts with an ASCII letter: a sentence that starts with
    // another letter (or none) is none, and most are told so by one byte.
    let first = sent.chars().next().and_then(|c| c.to_lowercase().next());
    if !first.is_some_and(|c| c.is_ascii() && MARKER_FIRST_BYTES[c as usize]) {
        return false;
    }
    // The markers are ASCII: a head that is ASCII as far as the longest
    // marker reaches is compared in place, anything else is lower-cased
    // first.
    let lowered;
    let head = if sent.bytes().take(LONGEST_MARKER).all(|b| b.is_ascii()) {
        sent
    } else {
        lowered = sent.chars().take(40).collect::<String>().to_lowercase();
        lowered.as_str()
    };
    let first = head.bytes().next().map(|b| b.to_ascii_lowercase());
    let starts = |marker: &str| {
        marker.bytes().next() == first
            && head
                .get(..marker.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(marker))
    };
    (BYLINE_STARTS.iter().any(|b| starts(b))
        && sent.split_whitespace().nth(8).is_none()
        && !sent.ends_with('.'))
        || CREDIT_MARKERS.iter().any(|c| starts(c))
}

/// Which bytes start a byline or credit marker (all lower-case ASCII).
const MARKER_FIRST_BYTES: [bool; 256] = segment::initials(&[BYLINE_STARTS, CREDIT_MARKERS]);

/// The length of the longest byline or credit marker, in bytes.
const LONGEST_MARKER: usize = segment::length_range(&[BYLINE_STARTS, CREDIT_MARKERS]).1;

/// Where "Photo:", "Credit:" and the like start, ignoring ASCII case. Every
/// marker ends with its only colon, so the first colon that ends a marker
/// gives the earliest one.
fn credit_start(sent: &str) -> Option<usize> {
    let bytes = sent.as_bytes();
    memchr::memchr_iter(b':', bytes).find_map(|colon| {
        CREDIT_MARKERS
            .iter()
            .filter_map(|c| {
                let start = (colon + 1).checked_sub(c.len())?;
                bytes[start..=colon]
                    .eq_ignore_ascii_case(c.as_bytes())
                    .then_some(start)
            })
            .min()
    })
}

fn is_possessive(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    (rest.starts_with("'s")
        || rest.starts_with("’s")
        || rest.starts_with("' ")
        || rest.starts_with("’ "))
        && !rest[rest.char_indices().nth(2).map_or(rest.len(), |(i, _)| i)..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric())
}

fn covering(mentions: &[Mention], token: &Token) -> Option<usize> {
    mentions
        .iter()
        .position(|m| m.start <= token.start && token.end <= m.end)
}

fn is_name_word(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    if crate::relate::dates::is_month_or_weekday(word) {
        return false;
    }
    // All-caps words are names only when short ("JD"), not shouted headlines.
    if word.is_ascii() {
        let bytes = word.as_bytes();
        // A capitalised word with a lower-case letter is no headline.
        return bytes.iter().any(u8::is_ascii_lowercase)
            || bytes.iter().filter(|b| b.is_ascii_alphabetic()).count() <= 3;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    !(letters > 3 && upper == letters)
}

/// Name tokens starting at `i`: capitalised words with particles between
/// them, stopping at anything a lexicon mention already covers.
fn name_run(tokens: &[Token], i: usize, mentions: &[Mention]) -> usize {
    let mut j = i;
    while j < tokens.len() {
        let w = tokens[j].text();
        if let Some(m) = covering(mentions, &tokens[j]) {
            if !matches!(mentions[m].kind, MentionKind::Known(_)) {
                break;
            }
            // A known name is taken whole ("Ursula von der Leyen").
            let end = mentions[m].end;
            while j < tokens.len() && tokens[j].end <= end {
                j += 1;
            }
            continue;
        }
        if is_name_word(w) {
            j += 1;
        } else if PARTICLES.contains(&w) && j > i {
            // A chain of particles must lead to a name word: "von der Leyen".
            let mut k = j;
            while k < tokens.len() && PARTICLES.contains(&tokens[k].text()) {
                k += 1;
            }
            if tokens.get(k).is_some_and(|t| is_name_word(t.text())) {
                j = k;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    // "King Street", "Lord Howe Island": a run that ends in a kind of place
    // names the place, not a person.
    if j > i && PLACE_NOUNS.contains(&tokens[j - 1].text()) {
        return i;
    }
    j
}

fn titles_and_names(
    text: &str,
    tokens: &[Token],
    lexicon: &Lexicon,
    mentions: &mut Vec<Mention>,
    sentence: usize,
) {
    // Offices by span: the list changes as names are added, so indices would go stale.
    let offices: Vec<(usize, usize)> = mentions
        .iter()
        .filter(|m| matches!(m.kind, MentionKind::Office(_)))
        .map(|m| (m.start, m.end))
        .collect();
    let mut remove: Vec<(usize, usize)> = Vec::new();
    for span in offices {
        let Some(m) = mentions
            .iter()
            .position(|x| (x.start, x.end) == span && matches!(x.kind, MentionKind::Office(_)))
        else {
            continue;
        };
        let MentionKind::Office(office) = mentions[m].kind else {
            continue;
        };
        let Some(first_tok) = tokens.iter().position(|t| t.start >= mentions[m].start) else {
            continue;
        };
        let Some(last_tok) = tokens.iter().rposition(|t| t.end <= mentions[m].end) else {
            continue;
        };
        // Extend the role leftwards over modifiers ("special envoy").
        let mut role_start_tok = first_tok;
        while role_start_tok > 0 {
            let w = tokens[role_start_tok - 1].text();
            if ROLE_MODIFIERS.iter().any(|m| m.eq_ignore_ascii_case(w))
                && covering(mentions, &tokens[role_start_tok - 1]).is_none()
            {
                role_start_tok -= 1;
            } else {
                break;
            }
        }
        // An office matched inside a token ("u.S. President" after a typo)
        // has no token starting within it: nothing to read there.
        let Some(role_span) = text.get(tokens[role_start_tok].start..mentions[m].end) else {
            continue;
        };
        let role_text = title_case(role_span);
        // Qualifier: the nation, organisation or person just before the role.
        let mut qualifier = None;
        if role_start_tok > 0 {
            let mut k = role_start_tok - 1;
            if matches!(tokens[k].text(), "'s" | "’s") && k > 0 {
                k -= 1;
            }
            if let Some(q) = covering(mentions, &tokens[k]) {
                qualifier = match mentions[q].kind {
                    MentionKind::Known(i) | MentionKind::Demonym(i) | MentionKind::Capital(i) => {
                        match lexicon.entries[i].kind {
                            Some(
                                crate::model::NodeKind::Leader | crate::model::NodeKind::Person,
                            ) => Some(Qualifier::Mention(q)),
                            _ => Some(Qualifier::Entry(i)),
                        }
                    }
                    MentionKind::Name(_) => Some(Qualifier::Mention(q)),
                    _ => None,
                };
            }
        }
        // "Prime Minister of Israel Benjamin Netanyahu"
        let mut j = last_tok + 1;
        if qualifier.is_none()
            && tokens.get(j).is_some_and(|t| t.text() == "of")
            && let Some(q) = tokens.get(j + 1).and_then(|t| covering(mentions, t))
            && let MentionKind::Known(i) = mentions[q].kind
            && matches!(
                lexicon.entries[i].kind,
                Some(crate::model::NodeKind::Nation | crate::model::NodeKind::Organization)
            )
        {
            qualifier = Some(Qualifier::Entry(i));
            j = tokens
                .iter()
                .position(|t| t.start >= mentions[q].end)
                .unwrap_or(tokens.len());
        }
        if tokens
            .get(j)
            .is_some_and(|t| HONORIFICS.contains(&t.text()))
            // "Sir Keir Starmer" drops the honorific; "Sheikh Hasina" keeps
            // it, as the rest would be a single name.
            && name_run(tokens, j + 1, mentions) > j + 2
        {
            j += 1;
        }
        let title_start = match qualifier {
            Some(_) if role_start_tok > 0 => {
                let mut k = role_start_tok - 1;
                if matches!(tokens[k].text(), "'s" | "’s") && k > 0 {
                    k -= 1;
                }
                covering(mentions, &tokens[k])
                    .map_or(tokens[role_start_tok].start, |q| mentions[q].start)
            }
            _ => tokens[role_start_tok].start,
        };
        let title = Title {
            start: title_start,
            office,
            text: role_text,
            qualifier,
        };
        let name_end = name_run(tokens, j, mentions);
        if name_end > j {
            attach_name(text, tokens, j, name_end, mentions, title, sentence);
            remove.push(span);
            continue;
        }
        // Appositive after the role: "Beijing's special envoy for trade, Liu He".
        let mut k = j;
        let mut steps = 0;
        while k < tokens.len() && steps < 10 {
            let w = tokens[k].text();
            if w == "," {
                let n = name_run(tokens, k + 1, mentions);
                if n > k + 1 {
                    attach_name(text, tokens, k + 1, n, mentions, title.clone(), sentence);
                    remove.push(span);
                }
                break;
            }
            if !w.chars().all(|c| c.is_lowercase() || c == '-') {
                break;
            }
            k += 1;
            steps += 1;
        }
    }
    // The office is now carried by the person's title.
    mentions.retain(|m| {
        !(matches!(m.kind, MentionKind::Office(_)) && remove.contains(&(m.start, m.end)))
    });

    // Name, appositive: "Wang Yi, China's foreign minister" / "Liu He, Xi's envoy".
    let mut i = 0;
    while i < tokens.len() {
        // A person of the reference data named in full, not yet titled,
        // takes an appositive title as a name found here does.
        let known_person = covering(mentions, &tokens[i]).filter(|&m| {
            let mention = &mentions[m];
            mention.start == tokens[i].start
                && mention.title.is_none()
                && matches!(mention.kind, MentionKind::Known(e)
                    if matches!(lexicon.entries[e].kind,
                        Some(crate::model::NodeKind::Leader | crate::model::NodeKind::Person)))
                && text[mention.start..mention.end].contains(' ')
        });
        if known_person.is_none()
            && (covering(mentions, &tokens[i]).is_some() || !is_name_word(tokens[i].text()))
        {
            i += 1;
            continue;
        }
        let mut start = i;
        if known_person.is_none() && HONORIFICS.contains(&tokens[i].text()) {
            start = i + 1;
        }
        let end = match known_person {
            Some(m) => (i..tokens.len())
                .find(|&k| tokens[k].start >= mentions[m].end)
                .unwrap_or(tokens.len()),
            None => name_run(tokens, start, mentions),
        };
        let n_words = end.saturating_sub(start);
        let comma_after = tokens.get(end).is_some_and(|t| t.text() == ",");
        if known_person.is_some() && !comma_after {
            i = end.max(i + 1);
            continue;
        }
        // "Mr Smith", "Sheikh Hasina": a form of address names a person in
        // one word; "King" or "Lord" before one word may name a street.
        let addressed = start > i && n_words == 1 && ADDRESS_FORMS.contains(&tokens[i].text());
        if (n_words >= 2 && (i > 0 || start > i || comma_after)) || addressed {
            // Look for ", [qualifier['s]] [modifiers] office" right after.
            if tokens.get(end).is_some_and(|t| t.text() == ",") {
                let office = (end + 1..(end + 7).min(tokens.len())).find_map(|k| {
                    covering(mentions, &tokens[k]).and_then(|m| match mentions[m].kind {
                        MentionKind::Office(o) => Some((m, o)),
                        _ => None,
                    })
                });
                if let Some((om, _)) = office
                    && post_outside_government(tokens, mentions[om].end)
                {
                    // "Jane Roe, director of the program at Lakeside School": a post
                    // at a research body or company is no public office;
                    // the name is a person's all the same.
                    if known_person.is_none() {
                        add_name(text, tokens, start, end, mentions, None, sentence);
                    }
                    i = end;
                    continue;
                }
                if let Some((om, o)) = office {
                    let qualifier = (end + 1..(end + 7).min(tokens.len()))
                        .filter_map(|k| covering(mentions, &tokens[k]))
                        .find(|&q| {
                            q != om
                                && matches!(
                                    mentions[q].kind,
                                    MentionKind::Known(_) | MentionKind::Demonym(_)
                                )
                        })
                        .map(|q| match mentions[q].kind {
                            MentionKind::Known(e)
                                if !matches!(
                                    lexicon.entries[e].kind,
                                    Some(
                                        crate::model::NodeKind::Leader
                                            | crate::model::NodeKind::Person
                                    )
                                ) =>
                            {
                                Qualifier::Entry(e)
                            }
                            MentionKind::Demonym(e) => Qualifier::Entry(e),
                            _ => Qualifier::Mention(q),
                        });
                    let title = Title {
                        start: tokens[start].start,
                        office: o,
                        text: title_case(&text[mentions[om].start..mentions[om].end]),
                        qualifier,
                    };
                    attach_name(text, tokens, start, end, mentions, title, sentence);
                    mentions.remove(om);
                    i = end;
                    continue;
                }
            }
            if addressed {
                // As after a title, the honorific stays with a single name
                // ("Sheikh Hasina" is one person's name in every article).
                add_name(text, tokens, i, end, mentions, None, sentence);
            } else if start > i {
                // Honorific + name: a person even without an office.
                add_name(text, tokens, start, end, mentions, None, sentence);
            }
        }
        i = end.max(i + 1);
    }
}

/// Words that name a body outside government: a research institute, a
/// university, a foundation, a company.
const OUTSIDE_GOVERNMENT: &[&str] = &[
    "institute",
    "institution",
    "endowment",
    "foundation",
    "university",
    "center",
    "centre",
    "program",
    "programme",
    "studies",
    "school",
    "college",
    "think",
    "company",
    "corporation",
    "inc",
    "watch",
];

/// Whether the words after an appositive's office (from byte `after` to the
/// end of the apposition) place the post at a body outside government:
/// "vice president at the Lindqvist Endowment", "director of the Meridian
/// Institute's Center ...", "the Japan chair at Meridian Institute".
fn post_outside_government(tokens: &[Token], after: usize) -> bool {
    let Some(first) = tokens.iter().position(|t| t.start >= after) else {
        return false;
    };
    let phrase = tokens[first..]
        .iter()
        .take(10)
        .take_while(|t| !matches!(t.text(), "," | "." | ";" | ":" | "\"" | "“" | "”"));
    let mut seen_preposition = false;
    for t in phrase {
        let w = t.text().to_lowercase();
        if matches!(w.as_str(), "at" | "of" | "with") {
            seen_preposition = true;
        } else if seen_preposition && OUTSIDE_GOVERNMENT.contains(&w.as_str()) {
            return true;
        }
    }
    false
}

fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        let mut c = w.chars();
        match c.next() {
            Some(f) if w != "of" => {
                if f.is_ascii() {
                    out.push(f.to_ascii_uppercase());
                } else {
                    out.extend(f.to_uppercase());
                }
                out.push_str(c.as_str());
            }
            _ => out.push_str(w),
        }
    }
    out
}

/// Gives a title to the person named by tokens [i, j): to the known leader
/// the gazetteer found there, or to a new name mention.
fn attach_name(
    text: &str,
    tokens: &[Token],
    i: usize,
    j: usize,
    mentions: &mut Vec<Mention>,
    title: Title,
    sentence: usize,
) {
    let (start, end) = (tokens[i].start, tokens[j - 1].end);
    if let Some(m) = mentions.iter().position(|m| {
        matches!(m.kind, MentionKind::Known(_))
            && m.start < end
            && start < m.end
            && m.end - m.start >= (end - start) / 2
    }) {
        mentions[m].title = Some(title);
        return;
    }
    add_name(text, tokens, i, j, mentions, Some(title), sentence);
}

fn add_name(
    text: &str,
    tokens: &[Token],
    i: usize,
    j: usize,
    mentions: &mut Vec<Mention>,
    title: Option<Title>,
    sentence: usize,
) {
    let (start, end) = (tokens[i].start, tokens[j - 1].end);
    mentions.retain(|m| !(m.start >= start && m.end <= end));
    mentions.push(Mention {
        start,
        end,
        sentence,
        kind: MentionKind::Name(text[start..end].to_string()),
        title,
        possessive: false,
    });
}

fn role_refs(
    text: &str,
    tokens: &[Token],
    lexicon: &Lexicon,
    mentions: &mut Vec<Mention>,
    sentence: usize,
) {
    for (i, t) in tokens.iter().enumerate() {
        let w = t.text();
        // "both leaders", "both presidents": the two named last.
        if w.eq_ignore_ascii_case("both")
            && let Some(noun) = tokens.get(i + 1)
            && matches!(noun.text(), "presidents" | "leaders" | "men" | "women")
            && covering(mentions, noun).is_none()
        {
            mentions.push(Mention {
                start: t.start,
                end: noun.end,
                sentence,
                kind: MentionKind::GroupRef(2),
                title: None,
                possessive: false,
            });
            continue;
        }
        if !w.eq_ignore_ascii_case("the") {
            continue;
        }
        let Some(next) = tokens.get(i + 1) else {
            continue;
        };
        // "the two presidents", "the three leaders", "the two men"
        let count = match next.text() {
            "two" => Some(2),
            "three" => Some(3),
            _ => None,
        };
        if let Some(n) = count
            && let Some(noun) = tokens.get(i + 2)
            && matches!(
                noun.text(),
                "presidents" | "leaders" | "men" | "women" | "sides" | "heads"
            )
            && covering(mentions, noun).is_none()
        {
            mentions.push(Mention {
                start: t.start,
                end: noun.end,
                sentence,
                kind: MentionKind::GroupRef(n),
                title: None,
                possessive: false,
            });
            continue;
        }
        let Some(q) = covering(mentions, next) else {
            continue;
        };
        let nation = match mentions[q].kind {
            MentionKind::Demonym(e) => Some(e),
            MentionKind::Known(e)
                if lexicon.entries[e].kind == Some(crate::model::NodeKind::Nation) =>
            {
                Some(e)
            }
            _ => continue,
        };
        let after_q = tokens
            .iter()
            .position(|t| t.start >= mentions[q].end)
            .unwrap_or(tokens.len());
        // "the Ukrainian and Russian leaders": a role phrase for each nation.
        if tokens.get(after_q).is_some_and(|t| t.text() == "and")
            && let Some(q2) = tokens.get(after_q + 1).and_then(|t| covering(mentions, t))
            && let MentionKind::Demonym(n2) = mentions[q2].kind
            && let Some(noun) = tokens
                .iter()
                .position(|t| t.start >= mentions[q2].end)
                .and_then(|k| tokens.get(k))
            && matches!(noun.text(), "leaders" | "presidents" | "prime" | "heads")
        {
            let first = (mentions[q].start, mentions[q].end);
            let second = (mentions[q2].start, mentions[q2].end);
            mentions.retain(|m| (m.start, m.end) != first && (m.start, m.end) != second);
            for (span, n) in [(first, nation), (second, Some(n2))] {
                mentions.push(Mention {
                    start: span.0,
                    end: span.1,
                    sentence,
                    kind: MentionKind::RoleRef { nation: n },
                    title: None,
                    possessive: false,
                });
            }
            continue;
        }
        let rest: Vec<String> = tokens[after_q..tokens.len().min(after_q + 2)]
            .iter()
            .map(|t| t.text().to_lowercase())
            .collect();
        let one = rest.first().map(String::as_str).unwrap_or("");
        let two = rest.join(" ");
        // Two words only when there are two ("the Russian leader" at the
        // very end of a sentence has one).
        let leader_len = if rest.len() == 2 && LEADER_WORDS.contains(&two.as_str()) {
            2
        } else if LEADER_WORDS.contains(&one) {
            1
        } else {
            0
        };
        if leader_len > 0 {
            let after = after_q + leader_len;
            // A name after the role makes it a title, handled elsewhere.
            if tokens.get(after).is_some_and(|t| is_name_word(t.text())) {
                continue;
            }
            let end = tokens[after - 1].end;
            mentions.retain(|m| !(m.start >= t.start && m.end <= end));
            mentions.push(Mention {
                start: t.start,
                end,
                sentence,
                kind: MentionKind::RoleRef { nation },
                title: None,
                possessive: false,
            });
        } else if matches!(mentions[q].kind, MentionKind::Demonym(_))
            && !text[mentions[q].start..mentions[q].end].ends_with('s')
            && (one.is_empty() || matches!(one, "and" | "," | "." | "or" | ")" | "’s" | "'s"))
        {
            // "the Russian" used as a noun: that nation's leader.
            let end = mentions[q].end;
            mentions.remove(q);
            mentions.push(Mention {
                start: t.start,
                end,
                sentence,
                kind: MentionKind::RoleRef { nation },
                title: None,
                possessive: false,
            });
        }
    }
}

const REGION_ADJECTIVES: &[(&[&str], &str)] = &[
    (&["European"], "Europe"),
    (&["African"], "Africa"),
    (&["Asian"], "Asia"),
    (&["Arab"], "Middle East"),
    (&["Gulf"], "Middle East"),
    (&["Latin", "American"], "South America"),
    (&["South", "American"], "South America"),
    (&["North", "American"], "North America"),
    (&["Pacific"], "Oceania"),
];
/// The most words of a regional adjective in [`REGION_ADJECTIVES`].
const REGION_ADJECTIVE_WORDS: usize = {
    let mut most = 0;
    let mut i = 0;
    while i < REGION_ADJECTIVES.len() {
        if REGION_ADJECTIVES[i].0.len() > most {
            most = REGION_ADJECTIVES[i].0.len();
        }
        i += 1;
    }
    most
};
const GROUP_NOUNS: segment::WordList = segment::WordList::new(&[
    "leaders",
    "allies",
    "counterparts",
    "heads",
    "partners",
    "delegation",
    "delegations",
    "officials",
    "ministers",
]);

fn region_groups(tokens: &[Token], mentions: &mut Vec<Mention>, sentence: usize) {
    // Most sentences have no group noun at all.
    if !tokens.iter().any(|t| GROUP_NOUNS.contains(t.text())) {
        return;
    }
    for (i, t) in tokens.iter().enumerate() {
        let first = t.text();
        // Every regional adjective is capitalised, and a group noun follows
        // it within its words.
        if !first.starts_with(|c: char| c.is_ascii_uppercase())
            || !(1..=REGION_ADJECTIVE_WORDS).any(|n| {
                tokens
                    .get(i + n)
                    .is_some_and(|t| GROUP_NOUNS.contains(t.text()))
            })
        {
            continue;
        }
        for (words, region) in REGION_ADJECTIVES {
            if words[0] != first
                || i + words.len() >= tokens.len()
                || !words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| tokens[i + k].text() == *w)
            {
                continue;
            }
            let noun = &tokens[i + words.len()];
            if !GROUP_NOUNS.contains(noun.text()) || covering(mentions, noun).is_some() {
                continue;
            }
            let mut end = noun.end;
            // "heads of state and government"
            let after = i + words.len() + 1;
            let rest: Vec<&str> = tokens[after.min(tokens.len())..]
                .iter()
                .take(4)
                .map(|t| t.text())
                .collect();
            if noun.text() == "heads" && rest.first() == Some(&"of") {
                let n = if rest.get(2) == Some(&"and") { 4 } else { 2 };
                end = tokens[(i + words.len() + n).min(tokens.len() - 1)].end;
            }
            mentions.retain(|m| !(m.start >= t.start && m.end <= end));
            mentions.push(Mention {
                start: t.start,
                end,
                sentence,
                kind: MentionKind::RegionGroup(region.to_string()),
                title: None,
                possessive: false,
            });
        }
    }
}

fn pronouns(tokens: &[Token], mentions: &mut Vec<Mention>, sentence: usize) {
    for t in tokens {
        let w = t.text();
        if matches!(
            w,
            "he" | "He"
                | "him"
                | "his"
                | "His"
                | "himself"
                | "she"
                | "She"
                | "her"
                | "Her"
                | "herself"
        ) {
            mentions.push(Mention {
                start: t.start,
                end: t.end,
                sentence,
                kind: MentionKind::Pronoun,
                title: None,
                possessive: matches!(w, "his" | "His" | "her" | "Her"),
            });
        }
    }
}

/// Later surname-only mentions of people first named in full ("Lavrov").
/// `tokens` holds each sentence's tokens where they are already known.
fn surnames(
    text: &str,
    sentences: &[Sentence],
    tokens: &[Option<Vec<Token>>],
    mentions: &mut Vec<Mention>,
    lexicon: &Lexicon,
) {
    // The last word of a name of two words or more.
    fn last_of(name: &str) -> Option<&str> {
        if name.is_ascii() {
            let name = name.trim_ascii();
            let space = name.rfind(|c: char| c.is_ascii_whitespace())?;
            return Some(&name[space + 1..]);
        }
        let mut words = name.split_whitespace();
        words.next()?;
        words.last()
    }
    let mut names: Vec<&str> = Vec::new();
    for m in mentions.iter() {
        match &m.kind {
            // "Yoon Suk Yeol" is later "Yoon", "Angela Merkel" is "Merkel".
            MentionKind::Name(n) => {
                if let Some(last) = last_of(n) {
                    names.push(last);
                    names.extend(crate::resolve::family_name_first(n));
                    // "Moussa Faki Mahamat" is later "Faki".
                    names.extend(crate::resolve::middle_names(n));
                }
            }
            // A known person named in full: later "Vieira" is the same person.
            MentionKind::Known(e)
                if matches!(
                    lexicon.entries[*e].kind,
                    Some(crate::model::NodeKind::Leader | crate::model::NodeKind::Person)
                ) =>
            {
                let n = &text[m.start..m.end];
                if let Some(last) = last_of(n) {
                    names.push(last);
                    names.extend(crate::resolve::family_name_first(n));
                    names.extend(crate::resolve::middle_names(n));
                }
            }
            _ => {}
        }
    }
    names
        .retain(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().nth(2).is_some());
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        return;
    }
    // Most tokens are told apart from the names by their shape alone.
    let mut shapes = segment::FirstByteLengths::new();
    for name in &names {
        shapes.add(name.as_bytes());
    }
    // Mentions never cross sentences: checking a token against its own
    // sentence's mentions only keeps this linear on long articles.
    let by_sentence = MentionsBySentence::new(mentions, sentences.len());
    let mut added = Vec::new();
    for (sentence_idx, s) in sentences.iter().enumerate() {
        let tokenized;
        let sentence_tokens = match &tokens[sentence_idx] {
            Some(known) => known,
            None => {
                tokenized = segment::tokens(text, s.start, s.end);
                &tokenized
            }
        };
        for t in sentence_tokens {
            let w = t.text();
            if shapes.may_contain(w.as_bytes())
                && names.contains(&w)
                && !by_sentence
                    .of(sentence_idx)
                    .iter()
                    .any(|&mi| mentions[mi].start <= t.start && t.end <= mentions[mi].end)
            {
                added.push(Mention {
                    start: t.start,
                    end: t.end,
                    sentence: sentence_idx,
                    kind: MentionKind::Name(w.to_string()),
                    title: None,
                    possessive: false,
                });
            }
        }
    }
    mentions.extend(added);
}

fn fix_qualifiers(mentions: &mut [Mention]) {
    // Qualifier::Mention held an index into the sentence-local list, which
    // no longer exists; re-point it to the person mention right before the
    // titled mention in the same sentence.
    for i in 0..mentions.len() {
        let Some(Title {
            qualifier: Some(Qualifier::Mention(_)),
            ..
        }) = &mentions[i].title
        else {
            continue;
        };
        let sentence = mentions[i].sentence;
        let found = (0..i)
            .rev()
            .take_while(|&k| mentions[k].sentence == sentence)
            .find(|&k| {
                matches!(
                    mentions[k].kind,
                    MentionKind::Known(_) | MentionKind::Name(_)
                )
            });
        if let Some(title) = &mut mentions[i].title {
            title.qualifier = found.map(Qualifier::Mention);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lexicon::Lexicon;
    use crate::model::{Document, NodeKind, Relation};

    /// Nodes as "Kind:label" and office edges as "relation source target".
    fn entities(text: &str) -> Vec<String> {
        let lexicon = Lexicon::builtin().unwrap();
        let x = crate::extract(&Document::new("t.txt", text), &lexicon);
        let mut out: Vec<String> = x
            .nodes
            .iter()
            .filter(|n| !n.kind.is_meeting() && n.kind != NodeKind::Proposal)
            .map(|n| format!("{}:{}", n.kind, n.label))
            .collect();
        for e in x
            .edges
            .iter()
            .filter(|e| matches!(e.relation, Relation::LeaderOf | Relation::Represents))
        {
            out.push(format!(
                "{} {} {}",
                e.relation,
                e.source.rsplit('/').next().unwrap_or(""),
                e.target.rsplit('/').next().unwrap_or("")
            ));
        }
        out.sort();
        out
    }

    fn check(text: &str, present: &[&str], absent: &[&str]) {
        let got = entities(text);
        for p in present {
            assert!(got.iter().any(|g| g == p), "missing {p:?} in {got:#?}");
        }
        for a in absent {
            assert!(
                !got.iter().any(|g| g.contains(a)),
                "unexpected {a:?} in {got:#?}"
            );
        }
    }

    #[test]
    fn title_and_name_make_a_leader_of_the_nation() {
        check(
            "Kenyan President William Ruto spoke on Tuesday.",
            &[
                "Leader:William Ruto",
                "leaderOf william-ruto kenya",
                "represents william-ruto kenya",
            ],
            &[],
        );
    }

    #[test]
    fn ministers_represent_but_do_not_lead() {
        check(
            "Russian Foreign Minister Sergei Lavrov arrived.",
            &["represents sergei-lavrov russia"],
            &["leaderOf sergei-lavrov"],
        );
    }

    #[test]
    fn organisations_outside_the_reference_data_are_named_by_their_kind() {
        check(
            "Analysts at the Lindqvist Endowment for Regional Peace, the Lowry \
             Institute and Kestrel University agreed with the Blue Valley Liberation \
             Army, the Oslo-based Fjord Energy Agency and the Norway Institute of \
             International Affairs.",
            &[
                "Organization:Fjord Energy Agency",
                "Organization:Lindqvist Endowment for Regional Peace",
                "Organization:Lowry Institute",
                "Organization:Kestrel University",
                "Organization:Blue Valley Liberation Army",
                "Organization:Norway Institute of International Affairs",
            ],
            &["Nation:Norway", "Place:Blue Valley"],
        );
        // A capitalised run without an organisation's word is no organisation.
        check(
            "Lowry Harbour Heights welcomed Kestrel Bay.",
            &[],
            &["Organization:"],
        );
    }

    #[test]
    fn appositive_titles() {
        check(
            "Wang Yi, China's foreign minister, arrived.",
            &["Leader:Wang Yi", "represents wang-yi china"],
            &["leaderOf wang-yi"],
        );
    }

    #[test]
    fn honorifics_and_organisation_heads() {
        check(
            "UN Secretary-General Antonio Guterres greeted Britain's Prime Minister Sir Keir Starmer.",
            &[
                "leaderOf antonio-guterres united-nations",
                "leaderOf keir-starmer united-kingdom",
            ],
            &["Sir Keir"],
        );
    }

    #[test]
    fn a_form_of_address_names_a_person_in_one_word() {
        check(
            "Sheikh Hasina met Mr Smith.",
            &["Person:Sheikh Hasina", "Person:Smith"],
            &[],
        );
        // The same name after a title is the same person.
        check(
            "Bangladeshi Prime Minister Sheikh Hasina spoke.",
            &["Leader:Sheikh Hasina"],
            &[],
        );
        // "Prince" or "Lord" before one word may name a place.
        check("Prince Street was closed.", &[], &["Person:", "Leader:"]);
    }

    #[test]
    fn a_name_that_ends_in_a_kind_of_place_is_no_person() {
        check(
            "Crowds filled King Street. Lord Howe Island stayed calm.",
            &[],
            &["Person:", "Leader:"],
        );
        check("King Abdullah arrived.", &["Leader:King Abdullah II"], &[]);
    }

    #[test]
    fn spelling_variants_are_one_person() {
        let got = entities("Zelensky spoke. Later Zelenskiy met aides, and Zelenskyy left.");
        assert_eq!(
            got.iter().filter(|g| g.starts_with("Leader:")).count(),
            1,
            "{got:#?}"
        );
    }

    #[test]
    fn surname_only_mentions_join_the_full_name() {
        let got = entities("Kenyan President William Ruto spoke. Ruto then left.");
        assert_eq!(
            got.iter().filter(|g| g.starts_with("Leader:")).count(),
            1,
            "{got:#?}"
        );
    }

    #[test]
    fn a_middle_name_used_alone_joins_the_full_name() {
        let middle = |n| crate::resolve::middle_names(n).collect::<Vec<_>>();
        assert_eq!(middle("Moussa Faki Mahamat"), ["Faki"]);
        assert_eq!(middle("Luiz Inácio Lula da Silva"), ["Inácio", "Lula"]);
        // Particles, initials and two-word names give no middle names.
        assert!(middle("George W. Bush").is_empty());
        assert!(
            crate::resolve::middle_names("Mohammed bin Salman")
                .next()
                .is_none()
        );
        assert!(
            crate::resolve::middle_names("William Ruto")
                .next()
                .is_none()
        );
    }

    #[test]
    fn bylines_credits_and_currency_markers_are_not_entities() {
        check(
            "Leaders posed at the summit.Credit: AP\nWith Angela Brown\nPhoto: Reuters",
            &[],
            &["AP", "Angela", "Reuters"],
        );
        check(
            "The deal is worth $NZ151 billion ($US90 billion).",
            &[],
            &["New Zealand", "United States"],
        );
    }

    #[test]
    fn name_words_are_capitalised_and_not_shouted() {
        for word in ["Lula", "JD", "USA", "McCarthy", "Élysée", "ÉU", "O'Neill"] {
            assert!(super::is_name_word(word), "{word}");
        }
        // Four capitals or more read as a shouted word, not a name.
        for word in [
            "lula", "NATO", "SUMMIT", "ÉLYSÉE", "May", "FRIDAY", "january", "",
        ] {
            assert!(!super::is_name_word(word), "{word}");
        }
    }

    #[test]
    fn a_dateline_names_its_place_even_when_the_text_does_not() {
        let lexicon = Lexicon::builtin().unwrap();
        let text = "RIYADH - Saudi Crown Prince Mohammed bin Salman phoned Qatar's Emir on Monday.";
        let x = crate::extract(&Document::new("t.txt", text), &lexicon);
        let riyadh = x.nodes.iter().find(|n| n.key == "place/riyadh");
        let riyadh = riyadh.unwrap_or_else(|| panic!("no Riyadh in {:#?}", x.nodes));
        assert_eq!(riyadh.kind, NodeKind::Place);
        // The capitals are the dateline's style, not another name.
        assert!(!riyadh.aliases.contains("RIYADH"), "{:?}", riyadh.aliases);
        // A place the reference data does not know is still a place.
        check("HAMBURG - Nothing else happened.", &["Place:Hamburg"], &[]);
    }

    #[test]
    fn a_name_before_a_kind_of_place_is_a_place() {
        let got = entities(
            "Yoon was hosted at a dinner in the Ginza district. Guterres visited the Rafah \
             crossing.",
        );
        for place in ["Place:Ginza district", "Place:Rafah crossing"] {
            assert!(
                got.iter().any(|g| g == place),
                "missing {place} in {got:#?}"
            );
        }
        // The longer name replaces the known town it starts with.
        assert!(!got.iter().any(|g| g == "Place:Rafah"), "{got:#?}");
        // A nation stays itself: the border is no place of its own here.
        check(
            "Troops massed at the Ukraine border.",
            &["Nation:Ukraine"],
            &["Ukraine border"],
        );
    }

    #[test]
    fn months_weekdays_and_sentence_starts_are_not_people() {
        check(
            "Monday brought rain. February was cold. Officials said nothing.",
            &[],
            &["Person", "Leader"],
        );
    }

    #[test]
    fn capitals_are_places_or_governments() {
        check(
            "Moscow demanded guarantees.",
            &["Nation:Russia"],
            &["Place:Moscow"],
        );
        check(
            "The talks were held in Moscow.",
            &["Place:Moscow"],
            &["Nation:Russia"],
        );
    }

    #[test]
    fn ministries_named_by_their_nation() {
        check(
            "Brazil's foreign ministry said the talks were useful.",
            &["Organization:Brazilian Foreign Ministry"],
            &[],
        );
        check(
            "The Russian Defence Ministry denied it.",
            &["Organization:Russian Defence Ministry"],
            &[],
        );
    }

    #[test]
    fn hyphenated_compounds_split_only_into_entities() {
        check("The Asia-Pacific forum opened.", &[], &["Place:Asia"]);
        check(
            "The Putin-Xi talks ended.",
            &["Leader:Vladimir Putin", "Leader:Xi Jinping"],
            &[],
        );
    }

    #[test]
    fn media_outlets_are_organisations() {
        check(
            "The Financial Times reported the offer.",
            &["Organization:Financial Times"],
            &["Leader:Financial"],
        );
    }
}

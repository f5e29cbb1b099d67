//! A deterministic benchmark corpus: seed + reference data -> synthetic
//! political news [`Article`]s.
//!
//! Articles are built from sentence templates (title-and-name introductions,
//! meetings with place and date, hosting, phone calls, proposals, urging and
//! criticism, membership and its negation, declined meetings, quotes and
//! filler) over the leaders, nations, organisations and places of a
//! [`Lexicon`]. The generator is pure: the same seed and lexicon give the
//! same articles, byte for byte, on every platform (its PRNG is SplitMix64,
//! integer arithmetic only). Writing files is the caller's job; an article
//! renders itself as a `.txt` file with front matter or as one JSON line.

use crate::lexicon::Lexicon;
use crate::model::NodeKind;
use crate::relate::dates::{MONTHS, WEEKDAYS};

/// SplitMix64: small, fast, and good enough to vary templates. Not for
/// anything that needs unpredictability.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`). The modulo bias is irrelevant here.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One generated article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Sequence number, from 0.
    pub n: u64,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub url: String,
    pub text: String,
}

impl Article {
    /// The article as a `.txt` file: front matter (title, date, url), then
    /// the text.
    pub fn to_txt(&self) -> String {
        format!(
            "---\ntitle: {}\ndate: {}\nurl: {}\n---\n{}",
            self.title, self.date, self.url, self.text
        )
    }

    /// The article as one line of JSON Lines (no trailing newline).
    pub fn to_json_line(&self) -> String {
        serde_json::json!({"title": self.title, "date": self.date, "url": self.url, "text": self.text}).to_string()
    }

    /// A file name that sorts in generation order.
    pub fn file_name(&self) -> String {
        format!("{:08}.txt", self.n)
    }
}

/// A leader of the reference data, as the templates need it.
#[derive(Debug, Clone)]
struct Leader {
    name: String,
    surname: String,
    role: String,
    /// Demonym of the nation represented, when there is one ("French").
    demonym: Option<String>,
}

#[derive(Debug, Clone)]
struct Nation {
    name: String,
    capital: Option<String>,
}

/// The reference data the templates draw from.
#[derive(Debug, Clone)]
struct Cast {
    leaders: Vec<Leader>,
    nations: Vec<Nation>,
    orgs: Vec<String>,
    places: Vec<String>,
}

impl Cast {
    fn from_lexicon(lexicon: &Lexicon) -> Cast {
        let mut cast = Cast {
            leaders: Vec::new(),
            nations: Vec::new(),
            orgs: Vec::new(),
            places: Vec::new(),
        };
        for e in &lexicon.entries {
            match e.kind {
                Some(NodeKind::Leader) => {
                    let Some(role) = e.role.clone() else { continue };
                    let demonym = e
                        .represents
                        .as_deref()
                        .and_then(|k| lexicon.entry(k))
                        .filter(|n| n.kind == Some(NodeKind::Nation))
                        .and_then(|n| n.demonyms.first().cloned());
                    // The short name the reference data lists ("Macron"), so
                    // later mentions resolve; else the full name.
                    let surname = e
                        .alt_labels
                        .iter()
                        .filter(|a| {
                            !a.contains(' ') && e.label.split_whitespace().any(|w| w == a.as_str())
                        })
                        .min()
                        .cloned()
                        .unwrap_or_else(|| e.label.clone());
                    cast.leaders.push(Leader {
                        name: e.label.clone(),
                        surname,
                        role,
                        demonym,
                    });
                }
                Some(NodeKind::Nation) => cast.nations.push(Nation {
                    name: e.label.clone(),
                    capital: e.capital.clone(),
                }),
                Some(NodeKind::Organization) if !e.is_media() => cast.orgs.push(e.label.clone()),
                Some(NodeKind::Place) => cast.places.push(e.label.clone()),
                _ => {}
            }
        }
        // Capitals are the usual meeting places; keep them in the place pool.
        cast.places
            .extend(cast.nations.iter().filter_map(|n| n.capital.clone()));
        // A lexicon without these would make the templates meaningless; fall
        // back to a tiny cast so the generator still never fails.
        if cast.leaders.len() < 2 {
            cast.leaders = vec![
                Leader {
                    name: "Anna Example".into(),
                    surname: "Example".into(),
                    role: "President".into(),
                    demonym: None,
                },
                Leader {
                    name: "Ben Sample".into(),
                    surname: "Sample".into(),
                    role: "Prime Minister".into(),
                    demonym: None,
                },
            ];
        }
        if cast.nations.is_empty() {
            cast.nations.push(Nation {
                name: "Freedonia".into(),
                capital: None,
            });
        }
        if cast.orgs.is_empty() {
            cast.orgs.push("United Nations".into());
        }
        if cast.places.is_empty() {
            cast.places.push("Geneva".into());
        }
        cast
    }
}

/// A day or month name as written in running text ("monday" -> "Monday").
fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

const TOPICS: [&str; 12] = [
    "trade",
    "energy security",
    "the war in Ukraine",
    "climate finance",
    "migration",
    "tariffs",
    "nuclear talks",
    "arms control",
    "a ceasefire",
    "grain exports",
    "sanctions",
    "regional security",
];
const FILLER: [&str; 12] = [
    "Analysts said the talks could take months to bear fruit.",
    "Markets were little changed after the announcement.",
    "The statement gave few details about the timetable.",
    "Officials briefed reporters on condition of anonymity.",
    "Protesters gathered outside the venue throughout the day.",
    "The agenda also covered energy prices and supply chains.",
    "Diplomats described the atmosphere as cordial but tense.",
    "Security was tight around the conference centre.",
    "Both sides agreed to keep their negotiating teams in contact.",
    "The talks were overshadowed by a dispute over tariffs.",
    "Several ministers travelled with the delegations.",
    "A joint communique is expected later in the week.",
];
const QUOTES: [&str; 8] = [
    "We had a frank and productive discussion",
    "There is still a lot of work to do",
    "Our partnership has never been stronger",
    "We will not accept any deal made without us",
    "Peace must be just and lasting",
    "We agreed to meet again soon",
    "This was a good first step",
    "The door to dialogue remains open",
];
const SITES: [&str; 6] = [
    "the White House",
    "the Kremlin",
    "Downing Street",
    "the Elysee Palace",
    "the Chancellery",
    "a summit venue",
];

/// An endless, deterministic stream of articles.
#[derive(Debug, Clone)]
pub struct Generator {
    cast: Cast,
    rng: Rng,
    n: u64,
}

impl Generator {
    pub fn new(lexicon: &Lexicon, seed: u64) -> Generator {
        Generator {
            cast: Cast::from_lexicon(lexicon),
            rng: Rng::new(seed),
            n: 0,
        }
    }

    fn leader_pair(&mut self) -> (usize, usize) {
        let n = self.cast.leaders.len();
        let a = self.rng.below(n);
        let mut b = self.rng.below(n - 1);
        if b >= a {
            b += 1;
        }
        (a, b)
    }

    /// "French President Emmanuel Macron" or "President Emmanuel Macron".
    fn introduce(&self, i: usize) -> String {
        let l = &self.cast.leaders[i];
        match &l.demonym {
            Some(d) => format!("{d} {} {}", l.role, l.name),
            None => format!("{} {}", l.role, l.name),
        }
    }

    fn article(&mut self) -> Article {
        let rng = &mut self.rng;
        let year = 2024 + rng.below(2);
        let month = 1 + rng.below(12);
        let day = 1 + rng.below(28);
        let date = format!("{year:04}-{month:02}-{day:02}");
        let (a, b) = self.leader_pair();
        let place = self.rng.pick(&self.cast.places).clone();
        let la = self.cast.leaders[a].clone();
        let lb = self.cast.leaders[b].clone();
        let title = match self.rng.below(3) {
            0 => format!("{} meets {} in {place}", la.surname, lb.surname),
            1 => format!(
                "{} and {} discuss {}",
                la.surname,
                lb.surname,
                self.rng.pick(&TOPICS)
            ),
            _ => format!("{} hosts {} for talks", la.surname, lb.surname),
        };
        let slug: String = title
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let url = format!(
            "https://news.example.org/{year:04}/{month:02}/{day:02}/{}-{slug}",
            self.n
        );

        let mut sentences = Vec::new();
        let weekday = capitalized(self.rng.pick::<&str>(&WEEKDAYS));
        let lead = match self.rng.below(4) {
            0 => format!(
                "{} met {} in {place} on {weekday}.",
                self.introduce(a),
                self.introduce(b)
            ),
            1 => format!(
                "{} hosted {} in {place} on {weekday} for talks on {}.",
                self.introduce(a),
                self.introduce(b),
                self.rng.pick(&TOPICS)
            ),
            2 => format!(
                "{} held talks with {} in {place} on {} {}.",
                self.introduce(a),
                self.introduce(b),
                capitalized(MONTHS[month - 1]),
                1 + self.rng.below(day)
            ),
            _ => format!(
                "{}, the {}, met {} at {} on {weekday}.",
                la.name,
                la.role.to_lowercase(),
                self.introduce(b),
                self.rng.pick(&SITES)
            ),
        };
        sentences.push(lead);
        let n_more = 10 + self.rng.below(20);
        for _ in 0..n_more {
            let s = self.sentence(a, b, month);
            sentences.push(s);
        }
        // Paragraphs of one to three sentences.
        let mut text = String::new();
        let mut i = 0;
        while i < sentences.len() {
            let take = (1 + self.rng.below(3)).min(sentences.len() - i);
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&sentences[i..i + take].join(" "));
            i += take;
        }
        text.push('\n');
        let article = Article {
            n: self.n,
            title,
            date,
            url,
            text,
        };
        self.n += 1;
        article
    }

    /// One body sentence about the two protagonists, or a third leader.
    fn sentence(&mut self, a: usize, b: usize, month: usize) -> String {
        let c = self.rng.below(self.cast.leaders.len());
        let (sa, sb) = (
            self.cast.leaders[a].surname.clone(),
            self.cast.leaders[b].surname.clone(),
        );
        let third = self.introduce(c);
        let rng = &mut self.rng;
        let nation = rng.pick(&self.cast.nations).name.clone();
        let org = rng.pick(&self.cast.orgs).clone();
        let place = rng.pick(&self.cast.places).clone();
        let topic = *rng.pick(&TOPICS);
        let weekday = capitalized(rng.pick::<&str>(&WEEKDAYS));
        match rng.below(16) {
            0 => format!("{sa} phoned {sb} on {weekday} to discuss {topic}."),
            1 => format!("{sa} later spoke by phone with {third}."),
            2 => format!("{nation} is not a member of {org}."),
            3 => format!("{nation} is a member of {org}, officials noted."),
            4 => format!("{sb} declined to meet {third} during the visit."),
            5 => format!("{sa} proposed a summit with {sb} in {place} next month."),
            6 => format!("\"{},\" {sa} told reporters.", rng.pick(&QUOTES)),
            7 => format!("\"{},\" {sb} said in a statement.", rng.pick(&QUOTES)),
            8 => format!("{sa} urged {third} to back a deal on {topic}."),
            9 => format!("{sb} criticised {third} over {topic}."),
            10 => format!("{sa} praised {sb} for his role in the talks."),
            11 => format!(
                "{sb} will meet {third} in {place} on {} {}.",
                capitalized(MONTHS[month % 12]),
                1 + rng.below(28)
            ),
            12 => format!(
                "The two leaders discussed {topic} and {}.",
                rng.pick(&TOPICS)
            ),
            13 => format!("{third} did not attend the meeting in {place}."),
            14 => format!("{third} hosted {sb} in {place} on {weekday}."),
            _ => rng.pick(&FILLER).to_string(),
        }
    }
}

impl Iterator for Generator {
    type Item = Article;

    fn next(&mut self) -> Option<Article> {
        Some(self.article())
    }
}

/// Parses a size such as `20MB`, `1.5GB`, `500kB`, `1GiB` or `4096` (bytes).
/// Decimal units are powers of 1000, binary ones (KiB, MiB, GiB) of 1024.
pub fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: f64 = number.parse().ok()?;
    let factor: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let bytes = number * factor;
    (bytes.is_finite() && bytes >= 0.0).then_some(bytes as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn txt_corpus(seed: u64, bytes: usize) -> String {
        let lexicon = Lexicon::builtin().unwrap();
        let mut out = String::new();
        for a in Generator::new(&lexicon, seed) {
            out.push_str(&a.to_txt());
            if out.len() >= bytes {
                break;
            }
        }
        out
    }

    #[test]
    fn same_seed_same_bytes() {
        assert_eq!(txt_corpus(42, 200_000), txt_corpus(42, 200_000));
        assert_ne!(txt_corpus(42, 20_000), txt_corpus(43, 20_000));
    }

    #[test]
    fn stops_at_the_requested_size() {
        let text = txt_corpus(7, 1_000_000);
        assert!(
            text.len() >= 1_000_000 && text.len() < 1_000_000 + 10_000,
            "{}",
            text.len()
        );
    }

    #[test]
    fn articles_name_reference_leaders_and_negations() {
        let lexicon = Lexicon::builtin().unwrap();
        let text: String = Generator::new(&lexicon, 1)
            .take(200)
            .map(|a| a.text)
            .collect();
        assert!(text.contains(" is not a member of "));
        assert!(text.contains(" declined to meet "));
        assert!(text.contains(" phoned "));
        let x = crate::extract(
            &crate::model::Document::new("a", Generator::new(&lexicon, 1).next().unwrap().text),
            &lexicon,
        );
        assert!(
            x.edges
                .iter()
                .any(|e| e.relation == crate::model::Relation::MetWith
                    || e.relation == crate::model::Relation::Hosted)
        );
    }

    #[test]
    fn json_lines_carry_the_fields() {
        let lexicon = Lexicon::builtin().unwrap();
        let a = Generator::new(&lexicon, 3).next().unwrap();
        let v: serde_json::Value = serde_json::from_str(&a.to_json_line()).unwrap();
        for field in ["text", "title", "date", "url"] {
            assert!(v[field].is_string(), "{field}");
        }
        assert!(!a.to_json_line().contains('\n'));
    }

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("20MB"), Some(20_000_000));
        assert_eq!(parse_size("1GB"), Some(1_000_000_000));
        assert_eq!(parse_size("1.5kb"), Some(1500));
        assert_eq!(parse_size("1MiB"), Some(1 << 20));
        assert_eq!(parse_size("4096"), Some(4096));
        assert_eq!(parse_size("lots"), None);
    }
}

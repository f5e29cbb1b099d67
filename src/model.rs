//! The data that flows between pipeline stages: documents, sentences,
//! mentions, entities, meetings and facts with their evidence.
//!
//! Every stage takes one of these types and produces the next; none of them
//! know anything about RDF, which is added by `rdf.rs` at the end.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

/// One article as read from disk, stdin or a JSON Lines record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Content hash of the text (16 hex digits): the same article read twice
    /// gets the same id and so the same named graph.
    pub id: String,
    /// Where the article came from (file path, `-`, or `file:line`).
    pub origin: String,
    pub title: Option<String>,
    pub date: Option<PartialDate>,
    pub url: Option<String>,
    pub text: String,
}

impl Document {
    /// Builds a document and derives its id from the text.
    pub fn new(origin: impl Into<String>, text: impl Into<String>) -> Document {
        let text = text.into();
        Document {
            id: content_id(&text),
            origin: origin.into(),
            title: None,
            date: None,
            url: None,
            text,
        }
    }
}

/// The content id of an article text: the first 16 hex digits of its BLAKE3 hash.
pub fn content_id(text: &str) -> String {
    let hash = blake3::hash(text.as_bytes());
    hash.to_hex()[..16].to_string()
}

/// A sentence as a byte span of its document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

/// The kinds of node the graph holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKind {
    Leader,
    Person,
    Nation,
    Organization,
    Place,
    Meeting,
    PhoneCall,
    Proposal,
    Statement,
}

impl NodeKind {
    pub const ALL: [NodeKind; 9] = [
        NodeKind::Leader,
        NodeKind::Person,
        NodeKind::Nation,
        NodeKind::Organization,
        NodeKind::Place,
        NodeKind::Meeting,
        NodeKind::PhoneCall,
        NodeKind::Proposal,
        NodeKind::Statement,
    ];

    /// The ontology class local name (`ng:Leader`, ...).
    pub fn class_name(self) -> &'static str {
        match self {
            NodeKind::Leader => "Leader",
            NodeKind::Person => "Person",
            NodeKind::Nation => "Nation",
            NodeKind::Organization => "Organization",
            NodeKind::Place => "Place",
            NodeKind::Meeting => "Meeting",
            NodeKind::PhoneCall => "PhoneCall",
            NodeKind::Proposal => "Proposal",
            NodeKind::Statement => "Statement",
        }
    }

    /// The type name in the JSON export, where a phone call is a Meeting.
    pub fn json_type(self) -> &'static str {
        match self {
            NodeKind::PhoneCall => "Meeting",
            other => other.class_name(),
        }
    }

    pub fn from_class_name(name: &str) -> Option<NodeKind> {
        NodeKind::ALL.into_iter().find(|k| k.class_name() == name)
    }

    /// The path segment of resource IRIs of this kind.
    pub fn path(self) -> &'static str {
        match self {
            NodeKind::Leader | NodeKind::Person => "person",
            NodeKind::Nation => "nation",
            NodeKind::Organization => "org",
            NodeKind::Place => "place",
            NodeKind::Meeting | NodeKind::PhoneCall => "meeting",
            NodeKind::Proposal => "proposal",
            NodeKind::Statement => "statement",
        }
    }

    pub fn is_agent(self) -> bool {
        matches!(
            self,
            NodeKind::Leader | NodeKind::Person | NodeKind::Nation | NodeKind::Organization
        )
    }

    pub fn is_meeting(self) -> bool {
        matches!(self, NodeKind::Meeting | NodeKind::PhoneCall)
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.class_name())
    }
}

/// The relations of the fixed vocabulary (DESIGN.md), by their local names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Relation {
    LeaderOf,
    Represents,
    MemberOf,
    Participant,
    Hosted,
    Proposed,
    Called,
    MetWith,
    Location,
    Urged,
    Criticized,
    Praised,
    Supports,
    Opposes,
    Rejected,
    Welcomed,
    Said,
}

impl Relation {
    pub const ALL: [Relation; 17] = [
        Relation::LeaderOf,
        Relation::Represents,
        Relation::MemberOf,
        Relation::Participant,
        Relation::Hosted,
        Relation::Proposed,
        Relation::Called,
        Relation::MetWith,
        Relation::Location,
        Relation::Urged,
        Relation::Criticized,
        Relation::Praised,
        Relation::Supports,
        Relation::Opposes,
        Relation::Rejected,
        Relation::Welcomed,
        Relation::Said,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Relation::LeaderOf => "leaderOf",
            Relation::Represents => "represents",
            Relation::MemberOf => "memberOf",
            Relation::Participant => "participant",
            Relation::Hosted => "hosted",
            Relation::Proposed => "proposed",
            Relation::Called => "called",
            Relation::MetWith => "metWith",
            Relation::Location => "location",
            Relation::Urged => "urged",
            Relation::Criticized => "criticized",
            Relation::Praised => "praised",
            Relation::Supports => "supports",
            Relation::Opposes => "opposes",
            Relation::Rejected => "rejected",
            Relation::Welcomed => "welcomed",
            Relation::Said => "said",
        }
    }

    pub fn from_name(name: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.name() == name)
    }

    /// metWith holds both ways; it is stored once, with the smaller IRI first.
    pub fn is_symmetric(self) -> bool {
        self == Relation::MetWith
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What became of a meeting, as the article tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Held,
    Planned,
    Proposed,
    Declined,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Held,
        Status::Planned,
        Status::Proposed,
        Status::Declined,
        Status::Cancelled,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Status::Held => "held",
            Status::Planned => "planned",
            Status::Proposed => "proposed",
            Status::Declined => "declined",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn from_name(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// A calendar date known to the day, the month or only the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    pub fn ymd(year: i32, month: u8, day: u8) -> PartialDate {
        PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking the calendar.
    pub fn parse(s: &str) -> Option<PartialDate> {
        let mut parts = s.trim().split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        if !(1..=9999).contains(&year) {
            return None;
        }
        let month = match parts.next() {
            Some(m) if m.len() == 2 => Some(m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?),
            Some(_) => return None,
            None => None,
        };
        let day = match parts.next() {
            Some(d) if d.len() == 2 && month.is_some() => {
                let d: u8 = d.parse().ok()?;
                let max = crate::relate::dates::days_in_month(year, month?);
                Some(Some(d).filter(|d| (1..=max).contains(d))?)
            }
            Some(_) => return None,
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(PartialDate { year, month, day })
    }

    /// True when neither date contradicts the other ("2025-08" and "2025-08-15").
    pub fn compatible(&self, other: &PartialDate) -> bool {
        self.year == other.year
            && (self.month.is_none() || other.month.is_none() || self.month == other.month)
            && (self.day.is_none() || other.day.is_none() || self.day == other.day)
    }

    /// The XSD datatype local name: date, gYearMonth or gYear.
    pub fn xsd_type(&self) -> &'static str {
        match (self.month, self.day) {
            (Some(_), Some(_)) => "date",
            (Some(_), None) => "gYearMonth",
            _ => "gYear",
        }
    }
}

impl PartialDate {
    /// "2025", "2025-08" or "2025-08-15" for years 0 to 9999, formatted by
    /// hand: every meeting's label and date literal is formatted, and padded
    /// integer formatting costs several times more.
    fn iso_digits(&self) -> Option<([u8; 10], usize)> {
        let small = |n: Option<u8>| n.is_none_or(|n| n < 100);
        let year = u16::try_from(self.year)
            .ok()
            .filter(|&y| y <= 9999 && small(self.month) && small(self.day))?;
        let digit = |n: u16| b'0' + (n % 10) as u8;
        let mut buf = [
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
            b'-',
            0,
            0,
            b'-',
            0,
            0,
        ];
        let mut len = 4;
        let two = |buf: &mut [u8; 10], at: usize, n: u8| {
            buf[at] = b'0' + n / 10;
            buf[at + 1] = b'0' + n % 10;
        };
        if let Some(m) = self.month {
            two(&mut buf, 5, m);
            len = 7;
            if let Some(d) = self.day {
                two(&mut buf, 8, d);
                len = 10;
            }
        }
        Some((buf, len))
    }

    /// Appends the date as [`fmt::Display`] writes it.
    pub fn push_to(&self, out: &mut String) {
        match self.iso_digits() {
            Some((buf, len)) => out.extend(buf[..len].iter().map(|&b| char::from(b))),
            None => out.push_str(&self.to_string()),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((buf, len)) = self.iso_digits() {
            return f.write_str(std::str::from_utf8(&buf[..len]).map_err(|_| fmt::Error)?);
        }
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

/// The sentence that states a fact, and the rule that read it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Evidence {
    /// Shared by every fact the sentence states.
    pub sentence: Arc<str>,
    /// Character (Unicode scalar value) offsets of the sentence in the
    /// article text, as Python and JavaScript slice strings.
    pub start: usize,
    pub end: usize,
    /// The name of the pattern or rule that produced the fact.
    pub rule: Arc<str>,
}

/// A node of one article's graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The IRI path below the resource base, e.g. `person/donald-trump`.
    pub key: String,
    pub kind: NodeKind,
    pub label: String,
    /// Every surface form seen in the article (the label included).
    pub aliases: BTreeSet<String>,
    pub wikidata: Option<String>,
    /// Office title as the article gives it (leaders).
    pub role: Option<String>,
    pub date: Option<PartialDate>,
    pub status: Option<Status>,
    /// The quoted words of a Statement.
    pub quote: Option<String>,
    /// A meeting's time word that the article date could not resolve (a
    /// month or weekday name without a year, "February"); used only to keep
    /// reports of different meetings apart, never exported.
    pub time_word: Option<String>,
}

impl Node {
    pub fn new(key: impl Into<String>, kind: NodeKind, label: impl Into<String>) -> Node {
        Node::with_aliases(key.into(), kind, label.into(), BTreeSet::new())
    }

    /// A node whose aliases are these names and its label.
    pub fn with_aliases(
        key: String,
        kind: NodeKind,
        label: String,
        mut aliases: BTreeSet<String>,
    ) -> Node {
        if !aliases.contains(&label) {
            aliases.insert(label.clone());
        }
        Node {
            key,
            kind,
            aliases,
            label,
            wikidata: None,
            role: None,
            date: None,
            status: None,
            quote: None,
            time_word: None,
        }
    }
}

/// A directed, typed edge between two nodes, with the evidence for it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edge {
    /// The source node's key. Keys and rule names are shared: an article's
    /// edges repeat a few of them many times.
    pub source: Arc<str>,
    pub relation: Relation,
    pub target: Arc<str>,
    pub evidence: Evidence,
}

/// Everything the extractor read from one article.
#[derive(Debug, Clone)]
pub struct Extraction {
    pub doc: Document,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Notes for the user that are not errors (e.g. "no date: relative dates left unresolved").
    pub diagnostics: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::PartialDate;

    #[test]
    fn dates_format_as_iso_with_and_without_the_fast_path() {
        let cases = [
            (PartialDate::ymd(2025, 8, 15), "2025-08-15"),
            (
                PartialDate {
                    year: 987,
                    month: Some(3),
                    day: None,
                },
                "0987-03",
            ),
            (
                PartialDate {
                    year: 2025,
                    month: None,
                    day: None,
                },
                "2025",
            ),
            // Outside the digits written by hand, the formatter's padding.
            (
                PartialDate {
                    year: 12025,
                    month: Some(1),
                    day: Some(2),
                },
                "12025-01-02",
            ),
            (
                PartialDate {
                    year: -44,
                    month: Some(3),
                    day: Some(15),
                },
                "-044-03-15",
            ),
        ];
        for (date, text) in cases {
            assert_eq!(date.to_string(), text);
            let mut pushed = String::from("(");
            date.push_to(&mut pushed);
            assert_eq!(pushed, format!("({text}"));
        }
    }
}

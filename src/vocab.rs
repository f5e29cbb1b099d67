//! IRIs of the vocabulary, mirroring `ontology/newsgraph.ttl`.
//!
//! Every IRI the code writes comes from here or from [`Base::resource`]; no
//! module glues IRIs from strings on the spot.

use crate::model::{NodeKind, Relation};

pub const NG: &str = "https://w3id.org/newsgraph/ontology#";
pub const DEFAULT_BASE: &str = "https://w3id.org/newsgraph/id/";
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const SCHEMA: &str = "https://schema.org/";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
pub const WIKIDATA: &str = "http://www.wikidata.org/entity/";

/// The prefixes predeclared for SPARQL and used in Turtle/TriG output: the
/// vocabularies, and one per kind of resource (`person:donald-trump`).
pub const PREFIXES: [(&str, &str); 19] = [
    ("ng", NG),
    ("id", DEFAULT_BASE),
    ("person", "https://w3id.org/newsgraph/id/person/"),
    ("nation", "https://w3id.org/newsgraph/id/nation/"),
    ("org", "https://w3id.org/newsgraph/id/org/"),
    ("place", "https://w3id.org/newsgraph/id/place/"),
    ("meeting", "https://w3id.org/newsgraph/id/meeting/"),
    ("proposal", "https://w3id.org/newsgraph/id/proposal/"),
    ("evidence", "https://w3id.org/newsgraph/id/evidence/"),
    ("sentence", "https://w3id.org/newsgraph/id/sentence/"),
    ("article", "https://w3id.org/newsgraph/id/article/"),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("owl", OWL),
    ("xsd", XSD),
    ("skos", SKOS),
    ("schema", SCHEMA),
    ("prov", PROV),
    ("wd", WIKIDATA),
];

/// `ng:` terms that are not classes or relations.
pub mod ng {
    pub const ARTICLE: &str = "https://w3id.org/newsgraph/ontology#Article";
    pub const MEETING: &str = "https://w3id.org/newsgraph/ontology#Meeting";
    pub const PHONE_CALL: &str = "https://w3id.org/newsgraph/ontology#PhoneCall";
    pub const PARTICIPANT: &str = "https://w3id.org/newsgraph/ontology#participant";
    pub const LOCATION: &str = "https://w3id.org/newsgraph/ontology#location";
    pub const OFFICE: &str = "https://w3id.org/newsgraph/ontology#Office";
    pub const EVIDENCE: &str = "https://w3id.org/newsgraph/ontology#Evidence";
    pub const ROLE: &str = "https://w3id.org/newsgraph/ontology#role";
    pub const DATE: &str = "https://w3id.org/newsgraph/ontology#date";
    pub const MONTH: &str = "https://w3id.org/newsgraph/ontology#month";
    pub const MEETING_COUNT: &str = "https://w3id.org/newsgraph/ontology#meetingCount";
    pub const STATUS: &str = "https://w3id.org/newsgraph/ontology#status";
    pub const QUOTE: &str = "https://w3id.org/newsgraph/ontology#quote";
    pub const MENTIONED_IN: &str = "https://w3id.org/newsgraph/ontology#mentionedIn";
    pub const SENTENCE: &str = "https://w3id.org/newsgraph/ontology#sentence";
    pub const SENTENCE_CLASS: &str = "https://w3id.org/newsgraph/ontology#Sentence";
    pub const TEXT: &str = "https://w3id.org/newsgraph/ontology#text";
    pub const START: &str = "https://w3id.org/newsgraph/ontology#start";
    pub const END: &str = "https://w3id.org/newsgraph/ontology#end";
    pub const RULE: &str = "https://w3id.org/newsgraph/ontology#rule";
    pub const CONTENT_HASH: &str = "https://w3id.org/newsgraph/ontology#contentHash";
    pub const ORIGIN: &str = "https://w3id.org/newsgraph/ontology#origin";
    pub const TERM: &str = "https://w3id.org/newsgraph/ontology#Term";
    pub const HOLDER: &str = "https://w3id.org/newsgraph/ontology#holder";
    pub const TERM_OFFICE: &str = "https://w3id.org/newsgraph/ontology#termOffice";
    pub const SERVES: &str = "https://w3id.org/newsgraph/ontology#serves";
}

pub mod rdf {
    pub const TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    pub const SUBJECT: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject";
    pub const PREDICATE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate";
    pub const OBJECT: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#object";
}

pub mod rdfs {
    pub const LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
}

pub mod skos {
    pub const ALT_LABEL: &str = "http://www.w3.org/2004/02/skos/core#altLabel";
}

pub mod owl {
    pub const SAME_AS: &str = "http://www.w3.org/2002/07/owl#sameAs";
}

pub mod schema {
    pub const NAME: &str = "https://schema.org/name";
    pub const URL: &str = "https://schema.org/url";
    pub const DATE_PUBLISHED: &str = "https://schema.org/datePublished";
    pub const HEADLINE: &str = "https://schema.org/headline";
}

pub mod prov {
    pub const WAS_DERIVED_FROM: &str = "http://www.w3.org/ns/prov#wasDerivedFrom";
}

/// The IRI of an ontology class.
pub fn class(kind: NodeKind) -> String {
    format!("{NG}{}", kind.class_name())
}

/// The IRI of a relation property.
pub fn relation(relation: Relation) -> String {
    format!("{NG}{}", relation.name())
}

/// The IRI of an XSD datatype by local name.
pub fn xsd(local: &str) -> String {
    format!("{XSD}{local}")
}

/// Where resource IRIs live; `https://w3id.org/newsgraph/id/` unless the user
/// configures another base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base(String);

impl Default for Base {
    fn default() -> Base {
        Base(DEFAULT_BASE.to_string())
    }
}

impl Base {
    /// A base must be an absolute IRI ending in `/` or `#`.
    pub fn new(base: &str) -> Result<Base, String> {
        if oxigraph::model::NamedNode::new(base).is_err() {
            return Err(format!("base {base:?} is not an absolute IRI"));
        }
        if !(base.ends_with('/') || base.ends_with('#')) {
            return Err(format!("base {base:?} must end with '/' or '#'"));
        }
        Ok(Base(base.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The IRI of a resource by its key (`person/donald-trump`).
    pub fn resource(&self, key: &str) -> String {
        format!("{}{key}", self.0)
    }

    /// The key of a resource IRI under this base, if it is one.
    pub fn key<'a>(&self, iri: &'a str) -> Option<&'a str> {
        iri.strip_prefix(self.0.as_str())
    }

    /// The named graph of an article.
    pub fn article(&self, doc_id: &str) -> String {
        self.resource(&format!("article/{doc_id}"))
    }
}

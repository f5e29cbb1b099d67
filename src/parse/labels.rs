//! The fixed label sets of the linguistic layer and the small types its
//! components pass each other. Fixed here, so that rules can name tags and
//! relations as constants and a model file stores indices.

/// The universal part-of-speech tags (UD v2), in a fixed order.
pub const UPOS: [&str; 17] = [
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN",
    "PUNCT", "SCONJ", "SYM", "VERB", "X",
];

/// The English Penn Treebank tags as EWT and GUM use them.
pub const XPOS: [&str; 50] = [
    "NN", "IN", "DT", "NNP", "JJ", "PRP", ".", "RB", ",", "NNS", "VB", "CC", "VBP", "VBD", "VBZ",
    "CD", "VBN", "VBG", "TO", "MD", "PRP$", "UH", ":", "WDT", "-RRB-", "-LRB-", "WRB", "WP", "``",
    "HYPH", "RP", "''", "POS", "NNPS", "JJR", "JJS", "EX", "RBR", "NFP", "ADD", "SYM", "GW", "$",
    "FW", "PDT", "RBS", "LS", "AFX", "WP$", "XX",
];

/// The dependency relations (UD v2 with the English subtypes EWT and GUM
/// use). A relation outside this list is read as its universal part.
pub const DEPRELS: [&str; 53] = [
    "punct",
    "case",
    "nsubj",
    "det",
    "root",
    "advmod",
    "amod",
    "obj",
    "obl",
    "conj",
    "nmod",
    "compound",
    "cc",
    "mark",
    "aux",
    "cop",
    "nmod:poss",
    "advcl",
    "xcomp",
    "flat",
    "acl:relcl",
    "ccomp",
    "parataxis",
    "acl",
    "nummod",
    "appos",
    "aux:pass",
    "nsubj:pass",
    "discourse",
    "obl:unmarked",
    "nmod:unmarked",
    "compound:prt",
    "expl",
    "fixed",
    "iobj",
    "list",
    "obl:agent",
    "nmod:desc",
    "reparandum",
    "csubj",
    "dep",
    "nsubj:outer",
    "det:predet",
    "advcl:relcl",
    "vocative",
    "goeswith",
    "cc:preconj",
    "orphan",
    "dislocated",
    "csubj:pass",
    "csubj:outer",
    "obl:npmod",
    "nmod:npmod",
];

/// The index of a label in one of the fixed lists above; a relation with
/// an unknown subtype falls back to its universal part, anything else to
/// `None`.
pub fn label_index(list: &[&str], label: &str) -> Option<usize> {
    list.iter().position(|l| *l == label).or_else(|| {
        let (base, _) = label.split_once(':')?;
        list.iter().position(|l| *l == base)
    })
}

/// A word's tags: indices into `UPOS` and `XPOS`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Tags {
    pub upos: u8,
    pub xpos: u8,
}

/// What the reference data says of a word before the recogniser runs: the
/// word is part of a name the gazetteer knows (`kind`), and `begins` that
/// name. The caller computes it (from the lexicon), so the recogniser stays
/// a pure function of its inputs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Known {
    pub kind: Option<EntityKind>,
    pub begins: bool,
}

/// A named entity found in a sentence: words `start..end` (0-based, end
/// exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntitySpan {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
}

/// The kinds of named entity the recogniser finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityKind {
    Person,
    Place,
    Organization,
}

impl EntityKind {
    pub const ALL: [EntityKind; 3] = [
        EntityKind::Person,
        EntityKind::Place,
        EntityKind::Organization,
    ];

    /// GUM's name of the type.
    pub fn name(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::Organization => "organization",
        }
    }

    pub fn from_name(name: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_of_the_corpora_are_in_the_fixed_lists() {
        assert_eq!(label_index(&DEPRELS, "nsubj:pass"), Some(27));
        assert_eq!(
            label_index(&DEPRELS, "obl:tmod"),
            label_index(&DEPRELS, "obl")
        );
        assert_eq!(label_index(&XPOS, "NNP"), Some(3));
        assert_eq!(label_index(&UPOS, "NOPE"), None);
    }
}

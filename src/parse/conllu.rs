//! CoNLL-U, the Universal Dependencies treebank format: reading the
//! training corpora (EWT, GUM with its entity brackets) and writing the
//! analysis `newsgraph parse` prints.
//!
//! A sentence is a block of lines: `# key = value` comments, then one line
//! per word with ten tab-separated columns (ID, FORM, LEMMA, UPOS, XPOS,
//! FEATS, HEAD, DEPREL, DEPS, MISC). Multiword-token lines (`3-4`) and
//! empty nodes (`8.1`) are read past: the analysis is over syntactic words.

use std::path::{Path, PathBuf};

/// One word of a treebank sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeWord {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    /// The head's position, 1-based; 0 is the root.
    pub head: usize,
    pub deprel: String,
    /// False when MISC says `SpaceAfter=No`.
    pub space_after: bool,
}

/// An entity mention of GUM's annotation: words `start..end` (0-based,
/// end exclusive) and the entity type (person, place, organization, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeMention {
    pub start: usize,
    pub end: usize,
    pub kind: String,
}

/// One sentence of a treebank.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreeSentence {
    /// The `# text =` comment.
    pub text: String,
    pub words: Vec<TreeWord>,
    /// Entity mentions, when the corpus has them (GUM).
    pub mentions: Vec<TreeMention>,
}

/// Reads a CoNLL-U file.
pub fn read_file(path: &Path) -> Result<Vec<TreeSentence>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Parses CoNLL-U text. Errors name the line.
pub fn parse(text: &str) -> Result<Vec<TreeSentence>, String> {
    let mut out = Vec::new();
    let mut current = TreeSentence::default();
    // Open mentions: (entity id, kind, first word).
    let mut open: Vec<(String, String, usize)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !current.words.is_empty() {
                finish(&mut current, &mut open);
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if let Some(t) = comment.trim_start().strip_prefix("text = ") {
                current.text = t.to_string();
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(format!(
                "line {}: {} columns, CoNLL-U has 10",
                n + 1,
                cols.len()
            ));
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let id: usize = cols[0]
            .parse()
            .map_err(|_| format!("line {}: word id {:?} is not a number", n + 1, cols[0]))?;
        if id != current.words.len() + 1 {
            return Err(format!("line {}: word id {id} out of sequence", n + 1));
        }
        let head = match cols[6] {
            "_" => 0,
            h => h
                .parse()
                .map_err(|_| format!("line {}: head {h:?} is not a number", n + 1))?,
        };
        let misc = cols[9];
        let position = current.words.len();
        if let Some(entity) = misc.split('|').find_map(|f| f.strip_prefix("Entity=")) {
            read_brackets(entity, position, &mut open, &mut current.mentions);
        }
        current.words.push(TreeWord {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            head,
            deprel: cols[7].to_string(),
            space_after: !misc.split('|').any(|f| f == "SpaceAfter=No"),
        });
    }
    if !current.words.is_empty() {
        finish(&mut current, &mut open);
        out.push(current);
    }
    for s in &out {
        let len = s.words.len();
        if let Some(w) = s.words.iter().find(|w| w.head > len) {
            return Err(format!(
                "sentence {:?}: head {} past the sentence's {len} words",
                s.text, w.head
            ));
        }
    }
    Ok(out)
}

/// Mentions left open at a sentence's end (GUM's brackets never cross
/// sentences) end with it.
fn finish(sentence: &mut TreeSentence, open: &mut Vec<(String, String, usize)>) {
    for (_, kind, start) in open.drain(..) {
        sentence.mentions.push(TreeMention {
            start,
            end: sentence.words.len(),
            kind,
        });
    }
    sentence
        .mentions
        .sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
}

/// Reads GUM's entity brackets on one word: `(12-person-...` opens entity
/// 12, `12)` closes it, `(3-place-...)` is a one-word mention.
fn read_brackets(
    field: &str,
    word: usize,
    open: &mut Vec<(String, String, usize)>,
    mentions: &mut Vec<TreeMention>,
) {
    let mut rest = field;
    while !rest.is_empty() {
        if let Some(body) = rest.strip_prefix('(') {
            let end = body.find(['(', ')']).unwrap_or(body.len());
            let mut parts = body[..end].split('-');
            let id = parts.next().unwrap_or("").to_string();
            let kind = parts.next().unwrap_or("").to_string();
            if body[end..].starts_with(')') {
                mentions.push(TreeMention {
                    start: word,
                    end: word + 1,
                    kind,
                });
                rest = &body[end + 1..];
            } else {
                open.push((id, kind, word));
                rest = &body[end..];
            }
        } else {
            let end = rest.find(')').unwrap_or(rest.len());
            let id = &rest[..end];
            if let Some(i) = open.iter().rposition(|(open_id, _, _)| open_id == id) {
                let (_, kind, start) = open.remove(i);
                mentions.push(TreeMention {
                    start,
                    end: word + 1,
                    kind,
                });
            }
            rest = rest.get(end + 1..).unwrap_or("");
        }
    }
}

/// The corpora the linguistic layer trains and is measured on, found under
/// one folder laid out as the project's shared corpora are: `ud-english-ewt/`
/// with the standard split, and `gum-cc-by/` with `docs/` and GUM's own
/// `files.train`, `files.dev`, `files.test`.
#[derive(Debug, Clone)]
pub struct Corpora {
    pub root: PathBuf,
}

/// A part of the standard splits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    Train,
    Dev,
    Test,
}

impl Split {
    fn name(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Dev => "dev",
            Split::Test => "test",
        }
    }
}

impl Corpora {
    pub fn new(root: &Path) -> Corpora {
        Corpora {
            root: root.to_path_buf(),
        }
    }

    /// EWT's sentences of one split.
    pub fn ewt(&self, split: Split) -> Result<Vec<TreeSentence>, String> {
        read_file(
            &self
                .root
                .join("ud-english-ewt")
                .join(format!("en_ewt-ud-{}.conllu", split.name())),
        )
    }

    /// GUM's sentences of one split, document by document in the order of
    /// the split's file list.
    pub fn gum(&self, split: Split) -> Result<Vec<TreeSentence>, String> {
        let dir = self.root.join("gum-cc-by");
        let list = dir.join(format!("files.{}", split.name()));
        let names =
            std::fs::read_to_string(&list).map_err(|e| format!("{}: {e}", list.display()))?;
        let mut out = Vec::new();
        for name in names.lines().map(str::trim).filter(|l| !l.is_empty()) {
            out.extend(read_file(&dir.join("docs").join(format!("{name}.conllu")))?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# text = The envoy met Lula.\n\
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\tEntity=(1-person-new\n\
2\tenvoy\tenvoy\tNOUN\tNN\t_\t3\tnsubj\t_\tEntity=1)\n\
3-4\tmet\t_\t_\t_\t_\t_\t_\t_\t_\n\
3\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_\n\
4\tLula\tLula\tPROPN\tNNP\t_\t3\tobj\t_\tEntity=(2-person-new-x-Lula)|SpaceAfter=No\n\
5\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n";

    #[test]
    fn reads_words_heads_and_entity_brackets() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(s.len(), 1);
        let s = &s[0];
        assert_eq!(s.text, "The envoy met Lula.");
        assert_eq!(s.words.len(), 5);
        assert_eq!(s.words[2].lemma, "meet");
        assert_eq!(s.words[0].head, 2);
        assert!(!s.words[3].space_after);
        assert_eq!(
            s.mentions,
            [
                TreeMention {
                    start: 0,
                    end: 2,
                    kind: "person".into()
                },
                TreeMention {
                    start: 3,
                    end: 4,
                    kind: "person".into()
                }
            ]
        );
    }

    #[test]
    fn bad_lines_are_errors_naming_the_line() {
        let e = parse("1\tx\n").unwrap_err();
        assert!(e.starts_with("line 1:"), "{e}");
        let e = parse("1\ta\ta\tX\tX\t_\t9\tdep\t_\t_\n").unwrap_err();
        assert!(e.contains("head 9"), "{e}");
    }
}

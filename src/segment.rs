//! Document text -> sentences and tokens, as byte spans of the original text.
//!
//! News text is split at line breaks (headlines, captions and paragraphs are
//! their own sentences) and at sentence-final punctuation followed by a
//! capital, except after abbreviations and initials ("U.S.", "Mr.", "J.").

use crate::model::Sentence;

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "prof",
    "jr", "sr", "inc", "co", "corp", "ltd", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "approx", "dept", "adm", "maj", "pres",
    "rev", "hon", "amb", "cf", "al",
];

/// The length of the longest of [`ABBREVIATIONS`], in bytes.
const LONGEST_ABBREVIATION: usize = length_range(&[ABBREVIATIONS]).1;

/// Which bytes start a word of these lists: a table lookup that spares
/// most words the comparisons. Every word must be non-empty.
pub const fn initials(lists: &[&[&str]]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut l = 0;
    while l < lists.len() {
        let mut i = 0;
        while i < lists[l].len() {
            table[lists[l][i].as_bytes()[0] as usize] = true;
            i += 1;
        }
        l += 1;
    }
    table
}

/// The shortest and longest word of these lists, in bytes.
pub const fn length_range(lists: &[&[&str]]) -> (usize, usize) {
    let (mut shortest, mut longest) = (usize::MAX, 0);
    let mut l = 0;
    while l < lists.len() {
        let mut i = 0;
        while i < lists[l].len() {
            let len = lists[l][i].len();
            if len < shortest {
                shortest = len;
            }
            if len > longest {
                longest = len;
            }
            i += 1;
        }
        l += 1;
    }
    (shortest, longest)
}

/// Per first byte, one bit per length of the words that start with it
/// (lengths from 63 on share a bit): a filter with false positives but no
/// false negatives that tells most other words apart by one table lookup.
#[derive(Debug, Clone)]
pub struct FirstByteLengths([u64; 256]);

impl Default for FirstByteLengths {
    fn default() -> Self {
        FirstByteLengths::new()
    }
}

impl FirstByteLengths {
    pub const fn new() -> FirstByteLengths {
        FirstByteLengths([0; 256])
    }

    const fn bit(n: usize) -> u64 {
        1 << if n < 63 { n } else { 63 }
    }

    pub const fn add(&mut self, word: &[u8]) {
        if let Some(&first) = word.first() {
            self.0[first as usize] |= FirstByteLengths::bit(word.len());
        }
    }

    pub fn may_contain(&self, word: &[u8]) -> bool {
        word.first().is_some_and(|&first| {
            self.0[usize::from(first)] & FirstByteLengths::bit(word.len()) != 0
        })
    }
}

/// A fixed list of words with a filter that spares most lookups a
/// comparison: per first byte, the lengths of the words starting with it.
/// Words of up to eight bytes are also kept as integers, grouped by
/// length, so a lookup compares a few integers rather than strings. Rules
/// ask such lists about nearly every word of a sentence, and most words are
/// in none of them.
pub struct WordList {
    words: &'static [&'static str],
    shapes: FirstByteLengths,
    /// `short[n][..counts[n]]`: the words of n bytes, zero-padded.
    short: [[u64; SHORT_WORDS_PER_LENGTH]; 9],
    counts: [usize; 9],
}

/// Room for this many words of each length up to eight bytes.
const SHORT_WORDS_PER_LENGTH: usize = 32;

impl WordList {
    /// Every word must be non-empty (a longer list than the table holds
    /// fails to compile).
    pub const fn new(words: &'static [&'static str]) -> WordList {
        let mut shapes = FirstByteLengths::new();
        let mut short = [[0u64; SHORT_WORDS_PER_LENGTH]; 9];
        let mut counts = [0usize; 9];
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_bytes();
            shapes.add(w);
            if w.len() <= 8 {
                short[w.len()][counts[w.len()]] = lanes(w);
                counts[w.len()] += 1;
            }
            i += 1;
        }
        WordList {
            words,
            shapes,
            short,
            counts,
        }
    }

    pub fn contains(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        let n = bytes.len();
        if !self.shapes.may_contain(bytes) {
            return false;
        }
        if n <= 8 {
            let v = lanes(bytes);
            self.short[n][..self.counts[n]].contains(&v)
        } else {
            self.words.contains(&word)
        }
    }
}

/// A set of words told by first byte, last byte and length, with false
/// positives but no false negatives: a word outside it is in no lookup
/// table built from the same words.
#[derive(Debug)]
pub struct WordShapes {
    /// One bit per (first byte, last byte) pair.
    ends: Box<[u64; 1024]>,
    lengths: FirstByteLengths,
}

impl Default for WordShapes {
    fn default() -> Self {
        WordShapes {
            ends: Box::new([0; 1024]),
            lengths: FirstByteLengths::new(),
        }
    }
}

impl WordShapes {
    fn pair(word: &[u8]) -> Option<usize> {
        let (&first, &last) = (word.first()?, word.last()?);
        Some(usize::from(first) << 8 | usize::from(last))
    }

    pub fn add(&mut self, word: &str) {
        if let Some(pair) = Self::pair(word.as_bytes()) {
            self.ends[pair / 64] |= 1 << (pair % 64);
            self.lengths.add(word.as_bytes());
        }
    }

    pub fn may_contain(&self, word: &str) -> bool {
        self.lengths.may_contain(word.as_bytes())
            && Self::pair(word.as_bytes())
                .is_some_and(|pair| self.ends[pair / 64] & 1 << (pair % 64) != 0)
    }
}

/// Sentences longer than this many bytes are cut into pieces at a space.
/// No news sentence comes near it (the longest in the seeds has about 300
/// bytes), but text without punctuation (a scraped table, a 100 MB line)
/// would otherwise make one huge sentence, and the per-sentence rules of
/// `recognize` and `relate` compare units pairwise: bounding the sentence
/// keeps the whole pipeline linear in the article's length.
pub const MAX_SENTENCE_BYTES: usize = 2_000;

/// Splits a text into sentences. Empty and whitespace-only spans are dropped.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut line_start = 0;
    // Each line with its line break, found by the memchr crate's vector
    // search rather than the standard library's.
    for newline in memchr::memchr_iter(b'\n', text.as_bytes()) {
        split_line(text, line_start, newline + 1, &mut out);
        line_start = newline + 1;
    }
    if line_start < text.len() {
        split_line(text, line_start, text.len(), &mut out);
    }
    out
}

fn split_line(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let line = &text[start..end];
    let bytes = line.as_bytes();
    let mut sent_start = 0;
    let mut i = 0;
    while let Some(at) = memchr::memchr3(b'.', b'!', b'?', &bytes[i..]) {
        i += at;
        let b = bytes[i];
        // Take closing quotes and brackets with the sentence.
        let mut j = i + 1;
        loop {
            let rest = &line[j..];
            if let Some(c) = rest.chars().next().filter(|c| is_closer(*c)) {
                j += c.len_utf8();
            } else {
                break;
            }
        }
        let rest = &line[j..];
        let spaced = rest.starts_with([' ', '\t']) || rest.starts_with('\u{a0}');
        let next = rest
            .trim_start_matches([' ', '\t', '\u{a0}'])
            .chars()
            .next();
        let glued_word = !spaced && glued_sentence(line, i, rest);
        let number_sign =
            next.is_some_and(|c| c.is_ascii_digit()) && ends_with_word(&line[..i], "no");
        if (spaced
            && next.is_some_and(starts_sentence)
            && !is_abbreviation(line, i, b)
            && !number_sign)
            || glued_word
        {
            push(text, start + sent_start, start + j, out);
            sent_start = j;
            i = j;
            continue;
        }
        i += 1;
    }
    push(text, start + sent_start, end, out);
}

/// "No. 10": the word before the dot, case-insensitively.
fn ends_with_word(before: &str, word: &str) -> bool {
    let w = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    w.eq_ignore_ascii_case(word)
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']')
}

fn starts_sentence(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[')
}

/// "House.Credit: AP": a full stop glued to a capitalised word after a
/// lower-case letter ends a sentence (captions run into credits this way).
fn glued_sentence(line: &str, dot: usize, rest: &str) -> bool {
    let before = line[..dot].chars().next_back();
    let mut after = rest.chars();
    before.is_some_and(|c| c.is_lowercase())
        && after.next().is_some_and(|c| c.is_uppercase())
        && after.next().is_some_and(|c| c.is_lowercase())
}

fn is_abbreviation(line: &str, dot: usize, mark: u8) -> bool {
    if mark != b'.' {
        return false;
    }
    let word_start = line[..dot]
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &line[word_start..dot];
    if word.is_empty() {
        return false;
    }
    // Initials and dotted abbreviations: "J.", "U.S.", "D.C."
    if word.contains('.') || (word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase())) {
        return true;
    }
    word.len() <= LONGEST_ABBREVIATION && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let mut start = start;
    while end - start > MAX_SENTENCE_BYTES {
        let span = &text[start..end];
        let mut limit = MAX_SENTENCE_BYTES;
        while !span.is_char_boundary(limit) {
            limit -= 1;
        }
        // Cut after the last space before the limit (a word longer than
        // the limit is cut where it stands).
        let cut = span[..limit]
            .rfind(char::is_whitespace)
            .filter(|&i| i > 0)
            .unwrap_or(limit);
        push_one(text, start, start + cut, out);
        start += cut;
    }
    push_one(text, start, end, out);
}

fn push_one(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let span = &text[start..end];
    let lead = span.len() - span.trim_start().len();
    let trail = span.len() - span.trim_end().len();
    if lead + trail >= span.len() {
        return;
    }
    out.push(Sentence {
        start: start + lead,
        end: end - trail,
    });
}

/// A token of a sentence: a word, a number, a possessive `'s`, or one
/// punctuation character, as a byte span of the document text and the
/// text of that span. The rules look at each token's text many times, and
/// slicing the document again each time cost a twentieth of an extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub start: usize,
    pub end: usize,
    text: &'a str,
}

impl<'a> Token<'a> {
    pub fn text(&self) -> &'a str {
        self.text
    }
}

/// Splits a span of text into tokens. Words keep inner hyphens and the dots
/// of abbreviations ("U.S.", "J.D."); a possessive `'s` is its own token.
pub fn tokens(text: &str, start: usize, end: usize) -> Vec<Token<'_>> {
    let span = &text[start..end];
    // News text averages more than five bytes a token: one allocation
    // instead of a series of regrowths.
    let mut out = Vec::with_capacity(span.len() / 4 + 1);
    let bytes = span.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // Spaces and ASCII letters are told by their byte.
        if b.is_ascii_whitespace() || b == 0x0b {
            i += 1;
            continue;
        }
        // Most tokens are an ASCII word that ends at a space or an ASCII
        // mark that cannot be inside a word, or one ASCII mark: those need
        // no decoding.
        if is_ascii_alnum(b) {
            let j = i + 1 + ascii_alnum_run(&bytes[i + 1..]);
            if bytes
                .get(j)
                .is_none_or(|&n| n.is_ascii() && !matches!(n, b'-' | b'.' | b'\'' | b'&'))
            {
                out.push(Token {
                    start: start + i,
                    end: start + j,
                    text: &span[i..j],
                });
                i = j;
                continue;
            }
        } else if b.is_ascii() && b != b'\'' {
            out.push(Token {
                start: start + i,
                end: start + i + 1,
                text: &span[i..i + 1],
            });
            i += 1;
            continue;
        }
        let Some(c) = char_at(span, i) else {
            break;
        };
        let after_c = i + c.len_utf8();
        if !b.is_ascii() && c.is_whitespace() {
            i = after_c;
            continue;
        }
        if is_ascii_alnum(b) || (!b.is_ascii() && c.is_alphanumeric()) {
            // The word ends at j, where the next character to look at starts.
            let mut j = after_c;
            loop {
                // Most words are ASCII letters: take those a byte at a time.
                while bytes.get(j).is_some_and(|&b| is_ascii_alnum(b)) {
                    j += 1;
                }
                let Some(d) = char_at(span, j) else {
                    break;
                };
                let after_d = j + d.len_utf8();
                let inner = matches!(d, '-' | '.' | '\'' | '’' | '&');
                if d.is_alphanumeric() {
                    j = after_d;
                } else if inner {
                    // Keep an inner mark only when a letter or digit follows
                    // it (or, for dots, when the word is an abbreviation).
                    if matches!(d, '\'' | '’') && is_possessive_s(span, after_d) {
                        break;
                    }
                    if char_at(span, after_d).is_some_and(char::is_alphanumeric) {
                        j = after_d;
                    } else {
                        if d == '.' && is_dotted_abbreviation(&span[i..j]) {
                            j += 1;
                        }
                        break;
                    }
                } else {
                    break;
                }
            }
            out.push(Token {
                start: start + i,
                end: start + j,
                text: &span[i..j],
            });
            i = j;
        } else if matches!(c, '\'' | '’') && is_possessive_s(span, after_c) {
            out.push(Token {
                start: start + i,
                end: start + after_c + 1,
                text: &span[i..after_c + 1],
            });
            i = after_c + 1;
        } else {
            out.push(Token {
                start: start + i,
                end: start + after_c,
                text: &span[i..after_c],
            });
            i = after_c;
        }
    }
    out
}

/// ASCII letters and digits by byte: the scanners' inner loops look up one
/// table entry per byte.
const ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

fn is_ascii_alnum(b: u8) -> bool {
    ASCII_ALNUM[usize::from(b)]
}

/// How many ASCII letters and digits `bytes` starts with.
fn ascii_alnum_run(bytes: &[u8]) -> usize {
    // Eight bytes at a time: most words end within the first eight. The
    // zero lanes past the end are no letter or digit, so a run ends there
    // at the latest.
    for (i, chunk) in bytes.chunks(8).enumerate() {
        let others = not_ascii_alnum(lanes(chunk));
        if others != 0 {
            return 8 * i + (others.trailing_zeros() / 8) as usize;
        }
    }
    bytes.len()
}

/// The first (up to) eight bytes as the lanes of one integer
/// (little-endian), the lanes past the end zero: word lists compare short
/// words as such integers, and the scanners below test eight bytes at once.
#[inline]
pub const fn lanes(bytes: &[u8]) -> u64 {
    if let Some((eight, _)) = bytes.split_first_chunk::<8>() {
        return u64::from_le_bytes(*eight);
    }
    let mut v = 0;
    let mut i = 0;
    while i < bytes.len() {
        v |= (bytes[i] as u64) << (8 * i);
        i += 1;
    }
    v
}

/// The byte in every lane.
const fn splat(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}

/// The top bit of each lane.
pub const HIGH_BITS: u64 = splat(0x80);

/// The top bit of each lane of `x` from `lo` to `hi`; `x`'s top bits must
/// be clear. Seven-bit lanes carry into no other lane, and a lane gets its
/// top bit exactly when it is at least (or above) the bound.
fn lanes_between(x: u64, lo: u8, hi: u8) -> u64 {
    (x + splat(0x80 - lo)) & !(x + splat(0x7f - hi)) & HIGH_BITS
}

/// The top bit of each byte of `v` that is no ASCII letter or digit.
fn not_ascii_alnum(v: u64) -> u64 {
    let x = v & !HIGH_BITS;
    let folded = x | splat(0x20);
    let alnum = lanes_between(folded, b'a', b'z') | lanes_between(x, b'0', b'9');
    // Non-ASCII bytes have their own top bit set.
    !(alnum & !v) & HIGH_BITS
}

/// True when `word` is ASCII without an upper-case letter: already in the
/// lower case the rules compare words in. Eight bytes at a time.
pub fn is_lower_ascii(word: &str) -> bool {
    word.as_bytes().chunks(8).all(|chunk| {
        let v = lanes(chunk);
        (lanes_between(v & !HIGH_BITS, b'A', b'Z') | v) & HIGH_BITS == 0
    })
}

/// Where the run of letters and digits starting at byte `i` of `text` (a
/// character boundary) ends.
pub fn alphanumeric_run_end(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        i += bytes.get(i..).map_or(0, ascii_alnum_run);
        match bytes.get(i) {
            Some(b) if !b.is_ascii() => match text[i..].chars().next() {
                Some(c) if c.is_alphanumeric() => i += c.len_utf8(),
                _ => return i,
            },
            _ => return i,
        }
    }
}

/// True when a letter or digit starts at byte `i` of `text` (a character
/// boundary).
pub fn alphanumeric_at(text: &str, i: usize) -> bool {
    match text.as_bytes().get(i) {
        None => false,
        Some(&b) if b.is_ascii() => is_ascii_alnum(b),
        Some(_) => text[i..].chars().next().is_some_and(char::is_alphanumeric),
    }
}

/// The character at byte `i` of `s` (a character boundary), decoding only
/// when it is not ASCII: the tokenizer looks at most characters twice.
fn char_at(s: &str, i: usize) -> Option<char> {
    let b = *s.as_bytes().get(i)?;
    if b.is_ascii() {
        Some(char::from(b))
    } else {
        s[i..].chars().next()
    }
}

/// An `s` or `S` at byte `i` that no letter or digit follows: the rest of
/// a possessive `'s`.
fn is_possessive_s(span: &str, i: usize) -> bool {
    span[i..].starts_with(['s', 'S']) && !char_at(span, i + 1).is_some_and(char::is_alphanumeric)
}

/// "U.S" (before its last dot) or "J.D": letters separated by dots.
fn is_dotted_abbreviation(word: &str) -> bool {
    word.contains('.') && word.split('.').all(|p| p.chars().count() == 1)
        || (word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: &[&str]) {
        let got: Vec<&str> = sentences(text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(got, expect);
    }

    fn check_tokens(text: &str, expect: &[&str]) {
        let got: Vec<&str> = tokens(text, 0, text.len())
            .iter()
            .map(|t| t.text())
            .collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn overlong_sentences_are_cut_at_spaces_into_bounded_pieces() {
        // No punctuation at all, multi-byte letters, and one giant word.
        let text = format!(
            "{} {}",
            "Ñúñez met Trump and ".repeat(500),
            "x".repeat(5000)
        );
        let got = sentences(&text);
        assert!(got.len() > 5, "{}", got.len());
        for s in &got {
            assert!(s.end - s.start <= MAX_SENTENCE_BYTES, "{s:?}");
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
        // Pieces are in order, and only whitespace lies between them.
        let mut at = 0;
        for s in &got {
            assert!(text[at..s.start].trim().is_empty(), "gap before {s:?}");
            at = s.end;
        }
        assert_eq!(at, text.len());
        // Sentences of normal length are untouched.
        check(
            "Trump met Putin. They talked.",
            &["Trump met Putin.", "They talked."],
        );
    }

    #[test]
    fn splits_at_full_stops_before_capitals() {
        check(
            "Trump met Putin. They talked.",
            &["Trump met Putin.", "They talked."],
        );
    }

    #[test]
    fn keeps_abbreviations_and_initials() {
        check(
            "U.S. President Donald Trump met Mr. Smith and J. D. Vance. Then he left.",
            &[
                "U.S. President Donald Trump met Mr. Smith and J. D. Vance.",
                "Then he left.",
            ],
        );
    }

    #[test]
    fn line_breaks_end_sentences() {
        check(
            "Headline here\n\nBody text. More.\n",
            &["Headline here", "Body text.", "More."],
        );
    }

    #[test]
    fn quotes_close_with_the_sentence() {
        check("He said “No.” Then left.", &["He said “No.”", "Then left."]);
    }

    #[test]
    fn caption_glued_to_credit_is_split() {
        check(
            "Leaders at the White House.Credit: AP",
            &["Leaders at the White House.", "Credit: AP"],
        );
    }

    #[test]
    fn tokens_keep_abbreviations_and_split_possessives() {
        check_tokens(
            "The U.S. and Trump’s team, J.D. Vance's one-on-one.",
            &[
                "The",
                "U.S.",
                "and",
                "Trump",
                "’s",
                "team",
                ",",
                "J.D.",
                "Vance",
                "'s",
                "one-on-one",
                ".",
            ],
        );
    }

    /// The ASCII fast path and the general path must split alike: words
    /// that end at each kind of mark, at non-ASCII text and at the end.
    #[test]
    fn tokens_end_alike_at_every_kind_of_mark() {
        check_tokens(
            "AT&T x-ray Nato- O'Brien rock 'n' roll 3.5 No.\u{a0}10 café–bar Putin’s\tend",
            &[
                "AT&T", "x-ray", "Nato", "-", "O'Brien", "rock", "'", "n", "'", "roll", "3.5",
                "No", ".", "10", "café", "–", "bar", "Putin", "’s", "end",
            ],
        );
        // Offsets and text agree, in a span that starts inside the text.
        let text = "Intro. Putin, Xi & Modi met.";
        let start = text.find("Putin").unwrap();
        for t in tokens(text, start, text.len()) {
            assert_eq!(&text[t.start..t.end], t.text());
        }
    }

    #[test]
    fn letter_runs_counted_eight_bytes_at_a_time_agree_with_bytes() {
        for b in 0..=255u8 {
            let lanes = not_ascii_alnum(u64::from_le_bytes([b; 8]));
            assert_eq!(lanes != 0, !is_ascii_alnum(b), "{b:#04x}");
        }
        let text = b"Zelenskyy09az AZ@[`{/:\x80\xff and more letters than eight";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let slice = &text[start..end];
                let bytewise = slice
                    .iter()
                    .position(|&b| !is_ascii_alnum(b))
                    .unwrap_or(slice.len());
                assert_eq!(ascii_alnum_run(slice), bytewise, "{start}..{end}");
            }
        }
    }

    #[test]
    fn lower_ascii_words_by_every_byte() {
        // Every ASCII byte, and a two-byte letter, at every position of
        // words on both sides of the eight-byte chunks agrees with the
        // byte-by-byte definition.
        let by_bytes = |w: &str| w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase());
        for len in [1, 7, 8, 9, 16, 17] {
            for at in 0..len {
                for b in 0..128u8 {
                    let mut word = vec![b'k'; len];
                    word[at] = b;
                    let word = String::from_utf8(word).unwrap();
                    assert_eq!(is_lower_ascii(&word), by_bytes(&word), "{word:?}");
                }
                let mut word = "k".repeat(len);
                word.insert(at, 'é');
                assert!(!is_lower_ascii(&word), "{word:?}");
            }
        }
        assert!(is_lower_ascii(""));
        assert!(is_lower_ascii("twelve-letter"));
        assert!(!is_lower_ascii("twelve-letteR"));
    }

    #[test]
    fn first_byte_lengths_keep_every_word_added() {
        let mut set = FirstByteLengths::new();
        let long = "a".repeat(64);
        let words = ["Lavrov", "Li", "Zelenskyy", "Ōno", long.as_str()];
        for w in words {
            set.add(w.as_bytes());
        }
        for w in words {
            assert!(set.may_contain(w.as_bytes()), "{w}");
        }
        // Another first byte or another length is told apart.
        for w in ["", "Lavrova", "Lxx", "Kavrov", "lavrov", "a"] {
            assert!(!set.may_contain(w.as_bytes()), "{w}");
        }
        // Lengths from 63 on share a bit.
        assert!(set.may_contain("a".repeat(70).as_bytes()));
        assert!(!set.may_contain("a".repeat(62).as_bytes()));
    }

    #[test]
    fn word_lists_find_their_words_only() {
        const LIST: WordList = WordList::new(&["a", "with", "between", "notwithstanding"]);
        for w in ["a", "with", "between", "notwithstanding"] {
            assert!(LIST.contains(w), "{w}");
        }
        for w in [
            "",
            "b",
            "wit",
            "withe",
            "With",
            "betweens",
            "notwithstandin",
            "é",
        ] {
            assert!(!LIST.contains(w), "{w}");
        }
    }
}

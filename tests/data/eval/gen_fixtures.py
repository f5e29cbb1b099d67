#!/usr/bin/env python3
"""Regenerates the scorer agreement fixtures next to this file.

The system graphs are the gold files of tests/gold/seeds turned into exports
and perturbed (nodes dropped, renamed, retyped, added; edges dropped, flipped,
added; meeting participants shuffled; attributes changed), with a fixed seed.
The expected figures come from the reference scorer:

  python3 gen_fixtures.py /path/to/eval/score.py
"""
import json
import os
import random
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GOLD = os.path.join(HERE, "..", "..", "gold", "seeds")
RELS = ["leaderOf", "represents", "memberOf", "participant", "hosted", "proposed", "called",
        "metWith", "location", "urged", "criticized", "praised", "supports", "rejected", "said"]
ACCENTED = {"e": "é", "a": "á", "o": "ö", "u": "ü", "i": "í", "c": "ç", "n": "ñ"}


def load(name):
    with open(os.path.join(GOLD, name), encoding="utf-8") as f:
        return json.load(f)


def accent(s, rng):
    out = [ACCENTED[c] if c in ACCENTED and rng.random() < 0.3 else c for c in s]
    return "".join(out)


def rename(e, rng):
    name = e.get("name") or e["id"]
    r = rng.random()
    if r < 0.2 and e.get("aliases"):
        return rng.choice(e["aliases"])
    if r < 0.35:
        return accent(name, rng)
    if r < 0.45 and e["type"] == "Leader":
        return rng.choice(["President ", "Sir ", "Prime Minister ", "Mr. ", "U.S. Secretary of State "]) + name
    if r < 0.55:
        return "The " + name
    if r < 0.65:
        return name + "\u2019s"
    if r < 0.75:
        return name.upper()
    return name


def perturb(golds, rng, prefix):
    """One system graph for the union of golds."""
    nodes, edges, ids = [], [], {}
    seen = set()
    for g in golds:
        for e in g["entities"]:
            if e["id"] in seen:
                continue
            seen.add(e["id"])
            if rng.random() < 0.12:
                continue  # dropped
            nid = prefix + e["id"]
            ids[e["id"]] = nid
            kind = e["type"]
            if rng.random() < 0.06:
                kind = rng.choice(["Person", "Nation", "Organization", "Place", "Leader"])
            label = rename(e, rng)
            aliases = [a for a in e.get("aliases", []) if rng.random() < 0.5]
            if kind == "Proposal":
                words = (e.get("name") or "").split()
                rng.shuffle(words)
                label = " ".join(words[: max(1, int(len(words) * rng.choice([0.4, 0.6, 0.8, 1.0])))])
                aliases = []
            attrs = {}
            if e["type"] == "Meeting":
                label = e.get("name") or e["id"]
                if e.get("status"):
                    attrs["status"] = e["status"].upper() if rng.random() < 0.7 else rng.choice(["held", "planned"])
                if e.get("date"):
                    attrs["date"] = e["date"] + ("T10:00:00" if rng.random() < 0.5 else "") if rng.random() < 0.7 else "2024-01-01"
            nodes.append({"id": nid, "type": kind, "label": label, "aliases": aliases, "attributes": attrs})
    # spurious nodes, some forbidden, some duplicating a gold name
    extra = ["Reuters", "AP", "Angus Delaney", "The Associated Press", "Kremlin spokesman", "Fox News",
             "Geneva", "Budapest", "European Commission", "Nicolás Maduro"]
    for i, name in enumerate(extra):
        nodes.append({"id": f"{prefix}extra{i}", "type": rng.choice(["Person", "Organization", "Place", "Leader", "Nation"]),
                      "label": name, "aliases": [], "attributes": {}})
    for g in golds:
        for e in rng.sample(g["entities"], k=min(3, len(g["entities"]))):
            if e["type"] in ("Leader", "Nation", "Organization", "Place"):
                nodes.append({"id": f"{prefix}dup_{e['id']}_{len(nodes)}", "type": e["type"],
                              "label": (e.get("aliases") or [e.get("name")])[0], "aliases": [], "attributes": {}})
    # edges from relations
    for g in golds:
        for r in g["relations"] + g.get("negatives", []):
            if rng.random() < 0.18:
                continue
            s, o = ids.get(r["s"], prefix + "gone_" + r["s"]), ids.get(r["o"], prefix + "gone_" + r["o"])
            if r["p"] == "metWith" and rng.random() < 0.5:
                s, o = o, s
            ev = [{"doc": g["doc"], "sentence": r.get("quote", ""), "start": 0, "end": 1}] if rng.random() < 0.6 else []
            edges.append({"source": s, "relation": r["p"], "target": o, "evidence": ev})
        # derived represents, as an extractor would emit them
        for e in g["entities"]:
            if e["type"] == "Leader" and e.get("nation") and rng.random() < 0.6:
                edges.append({"source": ids.get(e["id"], "x"), "relation": "represents",
                              "target": ids.get(e["nation"], "y"), "evidence": []})
    # shuffled meeting participants
    for g in golds:
        for e in g["entities"]:
            if e["type"] == "Meeting" and e["id"] in ids and rng.random() < 0.5:
                pool = [x["id"] for x in g["entities"] if x["type"] in ("Leader", "Nation")]
                for p in rng.sample(pool, k=min(2, len(pool))):
                    if p in ids:
                        edges.append({"source": ids[e["id"]], "relation": "participant", "target": ids[p],
                                      "evidence": [{"doc": g["doc"], "sentence": "Invented participant sentence.", "start": 0, "end": 5}]})
    # random spurious edges
    all_ids = [n["id"] for n in nodes]
    for _ in range(25):
        edges.append({"source": rng.choice(all_ids), "relation": rng.choice(RELS), "target": rng.choice(all_ids),
                      "evidence": [{"doc": "x", "sentence": "A  spurious\nsentence.", "start": 0, "end": 3}] if rng.random() < 0.5 else []})
    rng.shuffle(nodes)
    rng.shuffle(edges)
    return {"nodes": nodes, "edges": edges}


def to_peer(graph):
    label = {n["id"]: n["label"] for n in graph["nodes"]}
    return {"entities": [{"name": n["label"], "type": n["type"], "aliases": n["aliases"], "attributes": n["attributes"]}
                         for n in graph["nodes"]],
            "relations": [{"s": label.get(e["source"], e["source"]), "p": e["relation"], "o": label.get(e["target"], e["target"])}
                          for e in graph["edges"]]}


def dump(obj, path):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1, ensure_ascii=False)
        f.write("\n")


def expect(score, system, out):
    subprocess.run([sys.executable, score, "--gold", GOLD, "--system", system, "--json", out,
                    "--details", "--quiet"], check=True)


def alignment(score):
    """A case where aligning meetings greedily and optimally differ.

    The gold has the meetings {A, B} and {A, B, D, E}; the system has {A, B}
    (held, in the gold's month) and {A, B, C} in Oslo. Greedy pairing takes
    the perfect pair {A, B} first and leaves {A, B, D, E} unmatched; the best
    assignment pairs both crosswise (0.8 + 0.77 > 1.1), the month and status
    lifting {A, B, D, E} with {A, B} over the half-overlap bar."""
    base = os.path.join(HERE, "alignment")
    gold_dir = os.path.join(base, "gold")
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(gold_dir)
    people = [{"id": x, "type": "Leader", "name": n, "aliases": [n.split()[-1]], "nation": c}
              for x, n, c in [("a", "Anna Alder", "aland"), ("b", "Boris Birch", "borduria"),
                              ("c", "Carl Cedar", "aland"), ("d", "Dora Dogwood", "borduria"),
                              ("e", "Emil Elm", "aland")]]
    nations = [{"id": x, "type": "Nation", "name": n, "aliases": [n]}
               for x, n in [("aland", "Aland"), ("borduria", "Borduria")]]
    places = [{"id": "oslo", "type": "Place", "name": "Oslo", "aliases": ["Oslo"]}]
    gold = {
        "doc": "alignment.txt",
        "date": "2024-03-02",
        "entities": people + nations + places + [
            {"id": "g1", "type": "Meeting", "name": "Alder-Birch talks in Oslo",
             "participants": ["a", "b"], "location": "oslo", "status": "held"},
            {"id": "g2", "type": "Meeting", "name": "March round", "participants": ["a", "b", "d", "e"],
             "date": "2024-03", "status": "held"},
            {"id": "g3", "type": "Meeting", "name": "planned call", "participants": ["c", "d"],
             "status": "cancelled"},
        ],
        "relations": [{"s": "g1", "p": "participant", "o": x} for x in ("a", "b")]
        + [{"s": "g2", "p": "participant", "o": x} for x in ("a", "b", "d", "e")]
        + [{"s": "g1", "p": "location", "o": "oslo"}, {"s": "a", "p": "metWith", "o": "b"}],
        "negatives": [],
        "not_entities": [],
    }
    dump(gold, os.path.join(gold_dir, "alignment.json"))
    nodes = [{"id": "s_" + e["id"], "type": e["type"], "label": e["name"], "aliases": [],
              "attributes": {}} for e in people + nations + places]
    nodes += [
        {"id": "s1", "type": "Meeting", "label": "m", "aliases": [],
         "attributes": {"status": "held", "date": "2024-03-01"}},
        {"id": "s2", "type": "Meeting", "label": "m", "aliases": [], "attributes": {"status": "held"}},
        {"id": "s3", "type": "Meeting", "label": "m", "aliases": [],
         "attributes": {"status": "cancelled"}},
    ]
    edges = [{"source": m, "relation": "participant", "target": "s_" + x}
             for m, xs in [("s1", "ab"), ("s2", "abc"), ("s3", "cd")] for x in xs]
    edges += [{"source": "s2", "relation": "location", "target": "s_oslo"},
              {"source": "s_a", "relation": "metWith", "target": "s_b"}]
    path = os.path.join(base, "system.json")
    dump({"nodes": nodes, "edges": edges}, path)
    subprocess.run([sys.executable, score, "--gold", gold_dir, "--system", path, "--json",
                    os.path.join(base, "system.expected.json"), "--details", "--quiet"], check=True)


def main():
    score = sys.argv[1]
    alignment(score)
    names = sorted(f for f in os.listdir(GOLD) if f.endswith(".json"))
    golds = [load(n) for n in names]
    rng = random.Random(20250819)
    # corpus, export format
    path = os.path.join(HERE, "perturbed_corpus.json")
    dump(perturb(golds, rng, "n_"), path)
    expect(score, path, os.path.join(HERE, "perturbed_corpus.expected.json"))
    with open(os.path.join(HERE, "perturbed_corpus.expected.txt"), "w", encoding="utf-8") as f:
        subprocess.run([sys.executable, score, "--gold", GOLD, "--system", path], check=True, stdout=f)
    # corpus, peer format
    path = os.path.join(HERE, "peer_corpus.json")
    dump(to_peer(perturb(golds, rng, "p_")), path)
    expect(score, path, os.path.join(HERE, "peer_corpus.expected.json"))
    # corpus, the gold itself (ids kept), should be near perfect
    path = os.path.join(HERE, "gold_corpus.json")
    nodes, edges, seen = [], [], set()
    for g in golds:
        for e in g["entities"]:
            if e["id"] not in seen:
                seen.add(e["id"])
                attrs = {k: e[k] for k in ("status", "date") if e.get(k)}
                nodes.append({"id": e["id"], "type": e["type"], "label": e.get("name") or e["id"],
                              "aliases": e.get("aliases", []), "attributes": attrs})
        edges += [{"source": r["s"], "relation": r["p"], "target": r["o"]} for r in g["relations"]]
    dump({"nodes": nodes, "edges": edges}, path)
    expect(score, path, os.path.join(HERE, "gold_corpus.expected.json"))
    # per document, one export per gold file but the fourth
    folder = os.path.join(HERE, "perturbed_docs")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    for i, (n, g) in enumerate(zip(names, golds)):
        if i == 3:
            continue
        dump(perturb([g], rng, ""), os.path.join(folder, n))
    expect(score, folder, os.path.join(HERE, "perturbed_docs.expected.json"))


if __name__ == "__main__":
    main()

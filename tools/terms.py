#!/usr/bin/env python3
"""Generates ontology/terms.tsv: who held which office, when.

Inputs (read-only):
  office_terms.csv         terms of office with Wikidata ids (the shared
                           reference material, reference/office_terms.csv);
  ontology/terms-recent.tsv  terms added by hand (after January 2023, and
                           international posts the catalogue lacks);
  ontology/nations.ttl, organizations.ttl, leaders.ttl  the reference data,
                           for the nation keys, ids and names;
  the English treebank (corpora/ud-english-ewt/*.conllu), for the words
                           written in lower case, which never become a bare
                           family-name alias.

Run from the repository root:

  python3 tools/terms.py --terms PATH/office_terms.csv \
      --treebank PATH/ud-english-ewt > ontology/terms.tsv

The same inputs give the same file, byte for byte.
"""
import argparse
import csv
import glob
import os
import re
import sys
import unicodedata
from collections import defaultdict

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

# The offices kept, by the catalogue's name of the position. Heads are
# marked in ontology/offices.ttl (ng:isHead); the key is an office/ key.
EXACT = {
    "President": "president",
    "Prime Minister": "prime-minister",
    "Chairman of the Cabinet of Ministers (Prime Minister)": "prime-minister",
    "President of the Council of Ministers": "prime-minister",
    "President of the Government": "prime-minister",
    "Premier": "premier",
    "Premier of the State Council": "premier",
    "Chancellor": "chancellor",
    "Vice President": "vice-president",
    "Vice-President": "vice-president",
    "King": "king",
    "Queen": "queen",
    "Emir": "emir",
    "Sultan": "sultan",
    "Supreme Leader": "supreme-leader",
    "Secretary of Defence": "defence-minister",
    "Secretary of Defense": "defence-minister",
    "Secretary of State for Defence": "defence-minister",
    "Secretary of State for Foreign and Commonwealth Affairs": "foreign-minister",
    "Secretary of State for Foreign, Commonwealth and Development Affairs": "foreign-minister",
    "Secretary of State for Foreign Affairs": "foreign-minister",
    "Secretary of State for the Home Department": "interior-minister",
    "Chancellor of the Exchequer": "chancellor-of-the-exchequer",
    "Secretary of the Treasury": "treasury-secretary",
    "Secretary of Homeland Security": "homeland-security-secretary",
}
PREFIX = [
    ("Minister of Foreign Affairs", "foreign-minister"),
    ("Minister for Foreign Affairs", "foreign-minister"),
    ("Minister of Foreign and European Affairs", "foreign-minister"),
    ("Minister of External Affairs", "foreign-minister"),
    ("Minister of Defence", "defence-minister"),
    ("Minister for Defence", "defence-minister"),
    ("Minister of National Defence", "defence-minister"),
    ("Minister for National Defence", "defence-minister"),
    ("Minister of Defense", "defence-minister"),
    ("Minister of Finance", "finance-minister"),
    ("Minister for Finance", "finance-minister"),
    ("Minister of Economy and Finance", "finance-minister"),
    ("Minister of the Interior", "interior-minister"),
    ("Minister of Interior", "interior-minister"),
    ("Minister for the Interior", "interior-minister"),
    ("Minister of Internal Affairs", "interior-minister"),
    ("Minister for Internal Affairs", "interior-minister"),
    ("Minister of Home Affairs", "interior-minister"),
    ("Minister for Home Affairs", "interior-minister"),
]
# Posts of international bodies in the catalogue's "World" and "European
# Union" lists: position -> (serves, office).
INTERNATIONAL = {
    "Secretary-General of the United Nations": ("org/united-nations", "secretary-general"),
    "Director-General of the World Health Organization": ("org/world-health-organization", "director-general"),
    "Director-General of the World Trade Organization": ("org/world-trade-organization", "director-general"),
    "President of the European Commission": ("org/european-commission", "president"),
    "President of the European Council": ("org/european-council", "president"),
    "President of the European Parliament": ("org/european-parliament", "president"),
}
# Catalogue names that differ from the reference data's names.
CATALOG_NATION = {
    "Congo-Brazzaville": "republic-of-the-congo",
    "Congo-Kinshasa": "democratic-republic-of-the-congo",
    "Czechia": "czech-republic",
    "Timor-Leste": "east-timor",
    "Federated States of Micronesia": "micronesia",
    "Ivory Coast": "ivory-coast",
    "Cabo Verde": "cape-verde",
}
# Where names are written family name first: no last word is a family name.
FAMILY_NAME_FIRST = {"nation/china", "nation/taiwan", "nation/north-korea", "nation/south-korea",
                     "nation/vietnam", "nation/mongolia", "nation/cambodia", "nation/hungary"}
# Offices whose holders the news names by family name alone.
SURNAME_OFFICES = {"president", "prime-minister", "premier", "chancellor", "secretary-general"}
FIRST_YEAR = 1985


def ttl_entries(path):
    """(key, label, alt labels, wikidata id) of each subject of a Turtle file."""
    text = open(path, encoding="utf-8").read()
    out = []
    for block in re.split(r"\n\s*\n", text):
        m = re.match(r"\s*(nation|org|person|place):([\w-]+) a ng:", block)
        if not m:
            continue
        label = re.search(r'rdfs:label "([^"]*)"', block)
        alts = re.search(r"skos:altLabel ([^;.]*(?:;|\.))", block)
        alt_list = re.findall(r'"([^"]*)"', alts.group(1)) if alts else []
        qid = re.search(r"owl:sameAs wd:(Q\d+)", block)
        out.append((f"{m.group(1)}/{m.group(2)}", label.group(1) if label else "", alt_list,
                    qid.group(1) if qid else ""))
    return out


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def office_of(position):
    if position in EXACT:
        return EXACT[position]
    for prefix, office in PREFIX:
        if position == prefix or position.startswith(prefix + " and "):
            return office
    return None


def lower_words(folder):
    words = set()
    for path in sorted(glob.glob(os.path.join(folder, "*.conllu"))):
        for line in open(path, encoding="utf-8"):
            cols = line.split("\t")
            if len(cols) > 2 and cols[1].islower():
                words.add(cols[1])
    return words


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--terms", required=True)
    ap.add_argument("--treebank", required=True)
    a = ap.parse_args()
    onto = os.path.join(ROOT, "ontology")
    nations = ttl_entries(os.path.join(onto, "nations.ttl"))
    orgs = ttl_entries(os.path.join(onto, "organizations.ttl"))
    leaders = ttl_entries(os.path.join(onto, "leaders.ttl"))
    nation_by_name = {}
    for key, label, alts, _ in nations:
        for n in [label] + alts:
            nation_by_name.setdefault(n, key)
    known_forms = {n for _, label, alts, _ in nations + orgs for n in [label] + alts}
    qid_by_name = {label: q for _, label, _, q in leaders if q}
    lower = lower_words(a.treebank)

    terms = []  # (qid, name, enwiki, serves, office, start, end)
    extra_names = defaultdict(set)
    for r in csv.DictReader(open(a.terms, encoding="utf-8")):
        cat, pos = r["catalog"], r["position"]
        if cat in ("World", "European Union"):
            if pos not in INTERNATIONAL:
                continue
            serves, office = INTERNATIONAL[pos]
        else:
            office = office_of(pos)
            key = CATALOG_NATION.get(cat)
            serves = f"nation/{key}" if key else nation_by_name.get(cat)
            if not office or not serves:
                continue
        end = r["end"]
        if end and int(end[:4]) < FIRST_YEAR:
            continue
        # The encyclopaedia's title is the name news uses most; the
        # catalogue's goes among the other names.
        title = re.sub(r"\s*\(.*\)$", "", r["enwiki"]) or r["person"]
        terms.append([r["wikidata"], title, r["person"], serves, office, r["start"], end])
        qid_by_name.setdefault(r["person"], r["wikidata"])
        qid_by_name.setdefault(title, r["wikidata"])
    for line in open(os.path.join(onto, "terms-recent.tsv"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        cols = line.rstrip("\n").split("\t") + ["", ""]
        name, serves, office, start, end, others = cols[:6]
        terms.append([qid_by_name.get(name, ""), name, name, serves, office, start, end])
        extra_names[qid_by_name.get(name) or name].update(n for n in others.split("|") if n)

    # One term per holder, office and start; a term still open ends where
    # the next holder of the same office of the same nation begins.
    seen, unique = set(), []
    for t in terms:
        k = (t[0] or t[1], t[3], t[4], t[5])
        if k not in seen:
            seen.add(k)
            unique.append(t)
    by_office = defaultdict(list)
    for t in unique:
        by_office[(t[3], t[4])].append(t)
    for ts in by_office.values():
        ts.sort(key=lambda t: (t[5], t[1]))
        for i, t in enumerate(ts):
            if not t[6]:
                later = [u[5] for u in ts[i + 1:] if u[5] > t[5] and (u[0] or u[1]) != (t[0] or t[1])]
                if later:
                    t[6] = later[0]

    # Names: the catalogue's, the encyclopaedia title's, unaccented forms;
    # a family name alone only for heads, when no other holder, nation or
    # organisation shares it and it is no word written in lower case.
    holders = {}
    for t in unique:
        h = holders.setdefault(t[0] or t[1], {"names": set(), "offices": set(), "serves": set()})
        h["serves"].add(t[3])
        for n in (t[1], re.sub(r"\s*\(.*\)$", "", t[2])):
            if n:
                h["names"].add(n)
                h["names"].add(fold(n))
        h["offices"].add(t[4])
        h["extra"] = set(extra_names.get(t[0] or t[1], ()))
        h["names"].update(h["extra"])
    surname_count = defaultdict(int)
    for h in holders.values():
        for s in {fold(n.split()[-1]) for n in h["names"] if n.split()}:
            surname_count[s] += 1
    for h in holders.values():
        if not h["offices"] & SURNAME_OFFICES or h["serves"] & FAMILY_NAME_FIRST:
            continue
        for n in sorted(h["names"] - h["extra"]):
            parts = n.split()
            if len(parts) < 2:
                continue
            s = parts[-1]
            if (len(s) >= 4 and surname_count[fold(s)] == 1 and s.lower() not in lower
                    and s not in known_forms and s[0].isupper() and s.isalpha()):
                h["names"].add(s)

    out = sys.stdout
    out.write("# newsgraph reference data: terms of office, generated by tools/terms.py.\n")
    out.write("# Facts from Wikidata (CC0) as compiled in office_terms.csv of the shared reference\n")
    out.write("# material, and ontology/terms-recent.tsv. Columns: wikidata id, name, other names\n")
    out.write("# (|-separated), what the office serves, office, start, end (empty: still open).\n")
    for t in sorted(unique, key=lambda t: (t[3], t[4], t[5], t[1])):
        h = holders[t[0] or t[1]]
        others = sorted(n for n in h["names"] if n != t[1])
        out.write("\t".join([t[0], t[1], "|".join(others), t[3], t[4], t[5], t[6]]) + "\n")


if __name__ == "__main__":
    main()

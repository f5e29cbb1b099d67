#!/usr/bin/env python3
"""Queries a running `newsgraph serve` endpoint with SPARQLWrapper, the way
a Python analyst would, and checks every answer. Usage:

    python3 tests/sparql_client.py http://127.0.0.1:7878

Exit status 0 when every check passes; 77 when SPARQLWrapper is missing.
"""
import sys

try:
    from SPARQLWrapper import CSV, JSON, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, XML, JSONLD, SPARQLWrapper
except ImportError:
    print("SPARQLWrapper is not installed (pip install SPARQLWrapper)")
    sys.exit(77)

BASE = sys.argv[1].rstrip("/")
NG = "https://w3id.org/newsgraph/ontology#"
TRUMP = "https://w3id.org/newsgraph/id/person/donald-trump"
PUTIN = "https://w3id.org/newsgraph/id/person/vladimir-putin"
MET = f"SELECT DISTINCT ?a ?b WHERE {{ ?a <{NG}metWith> ?b }} ORDER BY ?a ?b"
checks = 0


def check(cond, what):
    global checks
    if not cond:
        print(f"FAILED: {what}")
        sys.exit(1)
    checks += 1


def endpoint():
    return SPARQLWrapper(f"{BASE}/query", updateEndpoint=f"{BASE}/update")


# SELECT as JSON, by GET, by form POST and by direct POST.
for method, request in [(None, None), (POST, None), (POST, POSTDIRECTLY)]:
    s = endpoint()
    s.setQuery(MET)
    s.setReturnFormat(JSON)
    if method:
        s.setMethod(method)
    if request:
        s.setRequestMethod(request)
    rows = s.query().convert()["results"]["bindings"]
    pairs = {(r["a"]["value"], r["b"]["value"]) for r in rows}
    check((TRUMP, PUTIN) in pairs or (PUTIN, TRUMP) in pairs, f"Trump met Putin ({method}, {request}): {pairs}")

# The predeclared prefixes work for clients too.
s = endpoint()
s.setQuery(f"ASK {{ <{TRUMP}> ng:metWith <{PUTIN}> }}")
s.setReturnFormat(JSON)
check(s.query().convert()["boolean"] is True, "ASK with predeclared prefixes")

# XML, CSV and TSV results.
s = endpoint()
s.setQuery(MET)
s.setReturnFormat(XML)
doc = s.query().convert()
check(len(doc.getElementsByTagName("result")) >= 2, "XML results have result elements")
for fmt, sep, ctype in [(CSV, ",", "text/csv"), (TSV, "\t", "text/tab-separated-values")]:
    s = endpoint()
    s.setQuery(MET)
    s.setReturnFormat(fmt)
    result = s.query()
    check(result.info()["content-type"].startswith(ctype), f"{ctype} content type: {result.info()['content-type']}")
    text = result.response.read().decode("utf-8")
    check(text.splitlines()[0].replace("?", "") == f"a{sep}b", f"{ctype} header: {text.splitlines()[0]!r}")
    check(TRUMP in text, f"{ctype} rows")

# CONSTRUCT in each RDF format (read raw: rdflib is not required).
construct = f"CONSTRUCT {{ ?a <{NG}metWith> ?b }} WHERE {{ ?a <{NG}metWith> ?b }}"
for fmt, ctype, marker in [
    (TURTLE, "text/turtle", "ng:metWith"),
    (N3, ("application/n-triples", "text/turtle"), "metWith"),
    (RDFXML, "application/rdf+xml", "rdf:RDF"),
    (JSONLD, "application/ld+json", "@id"),
]:
    s = endpoint()
    s.setQuery(construct)
    s.setReturnFormat(fmt)
    result = s.query()
    got = result.info()["content-type"]
    check(got.startswith(ctype if isinstance(ctype, tuple) else (ctype,)), f"CONSTRUCT as {fmt}: content type {got}")
    body = result.response.read().decode("utf-8")
    check(marker in body and "donald-trump" in body, f"CONSTRUCT as {fmt}: body {body[:200]!r}")

# A malformed query is a 400 with the parser's message.
s = endpoint()
s.setQuery("SELECT ?a WHERE { ?a ng:metWith }")
s.setReturnFormat(JSON)
try:
    s.query()
    check(False, "a malformed query must fail")
except Exception as e:  # SPARQLWrapper raises QueryBadFormed for 400
    check("QueryBadFormed" in type(e).__name__ or "400" in str(e), f"400 for bad query: {type(e).__name__}: {e}")

# Updates are refused by a read-only endpoint.
s = endpoint()
s.setQuery("INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }")
s.setMethod(POST)
try:
    s.query()
    check(False, "update must be refused")
except Exception as e:
    check("403" in str(e), f"403 for update: {type(e).__name__}: {e}")

print(f"ok: {checks} checks")

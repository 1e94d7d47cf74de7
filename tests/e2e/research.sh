#!/usr/bin/env bash
# The research tools over sample-corpus/ (issue 16): --show, --format csv,
# --limit 0, site:/source: names, and every JSON document docket-search
# prints validated against doc/output.schema.json (python3-jsonschema;
# that part skips without it).
. "$(dirname "$0")/lib.sh"
IDX=$TMP/index
S() { "$BIN/docket-search" --index "$IDX" --color never "$@"; }
if ! "$BIN/docket-index" -q --index "$IDX" "$TOP/sample-corpus/text" \
	"$TOP/sample-corpus/jsonl" >"$TMP/index.out" 2>&1; then
	not_ok "index sample-corpus" "$(cat "$TMP/index.out")"; done_testing; exit 0
fi

# --limit 0: the count alone.
S --limit 0 brightpath >"$TMP/l0.out"
if grep -qE '^[0-9]+ results?$' "$TMP/l0.out" && [ "$(wc -l <"$TMP/l0.out")" -eq 1 ]; then
	ok "--limit 0 prints the count alone"
else not_ok "--limit 0 prints the count alone" "$(cat "$TMP/l0.out")"; fi

# Small counts are exact, folded or not, whatever the page size: the count
# of -n 1 is the number of results -n 100 lists.
for q in 'brightpath lawsuit' privacy 'ai training' court; do
	S --json -n 1 "$q" >"$TMP/one.json"; S --json -n 100 "$q" >"$TMP/all.json"
	if python3 - "$TMP/one.json" "$TMP/all.json" <<'PY'
import json, sys
one, full = (json.load(open(f)) for f in sys.argv[1:])
assert one["total_exact"] and full["total_exact"], (one["total"], one["total_exact"])
assert one["total"] == full["total"] == len(full["results"]), (one["total"], len(full["results"]))
PY
	then ok "exact count for '$q'"
	else not_ok "exact count for '$q'" "$(head -c 300 "$TMP/one.json")"; fi
done

# site: and source: by name.
S --json --limit 100 site:lawbeat.example >"$TMP/site.json"
S --json --limit 100 site:lawbeat >"$TMP/name.json"
S --json --limit 100 source:lawbeat >"$TMP/src.json"
a=$(json_ids "$TMP/site.json" | sort); b=$(json_ids "$TMP/name.json" | sort)
c=$(json_ids "$TMP/src.json" | sort)
if [ -n "$a" ] && [ "$a" = "$b" ]; then ok "site:lawbeat is site:lawbeat.example"
else not_ok "site:lawbeat is site:lawbeat.example" "host: $a" "name: $b"; fi
if [ -n "$c" ] && [ -z "$(comm -23 <(echo "$a") <(echo "$c"))" ]; then
	ok "source:lawbeat finds the site's articles"
else not_ok "source:lawbeat finds the site's articles" "site: $a" "source: $c"; fi

# CSV: a header, one row per result, the ids of the JSON page.
S --json -n 5 'brightpath lawsuit' >"$TMP/p.json"
S --format csv -n 5 'brightpath lawsuit' >"$TMP/p.csv"
python3 - "$TMP/p.csv" "$TMP/p.json" <<'PY' && ok "--format csv: RFC 4180 rows of the page" || not_ok "--format csv"
import csv, json, sys
raw = open(sys.argv[1], newline="").read()
assert raw.endswith("\r\n"), "CRLF line ends"
rows = list(csv.reader(raw.splitlines(True)))
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0] == ["id", "date", "source", "title", "url", "score", "passage"], rows[0]
page = json.load(open(sys.argv[2]))
assert [r[0] for r in rows[1:]] == [r["id"] for r in page["results"]], rows
for r, j in zip(rows[1:], page["results"]):
    assert r[3] == (j["title"] or ""), (r[3], j["title"])
    assert r[6] == j["passages"][0]["text"], r[6]
    assert abs(float(r[5]) - j["score"]) < 1e-3
PY

# --show: the article with the query's matches marked.
id=$(json_ids "$TMP/p.json" | sed -n 1p)
expect_rc "--show ID exits 0" 0 S --show "$id" brightpath
contains "--show marks the query's matches" "$TMP/rc.out" "**Brightpath**"
contains "--show names the best passage" "$TMP/rc.out" "best passage: [para "
expect_rc "--show of an unknown id exits 1" 1 S --show no-such-article
S --json --show "$id" brightpath >"$TMP/show.json"
python3 - "$TMP/show.json" <<'PY' && ok "--show --json: highlights point at the query's words" || not_ok "--show --json highlights"
import json, sys
d = json.load(open(sys.argv[1]))
t = d["text"].encode()
assert d["highlights"], d
for s, e in d["highlights"]:
    assert t[s:e].decode().lower().startswith("brightpath"), t[s:e]
PY

# The Atom feed: well-formed XML, RFC 4287's required elements, entry ids
# that stay the same from one poll to the next, newest first.
if [ -x "$BIN/docket.cgi" ]; then
	for i in 1 2; do
		env -i DOCKET_INDEX="$IDX" REQUEST_METHOD=GET GATEWAY_INTERFACE=CGI/1.1 \
			QUERY_STRING='q=brightpath+%22court%22&format=atom&n=20' \
			"$BIN/docket.cgi" >"$TMP/feed$i.txt"
	done
	python3 - "$TMP/feed1.txt" "$TMP/feed2.txt" <<'PY' && ok "format=atom: a valid Atom feed with stable entry ids" || not_ok "format=atom"
import sys, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
def feed(path):
    raw = open(path, "rb").read()
    head, _, body = raw.partition(b"\r\n\r\n")
    assert b"Content-Type: application/atom+xml; charset=utf-8" in head, head
    return ET.fromstring(body)
f1, f2 = feed(sys.argv[1]), feed(sys.argv[2])
assert f1.tag == A + "feed"
for k in ("id", "title", "updated"):
    assert f1.find(A + k) is not None and f1.find(A + k).text, k
assert f1.find(A + "author/" + A + "name").text
entries = f1.findall(A + "entry")
assert entries, "no entries"
ids = [e.find(A + "id").text for e in entries]
assert len(set(ids)) == len(ids), ids
assert ids == [e.find(A + "id").text for e in f2.findall(A + "entry")]
dates = [e.find(A + "updated").text for e in entries]
assert dates == sorted(dates, reverse=True), dates
for e in entries:
    assert e.find(A + "title").text and e.find(A + "id").text.startswith("urn:docket:article:")
    for l in e.findall(A + "link"):
        assert l.get("href"), l.attrib
PY
else
	skip "format=atom" "docket.cgi not built"
fi

# Every JSON document against the schema.
S --json -n 3 'case:25-01234' >"$TMP/case.json"
S --json -n 3 --like "$id" >"$TMP/like.json"
S --json -n 0 privacy >"$TMP/zero.json"
if python3 -c 'import jsonschema' 2>/dev/null; then
	for f in p.json show.json case.json like.json zero.json site.json; do
		if python3 - "$TOP/doc/output.schema.json" "$TMP/$f" >"$TMP/schema.out" 2>&1 <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.validate(json.load(open(sys.argv[2])), schema,
                    cls=jsonschema.Draft202012Validator)
PY
		then ok "$f matches doc/output.schema.json"
		else not_ok "$f matches doc/output.schema.json" "$(tail -5 "$TMP/schema.out")"; fi
	done
	# The schema is not vacuous: a result without entities fails it.
	python3 - "$TOP/doc/output.schema.json" "$TMP/p.json" <<'PY' && ok "the schema rejects a result without entities" || not_ok "the schema rejects a result without entities"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
d = json.load(open(sys.argv[2]))
del d["results"][0]["entities"]
try:
    jsonschema.validate(d, schema, cls=jsonschema.Draft202012Validator)
except jsonschema.ValidationError:
    sys.exit(0)
sys.exit(1)
PY
else
	skip "JSON output against doc/output.schema.json" "python3-jsonschema not installed (make deps)"
fi
# An id longer than a Xapian term is indexed under a cut, hashed term;
# --show looks it up the same way (common/article.h dk_article_uid_term).
long="long/$(printf 'y%.0s' $(seq 300))"
printf '{"id": "%s", "title": "A long id", "text": "Zebrafish and long identifiers."}\n' "$long" >"$TMP/long.jsonl"
"$BIN/docket-index" -q --index "$TMP/long" "$TMP/long.jsonl" 2>/dev/null
"$BIN/docket-search" -i "$TMP/long" --show "$long" >"$TMP/long.out" 2>&1
contains "--show finds an article whose id is 305 bytes long" "$TMP/long.out" "A long id"
# The case page: a query that is one case number is answered oldest first,
# headed by the case's parties and courts; the other order is one link.
cgi() { REQUEST_METHOD=GET QUERY_STRING="$1" DOCKET_INDEX="$IDX" GATEWAY_INTERFACE=CGI/1.1 "$BIN/docket.cgi"; }
cgi 'q=case%3A25-01234' >"$TMP/case.html"
contains "case page: headed by the case number" "$TMP/case.html" "<h3>Case 25-01234</h3>"
contains "case page: the parties named in its articles" "$TMP/case.html" "Parties named in its articles: Harlow ("
contains "case page: its court" "$TMP/case.html" "Courts: U.S. District Court for the Northern District of California ("
contains "case page: oldest first, newest one link away" "$TMP/case.html" 'oldest first. <a href="?q=case%3A25-01234&amp;sort=date">Newest first</a>'
grep -o '<time datetime="[0-9-]*"' "$TMP/case.html" | cut -d'"' -f2 >"$TMP/case.dates"
if [ "$(wc -l <"$TMP/case.dates")" -ge 3 ] && sort -c "$TMP/case.dates"; then ok "case page: articles in date order ($(tr '\n' ' ' <"$TMP/case.dates"))"
else not_ok "case page: articles in date order" "$(cat "$TMP/case.dates")"; fi
cgi 'q=case%3A25-01234&sort=date' | grep -o '<time datetime="[0-9-]*"' | cut -d'"' -f2 >"$TMP/case2.dates"
if sort -rc "$TMP/case2.dates" && [ -s "$TMP/case2.dates" ]; then ok "case page, sort=date: newest first"
else not_ok "case page, sort=date: newest first" "$(cat "$TMP/case2.dates")"; fi
cgi 'q=brightpath' >"$TMP/plain.html"
lacks "other pages have no case head" "$TMP/plain.html" '<section class="case"'
S --sort oldest --json -n 20 --no-fold brightpath | python3 -c 'import json,sys; d=[r["date"] for r in json.load(sys.stdin)["results"] if r.get("date")]; assert len(d) > 3 and d == sorted(d), d' >"$TMP/oldest.err" 2>&1
if [ $? = 0 ]; then ok "--sort oldest: oldest first"; else not_ok "--sort oldest: oldest first" "$(cat "$TMP/oldest.err")"; fi
# Undated articles come last in both orders.
printf '%s\n' '{"id": "u1", "title": "Undated heron", "text": "Heron sightings along the river were counted by volunteers."}' \
	'{"id": "d2", "title": "Later heron", "date": "2025-03-01", "text": "A heron nested near the old mill this spring."}' \
	'{"id": "d1", "title": "Earlier heron", "date": "2024-03-01", "text": "The heron colony grew after the wetland was restored."}' >"$TMP/undated.jsonl"
"$BIN/docket-index" -q --index "$TMP/undated" "$TMP/undated.jsonl" 2>/dev/null
for o in oldest date; do
	"$BIN/docket-search" -i "$TMP/undated" --sort $o --no-fold --format csv heron 2>&1 | sed 1d | cut -d, -f1 | tr '\n' ' ' >"$TMP/undated.$o"
done
contains "--sort oldest: undated articles last" "$TMP/undated.oldest" "d1 d2 u1"
contains "--sort date: undated articles last" "$TMP/undated.date" "d2 d1 u1"
# A query of filters only weighs nothing: results of one date go by
# article id (byte order: 10 before 101 before 9), whatever the order the
# articles were indexed in; undated last.
printf '%s\n' '{"id": "101", "title": "Egret one", "lang": "en", "date": "2025-04-02", "text": "An egret waded in the shallows."}' \
	'{"id": "9", "title": "Egret two", "lang": "en", "date": "2025-04-02", "text": "Two egrets fed at dusk."}' \
	'{"id": "u7", "title": "Egret three", "lang": "en", "text": "Egrets roost in the reeds."}' \
	'{"id": "10", "title": "Egret four", "lang": "en", "date": "2025-04-02", "text": "An egret chick was ringed."}' \
	'{"id": "5", "title": "Egret five", "lang": "en", "date": "2025-04-01", "text": "The first egret of spring arrived."}' >"$TMP/sameday.jsonl"
"$BIN/docket-index" -q --index "$TMP/sameday" "$TMP/sameday.jsonl" 2>/dev/null
for o in oldest date; do
	"$BIN/docket-search" -i "$TMP/sameday" --sort $o --no-fold --format csv lang:en 2>&1 | sed 1d | cut -d, -f1 | tr '\n' ' ' >"$TMP/sameday.$o"
done
contains "--sort oldest, filters only: one date by article id" "$TMP/sameday.oldest" "5 10 101 9 u7"
contains "--sort date, filters only: one date by article id" "$TMP/sameday.date" "10 101 9 5 u7"
done_testing

#!/usr/bin/env bash
# slow: rebuild, update and rollback of a generation index (25 s alone on the shared 2-core machine)
# --update, --rollback, the check before publishing, and how managed and
# plain index directories keep apart.
. "$(dirname "$0")/lib.sh"
IX=$TMP/idx
mk() { python3 "$TOP/tests/e2e/make_corpus.py" "$@"; }
total() {  # total QUERY: the number of matches in the live index
	"$BIN/docket-search" --index "$IX" --json --limit 1 "$1" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'
}
mk "$TMP/in" a 400 --files 4
"$BIN/docket-index" -q --rebuild --index "$IX" "$TMP/in" 2>/dev/null
[ "$(total gena)" = 400 ] && ok "rebuild: 400 articles" || not_ok "rebuild: 400 articles" "$(total gena)"
# one new dump
mk "$TMP/new" b 40 --files 1 --seed 2
cp "$TMP/new/b-00.jsonl" "$TMP/in/"
expect_rc "update with a new dump" 0 "$BIN/docket-index" --update --index "$IX" "$TMP/in"
contains "it reads only the new dump" "$TMP/rc.err" "1 new, 0 changed, 0 removed, 4 unchanged"
[ "$(total genb)" = 40 ] && [ "$(total gena)" = 400 ] && ok "the new articles are searchable, the old kept" \
	|| not_ok "the new articles are searchable, the old kept" "$(total genb) $(total gena)"
# touched but identical: nothing to do
touch "$TMP/in/a-00.jsonl"
expect_rc "update after a touch" 0 "$BIN/docket-index" --update --index "$IX" "$TMP/in"
contains "an identical dump is not re-read" "$TMP/rc.err" "nothing changed"
# a changed dump and a vanished one
head -20 "$TMP/in/a-01.jsonl" >"$TMP/x" && mv "$TMP/x" "$TMP/in/a-01.jsonl"
rm "$TMP/in/a-02.jsonl"
expect_rc "update with a changed and a removed dump" 0 "$BIN/docket-index" --update --index "$IX" "$TMP/in"
contains "it sees the change and the removal" "$TMP/rc.err" "0 new, 1 changed, 1 removed"
[ "$(total gena)" = 220 ] && ok "their old articles are gone (400 - 100 - 80)" || not_ok "their old articles are gone" "$(total gena)"
gen=$(sed -n 's/^# docket generation //p' "$IX/XAPIANDB")
# an article id moved to another dump replaces the old copy
python3 - "$TMP/in/a-03.jsonl" "$TMP/in/c-00.jsonl" <<'PY'
import json, sys
first = json.loads(open(sys.argv[1]).readline())
first["text"] += " relocated"
open(sys.argv[2], "w").write(json.dumps(first) + "\n")
PY
expect_rc "update with an id seen before" 0 "$BIN/docket-index" --update --index "$IX" "$TMP/in"
[ "$(total gena)" = 220 ] && [ "$(total relocated)" = 1 ] && ok "the id's new copy replaced the old one" \
	|| not_ok "the id's new copy replaced the old one" "$(total gena) $(total relocated)"
# rollback
expect_rc "rollback" 0 "$BIN/docket-index" --rollback --index "$IX"
[ "$(sed -n 's/^# docket generation //p' "$IX/XAPIANDB")" = "$gen" ] && [ "$(total relocated)" = 0 ] \
	&& ok "the previous generation is live again" || not_ok "the previous generation is live again"
expect_rc "a second rollback has nowhere to go" 2 "$BIN/docket-index" --rollback --index "$IX"
contains "and says so" "$TMP/rc.err" "no previous generation"
# the check: a build with under half the articles is refused unless forced
mk "$TMP/small" s 50 --files 1
live=$(cat "$IX/XAPIANDB")
expect_rc "a rebuild with under half the articles is refused" 1 "$BIN/docket-index" --rebuild --index "$IX" "$TMP/small"
contains "the refusal names the counts" "$TMP/rc.err" "under half of the live one"
[ "$(cat "$IX/XAPIANDB")" = "$live" ] && ok "nothing was published" || not_ok "nothing was published"
expect_rc "--force publishes it" 0 "$BIN/docket-index" -q --force --rebuild --index "$IX" "$TMP/small"
[ "$(total gens)" = 50 ] && ok "the forced generation is live" || not_ok "the forced generation is live"
# --quiet logs only the summary; log lines carry a timestamp
"$BIN/docket-index" --quiet --rebuild --index "$IX" "$TMP/in" 2>"$TMP/q.err"
[ "$(wc -l <"$TMP/q.err")" -eq 1 ] && ok "--quiet logs one summary line" || not_ok "--quiet logs one summary line" "$(cat "$TMP/q.err")"
grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} docket-index: rebuild: generation' "$TMP/q.err" \
	&& ok "log lines start with a timestamp" || not_ok "log lines start with a timestamp" "$(cat "$TMP/q.err")"
# --jobs 1 and --jobs 3 give the same index
"$BIN/docket-index" -q -j 1 --rebuild --index "$TMP/j1" "$TMP/in" 2>/dev/null
"$BIN/docket-index" -q -j 3 --rebuild --index "$TMP/j3" "$TMP/in" 2>/dev/null
for q in gena genb quokka relocated; do
	a=$("$BIN/docket-search" --index "$TMP/j1" --format trec --run-id x --limit 1000 "$q" | awk '{print $3}' | sort)
	b=$("$BIN/docket-search" --index "$TMP/j3" --format trec --run-id x --limit 1000 "$q" | awk '{print $3}' | sort)
	[ -n "$a" ] && [ "$a" = "$b" ] || break
done
[ -n "$a" ] && [ "$a" = "$b" ] && ok "--jobs 1 and --jobs 3 index the same articles" || not_ok "--jobs 1 and --jobs 3 index the same articles" "$q"
# managed and plain directories keep apart
expect_rc "plain indexing into a managed directory is refused" 2 "$BIN/docket-index" --index "$IX" "$TMP/in"
contains "with a pointer to --update" "$TMP/rc.err" "use --update"
"$BIN/docket-index" -q --index "$TMP/plain" "$TMP/in" 2>/dev/null
expect_rc "--rebuild into a plain index is refused" 2 "$BIN/docket-index" --rebuild --index "$TMP/plain" "$TMP/in"
expect_rc "the plain index still answers" 0 "$BIN/docket-search" --index "$TMP/plain" gena
mkdir -p "$TMP/other" && echo keep >"$TMP/other/notes.txt"
expect_rc "--rebuild into a directory of other files is refused" 2 "$BIN/docket-index" --rebuild --index "$TMP/other" "$TMP/in"
[ -f "$TMP/other/notes.txt" ] && ok "and its files are left alone" || not_ok "and its files are left alone"
# syndicated copies fold together whichever threads indexed them
mk "$TMP/fold" m 1500 --files 1 --words 150
python3 - "$TMP/fold" <<'PY'
import json, sys
text = ("The wombat council approved the marsupial crossing near the "
        "eucalyptus grove after a long hearing on traffic safety. ") * 20
for name, ids in (("a-first.jsonl", ["w1", "w2"]), ("z-last.jsonl", ["w3", "w4"])):
    with open(sys.argv[1] + "/" + name, "w") as f:
        for i in ids:
            f.write(json.dumps({"id": i, "title": "Wombat crossing approved",
                                "source": "Wire " + i, "text": text}) + "\n")
PY
"$BIN/docket-index" -q -j 3 --rebuild --index "$TMP/fold-ix" "$TMP/fold" 2>/dev/null
"$BIN/docket-search" --index "$TMP/fold-ix" --json wombat >"$TMP/fold.json"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["results"]) == 1, [r["id"] for r in d["results"]]
assert len(d["results"][0]["also"]) == 3
' "$TMP/fold.json" && ok "copies of a story fold into one result after a --jobs 3 rebuild" \
	|| not_ok "copies of a story fold into one result after a --jobs 3 rebuild" "$(head -c 600 "$TMP/fold.json")"
# an update stems as the live generation does
"$BIN/docket-index" -q --lang de --rebuild --index "$TMP/de" "$TMP/small" 2>/dev/null
expect_rc "--update with another --lang is refused" 2 "$BIN/docket-index" --lang fr --update --index "$TMP/de" "$TMP/small"
contains "naming the live generation's language" "$TMP/rc.err" "built with --lang german"
# a copy that arrives in a later update (or a later plain run) folds into
# the story an earlier run began
python3 - "$TMP/fold" <<'PY'
import json, os, sys
d = sys.argv[1]
os.makedirs(d + "/in", exist_ok=True)
text = " ".join("w%d" % (i * 7919 % 1000) for i in range(400))
first = {"id": "first", "title": "Harbor tariff ruling", "source": "Meridian Wire",
         "date": "2025-03-10", "url": "https://mw.example/1", "text": text}
other = {"id": "other", "title": "Unrelated", "source": "Meridian Wire",
         "date": "2025-03-10", "url": "https://mw.example/2",
         "text": " ".join("z%d" % i for i in range(400))}
copy = dict(first, id="copy", source="Harbor Times", date="2025-03-11",
            url="https://ht.example/1")
with open(d + "/in/day1.jsonl", "w") as f:
    f.write(json.dumps(first) + "\n" + json.dumps(other) + "\n")
with open(d + "/day2.jsonl", "w") as f:
    f.write(json.dumps(copy) + "\n")
PY
also() {  # also INDEX: the match count and the sources of the first result
	# and of the copies folded into it (which copy shows: the lower id,
	# as the two score alike; doc/query-language.md)
	"$BIN/docket-search" --index "$1" --json 'harbor tariff' |
		python3 -c 'import json,sys; r=json.load(sys.stdin); x=r["results"][0]; print(r["total"], x["source"] + ":" + ",".join(a["source"] for a in x["also"]))'
}
"$BIN/docket-index" -q --rebuild --index "$TMP/fold/ix" "$TMP/fold/in" 2>/dev/null
cp "$TMP/fold/day2.jsonl" "$TMP/fold/in/"
expect_rc "update with a copy of a live article" 0 "$BIN/docket-index" --update --index "$TMP/fold/ix" "$TMP/fold/in"
contains "the update seeds its story index from the live one" "$TMP/rc.err" "story index: 2 live articles"
[ "$(also "$TMP/fold/ix")" = "1 Harbor Times:Meridian Wire" ] && ok "the update's copy folds into the live story" \
	|| not_ok "the update's copy folds into the live story" "$(also "$TMP/fold/ix")"
"$BIN/docket-index" -q --index "$TMP/fold/plain" "$TMP/fold/in/day1.jsonl" 2>/dev/null
"$BIN/docket-index" -q --index "$TMP/fold/plain" "$TMP/fold/day2.jsonl" 2>/dev/null
[ "$(also "$TMP/fold/plain")" = "1 Harbor Times:Meridian Wire" ] && ok "so does a copy added by a later plain run" \
	|| not_ok "so does a copy added by a later plain run" "$(also "$TMP/fold/plain")"
done_testing

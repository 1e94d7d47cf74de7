#!/usr/bin/env bash
# The five real seed articles ($DOCKET_DATA/seeds), when present: the
# phrase "Stored Communications Act" lists exactly the articles that hold it,
# each with the phrase highlighted, and "class action" also finds
# class-action.  A TREC run on CRAN is readable by an evaluator.
. "$(dirname "$0")/lib.sh"
SEEDS=$DATA/seeds
if [ ! -d "$SEEDS" ]; then
	skip "seed articles" "no $SEEDS (no development data: set DOCKET_DATA)"
	done_testing
	exit 0
fi
IDX=$TMP/seeds
"$BIN/docket-index" --index "$IDX" "$SEEDS" >/dev/null 2>"$TMP/err"
check "index the seeds" test -d "$IDX"

want=$(grep -liF 'stored communications act' "$SEEDS"/* | xargs -n1 basename | sort)
"$BIN/docket-search" --index "$IDX" --json --no-fold '"Stored Communications Act"' >"$TMP/sca.json"
got=$(json_ids "$TMP/sca.json" | sort)
[ "$want" = "$got" ] && ok "phrase lists exactly the seeds holding it" || not_ok "phrase lists exactly the seeds holding it" "want: $want" "got: $got"
python3 - "$TMP/sca.json" <<'PY' && ok "each passage highlights the phrase" || not_ok "each passage highlights the phrase"
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    p = r["passages"][0]
    t = p["text"].encode()
    marked = b" ".join(t[a:b] for a, b in p["highlights"]).decode().lower()
    assert "stored communications act" in marked, marked
PY

want=$(grep -liE 'class.action' "$SEEDS"/* | xargs -n1 basename | sort)
got=$("$BIN/docket-search" --index "$IDX" --json --no-fold '"class action"' | python3 -c 'import json,sys; [print(r["id"]) for r in json.load(sys.stdin)["results"]]' | sort)
[ "$want" = "$got" ] && ok "\"class action\" also finds class-action" || not_ok "\"class action\" also finds class-action" "want: $want" "got: $got"
"$BIN/docket-search" --index "$IDX" --json 'class-action' >"$TMP/ca.json"
n=$(json_ids "$TMP/ca.json" | wc -l)
[ "$n" -ge 4 ] && ok "class-action as a query is the phrase" || not_ok "class-action as a query is the phrase" "$n results"

# Possessives, curly apostrophes, accents and case.
for q in "LinkedIn’s" "linkedin's" 'LINKEDIN' 'U.S.' 'InMail'; do
	expect_rc "seed query $q" 0 "$BIN/docket-search" --index "$IDX" "$q"
done

CRAN=$DATA/collections/cran
if [ -d "$CRAN" ]; then
	"$BIN/docket-index" --index "$TMP/cran" "$CRAN/docs.jsonl" >/dev/null 2>&1
	"$BIN/docket-search" --index "$TMP/cran" --queries "$CRAN/queries.tsv" --plain \
		--format trec --run-id e2e --limit 100 >"$TMP/run" 2>"$TMP/run.err"
	python3 - "$TMP/run" "$CRAN/queries.tsv" <<'PY' && ok "TREC run on CRAN is well formed" || not_ok "TREC run on CRAN is well formed" "$(head -3 "$TMP/run.err")"
import sys
qids = {l.split("\t")[0] for l in open(sys.argv[2]) if "\t" in l}
seen = set()
for line in open(sys.argv[1]):
    f = line.split()
    assert len(f) == 6 and f[1] == "Q0" and f[5] == "e2e", line
    int(f[3]); float(f[4])
    seen.add(f[0])
assert len(seen) >= 0.95 * len(qids), (len(seen), len(qids))
PY
else
	skip "TREC run on CRAN" "no $CRAN"
fi
done_testing

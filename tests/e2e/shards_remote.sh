#!/bin/bash
# shards_remote.sh - one index, K local shards and K remote shards answer alike; faults are named.
#
# Builds the same articles (sample-corpus/; shards_remote_news.sh adds
# 400 tech-news articles from $DOCKET_DATA) as one index and as `--shards 3`,
# serves the three shards with real xapian-tcpsrv processes on
# 127.0.0.1 (ephemeral ports, each server in its own process group:
# xapian-tcpsrv signals its whole group when it stops), and compares
# the JSON answers of a varied query set: ids, order, scores (to 1e-9:
# the shards add the same numbers in another order), passages, folded
# copies, suggestions; totals and their exactness too between one
# index and local shards (doc/scaling.md says why remote estimates may
# differ).  Then the faults: a dead shard is named (exit 2), --partial
# and DOCKET_PARTIAL=1 answer from the others with "2 of 3 shards
# answered" in text, JSON and HTML, and a server killed in the middle
# of a stream of queries never yields a wrong page or a hang.
. "$(dirname "$0")/lib.sh"

if ! command -v xapian-tcpsrv >/dev/null; then
	skip "remote shards" "xapian-tcpsrv is not installed (make deps: xapian-tools)"
	done_testing
	exit 0
fi

PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do
		[ -n "$p" ] && kill -TERM -- "-$p" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup EXIT

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# serve I DB: start xapian-tcpsrv for DB in a process group of its own,
# on a free port (tried again when another process took it meanwhile);
# PORT[I] and PIDS[I] are set once it listens.
PORT=()
serve() {
	local i=$1 db=$2 tries p
	shift 2
	for tries in 1 2 3 4 5; do
		p=${PORT[$i]:-$(free_port)}
		setsid xapian-tcpsrv "$@" --interface 127.0.0.1 --port "$p" "$db" \
			>"$TMP/srv$i.log" 2>&1 </dev/null &
		PIDS[$i]=$!
		# Ready when it accepts a connection (its "Listening..." line
		# sits in a stdio buffer while stdout is a file).
		for _ in $(seq 50); do
			if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
				PORT[$i]=$p
				return 0
			fi
			kill -0 "${PIDS[$i]}" 2>/dev/null || break
			sleep 0.1
		done
		kill -TERM -- "-${PIDS[$i]}" 2>/dev/null
		PORT[$i]=
	done
	return 1
}

stop() {  # stop I: the server and its whole group
	kill -TERM -- "-${PIDS[$1]}" 2>/dev/null
	wait "${PIDS[$1]}" 2>/dev/null
	PIDS[$1]=
}

mkdir -p "$TMP/in"
cp -r "$TOP/sample-corpus/text" "$TOP/sample-corpus/jsonl" "$TOP/sample-corpus/html" "$TMP/in/"
# SHARDS_TECH=N (shards_remote_news.sh): N tech-news articles besides.
TECH=0
if [ "${SHARDS_TECH:-0}" -gt 0 ]; then
	if [ -f "$DATA/corpora/tech-news.jsonl.gz" ]; then
		gzip -dc "$DATA/corpora/tech-news.jsonl.gz" | head -"$SHARDS_TECH" >"$TMP/in/tech.jsonl"
		TECH=1
	else
		echo "# no \$DOCKET_DATA/corpora/tech-news.jsonl.gz: sample-corpus only"
	fi
fi

check "one index" "$BIN/docket-index" -q --jobs 1 --rebuild --index "$TMP/one" "$TMP/in"
check "three shards" "$BIN/docket-index" -q --jobs 1 --rebuild --shards 3 --index "$TMP/three" "$TMP/in"
expect_rc "--shards goes with --rebuild" 2 "$BIN/docket-index" --shards 2 --index "$TMP/x" "$TMP/in"
n=$(grep -c '^auto shards/' "$TMP/three/XAPIANDB")
if [ "$n" = 3 ] && ! grep -q '^glass' "$TMP/three/XAPIANDB"; then ok "the stub names 3 shards with auto lines"
else not_ok "the stub names 3 shards with auto lines" "$(cat "$TMP/three/XAPIANDB")"; fi
sizes=$(for s in "$TMP"/three/shards/*; do xapian-delve "$s" 2>/dev/null | sed -n 's/^number of documents = //p'; done | sort -n | tr '\n' ' ')
set -- $sizes
if [ $# = 3 ] && [ $(($3 - $1)) -le 1 ]; then ok "the shards are balanced ($sizes)"
else not_ok "the shards are balanced" "documents per shard: $sizes"; fi

all_up=1
: >"$TMP/remote.stub"
for i in 0 1 2; do
	if serve $i "$TMP/three/shards/$(ls "$TMP/three/shards" | sed -n "$((i + 1))p")"; then
		echo "remote 127.0.0.1:${PORT[$i]}" >>"$TMP/remote.stub"
	else
		all_up=0
	fi
done
if [ $all_up = 1 ]; then ok "three xapian-tcpsrv servers listen"
else not_ok "three xapian-tcpsrv servers listen" "$(cat "$TMP"/srv*.log)"; fi

LIKE=$("$BIN/docket-search" --json --index "$TMP/one" brightpath | python3 -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["id"])')
# one query a line: docket-search arguments, tab separated
cat >"$TMP/queries" <<EOF
privacy
ai training
brightpath
"stored communications act"
"class action" privacy
lumenary NEAR/5 "fair use"
title:brightpath OR title:quantix
source:meridian date:2025-01-01..2025-01-31
privacy -settlement date:>2024-09-18
privac*
qua* -breach
CVE-2025-21781
party:brightpath
brightpth
privcy regulater
--sort	date	privacy
--sort	oldest	privacy
--sort	date	date:2024-01-01..2025-12-31
--sort	oldest	--limit	40	date:2024-01-01..2025-12-31
--no-fold	brightpath
--plain	how do courts treat ai training on private messages
--like	$LIKE
--offset	3	ai
EOF
if [ $TECH = 1 ]; then
	cat >>"$TMP/queries" <<EOF
apple antitrust lawsuit
"federal trade commission"
google NEAR/5 fine
secur* -apple
goverment surveilance
micro*
EOF
fi

# Each query against the three, then one comparison of all the pages
# (python starts once: it takes seconds on a loaded machine).
nq=0
while IFS= read -r line; do
	IFS=$'\t' read -r -a args <<<"$line"
	nq=$((nq + 1))
	printf '%s\n' "$line" >"$TMP/q.$nq"
	for ix in one three remote.stub; do
		"$BIN/docket-search" --json -n 10 --index "$TMP/$ix" "${args[@]}" \
			>"$TMP/$ix.$nq.json" 2>"$TMP/$ix.$nq.err" </dev/null
	done
done <"$TMP/queries"
python3 - "$TMP" "$nq" >"$TMP/compare.out" <<'EOF'
import json, sys
tmp, nq = sys.argv[1], int(sys.argv[2])

def page(ix, i):
    d = json.load(open("%s/%s.%d.json" % (tmp, ix, i)))
    d.pop("shards", None); d.pop("shards_answered", None)
    for r in d["results"]:          # the shards add the same numbers
        r["score"] = round(r["score"], 9)   # in another order
    return d

def drop(d, totals):
    d = dict(d)
    # an estimated total is each shard's estimate summed
    if not totals or not d["total_exact"]:
        d.pop("total")
    if not totals:
        d.pop("total_exact")
    return json.dumps(d, sort_keys=True)

count = {"local": 0, "remote": 0, "exact": 0, "folded": 0, "suggested": 0}
for i in range(1, nq + 1):
    q = open("%s/q.%d" % (tmp, i)).read().strip()
    a, b, c = page("one", i), page("three", i), page("remote.stub", i)
    if drop(a, True) == drop(b, True):
        count["local"] += 1
    else:
        print("bad local:", q)
    if drop(a, False) == drop(c, False):
        count["remote"] += 1
    else:
        print("bad remote:", q)
    if not (a["total_exact"] and c["total_exact"]) or a["total"] == c["total"]:
        count["exact"] += 1
    else:
        print("bad exact total:", q, a["total"], c["total"])
    count["folded"] += any(r["also_total"] for r in a["results"])
    count["suggested"] += bool(a["suggestion"])
print(" ".join("%s=%d" % kv for kv in count.items()))
EOF
res=$(tail -1 "$TMP/compare.out")
echo "# $nq queries: $res"
val() { sed -n "s/.*\b$1=\([0-9]*\).*/\1/p" <<<"$res"; }
if [ "$(val local)" = $nq ]; then ok "3 local shards answer as one index ($nq queries)"
else not_ok "3 local shards answer as one index" "$(cat "$TMP/compare.out")"; fi
if [ "$(val remote)" = $nq ]; then ok "3 remote shards answer as one index ($nq queries)"
else not_ok "3 remote shards answer as one index" "$(cat "$TMP/compare.out")"; fi
if [ "$(val exact)" = $nq ]; then ok "exact totals agree"
else not_ok "exact totals agree" "$(cat "$TMP/compare.out")"; fi
if [ "$(val folded)" -gt 0 ] && [ "$(val suggested)" -gt 0 ]; then ok "the set covers folding and suggestions"
else not_ok "the set covers folding and suggestions" "$res"; fi

# Facets and histograms count through Xapian's own match spy, which the
# remote servers run too: the same counts from remote shards.  Wildcards
# with facets too: Xapian 1.4.22 crashed on OP_MAX over several databases
# with collapsing and a match spy (wildcards are ORs of their words now).
for q in privacy 'a*' 'privac*'; do
	for ix in one three remote.stub; do
		"$BIN/docket-search" --json -n 10 --facets source,year --histogram month \
			--index "$TMP/$ix" "$q" >"$TMP/$ix.facets.json" 2>"$TMP/$ix.facets.err"
	done
	if python3 - "$TMP/one.facets.json" "$TMP/three.facets.json" "$TMP/remote.stub.facets.json" <<'EOF'
import json, sys
a, b, c = (json.load(open(p)) for p in sys.argv[1:])
ids = lambda d: [(r["id"], round(r["score"], 9)) for r in d["results"]]
assert a.get("facets") and a["facets"] == b.get("facets") == c.get("facets"), (a.get("facets"), c.get("facets"))
assert a.get("histogram") and a["histogram"] == b.get("histogram") == c.get("histogram")
assert ids(a) and ids(a) == ids(b) == ids(c)
EOF
	then ok "$q with facets and histogram: local and remote shards count and rank as one index"
	else not_ok "$q with facets and histogram: local and remote shards as one index" "$(cat "$TMP"/*.facets.err)"; fi
done

# Wildcards and suggestions come from the term list written at rebuild
# time: the same pages as when the remote vocabularies are walked
# (DOCKET_TERM_LIST=off), for every wildcard and suggestion query above.
n=0 same=0
for i in $(seq "$nq"); do
	grep -qE '\*|brightpth|privcy' "$TMP/q.$i" || continue
	IFS=$'\t' read -r -a args <"$TMP/q.$i"
	n=$((n + 1))
	DOCKET_TERM_LIST=off "$BIN/docket-search" --json -n 10 --index "$TMP/remote.stub" \
		"${args[@]}" >"$TMP/walk.$i.json" 2>/dev/null </dev/null
	cmp -s "$TMP/walk.$i.json" "$TMP/remote.stub.$i.json" && same=$((same + 1))
done
if [ "$n" -gt 3 ] && [ "$same" = "$n" ]; then ok "the term list answers as the walk of the remote vocabularies ($n queries)"
else not_ok "the term list answers as the walk of the remote vocabularies" "$same of $n pages the same"; fi

# ---- faults ------------------------------------------------------------
stop 1
dead="shard 2 of 3 (127.0.0.1:${PORT[1]})"
expect_rc "a dead shard: exit 2" 2 timeout 20 "$BIN/docket-search" --index "$TMP/remote.stub" privacy
if [ "$(wc -l <"$TMP/rc.err")" = 1 ] && grep -qF "$dead" "$TMP/rc.err" && [ ! -s "$TMP/rc.out" ]; then
	ok "a dead shard: one line naming it, no results"
else
	not_ok "a dead shard: one line naming it, no results" "$(cat "$TMP/rc.err")" "$(head -c 300 "$TMP/rc.out")"
fi
"$BIN/docket-search" --partial --index "$TMP/remote.stub" privacy >"$TMP/p.txt" 2>&1
contains "--partial text: the notice" "$TMP/p.txt" "note: 2 of 3 shards answered ($dead did not)"
"$BIN/docket-search" --partial --json --index "$TMP/remote.stub" privacy >"$TMP/p.json" 2>&1
if python3 - "$TMP/p.json" "$TMP/a.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["shards"] == 3 and d["shards_answered"] == 2, d
assert "2 of 3 shards answered" in d["warning"], d["warning"]
assert d["results"], "no results"
EOF
then ok "--partial JSON: shards 3, shards_answered 2, the notice"
else not_ok "--partial JSON: shards 3, shards_answered 2, the notice" "$(head -c 600 "$TMP/p.json")"; fi
# The partial answer is the one index's answer without the dead shard's
# articles: every article shown is one the full index finds (shown or
# folded), and fewer are found.  (Its order may differ: the word
# statistics are those of the shards that answered.)
"$BIN/docket-search" --json -n 1000 --index "$TMP/one" privacy >"$TMP/full.json"
"$BIN/docket-search" --partial --json -n 1000 --index "$TMP/remote.stub" privacy >"$TMP/part.json" 2>/dev/null
if python3 - "$TMP/full.json" "$TMP/part.json" <<'EOF'
import json, sys
full, part = (json.load(open(p)) for p in sys.argv[1:])
f = {r["id"] for r in full["results"]} | {a["id"] for r in full["results"] for a in r["also"]}
p = [r["id"] for r in part["results"]]
assert p and set(p) <= f, set(p) - f
assert part["total"] < full["total"], (part["total"], full["total"])
EOF
then ok "--partial shows a part of the full answer"
else not_ok "--partial shows a part of the full answer"; fi
REQUEST_METHOD=GET QUERY_STRING='q=privacy' DOCKET_INDEX="$TMP/remote.stub" \
	DOCKET_PARTIAL=1 GATEWAY_INTERFACE=CGI/1.1 "$BIN/docket.cgi" >"$TMP/p.html" 2>"$TMP/cgi.err"
contains "DOCKET_PARTIAL=1 HTML: the notice" "$TMP/p.html" "2 of 3 shards answered"
REQUEST_METHOD=GET QUERY_STRING='q=privacy' DOCKET_INDEX="$TMP/remote.stub" \
	GATEWAY_INTERFACE=CGI/1.1 "$BIN/docket.cgi" >"$TMP/f.html" 2>"$TMP/cgi.err"
contains "CGI without DOCKET_PARTIAL: 503" "$TMP/f.html" "503"
contains "CGI log names the shard" "$TMP/cgi.err" "$dead"

# A stub naming a port nobody listens on, and one that is no stub.
echo "remote 127.0.0.1:${PORT[1]}" >"$TMP/dead.stub"
expect_rc "an unreachable shard: exit 2" 2 timeout 20 "$BIN/docket-search" --index "$TMP/dead.stub" privacy
contains "an unreachable shard is named" "$TMP/rc.err" "127.0.0.1:${PORT[1]}"
printf 'auto %s\nremote nowhere\n' "$TMP/one" >"$TMP/bad.stub"
expect_rc "a malformed stub: exit 2" 2 "$BIN/docket-search" --index "$TMP/bad.stub" privacy
contains "a malformed stub: its line" "$TMP/rc.err" "line 2"

# ---- a server killed in the middle of a stream of queries --------------
serve 1 "$TMP/three/shards/$(ls "$TMP/three/shards" | sed -n 2p)" || not_ok "restart server 2"
head -12 "$TMP/queries" | grep -v -- '^--' | awk '{ printf "q%d\t%s\n", NR, $0 }' >"$TMP/stream"
nfirst=5
head -$nfirst "$TMP/stream" >"$TMP/stream.1"
tail -n +$((nfirst + 1)) "$TMP/stream" >"$TMP/stream.2"
"$BIN/docket-search" --json --index "$TMP/one" --queries "$TMP/stream" >"$TMP/want.jsonl"

# stream OUT [--partial]: the first queries, then server 3 is killed,
# then the rest; $TMP/OUT.rc is the exit status.  (KILL=0: server 3 is
# not killed; the pause is longer than its idle timeout instead.)
stream() {
	local out=$1; shift
	rm -f "$TMP/fifo"; mkfifo "$TMP/fifo"
	timeout 60 "$BIN/docket-search" --json "$@" --index "$TMP/remote.stub" \
		--queries "$TMP/fifo" >"$TMP/$out.jsonl" 2>"$TMP/$out.err" &
	local sp=$!
	exec 7>"$TMP/fifo"
	cat "$TMP/stream.1" >&7
	for _ in $(seq 200); do
		[ "$(grep -c '"total_exact"' "$TMP/$out.jsonl")" -ge $nfirst ] && break
		sleep 0.1
	done
	if [ "${KILL:-1}" = 1 ]; then stop 2; else sleep 1.5; fi
	cat "$TMP/stream.2" >&7
	exec 7>&-
	wait $sp
	echo $? >"$TMP/$out.rc"
}
t0=$(date +%s)
stream s1
t1=$(date +%s)
if python3 - "$TMP/want.jsonl" "$TMP/s1.jsonl" $nfirst <<'EOF'
import json, sys
want = [json.loads(l) for l in open(sys.argv[1])]
got = [json.loads(l) for l in open(sys.argv[2])]
n = int(sys.argv[3])
assert len(got) == n, "%d pages, want %d (none after the kill)" % (len(got), n)
for w, g in zip(want, got):
    assert [r["id"] for r in w["results"]] == [r["id"] for r in g["results"]], w["query"]
EOF
then ok "stream: the pages before the kill are right, none after it"
else not_ok "stream: the pages before the kill are right, none after it" "$(head -c 400 "$TMP/s1.jsonl")"; fi
rest=$(wc -l <"$TMP/stream.2")
if [ "$(grep -c "shard 3 of 3 (127.0.0.1:${PORT[2]})" "$TMP/s1.err")" = "$rest" ] &&
   [ "$(wc -l <"$TMP/s1.err")" = "$rest" ]; then
	ok "stream: each later query fails with one line naming shard 3"
else
	not_ok "stream: each later query fails with one line naming shard 3" "$(head -c 800 "$TMP/s1.err")"
fi
if [ $((t1 - t0)) -lt 30 ]; then ok "stream: no hang ($((t1 - t0)) s)"
else not_ok "stream: no hang" "$((t1 - t0)) s"; fi

serve 2 "$TMP/three/shards/$(ls "$TMP/three/shards" | sed -n 3p)" || not_ok "restart server 3"
stream s2 --partial
if python3 - "$TMP/want.jsonl" "$TMP/s2.jsonl" $nfirst <<'EOF'
import json, sys
want = [json.loads(l) for l in open(sys.argv[1])]
got = [json.loads(l) for l in open(sys.argv[2])]
n = int(sys.argv[3])
assert len(got) == len(want), "%d pages, want %d" % (len(got), len(want))
for i, (w, g) in enumerate(zip(want, got)):
    if i < n:
        assert [r["id"] for r in w["results"]] == [r["id"] for r in g["results"]], w["query"]
        assert g.get("shards_answered") == 3, g
    else:
        assert g.get("shards_answered") == 2, g
        assert "2 of 3 shards answered" in g["warning"], g
        assert g["total"] <= w["total"] or not w["total_exact"], g["query"]
EOF
then ok "stream --partial: full pages before the kill, labelled partial pages after"
else not_ok "stream --partial: full pages before the kill, labelled partial pages after" "$(head -c 600 "$TMP/s2.err")"; fi

	# A server that closes idle connections (xapian-tcpsrv --idle-timeout):
# the searcher opens the connection again and every page is right.
serve 2 "$TMP/three/shards/$(ls "$TMP/three/shards" | sed -n 3p)" --idle-timeout 500 ||
	not_ok "restart server 3 with an idle timeout"
KILL=0 stream s3
if [ ! -s "$TMP/s3.err" ] && python3 - "$TMP/want.jsonl" "$TMP/s3.jsonl" <<'EOF'
import json, sys
want = [json.loads(l) for l in open(sys.argv[1])]
got = [json.loads(l) for l in open(sys.argv[2])]
assert len(got) == len(want), (len(got), len(want))
for w, g in zip(want, got):
    assert [r["id"] for r in w["results"]] == [r["id"] for r in g["results"]], w["query"]
    assert g.get("shards_answered") == 3, g
EOF
then ok "a connection closed for idleness is opened again: every page right"
else not_ok "a connection closed for idleness is opened again: every page right" "$(head -c 600 "$TMP/s3.err")"; fi


done_testing

#!/usr/bin/env bash
# docket.fcgi behind a real lighttpd (mod_fastcgi starting it through
# contrib/lighttpd-docket-fcgi.conf), next to docket.cgi in the same
# server: the same bytes for the form, result pages, JSON, articles, HEAD,
# 400 and 405; a generation published by `docket-index --rebuild` while the
# server runs is answered by the next request; an index that is missing
# answers 503 and the same process recovers once it is there.  Also
# docket.fcgi from a shell (--help, not under FastCGI) and SIGTERM.
# Skips without lighttpd or curl.
if [ -z "${DOCKET_FCGI_BOUNDED:-}" ] && command -v timeout >/dev/null; then
	DOCKET_FCGI_BOUNDED=1 exec timeout -k 10 120 bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cgi_server"

if [ ! -x "$BIN/docket.fcgi" ]; then
	not_ok "docket.fcgi is built" "$BIN/docket.fcgi missing"; done_testing; exit 0
fi

# eq NAME GOT WANT
eq() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', wanted '$3'"; fi; }

# ---- the program from a shell ------------------------------------------------
expect_rc "docket.fcgi --help exits 0" 0 "$BIN/docket.fcgi" --help
contains "docket.fcgi --help shows usage" "$TMP/rc.out" "Usage: docket.fcgi"
expect_rc "docket.fcgi --version exits 0" 0 "$BIN/docket.fcgi" --version
expect_rc "docket.fcgi with an unknown option exits 2" 2 "$BIN/docket.fcgi" --bogus
expect_rc "docket.fcgi not under FastCGI exits 2" 2 "$BIN/docket.fcgi" </dev/null
contains "... and says why" "$TMP/rc.err" "not a FastCGI socket"

# SIGTERM while waiting for a request: a clean exit, at once.
"$BIN/docket.fcgi" --listen "$TMP/term.sock" 2>"$TMP/term.err" &
tpid=$!
for _ in $(seq 50); do [ -S "$TMP/term.sock" ] && break; sleep 0.1; done
kill -TERM "$tpid"
for _ in $(seq 20); do kill -0 "$tpid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$tpid" 2>/dev/null; then
	kill -KILL "$tpid"; wait "$tpid" 2>/dev/null
	not_ok "SIGTERM ends an idle docket.fcgi" "still running after 2 s"
else
	wait "$tpid"; eq "SIGTERM ends an idle docket.fcgi with status 0" "$?" 0
fi

if [ -z "$LIGHTTPD" ] || ! command -v curl >/dev/null; then
	skip "docket.fcgi over HTTP" "lighttpd or curl not installed (make deps)"
	done_testing; exit 0
fi

# ---- indexes -------------------------------------------------------------------
# GEN: a managed index, first of the plain-text articles only, later
# rebuilt with the JSON Lines articles too.  LATER: no index yet.
GEN=$TMP/gen
"$BIN/docket-index" --rebuild --quiet --index "$GEN" "$TOP/sample-corpus/text" \
	>"$TMP/gen.out" 2>&1 || not_ok "a --rebuild index" "$(tail -3 "$TMP/gen.out")"
LATER=$TMP/later

# _fcgi_location PREFIX INDEX SOCKET: the shipped configuration, its paths
# and prefix replaced.
_fcgi_location() {
	sed -e "s|\"/search\"|\"$1\"|" \
	    -e "s|/usr/local/bin/docket.fcgi|$BIN/docket.fcgi|" \
	    -e "s|\"/var/lib/docket/index\"|\"$2\"$_SANENV|" \
	    -e "s|/run/lighttpd/docket-fcgi.socket|$3|" \
	    -e "s|\"max-procs\" => 2|\"max-procs\" => 1|" \
	    "$TOP/contrib/lighttpd-docket-fcgi.conf"
}
# spawn-fcgi (contrib/docket-fcgi.service, nginx's way) when installed: a
# socket lighttpd connects to, at /fspawn.
SPAWN=$(command -v spawn-fcgi || true)
_spawn_location() {
	echo "fastcgi.server += ( \"/fspawn\" => (( \"socket\" => \"$TMP/www/spawn.sock\", \"check-local\" => \"disable\" )) )"
	echo "fastcgi.server += ( \"/ftpl\" => (( \"socket\" => \"$TMP/www/spawn2.sock\", \"check-local\" => \"disable\" )) )"
}
mkdir -p "$TMP/www"
if [ -n "$SPAWN" ]; then
	DOCKET_INDEX=$GEN SERVER_OUT=$TMP/spawn.out server_spawn \
		"$SPAWN" -n -s "$TMP/www/spawn.sock" -- "$BIN/docket.fcgi"
	SPAWN_PID=$SERVER_PID
	# A second one with a site's own footer (DOCKET_TEMPLATES), at /ftpl.
	mkdir -p "$TMP/tpl"
	sed 's|</footer>| \&middot; Site footer xyzzy</footer>|' \
		"$TOP/templates/footer.html" >"$TMP/tpl/footer.html"
	DOCKET_INDEX=$GEN DOCKET_TEMPLATES=$TMP/tpl SERVER_OUT=$TMP/spawn2.out server_spawn \
		"$SPAWN" -n -s "$TMP/www/spawn2.sock" -- "$BIN/docket.fcgi"
fi

# docket.cgi at /search over GEN (contrib/lighttpd-docket.conf), at /clater
# over LATER; docket.fcgi at /fsearch and /flater.  One process each, so
# that "the same process recovers" is what the test sees.
if cgi_server_start "$GEN" clater="$LATER" && cgi_server_stop &&
	{ _fcgi_location /fsearch "$GEN" "$TMP/www/f1.sock"
	  _fcgi_location /flater "$LATER" "$TMP/www/f2.sock" | grep -v '^server.modules'
	  [ -z "$SPAWN" ] || _spawn_location
	} >>"$TMP/www/extra.conf" &&
	SERVER_OUT=$CGI_STDERR server_start _cgi_server_config /fsearch \
		"$LIGHTTPD" -D -f "$TMP/www/lighttpd.conf"; then
	CGI_PID=$SERVER_PID; CGI_BASE=$SERVER_BASE
	ok "lighttpd starts docket.fcgi with contrib/lighttpd-docket-fcgi.conf"
else
	not_ok "lighttpd starts docket.fcgi with contrib/lighttpd-docket-fcgi.conf" \
		"$(cat "$TMP/www/check.out" "$CGI_LOG" "$CGI_STDERR" 2>/dev/null | tail -20)"
	done_testing; exit 0
fi

# same NAME QS [CURL ARGS...]: docket.fcgi answers QS with docket.cgi's
# status, Content-Type, Content-Length and body.
same() {
	local name=$1 qs=$2; shift 2
	local cs fs
	cs=$(fetch c "$CGI_BASE/search$qs" "$@")
	fs=$(fetch f "$CGI_BASE/fsearch$qs" "$@")
	# (HEAD writes the headers as the body: all but Date must agree.)
	grep -av '^Date: ' "$TMP/c.body" >"$TMP/c.cmp"
	grep -av '^Date: ' "$TMP/f.body" >"$TMP/f.cmp"
	if [ "$cs" = "$fs" ] && cmp -s "$TMP/c.cmp" "$TMP/f.cmp" &&
	   [ "$(header c Content-Type)" = "$(header f Content-Type)" ] &&
	   [ "$(header c Content-Length)" = "$(header f Content-Length)" ] &&
	   [ "$(header c Content-Security-Policy)" = "$(header f Content-Security-Policy)" ]; then
		ok "$name: as docket.cgi ($fs)"
	else
		not_ok "$name: as docket.cgi" "cgi $cs, fcgi $fs" \
			"$(diff "$TMP/c.cmp" "$TMP/f.cmp" | head -5)"
	fi
}

same "the form" ""
same "a results page" "?q=privacy"
same "a results page, page 2 by date" "?q=court&page=2&n=3&sort=date"
same "a phrase" "?q=%22data+breach%22"
same "JSON" "?q=court&format=json"
same "JSON, no hits" "?q=zzyzxqq&format=json"
same "an Atom feed" "?q=court&format=atom"
same "HEAD" "?q=privacy" -I
same "a bad page number is 400" "?q=x&page=0"
same "a stray '%' (lighttpd repairs it)" "?q=%zz"
same "POST is 405" "?q=x" -X POST -d x=1
fetch c "$CGI_BASE/search?q=court&format=json" >/dev/null
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["id"])' "$TMP/c.body")
same "an article page" "?id=$id&q=court"
same "an unknown article is 404" "?id=no-such-article"

# The same through spawn-fcgi.
if [ -n "$SPAWN" ]; then
	for qs in "?q=privacy" "?q=court&format=json" "?q=x&page=0"; do
		cs=$(fetch c "$CGI_BASE/search$qs")
		fs=$(fetch f "$CGI_BASE/fspawn$qs")
		if [ "$cs" = "$fs" ] && cmp -s "$TMP/c.body" "$TMP/f.body"; then
			ok "spawn-fcgi: $qs as docket.cgi ($fs)"
		else
			not_ok "spawn-fcgi: $qs as docket.cgi" "cgi $cs, fcgi $fs" \
				"$(tail -3 "$TMP/spawn.out")"
		fi
	done
	fs=$(fetch f "$CGI_BASE/fspawn?q=privacy")
	ts=$(fetch t "$CGI_BASE/ftpl?q=privacy")
	if [ "$ts" = 200 ] && grep -q 'Site footer xyzzy</footer>' "$TMP/t.body" &&
	   [ "$(diff "$TMP/f.body" "$TMP/t.body" | grep -c '^[<>]')" = 2 ]; then
		ok "spawn-fcgi with DOCKET_TEMPLATES: the site's footer, the rest alike"
	else
		not_ok "spawn-fcgi with DOCKET_TEMPLATES: the site's footer, the rest alike" \
			"status $ts" "$(diff "$TMP/f.body" "$TMP/t.body" | head -6)" "$(tail -3 "$TMP/spawn2.out")"
	fi
	# The process keeps the templates parsed; an edit shows on the next
	# request all the same (a new file renamed over the old one).
	sed 's|</footer>| \&middot; Edited plugh</footer>|' \
		"$TOP/templates/footer.html" >"$TMP/tpl/footer.new"
	mv "$TMP/tpl/footer.new" "$TMP/tpl/footer.html"
	ts=$(fetch t "$CGI_BASE/ftpl?q=privacy")
	if [ "$ts" = 200 ] && grep -q 'Edited plugh</footer>' "$TMP/t.body" &&
	   ! grep -q xyzzy "$TMP/t.body"; then
		ok "spawn-fcgi with DOCKET_TEMPLATES: an edited footer shows on the next request"
	else
		not_ok "spawn-fcgi with DOCKET_TEMPLATES: an edited footer shows on the next request" \
			"status $ts" "$(grep -o '<footer>.*' "$TMP/t.body")" "$(tail -3 "$TMP/spawn2.out")"
	fi
else
	skip "docket.fcgi under spawn-fcgi" "spawn-fcgi not installed (make deps)"
fi

# ---- a new generation, published while the server runs ------------------------
fetch before "$CGI_BASE/fsearch?q=court&format=json" >/dev/null
"$BIN/docket-index" --rebuild --quiet --index "$GEN" "$TOP/sample-corpus/text" \
	"$TOP/sample-corpus/jsonl" >"$TMP/gen2.out" 2>&1 \
	|| not_ok "rebuild with more articles" "$(tail -3 "$TMP/gen2.out")"
fetch after "$CGI_BASE/fsearch?q=court&format=json" >/dev/null
if cmp -s "$TMP/before.body" "$TMP/after.body"; then
	not_ok "the next request after a rebuild sees the new generation" \
		"the answer did not change"
else
	ok "the next request after a rebuild sees the new generation"
fi
same "JSON after the rebuild" "?q=court&format=json"
same "a results page after the rebuild" "?q=court"
# The previous generation, published again.
"$BIN/docket-index" --rollback --quiet --index "$GEN" >"$TMP/rb.out" 2>&1 \
	|| not_ok "rollback" "$(tail -3 "$TMP/rb.out")"
fetch back "$CGI_BASE/fsearch?q=court&format=json" >/dev/null
if cmp -s "$TMP/before.body" "$TMP/back.body"; then
	ok "after --rollback the previous generation answers again"
else
	not_ok "after --rollback the previous generation answers again" \
		"$(diff "$TMP/before.body" "$TMP/back.body" | head -3)"
fi
# The page's facets and timeline, counted from values docket.fcgi keeps
# in memory per generation, follow the rollback too.
same "a results page after the rollback" "?q=court"

# ---- a missing index: 503, then the same process recovers ----------------------
eq "no index yet: docket.cgi 503" "$(fetch c "$CGI_BASE/clater?q=court")" 503
eq "no index yet: docket.fcgi 503" "$(fetch f "$CGI_BASE/flater?q=court")" 503
if cmp -s "$TMP/c.body" "$TMP/f.body"; then ok "the same 503 page"
else not_ok "the same 503 page" "$(diff "$TMP/c.body" "$TMP/f.body" | head -3)"; fi
eq "no index yet: JSON 503" "$(fetch f "$CGI_BASE/flater?q=court&format=json")" 503
fpids=$(pgrep -P "$CGI_PID" -f "^$BIN/docket.fcgi" | sort | tr '\n' ' ')
eq "lighttpd runs two docket.fcgi processes" "$(echo $fpids | wc -w)" 2
index_sample "$LATER"
eq "the index appears: docket.fcgi 200" "$(fetch f "$CGI_BASE/flater?q=court&format=json")" 200
eq "... and docket.cgi 200" "$(fetch c "$CGI_BASE/clater?q=court&format=json")" 200
if cmp -s "$TMP/c.body" "$TMP/f.body"; then ok "the same JSON once the index is there"
else not_ok "the same JSON once the index is there" "$(diff "$TMP/c.body" "$TMP/f.body" | head -3)"; fi
eq "the same docket.fcgi processes (none crashed or restarted)" \
	"$(pgrep -P "$CGI_PID" -f "^$BIN/docket.fcgi" | sort | tr '\n' ' ')" "$fpids"
# The index removed under a running process: 503, not stale answers.
mv "$LATER" "$LATER.away"
eq "the index removed: 503" "$(fetch f "$CGI_BASE/flater?q=court&format=json")" 503
mv "$LATER.away" "$LATER"
eq "the index back: 200" "$(fetch f "$CGI_BASE/flater?q=court&format=json")" 200

# ---- many requests, one process ------------------------------------------------
bad=0
for i in $(seq 40); do
	s=$(curl -s -o /dev/null -w '%{http_code}' "$CGI_BASE/fsearch?q=court+$i&format=json")
	[ "$s" = 200 ] || bad=$((bad + 1))
done
eq "40 requests in a row: all 200" "$bad" 0
eq "still the same processes" "$(pgrep -P "$CGI_PID" -f "^$BIN/docket.fcgi" | sort | tr '\n' ' ')" "$fpids"
# SIGHUP: the index is opened again, the processes stay.
kill -HUP $fpids
sleep 0.2
eq "after SIGHUP: 200" "$(fetch f "$CGI_BASE/fsearch?q=court&format=json")" 200
eq "after SIGHUP: the same JSON" "$(cmp -s "$TMP/f.body" "$TMP/back.body" && echo same)" same
eq "after SIGHUP: the same processes" "$(pgrep -P "$CGI_PID" -f "^$BIN/docket.fcgi" | sort | tr '\n' ' ')" "$fpids"
cgi_server_log_clean "no sanitizer reports"

# SIGTERM to lighttpd stops its docket.fcgi processes too.
cgi_server_stop
left=""
for _ in $(seq 20); do
	left=""
	for p in $fpids; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
	[ -z "$left" ] && break
	sleep 0.1
done
eq "no docket.fcgi left after the server stops" "$left" ""
done_testing

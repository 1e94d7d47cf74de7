#!/usr/bin/env bash
# slow: a full lighttpd session, XSS vectors on every page, 60 requests 4 at a time (185-213 s)
# docket.cgi behind a real lighttpd on 127.0.0.1 (contrib/lighttpd-docket.conf),
# driven over HTTP with curl: the form, results, JSON (byte for byte the
# JSON of docket-search), HEAD, headers, 400/405/503, XSS vectors in the
# query and in stored titles, sources and URLs, limits, a pathological
# query, the watchdog, a burst of concurrent requests and searches during
# nightly rebuilds.  lighttpd runs twice: with its default URL
# normalization, then with it off (as nginx and Apache pass query strings)
# so that docket.cgi's own 400s are seen.  Skips without lighttpd or curl.
# The whole test is bounded: it re-runs itself under timeout(1), whose
# SIGTERM still stops the server through the trap in server.sh.
if [ -z "${DOCKET_CGI_BOUNDED:-}" ] && command -v timeout >/dev/null; then
	DOCKET_CGI_BOUNDED=1 exec timeout -k 10 300 bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cgi_server"
CHECK="python3 $(dirname "$0")/cgi_check.py"

if [ ! -x "$BIN/docket.cgi" ]; then
	not_ok "docket.cgi is built" "$BIN/docket.cgi missing"; done_testing; exit 0
fi
# ---- the program itself, from a shell ------------------------------------
expect_rc "docket.cgi --help exits 0" 0 env -u GATEWAY_INTERFACE "$BIN/docket.cgi" --help
contains "docket.cgi --help shows usage" "$TMP/rc.out" "Usage: docket.cgi"
expect_rc "docket.cgi --version exits 0" 0 env -u GATEWAY_INTERFACE "$BIN/docket.cgi" --version
contains "docket.cgi --version names the program" "$TMP/rc.out" "docket.cgi "
expect_rc "docket.cgi with an unknown option exits 2" 2 env -u GATEWAY_INTERFACE "$BIN/docket.cgi" --bogus
# Under a server, arguments are ISINDEX words (RFC 3875 4.4), not options.
GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET QUERY_STRING=--help "$BIN/docket.cgi" --help >"$TMP/isindex.out" 2>&1
if head -1 "$TMP/isindex.out" | grep -q '^Status: 200 OK' && ! grep -q Usage "$TMP/isindex.out"; then
	ok "under a server, arguments are not options"
else
	not_ok "under a server, arguments are not options" "$(head -3 "$TMP/isindex.out")"
fi

if [ -z "$LIGHTTPD" ] || ! command -v curl >/dev/null; then
	skip "docket.cgi over HTTP" "lighttpd or curl not installed (make deps)"
	done_testing; exit 0
fi

# ---- indexes: the sample corpus, a hostile one, broken ones --------------
IDX=$TMP/index
index_sample "$IDX"
mkdir -p "$TMP/hostile-in"
cat >"$TMP/hostile-in/h.jsonl" <<'EOF'
{"id":"x1","title":"<script>alert('t1')</script> zebrafish merger","url":"javascript:alert(1)","source":"<img src=x onerror=alert(2)>","date":"2025-01-02","text":"The zebrafish merger <b>was</b> announced. \"quoted\" & 'single' <script>alert(3)</script>"}
{"id":"x2","title":"\"><svg onload=alert(4)> zebrafish","url":"https://ok.example/a?b=1&c=\"><script>alert(5)</script>","source":"Src","date":"2025-01-03","text":"zebrafish text here"}
{"id":"x3","title":"zebrafish data url","url":"data:text/html,<script>alert(6)</script>","source":"S3","date":"2024-05-01","text":"zebrafish again"}
{"id":"x4","title":"zebrafish ' onmouseover='alert(7)","url":" JaVaScRiPt:alert(8)","source":"' onfocus='alert(9)","date":"2020","text":"zebrafish <iframe src=//evil.example>"}
{"id":"x5","title":"zebrafish </title><script>alert(10)</script>","url":"//evil.example/x","source":"S5","date":"2023-01-03","text":"zebrafish </textarea><script>alert(11)</script>"}
{"id":"x6","title":"zebrafish vbscript","url":"vbscript:msgbox(1)","source":"S6","date":"2023-01-04","text":"zebrafish six <a href=\"javascript:alert(12)\">x</a>"}
EOF
"$BIN/docket-index" -q --index "$TMP/hostile" "$TMP/hostile-in" 2>>"$TMP/idx.err" \
	|| not_ok "index the hostile dump" "$(cat "$TMP/idx.err")"
mkdir -p "$TMP/empty-dir"
cp -r "$IDX" "$TMP/corrupt"
find "$TMP/corrupt" -type f -exec sh -c ': >"$1"' _ {} \;

if cgi_server_start "$IDX" missing="$TMP/no-such-index" empty="$TMP/empty-dir" \
	corrupt="$TMP/corrupt" hostile="$TMP/hostile"; then
	ok "lighttpd starts with contrib/lighttpd-docket.conf on 127.0.0.1"
else
	not_ok "lighttpd starts with contrib/lighttpd-docket.conf on 127.0.0.1" \
		"$(cat "$TMP/www/lighttpd.out" "$CGI_LOG" 2>/dev/null | tail -20)"
	done_testing; exit 0
fi
U=$CGI_BASE/search

# eq NAME GOT WANT
eq() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', wanted '$3'"; fi; }

# ---- the form --------------------------------------------------------------
eq "GET /search is 200" "$(fetch form "$U")" 200
eq "form: Content-Type" "$(header form Content-Type)" "text/html; charset=utf-8"
eq "form: Cache-Control" "$(header form Cache-Control)" "public, max-age=3600"
contains "form: a GET form" "$TMP/form.body" '<form method="get" role="search">'
contains "form: the box has a label" "$TMP/form.body" '<label for="q">'
contains "form: viewport for phones" "$TMP/form.body" 'name="viewport"'
check "form: markup is ours only" $CHECK markup "$TMP/form.body"
if head -c 4 "$TMP/form.body" | grep -q ELF; then not_ok "the program itself is never served as a file"
else ok "the program itself is never served as a file"; fi
check "form: CSP hash matches the inline style" $CHECK csp "$TMP/form.hdr" "$TMP/form.body"
lacks "form: no script" "$TMP/form.body" "<script"
lacks "form: no external asset" "$TMP/form.body" 'src="'

# ---- results ----------------------------------------------------------------
eq "results: 200" "$(fetch r1 "$U?q=privacy+lawsuit")" 200
eq "results: Cache-Control" "$(header r1 Cache-Control)" "public, max-age=300"
contains "results: the query stays in the box" "$TMP/r1.body" 'value="privacy lawsuit"'
contains "results: a count" "$TMP/r1.body" ' results, by relevance.'
contains "results: highlighted passages" "$TMP/r1.body" '<mark>'
contains "results: titles link to articles" "$TMP/r1.body" '<h3><a href="https://'
contains "results: source and date" "$TMP/r1.body" '<time datetime="20'
contains "results: pagination" "$TMP/r1.body" '<nav aria-label="Result pages">'
check "results: markup is ours only" $CHECK markup "$TMP/r1.body"
check "results: CSP hash matches" $CHECK csp "$TMP/r1.hdr" "$TMP/r1.body"
n=$(grep -c '^<li><article>' "$TMP/r1.body")
eq "results: 10 a page by default" "$n" 10
fetch r2 "$U?q=privacy+lawsuit&page=2&n=5" >/dev/null
contains "page 2 of 5 starts at 6" "$TMP/r2.body" '<ol class="results" start="6">'
eq "n=5 gives 5 results" "$(grep -c '^<li><article>' "$TMP/r2.body")" 5
contains "page links keep n" "$TMP/r2.body" 'href="?q=privacy+lawsuit&amp;n=5&amp;page=3"'
fetch r3 "$U?q=privacy&sort=date&n=20" >/dev/null
dates=$(grep -o '<time datetime="[0-9-]*"' "$TMP/r3.body" | cut -d'"' -f2)
if [ -n "$dates" ] && [ "$dates" = "$(echo "$dates" | sort -r)" ]; then ok "sort=date: newest first"
else not_ok "sort=date: newest first" "$dates"; fi
fetch r4 "$U?q=zzqxnonexistent" >/dev/null
contains "no results: a friendly empty state" "$TMP/r4.body" 'No results for &ldquo;zzqxnonexistent&rdquo;'
fetch r5 "$U?q=privacy&utm_source=x&DB=default&index=%2Fetc&DOCKET_INDEX=%2Fnonexistent" >/dev/null
fetch r6 "$U?q=privacy" >/dev/null
if cmp -s "$TMP/r5.body" "$TMP/r6.body"; then ok "unknown parameters (index= too) are ignored"
else not_ok "unknown parameters (index= too) are ignored"; fi
fetch dym "$U?q=privcy+lawsiut&format=json" >/dev/null
if grep -q '"suggestion":"' "$TMP/dym.body"; then
	fetch dymh "$U?q=privcy+lawsiut" >/dev/null
	sugg=$(python3 -c 'import json,sys,urllib.parse; print(urllib.parse.quote_plus(json.load(open(sys.argv[1]))["suggestion"]))' "$TMP/dym.body")
	contains "did you mean: a link to the suggestion" "$TMP/dymh.body" "<p class=\"suggestion\">Did you mean <a href=\"?q=$sugg\">"
else
	skip "did you mean: a link to the suggestion" "no suggestion for 'privcy lawsiut' in this build"
fi
fetch syn "$U?q=%22Stored+Communications+Act%22&n=50" >/dev/null
if grep -q 'class="also"' "$TMP/syn.body"; then
	contains "folded copies are listed" "$TMP/syn.body" 'Also carried by'
else
	skip "folded copies are listed" "no folded story for this query in sample-corpus"
fi

# ---- JSON: the same bytes as docket-search --json ---------------------------
jsame() {  # NAME QUERYSTRING DOCKET-SEARCH-ARGS...
	local name=$1 qs=$2; shift 2
	local code
	code=$(fetch js "$U?$qs")
	"$BIN/docket-search" --index "$IDX" --json "$@" >"$TMP/js.want" 2>/dev/null
	if [ "$code" = 200 ] && cmp -s "$TMP/js.body" "$TMP/js.want"; then ok "$name"
	else not_ok "$name" "status $code" "$(diff <(head -c 600 "$TMP/js.body") <(head -c 600 "$TMP/js.want") | head -8)"; fi
}
jsame "json = docket-search --json" "q=privacy&format=json" privacy
jsame "json page/n = --offset/--limit" "q=privacy+lawsuit&format=json&page=2&n=7" --offset 7 --limit 7 privacy lawsuit
jsame "json sort=date = --sort date" "q=court&format=json&sort=date&n=3" --sort date --limit 3 court
jsame "json phrase and field" "q=%22class+action%22+source%3Atechledger&format=json" '"class action" source:techledger'
jsame "json with no results" "q=zzqxnonexistent&format=json" zzqxnonexistent
fetch js "$U?q=privacy&format=json" >/dev/null
eq "json: Content-Type" "$(header js Content-Type)" "application/json; charset=utf-8"
eq "json: Cache-Control" "$(header js Cache-Control)" "public, max-age=300"
check "json parses" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert {"query","total","offset","suggestion","results"} <= set(d)' "$TMP/js.body"

# ---- HEAD ---------------------------------------------------------------------
for qs in "" "?q=privacy" "?q=privacy&format=json" "?q=x&n=0"; do
	get=$($CHECK raw GET "$U$qs")
	head=$($CHECK raw HEAD "$U$qs")
	# "STATUS TYPE; charset=utf-8 LENGTH RECEIVED": HEAD receives 0 bytes.
	want="${get% *} 0"
	len=${get% *}; len=${len##* }
	if [ "$head" = "$want" ] && [ "${get##* }" = "$len" ]; then
		ok "HEAD ${qs:-/}: the status and headers of GET, no body"
	else
		not_ok "HEAD ${qs:-/}: the status and headers of GET, no body" "GET: $get" "HEAD: $head"
	fi
done

# ---- methods ------------------------------------------------------------------
for m in POST PUT DELETE PATCH OPTIONS; do
	code=$(fetch m "$U?q=privacy" -X "$m" --data-binary "q=x")
	if [ "$code" = 405 ] && [ "$(header m Allow)" = "GET, HEAD" ]; then ok "$m is 405 with Allow: GET, HEAD"
	else not_ok "$m is 405 with Allow: GET, HEAD" "status $code, Allow '$(header m Allow)'"; fi
done

# ---- malformed query strings -------------------------------------------------
# lighttpd's default URL normalization (the contrib configuration keeps it)
# repairs a stray '%' and refuses invalid UTF-8 and control characters
# itself, before docket.cgi runs:
eq "lighttpd defaults: invalid UTF-8 is 400" "$(fetch ld1 "$U?q=%FF")" 400
eq "lighttpd defaults: a stray % is repaired" "$(fetch ld2 "$U?q=100%zz")" 200
contains "lighttpd defaults: ... and searched as written" "$TMP/ld2.body" 'value="100%zz"'
# nginx and Apache pass the query string as sent: a second server with the
# normalization off shows docket.cgi's own answers.
cgi_server_log_clean "no sanitizer report in the server's error log (defaults)"
cgi_server_stop
CGI_PARSEOPTS='"url-normalize" => "disable", "url-ctrls-reject" => "disable"'
GEN=$TMP/generations
"$BIN/docket-index" --rebuild --quiet --index "$GEN" "$TOP/sample-corpus/text" "$TOP/sample-corpus/jsonl" \
	>"$TMP/gen.out" 2>&1 || not_ok "a --rebuild index" "$(tail -3 "$TMP/gen.out")"
if cgi_server_start "$IDX" missing="$TMP/no-such-index" empty="$TMP/empty-dir" \
	corrupt="$TMP/corrupt" hostile="$TMP/hostile" gen="$GEN"; then
	ok "lighttpd restarts with URL normalization off"
else
	not_ok "lighttpd restarts with URL normalization off" "$(tail -5 "$CGI_STDERR" "$CGI_LOG")"
	done_testing; exit 0
fi
U=$CGI_BASE/search

# ---- 400: a one-line reason ---------------------------------------------------
long=$(head -c 1025 /dev/zero | tr '\0' a)
okq=$(head -c 1024 /dev/zero | tr '\0' a)
bad400() {  # NAME QUERYSTRING WORD
	local code reason
	code=$(fetch bad "$U?$2")
	reason=$($CHECK oneline "$TMP/bad.body")
	if [ "$code" = 400 ] && [ -n "$reason" ] && echo "$reason" | grep -qF -- "$3" &&
	   [ "$(header bad Cache-Control)" = "no-store" ]; then
		ok "$1: 400 ($reason)"
	else
		not_ok "$1: 400 with a reason holding '$3'" "status $code, reason '$reason'"
	fi
}
bad400 "bad percent-encoding" "q=%zz" "percent-encoding"
bad400 "truncated percent-encoding" "q=abc%2" "percent-encoding"
bad400 "invalid UTF-8" "q=%FF%FE" "UTF-8"
bad400 "overlong UTF-8" "q=%C0%BCscript" "UTF-8"
bad400 "raw invalid UTF-8 byte" "q=caf$(printf '\351')" "UTF-8"
bad400 "UTF-16 surrogate" "q=%ED%A0%80" "UTF-8"
bad400 "q over 1024 bytes" "q=$long" "1024"
bad400 "n over 100" "q=x&n=101" "n must"
bad400 "n zero" "q=x&n=0" "n must"
bad400 "page over 1000" "q=x&page=1001" "page must"
bad400 "page not a number" "q=x&page=two" "page must"
bad400 "sort unknown" "q=x&sort=asc" "sort must"
bad400 "format unknown" "q=x&format=xml" "format must"
eq "q of exactly 1024 bytes is fine" "$(fetch ok1024 "$U?q=$okq")" 200
eq "a NUL and a newline in q are word breaks" "$(fetch nul "$U?q=privacy%00lawsuit%0Acourt")" 200
contains "... shown as spaces" "$TMP/nul.body" 'value="privacy lawsuit court"'
eq "n=100 page=1000 is fine" "$(fetch okmax "$U?q=privacy&n=100&page=1000")" 200
code=$(fetch bj "$U?q=%FF&format=json")
if [ "$code" = 400 ] && grep -q '^{"error":"the query is not valid UTF-8","status":400}$' "$TMP/bj.body" &&
   [ "$(header bj Content-Type)" = "application/json; charset=utf-8" ]; then ok "400 in JSON for format=json"
else not_ok "400 in JSON for format=json" "status $code: $(cat "$TMP/bj.body")"; fi

# ---- 503: missing or unreadable index; no path or detail in the page ---------
for loc in missing empty corrupt; do
	code=$(fetch e503 "$CGI_BASE/$loc?q=privacy")
	if [ "$code" = 503 ] && [ -n "$(header e503 Retry-After)" ] &&
	   [ "$(header e503 Cache-Control)" = no-store ] &&
	   grep -q 'role="alert">the search index is not available' "$TMP/e503.body"; then
		ok "$loc index: 503 with a plain reason"
	else
		not_ok "$loc index: 503 with a plain reason" "status $code" "$(head -c 300 "$TMP/e503.body")"
	fi
	if grep -qE "$TMP|/tmp|Xapian|DatabaseOpening|errno|No such file" "$TMP/e503.hdr" "$TMP/e503.body"; then
		not_ok "$loc index: no path or internal detail in the response" "$(grep -E "$TMP|/tmp|Xapian" "$TMP/e503.body" | head -3)"
	else
		ok "$loc index: no path or internal detail in the response"
	fi
done
eq "missing index, JSON: 503" "$(fetch e503j "$CGI_BASE/missing?q=x&format=json")" 503
contains "missing index, JSON: the error as JSON" "$TMP/e503j.body" '"status":503'
eq "the form works without an index" "$(fetch e503f "$CGI_BASE/missing")" 200
if cat "$CGI_STDERR" "$CGI_LOG" | grep -q "opening the index $TMP/no-such-index"; then
	ok "the details go to the server's error log"
else
	not_ok "the details go to the server's error log" "$(tail -5 "$CGI_STDERR" "$CGI_LOG")"
fi

# ---- XSS: vectors in the query ---------------------------------------------------
i=0
while IFS= read -r v; do
	i=$((i + 1))
	enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote_plus(sys.argv[1]))' "$v")
	bad=""
	for extra in "" "&n=1&page=2" "&format=json" "&page=0"; do
		code=$(fetch x "$U?q=$enc$extra")
		case "$code" in 200|400|500) ;; *) bad="$bad status $code for '$extra';" ;; esac
		if [ "$extra" = "&format=json" ]; then
			python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/x.body" 2>/dev/null \
				|| bad="$bad JSON broken;"
			continue
		fi
		out=$($CHECK markup "$TMP/x.body") || bad="$bad $out;"
		case "$v" in *'<'*|*'"'*) grep -qF -- "$v" "$TMP/x.body" && bad="$bad echoed raw;" ;; esac
	done
	if [ -z "$bad" ]; then ok "query XSS vector $i escaped in every page"
	else not_ok "query XSS vector $i escaped in every page" "vector: $v" "$bad"; fi
done <<'EOF'
<script>alert(1)</script>
"><script>alert(1)</script>
'><img src=x onerror=alert(1)>
" autofocus onfocus="alert(1)
' onmouseover='alert(1)
</title><script>alert(1)</script>
</style><script>alert(1)</script>
<svg/onload=alert(1)>
javascript:alert(1)
<a href="javascript:alert(1)">x</a>
<iframe src="data:text/html,<script>alert(1)</script>">
<scr<script>ipt>alert(1)</scr</script>ipt>
<!--<script>alert(1)//-->
<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>
&lt;script&gt;alert(1)&lt;/script&gt;
%3Cscript%3Ealert(1)%3C/script%3E
title:"<b>" privacy
‮<script>alert(1)</script>
EOF

# ---- XSS: hostile stored titles, sources, texts and URLs ---------------------------
code=$(fetch hx "$CGI_BASE/hostile?q=zebrafish&n=50")
eq "hostile index: 200" "$code" 200
eq "hostile index: every article found" "$(grep -c '^<li><article>' "$TMP/hx.body")" 6
check "hostile index: markup is ours only" $CHECK markup "$TMP/hx.body"
lacks "hostile index: no javascript: link" "$TMP/hx.body" 'href="javascript'
lacks "hostile index: no JaVaScRiPt: link" "$TMP/hx.body" 'href=" JaVaScRiPt'
lacks "hostile index: no data: link" "$TMP/hx.body" 'href="data:'
lacks "hostile index: no vbscript: link" "$TMP/hx.body" 'href="vbscript:'
lacks "hostile index: no protocol-relative link" "$TMP/hx.body" 'href="//'
contains "hostile index: the title is shown as text" "$TMP/hx.body" '&lt;script&gt;alert(&#39;t1&#39;)&lt;/script&gt;'
contains "hostile index: an http(s) URL is linked, escaped" "$TMP/hx.body" \
	'href="https://ok.example/a?b=1&amp;c=&quot;&gt;&lt;script&gt;alert(5)&lt;/script&gt;"'

# ---- the time limit -------------------------------------------------------------------
# A long query of wildcards, phrases and NEARs must not hold the server.
patho=$(python3 -c '
import string
parts = []
for a in string.ascii_lowercase:
    parts.append(a + "*")
    parts.append("\"%s %s %s\"" % (a, a + a, a))
    parts.append("%s NEAR/50 %s" % (a + a, a))
q = " OR ".join(parts)
print(q[:1024].rsplit(" ", 1)[0])')
enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote_plus(sys.argv[1]))' "$patho")
read -r code secs < <(curl -s --max-time 30 -o "$TMP/patho.body" -w '%{http_code} %{time_total}\n' "$U?q=$enc&n=100")
if [ "$code" = 200 ] || [ "$code" = 503 ]; then ok "pathological query answered ($code in ${secs}s)"
else not_ok "pathological query answered" "status $code"; fi
if python3 -c "import sys; sys.exit(0 if $secs < 12 else 1)"; then ok "pathological query bounded in time"
else not_ok "pathological query bounded in time" "$secs s"; fi

# The watchdog: an index whose files block on open (FIFOs) holds the CGI
# until DOCKET_CGI_TIMEOUT, which answers 503.
cp -r "$IDX" "$TMP/stuck"
nfifo=0
while IFS= read -r f; do rm -f "$f" && mkfifo "$f" && nfifo=$((nfifo + 1)); done \
	< <(find "$TMP/stuck" -type f \( -name 'postlist.*' -o -name 'docdata.*' \))
if [ "$nfifo" -gt 0 ]; then
	start=$(date +%s)
	env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET QUERY_STRING=q=privacy \
		DOCKET_INDEX="$TMP/stuck" DOCKET_CGI_TIMEOUT=1 ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
		timeout 20 "$BIN/docket.cgi" >"$TMP/stuck.out" 2>/dev/null
	took=$(( $(date +%s) - start ))
	if head -1 "$TMP/stuck.out" | grep -q '^Status: 503' && [ "$took" -le 5 ]; then
		ok "a stuck index: the watchdog answers 503 (${took}s)"
	else
		not_ok "a stuck index: the watchdog answers 503" "after ${took}s: $(head -3 "$TMP/stuck.out")"
	fi
else
	skip "a stuck index: the watchdog answers 503" "no postlist/docdata file to replace"
fi

# ---- many at once -----------------------------------------------------------------
if command -v ab >/dev/null; then
	ab -q -n 60 -c 4 -s 20 "$U?q=privacy" >"$TMP/ab.out" 2>&1
	fails=$(awk '/^Failed requests/ { print $3 }' "$TMP/ab.out")
	non2xx=$(awk '/^Non-2xx responses/ { print $3 }' "$TMP/ab.out")
	if [ "${fails:-x}" = 0 ] && [ -z "$non2xx" ]; then ok "60 requests, 4 at a time: all 200"
	else not_ok "60 requests, 4 at a time: all 200" "$(grep -E 'Failed|Non-2xx|Complete' "$TMP/ab.out")"; fi
else
	skip "60 requests, 4 at a time" "ab not installed"
fi

# ---- a nightly rebuild under load ------------------------------------------------
# Readers must see the old index or the new one at every instant (doc/index-layout.md).
if command -v ab >/dev/null && [ -f "$GEN/XAPIANDB" ]; then
	ab -q -n 300 -c 2 -s 20 "$CGI_BASE/gen?q=privacy" >"$TMP/ab-gen.out" 2>&1 &
	abpid=$!
	rb_ok=1
	for r in 1 2 3; do
		"$BIN/docket-index" --rebuild --quiet --index "$GEN" "$TOP/sample-corpus/text" \
			"$TOP/sample-corpus/jsonl" >>"$TMP/gen.out" 2>&1 || rb_ok=0
	done
	wait "$abpid"
	fails=$(awk '/^Failed requests/ { print $3 }' "$TMP/ab-gen.out")
	non2xx=$(awk '/^Non-2xx responses/ { print $3 }' "$TMP/ab-gen.out")
	if [ "$rb_ok" = 1 ] && [ "${fails:-x}" = 0 ] && [ -z "$non2xx" ]; then
		ok "300 searches during 3 rebuilds: all 200"
	else
		not_ok "300 searches during 3 rebuilds: all 200" "rebuilds ok: $rb_ok" \
			"$(grep -E 'Failed|Non-2xx|Complete' "$TMP/ab-gen.out")" "$(tail -3 "$TMP/gen.out")"
	fi
else
	skip "searches during a rebuild" "ab missing or no generation index"
fi

cgi_server_log_clean "no sanitizer report in the server's error log (relaxed)"
cgi_server_stop
if [ -z "$CGI_PID" ] && ! curl -s -o /dev/null --max-time 2 "$U"; then ok "lighttpd stopped"
else not_ok "lighttpd stopped"; fi
done_testing

#!/usr/bin/env bash
# slow: headless Chromium over lighttpd (13 s)
# docket.cgi in a real browser: lighttpd on 127.0.0.1 serves the CGI, and
# headless Chromium, driven over the DevTools protocol (cgi_cdp.py), fills
# in the form, clicks Search, pages, sorts, checks the rendered results at
# desktop and phone widths (layout, labels, headings, contrast), and loads
# pages with hostile queries and stored fields to see that nothing runs,
# with the built-in templates and with a site's own (DOCKET_TEMPLATES).
# Screenshots are kept in build/artifacts/ (build-san/ under sanitizers).
# Skips when Chromium or lighttpd is missing.
# The whole test is bounded: it re-runs itself under timeout(1), whose
# SIGTERM still stops the server through the trap in server.sh.
if [ -z "${DOCKET_CGI_BOUNDED:-}" ] && command -v timeout >/dev/null; then
	DOCKET_CGI_BOUNDED=1 exec timeout -k 10 240 bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cgi_server"

ART=${DOCKET_ARTIFACTS:-$(dirname "${DOCKET_TESTBIN:-$TOP/build/tests}")/artifacts}
CHROMIUM=$(command -v chromium || command -v chromium-browser)
if [ ! -x "$BIN/docket.cgi" ]; then
	not_ok "docket.cgi is built" "$BIN/docket.cgi missing"; done_testing; exit 0
fi
if [ -z "$LIGHTTPD" ] || [ -z "$CHROMIUM" ]; then
	skip "docket.cgi in a browser" "chromium or lighttpd not installed (make deps)"
	done_testing; exit 0
fi

IDX=$TMP/index
index_sample "$IDX"
mkdir -p "$TMP/hostile-in"
cat >"$TMP/hostile-in/h.jsonl" <<'JSONL'
{"id":"x1","title":"<script>alert('t1')</script> zebrafish merger","url":"javascript:alert(1)","source":"<img src=x onerror=alert(2)>","date":"2025-01-02","text":"The zebrafish merger <b>was</b> announced. <script>alert(3)</script>"}
{"id":"x2","title":"\"><svg onload=alert(4)> zebrafish","url":"https://ok.example/a?b=1&c=\"><script>alert(5)</script>","source":"Src","date":"2025-01-03","text":"zebrafish text <img src=x onerror=alert(13)>"}
{"id":"x3","title":"zebrafish data url","url":"data:text/html,<script>alert(6)</script>","source":"S3","date":"2024-05-01","text":"zebrafish again"}
{"id":"x4","title":"zebrafish ' onmouseover='alert(7)","url":" JaVaScRiPt:alert(8)","source":"' onfocus='alert(9)","date":"2020","text":"zebrafish <iframe src=//evil.example>"}
JSONL
"$BIN/docket-index" -q --index "$TMP/hostile" "$TMP/hostile-in" 2>>"$TMP/idx.err" \
	|| not_ok "index the hostile dump" "$(cat "$TMP/idx.err")"

# A site's own templates (DOCKET_TEMPLATES) over the hostile index: a
# header with the site's name, results that show stored fields in more
# places (text, attribute, link) than the built-in ones do.
SITE=$TMP/site-templates
mkdir -p "$SITE"
sed 's|<h1><a href="?">Docket</a></h1>|<h1><a href="?">Docket</a> <small class="site-name">Example Site</small></h1>|' \
	"$TOP/templates/header.html" >"$SITE/header.html"
sed 's|<article>|<article>\n<p class="site-mark" title="{{title}}">{{source}} <a class="site-src" href="?q={{source}}">more</a> <a class="site-url" href="{{url}}">{{url}}</a></p>|' \
	"$TOP/templates/result.html" >"$SITE/result.html"
if cgi_server_start "$IDX" hostile="$TMP/hostile" site="$TMP/hostile|$SITE"; then ok "lighttpd starts on 127.0.0.1"
else
	not_ok "lighttpd starts on 127.0.0.1" "$(tail -20 "$CGI_STDERR" "$CGI_LOG" 2>/dev/null)"
	done_testing; exit 0
fi

mkdir -p "$ART"
rm -f "$ART"/*.png
timeout -k 5 150 python3 "$(dirname "$0")/cgi_cdp.py" "$CGI_BASE" "$ART" >"$TMP/cdp.out" 2>&1
rc=$?
while IFS= read -r line; do
	case "$line" in
	"PASS "*) ok "browser: ${line#PASS }" ;;
	"FAIL "*) not_ok "browser: ${line#FAIL }" ;;
	"SKIP "*) skip "browser" "${line#SKIP }" ;;
	esac
done <"$TMP/cdp.out"
if [ $rc -ne 0 ]; then not_ok "the browser driver exits cleanly" "exit $rc" "$(tail -5 "$TMP/cdp.out")"; fi
if ! grep -qE '^(PASS|FAIL|SKIP) ' "$TMP/cdp.out"; then
	not_ok "the browser driver reported" "$(tail -20 "$TMP/cdp.out")"
fi
for png in form-desktop results-desktop results-phone form-phone; do
	if [ -s "$ART/$png.png" ] && head -c 8 "$ART/$png.png" | grep -q PNG; then
		ok "screenshot $png.png kept in ${ART#$TOP/}"
	else
		not_ok "screenshot $png.png kept in ${ART#$TOP/}"
	fi
done
cgi_server_log_clean "no sanitizer report in the server's error log"
done_testing

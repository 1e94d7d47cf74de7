#!/usr/bin/env bash
# docket.cgi's page templates (templates/, DOCKET_TEMPLATES; doc/http.md,
# "Templates"), from a shell over the sample corpus:
#   - the built-in templates, the same files read from templates/, and an
#     empty DOCKET_TEMPLATES directory (every part falling back) render
#     every page byte for byte alike: form, results, later pages, facets
#     and timeline, a case page, no results, past the end, the article
#     page, 400, 404, the error page and the feed;
#   - a site's copy with one part changed changes that part only;
#   - a template that does not parse, or one that puts a variable where
#     escaping cannot protect it, makes the page a plain 500 and the
#     error log one line naming the file and line; JSON is unaffected;
#   - hostile data through a site's template stays escaped (a javascript:
#     URL in an href is dropped).
. "$(dirname "$0")/lib.sh"

if [ ! -x "$BIN/docket.cgi" ]; then
	not_ok "docket.cgi is built" "$BIN/docket.cgi missing"; done_testing; exit 0
fi
IDX=$TMP/index
index_sample "$IDX"

# cgi OUT QUERY_STRING [VAR=VALUE...]: the whole response in OUT, stderr
# in OUT.err.
cgi() {
	local out=$1 qs=$2; shift 2
	env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET \
		DOCKET_INDEX="$IDX" QUERY_STRING="$qs" "$@" \
		"$BIN/docket.cgi" >"$out" 2>"$out.err"
}

ID=mw-20250122-brightpath-ai-lawsuit
REQS=(
	""
	"q=privacy"
	"q=lawsuit&page=2&n=3"
	"q=lawsuit&sort=date&n=2&page=3"
	"q=case%3A25-01234"
	"q=zzzqqqnothing"
	"q=lawsuit&page=50"
	"q=privacy&format=atom"
	"id=$ID&q=ai+training"
	"id=nosuch"
	"page=abc&q=x"
	"q=like%3A$ID"
)
mkdir -p "$TMP/none"
same=1 diffs=""
for i in "${!REQS[@]}"; do
	cgi "$TMP/builtin.$i" "${REQS[$i]}"
	cgi "$TMP/files.$i" "${REQS[$i]}" DOCKET_TEMPLATES="$TOP/templates"
	cgi "$TMP/empty.$i" "${REQS[$i]}" DOCKET_TEMPLATES="$TMP/none"
	if ! cmp -s "$TMP/builtin.$i" "$TMP/files.$i" ||
	   ! cmp -s "$TMP/builtin.$i" "$TMP/empty.$i"; then
		same=0 diffs="$diffs ${REQS[$i]}"
	fi
done
if [ $same = 1 ]; then
	ok "built-in, templates/ and fallback render ${#REQS[@]} pages alike"
else
	not_ok "built-in, templates/ and fallback render ${#REQS[@]} pages alike" \
		"differ:$diffs"
fi
# The pages have what each template makes.
contains "header: the search form" "$TMP/builtin.1" '<form method="get" role="search">'
contains "result: a passage with its marks" "$TMP/builtin.1" '<p class="passage">'
contains "facets: the timeline" "$TMP/builtin.1" '<figure class="timeline">'
contains "facets: the facet lists" "$TMP/builtin.1" '<div class="facet"><h3>Source</h3>'
contains "pagination: the current page" "$TMP/builtin.3" '<li><span aria-current="page">3</span></li>'
contains "article: numbered paragraphs" "$TMP/builtin.8" '<p id="p1"'
contains "footer: the version" "$TMP/builtin.0" '<footer>Docket '
if grep -q '^Status: 200' "$TMP/builtin.1" && ! [ -s "$TMP/builtin.1.err" ]; then
	ok "the built-in templates serve without a word in the log"
else
	not_ok "the built-in templates serve without a word in the log" \
		"$(head -1 "$TMP/builtin.1")" "$(cat "$TMP/builtin.1.err")"
fi

# ---- a site's copy with one part changed -----------------------------------
SITE=$TMP/site
mkdir -p "$SITE"
sed 's|<article>|<article class="site">\n<p class="site-mark">{{source}}</p>|' \
	"$TOP/templates/result.html" >"$SITE/result.html"
cgi "$TMP/site.out" "q=privacy" DOCKET_TEMPLATES="$SITE"
contains "a site's result.html is used" "$TMP/site.out" '<article class="site">'
contains "its variables are filled" "$TMP/site.out" '<p class="site-mark">Meridian Wire</p>'
# The other parts are the built-in ones: the page outside the results is
# unchanged.
strip() { sed -e '/<ol class="results"/,/<\/ol>/d' -e '/^Content-Length/d' "$1"; }
if [ "$(strip "$TMP/site.out")" = "$(strip "$TMP/builtin.1")" ]; then
	ok "the parts the site does not have fall back to the built-in ones"
else
	not_ok "the parts the site does not have fall back to the built-in ones" \
		"$(diff <(strip "$TMP/builtin.1") <(strip "$TMP/site.out") | head -10)"
fi

# ---- broken templates: a plain 500, one line in the log ---------------------
BAD=$TMP/bad
mkdir -p "$BAD"
printf '<nav>\n{{#prev}}\n<a href="{{prev}}">prev</a>\n</nav>\n' >"$BAD/pagination.html"
cgi "$TMP/bad.out" "q=privacy" DOCKET_TEMPLATES="$BAD"
if head -1 "$TMP/bad.out" | grep -q '^Status: 500' &&
   grep -q '^Content-Type: text/plain' "$TMP/bad.out"; then
	ok "an unclosed section: 500, plain text"
else
	not_ok "an unclosed section: 500, plain text" "$(head -3 "$TMP/bad.out")"
fi
lacks "the 500 does not show the file" "$TMP/bad.out" "$BAD"
if [ "$(wc -l <"$TMP/bad.out.err")" -eq 1 ] &&
   grep -qF "$BAD/pagination.html:2: {{#prev}} is never closed" "$TMP/bad.out.err"; then
	ok "the log names file and line in one line"
else
	not_ok "the log names file and line in one line" "$(cat "$TMP/bad.out.err")"
fi
cgi "$TMP/badjson.out" "q=privacy&format=json" DOCKET_TEMPLATES="$BAD"
if head -1 "$TMP/badjson.out" | grep -q '^Status: 200'; then
	ok "JSON does not need the templates"
else
	not_ok "JSON does not need the templates" "$(head -1 "$TMP/badjson.out")"
fi
printf '<p onclick="go(\x27{{q}}\x27)">\n' >"$BAD/pagination.html"
printf '{{! ok }}\n<p>\n{{q}\n' >"$BAD/header.html"
cgi "$TMP/bad2.out" "" DOCKET_TEMPLATES="$BAD"
if head -1 "$TMP/bad2.out" | grep -q '^Status: 500' &&
   grep -qF "$BAD/header.html:3: unterminated tag" "$TMP/bad2.out.err"; then
	ok "an unterminated tag: 500 and file:line"
else
	not_ok "an unterminated tag: 500 and file:line" "$(head -1 "$TMP/bad2.out")" \
		"$(cat "$TMP/bad2.out.err")"
fi
rm "$BAD/header.html"
cgi "$TMP/bad3.out" "q=privacy" DOCKET_TEMPLATES="$BAD"
if head -1 "$TMP/bad3.out" | grep -q '^Status: 500' &&
   grep -qF "$BAD/pagination.html:1: a variable in an event-handler" "$TMP/bad3.out.err"; then
	ok "a variable in an event handler is refused"
else
	not_ok "a variable in an event handler is refused" "$(cat "$TMP/bad3.out.err")"
fi

mkdir -p "$TMP/unreadable/header.html"
cgi "$TMP/bad4.out" "" DOCKET_TEMPLATES="$TMP/unreadable"
if head -1 "$TMP/bad4.out" | grep -q '^Status: 500' &&
   grep -qF "$TMP/unreadable/header.html: cannot read the template" "$TMP/bad4.out.err"; then
	ok "a template that cannot be read: 500 and its path"
else
	not_ok "a template that cannot be read: 500 and its path" "$(cat "$TMP/bad4.out.err")"
fi

# ---- hostile data through a site's template ---------------------------------
EVIL=$TMP/evil
mkdir -p "$EVIL"
sed 's|<h1><a href="?">Docket</a></h1>|<h1><a href="{{q}}" title="{{q}}">Docket</a> {{q}}</h1>|' \
	"$TOP/templates/header.html" >"$EVIL/header.html"
cgi "$TMP/evil.out" "q=javascript%3Aalert(1)%22%3E%3Cscript%3Ex()%3C%2Fscript%3E" \
	DOCKET_TEMPLATES="$EVIL"
contains "a javascript: query is dropped from an href" "$TMP/evil.out" '<h1><a href="" title="javascript:alert(1)&quot;&gt;&lt;script&gt;'
lacks "and never becomes markup" "$TMP/evil.out" '<script>x()'
done_testing

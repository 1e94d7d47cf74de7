#!/bin/sh
# make-html.sh OUTDIR [DEPTH] [MEGABYTES]
#
# Writes the two hostile HTML pages of the bad-input tests; generated rather
# than committed because they are large:
#   OUTDIR/deep-nesting.html  an article whose paragraph sits inside DEPTH
#                             (default 100000) nested <div>s, with more text
#                             after them (word: Nestlevel, then Afterdeep);
#                             must be indexed with one warning naming the
#                             byte where nesting passed the parser's cap
#   OUTDIR/huge-page.html     one line of about MEGABYTES (default 50) MB:
#                             a page of short paragraphs with no newline
#                             (word: Longlinium); over the default page
#                             limit it is reported as too large and skipped,
#                             with --max-record 64M it is indexed
# Output is deterministic.
set -eu

if [ $# -lt 1 ] || [ $# -gt 3 ]; then
    echo "usage: $0 OUTDIR [DEPTH] [MEGABYTES]" >&2
    exit 2
fi
outdir=$1
depth=${2:-100000}
mb=${3:-50}
for n in "$depth" "$mb"; do
    case $n in
        ''|*[!0-9]*) echo "$0: DEPTH and MEGABYTES must be whole numbers" >&2; exit 2 ;;
    esac
done
mkdir -p "$outdir"

awk -v depth="$depth" 'BEGIN {
    printf "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">";
    printf "<title>Nested too deep: a parser stress test</title></head><body>\n";
    printf "<h1>Nested too deep: a parser stress test</h1>\n";
    for (i = 0; i < depth; i++) printf "<div>";
    printf "<p>This paragraph sits inside %d nested div elements. A parser that builds the whole tree, or walks it recursively, runs out of stack; Docket keeps the text. The word to search for is Nestlevel.</p>", depth;
    for (i = 0; i < depth; i++) printf "</div>";
    printf "\n<p>Text after the deep part must survive too: the word Afterdeep appears only here.</p>\n</body></html>\n";
}' > "$outdir/deep-nesting.html"

awk -v mb="$mb" 'BEGIN {
    p = "<p>Longlinium is the word of this page, which is one line of many short paragraphs with no newline between them.</p>";
    printf "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>One line, %d megabytes</title></head><body><h1>One line, %d megabytes</h1>", mb, mb;
    n = int(mb * 1048576 / length(p));
    for (i = 0; i < n; i++) printf "%s", p;
    printf "</body></html>";
}' > "$outdir/huge-page.html"

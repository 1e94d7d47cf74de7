#!/bin/sh
# make-huge.sh OUTDIR [MEGABYTES]
#
# Writes OUTDIR/huge-line.jsonl for the "oversize record" tests. The file is
# generated rather than committed because it is about 10 MB:
#   line 1  a normal article              id broken-huge-001 (Fenwick Telecom)
#   line 2  one valid JSON object whose "text" is ~MEGABYTES MB (default 10)
#           of filler words on a single line        id broken-huge-002
#   line 3  a normal article              id broken-huge-003 (Quarrystone)
# Lines 1 and 3 must be indexed; line 2 must be reported and skipped (or
# otherwise handled without exhausting memory). Output is deterministic.
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 OUTDIR [MEGABYTES]" >&2
    exit 2
fi
outdir=$1
mb=${2:-10}
case $mb in
    ''|*[!0-9]*) echo "$0: MEGABYTES must be a whole number" >&2; exit 2 ;;
esac
mkdir -p "$outdir"
out=$outdir/huge-line.jsonl
tmp=$out.tmp.$$
trap 'rm -f "$tmp"' EXIT HUP INT TERM

{
printf '%s\n' '{"id": "broken-huge-001", "url": "https://www.techledger.example/2025/02/fenwick-telecom-outage/", "title": "Fenwick Telecom blames a routing change for its nine-hour outage", "source": "TechLedger", "date": "2025-02-21", "author": "Owen Fairley", "text": "Fenwick Telecom said on Friday that a faulty routing change pushed during overnight maintenance caused the nine-hour outage that cut off mobile data and home broadband for about 2 million customers across four states.\n\nThe company\u2019s network chief said engineers rolled the change back within an hour, but that a bug in Fenwick\u2019s backup configuration system restored the same faulty routes, prolonging the disruption. Emergency calls were not affected, Fenwick said.\n\nFenwick will credit affected customers one week of service. State utility regulators in two of the four states said they would review the incident and Fenwick\u2019s maintenance procedures."}'

awk -v mb="$mb" 'BEGIN {
    w = "oversizium filler words for the huge single line test ";
    chunk = "";
    while (length(chunk) < 65536) chunk = chunk w;
    reps = int(mb * 1048576 / length(chunk));
    if (reps < 1) reps = 1;
    printf "{\"id\": \"broken-huge-002\", \"url\": \"https://bytewire.example/test/huge-line\", \"title\": \"Oversizium: a single record of about %d MB\", \"source\": \"Bytewire\", \"date\": \"2025-02-22\", \"text\": \"", mb;
    for (i = 0; i < reps; i++) printf "%s", chunk;
    printf "end of the oversizium record\"}\n";
}'

printf '%s\n' '{"id": "broken-huge-003", "url": "https://www.lawbeat.example/litigation/2025/02/quarrystone-arbitration/", "title": "Court upholds Quarrystone arbitration clause in gig-worker suit", "source": "LawBeat", "date": "2025-02-24", "author": "Aditi Rao", "text": "A state appeals court on Monday enforced the arbitration clause in Quarrystone Delivery\u2019s contracts with its couriers, sending a wage lawsuit brought by 1,900 drivers out of court and into individual arbitration.\n\nThe drivers argued that the clause was unconscionable because it required them to split arbitration fees and barred them from joining together. The court found that Quarrystone had agreed in 2023 to pay all fees and that the class waiver was enforceable under federal law.\n\nThe drivers\u2019 lawyers said they would file individual arbitration claims for every courier who wanted to proceed."}'
} > "$tmp"

mv "$tmp" "$out"
trap - EXIT HUP INT TERM

#!/usr/bin/env bash
# The refine stage end to end over sample-corpus/: entity fields (case:,
# party:, court:), folding of syndicated copies (and not of rewritten
# stories), the boilerplate traps of sample-corpus/README.md, datelines and
# the --extract fields; then, when $DOCKET_DATA/seeds is present, the
# exact outcome for every paragraph of the five real seed articles.
. "$(dirname "$0")/lib.sh"
IDX=$TMP/index
S() { "$BIN/docket-search" --index "$IDX" "$@"; }
C=$TOP/sample-corpus

"$BIN/docket-index" --index "$IDX" "$C/text" "$C/jsonl" >"$TMP/index.out" 2>"$TMP/index.err"
rc=$?
if [ $rc -eq 0 ]; then ok "index sample-corpus"; else not_ok "index sample-corpus" "exit $rc" "$(cat "$TMP/index.err")"; fi

# ids QUERY...: the ids of every matching article, unfolded, sorted.
ids() { S --json --no-fold --limit 100 "$@" | python3 -c 'import json,sys; [print(r["id"]) for r in json.load(sys.stdin)["results"]]' | sort; }
# same NAME WANT GOT
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "want: $(echo $2)" "got:  $(echo $3)"; fi
}

HARLOW=$(printf '%s\n' \
	courtside-law/2025-01-27-harlow-v-brightpath-what-the-complaint-says.txt \
	courtside-law/2025-03-18-judge-trims-harlow-v-brightpath.txt \
	docket-daily/2025-01-24-lawsuit-brightpath-trained-ai-on-private-messages.txt \
	lb-2025-02-28-brightpath-motion-to-dismiss \
	mw-20250122-brightpath-ai-lawsuit \
	pacific-ledger/2025-01-22-brightpath-sued-over-ai-training-on-private-messages.txt \
	sn-2025-01-28-your-messages-are-training-data \
	techledger/2025-01-22-brightpath-class-action-ai-training.txt | sort)

# case: - "Case No. 5:25-cv-01234", "case number 25-01234", "No. 25-01234".
for q in 'case:25-01234' 'case:5:25-cv-01234' 'case:"25-cv-1234"'; do
	same "$q finds the Harlow articles however the number was written" "$HARLOW" "$(ids "$q")"
done
expect_rc "case: of an unknown number finds nothing" 1 S 'case:25-99999'
same "case:24-08812 finds the Quantix articles" "$(printf '%s\n' \
	courtside-law/2024-11-14-ohio-sues-quantix-labs-over-location-data.txt \
	docket-daily/2025-02-12-quantix-breach-deepens-ohio-legal-fight.txt \
	lawbeat/2025-03-24-judge-refuses-to-dismiss-ohio-case-against-quantix.txt \
	tl-2025-01-quantix-motion-to-dismiss | sort)" "$(ids case:24-08812)"

# party: - each side of a caption.
same "party:brightpath finds the articles with a Harlow v. Brightpath caption" "$HARLOW" "$(ids party:brightpath)"
same 'party:"state of ohio"' "$(ids case:24-08812)" "$(ids 'party:"state of ohio"')"
got=$(ids 'party:"de la torre"'); same "no seed party in the sample corpus" "" "$got"

# court: - phrases inside the canonical name.
same 'court:"northern district of california"' "$(printf '%s\n' \
	dd-2024-12-19-ftc-orchard-mobile \
	docket-daily/2025-01-24-lawsuit-brightpath-trained-ai-on-private-messages.txt \
	lb-2025-01-21-tran-kestrel-settlement \
	lb-2025-02-28-brightpath-motion-to-dismiss \
	mw-20250122-brightpath-ai-lawsuit \
	pacific-ledger/2025-01-22-brightpath-sued-over-ai-training-on-private-messages.txt \
	techledger/2025-01-22-brightpath-class-action-ai-training.txt | sort)" \
	"$(ids 'court:"northern district of california"')"
n=$(ids 'court:"ninth circuit"' | wc -l)
[ "$n" -ge 3 ] && ok "court:\"ninth circuit\" ($n articles)" || not_ok "court:\"ninth circuit\"" "$n articles"
lacks_id() {  # NAME QUERY ID: ID is not among the results
	if ids "$2" | grep -qxF -- "$3"; then not_ok "$1" "$3 found for $2"; else ok "$1"; fi
}
lacks_id "a related headline gives no court" 'court:"ninth circuit"' \
	docket-daily/2025-01-24-lawsuit-brightpath-trained-ai-on-private-messages.txt

# Folding: the four Meridian Wire copies are one result, listing the others.
S --json --limit 50 '"Stored Communications Act"' >"$TMP/sca.json"
python3 - "$TMP/sca.json" <<'PY' && ok "the four wire copies fold into one result with 3 in also" || not_ok "the four wire copies fold into one result" "$(head -c 600 "$TMP/sca.json")"
import json, sys
d = json.load(open(sys.argv[1]))
wire = {"mw-20250122-brightpath-ai-lawsuit",
        "pacific-ledger/2025-01-22-brightpath-sued-over-ai-training-on-private-messages.txt",
        "techledger/2025-01-22-brightpath-class-action-ai-training.txt",
        "docket-daily/2025-01-24-lawsuit-brightpath-trained-ai-on-private-messages.txt"}
hits = [r for r in d["results"] if r["id"] in wire]
assert len(hits) == 1, [r["id"] for r in hits]
r = hits[0]
also = {a["id"] for a in r["also"]}
assert also | {r["id"]} == wire, also
for r in d["results"]:
    if r["id"] not in wire:
        assert not wire & {a["id"] for a in r.get("also") or []}, r
PY
python3 - "$TMP/sca.json" <<'PY' && ok "the rewritten Courtside Law story stays a result of its own" || not_ok "the rewritten Courtside Law story stays a result of its own"
import json, sys
d = json.load(open(sys.argv[1]))
r = [r for r in d["results"] if r["id"].startswith("courtside-law/2025-01-27")]
assert len(r) == 1 and not r[0]["also"], r
PY
S --json 'CVE-2025-21781' >"$TMP/cve.json"
python3 - "$TMP/cve.json" <<'PY' && ok "the updated Bytewire story folds with the first version" || not_ok "the updated Bytewire story folds with the first version" "$(head -c 600 "$TMP/cve.json")"
import json, sys
d = json.load(open(sys.argv[1]))
ids = [r["id"] for r in d["results"]]
bw = [r for r in d["results"] if r["id"].startswith("bytewire/2025-02-1")]
assert len(bw) == 1 and len(bw[0]["also"]) == 1, ids
assert bw[0]["also"][0]["id"].startswith("bytewire/2025-02-1"), bw
assert not any(i.startswith("docket-daily/2025-02-12") and r["also"] for r in d["results"] for i in [r["id"]])
PY

# Boilerplate traps (sample-corpus/README.md): the term is only in the
# boilerplate of these articles, so they must not match.
lacks_id "Stored Communications Act only in LawBeat's related list" '"Stored Communications Act"' \
	lawbeat/2025-03-24-judge-refuses-to-dismiss-ohio-case-against-quantix.txt
for id in docket-daily/2025-01-24-lawsuit-brightpath-trained-ai-on-private-messages.txt \
	docket-daily/2025-02-12-quantix-breach-deepens-ohio-legal-fight.txt dd-2024-12-19-ftc-orchard-mobile; do
	lacks_id "§ 230 only in a dropped headline: $id" '"§ 230"' "$id"
done
lacks_id "€310 million only in Read more" '"€310 million"' techledger/2025-01-22-brightpath-class-action-ai-training.txt
lacks_id "€310 million only in More from TechLedger" '"€310 million"' techledger/2025-03-05-ftc-nestwell-childrens-voice-recordings.txt
lacks_id "CVE-2025-21781 only in a teaser list" 'CVE-2025-21781' bw-2025-02-25-openquill-v2-5-0
lacks_id "v2.4.1 only in More from TechLedger" 'v2.4.1' techledger/2024-09-17-doj-sues-helix-cloud-antitrust.txt
lacks_id "fair use only in Read more" '"fair use"' courtside-law/2025-03-18-judge-trims-harlow-v-brightpath.txt
lacks_id "a glued Title Case headline is cut" '"Pathfinder Assistant For Paid Teams"' techledger/2024-09-17-doj-sues-helix-cloud-antitrust.txt
expect_rc "menus are not indexed" 1 S '"Obituaries E-Edition"'
expect_rc "promos in other languages are not indexed" 1 S 'Sicherheitsmeldungen'

# --extract: the refine stage's fields and datelines.
"$BIN/docket-index" --extract "$C/text" "$C/jsonl" >"$TMP/x.jsonl" 2>"$TMP/x.err"
python3 - "$TMP/x.jsonl" <<'PY' && ok "--extract prints cases, parties, courts, statutes, cves and story" || not_ok "--extract fields" "$(head -c 800 "$TMP/x.jsonl")"
import json, sys
arts = {}
for line in open(sys.argv[1]):
    d = json.loads(line)
    arts[d["id"]] = d
    for k in ("cases", "parties", "courts", "statutes", "cves"):
        assert isinstance(d[k], list), (d["id"], k)
    assert d["story"], d["id"]
a = arts["mw-20250122-brightpath-ai-lawsuit"]
assert a["cases"] == ["25-01234"], a["cases"]
assert a["parties"] == ["Harlow", "Brightpath Inc."], a["parties"]
assert a["courts"] == ["U.S. District Court for the Northern District of California"], a["courts"]
assert a["statutes"] == ["Unfair Competition Law", "Stored Communications Act"], a["statutes"]
b = arts["bytewire/2025-02-10-quantix-relay-breach-cve-2025-21781.txt"]
assert b["cves"] == ["CVE-2025-21781", "CVE-2025-21790"], b["cves"]
assert b["statutes"] == ["Computer Fraud and Abuse Act"], b["statutes"]
# Articles without a header get their date from the text.
assert arts["pacific-ledger/2024-06-12-brightpath-unveils-pathfinder-ai-assistant.txt"]["date"] == "2024-06-12"
s = arts["signal-and-noise/2024-07-18-section-230-is-not-a-loophole.txt"]
assert s["date"] == "2024-07-18" and s["author"] == "Felix Amsel", (s["date"], s["author"])
assert "min read" not in s["text"]
PY

SEEDS=$DATA/seeds
if [ ! -d "$SEEDS" ]; then
	skip "seed boilerplate, paragraph by paragraph" "no $SEEDS (no development data: set DOCKET_DATA)"
	done_testing
	exit 0
fi
"$BIN/docket-index" --extract "$SEEDS" >"$TMP/seeds.jsonl" 2>"$TMP/seeds.err"
# Each seed paragraph (by its first 40 characters, after a no-break space
# is trimmed): T the title, K kept whole, D dropped, C kept with the text
# after "|" cut away.
python3 - "$TMP/seeds.jsonl" "$SEEDS" >"$TMP/seeds.res" <<'PY'
import json, sys, os
want = {
"000_10253e2f390cc012.txt": """
K LinkedIn, the professional networking platfor
K The proposed class action, lodged on Tuesday
K Subsequently, the plaintiffs assert that the
K According to the complaint, this attempt to o
K The lawsuit has been filed in federal court i
K The legal action seeks unspecified monetary d
K In response, LinkedIn stated, “These are fals
K A representative for the plaintiffs did not p
K This lawsuit comes on the heels of an announc
K The case is formally titled De La Torre v. Li
D © Thomson Reuters 2025
D (This story has not been edited by NDTV staff
""",
"001_c4de141de000c6d8.txt": """
T LinkedIn sued for disclosing customer informa
K According to a proposed class-action lawsuit
K The technological revolution continues to set
K LinkedIn Sued Over Privacy Violations
K On Wednesday, it was revealed that Microsoft’
K The plaintiffs allege that LinkedIn discreetl
K This alleged attempt to “cover its tracks” su
K The lawsuit was filed in the federal court of
K The plaintiffs seek unspecified damages for b
K Microsoft did not immediately respond to requ
K The lawsuit was filed just hours after former
K The case is De La Torre v. LinkedIn Corp, U.S
K AI Adoption on the Rise Globally
K According to a recent report from a leading t
D Read more:
D What is the Lightning Lane pass that Disney W
D Donald Trump’s speech: the 10 most notable ph
D Walmart to close five stores in January; this
D Obtén un més gratis a Merca2.0 premium
D Cancela en cualquier momento
D Acceso exclusivo a rankings y radiografías.
D Análisis profundos y casos de estudio de éxit
D Historial de la revista impresa en formato di
D ¡Disfruta de lo mejor del marketing sin costo
D Premium
D Popular
D More in Merca2.0
D Related Articles
D Netflix increases its prices in the US
D Netflix announced it will raise subscription
D You don't have credit card details available.
""",
"002_3b9b9e0761455938.txt": """
T LinkedIn faces lawsuit amid claims it shared
K The professional networking app described the
K In a US lawsuit filed on behalf of LinkedIn P
K Filed in a California federal court, the laws
K "Given its role as a professional social medi
K "Microsoft is the parent company of LinkedIn,
K In a statement given to ITPro, a spokesperson
K The story behind the LinkedIn lawsuit
K The case hinges on the introduction of a chan
K To start with, according to the lawsuit, this
D Sign up today and you will receive a free cop
K The company exempted customers in Canada, the
K "Like other features on LinkedIn, when you en
K The change wasn't universally welcomed, howev
D RELATED WHITEPAPER
K Digital rights campaigners Open Rights Group
K The lawsuit is asking for compensation of $1,
K It also calls for the company to delete all A
D Emma Woollacott is a freelance journalist wri
D -
D UK wants an AI-powered anti-hacking systemNew
D UK and Australia agree to work more closely o
D AI is getting better at security – and it's d
D North Korean hackers are duping freelance dev
D AI and Data are reshaping the MSP landscape,
D Is your new hire an AI clone? Microsoft says
D Fake North Korean IT workers are rampant on L
""",
"003_b31dc3d444ab1cb6.txt": """
K LinkedIn users have filed a class action laws
K Alleged data harvesting for AI
K LinkedIn, owned by Microsoft, is one of the w
D Download the SAN app today to stay up-to-date
D Point phone camera here
K According to the lawsuit, the platform automa
K Privacy policy update sparks legal challenge
K The lawsuit also alleges LinkedIn attempted t
K While LinkedIn’s updated privacy policy allow
K LinkedIn’s premium subscription services, whi
K A spokesperson for LinkedIn has denied the al
K This lawsuit is not LinkedIn’s first legal ch
D Related Stories
""",
"004_c243fe9b439199bb.txt": """
C date 2025-01-24 New Delhi, January 24: Micros|date 2025-01-24 
C As per a report of Reuters, LinkedIn is accus| Deepak Agarwal Appointed As LinkedIn Chief AI Officer, Brings 24 Years of Experience in Engineering and Artificial Intelligence Roles.
C According to report, the lawsuit was filed a | LinkedIn New Feature Update: Microsoft-Owned Professional Networking Platform Launches New AI Feature for Job Seekers and Recruiters.
K Customers have reportedly stated that LinkedI
""",
}
out = {}
for line in open(sys.argv[1]):
    d = json.loads(line)
    out[os.path.basename(d["id"])] = d
def report(ok, name, detail=""):
    print("%s\t%s\t%s" % ("PASS" if ok else "FAIL", name, detail))
for seed, table in want.items():
    d = out.get(seed)
    if d is None:
        report(False, seed + ": extracted")
        continue
    paras = d["text"].split("\n")
    raw = [l.strip().strip("\u00a0").strip() for l in open(os.path.join(sys.argv[2], seed), encoding="utf-8")]
    raw = [l for l in raw if l]
    good = bad = 0
    for spec in table.strip().split("\n"):
        kind, rest = spec[0], spec[2:]
        head, _, cut = rest.partition("|")
        head = head.rstrip()
        src = [l for l in raw if l.startswith(head.lstrip())]
        if not src:
            report(False, "%s: paragraph %r in the seed" % (seed, head))
            continue
        full = src[0]
        if kind == "T":
            okk = d["title"] == full
        elif kind == "K":
            okk = full in paras
        elif kind == "D":
            # A short line may occur inside article text ("Premium"):
            # then only a paragraph of its own counts.
            okk = not any(p == full or (len(full) >= 30 and
                                        (p.startswith(full[:40]) or full in p))
                          for p in paras)
        else:  # C: the paragraph without the cut part
            kept = full.replace(cut, "") if not cut.startswith("date ") else full[len(cut):]
            okk = kept.strip() in paras and cut.strip() not in d["text"]
        if okk:
            good += 1
        else:
            bad += 1
            report(False, "%s: %s %r" % (seed, kind, head))
    report(bad == 0, "%s: all %d paragraphs as expected" % (seed, good + bad))
d = out.get("004_c243fe9b439199bb.txt", {})
report(d.get("date") == "2025-01-24", "seed 004: date 2025-01-24 from the marker", str(d.get("date")))
d = out.get("000_10253e2f390cc012.txt", {})
report(d.get("cases") == ["25-00709"] and d.get("parties") == ["De La Torre", "LinkedIn Corp"] and
       d.get("courts") == ["U.S. District Court for the Northern District of California"] and
       d.get("statutes") == ["Stored Communications Act"],
       "seed 000: case, parties, court, statute", json.dumps({k: d.get(k) for k in ("cases", "parties", "courts", "statutes")}))
d = out.get("001_c4de141de000c6d8.txt", {})
report(d.get("cases") == ["25-00709"] and d.get("statutes") == ["Unfair Competition Law", "Stored Communications Act"],
       "seed 001: case and statutes", json.dumps({k: d.get(k) for k in ("cases", "statutes")}))
PY
while IFS=$'\t' read -r verdict name detail; do
	if [ "$verdict" = PASS ]; then ok "$name"; else not_ok "$name" "$detail"; fi
done <"$TMP/seeds.res"
[ -s "$TMP/seeds.res" ] || not_ok "seed checks ran" "$(cat "$TMP/seeds.err")"
done_testing

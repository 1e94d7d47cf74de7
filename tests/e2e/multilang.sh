#!/usr/bin/env bash
# Per-article stemming over German, French and English articles: an
# inflected German (French) query word finds the German (French) article
# by its stem, English queries rank as in a one-language index
# (--single-lang), lang: still filters, passages highlight the article's
# own inflections, --like of a German article and --like-file of a German
# text select German stems, and
# --rebuild --jobs 2 and --update stem the same way.
. "$(dirname "$0")/lib.sh"
IN=$TMP/in
mkdir -p "$IN/more"
python3 - "$IN" <<'PY'
import json, sys
d = sys.argv[1]
arts = [
 {"id": "de-1", "lang": "de", "title": "Gerichte prüfen die Klagen der Verbraucher",
  "text": "Die Verbraucherschützer haben mehrere Klagen gegen das Unternehmen eingereicht. "
          "Das Gericht in Berlin prüft nun, ob die Datenschutzverstöße der Firma zu "
          "Schadensersatz führen. Die Kläger fordern eine Entschädigung für die "
          "gespeicherten Nachrichten."},
 # No declared language: detected from its function words.
 {"id": "de-2", "title": "Die Bahn erhöht die Preise",
  "text": "Die Deutsche Bahn hat angekündigt, dass die Fahrkarten im Fernverkehr "
          "ab Dezember teurer werden. Die Fahrgastverbände kritisieren die "
          "Erhöhungen und fordern, dass die Bahn zuerst die Pünktlichkeit der Züge "
          "verbessert. Auch die Gewerkschaft ist mit den neuen Preisen nicht zufrieden."},
 {"id": "en-1", "lang": "en", "title": "Courts review the complaints of consumers",
  "text": "Consumer groups have filed several complaints against the company. The court "
          "in Berlin is now reviewing whether the data protection violations lead to "
          "damages. The plaintiffs are demanding compensation for the stored messages."},
 {"id": "en-2", "lang": "en", "title": "Regulators fine the company",
  "text": "The regulators fined the company for storing messages. Its lawyers said "
          "the complaints were unfounded and that trains run on time."},
]
with open(d + "/news.jsonl", "w") as f:
    for a in arts:
        f.write(json.dumps(a, ensure_ascii=False) + "\n")
fr = {"id": "fr-1", "lang": "fr", "title": "Les tribunaux examinent les plaintes des consommateurs",
      "text": "Les associations de consommateurs ont déposé plusieurs plaintes contre "
              "l'entreprise. Le tribunal de Paris examine maintenant si les violations de "
              "la protection des données entraînent des dommages. Les plaignants demandent "
              "une indemnisation pour les messages enregistrés."}
with open(d + "/more/fr.jsonl", "w") as f:
    f.write(json.dumps(fr, ensure_ascii=False) + "\n")
PY

M=$TMP/multi S=$TMP/single
check "index per article" "$BIN/docket-index" --quiet --index "$M" "$IN"
check "index with --single-lang" "$BIN/docket-index" --quiet --single-lang --index "$S" "$IN"

ids() {  # ids INDEX QUERY: the result ids, space-separated
	"$BIN/docket-search" --index "$1" --json --no-fold -- "$2" |
		python3 -c 'import json,sys; print(" ".join(r["id"] for r in json.load(sys.stdin)["results"]))'
}
is() {  # is NAME GOT WANT
	[ "$2" = "$3" ] && ok "$1" || not_ok "$1" "want: [$3]" "got: [$2]"
}

is "inflected German word finds the German article" "$(ids "$M" Klage)" "de-1"
is "... which one-language stemming misses" "$(ids "$S" Klage)" ""
is "German phrase in other inflections" "$(ids "$M" '"gespeicherte Nachricht"')" "de-1"
is "detected German: Preis finds Preise" "$(ids "$M" 'Preis Erhöhung')" "de-2"
is "French word in another inflection" "$(ids "$M" examinait)" "fr-1"
is "German plural" "$(ids "$M" 'Entschädigungen')" "de-1"
is "German wildcard" "$(ids "$M" 'Verbraucherschütz*')" "de-1"
is "NEAR in German" "$(ids "$M" 'NEAR(Klage Unternehmens)')" "de-1"
is "lang:de filters" "$(ids "$M" 'lang:de Berlin')" "de-1"
is "lang:fr alone" "$(ids "$M" 'lang:fr')" "fr-1"
is "-lang:de excludes" "$(ids "$M" '-lang:de Klage')" ""

# English queries: the English articles in the same order with the same
# scores as in the one-language index.
for q in complaints "storing messages" '"stored messages"' 'compan*' \
	'NEAR(complaints company)' 'title:courts' 'court -regulators' 'trains'; do
	a=$("$BIN/docket-search" --index "$M" --format trec --no-fold -- "$q" | grep ' en-' | cut -d' ' -f3-5)
	b=$("$BIN/docket-search" --index "$S" --format trec --no-fold -- "$q" | grep ' en-' | cut -d' ' -f3-5)
	[ -n "$b" ] && [ "$a" = "$b" ] && ok "English query $q ranks as before" ||
		not_ok "English query $q ranks as before" "per article: $a" "single: $b"
done

"$BIN/docket-search" --index "$M" Klage >"$TMP/klage.txt"
contains "the German passage highlights Klagen" "$TMP/klage.txt" "**Klagen**"
contains "... and Kläger" "$TMP/klage.txt" "**Kläger**"
"$BIN/docket-search" --index "$M" --explain Klagen >"$TMP/explain.txt"
contains "--explain shows the German form" "$TMP/explain.txt" "klag FILTER XZgerman"
contains "--explain names the German stem" "$TMP/explain.txt" "german: klag (1 article)"

# --like ID of a German article: its words as the German stemmer indexed
# them ("Verhandlungen" and "Verhandlung" are one stem), so the article on
# the same case comes first and the one that shares only its data words
# before the one that shares nothing but function words.
L=$TMP/like
mkdir -p "$L"
python3 - "$L/in.jsonl" <<'PY'
import json, sys
arts = [
 {"id": "de-a", "lang": "de", "title": "Datenschutzbehörde verhängt Bußgelder gegen Versicherungen",
  "text": "Die Datenschutzbehörde führte lange Verhandlungen mit den Versicherungen über die "
          "Speicherung der Kundendaten. Nach den Verhandlungen verhängte die Behörde Bußgelder, "
          "weil die Versicherungen die Kundendaten ohne Einwilligung gespeichert hatten."},
 {"id": "de-b", "lang": "de", "title": "Versicherung muss Bußgeld zahlen",
  "text": "In der Verhandlung mit der Versicherung ging es um gespeicherte Kundendaten. Die "
          "Datenschutzbehörden verhängten ein Bußgeld, denn die Einwilligungen der Kunden fehlten."},
 {"id": "de-c", "lang": "de", "title": "Die Bahn erhöht die Fahrpreise",
  "text": "Die Bahn erhöht die Fahrpreise im Fernverkehr. Die Fahrgäste kritisieren die "
          "Erhöhung und die Verspätungen der Züge."},
 {"id": "de-d", "lang": "de", "title": "Neue Regeln für Kundendaten",
  "text": "Die Regierung plant neue Regeln. Unternehmen sollen weniger Daten speichern und "
          "die Verspätungen bei Auskünften verringern."},
 {"id": "en-a", "lang": "en", "title": "Regulator fines insurers",
  "text": "The data protection authority negotiated with insurers about storing customer "
          "data and imposed fines."},
]
with open(sys.argv[1], "w") as f:
    for a in arts:
        f.write(json.dumps(a, ensure_ascii=False) + "\n")
PY
check "index the --like set" "$BIN/docket-index" --quiet --index "$L/ix" "$L/in.jsonl"
got=$("$BIN/docket-search" --index "$L/ix" --format trec --like de-a | cut -d' ' -f3 | tr '\n' ' ')
is "--like a German article: same case, then shared data words" "$got" "de-b de-d de-c "
# --like-file of the same text: its language is detected (German).
python3 -c 'import json,sys; a=json.loads(open(sys.argv[1]).readline()); print(a["title"]); print(a["text"])' \
	"$L/in.jsonl" >"$L/de-a.txt"
got=$("$BIN/docket-search" --index "$L/ix" --format trec --like-file "$L/de-a.txt" | cut -d' ' -f3 | tr '\n' ' ')
is "--like-file of a German text: read with the German stemmer" "$got" "de-a de-b de-d de-c "

# Managed: a rebuild with two threads stems as the plain index does; an
# update that brings French articles to a German and English generation.
G=$TMP/managed
check "--rebuild --jobs 2" "$BIN/docket-index" --quiet --rebuild --jobs 2 --index "$G" "$IN/news.jsonl"
is "rebuild: German word" "$(ids "$G" Klage)" "de-1"
is "rebuild: French not yet" "$(ids "$G" examinait)" ""
check "--update adds the French dump" "$BIN/docket-index" --quiet --update --index "$G" "$IN/news.jsonl" "$IN/more"
is "update: French word" "$(ids "$G" examinait)" "fr-1"
is "update: German word still" "$(ids "$G" Klage)" "de-1"
a=$("$BIN/docket-search" --index "$G" --format trec --no-fold complaints | cut -d' ' -f3-5)
b=$("$BIN/docket-search" --index "$M" --format trec --no-fold complaints | cut -d' ' -f3-5)
is "update: same ranking as the plain index" "$a" "$b"
done_testing

#!/bin/bash
# replicate.sh - contrib/docket-replicate copies a sharded generation over loopback with xapian-replicate and the copy answers alike.
#
# A 2-shard index of sample-corpus/text is served by a real
# xapian-replicate-server on 127.0.0.1 (its own process group); the script
# replicates it into a second directory, whose answers must equal the
# master's.  A second generation (the whole sample corpus) replaces the
# first on the copy: the stub switches, the old shards go, the previous
# stub stays; a failed replication leaves the copy's live generation as
# it was.
. "$(dirname "$0")/lib.sh"

if ! command -v xapian-replicate-server >/dev/null; then
	skip "replication" "xapian-replicate-server is not installed (make deps: xapian-tools)"
	done_testing
	exit 0
fi
SRV=
cleanup() { [ -n "$SRV" ] && kill -TERM -- "-$SRV" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
REP=$TOP/contrib/docket-replicate
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

check "master: 2 shards" "$BIN/docket-index" -q --jobs 1 --rebuild --shards 2 \
	--index "$TMP/master" "$TOP/sample-corpus/text"
setsid xapian-replicate-server -I 127.0.0.1 -p "$port" "$TMP/master" >"$TMP/srv.log" 2>&1 </dev/null &
SRV=$!
for _ in $(seq 50); do
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
	sleep 0.1
done

same() {  # same NAME: the copy answers the queries as the master
	local q diff=0
	for q in privacy brightpath '"stored communications act"' 'qua*' brightpth; do
		"$BIN/docket-search" --json --index "$TMP/master" "$q" >"$TMP/m.json" 2>&1
		"$BIN/docket-search" --json --index "$TMP/copy" "$q" >"$TMP/c.json" 2>&1
		cmp -s "$TMP/m.json" "$TMP/c.json" || { diff=1; echo "# differs: $q"; }
	done
	if [ $diff = 0 ]; then ok "$1"; else not_ok "$1" "$(head -c 400 "$TMP/c.json")"; fi
}

cp "$TMP/master/XAPIANDB" "$TMP/stub1"
check "replicate generation 1" "$REP" 127.0.0.1 "$port" "$TMP/stub1" "$TMP/copy"
same "the copy answers as the master (generation 1)"
contains "the copy's stub names the master's shards" "$TMP/copy/XAPIANDB" "auto shards/g000001-1"

check "master: generation 2" "$BIN/docket-index" -q --jobs 1 --rebuild --shards 2 \
	--index "$TMP/master" "$TOP/sample-corpus/text" "$TOP/sample-corpus/jsonl"
cp "$TMP/master/XAPIANDB" "$TMP/stub2"
check "replicate generation 2" "$REP" 127.0.0.1 "$port" "$TMP/stub2" "$TMP/copy"
same "the copy answers as the master (generation 2)"
contains "the previous stub is kept" "$TMP/copy/XAPIANDB.prev" "auto shards/g000001-0"
if [ "$(ls "$TMP/copy/shards" | tr '\n' ' ')" = "g000001-0 g000001-1 g000002-0 g000002-1 " ]; then
	ok "the live and previous generations' shards are there"
else not_ok "the live and previous generations' shards are there" "$(ls "$TMP/copy/shards")"; fi

# A pull when nothing new was published (the hourly timer's usual case)
# copies nothing: the shards' files stay as they were (all but the lock
# file, which xapian-replicate opens).
touch -d '-1 minute' "$TMP/marker"
find "$TMP/copy/shards" -type f -exec touch -d '-2 minutes' {} +
check "replicate generation 2 again" "$REP" 127.0.0.1 "$port" "$TMP/stub2" "$TMP/copy"
changed=$(find "$TMP/copy/shards/g000002-0" "$TMP/copy/shards/g000002-1" -type f ! -name flintlock -newer "$TMP/marker" | wc -l)
if [ "$changed" -eq 0 ]; then ok "a pull with nothing new copies nothing"
else not_ok "a pull with nothing new copies nothing" "$(find "$TMP/copy/shards" -type f -newer "$TMP/marker")"; fi
same "the copy still answers as the master"

# The systemd units of contrib/ are valid (systemd-analyze verify, with
# the programs' paths pointed at this build).
if command -v systemd-analyze >/dev/null; then
	mkdir -p "$TMP/units"
	for u in "$TOP"/contrib/*.service "$TOP"/contrib/*.timer; do
		sed -e "s#/usr/local/bin/docket-replicate#$TOP/contrib/docket-replicate#" \
		    -e "s#/usr/local/bin/#$BIN/#g" "$u" >"$TMP/units/$(basename "$u")"
	done
	cp "$TMP/units/docket-shard@.service" "$TMP/units/docket-shard@8100.service"
	rm "$TMP/units/docket-shard@.service"
	n=0
	for u in "$TMP"/units/*; do
		if systemd-analyze verify --man=no "$u" >"$TMP/verify.out" 2>&1 && [ ! -s "$TMP/verify.out" ]; then
			n=$((n + 1))
		else echo "# $(basename "$u"): $(head -3 "$TMP/verify.out")"; fi
	done
	total=$(ls "$TMP/units" | wc -l)
	if [ "$n" -eq "$total" ]; then ok "systemd-analyze verify: $n contrib units"
	else not_ok "systemd-analyze verify: $n of $total contrib units"; fi
else
	skip "contrib units" "systemd-analyze is not installed"
fi

# A failure (the master has no such shard) names the shard and leaves the
# live generation untouched.
cp "$TMP/copy/XAPIANDB" "$TMP/live.before"
sed 's/g000002-1/g000099-1/' "$TMP/stub2" >"$TMP/stub99"
expect_rc "a failed replication: exit 2" 2 timeout 60 "$REP" 127.0.0.1 "$port" "$TMP/stub99" "$TMP/copy"
contains "a failed replication names the shard" "$TMP/rc.err" "shards/g000099-1: replication from 127.0.0.1:$port failed"
if cmp -s "$TMP/live.before" "$TMP/copy/XAPIANDB"; then ok "a failed replication leaves the live stub"
else not_ok "a failed replication leaves the live stub"; fi
printf 'remote 127.0.0.1:1\n' >"$TMP/bad.stub"
expect_rc "a stub with other lines: exit 2" 2 "$REP" 127.0.0.1 "$port" "$TMP/bad.stub" "$TMP/copy"

done_testing

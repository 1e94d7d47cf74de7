# server.sh - start and stop web servers for the end-to-end tests (sourced
# after lib.sh; not a test itself: tests/run skips it).
#
#   server_start SETUP PATH CMD...
#       picks a free port on 127.0.0.1 into $PORT, calls the caller's
#       function SETUP (which writes the server's configuration for $PORT
#       and returns non-zero when it cannot), runs CMD in the background in
#       a process group of its own, and waits up to 5 s until
#       http://127.0.0.1:$PORT$PATH answers.  A port taken in between or a
#       server that never answers is stopped and tried again on a new port,
#       three times in all.  Sets SERVER_PID and SERVER_BASE; 0 when up.
#   server_spawn CMD...
#       a helper process (fcgiwrap) in a process group of its own, with no
#       port to wait for; sets SERVER_PID.
#   SERVER_OUT=FILE server_start|server_spawn ...
#       appends the server's standard output and error to FILE (the
#       default is /dev/null).
#   server_stop [PID]
#       stops one server (its whole process group: CGI workers and forked
#       children go with it), or every server this test started: SIGTERM,
#       up to 2 s, then SIGKILL.
#
# Every server is stopped when the test exits, whatever the exit (the
# EXIT/INT/TERM trap replaces lib.sh's and still removes $TMP).
SERVER_PIDS=""
SERVER_PID=""
SERVER_BASE=""

server_free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

server_spawn() {
	setsid "$@" >>"${SERVER_OUT:-/dev/null}" 2>&1 &
	SERVER_PID=$!
	SERVER_PIDS="$SERVER_PIDS $SERVER_PID"
}

server_start() {
	local setup=$1 path=$2 attempt i; shift 2
	for attempt in 1 2 3; do
		PORT=$(server_free_port) || return 1
		"$setup" || return 1
		server_spawn "$@"
		SERVER_BASE="http://127.0.0.1:$PORT"
		for i in $(seq 50); do
			kill -0 "$SERVER_PID" 2>/dev/null || break
			if curl -s -o /dev/null --max-time 2 "$SERVER_BASE$path"; then
				return 0
			fi
			sleep 0.1
		done
		server_stop "$SERVER_PID"   # the port was taken, or no answer
	done
	SERVER_PID=""; SERVER_BASE=""
	return 1
}

server_stop() {
	local pids=${1:-$SERVER_PIDS} p i rest=""
	for p in $pids; do
		kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null
	done
	for p in $pids; do
		for i in $(seq 10); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.2
		done
		kill -KILL -- "-$p" 2>/dev/null || kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	for p in $SERVER_PIDS; do
		case " $pids " in *" $p "*) ;; *) rest="$rest $p" ;; esac
	done
	SERVER_PIDS=$rest
	[ "${1:-}" = "$SERVER_PID" ] && SERVER_PID=""
	return 0
}

trap 'server_stop; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

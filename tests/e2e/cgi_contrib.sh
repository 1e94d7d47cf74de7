#!/usr/bin/env bash
# slow: nginx (fcgiwrap; docket.fcgi under spawn-fcgi) and Apache when installed (up to 120 s)
# The other shipped web server configurations, run for real when their
# servers are installed (nginx and fcgiwrap are in make deps, Apache is
# not; lighttpd's is the one cgi_http.sh, cgi_browser.sh and fcgi.sh run):
# contrib/nginx-docket.conf behind nginx + fcgiwrap,
# contrib/nginx-docket-fcgi.conf with docket.fcgi under spawn-fcgi, and
# contrib/apache-docket.conf behind Apache's mod_cgi,
# each on 127.0.0.1 and a free port, with the two paths of the file
# replaced.  Each serves the form, a results page, the JSON of
# docket-search, a 400 and a 405.  Skips a server that is not installed.
if [ -z "${DOCKET_CGI_BOUNDED:-}" ] && command -v timeout >/dev/null; then
	DOCKET_CGI_BOUNDED=1 exec timeout -k 10 120 bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cgi_server"

NGINX=$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; })
FCGIWRAP=$(command -v fcgiwrap || { [ -x /usr/sbin/fcgiwrap ] && echo /usr/sbin/fcgiwrap; })
APACHE=$(command -v apache2 || { [ -x /usr/sbin/apache2 ] && echo /usr/sbin/apache2; })
APACHE_MODS=/usr/lib/apache2/modules
if [ ! -x "$BIN/docket.cgi" ] || ! command -v curl >/dev/null; then
	skip "contrib configurations" "docket.cgi or curl missing"; done_testing; exit 0
fi
if [ -z "$NGINX" ] && [ -z "$APACHE" ]; then
	skip "contrib/nginx-docket.conf" "nginx not installed"
	skip "contrib/apache-docket.conf" "apache2 not installed"
	done_testing; exit 0
fi
IDX=$TMP/index
index_sample "$IDX"
# The servers' workers may run as another user: let them read.
chmod -R a+rX "$TMP"

# exercise NAME BASEURL: the same checks on any server.
exercise() {
	local name=$1 u=$2 code
	code=$(fetch "$name-form" "$u")
	if [ "$code" = 200 ] && grep -q '<form method="get" role="search">' "$TMP/$name-form.body" &&
	   [ "$(header "$name-form" Content-Type)" = "text/html; charset=utf-8" ] &&
	   [ -n "$(header "$name-form" Cache-Control)" ]; then ok "$name: the form"
	else not_ok "$name: the form" "status $code" "$(head -c 300 "$TMP/$name-form.body")"; fi
	code=$(fetch "$name-r" "$u?q=privacy+lawsuit")
	if [ "$code" = 200 ] && grep -q '<mark>' "$TMP/$name-r.body"; then ok "$name: results"
	else not_ok "$name: results" "status $code" "$(head -c 300 "$TMP/$name-r.body")"; fi
	fetch "$name-j" "$u?q=privacy&format=json" >/dev/null
	"$BIN/docket-search" --index "$IDX" --json privacy >"$TMP/$name-j.want" 2>/dev/null
	if cmp -s "$TMP/$name-j.body" "$TMP/$name-j.want"; then ok "$name: JSON = docket-search --json"
	else not_ok "$name: JSON = docket-search --json"; fi
	code=$(fetch "$name-b" "$u?q=%FF")
	if [ "$code" = 400 ] && grep -q 'not valid UTF-8' "$TMP/$name-b.body"; then ok "$name: invalid UTF-8 is 400"
	else not_ok "$name: invalid UTF-8 is 400" "status $code"; fi
	code=$(fetch "$name-p" "$u?q=x" -X POST --data-binary x)
	if [ "$code" = 405 ] && [ "$(header "$name-p" Allow)" = "GET, HEAD" ]; then ok "$name: POST is 405"
	else not_ok "$name: POST is 405" "status $code"; fi
	if head -c 4 "$TMP/$name-form.body" | grep -q ELF; then not_ok "$name: the program is not served as a file"
	else ok "$name: the program is not served as a file"; fi
}

# nginx_conf_in DIR: write DIR/nginx.conf, an nginx on 127.0.0.1:$PORT
# serving DIR/docket.conf (the contrib file with its paths replaced).
nginx_conf_in() {
	local d=$1
	cat >"$d/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $d/tmp; fastcgi_temp_path $d/tmp; proxy_temp_path $d/tmp;
	uwsgi_temp_path $d/tmp; scgi_temp_path $d/tmp;
	server {
		listen 127.0.0.1:$PORT;
		root $d/root;
		include $d/docket.conf;
	}
}
EOF
	if [ "$(id -u)" -eq 0 ]; then sed -i '1a user root;' "$d/nginx.conf"; fi
}

# ---- nginx + fcgiwrap -----------------------------------------------------------
if [ -n "$NGINX" ] && [ -n "$FCGIWRAP" ]; then
	d=$TMP/nginx; mkdir -p "$d/tmp" "$d/root"
	sed -e "s|/usr/local/bin/docket.cgi|$BIN/docket.cgi|" \
	    -e "s|/var/lib/docket/index|$IDX|" \
	    -e "s|unix:/run/fcgiwrap.socket|unix:$d/fcgi.sock|" \
	    -e "s|include fastcgi_params;|include /etc/nginx/fastcgi_params;|" \
	    "$TOP/contrib/nginx-docket.conf" >"$d/docket.conf"
	nginx_config() { nginx_conf_in "$d"; }
	SERVER_OUT=$d/fcgiwrap.log server_spawn "$FCGIWRAP" -c 2 -s "unix:$d/fcgi.sock"
	if SERVER_OUT=$d/nginx.out server_start nginx_config / \
		"$NGINX" -c "$d/nginx.conf" -p "$d"; then
		ok "nginx starts with contrib/nginx-docket.conf"
		exercise nginx "$SERVER_BASE/search"
	else
		not_ok "nginx starts with contrib/nginx-docket.conf" "$(cat "$d/nginx.out" "$d/error.log" 2>/dev/null | tail -5)"
	fi
	server_stop
else
	skip "contrib/nginx-docket.conf" "nginx or fcgiwrap not installed"
fi

# ---- nginx + docket.fcgi under spawn-fcgi ------------------------------------------
# contrib/nginx-docket-fcgi.conf with the long-running searcher started as
# contrib/docket-fcgi.service starts it (spawn-fcgi -n, a Unix socket): the
# same checks, and its results page is docket.cgi's.
SPAWN=$(command -v spawn-fcgi || true)
if [ -n "$NGINX" ] && [ -n "$SPAWN" ] && [ -x "$BIN/docket.fcgi" ]; then
	d=$TMP/nginxf; mkdir -p "$d/tmp" "$d/root"
	sed -e "s|unix:/run/docket/fcgi.socket|unix:$d/fcgi.sock|" \
	    -e "s|include fastcgi_params;|include /etc/nginx/fastcgi_params;|" \
	    "$TOP/contrib/nginx-docket-fcgi.conf" >"$d/docket.conf"
	nginxf_config() { nginx_conf_in "$d"; }
	DOCKET_INDEX=$IDX SERVER_OUT=$d/spawn.log server_spawn \
		"$SPAWN" -n -s "$d/fcgi.sock" -M 0666 -- "$BIN/docket.fcgi"
	for _ in $(seq 50); do [ -S "$d/fcgi.sock" ] && break; sleep 0.1; done
	if SERVER_OUT=$d/nginx.out server_start nginxf_config / \
		"$NGINX" -c "$d/nginx.conf" -p "$d"; then
		ok "nginx starts with contrib/nginx-docket-fcgi.conf"
		exercise nginx-fcgi "$SERVER_BASE/search"
		fetch nginx-fcgi-page "$SERVER_BASE/search?q=privacy+lawsuit" >/dev/null
		env -i REQUEST_METHOD=GET QUERY_STRING='q=privacy+lawsuit' DOCKET_INDEX="$IDX" \
			"$BIN/docket.cgi" | sed '1,/^\r\{0,1\}$/d' >"$TMP/cgi-page.body"
		if [ -s "$TMP/cgi-page.body" ] && cmp -s "$TMP/nginx-fcgi-page.body" "$TMP/cgi-page.body"; then
			ok "nginx-fcgi: the results page is docket.cgi's"
		else not_ok "nginx-fcgi: the results page is docket.cgi's" \
			"$(diff "$TMP/nginx-fcgi-page.body" "$TMP/cgi-page.body" | head -5)"; fi
	else
		not_ok "nginx starts with contrib/nginx-docket-fcgi.conf" "$(cat "$d/nginx.out" "$d/error.log" "$d/spawn.log" 2>/dev/null | tail -5)"
	fi
	server_stop
else
	skip "contrib/nginx-docket-fcgi.conf" "nginx or spawn-fcgi not installed"
fi

# ---- Apache mod_cgi --------------------------------------------------------------
if [ -n "$APACHE" ] && [ -f "$APACHE_MODS/mod_cgi.so" ]; then
	d=$TMP/apache; mkdir -p "$d/root"
	bindir=$(dirname "$BIN/docket.cgi")
	sed -e "s|/usr/local/bin/docket.cgi|$BIN/docket.cgi|" \
	    -e "s|\"/usr/local/bin\"|\"$bindir\"|" \
	    -e "s|/var/lib/docket/index|$IDX|" \
	    "$TOP/contrib/apache-docket.conf" >"$d/docket.conf"
	user=$(id -un); group=$(id -gn)
	[ "$(id -u)" -eq 0 ] && { user=daemon; group=daemon; }
	apache_config() {
		cat >"$d/httpd.conf" <<EOF
ServerRoot $d
Listen 127.0.0.1:$PORT
PidFile $d/httpd.pid
ErrorLog $d/error.log
LoadModule mpm_prefork_module $APACHE_MODS/mod_mpm_prefork.so
LoadModule authz_core_module $APACHE_MODS/mod_authz_core.so
LoadModule alias_module $APACHE_MODS/mod_alias.so
LoadModule cgi_module $APACHE_MODS/mod_cgi.so
LoadModule env_module $APACHE_MODS/mod_env.so
User $user
Group $group
ServerName localhost
DocumentRoot $d/root
<Directory />
	Require all denied
</Directory>
Include $d/docket.conf
EOF
	}
	if SERVER_OUT=$d/apache.out server_start apache_config /search \
		"$APACHE" -X -f "$d/httpd.conf"; then
		ok "Apache starts with contrib/apache-docket.conf"
		exercise apache "$SERVER_BASE/search"
	else
		not_ok "Apache starts with contrib/apache-docket.conf" "$(cat "$d/apache.out" "$d/error.log" 2>/dev/null | tail -5)"
	fi
	server_stop
else
	skip "contrib/apache-docket.conf" "apache2 with mod_cgi not installed"
fi
done_testing

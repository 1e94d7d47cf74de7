/*
 * fcgi_main.c - docket.fcgi: docket.cgi's answers from a long-running
 * FastCGI process that keeps the index open (cgi.h, live.h).
 *
 * Each request is answered by dk_cgi_handle(), exactly as docket.cgi
 * answers it (doc/http.md); the only difference is the searcher, which
 * stays open between requests and is opened again when a new generation
 * is published (live.h), when a request failed with 500 or 503 (a broken
 * index or connection is not kept), or after SIGHUP.
 *
 * The parameters of a request (REQUEST_METHOD, QUERY_STRING, and
 * DOCKET_INDEX and DOCKET_PARTIAL when the server passes them) come from
 * the FastCGI request; DOCKET_INDEX and DOCKET_PARTIAL fall back to the
 * process environment (lighttpd's bin-environment, spawn-fcgi's).
 *
 * Signals: SIGTERM and SIGINT finish the request in progress and end the
 * process; SIGHUP reopens the index before the next request.  A request
 * still running after DOCKET_CGI_TIMEOUT seconds (default HARD_LIMIT_S)
 * ends the process (the server answers the client with an error and
 * starts a new one): a stuck disk or shard must not hold a worker forever.
 *
 * This is the one program that links libfcgi (Makefile).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "../common/buf.h"
#include "cgi.h"
#include "cgi_templates.h"
#include "live.h"

#define HARD_LIMIT_S 10

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t reopen_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
	FCGX_ShutdownPending();
}

static void on_hup(int sig)
{
	(void)sig;
	reopen_requested = 1;
}

static void on_alarm(int sig)
{
	static const char msg[] =
		"docket.fcgi: a request ran past DOCKET_CGI_TIMEOUT; exiting\n";
	(void)sig;
	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
		/* nothing more to do */
	}
	_exit(3);
}

/* Handlers without SA_RESTART, so that a signal ends a blocking accept(). */
static void set_handler(int sig, void (*fn)(int))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void usage(FILE *f)
{
	fputs("Usage: docket.fcgi [--listen ADDRESS]\n"
	      "Answer FastCGI requests with Docket search results: the pages and\n"
	      "JSON of docket.cgi from one process that keeps the index open.\n"
	      "\n"
	      "Started by a FastCGI server (lighttpd's bin-path, spawn-fcgi), which\n"
	      "hands it a listening socket as standard input; --listen opens one\n"
	      "itself (\"PATH\" for a Unix socket, \":PORT\" or \"HOST:PORT\" for TCP).\n"
	      "The index is DOCKET_INDEX (a request parameter, else the environment);\n"
	      "a newly published generation is opened before the next request.\n"
	      "SIGTERM finishes the current request and exits; SIGHUP reopens the\n"
	      "index.  A request running past DOCKET_CGI_TIMEOUT seconds (default\n"
	      "10) ends the process.\n"
	      "\n"
	      "  -l, --listen ADDRESS  listen on ADDRESS instead of standard input\n"
	      "  -h, --help            show this help\n"
	      "  -V, --version         show the version\n",
	      f);
}

static unsigned hard_limit(void)
{
	const char *t = getenv("DOCKET_CGI_TIMEOUT");
	if (t && *t) {
		char *end;
		unsigned long v = strtoul(t, &end, 10);
		if (!*end && v >= 1 && v <= 600)
			return (unsigned)v;
	}
	return HARD_LIMIT_S;
}

/* A request parameter, else the process environment's variable. */
static const char *param_or_env(FCGX_Request *r, const char *name)
{
	const char *v = FCGX_GetParam(name, r->envp);
	return v ? v : getenv(name);
}

/* Answer one accepted request. */
static void serve(FCGX_Request *r, dk_live *live,
		  dk_cgi_templates_cache *tc, unsigned limit)
{
	dk_cgi_request req;
	dk_buf out = DK_BUF_INIT;
	memset(&req, 0, sizeof req);
	req.method = FCGX_GetParam("REQUEST_METHOD", r->envp);
	req.query_string = FCGX_GetParam("QUERY_STRING", r->envp);
	req.index_dir = param_or_env(r, "DOCKET_INDEX");
	req.templates_dir = param_or_env(r, "DOCKET_TEMPLATES");
	req.templates_cache = tc;
	const char *partial = param_or_env(r, "DOCKET_PARTIAL");
	req.partial = partial && !strcmp(partial, "1");
	req.time_limit = DK_CGI_TIME_LIMIT;
	req.log = stderr;

	alarm(limit);
	if (reopen_requested) {
		reopen_requested = 0;
		dk_live_drop(live);
	}
	if (req.index_dir && *req.index_dir) {
		dk_searcher_opts so = { 0 };
		so.partial = req.partial;
		so.remote_timeout = req.time_limit;
		so.keep_values = 1;  /* a long-running process */
		/* On failure the handler opens once more itself, and answers
		 * and logs what docket.cgi would. */
		if (dk_live_get(live, req.index_dir, &so, &req.ix, NULL))
			req.ix = NULL;
	}
	int code = dk_cgi_handle(&req, &out);
	if (code >= 500)
		dk_live_drop(live);
	alarm(0);
	if (out.err || !out.data) {
		static const char oom[] = DK_CGI_OOM_RESPONSE;
		FCGX_PutStr(oom, (int)(sizeof oom - 1), r->out);
	} else {
		const char *p = out.data;
		size_t n = out.len;
		while (n) {
			int chunk = n > (1u << 30) ? 1 << 30 : (int)n;
			if (FCGX_PutStr(p, chunk, r->out) < 0)
				break;  /* the client or server went away */
			p += chunk;
			n -= (size_t)chunk;
		}
	}
	dk_buf_free(&out);
}

int main(int argc, char **argv)
{
	const char *listen_on = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(argv[i], "--version") || !strcmp(argv[i], "-V")) {
			printf("docket.fcgi %s\n", DOCKET_VERSION);
			return 0;
		}
		if ((!strcmp(argv[i], "--listen") || !strcmp(argv[i], "-l")) &&
		    i + 1 < argc) {
			listen_on = argv[++i];
			continue;
		}
		fprintf(stderr, "docket.fcgi: unknown argument '%s' (try --help)\n",
			argv[i]);
		return 2;
	}
	if (FCGX_Init() != 0) {
		fputs("docket.fcgi: cannot initialise libfcgi\n", stderr);
		return 1;
	}
	int sock = 0;
	if (listen_on) {
		sock = FCGX_OpenSocket(listen_on, 64);
		if (sock < 0) {
			fprintf(stderr, "docket.fcgi: cannot listen on %s: %s\n",
				listen_on, strerror(errno));
			return 1;
		}
	} else if (FCGX_IsCGI()) {
		fputs("docket.fcgi: standard input is not a FastCGI socket; run it "
		      "from a FastCGI server or spawn-fcgi, or give --listen "
		      "(try --help)\n", stderr);
		return 2;
	}
	set_handler(SIGTERM, on_stop);
	set_handler(SIGINT, on_stop);
	set_handler(SIGHUP, on_hup);
	set_handler(SIGALRM, on_alarm);
	signal(SIGPIPE, SIG_IGN);

	unsigned limit = hard_limit();
	dk_live live;
	dk_live_init(&live);
	dk_cgi_templates_cache *tc = dk_cgi_templates_cache_new();
	if (!tc) {
		fputs("docket.fcgi: out of memory\n", stderr);
		return 1;
	}
	FCGX_Request r;
	if (FCGX_InitRequest(&r, sock, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		fputs("docket.fcgi: cannot set up a request\n", stderr);
		return 1;
	}
	/* The signals wait while a request is answered (a socket write or a
	 * remote shard's read is never cut short by one); they arrive while
	 * the process waits for the next request, and end that wait. */
	sigset_t held;
	sigemptyset(&held);
	sigaddset(&held, SIGTERM);
	sigaddset(&held, SIGINT);
	sigaddset(&held, SIGHUP);
	while (!stop_requested) {
		if (FCGX_Accept_r(&r) < 0) {
			if (stop_requested)
				break;
			if (errno == EINTR)
				continue;  /* SIGHUP while waiting */
			fprintf(stderr, "docket.fcgi: accepting a request: %s\n",
				strerror(errno));
			break;
		}
		sigprocmask(SIG_BLOCK, &held, NULL);
		serve(&r, &live, tc, limit);
		FCGX_Finish_r(&r);
		sigprocmask(SIG_UNBLOCK, &held, NULL);
	}
	FCGX_Free(&r, 1);
	dk_live_free(&live);
	dk_cgi_templates_cache_free(tc);
	return 0;
}

/*
 * cgi_main.c - docket.cgi: the environment in, one response out (cgi.h).
 *
 * The response is built whole in memory and written at the end, so a
 * watchdog can still replace it: besides the matcher's own time limit
 * (DK_CGI_TIME_LIMIT), an alarm after DOCKET_CGI_TIMEOUT seconds (default
 * HARD_LIMIT_S, 1 to 600) answers 503 and ends the process, whatever part
 * of the work was holding it (a slow disk, a stuck file, a long passage
 * computation).
 *
 * Run from a shell (no GATEWAY_INTERFACE in the environment), the program
 * takes --help and --version; under a web server its arguments are
 * ignored, since RFC 3875 lets servers pass ISINDEX query words there.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/buf.h"
#include "cgi.h"

#define HARD_LIMIT_S 10

static const char timeout_response[] =
	"Status: 503 Service Unavailable\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"Content-Length: 35\r\n"
	"Cache-Control: no-store\r\n"
	"X-Content-Type-Options: nosniff\r\n"
	"Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n"
	"Retry-After: 30\r\n"
	"\r\n"
	"the search took too long; try again\n";

static void write_all(const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(STDOUT_FILENO, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		p += w;
		n -= (size_t)w;
	}
}

static void on_alarm(int sig)
{
	(void)sig;
	write_all(timeout_response, sizeof timeout_response - 1);
	_exit(0);
}

static void usage(FILE *f)
{
	fputs("Usage: docket.cgi\n"
	      "Answer one CGI request (RFC 3875) with Docket search results.\n"
	      "\n"
	      "Run by a web server, which sets REQUEST_METHOD and QUERY_STRING;\n"
	      "the index is the directory named by DOCKET_INDEX in its environment.\n"
	      "A request still running after DOCKET_CGI_TIMEOUT seconds (default 10)\n"
	      "is answered 503.\n"
	      "\n"
	      "  GET docket.cgi                      the search form\n"
	      "  GET docket.cgi?q=QUERY[&page=N][&n=N][&sort=date][&format=json]\n"
	      "                                      results as HTML, or as the JSON\n"
	      "                                      of docket-search --json\n"
	      "\n"
	      "  -h, --help     show this help\n"
	      "  -V, --version  show the version\n"
	      "\n"
	      "To try it from a shell:\n"
	      "  DOCKET_INDEX=DIR REQUEST_METHOD=GET QUERY_STRING='q=privacy' docket.cgi\n",
	      f);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !getenv("GATEWAY_INTERFACE")) {
		if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
			printf("docket.cgi %s\n", DOCKET_VERSION);
			return 0;
		}
		fprintf(stderr, "docket.cgi: unknown argument '%s' (try --help)\n",
			argv[1]);
		return 2;
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	unsigned limit = HARD_LIMIT_S;
	const char *t = getenv("DOCKET_CGI_TIMEOUT");
	if (t && *t) {
		char *end;
		unsigned long v = strtoul(t, &end, 10);
		if (!*end && v >= 1 && v <= 600)
			limit = (unsigned)v;
	}
	alarm(limit);

	dk_cgi_request req;
	dk_buf out = DK_BUF_INIT;
	dk_cgi_request_from_env(&req);
	dk_cgi_handle(&req, &out);
	alarm(0);
	if (out.err || !out.data) {
		static const char oom[] = DK_CGI_OOM_RESPONSE;
		write_all(oom, sizeof oom - 1);
	} else {
		write_all(out.data, out.len);
	}
	dk_buf_free(&out);
	return 0;
}

/*
 * fuzz_cgi.c - libFuzzer target for the CGI parameter parser
 * (searcher/cgi_params.c, dk_cgi_parse and dk_cgi_url_decode).
 *
 * The input is a query string.  On success q is NULL or valid UTF-8 of
 * q_len bytes without control characters, and page and n lie in their
 * ranges; on failure there is a one-line reason.  Either way the params
 * free cleanly.  A broken invariant aborts.
 *
 * Built with libFuzzer by "make fuzz"; built with tests/fuzz/replay_main.c
 * it replays tests/fuzz/corpus/fuzz_cgi/ as an ordinary test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/buf.h"
#include "../../common/utf8.h"
#include "../../searcher/cgi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *s)
{
	fprintf(stderr, "fuzz_cgi: %s: \"%.200s\"\n", what, s ? s : "(null)");
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dk_cgi_params p;
	memset(&p, 0, sizeof p);
	const char *reason = NULL;
	dk_status st = dk_cgi_parse((const char *)data, size, &p, &reason);
	if (st == DK_OK) {
		if (reason)
			fail("reason on success", reason);
		if (p.page < 1 || p.page > DK_CGI_MAX_PAGE || p.n < 1 || p.n > DK_CGI_MAX_N)
			fail("page or n out of range", NULL);
	} else {
		if (st != DK_ERR_PARSE && st != DK_ERR_INVALID && st != DK_ERR_TOO_BIG &&
		    st != DK_ERR_NOMEM)
			fail("status", dk_status_str(st));
		if (!reason || !*reason || strchr(reason, '\n'))
			fail("no one-line reason", reason);
	}
	if (p.q) {
		if (strlen(p.q) != p.q_len || !dk_utf8_valid(p.q, p.q_len))
			fail("bad q", p.q);
		for (size_t i = 0; i < p.q_len; i++)
			if ((unsigned char)p.q[i] < 0x20)
				fail("control character in q", p.q);
	}
	dk_cgi_params_free(&p);
	dk_buf b = DK_BUF_INIT;
	dk_cgi_url_decode((const char *)data, size, &b);
	dk_buf_free(&b);
	return 0;
}

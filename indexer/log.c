/*
 * log.c - timestamped log lines (see log.h).
 */
#include "log.h"

#include <stdarg.h>
#include <time.h>

#include "../common/buf.h"

void dk_log(FILE *f, int stamp, const char *prog, const char *fmt, ...)
{
	dk_buf b = DK_BUF_INIT;
	if (stamp) {
		char ts[32];
		time_t now = time(NULL);
		struct tm tm;
		if (localtime_r(&now, &tm) &&
		    strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S ", &tm))
			dk_buf_puts(&b, ts);
	}
	dk_buf_printf(&b, "%s: ", prog ? prog : "docket-index");
	va_list ap;
	va_start(ap, fmt);
	char small[512];
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof small) {
		dk_buf_append(&b, small, (size_t)n);
	} else if (n >= 0 && !dk_buf_reserve(&b, (size_t)n + 1)) {
		va_start(ap, fmt);
		vsnprintf(b.data + b.len, (size_t)n + 1, fmt, ap);
		va_end(ap);
		b.len += (size_t)n;
	}
	dk_buf_putc(&b, '\n');
	if (!b.err) {
		fwrite(b.data, 1, b.len, f);
		fflush(f);
	}
	dk_buf_free(&b);
}

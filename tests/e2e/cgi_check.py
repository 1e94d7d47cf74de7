#!/usr/bin/env python3
"""cgi_check.py - checks of docket.cgi responses for the end-to-end tests.

    cgi_check.py markup BODY        the page holds only the elements and
                                    attributes docket.cgi writes, hrefs are
                                    relative ("?...") or http(s), no script,
                                    no comment, no event handler
    cgi_check.py csp HEADERS BODY   the Content-Security-Policy's style hash
                                    is the SHA-256 of the page's <style>
    cgi_check.py oneline BODY       the body is a page whose error reason
                                    (role="alert") is one line; prints it
    cgi_check.py raw METHOD URL     send one HTTP/1.0 request on a plain
                                    socket; print the status, the
                                    Content-Type and Content-Length headers
                                    and the number of body bytes received

Exit 0 when the check holds, else 1 with the reason on standard output.
Standard library only.
"""

import base64
import hashlib
import html.parser
import re
import sys

TAGS = {"html", "head", "meta", "title", "style", "body", "div", "header",
        "h1", "h2", "h3", "a", "form", "label", "input", "select", "option",
        "button", "main", "p", "ol", "ul", "li", "article", "time", "mark",
        "nav", "span", "strong", "code", "dl", "dt", "dd", "footer",
        # the facets and the timeline (searcher/cgi_facets.c)
        "section", "figure", "figcaption", "svg", "rect", "text"}
ATTRS = {"lang", "charset", "name", "content", "href", "method", "role",
         "class", "for", "type", "id", "maxlength", "value", "selected",
         "rel", "aria-label", "aria-current", "start", "datetime",
         "viewbox", "x", "y", "width", "height", "text-anchor"}


class Checker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def bad(self, msg):
        line, col = self.getpos()
        self.problems.append("line %d col %d: %s" % (line, col, msg))

    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            self.bad("unexpected element <%s>" % tag)
        for k, v in attrs:
            if k not in ATTRS:
                self.bad("unexpected attribute %s=%r on <%s>" % (k, v, tag))
            if k == "href":
                if v is None or not (v.startswith("?") or
                                     re.match(r"(?i)https?://[^/]", v)):
                    self.bad("href %r is neither relative nor http(s)" % v)

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag not in TAGS:
            self.bad("unexpected end tag </%s>" % tag)

    def handle_comment(self, data):
        self.bad("comment <!--%s-->" % data[:40])

    def handle_pi(self, data):
        self.bad("processing instruction %r" % data[:40])

    def unknown_decl(self, data):
        self.bad("declaration %r" % data[:40])


def markup(path):
    text = open(path, encoding="utf-8").read()
    c = Checker()
    c.feed(text)
    c.close()
    if not text.startswith("<!DOCTYPE html>"):
        c.problems.append("no <!DOCTYPE html> at the start")
    if c.problems:
        print("\n".join(c.problems[:10]))
        return 1
    return 0


def csp(hdr_path, body_path):
    hdr = open(hdr_path, encoding="latin-1").read()
    m = re.search(r"(?im)^content-security-policy:\s*(.*?)\s*$", hdr)
    if not m:
        print("no Content-Security-Policy header")
        return 1
    body = open(body_path, "rb").read()
    s = re.search(rb"<style>(.*?)</style>", body, re.S)
    if not s:
        print("no <style> in the page")
        return 1
    want = base64.b64encode(hashlib.sha256(s.group(1)).digest()).decode()
    if "'sha256-%s'" % want not in m.group(1):
        print("the policy %r lacks the style's hash 'sha256-%s' "
              "(update PAGE_CSS_SHA256 in searcher/cgi.c)" % (m.group(1), want))
        return 1
    return 0


def oneline(path):
    text = open(path, encoding="utf-8").read()
    m = re.search(r'<p class="error" role="alert">(.*?)</p>', text, re.S)
    if not m:
        print("no error line in the page")
        return 1
    if "\n" in m.group(1) or not m.group(1).strip():
        print("the reason is not one line: %r" % m.group(1))
        return 1
    print(m.group(1))
    return 0


def raw(method, url):
    import socket
    import urllib.parse
    u = urllib.parse.urlsplit(url)
    path = u.path + ("?" + u.query if u.query else "")
    with socket.create_connection((u.hostname, u.port), timeout=20) as s:
        s.sendall(("%s %s HTTP/1.0\r\nHost: %s\r\n\r\n"
                   % (method, path, u.netloc)).encode("latin-1"))
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    fields = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        fields[k.strip().lower()] = v.strip()
    print(lines[0].split(" ")[1], fields.get("content-type"),
          fields.get("content-length"), len(body))
    return 0


def main(argv):
    if len(argv) == 3 and argv[1] == "markup":
        return markup(argv[2])
    if len(argv) == 4 and argv[1] == "csp":
        return csp(argv[2], argv[3])
    if len(argv) == 3 and argv[1] == "oneline":
        return oneline(argv[2])
    if len(argv) == 4 and argv[1] == "raw":
        return raw(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

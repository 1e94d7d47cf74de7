#!/usr/bin/env python3
"""make-warc.py - rebuild the sample WARC files (standard library only).

    python3 sample-corpus/warc/make-warc.py

writes, reproducibly (fixed record ids, dates and gzip headers):

  sample-corpus/warc/crawl-2025-03.warc.gz
      one gzip member per record (as crawlers write them): warcinfo, then
      request/response pairs for three HTML pages of our own -
        a Bytewire page sent with Transfer-Encoding: chunked,
        a Pacific Ledger page sent with Content-Encoding: gzip,
        a Bytewire page in ISO-8859-1, declared only in the HTTP header -
      and responses that are no articles: a 301 redirect, a PNG image and a
      404 page, then a metadata record.  Three articles.
  sample-corpus/broken/corrupt-record.warc
      four response records, the second of which claims a Content-Length
      longer than it is (it runs into the third record): the second is
      reported with its byte offset and skipped, the others are indexed.

All text is original and fictional; every URL uses the .example domain.
"""
import gzip
import io
import os

HERE = os.path.dirname(os.path.abspath(__file__))
BROKEN = os.path.join(os.path.dirname(HERE), "broken")


def record(rtype, uri, date, rid, block, ctype="application/http; msgtype=response",
           extra=()):
    head = ["WARC/1.1", f"WARC-Type: {rtype}", f"WARC-Record-ID: <urn:uuid:{rid}>",
            f"WARC-Date: {date}"]
    if uri:
        head.append(f"WARC-Target-URI: {uri}")
    head += list(extra)
    head += [f"Content-Type: {ctype}", f"Content-Length: {len(block)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + block + b"\r\n\r\n"


def http(status, headers, body):
    lines = [f"HTTP/1.1 {status}"] + [f"{k}: {v}" for k, v in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + body


def request(uri):
    path = "/" + uri.split("/", 3)[3]
    host = uri.split("/")[2]
    return f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: docket-sample/1.0\r\n\r\n".encode()


def chunked(data, size=700):
    out = b""
    for i in range(0, len(data), size):
        part = data[i:i + size]
        out += f"{len(part):x}\r\n".encode() + part + b"\r\n"
    return out + b"0\r\n\r\n"


def gz(data):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0) as f:
        f.write(data)
    return buf.getvalue()


def page(title, site, url, byline, date_iso, paras, menu, footer, charset="utf-8"):
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}" /><title>{title} | {site}</title>
<meta property="og:site_name" content="{site}"><link rel="canonical" href="{url}">
<meta property="article:published_time" content="{date_iso}">
</head><body>
<nav class="site-nav">{menu}</nav>
<div class="share-tools">Tweet Share Pin Email</div>
<article><h1>{title}</h1><div class="byline">By {byline}</div>
{body}
</article>
<aside class="related"><h3>Related</h3><ul><li><a href="/a">Quantix breach count rises again</a></li><li><a href="/b">OpenQuill 2.5.0 patches a file-upload flaw</a></li></ul></aside>
<footer class="site-footer">{footer}</footer>
</body></html>
"""


BYTEWIRE_MENU = ('<a href="/">Bytewire</a> <a href="/latest">Latest</a> <a href="/security">Security</a> '
                 '<a href="/gadgets">Gadgets</a> <a href="/software">Software</a> <a href="/ai">AI</a> '
                 '<a href="/deals">Deals</a> <a href="/newsletters">Newsletters</a>')
BYTEWIRE_FOOT = ("Bytewire may earn a commission when you buy through links on our site. "
                 "Download the Bytewire app. &copy; Bytewire 2025")

OPENQUILL = page(
    "OpenQuill 2.5.1 fixes a regression that broke reproducible builds", "Bytewire",
    "https://bytewire.example/software/2025/03/04/openquill-2-5-1/", "Mara Lindqvist",
    "2025-03-04T09:10:00Z",
    ["The OpenQuill project released version 2.5.1 on Tuesday to fix a regression in its "
     "build scripts that made release archives differ from one build to the next, undoing "
     "the reproducible-builds work the project finished last summer.",
     "The problem came from a timestamp that the 2.5.0 packaging step wrote into every archive. "
     "Independent rebuilders noticed within two days that their checksums no longer matched the "
     "published ones, and maintainers traced the change to a dependency update.",
     "Version 2.5.1 contains no other changes. Users who already installed 2.5.0, which fixed "
     "the file-upload flaw tracked as CVE-2025-24410, do not need to reinstall for security "
     "reasons, the maintainers said, but distributions that verify builds independently should "
     "move to the new release."],
    BYTEWIRE_MENU, BYTEWIRE_FOOT).encode("utf-8")

PACIFIC_MENU = ('<a href="/">Pacific Ledger</a> <a href="/local">Local</a> <a href="/business">Business</a> '
                '<a href="/tech">Tech</a> <a href="/sports">Sports</a> <a href="/opinion">Opinion</a> '
                '<a href="/obituaries">Obituaries</a> <a href="/e-edition">E-Edition</a>')
DATACENTER = page(
    "Sunnyvale council weighs noise limits for data centers", "Pacific Ledger",
    "https://www.pacificledger.example/local/2025/03/06/sunnyvale-data-center-noise/",
    "Teresa Okonjo", "2025-03-06T17:45:00-08:00",
    ["The Sunnyvale City Council will vote this month on an ordinance that would cap the noise "
     "data centers may make at night, after residents near two new facilities on the city's "
     "north side complained of a constant low hum from rooftop cooling equipment.",
     "The proposal would limit sound at the property line to 50 decibels between 10 p.m. and "
     "7 a.m. and require operators to file an acoustic study before adding cooling capacity. "
     "Existing facilities would have two years to comply.",
     "An industry group said the limits were stricter than those of neighboring cities and "
     "could push new projects elsewhere. Council member Priya Natarajan, who wrote the "
     "ordinance, said the city wanted the jobs \u201cbut not at the cost of people's sleep.\u201d"],
    PACIFIC_MENU, "Support local journalism. Subscribe. Copyright &copy; 2025 Pacific Ledger "
                  "Publishing Co.").encode("utf-8")

RELAY = page(
    "Quantix Relay 7.3 requires signed firmware after last month's breach", "Bytewire",
    "https://bytewire.example/security/2025/03/07/quantix-relay-7-3-signed-firmware/",
    "Ingrid Håkansson", "2025-03-07T12:00:00Z",
    ["Quantix Labs shipped Relay 7.3 on Friday, and with it a change that security researchers "
     "had asked for since the breach in February: the gateway now refuses firmware images that "
     "are not signed with a key held in a hardware security module.",
     "Relay 7.2.3 closed the authentication bypass tracked as CVE-2025-21781 and the path "
     "traversal tracked as CVE-2025-21790, but it still accepted unsigned updates from the local "
     "network. Zoë Müller of Nachtwache Security, who reported the original flaws, said that "
     "left a path for attackers who already had a foothold.",
     "Quantix said the signing keys are rotated every year and that owners of older Relay "
     "models, which cannot verify signatures, will be offered a discounted replacement."],
    BYTEWIRE_MENU, BYTEWIRE_FOOT, charset="iso-8859-1").encode("iso-8859-1")

NOT_FOUND = b"<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The page you asked for is not here.</p></body></html>"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000a49444154789c6300010000050001")


def build_sample():
    info = b"software: docket-sample/1.0\r\nformat: WARC File Format 1.1\r\n"
    recs = [record("warcinfo", None, "2025-03-08T06:00:00Z",
                   "00000000-0000-4000-8000-000000000001", info,
                   ctype="application/warc-fields")]
    n = 2
    pages = [
        ("https://bytewire.example/software/2025/03/04/openquill-2-5-1/", "2025-03-08T06:00:05Z",
         http("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                         ("Transfer-Encoding", "chunked")], chunked(OPENQUILL))),
        ("https://www.pacificledger.example/local/2025/03/06/sunnyvale-data-center-noise/",
         "2025-03-08T06:00:09Z",
         http("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip"),
                         ("Content-Length", str(len(gz(DATACENTER))))], gz(DATACENTER))),
        ("https://bytewire.example/security/2025/03/07/quantix-relay-7-3-signed-firmware/",
         "2025-03-08T06:00:14Z",
         http("200 OK", [("Content-Type", "text/html; charset=ISO-8859-1"),
                         ("Content-Length", str(len(RELAY)))], RELAY)),
        ("https://bytewire.example/security/quantix-relay", "2025-03-08T06:00:15Z",
         http("301 Moved Permanently",
              [("Location", "https://bytewire.example/security/2025/03/07/"
                            "quantix-relay-7-3-signed-firmware/"), ("Content-Length", "0")], b"")),
        ("https://bytewire.example/img/pixel.png", "2025-03-08T06:00:16Z",
         http("200 OK", [("Content-Type", "image/png"), ("Content-Length", str(len(PNG)))], PNG)),
        ("https://bytewire.example/missing-page", "2025-03-08T06:00:17Z",
         http("404 Not Found", [("Content-Type", "text/html"),
                                ("Content-Length", str(len(NOT_FOUND)))], NOT_FOUND)),
    ]
    for uri, date, resp in pages:
        recs.append(record("request", uri, date, f"00000000-0000-4000-8000-{n:012d}",
                           request(uri), ctype="application/http; msgtype=request"))
        n += 1
        recs.append(record("response", uri, date, f"00000000-0000-4000-8000-{n:012d}", resp))
        n += 1
    recs.append(record("metadata", pages[0][0], "2025-03-08T06:00:20Z",
                       f"00000000-0000-4000-8000-{n:012d}", b"outlinks: 14\r\n",
                       ctype="application/warc-fields"))
    with open(os.path.join(HERE, "crawl-2025-03.warc.gz"), "wb") as f:
        for r in recs:
            f.write(gz(r))


def small_page(title, word, para):
    return (f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a> "
            f"<a href='/news'>News</a></nav><article><h1>{title}</h1><p>{para}</p>"
            f"<p>The distinctive word in this record is {word}.</p></article></body></html>"
            ).encode("utf-8")


def build_broken():
    items = [
        ("https://bytewire.example/test/warc-good-1", "Brackenfield",
         "Good record one: a short fictional report about a storage vendor renaming its "
         "backup product line, written for the corrupt-record test."),
        ("https://bytewire.example/test/warc-corrupt", "Corruptium",
         "This record's header claims more bytes than it has, so its block runs into the "
         "next record and the reader must find its way back."),
        ("https://bytewire.example/test/warc-good-2", "Dunmorrow",
         "Good record two: a short fictional report about a city fibre network adding "
         "a second data exchange, written for the corrupt-record test."),
        ("https://bytewire.example/test/warc-good-3", "Elsinmere",
         "Good record three: a short fictional report about a payments startup shutting "
         "down its beta app, written for the corrupt-record test."),
    ]
    out = b""
    for i, (uri, word, para) in enumerate(items):
        body = small_page(f"WARC test record {i + 1}", word, para)
        resp = http("200 OK", [("Content-Type", "text/html; charset=utf-8")], body)
        rec = record("response", uri, f"2025-03-09T10:00:0{i}Z",
                     f"00000000-0000-4000-9000-{i:012d}", resp)
        if word == "Corruptium":
            # Claim 400 more bytes than the block holds.
            rec = rec.replace(f"Content-Length: {len(resp)}".encode(),
                              f"Content-Length: {len(resp) + 400}".encode())
        out += rec
    with open(os.path.join(BROKEN, "corrupt-record.warc"), "wb") as f:
        f.write(out)


if __name__ == "__main__":
    build_sample()
    build_broken()

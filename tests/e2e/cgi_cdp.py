#!/usr/bin/env python3
"""cgi_cdp.py - drive headless Chromium through docket.cgi's pages.

    cgi_cdp.py BASE_URL ARTIFACT_DIR

BASE_URL is the server root (http://127.0.0.1:PORT); the search lives at
/search over the sample corpus and at /hostile over a dump with hostile
titles and URLs.  Chromium is started with --remote-debugging-port=0 (it
writes the port it chose to DevToolsActivePort in its profile directory)
and driven over the DevTools protocol with a small WebSocket client below,
so the form is filled and submitted with real key and mouse events.

Prints one line per check, "PASS name" or "FAIL name: detail", for
cgi_browser.sh to turn into TAP; screenshots and Chromium's log go to
ARTIFACT_DIR.  The whole run is bounded by DEADLINE_S; Chromium is killed
on every exit.  Standard library only.
"""

import base64
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

DEADLINE_S = 120
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-quic", "--no-first-run",
                  "--disable-background-networking",
                  "--disable-component-update", "--disable-sync",
                  "--disable-extensions", "--disable-default-apps",
                  "--hide-scrollbars", "--mute-audio",
                  "--remote-debugging-port=0"]


class Timeout(Exception):
    pass


# ---- a minimal WebSocket client (RFC 6455), enough for DevTools -----------

class WebSocket:
    def __init__(self, url, timeout=30):
        assert url.startswith("ws://")
        hostport, _, path = url[5:].partition("/")
        host, _, port = hostport.partition(":")
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        req = ("GET /%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
               "Sec-WebSocket-Version: 13\r\n\r\n" % (path, hostport, key))
        self.sock.sendall(req.encode())
        resp = b""
        while b"\r\n\r\n" not in resp:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise IOError("websocket handshake: connection closed")
            resp += chunk
        head, _, self.buf = resp.partition(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise IOError("websocket handshake refused: %r" % head[:200])

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise IOError("websocket closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def send(self, text):
        data = text.encode()
        hdr = bytearray([0x81])
        n = len(data)
        if n < 126:
            hdr.append(0x80 | n)
        elif n < 65536:
            hdr.append(0x80 | 126)
            hdr += struct.pack(">H", n)
        else:
            hdr.append(0x80 | 127)
            hdr += struct.pack(">Q", n)
        mask = os.urandom(4)
        hdr += mask
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.sock.sendall(bytes(hdr) + masked)

    def recv(self):
        """One text message (fragments joined); answers pings."""
        parts = []
        while True:
            b0, b1 = self._read(2)
            op, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if op == 0x8:
                raise IOError("websocket closed by the browser")
            if op == 0x9:
                self.sock.sendall(bytes([0x8A, 0x80 | len(payload)]) +
                                  b"\0\0\0\0" + payload)
                continue
            if op in (0x1, 0x2, 0x0):
                parts.append(payload)
                if b0 & 0x80:
                    return b"".join(parts).decode()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


# ---- DevTools session ---------------------------------------------------------

class Page:
    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0
        self.events = []
        self.dialogs = []
        self.log = []

    def _note(self, msg):
        m = msg.get("method")
        if m == "Page.javascriptDialogOpening":
            self.dialogs.append(msg["params"].get("message"))
            # Dismiss it so the page goes on.
            self.send_nowait("Page.handleJavaScriptDialog", {"accept": False})
        elif m == "Log.entryAdded":
            self.log.append(msg["params"]["entry"])
        elif m == "Runtime.consoleAPICalled":
            self.log.append({"level": msg["params"].get("type"),
                             "text": str(msg["params"].get("args"))})
        self.events.append(msg)

    def send_nowait(self, method, params=None):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method,
                                 "params": params or {}}))
        return self.next_id

    def call(self, method, params=None):
        mid = self.send_nowait(method, params)
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == mid:
                if "error" in msg:
                    raise RuntimeError("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})
            if "method" in msg:
                self._note(msg)

    def wait_event(self, method, timeout=20):
        end = time.time() + timeout
        for i, msg in enumerate(self.events):
            if msg.get("method") == method:
                del self.events[:i + 1]
                return msg
        self.ws.sock.settimeout(timeout)
        while time.time() < end:
            msg = json.loads(self.ws.recv())
            if "method" in msg:
                self._note(msg)
                if msg["method"] == method:
                    self.events.clear()
                    return msg
        raise Timeout("no %s within %ss" % (method, timeout))

    def js(self, expr):
        r = self.call("Runtime.evaluate", {"expression": expr,
                                           "returnByValue": True,
                                           "awaitPromise": True})
        if "exceptionDetails" in r:
            raise RuntimeError("JS error in %r: %s" % (expr[:80], r["exceptionDetails"]))
        return r["result"].get("value")

    def goto(self, url):
        self.events.clear()
        self.call("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")

    def click(self, selector):
        """A real mouse click in the middle of the element."""
        box = self.js("(() => { const e = document.querySelector(%s);"
                      " e.scrollIntoView({block: 'center'});"
                      " const r = e.getBoundingClientRect();"
                      " return [r.x + r.width / 2, r.y + r.height / 2]; })()"
                      % json.dumps(selector))
        x, y = box
        for t in ("mouseMoved", "mousePressed", "mouseReleased"):
            p = {"type": t, "x": x, "y": y}
            if t != "mouseMoved":
                p.update({"button": "left", "clickCount": 1})
            self.call("Input.dispatchMouseEvent", p)

    def type_into(self, selector, text):
        self.click(selector)
        # Select what is there, then type over it.
        self.js("document.querySelector(%s).select()" % json.dumps(selector))
        self.call("Input.insertText", {"text": text})

    def screenshot(self, path, full=False):
        params = {"format": "png"}
        if full:
            m = self.call("Page.getLayoutMetrics")["cssContentSize"]
            params.update({"captureBeyondViewport": True,
                           "clip": {"x": 0, "y": 0, "width": m["width"],
                                    "height": m["height"], "scale": 1}})
        data = self.call("Page.captureScreenshot", params)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def set_size(self, w, h, mobile):
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": w, "height": h, "deviceScaleFactor": 1,
                   "mobile": mobile})


# ---- the checks ---------------------------------------------------------------

RESULTS = []


def check(name, cond, detail=""):
    RESULTS.append(name)
    if cond:
        print("PASS %s" % name, flush=True)
    else:
        print("FAIL %s: %s" % (name, detail), flush=True)


# WCAG contrast of an element's text colour on the first opaque background
# up its ancestors (white when there is none).
CONTRAST_JS = r"""
(sel) => {
  const parse = c => { const m = c.match(/[\d.]+/g).map(Number);
                       return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 :
                                      Math.pow((v + 0.055) / 1.055, 2.4); };
                     return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const out = [];
  for (const e of document.querySelectorAll(sel)) {
    let bg = null;
    for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c.a > 0.99) { bg = c; break; }
    }
    if (!bg) bg = {r: 255, g: 255, b: 255, a: 1};
    const fg = parse(getComputedStyle(e).color);
    const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    out.push(Math.round((l1 + 0.05) / (l2 + 0.05) * 100) / 100);
  }
  return out;
}
"""

A11Y_JS = r"""
(() => {
  const problems = [];
  if (!document.documentElement.lang) problems.push('no lang on <html>');
  if (!document.title) problems.push('no <title>');
  if (document.querySelectorAll('h1').length !== 1) problems.push('not one <h1>');
  for (const e of document.querySelectorAll('input:not([type=hidden]), select, textarea'))
    if (!e.labels || e.labels.length === 0) problems.push('unlabelled ' + e.outerHTML.slice(0, 60));
  for (const b of document.querySelectorAll('button'))
    if (!b.textContent.trim()) problems.push('button without text');
  for (const a of document.querySelectorAll('a'))
    if (!a.textContent.trim() && !a.getAttribute('aria-label')) problems.push('link without text');
  let last = 1;
  for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const l = Number(h.tagName[1]);
    if (l > last + 1) problems.push('heading jumps to ' + h.tagName);
    last = l;
  }
  if (!document.querySelector('main')) problems.push('no <main>');
  if (!document.querySelector('meta[name=viewport]')) problems.push('no viewport meta');
  return problems;
})()
"""


def contrast_ok(page, sel, minimum=4.5):
    vals = page.js("(%s)(%s)" % (CONTRAST_JS, json.dumps(sel)))
    return (bool(vals) and min(vals) >= minimum), vals


def run(page, base, art):
    search = base + "/search"
    page.call("Page.enable")
    page.call("Runtime.enable")
    page.call("Log.enable")

    # -- the form page, desktop --
    page.set_size(1280, 900, False)
    page.goto(search)
    check("form page loads", page.js("document.title") == "Docket search",
          page.js("document.title"))
    check("form page: a search box with a label",
          page.js("document.querySelector('#q').labels[0].textContent")
          == "Search legal and tech news")
    probs = page.js(A11Y_JS)
    check("form page: accessibility basics", not probs, probs)
    # The inline style applied: the CSP hash matches (else the button
    # would have the browser's default grey).
    bg = page.js("getComputedStyle(document.querySelector('button')).backgroundColor")
    check("form page: the inline style is allowed by the CSP",
          bg == "rgb(29, 79, 145)", bg)
    page.screenshot(os.path.join(art, "form-desktop.png"))

    # -- type a query and click Search --
    page.type_into("#q", "privacy lawsuit")
    page.events.clear()
    page.click("button[type=submit]")
    page.wait_event("Page.loadEventFired")
    loc = page.js("location.search")
    check("submitting the form GETs ?q=...", "q=privacy+lawsuit" in loc, loc)
    check("results: the query stays in the box",
          page.js("document.querySelector('#q').value") == "privacy lawsuit")
    n = page.js("document.querySelectorAll('ol.results > li').length")
    check("results: ten results rendered", n == 10, n)
    summary = page.js("document.querySelector('.summary').textContent")
    check("results: a result count", "of" in summary and "results" in summary,
          summary)
    marks = page.js("document.querySelectorAll('.passage mark').length")
    check("results: highlighted words", marks >= 10, marks)
    hrefs = page.js("[...document.querySelectorAll('ol.results h3 a')].map(a => a.href)")
    check("results: titles link to http(s) articles",
          hrefs and all(h.startswith(("http://", "https://")) for h in hrefs),
          hrefs)
    meta = page.js("document.querySelector('.meta').textContent")
    check("results: source and date under the title", "20" in meta, meta)
    probs = page.js(A11Y_JS)
    check("results: accessibility basics", not probs, probs)
    for sel, what in (("ol.results .passage", "passage text"),
                      ("ol.results .meta", "source and date"),
                      ("ol.results h3 a", "title links"),
                      ("button", "the Search button"),
                      (".summary", "the count"),
                      ("mark", "highlighted words")):
        good, vals = contrast_ok(page, sel)
        check("contrast of %s at least 4.5:1" % what, good, vals)
    page.screenshot(os.path.join(art, "results-desktop.png"))
    page.screenshot(os.path.join(art, "results-desktop-full.png"), full=True)

    # -- the next page through the pagination --
    page.events.clear()
    page.click("a[rel=next]")
    page.wait_event("Page.loadEventFired")
    start = page.js("document.querySelector('ol.results').start")
    check("Next goes to page 2", start == 11 and "page=2" in page.js("location.search"),
          (start, page.js("location.search")))

    # -- sort by date through the form's select --
    page.js("document.querySelector('#sort').value = 'date'")
    page.events.clear()
    page.click("button[type=submit]")
    page.wait_event("Page.loadEventFired")
    dates = page.js("[...document.querySelectorAll('ol.results time')].map(t => t.dateTime)")
    check("sort by date: newest first", dates and dates == sorted(dates, reverse=True)
          and "sort=date" in page.js("location.search"), dates)

    # -- facets: counts beside the results; a value narrows the query --
    page.goto(search + "?q=privacy+lawsuit")
    nfac = page.js("document.querySelectorAll('section.facets .facet li a').length")
    check("facets: values with counts beside the results", nfac >= 3, nfac)
    first = page.js("(() => { const a = document.querySelector("
                    "'section.facets .facet li a[href*=\"source%3A\"]');"
                    " return a ? [a.textContent, Number(a.nextElementSibling.textContent)] : null; })()")
    if first:
        page.events.clear()
        page.click("section.facets .facet li a[href*='source%3A']")
        page.wait_event("Page.loadEventFired")
        loc = page.js("location.search")
        metas = page.js("[...document.querySelectorAll('ol.results .meta:not(.ents)')]"
                        ".map(m => m.textContent)")
        check("facets: a source link narrows the query (shareable URL)",
              "AND+source%3A" in loc and metas and len(metas) <= first[1]
              and all(first[0] in m for m in metas), (loc, first, metas))
        check("facets: the box shows the narrowed query",
              page.js("document.querySelector('#q').value").endswith(
                  'source:"%s"' % first[0]))
    else:
        check("facets: a source facet", False, "no source facet link")

    # -- the timeline: a server-rendered SVG, each bar a link --
    page.goto(search + "?q=brightpath")
    bars = page.js("[...document.querySelectorAll('figure.timeline svg rect')]"
                   ".map(r => r.getBoundingClientRect().height)")
    check("timeline: an SVG bar per month, drawn", bars and all(h > 0 for h in bars), bars)
    page.screenshot(os.path.join(art, "timeline.png"))
    if bars:
        page.events.clear()
        page.click("figure.timeline svg a")
        page.wait_event("Page.loadEventFired")
        check("timeline: a bar narrows to its month",
              "date%3A" in page.js("location.search")
              and page.js("document.querySelectorAll('ol.results > li').length") > 0,
              page.js("location.search"))

    # -- the article page, scrolled to the passage that matched --
    page.goto(search + "?q=stored+communications+act")
    page.events.clear()
    page.click("ol.results .read a")
    page.wait_event("Page.loadEventFired")
    time.sleep(0.3)
    loc = page.js("location.search + location.hash")
    tgt = page.js("(() => { const t = document.querySelector(':target');"
                  " if (!t) return null; const r = t.getBoundingClientRect();"
                  " return [t.id, r.top, r.bottom, innerHeight,"
                  " t.classList.contains('hit'), t.querySelectorAll('mark').length]; })()")
    check("article page: opened from a result at its passage",
          "id=" in loc and "#p" in loc and tgt and tgt[4], (loc, tgt))
    check("article page: the passage is in view with the matches marked",
          tgt and tgt[1] >= -1 and tgt[1] < tgt[3] and tgt[5] > 0, tgt)
    probs = page.js(A11Y_JS)
    check("article page: accessibility basics", not probs, probs)
    good, vals = contrast_ok(page, ".text p")
    check("article page: contrast of the text at least 4.5:1", good, vals)
    page.screenshot(os.path.join(art, "article.png"))

    # -- page links never pass the last page --
    page.goto(search + "?q=the&n=5")
    last = page.js("Math.max(...[...document.querySelectorAll('nav a[aria-label^=Page]')]"
                   ".map(a => Number(a.textContent)))")
    page.goto(search + "?q=the&n=5&page=%d" % last)
    n = page.js("document.querySelectorAll('ol.results > li').length")
    check("pagination: the last page linked has results", n > 0
          and not page.js("!!document.querySelector('a[rel=next]')"), (last, n))

    # -- phone width --
    page.set_size(390, 844, True)
    page.goto(search + "?q=privacy+lawsuit")
    sw = page.js("document.documentElement.scrollWidth")
    check("phone width: no sideways scrolling", sw <= 390, sw)
    fs = page.js("parseFloat(getComputedStyle(document.querySelector('.passage')).fontSize)")
    check("phone width: readable text (16px)", fs >= 15.5, fs)
    tap = page.js("document.querySelector('button').getBoundingClientRect().height")
    check("phone width: the button is a comfortable target", tap >= 40, tap)
    page.screenshot(os.path.join(art, "results-phone.png"))
    page.goto(search)
    page.screenshot(os.path.join(art, "form-phone.png"))
    page.set_size(1280, 900, False)

    # -- dark mode (prefers-color-scheme) keeps its contrast --
    page.call("Emulation.setEmulatedMedia",
              {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    page.goto(search + "?q=privacy+lawsuit")
    for sel, what in (("ol.results .passage", "passage text"),
                      ("ol.results .meta", "source and date"),
                      ("ol.results h3 a", "title links"),
                      ("button", "the Search button"),
                      ("mark", "highlighted words")):
        good, vals = contrast_ok(page, sel)
        check("dark mode: contrast of %s at least 4.5:1" % what, good, vals)
    page.screenshot(os.path.join(art, "results-dark.png"))
    page.call("Emulation.setEmulatedMedia",
              {"features": [{"name": "prefers-color-scheme", "value": "light"}]})

    # -- "did you mean": follow the suggestion (when the build makes one) --
    page.goto(search + "?q=privcy+lawsiut")
    if page.js("!!document.querySelector('.suggestion a')"):
        page.events.clear()
        page.click(".suggestion a")
        page.wait_event("Page.loadEventFired")
        q = page.js("document.querySelector('#q').value")
        n = page.js("document.querySelectorAll('ol.results > li').length")
        check("did you mean: the suggestion link searches it", n > 0 and q != "privcy lawsiut",
              (q, n))

    # -- the empty state --
    page.goto(search + "?q=zzqxnonexistent")
    h2 = page.js("document.querySelector('h2').textContent")
    check("no results: a friendly empty state", "No results" in h2, h2)
    page.screenshot(os.path.join(art, "no-results.png"))

    # -- an error in the page --
    page.goto(search + "?q=x&n=500")
    err = page.js("(document.querySelector('[role=alert]') || {}).textContent")
    check("a bad parameter: the reason in the page", err and "n must" in err, err)

    # -- hostile stored titles and URLs, and a hostile query typed in --
    page.goto(base + "/hostile?q=zebrafish&n=50")
    scripts = page.js("document.querySelectorAll('script, img, iframe, object, embed').length"
                      " + [...document.querySelectorAll('svg')]"
                      ".filter(e => !e.closest('figure.timeline')).length")
    check("hostile index: no injected elements", scripts == 0, scripts)
    bad = page.js("[...document.querySelectorAll('a')]"
                  ".map(a => new URL(a.getAttribute('href'), location.href).href)"
                  ".filter(h => !/^https?:/.test(h))")
    check("hostile index: every link is http(s)", not bad, bad)
    handlers = page.js("[...document.querySelectorAll('*')].flatMap(e =>"
                       " [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on'))")
    check("hostile index: no event handler attributes", not handlers, handlers)
    titles = page.js("[...document.querySelectorAll('ol.results h3')].map(h => h.textContent)")
    check("hostile index: markup in a title shows as text",
          any("<script>alert('t1')</script>" in t for t in titles), titles)
    page.screenshot(os.path.join(art, "hostile.png"))
    # -- the same index through a site's own templates (DOCKET_TEMPLATES),
    # which put the stored fields in more places --
    page.goto(base + "/site?q=zebrafish&n=50")
    check("site templates: the site's header is used",
          page.js("(document.querySelector('h1 .site-name') || {}).textContent")
          == "Example Site")
    marks = page.js("document.querySelectorAll('ol.results .site-mark').length")
    check("site templates: the site's result part is used", marks >= 3, marks)
    scripts = page.js("document.querySelectorAll('script, img, iframe, object, embed').length"
                      " + [...document.querySelectorAll('svg')]"
                      ".filter(e => !e.closest('figure.timeline')).length")
    check("site templates: no injected elements", scripts == 0, scripts)
    bad = page.js("[...document.querySelectorAll('a')]"
                  ".map(a => new URL(a.getAttribute('href'), location.href).href)"
                  ".filter(h => !/^https?:/.test(h))")
    check("site templates: every link is http(s)", not bad, bad)
    handlers = page.js("[...document.querySelectorAll('*')].flatMap(e =>"
                       " [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on'))")
    check("site templates: no event handler attributes", not handlers, handlers)
    page.screenshot(os.path.join(art, "site-templates.png"))

    vector = "\"><img src=x onerror=alert(1)><script>alert(2)</script>"
    page.goto(search)
    page.type_into("#q", vector)
    page.events.clear()
    page.click("button[type=submit]")
    page.wait_event("Page.loadEventFired")
    check("a hostile query comes back as text in the box",
          page.js("document.querySelector('#q').value") == vector)
    check("a hostile query injects nothing",
          page.js("document.querySelectorAll('img, script').length") == 0)
    check("no script ran (no dialog)", not page.dialogs, page.dialogs)
    csp = [e for e in page.log if "Content Security Policy" in e.get("text", "")]
    check("no Content-Security-Policy violation", not csp,
          [e.get("text", "")[:160] for e in csp])


def main():
    base, art = sys.argv[1].rstrip("/"), sys.argv[2]
    os.makedirs(art, exist_ok=True)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("SKIP chromium not installed")
        return 0
    profile = tempfile.mkdtemp(prefix="docket-chromium.")
    logf = open(os.path.join(art, "chromium.log"), "w")
    proc = subprocess.Popen([chromium] + CHROMIUM_FLAGS +
                            ["--user-data-dir=" + profile, "about:blank"],
                            stdout=logf, stderr=subprocess.STDOUT,
                            start_new_session=True)

    def on_alarm(sig, frm):
        raise Timeout("the browser test took over %d s" % DEADLINE_S)
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(DEADLINE_S)
    ws = None
    try:
        port_file = os.path.join(profile, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            if proc.poll() is not None:
                raise IOError("chromium exited with status %d" % proc.returncode)
            time.sleep(0.1)
        port = int(open(port_file).read().split()[0])
        targets = json.load(urllib.request.urlopen(
            "http://127.0.0.1:%d/json/list" % port, timeout=10))
        pages = [t for t in targets if t.get("type") == "page"]
        if not pages:
            raise IOError("no page target in %r" % targets)
        ws = WebSocket(pages[0]["webSocketDebuggerUrl"])
        run(Page(ws), base, art)
    except Exception as e:  # noqa: BLE001 - every failure is one FAIL line
        print("FAIL the browser session: %s: %s" % (type(e).__name__, e))
    finally:
        signal.alarm(0)
        if ws:
            ws.close()
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            proc.wait()
        logf.close()
        shutil.rmtree(profile, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

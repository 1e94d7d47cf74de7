#!/usr/bin/env python3
"""casing_loss.py - how many articles the extractor strips by more than half,
when the same texts arrive in upper case, title case or as written.

Builds JSONL dumps from a folder of BBC-style text files (title on the first
line, paragraphs after) or from JSONL collections (fields title, text), in
three casings, runs `docket-index --extract` on each and counts the articles
whose extracted text keeps less than half of their input text (and those that
end empty).

usage: bench/casing_loss.py DOCKET_INDEX WORKDIR SOURCE...
  SOURCE: a folder of .txt files or a .jsonl file; each gives one source.
"""
import json, os, subprocess, sys

def read_source(src):
    out = []
    if os.path.isdir(src):
        for root, _, files in sorted(os.walk(src)):
            for f in sorted(files):
                if not f.endswith('.txt'):
                    continue
                with open(os.path.join(root, f), encoding='utf-8', errors='replace') as fh:
                    lines = fh.read().split('\n')
                title = lines[0].strip()
                body = '\n'.join(l.strip() for l in lines[1:] if l.strip())
                out.append((title, body))
    else:
        with open(src, encoding='utf-8') as fh:
            for line in fh:
                d = json.loads(line)
                out.append((d.get('title', ''), d.get('text', '')))
    return out

def title_case(s):
    return ' '.join(w[:1].upper() + w[1:] for w in s.split(' '))

CASINGS = {'as-written': lambda s: s, 'upper': str.upper, 'title': title_case}

def main():
    exe, work, srcs = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(work, exist_ok=True)
    for src in srcs:
        arts = [a for a in read_source(src) if len(a[1]) >= 200]
        name = os.path.basename(src.rstrip('/'))
        if name == 'docs.jsonl':
            name = os.path.basename(os.path.dirname(src))
        name = name.replace('.jsonl', '')
        for cname, fn in CASINGS.items():
            path = os.path.join(work, f'{name}-{cname}.jsonl')
            with open(path, 'w', encoding='utf-8') as fh:
                for i, (t, b) in enumerate(arts):
                    fh.write(json.dumps({'id': f'{name}-{i}', 'title': fn(t),
                                         'source': name, 'text': fn(b)}) + '\n')
            inlen = {f'{name}-{i}': len(fn(b)) for i, (t, b) in enumerate(arts)}
            res = subprocess.run([exe, '--extract', '-q', path], capture_output=True,
                                 text=True)
            half = empty = n = 0
            for line in res.stdout.splitlines():
                d = json.loads(line)
                n += 1
                got = len(d.get('text', '') or '')
                if got < 0.5 * inlen.get(d['id'], got):
                    half += 1
                if got < 20:
                    empty += 1
            missing = len(arts) - n
            print(f'{name:12s} {cname:10s} articles {len(arts):5d} out {n:5d} '
                  f'lost>50% {half:5d} empty {empty:5d} missing {missing}')

main()

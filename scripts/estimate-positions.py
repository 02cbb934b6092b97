#!/usr/bin/env python3
"""Estimates what word positions would add to the search index (an analysis, not a test).

    python3 scripts/estimate-positions.py DOCS.json [PAGES]     default: the first 1000 pages

DOCS.json holds a site's search documents, written by a build run with
`ZHIYIN_BENCH_SEARCH_DOCS=DOCS.json` (see scripts/bench-index.sh). The index stores, for each
bigram, the pages that hold it with a count and flags, so a phrase of three or more characters
is confirmed against the page's stored text; positions in the postings would confirm it without
the text. This counts, per page, the distinct bigrams of its CJK runs (title, a space, body) and
their occurrences, and the bits their positions take as Rice-coded gaps with the best Rice
parameter for each list (a lower bound for that coding). The pages are split into CJK runs of
U+4E00..U+9FFF only, without the index's normalising: close to the index's count, not equal.
"""
import json
import re
import sys


def rice_bits(gaps, k):
    return sum(((g - 1) >> k) + 1 + k for g in gaps)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    docs = json.load(open(sys.argv[1], encoding="utf-8"))
    pages = docs[: int(sys.argv[2])] if len(sys.argv) > 2 else docs[:1000]
    cjk = re.compile(r"[\u4e00-\u9fff]+")
    entries = occurrences = bits = 0
    for doc in pages:
        text = doc["title"] + " " + doc["body"]
        positions = {}
        for run in cjk.finditer(text):
            s = run.group()
            for i in range(len(s) - 1):
                positions.setdefault(s[i : i + 2], []).append(run.start() + i)
        for ps in positions.values():
            entries += 1
            occurrences += len(ps)
            gaps = [ps[0] + 1] + [b - a for a, b in zip(ps, ps[1:])]
            bits += min(rice_bits(gaps, k) for k in range(13))
    n = max(len(pages), 1)
    print(f"{len(pages)} pages: {entries / n:.0f} distinct bigrams and {occurrences / n:.0f} bigram "
          f"occurrences a page; their positions, Rice-coded gaps: {bits / 8 / n / 1024:.2f} KB a page")


if __name__ == "__main__":
    main()

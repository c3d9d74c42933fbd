#!/usr/bin/env python3
"""Writes N text reports for benches/import.sh: the layouts of tests/import/text/make.py
(tabs, one cell per line, Markdown, pdftotext -layout, OCR rows) with random figures, one
agency and year per file. Usage: import_corpus.py OUT_DIR N"""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "import", "text"))
import make  # noqa: E402

out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
rnd = random.Random(9)
layouts = [make.tabs, make.cell_per_line, make.markdown, make.layout, make.ocr]


def figures(rows):
    """Random cells; applicant rows keep their own total right."""
    res = []
    for r in rows:
        cells = [c for c in r if c.isdigit()]
        labels = [c for c in r if not c.isdigit()]
        if len(cells) == 7:
            six = [str(rnd.choice([0, 0, 0, 1, 2, 5, 13])) for _ in range(6)]
            res.append(labels + six + [str(sum(map(int, six)))])
        elif cells:
            res.append(labels + [str(rnd.randint(0, 300)) for _ in cells])
        else:
            res.append(r)
    return res


for i in range(n):
    render = layouts[i % len(layouts)]
    year = 2021 + i % 3
    head = make.HEAD.replace("某某市某某局", f"某某市第{i}局").replace("2023", str(year))
    tail = make.TAIL.replace("某某市某某局", f"某某市第{i}局").replace("2024", str(year + 1))
    text = make.report(render, pro=figures(make.PRO), app=figures(make.APP), head=head, tail=tail)
    with open(os.path.join(out, f"{i:04d}.txt"), "w", encoding="utf-8") as f:
        f.write(text)

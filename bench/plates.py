#!/usr/bin/env python3
"""Synthetic doorplates for bench/ogc, and bboxes that hold about K each.

usage: plates.py UNITS.geojson N SEED K OUT.csv BOXES.txt

UNITS.geojson is `diming export units --format geojson` (EPSG:4490).  N
points are spread uniformly over the township polygons (scanlines: the
county is cut into 4000 rows, each row's inside intervals found from the
polygon edges, a point drawn uniformly over all intervals), each with a
code, the code of its township, a street and a number, written as CSV
(with a .csvt so that GDAL reads the codes as text).  BOXES.txt gets 2000
lines "xmin ymin xmax ymax count": squares centred on random plates, sized
for K plates on average, with the exact count of plates inside.
"""
import bisect
import json
import math
import random
import sys


def scanline_intervals(features, rows):
    """Per row: the list of (x0, x1, unit code) inside intervals."""
    polys = []
    for f in features:
        g = f["geometry"]
        parts = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        for rings in parts:
            polys.append((f["properties"]["code"], rings))
    ys = [p[1] for _, rings in polys for p in rings[0]]
    y0, y1 = min(ys), max(ys)
    h = (y1 - y0) / rows
    crossings = [dict() for _ in range(rows)]
    for pid, (code, rings) in enumerate(polys):
        for ring in rings:
            for a, b in zip(ring, ring[1:]):
                if a[1] == b[1]:
                    continue
                lo, hi = min(a[1], b[1]), max(a[1], b[1])
                r0 = max(0, math.ceil((lo - y0) / h - 0.5))
                r1 = min(rows - 1, math.floor((hi - y0) / h - 0.5))
                for r in range(r0, r1 + 1):
                    yc = y0 + (r + 0.5) * h
                    if lo <= yc < hi:
                        x = a[0] + (yc - a[1]) * (b[0] - a[0]) / (b[1] - a[1])
                        crossings[r].setdefault(pid, []).append(x)
    out = []
    for r in range(rows):
        row = []
        for pid, xs in crossings[r].items():
            xs.sort()
            row.extend((xs[i], xs[i + 1], polys[pid][0]) for i in range(0, len(xs) - 1, 2))
        out.append(row)
    return out, y0, h


def main():
    src, n, seed, k, out_csv, out_boxes = sys.argv[1:7]
    n, seed, k = int(n), int(seed), int(k)
    feats = [f for f in json.load(open(src, encoding="utf-8"))["features"] if f["geometry"]]
    rows, y0, h = scanline_intervals(feats, 4000)
    segs, cum, total = [], [], 0.0
    for r, row in enumerate(rows):
        for x0, x1, code in row:
            total += x1 - x0
            segs.append((r, x0, x1, code))
            cum.append(total)
    rnd = random.Random(seed)
    plates = []
    for i in range(n):
        s = segs[bisect.bisect_left(cum, rnd.uniform(0, total))]
        x = s[1] + rnd.random() * (s[2] - s[1])
        y = y0 + (s[0] + rnd.random()) * h
        plates.append((x, y, s[3]))
    with open(out_csv, "w", encoding="utf-8") as f:
        f.write("code,unit,street,number,lon,lat\n")
        for i, (x, y, code) in enumerate(plates):
            f.write("P%07d,%s,第%d街,%d,%.7f,%.7f\n" % (i + 1, code, i % 97 + 1, i % 500 + 1, x, y))
    with open(out_csv[:-4] + ".csvt", "w") as f:
        f.write("String,String,String,Integer,Real,Real\n")
    side = math.sqrt(k * total * h / n)
    cell = 0.01
    grid = {}
    for x, y, _ in plates:
        grid.setdefault((int(x / cell), int(y / cell)), []).append((x, y))
    with open(out_boxes, "w") as f:
        for _ in range(2000):
            cx, cy, _ = plates[rnd.randrange(n)]
            b = (cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2)
            count = sum(1 for i in range(int(b[0] / cell), int(b[2] / cell) + 1)
                        for j in range(int(b[1] / cell), int(b[3] / cell) + 1)
                        for x, y in grid.get((i, j), ())
                        if b[0] <= x <= b[2] and b[1] <= y <= b[3])
            f.write("%.7f %.7f %.7f %.7f %d\n" % (b + (count,)))


if __name__ == "__main__":
    main()

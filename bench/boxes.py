#!/usr/bin/env python3
"""Boxes that hold about K doorplates each, for bench/ogc.

usage: boxes.py DOORPLATES.csv SEED K N > BOXES.txt

DOORPLATES.csv is what `diming synth doorplates` writes (columns lon and
lat, EPSG:4490).  Writes N lines "xmin ymin xmax ymax count": squares
centred on random plates, each sized (by bisection on its side) to hold
between 0.8 K and 1.2 K plates where the density allows, with the exact
count of plates inside (edges included, as a bbox filter counts them).
"""
import csv
import random
import sys

CELL = 0.002  # degrees: the grid that speeds up the counting


def main():
    src, seed, k, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    points = []
    with open(src, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["lon"] and row["lat"]:
                points.append((float(row["lon"]), float(row["lat"])))
    grid = {}
    for x, y in points:
        grid.setdefault((int(x // CELL), int(y // CELL)), []).append((x, y))

    def count(b):
        return sum(1 for i in range(int(b[0] // CELL), int(b[2] // CELL) + 1)
                   for j in range(int(b[1] // CELL), int(b[3] // CELL) + 1)
                   for x, y in grid.get((i, j), ())
                   if b[0] <= x <= b[2] and b[1] <= y <= b[3])

    rnd = random.Random(seed)
    for _ in range(n):
        cx, cy = points[rnd.randrange(len(points))]
        lo, hi = 1e-5, 0.1
        for _ in range(24):
            side = (lo * hi) ** 0.5
            b = (round(cx - side / 2, 7), round(cy - side / 2, 7),
                 round(cx + side / 2, 7), round(cy + side / 2, 7))
            c = count(b)
            if 0.8 * k <= c <= 1.2 * k:
                break
            if c < k:
                lo = side
            else:
                hi = side
        print("%.7f %.7f %.7f %.7f %d" % (b + (c,)))


if __name__ == "__main__":
    main()

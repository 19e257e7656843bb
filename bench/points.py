#!/usr/bin/env python3
"""Writes N random points that lie inside the county's township polygons.

usage: points.py TOWNSHIPS.geojson N SEED > points.txt
One "lon lat" pair per line, in the file's own coordinates (GCJ-02 for the
demo data), uniform over the county's area (rejection sampling over the
bounding box with an exact ray-casting test).
"""
import json
import random
import sys


def ring_contains(ring, x, y):
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def main():
    path, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    polys = []
    for f in json.load(open(path, encoding="utf-8"))["features"]:
        g = f["geometry"]
        parts = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        for rings in parts:
            xs = [p[0] for p in rings[0]]
            ys = [p[1] for p in rings[0]]
            polys.append((min(xs), min(ys), max(xs), max(ys), rings))
    minx = min(p[0] for p in polys)
    miny = min(p[1] for p in polys)
    maxx = max(p[2] for p in polys)
    maxy = max(p[3] for p in polys)
    rnd = random.Random(seed)
    out = []
    while len(out) < count:
        x, y = rnd.uniform(minx, maxx), rnd.uniform(miny, maxy)
        for bx0, by0, bx1, by1, rings in polys:
            if bx0 <= x <= bx1 and by0 <= y <= by1 and ring_contains(rings[0], x, y) \
                    and not any(ring_contains(h, x, y) for h in rings[1:]):
                out.append((x, y))
                break
    for x, y in out:
        print(f"{x:.7f} {y:.7f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Helpers for test_api.sh (jq is not installed; python3 is).

  api_check.py json FILE EXPR...   every EXPR (Python, over `j` = the parsed
                                   JSON of FILE) must be true; exit 1 and
                                   print the body otherwise
  api_check.py get FILE EXPR       print str(EXPR) (for values the script
                                   needs later)
  api_check.py interior GEOJSON NAME
                                   print "lon lat": a point well inside the
                                   polygon of the feature named NAME, in the
                                   file's own coordinates (GCJ-02 for
                                   data/huining/townships.geojson)
  api_check.py bigbody FILE BYTES  write a JSON object of about BYTES bytes
"""
import json
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def cmd_json(path, exprs):
    try:
        j = load(path)
    except ValueError as e:
        print(f"not JSON ({e}):", open(path, encoding="utf-8", errors="replace").read()[:2000],
              file=sys.stderr)
        return 1
    for expr in exprs:
        try:
            ok = eval(expr, {}, {"j": j})
        except Exception as e:  # an assertion about a missing member is a failure
            ok = False
            print(f"error evaluating {expr}: {e!r}", file=sys.stderr)
        if not ok:
            print(f"assertion failed: {expr}", file=sys.stderr)
            print(json.dumps(j, ensure_ascii=False)[:2000], file=sys.stderr)
            return 1
    return 0


def inside(x, y, rings):
    """Even-odd rule over every ring of a polygon."""
    hit = False
    for ring in rings:
        n = len(ring)
        for i in range(n):
            x1, y1 = ring[i][:2]
            x2, y2 = ring[(i + 1) % n][:2]
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                hit = not hit
    return hit


def cmd_interior(path, name):
    """The grid point inside the polygon farthest from every vertex: far
    from the border, so that neither the GCJ-02 decoding nor a neighbour's
    slightly different border can move it into another township."""
    for feat in load(path)["features"]:
        if feat["properties"].get("name") != name:
            continue
        geom = feat["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        best = None
        for rings in polys:
            pts = [p for ring in rings for p in ring]
            xs = [p[0] for p in pts]
            ys = [p[1] for p in pts]
            steps = 30
            for i in range(1, steps):
                for k in range(1, steps):
                    x = min(xs) + (max(xs) - min(xs)) * i / steps
                    y = min(ys) + (max(ys) - min(ys)) * k / steps
                    if not inside(x, y, rings):
                        continue
                    d = min((x - p[0]) ** 2 + (y - p[1]) ** 2 for p in pts)
                    if best is None or d > best[0]:
                        best = (d, x, y)
        if best:
            print(f"{best[1]:.7f} {best[2]:.7f}")
            return 0
    print(f"no polygon named {name}", file=sys.stderr)
    return 1


def cmd_bigbody(path, size):
    with open(path, "w", encoding="ascii") as f:
        f.write('{"name":"' + "a" * size + '"}')
    return 0


def main(argv):
    if len(argv) >= 3 and argv[1] == "json":
        return cmd_json(argv[2], argv[3:])
    if len(argv) == 4 and argv[1] == "get":
        print(eval(argv[3], {}, {"j": load(argv[2])}))
        return 0
    if len(argv) == 4 and argv[1] == "interior":
        return cmd_interior(argv[2], argv[3])
    if len(argv) == 4 and argv[1] == "bigbody":
        return cmd_bigbody(argv[2], int(argv[3]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

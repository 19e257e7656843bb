#!/usr/bin/env python3
"""Helpers for test_ogc.sh and test_export.sh (python3 standard library only).

  ogc_check.py boxes GEOJSON        print test boxes "xmin ymin xmax ymax",
                                    one a line: small boxes across the data
                                    that hit something, and at least one that
                                    meets some polygon's envelope but not the
                                    polygon (where only an exact test is right)
  ogc_check.py oracle GEOJSON XMIN YMIN XMAX YMAX
                                    print the sorted codes (else ids) of the
                                    features (polygons or lines)
                                    whose geometry intersects the box,
                                    computed here by plain geometry
  ogc_check.py envelope-only GEOJSON XMIN YMIN XMAX YMAX
                                    print how many features meet the box by
                                    envelope but not by geometry
  ogc_check.py codes GEOJSON        print the sorted properties.code values
  ogc_check.py follow URL           follow rel=next links from URL (GeoJSON),
                                    print "pages features unique matched";
                                    exit 1 on a repeated feature
  ogc_check.py swapped A B          exit 0 if B's coordinates are A's with
                                    every position's axes swapped
  ogc_check.py same A B [OLD=NEW...]
                                    exit 0 if the GeoJSON files hold the same
                                    features (by code): the same rings (any
                                    start, any direction) and properties
                                    (property OLD of A is NEW in B)
  ogc_check.py maxdiff A B          print the largest coordinate difference
                                    between features of the same code
  ogc_check.py links HTMLFILE       print every <a href>, one a line; exit 1
                                    if the page's tags do not balance
"""
import json
import sys
import urllib.request
from html.parser import HTMLParser

from api_check import inside, load  # the same even-odd test and loader


def polygons(geom):
    """A geometry as a list of polygons, each a list of rings."""
    if geom is None:
        return []
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    if geom["type"] == "MultiPolygon":
        return geom["coordinates"]
    if geom["type"] in ("LineString", "MultiLineString"):
        return []
    raise ValueError("not polygonal: " + geom["type"])


def lines(geom):
    """A geometry's lines, each a list of positions (none for polygons)."""
    if geom is not None and geom["type"] == "LineString":
        return [geom["coordinates"]]
    if geom is not None and geom["type"] == "MultiLineString":
        return geom["coordinates"]
    return []


def orient(a, b, c):
    v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return (v > 0) - (v < 0)


def on_segment(a, b, p):
    return min(a[0], b[0]) <= p[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= p[1] <= max(a[1], b[1])


def segments_meet(p1, p2, q1, q2):
    o1, o2, o3, o4 = orient(p1, p2, q1), orient(p1, p2, q2), orient(q1, q2, p1), orient(q1, q2, p2)
    if o1 != o2 and o3 != o4:
        return True
    return ((o1 == 0 and on_segment(p1, p2, q1)) or (o2 == 0 and on_segment(p1, p2, q2)) or
            (o3 == 0 and on_segment(q1, q2, p1)) or (o4 == 0 and on_segment(q1, q2, p2)))


def intersects(geom, box):
    """Exact: a polygon meets a closed rectangle if one of its vertices is in
    it, one of its corners is in the polygon, or two edges meet; a line if
    one of its vertices is in it or one of its segments meets an edge."""
    x0, y0, x1, y1 = box
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    edges = [(corners[i], corners[(i + 1) % 4]) for i in range(4)]
    for line in lines(geom):
        if any(x0 <= p[0] <= x1 and y0 <= p[1] <= y1 for p in line):
            return True
        if any(segments_meet(line[i], line[i + 1], e[0], e[1])
               for i in range(len(line) - 1) for e in edges):
            return True
    for rings in polygons(geom):
        for ring in rings:
            for p in ring:
                if x0 <= p[0] <= x1 and y0 <= p[1] <= y1:
                    return True
        if any(inside(cx, cy, rings) for cx, cy in corners):
            return True
        for ring in rings:
            for i in range(len(ring) - 1):
                for e in edges:
                    if segments_meet(ring[i], ring[i + 1], e[0], e[1]):
                        return True
    return False


def envelope(geom):
    pts = [p for rings in polygons(geom) for ring in rings for p in ring]
    pts += [p for line in lines(geom) for p in line]
    return (min(p[0] for p in pts), min(p[1] for p in pts),
            max(p[0] for p in pts), max(p[1] for p in pts))


def env_meets(env, box):
    return env[0] <= box[2] and env[2] >= box[0] and env[1] <= box[3] and env[3] >= box[1]


def hits(features, box):
    return sorted(str(f["properties"].get("code", f.get("id"))) for f in features
                  if env_meets(f["_env"], box) and intersects(f["geometry"], box))


def envelope_only(features, box):
    return sum(1 for f in features
               if env_meets(f["_env"], box) and not intersects(f["geometry"], box))


def with_geometry(path):
    """The features of path that have a geometry, each with its envelope."""
    feats = [f for f in load(path)["features"] if f["geometry"]]
    for f in feats:
        f["_env"] = envelope(f["geometry"])
    return feats


def cmd_boxes(path):
    feats = with_geometry(path)
    envs = [f["_env"] for f in feats]
    x0, y0 = min(e[0] for e in envs), min(e[1] for e in envs)
    x1, y1 = max(e[2] for e in envs), max(e[3] for e in envs)
    out, tricky = [], None
    steps = 7
    w, h = (x1 - x0) / steps, (y1 - y0) / steps
    for i in range(steps):
        for k in range(steps):
            box = (x0 + i * w + w * 0.3, y0 + k * h + h * 0.3, x0 + i * w + w * 0.55,
                   y0 + k * h + h * 0.55)
            box = tuple(round(v, 6) for v in box)
            if tricky is None and envelope_only(feats, box) > 0 and hits(feats, box):
                tricky = box
            elif len(out) < 4 and len(hits(feats, box)) >= 2 and (i + k) % 3 == 0:
                out.append(box)
    if tricky is None:
        print("no box meets an envelope but not its polygon", file=sys.stderr)
        return 1
    out.append(tricky)
    out.append(tuple(round(v, 6) for v in (x0 + w, y0 + h, x1 - 2 * w, y1 - 3 * h)))
    for b in out:
        print(" ".join(repr(v) for v in b))
    return 0


def cmd_follow(url):
    seen, pages, matched = set(), 0, None
    while url and pages < 1000:
        req = urllib.request.Request(url, headers={"Accept": "application/geo+json"})
        with urllib.request.urlopen(req) as r:
            page = json.load(r)
        pages += 1
        matched = page["numberMatched"]
        if page["numberReturned"] != len(page["features"]):
            print("numberReturned does not count the features", file=sys.stderr)
            return 1
        for f in page["features"]:
            if f["id"] in seen:
                print("feature %s twice" % f["id"], file=sys.stderr)
                return 1
            seen.add(f["id"])
        nxt = [l["href"] for l in page["links"]
               if l["rel"] == "next" and l["type"] == "application/geo+json"]
        url = nxt[0] if nxt else None
    print(pages, len(seen), len(seen), matched)
    return 0


def positions(c):
    """Every position of a coordinates array, in order."""
    if c and isinstance(c[0], (int, float)):
        yield c
    else:
        for x in c:
            yield from positions(x)


def cmd_swapped(a, b):
    fa, fb = load(a)["features"], load(b)["features"]
    if len(fa) != len(fb) or not fa:
        return 1
    n = 0
    for x, y in zip(fa, fb):
        if x["id"] != y["id"]:
            return 1
        if x["geometry"] is None:
            continue
        for p, q in zip(positions(x["geometry"]["coordinates"]),
                        positions(y["geometry"]["coordinates"])):
            if p[0] != q[1] or p[1] != q[0]:
                print("not swapped in %s: %r %r" % (x["id"], p, q), file=sys.stderr)
                return 1
            n += 1
    return 0 if n > 0 else 1


def ring_set(geom):
    out = set()
    for rings in polygons(geom):
        for r in rings:
            r = [tuple(p[:2]) for p in r[:-1]]
            i = r.index(min(r))
            fwd = r[i:] + r[:i]
            rev = list(reversed(r))
            j = rev.index(min(rev))
            rev = rev[j:] + rev[:j]
            out.add(min(tuple(fwd), tuple(rev)))
    return out


def cmd_same(a, b, renames):
    rename = dict(r.split("=", 1) for r in renames)
    fa = {f["properties"]["code"]: f for f in load(a)["features"]}
    fb = {f["properties"]["code"]: f for f in load(b)["features"]}
    if set(fa) != set(fb) or not fa:
        print("different codes: %d vs %d" % (len(fa), len(fb)), file=sys.stderr)
        return 1
    for code, x in fa.items():
        y = fb[code]
        if ring_set(x["geometry"]) != ring_set(y["geometry"]):
            print("geometry of %s differs" % code, file=sys.stderr)
            return 1
        for k, v in x["properties"].items():
            if y["properties"].get(rename.get(k, k)) != v:
                print("%s: %s differs" % (code, k), file=sys.stderr)
                return 1
    return 0


def cmd_maxdiff(a, b):
    fa = {f["properties"]["code"]: f for f in load(a)["features"]}
    fb = {f["properties"]["code"]: f for f in load(b)["features"]}
    m = 0.0
    for code, x in fa.items():
        for p, q in zip(positions(x["geometry"]["coordinates"]),
                        positions(fb[code]["geometry"]["coordinates"])):
            m = max(m, abs(p[0] - q[0]), abs(p[1] - q[1]))
    print(m)
    return 0


class Links(HTMLParser):
    VOID = {"meta", "br", "img", "hr", "link", "input"}

    def __init__(self):
        super().__init__()
        self.stack, self.hrefs, self.bad = [], [], False

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(v for k, v in attrs if k == "href")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.bad = True


def cmd_links(path):
    p = Links()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    for h in p.hrefs:
        print(h)
    return 1 if p.bad or p.stack else 0


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "boxes":
        return cmd_boxes(args[0])
    if cmd in ("oracle", "envelope-only"):
        feats = with_geometry(args[0])
        box = tuple(float(v) for v in args[1:5])
        print(" ".join(hits(feats, box)) if cmd == "oracle" else envelope_only(feats, box))
        return 0
    if cmd == "codes":
        print(" ".join(sorted(f["properties"]["code"] for f in load(args[0])["features"])))
        return 0
    if cmd == "follow":
        return cmd_follow(args[0])
    if cmd == "swapped":
        return cmd_swapped(args[0], args[1])
    if cmd == "same":
        return cmd_same(args[0], args[1], args[2:])
    if cmd == "maxdiff":
        return cmd_maxdiff(args[0], args[1])
    if cmd == "links":
        return cmd_links(args[0])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

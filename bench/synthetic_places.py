#!/usr/bin/env python3
"""Writes synthetic natural-village names (居民点/农村居民点) as a CSV for
diming places import, so that a benchmark register reaches a given size.

usage: synthetic_places.py POINTS.txt COUNT SEED > places.csv
POINTS.txt holds "lon lat" lines (GCJ-02, from bench/points.py): one point
per place; import with --crs gcj02.  Names follow the county's own pattern
(surname + 家 + a loess-plateau generic: 王家湾, 李家岔; or two syllables +
generic: 红柳沟), built only from characters of the 8,105-character table,
deterministic for a seed.  Names may repeat: the import reports the
duplicates (N3) as warnings, as a real register would have them.
"""
import csv
import random
import sys

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
SPECIFIC = "红柳杨榆桃杏枣沙石青黑白黄新旧东西南北上下前后中大小高低长深双三四五六七八九十岔水泉山川沟塬梁峁湾坪台"
GENERICS = "村庄湾岔沟塬梁峁坪台川窑岘咀堡寨"


def main():
    points_path, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rnd = random.Random(seed)
    points = [line.split() for line in open(points_path, encoding="ascii") if line.strip()]
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["name", "category", "lon", "lat", "sources"])
    for i in range(count):
        if rnd.random() < 0.7:
            specific = rnd.choice(SURNAMES) + "家"
        else:
            specific = rnd.choice(SPECIFIC) + rnd.choice(SPECIFIC)
        name = specific + rnd.choice(GENERICS)
        lon, lat = points[i % len(points)]
        out.writerow([name, "0702", lon, lat, "benchmark: synthetic"])


if __name__ == "__main__":
    main()

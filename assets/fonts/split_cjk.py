#!/usr/bin/python3
"""Cuts Noto Sans CJK (Debian's fonts-noto-cjk, SIL Open Font License) into small fonts that the page
fetches only when the text on screen needs them, and writes chunks.txt, the list of which characters
each one holds.

usage: split_cjk.py NOTO_CJK_TTC ROBOTO_SUBSET_TTF OUT_DIR

A Korean lesson needs the 2350 syllables of KS X 1001 (almost all Korean text) and not the 8822 rare
ones; a Japanese one needs kana and the common kanji; so the chunks follow how often characters are
used, then code point order:
  hangul-common   KS X 1001 syllables, compatibility jamo, CJK punctuation, fullwidth forms
  hangul-N        the other syllables and the conjoining jamo
  kana            hiragana, katakana and their extensions
  han-common-N    the level-1 characters of JIS X 0208 and GB 2312, and the hanja of KS X 1001
  han-N           the rest of the unified ideographs and extension A
  symbols         punctuation, letterlike forms, arrows and mathematics the embedded Latin font lacks
  symbols-more    whatever else the CJK font has and the embedded Latin font lacks
Characters outside the Basic Multilingual Plane are left out (the glyph tables use 16-bit characters).
"""
import os
import sys
from concurrent.futures import ProcessPoolExecutor

from fontTools import subset
from fontTools.ttLib import TTFont

KOREAN_FACE = 1  # Noto Sans CJK KR inside the collection: Korean forms for the shared ideographs


def euc_chars(codec, rows, cols=range(0xA1, 0xFF)):
    out = []
    for hi in rows:
        for lo in cols:
            try:
                out.append(ord(bytes([hi, lo]).decode(codec)))
            except UnicodeDecodeError:
                pass
    return out


def in_ranges(cp, ranges):
    return any(lo <= cp <= hi for lo, hi in ranges)


def chunked(name, cps, size):
    cps = sorted(cps)
    return [(f"{name}-{i // size + 1}", cps[i:i + size]) for i in range(0, len(cps), size)]


def plan(cmap, roboto):
    have = set(c for c in cmap if c <= 0xFFFF)
    taken = set()

    def take(cps):
        got = sorted(c for c in set(cps) if c in have and c not in taken)
        taken.update(got)
        return got

    syllables = range(0xAC00, 0xD7A4)
    common_hangul = euc_chars("euc_kr", range(0xB0, 0xC9))
    chunks = [("hangul-common", take(common_hangul + list(range(0x3130, 0x3190)) +
                                     list(range(0x3000, 0x3040)) + list(range(0xFF01, 0xFF5F))))]
    rest = [c for c in syllables if c not in taken] + list(range(0x1100, 0x1200)) + \
        list(range(0xA960, 0xA980)) + list(range(0xD7B0, 0xD800))
    chunks += chunked("hangul", take(rest), 1500)
    chunks.append(("kana", take(list(range(0x3040, 0x3100)) + list(range(0x31F0, 0x3200)) +
                                list(range(0xFF61, 0xFFA0)))))
    han_common = euc_chars("euc_jp", range(0xB0, 0xD0)) + euc_chars("gb2312", range(0xB0, 0xD8)) + \
        euc_chars("euc_kr", range(0xCA, 0xFE))
    chunks += chunked("han-common", take(c for c in han_common if 0x4E00 <= c <= 0x9FFF), 600)
    han = [c for c in have if in_ranges(c, [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)])]
    chunks += chunked("han", take(han), 1500)
    # Symbols: punctuation, arrows, mathematics and shapes (small, and wanted by any language), then the
    # rest (enclosed and compatibility CJK forms, phonetic extensions, ...).
    rest = [c for c in have if c >= 0x20 and c not in roboto]
    chunks.append(("symbols", take(c for c in rest if 0x2000 <= c < 0x2460)))
    chunks.append(("symbols-more", take(rest)))
    return [(n, cps) for n, cps in chunks if cps]


def runs(cps):
    out = []
    for c in cps:
        if out and c == out[-1][1] + 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return out


def runs_text(spans):
    """Each run as GAP or GAP+EXTRA in hex: it starts GAP after the end of the run before (after 0 for
    the first) and goes on EXTRA characters more."""
    out, end = [], 0
    for lo, hi in spans:
        out.append(f"{lo - end:x}" + (f"+{hi - lo:x}" if hi > lo else ""))
        end = hi
    return ",".join(out)


def cut(args):
    ttc, out_dir, name, cps = args
    font = TTFont(ttc, fontNumber=KOREAN_FACE, lazy=True)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep the copyright and licence notices
    options.name_languages = [0x409]
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=cps)
    cutter.subset(font)
    path = os.path.join(out_dir, name + ".otf")
    font.save(path)
    return os.path.getsize(path)


def main():
    ttc, roboto_path, out_dir = sys.argv[1:4]
    os.makedirs(out_dir, exist_ok=True)
    cmap = TTFont(ttc, fontNumber=KOREAN_FACE, lazy=True).getBestCmap()
    roboto = set(TTFont(roboto_path).getBestCmap())
    chunks = plan(cmap, roboto)
    all_cps = set(c for _, cps in chunks for c in cps)
    with ProcessPoolExecutor(max_workers=2) as pool:
        sizes = list(pool.map(cut, [(ttc, out_dir, n, cps) for n, cps in chunks]))
    with open(os.path.join(out_dir, "chunks.txt"), "w") as f:
        f.write("# NAME RUNS: NAME.otf beside this file has the characters of RUNS; a character belongs to\n"
                "# the first line that names it. A run is GAP or GAP+EXTRA in hex: it starts GAP after the\n"
                "# end of the run before (after 0 on each line) and goes on for EXTRA characters more.\n")
        claimed = set()
        for (name, cps), size in zip(chunks, sizes):
            # A chunk cut from a range in code point order is written as its whole span when no later
            # chunk holds a character inside it: the earlier ones claim theirs first.
            claimed.update(cps)
            later = (c for c in range(cps[0], cps[-1] + 1) if c in all_cps and c not in claimed)
            spans = runs(cps) if any(True for _ in later) else [[cps[0], cps[-1]]]
            f.write(f"{name} {runs_text(spans)}\n")
    total = sum(sizes)
    print(f"split_cjk: {len(chunks)} fonts, {total // 1024} KB in all, "
          f"hangul-common {sizes[0] // 1024} KB", file=sys.stderr)


if __name__ == "__main__":
    main()

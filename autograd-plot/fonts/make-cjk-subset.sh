#!/usr/bin/env bash
# Rebuilds the CJK font that autograd-plot falls back on when no installed font can draw a figure's
# text (see dev.autograd.plot.internal.Fonts), from Noto Sans SC Regular (SIL OFL 1.1) as the npm
# package @expo-google-fonts/noto-sans-sc ships it (a TTF; Java cannot read WOFF).
#
# Needs npm and Debian's python3-fonttools (`apt-get install python3-fonttools`). The output is
# the same for the same package version and fontTools version.
#
# The subset keeps: Basic Latin, Latin-1, Greek, general punctuation, super- and subscripts,
# arrows and mathematical operators (figures mix them with Chinese: "f′(x)", "x²", "∂L/∂w"),
# CJK punctuation, full-width forms, GB 2312's symbols and its level-1 hanzi (the 3755 most used
# simplified characters), and every Han character of this repository's sources and docs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
version=0.4.3
out="$repo/autograd-plot/src/main/resources/dev/autograd/plot/internal/fonts"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "@expo-google-fonts/noto-sans-sc@$version" >/dev/null)
tar xzf "$work/expo-google-fonts-noto-sans-sc-$version.tgz" -C "$work"

/usr/bin/python3 - "$work" "$repo" <<'PY'
import pathlib, re, sys
work, repo = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
chars = set()
for lo, hi in [(0x20, 0x7E), (0xA0, 0xFF), (0x370, 0x3FF), (0x2000, 0x206F), (0x2070, 0x209F),
               (0x2190, 0x21FF), (0x2200, 0x22FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]:
    chars.update(chr(c) for c in range(lo, hi + 1))
# GB 2312's rows 1-9 (symbols) and 16-55 (its level 1: the 3755 most used hanzi).
for b1 in [*range(0xA1, 0xAA), *range(0xB0, 0xD8)]:
    for b2 in range(0xA1, 0xFF):
        try:
            chars.add(bytes([b1, b2]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
han = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
for path in sorted(repo.rglob("*")):
    if "target" in path.parts or ".git" in path.parts or not path.is_file():
        continue
    if path.suffix in (".java", ".md", ".py", ".properties"):
        chars.update(han.findall(path.read_text(encoding="utf-8", errors="ignore")))
(work / "chars.txt").write_text("".join(sorted(chars)), encoding="utf-8")
PY

mkdir -p "$out"
# No hinting (Java's rasterizer does not need it), no OpenType layout features, and a family name
# of its own, so that it never stands in for an installed Noto Sans SC.
/usr/bin/python3 -m fontTools.subset "$work/package/400Regular/NotoSansSC_400Regular.ttf" \
  --text-file="$work/chars.txt" --no-hinting --layout-features='' --notdef-outline \
  --name-IDs='*' --drop-tables+=DSIG,GSUB,GPOS,GDEF,BASE,vhea,vmtx,VORG \
  --output-file="$work/subset.ttf"
/usr/bin/python3 - "$work/subset.ttf" "$out/NotoSansSC-Subset.ttf" <<'PY'
import sys
from fontTools.ttLib import TTFont
font = TTFont(sys.argv[1], recalcTimestamp=False)
family = "Noto Sans SC Subset"
for record in font["name"].names:
    if record.nameID in (1, 16):
        record.string = family
    elif record.nameID == 4:
        record.string = family + " Regular"
    elif record.nameID == 6:
        record.string = "NotoSansSCSubset-Regular"
    elif record.nameID == 3:
        record.string = "autograd-java: " + family + " Regular"
# A fixed modification time keeps the file the same from one run to the next.
font["head"].modified = font["head"].created
font.save(sys.argv[2], reorderTables=True)
PY
cp "$work/package/LICENSE_FONT" "$out/OFL.txt"
ls -l "$out"

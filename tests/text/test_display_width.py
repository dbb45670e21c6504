"""display_width (by one str.translate with a table filled as characters come) gives the per-character rule's
columns: two for a character of east Asian width W or F from U+1100 on, one for any other."""

from __future__ import annotations

import random
import unicodedata

from kg.text.documents import display_width


def _columns_one_by_one(line: str) -> int:
    return sum(2 if ord(ch) >= 0x1100 and unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def test_display_width_is_the_per_character_rule() -> None:
    draw = random.Random(14)
    ranges = [(0x20, 0x7E), (0x1000, 0x1200), (0x3000, 0x303F), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF), (0xD800, 0xDFFF),
              (0x20000, 0x2FFFF), (0x0, 0x10FFFF)]
    lines = ["", "ASCII only", "中文和ＡＢＣ全角", "ᄀ\u115f\u1160"]
    for _ in range(3000):
        lines.append("".join(chr(draw.randint(*draw.choice(ranges))) for _ in range(draw.randint(0, 40))))
    for line in lines:
        assert display_width(line) == _columns_one_by_one(line), repr(line)
    assert display_width("中文ab") == 6

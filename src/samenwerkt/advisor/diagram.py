"""Geometry of the beslisboom diagram (server-rendered SVG).

Pure layout: given the tree from :func:`selectors.tree` and labels, return boxes and
connecting lines with coordinates, so the template only draws.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

ROW = 52  # pitch of one leaf row
BOX = 44  # height of a box
GAP = 18  # extra space between bands
TOP = 10
COLUMNS = {"start": (8, 92), "band": (126, 214), "reason": (370, 270), "leaf": (680, 292)}
WIDTH = 980


@dataclass
class Box:
    x: int
    y: int
    w: int
    lines: list[str]
    kind: str
    on_path: bool = False
    href: str = ""
    h: int = BOX

    @property
    def text_y(self) -> list[tuple[str, float]]:
        first = self.y + self.h / 2 - (len(self.lines) - 1) * 8 + 5
        return [(line, first + i * 16) for i, line in enumerate(self.lines)]

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def mid_y(self) -> float:
        return self.y + self.h / 2


@dataclass
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    on_path: bool = False


@dataclass
class Diagram:
    width: int
    height: int
    boxes: list[Box] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


def _wrap(text: str, width: int, max_lines: int = 2) -> list[str]:
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def layout(tree, *, band_names, start_label: str, form_label, tie_label) -> Diagram:
    """``tree`` is [(band, [leaf, …]), …]; ``form_label(form)`` gives a leaf's text and
    ``tie_label(numbers)`` the text of a leaf where several forms score the same."""
    rows = sum(len(leaves) for _band, leaves in tree)
    height = TOP * 2 + rows * ROW + GAP * (len(tree) - 1)
    diagram = Diagram(width=WIDTH, height=height)
    sx, sw = COLUMNS["start"]
    start = Box(sx, height // 2 - BOX // 2, sw, [start_label], "start", on_path=True)
    diagram.boxes.append(start)
    y = TOP
    for band, leaves in tree:
        band_top = y
        block = len(leaves) * ROW - (ROW - BOX)
        band_on_path = any(leaf.on_path for leaf in leaves)
        bx, bw = COLUMNS["band"]
        band_box = Box(
            bx,
            band_top + block // 2 - BOX // 2,
            bw,
            _wrap(str(band_names[band]).capitalize(), 24),
            "band",
            on_path=band_on_path,
        )
        diagram.boxes.append(band_box)
        diagram.lines.append(
            Line(start.x + start.w, start.mid_y, band_box.x, band_box.mid_y, band_on_path)
        )
        for leaf in leaves:
            rx, rw = COLUMNS["reason"]
            reason_box = Box(
                rx,
                y,
                rw,
                _wrap(f"{leaf.reason.code}. {leaf.reason.short_name}", 36),
                "reason",
                on_path=leaf.on_path,
            )
            lx, lw = COLUMNS["leaf"]
            if len(leaf.forms) == 1:
                text = form_label(leaf.forms[0])
            else:
                text = tie_label([f.number for f in leaf.forms])
            leaf_box = Box(
                lx,
                y,
                lw,
                _wrap(text, 40),
                "leaf",
                on_path=leaf.on_path,
                href=leaf.forms[0].get_absolute_url() if len(leaf.forms) == 1 else "",
            )
            diagram.boxes += [reason_box, leaf_box]
            diagram.lines.append(
                Line(band_box.x + band_box.w, band_box.mid_y, rx, reason_box.mid_y, leaf.on_path)
            )
            diagram.lines.append(Line(rx + rw, reason_box.mid_y, lx, leaf_box.mid_y, leaf.on_path))
            y += ROW
        y += GAP
    return diagram

"""Reading a chart back (helhet/indicators/chart.py): its bars, shown or hidden, in order."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET

BAR = re.compile(r'id="(?:month|sector)-\d+-(shown|hidden)"')
DATA_URI = "data:image/svg+xml;base64,"


def svg_of(src: str) -> str:
    assert src.startswith(DATA_URI), src[:40]
    return base64.b64decode(src[len(DATA_URI) :]).decode()


def bars(svg: str) -> list[str]:
    return BAR.findall(svg)


SVG = "{http://www.w3.org/2000/svg}"


def tree(svg: str) -> ET.Element:
    # Our own drawing, parsed back in a test: not untrusted input.
    return ET.fromstring(svg.encode())  # noqa: S314


def texts(svg: str) -> set[str]:
    return {element.text for element in tree(svg).iter(f"{SVG}text")}

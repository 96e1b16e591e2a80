"""HTML pieces: escaped tables, chart slots, embedded JSON, and the page around them."""

from __future__ import annotations

import base64
import gzip
import html
import json
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tasks.landscape.assets import SCRIPT, STYLE


@dataclass
class Charts:
    """The charts of a page, in the order their slots appear."""

    specs: list[dict] = field(default_factory=list)

    def slot(self, spec: dict) -> str:
        """Keep ``spec``; return the element it is drawn into."""
        self.specs.append(spec)
        return f'<div class="chart" id="chart-{len(self.specs)}"></div>'


def cell(value: object) -> str:
    """One value as escaped cell text (numbers without trailing zeros, missing values empty)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (list, tuple, np.ndarray)):
        return html.escape(", ".join(str(v) for v in list(value)))
    return html.escape(str(value))


def table(frame: pd.DataFrame) -> str:
    """A short HTML table of ``frame`` (long ones go through :func:`data_table`)."""
    if frame.empty:
        return '<p class="note">none</p>'
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{cell(v)}</td>" for v in record) + "</tr>"
        for record in frame.itertuples(index=False, name=None)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def data_table(element_id: str, frame: pd.DataFrame) -> str:
    """A long table sent as data: the page's script shows its first rows and sorts all of them."""
    if frame.empty:
        return '<p class="note">none</p>'
    rows = frame.to_json(orient="split", index=False, date_format="iso").replace("<", "\\u003c")
    return (
        f'<div class="datatable" data-rows="{element_id}"></div>'
        f'<script type="application/json" id="{element_id}">{rows}</script>'
    )


def section(anchor: str, title: str, parts: list[str]) -> str:
    """A titled section whose anchor the navigation links to."""
    return f'<section id="{anchor}"><h2>{html.escape(title)}</h2>{"".join(parts)}</section>'


def note(text: str) -> str:
    """A grey explanatory paragraph (text is escaped)."""
    return f'<p class="note">{html.escape(text)}</p>'


def embedded_json(element_id: str, payload: object) -> str:
    """A JSON script element; `<` is escaped so no text can close the element early."""
    text = json.dumps(payload, ensure_ascii=False, default=str, separators=(",", ":")).replace("<", "\\u003c")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def compressed_json(element_id: str, text: str) -> str:
    """JSON text gzipped and base64-encoded: the page's script inflates it with the browser's own gzip.

    Tens of megabytes of per-trial text in a script element make Chromium's parser crawl;
    compressed (level 1 is fast and enough for repetitive text) they are a few megabytes.
    """
    packed = base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=1)).decode("ascii")
    return f'<script type="application/gzip+base64" id="{element_id}">{packed}</script>'


def page(title: str, header: str, sections: list[str], charts: Charts, trial_data: str, bundle: str) -> str:
    """The whole self-contained document: styles, sections, data, the Vega bundle and the script."""
    nav = "".join(
        f'<a href="#{anchor}">{html.escape(name)}</a>'
        for anchor, name in (
            ("overview", "Overview"),
            ("endpoints", "Endpoints"),
            ("doses", "Doses"),
            ("eligibility", "Eligibility"),
            ("quality", "Data quality"),
            ("trials", "Trials"),
        )
    )
    safe_bundle = bundle.replace("</script", "<\\/script")
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{STYLE}</style></head><body><header><h1>{html.escape(title)}</h1>{header}<nav>{nav}</nav>"
        f"</header>{''.join(sections)}{embedded_json('chart-specs', charts.specs)}"
        f"{compressed_json('trial-data', trial_data)}<script>{safe_bundle}</script><script>{SCRIPT}</script>"
        "</body></html>\n"
    )

"""What the page carries besides its data: styles, a few lines of script, and the Vega bundle."""

from __future__ import annotations

from pathlib import Path

import altair as alt

# Vega-Lite of the Altair release, as major.minor (the versions vl-convert bundles are named so).
VEGA_LITE_VERSION = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]

HERE = Path(__file__).parent
STYLE = (HERE / "report.css").read_text(encoding="utf-8")
SCRIPT = (HERE / "report.js").read_text(encoding="utf-8")


def vega_bundle(cache_dir: Path | None = None) -> str:
    """The Vega, Vega-Lite and Vega-Embed JavaScript, inlined from vl-convert's bundle.

    Bundling takes vl-convert about 8 s, so the result is kept in ``cache_dir`` (when
    given) under a name that carries both versions.
    """
    import vl_convert

    cached = cache_dir / f"vega-bundle-vl{VEGA_LITE_VERSION}-vlc{vl_convert.__version__}.js" if cache_dir else None
    if cached and cached.exists():
        return cached.read_text(encoding="utf-8")
    bundle = vl_convert.javascript_bundle(vl_version=VEGA_LITE_VERSION)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".part")
        partial.write_text(bundle, encoding="utf-8")
        partial.replace(cached)  # atomic: a concurrent reader never sees half a bundle
    return bundle

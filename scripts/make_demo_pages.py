"""Build the bundled demo pages (src/gegenprobe/data/demo/*.html) from the hand-written fixture articles.

Each article is wrapped in a news-site page with navigation, cookie banner, share buttons and footer, and its
in-text furniture is kept as paragraphs, so the demo exercises trafilatura and the furniture rules together.
Run: python scripts/make_demo_pages.py
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from gegenprobe.text import remove_furniture

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "articles"
OUT = ROOT / "src" / "gegenprobe" / "data" / "demo"

PAGE = """<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>{title} | {outlet}</title>
<link rel="canonical" href="{url}">
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{date}T08:00:00+01:00">
</head>
<body>
<div class="cookie-banner"><p>Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten.</p>
<button>Akzeptieren</button></div>
<header><a href="/">{outlet}</a>
<nav><ul><li><a href="/politik">Politik</a></li><li><a href="/wirtschaft">Wirtschaft</a></li>
<li><a href="/region">Region</a></li><li><a href="/sport">Sport</a></li><li><a href="/abo">Abo</a></li></ul></nav>
</header>
<main>
<article>
<h1>{title}</h1>
<time datetime="{date}">{date}</time>
{paragraphs}
</article>
<aside class="share"><ul><li>Teilen</li><li>Facebook</li><li>WhatsApp</li><li>E-Mail</li></ul></aside>
</main>
<footer><p>© {outlet} 2026 – Impressum – Datenschutz – Kontakt</p></footer>
</body>
</html>
"""


def build_page(raw: str, spec: dict[str, str]) -> str:
    title = remove_furniture(raw).split("\n\n", 1)[0]
    lines = [line.strip() for line in raw.splitlines() if line.strip() and line.strip() != title]
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return PAGE.format(
        title=html.escape(title), outlet=html.escape(spec["outlet"]), url=spec["url"],
        date=spec["date"], paragraphs=paragraphs,
    )


def main() -> None:
    manifest = json.loads((FIXTURES / "manifest.json").read_text("utf-8"))
    OUT.mkdir(parents=True, exist_ok=True)
    for name, spec in manifest.items():
        page = build_page((FIXTURES / name).read_text("utf-8"), spec)
        (OUT / name.replace(".txt", ".html")).write_text(page, "utf-8")
    print(f"wrote {len(manifest)} pages to {OUT}")


if __name__ == "__main__":
    main()

"""Screenshots of the seed graph's network page: the whole graph, a searched and focused entity, a `--focus` page.

    .venv/bin/kg build seeds/ --out out
    .venv/bin/python -m benchmarks.screenshots            # writes out/screenshots/*.png (and the pages shown)

The pages are rendered from out/store with the same code as `kg viz`, so the pictures show what a user gets.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.browser import chromium, open_page
from kg import viz
from kg.errors import KgError
from kg.store import store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.screenshots", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("out"), metavar="DIR", help="the built output folder")
    parser.add_argument("--name", default="比亚迪", help="the entity to search for and focus (default: 比亚迪)")
    parser.add_argument("--depth", type=int, choices=(1, 2), default=1, help="neighbourhood shown around it")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    args = parser.parse_args(argv)

    try:
        network = viz.network_from_store(store.open_store(args.out / "store"))
        sub, view = viz.select_view(network, focus=args.name, depth=args.depth, lang=args.lang)
    except KgError as exc:
        print(f"screenshots: {exc}", file=sys.stderr)
        return 2
    folder = args.out / "screenshots"
    whole, focused = folder / "graph.html", folder / "focus-subgraph.html"
    viz.write_network_html(network, whole, lang=args.lang)
    viz.write_network_html(sub, focused, lang=args.lang, view=view)

    written = []
    with chromium() as browser:
        page = open_page(browser, whole.resolve().as_uri())
        page.wait_for_timeout(300)
        page.screenshot(path=str(folder / "graph.png"))
        written.append(folder / "graph.png")

        # Find the entity as a user would: type its name, take the first suggestion (the page centres and zooms).
        page.check(f'input[name="kg-depth"][value="{args.depth}"]')
        page.fill("#kg-search-input", args.name)
        page.wait_for_selector("#kg-suggestions li[data-id]")
        page.screenshot(path=str(folder / "search.png"))
        written.append(folder / "search.png")
        page.keyboard.press("Enter")
        page.wait_for_selector("#kg-panel:not([hidden])")
        page.wait_for_timeout(600)  # the 300 ms move to the entity
        page.screenshot(path=str(folder / "focus.png"))
        written.append(folder / "focus.png")

        page = open_page(browser, focused.resolve().as_uri())
        page.wait_for_selector("#kg-panel:not([hidden])")
        page.wait_for_timeout(300)
        page.screenshot(path=str(folder / "focus-subgraph.png"))
        written.append(folder / "focus-subgraph.png")
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

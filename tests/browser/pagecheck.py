"""Checks every main page must pass in the browser: layout, raw keys, accessibility.

Used by tests/browser/test_pages.py; plain functions over a Playwright page so a developer can
run them against `make run` too. axe-core is vendored in tests/browser/vendor/ (the npm package
`axe-core`, version pinned in package.json / package-lock.json), so nothing is fetched at run
time.
"""

from __future__ import annotations

import re
from pathlib import Path

VENDOR = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

# Elements that stick out of their card (scroll containers and visually hidden text excepted),
# and a page that scrolls sideways.
OVERFLOW_JS = """
() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    problems.push(`page scrolls sideways: ${root.scrollWidth}px > ${root.clientWidth}px`);
  }
  const clipped = (el, card) => {
    for (let a = el.parentElement; a && a !== card; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== "visible" || s.position === "absolute") return true;
    }
    return false;
  };
  for (const card of document.querySelectorAll("main .card")) {
    const c = card.getBoundingClientRect();
    if (!c.width) continue;
    for (const el of card.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height) continue;
      const s = getComputedStyle(el);
      if (s.position === "absolute" || s.position === "fixed") continue;
      if (r.right > c.right + 1 || r.left < c.left - 1) {
        if (clipped(el, card)) continue;
        const cls = typeof el.className === "string" ? el.className.split(" ")[0] : "";
        const what = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (cls ? "." + cls : "");
        const text = (el.innerText || "").trim().slice(0, 40);
        const by = Math.round(Math.max(r.right - c.right, c.left - r.left));
        problems.push(`${what} "${text}" overflows its card by ${by}px`);
        break;
      }
    }
  }
  return problems;
}
"""

# Visible text outside code samples and form values.
VISIBLE_TEXT_JS = """
() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    const skip = "code, pre, kbd, samp, script, style, template, textarea, datalist, [hidden]";
    if (!el || el.closest(skip)) continue;
    if (!el.getClientRects().length) continue;
    const s = getComputedStyle(el);
    if (s.visibility === "hidden" || s.display === "none") continue;
    const t = node.textContent.trim();
    if (t) out.push(t);
  }
  return out.join("\\n");
}
"""

SNAKE = re.compile(r"(?<![\w./:@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/])")

DESCRIBEDBY_JS = """
() => [...document.querySelectorAll("[aria-describedby]")].flatMap(el =>
  el.getAttribute("aria-describedby").split(/\\s+/).filter(id => id && !document.getElementById(id))
    .map(id => `${el.tagName.toLowerCase()}#${el.id} -> missing #${id}`))
"""


def overflow_problems(page) -> list[str]:
    return page.evaluate(OVERFLOW_JS)


def raw_keys(page) -> list[str]:
    return sorted(set(SNAKE.findall(page.evaluate(VISIBLE_TEXT_JS))))


def missing_describedby(page) -> list[str]:
    return page.evaluate(DESCRIBEDBY_JS)


def axe_violations(page) -> list[str]:
    """axe-core's violations on the current page, one line each (rule, impact, first target)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # evaluate() runs through the DevTools protocol, which the page's CSP does not block.
        page.evaluate(VENDOR.read_text() + "\n;true")
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0].target.join(' ')}`"
        " + ` — ${v.nodes[0].failureSummary.split('\\n').slice(1, 2).join('')}`)"
    )
    return result


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def canvas_is_drawn(page, selector: str) -> bool:
    """True when the canvas has a real size and non-transparent pixels."""
    return page.evaluate(
        """(sel) => {
          const c = document.querySelector(sel);
          if (!c || c.hidden || !c.width || !c.height) return false;
          if (c.width === 300 && c.height === 150 && !window.Chart?.getChart(c)) return false;
          const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++;
          return n > 50;
        }""",
        selector,
    )

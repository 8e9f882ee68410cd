"""Saved HTML pages -> the text a scraped .txt of the same report holds.

Paragraphs and other blocks become lines; each table row becomes one line with ` | `
between its cells, the shape the scraped text files print, so the rest of the parser reads
both alike. Merged cells (rowspan/colspan) are printed once, as the scrapes print them.
Scripts, styles and other non-text elements are dropped; navigation text is kept as text and
lands in the preamble before the first section, where it harms nothing.
"""

from __future__ import annotations

import lxml.etree
import lxml.html
import regex

_META_CHARSET = regex.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""",
                              regex.IGNORECASE)
_XML_DECLARATION = regex.compile(r"^\s*<\?xml[^>]*>")
_HTML_START = regex.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                            regex.IGNORECASE | regex.DOTALL)
_DROPPED = ("script", "style", "noscript", "template", "iframe", "object", "svg")
_BLOCKS = frozenset({"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4",
                     "h5", "h6", "section", "article", "header", "footer", "nav", "aside", "main",
                     "blockquote", "pre", "hr", "title", "form", "caption", "center", "tbody"})
_SPACES = regex.compile(r"\s+")


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head))


def declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    # Pages that say gb2312 or gbk are often really GB18030, its superset.
    return "gb18030" if name in ("gb2312", "gbk", "x-gbk", "gb_2312-80") else name


def page_text(html: str) -> str:
    """The visible text of a page, one line per block and per table row."""
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html))
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in root.iter(*_DROPPED):
        element.drop_tree()
    pieces: list[str] = []
    _walk(root, pieces)
    lines = (line.strip() for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _walk(element, pieces: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "table":
        pieces.append("\n")
        for row in element.iter("tr"):
            cells = [_SPACES.sub(" ", cell.text_content()).strip()
                     for cell in row if isinstance(cell.tag, str) and cell.tag in ("td", "th")]
            pieces.append(" | ".join(cells) + " |\n")
        pieces.append(_text(element.tail))
        return
    block = tag in _BLOCKS
    if block:
        pieces.append("\n")
    pieces.append(_text(element.text))
    for child in element:
        _walk(child, pieces)
    if block:
        pieces.append("\n")
    pieces.append(_text(element.tail))


def _text(text: str | None) -> str:
    return _SPACES.sub(" ", text) if text else ""

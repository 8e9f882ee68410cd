"""Saved HTML pages -> the text a scraped .txt of the same report holds.

Paragraphs and other blocks become lines; each table row becomes one line with ` | `
between its cells and a trailing ` |`, the shape the scraped text files print, so the rest of
the parser reads both alike. Merged cells (rowspan/colspan) are printed once, as the scrapes
print them; a cell that holds only blanks (`&nbsp;`) is an empty cell, and a cell's several
paragraphs or lines are joined by a space, so a row always stays on one line. Inline elements
(`<span>`, `<font>`, `<b>`, Word's `<o:p>` and `<st1:chsdate>`) never break a line:
`<span>1</span><span>60</span>` is 160.

Scripts, styles, comments (Word's `<!--[if gte mso 9]>…<![endif]-->` among them), Word's
hidden text (`mso-hide:all`) and other non-text elements are dropped; navigation text is kept
as text and lands in the preamble before the first section, where it harms nothing. A row
whose cell holds another table, and a table of one column, are layout: their cells are read
as blocks (lines), and only the tables that hold the figures print `|` rows. Pages nested
deeper than libxml2 builds trees are read whole, and the walk over the tree is iterative.

What counts as a page is decided by what the text is, not by its first tag: a whole page, a
fragment (`<p>…`, `<table>…`, `<?xml …?>` XHTML), or a text in which tags are a large share.
A plain-text report with a stray `<` or a `<<条例>>` quotation stays text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeAlias

import lxml.etree
import lxml.html
import regex

# lxml ships no type information (see [tool.mypy] in pyproject.toml), so an element is Any to
# the type checker; the alias says what is meant.
_Element: TypeAlias = lxml.etree._Element

_META_CHARSET = regex.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", regex.IGNORECASE
)
_XML_ENCODING = regex.compile(
    rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", regex.IGNORECASE
)
_XML_DECLARATION = regex.compile(r"^\s*<\?xml[^>]*>")
_DROPPED = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "svg",
        "xml",
        "canvas",
        "audio",
        "video",
        "map",
    }
)
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "main",
        "blockquote",
        "pre",
        "hr",
        "title",
        "form",
        "caption",
        "center",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "td",
        "th",
        "table",
        "address",
        "figure",
        "figcaption",
        "fieldset",
        "legend",
        "details",
        "summary",
        "body",
        "html",
    }
)
_TABLE_SECTIONS = frozenset({"thead", "tbody", "tfoot"})
_CELLS = frozenset({"td", "th"})
_SPACES = regex.compile(r"\s+")
# Characters a cell may hold that print nothing: a cell of only these is an empty cell.
_BLANK = " \t\n\r\f\v\xa0\u3000\u200b\u200c\u200d\u2060\ufeff"
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Word's hidden text. (Other display:none stays: sites hide what their scripts then show, and
# a report hidden so would be lost whole.)
_HIDDEN_STYLE = regex.compile(r"mso-hide\s*:\s*all", regex.IGNORECASE)

# --- telling a page from a text ------------------------------------------------------------

# Element names of HTML, and the namespaced ones Word writes (o:p, st1:chsdate, v:shape …).
_HTML_ELEMENTS = frozenset(
    {
        "a",
        "abbr",
        "acronym",
        "address",
        "area",
        "article",
        "aside",
        "audio",
        "b",
        "base",
        "basefont",
        "bdi",
        "bdo",
        "big",
        "blockquote",
        "body",
        "br",
        "button",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "dir",
        "div",
        "dl",
        "dt",
        "em",
        "embed",
        "fieldset",
        "figcaption",
        "figure",
        "font",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "i",
        "iframe",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "legend",
        "li",
        "link",
        "main",
        "map",
        "mark",
        "meta",
        "nav",
        "nobr",
        "noscript",
        "object",
        "ol",
        "optgroup",
        "option",
        "p",
        "param",
        "pre",
        "q",
        "s",
        "samp",
        "script",
        "section",
        "select",
        "small",
        "source",
        "span",
        "strike",
        "strong",
        "style",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "template",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "time",
        "title",
        "tr",
        "tt",
        "u",
        "ul",
        "var",
        "video",
        "wbr",
        "xml",
    }
)
_STRUCTURAL = frozenset(
    {
        "html",
        "head",
        "body",
        "title",
        "p",
        "div",
        "br",
        "table",
        "tr",
        "td",
        "th",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "center",
        "section",
        "article",
        "blockquote",
        "pre",
        "hr",
        "dl",
        "dt",
        "dd",
    }
)
_TAG = regex.compile(r"</?([A-Za-z][A-Za-z0-9]*)(:[A-Za-z][\w.-]*)?(?=[\s/>])[^<>]{0,2000}>")
_MARKUP_START = regex.compile(r"<(?:[A-Za-z]|!--|!doctype\b|\?xml\b)", regex.IGNORECASE)
# A text counts as markup when tags are this large a share of its non-blank characters, or
# when this large a share of its non-blank lines carry a tag.
_TAG_CHAR_SHARE = 0.10
_TAGGED_LINE_SHARE = 0.5
_MIN_TAGS = 3
_SAMPLE = 200_000


def looks_like_html(data: bytes) -> bool:
    """Whether the bytes look like markup, before they are decoded (to pick the charset a
    page declares). Tags are ASCII in every encoding a page declares, so Latin-1 shows them;
    a UTF-16 page is found after decoding, by `looks_like_markup`."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf")
    return looks_like_markup(head.decode("latin-1"))


def looks_like_markup(text: str) -> bool:
    """A page or a fragment of one: it starts with a tag (or a doctype, comment or XML
    declaration) and holds block elements, or tags are a large share of the text."""
    stripped = text.lstrip(_BLANK)
    if _MARKUP_START.match(stripped):
        return any(
            _is_known(match) and match.group(1).lower() in _STRUCTURAL
            for match in _TAG.finditer(stripped)
        )
    sample = stripped[:_SAMPLE]
    known = [len(match.group()) for match in _TAG.finditer(sample) if _is_known(match)]
    if len(known) < _MIN_TAGS:
        return False
    solid = len(sample) - sum(sample.count(ch) for ch in _BLANK)
    if solid and sum(known) / solid >= _TAG_CHAR_SHARE:
        return True
    lines = [line for line in sample.splitlines() if line.strip(_BLANK)]
    tagged = sum(1 for line in lines if _has_known_tag(line))
    return bool(lines) and tagged / len(lines) >= _TAGGED_LINE_SHARE


def _has_known_tag(line: str) -> bool:
    return any(_is_known(match) for match in _TAG.finditer(line))


def _is_known(match: regex.Match[str]) -> bool:
    """An HTML element, or a namespaced one as Word writes them (o:p, st1:chsdate)."""
    return match.group(1).lower() in _HTML_ELEMENTS or match.group(2) is not None


def declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.match(head.lstrip(b"\xef\xbb\xbf"))
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    # Pages that say gb2312 or gbk are often really GB18030, its superset.
    return "gb18030" if name in ("gb2312", "gbk", "x-gbk", "gb_2312-80") else name


# --- the text of a page --------------------------------------------------------------------


def page_text(html: str) -> str:
    """The visible text of a page, one line per block and per table row."""
    root = _parse(html)
    if root is None:
        return ""
    lines = (line.strip() for line in _render(root).split("\n"))
    return "\n".join(line for line in lines if line)


def _parse(html: str) -> _Element | None:
    """The page's tree, or None. Nesting deeper than libxml2's limit (256 levels, 2048 with
    huge_tree) stops its tree building and loses what follows; the parser's events have no
    such limit, so such a page is built again from them, whatever its depth."""
    html = _XML_DECLARATION.sub("", html.lstrip("\ufeff"), count=1)
    html = _CONTROL.sub(" ", html)
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None
    if not any("depth" in error.message for error in parser.error_log):
        return root
    builder = lxml.etree.TreeBuilder(insert_comments=False, insert_pis=False)
    try:
        return lxml.etree.fromstring(html, lxml.etree.HTMLParser(target=builder, huge_tree=True))
    except (lxml.etree.LxmlError, ValueError, AssertionError):
        return root


# Rendering walks the tree with an explicit stack (no recursion, whatever the depth).
# Each item that still has an element's descendants to come holds that element: lxml frees a
# node's Python proxy by walking up to the nearest ancestor that has one, which must be near.
_OPEN, _CONTENT, _CLOSE, _TEXT, _CELL_START, _CELL_END, _TABLE_END = range(7)
# An item of the stack: (op, payload, inside a table cell). The payload is the text to print for
# _TEXT, None for _CELL_START, and an element for every other op.
_Item: TypeAlias = tuple[int, Any, bool]


def _render(root: _Element) -> str:
    out: list[str] = []
    cell_starts: list[int] = []
    stack: list[_Item] = [(_OPEN, root, False)]
    while stack:
        op, item, in_cell = stack.pop()
        if op == _TEXT:
            out.append(item)
        elif op == _TABLE_END:
            out.append("\n")
            out.append(_text(item.tail))
        elif op == _CELL_START:
            cell_starts.append(len(out))
        elif op == _CELL_END:
            start = cell_starts.pop()
            cell = _cell_text("".join(out[start:]))
            del out[start:]
            out.append(cell)
        elif op == _CLOSE:
            if _tag(item) in _BLOCKS:
                out.append(" " if in_cell else "\n")
            out.append(_text(item.tail))
        else:
            tag = _tag(item)
            if tag is None or tag in _DROPPED or _hidden(item):
                if op == _OPEN:
                    out.append(_text(item.tail))
                continue
            if tag == "table" and not in_cell and op == _OPEN:
                stack.extend(reversed(_table_items(item)))
                continue
            if op == _OPEN:
                if tag in _BLOCKS:
                    out.append(" " if in_cell else "\n")
                stack.append((_CLOSE, item, in_cell))
            out.append(_text(item.text))
            stack.extend((_OPEN, child, in_cell) for child in reversed(item))
    return "".join(out)


def _table_items(table: _Element) -> list[_Item]:
    """What a table prints, in order: a line per data row. A row whose cells hold a table,
    and every row of a table of one column, is layout: its cells print as blocks."""
    parts = [
        (part, [cell for cell in part if _tag(cell) in _CELLS] if _tag(part) == "tr" else None)
        for part in _table_parts(table)
    ]
    one_column = all(cells is None or len(cells) < 2 for _, cells in parts)
    items: list[_Item] = [(_TEXT, "\n", False), (_TEXT, _text(table.text), False)]
    for part, cells in parts:
        if cells is None:
            items.append((_OPEN, part, False))  # a caption, or text misplaced in the table
        elif one_column or any(next(cell.iter("table"), None) is not None for cell in cells):
            items.extend((_OPEN, cell, False) for cell in cells)
        elif cells:
            items.append((_TEXT, "\n", False))
            for index, cell in enumerate(cells):
                if index:
                    items.append((_TEXT, " | ", False))
                if not _hidden(cell):
                    items.extend(
                        ((_CELL_START, None, True), (_CONTENT, cell, True), (_CELL_END, cell, True))
                    )
            items.append((_TEXT, " |\n", False))
    items.append((_TABLE_END, table, False))
    return items


def _table_parts(table: _Element) -> Iterator[_Element]:
    for child in table:
        if _tag(child) in _TABLE_SECTIONS:
            yield from child
        else:
            yield child


def _cell_text(text: str) -> str:
    # A `|` inside a cell would split it in two for the table reader: print it as ¦.
    return _SPACES.sub(" ", text).strip(_BLANK).replace("|", "¦")


def _tag(element: _Element) -> str | None:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else None


def _hidden(element: _Element) -> bool:
    style = element.get("style")
    return bool(style) and bool(_HIDDEN_STYLE.search(style))


def _text(text: str | None) -> str:
    return _SPACES.sub(" ", text) if text else ""

"""Output objects: mo.md, mo.Html, mo.image and marimo's layout and text
elements (mo.hstack, vstack, callout, accordion, stat, tree, json, ...).

In marimo these are HTML. A terminal has no HTML, so each object here is
Markdown instead: ``_quire_mime_()`` answers ``text/markdown`` composed
of its children, ``application/vnd.quire.widgets+json`` when live
widgets are embedded in it, and ``text/plain`` (doc/rich-outputs.md,
contract-s2 section 5). A child becomes Markdown by what it would show on
its own: a ``mo.ui`` element its ``<quire-widget>`` tag, Markdown as it
is, a table (a DataFrame, a list of dicts) a GFM table of its first rows
and a count, an image one line ``[image: ...]``, text as text. What
quire cannot draw is one line naming it (``[matplotlib FuncAnimation]``),
never raw HTML.

The signatures are marimo's, so that notebooks calling them with
marimo's arguments run; arguments about looks in a browser (justify,
widths, rounded, style...) are accepted and have no effect.
"""

import collections
import html
import inspect
import io
import json as _json
import os
import re

WIDGET_MIME = "application/vnd.quire.widget+json"
WIDGETS_MIME = "application/vnd.quire.widgets+json"
TABLE_MIME = "application/vnd.quire.table+json"

# Rows of a table shown inside a layout; the rest are counted.
LAYOUT_TABLE_ROWS = 10
# Lines of a child that hstack still lays out as a column.
HSTACK_MAX_LINES = 8

CALLOUT_KINDS = ("neutral", "danger", "warn", "success", "info")
_CALLOUT_TITLES = {"neutral": None, "danger": "Danger", "warn": "Warning",
                   "success": "Success", "info": "Info"}

_TAG = re.compile(r"<[^>]*>")
_WIDGET = re.compile(r'<quire-widget id="([^"]*)">(.*?)</quire-widget>',
                     re.S)
_BLOCK_END = re.compile(r"</(p|div|li|h[1-6]|tr|pre|blockquote|ul|ol|table)"
                        r"\s*>|<br\s*/?>|<hr\s*/?>", re.I)
# One character at a time: a backslash before Markdown's specials, an
# entity for brackets ("\[" opens display math in marimo's Markdown) and
# for what would start HTML.
_MD_ESCAPES = {c: "\\" + c for c in "\\`*_{}#|~$!"}
_MD_ESCAPES.update({"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "&#91;",
                    "]": "&#93;", "\r": " ", "\n": " "})
# Blocks of Markdown lately written into f-strings (_embed), for md().
_EMBEDDED = collections.deque(maxlen=64)
_DEFAULT_REPR = re.compile(r"^<[\w.]+ object at 0x[0-9a-fA-F]+>$")
_MD_UNESCAPE = re.compile(r"\\([\\`*_\[\]{}<>#|~$!().+\-])")
# A Markdown line that starts a block hstack cannot put in a table cell.
_MD_BLOCK = re.compile(r"^\s*([-*+] |\d+[.)] |#|>|```|~~~|\||    |\t)")


def _kernel():
    try:
        from quire import _kernel
    except ImportError:
        return None
    return _kernel


def _ui_find(element_id):
    try:
        from quire.mo import ui
    except ImportError:
        return None
    find = getattr(ui, "find", None)
    return find(element_id) if callable(find) else None


# --- Markdown text -----------------------------------------------------

def _escape(text):
    """Text shown as it is inside Markdown: specials escaped, line breaks
    as spaces."""
    text = "".join(_MD_ESCAPES.get(c, c) for c in str(text))
    # What would start a list item or a heading underline.
    m = re.match(r"\s*\d+(?=[.)])", text)
    if m:
        return text[:m.end()] + "\\" + text[m.end():]
    return re.sub(r"^(\s*)([-+=])", r"\1\\\2", text)


def _fence(text, info=""):
    """text as a fenced code block: verbatim, whatever it holds."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return "%s%s\n%s\n%s" % (fence, info, text.rstrip("\n"), fence)


def _plain_to_md(text):
    """Plain text (a repr, a printed value) as Markdown."""
    text = str(text)
    if "\n" in text.strip("\n"):
        return _fence(text, "text")
    return _escape(text.strip("\n"))


_EMPHASIS = re.compile(r"(?<![\\*])\*\*?(?=\S)|(?<=[^\s\\])\*\*?")


def _md_to_plain(md):
    """What the Markdown says, for text/plain: widgets as their text,
    emphasis marks dropped, escapes and entities undone."""
    md = _WIDGET.sub(lambda m: m.group(2), md)
    md = _EMPHASIS.sub("", md)
    md = re.sub(r"(?m)\\$", "", md)
    return html.unescape(_MD_UNESCAPE.sub(r"\1", md))


def _html_to_md(text):
    """Raw HTML as Markdown: its text, block ends as line breaks, widget
    tags kept (they are quire's own)."""
    out = []
    pos = 0
    for m in _WIDGET.finditer(text):
        out.append(_html_text_md(text[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_html_text_md(text[pos:]))
    return "".join(out).strip()


def _html_text_md(text):
    text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", "", text)
    text = _BLOCK_END.sub("\n\n", text)
    text = html.unescape(_TAG.sub("", text))
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(_escape(p) for p in paras if p)


def _image_size(data):
    """(width, height, format name) of PNG or JPEG bytes, or None."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR" \
            and len(data) >= 24:
        return (int.from_bytes(data[16:20], "big"),
                int.from_bytes(data[20:24], "big"), "PNG")
    if data[:2] != b"\xff\xd8":
        return None
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        seg = int.from_bytes(data[i + 2:i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return (int.from_bytes(data[i + 7:i + 9], "big"),
                    int.from_bytes(data[i + 5:i + 7], "big"), "JPEG")
        i += 2 + seg
    return None


def _image_md(data, what):
    """One line for an image inside Markdown: [image: 640×480 PNG, what]."""
    size = _image_size(data) if isinstance(data, (bytes, bytearray)) \
        else None
    parts = []
    if size is not None:
        parts.append("%d×%d %s" % size)
    what = (what or "").strip().split("\n")[0]
    if what:
        parts.append(what)
    return _escape("[image: %s]" % (", ".join(parts) or "picture"))


def _cell_md(v):
    if v is None:
        return "None"
    if isinstance(v, bool):
        return "True" if v else "False"
    if isinstance(v, (list, dict)):
        v = _json.dumps(v, ensure_ascii=False)
    if isinstance(v, (int, float)):
        return str(v)
    return _escape(v)


def _is_numeric(dtype):
    return isinstance(dtype, str) and dtype.startswith(
        ("int", "uint", "float", "complex", "Int", "UInt", "Float",
         "Decimal", "number"))


def _table_md(t):
    """A table window (the table JSON) as a GFM table of its first rows
    and, when rows are left out, a count."""
    cols = [str(c) for c in t.get("columns") or []]
    if not cols:
        return "*empty table*"
    rows = t.get("rows") or []
    shown = rows[:LAYOUT_TABLE_ROWS]
    dtypes = t.get("dtypes") or []
    nrows = t.get("nrows", t.get("offset", 0) + len(rows))
    ncols = t.get("ncols", len(cols) - t.get("index_columns", 0))
    aligns = []
    for i in range(len(cols)):
        if i < len(dtypes):
            num = _is_numeric(dtypes[i])
        else:
            vals = [r[i] for r in shown if i < len(r) and r[i] is not None]
            num = bool(vals) and all(
                isinstance(v, (int, float)) and not isinstance(v, bool)
                for v in vals)
        aligns.append("---:" if num else "---")
    lines = ["| " + " | ".join(_cell_md(c) or " " for c in cols) + " |",
             "| " + " | ".join(aligns) + " |"]
    for r in shown:
        cells = [_cell_md(r[i]) if i < len(r) else "" for i in
                 range(len(cols))]
        lines.append("| " + " | ".join(cells) + " |")
    out = "\n".join(lines)
    if nrows > len(shown):
        out += "\n\n*%s of %s rows shown · %s columns*" % (
            "{:,}".format(len(shown)), "{:,}".format(nrows),
            "{:,}".format(ncols))
    return out


def _widget_tag(w, text):
    return '<quire-widget id="%s">%s</quire-widget>' % (
        html.escape(str(w.get("id", "")), quote=True), _escape(text))


def _type_name(obj):
    t = type(obj)
    mod = (t.__module__ or "").split(".")[0]
    if mod in ("builtins", "__main__", ""):
        return t.__name__
    return "%s %s" % (mod, t.__name__)


def _is_figure(obj):
    for k in type(obj).__mro__:
        if (k.__module__ or "").startswith("matplotlib") and \
                k.__name__ in ("Figure", "Axes", "_AxesBase"):
            return True
    return False


def _bundle(obj):
    """obj's display forms as the kernel would send them: [(mime, str or
    bytes)]."""
    k = _kernel()
    if k is not None:
        items = k.bundle(obj)
    else:
        f = getattr(obj, "_quire_mime_", None)
        items = list(f()) if callable(f) else [("text/plain", repr(obj))]
    out = []
    for mime, data in items:
        if isinstance(data, (bytes, bytearray)) and not \
                mime.startswith("image/"):
            data = bytes(data).decode("utf-8", "replace")
        out.append((mime, data))
    return out


class _Part:
    """A child converted: its Markdown and the widgets embedded in it."""

    def __init__(self, md, widgets=()):
        self.md = md
        self.widgets = list(widgets)


def _widgets_of_md(md, known):
    """Widget JSON of the <quire-widget> tags in md not in known."""
    out = []
    ids = {w.get("id") for w in known}
    for m in _WIDGET.finditer(md):
        wid = html.unescape(m.group(1))
        if wid in ids:
            continue
        el = _ui_find(wid)
        f = getattr(el, "_quire_widget_", None)
        if callable(f):
            out.append(f())
            ids.add(wid)
    return out


def _from_bundle(obj, items):
    data = {}
    for mime, d in items:
        data.setdefault(mime, d)
    widgets = []
    if WIDGETS_MIME in data:
        try:
            widgets = list(_json.loads(data[WIDGETS_MIME]))
        except ValueError:
            widgets = []
    plain = data.get("text/plain")
    if WIDGET_MIME in data:
        try:
            w = _json.loads(data[WIDGET_MIME])
            return _Part(_widget_tag(w, plain or w.get("label", "")),
                         [w] + widgets)
        except ValueError:
            pass
    if "text/markdown" in data:
        md = data["text/markdown"]
        return _Part(md, widgets + _widgets_of_md(md, widgets))
    if TABLE_MIME in data:
        try:
            return _Part(_table_md(_json.loads(data[TABLE_MIME])), widgets)
        except (ValueError, AttributeError, TypeError):
            pass
    for mime in ("image/png", "image/jpeg"):
        if mime in data:
            return _Part(_image_md(data[mime], plain), widgets)
    if "text/html" in data and (plain is None or
                                type(obj).__repr__ is object.__repr__):
        # Its only real form is HTML (an animation, a styled table): a
        # line naming it, never the HTML, nor text pulled out of it.
        return _Part(_escape("[%s]" % _type_name(obj)), widgets)
    if plain is not None and _DEFAULT_REPR.match(plain):
        # "<matplotlib.animation.FuncAnimation object at 0x...>" says
        # only what it is: say that in one line.
        return _Part(_escape("[%s]" % _type_name(obj)), widgets)
    if plain is not None:
        return _Part(_plain_to_md(plain), widgets)
    kinds = ", ".join(m for m, _ in items) or "nothing"
    return _Part(_escape("[%s: %s]" % (_type_name(obj), kinds)), widgets)


def _part(obj, text_is_md=False):
    """Any value as a child of a layout."""
    if obj is None:
        return _Part("")
    if isinstance(obj, Html):
        return _Part(obj._md(), obj._embedded())
    if isinstance(obj, str):
        return _Part(inspect.cleandoc(obj) if text_is_md else
                     _plain_to_md(obj))
    if isinstance(obj, (bool, int, float)):
        return _Part(_escape(repr(obj)))
    f = getattr(obj, "_quire_widget_", None)
    if callable(f) and not isinstance(obj, type):
        w = f()
        tag = format(obj)
        if not tag.startswith("<quire-widget"):
            tag = _widget_tag(w, tag)
        return _Part(tag, [w])
    if _is_figure(obj):
        # No need to draw it to say what it is.
        return _Part(_image_md(None, repr(obj)))
    try:
        items = _bundle(obj)
    except Exception as e:
        return _Part(_escape("[%s: %s]" % (_type_name(obj),
                                           type(e).__name__)))
    return _from_bundle(obj, items)


def _merge(widgets, more):
    ids = {w.get("id") for w in widgets}
    for w in more:
        if w.get("id") not in ids:
            widgets.append(w)
            ids.add(w.get("id"))
    return widgets


# --- output objects ----------------------------------------------------

class Html:
    """An output; in marimo raw HTML, shown in a terminal as its text."""

    def __init__(self, text):
        self._text = str(text)

    @property
    def text(self):
        return self._text

    # What a layout embeds, and what the bundle says.
    def _md(self):
        return _html_to_md(self._text)

    def _embedded(self):
        return _widgets_of_md(self._text, [])

    def _plain(self):
        return _md_to_plain(self._md())

    def _quire_mime_(self):
        md = self._md()
        items = [("text/markdown", md)]
        widgets = self._embedded()
        if widgets:
            items.append((WIDGETS_MIME, _json.dumps(widgets,
                                                    ensure_ascii=False)))
        items.append(("text/plain", _md_to_plain(md)))
        return items

    def _repr_html_(self):
        return self._text

    def __format__(self, spec):
        return self._text

    def __repr__(self):
        return "Html(%r)" % (self._text,)

    # marimo's Html methods.
    def callout(self, kind="neutral", title=None):
        return callout(self, kind=kind, title=title)

    def center(self):
        return self

    def left(self):
        return self

    def right(self):
        return self

    def style(self, style=None, **kwargs):
        return self

    def batch(self, **elements):
        from quire.mo import ui
        f = getattr(ui, "batch", None)
        if f is None:
            raise AttributeError("quire does not implement Html.batch yet")
        return f(self, elements)


class _Markdown(Html):
    def _md(self):
        return self._text

    def __format__(self, spec):
        return _embed(self._text)

    def _repr_markdown_(self):
        return self._text

    def __repr__(self):
        # What marimo's _md prints.
        return "_md()"


def _embed(md_text):
    """What an object writes into an f-string: one line as it is; a
    block of lines (a table, a callout) as a block of its own, noted so
    that md() can dedent around it."""
    if "\n" not in md_text.strip("\n"):
        return md_text.strip("\n")
    block = "\n\n" + md_text.strip("\n") + "\n\n"
    _EMBEDDED.append(block)
    return block


def md(text):
    """Markdown output; the text is dedented as marimo does. Blocks that
    objects wrote into it (_embed) are not counted: their lines start at
    the left, the f-string's own lines are indented like the code."""
    blocks = []
    for block in sorted(set(_EMBEDDED), key=len, reverse=True):
        if block in text:
            text = text.replace(block, "\n\n%s\x00%d\x00\n\n" % (
                " " * 512, len(blocks)))
            blocks.append(block.strip("\n"))
    text = inspect.cleandoc(text)
    if blocks:
        text = re.sub(r"(?m)^ *\x00(\d+)\x00$",
                      lambda m: blocks[int(m.group(1))], text)
    return _Markdown(text)


class _Layout(Html):
    """Markdown quire composed, with the widgets embedded in it."""

    def __init__(self, md_text, widgets=(), plain=None):
        super().__init__(md_text)
        self._widgets = list(widgets)
        self._plain_text = plain

    def _md(self):
        return self._text

    def _embedded(self):
        return list(self._widgets)

    def __format__(self, spec):
        return _embed(self._text)

    def _quire_mime_(self):
        items = [("text/markdown", self._text)]
        if self._widgets:
            items.append((WIDGETS_MIME, _json.dumps(self._widgets,
                                                    ensure_ascii=False)))
        items.append(("text/plain", self._plain_text
                      if self._plain_text is not None
                      else _md_to_plain(self._text)))
        return items

    def __repr__(self):
        return "%s(%r)" % (type(self).__name__, self._text[:60])


class _Plain(Html):
    """Text shown verbatim."""

    def _md(self):
        return _fence(self._text, "text") if self._text else ""

    def _embedded(self):
        return []

    def _quire_mime_(self):
        return [("text/plain", self._text)]


def plain_text(text):
    """Text shown verbatim, spaces and all (marimo's mo.plain_text)."""
    return _Plain(str(text))


class _AsHtml(Html):
    """A value made embeddable (mo.as_html): on its own it shows as the
    value would; inside a layout or f-string, as Markdown."""

    def __init__(self, value):
        self._value = value
        self._part = None
        super().__init__("")

    def _get(self):
        if self._part is None:
            self._part = _part(self._value)
        return self._part

    @property
    def text(self):
        return self._get().md

    def _md(self):
        return self._get().md

    def _embedded(self):
        return self._get().widgets

    def _quire_mime_(self):
        return _bundle(self._value)

    def __format__(self, spec):
        return _embed(self._get().md)

    def __repr__(self):
        return "Html(%r)" % (self._get().md[:60],)


def as_html(value):
    """value as an output that can be embedded in Markdown and layouts."""
    if isinstance(value, Html):
        return value
    return _AsHtml(value)


class Plain:
    """mo.plain(value): the value without marimo's own rich display."""

    def __init__(self, child):
        self.child = child

    def _quire_mime_(self):
        return [(m, d) for m, d in _bundle(self.child)
                if m not in (WIDGET_MIME, WIDGETS_MIME)]

    def __repr__(self):
        return "Plain(child=%r)" % (self.child,)


def plain(value):
    return Plain(value)


# --- layouts -----------------------------------------------------------

def _parts(items, text_is_md=False):
    return [_part(i, text_is_md) for i in items]


def _widgets(parts):
    out = []
    for p in parts:
        _merge(out, p.widgets)
    return out


def vstack(items, *, align=None, justify="start", gap=0.5, heights=None):
    """Items one below the other."""
    parts = _parts(items)
    md = "\n\n".join(p.md for p in parts if p.md.strip())
    return _Layout(md, _widgets(parts))


def _cell_lines(md):
    """A child's Markdown as lines for table cells, or None when it holds
    a block (list, heading, code, table) a cell cannot."""
    lines = []
    for line in md.strip("\n").split("\n"):
        if not line.strip():
            continue
        if _MD_BLOCK.match(line):
            return None
        line = line.rstrip()
        if line.endswith("\\") and not line.endswith("\\\\"):
            line = line[:-1].rstrip()
        lines.append(re.sub(r"(?<!\\)\|", r"\\|", line))
    return lines


def hstack(items, *, justify="space-between", align=None, wrap=False,
           gap=0.5, widths=None):
    """Items side by side: on one line when each is one line, as the
    columns of a table when each is a few lines of text (stats), else one
    below the other."""
    parts = [p for p in _parts(items) if p.md.strip()]
    widgets = _widgets(parts)
    cols = [_cell_lines(p.md) for p in parts]
    if all(c is not None and len(c) <= 1 for c in cols):
        try:
            n = max(3, int(round(float(gap) * 6)))
        except (TypeError, ValueError):
            n = 3
        # No-break spaces keep the gap; the last plain one lets a narrow
        # terminal wrap there.
        sep = "\u00a0" * (n - 1) + " "
        cells = [c[0] for c in cols if c]
        return _Layout(sep.join(cells), widgets, (" " * n).join(
            _md_to_plain(c) for c in cells))
    if all(c is not None and len(c) <= HSTACK_MAX_LINES for c in cols):
        height = max(len(c) for c in cols)
        rows = [[c[i] if i < len(c) else "" for c in cols]
                for i in range(height)]
        lines = ["| " + " | ".join(r) + " |" for r in rows]
        lines.insert(1, "| " + " | ".join("---" for _ in cols) + " |")
        plain = "\n".join("   ".join(_md_to_plain(x) for x in r).rstrip()
                          for r in rows)
        return _Layout("\n".join(lines), widgets, plain)
    return _Layout("\n\n".join(p.md for p in parts), widgets)


def _quote(md):
    return "\n".join((">" + (" " + line if line else ""))
                     for line in md.split("\n"))


def callout(value, kind="neutral", title=None):
    """A highlighted box: a block quote headed by its kind and title."""
    if kind not in CALLOUT_KINDS:
        raise ValueError("Unsupported callout kind: %r. Expected one of %r."
                         % (kind, CALLOUT_KINDS))
    p = _part(value)
    head = _CALLOUT_TITLES[kind]
    if title is not None:
        head = "%s: %s" % (head, title) if head else str(title)
    blocks = []
    if head:
        blocks.append("**%s**" % _escape(head))
    if p.md.strip():
        blocks.append(p.md)
    return _Layout(_quote("\n\n".join(blocks)), p.widgets)


def accordion(items, multiple=False, lazy=False, *, expanded=False):
    """Sections, each under its title (all open: a page has no clicks)."""
    blocks = []
    widgets = []
    for title, body in dict(items).items():
        t = _part(title, text_is_md=True)
        b = _part(body, text_is_md=True)
        if t.widgets:
            blocks.append("**▸** " + t.md.replace("\n", " "))
        else:
            blocks.append("**▸ %s**" % _escape(_md_to_plain(t.md).strip()))
        if b.md.strip():
            blocks.append(b.md)
        _merge(widgets, t.widgets)
        _merge(widgets, b.widgets)
    return _Layout("\n\n".join(blocks), widgets)


def tabs(tabs):
    """Deprecated in marimo for mo.ui.tabs, which it returns."""
    from quire.mo import ui
    return ui.tabs(tabs)


def carousel(items):
    """Slides, one after another, numbered."""
    parts = _parts(items)
    blocks = []
    for i, p in enumerate(parts):
        blocks.append("*%d / %d*" % (i + 1, len(parts)))
        if p.md.strip():
            blocks.append(p.md)
    return _Layout("\n\n".join(blocks), _widgets(parts))


def center(item):
    return as_html(item)


def left(item):
    return as_html(item)


def right(item):
    return as_html(item)


def style(item, style=None, **kwargs):
    return as_html(item)


def sidebar(item, footer=None, *, width=None):
    """The sidebar's content, in place (a terminal page has no side)."""
    return vstack([item] + ([footer] if footer is not None else []))


def _stat_value(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int):
        return "{:,}".format(value)
    if value != value or abs(value) >= 1e15:
        return repr(value)
    return "{:,.2f}".format(value).rstrip("0").rstrip(".") \
        if abs(value) >= 1 else "{:.4g}".format(value)


def stat(value, label=None, caption=None, direction=None, bordered=False,
         target_direction="increase", slot=None):
    """A key figure: its label, the value in bold, the caption with an
    arrow for the direction."""
    lines = []
    widgets = []
    if label:
        lines.append(_escape(label))
    lines.append("**%s**" % _escape(_stat_value(value)))
    cap = []
    if direction in ("increase", "decrease"):
        cap.append("▲" if direction == "increase" else "▼")
    if caption:
        cap.append(_escape(caption))
    if cap:
        lines.append(" ".join(cap))
    if slot is not None:
        p = _part(slot)
        if p.md.strip():
            lines.append(p.md.replace("\n", " "))
        widgets = p.widgets
    plain = "\n".join(_md_to_plain(x) for x in lines)
    return _Layout("\\\n".join(lines), widgets, plain)


def _tree_value(v):
    """(Markdown of one line, widgets) for a leaf of a tree."""
    if isinstance(v, str):
        return _escape(repr(v)), []
    if v is None:
        return "None", []
    p = _part(v)
    first = p.md.strip().split("\n")[0] if p.md.strip() else ""
    return first, p.widgets


def _tree_lines(items, depth, out, widgets):
    pad = "  " * depth
    if isinstance(items, dict):
        entries = [(k, v) for k, v in items.items()]
    else:
        entries = [(None, v) for v in items]
    if not entries:
        out.append(pad + "- *empty*")
    for k, v in entries:
        key = "%s: " % _escape(repr(k) if not isinstance(k, str) else k) \
            if k is not None else ""
        if isinstance(v, (list, tuple, dict)) and v:
            kind = "dict" if isinstance(v, dict) else type(v).__name__
            out.append("%s- %s*%s, %d*" % (pad, key, kind, len(v)))
            if depth < 16:
                _tree_lines(v, depth + 1, out, widgets)
            continue
        r, w = _tree_value(v)
        _merge(widgets, w)
        out.append("%s- %s%s" % (pad, key, r))


def tree(items, label=None):
    """A nested list, dict or tuple as an indented list."""
    if not isinstance(items, (list, tuple, dict)):
        raise ValueError("Tree items must be a list, tuple, or dict, got "
                         "%s." % type(items).__name__)
    out = []
    widgets = []
    _tree_lines(items, 0, out, widgets)
    md = "\n".join(out)
    if label:
        md = "**%s**\n\n%s" % (_escape(label), md)
    return _Layout(md, widgets)


def json(data, label=None):
    """JSON data (a str of JSON, a dict or a list), pretty-printed."""
    if isinstance(data, str):
        try:
            data = _json.loads(data)
        except ValueError:
            pass
    if isinstance(data, str):
        text = data
    else:
        text = _json.dumps(data, indent=2, ensure_ascii=False, default=str)
    md = _fence(text, "json")
    plain = text
    if label:
        md = "**%s**\n\n%s" % (_escape(label), md)
        plain = "%s\n%s" % (label, text)
    return _Layout(md, (), plain)


class lazy:
    """Content computed when it is first shown (marimo's mo.lazy): a
    callable's result (awaited if it is a coroutine), or the object."""

    def __init__(self, element, show_loading_indicator=False):
        self._element = element
        self._done = False
        self._result = None

    def _resolve(self):
        if not self._done:
            e = self._element
            if callable(e):
                e = e()
                if inspect.iscoroutine(e):
                    k = _kernel()
                    if k is not None and hasattr(k, "run_coroutine"):
                        e = k.run_coroutine(e)
                    else:
                        import asyncio
                        e = asyncio.run(e)
            self._result = e
            self._done = True
        return self._result

    def _quire_mime_(self):
        v = self._resolve()
        return _bundle(v) if v is not None else [("text/plain", "")]

    def __repr__(self):
        return "lazy(%r)" % (self._element,)


def _unshown(what, text, plain=None):
    """A one-line output for what quire cannot draw."""
    line = "[%s]" % what if not text else "[%s: %s]" % (what, text)
    return _Layout(_escape(line), (), plain if plain is not None else line)


def _src_name(src):
    if isinstance(src, (str, os.PathLike)):
        s = os.fspath(src)
        if s.startswith("data:"):
            return s.split(",")[0]
        return s if len(s) <= 200 else s[:200] + "…"
    return type(src).__name__


def iframe(html, *, width="100%", height="400px"):
    """An embedded page: named, not drawn."""
    return _unshown("iframe", "%s bytes of HTML" % len(str(html)))


def video(src, controls=True, muted=False, autoplay=False, loop=False,
          width=None, height=None, rounded=False):
    return _unshown("video", _src_name(src))


def audio(src, rate=None, normalize=True):
    return _unshown("audio", _src_name(src))


def pdf(src, initial_page=None, width="100%", height="70vh", style=None):
    return _unshown("PDF", _src_name(src))


def mermaid(diagram, theme=None, theme_variables=None):
    """A Mermaid diagram: its source, since quire cannot draw it."""
    return _Layout("*mermaid diagram*\n\n" + _fence(str(diagram),
                                                     "mermaid"),
                   (), str(diagram))


def icon(icon_name, *, size=None, color=None, inline=True, flip=None,
         rotate=None, style=None):
    """An Iconify icon: decoration a terminal drops."""
    return _Layout("", (), "")


def download(data, filename=None, mimetype=None, disabled=False, *,
             label="Download"):
    name = filename if isinstance(filename, str) else None
    return _unshown("download", "%s%s" % (label, " (%s)" % name
                                          if name else ""))


def nav_menu(menu, *, orientation="horizontal"):
    """A menu of links as a list."""
    out = []

    def walk(m, depth):
        for k, v in m.items():
            pad = "  " * depth
            if isinstance(v, dict):
                out.append("%s- %s" % (pad, _escape(k)))
                walk(v, depth + 1)
            else:
                out.append("%s- [%s](%s)" % (pad, _escape(k),
                                             str(v).replace(")", "%29")
                                             .replace(" ", "%20")))
    walk(dict(menu), 0)
    return _Layout("\n".join(out))


# --- images ------------------------------------------------------------

class _Image(Html):
    """mo.image: the picture, PNG or JPEG, with what it shows as text."""

    def __init__(self, mime, data, what):
        super().__init__(what)
        self._mime = mime
        self._data = data

    def _md(self):
        return _image_md(self._data, self._text)

    def _embedded(self):
        return []

    def _quire_mime_(self):
        return [(self._mime, self._data), ("text/plain", self._text)]

    def __repr__(self):
        return "image(%s)" % (self._text or self._mime)


def _image_bytes(src, vmin, vmax):
    """(bytes, None) or (None, why not)."""
    mod = (type(src).__module__ or "").split(".")[0]
    if isinstance(src, (bytes, bytearray, memoryview)):
        return bytes(src), None
    if isinstance(src, str) and src.startswith("data:"):
        import base64
        head, _, body = src.partition(",")
        try:
            return (base64.b64decode(body) if head.endswith(";base64")
                    else body.encode()), None
        except ValueError:
            return None, "bad data URL"
    if isinstance(src, str) and re.match(r"^[a-z]+://", src):
        return None, src
    if isinstance(src, (str, os.PathLike)):
        with open(src, "rb") as f:
            return f.read(), None
    if hasattr(src, "read"):
        data = src.read()
        return (data if isinstance(data, bytes) else None), None
    if mod == "PIL" and hasattr(src, "save"):
        b = io.BytesIO()
        im = src if src.mode in ("RGB", "RGBA", "L", "LA", "P") else \
            src.convert("RGBA")
        im.save(b, format="PNG")
        return b.getvalue(), None
    if mod == "numpy" and hasattr(src, "ndim"):
        import numpy as np
        from PIL import Image
        a = np.asarray(src)
        if a.dtype != np.uint8:
            lo = float(a.min()) if vmin is None else vmin
            hi = float(a.max()) if vmax is None else vmax
            scale = (hi - lo) or 1.0
            a = (np.clip((a - lo) / scale, 0, 1) * 255).astype(np.uint8)
        b = io.BytesIO()
        Image.fromarray(a).save(b, format="PNG")
        return b.getvalue(), None
    return None, type(src).__name__


def image(src, alt=None, width=None, height=None, rounded=False, style=None,
          caption=None, vmin=None, vmax=None):
    """An image from PNG or JPEG bytes, a path, a file, a PIL image or a
    numpy array. Other formats are converted to PNG when Pillow is there;
    a URL is named, never fetched (quire does not go to the network)."""
    what = caption or alt or ""
    data, why = _image_bytes(src, vmin, vmax)
    if data is None:
        return _unshown("image", why)
    if _image_size(data) is None:
        try:
            from PIL import Image
            b = io.BytesIO()
            Image.open(io.BytesIO(data)).save(b, format="PNG")
            data = b.getvalue()
        except Exception:
            return _unshown("image", "%s bytes, not PNG or JPEG%s" % (
                "{:,}".format(len(data)), ", " + what if what else ""))
    mime = "image/jpeg" if data[:2] == b"\xff\xd8" else "image/png"
    return _Image(mime, data, what)

"""Output objects: mo.md, mo.Html, mo.plain_text and simple layouts.

Each object answers ``_quire_mime_()`` with its forms, richest first,
ending in text/plain, which is what the kernel sends for display. The
layouts are text renderings: the terminal front end has no HTML.
"""

import html
import inspect
import re

_TAG = re.compile(r"<[^>]*>")


def _text_of(obj):
    """Plain text of any displayable object."""
    if isinstance(obj, Html):
        return obj._plain()
    if isinstance(obj, str):
        return obj
    f = getattr(obj, "_quire_mime_", None)
    if callable(f):
        for mime, data in f():
            if mime == "text/plain":
                return data if isinstance(data, str) else data.decode()
    return repr(obj)


class Html:
    """Raw HTML as an output (shown as its text in a terminal)."""

    def __init__(self, text):
        self._text = text

    @property
    def text(self):
        return self._text

    def _plain(self):
        return html.unescape(_TAG.sub("", self._text)).strip()

    def _quire_mime_(self):
        return [("text/html", self._text), ("text/plain", self._plain())]

    def _repr_html_(self):
        return self._text

    def __format__(self, spec):
        return self._text

    def __repr__(self):
        return "Html(%r)" % (self._text,)


class _Markdown(Html):
    def __init__(self, text):
        super().__init__(text)

    def _plain(self):
        return self._text

    def _quire_mime_(self):
        return [("text/markdown", self._text), ("text/plain", self._text)]

    def _repr_markdown_(self):
        return self._text

    def __repr__(self):
        # What marimo's _md prints.
        return "_md()"


def md(text):
    """Markdown output; the text is dedented as marimo does."""
    return _Markdown(inspect.cleandoc(text))


class _Plain(Html):
    def _plain(self):
        return self._text

    def _quire_mime_(self):
        return [("text/plain", self._text)]


def plain_text(text):
    return _Plain(str(text))


def as_html(obj):
    if isinstance(obj, Html):
        return obj
    return _Plain(_text_of(obj))


def _lines(obj):
    return _text_of(obj).splitlines() or [""]


def vstack(items, **kwargs):
    return _Plain("\n".join(_text_of(i) for i in items))


def hstack(items, gap=2, **kwargs):
    cols = [_lines(i) for i in items]
    widths = [max(len(x) for x in c) for c in cols]
    height = max((len(c) for c in cols), default=0)
    sep = " " * int(gap if isinstance(gap, (int, float)) else 2)
    rows = []
    for r in range(height):
        cells = [(c[r] if r < len(c) else "").ljust(w)
                 for c, w in zip(cols, widths)]
        rows.append(sep.join(cells).rstrip())
    return _Plain("\n".join(rows))


def callout(value, kind="neutral"):
    lines = _lines(value)
    return _Plain("\n".join(["[%s]" % kind] + ["  " + x for x in lines]))


def accordion(items, **kwargs):
    out = []
    for title, body in dict(items).items():
        out.append("> " + str(title))
        out.extend("  " + x for x in _lines(body))
    return _Plain("\n".join(out))

"""What quire's kernel shows and describes, for quire._kernel.

Exceptions described, values turned into display forms, tables, widgets,
completion and the variables view: loaded the first time one is needed
(quire._kernel's __getattr__), so a run with nothing to show never pays
for importing it.
"""

import io
import itertools
import sys

import _quire

from quire._kernel import (cell_outputs, flush_streams, reset_streams,
                           state_names)

# Rows of a table sent for display; the rest are counted, not sent.
TABLE_MAX_ROWS = 1000
# Characters of a repr() sent as text/plain.
REPR_MAX = 1 << 20
TABLE_MIME = "application/vnd.quire.table+json"


_RES = {}


def _re(pattern):
    """pattern compiled, once, when first needed."""
    r = _RES.get(pattern)
    if r is None:
        import re
        r = _RES[pattern] = re.compile(pattern)
    return r


# --- exceptions --------------------------------------------------------

def demangle(text):
    if "_cell_" not in text:
        return text
    return _re(r"(?<!\w)_cell_\d+(_\w*)").sub(r"\1", text)


def describe(exc, filename):
    """(type name, message, traceback) of an exception from a cell.

    Frames before the cell's own (the asyncio runner's, for an async
    cell) are dropped; private names read as the user wrote them.
    """
    import traceback
    if isinstance(exc, SyntaxError):
        # Raised while compiling: the frames are quire's, not the cell's.
        text = "".join(traceback.format_exception_only(type(exc), exc))
        return type(exc).__name__, demangle(str(exc)), demangle(text)
    tb = exc.__traceback__
    t = tb
    while t is not None and t.tb_frame.f_code.co_filename != filename:
        t = t.tb_next
    if t is not None:
        tb = t
    try:
        text = "".join(traceback.format_exception(type(exc), exc, tb))
    except Exception:
        text = "%s: (traceback unavailable)\n" % type(exc).__name__
    try:
        msg = str(exc)
    except Exception:
        msg = "(message unavailable)"
    return type(exc).__name__, demangle(msg), demangle(text)


# --- values to display ---------------------------------------------------

def _plain(obj):
    try:
        text = repr(obj)
    except Exception as e:
        text = "<repr failed: %s: %s>" % (type(e).__name__, e)
    if len(text) > REPR_MAX:
        text = text[:REPR_MAX] + "..."
    return text


def _type_is(obj, module_prefix, names):
    t = type(obj)
    for k in t.__mro__:
        if (k.__module__ or "").startswith(module_prefix) and \
                k.__name__ in names:
            return True
    return False


def _as_table(obj):
    """Table JSON text of obj's first window, or None; the table is kept
    for TABLE_WINDOW until the displaying cell reruns."""
    src = table_source(obj)
    if src is None:
        return None
    _outputs_keep(src, src)
    import json
    return json.dumps(src.window(0, None, 0, None, None, False, first=True),
                      ensure_ascii=False)


def _as_png(obj):
    fig = None
    if _type_is(obj, "matplotlib", ("Figure",)):
        fig = obj
    elif _type_is(obj, "matplotlib", ("Axes", "_AxesBase", "Artist")):
        fig = getattr(obj, "figure", None)
    elif (isinstance(obj, list) and obj and
          all(_type_is(o, "matplotlib", ("Artist",)) for o in obj)):
        fig = getattr(obj[0], "figure", None)
    if fig is not None:
        b = io.BytesIO()
        fig.savefig(b, format="png", bbox_inches="tight")
        return b.getvalue()
    if _type_is(obj, "PIL", ("Image",)):
        b = io.BytesIO()
        obj.save(b, format="PNG")
        return b.getvalue()
    return None




def _html_text(html):
    import html as h
    return h.unescape(_re(r"<[^>]*>").sub("", html)).strip()


def bundle(obj):
    """Display forms of obj, richest first, ending in text/plain;
    [] for None. Each item is (mime, bytes)."""
    if obj is None:
        return []
    items = []
    mime = getattr(obj, "_quire_mime_", None)
    if callable(mime):
        for m, data in mime():
            items.append((m, data.encode("utf-8", "surrogateescape")
                          if isinstance(data, str) else bytes(data)))
        _add_widgets_item(items)
        return items
    try:
        table = _as_table(obj)
    except Exception:
        table = None
    if table is not None:
        items.append((TABLE_MIME, table.encode("utf-8")))
    try:
        png = _as_png(obj)
    except Exception:
        png = None
    if png is None:
        f = getattr(obj, "_repr_png_", None)
        if callable(f):
            try:
                png = f()
            except Exception:
                png = None
    if isinstance(png, (bytes, bytearray)):
        items.append(("image/png", bytes(png)))
    text = None
    for attr, m in (("_repr_markdown_", "text/markdown"),
                    ("_repr_html_", "text/html")):
        f = getattr(obj, attr, None)
        if not callable(f) or isinstance(obj, type):
            continue
        try:
            r = f()
        except Exception:
            continue
        if isinstance(r, tuple):
            r = r[0]
        if isinstance(r, str):
            items.append((m, r.encode("utf-8", "surrogateescape")))
            if m == "text/html" and text is None:
                text = _html_text(r)
    plain = _plain(obj)
    # An object whose only rich form is HTML reads better as that HTML's
    # text than as "<Foo object at 0x...>".
    if text and type(obj).__repr__ is object.__repr__:
        plain = text
    items.append(("text/plain", plain.encode("utf-8", "surrogateescape")))
    _add_widgets_item(items)
    return items


def show(obj, op="replace"):
    """Send obj as the cell's output (op: replace, append, clear)."""
    if op == "clear":
        _quire.display("clear", [])
        return
    items = bundle(obj)
    if items or op == "replace":
        _quire.display(op, items)


# --- completion --------------------------------------------------------



def complete(code, pos, glbls, want_hint=False):
    """(bytes of code before pos to replace, candidate replacements,
    signature, doc); with want_hint, the last two describe the call the
    cursor is inside (else None)."""
    import rlcompleter
    text = code[:pos].decode("utf-8", "replace")
    sig = doc = None
    if want_hint:
        try:
            sig, doc = hint(text, glbls)
        except Exception:
            sig = doc = None
    token = _re(r"[A-Za-z_][\w.]*$|$").search(text).group(0)
    if not token:
        return 0, [], sig, doc
    c = rlcompleter.Completer(glbls)
    items = []
    for i in range(200):
        try:
            s = c.complete(token, i)
        except Exception:
            break
        if s is None:
            break
        if s not in items:
            items.append(s)
    return len(token.encode("utf-8")), items, sig, doc


# --- variables ---------------------------------------------------------

_VAR_REPR_MAX = 60
_SMALL_SHOWN = (list, tuple, dict, set, frozenset)


def _short_repr(value):
    """A one-line repr of at most _VAR_REPR_MAX characters, never slow."""
    import reprlib
    t = type(value)
    # Sized containers are described by their length: their repr could
    # walk millions of items (reprlib sorts a whole dict's keys). Only a
    # small built-in container is shown.
    if t not in (str, bytes, bytearray) and hasattr(t, "__len__"):
        try:
            n = len(value)
            if t not in _SMALL_SHOWN or n > 20:
                return "%s, len %d" % (t.__name__, n)
        except Exception:
            pass
    r = reprlib.Repr()
    r.maxstring = _VAR_REPR_MAX
    r.maxother = _VAR_REPR_MAX
    r.maxlong = _VAR_REPR_MAX
    try:
        text = r.repr(value)
    except BaseException as e:  # noqa: B902 - a repr may raise anything
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
        return "<repr failed: %s>" % type(e).__name__
    if not isinstance(text, str):
        text = "<repr is not a string>"
    text = " ".join(text.split())
    if len(text) > _VAR_REPR_MAX:
        text = text[:_VAR_REPR_MAX - 3] + "..."
    return text


def describe_vars(names, glbls):
    """[(name, type name, short repr)] for the names the globals hold."""
    out = []
    for name in names:
        if name not in glbls:
            continue
        value = glbls[name]
        try:
            tname = type(value).__name__
            if not isinstance(tname, str):
                tname = "?"
        except Exception:
            tname = "?"
        out.append((name, tname, _short_repr(value)))
    return out


# --- displayed outputs kept alive ----------------------------------------

# cell_outputs (quire._kernel's, which forget() reads): the tables and
# UI elements each cell displayed, held until that cell reruns or is
# deleted, so TABLE_WINDOW and SET_WIDGET find them even when no global
# holds them (mo.md(f"{mo.ui.slider()}")).
# table id -> table source, for TABLE_WINDOW.
_tables = {}


def _outputs_keep(obj, table=None):
    cell = _quire.cell()
    kept = cell_outputs.setdefault(cell, [])
    if not any(o is obj for o in kept):
        kept.append(obj)
    if table is not None:
        _tables[table.id] = table


def outputs_forget(cell):
    for obj in cell_outputs.pop(cell, ()):
        if isinstance(obj, _TableSource) and not any(
                o is obj for kept in cell_outputs.values() for o in kept):
            _tables.pop(obj.id, None)


def keep_shown(element):
    """A UI element was displayed (or embedded in Markdown) by the running
    cell: keep it, and its table, until the cell reruns."""
    t = getattr(element, "_quire_table_", None)
    src = t() if callable(t) else None
    _outputs_keep(element, src)


# --- tables ---------------------------------------------------------------

TABLE_MAX_COLS = 50
TABLE_TAIL_ROWS = 5
_table_ids = itertools.count(1)
# Sorted views one table keeps, most recent last.
_SORT_CACHE = 4


def _json_cell(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v if -(1 << 63) <= v < (1 << 63) else str(v)
    if isinstance(v, float):
        return v if v == v and v not in (float("inf"), float("-inf")) \
            else str(v)
    try:
        return str(v)
    except Exception:
        return "<%s>" % type(v).__name__


def _module_of(obj):
    return type(obj).__module__ or ""


def _sort_positions(values, descending):
    """Positions of values in sorted order, missing values last; values
    that do not compare sort by their text."""
    def missing(v):
        return v is None or (isinstance(v, float) and v != v)
    n = len(values)
    present = [i for i in range(n) if not missing(values[i])]
    absent = [i for i in range(n) if missing(values[i])]
    try:
        present.sort(key=values.__getitem__, reverse=descending)
    except TypeError:
        present.sort(key=lambda i: (type(values[i]).__name__,
                                    str(values[i])), reverse=descending)
    return present + absent


class _TableSource:
    """A displayed table: its shape, and windows of rows and columns in
    its own order or sorted by a column. Holds the user's object (never
    changed: sorting computes an order of positions, cached)."""

    def __init__(self, obj):
        self.id = "tbl-%d" % next(_table_ids)
        self.obj = obj
        self.index_names = []   # names of the index columns
        self.columns = []       # names of the data columns
        self.dtypes = None      # one per index + data column, or None
        self.nrows = 0
        self._sorted = []       # [((column, descending), positions)]

    # Subclasses: rows(positions, c0, c1) -> [[index..., data...], ...]
    # for positions (a range or a list), data columns c0..c1; and
    # sort_values(name) -> the column's values as a list, or None.

    def order(self, column, descending):
        key = (column, descending)
        for k, v in self._sorted:
            if k == key:
                return v
        values = self.sort_values(column)
        if values is None:
            return None
        pos = self.sort_order(values, descending)
        self._sorted.append((key, pos))
        del self._sorted[:-_SORT_CACHE]
        return pos

    def sort_order(self, values, descending):
        return _sort_positions(values, descending)

    def window(self, offset, limit, col_offset, col_limit, sort_column,
               descending, selection=None, selected=None, first=False):
        """The table JSON (a dict) of one window."""
        if limit is None:
            limit = TABLE_MAX_ROWS
        if col_limit is None:
            col_limit = TABLE_MAX_COLS
        limit = max(0, min(limit, TABLE_MAX_ROWS))
        col_limit = max(0, min(col_limit, TABLE_MAX_COLS))
        offset = max(0, min(offset, self.nrows))
        ncols = len(self.columns)
        c0 = max(0, min(col_offset, ncols))
        c1 = min(ncols, c0 + col_limit)
        end = min(self.nrows, offset + limit)
        order = None
        if sort_column is not None:
            order = self.order(sort_column, descending)
            if order is None:
                raise ValueError("the table has no column %r"
                                 % sort_column)
        if order is not None:
            positions = [int(p) for p in order[offset:end]]
        else:
            positions = range(offset, end)
        out = {
            "table_id": self.id,
            "columns": [str(c) for c in self.index_names]
            + [str(c) for c in self.columns[c0:c1]],
            "index_columns": len(self.index_names),
            "nrows": self.nrows,
            "offset": offset,
            "rows": self.rows(positions, c0, c1),
            "ncols": ncols,
            "col_offset": c0,
            "truncated": self.nrows > end - offset,
        }
        if self.dtypes is not None:
            ni = len(self.index_names)
            out["dtypes"] = self.dtypes[:ni] + self.dtypes[ni + c0:ni + c1]
        if order is not None:
            out["sort"] = {"column": sort_column, "descending": descending}
            out["row_ids"] = list(positions)
        if first and order is None and self.nrows > end:
            tail = max(end, self.nrows - TABLE_TAIL_ROWS)
            out["tail"] = {"offset": tail,
                           "rows": self.rows(range(tail, self.nrows), c0,
                                             c1)}
        if selection is not None:
            out["selection"] = selection
            out["selected"] = [int(i) for i in (selected or [])]
        return out


class _PandasSource(_TableSource):
    def __init__(self, df):
        super().__init__(df)
        index = df.index
        self.default_index = _type_is(index, "pandas", ("RangeIndex",))
        if not self.default_index:
            self.index_names = [n if n is not None else ""
                                for n in index.names]
        self.columns = list(df.columns)
        self.dtypes = ["object"] * len(self.index_names) + \
            [str(t) for t in df.dtypes]
        self.nrows = len(df)

    def rows(self, positions, c0, c1):
        df = self.obj
        if isinstance(positions, range):
            sub = df.iloc[positions.start:positions.stop, c0:c1]
        else:
            sub = df.iloc[positions, c0:c1]
        cols = [sub.iloc[:, j].tolist() for j in range(sub.shape[1])]
        if self.index_names:
            idx = sub.index.tolist()
            if len(self.index_names) > 1:
                cols = [[t[k] for t in idx]
                        for k in range(len(self.index_names))] + cols
            else:
                cols = [idx] + cols
        n = len(sub)
        return [[_json_cell(c[i]) for c in cols] for i in range(n)]

    def _series(self, column):
        df = self.obj
        for j, c in enumerate(self.columns):
            if str(c) == column:
                return df.iloc[:, j]
        for k, name in enumerate(self.index_names):
            if str(name) == column:
                return df.index.get_level_values(k).to_series()
        return None

    def sort_values(self, column):
        return self._series(column)

    def sort_order(self, series, descending):
        s = series.reset_index(drop=True)
        try:
            s = s.sort_values(ascending=not descending, kind="mergesort",
                              na_position="last")
        except TypeError:
            s = s.astype(str).sort_values(ascending=not descending,
                                          kind="mergesort")
        return s.index.to_numpy()


class _PolarsSource(_TableSource):
    def __init__(self, df):
        super().__init__(df)
        self.columns = list(df.columns)
        self.dtypes = [str(t) for t in df.dtypes]
        self.nrows = df.height

    def rows(self, positions, c0, c1):
        df = self.obj.select(self.columns[c0:c1])
        if isinstance(positions, range):
            sub = df.slice(positions.start, len(positions))
        else:
            sub = df[list(positions)]
        return [[_json_cell(v) for v in r] for r in sub.rows()]

    def sort_values(self, column):
        if column not in self.columns:
            return None
        return self.obj[column].to_list()


class _RecordsSource(_TableSource):
    """A list of dicts: columns are the keys in first-seen order."""

    def __init__(self, rows):
        super().__init__(rows)
        self.nrows = len(rows)
        self._seen = set()
        self._add_keys(rows[:TABLE_MAX_ROWS])

    def _add_keys(self, rows):
        for r in rows:
            if isinstance(r, dict):
                for k in r:
                    if k not in self._seen:
                        self._seen.add(k)
                        self.columns.append(k)

    def rows(self, positions, c0, c1):
        data = self.obj
        picked = [data[i] for i in positions]
        self._add_keys(picked)
        keys = self.columns[c0:c1]
        return [[_json_cell(r.get(k)) if isinstance(r, dict) else None
                 for k in keys] for r in picked]

    def sort_values(self, column):
        for k in self.columns:
            if str(k) == column:
                return [r.get(k) if isinstance(r, dict) else None
                        for r in self.obj]
        return None


class _ColumnsSource(_TableSource):
    """A dict of lists (or a 1-D or 2-D numpy array as columns)."""

    def __init__(self, obj, names, columns, dtypes=None):
        super().__init__(obj)
        self.columns = names
        self._cols = columns
        self.dtypes = dtypes
        self.nrows = max((len(c) for c in columns), default=0)

    def rows(self, positions, c0, c1):
        cols = self._cols[c0:c1]
        out = []
        for i in positions:
            out.append([_json_cell(c[i]) if i < len(c) else None
                        for c in cols])
        return out

    def sort_values(self, column):
        for j, k in enumerate(self.columns):
            if str(k) == column:
                c = self._cols[j]
                return list(c) + [None] * (self.nrows - len(c))
        return None


class _NumpySource(_TableSource):
    """A 1-D array as column "0", a 2-D one as columns "0", "1"..."""

    def __init__(self, a):
        super().__init__(a)
        self._a = a.reshape(-1, 1) if a.ndim == 1 else a
        self.columns = [str(j) for j in range(self._a.shape[1])]
        self.dtypes = [str(a.dtype)] * len(self.columns)
        self.nrows = self._a.shape[0]

    def rows(self, positions, c0, c1):
        if isinstance(positions, range):
            sub = self._a[positions.start:positions.stop, c0:c1]
        else:
            sub = self._a[list(positions), c0:c1]
        return [[_json_cell(v) for v in r] for r in sub.tolist()]

    def sort_values(self, column):
        if column not in self.columns:
            return None
        return self._a[:, int(column)]

    def sort_order(self, values, descending):
        import numpy
        try:
            pos = numpy.argsort(values, kind="stable")
        except TypeError:
            return _sort_positions(values.tolist(), descending)
        return pos[::-1] if descending else pos


def table_source(obj):
    """A _TableSource for obj when it is a table quire draws, else
    None."""
    if _type_is(obj, "pandas", ("DataFrame",)):
        return _PandasSource(obj)
    if _type_is(obj, "pandas", ("Series",)):
        return _PandasSource(obj.to_frame(
            obj.name if obj.name is not None else "value"))
    if _type_is(obj, "polars", ("DataFrame",)):
        return _PolarsSource(obj)
    if _type_is(obj, "numpy", ("ndarray",)) and obj.ndim in (1, 2):
        return _NumpySource(obj)
    if isinstance(obj, list) and obj and isinstance(obj[0], dict) and \
            all(isinstance(r, dict) for r in obj[:TABLE_MAX_ROWS]):
        return _RecordsSource(obj)
    if isinstance(obj, dict) and obj and all(
            isinstance(v, (list, tuple)) for v in obj.values()):
        return _ColumnsSource(obj, list(obj), [list(v) for v in
                                               obj.values()])
    return None


def table_window(table_id, offset, limit, col_offset, col_limit,
                 sort_column, descending):
    """TABLE_WINDOW: (error or None, table JSON text or None)."""
    import json
    src = _tables.get(table_id)
    selection = selected = None
    # A mo.ui.table's window carries its selection, however the table
    # was found: a sorted window must stay selectable.
    from quire.mo import ui
    for el in list(ui._registry.values()):
        t = getattr(el, "_table", None)
        if t is not None and t.id == table_id:
            src = src if src is not None else t
            selection = el._selection or "none"
            selected = el._frontend
            break
    if src is None:
        return ("the table %s is gone (its cell reran or was deleted)"
                % table_id, None)
    try:
        w = src.window(offset, limit, col_offset, col_limit, sort_column,
                       descending, selection=selection, selected=selected)
        return None, json.dumps(w, ensure_ascii=False, allow_nan=False)
    except Exception as e:
        return "%s: %s" % (type(e).__name__, e), None


# --- widgets --------------------------------------------------------------

WIDGET_MIME = "application/vnd.quire.widget+json"
WIDGETS_MIME = "application/vnd.quire.widgets+json"
# run_button elements set since the last runs: element -> the batch of
# the readers' run (None until it starts). See before_run().
_armed = {}
_last_batch = [0]


def _add_widgets_item(items):
    """A bundle whose Markdown embeds widgets gets their widget JSON."""
    if any(m == WIDGETS_MIME for m, _ in items):
        return
    for i, (m, data) in enumerate(items):
        if m != "text/markdown" or b"<quire-widget" not in data:
            continue
        from quire.mo import ui
        import json
        found = []
        for wid in dict.fromkeys(
                _re(rb'<quire-widget id="([A-Za-z0-9_.-]+)">').findall(data)):
            el = ui.find(wid.decode())
            if el is not None:
                try:
                    found.append(el._quire_widget_())
                except Exception:
                    pass
        if found:
            items.insert(i + 1, (WIDGETS_MIME, json.dumps(
                found, ensure_ascii=False).encode("utf-8")))
        return


def _bound_names(glbls, chain):
    """Globals bound to an element of chain (the element, then the
    containers holding it), and the cell that made the outermost one
    with a name."""
    names = []
    cell = chain[0]._cell
    for el in chain:
        found = sorted(n for n, v in list(glbls.items()) if v is el)
        if found:
            names.extend(found)
            cell = el._cell
    return sorted(set(names)), cell


def set_widget(widget_id, text, glbls, batch=0):
    """SET_WIDGET: (names, cell, error or None, widget JSON text, state
    names, armed). on_change runs with the defining cell's console.
    batch: the batch of the latest RUN (see before_run)."""
    import json
    from quire.mo import ui
    _last_batch[0] = batch
    el = ui.find(widget_id)
    if el is None:
        return ([], 0, "no element %s (its cell reran or was deleted)"
                % widget_id, "", [], False)
    try:
        value = json.loads(text)
    except ValueError as e:
        return [], el._cell, "the value is not JSON: %s" % e, "", [], False
    reset_streams()
    prev = _quire.set_cell(el._cell)
    error = None
    try:
        el._quire_set_(value)
    except (ValueError, TypeError, KeyError) as e:
        error = str(e) or type(e).__name__
    except Exception:
        # on_change raised: the value is set, the traceback goes to the
        # defining cell's console, the readers still rerun (marimo).
        import traceback
        sys.stderr.write(demangle(traceback.format_exc()))
    finally:
        flush_streams()
        _quire.set_cell(prev)
    chain = [el]
    while chain[-1]._parent is not None:
        chain.append(chain[-1]._parent)
    names, cell = _bound_names(glbls, chain)
    armed = False
    if error is None:
        for e in chain:
            if isinstance(e, ui.run_button) and e._value:
                if names:
                    _armed[e] = None
                    armed = True
                else:
                    e._reset()  # nothing reads it
    try:
        w = json.dumps(el._quire_widget_(), ensure_ascii=False,
                       allow_nan=False)
    except Exception as e:
        w = json.dumps({"kind": el._kind, "id": el._id, "label": el._label,
                        "value": None, "display": "<%s>" %
                        type(e).__name__})
    if error is not None:
        names = []
    return names, cell, error, w, state_names(glbls), armed


def before_run(batch):
    """Called by the kernel before a RUN while a run_button is armed:
    the button stays true through the first batch of runs after the
    click (its readers) and is false from the next one on (marimo's
    _on_update_completion). Returns whether any is still armed."""
    for el in list(_armed):
        b = _armed[el]
        if b is None:
            if batch != _last_batch[0]:
                _armed[el] = batch
        elif batch != b:
            el._reset()
            del _armed[el]
    return bool(_armed)


# --- completion hints ------------------------------------------------------

_DOC_MAX = 2000


def _callee(text):
    """The dotted name of the call the end of text is inside, or None."""
    import tokenize
    stack = []
    prev = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.OP and tok.string in "([{":
                name = None
                if tok.string == "(" and prev and \
                        prev[-1].type == tokenize.NAME:
                    parts = [prev[-1].string]
                    k = len(prev) - 2
                    while k >= 1 and prev[k].string == "." and \
                            prev[k - 1].type == tokenize.NAME:
                        parts.insert(0, prev[k - 1].string)
                        k -= 2
                    name = ".".join(parts)
                stack.append(name)
            elif tok.type == tokenize.OP and tok.string in ")]}":
                if stack:
                    stack.pop()
            if tok.type not in (tokenize.NL, tokenize.NEWLINE,
                                tokenize.COMMENT):
                prev.append(tok)
                del prev[:-64]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return stack[-1] if stack else None


def _static_lookup(dotted, glbls):
    """The object a dotted name names, found without running user code:
    the globals or builtins first, then inspect.getattr_static."""
    import builtins
    import inspect
    import types
    parts = dotted.split(".")
    if parts[0] in glbls:
        obj = glbls[parts[0]]
    elif parts[0] in builtins.__dict__:
        obj = builtins.__dict__[parts[0]]
    else:
        return None, False
    bound = False
    for p in parts[1:]:
        owner = obj
        try:
            obj = inspect.getattr_static(obj, p)
        except AttributeError:
            return None, False
        # A function found on an instance's class is a method of it.
        bound = isinstance(obj, classmethod) or (
            not isinstance(owner, (type, types.ModuleType)) and
            isinstance(obj, types.FunctionType))
        if isinstance(obj, (staticmethod, classmethod)):
            obj = obj.__func__
    return obj, bound


def _first_paragraph(doc):
    import inspect
    if not isinstance(doc, str):
        return None
    doc = inspect.cleandoc(doc).strip()
    if not doc:
        return None
    para = doc.split("\n\n", 1)[0].strip()
    return para[:_DOC_MAX]


def hint(code_before, glbls):
    """(signature, doc) of the call the cursor is inside, or (None,
    None). Only functions, builtins, classes with a Python __init__ and
    bound methods are described: anything else could run user code (a
    property, __getattr__, a metaclass __signature__)."""
    import inspect
    import types
    name = _callee(code_before)
    if not name:
        return None, None
    obj, drop_first = _static_lookup(name, glbls)
    if obj is None:
        return None, None
    target = obj
    if isinstance(obj, types.MethodType):
        target = obj.__func__
        drop_first = True
    elif isinstance(obj, type):
        init = None
        for k in type.__dict__["__mro__"].__get__(obj):
            if "__init__" in k.__dict__:
                init = k.__dict__["__init__"]
                break
        if isinstance(init, types.FunctionType):
            target = init
            drop_first = True
        else:
            target = None
    if not isinstance(target, (types.FunctionType,
                               types.BuiltinFunctionType)):
        target = None
    sig = None
    if target is not None:
        try:
            s = inspect.signature(target, follow_wrapped=False)
            params = list(s.parameters.values())
            if drop_first and params:
                params = params[1:]
            sig = name.rsplit(".", 1)[-1] + str(s.replace(
                parameters=params))
        except (TypeError, ValueError):
            sig = None
    doc = None
    try:
        if isinstance(obj, type):
            d = obj.__dict__.get("__doc__")
        elif isinstance(obj, (types.FunctionType, types.MethodType,
                              types.BuiltinFunctionType, types.ModuleType)):
            d = obj.__doc__
        else:
            d = None
        doc = _first_paragraph(d)
    except Exception:
        doc = None
    return sig, doc

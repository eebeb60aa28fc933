"""mo.ui: UI elements with marimo's constructors and default values.

An element knows its value and shows itself as one line of text; the
terminal front end draws and edits it, and sends new values back, which
rerun the cells that read the element.
"""

import datetime
import itertools

_ids = itertools.count(1)


class UIElement:
    """Common base: .value, a label, an on_change callback."""

    _kind = "element"

    def __init__(self, value, label="", on_change=None, **kwargs):
        self._id = "ui-%d" % next(_ids)
        self._value = value
        self.label = label
        self._on_change = on_change
        self._args = kwargs

    @property
    def value(self):
        return self._value

    def _set(self, value):
        # Called when the front end moves the element.
        self._value = value
        if self._on_change is not None:
            self._on_change(self._value)

    def _text(self):
        v = self._value
        shown = "" if v is None else str(v)
        return ("%s: %s" % (self.label, shown)) if self.label else \
            "[%s %s]" % (self._kind, shown)

    def _quire_mime_(self):
        return [("text/plain", self._text())]

    def __format__(self, spec):
        return self._text()

    def __repr__(self):
        return "%s(value=%r)" % (type(self).__name__, self._value)


def _option_map(options):
    if isinstance(options, dict):
        return dict(options)
    return {str(o): o for o in options}


class slider(UIElement):
    _kind = "slider"

    def __init__(self, start=None, stop=None, step=None, value=None,
                 steps=None, label="", on_change=None, **kwargs):
        if steps is not None:
            steps = list(steps)
            start, stop = steps[0], steps[-1]
            value = steps[0] if value is None else value
        elif value is None:
            value = start
        self.start, self.stop, self.step, self.steps = start, stop, step, \
            steps
        super().__init__(value, label, on_change, **kwargs)


class number(UIElement):
    _kind = "number"

    def __init__(self, start=None, stop=None, step=None, value=None,
                 label="", on_change=None, **kwargs):
        if value is None:
            value = start if start is not None else stop
        self.start, self.stop, self.step = start, stop, step
        super().__init__(value, label, on_change, **kwargs)


class range_slider(UIElement):
    _kind = "range"

    def __init__(self, start=None, stop=None, step=None, value=None,
                 steps=None, label="", on_change=None, **kwargs):
        if steps is not None:
            steps = list(steps)
            start, stop = steps[0], steps[-1]
        value = [start, stop] if value is None else list(value)
        self.start, self.stop, self.step = start, stop, step
        super().__init__(value, label, on_change, **kwargs)


class checkbox(UIElement):
    _kind = "checkbox"

    def __init__(self, value=False, label="", on_change=None, **kwargs):
        super().__init__(bool(value), label, on_change, **kwargs)


class switch(checkbox):
    _kind = "switch"


class text(UIElement):
    _kind = "text"

    def __init__(self, value="", placeholder="", label="", on_change=None,
                 **kwargs):
        self.placeholder = placeholder
        super().__init__(value, label, on_change, **kwargs)


class text_area(text):
    _kind = "text area"


class code_editor(text):
    _kind = "code"

    def __init__(self, value="", language="python", label="",
                 on_change=None, **kwargs):
        self.language = language
        super().__init__(value, "", label, on_change, **kwargs)


class _choice(UIElement):
    def __init__(self, options, value=None, label="", on_change=None,
                 **kwargs):
        self.options = _option_map(options)
        if value is not None and not isinstance(value, str):
            value = str(value)
        if value is not None and value not in self.options:
            raise ValueError("value %r is not one of the options" % value)
        self.selected_key = value
        super().__init__(self.options[value] if value is not None else None,
                         label, on_change, **kwargs)


class dropdown(_choice):
    _kind = "dropdown"


class radio(_choice):
    _kind = "radio"


class multiselect(UIElement):
    _kind = "multiselect"

    def __init__(self, options, value=None, label="", on_change=None,
                 **kwargs):
        self.options = _option_map(options)
        keys = [str(v) for v in (value or [])]
        for k in keys:
            if k not in self.options:
                raise ValueError("value %r is not one of the options" % k)
        super().__init__([self.options[k] for k in keys], label, on_change,
                         **kwargs)


class button(UIElement):
    _kind = "button"

    def __init__(self, value=None, on_click=None, label="click here",
                 on_change=None, **kwargs):
        self._on_click = on_click
        super().__init__(value, label, on_change, **kwargs)

    def _text(self):
        return "[ %s ]" % self.label


class run_button(UIElement):
    _kind = "run button"

    def __init__(self, label="click to run", on_change=None, **kwargs):
        super().__init__(False, label, on_change, **kwargs)

    def _text(self):
        return "[ %s ]" % self.label


class date(UIElement):
    _kind = "date"

    def __init__(self, start=None, stop=None, value=None, label="",
                 on_change=None, **kwargs):
        if isinstance(value, str):
            value = datetime.date.fromisoformat(value)
        if value is None:
            value = start if start is not None else datetime.date.today()
            if isinstance(value, str):
                value = datetime.date.fromisoformat(value)
        self.start, self.stop = start, stop
        super().__init__(value, label, on_change, **kwargs)


class file(UIElement):
    _kind = "file"

    def __init__(self, filetypes=None, multiple=False, label="",
                 on_change=None, **kwargs):
        super().__init__([], label, on_change, **kwargs)

    def name(self, index=0):
        return None

    def contents(self, index=0):
        return None


class table(UIElement):
    _kind = "table"

    def __init__(self, data, selection="multi", label="", on_change=None,
                 **kwargs):
        self.data = data
        self.selection = selection
        empty = data[:0] if hasattr(data, "__getitem__") and \
            not isinstance(data, dict) else []
        try:
            empty = data.head(0) if hasattr(data, "head") else empty
        except Exception:
            pass
        super().__init__(empty if selection else data, label, on_change,
                         **kwargs)

    def _quire_mime_(self):
        from quire import _kernel
        items = [(m, d) for m, d in _kernel.bundle(self.data)]
        return items or [("text/plain", repr(self.data))]


class array(UIElement):
    _kind = "array"

    def __init__(self, elements, label="", on_change=None, **kwargs):
        self.elements = list(elements)
        super().__init__(None, label, on_change, **kwargs)

    @property
    def value(self):
        return [e.value for e in self.elements]

    def __getitem__(self, i):
        return self.elements[i]

    def __len__(self):
        return len(self.elements)

    def __iter__(self):
        return iter(self.elements)


class dictionary(UIElement):
    _kind = "dictionary"

    def __init__(self, elements, label="", on_change=None, **kwargs):
        self.elements = dict(elements)
        super().__init__(None, label, on_change, **kwargs)

    @property
    def value(self):
        return {k: e.value for k, e in self.elements.items()}

    def __getitem__(self, k):
        return self.elements[k]

    def items(self):
        return self.elements.items()


class tabs(UIElement):
    _kind = "tabs"

    def __init__(self, tabs, value=None, label="", on_change=None, **kwargs):
        self.tabs = dict(tabs)
        if value is None:
            value = next(iter(self.tabs), "")
        super().__init__(value, label, on_change, **kwargs)


class refresh(UIElement):
    _kind = "refresh"

    def __init__(self, options=None, default_interval=None, label="",
                 on_change=None, **kwargs):
        super().__init__(0, label, on_change, **kwargs)


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(
        "module 'marimo.ui' has no attribute %r: quire does not implement "
        "mo.ui.%s yet" % (name, name))

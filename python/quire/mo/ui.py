"""mo.ui: UI elements with marimo's constructors and value semantics.

Each element keeps two values, as marimo's do: the *front-end value*,
the JSON value the editor shows and sends back in SET_WIDGET (a slider's
number, a dropdown's key, a button's click count), and ``.value``, the
Python value cells read, computed from it by ``_convert``. The editor
draws an element from ``_quire_widget_()`` (doc/rich-outputs.md, "Widgets
(JSON)"); a new value arrives through ``_quire_set_()``, which converts
it, refuses a value of the wrong type, and runs ``on_change``.

Every element is kept in a registry of weak references by its id
("ui-3"), so SET_WIDGET finds it while a global, a container or a
displayed output holds it; re-running the defining cell makes a new
element (a new id) and the old one goes away with its names, as in
marimo.
"""

import datetime
import itertools
import weakref

_ids = itertools.count(1)
# id -> element, for SET_WIDGET; weak: an element lives as long as a
# global, a container or a displayed output of its cell holds it.
_registry = weakref.WeakValueDictionary()


def _kernel():
    try:
        from quire import _kernel
    except ImportError:
        return None
    return _kernel


def _cell():
    try:
        import _quire
    except ImportError:
        return 0
    return _quire.cell()


def find(element_id):
    """The live element with this id, or None."""
    return _registry.get(element_id)


def jsonable(v, depth=0):
    """v as a JSON value: containers recursively, dates as ISO text,
    anything else as its str()."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v if -(1 << 63) <= v < (1 << 63) else str(v)
    if isinstance(v, float):
        return v if v == v and v not in (float("inf"), float("-inf")) \
            else str(v)
    if isinstance(v, (datetime.date, datetime.datetime, datetime.time)):
        return v.isoformat()
    if depth < 8 and isinstance(v, (list, tuple)):
        return [jsonable(x, depth + 1) for x in v[:1000]]
    if depth < 8 and isinstance(v, dict):
        return {str(k): jsonable(x, depth + 1)
                for k, x in itertools.islice(v.items(), 1000)}
    try:
        import numbers
        if isinstance(v, numbers.Integral):
            return jsonable(int(v))
        if isinstance(v, numbers.Real):
            return jsonable(float(v))
    except Exception:
        pass
    try:
        return str(v)
    except Exception:
        return "<%s>" % type(v).__name__


def _shown(v):
    """A value as `quire run` prints it after the label."""
    if v is None:
        return "None"
    if isinstance(v, bool):
        return "True" if v else "False"
    if isinstance(v, (list, tuple)):
        return ", ".join(_shown(x) for x in v)
    if isinstance(v, dict):
        return ", ".join("%s: %s" % (k, _shown(x)) for k, x in v.items())
    return str(v)


# Characters that would change the Markdown around an embedded widget.
_MD_ESCAPES = {c: "\\" + c for c in "\\`*_[]|~$#!"}
_MD_ESCAPES.update({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": " ",
                    "\r": " "})


def _md_escape(text):
    return "".join(_MD_ESCAPES.get(c, c) for c in text)


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


class UIElement:
    """Common base: the front-end value, .value, label, on_change."""

    _kind = "element"

    def __new__(cls, *args, **kwargs):
        self = super().__new__(cls)
        # What _clone() repeats: array, dictionary and form hold copies.
        self._ctor = (args, kwargs)
        return self

    def __init__(self, frontend, label="", on_change=None):
        self._id = "ui-%d" % next(_ids)
        self._cell = _cell()
        self._label = "" if label is None else str(label)
        self._on_change = on_change
        self._parent = None     # array, dictionary or form holding it
        self._frontend = frontend
        self._value = self._convert(frontend)
        _registry[self._id] = self

    # --- marimo's API ---

    @property
    def value(self):
        return self._value

    @value.setter
    def value(self, v):
        raise RuntimeError(
            "Setting the value of a UIElement is not allowed. If you "
            "need to set a UI element's value, create a new element "
            "with the value as its default.")

    @property
    def label(self):
        return self._label

    @property
    def text(self):
        return format(self)

    def form(self, label="", *, bordered=True, loading=False,
             submit_button_label="Submit", submit_button_tooltip=None,
             submit_button_disabled=False, clear_on_submit=False,
             show_clear_button=False, clear_button_label="Clear",
             clear_button_tooltip=None, validate=None, on_change=None):
        """This element wrapped in a form: its value changes on submit."""
        return form(self, label=label, bordered=bordered, loading=loading,
                    submit_button_label=submit_button_label,
                    submit_button_tooltip=submit_button_tooltip,
                    submit_button_disabled=submit_button_disabled,
                    clear_on_submit=clear_on_submit,
                    show_clear_button=show_clear_button,
                    clear_button_label=clear_button_label,
                    clear_button_tooltip=clear_button_tooltip,
                    validate=validate, on_change=on_change)

    def batch(self, **elements):
        raise AttributeError("quire does not implement UIElement.batch yet")

    def _clone(self):
        args, kwargs = self._ctor
        return type(self)(*args, **kwargs)

    # --- subclasses ---

    def _convert(self, frontend):
        """The Python value of a front-end value."""
        return frontend

    def _check(self, frontend):
        """The front-end value SET_WIDGET sent, checked and normalised;
        raises ValueError or TypeError to refuse it."""
        return frontend

    def _fields(self):
        """The widget JSON fields of this kind."""
        return {}

    def _display(self):
        return None

    def _widget_value(self):
        return jsonable(self._frontend)

    # --- quire ---

    def _update(self, frontend, notify=True):
        """marimo's _update (notify) or _update_value (not)."""
        self._frontend = frontend
        self._value = self._convert(frontend)
        if notify and self._on_change is not None:
            self._on_change(self._value)

    def _quire_set_(self, frontend):
        """SET_WIDGET: check, set, run on_change, tell the parent.
        Returns the element whose names rerun their readers."""
        frontend = self._check(frontend)
        self._update(frontend)
        top = self
        while top._parent is not None:
            top._parent._child_changed(top)
            top = top._parent
        return top

    def _quire_widget_(self):
        w = {"kind": self._kind, "id": self._id, "label": self._label,
             "value": self._widget_value()}
        d = self._display()
        if d is not None:
            w["display"] = d
        w.update(self._fields())
        return w

    def _text(self):
        d = self._display()
        shown = d if d is not None else _shown(self._value)
        return "%s: %s" % (self._label or self._kind, shown)

    def _quire_mime_(self):
        import json
        k = _kernel()
        if k is not None:
            k.keep_shown(self)
        return [("application/vnd.quire.widget+json",
                 json.dumps(self._quire_widget_(), ensure_ascii=False)),
                ("text/plain", self._text())]

    def __format__(self, spec):
        k = _kernel()
        if k is not None:
            k.keep_shown(self)
        return '<quire-widget id="%s">%s</quire-widget>' % (
            self._id, _md_escape(self._text()))

    def __str__(self):
        return format(self)

    def __repr__(self):
        return "%s(value=%r)" % (type(self).__name__, self._value)


# --- numbers -----------------------------------------------------------

def _infer_dtype(items):
    for item in items:
        if isinstance(item, (list, tuple)) and \
                any(isinstance(x, float) for x in item):
            return float
    return float if any(isinstance(x, float) for x in items) else int


def _number(v, what):
    if not _is_number(v):
        raise TypeError("%s must be a number, not %s" % (what,
                        type(v).__name__))
    return v


class slider(UIElement):
    _kind = "slider"

    def __init__(self, start=None, stop=None, step=None, value=None,
                 debounce=False, disabled=False, orientation="horizontal",
                 show_value=False, include_input=False, steps=None, *,
                 label="", on_change=None, full_width=False):
        if steps is None and (start is None or stop is None):
            raise ValueError("Missing arguments: `steps` xor both `start`"
                             "and `stop` must be provided.")
        if steps is not None:
            steps = list(steps.tolist() if hasattr(steps, "tolist")
                         else steps)
            if not steps or not all(_is_number(x) for x in steps):
                raise TypeError(
                    "Invalid steps: steps must be a sequence of numbers.")
            self._dtype = _infer_dtype(steps)
            if value is None or value not in steps:
                value = steps[0]
            self.start, self.stop, self.step = steps[0], steps[-1], None
            self.steps = steps
        else:
            self._dtype = _infer_dtype([start, stop, step, value])
            value = start if value is None else value
            if stop < start:
                raise ValueError(
                    "Invalid bounds: stop value (%s) must be greater than "
                    "start value (%s)" % (stop, start))
            if value < start or value > stop:
                raise ValueError(
                    "Value out of bounds: default value (%s) must be "
                    "greater than start (%s) and less than stop (%s)."
                    % (value, start, stop))
            self.start, self.stop, self.step = start, stop, step
            self.steps = None
        super().__init__(value, label, on_change)

    def _convert(self, frontend):
        return self._dtype(frontend)

    def _check(self, v):
        _number(v, "a slider's value")
        if self.steps is not None:
            if v not in self.steps:
                raise ValueError("%r is not one of the slider's steps" % v)
        elif v < self.start or v > self.stop:
            raise ValueError("%r is outside %r..%r" % (v, self.start,
                                                       self.stop))
        return v

    def _fields(self):
        return {"start": jsonable(self.start), "stop": jsonable(self.stop),
                "step": jsonable(self.step),
                "steps": jsonable(self.steps)}


class range_slider(UIElement):
    _kind = "range_slider"

    def __init__(self, start=None, stop=None, step=None, value=None,
                 debounce=False, orientation="horizontal", show_value=False,
                 steps=None, *, label="", on_change=None, full_width=False,
                 disabled=False):
        if steps is None and (start is None or stop is None):
            raise ValueError("Missing arguments: `steps` xor both `start`"
                             "and `stop` must be provided.")
        if steps is not None:
            steps = list(steps.tolist() if hasattr(steps, "tolist")
                         else steps)
            if not steps or not all(_is_number(x) for x in steps):
                raise TypeError(
                    "Invalid steps: steps must be a sequence of numbers.")
            self._dtype = _infer_dtype(steps)
            value = [steps[0], steps[-1]] if value is None else list(value)
            if any(v not in steps for v in value):
                value = [steps[0], steps[-1]]
            self.start, self.stop, self.step = steps[0], steps[-1], None
            self.steps = steps
        else:
            self._dtype = _infer_dtype([start, stop, step, value])
            value = [start, stop] if value is None else list(value)
            if stop < start or value[1] < value[0]:
                raise ValueError("Invalid bounds: stop value must be "
                                 "greater than start value.")
            if value[0] < start or value[1] > stop:
                raise ValueError(
                    "Value out of bounds: default value (%s) must be a "
                    "range within start (%s) and stop (%s)."
                    % (value, start, stop))
            self.start, self.stop, self.step = start, stop, step
            self.steps = None
        super().__init__(list(value), label, on_change)

    def _convert(self, frontend):
        return [self._dtype(v) for v in frontend]

    def _check(self, v):
        if not isinstance(v, list) or len(v) != 2:
            raise TypeError("a range slider's value is [low, high]")
        lo, hi = (_number(x, "a range slider's bound") for x in v)
        if lo > hi:
            raise ValueError("the low end %r is above the high end %r"
                             % (lo, hi))
        if self.steps is not None:
            if lo not in self.steps or hi not in self.steps:
                raise ValueError("%r is not a range of the steps" % v)
        elif lo < self.start or hi > self.stop:
            raise ValueError("%r is outside %r..%r" % (v, self.start,
                                                       self.stop))
        return [lo, hi]

    def _fields(self):
        return {"start": jsonable(self.start), "stop": jsonable(self.stop),
                "step": jsonable(self.step),
                "steps": jsonable(self.steps)}


class number(UIElement):
    _kind = "number"

    def __init__(self, start=None, stop=None, step=None, value=None,
                 debounce=False, *, label="", on_change=None,
                 full_width=False, disabled=False):
        if start is not None and stop is not None and stop < start:
            raise ValueError("Invalid bounds: stop value must be greater "
                             "than start value.")
        if value is None:
            value = start if start is not None else stop
        if value is not None and (
                (start is not None and value < start) or
                (stop is not None and value > stop)):
            raise ValueError("Value out of bounds: default value (%s) must "
                             "be between start (%s) and stop (%s)."
                             % (value, start, stop))
        self.start, self.stop, self.step = start, stop, step
        super().__init__(value, label, on_change)

    def _check(self, v):
        if v is None:
            return None
        _number(v, "a number's value")
        if (self.start is not None and v < self.start) or \
                (self.stop is not None and v > self.stop):
            raise ValueError("%r is outside %r..%r" % (v, self.start,
                                                       self.stop))
        return v

    def _fields(self):
        return {"start": jsonable(self.start), "stop": jsonable(self.stop),
                "step": jsonable(self.step)}


# --- text ----------------------------------------------------------------

class text(UIElement):
    _kind = "text"

    def __init__(self, value="", placeholder="", kind="text",
                 max_length=None, disabled=False, debounce=True, *,
                 label="", on_change=None, full_width=False):
        self.placeholder = placeholder
        self.max_length = max_length
        self._password = kind == "password"
        super().__init__(value, label, on_change)

    def _check(self, v):
        if not isinstance(v, str):
            raise TypeError("a text element's value is a string, not %s"
                            % type(v).__name__)
        if self.max_length is not None and len(v) > self.max_length:
            raise ValueError("the text is longer than %d characters"
                             % self.max_length)
        return v

    def _display(self):
        return "*" * len(self._frontend) if self._password else None

    def _widget_value(self):
        return "" if self._password else self._frontend

    def _fields(self):
        return {"placeholder": self.placeholder,
                "max_length": self.max_length}


class text_area(text):
    _kind = "text_area"

    def __init__(self, value="", placeholder="", max_length=None,
                 disabled=False, debounce=True, rows=None, *, label="",
                 on_change=None, full_width=False):
        super().__init__(value, placeholder, "text", max_length, disabled,
                         debounce, label=label, on_change=on_change)


class code_editor(text):
    _kind = "text_area"

    def __init__(self, value="", language="python", placeholder="",
                 theme=None, disabled=False, min_height=None,
                 max_height=None, show_copy_button=True, debounce=False,
                 *, label="", on_change=None, full_width=True):
        self.language = language
        super().__init__(value, placeholder, "text", None, disabled,
                         debounce, label=label, on_change=on_change)


# --- booleans ------------------------------------------------------------

class checkbox(UIElement):
    _kind = "checkbox"

    def __init__(self, value=False, *, label="", disabled=False,
                 on_change=None):
        if not isinstance(value, bool):
            raise ValueError("Invalid type: `value` must be a bool, but got "
                             "%s" % type(value))
        super().__init__(value, label, on_change)

    def _check(self, v):
        if not isinstance(v, bool):
            raise TypeError("a %s's value is true or false" % self._kind)
        return v


class switch(checkbox):
    _kind = "switch"


# --- choices -------------------------------------------------------------

def _option_name(option):
    return option if isinstance(option, str) else repr(option)


def _option_map(options):
    if isinstance(options, dict):
        return dict(options)
    out = {}
    for o in options:
        name = _option_name(o)
        if name in out:
            raise ValueError("Duplicate option name %r" % name)
        out[name] = o
    return out


class dropdown(UIElement):
    _kind = "dropdown"

    def __init__(self, options, value=None, allow_select_none=None,
                 searchable=False, *, label="", on_change=None,
                 full_width=False, disabled=False):
        if not isinstance(options, dict):
            options = _option_map(options)
            if value is not None and not isinstance(value, str):
                value = _option_name(value)
        if "--" in options:
            raise ValueError("The option name '--' is reserved by marimo; "
                             "please use another name.")
        if allow_select_none is None:
            allow_select_none = value is None
        elif not allow_select_none and value is None:
            if not options:
                raise ValueError("when `allow_select_none` is False, "
                                 "`options` must not be empty.")
            value = next(iter(options))
        self.options = options
        self.allow_select_none = bool(allow_select_none)
        self._selected_key = None
        super().__init__([value] if value is not None else [], label,
                         on_change)

    @property
    def selected_key(self):
        return self._selected_key

    def _convert(self, frontend):
        if frontend:
            if frontend[0] not in self.options:
                raise ValueError("The option name '%s' is not a valid "
                                 "option." % frontend[0])
            self._selected_key = frontend[0]
            return self.options[frontend[0]]
        self._selected_key = None
        return None

    def _check(self, v):
        if v is None:
            if not self.allow_select_none:
                raise ValueError("this %s needs a choice" % self._kind)
            return []
        if not isinstance(v, str) or v not in self.options:
            raise ValueError("%r is not one of the options" % (v,))
        return [v]

    def _widget_value(self):
        return self._frontend[0] if self._frontend else None

    def _display(self):
        return self._frontend[0] if self._frontend else None

    def _text(self):
        return "%s: %s" % (self._label or self._kind,
                           self._display() or "None")

    def _fields(self):
        return {"options": list(self.options),
                "allow_select_none": self.allow_select_none}


class radio(dropdown):
    _kind = "radio"

    def __init__(self, options, value=None, inline=False, *, label="",
                 on_change=None, disabled=False):
        if not isinstance(options, dict):
            if len(set(options)) != len(options):
                raise ValueError("A radio group cannot have repeated "
                                 "options.")
            options = {o: o for o in options}
        self.options = options
        # marimo: no choice until one is made; a choice cannot be undone.
        self.allow_select_none = False
        self._selected_key = None
        UIElement.__init__(self, [value] if value is not None else [],
                           label, on_change)


class multiselect(UIElement):
    _kind = "multiselect"

    def __init__(self, options, value=None, *, label="", on_change=None,
                 full_width=False, max_selections=None, disabled=False):
        if not isinstance(options, dict):
            options = _option_map(options)
            if value is not None and not isinstance(value, str):
                value = [_option_name(v) for v in value]
        self.options = options
        initial = list(value) if value is not None else []
        if max_selections is not None:
            if max_selections < 0:
                raise ValueError("max_selections cannot be less than 0.")
            if max_selections < len(initial):
                raise ValueError("Initial value cannot be greater than "
                                 "max_selections.")
        self.max_selections = max_selections
        super().__init__(initial, label, on_change)

    def _convert(self, frontend):
        for k in frontend:
            if k not in self.options:
                raise ValueError("The option name '%s' is not a valid "
                                 "option." % k)
        return [self.options[k] for k in frontend]

    def _check(self, v):
        if not isinstance(v, list) or \
                not all(isinstance(k, str) for k in v):
            raise TypeError("a multiselect's value is a list of option "
                            "names")
        for k in v:
            if k not in self.options:
                raise ValueError("%r is not one of the options" % k)
        if self.max_selections is not None and \
                len(v) > self.max_selections:
            raise ValueError("at most %d may be selected"
                             % self.max_selections)
        return list(dict.fromkeys(v))

    def _display(self):
        return ", ".join(self._frontend)

    def _fields(self):
        return {"options": list(self.options),
                "max_selections": self.max_selections}


# --- buttons -------------------------------------------------------------

class button(UIElement):
    _kind = "button"

    def __init__(self, on_click=None, value=None, kind="neutral",
                 disabled=False, tooltip=None, *, label="click here",
                 on_change=None, full_width=False, keyboard_shortcut=None):
        self._on_click = (lambda _: value) if on_click is None else on_click
        self._initial_value = value
        self._value = value
        super().__init__(0, label, on_change)

    def _convert(self, clicks):
        if clicks == 0:
            return self._initial_value
        try:
            return self._on_click(self._value)
        except Exception:
            import sys
            import traceback
            sys.stderr.write("on_click handler for button (%s) raised an "
                             "Exception:\n %s\n"
                             % (self._label, traceback.format_exc()))
            return None

    def _check(self, v):
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise TypeError("a button's value is its click count")
        return v

    def _widget_value(self):
        return jsonable(self._value)

    def _fields(self):
        return {"clicks": self._frontend}

    def _text(self):
        return "[ %s ]" % self._label


class run_button(UIElement):
    _kind = "run_button"

    def __init__(self, kind="neutral", disabled=False, tooltip=None, *,
                 label="click to run", on_change=None, full_width=False,
                 keyboard_shortcut=None):
        self._clicks = 0
        super().__init__(0, label, on_change)

    def _convert(self, clicks):
        return clicks != 0

    def _check(self, v):
        # The editor sends true; a click count is taken too.
        if v is True or (isinstance(v, int) and not isinstance(v, bool)
                         and v > 0):
            self._clicks += 1
            return self._clicks
        raise TypeError("a run button is set with true")

    def _reset(self):
        """After the readers ran once (marimo's _on_update_completion)."""
        self._value = False

    def _widget_value(self):
        return self._value

    def _fields(self):
        return {"clicks": self._clicks}

    def _text(self):
        return "[ %s ]" % self._label


# --- dates ---------------------------------------------------------------

def _to_date(v):
    if isinstance(v, datetime.datetime):
        return v.date()
    if isinstance(v, datetime.date):
        return v
    return datetime.datetime.strptime(v, "%Y-%m-%d").date()


class date(UIElement):
    _kind = "date"

    def __init__(self, start=None, stop=None, value=None, *, label="",
                 on_change=None, full_width=False, disabled=False):
        start = _to_date(start) if start is not None else None
        stop = _to_date(stop) if stop is not None else None
        value = _to_date(value) if value is not None else None
        if value is None:
            if start is None and stop is None:
                value = datetime.date.today()
            else:
                value = start if start is not None else stop
        self._start = datetime.date(datetime.MINYEAR, 1, 1) \
            if start is None else start
        self._stop = datetime.date(datetime.MAXYEAR, 12, 31) \
            if stop is None else stop
        self._bounded = (start is not None, stop is not None)
        if self._stop < self._start:
            raise ValueError("The stop date (%s) must be greater than the "
                             "start date (%s)" % (stop, start))
        if value < self._start or value > self._stop:
            raise ValueError("The default value (%s) must be greater than "
                             "the start date (%s) and less than the stop "
                             "date (%s)." % (value, start, stop))
        super().__init__(value.isoformat(), label, on_change)

    @property
    def start(self):
        return self._start

    @property
    def stop(self):
        return self._stop

    def _convert(self, frontend):
        return _to_date(frontend)

    def _check(self, v):
        if not isinstance(v, str):
            raise TypeError("a date's value is \"YYYY-MM-DD\"")
        d = _to_date(v)
        if d < self._start or d > self._stop:
            raise ValueError("%s is outside %s..%s" % (v, self._start,
                                                       self._stop))
        return d.isoformat()

    def _fields(self):
        return {"start": self._start.isoformat() if self._bounded[0]
                else None,
                "stop": self._stop.isoformat() if self._bounded[1]
                else None}


# --- table ---------------------------------------------------------------

class table(UIElement):
    _kind = "table"

    def __init__(self, data, pagination=None, selection="multi",
                 initial_selection=None, page_size=None,
                 show_column_summaries=None, show_data_types=True,
                 format_mapping=None, freeze_columns_left=None,
                 freeze_columns_right=None, text_justify_columns=None,
                 wrapped_columns=None, column_widths=None,
                 hidden_columns=None, visible_columns=None,
                 header_tooltip=None, show_download=True,
                 max_columns="inherit", *, show_search=True, label="",
                 on_change=None, style_cell=None, hover_template=None,
                 max_height=None, **kwargs):
        if selection not in (None, "single", "multi"):
            # Cell selection has no terminal form yet: rows instead.
            selection = "single" if selection == "single-cell" else "multi"
        if isinstance(data, (list, tuple)) and data and \
                not isinstance(data[0], dict):
            # marimo shows a list of scalars as one column "value".
            data = [{"value": v} for v in data]
        self.data = data
        self._selection = selection
        self._table = None
        initial = [int(i) for i in (initial_selection or [])
                   if isinstance(i, int)]
        if selection == "single" and len(initial) > 1:
            raise ValueError("For single selection mode, "
                             "initial_selection can only contain one row "
                             "index")
        super().__init__(initial, label, on_change)

    def _nrows(self):
        k = _kernel()
        t = self._quire_table_()
        return t.nrows if t is not None else (
            len(self.data) if k is None else 0)

    def _quire_table_(self):
        """The kernel's window source for the data (made once)."""
        if self._table is None:
            k = _kernel()
            if k is not None:
                self._table = k.table_source(self.data)
        return self._table

    def _convert(self, frontend):
        if self._selection is None:
            return None
        return _select_rows(self.data, frontend)

    def _check(self, v):
        if self._selection is None:
            raise ValueError("this table does not allow selection")
        if not isinstance(v, list) or not all(
                isinstance(i, int) and not isinstance(i, bool) for i in v):
            raise TypeError("a table's value is a list of row indices")
        n = self._nrows()
        for i in v:
            if i < 0 or i >= n:
                raise ValueError("row %d is not in the table (%d rows)"
                                 % (i, n))
        v = list(dict.fromkeys(v))
        if self._selection == "single" and len(v) > 1:
            raise ValueError("this table selects one row")
        return v

    def _widget_value(self):
        return list(self._frontend)

    def _display(self):
        n = len(self._frontend)
        return "%d row%s selected" % (n, "" if n == 1 else "s")

    def _table_json(self):
        t = self._quire_table_()
        if t is None:
            return None
        return t.window(0, None, 0, None, None, False,
                        selection=self._selection or "none",
                        selected=self._frontend, first=True)

    def _fields(self):
        return {"table": self._table_json(),
                "selection": self._selection or "none"}

    def _quire_mime_(self):
        import json
        k = _kernel()
        items = super()._quire_mime_()
        t = self._table_json()
        if k is not None and t is not None:
            items.insert(1, (k.TABLE_MIME, json.dumps(t,
                                                      ensure_ascii=False)))
        return items


def _select_rows(data, indices):
    """The rows of data at these positions, in data's own type."""
    idx = list(indices)
    t = type(data)
    mod = t.__module__ or ""
    if mod.startswith("pandas"):
        return data.iloc[idx]
    if mod.startswith("polars"):
        return data[idx]
    if mod.startswith("numpy"):
        return data[idx]
    if isinstance(data, dict):
        return {k: [v[i] for i in idx if i < len(v)]
                for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [data[i] for i in idx]
    return idx


# --- containers ----------------------------------------------------------

class _Container(UIElement):
    """array and dictionary: the value is the children's values; a child
    set through its own id updates this one."""

    def _child_changed(self, child):
        self._frontend = self._frontends()
        self._value = self._values()
        if self._on_change is not None:
            self._on_change(self._value)

    def _adopt(self):
        for e in self._children():
            e._parent = self

    def _widget_value(self):
        return jsonable(self._value)


class array(_Container):
    _kind = "array"

    def __init__(self, elements, *, label="", on_change=None):
        self._elements = [e._clone() for e in elements]
        self._adopt()
        super().__init__(self._frontends(), label, on_change)

    def _children(self):
        return self._elements

    def _frontends(self):
        return [e._frontend for e in self._elements]

    def _values(self):
        return [e._value for e in self._elements]

    def _convert(self, frontend):
        return self._values()

    def _check(self, v):
        if not isinstance(v, list) or len(v) != len(self._elements):
            raise TypeError("an array's value is a list of %d values"
                            % len(self._elements))
        return [e._check(x) for e, x in zip(self._elements, v)]

    def _update(self, frontend, notify=True):
        for e, x in zip(self._elements, frontend):
            if e._frontend != x:
                e._update(x, notify)
        super()._update(self._frontends(), notify)

    def _fields(self):
        return {"elements": [e._quire_widget_() for e in self._elements]}

    @property
    def elements(self):
        return self._elements

    def __len__(self):
        return len(self._elements)

    def __getitem__(self, i):
        return self._elements[i]

    def __iter__(self):
        return iter(self._elements)

    def __reversed__(self):
        return reversed(self._elements)

    def __contains__(self, item):
        return item in self._elements

    def hstack(self, **kwargs):
        from quire.mo._display import hstack
        return hstack(self._elements, **kwargs)

    def vstack(self, **kwargs):
        from quire.mo._display import vstack
        return vstack(self._elements, **kwargs)


class dictionary(_Container):
    _kind = "dictionary"

    def __init__(self, elements, *, label="", on_change=None):
        self._elements = {str(k): e._clone() for k, e in elements.items()}
        self._adopt()
        super().__init__(self._frontends(), label, on_change)

    def _children(self):
        return list(self._elements.values())

    def _frontends(self):
        return {k: e._frontend for k, e in self._elements.items()}

    def _values(self):
        return {k: e._value for k, e in self._elements.items()}

    def _convert(self, frontend):
        return self._values()

    def _check(self, v):
        if not isinstance(v, dict) or set(v) - set(self._elements):
            raise TypeError("a dictionary's value is an object of its "
                            "keys")
        out = self._frontends()
        for k, x in v.items():
            out[k] = self._elements[k]._check(x)
        return out

    def _update(self, frontend, notify=True):
        for k, x in frontend.items():
            e = self._elements[k]
            if e._frontend != x:
                e._update(x, notify)
        super()._update(self._frontends(), notify)

    def _fields(self):
        return {"keys": list(self._elements),
                "elements": [e._quire_widget_()
                             for e in self._elements.values()]}

    @property
    def elements(self):
        return self._elements

    def __len__(self):
        return len(self._elements)

    def __getitem__(self, k):
        return self._elements[k]

    def __iter__(self):
        return iter(self._elements)

    def __contains__(self, k):
        return k in self._elements

    def keys(self):
        return self._elements.keys()

    def values(self):
        return self._elements.values()

    def items(self):
        return self._elements.items()

    def get(self, k, default=None):
        return self._elements.get(k, default)

    def hstack(self, **kwargs):
        from quire.mo._display import hstack
        return hstack(list(self._elements.values()), **kwargs)

    def vstack(self, **kwargs):
        from quire.mo._display import vstack
        return vstack(list(self._elements.values()), **kwargs)


class form(UIElement):
    """A form: the value is None until submitted, then the inner
    element's value at submit time. The editor edits the inner element
    locally and sends SET_WIDGET(form id, inner front-end value)."""

    _kind = "form"

    def __init__(self, element, *, bordered=True, loading=False,
                 submit_button_label="Submit", submit_button_tooltip=None,
                 submit_button_disabled=False, clear_on_submit=False,
                 show_clear_button=False, clear_button_label="Clear",
                 clear_button_tooltip=None, validate=None, label="",
                 on_change=None):
        self.element = element._clone()
        self.element._parent = self
        self.validate = validate
        self.submit_label = submit_button_label
        self.clear_on_submit = clear_on_submit
        self._submitted = False
        super().__init__(None, label, on_change)

    def _convert(self, frontend):
        if frontend is None:
            return None
        self.element._update(frontend, notify=False)
        return self.element._value

    def _check(self, v):
        v = self.element._check(v)
        if self.validate is not None:
            msg = self.validate(jsonable(v))
            if msg:
                raise ValueError(str(msg))
        return v

    def _update(self, frontend, notify=True):
        if frontend is not None:
            self._submitted = True
        super()._update(frontend, notify)

    def _child_changed(self, child):
        # The inner element set through its own id is a submit.
        self._update(child._frontend)

    def _widget_value(self):
        return jsonable(self._value) if self._submitted else None

    def _fields(self):
        return {"element": self.element._quire_widget_(),
                "submit_label": self.submit_label,
                "submitted": self._submitted}


class tabs(UIElement):
    _kind = "tabs"

    def __init__(self, tabs, value=None, lazy=False, *,
                 orientation="horizontal", label="", on_change=None):
        self._tabs = dict(tabs)
        self._tab_keys = [str(k) for k in self._tabs]
        super().__init__(value if value in self._tab_keys else None,
                         label, on_change)

    def _convert(self, frontend):
        if not frontend:
            return self._tab_keys[0] if self._tab_keys else ""
        return frontend

    def _check(self, v):
        if not isinstance(v, str) or v not in self._tab_keys:
            raise ValueError("%r is not one of the tabs" % (v,))
        return v

    def _widget_value(self):
        return self._value

    def _fields(self):
        children = []
        for content in self._tabs.values():
            children.append(_child_item(content))
        return {"tabs": self._tab_keys, "children": children}

    def _text(self):
        return "%s: %s" % (self._label or self._kind, self._value)


def _child_item(obj):
    """One tab's content: Markdown when it has some, else plain text;
    with "widget" when the tab is one element, "widgets" when its
    Markdown embeds some, so the editor can draw and focus them."""
    import json
    import re
    if isinstance(obj, UIElement):
        item = {"mime": "text/plain", "text": obj._text()}
        try:
            item["widget"] = obj._quire_widget_()
        except Exception:
            pass
        return item
    if isinstance(obj, str):
        item = {"mime": "text/markdown", "text": obj}
        found = []
        for wid in dict.fromkeys(re.findall(
                r'<quire-widget id="([A-Za-z0-9_.-]+)">', obj)):
            el = find(wid)
            if el is not None:
                found.append(el._quire_widget_())
        if found:
            item["widgets"] = found
        return item
    f = getattr(obj, "_quire_mime_", None)
    plain = md = widgets = None
    if callable(f):
        try:
            for mime, data in f():
                if isinstance(data, bytes):
                    data = data.decode("utf-8", "replace")
                if mime == "text/markdown" and md is None:
                    md = data
                elif mime == "application/vnd.quire.widgets+json":
                    widgets = json.loads(data)
                elif mime == "text/plain" and plain is None:
                    plain = data
        except Exception:
            plain = md = widgets = None
    if md is not None:
        item = {"mime": "text/markdown", "text": md}
        if widgets:
            item["widgets"] = widgets
        return item
    if plain is None:
        try:
            plain = repr(obj)
        except Exception:
            plain = "<%s>" % type(obj).__name__
    return {"mime": "text/plain", "text": plain}


class refresh(UIElement):
    """Periodic refresh: the editor sends counter+1 every interval_s
    while the element is visible. .value is marimo's string ("" until
    the first tick, then the count as text)."""

    _kind = "refresh"

    def __init__(self, options=None, default_interval=None, *, label="",
                 on_change=None):
        if default_interval and not isinstance(default_interval,
                                               (int, float, str)):
            raise ValueError("Invalid type: `default_interval` must be an "
                             "int, float or str, not %s"
                             % type(default_interval))
        if options is None:
            options = [default_interval] if default_interval else []
        if not isinstance(options, list):
            raise ValueError("Invalid type: `options` must be a list, not "
                             "%s" % type(options))
        if default_interval and options and \
                default_interval not in options:
            raise ValueError("Invalid value: `default_interval` must be "
                             "one of the options, not %s"
                             % default_interval)
        self.options = options
        self.default_interval = default_interval
        super().__init__(0, label, on_change)

    def _convert(self, counter):
        return "" if counter == 0 else str(counter)

    def _check(self, v):
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise TypeError("a refresh's value is its tick count")
        return v

    def _fields(self):
        return {"options": [str(o) for o in self.options],
                "interval_s": _interval_s(self.default_interval)}


_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}


def _interval_s(v):
    """marimo's intervals: a number of seconds or "5s", "1m", "500ms"."""
    if v is None or v == "":
        return None
    if _is_number(v):
        return float(v)
    s = str(v).strip()
    for unit in ("ms", "s", "m", "h", "d"):
        if s.endswith(unit):
            try:
                return float(s[:-len(unit)]) * _UNITS[unit]
            except ValueError:
                return None
    try:
        return float(s)
    except ValueError:
        return None


class file(UIElement):
    _kind = "file"

    def __init__(self, filetypes=None, multiple=False, kind="button",
                 label="", on_change=None, **kwargs):
        super().__init__([], label, on_change)

    def name(self, index=0):
        return None

    def contents(self, index=0):
        return None


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(
        "module 'marimo.ui' has no attribute %r: quire does not implement "
        "mo.ui.%s yet" % (name, name))


# --- matrix (tier 2) -------------------------------------------------------

def _matrix_rows(value):
    """marimo's matrix data as (rows of numbers, is_vector)."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if not isinstance(value, (list, tuple)) or not value:
        raise ValueError("`value` must be a non-empty list or array")
    if all(not isinstance(r, (list, tuple)) for r in value):
        rows, vector = [[v] for v in value], True
    else:
        rows = [list(r.tolist() if hasattr(r, "tolist") else r)
                for r in value]
        vector = False
        if not rows[0] or any(len(r) != len(rows[0]) for r in rows):
            raise ValueError("All rows must have the same number of "
                             "columns")
    for r in rows:
        for v in r:
            if not _is_number(v):
                raise ValueError("Matrix values must be numbers, not %s"
                                 % type(v).__name__)
    return rows, vector


def _matrix_param(name, p, nrows, ncols, vector):
    """A per-cell parameter: a scalar broadcast, or a list (flat for a
    vector) or nested list of the matrix's shape."""
    if hasattr(p, "tolist"):
        p = p.tolist()
    if not isinstance(p, (list, tuple)):
        return [[p] * ncols for _ in range(nrows)]
    if vector and all(not isinstance(x, (list, tuple)) for x in p):
        p = [[x] for x in p]
    if len(p) != nrows or any(not isinstance(r, (list, tuple)) or
                              len(r) != ncols for r in p):
        raise ValueError("`%s` must be a scalar or have shape (%d, %d)"
                         % (name, nrows, ncols))
    return [list(r) for r in p]


class matrix(array):
    """mo.ui.matrix: numbers in rows and columns. The editor edits each
    number (an array of rows, each an array of number elements; a vector
    is one array of numbers); .value is the nested list (a flat list for
    a vector), as in marimo."""

    def __init__(self, value, *, min_value=None, max_value=None, step=1.0,
                 disabled=False, symmetric=False, scientific=False,
                 precision=None, row_labels=None, column_labels=None,
                 debounce=False, label=""):
        rows, vector = _matrix_rows(value)
        nr, nc = len(rows), len(rows[0])
        if symmetric and vector:
            raise ValueError("`symmetric` is not supported for 1D "
                             "(vector) input")
        lo = _matrix_param("min_value", min_value, nr, nc, vector)
        hi = _matrix_param("max_value", max_value, nr, nc, vector)
        st = _matrix_param("step", step, nr, nc, vector)
        for i in range(nr):
            for j in range(nc):
                v, a, b = rows[i][j], lo[i][j], hi[i][j]
                if a is not None and b is not None and a > b:
                    raise ValueError("min_value must be less than or "
                                     "equal to max_value at [%d][%d]"
                                     % (i, j))
                if (a is not None and v < a) or (b is not None and v > b):
                    raise ValueError("Value %s at [%d][%d] is outside "
                                     "[%s, %s]" % (v, i, j, a, b))
        if symmetric:
            if nr != nc:
                raise ValueError("`symmetric` requires a square matrix")
            if any(rows[i][j] != rows[j][i] for i in range(nr)
                   for j in range(nc)):
                raise ValueError("`symmetric` is True but the initial "
                                 "value is not symmetric")
        if row_labels is not None and len(row_labels) != nr:
            raise ValueError("row_labels has %d entries, want %d"
                             % (len(row_labels), nr))
        if column_labels is not None and len(column_labels) != nc:
            raise ValueError("column_labels has %d entries, want %d"
                             % (len(column_labels), nc))
        self._vector = vector
        self.symmetric = symmetric
        self.scientific = scientific
        self.precision = precision
        self.row_labels = row_labels
        self.column_labels = column_labels

        def cell(i, j):
            name = []
            if row_labels is not None:
                name.append(str(row_labels[i]))
            if column_labels is not None:
                name.append(str(column_labels[j]))
            return number(start=lo[i][j], stop=hi[i][j], step=st[i][j],
                          value=rows[i][j],
                          label=", ".join(name) or "[%d][%d]" % (i, j))

        if vector:
            elements = [cell(i, 0) for i in range(nr)]
        else:
            elements = [array([cell(i, j) for j in range(nc)],
                              label=str(row_labels[i]) if row_labels
                              else "row %d" % i)
                        for i in range(nr)]
        super().__init__(elements, label=label)

    def _child_changed(self, child):
        if self.symmetric and child in self._elements:
            i = self._elements.index(child)
            for j, e in enumerate(child._elements):
                mirror = self._elements[j]._elements[i]
                if j != i and mirror._frontend != e._frontend:
                    mirror._update(e._frontend, notify=False)
                    row = self._elements[j]
                    row._frontend = row._frontends()
                    row._value = row._values()
        super()._child_changed(child)

    def _fmt(self, v):
        if self.scientific:
            return "%.*e" % (self.precision if self.precision is not None
                             else 1, v)
        if self.precision is not None and isinstance(v, float):
            return "%.*f" % (self.precision, v)
        return repr(v)

    def _display(self):
        v = self._value
        if self._vector:
            return "[%s]" % ", ".join(self._fmt(x) for x in v)
        return "[%s]" % ", ".join(
            "[%s]" % ", ".join(self._fmt(x) for x in r) for r in v)


# --- not supported in the terminal (tier 3) ----------------------------------

class _Unsupported(UIElement):
    """An element quire cannot draw: one plain line naming it, and
    marimo's default value so the cells reading it still run."""

    _kind = "unsupported"
    _name = "element"
    _what = "this element is not shown in the terminal"
    # No widget JSON: layouts and f-strings show the line, not a widget.
    _quire_widget_ = None

    def __init__(self, value, label="", on_change=None):
        super().__init__(value, label, on_change)

    def _check(self, v):
        raise ValueError("mo.ui.%s is not supported in the terminal"
                         % self._name)

    def _line(self):
        return "[mo.ui.%s: %s]" % (self._name, self._what)

    def _text(self):
        return self._line()

    def _image(self):
        return None

    def _quire_mime_(self):
        items = []
        try:
            png = self._image()
        except Exception:
            png = None
        if isinstance(png, (bytes, bytearray)) and png:
            items.append(("image/png", bytes(png)))
        items.append(("text/plain", self._line()))
        return items

    def __format__(self, spec):
        return _md_escape(self._line())

    def __str__(self):
        return self._line()

    def __repr__(self):
        return self._line()


def _has_module(name):
    import importlib.util
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


class chat(_Unsupported):
    _name = "chat"
    _what = "the chat interface is not shown in the terminal"

    def __init__(self, model, *, prompts=None, on_message=None,
                 show_configuration_controls=False, config=None,
                 allow_attachments=False, max_height=None, disabled=False):
        self.model = model
        self.prompts = prompts
        self.on_message = on_message
        self.config = config
        # .value: the chat's messages, none yet.
        super().__init__([])

    def _convert(self, frontend):
        return list(frontend)


class plotly(_Unsupported):
    _name = "plotly"
    _what = "interactive Plotly charts are not shown in the terminal"

    def __init__(self, figure, config=None, renderer_name=None, *,
                 label="", on_change=None):
        self._figure = figure
        self._selection_data = {}
        super().__init__([], label, on_change)

    @property
    def ranges(self):
        return {}

    @property
    def points(self):
        return []

    @property
    def indices(self):
        return []

    def _image(self):
        # A static picture only through plotly's own exporter (kaleido);
        # nothing is installed or started for it otherwise.
        if not _has_module("kaleido"):
            return None
        return self._figure.to_image(format="png")


def _empty_like(data):
    if data is None or isinstance(data, (list, tuple)):
        return []
    if isinstance(data, dict):
        return {}
    mod = type(data).__module__ or ""
    if mod.startswith("pandas"):
        return data.iloc[0:0]
    if mod.startswith("polars"):
        return data.head(0)
    return []


class altair_chart(_Unsupported):
    _name = "altair_chart"
    _what = "interactive Altair charts are not shown in the terminal"

    def __init__(self, chart, chart_selection=True, legend_selection=True,
                 *, label="", on_change=None):
        self._chart = chart
        data = getattr(chart, "data", None)
        if type(data).__name__ == "UndefinedType":
            data = None
        self.dataframe = data
        super().__init__(_empty_like(data), label, on_change)

    def _convert(self, frontend):
        return frontend

    def apply_selection(self, df):
        """df filtered by the chart's selection: there is none, so df."""
        return df

    def _image(self):
        if not _has_module("vl_convert"):
            return None
        import vl_convert
        return vl_convert.vegalite_to_png(self._chart.to_json())


class anywidget(_Unsupported):
    _name = "anywidget"
    _what = "anywidgets (JavaScript) are not shown in the terminal"

    def __init__(self, widget):
        self.widget = widget
        state = {}
        try:
            get = getattr(widget, "get_state", None)
            if callable(get):
                state = {k: v for k, v in get().items()
                         if not k.startswith("_") and
                         k not in ("comm", "layout", "log", "keys")}
        except Exception:
            state = {}
        super().__init__(state)


class dataframe(_Unsupported):
    _name = "dataframe"
    _what = "the dataframe transformer is not shown in the terminal"

    def __init__(self, df, on_change=None, page_size=5, limit=None,
                 show_download=True, *, format_mapping=None,
                 download_csv_encoding=None, download_csv_separator=None,
                 download_json_ensure_ascii=True, lazy=None):
        self._data = df
        # .value: the frame with no transform applied, itself.
        super().__init__(None, "", on_change)

    def _convert(self, frontend):
        return self._data


class data_explorer(_Unsupported):
    _name = "data_explorer"
    _what = "the data explorer is not shown in the terminal"

    def __init__(self, df, on_change=None, x=None, y=None, row=None,
                 column=None, color=None, size=None, shape=None):
        self._data = df
        fields = {"x": x, "y": y, "row": row, "column": column,
                  "color": color, "size": size, "shape": shape}
        super().__init__({k: v for k, v in fields.items()
                          if v is not None}, "", on_change)

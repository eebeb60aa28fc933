"""quire's implementation of marimo's public API.

Inside quire's kernel ``import marimo`` (and ``import marimo as mo``)
loads this package, whether or not marimo is installed, so marimo
notebooks run unchanged. It covers the calls the runtime needs (spec
notebook-format.md section 8): ``mo.md``, ``mo.stop``, ``mo.output``,
``mo.state``, ``mo.cli_args``, ``mo.notebook_dir``, ``mo.app_meta``, the
``mo.ui`` constructors (their default ``.value``; drawing and interaction
belong to the terminal front end) and ``marimo.App`` so a notebook file
can be imported as a module. Anything else raises AttributeError naming
what is missing.
"""

import functools
import os
import pathlib

from quire.mo import ai, output, status, ui
from quire.mo._cache import persistent_cache
from quire.mo._app import App
from quire.mo._display import Html, as_html, md, plain_text
from quire.mo._display import accordion, callout, hstack, vstack
from quire.mo._display import (audio, carousel, center, download, icon,
                               iframe, image, json, lazy, left, mermaid,
                               nav_menu, pdf, plain, right, sidebar, stat,
                               style, tabs, tree, video)

__version__ = "0.24.0"

__all__ = [
    "App", "Html", "accordion", "app_meta", "as_html", "cache", "callout",
    "cli_args", "hstack", "lru_cache", "md", "notebook_dir",
    "notebook_location", "output", "plain_text", "state", "stop", "ui",
    "vstack",
    # layout and text elements (_display.py)
    "audio", "carousel", "center", "download", "icon", "iframe", "image",
    "json", "lazy", "left", "mermaid", "nav_menu", "pdf", "plain", "right",
    "sidebar", "stat", "style", "tabs", "tree", "video",
    # status.py, _cache.py, _thread.py, ai.py
    "Thread", "ai", "current_thread", "persistent_cache", "status",
]


def _kernel():
    try:
        from quire import _kernel
    except ImportError:
        return None
    return _kernel


def _config():
    k = _kernel()
    return k.config if k is not None else {"argv": [], "notebook": None,
                                            "mode": "script"}


def stop(predicate, output=None):
    """Stop this cell (and its descendants) when predicate is true; the
    cell's output becomes output."""
    if predicate:
        k = _kernel()
        if k is None:
            raise SystemExit(0)
        raise k.StopCell(output)


class State:
    """The getter half of mo.state(): call it for the current value."""

    def __init__(self, value, allow_self_loops=False):
        self._value = value
        self.allow_self_loops = allow_self_loops

    def __call__(self):
        return self._value

    def __repr__(self):
        return "State(%r)" % (self._value,)


class _Setter:
    def __init__(self, state):
        self._state = state

    def __call__(self, update):
        s = self._state
        s._value = update(s._value) if callable(update) else update
        k = _kernel()
        if k is not None:
            k.state_changed(s)

    def __repr__(self):
        return "<setter of %r>" % (self._state,)


def state(value, allow_self_loops=False):
    """(getter, setter): cells reading the getter rerun when the setter
    is called."""
    s = State(value, allow_self_loops)
    return s, _Setter(s)


class CLIArgs(dict):
    """mo.cli_args(): the arguments after "--", read-only."""

    def _readonly(self, *args, **kwargs):
        raise TypeError("mo.cli_args() is read-only")

    __setitem__ = __delitem__ = _readonly
    clear = pop = popitem = setdefault = update = _readonly


def _cli_value(text):
    for conv in (int, float):
        try:
            return conv(text)
        except ValueError:
            pass
    if text in ("True", "true"):
        return True
    if text in ("False", "false"):
        return False
    return text


def _parse_cli_args(argv):
    # "--key value", "--key=value", "-k v", bare "--flag" (""); a word
    # that follows a value joins it; repeated keys make a list.
    opts = []
    for a in argv:
        if a.startswith("-"):
            opts.append(a)
        elif opts:
            opts[-1] = opts[-1] + " " + a
    out = {}
    for a in opts:
        a = a.lstrip("-")
        if "=" in a:
            key, value = a.split("=", 1)
        elif " " in a:
            key, value = a.split(" ", 1)
            key, value = key.strip(), value.strip()
        else:
            key, value = a, ""
        value = _cli_value(value)
        if key in out:
            if isinstance(out[key], list):
                out[key].append(value)
            else:
                out[key] = [out[key], value]
        else:
            out[key] = value
    return out


def cli_args():
    """The command line arguments given after "--", as a dict."""
    return CLIArgs(_parse_cli_args(_config()["argv"]))


def notebook_dir():
    """The directory of the running notebook, or None if unsaved."""
    path = _config()["notebook"]
    if not path:
        return None
    p = pathlib.Path(os.path.abspath(path))
    return p if p.is_dir() else p.parent


def notebook_location():
    return notebook_dir()


class AppMeta:
    """mo.app_meta(): how the notebook is running."""

    @property
    def mode(self):
        return _config()["mode"]

    @property
    def theme(self):
        return "light"

    @property
    def request(self):
        return None

    def __repr__(self):
        return "AppMeta(mode=%r)" % self.mode


def app_meta():
    return AppMeta()


def cache(fn=None, **kwargs):
    """Memoize a function in memory (marimo's mo.cache, by arguments)."""
    if fn is None:
        return lambda f: functools.cache(f)
    return functools.cache(fn)


def lru_cache(fn=None, maxsize=128, **kwargs):
    if fn is None:
        return lambda f: functools.lru_cache(maxsize=maxsize)(f)
    return functools.lru_cache(maxsize=maxsize)(fn)


# Exported when first used: mo.Thread subclasses threading.Thread, and
# importing threading costs the many notebooks that never use it.
_LAZY = {"Thread": "quire.mo._thread", "current_thread": "quire.mo._thread"}


def __getattr__(name):
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(_LAZY[name]), name)
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(
        "module 'marimo' has no attribute %r: quire does not implement "
        "mo.%s yet" % (name, name))


def __dir__():
    return sorted(__all__ + ["__version__"])


"""mo.status: progress bars and spinners on one rewritten stderr line.

marimo draws these as HTML in the cell's output. quire shows them as the
programs of a terminal do (tqdm, pip): one line of stderr that each
update rewrites with a carriage return. The editor shows such a line as
one line rewritten in place (spec security.md 7.2.5); ``quire run``
prints only its last state, and keeps stderr out of the report on
stdout. Updates are written at most ten times a second; a pending one
is written by a timer, and the last state always is. Indicators that
are open at once (a bar inside a bar) share the line, outermost first.
On exit an indicator either leaves its last state as a finished line or
(``remove_on_exit``) clears the line.
"""

import sys
import time

__all__ = ["progress_bar", "spinner", "toast"]

# Seconds between two writes of the line: at most ten a second.
_INTERVAL = 0.1
_SPIN = "|/-\\"


def _cell():
    try:
        import _quire
    except ImportError:
        return None
    return _quire.cell()


def _in_kernel():
    return "_quire" in sys.modules


class _Line:
    """The stderr line the open indicators share."""

    def __init__(self):
        self.active = []
        self.last = 0.0
        self.dirty = False
        self.timer = None
        self._lock = None

    @property
    def lock(self):
        # threading is imported when an indicator is first used.
        if self._lock is None:
            import threading
            self._lock = threading.RLock()
        return self._lock

    def _text(self):
        return "  ".join(p._line() for p in self.active)

    def _write(self, text, end=""):
        # \r starts the line again; outside quire's kernel (a script in
        # a terminal) EL also clears what a longer line left behind.
        el = "" if _in_kernel() else "\x1b[K"
        try:
            sys.stderr.write("\r" + text + el + end)
            sys.stderr.flush()
        except Exception:
            pass
        self.last = time.monotonic()
        self.dirty = False

    def _cancel(self):
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def _late(self, cell):
        with self.lock:
            self.timer = None
            # Written by the cell that opened the indicators only: a
            # timer that fires after the cell ended says nothing.
            if self.dirty and self.active and _cell() == cell:
                self._write(self._text())

    def redraw(self, force=False):
        with self.lock:
            if not self.active:
                return
            wait = self.last + _INTERVAL - time.monotonic()
            if force or wait <= 0:
                self._cancel()
                self._write(self._text())
                return
            self.dirty = True
            if self.timer is None:
                import threading
                t = threading.Timer(wait, self._late, (_cell(),))
                t.daemon = True
                self.timer = t
                t.start()

    def open(self, p):
        with self.lock:
            if p not in self.active:
                self.active.append(p)
            self.redraw(force=True)

    def close(self, p, keep):
        with self.lock:
            if p not in self.active:
                return
            outermost = self.active[0] is p
            if outermost and keep:
                # Its last state stays; nothing else is drawn over it.
                self._cancel()
                self.active = [p]
                self._write(self._text(), "\n")
                self.active = []
                return
            self.active.remove(p)
            if self.active:
                self.redraw(force=True)
            else:
                self._cancel()
                self._write("\x1b[2K")


_line = _Line()


def _duration(s):
    s = int(round(s))
    if s < 60:
        return "%ds" % s
    if s < 3600:
        return "%dm %02ds" % (s // 60, s % 60)
    return "%dh %02dm" % (s // 3600, s % 3600 // 60)


class _Progress:
    """A progress indicator: marimo's title, subtitle, total, current."""

    def __init__(self, title, subtitle, total, show_rate, show_eta):
        self.title = title
        self.subtitle = subtitle
        self.total = total
        self.current = 0
        self.closed = False
        self.loading_spinner = total is None
        self.show_rate = show_rate
        self.show_eta = show_eta
        self.start_time = time.time()
        import threading
        self._lock = threading.Lock()
        self._shown = False

    def update_progress(self, increment=1, title=None, subtitle=None):
        """Advance by increment and change the title or subtitle; the
        line is redrawn at most ten times a second. Thread-safe."""
        with self._lock:
            if self.closed:
                raise RuntimeError(
                    "Progress indicators cannot be updated after exiting "
                    "the context manager that created them. ")
            self.current += increment
            if title is not None:
                self.title = title
            if subtitle is not None:
                self.subtitle = subtitle
        if self._shown:
            _line.redraw()

    def _rate(self):
        diff = time.time() - self.start_time
        if diff <= 0 or self.current <= 0:
            return None
        rate = self.current / diff
        return round(rate, 2) if rate >= 1 else rate

    def _bar(self):
        parts = []
        if self.title:
            parts.append(str(self.title))
        total = self.total or 0
        done = min(max(self.current, 0), total) if total > 0 else 0
        width = 20
        fill = done * width // total if total > 0 else 0
        parts.append("[%s%s]" % ("#" * fill, "-" * (width - fill)))
        pct = 100 * done // total if total > 0 else 100
        parts.append("%d/%d (%d%%)" % (self.current, total, pct))
        rate = self._rate() if self.show_rate else None
        if rate is not None:
            if rate >= 1:
                parts.append("%.1f it/s" % rate)
            else:
                parts.append("%.1f s/it" % (1 / rate))
        if self.show_eta and rate and self.current < total:
            parts.append("eta " + _duration((total - self.current) / rate))
        if self.subtitle:
            parts.append("- " + str(self.subtitle))
        return " ".join(parts)

    def _spinner(self):
        frame = _SPIN[self.current % len(_SPIN)]
        text = "%s %s" % (frame, self.title or "Loading...")
        if self.subtitle:
            text += " - " + str(self.subtitle)
        return text

    def _line(self):
        return self._spinner() if self.loading_spinner else self._bar()

    def _show(self):
        self._shown = True
        _line.open(self)

    def clear(self):
        """Remove the indicator from the line."""
        if self.closed:
            raise RuntimeError(
                "Progress indicators cannot be updated after exiting "
                "the context manager that created them. ")
        self._shown = False
        _line.close(self, keep=False)

    def close(self):
        """Write the last state (kept as a finished line, unless cleared)
        and refuse further updates."""
        if self._shown:
            self._shown = False
            _line.close(self, keep=True)
        self.closed = True

    def _quire_mime_(self):
        # Shown as a cell's value (`spinner(...) if busy else ...`).
        return [("text/plain", self._line())]

    def __repr__(self):
        return self._line()


class ProgressBar(_Progress):
    def __init__(self, title, subtitle, total, show_rate, show_eta):
        super().__init__(title, subtitle, total, show_rate, show_eta)

    def update(self, increment=1, title=None, subtitle=None):
        """Advance the bar by increment; optionally change its title
        and subtitle."""
        self.update_progress(increment=increment, title=title,
                             subtitle=subtitle)


class Spinner(_Progress):
    """A spinner: a title and subtitle while something runs."""

    def __init__(self, title, subtitle):
        super().__init__(title, subtitle, None, False, False)

    def update(self, title=None, subtitle=None):
        """Change the spinner's title and subtitle."""
        self.update_progress(increment=1, title=title, subtitle=subtitle)


class spinner:
    """Show a spinner while the ``with`` block runs (removed on exit
    unless remove_on_exit is False)."""

    def __init__(self, title=None, subtitle=None, remove_on_exit=True):
        self.title = title
        self.subtitle = subtitle
        self.remove_on_exit = remove_on_exit
        self.spinner = Spinner(title=title, subtitle=subtitle)

    def __enter__(self):
        self.spinner._show()
        return self.spinner

    def __exit__(self, exc_type, exc_value, tb):
        if self.remove_on_exit and self.spinner._shown:
            self.spinner.clear()
        self.spinner.close()

    def _quire_mime_(self):
        return self.spinner._quire_mime_()

    def __repr__(self):
        return repr(self.spinner)


class progress_bar:
    """Iterate over a collection showing a progress bar, or use it as a
    context manager (``total`` given) and call ``.update()``."""

    def __init__(self, collection=None, *, title=None, subtitle=None,
                 completion_title=None, completion_subtitle=None,
                 total=None, show_rate=True, show_eta=True,
                 remove_on_exit=False, disabled=False):
        self.completion_title = completion_title
        self.completion_subtitle = completion_subtitle
        self.remove_on_exit = remove_on_exit
        self.disabled = disabled
        self.step = 1
        self.collection = collection
        self._is_async = hasattr(collection, "__aiter__")
        if collection is not None:
            if total is None:
                if hasattr(collection, "__len__"):
                    total = len(collection)
                else:
                    raise TypeError(
                        "Cannot determine the length of a collection. "
                        "A `total` must be provided.")
            elif isinstance(collection, range):
                self.step = collection.step
        elif total is None:
            raise ValueError(
                "`total` is required when using as a context manager")
        self.progress = ProgressBar(title=title, subtitle=subtitle,
                                    total=total, show_rate=show_rate,
                                    show_eta=show_eta)
        if not disabled:
            self.progress._show()

    def __iter__(self):
        if self.collection is None:
            raise RuntimeError("progress_bar can only be iterated over if "
                               "a collection is provided")
        if self._is_async:
            raise RuntimeError("Cannot iterate over an async collection "
                               "with `for`. Use `async for` instead.")
        try:
            for item in self.collection:
                yield item
                if not self.disabled:
                    self.progress.update(increment=self.step)
        finally:
            self._finish()

    async def __aiter__(self):
        if self.collection is None:
            raise RuntimeError("progress_bar can only be iterated over if "
                               "a collection is provided")
        if not self._is_async:
            raise RuntimeError("Cannot iterate over a sync collection "
                               "with `async for`. Use `for` instead.")
        try:
            async for item in self.collection:
                yield item
                if not self.disabled:
                    self.progress.update(increment=self.step)
        finally:
            self._finish()

    def __enter__(self):
        return self.progress

    def __exit__(self, exc_type, exc_value, tb):
        self._finish()

    def _finish(self):
        if self.progress.closed:
            return
        self.progress.update(increment=0, title=self.completion_title,
                             subtitle=self.completion_subtitle)
        if self.remove_on_exit and self.progress._shown:
            self.progress.clear()
        self.progress.close()


def toast(title, description="", kind=None):
    """A notification: one line on stderr (marimo pops up a toast)."""
    text = str(title)
    if description:
        text += ": " + str(description)
    if kind == "danger":
        text = "error: " + text
    try:
        sys.stderr.write("[%s]\n" % text)
        sys.stderr.flush()
    except Exception:
        pass

"""Each mo.ui element's .value, by default and after a change, in quire
and in real marimo (tests/widgets_vs_marimo.sh runs this twice and
compares). Run with "marimo": marimo's own elements, changed through
UIElement._update with marimo's front-end value; with "quire": quire's,
changed through _quire_set_ with the value SET_WIDGET carries.
"""
import datetime
import sys
import types

# (constructor, marimo's front-end value, quire's SET_WIDGET value)
CASES = [
    ("mo.ui.slider(0, 10)", 7, 7),
    ("mo.ui.slider(0, 1.5, step=0.5)", 1.0, 1.0),
    ("mo.ui.slider(steps=[1, 2, 5, 10], value=5)", 3, 10),
    ("mo.ui.range_slider(0, 100)", [10, 20], [10, 20]),
    ("mo.ui.number(0, 10)", 3, 3),
    ("mo.ui.number()", None, None),
    ("mo.ui.text(value='a')", "b", "b"),
    ("mo.ui.text_area()", "x\ny", "x\ny"),
    ("mo.ui.checkbox()", True, True),
    ("mo.ui.switch(value=True)", False, False),
    ("mo.ui.dropdown(['a', 'b'])", ["b"], "b"),
    ("mo.ui.dropdown({'one': 1, 'two': 2}, value='one')", ["two"], "two"),
    ("mo.ui.dropdown([1, 2], value=2)", ["1"], "1"),
    ("mo.ui.radio(['x', 'y'])", "y", "y"),
    ("mo.ui.radio({'x': 10, 'y': 20}, value='x')", "y", "y"),
    ("mo.ui.multiselect([1, 2, 3], value=[2])", ["1", "3"], ["1", "3"]),
    ("mo.ui.button(value=0, on_click=lambda v: v + 1)", 1, 1),
    ("mo.ui.button()", 1, 1),
    ("mo.ui.run_button()", 1, True),
    ("mo.ui.date(value='2024-01-02')", "2024-03-04", "2024-03-04"),
    ("mo.ui.date(start='2024-01-01', stop='2024-12-31')", "2024-06-01",
     "2024-06-01"),
    ("mo.ui.tabs({'a': 'A', 'b': 'B'})", "1", "b"),
    ("mo.ui.table([{'a': 1}, {'a': 2}, {'a': 3}])", [0, 2], [0, 2]),
    ("mo.ui.table({'a': [1, 2], 'b': [3, 4]})", [1], [1]),
    ("mo.ui.table([{'a': 1}], selection=None)", None, None),
    ("mo.ui.slider(0, 10).form()", 4, 4),
    ("mo.ui.array([mo.ui.slider(0, 5), mo.ui.text()])", {"1": "hi"},
     [0, "hi"]),
    ("mo.ui.dictionary({'n': mo.ui.number(0, 9), 'c': mo.ui.checkbox()})",
     {"c": True}, {"n": 0, "c": True}),
]


def shown(v):
    if isinstance(v, datetime.date):
        return "date(%s)" % v.isoformat()
    return repr(v)


def main(which):
    if which == "quire":
        q = types.ModuleType("_quire")
        q.cell = lambda: 1
        sys.modules["_quire"] = q
        from quire import mo
    else:
        import marimo as mo
    for ctor, mfront, qset in CASES:
        try:
            el = eval(ctor, {"mo": mo})
            before = shown(el.value)
            if which == "quire":
                if qset is None and ctor.endswith("selection=None)"):
                    after = before
                else:
                    el._quire_set_(qset)
                    after = shown(el.value)
            else:
                if mfront is None and ctor.endswith("selection=None)"):
                    after = before
                else:
                    el._update(mfront)
                    after = shown(el.value)
        except Exception as e:
            before = after = "%s: %s" % (type(e).__name__, e)
        print("%s\n  default %s\n  after   %s" % (ctor, before, after))


main(sys.argv[1])

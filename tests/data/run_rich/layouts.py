import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    import marimo as mo

    class Knob:
        # A stand-in for a mo.ui element (contract: _quire_widget_ and
        # a __format__ that writes the <quire-widget> tag).
        def _quire_widget_(self):
            return {"kind": "slider", "id": "knob-1", "label": "gain",
                    "value": 7, "start": 0, "stop": 10, "step": 1,
                    "steps": None}

        def __format__(self, spec):
            return '<quire-widget id="knob-1">gain: 7</quire-widget>'

    knob = Knob()
    return knob, mo


@app.cell
def _(knob, mo):
    mo.hstack([knob, "plain *text*", 42])
    return


@app.cell
def _(mo):
    mo.hstack([
        mo.stat(1234567, label="revenue", caption="+12%",
                direction="increase"),
        mo.stat("98%", label="uptime"),
    ], justify="start", gap=1)
    return


@app.cell
def _(knob, mo):
    mo.vstack([
        mo.md("## Section"),
        mo.callout(mo.hstack([mo.md("Turn *slowly*:"), knob]),
                   kind="warn", title="Careful"),
        [{"city": "Lyon", "n": i} for i in range(25)],
    ])
    return


@app.cell
def _(mo):
    mo.accordion({"Raw": mo.Html("<p>Hello <b>there</b></p>"
                                 "<script>alert(1)</script>"),
                  "Tree": mo.tree({"a": [1, 2], "b": None}),
                  "JSON": mo.json('{"k": [1, 2]}', label="cfg")})
    return


@app.cell
def _(mo):
    class Animation:
        pass

    mo.vstack([Animation(), mo.iframe("<b>x</b>"),
               mo.plain_text("a   b"), mo.as_html(3.5), "[x] \\[y\\] $z$"])
    return


@app.cell
def _(mo):
    mo.md(
        f"""
        Totals:

        {mo.hstack([mo.stat(1, label="left"), mo.stat(2, label="right")])}

        Done, and not a code block.
        """
    )
    return


@app.cell
def _(mo):
    mo.callout("done", kind="purple")
    return


if __name__ == "__main__":
    app.run()

import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    import os

    return (os,)


@app.cell
def _():
    from pathlib import Path

    return (Path,)


@app.cell
def _():
    import json
    import sys

    return json, sys


@app.cell
def _(os):
    def helper(a):
        return a + os.sep

    return (helper,)


@app.class_definition
class Box:
    size = 1


@app.function
async def fetch():
    return 1


@app.cell
def _():
    import re  # trailing comment on the import

    return (re,)


@app.cell
def _():
    import csv
    # a comment after the import
    return (csv,)


@app.cell
def _(Path):
    def f():
        return Path('.')


    x = f()
    return (x,)


@app.cell
def _(json, sys):
    def g():
        return json.dumps(sys.argv)


    return (g,)


@app.cell
def _(csv, g, helper, re, x):
    print(helper, Box, fetch, re, csv, x, g)
    return


if __name__ == "__main__":
    app.run()

import marimo

__generated_with = "0.22.0"
app = marimo.App()

with app.setup:
    import functools


@app.function()
def f(x):
    return x


@app.function(hide_code=True)
@functools.cache
def g(x):
    return f(x)


@app.class_definition()
class K:
    pass

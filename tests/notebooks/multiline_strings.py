import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    query = """
    SELECT *
      FROM t
    WHERE x = 1
    """
    return (query,)


@app.cell
def _():
    doc = """
        indented like the code
        two lines
    """
    return (doc,)


@app.cell
def _(doc, query):
    mixed = """first
      less indented
            more indented
    """
    print(query, doc, mixed)
    return


@app.function
def f():
    text = '''
not indented at all
'''
    return text


@app.cell
def _():
    fs = f'''
    {f()}
      under
    '''
    return (fs,)


@app.cell
def _(fs):
    print(fs)
    return


if __name__ == "__main__":
    app.run()

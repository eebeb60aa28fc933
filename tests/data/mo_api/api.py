import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    import marimo as mo
    import time
    return mo, time


@app.cell
def _(mo):
    total = 0
    for _i in mo.status.progress_bar(range(30), title="Summing"):
        total += _i
    print("total", total)
    return


@app.cell
def _(mo, time):
    with mo.status.progress_bar(total=4, title="Steps",
                                completion_title="Steps done") as bar:
        for _k in range(4):
            time.sleep(0.03)
            bar.update(subtitle="step %d" % _k)
    print("bar at", bar.current, "of", bar.total)
    return


@app.cell
def _(mo):
    with mo.status.spinner(title="Loading data") as _sp:
        _sp.update(subtitle="almost there")
    with mo.status.spinner(title="Kept spinner", remove_on_exit=False):
        pass
    print("spinner done")
    return


@app.cell
def _(mo):
    calls = []

    @mo.persistent_cache
    def square(x):
        calls.append(x)
        return x * x

    print("square", square(7), square(7), "calls", len(calls),
          "hits", square.hits)
    return


@app.cell
def _(mo):
    with mo.persistent_cache("block"):
        cached = sum(range(100))
        print("block ran")
    print("cached", cached)
    return (cached,)


@app.cell
def _(mo):
    matrix = mo.ui.matrix([[1, 2], [3, 4]], label="M")
    matrix
    return (matrix,)


@app.cell
def _(matrix):
    print("matrix value", matrix.value)
    return


@app.cell
def _(mo):
    chart = mo.ui.plotly(object())
    chat = mo.ui.chat(mo.ai.llm.openai("gpt-4o"))
    print("values", chart.value, chart.points, chat.value,
          mo.ui.altair_chart(object()).value,
          mo.ui.data_explorer([], x="a").value,
          mo.ui.dataframe([1, 2]).value,
          mo.ui.anywidget(object()).value)
    mo.vstack([chart, chat, mo.ui.altair_chart(object()),
               mo.ui.anywidget(object()), mo.ui.dataframe([1]),
               mo.ui.data_explorer([])])
    return


@app.cell
def _(mo, time):
    def work():
        time.sleep(0.05)
        print("from the thread")
        mo.output.append(mo.md("thread output"))
        print("current is me:", mo.current_thread() is thread)

    thread = mo.Thread(target=work)
    thread.start()
    thread.join()
    print("should_exit", thread.should_exit)
    return


if __name__ == "__main__":
    app.run()

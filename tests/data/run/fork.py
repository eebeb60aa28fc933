import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    import os
    pid = os.fork()
    if pid == 0:
        print("child here")
    else:
        os.waitpid(pid, 0)
        print("parent here")
    return


@app.cell
def _():
    print("after fork")
    return


if __name__ == "__main__":
    app.run()

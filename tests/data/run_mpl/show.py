import marimo

app = marimo.App()


@app.cell
def _():
    import matplotlib.pyplot as plt
    plt.plot([1, 2, 3], [1, 4, 9])
    plt.show()
    return (plt,)


@app.cell
def _(plt):
    plt.figure()
    plt.bar(["a", "b"], [3, 5])
    plt.figure()
    plt.scatter([1, 2], [2, 1])
    plt.show()
    print("open figures after show:", len(plt.get_fignums()))
    return


@app.cell
def _():
    import subprocess
    import sys
    _r = subprocess.run(
        [sys.executable, "-c",
         "import matplotlib.pyplot as p; p.plot([1]); print(p.get_backend())"],
        capture_output=True, text=True)
    print("subprocess backend:", _r.stdout.strip() or _r.stderr.strip()[-200:])
    return


if __name__ == "__main__":
    app.run()

import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    import threading, time
    def _spin():
        while True:
            print("tick", flush=True)
            time.sleep(0.05)
    threading.Thread(target=_spin).start()
    return


@app.cell
def _():
    print("main done")
    return


if __name__ == "__main__":
    app.run()

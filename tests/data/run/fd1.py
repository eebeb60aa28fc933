import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    import os, ctypes
    os.write(1, b"raw fd 1\n")
    os.write(2, b"raw fd 2\n")
    ctypes.CDLL(None).puts(b"from C puts")
    return


if __name__ == "__main__":
    app.run()

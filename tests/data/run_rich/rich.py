import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    import marimo as mo
    import struct
    import zlib
    return mo, struct, zlib


@app.cell
def _(mo):
    mo.md("""
    # Quarterly report

    Revenue grew by **12%** in the quarter, see the [dashboard](https://example.com/q3).

    - north region
    - south region

    | region | sales |
    | --- | ---: |
    | north | 1200 |
    | south | 980 |

    Inline math $a^2 + b^2$ stays as written.

    Escape \x1b[31m sequences never reach the terminal.
    """)
    return


@app.cell
def _():
    rows = [{"id": i, "name": "row %d" % i, "score": i * 0.5}
            for i in range(1, 101)]
    rows
    return


@app.cell
def _(struct, zlib):
    # A 40x20 PNG, black on the left half, white on the right, written by
    # hand so the test needs no imaging library.
    def _chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)

    _raw = b"".join(b"\x00" + b"\x00\x00\x00" * 20 + b"\xff\xff\xff" * 20
                    for _ in range(20))
    png = (b"\x89PNG\r\n\x1a\n" +
           _chunk(b"IHDR", struct.pack(">IIBBBBB", 40, 20, 8, 2, 0, 0, 0)) +
           _chunk(b"IDAT", zlib.compress(_raw)) + _chunk(b"IEND", b""))

    class Picture:
        def _repr_png_(self):
            return png

        def __repr__(self):
            return "<half black picture>"

    Picture()
    return


@app.cell
def _():
    class Widget:
        # What a mo.ui element sends: its widget JSON first.
        def _quire_mime_(self):
            return [("application/vnd.quire.widget+json",
                     '{"kind": "slider", "id": "ui-1", "label": "cut-off",'
                     ' "value": 30, "start": 0, "stop": 100, "step": 1,'
                     ' "steps": null}'),
                    ("text/plain", "cut-off: 30")]

    Widget()
    return


@app.cell
def _():
    class Unknown:
        def _quire_mime_(self):
            return [("application/x-custom", "\x00\x01"),
                    ("text/html", "<b>raw</b> <script>x()</script>")]

    Unknown()
    return


if __name__ == "__main__":
    app.run()

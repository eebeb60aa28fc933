marimo.md("a")

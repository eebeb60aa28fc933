title = mo.md("Title")

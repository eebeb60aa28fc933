mo.md("a " "b")

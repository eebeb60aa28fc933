mo.md("a")
mo.md("b")

mo.md(text)

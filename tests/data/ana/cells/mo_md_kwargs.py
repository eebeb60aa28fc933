mo.md("text", extra=1)

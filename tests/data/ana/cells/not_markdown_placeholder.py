mo.md(f"Value: {x}")

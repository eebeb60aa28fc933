mo.md("   ")

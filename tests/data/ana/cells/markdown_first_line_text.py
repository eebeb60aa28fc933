mo.md("""First line
    second line
    third""")

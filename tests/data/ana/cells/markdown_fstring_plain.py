mo.md(f"""
    ## Plain f-string
    """)

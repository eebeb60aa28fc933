mo.md(r"""
    $$ \alpha $$
    """)

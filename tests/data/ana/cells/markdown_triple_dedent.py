mo.md(
    """
    # Title

    Some *text*
      indented more
    """
)

x = 1
    # indented comment, no line break
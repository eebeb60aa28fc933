# heading comment
mo.md("text")  # trailing

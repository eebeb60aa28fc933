mo.md("Hello **world**")

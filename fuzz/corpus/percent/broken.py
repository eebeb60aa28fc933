x = (
# %% not a cell? it is
"""
# %% inside a string

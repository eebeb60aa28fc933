# %% a b=1 c={"d": [1, 2]} .cls tags=["x"] e
# %pip install q \
#   r
y = %time 1
# %%% sub [raw]
# raw
# %% {"tags": ["hide-cell"]}
"""
doc
"""
# %% [md]
"""
# quoted markdown
"""

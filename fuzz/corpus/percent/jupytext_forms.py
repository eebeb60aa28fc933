#!/usr/bin/env python
# A leading comment

import os

# %% load tags=["a", "b"]
x = 1
# %matplotlib inline
# cd ..
# !pip install foo

# %% [markdown] intro
# # Title
#
# Some *text*
#not spaced

# %% Load the data [markdown]
# hello

# %%
s = """
# %% not a marker
"""


# %% marimo={"config": {"hide_code": true}, "name": "foo"}
y = 2

# /// script
# dependencies = ["numpy"]
# ///

# %% setup
import marimo as mo
import numpy as np

# %% [markdown]
# # Title
#
# Some *text* with "quotes" and """triple""".

# %% load marimo={"config": {"disabled": true}}
x = np.arange(3)

# %% marimo={"config": {"hide_code": true}}
y = x + 1


# %%
def f(a):
    return a + y


# %% [markdown] marimo={"md_prefix": ""}
# not hidden

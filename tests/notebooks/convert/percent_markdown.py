# %% [markdown]
# # A percent notebook
#
# With a markdown cell and *emphasis*.

# %%
values = [1, 2, 3]

# %% [markdown]
# Total of the values:

# %%
total = sum(values)
total

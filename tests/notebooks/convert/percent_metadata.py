# %% tags=["hide-cell"]
hidden = 1

# %% tags=["parameters", "keep"]
shown = hidden + 1

# %%
print(shown)

# %% ÿ name="
"""€
# %%
x = (
# %% [markdown]
#Ã
# In[ 3]:
# <codecell>

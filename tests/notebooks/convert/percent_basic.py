# %%
import math

# %%
radius = 2
area = math.pi * radius**2

# %%
print(area)

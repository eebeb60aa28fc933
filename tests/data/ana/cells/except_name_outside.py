try:
    pass
except Exception as err:
    pass
print(err)

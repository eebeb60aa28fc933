value = 3
value  # show it

print("Not a notebook")

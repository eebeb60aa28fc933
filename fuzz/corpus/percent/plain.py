import os
print(1)

if __name__ == "__main__":
    print(2)

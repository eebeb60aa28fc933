# INTENTIONALLY BROKEN!
print("hello world

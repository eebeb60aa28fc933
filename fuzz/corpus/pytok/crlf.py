# CRLF line breaks.
import os

def f(a,
      b):
    s = '''x
y'''
    return a + \
        b  # c

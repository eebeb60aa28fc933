x = '''never closed
\
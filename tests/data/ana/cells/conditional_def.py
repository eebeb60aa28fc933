if flag:
    mode = 'a'
else:
    mode = 'b'

# Bytes tokenize reports as error tokens.
a = b ! c
d = $e ? f
g = `h`
i = 'unterminated
j = "unterminated too
k = rb'prefixed
l = 1 \ 2
m = 'a' 'b
n = 'continued \
but not closed
o = 1

# String forms: prefixes in every case, quotes inside quotes, f-strings.
a = 'single' "double" '''triple''' """triple"""
b = r'\d+' R"\w" b'bytes' B"BYTES" u'u' U"U" f'{a}' F"{b!r}"
c = rb'x' Rb'x' rB'x' RB'x' br'x' Br'x' bR'x' BR'x'
d = fr'{a}\n' Fr'x' fR'x' FR'x' rf'x' Rf'x' rF'x' RF'x'
e = f"{x['key']} and {y["other"] if False else 0}"
g = f"{a:>{width}} {b!s:^10} {{literal}}"
h = f"""multi
line {a} with 'quotes' and "quotes"
"""
i = '''def not_a_function():
    return "not code"
'''
j = "def f(): return 1"
k = 'it\'s' "say \"hi\"" '\\' "\\\\"
l = 'continued \
string'
m = ("implicit"
     'concatenation'
     f"{of} strings")
n = '' "" '''''' """"""
o = ''''quote inside'''
p = ur'not a prefix' if 0 else x'nor this'
q = br'''raw
bytes\'''
'''
r = """ends with escaped quote \""""
s = '''four quotes''''

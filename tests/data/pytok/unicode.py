# Non-ASCII identifiers, strings and comments: café → λ
café = 'été'
λα = [café, "日本語"]  # 日本
été_2024 = f'{λα}'
s = '''é
été'''; t = 1

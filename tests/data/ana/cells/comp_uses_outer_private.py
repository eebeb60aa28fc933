_scale = 2
scaled = [v * _scale for v in vals]

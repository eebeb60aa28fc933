_p: int = 1
q: _Alias = 2

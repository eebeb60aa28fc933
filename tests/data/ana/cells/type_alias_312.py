type Vector = list[float]

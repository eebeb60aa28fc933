x: int = 0
y: list[str]
z: "pl.DataFrame" = load()

a: Literal['x', 'y'] = 'x'
b: dict[str, 'Foo'] = {}
c: Annotated[int, 'say "hi"'] = 1

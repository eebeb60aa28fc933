import marimo

__generated_with = "0.25.2"
app = marimo.App()

with app.setup:
    import functools
    import dataclasses


@app.function
def add(a, b):
    return a + b


@app.function
@functools.cache
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


@app.class_definition
@dataclasses.dataclass
class Point:
    x: float
    y: float


@app.class_definition
@dataclasses.dataclass(frozen=True)
@functools.total_ordering
class Version:
    major: int
    minor: int

    def __lt__(self, other):
        return (self.major, self.minor) < (other.major, other.minor)


@app.function
async def tick(n):
    return n


@app.function
def uses_add(x):
    return add(x, fib(3))


@app.cell
def _():
    p = Point(add(1, 2), 3)
    print(uses_add(1), Version(1, 2), tick)
    return


if __name__ == "__main__":
    app.run()

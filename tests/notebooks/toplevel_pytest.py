import marimo

__generated_with = "0.25.2"
app = marimo.App()

with app.setup:
    import pytest


@app.function
def inc(x):
    return x + 1


@app.function
def test_inc():
    assert inc(3) == 4


@app.function
@pytest.mark.parametrize('x, y', [(1, 2), (2, 3)])
def test_inc_many(x, y):
    assert inc(x) == y


@app.class_definition
class TestGroup:
    def test_one(self):
        assert inc(0) == 1


if __name__ == "__main__":
    app.run()

import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.function
def is_even(n):
    return n == 0 or is_odd(n - 1)


@app.function
def is_odd(n):
    return n != 0 and is_even(n - 1)


@app.class_definition
class Node:
    def children(self):
        return [Leaf()]


@app.class_definition
class Leaf(Node):
    pass


@app.class_definition
class Tree:
    root = Node


@app.cell
def _():
    print(is_even(4), Tree.root, Leaf)
    return


if __name__ == "__main__":
    app.run()




import marimo
__generated_with = "0.15.0"

app = marimo.App()
@app.cell
def _():
    x = 1
    return (x,)
@app.cell
def _(x):



    print(x)

    return




if __name__ == "__main__":
    app.run()




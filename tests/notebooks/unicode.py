import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    café = 'crème brûlée'
    π = 3.14159
    return café, π


@app.cell
def _(café, π):
    print(café, π)
    return


@app.cell
def _():
    漢字 = '中文字符串'
    print(漢字)
    return


@app.cell
def _():
    emoji = '🎉🐍✨'
    flag = '🇩🇪'
    print(emoji, flag)
    return


@app.cell
def _():
    # コメント: 日本語のコメント
    x = '한국어'
    return (x,)


@app.cell
def _(x):
    print(x)  # ¿qué?
    return


@app.cell
def _():
    combining = 'é'
    print(combining)
    return


if __name__ == "__main__":
    app.run()

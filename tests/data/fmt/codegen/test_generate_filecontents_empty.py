import marimo

__generated_with = "0.4.6"
app = marimo.App()





if __name__ == "__main__":
    app.run()

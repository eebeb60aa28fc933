import marimo

app = marimo.App()

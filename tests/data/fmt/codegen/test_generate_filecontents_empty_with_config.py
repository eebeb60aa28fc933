import marimo

__generated_with = "0.4.6"
app = marimo.App(width="full", app_title="test_title", css_file="a\\b.css")





if __name__ == "__main__":
    app.run()

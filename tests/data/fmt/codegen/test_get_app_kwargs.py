import marimo
app = marimo.App(
    app_title="title",
    auto_download="html",
    layout_file="layouts/layout.json",
    invalid_arg=1
)

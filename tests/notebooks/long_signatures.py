import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    first_input_frame = 1
    second_input_frame = 2
    third_input_frame = 3
    fourth_input_frame = 4
    return (
        first_input_frame,
        fourth_input_frame,
        second_input_frame,
        third_input_frame,
    )


@app.cell
def _(
    first_input_frame,
    fourth_input_frame,
    second_input_frame,
    third_input_frame,
):
    combined = first_input_frame + second_input_frame + third_input_frame + fourth_input_frame
    return (combined,)


@app.cell
def _():
    p_aaaaaaaaaaaaaaaa = 1
    p_bbbbbbbbbbbbbbbb = 2
    p_cccccccccccccccc = 3
    p_ddddddddddddddddd = 4
    q_aaaaaaaaaaaaaaaa = 5
    q_bbbbbbbbbbbbbbbb = 6
    q_cccccccccccccccc = 7
    q_dddddddddddddddddd = 8
    return (
        p_aaaaaaaaaaaaaaaa,
        p_bbbbbbbbbbbbbbbb,
        p_cccccccccccccccc,
        p_ddddddddddddddddd,
        q_aaaaaaaaaaaaaaaa,
        q_bbbbbbbbbbbbbbbb,
        q_cccccccccccccccc,
        q_dddddddddddddddddd,
    )


@app.cell
def _(
    p_aaaaaaaaaaaaaaaa,
    p_bbbbbbbbbbbbbbbb,
    p_cccccccccccccccc,
    p_ddddddddddddddddd,
):
    print(p_aaaaaaaaaaaaaaaa, p_bbbbbbbbbbbbbbbb, p_cccccccccccccccc, p_ddddddddddddddddd)
    return


@app.cell
def _(
    q_aaaaaaaaaaaaaaaa,
    q_bbbbbbbbbbbbbbbb,
    q_cccccccccccccccc,
    q_dddddddddddddddddd,
):
    print(q_aaaaaaaaaaaaaaaa, q_bbbbbbbbbbbbbbbb, q_cccccccccccccccc, q_dddddddddddddddddd)
    return


@app.cell
def a_named_cell_with_a_signature_that_is_long(combined):
    print(combined)
    return


if __name__ == "__main__":
    app.run()

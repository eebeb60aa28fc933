import marimo

__generated_with = "0.24.0"
app = marimo.App()


@app.cell
def _():
    import marimo as mo
    import math

    return math, mo


@app.cell
def _():
    v1 = 0
    return (v1,)


@app.cell
def _(math, v1):
    v2 = sum(math.sqrt(x) for x in range(2)) + v1
    return (v2,)


@app.cell
def _(v2):
    def f3(x):
        return x + v2

    v3 = f3(1)
    return (v3,)


@app.cell
def _(v3):
    v4 = v3 + 1
    return (v4,)


@app.cell
def _(v4):
    _t = 5
    v5 = v4 * _t
    return (v5,)


@app.cell
def _(math, v5):
    v6 = sum(math.sqrt(x) for x in range(6)) + v5
    return (v6,)


@app.cell
def _(v6):
    def f7(x):
        return x + v6

    v7 = f7(1)
    return (v7,)


@app.cell
def _(v3):
    v8 = v3 + 1
    return (v8,)


@app.cell
def _(v8):
    _t = 9
    v9 = v8 * _t
    return (v9,)


@app.cell
def _(math, v9):
    v10 = sum(math.sqrt(x) for x in range(10)) + v9
    return (v10,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 10
    """)
    return


@app.cell
def _(v10):
    def f11(x):
        return x + v10

    v11 = f11(1)
    return (v11,)


@app.cell
def _(v11):
    v12 = v11 + 1
    return (v12,)


@app.cell
def _(v12):
    _t = 13
    v13 = v12 * _t
    return


@app.cell
def _(math, v3):
    v14 = sum(math.sqrt(x) for x in range(14)) + v3
    return (v14,)


@app.cell
def _(v10):
    def f15(x):
        return x + v10

    v15 = f15(1)
    return (v15,)


@app.cell
def _(v15):
    v16 = v15 + 1
    return (v16,)


@app.cell
def _(v16):
    _t = 17
    v17 = v16 * _t
    return


@app.cell
def _(math, v15):
    v18 = sum(math.sqrt(x) for x in range(1)) + v15
    return (v18,)


@app.cell
def _(v18):
    def f19(x):
        return x + v18

    v19 = f19(1)
    return


@app.cell
def _(v16):
    v20 = v16 + 1
    return (v20,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 20
    """)
    return


@app.cell
def _(v20):
    _t = 21
    v21 = v20 * _t
    return


@app.cell
def _(math, v3):
    v22 = sum(math.sqrt(x) for x in range(5)) + v3
    return (v22,)


@app.cell
def _(v22):
    def f23(x):
        return x + v22

    v23 = f23(1)
    return (v23,)


@app.cell
def _(v8):
    v24 = v8 + 1
    return (v24,)


@app.cell
def _(v24):
    _t = 25
    v25 = v24 * _t
    return


@app.cell
def _(math, v20):
    v26 = sum(math.sqrt(x) for x in range(9)) + v20
    return


@app.cell
def _(v16):
    def f27(x):
        return x + v16

    v27 = f27(1)
    return


@app.cell
def _(v9):
    v28 = v9 + 1
    return


@app.cell
def _(v24):
    _t = 29
    v29 = v24 * _t
    return


@app.cell
def _(math, v3):
    v30 = sum(math.sqrt(x) for x in range(13)) + v3
    return (v30,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 30
    """)
    return


@app.cell
def _(v30):
    def f31(x):
        return x + v30

    v31 = f31(1)
    return (v31,)


@app.cell
def _(v15):
    v32 = v15 + 1
    return (v32,)


@app.cell
def _(v16):
    _t = 33
    v33 = v16 * _t
    return (v33,)


@app.cell
def _(math, v33):
    v34 = sum(math.sqrt(x) for x in range(0)) + v33
    return


@app.cell
def _(v32):
    def f35(x):
        return x + v32

    v35 = f35(1)
    return (v35,)


@app.cell
def _(v10):
    v36 = v10 + 1
    return (v36,)


@app.cell
def c37(v36):
    _t = 37
    v37 = v36 * _t
    return


@app.cell
def _(math, v2):
    v38 = sum(math.sqrt(x) for x in range(4)) + v2
    return


@app.cell
def _(v16):
    def f39(x):
        return x + v16

    v39 = f39(1)
    return (v39,)


@app.cell
def _(v3):
    v40 = v3 + 1
    return (v40,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 40
    """)
    return


@app.cell
def _(v40):
    _t = 41
    v41 = v40 * _t
    return


@app.cell
def _(math, v7):
    v42 = sum(math.sqrt(x) for x in range(8)) + v7
    return (v42,)


@app.cell
def _(v24):
    def f43(x):
        return x + v24

    v43 = f43(1)
    return


@app.cell
def _(v8):
    v44 = v8 + 1
    return (v44,)


@app.cell
def _(v44):
    _t = 45
    v45 = v44 * _t
    return (v45,)


@app.cell
def _(math, v45):
    v46 = sum(math.sqrt(x) for x in range(12)) + v45
    return (v46,)


@app.cell
def _(v8):
    def f47(x):
        return x + v8

    v47 = f47(1)
    return


@app.cell
def _(v24):
    v48 = v24 + 1
    return (v48,)


@app.cell
def _(v48):
    _t = 49
    v49 = v48 * _t
    return


@app.cell
def _(math, v31):
    v50 = sum(math.sqrt(x) for x in range(16)) + v31
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 50
    """)
    return


@app.cell
def _(v20):
    def f51(x):
        return x + v20

    v51 = f51(1)
    return (v51,)


@app.cell
def _(v15):
    v52 = v15 + 1
    return


@app.cell(disabled=True)
def _(v16):
    _t = 53
    v53 = v16 * _t
    return


@app.cell
def _(math, v23):
    v54 = sum(math.sqrt(x) for x in range(3)) + v23
    return (v54,)


@app.cell
def _(v36):
    def f55(x):
        return x + v36

    v55 = f55(1)
    return (v55,)


@app.cell
def _(v55):
    v56 = v55 + 1
    return


@app.cell
def _(v24):
    _t = 57
    v57 = v24 * _t
    return


@app.cell
def _(math, v54):
    v58 = sum(math.sqrt(x) for x in range(7)) + v54
    return


@app.cell
def _(v32):
    def f59(x):
        return x + v32

    v59 = f59(1)
    return


@app.cell
def _(v14):
    v60 = v14 + 1
    return (v60,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 60
    """)
    return


@app.cell
def _(v60):
    _t = 61
    v61 = v60 * _t
    return


@app.cell
def _(math, v51):
    v62 = sum(math.sqrt(x) for x in range(11)) + v51
    return


@app.cell
def _(v46):
    def f63(x):
        return x + v46

    v63 = f63(1)
    return (v63,)


@app.cell
def _(v45):
    v64 = v45 + 1
    return


@app.cell
def _(v48):
    _t = 65
    v65 = v48 * _t
    return


@app.cell
def _(math, v55):
    v66 = sum(math.sqrt(x) for x in range(15)) + v55
    return (v66,)


@app.cell
def _(v66):
    def f67(x):
        return x + v66

    v67 = f67(1)
    return


@app.cell
def _(v14):
    v68 = v14 + 1
    return


@app.cell
def _(v32):
    _t = 69
    v69 = v32 * _t
    return


@app.cell
def _(math, v54):
    v70 = sum(math.sqrt(x) for x in range(2)) + v54
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 70
    """)
    return


@app.cell
def _(v10):
    def f71(x):
        return x + v10

    v71 = f71(1)
    return


@app.cell
def _(v39):
    v72 = v39 + 1
    return (v72,)


@app.cell
def _(v72):
    _t = 73
    v73 = v72 * _t
    return


@app.cell
def c74(math, v36):
    v74 = sum(math.sqrt(x) for x in range(6)) + v36
    return


@app.cell
def _(v2):
    def f75(x):
        return x + v2

    v75 = f75(1)
    return


@app.cell
def _(v45):
    v76 = v45 + 1
    return


@app.cell
def _(v16):
    _t = 77
    v77 = v16 * _t
    return


@app.cell
def _(math, v66):
    v78 = sum(math.sqrt(x) for x in range(10)) + v66
    return


@app.cell
def _(v42):
    def f79(x):
        return x + v42

    v79 = f79(1)
    return


@app.cell
def _(v20):
    v80 = v20 + 1
    return (v80,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 80
    """)
    return


@app.cell
def _(v80):
    _t = 81
    v81 = v80 * _t
    return


@app.cell
def _(math, v63):
    v82 = sum(math.sqrt(x) for x in range(14)) + v63
    return


@app.cell
def _(v48):
    def f83(x):
        return x + v48

    v83 = f83(1)
    return


@app.cell
def _(v35):
    v84 = v35 + 1
    return


@app.cell
def _(v24):
    _t = 85
    v85 = v24 * _t
    return


@app.cell
def _(math, v15):
    v86 = sum(math.sqrt(x) for x in range(1)) + v15
    return


@app.cell
def _(v8):
    def f87(x):
        return x + v8

    v87 = f87(1)
    return


@app.cell
def _(v3):
    v88 = v3 + 1
    return (v88,)


@app.cell
def _(v88):
    _t = 89
    v89 = v88 * _t
    return


@app.cell
def _(math, v88):
    v90 = sum(math.sqrt(x) for x in range(5)) + v88
    return (v90,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 90
    """)
    return


@app.cell
def _(v90):
    def f91(x):
        return x + v90

    v91 = f91(1)
    return


@app.cell
def _(v3):
    v92 = v3 + 1
    return


@app.cell
def _(v8):
    _t = 93
    v93 = v8 * _t
    return


@app.cell
def _(math, v15):
    v94 = sum(math.sqrt(x) for x in range(9)) + v15
    return


@app.cell
def _(v24):
    def f95(x):
        return x + v24

    v95 = f95(1)
    return


@app.cell
def _(v35):
    v96 = v35 + 1
    return


@app.cell
def _(v48):
    _t = 97
    v97 = v48 * _t
    return


@app.cell
def _(math, v63):
    v98 = sum(math.sqrt(x) for x in range(13)) + v63
    return


@app.cell
def _(v80):
    def f99(x):
        return x + v80

    v99 = f99(1)
    return


if __name__ == "__main__":
    app.run()

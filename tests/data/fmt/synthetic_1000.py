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
    return (v27,)


@app.cell
def _(v9):
    v28 = v9 + 1
    return


@app.cell
def _(v24):
    _t = 29
    v29 = v24 * _t
    return (v29,)


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
    return (v38,)


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
    return (v49,)


@app.cell
def _(math, v31):
    v50 = sum(math.sqrt(x) for x in range(16)) + v31
    return (v50,)


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
    return (v52,)


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
    return (v56,)


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
    return (v61,)


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
    return (v64,)


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
    return (v68,)


@app.cell
def _(v32):
    _t = 69
    v69 = v32 * _t
    return


@app.cell
def _(math, v54):
    v70 = sum(math.sqrt(x) for x in range(2)) + v54
    return (v70,)


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
    return (v71,)


@app.cell
def _(v39):
    v72 = v39 + 1
    return (v72,)


@app.cell
def _(v72):
    _t = 73
    v73 = v72 * _t
    return (v73,)


@app.cell
def c74(math, v36):
    v74 = sum(math.sqrt(x) for x in range(6)) + v36
    return


@app.cell
def _(v2):
    def f75(x):
        return x + v2

    v75 = f75(1)
    return (v75,)


@app.cell
def _(v45):
    v76 = v45 + 1
    return (v76,)


@app.cell
def _(v16):
    _t = 77
    v77 = v16 * _t
    return (v77,)


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
    return (v81,)


@app.cell
def _(math, v63):
    v82 = sum(math.sqrt(x) for x in range(14)) + v63
    return


@app.cell
def _(v48):
    def f83(x):
        return x + v48

    v83 = f83(1)
    return (v83,)


@app.cell
def _(v35):
    v84 = v35 + 1
    return (v84,)


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
    return (v87,)


@app.cell
def _(v3):
    v88 = v3 + 1
    return (v88,)


@app.cell
def _(v88):
    _t = 89
    v89 = v88 * _t
    return (v89,)


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
    return (v92,)


@app.cell
def _(v8):
    _t = 93
    v93 = v8 * _t
    return


@app.cell
def _(math, v15):
    v94 = sum(math.sqrt(x) for x in range(9)) + v15
    return (v94,)


@app.cell
def _(v24):
    def f95(x):
        return x + v24

    v95 = f95(1)
    return (v95,)


@app.cell
def _(v35):
    v96 = v35 + 1
    return (v96,)


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
    return (v99,)


@app.cell
def _(v99):
    v100 = v99 + 1
    return (v100,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 100
    """)
    return


@app.cell
def _(v20):
    _t = 101
    v101 = v20 * _t
    return


app._unparsable_cell(
    r"""
    x = (
    """,
    name="broken101"
)


@app.cell
def _(math, v42):
    v102 = sum(math.sqrt(x) for x in range(0)) + v42
    return


@app.cell
def _(v66):
    def f103(x):
        return x + v66

    v103 = f103(1)
    return


@app.cell
def _(v92):
    v104 = v92 + 1
    return (v104,)


@app.cell
def _(v16):
    _t = 105
    v105 = v16 * _t
    return (v105,)


@app.cell(disabled=True)
def _(math, v45):
    v106 = sum(math.sqrt(x) for x in range(4)) + v45
    return


@app.cell
def _(v76):
    def f107(x):
        return x + v76

    v107 = f107(1)
    return (v107,)


@app.cell
def _(v2):
    v108 = v2 + 1
    return (v108,)


@app.cell
def _(v36):
    _t = 109
    v109 = v36 * _t
    return


@app.cell
def _(math, v72):
    v110 = sum(math.sqrt(x) for x in range(8)) + v72
    return (v110,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 110
    """)
    return


@app.cell
def c111(v110):
    def f111(x):
        return x + v110

    v111 = f111(1)
    return (v111,)


@app.cell
def _(v39):
    v112 = v39 + 1
    return (v112,)


@app.cell
def _(v80):
    _t = 113
    v113 = v80 * _t
    return (v113,)


@app.cell
def _(math, v10):
    v114 = sum(math.sqrt(x) for x in range(12)) + v10
    return


@app.cell
def _(v54):
    def f115(x):
        return x + v54

    v115 = f115(1)
    return (v115,)


@app.cell
def _(v100):
    v116 = v100 + 1
    return


@app.cell
def _(v32):
    _t = 117
    v117 = v32 * _t
    return (v117,)


@app.cell
def _(math, v81):
    v118 = sum(math.sqrt(x) for x in range(16)) + v81
    return (v118,)


@app.cell
def _(v14):
    def f119(x):
        return x + v14

    v119 = f119(1)
    return (v119,)


@app.cell
def _(v66):
    v120 = v66 + 1
    return (v120,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 120
    """)
    return


@app.cell
def _(v120):
    _t = 121
    v121 = v120 * _t
    return (v121,)


@app.cell
def _(math, v55):
    v122 = sum(math.sqrt(x) for x in range(3)) + v55
    return (v122,)


@app.cell
def _(v112):
    def f123(x):
        return x + v112

    v123 = f123(1)
    return (v123,)


@app.cell
def _(v48):
    v124 = v48 + 1
    return


@app.cell
def _(v108):
    _t = 125
    v125 = v108 * _t
    return


@app.cell
def _(math, v45):
    v126 = sum(math.sqrt(x) for x in range(7)) + v45
    return (v126,)


@app.cell
def _(v108):
    def f127(x):
        return x + v108

    v127 = f127(1)
    return


@app.cell
def _(v46):
    v128 = v46 + 1
    return (v128,)


@app.cell
def _(v112):
    _t = 129
    v129 = v112 * _t
    return (v129,)


@app.cell
def _(math, v51):
    v130 = sum(math.sqrt(x) for x in range(11)) + v51
    return (v130,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 130
    """)
    return


@app.cell
def _(v120):
    def f131(x):
        return x + v120

    v131 = f131(1)
    return


@app.cell
def _(v60):
    v132 = v60 + 1
    return (v132,)


@app.cell
def _(v132):
    _t = 133
    v133 = v132 * _t
    return (v133,)


@app.cell
def _(math, v73):
    v134 = sum(math.sqrt(x) for x in range(15)) + v73
    return (v134,)


@app.cell
def _(v14):
    def f135(x):
        return x + v14

    v135 = f135(1)
    return (v135,)


@app.cell
def _(v90):
    v136 = v90 + 1
    return (v136,)


@app.cell
def _(v32):
    _t = 137
    v137 = v32 * _t
    return (v137,)


@app.cell
def _(math, v111):
    v138 = sum(math.sqrt(x) for x in range(2)) + v111
    return


@app.cell
def _(v54):
    def f139(x):
        return x + v54

    v139 = f139(1)
    return (v139,)


@app.cell
def _(v136):
    v140 = v136 + 1
    return (v140,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 140
    """)
    return


@app.cell
def _(v80):
    _t = 141
    v141 = v80 * _t
    return


@app.cell
def _(math, v24):
    v142 = sum(math.sqrt(x) for x in range(6)) + v24
    return


@app.cell
def _(v110):
    def f143(x):
        return x + v110

    v143 = f143(1)
    return (v143,)


@app.cell
def _(v55):
    v144 = v55 + 1
    return (v144,)


@app.cell
def _(v144):
    _t = 145
    v145 = v144 * _t
    return (v145,)


@app.cell
def _(math, v90):
    v146 = sum(math.sqrt(x) for x in range(10)) + v90
    return (v146,)


@app.cell
def _(v36):
    def f147(x):
        return x + v36

    v147 = f147(1)
    return


@app.cell
def c148(v129):
    v148 = v129 + 1
    return (v148,)


@app.cell
def _(v76):
    _t = 149
    v149 = v76 * _t
    return (v149,)


@app.cell
def _(math, v23):
    v150 = sum(math.sqrt(x) for x in range(14)) + v23
    return (v150,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 150
    """)
    return


@app.cell
def _(v120):
    def f151(x):
        return x + v120

    v151 = f151(1)
    return (v151,)


@app.cell
def _(v68):
    v152 = v68 + 1
    return (v152,)


@app.cell
def _(v16):
    _t = 153
    v153 = v16 * _t
    return (v153,)


@app.cell
def _(math, v117):
    v154 = sum(math.sqrt(x) for x in range(1)) + v117
    return (v154,)


@app.cell
def _(v66):
    def f155(x):
        return x + v66

    v155 = f155(1)
    return


@app.cell
def _(v15):
    v156 = v15 + 1
    return (v156,)


@app.cell
def _(v120):
    _t = 157
    v157 = v120 * _t
    return


@app.cell
def _(math, v70):
    v158 = sum(math.sqrt(x) for x in range(5)) + v70
    return


@app.cell(disabled=True)
def _(v20):
    def f159(x):
        return x + v20

    v159 = f159(1)
    return (v159,)


@app.cell
def _(v129):
    v160 = v129 + 1
    return (v160,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 160
    """)
    return


@app.cell
def _(v80):
    _t = 161
    v161 = v80 * _t
    return


@app.cell
def _(math, v31):
    v162 = sum(math.sqrt(x) for x in range(9)) + v31
    return (v162,)


@app.cell
def _(v144):
    def f163(x):
        return x + v144

    v163 = f163(1)
    return


@app.cell
def _(v96):
    v164 = v96 + 1
    return (v164,)


@app.cell
def _(v48):
    _t = 165
    v165 = v48 * _t
    return (v165,)


@app.cell
def _(math, v165):
    v166 = sum(math.sqrt(x) for x in range(13)) + v165
    return


@app.cell
def _(v118):
    def f167(x):
        return x + v118

    v167 = f167(1)
    return


@app.cell
def _(v71):
    v168 = v71 + 1
    return (v168,)


@app.cell
def _(v24):
    _t = 169
    v169 = v24 * _t
    return (v169,)


@app.cell
def _(math, v146):
    v170 = sum(math.sqrt(x) for x in range(0)) + v146
    return (v170,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 170
    """)
    return


@app.cell
def _(v100):
    def f171(x):
        return x + v100

    v171 = f171(1)
    return (v171,)


@app.cell
def _(v54):
    v172 = v54 + 1
    return (v172,)


@app.cell
def _(v8):
    _t = 173
    v173 = v8 * _t
    return


@app.cell
def _(math, v135):
    v174 = sum(math.sqrt(x) for x in range(4)) + v135
    return


@app.cell
def _(v90):
    def f175(x):
        return x + v90

    v175 = f175(1)
    return


@app.cell
def _(v45):
    v176 = v45 + 1
    return (v176,)


@app.cell
def _(v176):
    _t = 177
    v177 = v176 * _t
    return (v177,)


@app.cell
def _(math, v132):
    v178 = sum(math.sqrt(x) for x in range(8)) + v132
    return (v178,)


@app.cell
def _(v88):
    def f179(x):
        return x + v88

    v179 = f179(1)
    return


@app.cell
def _(v44):
    v180 = v44 + 1
    return (v180,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 180
    """)
    return


@app.cell
def _(v180):
    _t = 181
    v181 = v180 * _t
    return


@app.cell
def _(math, v137):
    v182 = sum(math.sqrt(x) for x in range(12)) + v137
    return


@app.cell
def _(v94):
    def f183(x):
        return x + v94

    v183 = f183(1)
    return


@app.cell
def _(v51):
    v184 = v51 + 1
    return (v184,)


@app.cell
def c185(v8):
    _t = 185
    v185 = v8 * _t
    return (v185,)


@app.cell
def _(math, v150):
    v186 = sum(math.sqrt(x) for x in range(16)) + v150
    return


@app.cell
def _(v108):
    def f187(x):
        return x + v108

    v187 = f187(1)
    return (v187,)


@app.cell
def _(v66):
    v188 = v66 + 1
    return


@app.cell
def _(v24):
    _t = 189
    v189 = v24 * _t
    return (v189,)


@app.cell
def _(math, v171):
    v190 = sum(math.sqrt(x) for x in range(3)) + v171
    return (v190,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 190
    """)
    return


@app.cell
def _(v130):
    def f191(x):
        return x + v130

    v191 = f191(1)
    return


@app.cell
def _(v89):
    v192 = v89 + 1
    return (v192,)


@app.cell
def _(v48):
    _t = 193
    v193 = v48 * _t
    return


@app.cell
def _(math, v7):
    v194 = sum(math.sqrt(x) for x in range(7)) + v7
    return


@app.cell
def _(v160):
    def f195(x):
        return x + v160

    v195 = f195(1)
    return (v195,)


@app.cell
def _(v120):
    v196 = v120 + 1
    return


@app.cell
def _(v80):
    _t = 197
    v197 = v80 * _t
    return


@app.cell
def _(math, v40):
    v198 = sum(math.sqrt(x) for x in range(11)) + v40
    return (v198,)


@app.cell
def _(v198):
    def f199(x):
        return x + v198

    v199 = f199(1)
    return


@app.cell
def _(v159):
    v200 = v159 + 1
    return (v200,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 200
    """)
    return


@app.cell
def _(v120):
    _t = 201
    v201 = v120 * _t
    return (v201,)


@app.cell
def _(math, v81):
    v202 = sum(math.sqrt(x) for x in range(15)) + v81
    return (v202,)


app._unparsable_cell(
    r"""
    x = (
    """,
    name="broken202"
)


@app.cell
def _(v42):
    def f203(x):
        return x + v42

    v203 = f203(1)
    return


@app.cell
def _(v3):
    v204 = v3 + 1
    return (v204,)


@app.cell
def _(v168):
    _t = 205
    v205 = v168 * _t
    return


@app.cell
def _(math, v130):
    v206 = sum(math.sqrt(x) for x in range(2)) + v130
    return (v206,)


@app.cell
def _(v92):
    def f207(x):
        return x + v92

    v207 = f207(1)
    return (v207,)


@app.cell
def _(v54):
    v208 = v54 + 1
    return (v208,)


@app.cell
def _(v16):
    _t = 209
    v209 = v16 * _t
    return (v209,)


@app.cell
def _(math, v187):
    v210 = sum(math.sqrt(x) for x in range(6)) + v187
    return (v210,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 210
    """)
    return


@app.cell
def _(v150):
    def f211(x):
        return x + v150

    v211 = f211(1)
    return (v211,)


@app.cell(disabled=True)
def _(v113):
    v212 = v113 + 1
    return


@app.cell
def _(v76):
    _t = 213
    v213 = v76 * _t
    return (v213,)


@app.cell
def _(math, v39):
    v214 = sum(math.sqrt(x) for x in range(10)) + v39
    return


@app.cell
def _(v2):
    def f215(x):
        return x + v2

    v215 = f215(1)
    return (v215,)


@app.cell
def _(v180):
    v216 = v180 + 1
    return (v216,)


@app.cell
def _(v144):
    _t = 217
    v217 = v144 * _t
    return


@app.cell
def _(math, v108):
    v218 = sum(math.sqrt(x) for x in range(14)) + v108
    return


@app.cell
def _(v72):
    def f219(x):
        return x + v72

    v219 = f219(1)
    return (v219,)


@app.cell
def _(v36):
    v220 = v36 + 1
    return (v220,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 220
    """)
    return


@app.cell
def _(v220):
    _t = 221
    v221 = v220 * _t
    return


@app.cell
def c222(math, v185):
    v222 = sum(math.sqrt(x) for x in range(1)) + v185
    return


@app.cell
def _(v150):
    def f223(x):
        return x + v150

    v223 = f223(1)
    return


@app.cell
def _(v115):
    v224 = v115 + 1
    return (v224,)


@app.cell
def _(v80):
    _t = 225
    v225 = v80 * _t
    return (v225,)


@app.cell
def _(math, v45):
    v226 = sum(math.sqrt(x) for x in range(5)) + v45
    return


@app.cell
def _(v10):
    def f227(x):
        return x + v10

    v227 = f227(1)
    return


@app.cell
def _(v202):
    v228 = v202 + 1
    return (v228,)


@app.cell
def _(v168):
    _t = 229
    v229 = v168 * _t
    return


@app.cell
def _(math, v134):
    v230 = sum(math.sqrt(x) for x in range(9)) + v134
    return (v230,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 230
    """)
    return


@app.cell
def _(v100):
    def f231(x):
        return x + v100

    v231 = f231(1)
    return (v231,)


@app.cell
def _(v66):
    v232 = v66 + 1
    return (v232,)


@app.cell
def _(v32):
    _t = 233
    v233 = v32 * _t
    return


@app.cell
def _(math, v231):
    v234 = sum(math.sqrt(x) for x in range(13)) + v231
    return (v234,)


@app.cell
def _(v198):
    def f235(x):
        return x + v198

    v235 = f235(1)
    return (v235,)


@app.cell
def _(v165):
    v236 = v165 + 1
    return (v236,)


@app.cell
def _(v132):
    _t = 237
    v237 = v132 * _t
    return (v237,)


@app.cell
def _(math, v99):
    v238 = sum(math.sqrt(x) for x in range(0)) + v99
    return (v238,)


@app.cell
def _(v66):
    def f239(x):
        return x + v66

    v239 = f239(1)
    return


@app.cell
def _(v33):
    v240 = v33 + 1
    return (v240,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 240
    """)
    return


@app.cell
def _(v240):
    _t = 241
    v241 = v240 * _t
    return


@app.cell
def _(math, v208):
    v242 = sum(math.sqrt(x) for x in range(4)) + v208
    return (v242,)


@app.cell
def _(v176):
    def f243(x):
        return x + v176

    v243 = f243(1)
    return (v243,)


@app.cell
def _(v144):
    v244 = v144 + 1
    return (v244,)


@app.cell
def _(v112):
    _t = 245
    v245 = v112 * _t
    return (v245,)


@app.cell
def _(math, v80):
    v246 = sum(math.sqrt(x) for x in range(8)) + v80
    return


@app.cell
def _(v48):
    def f247(x):
        return x + v48

    v247 = f247(1)
    return


@app.cell
def _(v16):
    v248 = v16 + 1
    return (v248,)


@app.cell
def _(v232):
    _t = 249
    v249 = v232 * _t
    return


@app.cell
def _(math, v201):
    v250 = sum(math.sqrt(x) for x in range(12)) + v201
    return (v250,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 250
    """)
    return


@app.cell
def _(v170):
    def f251(x):
        return x + v170

    v251 = f251(1)
    return


@app.cell
def _(v139):
    v252 = v139 + 1
    return (v252,)


@app.cell
def _(v108):
    _t = 253
    v253 = v108 * _t
    return (v253,)


@app.cell
def _(math, v77):
    v254 = sum(math.sqrt(x) for x in range(16)) + v77
    return


@app.cell
def _(v46):
    def f255(x):
        return x + v46

    v255 = f255(1)
    return (v255,)


@app.cell
def _(v15):
    v256 = v15 + 1
    return (v256,)


@app.cell
def _(v240):
    _t = 257
    v257 = v240 * _t
    return


@app.cell
def _(math, v210):
    v258 = sum(math.sqrt(x) for x in range(3)) + v210
    return


@app.cell
def c259(v180):
    def f259(x):
        return x + v180

    v259 = f259(1)
    return


@app.cell
def _(v150):
    v260 = v150 + 1
    return (v260,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 260
    """)
    return


@app.cell
def _(v120):
    _t = 261
    v261 = v120 * _t
    return (v261,)


@app.cell
def _(math, v90):
    v262 = sum(math.sqrt(x) for x in range(7)) + v90
    return (v262,)


@app.cell
def _(v60):
    def f263(x):
        return x + v60

    v263 = f263(1)
    return (v263,)


@app.cell
def _(v30):
    v264 = v30 + 1
    return (v264,)


@app.cell(disabled=True)
def _(v264):
    _t = 265
    v265 = v264 * _t
    return


@app.cell
def _(math, v235):
    v266 = sum(math.sqrt(x) for x in range(11)) + v235
    return


@app.cell
def _(v206):
    def f267(x):
        return x + v206

    v267 = f267(1)
    return


@app.cell
def _(v177):
    v268 = v177 + 1
    return


@app.cell
def _(v148):
    _t = 269
    v269 = v148 * _t
    return


@app.cell
def _(math, v119):
    v270 = sum(math.sqrt(x) for x in range(15)) + v119
    return (v270,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 270
    """)
    return


@app.cell
def _(v90):
    def f271(x):
        return x + v90

    v271 = f271(1)
    return


@app.cell
def _(v61):
    v272 = v61 + 1
    return (v272,)


@app.cell
def _(v32):
    _t = 273
    v273 = v32 * _t
    return


@app.cell
def _(math, v3):
    v274 = sum(math.sqrt(x) for x in range(2)) + v3
    return


@app.cell
def _(v248):
    def f275(x):
        return x + v248

    v275 = f275(1)
    return (v275,)


@app.cell
def _(v220):
    v276 = v220 + 1
    return (v276,)


@app.cell
def _(v192):
    _t = 277
    v277 = v192 * _t
    return


@app.cell
def _(math, v164):
    v278 = sum(math.sqrt(x) for x in range(6)) + v164
    return


@app.cell
def _(v136):
    def f279(x):
        return x + v136

    v279 = f279(1)
    return (v279,)


@app.cell
def _(v108):
    v280 = v108 + 1
    return (v280,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 280
    """)
    return


@app.cell
def _(v80):
    _t = 281
    v281 = v80 * _t
    return


@app.cell
def _(math, v52):
    v282 = sum(math.sqrt(x) for x in range(10)) + v52
    return (v282,)


@app.cell
def _(v24):
    def f283(x):
        return x + v24

    v283 = f283(1)
    return


@app.cell
def _(v279):
    v284 = v279 + 1
    return (v284,)


@app.cell
def _(v252):
    _t = 285
    v285 = v252 * _t
    return (v285,)


@app.cell
def _(math, v225):
    v286 = sum(math.sqrt(x) for x in range(14)) + v225
    return (v286,)


@app.cell
def _(v198):
    def f287(x):
        return x + v198

    v287 = f287(1)
    return (v287,)


@app.cell
def _(v171):
    v288 = v171 + 1
    return (v288,)


@app.cell
def _(v144):
    _t = 289
    v289 = v144 * _t
    return (v289,)


@app.cell
def _(math, v117):
    v290 = sum(math.sqrt(x) for x in range(1)) + v117
    return (v290,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 290
    """)
    return


@app.cell
def _(v90):
    def f291(x):
        return x + v90

    v291 = f291(1)
    return


@app.cell
def _(v63):
    v292 = v63 + 1
    return


@app.cell
def _(v36):
    _t = 293
    v293 = v36 * _t
    return


@app.cell
def _(math, v9):
    v294 = sum(math.sqrt(x) for x in range(5)) + v9
    return


@app.cell
def _(v276):
    def f295(x):
        return x + v276

    v295 = f295(1)
    return (v295,)


@app.cell
def c296(v250):
    v296 = v250 + 1
    return (v296,)


@app.cell
def _(v224):
    _t = 297
    v297 = v224 * _t
    return (v297,)


@app.cell
def _(math, v198):
    v298 = sum(math.sqrt(x) for x in range(9)) + v198
    return


@app.cell
def _(v172):
    def f299(x):
        return x + v172

    v299 = f299(1)
    return


@app.cell
def _(v146):
    v300 = v146 + 1
    return (v300,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 300
    """)
    return


@app.cell
def _(v120):
    _t = 301
    v301 = v120 * _t
    return (v301,)


@app.cell
def _(math, v94):
    v302 = sum(math.sqrt(x) for x in range(13)) + v94
    return (v302,)


@app.cell
def _(v68):
    def f303(x):
        return x + v68

    v303 = f303(1)
    return


app._unparsable_cell(
    r"""
    x = (
    """,
    name="broken303"
)


@app.cell
def _(v42):
    v304 = v42 + 1
    return (v304,)


@app.cell
def _(v16):
    _t = 305
    v305 = v16 * _t
    return


@app.cell
def _(math, v295):
    v306 = sum(math.sqrt(x) for x in range(0)) + v295
    return (v306,)


@app.cell
def _(v270):
    def f307(x):
        return x + v270

    v307 = f307(1)
    return (v307,)


@app.cell
def _(v245):
    v308 = v245 + 1
    return (v308,)


@app.cell
def _(v220):
    _t = 309
    v309 = v220 * _t
    return


@app.cell
def _(math, v195):
    v310 = sum(math.sqrt(x) for x in range(4)) + v195
    return (v310,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 310
    """)
    return


@app.cell
def _(v170):
    def f311(x):
        return x + v170

    v311 = f311(1)
    return


@app.cell
def _(v145):
    v312 = v145 + 1
    return (v312,)


@app.cell
def _(v120):
    _t = 313
    v313 = v120 * _t
    return


@app.cell
def _(math, v95):
    v314 = sum(math.sqrt(x) for x in range(8)) + v95
    return


@app.cell
def _(v70):
    def f315(x):
        return x + v70

    v315 = f315(1)
    return (v315,)


@app.cell
def _(v45):
    v316 = v45 + 1
    return


@app.cell
def _(v20):
    _t = 317
    v317 = v20 * _t
    return


@app.cell(disabled=True)
def _(math, v312):
    v318 = sum(math.sqrt(x) for x in range(12)) + v312
    return (v318,)


@app.cell
def _(v288):
    def f319(x):
        return x + v288

    v319 = f319(1)
    return (v319,)


@app.cell
def _(v264):
    v320 = v264 + 1
    return (v320,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 320
    """)
    return


@app.cell
def _(v240):
    _t = 321
    v321 = v240 * _t
    return (v321,)


@app.cell
def _(math, v216):
    v322 = sum(math.sqrt(x) for x in range(16)) + v216
    return


@app.cell
def _(v192):
    def f323(x):
        return x + v192

    v323 = f323(1)
    return


@app.cell
def _(v168):
    v324 = v168 + 1
    return (v324,)


@app.cell
def _(v144):
    _t = 325
    v325 = v144 * _t
    return


@app.cell
def _(math, v120):
    v326 = sum(math.sqrt(x) for x in range(3)) + v120
    return


@app.cell
def _(v96):
    def f327(x):
        return x + v96

    v327 = f327(1)
    return


@app.cell
def _(v72):
    v328 = v72 + 1
    return (v328,)


@app.cell
def _(v48):
    _t = 329
    v329 = v48 * _t
    return


@app.cell
def _(math, v24):
    v330 = sum(math.sqrt(x) for x in range(7)) + v24
    return (v330,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 330
    """)
    return


@app.cell
def _(v330):
    def f331(x):
        return x + v330

    v331 = f331(1)
    return


@app.cell
def _(v307):
    v332 = v307 + 1
    return (v332,)


@app.cell
def c333(v284):
    _t = 333
    v333 = v284 * _t
    return (v333,)


@app.cell
def _(math, v261):
    v334 = sum(math.sqrt(x) for x in range(11)) + v261
    return


@app.cell
def _(v238):
    def f335(x):
        return x + v238

    v335 = f335(1)
    return


@app.cell
def _(v215):
    v336 = v215 + 1
    return (v336,)


@app.cell
def _(v192):
    _t = 337
    v337 = v192 * _t
    return


@app.cell
def _(math, v169):
    v338 = sum(math.sqrt(x) for x in range(15)) + v169
    return (v338,)


@app.cell
def _(v146):
    def f339(x):
        return x + v146

    v339 = f339(1)
    return (v339,)


@app.cell
def _(v123):
    v340 = v123 + 1
    return (v340,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 340
    """)
    return


@app.cell
def _(v100):
    _t = 341
    v341 = v100 * _t
    return (v341,)


@app.cell
def _(math, v77):
    v342 = sum(math.sqrt(x) for x in range(2)) + v77
    return (v342,)


@app.cell
def _(v54):
    def f343(x):
        return x + v54

    v343 = f343(1)
    return


@app.cell
def _(v31):
    v344 = v31 + 1
    return (v344,)


@app.cell
def _(v8):
    _t = 345
    v345 = v8 * _t
    return (v345,)


@app.cell
def _(math, v330):
    v346 = sum(math.sqrt(x) for x in range(6)) + v330
    return (v346,)


@app.cell
def _(v308):
    def f347(x):
        return x + v308

    v347 = f347(1)
    return


@app.cell
def _(v286):
    v348 = v286 + 1
    return (v348,)


@app.cell
def _(v264):
    _t = 349
    v349 = v264 * _t
    return


@app.cell
def _(math, v242):
    v350 = sum(math.sqrt(x) for x in range(10)) + v242
    return (v350,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 350
    """)
    return


@app.cell
def _(v220):
    def f351(x):
        return x + v220

    v351 = f351(1)
    return (v351,)


@app.cell
def _(v198):
    v352 = v198 + 1
    return (v352,)


@app.cell
def _(v176):
    _t = 353
    v353 = v176 * _t
    return


@app.cell
def _(math, v154):
    v354 = sum(math.sqrt(x) for x in range(14)) + v154
    return (v354,)


@app.cell
def _(v132):
    def f355(x):
        return x + v132

    v355 = f355(1)
    return (v355,)


@app.cell
def _(v110):
    v356 = v110 + 1
    return


@app.cell
def _(v88):
    _t = 357
    v357 = v88 * _t
    return


@app.cell
def _(math, v66):
    v358 = sum(math.sqrt(x) for x in range(1)) + v66
    return (v358,)


@app.cell
def _(v44):
    def f359(x):
        return x + v44

    v359 = f359(1)
    return


@app.cell
def _(v22):
    v360 = v22 + 1
    return (v360,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 360
    """)
    return


@app.cell
def _(v360):
    _t = 361
    v361 = v360 * _t
    return


@app.cell
def _(math, v339):
    v362 = sum(math.sqrt(x) for x in range(5)) + v339
    return


@app.cell
def _(v318):
    def f363(x):
        return x + v318

    v363 = f363(1)
    return (v363,)


@app.cell
def _(v297):
    v364 = v297 + 1
    return


@app.cell
def _(v276):
    _t = 365
    v365 = v276 * _t
    return


@app.cell
def _(math, v255):
    v366 = sum(math.sqrt(x) for x in range(9)) + v255
    return


@app.cell
def _(v234):
    def f367(x):
        return x + v234

    v367 = f367(1)
    return (v367,)


@app.cell
def _(v213):
    v368 = v213 + 1
    return (v368,)


@app.cell
def _(v192):
    _t = 369
    v369 = v192 * _t
    return (v369,)


@app.cell
def c370(math, v171):
    v370 = sum(math.sqrt(x) for x in range(13)) + v171
    return (v370,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 370
    """)
    return


@app.cell(disabled=True)
def _(v150):
    def f371(x):
        return x + v150

    v371 = f371(1)
    return


@app.cell
def _(v129):
    v372 = v129 + 1
    return (v372,)


@app.cell
def _(v108):
    _t = 373
    v373 = v108 * _t
    return


@app.cell
def _(math, v87):
    v374 = sum(math.sqrt(x) for x in range(0)) + v87
    return (v374,)


@app.cell
def _(v66):
    def f375(x):
        return x + v66

    v375 = f375(1)
    return (v375,)


@app.cell
def _(v45):
    v376 = v45 + 1
    return (v376,)


@app.cell
def _(v24):
    _t = 377
    v377 = v24 * _t
    return (v377,)


@app.cell
def _(math, v3):
    v378 = sum(math.sqrt(x) for x in range(4)) + v3
    return (v378,)


@app.cell
def _(v360):
    def f379(x):
        return x + v360

    v379 = f379(1)
    return


@app.cell
def _(v340):
    v380 = v340 + 1
    return (v380,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 380
    """)
    return


@app.cell
def _(v320):
    _t = 381
    v381 = v320 * _t
    return


@app.cell
def _(math, v300):
    v382 = sum(math.sqrt(x) for x in range(8)) + v300
    return


@app.cell
def _(v280):
    def f383(x):
        return x + v280

    v383 = f383(1)
    return


@app.cell
def _(v260):
    v384 = v260 + 1
    return (v384,)


@app.cell
def _(v240):
    _t = 385
    v385 = v240 * _t
    return (v385,)


@app.cell
def _(math, v220):
    v386 = sum(math.sqrt(x) for x in range(12)) + v220
    return


@app.cell
def _(v200):
    def f387(x):
        return x + v200

    v387 = f387(1)
    return (v387,)


@app.cell
def _(v180):
    v388 = v180 + 1
    return (v388,)


@app.cell
def _(v160):
    _t = 389
    v389 = v160 * _t
    return (v389,)


@app.cell
def _(math, v140):
    v390 = sum(math.sqrt(x) for x in range(16)) + v140
    return (v390,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 390
    """)
    return


@app.cell
def _(v120):
    def f391(x):
        return x + v120

    v391 = f391(1)
    return


@app.cell
def _(v100):
    v392 = v100 + 1
    return (v392,)


@app.cell
def _(v80):
    _t = 393
    v393 = v80 * _t
    return (v393,)


@app.cell
def _(math, v60):
    v394 = sum(math.sqrt(x) for x in range(3)) + v60
    return


@app.cell
def _(v40):
    def f395(x):
        return x + v40

    v395 = f395(1)
    return


@app.cell
def _(v20):
    v396 = v20 + 1
    return (v396,)


@app.cell
def _(v396):
    _t = 397
    v397 = v396 * _t
    return


@app.cell
def _(math, v377):
    v398 = sum(math.sqrt(x) for x in range(7)) + v377
    return


@app.cell
def _(v358):
    def f399(x):
        return x + v358

    v399 = f399(1)
    return


@app.cell
def _(v339):
    v400 = v339 + 1
    return (v400,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 400
    """)
    return


@app.cell
def _(v320):
    _t = 401
    v401 = v320 * _t
    return


@app.cell
def _(math, v301):
    v402 = sum(math.sqrt(x) for x in range(11)) + v301
    return (v402,)


@app.cell
def _(v282):
    def f403(x):
        return x + v282

    v403 = f403(1)
    return


@app.cell
def _(v263):
    v404 = v263 + 1
    return


app._unparsable_cell(
    r"""
    x = (
    """,
    name="broken404"
)


@app.cell
def _(v244):
    _t = 405
    v405 = v244 * _t
    return (v405,)


@app.cell
def _(math, v225):
    v406 = sum(math.sqrt(x) for x in range(15)) + v225
    return (v406,)


@app.cell
def c407(v206):
    def f407(x):
        return x + v206

    v407 = f407(1)
    return (v407,)


@app.cell
def _(v187):
    v408 = v187 + 1
    return (v408,)


@app.cell
def _(v168):
    _t = 409
    v409 = v168 * _t
    return


@app.cell
def _(math, v149):
    v410 = sum(math.sqrt(x) for x in range(2)) + v149
    return (v410,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 410
    """)
    return


@app.cell
def _(v130):
    def f411(x):
        return x + v130

    v411 = f411(1)
    return


@app.cell
def _(v111):
    v412 = v111 + 1
    return


@app.cell
def _(v92):
    _t = 413
    v413 = v92 * _t
    return


@app.cell
def _(math, v73):
    v414 = sum(math.sqrt(x) for x in range(6)) + v73
    return (v414,)


@app.cell
def _(v54):
    def f415(x):
        return x + v54

    v415 = f415(1)
    return


@app.cell
def _(v35):
    v416 = v35 + 1
    return (v416,)


@app.cell
def _(v16):
    _t = 417
    v417 = v16 * _t
    return


@app.cell
def _(math, v414):
    v418 = sum(math.sqrt(x) for x in range(10)) + v414
    return (v418,)


@app.cell
def _(v396):
    def f419(x):
        return x + v396

    v419 = f419(1)
    return (v419,)


@app.cell
def _(v378):
    v420 = v378 + 1
    return (v420,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 420
    """)
    return


@app.cell
def _(v360):
    _t = 421
    v421 = v360 * _t
    return


@app.cell
def _(math, v342):
    v422 = sum(math.sqrt(x) for x in range(14)) + v342
    return


@app.cell
def _(v324):
    def f423(x):
        return x + v324

    v423 = f423(1)
    return (v423,)


@app.cell(disabled=True)
def _(v306):
    v424 = v306 + 1
    return (v424,)


@app.cell
def _(v288):
    _t = 425
    v425 = v288 * _t
    return


@app.cell
def _(math, v270):
    v426 = sum(math.sqrt(x) for x in range(1)) + v270
    return


@app.cell
def _(v252):
    def f427(x):
        return x + v252

    v427 = f427(1)
    return


@app.cell
def _(v234):
    v428 = v234 + 1
    return


@app.cell
def _(v216):
    _t = 429
    v429 = v216 * _t
    return (v429,)


@app.cell
def _(math, v198):
    v430 = sum(math.sqrt(x) for x in range(5)) + v198
    return (v430,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 430
    """)
    return


@app.cell
def _(v180):
    def f431(x):
        return x + v180

    v431 = f431(1)
    return


@app.cell
def _(v162):
    v432 = v162 + 1
    return (v432,)


@app.cell
def _(v144):
    _t = 433
    v433 = v144 * _t
    return


@app.cell
def _(math, v126):
    v434 = sum(math.sqrt(x) for x in range(9)) + v126
    return


@app.cell
def _(v108):
    def f435(x):
        return x + v108

    v435 = f435(1)
    return (v435,)


@app.cell
def _(v90):
    v436 = v90 + 1
    return


@app.cell
def _(v72):
    _t = 437
    v437 = v72 * _t
    return


@app.cell
def _(math, v54):
    v438 = sum(math.sqrt(x) for x in range(13)) + v54
    return


@app.cell
def _(v36):
    def f439(x):
        return x + v36

    v439 = f439(1)
    return


@app.cell
def _(v18):
    v440 = v18 + 1
    return (v440,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 440
    """)
    return


@app.cell
def _(v440):
    _t = 441
    v441 = v440 * _t
    return (v441,)


@app.cell
def _(math, v423):
    v442 = sum(math.sqrt(x) for x in range(0)) + v423
    return


@app.cell
def _(v406):
    def f443(x):
        return x + v406

    v443 = f443(1)
    return


@app.cell
def c444(v389):
    v444 = v389 + 1
    return (v444,)


@app.cell
def _(v372):
    _t = 445
    v445 = v372 * _t
    return (v445,)


@app.cell
def _(math, v355):
    v446 = sum(math.sqrt(x) for x in range(4)) + v355
    return


@app.cell
def _(v338):
    def f447(x):
        return x + v338

    v447 = f447(1)
    return


@app.cell
def _(v321):
    v448 = v321 + 1
    return (v448,)


@app.cell
def _(v304):
    _t = 449
    v449 = v304 * _t
    return


@app.cell
def _(math, v287):
    v450 = sum(math.sqrt(x) for x in range(8)) + v287
    return (v450,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 450
    """)
    return


@app.cell
def _(v270):
    def f451(x):
        return x + v270

    v451 = f451(1)
    return (v451,)


@app.cell
def _(v253):
    v452 = v253 + 1
    return


@app.cell
def _(v236):
    _t = 453
    v453 = v236 * _t
    return


@app.cell
def _(math, v219):
    v454 = sum(math.sqrt(x) for x in range(12)) + v219
    return


@app.cell
def _(v202):
    def f455(x):
        return x + v202

    v455 = f455(1)
    return


@app.cell
def _(v185):
    v456 = v185 + 1
    return (v456,)


@app.cell
def _(v168):
    _t = 457
    v457 = v168 * _t
    return


@app.cell
def _(math, v151):
    v458 = sum(math.sqrt(x) for x in range(16)) + v151
    return (v458,)


@app.cell
def _(v134):
    def f459(x):
        return x + v134

    v459 = f459(1)
    return (v459,)


@app.cell
def _(v117):
    v460 = v117 + 1
    return (v460,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 460
    """)
    return


@app.cell
def _(v100):
    _t = 461
    v461 = v100 * _t
    return


@app.cell
def _(math, v83):
    v462 = sum(math.sqrt(x) for x in range(3)) + v83
    return (v462,)


@app.cell
def _(v66):
    def f463(x):
        return x + v66

    v463 = f463(1)
    return


@app.cell
def _(v49):
    v464 = v49 + 1
    return (v464,)


@app.cell
def _(v32):
    _t = 465
    v465 = v32 * _t
    return (v465,)


@app.cell
def _(math, v15):
    v466 = sum(math.sqrt(x) for x in range(7)) + v15
    return


@app.cell
def _(v464):
    def f467(x):
        return x + v464

    v467 = f467(1)
    return


@app.cell
def _(v448):
    v468 = v448 + 1
    return (v468,)


@app.cell
def _(v432):
    _t = 469
    v469 = v432 * _t
    return


@app.cell
def _(math, v416):
    v470 = sum(math.sqrt(x) for x in range(11)) + v416
    return (v470,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 470
    """)
    return


@app.cell
def _(v400):
    def f471(x):
        return x + v400

    v471 = f471(1)
    return (v471,)


@app.cell
def _(v384):
    v472 = v384 + 1
    return (v472,)


@app.cell
def _(v368):
    _t = 473
    v473 = v368 * _t
    return (v473,)


@app.cell
def _(math, v352):
    v474 = sum(math.sqrt(x) for x in range(15)) + v352
    return


@app.cell
def _(v336):
    def f475(x):
        return x + v336

    v475 = f475(1)
    return


@app.cell
def _(v320):
    v476 = v320 + 1
    return


@app.cell(disabled=True)
def _(v304):
    _t = 477
    v477 = v304 * _t
    return (v477,)


@app.cell
def _(math, v288):
    v478 = sum(math.sqrt(x) for x in range(2)) + v288
    return


@app.cell
def _(v272):
    def f479(x):
        return x + v272

    v479 = f479(1)
    return


@app.cell
def _(v256):
    v480 = v256 + 1
    return (v480,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 480
    """)
    return


@app.cell
def c481(v240):
    _t = 481
    v481 = v240 * _t
    return


@app.cell
def _(math, v224):
    v482 = sum(math.sqrt(x) for x in range(6)) + v224
    return


@app.cell
def _(v208):
    def f483(x):
        return x + v208

    v483 = f483(1)
    return


@app.cell
def _(v192):
    v484 = v192 + 1
    return (v484,)


@app.cell
def _(v176):
    _t = 485
    v485 = v176 * _t
    return


@app.cell
def _(math, v160):
    v486 = sum(math.sqrt(x) for x in range(10)) + v160
    return (v486,)


@app.cell
def _(v144):
    def f487(x):
        return x + v144

    v487 = f487(1)
    return


@app.cell
def _(v128):
    v488 = v128 + 1
    return (v488,)


@app.cell
def _(v112):
    _t = 489
    v489 = v112 * _t
    return


@app.cell
def _(math, v96):
    v490 = sum(math.sqrt(x) for x in range(14)) + v96
    return (v490,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 490
    """)
    return


@app.cell
def _(v80):
    def f491(x):
        return x + v80

    v491 = f491(1)
    return


@app.cell
def _(v64):
    v492 = v64 + 1
    return (v492,)


@app.cell
def _(v48):
    _t = 493
    v493 = v48 * _t
    return


@app.cell
def _(math, v32):
    v494 = sum(math.sqrt(x) for x in range(1)) + v32
    return


@app.cell
def _(v16):
    def f495(x):
        return x + v16

    v495 = f495(1)
    return (v495,)


@app.cell
def _(v495):
    v496 = v495 + 1
    return (v496,)


@app.cell
def _(v480):
    _t = 497
    v497 = v480 * _t
    return (v497,)


@app.cell
def _(math, v465):
    v498 = sum(math.sqrt(x) for x in range(5)) + v465
    return


@app.cell
def _(v450):
    def f499(x):
        return x + v450

    v499 = f499(1)
    return


@app.cell
def _(v435):
    v500 = v435 + 1
    return (v500,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 500
    """)
    return


@app.cell
def _(v420):
    _t = 501
    v501 = v420 * _t
    return


@app.cell
def _(math, v405):
    v502 = sum(math.sqrt(x) for x in range(9)) + v405
    return


@app.cell
def _(v390):
    def f503(x):
        return x + v390

    v503 = f503(1)
    return


@app.cell
def _(v375):
    v504 = v375 + 1
    return (v504,)


@app.cell
def _(v360):
    _t = 505
    v505 = v360 * _t
    return


app._unparsable_cell(
    r"""
    x = (
    """,
    name="broken505"
)


@app.cell
def _(math, v345):
    v506 = sum(math.sqrt(x) for x in range(13)) + v345
    return (v506,)


@app.cell
def _(v330):
    def f507(x):
        return x + v330

    v507 = f507(1)
    return


@app.cell
def _(v315):
    v508 = v315 + 1
    return


@app.cell
def _(v300):
    _t = 509
    v509 = v300 * _t
    return


@app.cell
def _(math, v285):
    v510 = sum(math.sqrt(x) for x in range(0)) + v285
    return (v510,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 510
    """)
    return


@app.cell
def _(v270):
    def f511(x):
        return x + v270

    v511 = f511(1)
    return


@app.cell
def _(v255):
    v512 = v255 + 1
    return (v512,)


@app.cell
def _(v240):
    _t = 513
    v513 = v240 * _t
    return (v513,)


@app.cell
def _(math, v225):
    v514 = sum(math.sqrt(x) for x in range(4)) + v225
    return (v514,)


@app.cell
def _(v210):
    def f515(x):
        return x + v210

    v515 = f515(1)
    return


@app.cell
def _(v195):
    v516 = v195 + 1
    return (v516,)


@app.cell
def _(v180):
    _t = 517
    v517 = v180 * _t
    return (v517,)


@app.cell
def c518(math, v165):
    v518 = sum(math.sqrt(x) for x in range(8)) + v165
    return


@app.cell
def _(v150):
    def f519(x):
        return x + v150

    v519 = f519(1)
    return


@app.cell
def _(v135):
    v520 = v135 + 1
    return (v520,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 520
    """)
    return


@app.cell
def _(v120):
    _t = 521
    v521 = v120 * _t
    return


@app.cell
def _(math, v105):
    v522 = sum(math.sqrt(x) for x in range(12)) + v105
    return (v522,)


@app.cell
def _(v90):
    def f523(x):
        return x + v90

    v523 = f523(1)
    return (v523,)


@app.cell
def _(v75):
    v524 = v75 + 1
    return


@app.cell
def _(v60):
    _t = 525
    v525 = v60 * _t
    return


@app.cell
def _(math, v45):
    v526 = sum(math.sqrt(x) for x in range(16)) + v45
    return


@app.cell
def _(v30):
    def f527(x):
        return x + v30

    v527 = f527(1)
    return


@app.cell
def _(v15):
    v528 = v15 + 1
    return (v528,)


@app.cell
def _(v528):
    _t = 529
    v529 = v528 * _t
    return


@app.cell(disabled=True)
def _(math, v514):
    v530 = sum(math.sqrt(x) for x in range(3)) + v514
    return (v530,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 530
    """)
    return


@app.cell
def _(v500):
    def f531(x):
        return x + v500

    v531 = f531(1)
    return (v531,)


@app.cell
def _(v486):
    v532 = v486 + 1
    return


@app.cell
def _(v472):
    _t = 533
    v533 = v472 * _t
    return


@app.cell
def _(math, v458):
    v534 = sum(math.sqrt(x) for x in range(7)) + v458
    return


@app.cell
def _(v444):
    def f535(x):
        return x + v444

    v535 = f535(1)
    return


@app.cell
def _(v430):
    v536 = v430 + 1
    return (v536,)


@app.cell
def _(v416):
    _t = 537
    v537 = v416 * _t
    return


@app.cell
def _(math, v402):
    v538 = sum(math.sqrt(x) for x in range(11)) + v402
    return


@app.cell
def _(v388):
    def f539(x):
        return x + v388

    v539 = f539(1)
    return (v539,)


@app.cell
def _(v374):
    v540 = v374 + 1
    return (v540,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 540
    """)
    return


@app.cell
def _(v360):
    _t = 541
    v541 = v360 * _t
    return


@app.cell
def _(math, v346):
    v542 = sum(math.sqrt(x) for x in range(15)) + v346
    return


@app.cell
def _(v332):
    def f543(x):
        return x + v332

    v543 = f543(1)
    return


@app.cell
def _(v318):
    v544 = v318 + 1
    return (v544,)


@app.cell
def _(v304):
    _t = 545
    v545 = v304 * _t
    return


@app.cell
def _(math, v290):
    v546 = sum(math.sqrt(x) for x in range(2)) + v290
    return


@app.cell
def _(v276):
    def f547(x):
        return x + v276

    v547 = f547(1)
    return


@app.cell
def _(v262):
    v548 = v262 + 1
    return


@app.cell
def _(v248):
    _t = 549
    v549 = v248 * _t
    return (v549,)


@app.cell
def _(math, v234):
    v550 = sum(math.sqrt(x) for x in range(6)) + v234
    return (v550,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 550
    """)
    return


@app.cell
def _(v220):
    def f551(x):
        return x + v220

    v551 = f551(1)
    return


@app.cell
def _(v206):
    v552 = v206 + 1
    return (v552,)


@app.cell
def _(v192):
    _t = 553
    v553 = v192 * _t
    return


@app.cell
def _(math, v178):
    v554 = sum(math.sqrt(x) for x in range(10)) + v178
    return


@app.cell
def c555(v164):
    def f555(x):
        return x + v164

    v555 = f555(1)
    return


@app.cell
def _(v150):
    v556 = v150 + 1
    return


@app.cell
def _(v136):
    _t = 557
    v557 = v136 * _t
    return


@app.cell
def _(math, v122):
    v558 = sum(math.sqrt(x) for x in range(14)) + v122
    return (v558,)


@app.cell
def _(v108):
    def f559(x):
        return x + v108

    v559 = f559(1)
    return


@app.cell
def _(v94):
    v560 = v94 + 1
    return (v560,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 560
    """)
    return


@app.cell
def _(v80):
    _t = 561
    v561 = v80 * _t
    return (v561,)


@app.cell
def _(math, v66):
    v562 = sum(math.sqrt(x) for x in range(1)) + v66
    return (v562,)


@app.cell
def _(v52):
    def f563(x):
        return x + v52

    v563 = f563(1)
    return


@app.cell
def _(v38):
    v564 = v38 + 1
    return (v564,)


@app.cell
def _(v24):
    _t = 565
    v565 = v24 * _t
    return


@app.cell
def _(math, v10):
    v566 = sum(math.sqrt(x) for x in range(5)) + v10
    return


@app.cell
def _(v562):
    def f567(x):
        return x + v562

    v567 = f567(1)
    return (v567,)


@app.cell
def _(v549):
    v568 = v549 + 1
    return (v568,)


@app.cell
def _(v536):
    _t = 569
    v569 = v536 * _t
    return


@app.cell
def _(math, v523):
    v570 = sum(math.sqrt(x) for x in range(9)) + v523
    return (v570,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 570
    """)
    return


@app.cell
def _(v510):
    def f571(x):
        return x + v510

    v571 = f571(1)
    return


@app.cell
def _(v497):
    v572 = v497 + 1
    return (v572,)


@app.cell
def _(v484):
    _t = 573
    v573 = v484 * _t
    return


@app.cell
def _(math, v471):
    v574 = sum(math.sqrt(x) for x in range(13)) + v471
    return


@app.cell
def _(v458):
    def f575(x):
        return x + v458

    v575 = f575(1)
    return


@app.cell
def _(v445):
    v576 = v445 + 1
    return (v576,)


@app.cell
def _(v432):
    _t = 577
    v577 = v432 * _t
    return


@app.cell
def _(math, v419):
    v578 = sum(math.sqrt(x) for x in range(0)) + v419
    return


@app.cell
def _(v406):
    def f579(x):
        return x + v406

    v579 = f579(1)
    return


@app.cell
def _(v393):
    v580 = v393 + 1
    return (v580,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 580
    """)
    return


@app.cell
def _(v380):
    _t = 581
    v581 = v380 * _t
    return


@app.cell
def _(math, v367):
    v582 = sum(math.sqrt(x) for x in range(4)) + v367
    return


@app.cell(disabled=True)
def _(v354):
    def f583(x):
        return x + v354

    v583 = f583(1)
    return (v583,)


@app.cell
def _(v341):
    v584 = v341 + 1
    return (v584,)


@app.cell
def _(v328):
    _t = 585
    v585 = v328 * _t
    return (v585,)


@app.cell
def _(math, v315):
    v586 = sum(math.sqrt(x) for x in range(8)) + v315
    return


@app.cell
def _(v302):
    def f587(x):
        return x + v302

    v587 = f587(1)
    return


@app.cell
def _(v289):
    v588 = v289 + 1
    return (v588,)


@app.cell
def _(v276):
    _t = 589
    v589 = v276 * _t
    return


@app.cell
def _(math, v263):
    v590 = sum(math.sqrt(x) for x in range(12)) + v263
    return (v590,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 590
    """)
    return


@app.cell
def _(v250):
    def f591(x):
        return x + v250

    v591 = f591(1)
    return


@app.cell
def c592(v237):
    v592 = v237 + 1
    return (v592,)


@app.cell
def _(v224):
    _t = 593
    v593 = v224 * _t
    return


@app.cell
def _(math, v211):
    v594 = sum(math.sqrt(x) for x in range(16)) + v211
    return (v594,)


@app.cell
def _(v198):
    def f595(x):
        return x + v198

    v595 = f595(1)
    return


@app.cell
def _(v185):
    v596 = v185 + 1
    return


@app.cell
def _(v172):
    _t = 597
    v597 = v172 * _t
    return


@app.cell
def _(math, v159):
    v598 = sum(math.sqrt(x) for x in range(3)) + v159
    return


@app.cell
def _(v146):
    def f599(x):
        return x + v146

    v599 = f599(1)
    return


@app.cell
def _(v133):
    v600 = v133 + 1
    return (v600,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 600
    """)
    return


@app.cell
def _(v120):
    _t = 601
    v601 = v120 * _t
    return


@app.cell
def _(math, v107):
    v602 = sum(math.sqrt(x) for x in range(7)) + v107
    return


@app.cell
def _(v94):
    def f603(x):
        return x + v94

    v603 = f603(1)
    return (v603,)


@app.cell
def _(v81):
    v604 = v81 + 1
    return


@app.cell
def _(v68):
    _t = 605
    v605 = v68 * _t
    return (v605,)


@app.cell
def _(math, v55):
    v606 = sum(math.sqrt(x) for x in range(11)) + v55
    return


app._unparsable_cell(
    r"""
    x = (
    """,
    name="broken606"
)


@app.cell
def _(v42):
    def f607(x):
        return x + v42

    v607 = f607(1)
    return


@app.cell
def _(v29):
    v608 = v29 + 1
    return (v608,)


@app.cell
def _(v16):
    _t = 609
    v609 = v16 * _t
    return


@app.cell
def _(math, v3):
    v610 = sum(math.sqrt(x) for x in range(15)) + v3
    return (v610,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 610
    """)
    return


@app.cell
def _(v600):
    def f611(x):
        return x + v600

    v611 = f611(1)
    return


@app.cell
def _(v588):
    v612 = v588 + 1
    return (v612,)


@app.cell
def _(v576):
    _t = 613
    v613 = v576 * _t
    return


@app.cell
def _(math, v564):
    v614 = sum(math.sqrt(x) for x in range(2)) + v564
    return


@app.cell
def _(v552):
    def f615(x):
        return x + v552

    v615 = f615(1)
    return


@app.cell
def _(v540):
    v616 = v540 + 1
    return (v616,)


@app.cell
def _(v528):
    _t = 617
    v617 = v528 * _t
    return


@app.cell
def _(math, v516):
    v618 = sum(math.sqrt(x) for x in range(6)) + v516
    return


@app.cell
def _(v504):
    def f619(x):
        return x + v504

    v619 = f619(1)
    return


@app.cell
def _(v492):
    v620 = v492 + 1
    return (v620,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 620
    """)
    return


@app.cell
def _(v480):
    _t = 621
    v621 = v480 * _t
    return (v621,)


@app.cell
def _(math, v468):
    v622 = sum(math.sqrt(x) for x in range(10)) + v468
    return


@app.cell
def _(v456):
    def f623(x):
        return x + v456

    v623 = f623(1)
    return


@app.cell
def _(v444):
    v624 = v444 + 1
    return (v624,)


@app.cell
def _(v432):
    _t = 625
    v625 = v432 * _t
    return


@app.cell
def _(math, v420):
    v626 = sum(math.sqrt(x) for x in range(14)) + v420
    return


@app.cell
def _(v408):
    def f627(x):
        return x + v408

    v627 = f627(1)
    return (v627,)


@app.cell
def _(v396):
    v628 = v396 + 1
    return


@app.cell
def c629(v384):
    _t = 629
    v629 = v384 * _t
    return


@app.cell
def _(math, v372):
    v630 = sum(math.sqrt(x) for x in range(1)) + v372
    return (v630,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 630
    """)
    return


@app.cell
def _(v360):
    def f631(x):
        return x + v360

    v631 = f631(1)
    return


@app.cell
def _(v348):
    v632 = v348 + 1
    return (v632,)


@app.cell
def _(v336):
    _t = 633
    v633 = v336 * _t
    return


@app.cell
def _(math, v324):
    v634 = sum(math.sqrt(x) for x in range(5)) + v324
    return


@app.cell
def _(v312):
    def f635(x):
        return x + v312

    v635 = f635(1)
    return


@app.cell(disabled=True)
def _(v300):
    v636 = v300 + 1
    return


@app.cell
def _(v288):
    _t = 637
    v637 = v288 * _t
    return


@app.cell
def _(math, v276):
    v638 = sum(math.sqrt(x) for x in range(9)) + v276
    return (v638,)


@app.cell
def _(v264):
    def f639(x):
        return x + v264

    v639 = f639(1)
    return (v639,)


@app.cell
def _(v252):
    v640 = v252 + 1
    return (v640,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 640
    """)
    return


@app.cell
def _(v240):
    _t = 641
    v641 = v240 * _t
    return


@app.cell
def _(math, v228):
    v642 = sum(math.sqrt(x) for x in range(13)) + v228
    return


@app.cell
def _(v216):
    def f643(x):
        return x + v216

    v643 = f643(1)
    return


@app.cell
def _(v204):
    v644 = v204 + 1
    return


@app.cell
def _(v192):
    _t = 645
    v645 = v192 * _t
    return


@app.cell
def _(math, v180):
    v646 = sum(math.sqrt(x) for x in range(0)) + v180
    return


@app.cell
def _(v168):
    def f647(x):
        return x + v168

    v647 = f647(1)
    return


@app.cell
def _(v156):
    v648 = v156 + 1
    return (v648,)


@app.cell
def _(v144):
    _t = 649
    v649 = v144 * _t
    return (v649,)


@app.cell
def _(math, v132):
    v650 = sum(math.sqrt(x) for x in range(4)) + v132
    return (v650,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 650
    """)
    return


@app.cell
def _(v120):
    def f651(x):
        return x + v120

    v651 = f651(1)
    return


@app.cell
def _(v108):
    v652 = v108 + 1
    return


@app.cell
def _(v96):
    _t = 653
    v653 = v96 * _t
    return


@app.cell
def _(math, v84):
    v654 = sum(math.sqrt(x) for x in range(8)) + v84
    return


@app.cell
def _(v72):
    def f655(x):
        return x + v72

    v655 = f655(1)
    return


@app.cell
def _(v60):
    v656 = v60 + 1
    return (v656,)


@app.cell
def _(v48):
    _t = 657
    v657 = v48 * _t
    return (v657,)


@app.cell
def _(math, v36):
    v658 = sum(math.sqrt(x) for x in range(12)) + v36
    return


@app.cell
def _(v24):
    def f659(x):
        return x + v24

    v659 = f659(1)
    return


@app.cell
def _(v12):
    v660 = v12 + 1
    return (v660,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 660
    """)
    return


@app.cell
def _(v660):
    _t = 661
    v661 = v660 * _t
    return


@app.cell
def _(math, v649):
    v662 = sum(math.sqrt(x) for x in range(16)) + v649
    return


@app.cell
def _(v638):
    def f663(x):
        return x + v638

    v663 = f663(1)
    return


@app.cell
def _(v627):
    v664 = v627 + 1
    return (v664,)


@app.cell
def _(v616):
    _t = 665
    v665 = v616 * _t
    return


@app.cell
def c666(math, v605):
    v666 = sum(math.sqrt(x) for x in range(3)) + v605
    return (v666,)


@app.cell
def _(v594):
    def f667(x):
        return x + v594

    v667 = f667(1)
    return


@app.cell
def _(v583):
    v668 = v583 + 1
    return


@app.cell
def _(v572):
    _t = 669
    v669 = v572 * _t
    return


@app.cell
def _(math, v561):
    v670 = sum(math.sqrt(x) for x in range(7)) + v561
    return (v670,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 670
    """)
    return


@app.cell
def _(v550):
    def f671(x):
        return x + v550

    v671 = f671(1)
    return


@app.cell
def _(v539):
    v672 = v539 + 1
    return (v672,)


@app.cell
def _(v528):
    _t = 673
    v673 = v528 * _t
    return


@app.cell
def _(math, v517):
    v674 = sum(math.sqrt(x) for x in range(11)) + v517
    return


@app.cell
def _(v506):
    def f675(x):
        return x + v506

    v675 = f675(1)
    return (v675,)


@app.cell
def _(v495):
    v676 = v495 + 1
    return


@app.cell
def _(v484):
    _t = 677
    v677 = v484 * _t
    return


@app.cell
def _(math, v473):
    v678 = sum(math.sqrt(x) for x in range(15)) + v473
    return


@app.cell
def _(v462):
    def f679(x):
        return x + v462

    v679 = f679(1)
    return


@app.cell
def _(v451):
    v680 = v451 + 1
    return (v680,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 680
    """)
    return


@app.cell
def _(v440):
    _t = 681
    v681 = v440 * _t
    return


@app.cell
def _(math, v429):
    v682 = sum(math.sqrt(x) for x in range(2)) + v429
    return


@app.cell
def _(v418):
    def f683(x):
        return x + v418

    v683 = f683(1)
    return


@app.cell
def _(v407):
    v684 = v407 + 1
    return (v684,)


@app.cell
def _(v396):
    _t = 685
    v685 = v396 * _t
    return


@app.cell
def _(math, v385):
    v686 = sum(math.sqrt(x) for x in range(6)) + v385
    return


@app.cell
def _(v374):
    def f687(x):
        return x + v374

    v687 = f687(1)
    return


@app.cell
def _(v363):
    v688 = v363 + 1
    return (v688,)


@app.cell(disabled=True)
def _(v352):
    _t = 689
    v689 = v352 * _t
    return


@app.cell
def _(math, v341):
    v690 = sum(math.sqrt(x) for x in range(10)) + v341
    return (v690,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 690
    """)
    return


@app.cell
def _(v330):
    def f691(x):
        return x + v330

    v691 = f691(1)
    return


@app.cell
def _(v319):
    v692 = v319 + 1
    return


@app.cell
def _(v308):
    _t = 693
    v693 = v308 * _t
    return (v693,)


@app.cell
def _(math, v297):
    v694 = sum(math.sqrt(x) for x in range(14)) + v297
    return


@app.cell
def _(v286):
    def f695(x):
        return x + v286

    v695 = f695(1)
    return


@app.cell
def _(v275):
    v696 = v275 + 1
    return (v696,)


@app.cell
def _(v264):
    _t = 697
    v697 = v264 * _t
    return


@app.cell
def _(math, v253):
    v698 = sum(math.sqrt(x) for x in range(1)) + v253
    return


@app.cell
def _(v242):
    def f699(x):
        return x + v242

    v699 = f699(1)
    return


@app.cell
def _(v231):
    v700 = v231 + 1
    return (v700,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 700
    """)
    return


@app.cell
def _(v220):
    _t = 701
    v701 = v220 * _t
    return


@app.cell
def _(math, v209):
    v702 = sum(math.sqrt(x) for x in range(5)) + v209
    return (v702,)


@app.cell
def c703(v198):
    def f703(x):
        return x + v198

    v703 = f703(1)
    return


@app.cell
def _(v187):
    v704 = v187 + 1
    return (v704,)


@app.cell
def _(v176):
    _t = 705
    v705 = v176 * _t
    return


@app.cell
def _(math, v165):
    v706 = sum(math.sqrt(x) for x in range(9)) + v165
    return


@app.cell
def _(v154):
    def f707(x):
        return x + v154

    v707 = f707(1)
    return


app._unparsable_cell(
    r"""
    x = (
    """,
    name="broken707"
)


@app.cell
def _(v143):
    v708 = v143 + 1
    return


@app.cell
def _(v132):
    _t = 709
    v709 = v132 * _t
    return


@app.cell
def _(math, v121):
    v710 = sum(math.sqrt(x) for x in range(13)) + v121
    return (v710,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 710
    """)
    return


@app.cell
def _(v110):
    def f711(x):
        return x + v110

    v711 = f711(1)
    return (v711,)


@app.cell
def _(v99):
    v712 = v99 + 1
    return (v712,)


@app.cell
def _(v88):
    _t = 713
    v713 = v88 * _t
    return


@app.cell
def _(math, v77):
    v714 = sum(math.sqrt(x) for x in range(0)) + v77
    return


@app.cell
def _(v66):
    def f715(x):
        return x + v66

    v715 = f715(1)
    return


@app.cell
def _(v55):
    v716 = v55 + 1
    return


@app.cell
def _(v44):
    _t = 717
    v717 = v44 * _t
    return


@app.cell
def _(math, v33):
    v718 = sum(math.sqrt(x) for x in range(4)) + v33
    return


@app.cell
def _(v22):
    def f719(x):
        return x + v22

    v719 = f719(1)
    return


@app.cell
def _(v11):
    v720 = v11 + 1
    return (v720,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 720
    """)
    return


@app.cell
def _(v720):
    _t = 721
    v721 = v720 * _t
    return


@app.cell
def _(math, v710):
    v722 = sum(math.sqrt(x) for x in range(8)) + v710
    return


@app.cell
def _(v700):
    def f723(x):
        return x + v700

    v723 = f723(1)
    return


@app.cell
def _(v690):
    v724 = v690 + 1
    return


@app.cell
def _(v680):
    _t = 725
    v725 = v680 * _t
    return


@app.cell
def _(math, v670):
    v726 = sum(math.sqrt(x) for x in range(12)) + v670
    return


@app.cell
def _(v660):
    def f727(x):
        return x + v660

    v727 = f727(1)
    return


@app.cell
def _(v650):
    v728 = v650 + 1
    return (v728,)


@app.cell
def _(v640):
    _t = 729
    v729 = v640 * _t
    return (v729,)


@app.cell
def _(math, v630):
    v730 = sum(math.sqrt(x) for x in range(16)) + v630
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 730
    """)
    return


@app.cell
def _(v620):
    def f731(x):
        return x + v620

    v731 = f731(1)
    return


@app.cell
def _(v610):
    v732 = v610 + 1
    return


@app.cell
def _(v600):
    _t = 733
    v733 = v600 * _t
    return


@app.cell
def _(math, v590):
    v734 = sum(math.sqrt(x) for x in range(3)) + v590
    return


@app.cell
def _(v580):
    def f735(x):
        return x + v580

    v735 = f735(1)
    return


@app.cell
def _(v570):
    v736 = v570 + 1
    return (v736,)


@app.cell
def _(v560):
    _t = 737
    v737 = v560 * _t
    return


@app.cell
def _(math, v550):
    v738 = sum(math.sqrt(x) for x in range(7)) + v550
    return (v738,)


@app.cell
def _(v540):
    def f739(x):
        return x + v540

    v739 = f739(1)
    return


@app.cell
def c740(v530):
    v740 = v530 + 1
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 740
    """)
    return


@app.cell
def _(v520):
    _t = 741
    v741 = v520 * _t
    return


@app.cell(disabled=True)
def _(math, v510):
    v742 = sum(math.sqrt(x) for x in range(11)) + v510
    return


@app.cell
def _(v500):
    def f743(x):
        return x + v500

    v743 = f743(1)
    return


@app.cell
def _(v490):
    v744 = v490 + 1
    return (v744,)


@app.cell
def _(v480):
    _t = 745
    v745 = v480 * _t
    return


@app.cell
def _(math, v470):
    v746 = sum(math.sqrt(x) for x in range(15)) + v470
    return


@app.cell
def _(v460):
    def f747(x):
        return x + v460

    v747 = f747(1)
    return (v747,)


@app.cell
def _(v450):
    v748 = v450 + 1
    return


@app.cell
def _(v440):
    _t = 749
    v749 = v440 * _t
    return


@app.cell
def _(math, v430):
    v750 = sum(math.sqrt(x) for x in range(2)) + v430
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 750
    """)
    return


@app.cell
def _(v420):
    def f751(x):
        return x + v420

    v751 = f751(1)
    return


@app.cell
def _(v410):
    v752 = v410 + 1
    return (v752,)


@app.cell
def _(v400):
    _t = 753
    v753 = v400 * _t
    return


@app.cell
def _(math, v390):
    v754 = sum(math.sqrt(x) for x in range(6)) + v390
    return


@app.cell
def _(v380):
    def f755(x):
        return x + v380

    v755 = f755(1)
    return


@app.cell
def _(v370):
    v756 = v370 + 1
    return (v756,)


@app.cell
def _(v360):
    _t = 757
    v757 = v360 * _t
    return


@app.cell
def _(math, v350):
    v758 = sum(math.sqrt(x) for x in range(10)) + v350
    return


@app.cell
def _(v340):
    def f759(x):
        return x + v340

    v759 = f759(1)
    return


@app.cell
def _(v330):
    v760 = v330 + 1
    return (v760,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 760
    """)
    return


@app.cell
def _(v320):
    _t = 761
    v761 = v320 * _t
    return


@app.cell
def _(math, v310):
    v762 = sum(math.sqrt(x) for x in range(14)) + v310
    return


@app.cell
def _(v300):
    def f763(x):
        return x + v300

    v763 = f763(1)
    return


@app.cell
def _(v290):
    v764 = v290 + 1
    return


@app.cell
def _(v280):
    _t = 765
    v765 = v280 * _t
    return (v765,)


@app.cell
def _(math, v270):
    v766 = sum(math.sqrt(x) for x in range(1)) + v270
    return


@app.cell
def _(v260):
    def f767(x):
        return x + v260

    v767 = f767(1)
    return


@app.cell
def _(v250):
    v768 = v250 + 1
    return (v768,)


@app.cell
def _(v240):
    _t = 769
    v769 = v240 * _t
    return


@app.cell
def _(math, v230):
    v770 = sum(math.sqrt(x) for x in range(5)) + v230
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 770
    """)
    return


@app.cell
def _(v220):
    def f771(x):
        return x + v220

    v771 = f771(1)
    return


@app.cell
def _(v210):
    v772 = v210 + 1
    return


@app.cell
def _(v200):
    _t = 773
    v773 = v200 * _t
    return


@app.cell
def _(math, v190):
    v774 = sum(math.sqrt(x) for x in range(9)) + v190
    return (v774,)


@app.cell
def _(v180):
    def f775(x):
        return x + v180

    v775 = f775(1)
    return


@app.cell
def _(v170):
    v776 = v170 + 1
    return (v776,)


@app.cell
def c777(v160):
    _t = 777
    v777 = v160 * _t
    return


@app.cell
def _(math, v150):
    v778 = sum(math.sqrt(x) for x in range(13)) + v150
    return


@app.cell
def _(v140):
    def f779(x):
        return x + v140

    v779 = f779(1)
    return


@app.cell
def _(v130):
    v780 = v130 + 1
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 780
    """)
    return


@app.cell
def _(v120):
    _t = 781
    v781 = v120 * _t
    return


@app.cell
def _(math, v110):
    v782 = sum(math.sqrt(x) for x in range(0)) + v110
    return


@app.cell
def _(v100):
    def f783(x):
        return x + v100

    v783 = f783(1)
    return (v783,)


@app.cell
def _(v90):
    v784 = v90 + 1
    return (v784,)


@app.cell
def _(v80):
    _t = 785
    v785 = v80 * _t
    return


@app.cell
def _(math, v70):
    v786 = sum(math.sqrt(x) for x in range(4)) + v70
    return


@app.cell
def _(v60):
    def f787(x):
        return x + v60

    v787 = f787(1)
    return


@app.cell
def _(v50):
    v788 = v50 + 1
    return


@app.cell
def _(v40):
    _t = 789
    v789 = v40 * _t
    return


@app.cell
def _(math, v30):
    v790 = sum(math.sqrt(x) for x in range(8)) + v30
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 790
    """)
    return


@app.cell
def _(v20):
    def f791(x):
        return x + v20

    v791 = f791(1)
    return


@app.cell
def _(v10):
    v792 = v10 + 1
    return (v792,)


@app.cell
def _(v792):
    _t = 793
    v793 = v792 * _t
    return


@app.cell
def _(math, v783):
    v794 = sum(math.sqrt(x) for x in range(12)) + v783
    return


@app.cell(disabled=True)
def _(v774):
    def f795(x):
        return x + v774

    v795 = f795(1)
    return


@app.cell
def _(v765):
    v796 = v765 + 1
    return


@app.cell
def _(v756):
    _t = 797
    v797 = v756 * _t
    return


@app.cell
def _(math, v747):
    v798 = sum(math.sqrt(x) for x in range(16)) + v747
    return


@app.cell
def _(v738):
    def f799(x):
        return x + v738

    v799 = f799(1)
    return


@app.cell
def _(v729):
    v800 = v729 + 1
    return (v800,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 800
    """)
    return


@app.cell
def _(v720):
    _t = 801
    v801 = v720 * _t
    return


@app.cell
def _(math, v711):
    v802 = sum(math.sqrt(x) for x in range(3)) + v711
    return


@app.cell
def _(v702):
    def f803(x):
        return x + v702

    v803 = f803(1)
    return


@app.cell
def _(v693):
    v804 = v693 + 1
    return


@app.cell
def _(v684):
    _t = 805
    v805 = v684 * _t
    return


@app.cell
def _(math, v675):
    v806 = sum(math.sqrt(x) for x in range(7)) + v675
    return


@app.cell
def _(v666):
    def f807(x):
        return x + v666

    v807 = f807(1)
    return


@app.cell
def _(v657):
    v808 = v657 + 1
    return (v808,)


app._unparsable_cell(
    r"""
    x = (
    """,
    name="broken808"
)


@app.cell
def _(v648):
    _t = 809
    v809 = v648 * _t
    return


@app.cell
def _(math, v639):
    v810 = sum(math.sqrt(x) for x in range(11)) + v639
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 810
    """)
    return


@app.cell
def _(v630):
    def f811(x):
        return x + v630

    v811 = f811(1)
    return


@app.cell
def _(v621):
    v812 = v621 + 1
    return


@app.cell
def _(v612):
    _t = 813
    v813 = v612 * _t
    return


@app.cell
def c814(math, v603):
    v814 = sum(math.sqrt(x) for x in range(15)) + v603
    return


@app.cell
def _(v594):
    def f815(x):
        return x + v594

    v815 = f815(1)
    return


@app.cell
def _(v585):
    v816 = v585 + 1
    return (v816,)


@app.cell
def _(v576):
    _t = 817
    v817 = v576 * _t
    return


@app.cell
def _(math, v567):
    v818 = sum(math.sqrt(x) for x in range(2)) + v567
    return


@app.cell
def _(v558):
    def f819(x):
        return x + v558

    v819 = f819(1)
    return


@app.cell
def _(v549):
    v820 = v549 + 1
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 820
    """)
    return


@app.cell
def _(v540):
    _t = 821
    v821 = v540 * _t
    return


@app.cell
def _(math, v531):
    v822 = sum(math.sqrt(x) for x in range(6)) + v531
    return


@app.cell
def _(v522):
    def f823(x):
        return x + v522

    v823 = f823(1)
    return


@app.cell
def _(v513):
    v824 = v513 + 1
    return (v824,)


@app.cell
def _(v504):
    _t = 825
    v825 = v504 * _t
    return


@app.cell
def _(math, v495):
    v826 = sum(math.sqrt(x) for x in range(10)) + v495
    return


@app.cell
def _(v486):
    def f827(x):
        return x + v486

    v827 = f827(1)
    return


@app.cell
def _(v477):
    v828 = v477 + 1
    return


@app.cell
def _(v468):
    _t = 829
    v829 = v468 * _t
    return


@app.cell
def _(math, v459):
    v830 = sum(math.sqrt(x) for x in range(14)) + v459
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 830
    """)
    return


@app.cell
def _(v450):
    def f831(x):
        return x + v450

    v831 = f831(1)
    return


@app.cell
def _(v441):
    v832 = v441 + 1
    return (v832,)


@app.cell
def _(v432):
    _t = 833
    v833 = v432 * _t
    return


@app.cell
def _(math, v423):
    v834 = sum(math.sqrt(x) for x in range(1)) + v423
    return


@app.cell
def _(v414):
    def f835(x):
        return x + v414

    v835 = f835(1)
    return


@app.cell
def _(v405):
    v836 = v405 + 1
    return


@app.cell
def _(v396):
    _t = 837
    v837 = v396 * _t
    return


@app.cell
def _(math, v387):
    v838 = sum(math.sqrt(x) for x in range(5)) + v387
    return


@app.cell
def _(v378):
    def f839(x):
        return x + v378

    v839 = f839(1)
    return


@app.cell
def _(v369):
    v840 = v369 + 1
    return (v840,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 840
    """)
    return


@app.cell
def _(v360):
    _t = 841
    v841 = v360 * _t
    return


@app.cell
def _(math, v351):
    v842 = sum(math.sqrt(x) for x in range(9)) + v351
    return


@app.cell
def _(v342):
    def f843(x):
        return x + v342

    v843 = f843(1)
    return


@app.cell
def _(v333):
    v844 = v333 + 1
    return


@app.cell
def _(v324):
    _t = 845
    v845 = v324 * _t
    return


@app.cell
def _(math, v315):
    v846 = sum(math.sqrt(x) for x in range(13)) + v315
    return


@app.cell
def _(v306):
    def f847(x):
        return x + v306

    v847 = f847(1)
    return


@app.cell(disabled=True)
def _(v297):
    v848 = v297 + 1
    return (v848,)


@app.cell
def _(v288):
    _t = 849
    v849 = v288 * _t
    return


@app.cell
def _(math, v279):
    v850 = sum(math.sqrt(x) for x in range(0)) + v279
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 850
    """)
    return


@app.cell
def c851(v270):
    def f851(x):
        return x + v270

    v851 = f851(1)
    return


@app.cell
def _(v261):
    v852 = v261 + 1
    return


@app.cell
def _(v252):
    _t = 853
    v853 = v252 * _t
    return


@app.cell
def _(math, v243):
    v854 = sum(math.sqrt(x) for x in range(4)) + v243
    return


@app.cell
def _(v234):
    def f855(x):
        return x + v234

    v855 = f855(1)
    return


@app.cell
def _(v225):
    v856 = v225 + 1
    return (v856,)


@app.cell
def _(v216):
    _t = 857
    v857 = v216 * _t
    return


@app.cell
def _(math, v207):
    v858 = sum(math.sqrt(x) for x in range(8)) + v207
    return


@app.cell
def _(v198):
    def f859(x):
        return x + v198

    v859 = f859(1)
    return


@app.cell
def _(v189):
    v860 = v189 + 1
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 860
    """)
    return


@app.cell
def _(v180):
    _t = 861
    v861 = v180 * _t
    return


@app.cell
def _(math, v171):
    v862 = sum(math.sqrt(x) for x in range(12)) + v171
    return


@app.cell
def _(v162):
    def f863(x):
        return x + v162

    v863 = f863(1)
    return


@app.cell
def _(v153):
    v864 = v153 + 1
    return (v864,)


@app.cell
def _(v144):
    _t = 865
    v865 = v144 * _t
    return


@app.cell
def _(math, v135):
    v866 = sum(math.sqrt(x) for x in range(16)) + v135
    return


@app.cell
def _(v126):
    def f867(x):
        return x + v126

    v867 = f867(1)
    return


@app.cell
def _(v117):
    v868 = v117 + 1
    return


@app.cell
def _(v108):
    _t = 869
    v869 = v108 * _t
    return


@app.cell
def _(math, v99):
    v870 = sum(math.sqrt(x) for x in range(3)) + v99
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 870
    """)
    return


@app.cell
def _(v90):
    def f871(x):
        return x + v90

    v871 = f871(1)
    return


@app.cell
def _(v81):
    v872 = v81 + 1
    return (v872,)


@app.cell
def _(v72):
    _t = 873
    v873 = v72 * _t
    return


@app.cell
def _(math, v63):
    v874 = sum(math.sqrt(x) for x in range(7)) + v63
    return


@app.cell
def _(v54):
    def f875(x):
        return x + v54

    v875 = f875(1)
    return


@app.cell
def _(v45):
    v876 = v45 + 1
    return


@app.cell
def _(v36):
    _t = 877
    v877 = v36 * _t
    return


@app.cell
def _(math, v27):
    v878 = sum(math.sqrt(x) for x in range(11)) + v27
    return


@app.cell
def _(v18):
    def f879(x):
        return x + v18

    v879 = f879(1)
    return


@app.cell
def _(v9):
    v880 = v9 + 1
    return (v880,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 880
    """)
    return


@app.cell
def _(v880):
    _t = 881
    v881 = v880 * _t
    return


@app.cell
def _(math, v872):
    v882 = sum(math.sqrt(x) for x in range(15)) + v872
    return


@app.cell
def _(v864):
    def f883(x):
        return x + v864

    v883 = f883(1)
    return


@app.cell
def _(v856):
    v884 = v856 + 1
    return


@app.cell
def _(v848):
    _t = 885
    v885 = v848 * _t
    return


@app.cell
def _(math, v840):
    v886 = sum(math.sqrt(x) for x in range(2)) + v840
    return


@app.cell
def _(v832):
    def f887(x):
        return x + v832

    v887 = f887(1)
    return


@app.cell
def c888(v824):
    v888 = v824 + 1
    return


@app.cell
def _(v816):
    _t = 889
    v889 = v816 * _t
    return


@app.cell
def _(math, v808):
    v890 = sum(math.sqrt(x) for x in range(6)) + v808
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 890
    """)
    return


@app.cell
def _(v800):
    def f891(x):
        return x + v800

    v891 = f891(1)
    return


@app.cell
def _(v792):
    v892 = v792 + 1
    return


@app.cell
def _(v784):
    _t = 893
    v893 = v784 * _t
    return


@app.cell
def _(math, v776):
    v894 = sum(math.sqrt(x) for x in range(10)) + v776
    return


@app.cell
def _(v768):
    def f895(x):
        return x + v768

    v895 = f895(1)
    return


@app.cell
def _(v760):
    v896 = v760 + 1
    return


@app.cell
def _(v752):
    _t = 897
    v897 = v752 * _t
    return


@app.cell
def _(math, v744):
    v898 = sum(math.sqrt(x) for x in range(14)) + v744
    return


@app.cell
def _(v736):
    def f899(x):
        return x + v736

    v899 = f899(1)
    return


@app.cell
def _(v728):
    v900 = v728 + 1
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 900
    """)
    return


@app.cell(disabled=True)
def _(v720):
    _t = 901
    v901 = v720 * _t
    return


@app.cell
def _(math, v712):
    v902 = sum(math.sqrt(x) for x in range(1)) + v712
    return


@app.cell
def _(v704):
    def f903(x):
        return x + v704

    v903 = f903(1)
    return


@app.cell
def _(v696):
    v904 = v696 + 1
    return


@app.cell
def _(v688):
    _t = 905
    v905 = v688 * _t
    return


@app.cell
def _(math, v680):
    v906 = sum(math.sqrt(x) for x in range(5)) + v680
    return


@app.cell
def _(v672):
    def f907(x):
        return x + v672

    v907 = f907(1)
    return


@app.cell
def _(v664):
    v908 = v664 + 1
    return


@app.cell
def _(v656):
    _t = 909
    v909 = v656 * _t
    return


app._unparsable_cell(
    r"""
    x = (
    """,
    name="broken909"
)


@app.cell
def _(math, v648):
    v910 = sum(math.sqrt(x) for x in range(9)) + v648
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 910
    """)
    return


@app.cell
def _(v640):
    def f911(x):
        return x + v640

    v911 = f911(1)
    return


@app.cell
def _(v632):
    v912 = v632 + 1
    return


@app.cell
def _(v624):
    _t = 913
    v913 = v624 * _t
    return


@app.cell
def _(math, v616):
    v914 = sum(math.sqrt(x) for x in range(13)) + v616
    return


@app.cell
def _(v608):
    def f915(x):
        return x + v608

    v915 = f915(1)
    return


@app.cell
def _(v600):
    v916 = v600 + 1
    return


@app.cell
def _(v592):
    _t = 917
    v917 = v592 * _t
    return


@app.cell
def _(math, v584):
    v918 = sum(math.sqrt(x) for x in range(0)) + v584
    return


@app.cell
def _(v576):
    def f919(x):
        return x + v576

    v919 = f919(1)
    return


@app.cell
def _(v568):
    v920 = v568 + 1
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 920
    """)
    return


@app.cell
def _(v560):
    _t = 921
    v921 = v560 * _t
    return


@app.cell
def _(math, v552):
    v922 = sum(math.sqrt(x) for x in range(4)) + v552
    return


@app.cell
def _(v544):
    def f923(x):
        return x + v544

    v923 = f923(1)
    return


@app.cell
def _(v536):
    v924 = v536 + 1
    return


@app.cell
def c925(v528):
    _t = 925
    v925 = v528 * _t
    return


@app.cell
def _(math, v520):
    v926 = sum(math.sqrt(x) for x in range(8)) + v520
    return


@app.cell
def _(v512):
    def f927(x):
        return x + v512

    v927 = f927(1)
    return


@app.cell
def _(v504):
    v928 = v504 + 1
    return


@app.cell
def _(v496):
    _t = 929
    v929 = v496 * _t
    return


@app.cell
def _(math, v488):
    v930 = sum(math.sqrt(x) for x in range(12)) + v488
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 930
    """)
    return


@app.cell
def _(v480):
    def f931(x):
        return x + v480

    v931 = f931(1)
    return


@app.cell
def _(v472):
    v932 = v472 + 1
    return


@app.cell
def _(v464):
    _t = 933
    v933 = v464 * _t
    return


@app.cell
def _(math, v456):
    v934 = sum(math.sqrt(x) for x in range(16)) + v456
    return (v934,)


@app.cell
def _(v448):
    def f935(x):
        return x + v448

    v935 = f935(1)
    return


@app.cell
def _(v440):
    v936 = v440 + 1
    return


@app.cell
def _(v432):
    _t = 937
    v937 = v432 * _t
    return


@app.cell
def _(math, v424):
    v938 = sum(math.sqrt(x) for x in range(3)) + v424
    return


@app.cell
def _(v416):
    def f939(x):
        return x + v416

    v939 = f939(1)
    return


@app.cell
def _(v408):
    v940 = v408 + 1
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 940
    """)
    return


@app.cell
def _(v400):
    _t = 941
    v941 = v400 * _t
    return (v941,)


@app.cell
def _(math, v392):
    v942 = sum(math.sqrt(x) for x in range(7)) + v392
    return


@app.cell
def _(v384):
    def f943(x):
        return x + v384

    v943 = f943(1)
    return


@app.cell
def _(v376):
    v944 = v376 + 1
    return


@app.cell
def _(v368):
    _t = 945
    v945 = v368 * _t
    return


@app.cell
def _(math, v360):
    v946 = sum(math.sqrt(x) for x in range(11)) + v360
    return


@app.cell
def _(v352):
    def f947(x):
        return x + v352

    v947 = f947(1)
    return


@app.cell
def _(v344):
    v948 = v344 + 1
    return (v948,)


@app.cell
def _(v336):
    _t = 949
    v949 = v336 * _t
    return


@app.cell
def _(math, v328):
    v950 = sum(math.sqrt(x) for x in range(15)) + v328
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 950
    """)
    return


@app.cell
def _(v320):
    def f951(x):
        return x + v320

    v951 = f951(1)
    return


@app.cell
def _(v312):
    v952 = v312 + 1
    return


@app.cell
def _(v304):
    _t = 953
    v953 = v304 * _t
    return


@app.cell(disabled=True)
def _(math, v296):
    v954 = sum(math.sqrt(x) for x in range(2)) + v296
    return


@app.cell
def _(v288):
    def f955(x):
        return x + v288

    v955 = f955(1)
    return (v955,)


@app.cell
def _(v280):
    v956 = v280 + 1
    return


@app.cell
def _(v272):
    _t = 957
    v957 = v272 * _t
    return


@app.cell
def _(math, v264):
    v958 = sum(math.sqrt(x) for x in range(6)) + v264
    return


@app.cell
def _(v256):
    def f959(x):
        return x + v256

    v959 = f959(1)
    return


@app.cell
def _(v248):
    v960 = v248 + 1
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 960
    """)
    return


@app.cell
def _(v240):
    _t = 961
    v961 = v240 * _t
    return


@app.cell
def c962(math, v232):
    v962 = sum(math.sqrt(x) for x in range(10)) + v232
    return (v962,)


@app.cell
def _(v224):
    def f963(x):
        return x + v224

    v963 = f963(1)
    return


@app.cell
def _(v216):
    v964 = v216 + 1
    return


@app.cell
def _(v208):
    _t = 965
    v965 = v208 * _t
    return


@app.cell
def _(math, v200):
    v966 = sum(math.sqrt(x) for x in range(14)) + v200
    return


@app.cell
def _(v192):
    def f967(x):
        return x + v192

    v967 = f967(1)
    return


@app.cell
def _(v184):
    v968 = v184 + 1
    return


@app.cell
def _(v176):
    _t = 969
    v969 = v176 * _t
    return (v969,)


@app.cell
def _(math, v168):
    v970 = sum(math.sqrt(x) for x in range(1)) + v168
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 970
    """)
    return


@app.cell
def _(v160):
    def f971(x):
        return x + v160

    v971 = f971(1)
    return


@app.cell
def _(v152):
    v972 = v152 + 1
    return


@app.cell
def _(v144):
    _t = 973
    v973 = v144 * _t
    return


@app.cell
def _(math, v136):
    v974 = sum(math.sqrt(x) for x in range(5)) + v136
    return


@app.cell
def _(v128):
    def f975(x):
        return x + v128

    v975 = f975(1)
    return


@app.cell
def _(v120):
    v976 = v120 + 1
    return (v976,)


@app.cell
def _(v112):
    _t = 977
    v977 = v112 * _t
    return


@app.cell
def _(math, v104):
    v978 = sum(math.sqrt(x) for x in range(9)) + v104
    return


@app.cell
def _(v96):
    def f979(x):
        return x + v96

    v979 = f979(1)
    return


@app.cell
def _(v88):
    v980 = v88 + 1
    return


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 980
    """)
    return


@app.cell
def _(v80):
    _t = 981
    v981 = v80 * _t
    return


@app.cell
def _(math, v72):
    v982 = sum(math.sqrt(x) for x in range(13)) + v72
    return


@app.cell
def _(v64):
    def f983(x):
        return x + v64

    v983 = f983(1)
    return (v983,)


@app.cell
def _(v56):
    v984 = v56 + 1
    return


@app.cell
def _(v48):
    _t = 985
    v985 = v48 * _t
    return


@app.cell
def _(math, v40):
    v986 = sum(math.sqrt(x) for x in range(0)) + v40
    return


@app.cell
def _(v32):
    def f987(x):
        return x + v32

    v987 = f987(1)
    return


@app.cell
def _(v24):
    v988 = v24 + 1
    return


@app.cell
def _(v16):
    _t = 989
    v989 = v16 * _t
    return


@app.cell
def _(math, v8):
    v990 = sum(math.sqrt(x) for x in range(4)) + v8
    return (v990,)


@app.cell(hide_code=True)
def _(mo):
    mo.md("""
    Section 990
    """)
    return


@app.cell
def _(v990):
    def f991(x):
        return x + v990

    v991 = f991(1)
    return


@app.cell
def _(v983):
    v992 = v983 + 1
    return


@app.cell
def _(v976):
    _t = 993
    v993 = v976 * _t
    return


@app.cell
def _(math, v969):
    v994 = sum(math.sqrt(x) for x in range(8)) + v969
    return


@app.cell
def _(v962):
    def f995(x):
        return x + v962

    v995 = f995(1)
    return


@app.cell
def _(v955):
    v996 = v955 + 1
    return


@app.cell
def _(v948):
    _t = 997
    v997 = v948 * _t
    return


@app.cell
def _(math, v941):
    v998 = sum(math.sqrt(x) for x in range(12)) + v941
    return


@app.cell
def c999(v934):
    def f999(x):
        return x + v934

    v999 = f999(1)
    return


if __name__ == "__main__":
    app.run()

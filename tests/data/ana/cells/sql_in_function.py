def run():
    return mo.sql("SELECT * FROM inner_tbl")

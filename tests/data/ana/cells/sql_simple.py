result = mo.sql("SELECT * FROM df WHERE a > 1")

q = mo.sql("SELECT * FROM MyTable")

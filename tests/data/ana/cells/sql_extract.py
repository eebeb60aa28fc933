q = mo.sql("SELECT EXTRACT(year FROM d) FROM dates")

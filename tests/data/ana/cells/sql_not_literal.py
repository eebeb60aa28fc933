q = mo.sql(query)

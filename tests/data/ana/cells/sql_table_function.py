q = mo.sql("SELECT * FROM read_csv('data.csv') JOIN 'file.parquet' ON 1")

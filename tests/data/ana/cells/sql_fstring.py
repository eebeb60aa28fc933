limit = 5
out = mo.sql(f"SELECT * FROM sales JOIN regions USING (region) LIMIT {limit}")

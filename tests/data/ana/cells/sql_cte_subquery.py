q = mo.sql("WITH c AS (SELECT * FROM base) SELECT * FROM c, (SELECT 1 FROM other) s")

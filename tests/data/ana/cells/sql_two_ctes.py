q = mo.sql("WITH RECURSIVE a AS (SELECT * FROM x), b (c1) AS (SELECT f(a.v), 2 FROM a) SELECT * FROM b, y")

df = mo.sql("CREATE TABLE df AS SELECT 1")

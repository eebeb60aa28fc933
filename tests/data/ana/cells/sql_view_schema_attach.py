mo.sql("""
CREATE SCHEMA IF NOT EXISTS staging;
CREATE TEMP VIEW recent AS SELECT * FROM orders;
ATTACH 'warehouse.db' AS wh;
""")

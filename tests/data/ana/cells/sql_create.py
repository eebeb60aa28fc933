mo.sql("""
CREATE OR REPLACE TABLE summary AS SELECT * FROM raw;
SELECT * FROM summary
""")

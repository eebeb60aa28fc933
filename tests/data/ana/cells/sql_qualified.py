t = duckdb.sql("SELECT * FROM analytics.events e JOIN main.users u ON e.uid = u.id")

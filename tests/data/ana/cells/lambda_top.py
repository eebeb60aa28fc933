key = lambda row: row[col]
sorted_rows = sorted(rows, key=key)

selected_table = mo.sql(
    f"""
    select * from my_db.{table_select_value} LIMIT {limit.value};
    """
)

_df = mo.sql(
    f"""
    SELECT Name, Year, Origin, Horsepower, Miles_per_Gallon,
           Acceleration, Weight_in_lbs
    FROM cars
    WHERE Year BETWEEN {year_range.value[0]} AND {year_range.value[1]}
    {origin_filter}
    ORDER BY Horsepower DESC
    LIMIT {top_n.value}
    """
)

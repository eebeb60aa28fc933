del z

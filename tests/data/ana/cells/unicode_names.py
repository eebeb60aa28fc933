données = 1
π = 3.14
résultat = données * π

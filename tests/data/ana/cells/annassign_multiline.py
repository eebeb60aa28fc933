cfg: dict[
    str,
    int,
] = {}
other: Optional[Tuple[int, str]] = None

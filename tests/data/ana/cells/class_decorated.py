@dataclass(frozen=FROZEN)
class Row:
    a: int
    b: str = 'x'

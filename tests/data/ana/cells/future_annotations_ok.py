from __future__ import annotations
x: Later = 1

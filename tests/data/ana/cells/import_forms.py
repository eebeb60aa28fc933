import os
import a.b.c
import numpy.linalg as la
from m import x, y as z
from . import rel
from ..pkg.mod import thing as other

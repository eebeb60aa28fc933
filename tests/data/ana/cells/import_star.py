import os
from math import *
x = sqrt(2)

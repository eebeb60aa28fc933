"""A docstring that never
ends

import marimo

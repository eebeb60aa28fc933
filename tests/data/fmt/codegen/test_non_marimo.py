import os

import marimo

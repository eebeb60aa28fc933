from pkg import _c
import _thread
import json as _json
_c()

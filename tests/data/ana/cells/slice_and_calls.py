part = arr[lo:hi:step]
obj.method(arg).attr[idx]

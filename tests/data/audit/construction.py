#!/usr/bin/env python3
# construction.py: recompute tests/data/audit/construction.txt with
# Python's hashlib alone, independently of quire and libsodium, from the
# layouts in security.md 2.2 and src/audit_crypto.c. libsodium's
# crypto_kdf_derive_from_key(out, n, id, ctx, key) is BLAKE2b with
# key=key, salt=u64le(id)||0*8, person=ctx||0*8, digest_size=n.
import hashlib
import struct


def kdf(key, subkey_id, ctx, n=32):
    return hashlib.blake2b(b"", digest_size=n, key=key,
                           salt=struct.pack("<Q", subkey_id) + bytes(8),
                           person=ctx + bytes(8)).digest()


# libsodium's own known answer (test/default/kdf.exp), as in security.md 10.
assert kdf(bytes(range(32)), 0, b"KDF test", 64).hex().startswith("a0c72440")
assert kdf(bytes(range(32)), 16, b"KDF test", 16).hex() == \
    "a529216624ef9161e4cf117272aafff2"

a0 = bytes(range(32))
log_id = bytes(range(0x40, 0x50))
seq, ts, epoch = 2, 1700000000000000, 1
prev = b"\xaa" * 32
nonce = bytes(range(0x60, 0x78))
cipher = b"ciphertext-bytes"
a1 = kdf(a0, 1, b"QAEVOLV1")
enc = kdf(a1, seq, b"QAENC001")
mac_key = kdf(a1, seq, b"QAMAC001")
header = (log_id + struct.pack("<QqQ", seq, ts, epoch) +
          bytes([8]) + b"CELL_RUN" + bytes([2]) + b"ok")
h = hashlib.blake2b(prev + header + nonce + cipher, digest_size=32).digest()
mac = hashlib.blake2b(h, digest_size=32, key=mac_key).digest()
for name, value in (("a1", a1), ("enc", enc), ("mac_key", mac_key),
                    ("header", header), ("hash", h), ("mac", mac)):
    print(name, value.hex())

#!/usr/bin/python3
"""Decode an OnionGroove-built v3 descriptor with stem (the reference peer) and print what stem sees as JSON.

usage: stem_decode.py DESCRIPTOR_FILE ONION_ADDRESS PERIOD_NUM PERIOD_LENGTH_MIN [CLIENT_X25519_SECRET_HEX]

stem 1.8 validates the descriptor signature (via the signing cert) and decrypts both layers from the address.
It has no descriptor client-auth support, so with a client key this script derives the descriptor cookie
itself (rend-spec-v3 CLIENT-AUTH) and then uses stem's own layer decryption with SECRET_DATA = blinded key || cookie.
The blinded key is recomputed here independently (stem's ed25519 reference code) and checked against the cert.
"""
import base64, hashlib, json, struct, sys

from stem.descriptor.hidden_service import (HiddenServiceDescriptorV3, OuterLayer, InnerLayer, _blinded_pubkey, _decrypt_layer)
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BASEPOINT = b"(15112221349535400772501151409588531511454012693041857206046113283949847762202, " \
            b"46316835694926478169428394003475163141307993866256225615783033603165251855960)"


def b64d(s):
    return base64.b64decode(s + "=" * (-len(s) % 4))


def main():
    path, address, tp_num, tp_len = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    client_sk = bytes.fromhex(sys.argv[5]) if len(sys.argv) > 5 else None
    with open(path, "rb") as f:
        text = f.read()
    desc = HiddenServiceDescriptorV3.from_str(text.decode("ascii"), validate=True)  # checks the descriptor signature
    identity = HiddenServiceDescriptorV3.identity_key_from_address(address)
    h = hashlib.sha3_256(b"Derive temporary signing key\x00" + identity + BASEPOINT + b"key-blind"
                         + struct.pack(">QQ", tp_num, tp_len)).digest()
    blinded = _blinded_pubkey(identity, h)
    cert = desc.signing_cert
    if cert.signing_key() != blinded:
        raise SystemExit("cert is not signed by the expected blinded key")
    packed = cert.pack()
    Ed25519PublicKey.from_public_bytes(blinded).verify(packed[-64:], packed[:-64])

    subcred = HiddenServiceDescriptorV3._subcredential(identity, blinded)
    if client_sk is None:
        inner = desc.decrypt(address)
        outer = inner.outer
    else:
        outer = OuterLayer._decrypt(desc.superencrypted, desc.revision_counter, subcred, blinded)
        eph = X25519PublicKey.from_public_bytes(b64d(outer.ephemeral_key))
        seed = X25519PrivateKey.from_private_bytes(client_sk).exchange(eph)
        keys = hashlib.shake_256(subcred + seed).digest(40)
        cid = base64.b64encode(keys[:8]).decode().rstrip("=")
        client = outer.clients.get(cid)
        if client is None:
            raise SystemExit("no auth-client line for this client key")
        dec = Cipher(algorithms.AES(keys[8:]), modes.CTR(b64d(client.iv))).decryptor()
        cookie = dec.update(b64d(client.cookie)) + dec.finalize()
        plain = _decrypt_layer(outer.encrypted, b"hsdir-encrypted-data", desc.revision_counter, subcred, blinded + cookie)
        inner = InnerLayer(plain, validate=True, outer_layer=outer)

    out = {
        "revision_counter": desc.revision_counter,
        "lifetime": desc.lifetime,
        "blinded_key": blinded.hex(),
        "signing_key": cert.key.hex(),
        "cert_expires": cert.expiration.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "auth_type": outer.auth_type,
        "auth_clients": len(outer.clients),
        "formats": inner.formats,
        "single_service": inner.is_single_service,
        "intro_points": [{
            "link_specifiers": [ls.pack().hex() for ls in ip.link_specifiers],
            "onion_key": b64d(ip.onion_key_raw).hex(),
            "auth_key": ip.auth_key_cert.key.hex(),
            "enc_key": b64d(ip.enc_key_raw).hex(),
            "enc_key_cert_key": ip.enc_key_cert.key.hex(),
        } for ip in inner.introduction_points],
    }
    print(json.dumps(out))


main()

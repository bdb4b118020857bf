#!/usr/bin/python3
# -*- coding: utf-8 -*-
# Part of OnionGroove. Writes one secret file on a host, byte for byte.
"""Ansible module: place a secret (given base64) in a file, binary-exact, atomically."""

from __future__ import annotations

DOCUMENTATION = r"""
module: oniongroove_secret_file
short_description: Write a secret file from base64 content, binary-exact
description:
  - The built-in copy module with C(content) treats content as text, so a key with bytes that
    are not UTF-8 would be changed on the way. This module decodes base64 on the host and
    writes the bytes unchanged.
  - The file is replaced atomically (temporary file in the same folder, then rename) and only
    when bytes, owner, group or mode differ, so an unchanged key reports no change.
  - The content is never returned, logged or written anywhere else.
options:
  dest:
    description: Absolute path of the file.
    type: path
    required: true
  content_b64:
    description: "The secret, base64 with the standard alphabet."
    type: str
    required: true
  owner:
    description: Owner of the file.
    type: str
    required: true
  group:
    description: Group of the file.
    type: str
    required: true
  mode:
    description: Octal mode as a string.
    type: str
    default: "0600"
  pipelined:
    description:
      - "Set by the oniongroove_secret_file action plugin (ansible/plugins/action) once it has
        checked that the module is piped to the host, never written to a temporary file on the
        controller. The module refuses to run without it: configure action_plugins with library."
    type: bool
    default: false
"""

import base64
import binascii
import grp
import os
import pwd
import stat
import tempfile

from ansible.module_utils.basic import AnsibleModule


def current_state(path):
    """Returns (bytes, uid, gid, mode) of an existing regular file, or None."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return "not-a-file"
    with open(path, "rb") as f:
        return (f.read(), st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode))


def main():
    module = AnsibleModule(
        argument_spec=dict(
            dest=dict(type="path", required=True),
            content_b64=dict(type="str", required=True, no_log=True),
            owner=dict(type="str", required=True),
            group=dict(type="str", required=True),
            mode=dict(type="str", default="0600"),
            pipelined=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    if not module.params["pipelined"]:
        module.fail_json(msg="oniongroove_secret_file ran without its action plugin, which refuses to send a key "
                             "unless the module is pipelined: add ansible/plugins/action to action_plugins "
                             "(the repository's ansible.cfg does) and keep pipelining on")
    dest = module.params["dest"]
    try:
        wanted = base64.b64decode(module.params["content_b64"].strip(), validate=True)
    except (binascii.Error, ValueError):
        module.fail_json(msg="content_b64 is not valid base64 (the value is not shown)")
    if not wanted:
        module.fail_json(msg="content_b64 decodes to nothing; refusing to write an empty key")
    try:
        uid = pwd.getpwnam(module.params["owner"]).pw_uid
        gid = grp.getgrnam(module.params["group"]).gr_gid
    except KeyError as e:
        module.fail_json(msg="unknown user or group: %s" % e)
    try:
        mode = int(module.params["mode"], 8)
    except ValueError:
        module.fail_json(msg="mode must be octal, like 0600")

    state = current_state(dest)
    if state == "not-a-file":
        module.fail_json(msg="%s exists and is not a regular file" % dest)
    if state == (wanted, uid, gid, mode):
        module.exit_json(changed=False, dest=dest)
    if module.check_mode:
        module.exit_json(changed=True, dest=dest)

    folder = os.path.dirname(dest)
    # Created 0600 by mkstemp, so the bytes are never readable by others, even briefly.
    fd, tmp = tempfile.mkstemp(prefix=".og-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(wanted)
            f.flush()
            os.fsync(f.fileno())
        os.chown(tmp, uid, gid)
        os.chmod(tmp, mode)
        os.rename(tmp, dest)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        module.fail_json(msg="cannot write %s: %s" % (dest, e.strerror))
    module.exit_json(changed=True, dest=dest)


if __name__ == "__main__":
    main()

# -*- coding: utf-8 -*-
# Part of OnionGroove. Fetches a key from the team vault on the controller, in memory.
"""Ansible lookup: run the oniongroove CLI and return one key as base64."""

from __future__ import annotations

DOCUMENTATION = r"""
name: oniongroove_key
short_description: A key from the OnionGroove vault, base64, never written to disk
description:
  - "Runs a command on the controller (by default C(oniongroove render key LABEL)) that decrypts
    one key from the vault and prints it base64-encoded on stdout."
  - "With O(raw), the command prints the secret itself (e.g. a signing bundle from
    C(oniongroove site certify SITE --out -)) and the lookup encodes it to base64."
  - "The value stays in memory; pass it only to tasks with C(no_log) set, such as
    oniongroove_secret_file."
options:
  _terms:
    description: Key labels, as the rendered inventory names them.
    required: true
  command:
    description: Program and leading arguments; the label is appended as the last argument.
    type: list
    elements: str
    default: [oniongroove, render, key]
  args:
    description: Arguments appended after the label.
    type: list
    elements: str
    default: []
  raw:
    description: The command prints the secret as is, not base64; the lookup encodes it.
    type: bool
    default: false
"""

import base64
import binascii
import subprocess

from ansible.errors import AnsibleError
from ansible.plugins.loader import action_loader
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

display = Display()

# The action plugin that refuses to send a key unless the module is pipelined (without
# pipelining Ansible writes module arguments to a temporary file on the controller).
GUARD = "oniongroove_secret_file"


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        command = [str(c) for c in self.get_option("command")]
        args = [str(a) for a in self.get_option("args")]
        raw = bool(self.get_option("raw"))
        if not action_loader.has_plugin(GUARD):
            msg = ("oniongroove_key: the %s action plugin is not on this Ansible's action_plugins path, so nothing "
                   "would stop a key from passing through a temporary file on this controller: add "
                   "ansible/plugins/action to action_plugins (the repository's ansible.cfg does)" % GUARD)
            # Key tasks are no_log, which hides the error's text: say it on the display too.
            display.error(msg, wrap_text=False)
            raise AnsibleError(msg)
        values = []
        for ref in terms:
            try:
                proc = subprocess.run(command + [str(ref)] + args, stdin=subprocess.DEVNULL,
                                      capture_output=True, timeout=120, check=False)
            except (OSError, subprocess.TimeoutExpired) as e:
                raise AnsibleError("oniongroove_key: cannot run %s: %s" % (command[0], e))
            if proc.returncode != 0:
                # stderr of our CLI never holds key material; stdout is not shown.
                err = proc.stderr.decode("utf-8", "replace").strip()
                raise AnsibleError("oniongroove_key: %s failed for %s (exit %d): %s"
                                   % (command[0], ref, proc.returncode, err))
            if raw:
                if not proc.stdout:
                    raise AnsibleError("oniongroove_key: %s printed nothing for %s" % (command[0], ref))
                values.append(base64.b64encode(proc.stdout).decode("ascii"))
                continue
            text = proc.stdout.decode("ascii", "replace").strip()
            try:
                if not base64.b64decode(text, validate=True):
                    raise ValueError("empty")
            except (binascii.Error, ValueError):
                raise AnsibleError("oniongroove_key: output for %s is not base64 (not shown)" % ref)
            values.append(text)
        return values

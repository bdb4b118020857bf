# -*- coding: utf-8 -*-
# Part of OnionGroove. Runs on the controller before the oniongroove_secret_file module.
"""Action plugin: send oniongroove_secret_file (and so a key) to a host only over pipelining."""

from __future__ import annotations

from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

display = Display()

REFUSAL = (
    "oniongroove_secret_file: refusing to send a key without pipelining: Ansible would first write "
    "the module with its arguments, the key included, to a temporary file on this controller "
    "(ANSIBLE_LOCAL_TEMP) and then to one on the host. Turn pipelining on: pipelining = True under "
    "[connection] in ansible.cfg (the repository's ansible.cfg has it; run ansible-playbook from the "
    "repository root) or ANSIBLE_PIPELINING=True. keep_remote_files = True and become_method su also "
    "turn pipelining off."
)


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        self._supports_check_mode = True
        # Async runs never pipeline (the module would go through a file).
        self._supports_async = False
        result = super().run(tmp, task_vars)
        del tmp
        # Ansible's own test of whether _execute_module pipes the module over the connection's
        # stdin (connection support, the pipelining option, keep_remote_files, become su) instead
        # of writing it to a temporary file and transferring that (ActionBase._transfer_data).
        if not self._is_pipelining_enabled("new"):
            # Key tasks are no_log, which hides the result's msg: say it on the display too.
            display.error(REFUSAL, wrap_text=False)
            result.update(failed=True, msg=REFUSAL)
            return result
        args = dict(self._task.args)
        # Tells the module it came through this check (it refuses to run without it).
        args["pipelined"] = True
        result.update(self._execute_module(module_args=args, task_vars=task_vars))
        return result

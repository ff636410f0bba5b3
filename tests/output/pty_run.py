"""Runs spsim with its stderr on a pseudo-terminal, so it draws its progress bar as a user
sees it, and lets a test act on what it has printed so far (send a signal once the bar shows
enough replications done).

    status, text = run_on_pty(cmd, watch)

watch(text, process) is called after every read with all of stderr so far; the run is given
at most `limit` seconds (then it is waited for as it is)."""
import os
import pty
import select
import subprocess
import time


def run_on_pty(cmd, watch, limit=600, poll=0.1):
    master, slave = pty.openpty()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    text = ""
    deadline = time.time() + limit
    while time.time() < deadline:
        ready, _, _ = select.select([master], [], [], poll)
        if ready:
            try:
                chunk = os.read(master, 4096).decode(errors="replace")
            except OSError:  # the terminal closed with the process
                chunk = ""
            if not chunk and p.poll() is not None:
                break
            text += chunk
        elif p.poll() is not None:
            break
        watch(text, p)
    status = p.wait()
    os.close(master)
    return status, text

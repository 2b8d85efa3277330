#!/usr/bin/python3
"""Stands in for lvsd where a test checks how pulse runs its child, not what lvsd does: prints
its arguments, says which signals it gets and each line pulse writes to it ("go" to a parked
lvsd), exits 0 on TERM, and exits when its standard input (the pipe pulse keeps open) reaches end
of file, as the real lvsd does when pulse dies.
Each line also goes to the file named by FAKE_LVSD_LOG, which outlives pulse's stdout."""
import os
import signal
import sys

pid = os.getpid()


def say(text):
    line = "fake lvsd %d %s" % (pid, text)
    log = os.environ.get("FAKE_LVSD_LOG")
    if log:
        with open(log, "a") as f:
            f.write(line + "\n")
    try:
        print(line, flush=True)
    except BrokenPipeError:
        pass  # pulse is gone and its stdout with it


def on_term(signum, frame):
    say("got TERM")
    sys.exit(0)


signal.signal(signal.SIGTERM, on_term)
signal.signal(signal.SIGHUP, lambda signum, frame: say("got HUP"))
say("started: " + " ".join(sys.argv[1:]))
for line in sys.stdin.buffer:
    say("got " + line.decode("utf-8", "replace").rstrip("\n"))
say("saw its standard input closed")

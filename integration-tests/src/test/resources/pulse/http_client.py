#!/usr/bin/python3
"""A client that keeps asking, for failover tests: a new TCP connection to HOST:PORT every
INTERVAL seconds, an HTTP/1.0 GET with TIMEOUT seconds for the whole exchange, and one line per
attempt on stdout:
  ok EPOCH BODY        EPOCH: wall-clock seconds when the answer was complete
  fail EPOCH REASON    EPOCH: when the attempt gave up
Usage: http_client.py HOST PORT INTERVAL TIMEOUT
"""
import socket
import sys
import time

host, port, interval, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
request = ("GET / HTTP/1.0\r\nHost: %s\r\n\r\n" % host).encode()
print("started", flush=True)
while True:
    began = time.monotonic()
    try:
        with socket.create_connection((host, port), timeout=timeout) as conn:
            conn.settimeout(max(0.001, timeout - (time.monotonic() - began)))
            conn.sendall(request)
            reply = b""
            while True:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                reply += chunk
        head, _, body = reply.partition(b"\r\n\r\n")
        if head.split(b"\r\n")[0].startswith((b"HTTP/1.0 200", b"HTTP/1.1 200")):
            print("ok %.6f %s" % (time.time(), " ".join(body.decode("utf-8", "replace").split())), flush=True)
        else:
            print("fail %.6f bad reply %r" % (time.time(), head[:40]), flush=True)
    except OSError as e:
        print("fail %.6f %s" % (time.time(), e.__class__.__name__), flush=True)
    pause = interval - (time.monotonic() - began)
    if pause > 0:
        time.sleep(pause)

"""The client of the multi-active tests, lab and benchmark: HTTP to VIP:PORT through the router.

  ecmp_client.py VIP PORT spread N   N requests, each on a new connection (a new source port),
                                     one line each: "ok PORT SERVER" or "fail PORT REASON";
                                     then "spread done ok=K fail=F".
  ecmp_client.py VIP PORT hold N     opens N keep-alive connections, asks once on each
                                     ("open PORT SERVER"), says "held N", then on each line
                                     "check" read from stdin asks again on every one and says
                                     "broken PORT REASON" for each that failed or moved to
                                     another real server, then "checked ok=K broken=B".
"""
import http.client
import socket
import sys

vip, port, mode, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
TIMEOUT = 20


def ask(conn):
    conn.request("GET", "/")
    response = conn.getresponse()
    return response.read().decode().strip()


def local_port(conn):
    return conn.sock.getsockname()[1] if conn.sock else 0


if mode == "spread":
    ok = fail = 0
    for _ in range(count):
        conn = http.client.HTTPConnection(vip, port, timeout=TIMEOUT)
        try:
            conn.connect()
            lport = local_port(conn)
            print("ok", lport, ask(conn), flush=True)
            ok += 1
        except (OSError, http.client.HTTPException) as e:
            print("fail", local_port(conn), type(e).__name__, flush=True)
            fail += 1
        finally:
            conn.close()
    print("spread done ok=%d fail=%d" % (ok, fail), flush=True)
elif mode == "hold":
    held = []
    for _ in range(count):
        conn = http.client.HTTPConnection(vip, port, timeout=TIMEOUT)
        conn.connect()
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        server = ask(conn)
        held.append((conn, local_port(conn), server))
        print("open", local_port(conn), server, flush=True)
    print("held", len(held), flush=True)
    broken_ports = set()
    for line in sys.stdin:
        if line.strip() != "check":
            continue
        ok = 0
        for conn, lport, server in held:
            if lport in broken_ports:
                continue
            try:
                now = ask(conn)
                if now != server:
                    raise OSError("moved from %s to %s" % (server, now))
                ok += 1
            except (OSError, http.client.HTTPException) as e:
                broken_ports.add(lport)
                print("broken", lport, type(e).__name__, str(e).replace("\n", " "), flush=True)
        print("checked ok=%d broken=%d" % (ok, len(broken_ports)), flush=True)
else:
    sys.exit("unknown mode " + mode)

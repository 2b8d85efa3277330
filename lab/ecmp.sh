# lab/ecmp.sh: the steps of `lab/run --ecmp`, sourced by lab/run (which gives the narration,
# await, namespaces, clean-up and the VM).
#
# Three directors in director_mode = multi_active, each running pulse (lvsd, nannies) and its own
# BIRD, announce the VIP by BGP to a router (BIRD, ECMP, BFD 100 ms x 3) that spreads the
# client's connections over them; real servers by direct routing; scheduler mh. Then one director
# dies (kill -9 of pulse, lvsd, nannies and BIRD) and the route shrinks while the client is
# still served.

E_VIP=10.6.3.100
E_ROUTER=10.6.1.254
E_ROUTER_CLIENT_SIDE=10.6.2.254
E_CLIENT=10.6.2.100
E_DIRECTORS=(d1 d2 d3)
# BFD 100 ms x 3 and BGP hold 3 s, as a real site would run; in the VM (TCG emulation) BIRD is
# not scheduled every 100 ms and BFD drops healthy sessions, so there 300 ms x 10 and 15 s.
E_BFD_MS=100 E_BFD_MULT=3 E_HOLD=3

e_director_address() { echo "10.6.1.$((200 + ${1#d}))"; }   # d1 -> 10.6.1.201
e_server_address() { echo "10.6.1.$((220 + $1))"; }

ecmp_build_topology() {
    step "Building the network: namespaces lab-*, a LAN for the router, directors and real servers, and one for the client"
    new_ns lan
    ip -n lab-lan link add lab-br0 type bridge
    ip -n lab-lan link set lab-br0 up
    ip -n lab-lan link add lab-br1 type bridge
    ip -n lab-lan link set lab-br1 up

    new_ns router
    plug router eth0 "$E_ROUTER/24" lab-br0
    plug router eth1 "$E_ROUTER_CLIENT_SIDE/24" lab-br1
    # hash each flow on its addresses and ports, so that the client's connections spread
    in_ns router sysctl -qw net.ipv4.ip_forward=1 net.ipv4.fib_multipath_hash_policy=1
    say "router  $E_ROUTER / $E_ROUTER_CLIENT_SIDE   BIRD; ECMP hashing on ports (fib_multipath_hash_policy = 1)"
    new_ns client
    plug client eth0 "$E_CLIENT/24" lab-br1
    ip -n lab-client route add default via "$E_ROUTER_CLIENT_SIDE"
    say "client  $E_CLIENT                behind the router"

    local d i name address
    for d in "${E_DIRECTORS[@]}"; do
        new_ns "$d"
        plug "$d" eth0 "$(e_director_address "$d")/24" lab-br0
        ip -n "lab-$d" route add default via "$E_ROUTER"
        say "$d      $(e_director_address "$d")                director, multi_active: pulse, lvsd, nannies and its own BIRD"
    done
    for ((i = 1; i <= servers; i++)); do
        name=web$i
        address=$(e_server_address "$i")
        new_ns "$name"
        plug "$name" eth0 "$address/24" lab-br0
        ip -n "lab-$name" route add default via "$E_ROUTER"
        in_ns "$name" sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
        ip -n "lab-$name" addr add "$E_VIP/32" dev lo
        say "$name    $address                real server, holds the VIP $E_VIP on lo, answers through the router"
        mkdir -p "$tmp/$name"
        echo "$name" >"$tmp/$name/index.html"
        in_ns "$name" /usr/bin/python3 -m http.server 80 --directory "$tmp/$name" \
            >"$tmp/$name.log" 2>&1 </dev/null &
    done
    for ((i = 1; i <= servers; i++)); do
        await "$WAIT" "web$i answering HTTP" answers_with_own_name "web$i"
    done
    say "Each real server answers HTTP on port 80 with its own name."
}

ecmp_start_router() {
    step "The router's BIRD ($tmp/router/bird.conf): a passive BGP session per director, BFD $E_BFD_MS ms x $E_BFD_MULT, all paths to the kernel"
    mkdir -p "$tmp/router"
    {
        printf 'log stderr all;\nrouter id %s;\nprotocol device { }\n' "$E_ROUTER"
        printf 'protocol bfd {\n    interface "*" { min rx interval %d ms; min tx interval %d ms; multiplier %d; };\n}\n' \
            "$E_BFD_MS" "$E_BFD_MS" "$E_BFD_MULT"
        printf 'protocol kernel {\n    merge paths yes;              # one route, one nexthop per director\n'
        printf '    ipv4 { import none; export all; };\n}\n'
        printf 'template bgp director {\n    local as 65000;\n    passive;\n    bfd on;\n    hold time %d;\n' "$E_HOLD"
        printf '    error wait time 1, 2;\n    ipv4 { import all; export none; };\n}\n'
        local d
        for d in "${E_DIRECTORS[@]}"; do
            printf 'protocol bgp %s from director { neighbor %s as 65001; }\n' "$d" "$(e_director_address "$d")"
        done
    } >"$tmp/router/bird.conf"
    indent <"$tmp/router/bird.conf"
    in_ns router bird -f -c "$tmp/router/bird.conf" -s "$tmp/router/bird.ctl" >"$tmp/router-bird.log" 2>&1 </dev/null &
    await "$WAIT" "the router's BIRD answering birdc" birdc -s "$tmp/router/bird.ctl" show status
}

ecmp_write_config() { # D: the director's lvs.cf (they differ only in their BIRD files)
    local d=$1 i
    mkdir -p "$tmp/$d"
    {
        printf '%s\n' "serial_no = 1" "service = lvs" "network = direct" "keepalive = 1" "deadtime = 3" \
            "debug_level = NONE" "" "director_mode = multi_active" "bgp_local_as = 65001" "bgp_peer_as = 65000" \
            "bgp_neighbors = $E_ROUTER" "bgp_hold_time = $E_HOLD" "bgp_bfd = 1" "bgp_bfd_interval = $E_BFD_MS" \
            "bgp_bfd_multiplier = $E_BFD_MULT" \
            "withdraw_wait = 2" "bird_config = $tmp/$d/piranha.conf" "bird_socket = $tmp/$d/bird.ctl" "" \
            "virtual www {" "    active = 1" "    address = $E_VIP piranha0" "    port = 80" "    protocol = tcp" \
            "    scheduler = mh" "    scheduler_flags = mh-fallback mh-port" \
            '    send = "GET / HTTP/1.0\r\n\r\n"' '    expect = "HTTP"' "    timeout = 3" "    reentry = 3"
        for ((i = 1; i <= servers; i++)); do
            printf '\n    server web%d {\n        address = %s\n        active = 1\n    }\n' "$i" "$(e_server_address "$i")"
        done
        echo "}"
    } >"$tmp/$d/lvs.cf"
}

ecmp_start_directors() {
    local d
    for d in "${E_DIRECTORS[@]}"; do
        ecmp_write_config "$d"
    done
    step "Writing each director's lvs.cf; d1's ($tmp/d1/lvs.cf), the others differ only in bird_config and bird_socket:"
    indent <"$tmp/d1/lvs.cf"
    step "Checking it: pulse --check-config -c $tmp/d1/lvs.cf (it warns that BIRD is not running yet)"
    "$sbin/pulse" --check-config -c "$tmp/d1/lvs.cf" 2>&1 | indent \
        || fail "pulse --check-config found errors in $tmp/d1/lvs.cf"

    step "Preparing nanny's class-data archive (once per build): piranha-cds"
    PIRANHA_CDS_DIR="$root/packaging/target/lab-cds" \
        "$root/packaging/target/root/usr/share/piranha/bin/piranha-cds" 2>&1 | indent || true
    step "Starting each director's BIRD on a bird.conf that includes the file pulse writes; d1's:"
    for d in "${E_DIRECTORS[@]}"; do
        printf 'log stderr all;\nrouter id %s;\nprotocol device { }\ninclude "%s";\n' \
            "$(e_director_address "$d")" "$tmp/$d/piranha.conf" >"$tmp/$d/bird.conf"
        : >"$tmp/$d/piranha.conf"   # an empty include until pulse writes it
        in_ns "$d" bird -f -c "$tmp/$d/bird.conf" -s "$tmp/$d/bird.ctl" >"$tmp/$d-bird.log" 2>&1 </dev/null &
    done
    indent <"$tmp/d1/bird.conf"
    step "Starting pulse on every director: pulse -n -c $tmp/dN/lvs.cf, logs in $tmp/dN-pulse.log"
    for d in "${E_DIRECTORS[@]}"; do
        ip netns exec "lab-$d" env PIRANHA_CDS_DIR="$root/packaging/target/lab-cds" \
            "$sbin/pulse" -n -c "$tmp/$d/lvs.cf" --status-socket="$tmp/$d-status.sock" \
            >"$tmp/$d-pulse.log" 2>&1 </dev/null &
        disown $!
    done
    local began=$SECONDS
    for d in "${E_DIRECTORS[@]}"; do
        await "$WAIT" "$d's pulse announcing $E_VIP" log_has "$d" "announcing $E_VIP"
    done
    await "$WAIT" "the router's route to $E_VIP through all three directors" nexthops_are 3
    say "After $((SECONDS - began)) s, every director announces $E_VIP. d1's pulse log so far:"
    indent <"$tmp/d1-pulse.log"
    step "The include pulse wrote for d1's BIRD ($tmp/d1/piranha.conf):"
    indent <"$tmp/d1/piranha.conf"
}

nexthop_count() { ip -n lab-router route show "$E_VIP" | grep -c 'via ' || true; }
nexthops_are() { [[ $(nexthop_count) -eq $1 ]]; }

ecmp_show_route() {
    step "The router's route to the VIP: ip netns exec lab-router ip route show $E_VIP"
    ip -n lab-router route show "$E_VIP" | indent
}

# Conns of the VIP's service in D's IPVS table: how many connections it scheduled.
scheduled() { in_ns "$1" ipvsadm -Ln --stats -t "$E_VIP:80" | awk -v s="$E_VIP:80" '$2 == s { print $3 }'; }

# COUNT requests from the client, each on a new connection; prints who answered each.
ecmp_requests() {
    local count=$1 i answer answers=()
    for ((i = 1; i <= count; i++)); do
        answer=$(in_ns client curl -s --max-time 10 "http://$E_VIP/") || fail "request $i through $E_VIP got no answer"
        answers+=("$answer")
    done
    say "answered by: ${answers[*]}"
}

ecmp_spread() {
    local count=30 i d before=() after
    for d in "${E_DIRECTORS[@]}"; do before+=("$(scheduled "$d")"); done
    step "Sending $count requests from the client, each on a new connection (a new source port): curl http://$E_VIP/"
    ecmp_requests "$count"
    say "How many of these connections each director's IPVS scheduled (ipvsadm -Ln --stats, Conns):"
    i=0
    for d in "${E_DIRECTORS[@]}"; do
        after=$(scheduled "$d")
        say "    $d: $((after - before[i])) of $count"
        ((after - before[i] > 0)) || fail "the router sent none of the $count connections to $d"
        i=$((i + 1))
    done
    say "The router hashed each connection to one director; mh picked its real server."
}

ecmp_kill_director() {
    step "Starting a client that asks through the VIP every 0.1 s, each time on a new connection (log in $tmp/client.log)"
    start_client_loop
    await "$WAIT" "the client's first answer" grep -q '^ok ' "$tmp/client.log"

    step "d2 dies: kill -9 of everything in it (pulse, lvsd, the nannies, BIRD)"
    local killed_at gone outage failed
    killed_at=$(date +%s.%N)
    ip netns pids lab-d2 | xargs -r kill -9
    say "The router's BGP session with d2 ends with d2's BIRD (had the machine frozen, BFD would notice within $((E_BFD_MS * E_BFD_MULT)) ms)."
    await "$WAIT" "the router dropping d2 from the route" nexthops_are 2
    gone=$(awk -v a="$killed_at" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
    ecmp_show_route
    say "d2 left the route ${gone} s after the kill (as seen polling ip route every 0.2 s)."
    await "$WAIT" "the client being served after the kill" served_again "$killed_at"
    outage=$(outage_since "$killed_at")
    stop_client_loop
    failed=$(awk -v t="$killed_at" '$2 >= t && $1 == "fail"' "$tmp/client.log" | wc -l)
    step "The client after the kill: $failed failed attempt(s); unanswered for ${outage} s at most"
    step "Sending 10 more requests: the router now spreads them over d1 and d3"
    ecmp_requests 10
    say "All answered."
}

ecmp_main() {
    VIP=$E_VIP   # for the helpers of lab/run (the client loop)
    if $inside; then   # in the VM that lab/run booted
        E_BFD_MS=300 E_BFD_MULT=10 E_HOLD=15
    fi
    step "A piranha lab in multi-active mode: three directors announce one VIP by BGP, a router spreads it by ECMP, $servers real server(s)"
    $inside && say "(In the VM: BFD 300 ms x 10 and BGP hold 15 s, since its emulated CPU cannot keep BFD's 100 ms pace.)"
    ecmp_build_topology
    ecmp_start_router
    ecmp_start_directors
    ecmp_show_route
    step "The router's BGP sessions: birdc show protocols"
    birdc -s "$tmp/router/bird.ctl" show protocols | indent
    step "d1's IPVS table: ip netns exec lab-d1 ipvsadm -Ln (d2 and d3 hold the same)"
    in_ns d1 ipvsadm -Ln | indent
    ecmp_spread
    ecmp_kill_director
}

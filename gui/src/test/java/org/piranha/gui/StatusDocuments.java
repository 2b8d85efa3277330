package org.piranha.gui;

/** Status plane documents (schema 1) as pulse sends them, for the monitoring panel's tests. */
final class StatusDocuments {

    private StatusDocuments() {}

    static final String ACTIVE = """
            {"schema": 1, "generated": "2026-12-06T10:00:00Z", "future_field": {"ignored": true},
             "pulse": {"pid": 4242, "version": "0.9.0", "started": "2026-12-06T09:00:00Z", "norun": false},
             "router": {"name": "primary", "address": "10.6.1.201", "role": "active", "since": "2026-12-06T09:00:05Z",
                        "since_age_s": 3595, "reason": "partner silent for deadtime"},
             "partner": {"addresses": ["10.6.1.202"], "alive": true, "last_heartbeat": "2026-12-06T09:59:59Z",
                         "last_heartbeat_age_s": 1.2, "path": "public", "links": [{"interface": "eth0", "up": true}]},
             "addresses": [{"address": "10.6.1.100", "prefix": 24, "interface": "eth0", "label": "eth0:1", "kind": "vip"}],
             "config": {"path": "/etc/sysconfig/ha/lvs.cf", "serial_no": 7, "sha256": "00", "loaded": "2026-12-06T09:00:00Z",
                        "changed_on_disk": false},
             "lvsd": {"running": true, "pid": 4243, "last_report": "2026-12-06T09:59:58Z", "hot_standby_ready": false},
             "services": [{"name": "web", "address": "10.6.1.100", "port": 80, "fwmark": null, "protocol": "tcp",
                           "scheduler": "wlc", "persistent": 0, "active": true, "sorry_server": null, "sorry_server_in_use": false,
                           "real_servers": [
                             {"name": "web1", "address": "10.6.2.11", "port": 80, "state": "up", "weight": 1, "configured_weight": 1,
                              "active_conns": 3, "inactive_conns": 10, "conns_per_s": 1, "bytes_in_per_s": 100, "bytes_out_per_s": 1000,
                              "conns_total": 50, "packets_in": 1, "packets_out": 2, "bytes_in": 3, "bytes_out": 4},
                             {"name": "web2", "address": "10.6.2.12", "port": 80, "state": "down", "weight": null, "configured_weight": 1,
                              "active_conns": null, "inactive_conns": null, "conns_per_s": null, "bytes_in_per_s": null,
                              "bytes_out_per_s": null, "conns_total": null, "packets_in": null, "packets_out": null,
                              "bytes_in": null, "bytes_out": null}]}],
             "problems": []}""";
}

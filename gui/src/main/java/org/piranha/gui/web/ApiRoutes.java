package org.piranha.gui.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.util.stream.Collectors;
import org.piranha.gui.config.ConfigFile;
import org.piranha.gui.config.ConfigStore;
import org.piranha.gui.config.SaveResult;
import org.piranha.gui.partner.Partner;
import org.piranha.gui.status.StatusClient;

/**
 * The scriptable API, behind the same authentication as the pages:
 * {@code GET /api/config} (lvs.cf, its revision in ETag), {@code PUT /api/config} (validated,
 * If-Match checked) and {@code GET /api/status} (the status plane's JSON as pulse gave it).
 */
public final class ApiRoutes {

    private final ConfigStore store;
    private final StatusClient status;
    private final Partner partner;

    public ApiRoutes(ConfigStore store, StatusClient status, Partner partner) {
        this.store = store;
        this.status = status;
        this.partner = partner;
    }

    public void getConfig(Context ctx) throws IOException {
        ConfigFile file = store.read();
        if (!file.exists()) {
            ctx.status(404).contentType("text/plain; charset=utf-8")
                    .result(store.path() + ": no such file\n");
            return;
        }
        ctx.header("ETag", file.etag()).contentType("text/plain; charset=utf-8").result(file.text());
    }

    public void putConfig(Context ctx) throws IOException {
        String ifMatch = ctx.header("If-Match");
        ConfigFile current = store.read();
        String base;
        if (ifMatch == null || ifMatch.equals("*")) {
            base = current.revision();
        } else {
            base = ifMatch.strip().replace("W/", "").replace("\"", "");
        }
        String who = Pages.user(ctx);
        boolean replica = Partner.REPLICA_VALUE.equals(ctx.header(Partner.REPLICA_HEADER));
        SaveResult result = store.save(ctx.body(), base, replica ? who + " (sent by the partner)" : who, ctx.ip(), replica);
        ctx.contentType("text/plain; charset=utf-8");
        if (result instanceof SaveResult.Written written) {
            String text = "written: " + ConfigStore.summary(written.diff()) + "\n";
            if ("send".equals(ctx.queryParam("partner"))) {
                text += toPartner(ctx, written.file());
            }
            ctx.header("ETag", written.file().etag()).result(text);
        } else if (result instanceof SaveResult.Stale stale) {
            ctx.status(412).header("ETag", stale.current().etag())
                    .result(store.path() + " changed since revision " + base
                            + ": nothing written; GET it again and redo the change\n");
        } else if (result instanceof SaveResult.Invalid invalid) {
            ctx.status(422).result(invalid.errors().stream().map(Object::toString)
                    .collect(Collectors.joining("\n", "", "\n")));
        }
    }

    /** ?partner=send: after the local write, the same file to the partner; its outcome in X-Piranha-Partner. */
    private String toPartner(Context ctx, ConfigFile file) {
        if (partner == null) {
            ctx.header("X-Piranha-Partner", "none");
            return "partner: none configured (piranha-gui --partner URL)\n";
        }
        Partner.Outcome sent = partner.send(file.text());
        ctx.header("X-Piranha-Partner", sent.ok() ? "sent" : "failed");
        return sent.ok() ? "partner: sent to " + partner.url() + "\n" : "partner: not sent: " + sent.error() + "\n";
    }

    public void getStatus(Context ctx) throws IOException {
        var document = status.read();
        if (document.isEmpty()) {
            ctx.status(503).contentType("application/json").result(com.fasterxml.jackson.jr.ob.JSON.std.asString(
                    java.util.Map.of("error", "pulse is not running (no status socket at " + status.socket() + ")")));
            return;
        }
        ctx.contentType("application/json").result(document.get());
    }
}

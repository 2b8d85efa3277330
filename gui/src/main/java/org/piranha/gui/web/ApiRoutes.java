package org.piranha.gui.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.util.stream.Collectors;
import org.piranha.gui.config.ConfigFile;
import org.piranha.gui.config.ConfigStore;
import org.piranha.gui.config.SaveResult;
import org.piranha.gui.status.StatusClient;

/**
 * The scriptable API, behind the same authentication as the pages:
 * {@code GET /api/config} (lvs.cf, its revision in ETag), {@code PUT /api/config} (validated,
 * If-Match checked) and {@code GET /api/status} (the status plane's JSON as pulse gave it).
 */
public final class ApiRoutes {

    private final ConfigStore store;
    private final StatusClient status;

    public ApiRoutes(ConfigStore store, StatusClient status) {
        this.store = store;
        this.status = status;
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
        SaveResult result = store.save(ctx.body(), base, who, ctx.ip());
        ctx.contentType("text/plain; charset=utf-8");
        if (result instanceof SaveResult.Written written) {
            ctx.header("ETag", written.file().etag()).result("written: " + ConfigStore.summary(written.diff()) + "\n");
        } else if (result instanceof SaveResult.Stale stale) {
            ctx.status(412).header("ETag", stale.current().etag())
                    .result(store.path() + " changed since revision " + base
                            + ": nothing written; GET it again and redo the change\n");
        } else if (result instanceof SaveResult.Invalid invalid) {
            ctx.status(422).result(invalid.errors().stream().map(Object::toString)
                    .collect(Collectors.joining("\n", "", "\n")));
        }
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

package org.piranha.gui.web;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.piranha.gui.auth.Authenticator;
import org.piranha.gui.auth.LoginThrottle;
import org.piranha.gui.auth.Session;
import org.piranha.gui.auth.Sessions;
import org.piranha.gui.config.ConfigEditor;
import org.piranha.gui.config.ConfigFile;
import org.piranha.gui.config.ConfigStore;
import org.piranha.gui.config.EditResult;
import org.piranha.gui.config.FormValues;
import org.piranha.gui.config.SaveResult;
import org.piranha.gui.partner.Partner;
import org.piranha.gui.status.StatusClient;
import org.piranha.gui.status.StatusView;
import org.piranha.gui.web.Views.FieldView;
import org.piranha.gui.web.Views.Frame;
import org.piranha.lvscf.ConfigDiff;
import org.piranha.lvscf.GlobalField;
import org.piranha.lvscf.GlobalSettings;
import org.piranha.lvscf.LoadResult;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.LvsConfigWriter;
import org.piranha.lvscf.RealServer;
import org.piranha.lvscf.ServiceField;
import org.piranha.lvscf.SourceMap;
import org.piranha.lvscf.VirtualService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTML panels: every main flow works with forms and links only, no JavaScript. */
public final class Pages {

    private static final Logger LOG = LoggerFactory.getLogger(Pages.class);

    static final List<String> REDUNDANCY_KEYS = List.of("backup_active", "backup", "backup_private", "heartbeat",
            "heartbeat_port", "keepalive", "deadtime", "monitor_links", "syncdaemon", "syncd_iface", "syncd_id");
    static final List<String> SCRIPT_KEYS = List.of("send_program", "send", "expect", "use_regex");
    /** Values Piranha's MONITORING SCRIPTS page wrote in double quotes. */
    private static final Set<String> QUOTED = Set.of("send", "expect", "send_program");
    /** Keys taking two words (IP DEV), never quoted. */
    private static final Set<String> TWO_WORDS = Set.of("address", "nat_router");

    private final TemplateEngine templates;
    private final ConfigStore store;
    private final ConfigEditor editor;
    private final StatusClient status;
    private final Sessions sessions;
    private final Authenticator authenticator;
    private final LoginThrottle throttle;
    private final boolean secureCookie;
    private final Partner partner;

    public Pages(TemplateEngine templates, ConfigStore store, ConfigEditor editor, StatusClient status,
                 Sessions sessions, Authenticator authenticator, LoginThrottle throttle, boolean secureCookie,
                 Partner partner) {
        this.partner = partner;
        this.templates = templates;
        this.store = store;
        this.editor = editor;
        this.status = status;
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.secureCookie = secureCookie;
    }

    public static String user(Context ctx) {
        String user = ctx.attribute(SecurityGate.USER_ATTRIBUTE);
        return user != null ? user : "?";
    }

    // ---- login ----

    public void loginPage(Context ctx) {
        render(ctx, "login.jte", Map.of("login", new Views.Login(null, "piranha")));
    }

    public void login(Context ctx) {
        String client = ctx.ip();
        long wait = throttle.secondsBlocked(client);
        if (wait > 0) {
            ctx.status(429).header("Retry-After", Long.toString(wait));
            render(ctx, "login.jte", Map.of("login", new Views.Login(
                    "Too many wrong passwords from your address: wait " + wait + " s.", "piranha")));
            return;
        }
        String user = Optional.ofNullable(ctx.formParam("user")).orElse("");
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        if (!authenticator.check(user, password.toCharArray())) {
            throttle.failed(client);
            LOG.warn("wrong password for user {} from {}", SecurityGate.printable(user), client);
            ctx.status(401);
            render(ctx, "login.jte", Map.of("login", new Views.Login("Wrong user or password.", user)));
            return;
        }
        throttle.succeeded(client);
        Session session = sessions.create(user);
        LOG.info("user {} logged in from {}", user, client);
        ctx.header("Set-Cookie", Sessions.COOKIE + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Strict"
                + (secureCookie ? "; Secure" : ""));
        ctx.redirect("/control", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    public void logout(Context ctx) {
        Session session = ctx.attribute(SecurityGate.SESSION_ATTRIBUTE);
        if (session != null) {
            sessions.remove(session);
        }
        ctx.header("Set-Cookie", Sessions.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
        ctx.redirect(Routes.LOGIN, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    public void stylesheet(Context ctx) throws IOException {
        try (InputStream in = Pages.class.getResourceAsStream("/org/piranha/gui/static/piranha.css")) {
            ctx.contentType("text/css; charset=utf-8").header("Cache-Control", "max-age=3600").result(in.readAllBytes());
        }
    }

    // ---- CONTROL/MONITORING ----

    public void control(Context ctx) throws IOException {
        boolean refresh = !"off".equals(ctx.queryParam("refresh"));
        StatusView view;
        try {
            view = status.read().map(StatusView::parse)
                    .orElseGet(() -> StatusView.notRunning("no status socket at " + status.socket()));
        } catch (IOException e) {
            view = StatusView.notRunning(e.getMessage());
        }
        ConfigFile file = store.read();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("frame", frame(ctx, "CONTROL/MONITORING", "control", refresh ? 10 : 0, file));
        model.put("status", view);
        model.put("localSha", file.revision());
        model.put("autoRefresh", refresh);
        model.put("partner", partnerState(file));
        render(ctx, "control.jte", model);
    }

    /** Whether the partner's piranha-gui holds the same lvs.cf as this router (null: no --partner). */
    private Views.PartnerState partnerState(ConfigFile local) {
        if (partner == null) {
            return null;
        }
        Partner.Outcome theirs = partner.revision();
        return new Views.PartnerState(partner.url().toString(), theirs.ok() && theirs.revision().equals(local.revision()),
                theirs.revision(), theirs.error());
    }

    /** SEND lvs.cf TO THE PARTNER: this router's file as it is now. */
    public void sendToPartner(Context ctx) throws IOException {
        if (partner == null) {
            message(ctx, 404, "Partner", "No partner is configured: start piranha-gui with --partner URL.", "/control");
            return;
        }
        ConfigFile file = store.read();
        if (!file.exists() || !store.check(file.text()).isValid()) {
            message(ctx, 409, "Partner", store.path() + " is missing or not valid here: nothing sent.", "/control");
            return;
        }
        String result = toPartner(ctx, file);
        message(ctx, result.startsWith("Sent") ? 200 : 502, "Partner", result, "/control");
    }

    private String toPartner(Context ctx, ConfigFile file) {
        Partner.Outcome sent = partner.send(file.text());
        if (sent.ok()) {
            LOG.info("{} sent to the partner {} by {} from {}", store.path(), partner.url(), user(ctx), ctx.ip());
            return "Sent to the partner " + partner.url() + (sent.revision().equals(file.revision())
                    ? ": it holds the same lvs.cf now."
                    : ": it wrote it with its own serial_no, so the files differ; see CONTROL/MONITORING.");
        }
        LOG.warn("{} not sent to the partner {}: {}", store.path(), partner.url(), sent.error());
        return "Not sent to the partner: " + sent.error();
    }

    // ---- GLOBAL SETTINGS and REDUNDANCY ----

    public void globalPage(Context ctx) throws IOException {
        showGlobals(ctx, "global", globalKeys(), null, null, List.of());
    }

    public void redundancyPage(Context ctx) throws IOException {
        showGlobals(ctx, "redundancy", REDUNDANCY_KEYS, null, null, List.of());
    }

    public void saveGlobals(Context ctx) throws IOException {
        String section = ctx.path().startsWith("/redundancy") ? "redundancy" : "global";
        List<String> keys = section.equals("redundancy") ? REDUNDANCY_KEYS : globalKeys();
        Optional<Loaded> loaded = loadForEdit(ctx);
        if (loaded.isEmpty()) {
            return;
        }
        FormValues form = formValues(ctx, keys);
        if ("reset".equals(ctx.formParam("do"))) {
            Map<String, String> values = new LinkedHashMap<>(form.values());
            values.put("keepalive", "6");
            values.put("deadtime", "18");
            values.put("heartbeat_port", "539");
            showGlobals(ctx, section, keys, new FormValues(values), null, List.of());
            return;
        }
        if (section.equals("redundancy")) {
            // Piranha's REDUNDANCY page always wrote heartbeat = 1.
            Map<String, String> values = new LinkedHashMap<>(form.values());
            values.put("heartbeat", "1");
            form = new FormValues(values);
        }
        List<GlobalField> fields = keys.stream().map(Pages::globalField).toList();
        EditResult result = editor.editGlobals(loaded.get().config(), fields, form);
        finish(ctx, result, "/" + section, () -> showGlobals(ctx, section, keys, displayForm(keys, ctx), result, result.warnings()));
    }

    private void showGlobals(Context ctx, String section, List<String> keys, FormValues typed, EditResult errors,
                             List<String> warnings) throws IOException {
        ConfigFile file = store.read();
        Optional<Loaded> loaded = loaded(ctx, file);
        if (loaded.isEmpty()) {
            return;
        }
        Display display = Display.of(store, loaded.get().config());
        List<FieldView> fields = new ArrayList<>();
        for (String key : keys) {
            String value = typed != null ? typed.get(key) : display.global(key);
            fields.add(new FieldView(FieldInfo.GLOBAL.getOrDefault(key, FieldInfo.unknown(key)), key,
                    unquote(value), errors == null ? null : errors.fieldErrors().get(key)));
        }
        String title = section.equals("redundancy") ? "REDUNDANCY" : "GLOBAL SETTINGS";
        renderForm(ctx, title, section, "/" + section, Map.of("revision", file.revision()), fields, errors, warnings,
                section.equals("redundancy") ? List.of("RESET") : List.of(),
                section.equals("redundancy") ? "RESET fills in Piranha's heartbeat defaults: interval 6 s, dead after 18 s, port 539." : null);
    }

    // ---- VIRTUAL SERVERS ----

    public void servicesPage(Context ctx) throws IOException {
        ConfigFile file = store.read();
        Optional<Loaded> loaded = loaded(ctx, file);
        if (loaded.isEmpty()) {
            return;
        }
        List<Views.ServiceRow> rows = new ArrayList<>();
        for (VirtualService s : loaded.get().config().services()) {
            rows.add(new Views.ServiceRow(s.name(), s.active(),
                    s.address().map(a -> org.piranha.lvscf.Addresses.format(a.address())).orElse(""),
                    s.vipNmask().map(Object::toString).orElse(""), s.isFwmark() ? "fwmark " + s.fwmark() : Integer.toString(s.port()),
                    s.protocol().keyword(), s.address().map(a -> a.device()).orElse(""), s.servers().size()));
        }
        render(ctx, "services.jte", Map.of("page", new Views.Services(frame(ctx, "VIRTUAL SERVERS", "virtual", 0, file),
                rows, file.revision())));
    }

    public void servicesAction(Context ctx) throws IOException {
        String action = Optional.ofNullable(ctx.formParam("do")).orElse("");
        String name = Optional.ofNullable(ctx.formParam("name")).orElse("");
        if (action.equals("add")) {
            ctx.redirect("/virtual/edit", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        if (name.isEmpty()) {
            message(ctx, 400, "VIRTUAL SERVERS", "Select a virtual server first.", "/virtual");
            return;
        }
        if (action.equals("edit")) {
            ctx.redirect("/virtual/edit?name=" + urlEncode(name), io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        Optional<Loaded> loaded = loadForEdit(ctx);
        if (loaded.isEmpty()) {
            return;
        }
        EditResult result = editor.changeServices(loaded.get().config(), services -> {
            for (int i = 0; i < services.size(); i++) {
                VirtualService s = services.get(i);
                if (s.name().equals(name)) {
                    if (action.equals("delete")) {
                        services.remove(i);
                    } else if (action.equals("toggle")) {
                        services.set(i, s.toBuilder().active(!s.active()).build());
                    }
                    break;
                }
            }
            return services;
        });
        finish(ctx, result, "/virtual", () -> message(ctx, 422, "VIRTUAL SERVERS",
                "The change would make lvs.cf invalid: " + String.join("; ", result.fileErrors()), "/virtual"));
    }

    public void servicePage(Context ctx) throws IOException {
        boolean scripts = ctx.path().startsWith("/virtual/scripts");
        showService(ctx, scripts, Optional.ofNullable(ctx.queryParam("name")).orElse(""), null, null);
    }

    public void saveService(Context ctx) throws IOException {
        boolean scripts = ctx.path().startsWith("/virtual/scripts");
        String oldName = Optional.ofNullable(ctx.formParam("old_name")).orElse("");
        String newName = scripts ? oldName : Optional.ofNullable(ctx.formParam("name")).orElse("").strip();
        Optional<Loaded> loaded = loadForEdit(ctx);
        if (loaded.isEmpty()) {
            return;
        }
        List<String> keys = scripts ? SCRIPT_KEYS : serviceKeys();
        FormValues form = formValues(ctx, keys);
        if (scripts && ctx.formParam("do") != null && ctx.formParam("do").startsWith("blank")) {
            Map<String, String> values = new LinkedHashMap<>(form.values());
            switch (ctx.formParam("do")) {
                case "blank send" -> values.put("send", "");
                case "blank expect" -> values.put("expect", "");
                default -> values.put("send_program", "");
            }
            form = new FormValues(values);
        }
        List<ServiceField> fields = keys.stream().map(Pages::serviceField).toList();
        EditResult result = editor.editService(loaded.get().config(), oldName, newName, fields, form);
        FormValues typed = displayForm(keys, ctx);
        String back = (scripts ? "/virtual/scripts?name=" : "/virtual/edit?name=") + urlEncode(newName);
        finish(ctx, result, back, () -> showService(ctx, scripts, oldName, typed, result));
    }

    private void showService(Context ctx, boolean scripts, String name, FormValues typed, EditResult errors)
            throws IOException {
        ConfigFile file = store.read();
        Optional<Loaded> loaded = loaded(ctx, file);
        if (loaded.isEmpty()) {
            return;
        }
        LvsConfig config = loaded.get().config();
        int index = indexOf(config, name);
        if (!name.isEmpty() && index < 0) {
            message(ctx, 404, "VIRTUAL SERVER", "There is no virtual server " + name + ".", "/virtual");
            return;
        }
        Display display = Display.of(store, config);
        List<FieldView> fields = new ArrayList<>();
        if (!scripts) {
            String typedName = typed != null ? Optional.ofNullable(ctx.formParam("name")).orElse("") : name;
            fields.add(new FieldView(new FieldInfo("name", "Name", "The virtual server's name in lvs.cf (one word).", List.of()),
                    "name", typedName, errors == null ? null : errors.fieldErrors().get("name")));
        }
        for (String key : scripts ? SCRIPT_KEYS : serviceKeys()) {
            String value = typed != null ? typed.get(key) : index < 0 ? newServiceDefault(key) : display.service(index, key);
            fields.add(new FieldView(FieldInfo.VIRTUAL.getOrDefault(key, FieldInfo.unknown(key)), key, unquote(value),
                    errors == null ? null : errors.fieldErrors().get(key)));
        }
        Map<String, String> hidden = new LinkedHashMap<>();
        hidden.put("revision", file.revision());
        hidden.put("old_name", name);
        String heading = scripts ? "MONITORING SCRIPTS of " + name : name.isEmpty() ? "ADD VIRTUAL SERVER" : "VIRTUAL SERVER " + name;
        String note = name.isEmpty() ? null : "VIRTUAL SERVER: /virtual/edit?name=" + name
                + " | REAL SERVER: /virtual/servers?name=" + name + " | MONITORING SCRIPTS: /virtual/scripts?name=" + name;
        renderForm(ctx, heading, "virtual", scripts ? "/virtual/scripts" : "/virtual/edit", hidden, fields, errors,
                errors == null ? List.of() : errors.warnings(),
                scripts ? List.of("BLANK SEND", "BLANK EXPECT", "NO SEND PROGRAM") : List.of(), note);
    }

    // ---- REAL SERVER ----

    public void serversPage(Context ctx) throws IOException {
        ConfigFile file = store.read();
        Optional<Loaded> loaded = loaded(ctx, file);
        if (loaded.isEmpty()) {
            return;
        }
        String name = Optional.ofNullable(ctx.queryParam("name")).orElse("");
        Optional<VirtualService> service = loaded.get().config().service(name);
        if (service.isEmpty()) {
            message(ctx, 404, "REAL SERVER", "There is no virtual server " + name + ".", "/virtual");
            return;
        }
        List<Views.ServerRow> rows = new ArrayList<>();
        for (RealServer r : service.get().servers()) {
            rows.add(new Views.ServerRow(r.name(), r.active(),
                    r.address().map(org.piranha.lvscf.Addresses::format).orElse(""), Integer.toString(r.port()),
                    Integer.toString(r.weight())));
        }
        render(ctx, "servers.jte", Map.of("page", new Views.Servers(frame(ctx, "REAL SERVER", "virtual", 0, file),
                name, rows, file.revision())));
    }

    public void serversAction(Context ctx) throws IOException {
        String action = Optional.ofNullable(ctx.formParam("do")).orElse("");
        String service = Optional.ofNullable(ctx.formParam("service")).orElse("");
        String name = Optional.ofNullable(ctx.formParam("name")).orElse("");
        String back = "/virtual/servers?name=" + urlEncode(service);
        if (action.equals("add")) {
            ctx.redirect("/virtual/server?service=" + urlEncode(service), io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        if (name.isEmpty()) {
            message(ctx, 400, "REAL SERVER", "Select a real server first.", back);
            return;
        }
        if (action.equals("edit")) {
            ctx.redirect("/virtual/server?service=" + urlEncode(service) + "&name=" + urlEncode(name),
                    io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        Optional<Loaded> loaded = loadForEdit(ctx);
        if (loaded.isEmpty()) {
            return;
        }
        EditResult result = editor.changeServices(loaded.get().config(), services -> {
            for (int i = 0; i < services.size(); i++) {
                VirtualService s = services.get(i);
                if (s.name().equals(service)) {
                    VirtualService.Builder b = s.toBuilder().clearServers();
                    for (RealServer r : s.servers()) {
                        if (!r.name().equals(name)) {
                            b.server(r);
                        } else if (action.equals("toggle")) {
                            b.server(r.toBuilder().active(!r.active()).build());
                        }
                    }
                    services.set(i, b.build());
                }
            }
            return services;
        });
        finish(ctx, result, back, () -> message(ctx, 422, "REAL SERVER",
                "The change would make lvs.cf invalid: " + String.join("; ", result.fileErrors()), back));
    }

    public void serverPage(Context ctx) throws IOException {
        showServer(ctx, Optional.ofNullable(ctx.queryParam("service")).orElse(""),
                Optional.ofNullable(ctx.queryParam("name")).orElse(""), null, null);
    }

    public void saveServer(Context ctx) throws IOException {
        String service = Optional.ofNullable(ctx.formParam("service")).orElse("");
        String oldName = Optional.ofNullable(ctx.formParam("old_name")).orElse("");
        String newName = Optional.ofNullable(ctx.formParam("name")).orElse("").strip();
        Optional<Loaded> loaded = loadForEdit(ctx);
        if (loaded.isEmpty()) {
            return;
        }
        List<String> keys = List.copyOf(FieldInfo.SERVER.keySet());
        FormValues form = formValues(ctx, keys);
        EditResult result = editor.editServer(loaded.get().config(), service, oldName, newName, form);
        FormValues typed = displayForm(keys, ctx);
        finish(ctx, result, "/virtual/servers?name=" + urlEncode(service),
                () -> showServer(ctx, service, oldName, typed, result));
    }

    private void showServer(Context ctx, String serviceName, String name, FormValues typed, EditResult errors)
            throws IOException {
        ConfigFile file = store.read();
        Optional<Loaded> loaded = loaded(ctx, file);
        if (loaded.isEmpty()) {
            return;
        }
        LvsConfig config = loaded.get().config();
        int index = indexOf(config, serviceName);
        if (index < 0) {
            message(ctx, 404, "REAL SERVER", "There is no virtual server " + serviceName + ".", "/virtual");
            return;
        }
        VirtualService service = config.services().get(index);
        int serverIndex = -1;
        for (int i = 0; i < service.servers().size(); i++) {
            if (service.servers().get(i).name().equals(name)) {
                serverIndex = i;
            }
        }
        if (!name.isEmpty() && serverIndex < 0) {
            message(ctx, 404, "REAL SERVER", "There is no real server " + name + " in " + serviceName + ".", "/virtual");
            return;
        }
        Display display = Display.of(store, config);
        List<FieldView> fields = new ArrayList<>();
        String typedName = typed != null ? Optional.ofNullable(ctx.formParam("name")).orElse("") : name;
        fields.add(new FieldView(new FieldInfo("name", "Name", "The real server's name in lvs.cf (one word).", List.of()),
                "name", typedName, errors == null ? null : errors.fieldErrors().get("name")));
        for (String key : FieldInfo.SERVER.keySet()) {
            String value = typed != null ? typed.get(key)
                    : serverIndex < 0 ? (key.equals("active") ? "1" : key.equals("weight") ? "1" : "")
                    : display.server(index, serverIndex, key);
            fields.add(new FieldView(FieldInfo.SERVER.get(key), key, value,
                    errors == null ? null : errors.fieldErrors().get(key)));
        }
        Map<String, String> hidden = new LinkedHashMap<>();
        hidden.put("revision", file.revision());
        hidden.put("service", serviceName);
        hidden.put("old_name", name);
        renderForm(ctx, name.isEmpty() ? "ADD REAL SERVER to " + serviceName : "REAL SERVER " + name + " of " + serviceName,
                "virtual", "/virtual/server", hidden, fields, errors, errors == null ? List.of() : errors.warnings(),
                List.of(), null);
    }

    // ---- review and write ----

    public void confirmPage(Context ctx) throws IOException {
        Session session = ctx.attribute(SecurityGate.SESSION_ATTRIBUTE);
        Session.PendingChange pending = session == null ? null : session.pending();
        ConfigFile file = store.read();
        if (pending == null) {
            message(ctx, 404, "Review", "There is no change waiting to be written.", "/virtual");
            return;
        }
        LoadResult next = store.check(pending.text());
        LvsConfig before = store.currentConfig(file).orElse(new LvsConfig(GlobalSettings.defaults(), List.of()));
        List<String> effects = next.config().map(c -> Effects.of(ConfigDiff.between(before, c))).orElse(List.of());
        List<String> warnings = next.warnings().stream().map(Object::toString).toList();
        render(ctx, "confirm.jte", Map.of("page", new Views.Confirm(frame(ctx, "Review", "", 0, file),
                LineDiff.between(file.text(), pending.text()), effects, warnings,
                partner == null ? null : partner.url().toString())));
    }

    public void confirm(Context ctx) throws IOException {
        Session session = ctx.attribute(SecurityGate.SESSION_ATTRIBUTE);
        Session.PendingChange pending = session == null ? null : session.pending();
        if (pending == null) {
            message(ctx, 404, "Review", "There is no change waiting to be written.", "/virtual");
            return;
        }
        session.pending(null);
        if (!"accept".equals(ctx.formParam("do"))) {
            message(ctx, 200, "Cancelled", "Nothing was written.", pending.returnTo());
            return;
        }
        SaveResult result = store.save(pending.text(), pending.baseRevision(), user(ctx), ctx.ip());
        if (result instanceof SaveResult.Written written) {
            session.seenRevision(written.file().revision());
            String text = store.path() + " written. Apply it with: systemctl reload pulse (on both routers).";
            if (partner != null && "on".equals(ctx.formParam("partner"))) {
                text += " " + toPartner(ctx, written.file());
            }
            message(ctx, 200, "Written", text, pending.returnTo());
        } else if (result instanceof SaveResult.Stale) {
            staleMessage(ctx);
        } else if (result instanceof SaveResult.Invalid invalid) {
            message(ctx, 422, "Not written", "lvs.cf would not be valid: " + invalid.errors(), pending.returnTo());
        }
    }

    // ---- helpers ----

    private record Loaded(ConfigFile file, LvsConfig config) {}

    /** The file and its config for a page, or a page saying why it cannot be edited here. */
    private Optional<Loaded> loaded(Context ctx, ConfigFile file) {
        if (!file.exists()) {
            return Optional.of(new Loaded(file, new LvsConfig(GlobalSettings.defaults(), List.of())));
        }
        LoadResult result = store.check(file.text());
        if (result.config().isEmpty()) {
            message(ctx, 409, "lvs.cf has errors", store.path() + " is not valid, so the panels cannot edit it: "
                    + result.errors() + ". Fix it by hand or PUT a valid file to /api/config.", null);
            return Optional.empty();
        }
        return Optional.of(new Loaded(file, result.config().get()));
    }

    /** As {@link #loaded}, for a POST: also refuses a form made from another revision than the file's now. */
    private Optional<Loaded> loadForEdit(Context ctx) throws IOException {
        ConfigFile file = store.read();
        String revision = ctx.formParam("revision");
        if (revision != null && !revision.equals(file.revision())) {
            staleMessage(ctx);
            return Optional.empty();
        }
        return loaded(ctx, file);
    }

    private void staleMessage(Context ctx) throws IOException {
        message(ctx, 409, "Not saved: lvs.cf changed",
                "lvs.cf was changed (by another user, the API or a hand edit) after this page was shown."
                        + " Nothing was written, so that change is not lost. Open the panel again to see the file as it"
                        + " is now, and make your change again.", null);
    }

    @FunctionalInterface
    private interface PageAction {
        void run() throws IOException;
    }

    /** Valid: keep the change for review and go there. Invalid: show the form again with the messages. */
    private void finish(Context ctx, EditResult result, String returnTo, PageAction showAgain) throws IOException {
        if (!result.isValid()) {
            ctx.status(422);
            showAgain.run();
            return;
        }
        Session session = ctx.attribute(SecurityGate.SESSION_ATTRIBUTE);
        if (session == null) {
            message(ctx, 400, "Log in", "Panels need a login session (HTTP Basic is for /api).", Routes.LOGIN);
            return;
        }
        session.pending(new Session.PendingChange(store.read().revision(), result.text(), returnTo));
        ctx.redirect("/confirm", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void renderForm(Context ctx, String heading, String section, String action, Map<String, String> hidden,
                            List<FieldView> fields, EditResult errors, List<String> warnings, List<String> buttons,
                            String note) throws IOException {
        Frame frame = frame(ctx, heading, section, 0, store.read());
        render(ctx, "form.jte", Map.of("form", new Views.Form(frame, heading, action, hidden, fields,
                errors == null ? List.of() : errors.fileErrors(), warnings, buttons, note)));
    }

    void message(Context ctx, int code, String heading, String text, String link) {
        ctx.status(code);
        Frame frame;
        try {
            frame = frame(ctx, heading, "", 0, store.read());
        } catch (IOException e) {
            frame = new Frame(heading, "", user(ctx), csrf(ctx), null, 0);
        }
        render(ctx, "message.jte", Map.of("page", new Views.Message(frame, heading, text, link)));
    }

    private Frame frame(Context ctx, String title, String section, int refresh, ConfigFile file) {
        Session session = ctx.attribute(SecurityGate.SESSION_ATTRIBUTE);
        String banner = null;
        if (session != null) {
            String seen = session.seenRevision();
            if (seen != null && !seen.equals(file.revision())) {
                banner = "lvs.cf was changed outside this session (a hand edit, the API or another user) since you last"
                        + " looked: the panels show it as it is now.";
            }
            session.seenRevision(file.revision());
        }
        return new Frame(title, section, user(ctx), csrf(ctx), banner, refresh);
    }

    private static String csrf(Context ctx) {
        Session session = ctx.attribute(SecurityGate.SESSION_ATTRIBUTE);
        return session == null ? "" : session.csrfToken();
    }

    void render(Context ctx, String template, Map<String, Object> model) {
        StringOutput out = new StringOutput();
        templates.render(template, model, out);
        ctx.html(out.toString());
    }

    private static FormValues formValues(Context ctx, List<String> keys) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : keys) {
            values.put(key, toLvsValue(key, Optional.ofNullable(ctx.formParam(key)).orElse("")));
        }
        return new FormValues(values);
    }

    /** What was typed, as typed, to show the form again. */
    private static FormValues displayForm(List<String> keys, Context ctx) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : keys) {
            values.put(key, Optional.ofNullable(ctx.formParam(key)).orElse(""));
        }
        return new FormValues(values);
    }

    /** The value as lvs.cf needs it: send/expect/send_program in double quotes, other texts with blanks quoted. */
    static String toLvsValue(String key, String typed) {
        String v = typed.strip();
        if (v.isEmpty() || v.startsWith("\"") || v.startsWith("'") || TWO_WORDS.contains(key)) {
            return v;
        }
        if (QUOTED.contains(key) || v.chars().anyMatch(Character::isWhitespace)) {
            return "\"" + v + "\"";
        }
        return v;
    }

    static String unquote(String value) {
        if (value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value == null ? "" : value;
    }

    private static String newServiceDefault(String key) {
        return switch (key) {
            case "active" -> "1";
            case "port" -> "80";
            case "protocol" -> "tcp";
            case "scheduler" -> "wlc";
            case "timeout" -> "6";
            case "reentry" -> "15";
            case "quiesce_server" -> "0";
            case "load_monitor" -> "none";
            default -> "";
        };
    }

    static List<String> globalKeys() {
        List<String> keys = new ArrayList<>();
        for (GlobalField f : GlobalField.values()) {
            if (!REDUNDANCY_KEYS.contains(f.key())) {
                keys.add(f.key());
            }
        }
        return keys;
    }

    static List<String> serviceKeys() {
        List<String> keys = new ArrayList<>();
        for (ServiceField f : ServiceField.values()) {
            if (!SCRIPT_KEYS.contains(f.key())) {
                keys.add(f.key());
            }
        }
        return keys;
    }

    private static GlobalField globalField(String key) {
        for (GlobalField f : GlobalField.values()) {
            if (f.key().equals(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException(key);
    }

    private static ServiceField serviceField(String key) {
        for (ServiceField f : ServiceField.values()) {
            if (f.key().equals(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException(key);
    }

    private static int indexOf(LvsConfig config, String name) {
        for (int i = 0; i < config.services().size(); i++) {
            if (config.services().get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    static String urlEncode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The current values as lvs.cf text: the config written by the library's writer, each key's
     * value read from the line the library's source map gives for it (so values look exactly as
     * the file will have them). A key the writer leaves out (at its default) shows empty.
     */
    private record Display(String[] lines, SourceMap map) {

        static Display of(ConfigStore store, LvsConfig config) {
            String text = LvsConfigWriter.write(config);
            return new Display(text.split("\n", -1), store.check(text).sourceMap());
        }

        String global(String key) {
            return value(map.global(key));
        }

        String service(int service, String key) {
            return value(map.service(service, key));
        }

        String server(int service, int server, String key) {
            return value(map.server(service, server, key));
        }

        private String value(int line) {
            if (line <= 0 || line > lines.length) {
                return "";
            }
            String text = lines[line - 1];
            int eq = text.indexOf(" = ");
            return eq < 0 ? "" : text.substring(eq + 3);
        }
    }
}

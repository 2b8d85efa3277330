package org.piranha.gui;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.piranha.gui.auth.Authenticator;
import org.piranha.gui.auth.LoginThrottle;
import org.piranha.gui.auth.PasswordFile;
import org.piranha.gui.auth.Sessions;
import org.piranha.gui.config.ConfigEditor;
import org.piranha.gui.config.ConfigStore;
import org.piranha.gui.partner.Partner;
import org.piranha.gui.status.StatusClient;
import org.piranha.gui.web.ApiRoutes;
import org.piranha.gui.web.Pages;
import org.piranha.gui.web.Refused;
import org.piranha.gui.web.Routes;
import org.piranha.gui.web.SecurityGate;
import org.piranha.lvscf.LvsConfigLoader;
import org.piranha.lvscf.LvsConfigParser;

/** piranha-gui's web server: Javalin on Jetty, the security gate before every request, the panels and the API. */
public final class GuiServer implements AutoCloseable {

    /** lvs.cf is a few KiB; nothing piranha-gui accepts comes near this. */
    static final long MAX_BODY = 1 << 20;

    /** What the server needs to know, from the command line. */
    public record Settings(Path lvsCf, PasswordFile passwords, String host, int port, KeyStore tls,
                           Path statusSocket, Duration idleTimeout, Partner partner) {

        /** Without a partner. */
        public Settings(Path lvsCf, PasswordFile passwords, String host, int port, KeyStore tls,
                        Path statusSocket, Duration idleTimeout) {
            this(lvsCf, passwords, host, port, tls, statusSocket, idleTimeout, null);
        }
    }

    private final Javalin app;
    private final Authenticator authenticator;

    public GuiServer(Settings settings) {
        ConfigStore store = new ConfigStore(settings.lvsCf(), LvsConfigLoader.standard());
        ConfigEditor editor = new ConfigEditor(store, LvsConfigParser.standard());
        StatusClient status = new StatusClient(settings.statusSocket());
        Sessions sessions = new Sessions(settings.idleTimeout(), Clock.systemUTC());
        LoginThrottle throttle = new LoginThrottle(Clock.systemUTC());
        authenticator = new Authenticator(settings.passwords());
        SecurityGate gate = new SecurityGate(sessions, authenticator, throttle);
        TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
        Pages pages = new Pages(templates, store, editor, status, sessions, authenticator, throttle, settings.tls() != null,
                settings.partner());
        ApiRoutes api = new ApiRoutes(store, status, settings.partner());

        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY;
            config.http.generateEtags = false;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setRequestHeaderSize(8192);
            });
            if (settings.tls() != null) {
                config.jetty.addConnector((server, http) -> {
                    SslContextFactory.Server ssl = new SslContextFactory.Server();
                    ssl.setKeyStore(settings.tls());
                    ssl.setKeyStorePassword(new String(Tls.PASSWORD));
                    HttpConfiguration https = new HttpConfiguration(http);
                    SecureRequestCustomizer secure = new SecureRequestCustomizer();
                    secure.setSniHostCheck(false);
                    https.addCustomizer(secure);
                    ServerConnector connector = new ServerConnector(server,
                            new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
                    connector.setHost(settings.host());
                    connector.setPort(settings.port());
                    return connector;
                });
            }
            config.routes.before(GuiServer::headers);
            config.routes.before(gate::check);
            config.routes.exception(Refused.class, GuiServer::refused);
            config.routes.get(Routes.LOGIN, pages::loginPage);
            config.routes.post(Routes.LOGIN, pages::login);
            config.routes.post("/logout", pages::logout);
            config.routes.get(Routes.STYLESHEET, pages::stylesheet);
            config.routes.get("/", ctx -> ctx.redirect("/control", io.javalin.http.HttpStatus.SEE_OTHER));
            config.routes.get("/control", pages::control);
            config.routes.get("/global", pages::globalPage);
            config.routes.post("/global", pages::saveGlobals);
            config.routes.get("/redundancy", pages::redundancyPage);
            config.routes.post("/redundancy", pages::saveGlobals);
            config.routes.get("/virtual", pages::servicesPage);
            config.routes.post("/virtual/action", pages::servicesAction);
            config.routes.get("/virtual/edit", pages::servicePage);
            config.routes.post("/virtual/edit", pages::saveService);
            config.routes.get("/virtual/scripts", pages::servicePage);
            config.routes.post("/virtual/scripts", pages::saveService);
            config.routes.get("/virtual/servers", pages::serversPage);
            config.routes.post("/virtual/server/action", pages::serversAction);
            config.routes.get("/virtual/server", pages::serverPage);
            config.routes.post("/virtual/server", pages::saveServer);
            config.routes.get("/confirm", pages::confirmPage);
            config.routes.post("/confirm", pages::confirm);
            config.routes.post("/partner/send", pages::sendToPartner);
            config.routes.get("/api/config", api::getConfig);
            config.routes.put("/api/config", api::putConfig);
            config.routes.get("/api/status", api::getStatus);
        });
    }

    public GuiServer start() {
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    private static void headers(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        // Not no-referrer: with it Chromium sends "Origin: null" on the panels' own form posts,
        // which the CSRF check must refuse.
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Content-Security-Policy", "default-src 'self'; form-action 'self'; frame-ancestors 'none'");
    }

    private static void refused(Refused refused, Context ctx) {
        ctx.status(refused.status()).contentType("text/plain; charset=utf-8");
        if (refused.location() != null) {
            ctx.header("Location", refused.location());
        }
        if (refused.authenticate() != null) {
            ctx.header("WWW-Authenticate", refused.authenticate());
        }
        if (refused.retryAfter() > 0) {
            ctx.header("Retry-After", Long.toString(refused.retryAfter()));
        }
        ctx.result(refused.getMessage() + "\n");
    }

    @Override
    public void close() {
        app.stop();
        authenticator.close();
    }

    static InetSocketAddress parseListen(String listen) {
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected ADDR:PORT or :PORT, got " + listen);
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = Integer.parseInt(listen.substring(colon + 1));
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return InetSocketAddress.createUnresolved(host.isEmpty() ? "0.0.0.0" : host, port);
    }
}

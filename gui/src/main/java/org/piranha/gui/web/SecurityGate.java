package org.piranha.gui.web;

import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.piranha.gui.auth.Authenticator;
import org.piranha.gui.auth.LoginThrottle;
import org.piranha.gui.auth.Session;
import org.piranha.gui.auth.Sessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before every request, whatever its path and method (CVE-2013-6492: Piranha's GUI checked
 * the password for GET only). Only the exact raw paths of {@link #PUBLIC} pass without a user;
 * everything else needs a session cookie or HTTP Basic credentials, else 401 (or, for a browser
 * asking for a page, a redirect to the login page). A state-changing request must come from this
 * site: a foreign {@code Origin} (or {@code Sec-Fetch-Site: cross-site}) is refused with 403
 * even with valid credentials, and one made with a session cookie must carry the session's CSRF
 * token too.
 */
public final class SecurityGate {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityGate.class);

    /** Raw request URIs (no decoding, no normalising) anyone may fetch. */
    static final Set<String> PUBLIC = Set.of(Routes.LOGIN, Routes.STYLESHEET);

    static final String SESSION_ATTRIBUTE = "piranha.session";
    static final String USER_ATTRIBUTE = "piranha.user";
    public static final String CSRF_FIELD = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD");

    private final Sessions sessions;
    private final Authenticator authenticator;
    private final LoginThrottle throttle;

    public SecurityGate(Sessions sessions, Authenticator authenticator, LoginThrottle throttle) {
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.throttle = throttle;
    }

    public void check(Context ctx) {
        String method = ctx.req().getMethod();
        String rawPath = ctx.req().getRequestURI();
        boolean safe = SAFE_METHODS.contains(method);
        if (!safe) {
            requireSameOrigin(ctx);
        }
        if (PUBLIC.contains(rawPath) && (safe || (Routes.LOGIN.equals(rawPath) && "POST".equals(method)))) {
            return;
        }
        Optional<Session> session = sessions.find(ctx.cookie(Sessions.COOKIE));
        if (session.isPresent()) {
            if (!safe) {
                String token = ctx.header(CSRF_HEADER);
                if (token == null && isForm(ctx)) {
                    token = ctx.formParam(CSRF_FIELD);
                }
                if (!Authenticator.sameSecret(token, session.get().csrfToken())) {
                    throw Refused.status(403, "missing or wrong CSRF token: reload the page and try again");
                }
            }
            ctx.attribute(SESSION_ATTRIBUTE, session.get());
            ctx.attribute(USER_ATTRIBUTE, session.get().user());
            return;
        }
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String user = basicUser(ctx, authorization.substring(6).trim());
            ctx.attribute(USER_ATTRIBUTE, user);
            return;
        }
        String accept = Optional.ofNullable(ctx.header("Accept")).orElse("");
        if (safe && accept.contains("text/html") && !rawPath.startsWith("/api/")) {
            throw Refused.toLogin();
        }
        throw Refused.unauthorized();
    }

    private String basicUser(Context ctx, String encoded) {
        String client = ctx.ip();
        long wait = throttle.secondsBlocked(client);
        if (wait > 0) {
            throw Refused.throttled(wait);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Refused.unauthorized();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw Refused.unauthorized();
        }
        String user = decoded.substring(0, colon);
        if (!authenticator.checkBasic(user, decoded.substring(colon + 1))) {
            throttle.failed(client);
            LOG.warn("wrong password for user {} from {} (HTTP Basic)", printable(user), client);
            throw Refused.unauthorized();
        }
        throttle.succeeded(client);
        return user;
    }

    /** Refuses a request another site's page made the browser send. */
    static void requireSameOrigin(Context ctx) {
        String fetchSite = ctx.header("Sec-Fetch-Site");
        if ("cross-site".equalsIgnoreCase(fetchSite) || "same-site".equalsIgnoreCase(fetchSite)) {
            throw Refused.status(403, "cross-site request refused");
        }
        String origin = ctx.header("Origin");
        if (origin == null) {
            return; // not sent by a browser for this request (curl, scripts): nothing to check
        }
        String host = ctx.header("Host");
        if (host == null || !sameHost(origin, ctx.scheme(), host)) {
            throw Refused.status(403, "cross-site request refused: Origin " + printable(origin) + " is not this site");
        }
    }

    private static boolean sameHost(String origin, String scheme, String host) {
        try {
            URI uri = URI.create(origin);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return false;
            }
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return uri.getScheme().equalsIgnoreCase(scheme) && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isForm(Context ctx) {
        String type = ctx.contentType();
        return type != null && type.startsWith("application/x-www-form-urlencoded");
    }

    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < 64; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return out.toString();
    }
}

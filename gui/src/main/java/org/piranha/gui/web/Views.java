package org.piranha.gui.web;

import java.util.List;
import java.util.Map;

/** The data each template renders; the templates escape every string they print. */
public final class Views {

    private Views() {}

    /** What every page has: title, the panel tab it belongs to, the user and the CSRF token for its forms. */
    public record Frame(String title, String section, String user, String csrf, String banner, int refreshSeconds) {}

    public record FieldView(FieldInfo info, String name, String value, String error) {
        public String label() {
            return info.label();
        }
    }

    public record Form(Frame frame, String heading, String action, Map<String, String> hidden, List<FieldView> fields,
                       List<String> fileErrors, List<String> warnings, List<String> extraButtons, String note) {}

    public record ServiceRow(String name, boolean active, String vip, String netmask, String port, String protocol,
                             String device, int servers) {}

    public record Services(Frame frame, List<ServiceRow> rows, String revision) {}

    public record ServerRow(String name, boolean active, String address, String port, String weight) {}

    public record Servers(Frame frame, String service, List<ServerRow> rows, String revision) {}

    public record DiffLine(char kind, String text) {}

    /** partnerUrl: null without --partner. */
    public record Confirm(Frame frame, List<DiffLine> diff, List<String> effects, List<String> warnings, String partnerUrl) {}

    /** The partner's lvs.cf against this router's: same, or its revision, or why it is unknown. */
    public record PartnerState(String url, boolean same, String revision, String error) {}

    public record Message(Frame frame, String heading, String text, String link) {}

    public record Login(String message, String user) {}
}

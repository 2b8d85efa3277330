package org.piranha.gui.web;

/** The paths piranha-gui serves. */
public final class Routes {

    public static final String LOGIN = "/login";
    public static final String STYLESHEET = "/static/piranha.css";

    private Routes() {}
}

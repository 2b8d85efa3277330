package org.piranha.daemon;

import picocli.CommandLine;

/** The release every program reports for {@code --version}, read from its jar's manifest. */
public final class PiranhaVersion implements CommandLine.IVersionProvider {

    /** The project version, or "development" when running from unpacked classes. */
    public static String version() {
        String version = PiranhaVersion.class.getPackage().getImplementationVersion();
        return version != null ? version : "development";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"${COMMAND-NAME} version " + version()};
    }
}

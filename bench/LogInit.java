import java.io.OutputStream;
import java.io.PrintStream;

/**
 * One measurement for bench/log-init: milliseconds from "set up logging" to the first line
 * written, logback initialisation included. Argument "piranha" uses DaemonLog (the programmatic
 * configuration); "xml" leaves logback to find a logback.xml on the class path, for contrast.
 */
public class LogInit {
    public static void main(String[] args) throws Exception {
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        long start = System.nanoTime();
        if (args[0].equals("piranha")) {
            Class.forName("org.piranha.daemon.DaemonLog")
                    .getMethod("start", String.class, boolean.class, boolean.class)
                    .invoke(null, "bench", true, false);
        }
        org.slf4j.LoggerFactory.getLogger(LogInit.class).info("STARTING PULSE AS MASTER");
        long micros = (System.nanoTime() - start) / 1000;
        System.setOut(stdout);
        System.out.println(micros);
    }
}

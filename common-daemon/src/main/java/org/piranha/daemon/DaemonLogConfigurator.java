package org.piranha.daemon;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * logback's configuration, found through the ServiceLoader: one {@link SinkAppender} on the root
 * logger at INFO (piranha's own loggers at DEBUG with -v). It stops logback's search for XML files and the Joran machinery behind
 * them, which is most of logback's start-up cost.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class DaemonLogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        SinkAppender appender = new SinkAppender();
        appender.setContext(context);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        DaemonLog.setLevels(context, DaemonLog.setup().verbose());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}

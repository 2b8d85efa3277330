package org.piranha.daemon;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;

/**
 * The one logback appender behind slf4j: each event, stack trace included, goes to the sink
 * and identity that {@link DaemonLog} currently has, so setting the target needs no logback
 * reconfiguration.
 */
final class SinkAppender extends AppenderBase<ILoggingEvent> {

    SinkAppender() {
        setName("piranha");
    }

    @Override
    protected void append(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            message = message + "\n" + ThrowableProxyUtil.asString(thrown);
        }
        DaemonLog.Setup setup = DaemonLog.setup();
        setup.sink().write(setup.name(), setup.pid(), Severity.of(event.getLevel()), message);
    }
}

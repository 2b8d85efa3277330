package org.piranha.pulse.status;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Times as the status document writes them: RFC 3339 in UTC to the millisecond, ages in seconds. */
final class Times {

    private Times() {}

    static String rfc3339(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** Nanoseconds as seconds with three decimals at most: {@code 0.25}, {@code 3}. */
    static String seconds(long nanos) {
        return secondsValue(nanos).toPlainString();
    }

    static BigDecimal secondsValue(long nanos) {
        return BigDecimal.valueOf(Math.max(0, nanos), 9).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
